// SPDX-License-Identifier: GPL-2.0
/* Host maps: see host_map.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/bpf.h>
#include "host_map.h"

#define HOST_MAPS_MAX	64

struct host_prog *host_prog_current;

static struct host_map host_maps[HOST_MAPS_MAX];
static int host_num_maps;

static void *host_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p) {
		fprintf(stderr, "host map: out of memory\n");
		abort();
	}
	return p;
}

bool host_map_is_array(const struct host_map *hm)
{
	return hm->type == BPF_MAP_TYPE_ARRAY ||
	       hm->type == BPF_MAP_TYPE_PERCPU_ARRAY ||
	       hm->type == BPF_MAP_TYPE_DEVMAP;
}

bool host_map_is_percpu(const struct host_map *hm)
{
	return hm->type == BPF_MAP_TYPE_PERCPU_ARRAY ||
	       hm->type == BPF_MAP_TYPE_PERCPU_HASH;
}

static bool host_map_supported(__u32 type)
{
	switch (type) {
	case BPF_MAP_TYPE_ARRAY:
	case BPF_MAP_TYPE_PERCPU_ARRAY:
	case BPF_MAP_TYPE_DEVMAP:
	case BPF_MAP_TYPE_HASH:
	case BPF_MAP_TYPE_PERCPU_HASH:
	case BPF_MAP_TYPE_LPM_TRIE:
		return true;
	}
	return false;
}

struct host_map *host_map_of(const void *addr, const char *expr, __u32 type,
			     __u32 key_size, __u32 value_size,
			     __u32 max_entries)
{
	struct host_map *hm;
	int i;

	for (i = 0; i < host_num_maps; i++)
		if (host_maps[i].addr == addr)
			return &host_maps[i];

	if (host_num_maps == HOST_MAPS_MAX || !host_prog_current) {
		fprintf(stderr, "host map %s: %s\n", expr,
			host_prog_current ? "too many maps" : "used outside a program run");
		abort();
	}
	if (!host_map_supported(type)) {
		fprintf(stderr, "host map %s: map type %u has no host version\n",
			expr, type);
		abort();
	}
	hm = &host_maps[host_num_maps++];
	hm->addr = addr;
	hm->prog = host_prog_current;
	/* The expression is the map's address: "&name". */
	while (*expr == '&' || *expr == ' ' || *expr == '(')
		expr++;
	snprintf(hm->name, sizeof(hm->name), "%.*s", (int)strcspn(expr, " )"), expr);
	hm->type = type;
	hm->key_size = key_size;
	hm->value_size = value_size;
	hm->max_entries = max_entries;
	if (host_map_is_array(hm)) {
		hm->values = host_calloc(max_entries, value_size);
		if (type == BPF_MAP_TYPE_DEVMAP)
			hm->present = host_calloc(max_entries, 1);
	}
	if (hm->prog->fill)
		hm->prog->fill(hm->prog, hm);
	return hm;
}

void host_global_fill(const char *section, volatile void *addr, __u32 size)
{
	struct host_map *hm = host_map_of((const void *)addr, section,
					  BPF_MAP_TYPE_ARRAY, sizeof(__u32), size, 1);

	memcpy((void *)addr, hm->values, size);
}

struct host_map *host_map_find(const struct host_prog *prog, const char *name)
{
	int i;

	for (i = 0; i < host_num_maps; i++)
		if (host_maps[i].prog == prog && !strcmp(host_maps[i].name, name))
			return &host_maps[i];
	return NULL;
}

/* LPM trie keys: a __u32 prefix length, then the data. Does entry (a
 * stored key) cover key in its first prefixlen bits? */
static bool lpm_covers(const struct host_map *hm, const __u8 *entry,
		       const __u8 *key)
{
	__u32 plen, kplen, bits = (hm->key_size - 4) * 8, i;

	memcpy(&plen, entry, 4);
	memcpy(&kplen, key, 4);
	if (plen > kplen || plen > bits)
		return false;
	for (i = 0; i < plen; i += 8) {
		__u8 mask = plen - i >= 8 ? 0xff : (__u8)(0xff << (8 - (plen - i)));

		if ((entry[4 + i / 8] ^ key[4 + i / 8]) & mask)
			return false;
	}
	return true;
}

