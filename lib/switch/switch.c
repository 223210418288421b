// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <linux/magic.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "err.h"
#include "mntns.h"
#include "pindir.h"
#include "switch.h"

const char *const clos_map_names[CLOS_MAP_MAX] = {
#define CLOS_MAP_NAME(id, name) [CLOS_MAP_##id] = name,
	CLOS_MAPS(CLOS_MAP_NAME)
#undef CLOS_MAP_NAME
};

const char *const clos_stat_names[CLOS_STAT_MAX] = {
#define CLOS_STAT_NAME(id, name) [CLOS_STAT_##id] = name,
	CLOS_STATS(CLOS_STAT_NAME)
#undef CLOS_STAT_NAME
};

const char *clos_map_obj_name(enum clos_map_id map)
{
	switch (map) {
	case CLOS_MAP_OBS_CFG:
		return CLOS_OBS_CFG_SECTION;
	case CLOS_MAP_SWITCH_CFG:
		return CLOS_SWITCH_CFG_SECTION;
	default:
		return clos_map_names[map];
	}
}

#define ARRAY_OF(value, n) { BPF_MAP_TYPE_ARRAY, 4, sizeof(value), n }
#define PERCPU_OF(value, n) { BPF_MAP_TYPE_PERCPU_ARRAY, 4, sizeof(value), n }

const struct clos_map_spec clos_map_specs[CLOS_MAP_MAX] = {
	[CLOS_MAP_PORTS] = ARRAY_OF(struct clos_port, CLOS_MAX_PORTS),
	[CLOS_MAP_PORT_BY_IFINDEX] = ARRAY_OF(__u32, CLOS_MAX_IFINDEX),
	[CLOS_MAP_TX_PORTS] = { BPF_MAP_TYPE_DEVMAP, 4, sizeof(struct bpf_devmap_val),
				CLOS_MAX_PORTS },
	[CLOS_MAP_ROUTE_V4] = { BPF_MAP_TYPE_LPM_TRIE, sizeof(struct clos_lpm_v4),
				sizeof(struct clos_route), CLOS_ROUTE_V4_MAX },
	[CLOS_MAP_ROUTE_V6] = { BPF_MAP_TYPE_LPM_TRIE, sizeof(struct clos_lpm_v6),
				sizeof(struct clos_route), CLOS_ROUTE_V6_MAX },
	[CLOS_MAP_NEXTHOP] = ARRAY_OF(struct clos_nexthop, CLOS_MAX_NEXTHOPS),
	[CLOS_MAP_ECMP_GROUPS] = ARRAY_OF(struct clos_ecmp_entry, CLOS_MAX_GROUPS),
	[CLOS_MAP_SWITCH_CFG] = ARRAY_OF(struct clos_switch_cfg, 1),
	[CLOS_MAP_PORT_CTR] = PERCPU_OF(struct clos_port_ctr, CLOS_MAX_PORTS),
	[CLOS_MAP_STATS] = PERCPU_OF(struct clos_stats, 1),
	[CLOS_MAP_ECMP_STATS] = PERCPU_OF(struct clos_counter, CLOS_ECMP_STATS_MAX),
	[CLOS_MAP_PCP_TC] = ARRAY_OF(struct clos_tc_val, CLOS_NUM_PCP),
	[CLOS_MAP_DSCP_TC] = ARRAY_OF(struct clos_tc_val, CLOS_NUM_DSCP),
	[CLOS_MAP_TC_PCP] = ARRAY_OF(struct clos_tc_val, CLOS_NUM_TC),
	[CLOS_MAP_TC_SCHED] = ARRAY_OF(struct clos_tc_sched, CLOS_NUM_TC),
	[CLOS_MAP_TM_PROFILE] = ARRAY_OF(struct clos_tm_profile, CLOS_TM_KEYS),
	[CLOS_MAP_TM_STATE] = ARRAY_OF(struct clos_tm_port, CLOS_MAX_PORTS),
	[CLOS_MAP_PUNT_POLICE] = ARRAY_OF(struct clos_punt_police, CLOS_MAX_PORTS),
	[CLOS_MAP_OBS_CFG] = ARRAY_OF(struct clos_obs_cfg, 1),
	[CLOS_MAP_OBS_BUF] = PERCPU_OF(struct clos_obs_slot, 2),
	[CLOS_MAP_OBS_RING] = { BPF_MAP_TYPE_RINGBUF, 0, 0, CLOS_OBS_RING_SIZE },
};

