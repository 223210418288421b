// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <criterion/criterion.h>
#include "cases.h"

void fx_nh_mac(__u8 mac[6], __u32 nh)
{
	char str[32];

	snprintf(str, sizeof(str), "02:ee:00:00:00:%02x", nh);
	pkt_mac(mac, str);
}

void fx_port_mac_of(__u8 mac[6], __u32 port)
{
	char str[32];

	snprintf(str, sizeof(str), "02:c1:05:00:00:%02x", port);
	pkt_mac(mac, str);
}

static bool is_tc(enum fx_prog kind)
{
	return kind == FX_QUEUE || kind == FX_TC_TEST || kind == FX_TC_GENERAL ||
	       kind == FX_TC_LANE;
}

/* Every program kind runs the egress port's control too (fast mode in its
 * one pass), where the frame is classified and counted; the production
 * program alone does not publish the port it chose (its source MAC, which
 * the expected frame has, says it). */
static bool names_port(enum fx_prog kind)
{
	return kind != FX_PROD;
}

static __u32 case_action(enum fx_prog kind, enum clos_stat verdict)
{
	if (is_tc(kind)) {
		if (verdict == CLOS_STAT_FWD)
			return TC_ACT_REDIRECT;
		return fx_stat_is_punt(verdict) ? TC_ACT_OK : TC_ACT_SHOT;
	}
	return fx_verdict_action(verdict);
}

static const char *action_name(enum fx_prog kind, __u32 action)
{
	return is_tc(kind) ? fx_tc_act_name(action) : fx_xdp_name(action);
}

/* The port whose MAC is the frame's source MAC, or FX_NO_PORT. */
static __u32 port_of_smac(const __u8 *frame)
{
	__u8 mac[6];
	__u32 p;

	for (p = 0; p < FX_NUM_PORTS; p++) {
		fx_port_mac_of(mac, p);
		if (!memcmp(frame + 6, mac, 6))
			return p;
	}
	return FX_NO_PORT;
}

/*
 * Queue mode as the switch runs it: the ingress program on an skb from lo,
 * then, for a frame it redirects, the egress program of the port it chose
 * (the one whose MAC it wrote as the source) on the skb as ingress left it:
 * its bytes, mark and priority (and its tag beside the data, which
 * tc_test.bpf.c puts there again). At egress lo is that port's device
 * (skb->ifindex) and the ingress device (skb_iif) is FX_IFINDEX_OTHER, on
 * in_port. A frame the lane sent (CLOS_MARK_LANE: its egress part done)
 * must pass egress untouched. The result is TC_ACT_REDIRECT when egress
 * sent the frame, TC_ACT_SHOT when it dropped it, else the ingress
 * verdict; *mark and *priority (may be NULL): the skb's at the end.
 */
void fx_run_tc_chain(struct fx *fx, __u32 in_port, const __u8 *in, size_t len,
		     struct fx_result *res, __u32 *mark, __u32 *priority)
{
	static __u8 mid[PKT_MAX];
	struct __sk_buff skb = { .ingress_ifindex = FX_IFINDEX };
	__u32 port, mark_in, prio_in;
	size_t mid_len;

	fx_run_skb(fx, fx->prog_fd, in, len, &skb, res);
	if (mark)
		*mark = skb.mark;
	if (priority)
		*priority = skb.priority;
	if (res->retval != TC_ACT_REDIRECT)
		return;
	mark_in = skb.mark;
	prio_in = skb.priority;
	cr_assert(mark_in == CLOS_MARK_FORWARDED || mark_in == CLOS_MARK_LANE,
		  "redirected with mark 0x%x, neither the forwarded mark nor "
		  "the lane's", mark_in);
	port = port_of_smac(res->out);
	cr_assert_neq(port, FX_NO_PORT, "redirected frame's source MAC is no port's");

	memcpy(mid, res->out, res->out_len);
	mid_len = res->out_len;
	fx_ifindex_port(fx, FX_IFINDEX_OTHER, in_port);
	fx_ingress(fx, port);
	memset(&skb, 0, sizeof(skb));
	skb.ifindex = FX_IFINDEX;
	skb.ingress_ifindex = FX_IFINDEX_OTHER;
	skb.mark = mark_in;
	skb.priority = prio_in;
	fx_run_skb(fx, fx->egress_fd, mid, mid_len, &skb, res);
	fx_ingress(fx, in_port);
	if (mark_in == CLOS_MARK_LANE) {
		cr_assert_eq(res->retval, TC_ACT_OK,
			     "egress returned %u for a lane frame", res->retval);
		cr_assert(res->out_len == mid_len &&
			  !memcmp(res->out, mid, mid_len) &&
			  skb.priority == prio_in,
			  "egress changed a frame the lane sent");
	}
	if (mark)
		*mark = skb.mark;
	if (priority)
		*priority = skb.priority;
	res->retval = res->retval == TC_ACT_OK ? TC_ACT_REDIRECT : TC_ACT_SHOT;
	res->egress_port = port;
}

