// SPDX-License-Identifier: GPL-2.0
/*
 * What a router decides beyond its routes, in both modes (fast: ingress
 * and egress chained; queue: the TC programs, ingress then egress):
 *   - the IPv4 header checksum is verified (RFC 1812 5.2.2): a bad one is
 *     dropped as drop_ipv4_checksum, options included in the sum;
 *   - martians (RFC 1812 5.3.7, RFC 3927, RFC 4291) are never forwarded,
 *     by the data path or through a kernel route: drop_martian_source,
 *     drop_martian_destination; what is for the switch itself goes up;
 *   - ND is only unfragmented ICMPv6 (RFC 6980): an ICMPv6 fragment whose
 *     first byte is 135 is routed like any packet;
 *   - UDP to 4791 too short for a BTH is plain UDP: forwarded.
 *
 * Routes: default routes 0.0.0.0/0 and ::/0 to nexthop 1, 10.9.0.1/32 and
 * 2001:db8:9::1/128 local, 10.8.0.0/16 and 2001:db8:8::/48 kernel.
 */
#include <string.h>
#include <netinet/in.h>
#include <linux/if_ether.h>
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include "cases.h"

#define IN_MAC		FX_PORT_MAC(0)

static void routes(struct fx *fx)
{
	fx_route4(fx, "0.0.0.0", 0, CLOS_RT_NEXTHOP, 1);
	fx_route4(fx, "10.9.0.1", 32, CLOS_RT_LOCAL, 0);
	fx_route4(fx, "10.8.0.0", 16, CLOS_RT_KERNEL, 0);
	fx_route6(fx, "::", 0, CLOS_RT_NEXTHOP, 1);
	fx_route6(fx, "2001:db8:9::1", 128, CLOS_RT_LOCAL, 0);
	fx_route6(fx, "2001:db8:8::", 48, CLOS_RT_KERNEL, 0);
}

#define U4(name, src, dst, extra)					\
	static void name(struct pkt_spec *s)				\
	{								\
		pkt_udp4(s, IN_MAC, src, dst);				\
		extra;							\
	}
#define U6(name, src, dst, extra)					\
	static void name(struct pkt_spec *s)				\
	{								\
		pkt_udp6(s, IN_MAC, src, dst);				\
		extra;							\
	}

/* Checksums. */
U4(v4_plain, "10.0.0.1", "10.1.2.3", )
U4(v4_opts, "10.0.0.1", "10.1.2.3", s->ip_opt_len = 40)

static void csum_flip(__u8 *f, size_t *len, const struct pkt_layout *l)
{
	f[l->l3 + 11] ^= 0x01;
}

static void csum_zero(__u8 *f, size_t *len, const struct pkt_layout *l)
{
	f[l->l3 + 10] = 0;
	f[l->l3 + 11] = 0;
}

/* An option byte changed, the checksum left as it was: the sum must
 * cover the options. */
static void option_byte(__u8 *f, size_t *len, const struct pkt_layout *l)
{
	f[l->l3 + l->l3_hlen - 1] ^= 0x40;
}

/* TTL changed without the checksum: what a broken middlebox sends. */
static void ttl_only(__u8 *f, size_t *len, const struct pkt_layout *l)
{
	f[l->l3 + 8] = 9;
}

/* Martians, forwarded by the default route unless stopped. */
U4(v4_src_lo, "127.0.0.1", "10.1.2.3", )
U4(v4_src_zero, "0.0.0.0", "10.1.2.3", )
U4(v4_src_ll, "169.254.1.1", "10.1.2.3", )
U4(v4_src_mcast, "239.1.1.1", "10.1.2.3", )
U4(v4_src_classe, "240.0.0.1", "10.1.2.3", )
U4(v4_dst_zero, "10.0.0.1", "0.0.0.0", )
U4(v4_dst_lo, "10.0.0.1", "127.0.0.1", )
U4(v4_dst_ll, "10.0.0.1", "169.254.9.9", )
U4(v4_dst_classe, "10.0.0.1", "247.1.2.3", )
U4(v4_src_lo_kernel, "127.0.0.1", "10.8.0.1", )
U4(v4_src_ll_ttl1, "169.254.1.1", "10.1.2.3", s->ttl = 1)
U4(v4_src_ll_local, "169.254.1.1", "10.9.0.1", )
U4(v4_src_zero_bcast, "0.0.0.0", "255.255.255.255",
   pkt_mac(s->dmac, "ff:ff:ff:ff:ff:ff"))
