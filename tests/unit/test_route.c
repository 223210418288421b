// SPDX-License-Identifier: GPL-2.0
/*
 * Routing through the fast-mode switch (its ingress and the chosen port's
 * egress): LPM hits for IPv4 and IPv6, longest prefix wins, the rewrite
 * (MACs, TTL / hop limit, IPv4 checksum), and every way a packet is
 * punted to the kernel or dropped, each with its one counter. The table
 * also runs through the production ingress program alone, which leaves a
 * forwarded frame's counting to egress.
 */
#include <stdio.h>
#include <string.h>
#include <netinet/in.h>
#include <linux/if_ether.h>
#include <bpf/bpf.h>
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include "cases.h"
#include "ecmp.h"
#include "flows.h"
#include "path.h"

#define IN_MAC		FX_PORT_MAC(0)
#define HOST_V4		"10.0.0.1"
#define HOST_V6		"2001:db8::1"

/*
 * The routes of this file:
 *   10.1.0.0/16 -> nh 1    10.1.2.0/24 -> nh 2    10.1.2.3/32 -> nh 3
 *   10.9.0.0/16 local      10.8.0.0/16 kernel      10.66.0.0/16 blackhole
 *   10.70.0.0/16 -> nh 9 (written, not valid)   10.71.0.0/16 -> nh 10 (never
 *   written)   10.72.0.0/16 -> nh 7 (port down)   10.73.0.0/16 -> ECMP group
 *   99 (absent)   10.74.0.0/16 -> nh 11 on port 20 (an unused port slot)
 *   and the same shapes for IPv6 under 2001:db8:1::/48 etc.
 */
static void routes(struct fx *fx)
{
	fx_route4(fx, "10.1.0.0", 16, CLOS_RT_NEXTHOP, 1);
	fx_route4(fx, "10.1.2.0", 24, CLOS_RT_NEXTHOP, 2);
	fx_route4(fx, "10.1.2.3", 32, CLOS_RT_NEXTHOP, 3);
	fx_route4(fx, "10.9.0.0", 16, CLOS_RT_LOCAL, 0);
	fx_route4(fx, "10.8.0.0", 16, CLOS_RT_KERNEL, 0);
	fx_route4(fx, "10.66.0.0", 16, CLOS_RT_DROP, 0);
	fx_route4(fx, "10.70.0.0", 16, CLOS_RT_NEXTHOP, 9);
	fx_route4(fx, "10.71.0.0", 16, CLOS_RT_NEXTHOP, 10);
	fx_route4(fx, "10.72.0.0", 16, CLOS_RT_NEXTHOP, 7);
	fx_route4(fx, "10.73.0.0", 16, CLOS_RT_ECMP, 99);
	fx_route4(fx, "10.74.0.0", 16, CLOS_RT_NEXTHOP, 11);
	fx_route6(fx, "2001:db8:1::", 48, CLOS_RT_NEXTHOP, 1);
	fx_route6(fx, "2001:db8:1:2::", 64, CLOS_RT_NEXTHOP, 2);
	fx_route6(fx, "2001:db8:1:2::3", 128, CLOS_RT_NEXTHOP, 3);
	fx_route6(fx, "2001:db8:9::", 48, CLOS_RT_LOCAL, 0);
	fx_route6(fx, "2001:db8:8::", 48, CLOS_RT_KERNEL, 0);
	fx_route6(fx, "2001:db8:66::", 48, CLOS_RT_DROP, 0);
	fx_route6(fx, "2001:db8:72::", 48, CLOS_RT_NEXTHOP, 7);
	fx_nexthop(fx, 9, 1, FX_NH_MAC(9), false);
	fx_nexthop(fx, 11, 20, FX_NH_MAC(1), true);
}

static void no_ingress_port(struct fx *fx)
{
	__u32 ifindex = FX_IFINDEX, none = CLOS_IFINDEX_NO_PORT;

	routes(fx);
	cr_assert_eq(bpf_map_update_elem(fx->sw.fd[CLOS_MAP_PORT_BY_IFINDEX],
					 &ifindex, &none, BPF_ANY), 0);
}