static void run(struct fx *fx, enum fx_prog kind, __u32 in_port,
		const __u8 *in, size_t len, struct fx_result *res)
{
	if (is_tc(kind))
		fx_run_tc_chain(fx, in_port, in, len, res, NULL, NULL);
	else
		fx_run(fx, in, len, res);
}

/* A frame is classified and counted per class where it meets egress; one
 * dropped or punted on the way in never gets there. */
static void expect_class(const struct fx_case *c,
			 const struct fx_counts *before,
			 const struct fx_counts *after, size_t len)
{
	int tc;

	if (c->verdict == CLOS_STAT_DROP_QUEUE) {
		cr_assert(c->want_tc, "%s: a queue drop names its class", c->desc);
		fx_expect_tm(c->desc, before, after, c->nh, c->tc, 0, 0, 0, 1);
		return;
	}
	if (c->verdict != CLOS_STAT_FWD) {
		if (c->verdict != CLOS_STAT_DROP_EGRESS)
			fx_expect_tm(c->desc, before, after, FX_NO_PORT, 0, 0, 0,
				     0, 0);
		return;
	}
	tc = fx_tm_moved_class(before, after, c->nh);
	cr_assert_geq(tc, 0, "%s: not counted in exactly one class of port %u",
		      c->desc, c->nh);
	if (c->want_tc)
		cr_assert_eq((__u32)tc, c->tc, "%s: class %d, want %u", c->desc,
			     tc, c->tc);
	fx_expect_tm(c->desc, before, after, c->nh, tc, 1, len, c->want_ce, 0);
}

void fx_case_run(enum fx_prog kind, const struct fx_case *c)
{
	static __u8 in[PKT_MAX], want[PKT_MAX];
	static struct fx_result res;
	struct fx_counts before, after;
	struct pkt_layout lay = {};
	struct pkt_spec s, e;
	size_t len, wlen;
	__u32 action;
	struct fx *fx;

	fx = fx_setup(kind);
	/* FX_NO_PORT maps lo to a port id out of range; setup may also
	 * remove the mapping. */
	fx_ingress(fx, c->in_port);
	if (c->setup)
		c->setup(fx);

	if (c->raw) {
		len = c->raw(in, sizeof(in));
	} else {
		c->build(&s);
		len = pkt_build(&s, in, sizeof(in), &lay);
	}
	if (c->poke)
		c->poke(in, &len, &lay);

	fx_counts(fx, &before);
	run(fx, kind, c->in_port, in, len, &res);
	fx_counts(fx, &after);

	action = case_action(kind, c->verdict);
	cr_assert_eq(res.retval, action, "%s: returned %s, want %s (%s)",
		     c->desc, action_name(kind, res.retval),
		     action_name(kind, action), fx_stat_name(c->verdict));
	fx_expect_counts(c->desc, &before, &after, c->verdict, c->side, len,
			 c->in_port);
	expect_class(c, &before, &after, len);

	if (c->verdict != CLOS_STAT_FWD) {
		/* The kernel (punt) gets the frame exactly as it came in, and
		 * nothing is rewritten before ingress decides to drop. (A
		 * failed redirect or egress comes after the rewrite.) */
		if (c->verdict != CLOS_STAT_DROP_REDIRECT &&
		    c->verdict != CLOS_STAT_DROP_EGRESS &&
		    c->verdict != CLOS_STAT_DROP_QUEUE)
			fx_expect_frame(c->desc, res.out, res.out_len, in, len);
		return;
	}

	cr_assert(!c->raw && !c->poke, "%s: forwarded cases are built", c->desc);
	e = s;
	fx_nh_mac(e.dmac, c->nh);
	fx_port_mac_of(e.smac, c->nh);
	e.ttl = s.ttl - 1;
	if (c->expect)
		c->expect(&e);
	wlen = pkt_build(&e, want, sizeof(want), &lay);
	fx_expect_frame(c->desc, res.out, res.out_len, want, wlen);
	if (e.ethertype == ETH_P_IP)
		fx_expect_ipv4_csum(c->desc, res.out, res.out_len, lay.l3);
	{
		const struct clos_counter *b = &before.port[c->nh].tx;
		const struct clos_counter *a = &after.port[c->nh].tx;

		if (names_port(kind))
			cr_assert_eq(res.egress_port, c->nh, "%s: sent to port %u, want %u",
				     c->desc, res.egress_port, c->nh);
		cr_assert(a->packets - b->packets == 1 && a->bytes - b->bytes == wlen,
			  "%s: port %u tx moved by %llu packets / %llu bytes, want 1 / %zu",
			  c->desc, c->nh, (unsigned long long)(a->packets - b->packets),
			  (unsigned long long)(a->bytes - b->bytes), wlen);
	}
}
