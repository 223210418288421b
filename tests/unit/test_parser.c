// SPDX-License-Identifier: GPL-2.0
/*
 * The parser. Field by field through tests/bpf/parser_test.bpf.c (tags,
 * DSCP/ECN, TTL, L4 protocol, fragments, the 5-tuple as hashed, the hash),
 * and truncation through the production program: valid frames cut at
 * every length from 14 bytes up are never forwarded and always counted.
 */
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include "cases.h"
#include "flows.h"

#define IN_MAC		FX_PORT_MAC(0)
#define PARSE_OK	CLOS_STAT_MAX	/* CLOS_PARSE_OK in bpf/lib/parse.h */

/* What the parser should report for a spec, worked out from the spec. */
struct want {
	int ret;
	__u16 l3_off;
	__u8 num_tags, tagged, pcp;
	__u16 vid;
	__u8 l4_proto, is_frag;
	__u8 vlan_bad, martian;
};

static const struct clos_parse_view *parse(struct fx *fx, const __u8 *frame,
					   size_t len)
{
	static struct fx_result res;

	memset(fx->view, 0xee, sizeof(*fx->view));
	fx_run(fx, frame, len, &res);
	cr_assert_eq(res.retval, XDP_PASS);
	return fx->view;
}

static void expect_view(const char *what, const struct clos_parse_view *v,
			const struct pkt_spec *s, const struct want *w,
			size_t len)
{
	bool v6 = s->ethertype == ETH_P_IPV6;
	__u8 flow[sizeof(struct clos_flow_v6)] = {};
	struct clos_flow_v4 *f4 = (void *)flow;
	struct clos_flow_v6 *f6 = (void *)flow;
	bool ports = !w->is_frag && (s->l4 == IPPROTO_UDP || s->l4 == IPPROTO_TCP);
	struct clos_flow_key key;
	__u32 hash;

	cr_assert_eq(v->ret, w->ret, "%s: parse says %s, want %s", what,
		     fx_stat_name(v->ret), fx_stat_name(w->ret));
	cr_assert_eq(v->len, len, "%s: len", what);
	cr_assert_eq(v->proto, s->ethertype, "%s: proto 0x%x", what, v->proto);
	cr_assert_eq(v->l3_off, w->l3_off, "%s: l3_off %u", what, v->l3_off);
	cr_assert_eq(v->num_tags, w->num_tags, "%s: num_tags", what);
	cr_assert_eq(v->tagged, w->tagged, "%s: tagged", what);
	cr_assert_eq(v->vid, w->vid, "%s: vid %u", what, v->vid);
	cr_assert_eq(v->pcp, w->pcp, "%s: pcp %u", what, v->pcp);
	cr_assert_eq(v->dscp, s->tos >> 2, "%s: dscp %u", what, v->dscp);
	cr_assert_eq(v->ecn, s->tos & 3, "%s: ecn %u", what, v->ecn);
	cr_assert_eq(v->ttl, s->ttl, "%s: ttl %u", what, v->ttl);
	cr_assert_eq(v->l4_proto, w->l4_proto, "%s: l4 %u", what, v->l4_proto);
	cr_assert_eq(v->is_frag, w->is_frag, "%s: is_frag", what);
	cr_assert_eq(v->vlan_bad, w->vlan_bad, "%s: vlan_bad %u", what, v->vlan_bad);
	cr_assert_eq(v->martian, w->martian, "%s: martian %s", what,
		     v->martian ? fx_stat_name(v->martian) : "no");
	cr_assert_eq(v->roce, s->bth && !w->is_frag, "%s: roce", what);

	/* The hash input is the ABI layout, from the frame's own fields. */
	if (v6) {
		memcpy(f6->saddr, s->saddr, 16);
		memcpy(f6->daddr, s->daddr, 16);
		f6->sport = ports ? htons(s->sport) : 0;
		f6->dport = ports ? htons(s->dport) : 0;
		f6->proto = w->l4_proto;
	} else {
		memcpy(f4->saddr, s->saddr, 4);
		memcpy(f4->daddr, s->daddr, 4);
		f4->sport = ports ? htons(s->sport) : 0;
		f4->dport = ports ? htons(s->dport) : 0;
		f4->proto = w->l4_proto;
	}
	cr_assert(memcmp(v->flow, flow, v6 ? sizeof(*f6) : sizeof(*f4)) == 0,
		  "%s: 5-tuple differs from the frame's", what);
	/* The protocol is the one the parser can see: behind a fragment
	 * header, the one that header names. */
	flow_key(s, &key);
	key.proto = w->l4_proto;
	hash = clos_flow_key_hash(&key, FX_SEED);
	cr_assert_eq(v->hash, hash, "%s: hash 0x%08x, zlib 0x%08x", what,
		     v->hash, hash);
}

