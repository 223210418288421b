/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ingress control, shared by every entry point: port lookup, the Ethernet
 * header and tags, the port's VLAN rule (vlan.h, before anything can be
 * punted), the rest of the parse, MAC admission, route, martians
 * (martian.h), ECMP, rewrite, counters; every punt through the port's
 * policer (police.h). Returns CLOS_PARSE_OK with *r filled in when the
 * packet is to be sent out of a port (the caller counts FORWARDED or a
 * DROP_* once it has tried), otherwise the clos_stat that says why not
 * (already counted): a PUNT_* goes to the switch's kernel, anything else
 * is dropped. Every packet ends in exactly one of FORWARDED, PUNT_* or
 * DROP_*; ROCE* and FWD_ECMP count on the side.
 */
#ifndef CLOS_INGRESS_H
#define CLOS_INGRESS_H

#include "maps.h"
#include "parse.h"
#include "route.h"
#include "rewrite.h"
#include "counters.h"
#include "vlan.h"
#include "police.h"
#include "observe.h"

/* What ingress knows of a packet it forwards, for the egress decision the
 * caller makes next: the parse (packet pointers valid until the frame
 * moves), both ports, the ingress port's counters and the switch's
 * (NULL: none). */
struct clos_ingress_res {
	struct clos_pkt p;
	const struct clos_port *in;
	const struct clos_port *out;
	struct clos_port_ctr *in_ctr;
	struct clos_stats *stats;
	__u32 port;		/* the egress port's id */
};

/* The drop a nonzero clos_pkt.martian names, spelt out so that the
 * verifier can bound it: a 6.1 verifier does not know what the parser
 * left in that byte of the stack, and would follow any other value into
 * the forwarding path (where nothing was looked up). */
static __always_inline int clos_martian_stat(__u8 m)
{
	barrier_var(m);
	return m == CLOS_STAT_DROP_MARTIAN_SRC ? CLOS_STAT_DROP_MARTIAN_SRC
					       : CLOS_STAT_DROP_MARTIAN_DST;
}

static __always_inline int clos_ingress(void *data, void *data_end, __u32 len,
					int hw_tci, __u32 ifindex,
					struct clos_ingress_res *r)
{
	const struct clos_port *in, *out;
	struct clos_stats *st = clos_stats();
	struct clos_port_ctr *ctr = NULL;
	struct clos_pkt *p = &r->p;
	const struct clos_route *rt;
	struct clos_fwd fwd = {};
	struct clos_fib_ctx fc = { .p = p };
	__u32 in_id = CLOS_MAX_PORTS;
	int ret;

	if (clos_port_of_ifindex(ifindex, &in_id)) {
		ret = CLOS_STAT_DROP_UNKNOWN_PORT;
		goto out;
	}
	in = bpf_map_lookup_elem(&ports, &in_id);
	ctr = clos_port_ctr(in_id);
	if (ctr)
		clos_count(&ctr->port.rx, len);
	if (!in || !in->ifindex) {	/* a stale mapping to an unused slot */
		ret = CLOS_STAT_DROP_UNKNOWN_PORT;
		goto out;
	}

	ret = clos_parse_l2(p, data, data_end, len, hw_tci);
	if (ret != CLOS_PARSE_OK)
		goto out;
	if (!clos_vlan_admit(in, p)) {
		ret = CLOS_STAT_DROP_VLAN;
		goto out;
	}
	ret = clos_parse_l3(p, data, data_end);
	if (p->roce) {
		clos_stat_add(st, CLOS_STAT_ROCE, len);
		if (p->bth_opcode == CLOS_BTH_OP_CNP)
			clos_stat_add(st, CLOS_STAT_ROCE_CNP, len);
	}
	if (ret != CLOS_PARSE_OK)
		goto out;

	/* Routed port: unicast frames must be addressed to it. */
	if (!clos_mac_equal(p->eth->h_dest, in->mac)) {
		ret = CLOS_STAT_DROP_DMAC;
		goto out;
	}

	rt = clos_route_lookup(&fc);
	if (!rt) {
		ret = CLOS_STAT_DROP_NO_ROUTE;
		goto out;
	}
	ret = clos_fib_resolve(&fc, rt, &fwd);
	clos_obs_route(&fc, rt, &fwd, ret);
	/* Forwarded here or by the kernel: never from or to a martian. */
	if ((ret == CLOS_STAT_FWD || ret == CLOS_STAT_PUNT_KERNEL) && p->martian)
		ret = clos_martian_stat(p->martian);
	if (ret != CLOS_STAT_FWD)
		goto out;
	/* TTL expiry is the kernel's: it sends ICMP time exceeded. */
	if (p->ttl <= 1) {
		ret = CLOS_STAT_PUNT_TTL;
		goto out;
	}
	/* The port the route resolved to, checked there (CLOS_STAT_FWD). */
	out = fc.port;
	if (!out) {
		ret = CLOS_STAT_DROP_NO_NEXTHOP;
		goto out;
	}

	clos_rewrite_routed(p, &fwd, out->mac, data_end);
	if (fwd.ecmp) {
		clos_ecmp_stat(fwd.group, fwd.slot, len);
		clos_stat_add(st, CLOS_STAT_FWD_ECMP, len);
	}
	r->in = in;
	r->out = out;
	r->in_ctr = ctr;
	r->stats = st;
	r->port = fwd.port;
	return CLOS_PARSE_OK;

out:
	if (clos_stat_is_punt(ret) && in_id < CLOS_MAX_PORTS &&
	    !clos_punt_police(in_id, len))
		ret = CLOS_STAT_DROP_PUNT_POLICED;
	clos_stat_add(st, ret, len);
	if (ctr) {
		if (clos_stat_is_punt(ret))
			clos_count(&ctr->port.punt, len);
		else
			clos_count(&ctr->port.drop, len);
	}
	return ret;
}

#endif /* CLOS_INGRESS_H */
