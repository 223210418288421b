// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
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

int bench_hold_open(struct bench_hold *h)
{
	char *add[] = { "ip", "netns", "add", h->netns, NULL };
	char script[BENCH_HOLD_MAX * 64], out[512];
	size_t used = 0;
	int i, err;

	h->n = 0;
	snprintf(h->netns, sizeof(h->netns), "closbench-hold-%d", (int)getpid());
	err = clos_exec(NULL, add, NULL, out, sizeof(out));
	if (err) {
		bench_err("cannot create netns %s: %s", h->netns, out);
		h->netns[0] = '\0';
		return err;
	}
	for (i = 0; i < BENCH_HOLD_MAX; i += 2)
		used += snprintf(script + used, sizeof(script) - used,
				 "link add hold%d type veth peer name hold%d\n", i, i + 1);
	{
		char *batch[] = { "ip", "-n", h->netns, "-batch", "-", NULL };

		err = clos_exec(NULL, batch, script, out, sizeof(out));
	}
	if (err) {
		bench_err("cannot create devices in %s: %s", h->netns, out);
		bench_hold_close(h);
	}
	return err;
}

int bench_hold_prog(struct bench_hold *h, int prog_fd)
{
	LIBBPF_OPTS(bpf_link_create_opts, opts, .flags = XDP_FLAGS_SKB_MODE);
	char dev[16];
	int saved, ifindex, fd, err;

	if (h->n >= BENCH_HOLD_MAX)
		return -ENOSPC;
	snprintf(dev, sizeof(dev), "hold%d", h->n);
	err = clos_netns_enter(h->netns, &saved);
	if (err)
		return err;
	ifindex = if_nametoindex(dev);
	fd = ifindex ? bpf_link_create(prog_fd, ifindex, BPF_XDP, &opts) : -errno;
	clos_netns_leave(saved);
	if (fd < 0) {
		bench_err("cannot attach a program to %s in %s: %s", dev, h->netns,
			  strerror(-fd));
		return fd;
	}
	h->links[h->n++] = fd;
	return 0;
}

void bench_hold_close(struct bench_hold *h)
{
	char *del[] = { "ip", "netns", "del", h->netns, NULL };
	int i;

	for (i = 0; i < h->n; i++)
		close(h->links[i]);
	h->n = 0;
	if (h->netns[0])
		clos_exec(NULL, del, NULL, NULL, 0);
	h->netns[0] = '\0';
}