U6(v6_src_lo, "::1", "2001:db8:1::1", )
U6(v6_src_unspec, "::", "2001:db8:1::1", )
U6(v6_src_ll, "fe80::1", "2001:db8:1::1", )
U6(v6_src_mcast, "ff0e::1", "2001:db8:1::1", )
U6(v6_dst_lo, "2001:db8::1", "::1", )
U6(v6_dst_unspec, "2001:db8::1", "::", )
U6(v6_src_ll_kernel, "fe80::1", "2001:db8:8::1", )
U6(v6_src_ll_local, "fe80::1", "2001:db8:9::1", )
U6(v6_dad_ns, "::", "ff02::1:ff00:1", pkt_mac(s->dmac, "33:33:ff:00:00:01");
   s->l4 = IPPROTO_ICMPV6; s->icmp_type = 135; s->ttl = 255;
   s->payload_len = 16)

/* ND and fragments. */
U6(v6_frag_first_135, "2001:db8::1", "2001:db8:1::1", s->l4 = IPPROTO_ICMPV6;
   s->icmp_type = 135; s->v6_ext[0] = IPPROTO_FRAGMENT; s->v6_ext_n = 1;
   s->frag_off = 1; s->payload_len = 16)
U6(v6_ns_unfragmented, "2001:db8::1", "2001:db8:1::1", s->l4 = IPPROTO_ICMPV6;
   s->icmp_type = 135; s->ttl = 255; s->payload_len = 16)
U6(v6_frag_ns_local, "2001:db8::1", "2001:db8:9::1", s->l4 = IPPROTO_ICMPV6;
   s->icmp_type = 135; s->v6_ext[0] = IPPROTO_FRAGMENT; s->v6_ext_n = 1;
   s->payload_len = 16)

/* The last fragment (offset 1 x 8 bytes, M clear) whose data starts
 * with 135. */
U6(v6_frag_later_135, "2001:db8::1", "2001:db8:1::1", s->l4 = IPPROTO_ICMPV6;
   s->icmp_type = 135; s->v6_ext[0] = IPPROTO_FRAGMENT; s->v6_ext_n = 1;
   s->frag_off = 1 << 3; s->payload_len = 16)

/* RoCE port, short. */
U4(v4_4791_short, "10.0.0.1", "10.1.2.3", s->dport = PKT_ROCE_PORT;
   s->payload_len = 11)
U4(v4_4791_empty, "10.0.0.1", "10.1.2.3", s->dport = PKT_ROCE_PORT;
   s->payload_len = 0)
U6(v6_4791_short, "2001:db8::1", "2001:db8:1::1", s->dport = PKT_ROCE_PORT;
   s->payload_len = 4)
U4(v4_4791_whole, "10.0.0.1", "10.1.2.3", pkt_roce(s, PKT_BTH_SEND_ONLY, 3, 4))

#define FWD(d, b)	{ .desc = d, .setup = routes, .build = b,	\
			  .verdict = CLOS_STAT_FWD, .nh = 1 }
#define NOT(d, b, v)	{ .desc = d, .setup = routes, .build = b, .verdict = v }
#define POKE(d, b, p, v) { .desc = d, .setup = routes, .build = b,	\
			   .poke = p, .verdict = v }

