/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The parser: one cursor walks Ethernet, up to two VLAN tags (an 802.1Q tag
 * read, 802.1ad and stacked tags noted in vlan_bad for the VLAN rule of
 * vlan.h), IPv4 (with options, its header checksum verified) or IPv6 (with
 * extension headers), TCP/UDP and the RoCEv2 BTH, over (data, data_end) so
 * that the XDP and TC entry points share it. clos_parse_l2() and
 * clos_parse_l3() are its two halves: ingress applies the VLAN rule between
 * them, before anything is punted.
 *
 * Result: CLOS_PARSE_OK with struct clos_pkt filled in, or the clos_stat
 * that says why the packet leaves the fast path (a PUNT_* to the kernel or a
 * DROP_*). Header fields in clos_pkt keep network byte order unless noted.
 */
#ifndef CLOS_PARSE_H
#define CLOS_PARSE_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/in.h>
#include <linux/udp.h>
#include <linux/tcp.h>
#include <bpf/bpf_endian.h>
#include "clos/abi.h"
#include "csum.h"
#include "eth.h"
#include "martian.h"

#define CLOS_PARSE_OK		CLOS_STAT_MAX

#ifndef ETH_P_8021AD
#define ETH_P_8021AD		0x88A8
#endif
#define CLOS_IP_MF		0x2000
#define CLOS_IP_OFFSET		0x1FFF
#define CLOS_V6_EXT_MAX		4	/* extension headers skipped before giving up */

struct clos_vlan_hdr {
	__be16 tci;
	__be16 proto;
};

/* InfiniBand Base Transport Header, the first 12 bytes of a RoCEv2 payload. */
struct clos_bth {
	__u8 opcode;
	__u8 flags;		/* SE, M, pad count, transport version */
	__be16 pkey;
	__be32 qpn;		/* FECN, BECN, reserved, 24-bit dest QP */
	__be32 psn;		/* AckReq, reserved, 24-bit PSN */
};

struct clos_pkt {
	struct ethhdr *eth;
	void *l3;
	__u32 len;		/* frame length in bytes (host order) */
	__u16 l3_off;		/* host order */
	__u16 proto;		/* ETH_P_IP or ETH_P_IPV6, host order */
	__u8 num_tags;		/* VLAN tags in the data, before the L3 header */
	__u8 hw_tag;		/* a tag is beside the data (skb->vlan_tci) */
	__u8 tagged;		/* an 802.1Q (C-)tag was present */
	__u8 vlan_bad;		/* an 802.1ad tag, or more than one tag */
	__u8 martian;		/* 0, or DROP_MARTIAN_SRC/DST (martian.h) */
	__u16 vid;		/* host order; 0 when untagged */
	__u8 pcp;
	__u8 dscp;
	__u8 ecn;
	__u8 ttl;		/* TTL or hop limit */
	__u8 l4_proto;
	__u8 is_frag;
	__u8 roce;		/* UDP dport 4791 with a whole BTH */
	__u8 bth_opcode;
	__u32 bth_qpn;		/* host order, 24 bits */
	__u32 bth_psn;		/* host order, 24 bits */
	void *l3_end;		/* end of the IP packet, by its length field */
	union {
		struct clos_flow_v4 v4;
		struct clos_flow_v6 v6;
	} flow __attribute__((aligned(4)));	/* hash.h reads words */
};

/* Is a header ending at end missing? It must lie in the frame (for the
 * verifier) and in the IP packet: Ethernet padding or a trailer after the
 * packet is no header, however many bytes it has. */
static __always_inline int clos_hdr_short(const struct clos_pkt *p, void *end,
					  void *data_end)
{
	return end > data_end || end > p->l3_end;
}