struct parse_case {
	const char *desc;
	void (*build)(struct pkt_spec *s);
	struct want want;
};

#define P4(name, extra)							\
	static void name(struct pkt_spec *s)				\
	{								\
		pkt_udp4(s, IN_MAC, "192.0.2.1", "198.51.100.7");	\
		s->sport = 0xa1b2;					\
		s->dport = 0xc3d4;					\
		extra;							\
	}
#define P6(name, extra)							\
	static void name(struct pkt_spec *s)				\
	{								\
		pkt_udp6(s, IN_MAC, "2001:db8:a::1", "2001:db8:b::2");	\
		s->sport = 0xa1b2;					\
		s->dport = 0xc3d4;					\
		extra;							\
	}

P4(udp4, s->tos = 0xb9; s->ttl = 33)
P4(tcp4, s->l4 = IPPROTO_TCP; s->tos = 0x02)
P4(icmp4, s->l4 = IPPROTO_ICMP; s->icmp_type = 8)
P4(gre4, s->l4 = 47)
P4(udp4_opts, s->ip_opt_len = 24; s->tos = 0x10)
P4(udp4_tag, s->ctag = true; s->vid = 4094; s->pcp = 7)
P4(udp4_qinq, s->stag = true; s->stag_vid = 100; s->ctag = true;
   s->vid = 200; s->pcp = 2)
P4(udp4_stag, s->stag = true; s->stag_vid = 100)
P4(udp4_qq, s->stag = true; s->stag_8021q = true; s->stag_vid = 99;
   s->ctag = true; s->vid = 10; s->pcp = 1)
P4(udp4_src_lo, pkt_addr4(s->saddr, "127.0.0.1"))
P4(udp4_src_zero, pkt_addr4(s->saddr, "0.0.0.0"))
P4(udp4_src_ll, pkt_addr4(s->saddr, "169.254.7.1"))
P4(udp4_src_mcast, pkt_addr4(s->saddr, "224.0.0.9"))
P4(udp4_src_classe, pkt_addr4(s->saddr, "240.0.0.1"))
P4(udp4_src_bcast, pkt_addr4(s->saddr, "255.255.255.255"))
P4(udp4_dst_zero, pkt_addr4(s->daddr, "0.0.0.0"))
P4(udp4_dst_lo, pkt_addr4(s->daddr, "127.1.2.3"))
P4(udp4_dst_ll, pkt_addr4(s->daddr, "169.254.0.1"))
P4(udp4_dst_classe, pkt_addr4(s->daddr, "250.1.1.1"))
P4(udp4_near_martians, pkt_addr4(s->saddr, "1.0.0.1");
   pkt_addr4(s->daddr, "169.253.255.255"))
P4(udp4_mf, s->frag_off = 0x2000)
P4(udp4_later, s->frag_off = 0x0100)
P4(udp4_df, s->frag_off = 0x4000)
P6(udp6, s->tos = 0xfe; s->ttl = 7)
P6(tcp6, s->l4 = IPPROTO_TCP)
P6(udp6_ext4, s->v6_ext[0] = IPPROTO_DSTOPTS; s->v6_ext[1] = IPPROTO_ROUTING;
   s->v6_ext[2] = IPPROTO_DSTOPTS; s->v6_ext[3] = IPPROTO_ROUTING;
   s->v6_ext_n = 4)