int clos_bpffs_ensure(void)
{
	struct statfs st;

	int err;

	if (statfs(CLOS_BPFFS, &st) == 0 && st.f_type == BPF_FS_MAGIC)
		return 0;
	/* Under ip netns exec: use the real one, not a new instance. */
	err = clos_mntns_join_bpffs(CLOS_BPFFS);
	if (err < 0)
		return err;
	if (err > 0)
		return 0;
	if (mount("bpf", CLOS_BPFFS, "bpf", 0, "mode=0700"))
		return -errno;
	return 0;
}

int clos_switch_name_check(const char *name, const char **why)
{
	size_t i, n = strlen(name);

	if (n == 0) {
		*why = "is empty";
		return -EINVAL;
	}
	if (n >= CLOS_SWITCH_NAMSIZ) {
		*why = "is longer than 31 characters";
		return -EINVAL;
	}
	for (i = 0; i < n; i++) {
		char c = name[i];

		/* No '.': bpffs refuses names that contain one. */
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_')) {
			*why = "may only hold letters, digits, '-' and '_'";
			return -EINVAL;
		}
	}
	return 0;
}

int clos_switch_path(char *buf, size_t len, const char *sw, const char *file)
{
	int n;

	if (file)
		n = snprintf(buf, len, "%s/%s/%s", CLOS_PIN_ROOT, sw, file);
	else
		n = snprintf(buf, len, "%s/%s", CLOS_PIN_ROOT, sw);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

bool clos_switch_exists(const char *name)
{
	char path[PATH_MAX];
	struct stat st;

	if (clos_switch_path(path, sizeof(path), name, "switch_cfg"))
		return false;
	return stat(path, &st) == 0;
}

static const char *map_type_name(__u32 type)
{
	const char *s = libbpf_bpf_map_type_str(type);

	return s ? s : "unknown";
}

int clos_map_check(int fd, enum clos_map_id map, struct clos_err *why)
{
	const struct clos_map_spec *want = &clos_map_specs[map];
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);

	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return clos_err_set(why, -errno, "map %s: cannot read its info: %s",
				    clos_map_names[map], strerror(errno));
	if (info.type == want->type && info.key_size == want->key_size &&
	    info.value_size == want->value_size &&
	    info.max_entries == want->max_entries)
		return 0;
	return clos_err_set(why, -EPROTO,
			    "map %s is pinned as %s, key size %u, value size %u, %u entries; this clos needs %s, key size %u, value size %u, %u entries (a stale or foreign pin: detach the switch with the clos that attached it, or remove its pins)",
			    clos_map_names[map], map_type_name(info.type), info.key_size,
			    info.value_size, info.max_entries, map_type_name(want->type),
			    want->key_size, want->value_size, want->max_entries);
}

int clos_map_open_pinned(const char *dir, enum clos_map_id map,
			 struct clos_err *why)
{
	char path[PATH_MAX];
	int fd, err;

	if (snprintf(path, sizeof(path), "%s/%s", dir, clos_map_names[map]) >=
	    (int)sizeof(path))
		return clos_err_set(why, -ENAMETOOLONG, "%s: path too long", dir);
	fd = bpf_obj_get(path);
	if (fd < 0)
		return clos_err_set(why, -errno, "%s: %s", path, strerror(errno));
	err = clos_map_check(fd, map, why);
	if (err) {
		close(fd);
		return err;
	}
	return fd;
}

void clos_switch_close(struct clos_switch *sw)
{
	int i;

	for (i = 0; i < CLOS_MAP_MAX; i++) {
		if (sw->fd[i] >= 0)
			close(sw->fd[i]);
		sw->fd[i] = -1;
	}
	if (sw->dir_fd >= 0)
		close(sw->dir_fd);	/* and with it the lock */
	sw->dir_fd = -1;
	sw->locks = 0;
}

/* The directory the maps came from is still the one named: no attach or
 * detach replaced it meanwhile. */
