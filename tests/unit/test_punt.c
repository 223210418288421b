// SPDX-License-Identifier: GPL-2.0
/*
 * The way to the switch's kernel, in both modes (fast: the XDP ingress and
 * egress chained; queue: the TC programs, with tags in the frame and, in
 * tc_test.bpf.c, beside it as the kernel's receive path puts them):
 *   - the port's VLAN rule comes before any punt: a frame the port does not
 *     take (another VID, untagged on a VLAN port, 802.1ad, stacked tags)
 *     is dropped as drop_vlan_mismatch, be it ARP, ND, TTL 1, multicast,
 *     an unknown ethertype or a packet for the switch itself;
 *   - the punt policer (bpf/lib/police.h): per port, burst then rate,
 *     every kind of punt, drop_punt_policed and the port's policed count;
 *     forwarding does not take tokens, another port's bucket is its own.
 *
 * Ports (standard switch): 0 host untagged, 1-4 fabric, 5 host VLAN 10.
 */
#include <errno.h>
#include <string.h>
#include <netinet/in.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include "cases.h"
#include "frame_cases.h"
#include "punt_police.h"

#define TCI(pcp, vid)	(((pcp) << 13) | (vid))

static void routes(struct fx *fx)
{
	fx_route4(fx, "10.1.0.0", 16, CLOS_RT_NEXTHOP, 1);
	fx_route4(fx, "10.9.0.1", 32, CLOS_RT_LOCAL, 0);
	fx_route4(fx, "10.8.0.0", 16, CLOS_RT_KERNEL, 0);
	fx_route6(fx, "2001:db8:1::", 48, CLOS_RT_NEXTHOP, 1);
}

/* ARP: the standard request, with the tags of spec-like arguments put
 * between the MAC addresses and the ethertype. */
static size_t arp_tagged(__u8 *buf, size_t cap, __u16 outer_tpid,
			 __u16 outer_vid, __u16 inner_vid)
{
	size_t len = pkt_build_arp(buf, cap, "02:aa:bb:cc:dd:01", "10.10.0.5",
				   "10.10.0.1");
	size_t tags = (outer_tpid ? 4 : 0) + (inner_vid ? 4 : 0);
	__u8 *p = buf + 12;

	cr_assert_leq(len + tags, cap);
	memmove(p + tags, p, len - 12);
	if (outer_tpid) {
		p[0] = outer_tpid >> 8;
		p[1] = outer_tpid;
		p[2] = outer_vid >> 8;
		p[3] = outer_vid;
		p += 4;
	}
	if (inner_vid) {
		p[0] = ETH_P_8021Q >> 8;
		p[1] = ETH_P_8021Q & 0xff;
		p[2] = inner_vid >> 8;
		p[3] = inner_vid;
	}
	return len + tags;
}

static size_t arp_vid99(__u8 *b, size_t c) { return arp_tagged(b, c, ETH_P_8021Q, 99, 0); }
static size_t arp_vid10(__u8 *b, size_t c) { return arp_tagged(b, c, ETH_P_8021Q, 10, 0); }
static size_t arp_untagged(__u8 *b, size_t c) { return arp_tagged(b, c, 0, 0, 0); }
static size_t arp_stag(__u8 *b, size_t c) { return arp_tagged(b, c, ETH_P_8021AD, 10, 0); }
static size_t arp_qinq(__u8 *b, size_t c) { return arp_tagged(b, c, ETH_P_8021AD, 99, 10); }
static size_t arp_q99_q10(__u8 *b, size_t c) { return arp_tagged(b, c, ETH_P_8021Q, 99, 10); }

V4(ttl1_vid99, 5, "10.1.2.3", CTAG(99, 0); s->ttl = 1)
V4(ttl1_vid10, 5, "10.1.2.3", CTAG(10, 0); s->ttl = 1)
V4(local_vid99, 5, "10.9.0.1", CTAG(99, 0))
V4(local_vid10, 5, "10.9.0.1", CTAG(10, 0))
V4(kernel_route_vid99, 5, "10.8.0.1", CTAG(99, 0))
V4(mcast_vid99, 5, "224.0.0.5", CTAG(99, 0))
V4(mcast_untagged_on_vlan10, 5, "224.0.0.5", )
V6(ns_mcast_vid99, 5, "ff02::1:ff00:1", CTAG(99, 0);
   pkt_mac(s->dmac, "33:33:ff:00:00:01"); s->l4 = IPPROTO_ICMPV6;
   s->icmp_type = 135; s->ttl = 255; s->payload_len = 16)
