/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Egress QoS, shared by fast mode's ingress (which decides the egress port's
 * part there, egress_xdp.h) and queue mode's TC egress program: classify
 * the frame into a traffic class, run the egress port's traffic-manager
 * model (tm_model.h), mark ECT packets CE or drop as the class's WRED
 * profile says, and count per (port, class).
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

/* The model's working memory on this CPU: the drain of the port it
 * models now (tm_model.h) and the scheduler's entries the split reads.
 * Off the stack, so that the model's frames are small enough for the fast
 * path's whole pipeline to be one function (entry_fast.h) within the 512
 * bytes of a call chain. A program runs to its end on its CPU before the
 * next one uses the entry (as obs_buf's slots), and what is read of it
 * was written for this packet (clos_tm_begin, clos_tm_split_bpf). */
struct clos_tm_scratch {
	struct clos_tm_drain d;
	struct clos_tc_sched sched[CLOS_NUM_TC];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct clos_tm_scratch);
} tm_scratch SEC(".maps");

/* One packet's question to its egress port's model. */
struct clos_tm_req {
	__u64 rate_bps;
	__u32 port;
	__u32 tc;
	__u32 len;
	__u32 ect;		/* the packet is ECN-capable */
};

/* The scheduler's split of a drain's budget over the classes (d->take),
 * for when the budget serves less than is queued. A global function of
 * its own: the verifier then checks the scheduler's passes once, over
 * backlogs it knows nothing about, instead of over the values the caller
 * has tracked on its stack (whose combinations it cannot finish). */
__noinline int clos_tm_split_bpf(struct clos_tm_scratch *m)
{
	__u32 i, key;

	if (!m)
		return 0;
	CLOS_TM_ROLLED
	for (i = 0; i < CLOS_NUM_TC; i++) {
		const struct clos_tc_sched *s;

		key = i;
		s = bpf_map_lookup_elem(&tc_sched, &key);
		m->sched[i & (CLOS_NUM_TC - 1)] = s ? *s : (struct clos_tc_sched){};
	}
	clos_tm_split(&m->d, m->sched);
	return 0;
}

/* Drain the port's model up to now, decide, enqueue, without a lock
 * (tm_model.h: clos_tm_begin and clos_tm_finish, and what two CPUs on one
 * port can do to the model). One clock read; the scheduler's eight
 * entries are read only when the time since the last drain serves less
 * than is queued, the dice only inside the RED band. A global function,
 * so that the verifier checks the model once on its own instead of once
 * per path through the parser and classifier (which it cannot finish).
 * Returns the verdict (enum clos_tm_verdict). */
