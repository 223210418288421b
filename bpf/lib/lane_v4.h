/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lane: the common frame in one flat pass. An untagged IPv4
 * unicast frame without options, whole and with a good header checksum,
 * routed from a port without a VLAN to a port without one while nothing
 * observes (no capture, no trace): the lane forwards it, or drops it where
 * the queue model says so, exactly as the general pipeline would
 * (ingress.h, egress_xdp.h), with the same tables, the same FIB and QoS
 * code (fib.h, qos.h) and the same counters. Fast mode runs it at XDP
 * (clos_lane_v4_xdp), queue mode's ingress at TC (clos_lane_v4_tc).
 *
 * It checks everything before it writes anything. Any other frame, and any
 * frame the lane finds to be a punt, a drop or unusual on the way (a
 * martian, TTL 1, a short header, a route elsewhere, a port down, a
 * missing devmap entry), it leaves untouched to the general pipeline,
 * which starts over and counts it.
 *
 * Why a lane: the general pipeline handles every kind of frame, so it
 * keeps its parse and results in structs on the stack (struct clos_pkt,
 * clos_ingress_res) and tests the kind again where paths meet. The lane
 * knows the kind and reads the header where it is.
 */
#ifndef CLOS_LANE_V4_H
#define CLOS_LANE_V4_H

#include <stdbool.h>
#include <linux/pkt_cls.h>
#include "maps.h"
#include "parse.h"
#include "route.h"
#include "rewrite.h"
#include "counters.h"
#include "qos.h"
#include "observe.h"

/* The frame is not the lane's: run the general pipeline. */
#define CLOS_LANE_MISS		(-1)

/* *l4_ports: the word of the L4 ports of the unfragmented TCP or UDP
 * packet at iph (20 bytes of header, l3_end its end) for the hash, 0 for
 * other packets; *roce, *cnp: a RoCEv2 packet, a CNP. -1: a header is cut
 * short. As clos_parse_l4() finds them. */
static __always_inline int clos_lane_l4(const struct iphdr *iph, void *l3_end,
					void *data_end, __u32 *l4_ports,
					bool *roce, bool *cnp)
{
	const struct udphdr *uh = (const void *)(iph + 1);
	const struct clos_bth *bth = (const void *)(uh + 1);

	*l4_ports = 0;
	if (iph->frag_off & bpf_htons(CLOS_IP_MF | CLOS_IP_OFFSET))
		return 0;
	if (iph->protocol == IPPROTO_TCP) {
		const struct tcphdr *th = (const void *)uh;

		if ((void *)(th + 1) > data_end || (void *)(th + 1) > l3_end)
			return -1;
	} else if (iph->protocol == IPPROTO_UDP) {
		if ((void *)(uh + 1) > data_end || (void *)(uh + 1) > l3_end)
			return -1;
		/* A datagram too short for a BTH is plain UDP (parse.h). */
		if (uh->dest == bpf_htons(CLOS_ROCE_UDP_PORT) &&
		    (void *)(bth + 1) <= l3_end) {
			if ((void *)(bth + 1) > data_end)
				return -1;
			*roce = true;
			*cnp = bth->opcode == CLOS_BTH_OP_CNP;
		}
	} else {
		return 0;
	}
	*l4_ports = *(const __u32 *)uh;
	return 0;
}

/* What the lane knows of a frame it takes, once clos_lane_v4_route() has
 * decided it is one. */
struct clos_lane {
	struct clos_fwd fwd;
	const struct clos_port *in;
	const struct clos_port *out;
	__u32 in_id;
	bool roce;
	bool cnp;
};

/* Is the frame in (data, data_end), len bytes in all, that came in on
 * ifindex, one the lane takes? 0 with *l filled in, or CLOS_LANE_MISS.
 * The Ethernet header is whole and IPv4 (the lane's entry points look),
 * and no tag is beside the data. Writes nothing but *l. */