P6(udp6_frag, s->v6_ext[0] = IPPROTO_ROUTING; s->v6_ext[1] = IPPROTO_FRAGMENT;
   s->v6_ext_n = 2)
P6(icmp6_echo, s->l4 = IPPROTO_ICMPV6; s->icmp_type = 129)
P6(udp6_tag, s->ctag = true; s->vid = 7; s->pcp = 3)
P6(udp6_src_unspec, pkt_addr6(s->saddr, "::"))
P6(udp6_src_lo, pkt_addr6(s->saddr, "::1"))
P6(udp6_src_ll, pkt_addr6(s->saddr, "fe80::1"))
P6(udp6_src_ll_top, pkt_addr6(s->saddr, "febf::1"))
P6(udp6_src_mcast, pkt_addr6(s->saddr, "ff02::1"))
P6(udp6_dst_unspec, pkt_addr6(s->daddr, "::"))
P6(udp6_dst_lo, pkt_addr6(s->daddr, "::1"))
P6(udp6_near_martians, pkt_addr6(s->saddr, "::2"); pkt_addr6(s->daddr, "fec0::1"))
P6(icmp6_frag_ns, s->l4 = IPPROTO_ICMPV6; s->icmp_type = 135;
   s->v6_ext[0] = IPPROTO_FRAGMENT; s->v6_ext_n = 1)
P6(icmp6_ns, s->l4 = IPPROTO_ICMPV6; s->icmp_type = 135)
P6(udp6_frag_then_dstopts, s->v6_ext[0] = IPPROTO_FRAGMENT;
   s->v6_ext[1] = IPPROTO_DSTOPTS; s->v6_ext_n = 2)

#define OK(off, l4)	{ .ret = PARSE_OK, .l3_off = off, .l4_proto = l4 }
#define MARTIAN(d, b, which)	{ d, b, { .ret = PARSE_OK, .l3_off = 14,	\
				  .l4_proto = IPPROTO_UDP,		\
				  .martian = CLOS_STAT_DROP_MARTIAN_##which } }