/* L4: ports for the hash, BTH for RoCEv2. pos points at the L4 header. */
static __always_inline int clos_parse_l4(struct clos_pkt *p, void *pos,
					 void *data_end, __be16 *sport,
					 __be16 *dport)
{
	if (p->is_frag)
		return CLOS_PARSE_OK;	/* ports stay 0: fragments hash alike */

	if (p->l4_proto == IPPROTO_TCP) {
		struct tcphdr *th = pos;

		if (clos_hdr_short(p, th + 1, data_end))
			return CLOS_STAT_DROP_TRUNCATED;
		*sport = th->source;
		*dport = th->dest;
	} else if (p->l4_proto == IPPROTO_UDP) {
		struct udphdr *uh = pos;
		struct clos_bth *bth;

		if (clos_hdr_short(p, uh + 1, data_end))
			return CLOS_STAT_DROP_TRUNCATED;
		*sport = uh->source;
		*dport = uh->dest;
		if (uh->dest != bpf_htons(CLOS_ROCE_UDP_PORT))
			return CLOS_PARSE_OK;
		/* A datagram too short for a BTH is plain UDP to port 4791,
		 * as it is to every host on the way: forwarded, not RoCE. */
		bth = (void *)(uh + 1);
		if ((void *)(bth + 1) > p->l3_end)
			return CLOS_PARSE_OK;
		if ((void *)(bth + 1) > data_end)
			return CLOS_STAT_DROP_TRUNCATED;
		p->roce = 1;
		p->bth_opcode = bth->opcode;
		p->bth_qpn = bpf_ntohl(bth->qpn) & 0xffffff;
		p->bth_psn = bpf_ntohl(bth->psn) & 0xffffff;
	}
	return CLOS_PARSE_OK;
}

/* bpf_ntohs() for a length that moves a packet pointer. Verifiers before
 * 6.3 or so forget every bound of a register through a byte swap (6.1
 * calls the result of be16 unknown, and refuses pointer math with it);
 * the mask, kept from clang, gives the bound back. */
static __always_inline __u32 clos_ntohs_len(__be16 v)
{
	__u32 x = bpf_ntohs(v);

	barrier_var(x);
	return x & 0xffff;
}

static __always_inline int clos_parse_ipv4(struct clos_pkt *p, void *data,
					   void *data_end)
{
	struct iphdr *iph = p->l3;
	__u32 hdr_len, tot_len;

	if ((void *)(iph + 1) > data_end)
		return CLOS_STAT_DROP_TRUNCATED;
	if (iph->version != 4 || iph->ihl < 5)
		return CLOS_STAT_DROP_BAD_IP;
	hdr_len = iph->ihl * 4;
	tot_len = clos_ntohs_len(iph->tot_len);
	if (tot_len < hdr_len)
		return CLOS_STAT_DROP_BAD_IP;
	/* The frame may carry Ethernet padding past tot_len, never less. */
	if (p->l3_off + tot_len > p->len)
		return CLOS_STAT_DROP_TRUNCATED;
	if ((void *)iph + hdr_len > data_end)
		return CLOS_STAT_DROP_TRUNCATED;
	/* RFC 1812 5.2.2: a router verifies the header checksum and
	 * silently drops a packet that fails it. */
	if (!clos_ipv4_csum_ok(iph, data_end))
		return CLOS_STAT_DROP_BAD_CSUM;
	p->l3_end = (void *)iph + tot_len;

	p->ttl = iph->ttl;
	p->dscp = iph->tos >> 2;
	p->ecn = iph->tos & 3;
	p->l4_proto = iph->protocol;
	p->is_frag = !!(iph->frag_off & bpf_htons(CLOS_IP_MF | CLOS_IP_OFFSET));
	p->flow.v4.sport = 0;
	p->flow.v4.dport = 0;
	__builtin_memcpy(p->flow.v4.saddr, &iph->saddr, 4);
	__builtin_memcpy(p->flow.v4.daddr, &iph->daddr, 4);
	p->flow.v4.proto = iph->protocol;
	p->martian = clos_martian_v4((const __u8 *)&iph->saddr,
				     (const __u8 *)&iph->daddr);

	/* 224.0.0.0/4 multicast and 255.255.255.255 belong to the kernel. */
	if ((p->flow.v4.daddr[0] & 0xf0) == 0xe0 || iph->daddr == 0xffffffff)
		return CLOS_STAT_PUNT_MCAST;

	return clos_parse_l4(p, (void *)iph + hdr_len, data_end,
			     &p->flow.v4.sport, &p->flow.v4.dport);
}

