// SPDX-License-Identifier: GPL-2.0
/*
 * The lane (bpf/lib/lane_v4.h), alone: fast mode's
 * (tests/bpf/pipeline_test.bpf.c clos_lane_test) and queue mode's at TC
 * ingress (tests/bpf/tc_test.bpf.c clos_tc_lane_test, then the egress
 * program of its port, which must let the lane's frame pass):
 *   - the frames it takes, it takes with the general pipeline's result:
 *     the same verdict, egress port and bytes out, and every counter
 *     (switch, port, class, ECMP member) moved alike, the general pipeline
 *     (clos_general_test) run beside it on a switch of its own;
 *   - the frames it leaves, it leaves untouched: not a byte of the frame
 *     and not a counter changed, for each reason it has to leave one.
 * The case tables of the other suites run the switch as it ships (lane
 * first) and the general pipeline alone against the same expectations.
 */
#include <errno.h>
#include <string.h>
#include <netinet/in.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include <linux/pkt_cls.h>
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include "fixture.h"
#include "cases.h"
#include "ecmp.h"

#define IN_MAC		FX_PORT_MAC(0)
#define GID		1

/* The two switches of a test; closed by lane_teardown() even when a check
 * failed. */
static struct fx lane_fx, general_fx;

static void lane_teardown(void)
{
	fx_close(&lane_fx);
	fx_close(&general_fx);
}

/* Routes: 10.1/16 to nexthop 1, 10.2/16 to the ECMP group of nexthops
 * 1-4, 10.5/16 to nexthop 5 (port 5, VLAN 10), 10.7/16 to nexthop 7 (port
 * 7, down), 10.9/16 to the switch itself. */
static void tables(struct fx *fx)
{
	static const __u32 four[] = { 1, 2, 3, 4 };
	struct clos_ecmp_group g;
	const char *why = "";

	cr_assert_eq(clos_ecmp_group_build(&g, NULL, CLOS_ECMP_RESILIENT, four,
					   4, &why), 0, "%s", why);
	fx_group(fx, GID, &g);
	fx_route4(fx, "10.1.0.0", 16, CLOS_RT_NEXTHOP, 1);
	fx_route4(fx, "10.2.0.0", 16, CLOS_RT_ECMP, GID);
	fx_route4(fx, "10.5.0.0", 16, CLOS_RT_NEXTHOP, 5);
	fx_route4(fx, "10.7.0.0", 16, CLOS_RT_NEXTHOP, 7);
	fx_route4(fx, "10.9.0.0", 16, CLOS_RT_LOCAL, 0);
}

static void udp(struct pkt_spec *s, const char *dst)
{
	pkt_udp4(s, IN_MAC, "10.0.0.1", dst);
}

/* The lane's and the general pipeline's program kinds of a mode. */
struct lane_mode {
	const char *name;
	enum fx_prog lane, general;
	__u32 sent;		/* the action of a frame sent */
	__u32 left;		/* the test program's action when the lane leaves one */
};

static const struct lane_mode xdp_mode = {
	"fast", FX_LANE, FX_GENERAL, XDP_REDIRECT, XDP_PASS,
};
static const struct lane_mode tc_mode = {
	"queue", FX_TC_LANE, FX_TC_GENERAL, TC_ACT_REDIRECT, TC_ACT_OK,
};

/* One frame into the program under test: fast mode's whole pass, or
 * queue mode's ingress program and, for a frame it redirects, its port's
 * egress program (cases.c fx_run_tc_chain). *mark, *priority: the skb's
 * after (0 in fast mode). */
static void run_one(struct fx *fx, const struct lane_mode *m, const __u8 *frame,
		    size_t len, struct fx_result *res, __u32 *mark,
		    __u32 *priority)
{
	*mark = 0;
	*priority = 0;
	if (m == &xdp_mode) {
		fx_run(fx, frame, len, res);
		return;
	}
	fx_run_tc_chain(fx, FX_PORT_HOST, frame, len, res, mark, priority);
}