static __always_inline int clos_lane_v4_route(void *data, void *data_end,
					      __u32 len, __u32 ifindex,
					      struct clos_lane *l)
{
	struct ethhdr *eth = data;
	struct iphdr *iph = (void *)(eth + 1);
	struct clos_fib_ctx fc = { .iph = iph };
	const struct clos_route *rt;
	__u32 tot_len;

	if ((void *)(iph + 1) > data_end || CLOS_OBS.flags)
		return CLOS_LANE_MISS;
	if (clos_port_of_ifindex(ifindex, &l->in_id))
		return CLOS_LANE_MISS;
	l->in = bpf_map_lookup_elem(&ports, &l->in_id);
	if (!l->in || !l->in->ifindex || l->in->vlan)
		return CLOS_LANE_MISS;
	if (clos_mac_is_mcast(eth->h_dest) ||
	    !clos_mac_equal(eth->h_dest, l->in->mac))
		return CLOS_LANE_MISS;

	/* Version 4, no options, whole (Ethernet padding after it allowed),
	 * its checksum good; neither address a martian, which leaves out
	 * multicast and broadcast destinations too (224/4 and up); TTL > 1. */
	if (*(const __u8 *)iph != 0x45)
		return CLOS_LANE_MISS;
	tot_len = clos_ntohs_len(iph->tot_len);
	if (tot_len < sizeof(*iph) || sizeof(*eth) + tot_len > len)
		return CLOS_LANE_MISS;
	if (!clos_ipv4_csum_ok(iph, data_end) ||
	    clos_martian_v4((const __u8 *)&iph->saddr, (const __u8 *)&iph->daddr) ||
	    iph->ttl <= 1)
		return CLOS_LANE_MISS;
	l->roce = false;
	l->cnp = false;
	if (clos_lane_l4(iph, (void *)iph + tot_len, data_end, &fc.l4_ports,
			 &l->roce, &l->cnp))
		return CLOS_LANE_MISS;

	__builtin_memset(&l->fwd, 0, sizeof(l->fwd));
	rt = clos_fib_lookup_v4(&fc, (const __u8 *)&iph->daddr);
	if (!rt || clos_fib_resolve(&fc, rt, &l->fwd) != CLOS_STAT_FWD)
		return CLOS_LANE_MISS;
	l->out = fc.port;
	if (!l->out || l->out->vlan)
		return CLOS_LANE_MISS;
	return 0;
}

/* The ingress part of a frame the lane took and sends: what the general
 * pipeline's ingress counts and writes (ingress.h), in its order. Returns
 * the switch's counters (NULL: none). */
static __always_inline struct clos_stats *
clos_lane_v4_ingress(void *data, __u32 len, const struct clos_lane *l)
{
	struct ethhdr *eth = data;
	struct clos_stats *st = clos_stats();
	struct clos_port_ctr *ctr = clos_port_ctr(l->in_id);

	if (ctr)
		clos_count(&ctr->port.rx, len);
	if (l->roce) {
		clos_stat_add(st, CLOS_STAT_ROCE, len);
		if (l->cnp)
			clos_stat_add(st, CLOS_STAT_ROCE_CNP, len);
	}
	clos_eth_set_macs(eth, l->fwd.dmac, l->out->mac);
	clos_rewrite_ttl_v4((struct iphdr *)(eth + 1));
	if (l->fwd.ecmp) {
		clos_ecmp_stat(l->fwd.group, l->fwd.slot, len);
		clos_stat_add(st, CLOS_STAT_FWD_ECMP, len);
	}
	return st;
}

/* The egress port's part of a frame the lane sends, as the general
 * pipeline's egress does it for a frame to a port without a VLAN
 * (egress_xdp.h, egress_tc.h): its class (*tc), the queue model (CE or
 * drop), the port's tx and the switch's verdict counted in st. Returns
 * CLOS_STAT_FWD, or CLOS_STAT_DROP_QUEUE where the model dropped it.
 * qos as clos_fast_pipeline()'s. */
