// SPDX-License-Identifier: GPL-2.0
/*
 * The traffic manager in the fast-mode pipeline (ingress + egress control):
 * ECN marking and tail drop, from the model's state in the kernel.
 *
 * Table cases (qos_fixture.h qf_congest): the egress ports 2 (fabric) and
 * 6 (VLAN 20) run at 1 Mbit/s with classes 0-3 already holding 1 MB each
 * (written into tm_state with the current time: at 125 bytes per ms it
 * stays far above every threshold while a test runs) and class 4 empty.
 * Profiles (both ports):
 *   TC0 ECN, Kmin 3000, Kmax 6000     TC1 the same, limit 100000
 *   TC2 no ECN                        TC3 (lossless) ECN, limit 1000
 *   TC4 ECN, Kmin 3000, Kmax 6000 (empty class)
 * Port 1 is unshaped (rate 0) with a mark-everything profile and a full
 * backlog (qf_unshaped_trap): no model runs there. Classes come from DSCP
 * (defaults): 0 -> TC0, 8 -> TC1, 16 -> TC2, 26 -> TC3, 32 -> TC4. Every
 * case checks the exact bytes out (only the ECN bits change: DSCP stays),
 * the IPv4 header checksum recomputed over the whole header, and tm_stats
 * (packets, CE, dropped) of the class.
 *
 * Bursts: real packets build a real backlog at 1 Mbit/s (the model drains
 * with bpf_ktime_get_ns(), so bounds come from the measured time).
 */
#include <stdio.h>
#include <time.h>
#include <string.h>
#include <netinet/in.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include "cases.h"
#include "frame_cases.h"
#include "qos_fixture.h"

#define RATE_1M		QF_RATE
#define KMIN		QF_KMIN
#define KMAX		QF_KMAX

static void routes(struct fx *fx)
{
	fx_route4(fx, "10.1.0.0", 16, CLOS_RT_NEXTHOP, 1);
	fx_route4(fx, "10.2.0.0", 16, CLOS_RT_NEXTHOP, 2);
	fx_route4(fx, "10.20.0.0", 16, CLOS_RT_NEXTHOP, 6);
	fx_route6(fx, "2001:db8:2::", 48, CLOS_RT_NEXTHOP, 2);
}

static void congested(struct fx *fx)
{
	routes(fx);
	qf_congest(fx, 2);
	qf_congest(fx, 6);
	qf_unshaped_trap(fx, 1);
}

#define TOS(d, e)	s->tos = ((d) << 2) | (e)

V4(ect0, 0, "10.2.0.9", TOS(0, 2))
V4(ect1, 0, "10.2.0.9", TOS(0, 1))
V4(ce, 0, "10.2.0.9", TOS(0, 3))
V4(not_ect, 0, "10.2.0.9", TOS(0, 0))
V4(ect0_opts, 0, "10.2.0.9", TOS(0, 2); s->ip_opt_len = 40)
V4(ect0_ttl_csum, 0, "10.2.0.9", TOS(0, 2); s->ttl = 0xff; s->payload_len = 300)
V4(tc1_not_ect, 0, "10.2.0.9", TOS(8, 0))
V4(tc1_ect0, 0, "10.2.0.9", TOS(8, 2))
V4(tc2_ect0, 0, "10.2.0.9", TOS(16, 2))
V4(tc3_ect0, 0, "10.2.0.9", TOS(26, 2))
V4(tc3_not_ect, 0, "10.2.0.9", TOS(26, 0); s->payload_len = 1400)
V4(tc4_ect0, 0, "10.2.0.9", TOS(32, 2))
V4(ect0_to_vlan20, 0, "10.20.0.9", TOS(0, 2))
V4(pcp3_ect0_to_vlan20, 5, "10.20.0.9", s->ctag = true; s->vid = 10;
   s->pcp = 3; TOS(0, 2))
V4(ect0_unshaped, 0, "10.1.0.9", TOS(0, 2))
V6(v6_ect0, 0, "2001:db8:2::9", TOS(0, 2))
V6(v6_ect1, 0, "2001:db8:2::9", TOS(0, 1))
V6(v6_ce, 0, "2001:db8:2::9", TOS(0, 3))
V6(v6_not_ect, 0, "2001:db8:2::9", TOS(0, 0))
V6(v6_tc1_not_ect, 0, "2001:db8:2::9", TOS(8, 0))
V6(v6_tc3_ect1, 0, "2001:db8:2::9", TOS(26, 1))
V6(v6_tc2_ect0, 0, "2001:db8:2::9", TOS(16, 2))

