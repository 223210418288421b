/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Egress control for XDP, decided at ingress (entry_fast.h) once the route
 * has given the egress port, on the frame as ingress parsed it: QoS
 * (qos.h), then make the frame's VLAN tagging what the egress port wants,
 * then count it. The devmap only sends: its entries carry no program.
 *
 * A VLAN port (vlan != 0) sends exactly one 802.1Q tag with its VID and the
 * PCP of the frame's traffic class (tc_pcp; by default PCP = class, so a
 * tagged frame's PCP is kept and an untagged one gets DSCP >> 3). An
 * untagged port sends no tag; an 802.1ad outer tag never leaves a routed
 * port.
 */
#ifndef CLOS_EGRESS_XDP_H
#define CLOS_EGRESS_XDP_H

#include <stdbool.h>
#include "maps.h"
#include "parse.h"
#include "counters.h"
#include "qos.h"
#include "observe.h"
#include "ingress.h"

#define CLOS_MAC_PAIR_LEN	(2 * ETH_ALEN)

/* An 802.1Q tag as it sits in the frame, right after the MAC addresses. */
struct clos_vlan_tag {
	__be16 tpid;
	__be16 tci;
};

/* Move the frame start by delta bytes (positive: remove, negative: insert
 * room right after the MAC addresses), keeping the MAC addresses in front. */
static __always_inline int clos_xdp_shift_macs(struct xdp_md *ctx, int delta)
{
	__u8 macs[CLOS_MAC_PAIR_LEN];
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;

	if (data + CLOS_MAC_PAIR_LEN > data_end)
		return -1;
	__builtin_memcpy(macs, data, CLOS_MAC_PAIR_LEN);
	if (bpf_xdp_adjust_head(ctx, delta))
		return -1;
	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	if (data + CLOS_MAC_PAIR_LEN > data_end)
		return -1;
	__builtin_memcpy(data, macs, CLOS_MAC_PAIR_LEN);
	return 0;
}

/* Make the frame's tags what the port wants; num_tags is what the frame
 * has now, pcp what a tagged port writes. */
static __always_inline int clos_egress_vlan_xdp(struct xdp_md *ctx,
						const struct clos_port *port,
						int num_tags, __u8 pcp)
{
	struct clos_vlan_tag *tag;
	void *data, *data_end;

	if (!port->vlan) {
		if (num_tags && clos_xdp_shift_macs(ctx, num_tags * 4))
			return -1;
		return 0;
	}

	if (num_tags == 0) {
		if (clos_xdp_shift_macs(ctx, -4))
			return -1;
	} else if (num_tags == 2) {
		if (clos_xdp_shift_macs(ctx, 4))
			return -1;
	}
	/* Bytes 12..15 are now the one tag slot, the L3 ethertype behind it. */
	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	tag = data + CLOS_MAC_PAIR_LEN;
	if ((void *)(tag + 1) > data_end)
		return -1;
	tag->tpid = bpf_htons(ETH_P_8021Q);
	tag->tci = bpf_htons(((__u16)pcp << 13) | (port->vlan & 0x0fff));
	return 0;
}

/* The whole egress control of the port r->port for the frame ingress
 * forwards (r, with ctx's frame already rewritten): QoS (class, model, CE
 * or drop; skipped when the constant qos is false, leaving PCP 0), VLAN,
 * the port's counters. Returns the frame's verdict, which the caller
 * counts: CLOS_STAT_FWD (send it), DROP_QUEUE or DROP_EGRESS. */
static __always_inline int clos_egress_stage_xdp(struct xdp_md *ctx,
						 struct clos_ingress_res *r,
						 const bool qos)
{
	const struct clos_port *out = r->out;
	struct clos_port_ctr *ctr = clos_port_ctr(r->port);
	__u32 pcp = 0;

	if (qos) {
		void *data_end = (void *)(long)ctx->data_end;
		__u32 tc = clos_classify(&r->p, r->in);

		if (out->vlan)
			pcp = clos_tc_pcp_of(tc);
		int tm = clos_qos_apply(&r->p, data_end, tc, r->port, out, ctr);

		clos_obs_qos(r->port, tc, tm);
		if (tm == CLOS_TM_DROP)
			return CLOS_STAT_DROP_QUEUE;
	}
	/* The frame moves here: r->p's packet pointers are stale after. */
	if (clos_egress_vlan_xdp(ctx, out, r->p.num_tags, pcp))
		return CLOS_STAT_DROP_EGRESS;
	if (ctr)
		clos_count(&ctr->port.tx, ctx->data_end - ctx->data);
	return CLOS_STAT_FWD;
}

#endif /* CLOS_EGRESS_XDP_H */
