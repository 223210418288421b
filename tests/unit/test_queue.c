// SPDX-License-Identifier: GPL-2.0
/*
 * Queue mode: the TC programs of bpf/clos_queue.bpf.c through
 * BPF_PROG_TEST_RUN on an skb.
 *
 * Ingress (clos_ingress_tc): the same pipeline as XDP, so a routed frame
 * leaves rewritten (MACs, TTL / hop limit, IPv4 checksum) with
 * TC_ACT_REDIRECT and the forwarded mark, a punt is TC_ACT_OK with the
 * frame untouched, a drop TC_ACT_SHOT, each with its counter; a
 * redirected frame then goes through its port's egress program, which
 * counts it (cases.c). A tag the kernel keeps beside the data
 * (skb->vlan_tci, where the receive path puts an 802.1Q tag) is the
 * frame's tag for VLAN admission (tests/bpf/tc_test.bpf.c puts it there).
 *
 * Egress (clos_egress_tc): classify by the ingress port's trust, run the
 * model, mark CE or drop, make the VLAN tagging what the port wants, and
 * select the HTB class: skb->priority = CLOS_HTB_CLASS(tc), read from
 * ctx_out; count a frame ingress marked as forwarded, and the switch's own
 * frames as nothing. A pushed tag lives beside the data, which neither
 * ctx_out nor the output bytes show, so the egress cases also run through
 * tests/bpf/tc_test.bpf.c, which publishes skb->vlan_* (tc_view.h).
 *
 * What test_run does with an skb on this kernel (6.18), as these tests
 * rely on it: ctx_in->ingress_ifindex becomes skb->skb_iif as given (no
 * device needs to exist: FX_IFINDEX_OTHER works), ctx_in->ifindex picks
 * skb->dev (1 = lo), ctx_out carries priority but no vlan_* field, and a
 * tag pushed by bpf_skb_vlan_push() stays out of the output bytes.
 */
#include <string.h>
#include <netinet/in.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf.h>
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include "cases.h"
#include "frame_cases.h"
#include "qos_fixture.h"

#define NO_TAG		(-1)
#define TCI(pcp, vid)	(((pcp) << 13) | (vid))

/* ---- ingress ---- */

static void untag(struct pkt_spec *s)
{
	s->stag = false;
	s->ctag = false;
}

static void routes(struct fx *fx)
{
	fx_route4(fx, "10.1.0.0", 16, CLOS_RT_NEXTHOP, 1);
	fx_route4(fx, "10.2.0.0", 16, CLOS_RT_NEXTHOP, 2);
	fx_route4(fx, "10.20.0.0", 16, CLOS_RT_NEXTHOP, 6);
	fx_route4(fx, "10.66.0.0", 16, CLOS_RT_DROP, 0);
	fx_route4(fx, "10.72.0.0", 16, CLOS_RT_NEXTHOP, 7);
	fx_route6(fx, "2001:db8:1::", 48, CLOS_RT_NEXTHOP, 1);
	fx_route6(fx, "2001:db8:2::", 48, CLOS_RT_NEXTHOP, 2);
	fx_route6(fx, "2001:db8:20::", 48, CLOS_RT_NEXTHOP, 6);
}

/* tc_test.bpf.c only: the frame's tag is beside the data. */
#define HW_TAG(name, tci)						\
	static void name(struct fx *fx)					\
	{								\
		routes(fx);						\
		*fx->tc_hw_tci = (tci);					\
	}
HW_TAG(hw_vid10_pcp5, TCI(5, 10))
HW_TAG(hw_vid11, TCI(5, 11))
HW_TAG(hw_prio_tag, TCI(6, 0))
HW_TAG(hw_vid10, TCI(0, 10))


V4(in_v4, 0, "10.1.2.3", s->tos = 0x2e)
V6(in_v6, 0, "2001:db8:1::9", )
V4(in_tag10, 5, "10.2.0.9", CTAG(10, 5))
V4(in_ttl1, 0, "10.1.2.3", s->ttl = 1)
V6(in_v6_hlim1, 0, "2001:db8:1::9", s->ttl = 1)
V4(in_noroute, 0, "192.0.2.1", )
V4(in_blackhole, 0, "10.66.0.1", )
V4(in_port_down, 0, "10.72.0.1", )
V4(in_tag11_on_vlan10, 5, "10.2.0.9", CTAG(11, 5))
V4(in_untagged_on_vlan10, 5, "10.2.0.9", )
V4(in_other_dmac, 0, "10.1.2.3", pkt_mac(s->dmac, "02:c1:05:00:00:99"))
V4(in_mcast, 0, "239.1.1.1", )
V4(hw_in_vlan10, 5, "10.2.0.9", )
V4(hw_in_fabric, 1, "10.2.0.9", )