static void set_ce(struct pkt_spec *s)
{
	s->tos |= 3;
}

static void vid20_pcp0_ce(struct pkt_spec *s)
{
	s->ctag = true;
	s->vid = 20;
	s->pcp = 0;
	s->tos |= 3;
}

static void vid20_pcp3_ce(struct pkt_spec *s)
{
	s->vid = 20;
	s->tos |= 3;
}

#define FWD(d, in, b, n, t, e, m)					\
	{ .desc = d, .setup = congested, .in_port = in, .build = b,	\
	  .verdict = CLOS_STAT_FWD, .nh = n, .want_tc = true, .tc = t,	\
	  .expect = e, .want_ce = m }
#define DROP(d, b, t)							\
	{ .desc = d, .setup = congested, .in_port = 0, .build = b,	\
	  .verdict = CLOS_STAT_DROP_QUEUE, .nh = 2, .want_tc = true,	\
	  .tc = t }

static const struct fx_case cases[] = {
	FWD("v4 ECT(0) above Kmax -> CE, checksum valid", 0, ect0, 2, 0,
	    set_ce, true),
	FWD("v4 ECT(1) above Kmax -> CE", 0, ect1, 2, 0, set_ce, true),
	FWD("v4 CE stays CE, not counted as marked here", 0, ce, 2, 0, NULL,
	    false),
	FWD("v4 not ECT: passes unmarked (no limit on TC0)", 0, not_ect, 2, 0,
	    NULL, false),
	FWD("v4 with 40 bytes of options: CE, checksum over all 60", 0,
	    ect0_opts, 2, 0, set_ce, true),
	FWD("v4 TTL 255, 300 bytes: CE, checksum carries", 0, ect0_ttl_csum, 2,
	    0, set_ce, true),
	DROP("v4 not ECT, lossy TC1 past its limit: dropped", tc1_not_ect, 1),
	DROP("v4 ECT(0), lossy TC1 past its limit: dropped too", tc1_ect0, 1),
	FWD("v4 ECT(0), TC2 without ECN: passes unmarked", 0, tc2_ect0, 2, 2,
	    NULL, false),
	FWD("v4 ECT(0), lossless TC3 above Kmax -> CE", 0, tc3_ect0, 2, 3,
	    set_ce, true),
	FWD("v4 not ECT, lossless TC3 1 MB past a 1000 B limit: not dropped",
	    0, tc3_not_ect, 2, 3, NULL, false),
	FWD("v4 ECT(0), empty TC4 (below Kmin): unmarked", 0, tc4_ect0, 2, 4,
	    NULL, false),
	FWD("v4 ECT(0) to a VLAN port: CE and the tag", 0, ect0_to_vlan20, 6,
	    0, vid20_pcp0_ce, true),
	FWD("v4 tagged PCP 3 (TC3) ECT(0) to a VLAN port: CE, PCP 3", 5,
	    pcp3_ect0_to_vlan20, 6, 3, vid20_pcp3_ce, true),
	FWD("v4 ECT(0) to an unshaped port: no model, unmarked", 0,
	    ect0_unshaped, 1, 0, NULL, false),
	FWD("v6 ECT(0) above Kmax -> CE in the traffic class", 0, v6_ect0, 2,
	    0, set_ce, true),
	FWD("v6 ECT(1) above Kmax -> CE", 0, v6_ect1, 2, 0, set_ce, true),
	FWD("v6 CE stays CE", 0, v6_ce, 2, 0, NULL, false),
	FWD("v6 not ECT passes unmarked", 0, v6_not_ect, 2, 0, NULL, false),
	DROP("v6 not ECT, lossy TC1 past its limit: dropped", v6_tc1_not_ect, 1),
	FWD("v6 ECT(1), lossless TC3 -> CE", 0, v6_tc3_ect1, 2, 3, set_ce,
	    true),
	FWD("v6 ECT(0), TC2 without ECN: unmarked", 0, v6_tc2_ect0, 2, 2, NULL,
	    false),
};

FX_CASE_PARAMS(ecn, table, cases)

ParameterizedTest(int *i, ecn, table, .fini = fx_teardown)
{
	fx_case_run(FX_PIPELINE, &cases[*i]);
}

