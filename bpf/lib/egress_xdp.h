/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Egress control for XDP (devmap program): make the frame's VLAN tagging what
 * the egress port wants, then count it.
 *
 * A VLAN port (vlan != 0) sends exactly one 802.1Q tag with its VID. The PCP
 * is kept from the frame's own 802.1Q tag when it has one, else derived from
 * DSCP (class = DSCP >> 3). An untagged port sends no tag; an 802.1ad outer
 * tag never leaves a routed port.
 */
#ifndef CLOS_EGRESS_XDP_H
#define CLOS_EGRESS_XDP_H

#include "maps.h"
#include "parse.h"
#include "counters.h"

#define CLOS_MAC_PAIR_LEN	(2 * ETH_ALEN)

/* An 802.1Q tag as it sits in the frame, right after the MAC addresses. */
struct clos_vlan_tag {
	__be16 tpid;
	__be16 tci;
};

/* PCP for a frame that arrived untagged: the top 3 bits of DSCP. */
static __always_inline __u8 clos_pcp_from_l3(void *l3, __u16 proto, void *data_end)
{
	if (proto == ETH_P_IP) {
		struct iphdr *iph = l3;

		if ((void *)(iph + 1) <= data_end)
			return iph->tos >> 5;
	} else if (proto == ETH_P_IPV6) {
		struct ipv6hdr *ip6h = l3;

		if ((void *)(ip6h + 1) <= data_end)
			return ip6h->priority >> 1;
	}
	return 0;
}

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

static __always_inline int clos_egress_vlan_xdp(struct xdp_md *ctx,
						const struct clos_port *port)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct clos_vlan_tag *tag;
	struct clos_pkt p;
	__u8 pcp;

	if (clos_parse_l2(&p, data, data_end) != CLOS_PARSE_OK)
		return -1;
	pcp = p.tagged ? p.pcp : clos_pcp_from_l3(p.l3, p.proto, data_end);

	if (!port->vlan) {
		if (p.num_tags && clos_xdp_shift_macs(ctx, p.num_tags * 4))
			return -1;
		return 0;
	}

	if (p.num_tags == 0) {
		if (clos_xdp_shift_macs(ctx, -4))
			return -1;
	} else if (p.num_tags == 2) {
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

#endif /* CLOS_EGRESS_XDP_H */
