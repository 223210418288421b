/* SPDX-License-Identifier: GPL-2.0 */
/* Ingress control: route lookup (LPM), ECMP member choice, nexthop. The
 * decision is include/clos/fib.h, shared with user space; this is the data
 * path's side of it: the table reads are map lookups. */
#ifndef CLOS_ROUTE_H
#define CLOS_ROUTE_H

#include "maps.h"
#include "parse.h"
#include "hash.h"
#include "clos/fib.h"

struct clos_fib_ctx {
	const struct clos_pkt *p;
	/* The egress port clos_fib_resolve() read last: ingress sends by
	 * it instead of looking the port up again. */
	const struct clos_port *port;
	/* The lane (lane_v4.h), which has no struct clos_pkt: the IPv4
	 * header and the word of the L4 ports (0: none) the hash takes. */
	const struct iphdr *iph;
	__u32 l4_ports;
};

static __always_inline const struct clos_route *
clos_fib_route_v4(struct clos_fib_ctx *c, const struct clos_lpm_v4 *key)
{
	return bpf_map_lookup_elem(&route_v4, key);
}

static __always_inline const struct clos_route *
clos_fib_route_v6(struct clos_fib_ctx *c, const struct clos_lpm_v6 *key)
{
	return bpf_map_lookup_elem(&route_v6, key);
}

/* The live copy of the group: state is read once, and everything after
 * reads the copy it names (an address that depends on it, which orders
 * the reads as rcu_dereference() does). The writer leaves that copy alone
 * until this program has ended (lib/table/ecmp_store.h). */
static __always_inline const struct clos_ecmp_group *
clos_fib_group(struct clos_fib_ctx *c, const __u32 *gid)
{
	const struct clos_ecmp_entry *e;
	__u32 state;

	e = bpf_map_lookup_elem(&ecmp_groups, gid);
	if (!e)
		return NULL;
	state = *(volatile const __u32 *)&e->state;
	if (!(state & CLOS_ECMP_PRESENT))
		return NULL;
	return &e->copy[state & CLOS_ECMP_COPY];
}

static __always_inline const struct clos_nexthop *
clos_fib_nexthop(struct clos_fib_ctx *c, const __u32 *id)
{
	return bpf_map_lookup_elem(&nexthop, id);
}

static __always_inline const struct clos_port *
clos_fib_port(struct clos_fib_ctx *c, const __u32 *id)
{
	c->port = bpf_map_lookup_elem(&ports, id);
	return c->port;
}

/* The seed (or its key) is read here, so only ECMP routes pay for it. */
static __always_inline __u32 clos_fib_hash(struct clos_fib_ctx *c)
{
	if (c->iph)
		return clos_flow_hash_v4_hdr(CLOS_CFG.seed_key, c->iph,
					     c->l4_ports);
	return clos_flow_hash(c->p, CLOS_CFG.seed);
}

static __always_inline const struct clos_route *
clos_route_lookup(struct clos_fib_ctx *c)
{
	if (c->p->proto == ETH_P_IP)
		return clos_fib_lookup_v4(c, c->p->flow.v4.daddr);
	return clos_fib_lookup_v6(c, c->p->flow.v6.daddr);
}

#endif /* CLOS_ROUTE_H */