/* ---- frames the lane takes -------------------------------------------- */

struct take_case {
	const char *desc;
	void (*build)(struct pkt_spec *s);
};

static void take_nexthop(struct pkt_spec *s) { udp(s, "10.1.0.9"); }
static void take_ecmp(struct pkt_spec *s) { udp(s, "10.2.0.9"); s->sport = 40001; }
static void take_ecmp2(struct pkt_spec *s) { udp(s, "10.2.0.9"); s->sport = 40002; }
static void take_tcp(struct pkt_spec *s)
{
	udp(s, "10.2.0.9");
	s->l4 = IPPROTO_TCP;
	s->sport = 443;
}
static void take_icmp(struct pkt_spec *s)
{
	udp(s, "10.2.0.9");
	s->l4 = IPPROTO_ICMP;
	s->icmp_type = 8;
}
static void take_frag(struct pkt_spec *s)
{
	udp(s, "10.2.0.9");
	s->frag_off = 0x2000;	/* MF: the first fragment, ports not hashed */
}
static void take_roce(struct pkt_spec *s)
{
	udp(s, "10.2.0.9");
	pkt_roce(s, 0x04, 0x12345, 7);	/* RC SEND only */
}
static void take_cnp(struct pkt_spec *s)
{
	udp(s, "10.2.0.9");
	pkt_roce(s, CLOS_BTH_OP_CNP, 0x12345, 0);
}
static void take_dscp(struct pkt_spec *s)
{
	udp(s, "10.1.0.9");
	s->tos = 26 << 2 | 2;	/* AF31, ECT(0) */
}
static void take_short_bth(struct pkt_spec *s)
{
	/* To 4791 but too short for a BTH: plain UDP. */
	udp(s, "10.2.0.9");
	s->dport = CLOS_ROCE_UDP_PORT;
	s->payload_len = 4;
}

static const struct take_case takes[] = {
	{ "UDP to a nexthop route", take_nexthop },
	{ "UDP to an ECMP group", take_ecmp },
	{ "UDP to an ECMP group, another flow", take_ecmp2 },
	{ "TCP to an ECMP group", take_tcp },
	{ "ICMP echo (no ports)", take_icmp },
	{ "a first fragment", take_frag },
	{ "RoCEv2 SEND", take_roce },
	{ "RoCEv2 CNP", take_cnp },
	{ "DSCP AF31, ECT(0)", take_dscp },
	{ "UDP to 4791 too short for a BTH", take_short_bth },
};