static const struct fx_case cases[] = {
	FWD("v4 with a good checksum: forwarded", v4_plain),
	FWD("v4 with 40 bytes of options, good checksum: forwarded", v4_opts),
	POKE("v4 checksum off by one bit: dropped", v4_plain, csum_flip,
	     CLOS_STAT_DROP_BAD_CSUM),
	POKE("v4 checksum zero: dropped", v4_plain, csum_zero,
	     CLOS_STAT_DROP_BAD_CSUM),
	POKE("v4 option byte changed under the checksum: dropped", v4_opts,
	     option_byte, CLOS_STAT_DROP_BAD_CSUM),
	POKE("v4 TTL changed without the checksum: dropped", v4_plain,
	     ttl_only, CLOS_STAT_DROP_BAD_CSUM),

	NOT("v4 from 127.0.0.1: martian source", v4_src_lo,
	    CLOS_STAT_DROP_MARTIAN_SRC),
	NOT("v4 from 0.0.0.0: martian source", v4_src_zero,
	    CLOS_STAT_DROP_MARTIAN_SRC),
	NOT("v4 from 169.254.1.1: martian source", v4_src_ll,
	    CLOS_STAT_DROP_MARTIAN_SRC),
	NOT("v4 from 239.1.1.1: martian source", v4_src_mcast,
	    CLOS_STAT_DROP_MARTIAN_SRC),
	NOT("v4 from 240.0.0.1: martian source", v4_src_classe,
	    CLOS_STAT_DROP_MARTIAN_SRC),
	NOT("v4 to 0.0.0.0: martian destination", v4_dst_zero,
	    CLOS_STAT_DROP_MARTIAN_DST),
	NOT("v4 to 127.0.0.1: martian destination", v4_dst_lo,
	    CLOS_STAT_DROP_MARTIAN_DST),
	NOT("v4 to 169.254.9.9: martian destination", v4_dst_ll,
	    CLOS_STAT_DROP_MARTIAN_DST),
	NOT("v4 to 247.1.2.3: martian destination", v4_dst_classe,
	    CLOS_STAT_DROP_MARTIAN_DST),
	NOT("v4 from 127/8 through a kernel route: martian, not punted",
	    v4_src_lo_kernel, CLOS_STAT_DROP_MARTIAN_SRC),
	NOT("v4 from 169.254/16 with TTL 1: martian, no ICMP to it",
	    v4_src_ll_ttl1, CLOS_STAT_DROP_MARTIAN_SRC),
	NOT("v4 from 169.254/16 to the switch itself: the kernel's",
	    v4_src_ll_local, CLOS_STAT_PUNT_LOCAL),
	NOT("v4 DHCP-like 0.0.0.0 -> broadcast: the kernel's",
	    v4_src_zero_bcast, CLOS_STAT_PUNT_MCAST),
	NOT("v6 from ::1: martian source", v6_src_lo, CLOS_STAT_DROP_MARTIAN_SRC),
	NOT("v6 from ::: martian source", v6_src_unspec,
	    CLOS_STAT_DROP_MARTIAN_SRC),
	NOT("v6 from fe80::1: martian source", v6_src_ll,
	    CLOS_STAT_DROP_MARTIAN_SRC),
	NOT("v6 from ff0e::1: martian source", v6_src_mcast,
	    CLOS_STAT_DROP_MARTIAN_SRC),
	NOT("v6 to ::1: martian destination", v6_dst_lo,
	    CLOS_STAT_DROP_MARTIAN_DST),
	NOT("v6 to ::: martian destination", v6_dst_unspec,
	    CLOS_STAT_DROP_MARTIAN_DST),
	NOT("v6 from fe80::/10 through a kernel route: martian",
	    v6_src_ll_kernel, CLOS_STAT_DROP_MARTIAN_SRC),
	NOT("v6 from fe80::/10 to the switch itself: the kernel's",
	    v6_src_ll_local, CLOS_STAT_PUNT_LOCAL),
	NOT("v6 DAD solicitation from ::: the kernel's", v6_dad_ns,
	    CLOS_STAT_PUNT_MCAST),

	FWD("v6 first fragment of ICMPv6 type 135: routed, not ND",
	    v6_frag_first_135),
	FWD("v6 later fragment whose data starts with 135: routed",
	    v6_frag_later_135),
	NOT("v6 unfragmented neighbour solicitation: ND", v6_ns_unfragmented,
	    CLOS_STAT_PUNT_ICMPV6_ND),
	NOT("v6 fragmented solicitation to the switch: its kernel's (it drops it)",
	    v6_frag_ns_local, CLOS_STAT_PUNT_LOCAL),

	FWD("v4 UDP to 4791 with 11 bytes: plain UDP, forwarded", v4_4791_short),
	FWD("v4 UDP to 4791 with no payload: forwarded", v4_4791_empty),
	FWD("v6 UDP to 4791 with 4 bytes: forwarded", v6_4791_short),
	{ .desc = "v4 RoCE with a whole BTH: forwarded, counted as RoCE",
	  .setup = routes, .build = v4_4791_whole, .verdict = CLOS_STAT_FWD,
	  .side = FX_SIDE(CLOS_STAT_ROCE), .nh = 1 },
};

FX_CASE_PARAMS(router, fast, cases)

ParameterizedTest(int *i, router, fast, .fini = fx_teardown)
{
	fx_case_run(FX_PIPELINE, &cases[*i]);
}

/* The same without the lane: the general pipeline's results, which the
 * lane must give too. */
FX_CASE_PARAMS(router, fast_general, cases)

ParameterizedTest(int *i, router, fast_general, .fini = fx_teardown)
{
	fx_case_run(FX_GENERAL, &cases[*i]);
}

FX_CASE_PARAMS(router, queue, cases)

ParameterizedTest(int *i, router, queue, .fini = fx_teardown)
{
	fx_case_run(FX_QUEUE, &cases[*i]);
}

/* The same with the general pipeline's ingress alone (no lane), whose
 * results the lane must give too. */
FX_CASE_PARAMS(router, queue_general, cases)

ParameterizedTest(int *i, router, queue_general, .fini = fx_teardown)
{
	fx_case_run(FX_TC_GENERAL, &cases[*i]);
}
