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

/* This CPU's block of switch counters (abi.h struct clos_stats): a
 * pipeline looks it up once and counts in it by clos_stat_add(). */
static __always_inline struct clos_stats *clos_stats(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&stats, &zero);
}

static __always_inline void clos_stat_add(struct clos_stats *s, __u32 stat,
					  __u32 bytes)
{
	if (s && stat < CLOS_STAT_MAX)
		clos_count(&s->c[stat], bytes);
}

/* One counter, off the forwarding path. */
static __always_inline void clos_stat(__u32 stat, __u32 bytes)
{
	clos_stat_add(clos_stats(), stat, bytes);
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