static void take(const struct lane_mode *m, const struct take_case *c)
{
	static struct fx_result got, want;
	struct fx_counts lb, la, gb, ga;
	__u32 got_mark, want_mark, got_prio, want_prio, slot;
	__u8 frame[PKT_MAX];
	struct pkt_spec s;
	char diff[512];
	size_t len;

	c->build(&s);
	len = pkt_build(&s, frame, sizeof(frame), NULL);
	fx_open(&lane_fx, m->lane);
	fx_open(&general_fx, m->general);
	tables(&lane_fx);
	tables(&general_fx);

	fx_counts(&lane_fx, &lb);
	run_one(&lane_fx, m, frame, len, &got, &got_mark, &got_prio);
	fx_counts(&lane_fx, &la);
	fx_counts(&general_fx, &gb);
	run_one(&general_fx, m, frame, len, &want, &want_mark, &want_prio);
	fx_counts(&general_fx, &ga);

	cr_assert_eq(*lane_fx.lane_missed, 0, "%s, %s: the lane left it", m->name,
		     c->desc);
	cr_assert_eq(want.retval, m->sent, "%s, %s: the general pipeline returned %u",
		     m->name, c->desc, want.retval);
	cr_assert_eq(got.retval, want.retval, "%s, %s: %u, general %u", m->name,
		     c->desc, got.retval, want.retval);
	cr_assert_eq(got.egress_port, want.egress_port,
		     "%s, %s: port %u, general %u", m->name, c->desc,
		     got.egress_port, want.egress_port);
	/* Queue mode: the lane's frame passed its egress program untouched
	 * (fx_run_tc_chain checks it), the general pipeline's went through
	 * that program's control, which chose the HTB class. */
	cr_assert_eq(got_mark, m == &xdp_mode ? 0 : CLOS_MARK_LANE,
		     "%s, %s: mark 0x%x", m->name, c->desc, got_mark);
	cr_assert_eq(want_mark, m == &xdp_mode ? 0 : CLOS_MARK_FORWARDED,
		     "%s, %s: general mark 0x%x", m->name, c->desc, want_mark);
	cr_assert_eq(got_prio, want_prio, "%s, %s: priority 0x%x, general 0x%x",
		     m->name, c->desc, got_prio, want_prio);
	cr_assert_eq(pkt_diff(got.out, got.out_len, want.out, want.out_len), -1,
		     "%s, %s: bytes out differ:\n%s", m->name, c->desc,
		     pkt_diff_str(diff, sizeof(diff), got.out, got.out_len,
				  want.out, want.out_len));
	/* Both switches started at zero: what moved must be the same. */
	cr_assert_eq(memcmp(&lb, &gb, sizeof(lb)), 0, "%s, %s: counters before",
		     m->name, c->desc);
	cr_assert_eq(memcmp(&la, &ga, sizeof(la)), 0,
		     "%s, %s: the counters moved otherwise (rx %llu/%llu, "
		     "fwd %llu/%llu, ecmp %llu/%llu, roce %llu/%llu)",
		     m->name, c->desc,
		     (unsigned long long)la.port[FX_PORT_HOST].rx.packets,
		     (unsigned long long)ga.port[FX_PORT_HOST].rx.packets,
		     (unsigned long long)la.stat[CLOS_STAT_FWD].packets,
		     (unsigned long long)ga.stat[CLOS_STAT_FWD].packets,
		     (unsigned long long)la.stat[CLOS_STAT_FWD_ECMP].packets,
		     (unsigned long long)ga.stat[CLOS_STAT_FWD_ECMP].packets,
		     (unsigned long long)la.stat[CLOS_STAT_ROCE].packets,
		     (unsigned long long)ga.stat[CLOS_STAT_ROCE].packets);
	cr_assert(m == &xdp_mode || want_prio >> 16 == CLOS_HTB_MAJOR,
		  "%s, %s: general priority 0x%x, no HTB class", m->name,
		  c->desc, want_prio);
	/* Both modes' lanes count the frame forwarded themselves. */
	cr_assert_eq(la.stat[CLOS_STAT_FWD].packets, 1,
		     "%s, %s: forwarded %llu", m->name, c->desc,
		     (unsigned long long)la.stat[CLOS_STAT_FWD].packets);
	cr_assert_eq(la.port[FX_PORT_HOST].rx.packets, 1, "%s, %s: rx %llu",
		     m->name, c->desc,
		     (unsigned long long)la.port[FX_PORT_HOST].rx.packets);
	for (slot = 0; slot < CLOS_MAX_MEMBERS; slot++) {
		struct clos_counter l = fx_ecmp_stat(&lane_fx, GID, slot);
		struct clos_counter g = fx_ecmp_stat(&general_fx, GID, slot);

		cr_assert(l.packets == g.packets && l.bytes == g.bytes,
			  "%s, %s: ECMP slot %u counted %llu, general %llu",
			  m->name, c->desc, slot, (unsigned long long)l.packets,
			  (unsigned long long)g.packets);
	}
}

FX_CASE_PARAMS(lane, takes, takes)

ParameterizedTest(int *i, lane, takes, .fini = lane_teardown)
{
	take(&xdp_mode, &takes[*i]);
}

FX_CASE_PARAMS(lane, takes_tc, takes)

ParameterizedTest(int *i, lane, takes_tc, .fini = lane_teardown)
{
	take(&tc_mode, &takes[*i]);
}