static void no_devmap_entry(struct fx *fx)
{
	routes(fx);
	fx_tx_port_del(fx, 1);
}

/* Frames. */
#define UDP4(name, dst, extra)						\
	static void name(struct pkt_spec *s)				\
	{								\
		pkt_udp4(s, IN_MAC, HOST_V4, dst);			\
		extra;							\
	}
#define UDP6(name, dst, extra)						\
	static void name(struct pkt_spec *s)				\
	{								\
		pkt_udp6(s, IN_MAC, HOST_V6, dst);			\
		extra;							\
	}

UDP4(v4_16, "10.1.9.9", )
UDP4(v4_24, "10.1.2.9", )
UDP4(v4_32, "10.1.2.3", )
UDP4(v4_tcp, "10.1.200.1", s->l4 = IPPROTO_TCP; s->sport = 40000; s->dport = 80)
UDP4(v4_icmp, "10.1.2.9", s->l4 = IPPROTO_ICMP; s->icmp_type = 8)
UDP4(v4_opt4, "10.1.2.9", s->ip_opt_len = 4)
UDP4(v4_opt40, "10.1.2.3", s->ip_opt_len = 40; s->l4 = IPPROTO_TCP)
UDP4(v4_tos, "10.1.9.9", s->tos = 0xb9)
UDP4(v4_ttl2, "10.1.9.9", s->ttl = 2)
UDP4(v4_ttl255, "10.1.9.9", s->ttl = 255)
UDP4(v4_ttl1, "10.1.9.9", s->ttl = 1)
UDP4(v4_ttl0, "10.1.9.9", s->ttl = 0)
UDP4(v4_frag_first, "10.1.2.9", s->frag_off = 0x2000)
UDP4(v4_frag_later, "10.1.2.9", s->frag_off = 0x00b9)
UDP4(v4_local, "10.9.0.1", )
UDP4(v4_kernel, "10.8.0.1", )
UDP4(v4_local_ttl1, "10.9.0.1", s->ttl = 1)
UDP4(v4_mcast_ip, "224.0.0.5", )
UDP4(v4_mcast_both, "239.1.2.3", pkt_mac(s->dmac, "01:00:5e:01:02:03"))
UDP4(v4_bcast, "255.255.255.255", pkt_mac(s->dmac, "ff:ff:ff:ff:ff:ff"))
UDP4(v4_mcast_mac, "10.1.2.9", pkt_mac(s->dmac, "01:00:5e:00:00:01"))
UDP4(v4_noroute, "192.0.2.1", )
UDP4(v4_noroute_ttl1, "192.0.2.1", s->ttl = 1)
UDP4(v4_blackhole, "10.66.1.1", )
UDP4(v4_nh_invalid, "10.70.1.1", )
UDP4(v4_nh_unset, "10.71.1.1", )
UDP4(v4_port_down, "10.72.1.1", )
UDP4(v4_no_group, "10.73.1.1", )
UDP4(v4_nh_no_port, "10.74.1.1", )
UDP4(v4_dmac_other, "10.1.2.9", pkt_mac(s->dmac, FX_PORT_MAC(1)))
UDP4(v4_lldp, "10.1.2.9", s->ethertype = 0x88cc;
     pkt_mac(s->dmac, "01:80:c2:00:00:0e"))
UDP4(v4_ethertype_other, "10.1.2.9", s->ethertype = 0x88b5)

UDP6(v6_48, "2001:db8:1:9::9", )
UDP6(v6_64, "2001:db8:1:2::9", )
UDP6(v6_128, "2001:db8:1:2::3", )
UDP6(v6_tcp, "2001:db8:1:2::9", s->l4 = IPPROTO_TCP)
UDP6(v6_tc, "2001:db8:1:2::9", s->tos = 0xb8)
UDP6(v6_echo, "2001:db8:1:2::9", s->l4 = IPPROTO_ICMPV6; s->icmp_type = 128)
UDP6(v6_ext, "2001:db8:1:2::9", s->v6_ext[0] = IPPROTO_ROUTING;
     s->v6_ext[1] = IPPROTO_DSTOPTS; s->v6_ext_n = 2)