static const struct parse_case parse_cases[] = {
	{ "UDP/IPv4, DSCP 46 ECN 1, TTL 33", udp4, OK(14, IPPROTO_UDP) },
	{ "TCP/IPv4", tcp4, OK(14, IPPROTO_TCP) },
	{ "ICMP/IPv4: no ports", icmp4, OK(14, IPPROTO_ICMP) },
	{ "GRE/IPv4: no ports", gre4, OK(14, 47) },
	{ "UDP/IPv4 with 24 bytes of options", udp4_opts, OK(14, IPPROTO_UDP) },
	{ "802.1Q VID 4094 PCP 7", udp4_tag,
	  { .ret = PARSE_OK, .l3_off = 18, .num_tags = 1, .tagged = 1,
	    .vid = 4094, .pcp = 7, .l4_proto = IPPROTO_UDP } },
	{ "802.1ad + 802.1Q: the inner tag is read, the frame no port's",
	  udp4_qinq,
	  { .ret = PARSE_OK, .l3_off = 22, .num_tags = 2, .tagged = 1,
	    .vid = 200, .pcp = 2, .l4_proto = IPPROTO_UDP, .vlan_bad = 1 } },
	{ "802.1ad alone: not a VLAN, the frame no port's", udp4_stag,
	  { .ret = PARSE_OK, .l3_off = 18, .num_tags = 1,
	    .l4_proto = IPPROTO_UDP, .vlan_bad = 1 } },
	{ "802.1Q VID 99 around 802.1Q VID 10: no port's", udp4_qq,
	  { .ret = PARSE_OK, .l3_off = 22, .num_tags = 2, .tagged = 1,
	    .vid = 10, .pcp = 1, .l4_proto = IPPROTO_UDP, .vlan_bad = 1 } },
	{ "IPv4 first fragment: ports not hashed", udp4_mf,
	  { .ret = PARSE_OK, .l3_off = 14, .l4_proto = IPPROTO_UDP,
	    .is_frag = 1 } },
	{ "IPv4 later fragment: ports not hashed", udp4_later,
	  { .ret = PARSE_OK, .l3_off = 14, .l4_proto = IPPROTO_UDP,
	    .is_frag = 1 } },
	{ "IPv4 DF is no fragment", udp4_df, OK(14, IPPROTO_UDP) },
	{ "UDP/IPv6, class 0xfe, hop limit 7", udp6, OK(14, IPPROTO_UDP) },
	{ "TCP/IPv6", tcp6, OK(14, IPPROTO_TCP) },
	{ "UDP/IPv6 behind 4 extension headers", udp6_ext4,
	  OK(14, IPPROTO_UDP) },
	{ "IPv6 fragment header: ports not hashed", udp6_frag,
	  { .ret = PARSE_OK, .l3_off = 14, .l4_proto = IPPROTO_UDP,
	    .is_frag = 1 } },
	{ "ICMPv6 echo reply", icmp6_echo, OK(14, IPPROTO_ICMPV6) },
	{ "UDP/IPv6 tagged", udp6_tag,
	  { .ret = PARSE_OK, .l3_off = 18, .num_tags = 1, .tagged = 1,
	    .vid = 7, .pcp = 3, .l4_proto = IPPROTO_UDP } },
	/* Martians (bpf/lib/martian.h): noted, dropped by ingress if routed. */
	MARTIAN("IPv4 from 127/8", udp4_src_lo, SRC),
	MARTIAN("IPv4 from 0/8", udp4_src_zero, SRC),
	MARTIAN("IPv4 from 169.254/16", udp4_src_ll, SRC),
	MARTIAN("IPv4 from 224/4", udp4_src_mcast, SRC),
	MARTIAN("IPv4 from 240/4", udp4_src_classe, SRC),
	MARTIAN("IPv4 from 255.255.255.255", udp4_src_bcast, SRC),
	MARTIAN("IPv4 to 0.0.0.0", udp4_dst_zero, DST),
	MARTIAN("IPv4 to 127/8", udp4_dst_lo, DST),
	MARTIAN("IPv4 to 169.254/16", udp4_dst_ll, DST),
	MARTIAN("IPv4 to 240/4", udp4_dst_classe, DST),
	{ "IPv4 1.0.0.1 to 169.253.255.255: no martians", udp4_near_martians,
	  OK(14, IPPROTO_UDP) },
	MARTIAN("IPv6 from ::", udp6_src_unspec, SRC),
	MARTIAN("IPv6 from ::1", udp6_src_lo, SRC),
	MARTIAN("IPv6 from fe80::/10", udp6_src_ll, SRC),
	MARTIAN("IPv6 from febf::1 (fe80::/10)", udp6_src_ll_top, SRC),
	MARTIAN("IPv6 from ff00::/8", udp6_src_mcast, SRC),
	MARTIAN("IPv6 to ::", udp6_dst_unspec, DST),
	MARTIAN("IPv6 to ::1", udp6_dst_lo, DST),
	{ "IPv6 ::2 to fec0::1: no martians", udp6_near_martians,
	  OK(14, IPPROTO_UDP) },
	/* RFC 6980: ND is never fragmented; a fragment is not read for it. */
	{ "ICMPv6 type 135 behind a fragment header: a fragment, not ND",
	  icmp6_frag_ns, { .ret = PARSE_OK, .l3_off = 14,
			   .l4_proto = IPPROTO_ICMPV6, .is_frag = 1 } },
	{ "ICMPv6 type 135 unfragmented: ND", icmp6_ns,
	  { .ret = CLOS_STAT_PUNT_ICMPV6_ND, .l3_off = 14,
	    .l4_proto = IPPROTO_ICMPV6 } },
	{ "a fragment header ends the walk: what follows is the fragment",
	  udp6_frag_then_dstopts, { .ret = PARSE_OK, .l3_off = 14,
				    .l4_proto = IPPROTO_DSTOPTS, .is_frag = 1 } },
};

FX_CASE_PARAMS(parser, fields, parse_cases)