static size_t arp(__u8 *buf, size_t cap)
{
	return pkt_build_arp(buf, cap, "02:aa:bb:cc:dd:01", "10.0.0.1",
			     "10.0.0.254");
}

#define FWD(d, set, in, b, n)	{ .desc = d, .setup = set, .in_port = in, \
				  .build = b, .verdict = CLOS_STAT_FWD, .nh = n }
#define NOT(d, set, in, b, v)	{ .desc = d, .setup = set, .in_port = in, \
				  .build = b, .verdict = v }

static const struct fx_case ingress_cases[] = {
	FWD("v4 routed: MACs, TTL, checksum; TC_ACT_REDIRECT", routes, 0,
	    in_v4, 1),
	FWD("v6 routed: MACs, hop limit", routes, 0, in_v6, 1),
	{ .desc = "tagged in (VID 10): routed, the tag popped by egress",
	  .setup = routes, .in_port = 5, .build = in_tag10,
	  .verdict = CLOS_STAT_FWD, .nh = 2, .expect = untag },
	NOT("TTL 1: punted, TC_ACT_OK, untouched", routes, 0, in_ttl1,
	    CLOS_STAT_PUNT_TTL),
	NOT("hop limit 1: punted", routes, 0, in_v6_hlim1, CLOS_STAT_PUNT_TTL),
	{ .desc = "ARP: punted", .setup = routes, .in_port = 0, .raw = arp,
	  .verdict = CLOS_STAT_PUNT_ARP },
	NOT("multicast: punted", routes, 0, in_mcast, CLOS_STAT_PUNT_MCAST),
	NOT("no route: TC_ACT_SHOT", routes, 0, in_noroute,
	    CLOS_STAT_DROP_NO_ROUTE),
	NOT("blackhole: TC_ACT_SHOT", routes, 0, in_blackhole,
	    CLOS_STAT_DROP_BLACKHOLE),
	NOT("nexthop on a down port: TC_ACT_SHOT", routes, 0, in_port_down,
	    CLOS_STAT_DROP_PORT_DOWN),
	NOT("VID 11 on a VLAN 10 port: TC_ACT_SHOT", routes, 5,
	    in_tag11_on_vlan10, CLOS_STAT_DROP_VLAN),
	NOT("untagged on a VLAN 10 port: TC_ACT_SHOT", routes, 5,
	    in_untagged_on_vlan10, CLOS_STAT_DROP_VLAN),
	NOT("not our MAC: TC_ACT_SHOT", routes, 0, in_other_dmac,
	    CLOS_STAT_DROP_DMAC),
	NOT("unknown ingress ifindex: TC_ACT_SHOT", routes, FX_NO_PORT, in_v4,
	    CLOS_STAT_DROP_UNKNOWN_PORT),
};

FX_CASE_PARAMS(queue, ingress, ingress_cases)

ParameterizedTest(int *i, queue, ingress, .fini = fx_teardown)
{
	fx_case_run(FX_QUEUE, &ingress_cases[*i]);
}

/* The same with the general pipeline's ingress alone (no lane), whose
 * results the lane must give too. */
FX_CASE_PARAMS(queue, ingress_general, ingress_cases)

ParameterizedTest(int *i, queue, ingress_general, .fini = fx_teardown)
{
	fx_case_run(FX_TC_GENERAL, &ingress_cases[*i]);
}

/* The tag beside the data is the one VLAN admission reads. The forwarded
 * frame's bytes are the routed frame (no tag in the data). */
static const struct fx_case hw_tag_cases[] = {
	FWD("tag beside the data, VID 10 on the VLAN 10 port: routed",
	    hw_vid10_pcp5, 5, hw_in_vlan10, 2),
	FWD("priority tag beside the data on an untagged port: routed",
	    hw_prio_tag, 1, hw_in_fabric, 2),
	NOT("tag beside the data, VID 11 on the VLAN 10 port: dropped",
	    hw_vid11, 5, hw_in_vlan10, CLOS_STAT_DROP_VLAN),
	NOT("tag beside the data, VID 10 on an untagged port: dropped",
	    hw_vid10, 1, hw_in_fabric, CLOS_STAT_DROP_VLAN),
	NOT("no tag at all on the VLAN 10 port: dropped", routes, 5,
	    hw_in_vlan10, CLOS_STAT_DROP_VLAN),
};

