// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include "bench.h"
#include "exec.h"
#include "hold.h"
#include "netns.h"

/* Back to the bench's namespace (saved, from clos_netns_enter_fd). */
static void hold_leave(int saved)
{
	int err = clos_netns_leave(saved);

	if (err)
		bench_err("cannot return to the bench's namespace: %s", strerror(-err));
}

int bench_hold_open(struct bench_hold *h)
{
	char *batch[] = { "ip", "-batch", "-", NULL };
	char script[BENCH_HOLD_MAX * 64], out[512];
	size_t used = 0;
	int i, err, saved;

	h->n = 0;
	h->nsfd = 0;
	saved = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (saved < 0)
		return -errno;
	/* A new namespace for this thread; its fd is what keeps it. */
	if (unshare(CLONE_NEWNET)) {
		err = -errno;
		bench_err("cannot make a namespace for the programs: %s", strerror(-err));
		close(saved);
		return err;
	}
	h->nsfd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	err = h->nsfd < 0 ? -errno : 0;
	if (h->nsfd < 0)
		h->nsfd = 0;
	for (i = 0; !err && i < BENCH_HOLD_MAX; i += 2)
		used += snprintf(script + used, sizeof(script) - used,
				 "link add hold%d type veth peer name hold%d\n", i, i + 1);
	/* ip runs in the namespace it inherits: the new one. */
	if (!err && clos_exec(NULL, batch, script, out, sizeof(out))) {
		bench_err("cannot create devices for the programs: %s", out);
		err = -EIO;
	}
	hold_leave(saved);
	if (err)
		bench_hold_close(h);
	return err;
}

int bench_hold_prog(struct bench_hold *h, int prog_fd)
{
	LIBBPF_OPTS(bpf_link_create_opts, opts, .flags = XDP_FLAGS_SKB_MODE);
	char dev[16];
	int saved, ifindex, fd, err;

	if (h->n >= BENCH_HOLD_MAX) {
		bench_err("cannot hold more than %d programs (BENCH_HOLD_MAX)",
			  BENCH_HOLD_MAX);
		return -ENOSPC;
	}
	snprintf(dev, sizeof(dev), "hold%d", h->n);
	err = clos_netns_enter_fd(h->nsfd, &saved);
	if (err)
		return err;
	ifindex = if_nametoindex(dev);
	fd = ifindex ? bpf_link_create(prog_fd, ifindex, BPF_XDP, &opts) : -errno;
	hold_leave(saved);
	if (fd < 0) {
		bench_err("cannot attach a program to %s: %s", dev, strerror(-fd));
		return fd;
	}
	h->links[h->n++] = fd;
	return 0;
}

void bench_hold_close(struct bench_hold *h)
{
	int i;

	for (i = 0; i < h->n; i++)
		close(h->links[i]);
	h->n = 0;
	if (h->nsfd > 0)
		close(h->nsfd);
	h->nsfd = 0;
}
