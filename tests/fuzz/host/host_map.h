/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host copies of a BPF program's maps, for the host build of the pipeline
 * (tests/fuzz/). A map is known by the address of its definition in the
 * program's object and by its name; its shape comes from the definition
 * itself (HOST_MAP() in bpf/bpf_helpers.h), so a map added to
 * bpf/lib/maps.h needs nothing here. On first use a map is filled from the
 * real map of the same name in the loaded object, through the program's
 * fill function (the harness's: it knows libbpf).
 *
 * Per-CPU maps have one CPU here. Semantics follow the kernel's: arrays
 * and devmaps by index (a devmap slot may be empty), hashes by key, LPM
 * tries by longest prefix.
 */
#ifndef CLOS_FUZZ_HOST_MAP_H
#define CLOS_FUZZ_HOST_MAP_H

#include <stdbool.h>
#include <linux/types.h>

#define HOST_MAP_NAMSIZ		32

struct host_map;

/* One program (one BPF object) of the host build. */
struct host_prog {
	const char *name;
	void *real;		/* the harness's handle of the real object */
	/* Fill hm from the real map of its name; aborts on a mismatch. */
	void (*fill)(struct host_prog *prog, struct host_map *hm);
};

struct host_map {
	const void *addr;	/* the definition in the program's object */
	struct host_prog *prog;
	char name[HOST_MAP_NAMSIZ];
	__u32 type, key_size, value_size, max_entries;
	/* Arrays and devmaps: max_entries values; present[] for devmaps. */
	__u8 *values;
	__u8 *present;
	/* Hashes and LPM tries: n entries of key_size + value_size. */
	__u8 *entries;
	__u32 n, cap;
};

/* The program whose code runs now: maps met for the first time are its. */
extern struct host_prog *host_prog_current;

struct host_map *host_map_of(const void *addr, const char *expr, __u32 type,
			     __u32 key_size, __u32 value_size,
			     __u32 max_entries);
/* The map of prog called name, if the program has used it yet. */
struct host_map *host_map_find(const struct host_prog *prog, const char *name);

void *host_map_lookup(struct host_map *hm, const void *key);
long host_map_update(struct host_map *hm, const void *key, const void *value,
		     __u64 flags);
long host_map_delete(struct host_map *hm, const void *key);
long host_redirect_map(struct host_map *hm, __u32 key, __u64 flags);

/* A global data section of the program (a one-entry array map in BPF, a
 * plain global here, at addr): filled from the real map of that section's
 * name on first use, like any map, and copied to addr on every call, so
 * that the host build reads what the real program reads. */
void host_global_fill(const char *section, volatile void *addr, __u32 size);

bool host_map_is_array(const struct host_map *hm);
bool host_map_is_percpu(const struct host_map *hm);

#endif /* CLOS_FUZZ_HOST_MAP_H */