/* The same without the lane: the general pipeline's results, which the
 * lane must give too. */
FX_CASE_PARAMS(ecn, table_general, cases)

ParameterizedTest(int *i, ecn, table_general, .fini = fx_teardown)
{
	fx_case_run(FX_GENERAL, &cases[*i]);
}

/* ---- bursts: a backlog built by real packets ---- */

#define BURST_LEN	200	/* bytes per frame */
#define BURST_N		200
#define LIMIT		3000

/* One burst of BURST_N frames into port 2 (1 Mbit/s, empty at t0), and
 * what the model can have done to each frame: frame i met a backlog of at
 * most in[i] (the bytes admitted before it) and at least in[i] minus what
 * the port can have drained by the time frame i's test_run returned. */
struct burst {
	__u64 t0;
	__u64 in[BURST_N];
	__u64 low[BURST_N];
	__u32 retval[BURST_N];
	bool ce[BURST_N];
	__u64 ms;		/* how long the burst took */
	int admitted, dropped, marked;
	size_t len;
};

static __u64 drained_by(__u64 t0, __u64 t)
{
	/* + 1: the model counts bytes on its own grid */
	return (t - t0) * (RATE_1M / 8) / 1000000000ull + 1;
}

static void burst_setup(struct fx *fx, __u32 tc,
			const struct clos_tm_profile *pr, struct burst *b)
{
	struct clos_tm_port st = {};

	memset(b, 0, sizeof(*b));
	routes(fx);
	fx_port_rate(fx, 2, RATE_1M);
	fx_tm_profile(fx, 2, tc, pr);
	b->t0 = st.last_ns = fx_now_ns();
	fx_tm_state_set(fx, 2, &st);
}

/* ecn(i): the ECN field of frame i. */
static void burst_run(struct fx *fx, struct burst *b, __u8 dscp,
		      __u8 (*ecn)(int i))
{
	static __u8 frame[PKT_MAX];
	static struct fx_result res;
	struct pkt_layout lay;
	struct pkt_spec s;
	__u64 in = 0, end = 0;
	int i;

	for (i = 0; i < BURST_N; i++) {
		pkt_udp4(&s, FX_PORT_MAC(0), "10.10.0.5", "10.2.0.9");
		s.payload_len = BURST_LEN - PKT_ETH_HLEN - PKT_IPV4_HLEN -
				PKT_UDP_HLEN;
		s.tos = dscp << 2 | ecn(i);
		b->len = pkt_build(&s, frame, sizeof(frame), &lay);
		cr_assert_eq(b->len, BURST_LEN);
		fx_run(fx, frame, b->len, &res);
		end = fx_now_ns();
		b->in[i] = in;
		b->low[i] = in > drained_by(b->t0, end) ?
			    in - drained_by(b->t0, end) : 0;
		b->retval[i] = res.retval;
		if (res.retval == XDP_REDIRECT) {
			b->admitted++;
			in += b->len;
			cr_assert_eq(res.out[lay.l3 + 1] >> 2, dscp,
				     "frame %d: DSCP changed", i);
			b->ce[i] = (res.out[lay.l3 + 1] & 3) == 3 && ecn(i) != 3;
			b->marked += b->ce[i];
			fx_expect_ipv4_csum("burst", res.out, res.out_len, lay.l3);
		} else {
			cr_assert_eq(res.retval, XDP_DROP, "frame %d: %s", i,
				     fx_xdp_name(res.retval));
			b->dropped++;
		}
	}
	b->ms = (end - b->t0) / 1000000;
}

/* Frames that met at least this backlog whatever the timing, counted: the
 * burst must have been quick enough for the test to mean something. */
static void expect_meaningful(const struct burst *b, __u64 level, int want)
{
	int i, n = 0;

	for (i = 0; i < BURST_N; i++)
		n += b->low[i] >= level;
	cr_assert_geq(n, want, "only %d of %d frames surely met %llu bytes (the "
		      "burst took %llu ms; at 1 Mbit/s 125 bytes drain per ms)",
		      n, BURST_N, (unsigned long long)level,
		      (unsigned long long)b->ms);
}