UDP6(v6_frag, "2001:db8:1:2::3", s->v6_ext[0] = IPPROTO_FRAGMENT;
     s->v6_ext_n = 1)
UDP6(v6_hl2, "2001:db8:1:9::9", s->ttl = 2)
UDP6(v6_hl1, "2001:db8:1:9::9", s->ttl = 1)
UDP6(v6_hl0, "2001:db8:1:9::9", s->ttl = 0)
UDP6(v6_local, "2001:db8:9::1", )
UDP6(v6_kernel, "2001:db8:8::1", )
UDP6(v6_linklocal, "fe80::1", )
UDP6(v6_mcast, "ff02::1", pkt_mac(s->dmac, "33:33:00:00:00:01"))
UDP6(v6_mcast_ip, "ff0e::1", )
UDP6(v6_ns_unicast, "2001:db8:1:2::3", s->l4 = IPPROTO_ICMPV6;
     s->icmp_type = 135; s->ttl = 255; s->payload_len = 16)
UDP6(v6_na_unicast, "2001:db8:1:2::3", s->l4 = IPPROTO_ICMPV6;
     s->icmp_type = 136; s->ttl = 255; s->payload_len = 16)
UDP6(v6_redirect, "2001:db8:1:2::3", s->l4 = IPPROTO_ICMPV6;
     s->icmp_type = 137; s->ttl = 255; s->payload_len = 32)
UDP6(v6_ns_behind_ext, "2001:db8:1:2::3", s->l4 = IPPROTO_ICMPV6;
     s->icmp_type = 135; s->v6_ext[0] = IPPROTO_DSTOPTS; s->v6_ext_n = 1;
     s->payload_len = 16)
UDP6(v6_ns_mcast, "ff02::1:ff00:3", pkt_mac(s->dmac, "33:33:ff:00:00:03");
     s->l4 = IPPROTO_ICMPV6; s->icmp_type = 135; s->payload_len = 16)
UDP6(v6_hbh, "2001:db8:1:2::9", s->v6_ext[0] = IPPROTO_HOPOPTS;
     s->v6_ext_n = 1)
UDP6(v6_noroute, "2001:db8:ff::1", )
UDP6(v6_blackhole, "2001:db8:66::1", )
UDP6(v6_port_down, "2001:db8:72::1", )
UDP6(v6_dmac_other, "2001:db8:1:2::3", pkt_mac(s->dmac, FX_PORT_MAC(2)))

static size_t arp_request(__u8 *buf, size_t cap)
{
	return pkt_build_arp(buf, cap, "02:aa:bb:cc:dd:01", HOST_V4, "10.0.0.254");
}

static void poke_ip_version(__u8 *f, size_t *len, const struct pkt_layout *l)
{
	f[l->l3] = (f[l->l3] & 0x0f) | 0x50;	/* version 5 */
}

static void poke_ihl4(__u8 *f, size_t *len, const struct pkt_layout *l)
{
	f[l->l3] = 0x44;
}

static void poke_totlen_short(__u8 *f, size_t *len, const struct pkt_layout *l)
{
	f[l->l3 + 2] = 0;	/* total length 19 < header length 20 */
	f[l->l3 + 3] = 19;
}

static void poke_v6_version(__u8 *f, size_t *len, const struct pkt_layout *l)
{
	f[l->l3] = (f[l->l3] & 0x0f) | 0x40;
}

#define FWD(d, b, n)	{ .desc = d, .setup = routes, .build = b,	\
			  .verdict = CLOS_STAT_FWD, .nh = n }
