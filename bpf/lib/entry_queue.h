/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Queue mode's programs as functions (bpf/clos_queue.bpf.c is their
 * sections and nothing else), so that the test programs run what ships:
 *   clos_queue_ingress()  clos_ingress_tc, clsact ingress on every port:
 *                         the ingress control, then bpf_redirect to the
 *                         egress port;
 *   clos_queue_egress()   clos_egress_tc, clsact egress on every port:
 *                         the egress control, in front of its HTB queue.
 *
 * Ingress tries the lane first (lane_v4.h), as fast mode does; what the
 * lane leaves, untouched, goes through the general pipeline. The lane
 * does the egress port's part too, as fast mode's does: its frames come
 * to egress with skb->mark = CLOS_MARK_LANE and pass it untouched, so the
 * common frame is parsed once on its way through the switch.
 *
 * Counting as in fast mode (entry_fast.h): ingress counts its punts and
 * drops and a failed redirect; egress counts a frame the general pipeline
 * redirected as forwarded once its control passed it, or as the drop it
 * decided (the lane counts its frames itself).
 *
 * Egress also sees the frames the switch's own kernel sends (ARP replies,
 * ICMP errors, its own pings): they go through the same control (their
 * class, the model, the port's tx and tm_stats), but were never received,
 * so no terminal counter counts them, sent or dropped. Ingress tells
 * egress which frames are its own with skb->mark = CLOS_MARK_FORWARDED: a
 * mark survives bpf_redirect within the namespace, and cannot come in from
 * outside it, because a veth clears the mark of a frame that crosses into
 * another namespace. skb->priority would survive too, but a veth keeps
 * it, so a host could forge it.
 */
#ifndef CLOS_ENTRY_QUEUE_H
#define CLOS_ENTRY_QUEUE_H

#include <stdbool.h>
#include <linux/pkt_cls.h>
#include "ingress.h"
#include "egress_tc.h"
#include "observe.h"
#include "lane_v4.h"

/* The general pipeline's ingress, for any frame, its headers pulled; as
 * clos_queue_ingress(). */
static __always_inline int clos_queue_pass(struct __sk_buff *skb, __u32 *port)
{
	struct clos_ingress_res r;
	void *data, *data_end;
	__u32 len = skb->len;
	int ret;

	data = (void *)(long)skb->data;
	data_end = (void *)(long)skb->data_end;
	ret = clos_ingress(data, data_end, len, clos_tc_hw_tci(skb),
			   skb->ingress_ifindex, &r);
	if (ret != CLOS_PARSE_OK) {
		clos_obs_verdict(ret, 0);
		return clos_stat_is_punt(ret) ? TC_ACT_OK : TC_ACT_SHOT;
	}

	*port = r.port;
	if (bpf_redirect(r.out->ifindex, 0) != TC_ACT_REDIRECT) {
		clos_stat_add(r.stats, CLOS_STAT_DROP_REDIRECT, len);
		if (r.in_ctr)
			clos_count(&r.in_ctr->port.drop, len);
		clos_obs_verdict(CLOS_STAT_DROP_REDIRECT, 0);
		return TC_ACT_SHOT;
	}
	skb->mark = CLOS_MARK_FORWARDED;
	return TC_ACT_REDIRECT;
}

/* *port: the egress port, when the frame is redirected (TC_ACT_REDIRECT). */
static __always_inline int clos_queue_ingress(struct __sk_buff *skb, __u32 *port)
{
	int ret;

	clos_obs_rx(skb, false, skb->ingress_ifindex);
	clos_tc_pull(skb);
	ret = clos_lane_v4_tc(skb, port);
	if (ret != CLOS_LANE_MISS)
		return ret;
	return clos_queue_pass(skb, port);
}

/* The egress of the port on skb->ifindex. */
static __always_inline int clos_queue_egress(struct __sk_buff *skb)
{
	bool forwarded = skb->mark == CLOS_MARK_FORWARDED;
	__u32 len = skb->len, id = CLOS_MAX_PORTS;
	int ret = CLOS_STAT_DROP_EGRESS;

	/* The ingress lane did this port's part already. */
	if (skb->mark == CLOS_MARK_LANE)
		return TC_ACT_OK;
	if (!clos_port_of_ifindex(skb->ifindex, &id))
		ret = clos_egress_stage_tc(skb, id);
	if (forwarded) {
		clos_stat(ret, len);
		/* The verdict of the frame queue mode's ingress redirected. */
		clos_obs_verdict(ret, id);
		if (ret == CLOS_STAT_FWD)
			clos_obs_tx(skb, false, id);
	}
	return ret == CLOS_STAT_FWD ? TC_ACT_OK : TC_ACT_SHOT;
}

#endif /* CLOS_ENTRY_QUEUE_H */