static void expect_tm_totals(struct fx *fx, const struct burst *b, __u32 tc,
			     __u64 stat_drops_before)
{
	struct clos_tm_stats t = fx_tm_stats(fx, 2, tc);
	struct clos_tm_port st;
	__u64 in = (__u64)b->admitted * b->len;
	__u64 low = in > drained_by(b->t0, fx_now_ns()) ?
		    in - drained_by(b->t0, fx_now_ns()) : 0;

	cr_assert_eq(t.packets, (__u64)b->admitted, "tm packets %llu, admitted %d",
		     (unsigned long long)t.packets, b->admitted);
	cr_assert_eq(t.bytes, in);
	cr_assert_eq(t.ce_marked, (__u64)b->marked,
		     "tm CE %llu, marked on the wire %d",
		     (unsigned long long)t.ce_marked, b->marked);
	cr_assert_eq(t.dropped, (__u64)b->dropped, "tm dropped %llu, dropped %d",
		     (unsigned long long)t.dropped, b->dropped);
	cr_assert_eq(fx_stat(fx, CLOS_STAT_DROP_QUEUE) - stat_drops_before,
		     (__u64)b->dropped, "drop_queue_full");
	cr_assert_eq(fx_stat(fx, CLOS_STAT_FWD), (__u64)b->admitted);
	fx_tm_state_get(fx, 2, &st);
	cr_assert(st.backlog[tc] >= low && st.backlog[tc] <= in,
		  "backlog %llu outside [%llu, %llu]",
		  (unsigned long long)st.backlog[tc], (unsigned long long)low,
		  (unsigned long long)in);
	cr_assert(st.max_backlog[tc] >= st.backlog[tc] && st.max_backlog[tc] <= in,
		  "max backlog %llu outside [%llu, %llu]",
		  (unsigned long long)st.max_backlog[tc],
		  (unsigned long long)st.backlog[tc], (unsigned long long)in);
}

static __u8 all_ect0(int i)
{
	return 2;
}

static __u8 none_ect(int i)
{
	return 0;
}

static __u8 ect_every_other(int i)
{
	return i % 2 ? 2 : 0;
}

/* Pmax 0: between Kmin and Kmax nothing marks, so a frame is marked
 * exactly when it met Kmax or more. */
Test(ecn, burst_marks_once_backlog_passes_kmax, .fini = fx_teardown)
{
	const struct clos_tm_profile pr = { .ecn = 1, .kmin = KMIN, .kmax = KMAX };
	static struct burst b;
	struct fx *fx = fx_setup(FX_PIPELINE);
	int i;

	burst_setup(fx, 0, &pr, &b);
	burst_run(fx, &b, 0, all_ect0);
	cr_assert_eq(b.admitted, BURST_N, "no limit, no drop");
	for (i = 0; i < BURST_N; i++) {
		if (b.in[i] < KMAX)
			cr_assert_not(b.ce[i], "frame %d marked below Kmax (%llu bytes)",
				      i, (unsigned long long)b.in[i]);
		if (b.low[i] >= KMAX)
			cr_assert(b.ce[i], "frame %d not marked at >= %llu bytes", i,
				  (unsigned long long)b.low[i]);
	}
	expect_meaningful(&b, KMAX, BURST_N / 2);
	expect_tm_totals(fx, &b, 0, 0);
}

Test(ecn, burst_lossy_class_tail_drops_past_limit, .fini = fx_teardown)
{
	const struct clos_tm_profile pr = { .limit = LIMIT };
	static struct burst b;
	struct fx *fx = fx_setup(FX_PIPELINE);
	int i;

	burst_setup(fx, 1, &pr, &b);
	burst_run(fx, &b, 8, none_ect);
	for (i = 0; i < BURST_N; i++) {
		if (b.in[i] + BURST_LEN <= LIMIT)
			cr_assert_eq(b.retval[i], XDP_REDIRECT, "frame %d dropped with %llu "
				     "bytes queued", i, (unsigned long long)b.in[i]);
		if (b.low[i] + BURST_LEN > LIMIT)
			cr_assert_eq(b.retval[i], XDP_DROP, "frame %d admitted past "
				     "the limit", i);
	}
	cr_assert_geq(b.admitted, LIMIT / BURST_LEN);
	cr_assert_gt(b.dropped, BURST_N / 2, "%d dropped in %llu ms", b.dropped,
		     (unsigned long long)b.ms);
	cr_assert_eq(b.marked, 0);
	expect_tm_totals(fx, &b, 1, 0);
}

/* 40 KB into a lossless class with a 3000-byte limit: all admitted, the ECT
 * half marked past Kmax, the other half passed as it is. */