FX_CASE_PARAMS(queue, ingress_hw_tag, hw_tag_cases)

ParameterizedTest(int *i, queue, ingress_hw_tag, .fini = fx_teardown)
{
	fx_case_run(FX_TC_TEST, &hw_tag_cases[*i]);
}

/* ---- egress ---- */

/*
 * An egress case: a frame as ingress left it (already routed, marked
 * forwarded) reaching out_port's clsact egress, having come in on in_port
 * (whose trust classifies it). hw_tci: a tag beside the data
 * (tc_test.bpf.c only).
 * Expected: the verdict, the class (HTB class, tm_stats), CE, the bytes
 * (the input with expect()'s edits) and the tag beside the data after.
 */
struct egress_case {
	const char *desc;
	void (*setup)(struct fx *fx);
	__u32 in_port, out_port;
	void (*build)(struct pkt_spec *s);
	int hw_tci;
	__u32 act;		/* TC_ACT_OK or TC_ACT_SHOT */
	__u32 tc;
	bool ce;
	void (*expect)(struct pkt_spec *s);
	int out_tci;		/* NO_TAG: none beside the data */
};

static void classes(struct fx *fx)
{
	qf_classes(fx);
}

static void classes_dscp(struct fx *fx)
{
	qf_classes(fx);
	fx_port_trust(fx, 5, CLOS_TRUST_DSCP);
}

static void congested(struct fx *fx)
{
	qf_congest(fx, 2);
	qf_congest(fx, 6);
}

#define EG4(name, extra)						\
	static void name(struct pkt_spec *s)				\
	{								\
		pkt_udp4(s, FX_NH_MAC(2), "10.10.0.5", "10.2.0.9");	\
		extra;							\
	}
#define EG6(name, extra)						\
	static void name(struct pkt_spec *s)				\
	{								\
		pkt_udp6(s, FX_NH_MAC(2), "2001:db8:10::5", "2001:db8:2::9"); \
		extra;							\
	}
#define TOS(d, e)	s->tos = ((d) << 2) | (e)

EG4(eg_d46, TOS(46, 0))
EG4(eg_d26, TOS(26, 0))
EG4(eg_t5_d26, CTAG(10, 5); TOS(26, 0))
EG4(eg_qinq_t3, s->stag = true; s->stag_vid = 300; CTAG(10, 3))
EG4(eg_d0_ect0, TOS(0, 2))
EG4(eg_d26_ect0, TOS(26, 2))
EG4(eg_d8, TOS(8, 0))
EG4(eg_d0_ect0_opts, TOS(0, 2); s->ip_opt_len = 8)
EG6(eg6_d46, TOS(46, 0))
EG6(eg6_d0_ect1, TOS(0, 1))

static void set_ce(struct pkt_spec *s)
{
	s->tos |= 3;
}

#define EG(d, set, in, out, b, hw, t, e, tci)				\
	{ .desc = d, .setup = set, .in_port = in, .out_port = out,	\
	  .build = b, .hw_tci = hw, .act = TC_ACT_OK, .tc = t,		\
	  .expect = e, .out_tci = tci }
#define EG_CE(d, set, in, out, b, hw, t, tci)				\
	{ .desc = d, .setup = set, .in_port = in, .out_port = out,	\
	  .build = b, .hw_tci = hw, .act = TC_ACT_OK, .tc = t,		\
	  .ce = true, .expect = set_ce, .out_tci = tci }

