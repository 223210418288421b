// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <linux/magic.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "err.h"
#include "mntns.h"
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

void clos_switch_close(struct clos_switch *sw)
{
	int i;

	for (i = 0; i < CLOS_MAP_MAX; i++) {
		if (sw->fd[i] >= 0)
			close(sw->fd[i]);
		sw->fd[i] = -1;
	}
}

int clos_switch_open(struct clos_switch *sw, const char *name)
{
	char path[PATH_MAX];
	const char *why;
	int i, err;

	for (i = 0; i < CLOS_MAP_MAX; i++)
		sw->fd[i] = -1;
	if (clos_switch_name_check(name, &why))
		return -EINVAL;
	snprintf(sw->name, sizeof(sw->name), "%s", name);
	sw->ncpus = libbpf_num_possible_cpus();
	if (sw->ncpus < 0)
		return sw->ncpus;
	err = clos_bpffs_ensure();
	if (err)
		return err;
	for (i = 0; i < CLOS_MAP_MAX; i++) {
		err = clos_switch_path(path, sizeof(path), name, clos_map_names[i]);
		if (err)
			goto fail;
		sw->fd[i] = bpf_obj_get(path);
		if (sw->fd[i] < 0) {
			err = -errno;
			goto fail;
		}
	}
	return 0;
fail:
	clos_switch_close(sw);
	return err;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int clos_switch_foreach(int (*fn)(const char *name, void *arg), void *arg)
{
	char *names[256];
	struct dirent *de;
	int n = 0, i, ret = 0;
	DIR *d;

	d = opendir(CLOS_PIN_ROOT);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(d)) && n < (int)(sizeof(names) / sizeof(names[0]))) {
		if (de->d_name[0] == '.' || !clos_switch_exists(de->d_name))
			continue;
		names[n] = strdup(de->d_name);
		if (!names[n]) {
			ret = -ENOMEM;
			break;
		}
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), name_cmp);
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

int clos_percpu_sum(const struct clos_switch *sw, enum clos_map_id map,
		    __u32 key, void *out, size_t value_size)
{
	size_t words = value_size / sizeof(__u64), stride = (value_size + 7) & ~7ul;
	__u64 *sum = out;
	char *vals;
	int cpu, err = 0;
	size_t w;

	vals = calloc(sw->ncpus, stride);
	if (!vals)
		return -ENOMEM;
	memset(out, 0, value_size);
	if (bpf_map_lookup_elem(sw->fd[map], &key, vals)) {
		err = -errno;
		goto out;
	}
	for (cpu = 0; cpu < sw->ncpus; cpu++) {
		const __u64 *v = (const __u64 *)(vals + cpu * stride);

		for (w = 0; w < words; w++)
			sum[w] += v[w];
	}
out:
	free(vals);
	return err;
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