Test(ecn, burst_lossless_class_never_drops, .fini = fx_teardown)
{
	const struct clos_tm_profile pr = { .ecn = 1, .kmin = KMIN, .kmax = KMAX,
					    .limit = LIMIT };
	static struct burst b;
	struct fx *fx = fx_setup(FX_PIPELINE);
	int i;

	burst_setup(fx, 3, &pr, &b);
	burst_run(fx, &b, 26, ect_every_other);
	cr_assert_eq(b.dropped, 0, "lossless TC3 dropped %d", b.dropped);
	for (i = 0; i < BURST_N; i++) {
		if (!ect_every_other(i))
			cr_assert_not(b.ce[i], "non-ECT frame %d marked", i);
		else if (b.low[i] >= KMAX)
			cr_assert(b.ce[i], "ECT frame %d not marked at >= %llu bytes",
				  i, (unsigned long long)b.low[i]);
		else if (b.in[i] < KMAX)
			cr_assert_not(b.ce[i], "ECT frame %d marked below Kmax", i);
	}
	expect_meaningful(&b, LIMIT + BURST_LEN, BURST_N / 2);
	expect_tm_totals(fx, &b, 3, 0);
}

/* An unshaped port (rate 0) runs no model: nothing queued, marked or
 * dropped, however hard the profile asks. */
Test(ecn, burst_unshaped_port_runs_no_model, .fini = fx_teardown)
{
	const struct clos_tm_profile pr = { .ecn = 1, .kmin = 0, .kmax = 0,
					    .limit = 1 };
	static struct burst b;
	struct fx *fx = fx_setup(FX_PIPELINE);
	struct clos_tm_port st;

	burst_setup(fx, 0, &pr, &b);
	fx_port_rate(fx, 2, 0);
	fx_tm_profile(fx, 2, 0, &pr);
	burst_run(fx, &b, 0, all_ect0);
	cr_assert_eq(b.admitted, BURST_N);
	cr_assert_eq(b.marked, 0);
	fx_tm_state_get(fx, 2, &st);
	cr_assert(st.backlog[0] == 0 && st.max_backlog[0] == 0 && st.last_ns == b.t0,
		  "the model ran: backlog %llu", (unsigned long long)st.backlog[0]);
	cr_assert_eq(fx_tm_stats(fx, 2, 0).packets, BURST_N, "still counted");
}

/* The kernel drains at rate_bps / 8 bytes a second of bpf_ktime_get_ns(),
 * strict classes first: 20 ms at 1 Mbit/s takes ~2500 bytes off TC7 and
 * none off TC0, then the frame (TC0) is queued. */
Test(ecn, kernel_drains_in_real_time_strict_first, .fini = fx_teardown)
{
	static __u8 frame[PKT_MAX];
	static struct fx_result res;
	struct fx *fx = fx_setup(FX_PIPELINE);
	struct clos_tm_port st = { .backlog = { [0] = 50000, [7] = 50000 } };
	struct timespec ts = { .tv_nsec = 20000000 };
	struct pkt_spec s;
	__u64 t0, t1, t2, low, high;
	size_t len;

	routes(fx);
	fx_port_rate(fx, 2, RATE_1M);
	pkt_udp4(&s, FX_PORT_MAC(0), "10.10.0.5", "10.2.0.9");
	len = pkt_build(&s, frame, sizeof(frame), NULL);
	t0 = st.last_ns = fx_now_ns();
	fx_tm_state_set(fx, 2, &st);
	nanosleep(&ts, NULL);
	t1 = fx_now_ns();
	fx_run(fx, frame, len, &res);
	t2 = fx_now_ns();
	cr_assert_eq(res.retval, XDP_REDIRECT);
	fx_tm_state_get(fx, 2, &st);
	cr_assert_eq(st.backlog[0], 50000 + len, "TC0 drained before strict TC7");
	low = 50000 - drained_by(t0, t2);
	high = 50000 - (drained_by(t0, t1) - 2);
	cr_assert(st.backlog[7] >= low && st.backlog[7] <= high,
		  "TC7 %llu outside [%llu, %llu] after %llu us",
		  (unsigned long long)st.backlog[7], (unsigned long long)low,
		  (unsigned long long)high, (unsigned long long)(t2 - t0) / 1000);
	cr_assert_geq(st.last_ns, t1);
	cr_assert_leq(st.last_ns, t2);
}
