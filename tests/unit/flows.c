// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <linux/if_ether.h>
#include "flowkey.h"
#include "flows.h"

__u64 rng_next(struct rng *r)
{
	r->s ^= r->s << 13;
	r->s ^= r->s >> 7;
	r->s ^= r->s << 17;
	return r->s;
}

void flow_random(struct rng *r, struct pkt_spec *s, bool v6, bool frag,
		 const char *dmac)
{
	__u64 a = rng_next(r), b = rng_next(r), c = rng_next(r);

	if (v6) {
		pkt_udp6(s, dmac, "2001:db8::", "2001:db8::");
		memcpy(s->saddr + 4, &a, 8);
		memcpy(s->saddr + 12, &c, 4);
		memcpy(s->daddr + 4, &b, 8);
		memcpy(s->daddr + 12, (__u8 *)&c + 4, 4);
	} else {
		pkt_udp4(s, dmac, "10.0.0.0", "10.0.0.0");
		memcpy(s->saddr + 1, &a, 3);
		memcpy(s->daddr + 1, &b, 3);
	}
	s->l4 = (c >> 7) & 1 ? IPPROTO_TCP : IPPROTO_UDP;
	s->sport = a >> 32;
	s->dport = b >> 32;
	if (s->dport == PKT_ROCE_PORT)	/* keep RoCE out of plain flows */
		s->dport++;
	if (!frag)
		return;
	if (v6) {
		s->v6_ext[0] = IPPROTO_FRAGMENT;
		s->v6_ext_n = 1;
	} else if ((c >> 9) & 1) {
		s->frag_off = 0x2000;		/* first fragment: MF */
	} else {
		s->frag_off = 0x0010 | ((c >> 10) & 1 ? 0x2000 : 0);
	}
}

void flow_key(const struct pkt_spec *s, struct clos_flow_key *k)
{
	bool ports = !(s->frag_off & 0x3fff) &&
		     (s->l4 == IPPROTO_UDP || s->l4 == IPPROTO_TCP);
	int i;

	memset(k, 0, sizeof(*k));
	k->family = s->ethertype == ETH_P_IPV6 ? AF_INET6 : AF_INET;
	k->proto = s->l4;
	/* A fragment carries no ports the hash could read. */
	for (i = 0; i < s->v6_ext_n; i++)
		if (s->v6_ext[i] == IPPROTO_FRAGMENT)
			ports = false;
	if (ports) {
		k->sport = s->sport;
		k->dport = s->dport;
	}
	memcpy(k->saddr, s->saddr, k->family == AF_INET6 ? 16 : 4);
	memcpy(k->daddr, s->daddr, k->family == AF_INET6 ? 16 : 4);
}

__u32 flow_hash(const struct pkt_spec *s, __u32 seed)
{
	struct clos_flow_key k;

	flow_key(s, &k);
	return clos_flow_key_hash(&k, seed);
}

int flow_nh_of_mac(const __u8 *mac)
{
	static const __u8 prefix[5] = { 0x02, 0xee, 0x00, 0x00, 0x00 };

	return memcmp(mac, prefix, 5) ? -1 : mac[5];
}