/* ---- frames the lane leaves ------------------------------------------- */

struct leave_case {
	const char *desc;
	void (*build)(struct pkt_spec *s);
	/* Edits of the built frame (may be NULL). */
	void (*poke)(__u8 *frame, size_t *len, const struct pkt_layout *lay);
	/* Tables beyond tables() (may be NULL). */
	void (*setup)(struct fx *fx);
	bool xdp_only;		/* a reason only fast mode has */
};

static void fix_csum(__u8 *frame, const struct pkt_layout *lay)
{
	__u16 c;

	frame[lay->l3 + 10] = frame[lay->l3 + 11] = 0;
	c = pkt_csum(frame + lay->l3, lay->l3_hlen);
	memcpy(frame + lay->l3 + 10, &c, 2);
}

static void leave_options(struct pkt_spec *s) { take_nexthop(s); s->ip_opt_len = 4; }
static void leave_ttl(struct pkt_spec *s) { take_nexthop(s); s->ttl = 1; }
static void leave_martian_src(struct pkt_spec *s) { pkt_udp4(s, IN_MAC, "127.0.0.1", "10.1.0.9"); }
static void leave_mcast_dst(struct pkt_spec *s) { udp(s, "239.1.2.3"); }
static void leave_no_route(struct pkt_spec *s) { udp(s, "192.0.2.1"); }
static void leave_local(struct pkt_spec *s) { udp(s, "10.9.0.1"); }
static void leave_vlan_out(struct pkt_spec *s) { udp(s, "10.5.0.9"); }
static void leave_down(struct pkt_spec *s) { udp(s, "10.7.0.9"); }
static void leave_dmac(struct pkt_spec *s)
{
	pkt_udp4(s, FX_PORT_MAC(1), "10.0.0.1", "10.1.0.9");
}
static void leave_bcast_mac(struct pkt_spec *s)
{
	pkt_udp4(s, "ff:ff:ff:ff:ff:ff", "10.0.0.1", "10.1.0.9");
}

static void poke_csum(__u8 *f, size_t *len, const struct pkt_layout *lay)
{
	f[lay->l3 + 10] ^= 0x01;
}

/* The IP length one byte past the frame. */
static void poke_long(__u8 *f, size_t *len, const struct pkt_layout *lay)
{
	__u16 tot = *len - lay->l3 + 1;

	f[lay->l3 + 2] = tot >> 8;
	f[lay->l3 + 3] = tot & 0xff;
	fix_csum(f, lay);
}

/* The IP packet ends inside the UDP header (Ethernet padding behind). */
static void poke_cut_udp(__u8 *f, size_t *len, const struct pkt_layout *lay)
{
	__u16 tot = lay->l3_hlen + 4;

	f[lay->l3 + 2] = tot >> 8;
	f[lay->l3 + 3] = tot & 0xff;
	fix_csum(f, lay);
}

/* The frame ends inside the BTH. */
static void poke_cut_bth(__u8 *f, size_t *len, const struct pkt_layout *lay)
{
	*len = lay->bth + 6;
}

static void vlan_in(struct fx *fx) { fx_port_vlan(fx, FX_PORT_HOST, 10); }
static void no_devmap(struct fx *fx) { fx_tx_port_del(fx, 1); }

static void trace_on(struct fx *fx)
{
	struct clos_obs_cfg cfg = { .flags = CLOS_OBS_TRACE, .snaplen = 128 };
	__u32 zero = 0;

	cr_assert_eq(bpf_map_update_elem(fx->sw.fd[CLOS_MAP_OBS_CFG], &zero,
					 &cfg, BPF_ANY), 0, "obs_cfg: %s",
		     strerror(errno));
}

static void capture_out(struct fx *fx)
{
	struct clos_obs_cfg cfg = {
		.flags = CLOS_OBS_CAPTURE, .snaplen = 128, .out_ports = 1u << 1,
	};
	__u32 zero = 0;

	cr_assert_eq(bpf_map_update_elem(fx->sw.fd[CLOS_MAP_OBS_CFG], &zero,
					 &cfg, BPF_ANY), 0, "obs_cfg: %s",
		     strerror(errno));
}