ParameterizedTest(int *i, parser, fields, .fini = fx_teardown)
{
	const struct parse_case *c = &parse_cases[*i];
	struct fx *fx = fx_setup(FX_PARSER);
	static __u8 frame[PKT_MAX];
	struct pkt_spec s;
	size_t len;

	c->build(&s);
	len = pkt_build(&s, frame, sizeof(frame), NULL);
	expect_view(c->desc, parse(fx, frame, len), &s, &c->want, len);
}

/*
 * Truncation. The frames: every header the parser reads, each frame
 * forwarded when whole (checked first, so the cuts are what is tested).
 */
static void t_udp4(struct pkt_spec *s)
{
	pkt_udp4(s, IN_MAC, "10.0.0.1", "10.1.2.3");
}

static void t_tcp4_opts_tagged(struct pkt_spec *s)
{
	pkt_udp4(s, IN_MAC, "10.0.0.1", "10.1.2.3");
	s->l4 = IPPROTO_TCP;
	s->ip_opt_len = 8;
	s->ctag = true;		/* a priority tag: the untagged port takes it */
	s->pcp = 5;
}

static void t_udp6_ext(struct pkt_spec *s)
{
	pkt_udp6(s, IN_MAC, "2001:db8::1", "2001:db8:1::3");
	s->v6_ext[0] = IPPROTO_ROUTING;
	s->v6_ext[1] = IPPROTO_DSTOPTS;
	s->v6_ext_n = 2;
}

static void t_roce4(struct pkt_spec *s)
{
	pkt_udp4(s, IN_MAC, "10.0.0.1", "10.1.2.3");
	pkt_roce(s, PKT_BTH_SEND_ONLY, 0x11, 0x22);
}

static void t_roce6_cnp(struct pkt_spec *s)
{
	pkt_udp6(s, IN_MAC, "2001:db8::1", "2001:db8:1::3");
	pkt_roce(s, PKT_BTH_CNP, 0x11, 0);
	s->payload_len = 16;
}

static void t_icmp6(struct pkt_spec *s)
{
	pkt_udp6(s, IN_MAC, "2001:db8::1", "2001:db8:1::3");
	s->l4 = IPPROTO_ICMPV6;
	s->icmp_type = 128;
}

struct cut_case {
	const char *desc;
	void (*build)(struct pkt_spec *s);
	unsigned int side;	/* side counters of the whole frame */
};

static const struct cut_case cut_cases[] = {
	{ "UDP/IPv4", t_udp4, 0 },
	{ "TCP/IPv4 with options behind a priority tag", t_tcp4_opts_tagged, 0 },
	{ "UDP/IPv6 with extension headers", t_udp6_ext, 0 },
	{ "RoCEv2/IPv4", t_roce4, FX_SIDE(CLOS_STAT_ROCE) },
	{ "RoCEv2 CNP/IPv6", t_roce6_cnp,
	  FX_SIDE(CLOS_STAT_ROCE) | FX_SIDE(CLOS_STAT_ROCE_CNP) },
	{ "ICMPv6 echo", t_icmp6, 0 },
};

static struct fx *cut_switch(void)
{
	struct fx *fx = fx_setup(FX_PIPELINE);

	fx_route4(fx, "0.0.0.0", 0, CLOS_RT_NEXTHOP, 1);
	fx_route6(fx, "::", 0, CLOS_RT_NEXTHOP, 1);
	return fx;
}

static void run_expect(struct fx *fx, const char *what, const __u8 *frame,
		       size_t len, enum clos_stat verdict, unsigned int side)
{
	static struct fx_result res;
	struct fx_counts before, after;

	fx_counts(fx, &before);
	fx_run(fx, frame, len, &res);
	fx_counts(fx, &after);
	cr_assert_eq(res.retval, fx_verdict_action(verdict), "%s: %s, want %s",
		     what, fx_xdp_name(res.retval),
		     fx_xdp_name(fx_verdict_action(verdict)));
	fx_expect_counts(what, &before, &after, verdict, side, len,
			 FX_PORT_HOST);
}

/*
 * A frame cut short as on a capture or a broken link: its headers still
 * claim the full length, so every cut (at each header boundary and inside
 * each header, every byte from 14 up) is a truncated packet: dropped and
 * counted as drop_truncated, nothing else counted.
 */