static bool same_dir(int root, const char *name, int dir_fd)
{
	struct stat a, b;

	return !fstatat(root, name, &a, AT_SYMLINK_NOFOLLOW) && !fstat(dir_fd, &b) &&
	       a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

static int open_maps(struct clos_switch *sw, const char *dir, struct clos_err *why)
{
	int i, err;

	for (i = 0; i < CLOS_MAP_MAX; i++) {
		err = clos_map_open_pinned(dir, i, why);
		if (err < 0)
			return err;
		sw->fd[i] = err;
	}
	return 0;
}

int clos_switch_open(struct clos_switch *sw, const char *name,
		     struct clos_err *why)
{
	struct clos_err e;
	char dir[PATH_MAX];
	const char *bad;
	int i, root = -1, err;

	for (i = 0; i < CLOS_MAP_MAX; i++)
		sw->fd[i] = -1;
	sw->dir_fd = -1;
	sw->locks = 0;
	if (clos_switch_name_check(name, &bad))
		return clos_err_set(why, -EINVAL, "switch name '%s' %s", name, bad);
	snprintf(sw->name, sizeof(sw->name), "%s", name);
	sw->ncpus = libbpf_num_possible_cpus();
	if (sw->ncpus < 0)
		return clos_err_set(why, sw->ncpus, "switch %s: cannot count CPUs: %s",
				    name, strerror(-sw->ncpus));
	err = clos_bpffs_ensure();
	if (err)
		return clos_err_set(why, err, "switch %s: no bpffs at %s: %s", name,
				    CLOS_BPFFS, strerror(-err));
	clos_switch_path(dir, sizeof(dir), name, NULL);
	root = clos_pin_root_open(false, &e);
	if (root >= 0) {
		err = clos_pin_dir_open(root, name, dir, &e);
		sw->dir_fd = err;
	} else {
		err = root;
	}
	if (err == -ENOENT) {
		clos_err_set(why, err, "switch %s: not attached (no pins in %s)", name,
			     CLOS_PIN_ROOT);
		goto fail;
	}
	if (err >= 0)
		err = open_maps(sw, dir, &e);
	if (!err && !same_dir(root, name, sw->dir_fd))
		err = clos_err_set(&e, -ESTALE, "%s was replaced while it was opened",
				   dir);
	if (err) {
		clos_err_set(why, err, "switch %s: %s", name, e.msg);
		goto fail;
	}
	close(root);
	return 0;
fail:
	if (root >= 0)
		close(root);
	clos_switch_close(sw);
	return err;
}

int clos_switch_lock(struct clos_switch *sw, int wait_ms, struct clos_err *why)
{
	char dir[PATH_MAX];
	struct clos_err e;
	int err;

	if (sw->dir_fd < 0 || sw->locks++)
		return 0;
	clos_switch_path(dir, sizeof(dir), sw->name, NULL);
	err = clos_pin_dir_lock(sw->dir_fd, dir, wait_ms, &e);
	if (err) {
		sw->locks = 0;
		return clos_err_set(why, err, "switch %s: %s", sw->name, e.msg);
	}
	return 0;
}

void clos_switch_unlock(struct clos_switch *sw)
{
	if (sw->dir_fd < 0 || sw->locks == 0 || --sw->locks)
		return;
	flock(sw->dir_fd, LOCK_UN);
}

static bool is_switch(const char *name)
{
	return name[0] != '.' && clos_switch_exists(name);
}

int clos_switch_foreach(int (*fn)(const char *name, void *arg), void *arg,
			struct clos_err *why)
{
	char *names[256];
	int n, i, ret = 0, fd;

	fd = clos_pin_root_open(false, why);
	if (fd == -ENOENT)
		return 0;
	if (fd < 0)
		return fd;
	n = clos_pin_dir_names(fd, CLOS_PIN_ROOT, is_switch, names,
			       sizeof(names) / sizeof(names[0]), why);
	if (n < 0)
		return n;
	for (i = 0; i < n; i++) {
		if (!ret)
			ret = fn(names[i], arg);
		free(names[i]);
	}
	return ret;
}

int clos_port_get(const struct clos_switch *sw, __u32 id, struct clos_port *port)
{
	if (id >= CLOS_MAX_PORTS)
		return -ENOENT;
	if (bpf_map_lookup_elem(sw->fd[CLOS_MAP_PORTS], &id, port))
		return -errno;
	return port->ifindex ? 0 : -ENOENT;
}

int clos_port_by_name(const struct clos_switch *sw, const char *name,
		      __u32 *id, struct clos_port *port)
{
	struct clos_port p;
	__u32 i;

	for (i = 0; i < CLOS_MAX_PORTS; i++) {
		if (clos_port_get(sw, i, &p))
			continue;
		if (strncmp(p.name, name, sizeof(p.name)) == 0) {
			*id = i;
			if (port)
				*port = p;
			return 0;
		}
	}
	return -ENOENT;
}

int clos_switch_cfg_get(const struct clos_switch *sw, struct clos_switch_cfg *cfg)
{
	__u32 zero = 0;

	if (bpf_map_lookup_elem(sw->fd[CLOS_MAP_SWITCH_CFG], &zero, cfg))
		return -errno;
	return 0;
}

int clos_switch_queue_cfg(const struct clos_switch *sw,
			  struct clos_switch_cfg *cfg, struct clos_err *why)
{
	int ret = clos_switch_cfg_get(sw, cfg);

	if (ret)
		return clos_err_set(why, ret, "switch %s: cannot read switch_cfg: %s",
				    sw->name, strerror(-ret));
	return cfg->mode == CLOS_MODE_QUEUE;
}

int clos_percpu_sum_part(const struct clos_switch *sw, enum clos_map_id map,
			 __u32 key, size_t value_size, size_t offset,
			 void *out, size_t size)
{
	size_t words = size / sizeof(__u64), stride = (value_size + 7) & ~7ul;
	__u64 *sum = out;
	char *vals;
	int cpu, err = 0;
	size_t w;

	vals = calloc(sw->ncpus, stride);
	if (!vals)
		return -ENOMEM;
	memset(out, 0, size);
	if (bpf_map_lookup_elem(sw->fd[map], &key, vals)) {
		err = -errno;
		goto out;
	}
	for (cpu = 0; cpu < sw->ncpus; cpu++) {
		const __u64 *v = (const __u64 *)(vals + cpu * stride + offset);

		for (w = 0; w < words; w++)
			sum[w] += v[w];
	}
out:
	free(vals);
	return err;
}

int clos_percpu_sum(const struct clos_switch *sw, enum clos_map_id map,
		    __u32 key, void *out, size_t value_size)
{
	return clos_percpu_sum_part(sw, map, key, value_size, 0, out, value_size);
}

int clos_percpu_clear(const struct clos_switch *sw, enum clos_map_id map,
		      size_t value_size)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info), key;
	size_t stride = (value_size + 7) & ~7ul;
	void *zeros;
	int err = 0;

	if (bpf_obj_get_info_by_fd(sw->fd[map], &info, &len))
		return -errno;
	zeros = calloc(sw->ncpus, stride);
	if (!zeros)
		return -ENOMEM;
	for (key = 0; key < info.max_entries; key++) {
		if (bpf_map_update_elem(sw->fd[map], &key, zeros, BPF_EXIST)) {
			err = -errno;
			break;
		}
	}
	free(zeros);
	return err;
}