static __always_inline int clos_lane_v4_egress(struct iphdr *iph, __u32 len,
					       void *data_end,
					       const struct clos_lane *l,
					       struct clos_stats *st,
					       const bool qos, __u32 *tc)
{
	struct clos_port_ctr *out_ctr = clos_port_ctr(l->fwd.port);

	*tc = 0;
	if (qos) {
		*tc = clos_class_of_dscp(iph->tos >> 2);
		if (clos_qos_apply_ip(iph, true, len, iph->tos & 3, data_end,
				      *tc, l->fwd.port, l->out,
				      out_ctr) == CLOS_TM_DROP) {
			clos_stat_add(st, CLOS_STAT_DROP_QUEUE, len);
			return CLOS_STAT_DROP_QUEUE;
		}
	}
	if (out_ctr)
		clos_count(&out_ctr->port.tx, len);
	clos_stat_add(st, CLOS_STAT_FWD, len);
	return CLOS_STAT_FWD;
}

/* Fast mode's lane for the frame of ctx: XDP_REDIRECT with *port set,
 * XDP_DROP (the queue model dropped it), every counter counted, the egress
 * port's part included; or CLOS_LANE_MISS, nothing written. qos as
 * clos_fast_pipeline()'s. */
static __always_inline int clos_lane_v4_xdp(struct xdp_md *ctx, __u32 *port,
					    const bool qos)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct clos_stats *st;
	struct clos_lane l;
	__u32 len, tc;

	/* Else clang may compare with a 32-bit copy of data_end (it knows
	 * the two equal), which the verifier no longer takes for the end. */
	barrier_var(data_end);
	if ((void *)(eth + 1) > data_end || clos_eth_proto(eth) != bpf_htons(ETH_P_IP))
		return CLOS_LANE_MISS;
	len = data_end - data;
	if (clos_lane_v4_route(data, data_end, len, ctx->ingress_ifindex, &l))
		return CLOS_LANE_MISS;
	if (bpf_redirect_map(&tx_ports, l.fwd.port, 0) != XDP_REDIRECT)
		return CLOS_LANE_MISS;

	/* Decided: from here on, what the general pipeline counts and
	 * writes for this frame, in its order. */
	st = clos_lane_v4_ingress(data, len, &l);
	if (clos_lane_v4_egress((struct iphdr *)(eth + 1), len, data_end, &l,
				st, qos, &tc) != CLOS_STAT_FWD)
		return XDP_DROP;
	*port = l.fwd.port;
	return XDP_REDIRECT;
}

/* Queue mode's lane at TC ingress (entry_queue.h), for the frame of skb
 * with its headers pulled: TC_ACT_REDIRECT to the egress port with *port
 * set, or TC_ACT_SHOT (the queue model dropped it), every counter counted
 * and the egress port's part done here as in fast mode: the HTB class in
 * skb->priority, and skb->mark = CLOS_MARK_LANE, which has the port's
 * egress program let the frame pass without a second parse. Or
 * CLOS_LANE_MISS, nothing written. */
static __always_inline int clos_lane_v4_tc(struct __sk_buff *skb, __u32 *port)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct clos_stats *st;
	struct clos_lane l;
	__u32 len = skb->len, tc;

	if (skb->vlan_present || (void *)(eth + 1) > data_end ||
	    clos_eth_proto(eth) != bpf_htons(ETH_P_IP))
		return CLOS_LANE_MISS;
	if (clos_lane_v4_route(data, data_end, len, skb->ingress_ifindex, &l))
		return CLOS_LANE_MISS;
	if (bpf_redirect(l.out->ifindex, 0) != TC_ACT_REDIRECT)
		return CLOS_LANE_MISS;
	st = clos_lane_v4_ingress(data, len, &l);
	if (clos_lane_v4_egress((struct iphdr *)(eth + 1), len, data_end, &l,
				st, true, &tc) != CLOS_STAT_FWD)
		return TC_ACT_SHOT;
	skb->priority = CLOS_HTB_CLASS(tc);
	skb->mark = CLOS_MARK_LANE;
	*port = l.fwd.port;
	return TC_ACT_REDIRECT;
}

#endif /* CLOS_LANE_V4_H */