static const struct egress_case egress_cases[] = {
	EG("untagged DSCP 46 -> fabric: TC1, HTB 1:2", classes, 1, 2, eg_d46,
	   NO_TAG, 1, NULL, NO_TAG),
	EG("untagged DSCP 26 -> VLAN 20: TC4, tag PCP 5 pushed", classes, 1, 6,
	   eg_d26, NO_TAG, 4, NULL, TCI(5, 20)),
	EG("tag in the data, PCP 5 -> fabric: popped, TC2", classes, 5, 2,
	   eg_t5_d26, NO_TAG, 2, untag, NO_TAG),
	EG("tag in the data, PCP 5 -> VLAN 20: TC2, PCP 3", classes, 5, 6,
	   eg_t5_d26, NO_TAG, 2, untag, TCI(3, 20)),
	EG("802.1ad + 802.1Q PCP 3 -> VLAN 20: both popped, TC6, PCP 7",
	   classes, 5, 6, eg_qinq_t3, NO_TAG, 6, untag, TCI(7, 20)),
	EG("dscp trust: tag in the data PCP 5, DSCP 26 -> TC4, PCP 5",
	   classes_dscp, 5, 6, eg_t5_d26, NO_TAG, 4, untag, TCI(5, 20)),
	EG("tag beside the data, PCP 5 -> fabric: popped, TC2", classes, 5, 2,
	   eg_d26, TCI(5, 10), 2, NULL, NO_TAG),
	EG("tag beside the data, PCP 3 -> VLAN 20: TC6, PCP 7", classes, 5, 6,
	   eg_d26, TCI(3, 10), 6, NULL, TCI(7, 20)),
	EG("dscp trust: tag beside the data PCP 5, DSCP 26 -> TC4, PCP 5",
	   classes_dscp, 5, 6, eg_d26, TCI(5, 10), 4, NULL, TCI(5, 20)),
	EG("v6 untagged DSCP 46 -> VLAN 20: TC1, PCP 2", classes, 1, 6, eg6_d46,
	   NO_TAG, 1, NULL, TCI(2, 20)),
	EG_CE("congested: v4 ECT(0) -> CE, checksum valid", congested, 1, 2,
	      eg_d0_ect0, NO_TAG, 0, NO_TAG),
	EG_CE("congested: v4 with options ECT(0) -> CE", congested, 1, 2,
	      eg_d0_ect0_opts, NO_TAG, 0, NO_TAG),
	EG_CE("congested: v6 ECT(1) -> CE", congested, 1, 2, eg6_d0_ect1,
	      NO_TAG, 0, NO_TAG),
	EG_CE("congested lossless TC3: ECT(0) -> CE", congested, 1, 2,
	      eg_d26_ect0, NO_TAG, 3, NO_TAG),
	EG_CE("congested: tag beside the data PCP 3 (TC3) -> VLAN 20: CE, PCP 3",
	      congested, 5, 6, eg_d0_ect0, TCI(3, 10), 3, TCI(3, 20)),
	{ .desc = "congested lossy TC1 past its limit: TC_ACT_SHOT",
	  .setup = congested, .in_port = 1, .out_port = 2, .build = eg_d8,
	  .hw_tci = NO_TAG, .act = TC_ACT_SHOT, .tc = 1, .out_tci = NO_TAG },
};

#define N_EGRESS	(sizeof(egress_cases) / sizeof(egress_cases[0]))

/* Each case through the production program (unless it needs a tag beside
 * the data) and through tc_test.bpf.c (which shows the tag). */
struct egress_param {
	int idx;
	enum fx_prog kind;
};

ParameterizedTestParameters(queue, egress)
{
	static struct egress_param params[2 * N_EGRESS];
	size_t i, n = 0;

	for (i = 0; i < N_EGRESS; i++) {
		if (egress_cases[i].hw_tci == NO_TAG)
			params[n++] = (struct egress_param){ i, FX_QUEUE };
		params[n++] = (struct egress_param){ i, FX_TC_TEST };
	}
	return cr_make_param_array(struct egress_param, params, n);
}

static void run_egress(struct fx *fx, const struct egress_case *c,
		       const __u8 *in, size_t len, struct __sk_buff *skb,
		       struct fx_result *res)
{
	/* lo is the egress port's device; the frame came in on in_port. */
	fx_ingress(fx, c->out_port);
	fx_ifindex_port(fx, FX_IFINDEX_OTHER, c->in_port);
	memset(skb, 0, sizeof(*skb));
	skb->ifindex = FX_IFINDEX;
	skb->ingress_ifindex = FX_IFINDEX_OTHER;
	skb->mark = CLOS_MARK_FORWARDED;
	if (fx->kind == FX_TC_TEST)
		*fx->tc_hw_tci = c->hw_tci;
	fx_run_skb(fx, fx->egress_fd, in, len, skb, res);
}