#define NOT(d, b, v)	{ .desc = d, .setup = routes, .build = b, .verdict = v }

static const struct fx_case cases[] = {
	FWD("v4 /16 hit", v4_16, 1),
	FWD("v4 /24 beats /16", v4_24, 2),
	FWD("v4 /32 beats /24 and /16", v4_32, 3),
	FWD("v4 TCP", v4_tcp, 1),
	FWD("v4 ICMP echo", v4_icmp, 2),
	FWD("v4 with 4 bytes of options", v4_opt4, 2),
	FWD("v4 with 40 bytes of options", v4_opt40, 3),
	FWD("v4 DSCP/ECN kept", v4_tos, 1),
	FWD("v4 TTL 2 leaves with TTL 1", v4_ttl2, 1),
	FWD("v4 TTL 255", v4_ttl255, 1),
	FWD("v4 first fragment", v4_frag_first, 2),
	FWD("v4 later fragment", v4_frag_later, 2),
	FWD("v6 /48 hit", v6_48, 1),
	FWD("v6 /64 beats /48", v6_64, 2),
	FWD("v6 /128 beats /64 and /48", v6_128, 3),
	FWD("v6 TCP", v6_tcp, 2),
	FWD("v6 traffic class kept", v6_tc, 2),
	FWD("v6 ICMPv6 echo", v6_echo, 2),
	FWD("v6 routing + destination options headers", v6_ext, 2),
	FWD("v6 fragment header", v6_frag, 3),
	FWD("v6 hop limit 2 leaves with 1", v6_hl2, 1),
	NOT("v4 TTL 1 punted", v4_ttl1, CLOS_STAT_PUNT_TTL),
	NOT("v4 TTL 0 punted", v4_ttl0, CLOS_STAT_PUNT_TTL),
	NOT("v6 hop limit 1 punted", v6_hl1, CLOS_STAT_PUNT_TTL),
	NOT("v6 hop limit 0 punted", v6_hl0, CLOS_STAT_PUNT_TTL),
	NOT("v4 local route punted", v4_local, CLOS_STAT_PUNT_LOCAL),
	NOT("v4 local route with TTL 1 is local", v4_local_ttl1,
	    CLOS_STAT_PUNT_LOCAL),
	NOT("v6 local route punted", v6_local, CLOS_STAT_PUNT_LOCAL),
	NOT("v4 kernel route punted", v4_kernel, CLOS_STAT_PUNT_KERNEL),
	NOT("v6 kernel route punted", v6_kernel, CLOS_STAT_PUNT_KERNEL),
	NOT("v6 link-local destination punted", v6_linklocal,
	    CLOS_STAT_PUNT_LOCAL),
	{ .desc = "ARP request punted", .setup = routes, .raw = arp_request,
	  .verdict = CLOS_STAT_PUNT_ARP },
	NOT("v6 unicast neighbour solicitation punted", v6_ns_unicast,
	    CLOS_STAT_PUNT_ICMPV6_ND),
	NOT("v6 neighbour advertisement punted", v6_na_unicast,
	    CLOS_STAT_PUNT_ICMPV6_ND),
	NOT("v6 redirect punted", v6_redirect, CLOS_STAT_PUNT_ICMPV6_ND),
	NOT("v6 ND behind a destination options header punted",
	    v6_ns_behind_ext, CLOS_STAT_PUNT_ICMPV6_ND),
	NOT("v6 multicast neighbour solicitation punted as multicast",
	    v6_ns_mcast, CLOS_STAT_PUNT_MCAST),
	NOT("v4 multicast destination punted", v4_mcast_ip, CLOS_STAT_PUNT_MCAST),
	NOT("v4 multicast MAC and IP punted", v4_mcast_both,
	    CLOS_STAT_PUNT_MCAST),
	NOT("v4 broadcast punted", v4_bcast, CLOS_STAT_PUNT_MCAST),
	NOT("v4 unicast IP in a multicast MAC punted", v4_mcast_mac,
	    CLOS_STAT_PUNT_MCAST),
	NOT("v6 multicast punted", v6_mcast, CLOS_STAT_PUNT_MCAST),
	NOT("v6 multicast IP in a unicast MAC punted", v6_mcast_ip,
	    CLOS_STAT_PUNT_MCAST),
	NOT("v6 hop-by-hop options punted", v6_hbh, CLOS_STAT_PUNT_V6_HBH),
	NOT("LLDP punted as unknown ethertype", v4_lldp,
	    CLOS_STAT_PUNT_L2_OTHER),
	NOT("unknown ethertype punted", v4_ethertype_other,
	    CLOS_STAT_PUNT_L2_OTHER),
	NOT("v4 no route dropped", v4_noroute, CLOS_STAT_DROP_NO_ROUTE),
	NOT("v4 no route with TTL 1 is no route", v4_noroute_ttl1,
	    CLOS_STAT_DROP_NO_ROUTE),
	NOT("v6 no route dropped", v6_noroute, CLOS_STAT_DROP_NO_ROUTE),
	NOT("v4 blackhole route dropped", v4_blackhole,
	    CLOS_STAT_DROP_BLACKHOLE),
	NOT("v6 blackhole route dropped", v6_blackhole,
	    CLOS_STAT_DROP_BLACKHOLE),
	NOT("v4 invalid nexthop dropped", v4_nh_invalid,
	    CLOS_STAT_DROP_NO_NEXTHOP),
	NOT("v4 nexthop never written dropped", v4_nh_unset,
	    CLOS_STAT_DROP_NO_NEXTHOP),
	NOT("v4 nexthop on an unused port dropped", v4_nh_no_port,
	    CLOS_STAT_DROP_NO_NEXTHOP),
	NOT("v4 egress port down dropped", v4_port_down,
	    CLOS_STAT_DROP_PORT_DOWN),
	NOT("v6 egress port down dropped", v6_port_down,
	    CLOS_STAT_DROP_PORT_DOWN),
	NOT("v4 missing ECMP group dropped", v4_no_group,
	    CLOS_STAT_DROP_NO_GROUP),
	NOT("v4 frame for another MAC dropped", v4_dmac_other,
	    CLOS_STAT_DROP_DMAC),
	NOT("v6 frame for another MAC dropped", v6_dmac_other,
	    CLOS_STAT_DROP_DMAC),
	{ .desc = "v4 version 5 dropped", .setup = routes, .build = v4_16,
	  .poke = poke_ip_version, .verdict = CLOS_STAT_DROP_BAD_IP },
	{ .desc = "v4 IHL 4 dropped", .setup = routes, .build = v4_16,
	  .poke = poke_ihl4, .verdict = CLOS_STAT_DROP_BAD_IP },
	{ .desc = "v4 total length below the header length dropped",
	  .setup = routes, .build = v4_16, .poke = poke_totlen_short,
	  .verdict = CLOS_STAT_DROP_BAD_IP },
	{ .desc = "v6 ethertype with a version 4 header dropped",
	  .setup = routes, .build = v6_48, .poke = poke_v6_version,
	  .verdict = CLOS_STAT_DROP_BAD_IP },
	{ .desc = "frame from an ifindex that is no port dropped",
	  .setup = no_ingress_port, .build = v4_16,
	  .verdict = CLOS_STAT_DROP_UNKNOWN_PORT, .in_port = FX_NO_PORT },
	{ .desc = "frame from a port id out of range dropped",
	  .setup = routes, .build = v4_16,
	  .verdict = CLOS_STAT_DROP_UNKNOWN_PORT, .in_port = FX_NO_PORT },
	{ .desc = "egress port missing from the devmap: redirect fails",
	  .setup = no_devmap_entry, .build = v4_16,
	  .verdict = CLOS_STAT_DROP_REDIRECT },
};