V6(ns_mcast_vid10, 5, "ff02::1:ff00:1", CTAG(10, 0);
   pkt_mac(s->dmac, "33:33:ff:00:00:01"); s->l4 = IPPROTO_ICMPV6;
   s->icmp_type = 135; s->ttl = 255; s->payload_len = 16)
V4(lldp_vid99, 5, "10.1.2.3", CTAG(99, 0); s->ethertype = 0x88cc)
V4(three_tags, 1, "10.1.2.3", STAG(0); CTAG(0, 0); s->ethertype = ETH_P_8021Q;
   s->payload_len = 46)
V4(ttl1_stag_fabric, 2, "10.1.2.3", STAG(0); s->ttl = 1)
/* Queue mode, tag beside the data: the frame itself untagged or tagged. */
V4(hw_ttl1, 5, "10.1.2.3", s->ttl = 1)
V4(hw_fwd, 5, "10.1.2.3", )
V4(hw_inner10, 5, "10.1.2.3", CTAG(10, 0))

#define NOT(d, in, b, v)	{ .desc = d, .setup = routes, .in_port = in, \
				  .build = b, .verdict = v }
#define RAW(d, in, r, v)	{ .desc = d, .setup = routes, .in_port = in, \
				  .raw = r, .verdict = v }

static const struct fx_case vlan_first[] = {
	RAW("ARP tagged VID 99 on a VLAN 10 port: dropped, not punted", 5,
	    arp_vid99, CLOS_STAT_DROP_VLAN),
	RAW("ARP tagged VID 10 on a VLAN 10 port: punted", 5, arp_vid10,
	    CLOS_STAT_PUNT_ARP),
	RAW("ARP untagged on a VLAN 10 port: dropped", 5, arp_untagged,
	    CLOS_STAT_DROP_VLAN),
	RAW("ARP untagged on an untagged port: punted", 0, arp_untagged,
	    CLOS_STAT_PUNT_ARP),
	RAW("ARP behind an 802.1ad tag on a fabric port: dropped", 2, arp_stag,
	    CLOS_STAT_DROP_VLAN),
	RAW("ARP behind 802.1ad + 802.1Q VID 10 on a VLAN 10 port: dropped", 5,
	    arp_qinq, CLOS_STAT_DROP_VLAN),
	RAW("ARP behind 802.1Q VID 99 + VID 10 on a VLAN 10 port: dropped", 5,
	    arp_q99_q10, CLOS_STAT_DROP_VLAN),
	NOT("TTL 1 tagged VID 99 on a VLAN 10 port: dropped", 5, ttl1_vid99,
	    CLOS_STAT_DROP_VLAN),
	NOT("TTL 1 tagged VID 10: punted", 5, ttl1_vid10, CLOS_STAT_PUNT_TTL),
	NOT("to the switch, tagged VID 99: dropped", 5, local_vid99,
	    CLOS_STAT_DROP_VLAN),
	NOT("to the switch, tagged VID 10: punted", 5, local_vid10,
	    CLOS_STAT_PUNT_LOCAL),
	NOT("kernel route, tagged VID 99: dropped", 5, kernel_route_vid99,
	    CLOS_STAT_DROP_VLAN),
	NOT("multicast tagged VID 99: dropped", 5, mcast_vid99,
	    CLOS_STAT_DROP_VLAN),
	NOT("multicast untagged on a VLAN 10 port: dropped", 5,
	    mcast_untagged_on_vlan10, CLOS_STAT_DROP_VLAN),
	NOT("neighbour solicitation tagged VID 99: dropped", 5, ns_mcast_vid99,
	    CLOS_STAT_DROP_VLAN),
	NOT("neighbour solicitation tagged VID 10: punted", 5, ns_mcast_vid10,
	    CLOS_STAT_PUNT_MCAST),
	NOT("LLDP tagged VID 99: dropped, not an unknown ethertype", 5,
	    lldp_vid99, CLOS_STAT_DROP_VLAN),
	NOT("three tags: dropped, not an unknown ethertype", 1, three_tags,
	    CLOS_STAT_DROP_VLAN),
	NOT("TTL 1 behind an 802.1ad tag on a fabric port: dropped", 2,
	    ttl1_stag_fabric, CLOS_STAT_DROP_VLAN),
};

