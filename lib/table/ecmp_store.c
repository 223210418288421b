// SPDX-License-Identifier: GPL-2.0
/* The ecmp_groups map: see ecmp_store.h for the replacement rule. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include "ecmp_store.h"

/* A flip before this (CLOCK_MONOTONIC ns) was followed by a grace period
 * this process waited for: its old copy has no reader left. */
static __u64 settled_before;

static __u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* The size of the mapping: the kernel rounds an array's values to 8 bytes
 * and the whole to pages. */
static size_t map_len(void)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t len = ((sizeof(struct clos_ecmp_entry) + 7) & ~(size_t)7) *
		     CLOS_MAX_GROUPS;

	return (len + page - 1) & ~(page - 1);
}

_Static_assert(sizeof(struct clos_ecmp_entry) % 8 == 0,
	       "entries are at value_size strides in the mapping");

static void *map_prot(int fd, int prot)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	void *p;

	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return NULL;
	if (info.type != BPF_MAP_TYPE_ARRAY ||
	    info.value_size != sizeof(struct clos_ecmp_entry) ||
	    info.max_entries != CLOS_MAX_GROUPS ||
	    !(info.map_flags & BPF_F_MMAPABLE)) {
		errno = EPROTO;
		return NULL;
	}
	p = mmap(NULL, map_len(), prot, MAP_SHARED, fd, 0);
	return p == MAP_FAILED ? NULL : p;
}

struct clos_ecmp_entry *clos_ecmp_store_map(int fd)
{
	return map_prot(fd, PROT_READ | PROT_WRITE);
}

const struct clos_ecmp_entry *clos_ecmp_store_map_ro(int fd)
{
	return map_prot(fd, PROT_READ);
}

void clos_ecmp_store_unmap(const struct clos_ecmp_entry *tab)
{
	if (tab)
		munmap((void *)tab, map_len());
}

int clos_ecmp_store_read(const struct clos_ecmp_entry *tab, __u32 gid,
			 struct clos_ecmp_group *g)
{
	const struct clos_ecmp_entry *e;
	__u32 s;

	if (gid >= CLOS_MAX_GROUPS)
		return -ENOENT;
	e = &tab[gid];
	for (;;) {
		s = __atomic_load_n(&e->state, __ATOMIC_ACQUIRE);
		if (!(s & CLOS_ECMP_PRESENT))
			return -ENOENT;
		memcpy(g, &e->copy[s & CLOS_ECMP_COPY], sizeof(*g));
		/* The copy's reads before the second look at state. */
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if (__atomic_load_n(&e->state, __ATOMIC_RELAXED) == s)
			return 0;
	}
}

int clos_ecmp_store_wait_readers(void)
{
	LIBBPF_OPTS(bpf_map_create_opts, opts);
	int inner, outer, err = 0;
	__u32 zero = 0;

	inner = bpf_map_create(BPF_MAP_TYPE_ARRAY, "clos_gp_inner", 4, 4, 1, NULL);
	if (inner < 0)
		return -errno;
	opts.inner_map_fd = inner;
	outer = bpf_map_create(BPF_MAP_TYPE_ARRAY_OF_MAPS, "clos_gp", 4, 4, 1,
			       &opts);
	if (outer < 0)
		err = -errno;
	else if (bpf_map_update_elem(outer, &zero, &inner, BPF_ANY))
		err = -errno;
	if (outer >= 0)
		close(outer);
	close(inner);
	return err;
}

int clos_ecmp_store_write(struct clos_ecmp_entry *tab, __u32 gid,
			  const struct clos_ecmp_group *g)
{
	struct clos_ecmp_entry *e;
	__u32 s, idx, next;
	__u64 flipped, start;
	int err;

	if (gid >= CLOS_MAX_GROUPS)
		return -EINVAL;
	e = &tab[gid];
	s = __atomic_load_n(&e->state, __ATOMIC_RELAXED);
	if (!g && !(s & CLOS_ECMP_PRESENT))
		return -ENOENT;
	idx = (s & CLOS_ECMP_COPY) ^ CLOS_ECMP_COPY;
	if (g) {
		flipped = __atomic_load_n(&e->flipped_ns, __ATOMIC_RELAXED);
		if (flipped && flipped >= settled_before) {
			start = now_ns();
			err = clos_ecmp_store_wait_readers();
			if (err)
				return err;
			settled_before = start;
		}
		memcpy(&e->copy[idx], g, sizeof(*g));
	}
	next = ((s & ~(CLOS_ECMP_COPY | CLOS_ECMP_PRESENT)) + CLOS_ECMP_GEN_ONE) |
	       (g ? CLOS_ECMP_PRESENT | idx : s & CLOS_ECMP_COPY);
	/* A writer that dies from here to the time below leaves a flip of
	 * unknown time: the next one waits. */
	__atomic_store_n(&e->flipped_ns, UINT64_MAX, __ATOMIC_RELAXED);
	__atomic_store_n(&e->state, next, __ATOMIC_RELEASE);
	/* The flip is visible to every CPU before its time is taken, so a
	 * grace period that starts after that time waits for each packet
	 * that saw the old state. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	__atomic_store_n(&e->flipped_ns, now_ns(), __ATOMIC_RELAXED);
	return 0;
}

int clos_ecmp_store_settle(struct clos_ecmp_entry *tab)
{
	__u64 start, t;
	bool any = false;
	__u32 gid;
	int err;

	for (gid = 0; gid < CLOS_MAX_GROUPS && !any; gid++)
		any = __atomic_load_n(&tab[gid].flipped_ns, __ATOMIC_RELAXED);
	if (!any)
		return 0;
	start = now_ns();
	err = clos_ecmp_store_wait_readers();
	if (err)
		return err;
	settled_before = start;
	for (gid = 0; gid < CLOS_MAX_GROUPS; gid++) {
		t = __atomic_load_n(&tab[gid].flipped_ns, __ATOMIC_RELAXED);
		if (t && t < start)
			__atomic_store_n(&tab[gid].flipped_ns, 0, __ATOMIC_RELAXED);
	}
	return 0;
}

int clos_ecmp_store_settle_fd(int fd)
{
	struct clos_ecmp_entry *tab = clos_ecmp_store_map(fd);
	int err;

	if (!tab)
		return -errno;
	err = clos_ecmp_store_settle(tab);
	clos_ecmp_store_unmap(tab);
	return err;
}

int clos_ecmp_store_get(int fd, __u32 gid, struct clos_ecmp_group *g)
{
	const struct clos_ecmp_entry *tab = clos_ecmp_store_map_ro(fd);
	int err;

	if (!tab)
		return -errno;
	err = clos_ecmp_store_read(tab, gid, g);
	clos_ecmp_store_unmap(tab);
	return err;
}

int clos_ecmp_store_put(int fd, __u32 gid, const struct clos_ecmp_group *g)
{
	struct clos_ecmp_entry *tab = clos_ecmp_store_map(fd);
	int err;

	if (!tab)
		return -errno;
	err = clos_ecmp_store_write(tab, gid, g);
	clos_ecmp_store_unmap(tab);
	return err;
}
