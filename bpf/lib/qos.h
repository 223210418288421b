/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Egress QoS, shared by fast mode's ingress (which decides the egress port's
 * part there, egress_xdp.h) and queue mode's TC egress program: classify
 * the frame into a traffic class, run the egress port's traffic-manager
 * model (tm_model.h) under its lock, mark ECT packets CE or drop as the
 * class's WRED profile says, and count per (port, class).
 *
 * Classification uses the trust mode of the port the frame came in on:
 * trust pcp takes the 802.1Q PCP of a tagged frame (pcp_tc) and falls back
 * to DSCP for untagged ones; trust dscp takes the DSCP of IP packets
 * (dscp_tc). Anything else is class 0. Frames the switch's own kernel sends
 * (no ingress port) are classified by DSCP.
 */
#ifndef CLOS_QOS_H
#define CLOS_QOS_H

#include "maps.h"
#include "parse.h"
#include "csum.h"
#include "clos/tm_model.h"

/* One packet's question to its egress port's model. */
struct clos_tm_req {
	__u64 rate_bps;
	__u32 port;
	__u32 tc;
	__u32 len;
	__u32 ect;		/* the packet is ECN-capable */
};

/* Drain the port's model up to now, decide, enqueue: all under one hold
 * of the port's lock (each hold saves and restores interrupts), so the
 * state is read and written once and no other CPU's update can fall
 * between. A global function, so the verifier checks the
 * model once on its own instead of once per path through the parser and
 * classifier (which it cannot finish); the lock is taken in here because
 * a global function may not be called with it held. Returns the verdict
 * (enum clos_tm_verdict). */
__noinline int clos_tm_update(const struct clos_tm_req *r)
{
	struct clos_tc_sched sched[CLOS_NUM_TC];
	const struct clos_tm_profile *prof;
	struct clos_tm_port *st;
	__u32 port, tc, key, rnd, i;
	int verdict;
	__u64 now;

	if (!r)
		return CLOS_TM_PASS;
	port = r->port & (CLOS_MAX_PORTS - 1);
	tc = r->tc & (CLOS_NUM_TC - 1);
	key = port * CLOS_NUM_TC + tc;
	prof = bpf_map_lookup_elem(&tm_profile, &key);
	st = bpf_map_lookup_elem(&tm_state, &port);
	if (!prof || !st)
		return CLOS_TM_PASS;
#pragma unroll
	for (i = 0; i < CLOS_NUM_TC; i++) {
		__u32 k = i;	/* i stays a constant; only k's address goes out */
		const struct clos_tc_sched *s = bpf_map_lookup_elem(&tc_sched, &k);

		if (s)
			sched[i] = *s;
		else
			sched[i] = (struct clos_tc_sched){};
	}
	/* No helper may be called under the lock: clock and dice first. A
	 * CPU that read an earlier clock than the last update finds nothing
	 * to drain (clos_tm_advance), which is exact. */
	rnd = bpf_get_prandom_u32() & (CLOS_PMAX_ONE - 1);
	now = bpf_ktime_get_ns();
	bpf_spin_lock(&st->lock);
	clos_tm_advance(&st->last_ns, st->backlog, sched, now, r->rate_bps);
	verdict = clos_tm_decide(prof, sched[tc].lossless, r->ect != 0,
				 st->backlog[tc], r->len, rnd);
	if (verdict != CLOS_TM_DROP)
		clos_tm_enqueue(st, tc, r->len);
	bpf_spin_unlock(&st->lock);
	return verdict;
}

struct clos_egress_res {
	__u32 tc;
	__u32 pcp;		/* for a tagged egress port (tc_pcp) */
};

/* DSCP and ECN of the IP packet at p->l3 (after clos_parse_l2). */
static __always_inline void clos_read_tos(struct clos_pkt *p, void *data_end)
{
	if (p->proto == ETH_P_IP) {
		struct iphdr *iph = p->l3;

		if ((void *)(iph + 1) > data_end)
			return;
		p->dscp = iph->tos >> 2;
		p->ecn = iph->tos & 3;
	} else if (p->proto == ETH_P_IPV6) {
		struct ipv6hdr *ip6h = p->l3;

		if ((void *)(ip6h + 1) > data_end)
			return;
		p->dscp = ((ip6h->priority << 4) | (ip6h->flow_lbl[0] >> 4)) >> 2;
		p->ecn = (ip6h->flow_lbl[0] >> 4) & 3;
	}
}

/* The class of a frame that came in on port in (NULL: the switch's own
 * kernel sent it), by in's trust. p: dscp and ecn read (clos_parse_l3 or
 * clos_read_tos). */