FX_CASE_PARAMS(route, table, cases)

ParameterizedTest(int *i, route, table, .fini = fx_teardown)
{
	fx_case_run(FX_PIPELINE, &cases[*i]);
}

/* The same without the lane: the general pipeline's results, which the
 * lane must give too. */
FX_CASE_PARAMS(route, table_general, cases)

ParameterizedTest(int *i, route, table_general, .fini = fx_teardown)
{
	fx_case_run(FX_GENERAL, &cases[*i]);
}

FX_CASE_PARAMS(route, table_ingress_program, cases)

ParameterizedTest(int *i, route, table_ingress_program, .fini = fx_teardown)
{
	fx_case_run(FX_PROD, &cases[*i]);
}

/*
 * closctl route get (clos_path_resolve(): the data path's own decision,
 * include/clos/fib.h, over the tables) against the data path, for every
 * route shape of this file and an ECMP group with and without an active
 * member: the same verdict, and for a forwarded flow the same nexthop and
 * port.
 */
Test(route, route_get_agrees_with_data_path, .fini = fx_teardown)
{
	static const char *const dst[] = {
		"10.1.9.9", "10.1.2.9", "10.1.2.3", "10.9.0.1", "10.8.0.1", "10.66.0.1",
		"10.70.0.1", "10.71.0.1", "10.72.0.1", "10.73.0.1", "10.74.0.1",
		"10.80.0.1", "10.80.7.7", "10.81.0.1", "192.0.2.1",
		"2001:db8:1::9", "2001:db8:1:2::9", "2001:db8:1:2::3",
		"2001:db8:9::1", "2001:db8:8::1", "2001:db8:66::1", "2001:db8:72::1", "2001:db8:80::1",
		"2001:db8:99::1",
	};
	static const __u32 members[] = { 1, 2, 3, 4 };
	struct fx *fx = fx_setup(FX_PIPELINE);
	static __u8 in[PKT_MAX];
	static struct fx_result res;
	struct fx_counts before, after;
	struct clos_ecmp_group g;
	struct clos_flow_key k;
	struct clos_path path;
	struct clos_err why;
	const char *err = "";
	struct pkt_spec s;
	size_t i, len;
	int st, verdict;

	routes(fx);
	cr_assert_eq(clos_ecmp_group_build(&g, NULL, CLOS_ECMP_RESILIENT, members, 4,
					   &err), 0, "%s", err);
	fx_group(fx, 1, &g);
	for (i = 1; i <= 4; i++)
		cr_assert_eq(clos_ecmp_group_set_member(&g, i, false), 0);
	fx_group(fx, 2, &g);
	fx_route4(fx, "10.80.0.0", 16, CLOS_RT_ECMP, 1);
	fx_route4(fx, "10.81.0.0", 16, CLOS_RT_ECMP, 2);
	fx_route6(fx, "2001:db8:80::", 48, CLOS_RT_ECMP, 1);

	for (i = 0; i < sizeof(dst) / sizeof(dst[0]); i++) {
		if (strchr(dst[i], ':'))
			pkt_udp6(&s, IN_MAC, HOST_V6, dst[i]);
		else
			pkt_udp4(&s, IN_MAC, HOST_V4, dst[i]);
		s.sport = 1000 + i;
		len = pkt_build(&s, in, sizeof(in), NULL);
		fx_counts(fx, &before);
		fx_run(fx, in, len, &res);
		fx_counts(fx, &after);
		verdict = -1;
		for (st = 0; st < CLOS_STAT_MAX; st++)
			if (fx_stat_is_verdict(st) &&
			    after.stat[st].packets != before.stat[st].packets)
				verdict = st;

		flow_key(&s, &k);
		cr_assert_eq(clos_path_resolve(&fx->sw, &k, &path, &why), 0, "%s",
			     why.msg);
		if (path.verdict == CLOS_STAT_FWD_ECMP)
			path.verdict = CLOS_STAT_FWD;
		cr_assert_eq(path.verdict, verdict, "%s: route get says %s, the data path %s",
			     dst[i], fx_stat_name(path.verdict), fx_stat_name(verdict));
		if (verdict != CLOS_STAT_FWD)
			continue;
		cr_assert(res.egress_port == path.port &&
			  flow_nh_of_mac(res.out) == (int)path.nexthop,
			  "%s: route get says nexthop %u on port %u, the data path took %d on %u",
			  dst[i], path.nexthop, path.port, flow_nh_of_mac(res.out),
			  res.egress_port);
	}
}

