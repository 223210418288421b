/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The forwarding decision, compiled by BPF (bpf/lib/route.h: the data path)
 * and by user space (lib/switch/path.c: closctl route get, the tests):
 *
 *   destination -> route (LPM) -> nexthop, or ECMP group -> member slot by
 *   the flow hash -> nexthop -> egress port
 *
 * and the verdict (enum clos_stat) each way ends in. The member choice
 * alone is clos/ecmp_slot.h.
 *
 * The tables are read through the clos_fib_* functions declared below,
 * which the including side defines, over its own struct clos_fib_ctx: BPF
 * returns pointers into its maps; user space reads each value with a bpf
 * syscall into room in its context and returns a pointer to that. Keys go
 * by pointer, so BPF hands a field of one map value to the next lookup as
 * it is, without a copy.
 */
#ifndef CLOS_FIB_H
#define CLOS_FIB_H

#include "clos/abi.h"
#include "clos/ecmp_slot.h"

/* What one side's table reads need (BPF: the packet; user space: the
 * switch, the flow and room for the values read). */
struct clos_fib_ctx;

/* The table reads, defined by the including side; NULL: no such entry. */
static __always_inline const struct clos_route *
clos_fib_route_v4(struct clos_fib_ctx *c, const struct clos_lpm_v4 *key);
static __always_inline const struct clos_route *
clos_fib_route_v6(struct clos_fib_ctx *c, const struct clos_lpm_v6 *key);
static __always_inline const struct clos_ecmp_group *
clos_fib_group(struct clos_fib_ctx *c, const __u32 *gid);
static __always_inline const struct clos_nexthop *
clos_fib_nexthop(struct clos_fib_ctx *c, const __u32 *id);
static __always_inline const struct clos_port *
clos_fib_port(struct clos_fib_ctx *c, const __u32 *id);
/* The flow's ECMP hash (struct clos_flow_v4/v6 in abi.h), asked for only
 * when the route is an ECMP group. */
static __always_inline __u32 clos_fib_hash(struct clos_fib_ctx *c);

/* Where a routed packet goes. */
struct clos_fwd {
	__u32 port;		/* egress port id */
	__u32 nh_id;
	__u32 group;		/* ECMP (ecmp = 1): the group and member slot */
	__u32 slot;
	__u32 hash;		/* ECMP: the flow's hash that chose the slot */
	__u8 dmac[6];		/* the neighbour's MAC; 4-aligned, read by words */
	__u8 ecmp;
};

/* The route for an IPv4 / IPv6 destination (network order), or NULL. */
static __always_inline const struct clos_route *
clos_fib_lookup_v4(struct clos_fib_ctx *c, const __u8 *daddr)
{
	struct clos_lpm_v4 key = { .prefixlen = 32 };

	__builtin_memcpy(key.addr, daddr, sizeof(key.addr));
	return clos_fib_route_v4(c, &key);
}

static __always_inline const struct clos_route *
clos_fib_lookup_v6(struct clos_fib_ctx *c, const __u8 *daddr)
{
	struct clos_lpm_v6 key = { .prefixlen = 128 };

	__builtin_memcpy(key.addr, daddr, sizeof(key.addr));
	return clos_fib_route_v6(c, &key);
}

/*
 * Follow route rt to an egress port. Returns CLOS_STAT_FWD with fwd filled
 * in, or the verdict that ends the packet here:
 *   PUNT_LOCAL      a route to the switch itself
 *   PUNT_KERNEL     a route the switch's kernel forwards
 *   DROP_BLACKHOLE  a drop route
 *   DROP_NO_GROUP   no such ECMP group, or none of its members active
 *   DROP_NO_NEXTHOP the nexthop is not valid, or its port slot unused
 *   DROP_PORT_DOWN  the nexthop's port is down (fwd filled in all the same)
 * An ECMP route sets fwd's ecmp, group and slot as soon as it has a slot,
 * and nh_id as soon as it is known, so a caller can show how far it got.
 */
static __always_inline int clos_fib_resolve(struct clos_fib_ctx *c,
					    const struct clos_route *rt,
					    struct clos_fwd *fwd)
{
	const struct clos_nexthop *nh;
	const struct clos_port *port;
	/* The nexthop's id where it is, in the route or the group: the next
	 * lookup's key without a copy through the stack, which would put a
	 * store and its reload on the chain of dependent lookups. */
	const __u32 *nh_id;

	switch (rt->action) {
	case CLOS_RT_NEXTHOP:
		nh_id = &rt->id;
		break;
	case CLOS_RT_ECMP: {
		const struct clos_ecmp_group *g;
		int slot;

		g = clos_fib_group(c, &rt->id);
		if (!g)
			return CLOS_STAT_DROP_NO_GROUP;
		fwd->hash = clos_fib_hash(c);
		slot = clos_ecmp_slot(g, fwd->hash);
		if (slot < 0)
			return CLOS_STAT_DROP_NO_GROUP;
		nh_id = &g->nexthop[slot & (CLOS_MAX_MEMBERS - 1)];
		fwd->ecmp = 1;
		fwd->group = rt->id;
		fwd->slot = slot;
		break;
	}
	case CLOS_RT_LOCAL:
		return CLOS_STAT_PUNT_LOCAL;
	case CLOS_RT_KERNEL:
		return CLOS_STAT_PUNT_KERNEL;
	default:
		return CLOS_STAT_DROP_BLACKHOLE;
	}

	fwd->nh_id = *nh_id;
	nh = clos_fib_nexthop(c, nh_id);
	if (!nh || !nh->valid)
		return CLOS_STAT_DROP_NO_NEXTHOP;
	port = clos_fib_port(c, &nh->port);
	if (!port || !port->ifindex)
		return CLOS_STAT_DROP_NO_NEXTHOP;
	fwd->port = nh->port;
	__builtin_memcpy(fwd->dmac, nh->dmac, sizeof(fwd->dmac));
	if (!port->up)
		return CLOS_STAT_DROP_PORT_DOWN;
	return CLOS_STAT_FWD;
}

#endif /* CLOS_FIB_H */
