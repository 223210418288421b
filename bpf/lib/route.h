/* SPDX-License-Identifier: GPL-2.0 */
/* Ingress control: route lookup (LPM), ECMP member choice, nexthop. */
#ifndef CLOS_ROUTE_H
#define CLOS_ROUTE_H

#include "maps.h"
#include "parse.h"
#include "hash.h"
#include "counters.h"

/* Where a routed packet goes. */
struct clos_fwd {
	__u32 port;
	__u32 nh_id;
	__u32 group;
	__u32 slot;
	__u8 ecmp;
	__u8 dmac[6];
};

static __always_inline struct clos_route *clos_route_lookup(const struct clos_pkt *p)
{
	if (p->proto == ETH_P_IP) {
		struct clos_lpm_v4 key = { .prefixlen = 32 };

		__builtin_memcpy(key.addr, p->flow.v4.daddr, 4);
		return bpf_map_lookup_elem(&route_v4, &key);
	} else {
		struct clos_lpm_v6 key = { .prefixlen = 128 };

		__builtin_memcpy(key.addr, p->flow.v6.daddr, 16);
		return bpf_map_lookup_elem(&route_v6, &key);
	}
}

/* The group's member slot for this hash, or -1 when the group is empty. */
static __always_inline int clos_ecmp_slot(const struct clos_ecmp_group *g,
					  __u32 hash)
{
	__u32 slot;

	if (g->kind == CLOS_ECMP_MODULO) {
		__u32 n = g->num_active;

		if (n == 0 || n > CLOS_MAX_MEMBERS)
			return -1;
		slot = hash % n;
		/* clang knows slot < n <= 16 and drops a mask; the verifier
		 * does not know it, so hide slot from clang and mask it. */
		barrier_var(slot);
		slot = g->active[slot & (CLOS_MAX_MEMBERS - 1)];
	} else {
		slot = g->bucket[hash % CLOS_ECMP_BUCKETS];
	}
	if (slot >= CLOS_MAX_MEMBERS)
		return -1;
	return slot;
}

/* Resolve a route to an egress port and neighbour MAC.
 * Returns CLOS_PARSE_OK or the clos_stat of the drop/punt. */
static __always_inline int clos_route_resolve(const struct clos_pkt *p,
					      const struct clos_route *rt,
					      __u32 seed, struct clos_fwd *fwd)
{
	const struct clos_nexthop *nh;
	const struct clos_port *port;
	__u32 nh_id;

	switch (rt->action) {
	case CLOS_RT_NEXTHOP:
		nh_id = rt->id;
		break;
	case CLOS_RT_ECMP: {
		const struct clos_ecmp_group *g;
		__u32 gid = rt->id;
		int slot;

		g = bpf_map_lookup_elem(&ecmp_groups, &gid);
		if (!g)
			return CLOS_STAT_DROP_NO_GROUP;
		slot = clos_ecmp_slot(g, clos_flow_hash(p, seed));
		if (slot < 0)
			return CLOS_STAT_DROP_NO_GROUP;
		nh_id = g->nexthop[slot & (CLOS_MAX_MEMBERS - 1)];
		fwd->ecmp = 1;
		fwd->group = gid;
		fwd->slot = slot;
		break;
	}
	case CLOS_RT_LOCAL:
		return CLOS_STAT_PUNT_LOCAL;
	default:
		return CLOS_STAT_DROP_BLACKHOLE;
	}

	nh = bpf_map_lookup_elem(&nexthop, &nh_id);
	if (!nh || !nh->valid)
		return CLOS_STAT_DROP_NO_NEXTHOP;
	port = bpf_map_lookup_elem(&ports, &nh->port);
	if (!port || !port->ifindex)
		return CLOS_STAT_DROP_NO_NEXTHOP;
	if (!port->up)
		return CLOS_STAT_DROP_PORT_DOWN;
	fwd->nh_id = nh_id;
	fwd->port = nh->port;
	__builtin_memcpy(fwd->dmac, nh->dmac, 6);
	return CLOS_PARSE_OK;
}

#endif /* CLOS_ROUTE_H */