static __always_inline __u32 clos_classify(const struct clos_pkt *p,
					   const struct clos_port *in)
{
	const struct clos_tc_val *v = NULL;
	__u32 key;

	if (p->tagged && (!in || in->trust == CLOS_TRUST_PCP)) {
		key = p->pcp;
		v = bpf_map_lookup_elem(&pcp_tc, &key);
		/* Keeps clang from merging the two lookups into one call on
		 * either map, which the verifier can no longer inline. */
		barrier_var(v);
	} else if (p->proto == ETH_P_IP || p->proto == ETH_P_IPV6) {
		key = p->dscp;
		v = bpf_map_lookup_elem(&dscp_tc, &key);
	}
	return v ? v->val & (CLOS_NUM_TC - 1) : 0;
}

/* The PCP a tagged egress port writes for class tc. */
static __always_inline __u32 clos_tc_pcp_of(__u32 tc)
{
	const struct clos_tc_val *pcp;
	/* Look up by a copy: were tc's own address taken, it would live on
	 * the stack, and a 4-byte slot the verifier cannot track (not 8-byte
	 * aligned) loses its bound before tc goes into the keys after. */
	__u32 key = tc;

	pcp = bpf_map_lookup_elem(&tc_pcp, &key);
	return pcp ? pcp->val & (CLOS_NUM_PCP - 1) : tc;
}

/* Set CE in the IP header at p->l3; the IPv4 header checksum follows. */
static __always_inline void clos_set_ce(struct clos_pkt *p, void *data_end)
{
	if (p->proto == ETH_P_IP) {
		struct iphdr *iph = p->l3;
		__be16 old, new;

		if ((void *)(iph + 1) > data_end)
			return;
		/* tos is the low byte of the (version/ihl, tos) word. */
		old = *(__be16 *)iph;
		iph->tos |= 3;
		new = *(__be16 *)iph;
		clos_csum_replace2(&iph->check, old, new);
	} else {
		struct ipv6hdr *ip6h = p->l3;

		if ((void *)(ip6h + 1) > data_end)
			return;
		ip6h->flow_lbl[0] |= 0x30;	/* ECN: traffic class bits 1:0 */
	}
}

/* The model, CE or drop, per-class counters (in ctr, the port's counters;
 * NULL: none), for a frame of class tc leaving port (id port_id). Returns
 * CLOS_TM_PASS, CLOS_TM_MARK (CE already written) or CLOS_TM_DROP. p: ecn
 * and len read. */
static __always_inline int clos_qos_apply(struct clos_pkt *p, void *data_end,
					  __u32 tc, __u32 port_id,
					  const struct clos_port *port,
					  struct clos_port_ctr *ctr)
{
	struct clos_tm_stats *ts = ctr ? &ctr->tc[tc & (CLOS_NUM_TC - 1)] : NULL;
	int verdict = CLOS_TM_PASS;

	if (port->rate_bps) {
		struct clos_tm_req req = {
			.rate_bps = port->rate_bps, .port = port_id, .tc = tc,
			.len = p->len, .ect = p->ecn != 0,
		};

		verdict = clos_tm_update(&req);
	}

	if (verdict == CLOS_TM_DROP) {
		if (ts)
			ts->dropped++;
		return verdict;
	}
	if (verdict == CLOS_TM_MARK) {
		if (p->ecn == 3) {
			verdict = CLOS_TM_PASS;	/* CE already: nothing to add */
		} else {
			clos_set_ce(p, data_end);
			p->ecn = 3;
			if (ts)
				ts->ce_marked++;
		}
	}
	if (ts) {
		ts->packets++;
		ts->bytes += p->len;
	}
	return verdict;
}

/* Classify, model, mark or drop, for a frame parsed by clos_parse_l2 only
 * (TC egress); ctr as for clos_qos_apply(), which says what it returns. */
static __always_inline int clos_egress_qos(struct clos_pkt *p, void *data_end,
					   __u32 in_ifindex, __u32 port_id,
					   const struct clos_port *port,
					   struct clos_port_ctr *ctr,
					   struct clos_egress_res *res)
{
	const struct clos_port *in = NULL;
	__u32 tc, in_id;

	clos_read_tos(p, data_end);
	if (!clos_port_of_ifindex(in_ifindex, &in_id))
		in = bpf_map_lookup_elem(&ports, &in_id);
	tc = clos_classify(p, in);
	res->tc = tc;
	res->pcp = clos_tc_pcp_of(tc);
	return clos_qos_apply(p, data_end, tc, port_id, port, ctr);
}

#endif /* CLOS_QOS_H */