FX_CASE_PARAMS(punt, vlan_first_fast, vlan_first)

ParameterizedTest(int *i, punt, vlan_first_fast, .fini = fx_teardown)
{
	fx_case_run(FX_PIPELINE, &vlan_first[*i]);
}

/* The same without the lane: the general pipeline's results, which the
 * lane must give too. */
FX_CASE_PARAMS(punt, vlan_first_general, vlan_first)

ParameterizedTest(int *i, punt, vlan_first_general, .fini = fx_teardown)
{
	fx_case_run(FX_GENERAL, &vlan_first[*i]);
}

FX_CASE_PARAMS(punt, vlan_first_queue, vlan_first)

ParameterizedTest(int *i, punt, vlan_first_queue, .fini = fx_teardown)
{
	fx_case_run(FX_QUEUE, &vlan_first[*i]);
}

/* The same with the general pipeline's ingress alone (no lane), whose
 * results the lane must give too. */
FX_CASE_PARAMS(punt, vlan_first_queue_general, vlan_first)

ParameterizedTest(int *i, punt, vlan_first_queue_general, .fini = fx_teardown)
{
	fx_case_run(FX_TC_GENERAL, &vlan_first[*i]);
}

/* Queue mode: the outer tag beside the data (skb->vlan_tci), as the
 * kernel's receive path leaves an 802.1Q or an 802.1ad tag. */
#define HW(name, proto, tci)						\
	static void name(struct fx *fx)					\
	{								\
		routes(fx);						\
		*fx->tc_hw_tci = (tci);					\
		*fx->tc_hw_proto = (proto);				\
	}
HW(hw_q10, ETH_P_8021Q, TCI(0, 10))
HW(hw_q99, ETH_P_8021Q, TCI(0, 99))
HW(hw_ad10, ETH_P_8021AD, TCI(0, 10))
HW(hw_ad0, ETH_P_8021AD, TCI(0, 0))

#define HWC(d, set, in, b, v)	{ .desc = d, .setup = set, .in_port = in, \
				  .build = b, .verdict = v }

static const struct fx_case hw_cases[] = {
	HWC("802.1Q VID 10 beside the data: TTL 1 punted", hw_q10, 5, hw_ttl1,
	    CLOS_STAT_PUNT_TTL),
	HWC("802.1Q VID 99 beside the data: TTL 1 dropped, not punted", hw_q99,
	    5, hw_ttl1, CLOS_STAT_DROP_VLAN),
	HWC("802.1ad VID 10 beside the data on a VLAN 10 port: dropped",
	    hw_ad10, 5, hw_fwd, CLOS_STAT_DROP_VLAN),
	HWC("802.1ad VID 0 beside the data on an untagged port: dropped",
	    hw_ad0, 0, hw_fwd, CLOS_STAT_DROP_VLAN),
	HWC("802.1ad VID 10 beside, 802.1Q VID 10 in the data: dropped",
	    hw_ad10, 5, hw_inner10, CLOS_STAT_DROP_VLAN),
	HWC("802.1Q VID 10 beside and in the data: stacked, dropped", hw_q10,
	    5, hw_inner10, CLOS_STAT_DROP_VLAN),
	{ .desc = "802.1Q VID 10 beside the data: forwarded", .setup = hw_q10,
	  .in_port = 5, .build = hw_fwd, .verdict = CLOS_STAT_FWD, .nh = 1 },
};