static const struct leave_case leaves[] = {
	{ "IPv4 options", leave_options },
	{ "TTL 1", leave_ttl },
	{ "a bad header checksum", take_nexthop, poke_csum },
	{ "a martian source", leave_martian_src },
	{ "a multicast destination", leave_mcast_dst },
	{ "the IP length past the frame", take_nexthop, poke_long },
	{ "the UDP header past the IP length", take_nexthop, poke_cut_udp },
	{ "a BTH cut short", take_roce, poke_cut_bth },
	{ "a destination MAC not the port's", leave_dmac },
	{ "a broadcast destination MAC", leave_bcast_mac },
	{ "no route", leave_no_route },
	{ "a route to the switch", leave_local },
	{ "an egress port with a VLAN", leave_vlan_out },
	{ "an egress port down", leave_down },
	{ "an ingress port with a VLAN", take_nexthop, NULL, vlan_in },
	{ "no devmap entry for the egress port", take_nexthop, NULL, no_devmap,
	  .xdp_only = true },
	{ "trace on", take_nexthop, NULL, trace_on },
	{ "capture on", take_nexthop, NULL, capture_out },
};

static void leave(const struct lane_mode *m, const struct leave_case *c)
{
	static struct fx_result res;
	struct fx_counts before, after;
	struct pkt_layout lay;
	__u8 frame[PKT_MAX];
	struct pkt_spec s;
	__u32 mark, prio, slot;
	char diff[512];
	size_t len;

	c->build(&s);
	len = pkt_build(&s, frame, sizeof(frame), &lay);
	if (c->poke)
		c->poke(frame, &len, &lay);
	fx_open(&lane_fx, m->lane);
	tables(&lane_fx);
	if (c->setup)
		c->setup(&lane_fx);

	fx_counts(&lane_fx, &before);
	run_one(&lane_fx, m, frame, len, &res, &mark, &prio);
	fx_counts(&lane_fx, &after);

	cr_assert_eq(*lane_fx.lane_missed, 1, "%s, %s: the lane took it (%u)",
		     m->name, c->desc, res.retval);
	cr_assert_eq(res.retval, m->left, "%s, %s: %u", m->name, c->desc,
		     res.retval);
	cr_assert_eq(mark, 0, "%s, %s: mark 0x%x", m->name, c->desc, mark);
	cr_assert_eq(pkt_diff(res.out, res.out_len, frame, len), -1,
		     "%s, %s: the frame changed:\n%s", m->name, c->desc,
		     pkt_diff_str(diff, sizeof(diff), res.out, res.out_len,
				  frame, len));
	cr_assert_eq(memcmp(&before, &after, sizeof(before)), 0,
		     "%s, %s: a counter moved", m->name, c->desc);
	for (slot = 0; slot < CLOS_MAX_MEMBERS; slot++)
		cr_assert_eq(fx_ecmp_stat(&lane_fx, GID, slot).packets, 0,
			     "%s, %s: ECMP slot %u counted", m->name, c->desc,
			     slot);
}

FX_CASE_PARAMS(lane, leaves, leaves)

ParameterizedTest(int *i, lane, leaves, .fini = lane_teardown)
{
	leave(&xdp_mode, &leaves[*i]);
}

/* The cases of leaves queue mode has too. */
ParameterizedTestParameters(lane, leaves_tc)
{
	static int idx[sizeof(leaves) / sizeof(leaves[0])];
	size_t i, n = 0;

	for (i = 0; i < sizeof(leaves) / sizeof(leaves[0]); i++)
		if (!leaves[i].xdp_only)
			idx[n++] = i;
	return cr_make_param_array(int, idx, n);
}

ParameterizedTest(int *i, lane, leaves_tc, .fini = lane_teardown)
{
	leave(&tc_mode, &leaves[*i]);
}