ParameterizedTest(struct egress_param *p, queue, egress, .fini = fx_teardown)
{
	const struct egress_case *c = &egress_cases[p->idx];
	static __u8 in[PKT_MAX], want[PKT_MAX];
	static struct fx_result res;
	struct fx_counts before, after;
	struct pkt_layout lay;
	struct pkt_spec s, e;
	struct __sk_buff skb;
	const char *what = c->desc;
	size_t len, wlen;
	struct fx *fx;

	fx = fx_setup(p->kind);
	if (c->setup)
		c->setup(fx);
	c->build(&s);
	len = pkt_build(&s, in, sizeof(in), &lay);

	fx_counts(fx, &before);
	run_egress(fx, c, in, len, &skb, &res);
	fx_counts(fx, &after);

	cr_assert_eq(res.retval, c->act, "%s: %s, want %s", what,
		     fx_tc_act_name(res.retval), fx_tc_act_name(c->act));
	if (c->act == TC_ACT_SHOT) {
		fx_expect_counts(what, &before, &after, CLOS_STAT_DROP_QUEUE, 0,
				 len, FX_NO_PORT);
		fx_expect_tm(what, &before, &after, c->out_port, c->tc, 0, 0, 0, 1);
		return;
	}

	cr_assert_eq(skb.priority, CLOS_HTB_CLASS(c->tc),
		     "%s: priority 0x%x, want 0x%x", what, skb.priority,
		     CLOS_HTB_CLASS(c->tc));
	fx_expect_counts(what, &before, &after, CLOS_STAT_FWD, 0, len, FX_NO_PORT);
	e = s;
	if (c->expect)
		c->expect(&e);
	wlen = pkt_build(&e, want, sizeof(want), &lay);
	fx_expect_frame(what, res.out, res.out_len, want, wlen);
	if (e.ethertype == ETH_P_IP)
		fx_expect_ipv4_csum(what, res.out, res.out_len, lay.l3);
	fx_expect_tm(what, &before, &after, c->out_port, c->tc, 1, len, c->ce, 0);
	cr_assert(after.port[c->out_port].tx.packets -
		  before.port[c->out_port].tx.packets == 1 &&
		  after.port[c->out_port].tx.bytes -
		  before.port[c->out_port].tx.bytes == wlen,
		  "%s: port %u tx not counted once with %zu bytes", what,
		  c->out_port, wlen);

	if (p->kind != FX_TC_TEST)
		return;
	cr_assert_eq(fx->tc_view->priority, CLOS_HTB_CLASS(c->tc));
	if (c->out_tci == NO_TAG) {
		cr_assert_not(fx->tc_view->vlan_present,
			      "%s: tag 0x%04x left beside the data", what,
			      fx->tc_view->vlan_tci);
		return;
	}
	cr_assert(fx->tc_view->vlan_present, "%s: no tag beside the data", what);
	cr_assert_eq(fx->tc_view->vlan_proto, ETH_P_8021Q);
	cr_assert_eq(fx->tc_view->vlan_tci, (__u32)c->out_tci,
		     "%s: tag 0x%04x, want 0x%04x", what, fx->tc_view->vlan_tci,
		     c->out_tci);
}

/* No port for skb->ifindex: the production program drops a forwarded
 * frame and counts it; the switch's own frame it drops uncounted. */
Test(queue, egress_unknown_device_dropped, .fini = fx_teardown)
{
	struct fx *fx = fx_setup(FX_QUEUE);
	static __u8 in[PKT_MAX];
	static struct fx_result res;
	struct __sk_buff skb = { .ifindex = FX_IFINDEX,
				 .ingress_ifindex = FX_IFINDEX_OTHER,
				 .mark = CLOS_MARK_FORWARDED };
	__u32 ifindex = FX_IFINDEX, none = CLOS_IFINDEX_NO_PORT;
	struct fx_counts before, after;
	struct pkt_spec s;
	size_t len;

	eg_d46(&s);
	len = pkt_build(&s, in, sizeof(in), NULL);
	cr_assert_eq(bpf_map_update_elem(fx->sw.fd[CLOS_MAP_PORT_BY_IFINDEX],
					 &ifindex, &none, BPF_ANY), 0);
	fx_counts(fx, &before);
	fx_run_skb(fx, fx->egress_fd, in, len, &skb, &res);
	fx_counts(fx, &after);
	cr_assert_eq(res.retval, TC_ACT_SHOT, "%s", fx_tc_act_name(res.retval));
	fx_expect_counts("forwarded", &before, &after, CLOS_STAT_DROP_EGRESS, 0,
			 len, FX_NO_PORT);
	fx_expect_tm("forwarded", &before, &after, FX_NO_PORT, 0, 0, 0, 0, 0);

	memset(&skb, 0, sizeof(skb));
	skb.ifindex = FX_IFINDEX;
	fx_counts(fx, &before);
	fx_run_skb(fx, fx->egress_fd, in, len, &skb, &res);
	fx_counts(fx, &after);
	cr_assert_eq(res.retval, TC_ACT_SHOT, "%s", fx_tc_act_name(res.retval));
	fx_expect_counts("own frame", &before, &after, FX_NO_VERDICT, 0, len,
			 FX_NO_PORT);
}