FX_CASE_PARAMS(punt, vlan_beside_data, hw_cases)

ParameterizedTest(int *i, punt, vlan_beside_data, .fini = fx_teardown)
{
	fx_case_run(FX_TC_TEST, &hw_cases[*i]);
}

/* ---- the punt policer ---- */

static const enum fx_prog modes[] = { FX_PIPELINE, FX_QUEUE };

/* Port 0's bucket: rate, burst, tokens in packets, last fill at last_ns. */
static void bucket(struct fx *fx, __u32 port, __u32 rate, __u32 burst,
		   __u64 tokens, __u64 last_ns)
{
	struct clos_punt_police pp = {
		.rate_pps = rate, .burst = burst,
		.tokens = tokens * CLOS_NSEC_PER_SEC, .last_ns = last_ns,
	};

	fx_punt_police_set(fx, port, &pp);
}

/* Run one frame into in_port as the mode runs it; return the verdict
 * counter that moved (asserting it is the only one, with its action). */
static enum clos_stat run_one(struct fx *fx, enum fx_prog kind, __u32 in_port,
			      const __u8 *frame, size_t len)
{
	static struct fx_result res;
	struct fx_counts before, after;
	struct __sk_buff skb = { .ingress_ifindex = FX_IFINDEX };
	enum clos_stat v = CLOS_STAT_MAX;
	int i, n = 0;

	fx_ingress(fx, in_port);
	fx_counts(fx, &before);
	if (kind == FX_QUEUE)
		fx_run_skb(fx, fx->prog_fd, frame, len, &skb, &res);
	else
		fx_run(fx, frame, len, &res);
	fx_counts(fx, &after);
	for (i = 0; i < CLOS_STAT_MAX; i++) {
		if (after.stat[i].packets != before.stat[i].packets &&
		    fx_stat_is_verdict(i)) {
			v = i;
			n++;
		}
	}
	if (kind == FX_QUEUE && res.retval == TC_ACT_REDIRECT)
		return CLOS_STAT_FWD;	/* counted by the egress program */
	cr_assert_eq(n, 1, "%d verdict counters moved", n);
	fx_expect_counts(fx_stat_name(v), &before, &after, v, 0, len, in_port);
	if (kind == FX_QUEUE)
		cr_assert_eq(res.retval, fx_stat_is_punt(v) ? TC_ACT_OK : TC_ACT_SHOT,
			     "%s: %s", fx_stat_name(v), fx_tc_act_name(res.retval));
	else
		cr_assert_eq(res.retval, fx_verdict_action(v), "%s: %s",
			     fx_stat_name(v), fx_xdp_name(res.retval));
	return v;
}

static size_t arp(__u8 *buf)
{
	return arp_tagged(buf, PKT_MAX, 0, 0, 0);
}

/* A full bucket of burst B lets B punts through, then drops, counting
 * each drop in drop_punt_policed (the terminal counter, charged to the
 * port's drop) and in the bucket's policed packets and bytes. The rate
 * is 1/s: within the test no token comes back. */
Test(punt, burst_then_policed, .fini = fx_teardown)
{
	static __u8 f[PKT_MAX];
	struct clos_punt_police pp;
	size_t k, len;
	int m, i;

	for (m = 0; m < 2; m++) {
		struct fx *fx = fx_setup(modes[m]);

		routes(fx);
		bucket(fx, 0, 1, 5, 5, fx_now_ns());
		len = arp(f);
		for (i = 0; i < 5; i++)
			cr_assert_eq(run_one(fx, modes[m], 0, f, len),
				     CLOS_STAT_PUNT_ARP, "mode %d, ARP %d of the burst", m, i);
		for (k = 0; k < 3; k++)
			cr_assert_eq(run_one(fx, modes[m], 0, f, len),
				     CLOS_STAT_DROP_PUNT_POLICED, "mode %d, ARP past the burst", m);
		fx_punt_police_get(fx, 0, &pp);
		cr_assert_eq(pp.policed, 3);
		cr_assert_eq(pp.policed_bytes, 3 * len);
		cr_assert_lt(pp.tokens, CLOS_NSEC_PER_SEC, "an empty bucket");
		fx_teardown();
	}
}