int clos_percpu_clear_part(const struct clos_switch *sw, enum clos_map_id map,
			   size_t value_size, size_t offset, size_t size)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info), key;
	size_t stride = (value_size + 7) & ~7ul;
	char *vals;
	int cpu, err = 0;

	if (bpf_obj_get_info_by_fd(sw->fd[map], &info, &len))
		return -errno;
	vals = calloc(sw->ncpus, stride);
	if (!vals)
		return -ENOMEM;
	for (key = 0; key < info.max_entries; key++) {
		if (bpf_map_lookup_elem(sw->fd[map], &key, vals)) {
			err = -errno;
			break;
		}
		for (cpu = 0; cpu < sw->ncpus; cpu++)
			memset(vals + cpu * stride + offset, 0, size);
		if (bpf_map_update_elem(sw->fd[map], &key, vals, BPF_EXIST)) {
			err = -errno;
			break;
		}
	}
	free(vals);
	return err;
}

int clos_stats_get(const struct clos_switch *sw, struct clos_stats *s)
{
	return clos_percpu_sum(sw, CLOS_MAP_STATS, 0, s, sizeof(*s));
}

int clos_stat_get(const struct clos_switch *sw, enum clos_stat stat,
		  struct clos_counter *c)
{
	if ((unsigned int)stat >= CLOS_STAT_MAX)
		return -EINVAL;
	return clos_percpu_sum_part(sw, CLOS_MAP_STATS, 0,
				    sizeof(struct clos_stats),
				    stat * sizeof(struct clos_counter),
				    c, sizeof(*c));
}

int clos_port_stats_get(const struct clos_switch *sw, __u32 port,
			struct clos_port_stats *ps)
{
	return clos_percpu_sum_part(sw, CLOS_MAP_PORT_CTR, port,
				    sizeof(struct clos_port_ctr),
				    offsetof(struct clos_port_ctr, port),
				    ps, sizeof(*ps));
}

int clos_tm_stats_get(const struct clos_switch *sw, __u32 port, __u32 tc,
		      struct clos_tm_stats *ts)
{
	if (tc >= CLOS_NUM_TC)
		return -EINVAL;
	return clos_percpu_sum_part(sw, CLOS_MAP_PORT_CTR, port,
				    sizeof(struct clos_port_ctr),
				    offsetof(struct clos_port_ctr, tc) +
				    tc * sizeof(struct clos_tm_stats),
				    ts, sizeof(*ts));
}

int clos_port_stats_clear(const struct clos_switch *sw)
{
	return clos_percpu_clear_part(sw, CLOS_MAP_PORT_CTR,
				      sizeof(struct clos_port_ctr),
				      offsetof(struct clos_port_ctr, port),
				      sizeof(struct clos_port_stats));
}

int clos_tm_stats_clear(const struct clos_switch *sw)
{
	return clos_percpu_clear_part(sw, CLOS_MAP_PORT_CTR,
				      sizeof(struct clos_port_ctr),
				      offsetof(struct clos_port_ctr, tc),
				      sizeof(((struct clos_port_ctr *)0)->tc));
}