__noinline int clos_tm_update(const struct clos_tm_req *r)
{
	const struct clos_tm_profile *prof;
	const struct clos_tc_sched *own;
	struct clos_tm_scratch *m;
	struct clos_tm_drain *d;
	struct clos_tm_port *st;
	__u32 port, tc, key, rnd = 0;
	__u64 backlog;
	int verdict;

	if (!r)
		return CLOS_TM_PASS;
	port = r->port & (CLOS_MAX_PORTS - 1);
	tc = r->tc & (CLOS_NUM_TC - 1);
	key = port * CLOS_NUM_TC + tc;
	prof = bpf_map_lookup_elem(&tm_profile, &key);
	st = bpf_map_lookup_elem(&tm_state, &port);
	key = 0;
	m = bpf_map_lookup_elem(&tm_scratch, &key);
	if (!prof || !st || !m)
		return CLOS_TM_PASS;
	d = &m->d;
	if (clos_tm_begin(st, d, bpf_ktime_get_ns(), r->rate_bps / 8))
		clos_tm_split_bpf(m);
	/* The class and its scheduler entry are taken after the calls, not
	 * kept across them: this frame counts in the 512 bytes of the
	 * fast path's call chain, which is near the limit (352 + 80 + 16,
	 * which a 6.1 verifier rounds to 352 + 96 + 32). (An array of
	 * CLOS_NUM_TC entries always has tc's.) */
	tc = r->tc & (CLOS_NUM_TC - 1);
	backlog = clos_tm_left(d, tc);
	if (clos_tm_quiet(prof, backlog, r->len)) {
		verdict = CLOS_TM_PASS;
	} else {
		key = tc;
		own = bpf_map_lookup_elem(&tc_sched, &key);
		if (clos_tm_needs_dice(prof, r->ect != 0, backlog))
			rnd = bpf_get_prandom_u32() & (CLOS_PMAX_ONE - 1);
		verdict = clos_tm_decide(prof, own && own->lossless,
					 r->ect != 0, backlog, r->len, rnd);
	}
	clos_tm_finish(st, d, tc, verdict != CLOS_TM_DROP ? r->len : 0);
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

/* The class of an untagged IP packet with this DSCP: every trust takes
 * the DSCP then. */
static __always_inline __u32 clos_class_of_dscp(__u32 dscp)
{
	const struct clos_tc_val *v = bpf_map_lookup_elem(&dscp_tc, &dscp);

	return v ? v->val & (CLOS_NUM_TC - 1) : 0;
}

/* The class of a frame that came in on port in (NULL: the switch's own
 * kernel sent it), by in's trust. p: dscp and ecn read (clos_parse_l3 or
 * clos_read_tos). */
static __always_inline __u32 clos_classify(const struct clos_pkt *p,
					   const struct clos_port *in)
{
	const struct clos_tc_val *v;
	__u32 key;

	if (p->tagged && (!in || in->trust == CLOS_TRUST_PCP)) {
		key = p->pcp;
		v = bpf_map_lookup_elem(&pcp_tc, &key);
		/* Keeps clang from merging the two lookups into one call on
		 * either map, which the verifier can no longer inline. */
		barrier_var(v);
		return v ? v->val & (CLOS_NUM_TC - 1) : 0;
	}
	if (p->proto == ETH_P_IP || p->proto == ETH_P_IPV6)
		return clos_class_of_dscp(p->dscp);
	return 0;
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

/* Set CE in the IP header at l3 (IPv4 when v4, else IPv6); the IPv4
 * header checksum follows. */
static __always_inline void clos_set_ce(void *l3, const bool v4, void *data_end)
{
	if (v4) {
		struct iphdr *iph = l3;
		__be16 old, new;

		if ((void *)(iph + 1) > data_end)
			return;
		/* tos is the low byte of the (version/ihl, tos) word. */
		old = *(__be16 *)iph;
		iph->tos |= 3;
		new = *(__be16 *)iph;
		clos_csum_replace2(&iph->check, old, new);
	} else {
		struct ipv6hdr *ip6h = l3;

		if ((void *)(ip6h + 1) > data_end)
			return;
		ip6h->flow_lbl[0] |= 0x30;	/* ECN: traffic class bits 1:0 */
	}
}

/* The model, CE or drop, per-class counters (in ctr, the port's counters;
 * NULL: none), for a frame of len bytes and class tc leaving port (id
 * port_id), its IP header at l3 (IPv4 when v4) with ECN field ecn.
 * Returns CLOS_TM_PASS, CLOS_TM_MARK (CE already written) or CLOS_TM_DROP. */
static __always_inline int clos_qos_apply_ip(void *l3, const bool v4, __u32 len,
					     __u8 ecn, void *data_end, __u32 tc,
					     __u32 port_id,
					     const struct clos_port *port,
					     struct clos_port_ctr *ctr)
{
	struct clos_tm_stats *ts = ctr ? &ctr->tc[tc & (CLOS_NUM_TC - 1)] : NULL;
	int verdict = CLOS_TM_PASS;

	if (port->rate_bps) {
		struct clos_tm_req req = {
			.rate_bps = port->rate_bps, .port = port_id, .tc = tc,
			.len = len, .ect = ecn != 0,
		};

		verdict = clos_tm_update(&req);
	}

	if (verdict == CLOS_TM_DROP) {
		if (ts)
			ts->dropped++;
		return verdict;
	}
	if (verdict == CLOS_TM_MARK) {
		if (ecn == 3) {
			verdict = CLOS_TM_PASS;	/* CE already: nothing to add */
		} else {
			clos_set_ce(l3, v4, data_end);
			if (ts)
				ts->ce_marked++;
		}
	}
	if (ts) {
		ts->packets++;
		ts->bytes += len;
	}
	return verdict;
}

/* clos_qos_apply_ip() for the packet p: ecn, len and the family read. */
static __always_inline int clos_qos_apply(const struct clos_pkt *p,
					  void *data_end, __u32 tc,
					  __u32 port_id,
					  const struct clos_port *port,
					  struct clos_port_ctr *ctr)
{
	return clos_qos_apply_ip(p->l3, p->proto == ETH_P_IP, p->len, p->ecn,
				 data_end, tc, port_id, port, ctr);
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