FX_CASE_PARAMS(parser, cut_anywhere, cut_cases)

ParameterizedTest(int *i, parser, cut_anywhere, .fini = fx_teardown)
{
	const struct cut_case *c = &cut_cases[*i];
	struct fx *fx = cut_switch();
	static __u8 frame[PKT_MAX];
	struct pkt_spec s;
	char what[96];
	size_t len, cut;

	c->build(&s);
	len = pkt_build(&s, frame, sizeof(frame), NULL);
	run_expect(fx, c->desc, frame, len, CLOS_STAT_FWD, c->side);
	for (cut = PKT_ETH_HLEN; cut < len; cut++) {
		snprintf(what, sizeof(what), "%s cut to %zu of %zu", c->desc,
			 cut, len);
		run_expect(fx, what, frame, cut, CLOS_STAT_DROP_TRUNCATED, 0);
	}
}

/* Make the IP lengths agree with a frame cut to len bytes (as a sender
 * that built a short packet would), fixing the IPv4 header checksum. */
static void fix_lengths(__u8 *f, size_t len, const struct pkt_layout *lay,
			bool v6)
{
	size_t ip_len;

	if (len <= lay->l3)
		return;		/* cut before the IP header: nothing to fix */
	ip_len = len - lay->l3;
	if (v6) {
		if (ip_len >= 6) {
			size_t pl = ip_len > PKT_IPV6_HLEN ? ip_len - PKT_IPV6_HLEN : 0;

			f[lay->l3 + 4] = pl >> 8;
			f[lay->l3 + 5] = pl;
		}
		return;
	}
	if (ip_len >= 4) {
		f[lay->l3 + 2] = ip_len >> 8;
		f[lay->l3 + 3] = ip_len;
	}
	if (ip_len >= lay->l3_hlen) {
		f[lay->l3 + 10] = 0;
		f[lay->l3 + 11] = 0;
		f[lay->l3 + 10] = pkt_csum(f + lay->l3, lay->l3_hlen) >> 8;
		f[lay->l3 + 11] = pkt_csum(f + lay->l3, lay->l3_hlen) & 0xff;
	}
}

/*
 * A short packet whose IP length fields agree with the frame, cut inside
 * the headers the parser must read (VLAN tags, IP header and options or
 * extension headers, TCP/UDP header, BTH). The protocol says what each is:
 * an IP header that does not fit the frame is truncated; an IPv4 total
 * length below the header length (IHL) is a bad header; a transport header
 * or BTH that does not fit is truncated. Never forwarded.
 */
FX_CASE_PARAMS(parser, cut_inside_headers, cut_cases)

ParameterizedTest(int *i, parser, cut_inside_headers, .fini = fx_teardown)
{
	const struct cut_case *c = &cut_cases[*i];
	struct fx *fx = cut_switch();
	static __u8 full[PKT_MAX], frame[PKT_MAX];
	struct pkt_layout lay;
	struct pkt_spec s;
	size_t len, cut, hdr_end;
	char what[96];
	bool v6;

	c->build(&s);
	v6 = s.ethertype == ETH_P_IPV6;
	len = pkt_build(&s, full, sizeof(full), &lay);
	hdr_end = lay.bth ? lay.bth + PKT_BTH_LEN : lay.l4 + lay.l4_hlen;
	for (cut = PKT_ETH_HLEN; cut < hdr_end; cut++) {
		enum clos_stat want = CLOS_STAT_DROP_TRUNCATED;

		memcpy(frame, full, len);
		fix_lengths(frame, cut, &lay, v6);
		if (!v6 && cut >= lay.l3 + PKT_IPV4_HLEN &&
		    cut < lay.l3 + lay.l3_hlen)
			want = CLOS_STAT_DROP_BAD_IP;
		/* ICMPv6: the parser needs only the type byte to know it is
		 * not ND; with it the packet is whole enough to forward. */
		if (s.l4 == IPPROTO_ICMPV6 && cut > lay.l4)
			break;
		/* A datagram to port 4791 too short for a BTH is plain UDP:
		 * forwarded, no side counter. */
		if (lay.bth && cut >= lay.bth)
			want = CLOS_STAT_FWD;
		snprintf(what, sizeof(what), "%s, IP length cut to %zu of %zu",
			 c->desc, cut, len);
		run_expect(fx, what, frame, cut, want, 0);
	}
}

