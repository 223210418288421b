/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Egress control for TC (queue mode; clsact egress, which runs before the
 * port's qdisc): QoS (qos.h), the VLAN tag the port wants, the HTB class of
 * the frame's traffic class, counters.
 *
 * In TC the outer VLAN tag usually sits beside the data (skb->vlan_tci:
 * the kernel takes it out on receive, and a pushed tag stays there until
 * the driver sends it), so tags are popped and pushed with the skb helpers
 * rather than moved by hand as in XDP.
 */
#ifndef CLOS_EGRESS_TC_H
#define CLOS_EGRESS_TC_H

#include <linux/pkt_cls.h>
#include "maps.h"
#include "parse.h"
#include "counters.h"
#include "qos.h"
#include "observe.h"

/* Enough linear bytes for every header the pipeline reads. */
#define CLOS_TC_PULL		256

/* The tag beside the data as clos_parse_l2() takes it: its TCI, and
 * whether it is an 802.1ad tag (the kernel takes either kind out). */
static __always_inline int clos_tc_hw_tci(const struct __sk_buff *skb)
{
	if (!skb->vlan_present)
		return CLOS_NO_HW_TAG;
	return (int)(skb->vlan_tci & 0xffff) |
	       (skb->vlan_proto == bpf_htons(ETH_P_8021AD) ? CLOS_HW_TAG_8021AD : 0);
}

/* Make the headers the pipeline reads linear and directly accessible.
 * Most frames are linear already (a veth's, a small frame's): the helper
 * is then left out, a call per packet and per program. (A cloned skb is
 * still made private before a write: the verifier's prologue does that
 * for every TC program that writes packet data.) */
static __always_inline void clos_tc_pull(struct __sk_buff *skb)
{
	__u32 want = skb->len < CLOS_TC_PULL ? skb->len : CLOS_TC_PULL;
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;

	if (data + want > data_end)
		bpf_skb_pull_data(skb, want);
	/* The caller reads skb->data again: after the helper the old
	 * pointers are invalid, and the compiler must not reuse them. */
	asm volatile("" ::: "memory");
}

static __always_inline int clos_egress_vlan_tc(struct __sk_buff *skb,
					       const struct clos_port *port,
					       int tags, __u8 pcp)
{
	int i;

	/* Pop every tag (beside the data first, then in it), push the port's. */
#pragma unroll
	for (i = 0; i < 3; i++)
		if (i < tags && bpf_skb_vlan_pop(skb))
			return -1;
	if (port->vlan &&
	    bpf_skb_vlan_push(skb, bpf_htons(ETH_P_8021Q),
			      ((__u16)pcp << 13) | (port->vlan & 0x0fff)))
		return -1;
	return 0;
}

/* The whole egress control of port_id for the frame in skb: QoS, VLAN,
 * the HTB class, the port's counters. Returns the frame's verdict, which
 * the caller counts: CLOS_STAT_FWD (send it), DROP_QUEUE or DROP_EGRESS. */
static __always_inline int clos_egress_stage_tc(struct __sk_buff *skb, __u32 port_id)
{
	struct clos_egress_res res = {};
	const struct clos_port *port;
	struct clos_port_ctr *ctr;
	void *data, *data_end;
	struct clos_pkt p;
	__u32 len = skb->len;
	int tm;

	clos_tc_pull(skb);
	data = (void *)(long)skb->data;
	data_end = (void *)(long)skb->data_end;
	port = bpf_map_lookup_elem(&ports, &port_id);
	if (!port || clos_parse_l2(&p, data, data_end, len, clos_tc_hw_tci(skb)) != CLOS_PARSE_OK)
		return CLOS_STAT_DROP_EGRESS;
	ctr = clos_port_ctr(port_id);
	tm = clos_egress_qos(&p, data_end, skb->ingress_ifindex, port_id, port,
			     ctr, &res);
	clos_obs_qos(port_id, res.tc, tm);
	if (tm == CLOS_TM_DROP)
		return CLOS_STAT_DROP_QUEUE;
	if (clos_egress_vlan_tc(skb, port, p.num_tags + p.hw_tag, res.pcp))
		return CLOS_STAT_DROP_EGRESS;
	skb->priority = CLOS_HTB_CLASS(res.tc);
	if (ctr)
		clos_count(&ctr->port.tx, skb->len);
	return CLOS_STAT_FWD;
}

#endif /* CLOS_EGRESS_TC_H */