static __always_inline int clos_parse_ipv6(struct clos_pkt *p, void *data,
					   void *data_end)
{
	struct ipv6hdr *ip6h = p->l3;
	void *pos = ip6h + 1;
	__u32 payload_len;
	__u8 nexthdr;
	int i;

	if ((void *)(ip6h + 1) > data_end)
		return CLOS_STAT_DROP_TRUNCATED;
	if (ip6h->version != 6)
		return CLOS_STAT_DROP_BAD_IP;
	payload_len = clos_ntohs_len(ip6h->payload_len);
	if (p->l3_off + sizeof(*ip6h) + payload_len > p->len)
		return CLOS_STAT_DROP_TRUNCATED;
	p->l3_end = pos + payload_len;

	p->ttl = ip6h->hop_limit;
	p->dscp = ((ip6h->priority << 4) | (ip6h->flow_lbl[0] >> 4)) >> 2;
	p->ecn = (ip6h->flow_lbl[0] >> 4) & 3;
	p->flow.v6.sport = 0;
	p->flow.v6.dport = 0;
	__builtin_memcpy(p->flow.v6.saddr, &ip6h->saddr, 16);
	__builtin_memcpy(p->flow.v6.daddr, &ip6h->daddr, 16);
	p->martian = clos_martian_v6(ip6h->saddr.s6_addr, ip6h->daddr.s6_addr);

	/* Multicast (ND, MLD) and link-local destinations are the kernel's. */
	if (p->flow.v6.daddr[0] == 0xff)
		return CLOS_STAT_PUNT_MCAST;
	if (p->flow.v6.daddr[0] == 0xfe && (p->flow.v6.daddr[1] & 0xc0) == 0x80)
		return CLOS_STAT_PUNT_LOCAL;

	nexthdr = ip6h->nexthdr;
	if (nexthdr == IPPROTO_HOPOPTS)	/* every router must look at it */
		return CLOS_STAT_PUNT_V6_HBH;

#pragma unroll
	for (i = 0; i < CLOS_V6_EXT_MAX; i++) {
		struct { __u8 nexthdr; __u8 len; __be16 frag_off; } *ext = pos;
		__u8 this = nexthdr;

		if (this != IPPROTO_ROUTING && this != IPPROTO_DSTOPTS &&
		    this != IPPROTO_FRAGMENT)
			break;
		if (clos_hdr_short(p, ext + 1, data_end))
			return CLOS_STAT_DROP_TRUNCATED;
		nexthdr = ext->nexthdr;
		if (this == IPPROTO_FRAGMENT) {
			/* What follows is the fragment: in all but the first,
			 * data, not headers. Every fragment stops here alike,
			 * with the protocol the fragment header names. */
			p->is_frag = 1;
			pos += 8;
			break;
		}
		pos += (ext->len + 1) * 8;
	}

	p->l4_proto = nexthdr;
	p->flow.v6.proto = nexthdr;
	/* ND is never fragmented (RFC 6980): an ICMPv6 fragment, first or
	 * not, is routed like any other packet. */
	if (nexthdr == IPPROTO_ICMPV6 && !p->is_frag) {
		__u8 *type = pos;

		if (clos_hdr_short(p, type + 1, data_end))
			return CLOS_STAT_DROP_TRUNCATED;
		/* 133..137: router/neighbour solicitation/advertisement, redirect */
		if (*type >= 133 && *type <= 137)
			return CLOS_STAT_PUNT_ICMPV6_ND;
		return CLOS_PARSE_OK;
	}
	return clos_parse_l4(p, pos, data_end, &p->flow.v6.sport,
			     &p->flow.v6.dport);
}

/* No VLAN tag outside the frame data (XDP always; TC when the skb has none). */
#define CLOS_NO_HW_TAG		(-1)
/* Or'ed into a hw_tci: the tag beside the data is an 802.1ad (S-)tag. */
#define CLOS_HW_TAG_8021AD	0x10000