/*
 * The incremental checksum update (RFC 1624) against a full recomputation,
 * over every TTL that is forwarded and headers whose checksums cover the
 * whole 16-bit range (random addresses and TOS), including the 0x0000 /
 * 0xffff corner where a naive one's complement update goes wrong.
 */
Test(route, checksum_every_ttl, .fini = fx_teardown)
{
	static __u8 in[PKT_MAX], want[PKT_MAX];
	static struct fx_result res;
	struct pkt_layout lay;
	struct pkt_spec s, e;
	__u64 rnd = 0x9e3779b97f4a7c15ull;
	unsigned int ttl, k, n = 0;
	struct fx *fx = fx_setup(FX_PIPELINE);
	size_t len, wlen;
	char what[64];

	fx_route4(fx, "0.0.0.0", 0, CLOS_RT_NEXTHOP, 2);
	for (ttl = 2; ttl <= 255; ttl++) {
		for (k = 0; k < 16; k++) {
			rnd ^= rnd << 13;
			rnd ^= rnd >> 7;
			rnd ^= rnd << 17;
			pkt_udp4(&s, IN_MAC, HOST_V4, "10.1.2.3");
			memcpy(s.saddr, &rnd, 4);
			s.saddr[0] = 10;	/* unicast, not 224/4 */
			memcpy(s.daddr + 1, (__u8 *)&rnd + 4, 3);
			s.tos = rnd >> 56;
			s.ttl = ttl;
			len = pkt_build(&s, in, sizeof(in), &lay);
			fx_run(fx, in, len, &res);
			snprintf(what, sizeof(what), "TTL %u header %u", ttl, k);
			cr_assert_eq(res.retval, XDP_REDIRECT, "%s: %s", what,
				     fx_xdp_name(res.retval));
			fx_expect_ipv4_csum(what, res.out, res.out_len, lay.l3);
			e = s;
			e.ttl = ttl - 1;
			fx_nh_mac(e.dmac, 2);
			fx_port_mac_of(e.smac, 2);
			wlen = pkt_build(&e, want, sizeof(want), NULL);
			fx_expect_frame(what, res.out, res.out_len, want, wlen);
			n++;
		}
	}
	cr_assert_eq(fx_stat(fx, CLOS_STAT_FWD), n);
}

/* Ethernet pads short frames to 60 bytes: the padding past the IP total
 * length is carried along untouched, not taken for a length error. */
Test(route, ethernet_padding_kept, .fini = fx_teardown)
{
	static __u8 in[PKT_MAX], want[PKT_MAX];
	static struct fx_result res;
	struct pkt_spec s, e;
	struct fx *fx = fx_setup(FX_PIPELINE);
	size_t len, wlen;

	routes(fx);
	pkt_udp4(&s, IN_MAC, HOST_V4, "10.1.2.9");
	s.payload_len = 0;
	len = pkt_build(&s, in, sizeof(in), NULL);
	cr_assert_eq(len, 42);
	memset(in + len, 0xa5, 60 - len);
	fx_run(fx, in, 60, &res);
	cr_assert_eq(res.retval, XDP_REDIRECT);
	e = s;
	e.ttl--;
	fx_nh_mac(e.dmac, 2);
	fx_port_mac_of(e.smac, 2);
	wlen = pkt_build(&e, want, sizeof(want), NULL);
	memset(want + wlen, 0xa5, 60 - wlen);
	fx_expect_frame("padded frame", res.out, res.out_len, want, 60);
}