/* The shortest frames test_run accepts still get a verdict. */
Test(parser, bare_ethernet_headers, .fini = fx_teardown)
{
	static const struct { __u16 type; enum clos_stat want; } t[] = {
		{ ETH_P_IP, CLOS_STAT_DROP_TRUNCATED },
		{ ETH_P_IPV6, CLOS_STAT_DROP_TRUNCATED },
		{ ETH_P_8021Q, CLOS_STAT_DROP_TRUNCATED },
		{ ETH_P_8021AD, CLOS_STAT_DROP_TRUNCATED },
		{ ETH_P_ARP, CLOS_STAT_PUNT_ARP },
		{ 0x88cc, CLOS_STAT_PUNT_L2_OTHER },
		{ 0x0600, CLOS_STAT_PUNT_L2_OTHER },
	};
	struct fx *fx = cut_switch();
	__u8 frame[PKT_ETH_HLEN];
	char what[48];
	size_t k;

	pkt_mac(frame, IN_MAC);
	pkt_mac(frame + 6, "02:aa:bb:cc:dd:01");
	for (k = 0; k < sizeof(t) / sizeof(t[0]); k++) {
		frame[12] = t[k].type >> 8;
		frame[13] = t[k].type;
		snprintf(what, sizeof(what), "14 bytes, ethertype 0x%04x",
			 t[k].type);
		run_expect(fx, what, frame, sizeof(frame), t[k].want, 0);
	}
}

/* Frames shorter than an Ethernet header never reach XDP: test_run refuses
 * them, so no verdict can be asked of the program. */
Test(parser, runt_refused_by_test_run, .fini = fx_teardown)
{
	static struct fx_result res;
	struct fx *fx = cut_switch();
	__u8 frame[PKT_ETH_HLEN] = {};

	cr_assert_neq(fx_try_run(fx, frame, PKT_ETH_HLEN - 1, &res), 0);
}

/*
 * The same short packets followed by 20 bytes of Ethernet padding or
 * trailer, as a NIC pads a short frame: the headers the IP packet does not
 * hold are still missing, whatever bytes follow it in the frame. Cut
 * inside the transport header or IPv6 extension headers, each is
 * truncated; cut inside the BTH, it is plain UDP (forwarded), and padding
 * is never taken for a BTH (no roce_v2 count).
 */
FX_CASE_PARAMS(parser, cut_then_padded, cut_cases)

ParameterizedTest(int *i, parser, cut_then_padded, .fini = fx_teardown)
{
	const struct cut_case *c = &cut_cases[*i];
	struct fx *fx = cut_switch();
	static __u8 full[PKT_MAX], frame[PKT_MAX];
	struct pkt_layout lay;
	struct pkt_spec s;
	size_t len, cut, hdr_end;
	char what[96];
	bool v6;

	c->build(&s);
	v6 = s.ethertype == ETH_P_IPV6;
	len = pkt_build(&s, full, sizeof(full), &lay);
	hdr_end = lay.bth ? lay.bth + PKT_BTH_LEN : lay.l4 + lay.l4_hlen;
	if (s.l4 == IPPROTO_ICMPV6)
		hdr_end = lay.l4 + 1;	/* the parser reads the type only */
	for (cut = lay.l3 + (v6 ? PKT_IPV6_HLEN : lay.l3_hlen); cut < hdr_end;
	     cut++) {
		memcpy(frame, full, len);
		fix_lengths(frame, cut, &lay, v6);
		memset(frame + cut, 0, 20);
		snprintf(what, sizeof(what), "%s, IP length cut to %zu, padded",
			 c->desc, cut);
		run_expect(fx, what, frame, cut + 20,
			   lay.bth && cut >= lay.bth ? CLOS_STAT_FWD :
			   CLOS_STAT_DROP_TRUNCATED, 0);
	}
}