static __u8 *entry_at(const struct host_map *hm, __u32 i)
{
	return hm->entries + (size_t)i * (hm->key_size + hm->value_size);
}

/* The entry whose key is exactly key, or NULL. */
static __u8 *entry_find(const struct host_map *hm, const void *key)
{
	__u32 i;

	for (i = 0; i < hm->n; i++)
		if (!memcmp(entry_at(hm, i), key, hm->key_size))
			return entry_at(hm, i);
	return NULL;
}

void *host_map_lookup(struct host_map *hm, const void *key)
{
	__u8 *best = NULL;
	__u32 idx, i, plen, best_plen = 0;

	if (host_map_is_array(hm)) {
		memcpy(&idx, key, sizeof(idx));
		if (idx >= hm->max_entries)
			return NULL;
		if (hm->present && !hm->present[idx])
			return NULL;
		return hm->values + (size_t)idx * hm->value_size;
	}
	if (hm->type != BPF_MAP_TYPE_LPM_TRIE) {
		best = entry_find(hm, key);
		return best ? best + hm->key_size : NULL;
	}
	for (i = 0; i < hm->n; i++) {
		if (!lpm_covers(hm, entry_at(hm, i), key))
			continue;
		memcpy(&plen, entry_at(hm, i), 4);
		if (!best || plen > best_plen) {
			best = entry_at(hm, i);
			best_plen = plen;
		}
	}
	return best ? best + hm->key_size : NULL;
}

long host_map_update(struct host_map *hm, const void *key, const void *value,
		     __u64 flags)
{
	__u8 *e;
	__u32 idx;

	if (host_map_is_array(hm)) {
		memcpy(&idx, key, sizeof(idx));
		if (idx >= hm->max_entries)
			return -E2BIG;
		memcpy(hm->values + (size_t)idx * hm->value_size, value,
		       hm->value_size);
		if (hm->present)
			hm->present[idx] = 1;
		return 0;
	}
	e = entry_find(hm, key);
	if (e && flags == BPF_NOEXIST)
		return -EEXIST;
	if (!e && flags == BPF_EXIST)
		return -ENOENT;
	if (!e) {
		if (hm->n == hm->max_entries)
			return -E2BIG;
		if (hm->n == hm->cap) {
			hm->cap = hm->cap ? 2 * hm->cap : 16;
			hm->entries = realloc(hm->entries, (size_t)hm->cap *
					      (hm->key_size + hm->value_size));
			if (!hm->entries)
				abort();
		}
		e = entry_at(hm, hm->n++);
		memcpy(e, key, hm->key_size);
	}
	memcpy(e + hm->key_size, value, hm->value_size);
	return 0;
}

long host_map_delete(struct host_map *hm, const void *key)
{
	__u8 *e, *last;
	__u32 idx;

	if (host_map_is_array(hm)) {
		memcpy(&idx, key, sizeof(idx));
		if (!hm->present || idx >= hm->max_entries)
			return -EINVAL;
		hm->present[idx] = 0;
		return 0;
	}
	e = entry_find(hm, key);
	if (!e)
		return -ENOENT;
	last = entry_at(hm, hm->n - 1);
	if (e != last)
		memcpy(e, last, hm->key_size + hm->value_size);
	hm->n--;
	return 0;
}

/* As the kernel's __bpf_xdp_redirect_map(): XDP_REDIRECT when the slot
 * holds a device, else the action in flags' low two bits. */
long host_redirect_map(struct host_map *hm, __u32 key, __u64 flags)
{
	if (hm->type != BPF_MAP_TYPE_DEVMAP) {
		fprintf(stderr, "host map %s: redirect through map type %u\n",
			hm->name, hm->type);
		abort();
	}
	if (!host_map_lookup(hm, &key))
		return flags & 3;
	return XDP_REDIRECT;
}