/* Tokens come back at the rate: 2 s at 1/s are 2 punts. */
Test(punt, refill_at_rate, .fini = fx_teardown)
{
	static __u8 f[PKT_MAX];
	size_t len = arp(f);
	int m;

	for (m = 0; m < 2; m++) {
		struct fx *fx = fx_setup(modes[m]);

		routes(fx);
		bucket(fx, 0, 1, 10, 0, fx_now_ns() - 2 * CLOS_NSEC_PER_SEC);
		cr_assert_eq(run_one(fx, modes[m], 0, f, len), CLOS_STAT_PUNT_ARP);
		cr_assert_eq(run_one(fx, modes[m], 0, f, len), CLOS_STAT_PUNT_ARP);
		cr_assert_eq(run_one(fx, modes[m], 0, f, len),
			     CLOS_STAT_DROP_PUNT_POLICED);
		fx_teardown();
	}
}

/* A port quiet for as long as the clock has run fills to its burst and
 * no further (no overflow of elapsed * rate), even at the highest rate. */
Test(punt, long_quiet_fills_to_burst, .fini = fx_teardown)
{
	static __u8 f[PKT_MAX];
	size_t len = arp(f);
	struct fx *fx = fx_setup(FX_PIPELINE);
	struct clos_punt_police pp;
	int i;

	routes(fx);
	bucket(fx, 0, 1, 3, 0, 0);
	for (i = 0; i < 3; i++)
		cr_assert_eq(run_one(fx, FX_PIPELINE, 0, f, len), CLOS_STAT_PUNT_ARP);
	cr_assert_eq(run_one(fx, FX_PIPELINE, 0, f, len), CLOS_STAT_DROP_PUNT_POLICED);

	bucket(fx, 0, CLOS_PUNT_RATE_MAX, CLOS_PUNT_BURST_MAX, 0, 0);
	cr_assert_eq(run_one(fx, FX_PIPELINE, 0, f, len), CLOS_STAT_PUNT_ARP);
	fx_punt_police_get(fx, 0, &pp);
	cr_assert_eq(pp.tokens, ((__u64)CLOS_PUNT_BURST_MAX - 1) * CLOS_NSEC_PER_SEC,
		     "filled to the burst, one taken: %llu",
		     (unsigned long long)pp.tokens);
}

/* Every kind of punt takes a token; an empty bucket drops each of them. */
V4(p_ttl1, 0, "10.1.2.3", s->ttl = 1)
V4(p_local, 0, "10.9.0.1", )
V4(p_kernel, 0, "10.8.0.1", )
V4(p_mcast, 0, "224.0.0.5", )
V6(p_ns, 0, "2001:db8:1::9", s->l4 = IPPROTO_ICMPV6; s->icmp_type = 135;
   s->ttl = 255; s->payload_len = 16)
V6(p_hbh, 0, "2001:db8:1::9", s->v6_ext[0] = IPPROTO_HOPOPTS; s->v6_ext_n = 1)
V4(p_other, 0, "10.1.2.3", s->ethertype = 0x88b5)
V4(p_fwd, 0, "10.1.2.3", )