/* The switch's own frames (ARP replies, ICMP errors: no forwarded mark, no
 * ingress port) go through the egress control: classified by DSCP, in the
 * port's HTB class, tx and tm_stats; but they were never received, so no
 * terminal counter counts them, sent or dropped. */
Test(queue, egress_own_frame_not_forwarded, .fini = fx_teardown)
{
	struct fx *fx = fx_setup(FX_QUEUE);
	static __u8 in[PKT_MAX];
	static struct fx_result res;
	struct __sk_buff skb = { .ifindex = FX_IFINDEX };
	struct fx_counts before, after;
	struct pkt_spec s;
	size_t len;

	fx_ingress(fx, 2);
	eg_d46(&s);		/* DSCP 46: TC5 by default */
	len = pkt_build(&s, in, sizeof(in), NULL);
	fx_counts(fx, &before);
	fx_run_skb(fx, fx->egress_fd, in, len, &skb, &res);
	fx_counts(fx, &after);
	cr_assert_eq(res.retval, TC_ACT_OK, "%s", fx_tc_act_name(res.retval));
	cr_assert_eq(skb.priority, CLOS_HTB_CLASS(5));
	fx_expect_counts("own frame", &before, &after, FX_NO_VERDICT, 0, len,
			 FX_NO_PORT);
	fx_expect_tm("own frame", &before, &after, 2, 5, 1, len, 0, 0);
	cr_assert_eq(after.port[2].tx.packets - before.port[2].tx.packets, 1);
}

/* The defaults the loader writes: DSCP 26 is TC3 (HTB 1:4), DSCP 48 TC6
 * (1:7), anything unclassifiable TC0 (1:1, the HTB default class). */
Test(queue, egress_default_classes, .fini = fx_teardown)
{
	static const struct { __u8 tos; __u32 tc; } want[] = {
		{ 26 << 2, 3 }, { 48 << 2, 6 }, { 46 << 2, 5 }, { 0, 0 },
		{ 56 << 2, 7 }, { (10 << 2) | 2, 1 },
	};
	struct fx *fx = fx_setup(FX_QUEUE);
	static __u8 in[PKT_MAX];
	static struct fx_result res;
	struct __sk_buff skb;
	struct pkt_spec s;
	size_t i, len;

	fx_ingress(fx, 2);
	fx_ifindex_port(fx, FX_IFINDEX_OTHER, 1);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		eg_d46(&s);
		s.tos = want[i].tos;
		len = pkt_build(&s, in, sizeof(in), NULL);
		memset(&skb, 0, sizeof(skb));
		skb.ifindex = FX_IFINDEX;
		skb.ingress_ifindex = FX_IFINDEX_OTHER;
		fx_run_skb(fx, fx->egress_fd, in, len, &skb, &res);
		cr_assert_eq(res.retval, TC_ACT_OK);
		cr_assert_eq(skb.priority, CLOS_HTB_CLASS(want[i].tc),
			     "tos 0x%02x: priority 0x%x, want 0x%x", want[i].tos,
			     skb.priority, CLOS_HTB_CLASS(want[i].tc));
	}
	/* ARP reaches egress too (the switch's own): class 0 */
	len = pkt_build_arp(in, sizeof(in), "02:aa:bb:cc:dd:01", "10.0.0.1",
			    "10.0.0.2");
	memset(&skb, 0, sizeof(skb));
	skb.ifindex = FX_IFINDEX;
	fx_run_skb(fx, fx->egress_fd, in, len, &skb, &res);
	cr_assert_eq(res.retval, TC_ACT_OK);
	cr_assert_eq(skb.priority, CLOS_HTB_CLASS(0));
}