/* Ethernet and VLAN tags only: sets eth, l3, l3_off, proto and the tags.
 * len is the whole frame's length: in TC, data_end only ends the linear
 * part. hw_tci is a tag the kernel keeps beside the data (skb->vlan_tci),
 * which counts as the frame's outer tag, with CLOS_HW_TAG_8021AD when it
 * is an 802.1ad one; CLOS_NO_HW_TAG when none. */
static __always_inline int clos_parse_l2(struct clos_pkt *p, void *data,
					 void *data_end, __u32 len, int hw_tci)
{
	struct ethhdr *eth = data;
	void *pos = eth + 1;
	__u16 proto;
	int i;

	/* Zero the scalars, which are set only on some paths; the rest is
	 * written before it is read: l3_end by the L3 parser, the flow by
	 * clos_parse_ipv4/6 (each zeroes the ports it may not find). */
	__builtin_memset(p, 0, __builtin_offsetof(struct clos_pkt, l3_end));
	p->len = len;
	p->eth = eth;
	if (hw_tci >= 0) {
		p->hw_tag = 1;
		p->vlan_bad = !!(hw_tci & CLOS_HW_TAG_8021AD);
		p->tagged = !p->vlan_bad;
		p->vid = hw_tci & 0x0fff;
		p->pcp = (hw_tci >> 13) & 7;
	}
	if ((void *)(eth + 1) > data_end)
		return CLOS_STAT_DROP_TRUNCATED;
	proto = bpf_ntohs(clos_eth_proto(eth));

#pragma unroll
	for (i = 0; i < 2; i++) {
		struct clos_vlan_hdr *vh = pos;

		if (proto != ETH_P_8021Q && proto != ETH_P_8021AD)
			break;
		if ((void *)(vh + 1) > data_end)
			return CLOS_STAT_DROP_TRUNCATED;
		if (proto == ETH_P_8021Q) {	/* the C-tag: the one we read */
			p->tagged = 1;
			p->vid = bpf_ntohs(vh->tci) & 0x0fff;
			p->pcp = bpf_ntohs(vh->tci) >> 13;
		} else {
			p->vlan_bad = 1;
		}
		p->num_tags++;
		proto = bpf_ntohs(vh->proto);
		pos = vh + 1;
	}
	/* A second tag (beside the data or in it), or a third. */
	if (p->num_tags + p->hw_tag > 1 || proto == ETH_P_8021Q ||
	    proto == ETH_P_8021AD)
		p->vlan_bad = 1;

	p->l3 = pos;
	p->l3_off = pos - data;
	p->proto = proto;
	return CLOS_PARSE_OK;
}

/* Everything after the tags, on a p clos_parse_l2() filled in. */
static __always_inline int clos_parse_l3(struct clos_pkt *p, void *data,
					 void *data_end)
{
	if (p->proto == ETH_P_ARP)
		return CLOS_STAT_PUNT_ARP;
	if (p->proto != ETH_P_IP && p->proto != ETH_P_IPV6)
		return CLOS_STAT_PUNT_L2_OTHER;
	if (clos_mac_is_mcast(p->eth->h_dest))
		return CLOS_STAT_PUNT_MCAST;
	if (p->proto == ETH_P_IP)
		return clos_parse_ipv4(p, data, data_end);
	return clos_parse_ipv6(p, data, data_end);
}

static __always_inline int clos_parse(struct clos_pkt *p, void *data,
				      void *data_end, __u32 len, int hw_tci)
{
	int ret = clos_parse_l2(p, data, data_end, len, hw_tci);

	if (ret != CLOS_PARSE_OK)
		return ret;
	return clos_parse_l3(p, data, data_end);
}

static __always_inline int clos_stat_is_punt(int stat)
{
	return stat >= CLOS_STAT_PUNT_LOCAL && stat <= CLOS_STAT_PUNT_V6_HBH;
}

#endif /* CLOS_PARSE_H */