Test(punt, every_punt_policed, .fini = fx_teardown)
{
	static const struct {
		void (*build)(struct pkt_spec *s);
		enum clos_stat unpoliced;
	} t[] = {
		{ p_ttl1, CLOS_STAT_PUNT_TTL }, { p_local, CLOS_STAT_PUNT_LOCAL },
		{ p_kernel, CLOS_STAT_PUNT_KERNEL }, { p_mcast, CLOS_STAT_PUNT_MCAST },
		{ p_ns, CLOS_STAT_PUNT_ICMPV6_ND }, { p_hbh, CLOS_STAT_PUNT_V6_HBH },
		{ p_other, CLOS_STAT_PUNT_L2_OTHER },
	};
	static __u8 f[PKT_MAX];
	struct pkt_spec s;
	size_t k, len;
	int m;

	for (m = 0; m < 2; m++) {
		struct fx *fx = fx_setup(modes[m]);

		routes(fx);
		for (k = 0; k < sizeof(t) / sizeof(t[0]); k++) {
			t[k].build(&s);
			len = pkt_build(&s, f, sizeof(f), NULL);
			bucket(fx, 0, 1, 1, 1, fx_now_ns());
			cr_assert_eq(run_one(fx, modes[m], 0, f, len), t[k].unpoliced,
				     "mode %d case %zu with a token", m, k);
			cr_assert_eq(run_one(fx, modes[m], 0, f, len),
				     CLOS_STAT_DROP_PUNT_POLICED,
				     "mode %d case %zu without", m, k);
		}
		/* Forwarding takes no token and is not policed. */
		p_fwd(&s);
		len = pkt_build(&s, f, sizeof(f), NULL);
		cr_assert_eq(run_one(fx, modes[m], 0, f, len), CLOS_STAT_FWD);
		fx_teardown();
	}
}

/* One port's empty bucket is its own: another port still punts; rate 0
 * polices nothing. */
Test(punt, per_port_and_unlimited, .fini = fx_teardown)
{
	static __u8 f[PKT_MAX];
	size_t len = arp(f);
	struct fx *fx = fx_setup(FX_PIPELINE);
	int i;

	routes(fx);
	bucket(fx, 0, 1, 1, 0, fx_now_ns());
	cr_assert_eq(run_one(fx, FX_PIPELINE, 0, f, len), CLOS_STAT_DROP_PUNT_POLICED);
	cr_assert_eq(run_one(fx, FX_PIPELINE, 1, f, len), CLOS_STAT_PUNT_ARP,
		     "port 1 has its own bucket");
	bucket(fx, 0, 0, 1, 0, fx_now_ns());
	for (i = 0; i < 300; i++)
		cr_assert_eq(run_one(fx, FX_PIPELINE, 0, f, len), CLOS_STAT_PUNT_ARP,
			     "rate 0: unlimited (ARP %d)", i);
}

/* The loader's defaults, and what closctl's `port set` writes. */
Test(punt, defaults_and_set, .fini = fx_teardown)
{
	struct fx *fx = fx_setup(FX_PIPELINE);
	struct clos_punt_police pp;
	struct clos_err err;
	__u32 p;

	for (p = 0; p < FX_NUM_PORTS; p++) {
		fx_punt_police_get(fx, p, &pp);
		cr_assert(pp.rate_pps == CLOS_PUNT_RATE_DEFAULT &&
			  pp.burst == CLOS_PUNT_BURST_DEFAULT &&
			  pp.tokens == (__u64)CLOS_PUNT_BURST_DEFAULT * CLOS_NSEC_PER_SEC,
			  "port %u: %u/s burst %u", p, pp.rate_pps, pp.burst);
	}
	pp.policed = 7;
	pp.tokens = 0;
	fx_punt_police_set(fx, 5, &pp);
	cr_assert_eq(clos_punt_police_set(&fx->sw, 5, 50, 10, &err), 0, "%s", err.msg);
	fx_punt_police_get(fx, 5, &pp);
	cr_assert(pp.rate_pps == 50 && pp.burst == 10 &&
		  pp.tokens == 10 * CLOS_NSEC_PER_SEC && pp.policed == 7,
		  "set: %u/s burst %u, full, policed kept", pp.rate_pps, pp.burst);

	cr_assert_eq(clos_punt_police_set(&fx->sw, 5, CLOS_PUNT_RATE_MAX + 1, 10, &err),
		     -EINVAL);
	cr_assert_str_eq(err.msg, "punt-rate 10000001: out of range (0 = unlimited, 1..10000000 packets/s)");
	cr_assert_eq(clos_punt_police_set(&fx->sw, 5, 50, 0, &err), -EINVAL);
	cr_assert_str_eq(err.msg, "punt-burst 0: out of range (1..1000000 packets)");
	fx_punt_police_get(fx, 5, &pp);
	cr_assert(pp.rate_pps == 50 && pp.burst == 10, "a refused set changes nothing");
}
