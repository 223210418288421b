// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "hooks.h"

static int pin_path(char *buf, size_t len, const char *dir)
{
	int n = snprintf(buf, len, "%s/%s", dir, HOOKS_PIN);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int hooks_create(const char *dir)
{
	char path[PATH_MAX];
	int fd, err;

	err = pin_path(path, sizeof(path), dir);
	if (err)
		return err;
	fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "clos_hooks", sizeof(__u32),
			    sizeof(struct hook_rec), CLOS_MAX_PORTS, NULL);
	if (fd < 0)
		return -errno;
	if (bpf_obj_pin(fd, path)) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

int hooks_read(const char *dir, struct hook_rec recs[CLOS_MAX_PORTS])
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info), i;
	char path[PATH_MAX];
	int fd, err = 0;

	memset(recs, 0, sizeof(*recs) * CLOS_MAX_PORTS);
	err = pin_path(path, sizeof(path), dir);
	if (err)
		return err;
	fd = bpf_obj_get(path);
	if (fd < 0)
		return -errno;
	/* Something else pinned under our name is no record of ours. */
	if (bpf_obj_get_info_by_fd(fd, &info, &len) ||
	    info.type != BPF_MAP_TYPE_ARRAY || info.key_size != sizeof(__u32) ||
	    info.value_size != sizeof(struct hook_rec) ||
	    info.max_entries != CLOS_MAX_PORTS) {
		close(fd);
		return -EINVAL;
	}
	for (i = 0; i < CLOS_MAX_PORTS && !err; i++)
		if (bpf_map_lookup_elem(fd, &i, &recs[i]))
			err = -errno;
	for (i = 0; i < CLOS_MAX_PORTS; i++)
		recs[i].name[sizeof(recs[i].name) - 1] = '\0';
	close(fd);
	return err;
}

/* The test-only kill point (hooks.h). */
static void step(void)
{
	static long n, kill_at = -1;
	const char *env;

	if (kill_at < 0) {
		env = getenv("CLOS_LOADER_TEST_KILL_AT");
		kill_at = env ? strtol(env, NULL, 10) : 0;
	}
	if (kill_at > 0 && ++n == kill_at)
		raise(SIGKILL);
}

static int update(int fd, __u32 i, const struct hook_rec *r)
{
	return bpf_map_update_elem(fd, &i, r, BPF_ANY) ? -errno : 0;
}

int hooks_note(int fd, __u32 i, const struct ifinfo *ifi, enum hook_kind kind)
{
	struct hook_rec r;
	int err;

	if (bpf_map_lookup_elem(fd, &i, &r))
		return -errno;
	r.ifindex = ifi->ifindex;
	snprintf(r.name, sizeof(r.name), "%s", ifi->name);
	r.kinds |= kind;
	err = update(fd, i, &r);
	if (!err)
		step();
	return err;
}

int hooks_made(int fd, __u32 i, __u32 prog_id)
{
	struct hook_rec r;
	int err = 0;

	if (prog_id) {
		if (bpf_map_lookup_elem(fd, &i, &r))
			return -errno;
		r.prog_id = prog_id;
		err = update(fd, i, &r);
	}
	if (!err)
		step();
	return err;
}

int hooks_forget(int fd, __u32 i, enum hook_kind kind)
{
	struct hook_rec r;

	if (bpf_map_lookup_elem(fd, &i, &r))
		return -errno;
	r.kinds &= ~(__u32)kind;
	return update(fd, i, &r);
}

const char *hooks_kinds_str(__u32 kinds, char *buf, size_t len)
{
	static const char *const names[] = {
		"xdp", "clsact", "tc-egress", "tc-ingress", "htb",
		"tcx-egress", "tcx-ingress",
	};
	size_t used = 0, i;
	int n;

	buf[0] = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(kinds & (1u << i)))
			continue;
		n = snprintf(buf + used, len - used, "%s%s", used ? "+" : "", names[i]);
		if (n < 0 || (size_t)n >= len - used)
			break;
		used += n;
	}
	if (!used)
		snprintf(buf, len, "none");
	return buf;
}
