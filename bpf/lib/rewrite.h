/* SPDX-License-Identifier: GPL-2.0 */
/* L2/L3 rewrite of a routed packet: neighbour and port MACs, TTL / hop limit
 * minus one with the IPv4 header checksum updated incrementally. */
#ifndef CLOS_REWRITE_H
#define CLOS_REWRITE_H

#include "parse.h"
#include "csum.h"
#include "route.h"

/* TTL minus one, on a packet whose TTL is above 1 (ingress punts the
 * rest), so no borrow. TTL is the high byte of the (ttl, protocol) word.
 * The new word is made in a register and stored whole: a byte store read
 * back as a word stalls the load until the store retires (~8% of the
 * pipeline's samples in perf). */
static __always_inline void clos_rewrite_ttl_v4(struct iphdr *iph)
{
	__be16 old = *(__be16 *)&iph->ttl;
	__be16 new = bpf_htons(bpf_ntohs(old) - 0x0100);

	*(__be16 *)&iph->ttl = new;
	clos_csum_replace2(&iph->check, old, new);
}

static __always_inline void clos_rewrite_routed(struct clos_pkt *p,
						const struct clos_fwd *fwd,
						const __u8 *port_mac,
						void *data_end)
{
	clos_eth_set_macs(p->eth, fwd->dmac, port_mac);

	if (p->proto == ETH_P_IP) {
		struct iphdr *iph = p->l3;

		if ((void *)(iph + 1) > data_end)
			return;
		clos_rewrite_ttl_v4(iph);
	} else {
		struct ipv6hdr *ip6h = p->l3;

		if ((void *)(ip6h + 1) > data_end)
			return;
		ip6h->hop_limit--;
	}
}

#endif /* CLOS_REWRITE_H */
