/* SPDX-License-Identifier: GPL-2.0 */
/* Per-CPU counters: no atomics needed, user space sums the CPUs. */
#ifndef CLOS_COUNTERS_H
#define CLOS_COUNTERS_H

#include "maps.h"

static __always_inline void clos_count(struct clos_counter *c, __u32 bytes)
{
	c->packets++;
	c->bytes += bytes;
}

static __always_inline void clos_stat(__u32 stat, __u32 bytes)
{
	struct clos_counter *c = bpf_map_lookup_elem(&stats, &stat);

	if (c)
		clos_count(c, bytes);
}

/* Every counter of port: one lookup (abi.h struct clos_port_ctr). */
static __always_inline struct clos_port_ctr *clos_port_ctr(__u32 port)
{
	return bpf_map_lookup_elem(&port_ctr, &port);
}

static __always_inline void clos_ecmp_stat(__u32 group, __u32 slot, __u32 bytes)
{
	__u32 key = group * CLOS_MAX_MEMBERS + slot;
	struct clos_counter *c = bpf_map_lookup_elem(&ecmp_stats, &key);

	if (c)
		clos_count(c, bytes);
}

#endif /* CLOS_COUNTERS_H */
