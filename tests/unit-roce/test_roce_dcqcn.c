// SPDX-License-Identifier: GPL-2.0
/*
 * DCQCN (tools/roce/dcqcn.c) on its own, time passed in:
 *  - the reaction point's exact numbers: one CNP from line rate with the
 *    default alpha, alpha decay over N periods against the closed form,
 *    the minimum decrease and minimum rate bounds, fast recovery halving
 *    the gap to Rt F times, additive and hyper increase steps, timer and
 *    byte-counter events, the target clamp, the monitor period, the line
 *    rate ceiling, DCQCN off;
 *  - the notification point's CNP gap;
 *  - parameter strings, good and bad (the error names the parameter);
 *  - a closed loop: 4 senders into one bottleneck whose queue marks CE on
 *    a RED curve converge to a fair, full link with a queue under Kmax.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include "dcqcn.h"

#define US		1000ULL
#define MS		(1000 * US)
#define MBPS		1000000.0
#define LINE		2048000000ULL	/* 2048 Mb/s: cuts by 1023/2048 are exact */

/* Default alpha after the first CNP: 1019/1024 * 1023/1024 + 5/1024. */
#define ALPHA_1		(1047557.0 / 1048576.0)
#define KEEP		(1019.0 / 1024.0)

static void params(struct dcqcn_params *p, uint64_t line, const char *const *set)
{
	char err[256];

	dcqcn_params_default(p, line);
	for (; set && *set; set++)
		cr_assert_eq(dcqcn_params_set(p, *set, err, sizeof(err)), 0,
			     "%s: %s", *set, err);
}

static void rp_with(struct dcqcn_rp *rp, uint64_t line, const char *const *set)
{
	struct dcqcn_params p;

	params(&p, line, set);
	dcqcn_rp_init(rp, &p, 0);
}

static void expect_rates(const struct dcqcn_rp *rp, double rc, double rt,
			 const char *what)
{
	cr_assert_eq(dcqcn_rp_rate_bps(rp), (uint64_t)llround(rc),
		     "%s: Rc %llu, expected %.3f", what,
		     (unsigned long long)dcqcn_rp_rate_bps(rp), rc);
	cr_assert_eq(dcqcn_rp_target_bps(rp), (uint64_t)llround(rt),
		     "%s: Rt %llu, expected %.3f", what,
		     (unsigned long long)dcqcn_rp_target_bps(rp), rt);
}

Test(dcqcn, defaults_are_the_nic_defaults)
{
	struct dcqcn_params p;

	dcqcn_params_default(&p, LINE);
	cr_assert_eq(p.line_rate_bps, LINE);
	cr_assert_eq(p.enable, 1);
	cr_assert_eq(p.clamp_tgt_rate, 0);
	cr_assert_eq(p.clamp_tgt_rate_after_time_inc, 1);
	cr_assert_eq(p.rpg_time_reset, 300);
	cr_assert_eq(p.rpg_byte_reset, 32767);
	cr_assert_eq(p.rpg_threshold, 1);
	cr_assert_eq(p.rpg_max_rate, 0);
	cr_assert_eq(p.rpg_ai_rate, 5);
	cr_assert_eq(p.rpg_hai_rate, 50);
	cr_assert_eq(p.rpg_gd, 11);
	cr_assert_eq(p.rpg_min_dec_fac, 50);
	cr_assert_eq(p.rpg_min_rate, 1);
	cr_assert_eq(p.rate_to_set_on_first_cnp, 0);
	cr_assert_eq(p.dce_tcp_g, 1019);
	cr_assert_eq(p.dce_tcp_rtt, 1);
	cr_assert_eq(p.rate_reduce_monitor_period, 4);
	cr_assert_eq(p.initial_alpha_value, 1023);
	cr_assert_eq(p.min_time_between_cnps, 50);
	cr_assert_eq(p.cnp_dscp, 48);
	cr_assert_eq(p.cnp_802p_prio, 6);
}

Test(dcqcn, starts_at_line_rate)
{
	struct dcqcn_rp rp;

	rp_with(&rp, LINE, NULL);
	dcqcn_rp_update(&rp, 10 * MS);
	dcqcn_rp_on_sent(&rp, 1000000, 10 * MS);
	expect_rates(&rp, LINE, LINE, "no CNP");
	cr_assert_eq(rp.stats.timer_events + rp.stats.byte_events, 0,
		     "increase events before any CNP");
}

Test(dcqcn, one_cnp_from_line_rate)
{
	struct dcqcn_rp rp;

	rp_with(&rp, LINE, NULL);
	dcqcn_rp_on_cnp(&rp, 0);
	/* Rc = 2048 Mb/s * (1 - (1023/1024) / 2); Rt stays at line rate. */
	expect_rates(&rp, 1025000000.0, LINE, "first CNP");
	cr_assert(dcqcn_rp_alpha(&rp) == ALPHA_1, "alpha %.17g, expected %.17g",
		  dcqcn_rp_alpha(&rp), ALPHA_1);
	cr_assert_eq(rp.stats.cnps, 1);
	cr_assert_eq(rp.stats.rate_cuts, 1);
	cr_assert_eq(dcqcn_rp_stage(&rp), DCQCN_STAGE_FAST);
	for (int s = 0; s < DCQCN_STAGES; s++)
		cr_assert_eq(rp.stats.increases[s], 0);

	/* 10 Gb/s * 1025/2048 = 5004882812.5 b/s, rounded to nearest. */
	rp_with(&rp, 10000000000ULL, NULL);
	dcqcn_rp_on_cnp(&rp, 0);
	cr_assert_eq(dcqcn_rp_rate_bps(&rp), 5004882813ULL);
}

Test(dcqcn, alpha_decay_closed_form)
{
	static const unsigned n[] = { 1, 2, 3, 10, 55, 300, 1000, 5000 };
	struct dcqcn_rp rp;

	/* A large byte counter and timer: nothing but alpha moves. */
	rp_with(&rp, LINE, (const char *const[]){ "rpg_time_reset=100000", NULL });
	dcqcn_rp_on_cnp(&rp, 0);
	for (size_t i = 0; i < sizeof(n) / sizeof(n[0]); i++) {
		double want = ALPHA_1 * pow(KEEP, n[i]);

		/* Just before the N-th period ends: N - 1 decays. */
		dcqcn_rp_update(&rp, n[i] * US - 1);
		cr_assert_float_eq(dcqcn_rp_alpha(&rp), want / KEEP, 1e-12 * want,
				   "%u periods - 1 ns: alpha %.17g", n[i],
				   dcqcn_rp_alpha(&rp));
		dcqcn_rp_update(&rp, n[i] * US);
		cr_assert_float_eq(dcqcn_rp_alpha(&rp), want, 1e-12 * want,
				   "%u periods: alpha %.17g, expected %.17g",
				   n[i], dcqcn_rp_alpha(&rp), want);
	}
	/* The same instant seen in one call gives the same alpha. */
	rp_with(&rp, LINE, (const char *const[]){ "rpg_time_reset=100000", NULL });
	dcqcn_rp_on_cnp(&rp, 0);
	dcqcn_rp_update(&rp, 5000 * US);
	cr_assert_float_eq(dcqcn_rp_alpha(&rp), ALPHA_1 * pow(KEEP, 5000),
			   1e-12 * ALPHA_1 * pow(KEEP, 5000));
}

Test(dcqcn, alpha_rises_once_per_period)
{
	struct dcqcn_rp rp;
	double a;

	rp_with(&rp, LINE, NULL);
	dcqcn_rp_on_cnp(&rp, 0);
	dcqcn_rp_on_cnp(&rp, 500);		/* same 1 us period */
	cr_assert(dcqcn_rp_alpha(&rp) == ALPHA_1, "alpha rose twice: %.17g",
		  dcqcn_rp_alpha(&rp));
	/* A CNP in a later period: decays due up to then, then the rise. */
	dcqcn_rp_on_cnp(&rp, 2 * US);
	a = ALPHA_1 * KEEP * KEEP;
	a = KEEP * a + (1 - KEEP);
	cr_assert_float_eq(dcqcn_rp_alpha(&rp), a, 1e-15, "alpha %.17g, expected %.17g",
			   dcqcn_rp_alpha(&rp), a);
}

Test(dcqcn, min_decrease_bound)
{
	struct dcqcn_rp rp;

	/* rpg_gd=10 cuts by alpha itself (1023/1024): 50% floor holds. */
	rp_with(&rp, LINE, (const char *const[]){ "rpg_gd=10", NULL });
	dcqcn_rp_on_cnp(&rp, 0);
	expect_rates(&rp, LINE / 2.0, LINE, "gd 10");

	rp_with(&rp, LINE, (const char *const[]){ "rpg_min_dec_fac=75", NULL });
	dcqcn_rp_on_cnp(&rp, 0);
	expect_rates(&rp, LINE * 0.75, LINE, "min_dec_fac 75");

	rp_with(&rp, LINE, (const char *const[]){ "rpg_min_dec_fac=100", NULL });
	dcqcn_rp_on_cnp(&rp, 0);
	expect_rates(&rp, LINE, LINE, "min_dec_fac 100");
	cr_assert_eq(rp.stats.rate_cuts, 1);
}

Test(dcqcn, min_rate_bound)
{
	struct dcqcn_rp rp;

	rp_with(&rp, 100000000ULL, (const char *const[]){ "rpg_min_rate=40", NULL });
	dcqcn_rp_on_cnp(&rp, 0);
	expect_rates(&rp, 100e6 * 1025 / 2048, 100e6, "first cut");
	dcqcn_rp_on_cnp(&rp, 10 * US);		/* alpha ~0.96: ~26 Mb/s */
	expect_rates(&rp, 40e6, 100e6, "second cut, floored");
	dcqcn_rp_on_cnp(&rp, 20 * US);
	expect_rates(&rp, 40e6, 100e6, "third cut, floored");
	cr_assert_eq(rp.stats.rate_cuts, 3);
}

Test(dcqcn, fast_recovery_halves_the_gap_F_times)
{
	struct dcqcn_rp rp;
	double rc = 1025e6, rt = LINE;

	rp_with(&rp, LINE, (const char *const[]){ "rpg_threshold=5", NULL });
	dcqcn_rp_on_cnp(&rp, 0);
	expect_rates(&rp, rc, rt, "cut");
	for (unsigned k = 1; k <= 5; k++) {
		char what[32];

		dcqcn_rp_update(&rp, k * 300 * US);
		rc = rt - 1023e6 / (1 << k);
		snprintf(what, sizeof(what), "event %u", k);
		expect_rates(&rp, rc, rt, what);
		cr_assert_eq(dcqcn_rp_stage(&rp), DCQCN_STAGE_FAST, "%s", what);
		cr_assert_eq(rp.stats.increases[DCQCN_STAGE_FAST], k);
	}
	/* Event F+1 is additive; Rt is at line rate and stays there. */
	dcqcn_rp_update(&rp, 6 * 300 * US);
	cr_assert_eq(dcqcn_rp_stage(&rp), DCQCN_STAGE_ADDITIVE);
	expect_rates(&rp, (rt + rc) / 2, rt, "event 6");
	cr_assert_eq(rp.stats.timer_events, 6);
	cr_assert_eq(rp.stats.byte_events, 0);
}

Test(dcqcn, additive_increase_and_target_clamp)
{
	struct dcqcn_rp rp;
	double rc;

	/* The first CNP sets Rc = Rt = 1000 Mb/s; F = 0: no fast recovery. */
	rp_with(&rp, LINE, (const char *const[]){
		"rate_to_set_on_first_cnp=1000", "rpg_threshold=0",
		"rpg_byte_reset=0", NULL });
	dcqcn_rp_on_cnp(&rp, 0);
	expect_rates(&rp, 1000e6, 1000e6, "first CNP");
	dcqcn_rp_update(&rp, 300 * US);
	expect_rates(&rp, 1002.5e6, 1005e6, "AI 1");
	dcqcn_rp_update(&rp, 600 * US);
	expect_rates(&rp, 1006.25e6, 1010e6, "AI 2");
	dcqcn_rp_update(&rp, 900 * US);
	expect_rates(&rp, 1010.625e6, 1015e6, "AI 3");
	cr_assert_eq(rp.stats.increases[DCQCN_STAGE_ADDITIVE], 3);
	cr_assert_eq(rp.stats.increases[DCQCN_STAGE_HYPER], 0,
		     "hyper increase needs the byte counter too");

	/* The timer raised Rc since the cut: the next cut sets Rt = Rc. */
	dcqcn_rp_on_cnp(&rp, 1000 * US);
	cr_assert_eq(dcqcn_rp_target_bps(&rp), 1010625000ULL);
	rc = (double)dcqcn_rp_rate_bps(&rp);
	cr_assert_lt(rc, 1010.625e6);
	/* A cut right after (no increase between) keeps that target. */
	dcqcn_rp_on_cnp(&rp, 1010 * US);
	cr_assert_eq(dcqcn_rp_target_bps(&rp), 1010625000ULL);
	cr_assert_lt((double)dcqcn_rp_rate_bps(&rp), rc);
}

Test(dcqcn, clamp_tgt_rate_clamps_every_cut)
{
	struct dcqcn_rp rp;
	uint64_t rc;

	rp_with(&rp, LINE, (const char *const[]){ "clamp_tgt_rate=1", NULL });
	dcqcn_rp_on_cnp(&rp, 0);
	rc = dcqcn_rp_rate_bps(&rp);
	dcqcn_rp_on_cnp(&rp, 10 * US);
	cr_assert_eq(dcqcn_rp_target_bps(&rp), rc);

	/* Without it, and no increase since the cut, Rt stays. */
	rp_with(&rp, LINE, NULL);
	dcqcn_rp_on_cnp(&rp, 0);
	dcqcn_rp_on_cnp(&rp, 10 * US);
	cr_assert_eq(dcqcn_rp_target_bps(&rp), LINE);
}

Test(dcqcn, hyper_increase_needs_both_counters)
{
	struct dcqcn_rp rp;

	rp_with(&rp, LINE, (const char *const[]){
		"rate_to_set_on_first_cnp=1000", "rpg_threshold=0",
		"rpg_byte_reset=1000", NULL });
	dcqcn_rp_on_cnp(&rp, 0);
	/* BC = 1, T = 0: additive. */
	dcqcn_rp_on_sent(&rp, 1000, 1 * US);
	cr_assert_eq(dcqcn_rp_stage(&rp), DCQCN_STAGE_ADDITIVE);
	expect_rates(&rp, 1002.5e6, 1005e6, "byte event 1");
	/* T = 1, BC = 1: hyper, i = 1: Rt += 50 Mb/s. */
	dcqcn_rp_update(&rp, 300 * US);
	cr_assert_eq(dcqcn_rp_stage(&rp), DCQCN_STAGE_HYPER);
	expect_rates(&rp, 1028.75e6, 1055e6, "timer event 1");
	/* BC = 2, T = 1: i = min - F = 1. */
	dcqcn_rp_on_sent(&rp, 1000, 301 * US);
	expect_rates(&rp, 1066.875e6, 1105e6, "byte event 2");
	/* T = 2, BC = 2: i = 2: Rt += 100 Mb/s. */
	dcqcn_rp_update(&rp, 600 * US);
	expect_rates(&rp, 1135.9375e6, 1205e6, "timer event 2");
	cr_assert_eq(rp.stats.increases[DCQCN_STAGE_FAST], 0);
	cr_assert_eq(rp.stats.increases[DCQCN_STAGE_ADDITIVE], 1);
	cr_assert_eq(rp.stats.increases[DCQCN_STAGE_HYPER], 3);
	cr_assert_eq(rp.stats.byte_events, 2);
	cr_assert_eq(rp.stats.timer_events, 2);
}

Test(dcqcn, timer_and_byte_counter_trigger_separately)
{
	struct dcqcn_rp rp;

	rp_with(&rp, LINE, NULL);
	dcqcn_rp_on_cnp(&rp, 0);
	dcqcn_rp_on_sent(&rp, 32766, 10 * US);
	cr_assert_eq(rp.stats.byte_events, 0, "32766 of 32767 bytes");
	dcqcn_rp_on_sent(&rp, 1, 20 * US);
	cr_assert_eq(rp.stats.byte_events, 1, "32767 bytes");
	cr_assert_eq(rp.stats.timer_events, 0);
	cr_assert_eq(dcqcn_rp_stage(&rp), DCQCN_STAGE_FAST);
	dcqcn_rp_update(&rp, 300 * US - 1);
	cr_assert_eq(rp.stats.timer_events, 0, "timer before 300 us");
	dcqcn_rp_update(&rp, 300 * US);
	cr_assert_eq(rp.stats.timer_events, 1, "timer at 300 us");
	cr_assert_eq(dcqcn_rp_stage(&rp), DCQCN_STAGE_FAST, "T = BC = F");
	dcqcn_rp_on_sent(&rp, 32767, 310 * US);
	cr_assert_eq(dcqcn_rp_stage(&rp), DCQCN_STAGE_ADDITIVE, "BC = 2 > F = T");

	/* A CNP restarts the timer and empties the byte counter. */
	dcqcn_rp_on_sent(&rp, 30000, 400 * US);
	dcqcn_rp_on_cnp(&rp, 500 * US);
	dcqcn_rp_on_sent(&rp, 3000, 510 * US);
	cr_assert_eq(rp.stats.byte_events, 2, "byte counter not reset by the cut");
	dcqcn_rp_update(&rp, 800 * US - 1);
	cr_assert_eq(rp.stats.timer_events, 1, "timer not restarted by the cut");
	dcqcn_rp_update(&rp, 800 * US);
	cr_assert_eq(rp.stats.timer_events, 2);
	cr_assert_eq(dcqcn_rp_stage(&rp), DCQCN_STAGE_FAST);
}

Test(dcqcn, one_cut_per_monitor_period)
{
	struct dcqcn_rp rp;
	uint64_t rc;

	rp_with(&rp, LINE, NULL);
	dcqcn_rp_on_cnp(&rp, 0);
	rc = dcqcn_rp_rate_bps(&rp);
	dcqcn_rp_on_cnp(&rp, 2 * US);
	cr_assert_eq(rp.stats.cnps, 2);
	cr_assert_eq(rp.stats.rate_cuts, 1, "cut inside the 4 us period");
	cr_assert_eq(dcqcn_rp_rate_bps(&rp), rc);
	dcqcn_rp_update(&rp, 4 * US - 1);
	cr_assert_eq(rp.stats.rate_cuts, 1);
	dcqcn_rp_update(&rp, 4 * US);
	cr_assert_eq(rp.stats.rate_cuts, 2, "deferred cut at the period's end");
	cr_assert_lt(dcqcn_rp_rate_bps(&rp), rc);
}

Test(dcqcn, never_above_line_rate)
{
	struct dcqcn_rp rp;
	uint64_t t;

	rp_with(&rp, LINE, NULL);
	dcqcn_rp_on_cnp(&rp, 0);
	/* Send at Rc for 200 ms in 10 us steps: every kind of increase. */
	for (t = 10 * US; t <= 200 * MS; t += 10 * US) {
		uint32_t bytes = (uint32_t)(dcqcn_rp_rate_bps(&rp) / 8 / 100000);

		dcqcn_rp_on_sent(&rp, bytes, t);
		cr_assert_leq(dcqcn_rp_rate_bps(&rp), LINE, "Rc at %llu ns",
			      (unsigned long long)t);
		cr_assert_leq(dcqcn_rp_target_bps(&rp), LINE, "Rt at %llu ns",
			      (unsigned long long)t);
	}
	cr_assert_eq(dcqcn_rp_rate_bps(&rp), LINE, "back at line rate");
	cr_assert_gt(rp.stats.increases[DCQCN_STAGE_HYPER], 0);
	/* At line rate the limiter is released: no more events. */
	t = rp.stats.timer_events;
	dcqcn_rp_update(&rp, 300 * MS);
	cr_assert_eq(rp.stats.timer_events, t);

	/* rpg_max_rate caps below the line rate. */
	rp_with(&rp, LINE, (const char *const[]){ "rpg_max_rate=1000", NULL });
	cr_assert_eq(dcqcn_rp_rate_bps(&rp), 1000000000ULL);
}

Test(dcqcn, disabled_paces_at_line_rate)
{
	struct dcqcn_rp rp;

	rp_with(&rp, LINE, (const char *const[]){ "enable=0", NULL });
	dcqcn_rp_on_cnp(&rp, 0);
	dcqcn_rp_on_cnp(&rp, 100 * US);
	expect_rates(&rp, LINE, LINE, "off");
	cr_assert_eq(rp.stats.cnps, 2);
	cr_assert_eq(rp.stats.rate_cuts, 0);
}

Test(dcqcn, np_one_cnp_per_gap)
{
	static const uint64_t ce_us[] = { 0, 10, 49, 50, 120 };
	static const bool sent[] = { true, false, false, true, true };
	struct dcqcn_params p;
	struct dcqcn_np np;

	dcqcn_params_default(&p, LINE);
	dcqcn_np_init(&np, &p);
	for (size_t i = 0; i < sizeof(ce_us) / sizeof(ce_us[0]); i++)
		cr_assert_eq(dcqcn_np_cnp_due(&np, ce_us[i] * US), sent[i],
			     "CE at %llu us", (unsigned long long)ce_us[i]);
	cr_assert_eq(np.ce_seen, 5);
	cr_assert_eq(np.cnps_sent, 3);
	/* A clock going back suppresses, it does not wrap around. */
	cr_assert_not(dcqcn_np_cnp_due(&np, 100 * US));

	params(&p, LINE, (const char *const[]){ "min_time_between_cnps=0", NULL });
	dcqcn_np_init(&np, &p);
	for (int i = 0; i < 3; i++)
		cr_assert(dcqcn_np_cnp_due(&np, 7 * US), "gap 0: CE %d", i);
}

struct bad_case {
	const char *arg;
	const char *says;	/* a part of the message */
};

Test(dcqcn, bad_parameters_refused_by_name)
{
	static const struct bad_case bad[] = {
		{ "rpg_ai_rate", "'rpg_ai_rate': expected NAME=VALUE" },
		{ "rpg_ai_rat=5", "'rpg_ai_rat' is unknown" },
		{ "=5", "'' is unknown" },
		{ "rpg_ai_rate=", "rpg_ai_rate: '' is not an unsigned integer" },
		{ "rpg_ai_rate=-5", "rpg_ai_rate: '-5' is not" },
		{ "rpg_ai_rate= 5", "rpg_ai_rate: ' 5' is not" },
		{ "rpg_ai_rate=5x", "rpg_ai_rate: '5x' is not" },
		{ "dce_tcp_g=1e3", "dce_tcp_g: '1e3' is not" },
		{ "dce_tcp_g=1024", "dce_tcp_g: 1024 is out of range 0..1023" },
		{ "rpg_gd=12", "rpg_gd: 12 is out of range 10..11" },
		{ "rpg_time_reset=0", "rpg_time_reset: 0 is out of range 1.." },
		{ "rpg_byte_reset=32768", "rpg_byte_reset: 32768 is out of range 0..32767" },
		{ "rpg_threshold=32", "rpg_threshold: 32 is out of range 0..31" },
		{ "rpg_min_dec_fac=101", "rpg_min_dec_fac: 101 is out of range" },
		{ "initial_alpha_value=0", "initial_alpha_value: 0 is out of range 1..1023" },
		{ "enable=2", "enable: 2 is out of range 0..1" },
		{ "cnp_dscp=64", "cnp_dscp: 64 is out of range 0..63" },
		{ "cnp_802p_prio=8", "cnp_802p_prio: 8 is out of range 0..7" },
		{ "dce_tcp_rtt=99999999999999999999", "dce_tcp_rtt: 99999999999999999999 is out of range" },
		{ "rpg_min_rate=3000", "rpg_min_rate: 3000 Mb/s is above the line rate (2048 Mb/s)" },
		{ "rpg_hai_rate=4096", "rpg_hai_rate: 4096 Mb/s is above the line rate" },
	};
	struct dcqcn_params p, before;

	dcqcn_params_default(&p, LINE);
	before = p;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char err[256] = "";

		cr_assert_eq(dcqcn_params_set(&p, bad[i].arg, err, sizeof(err)),
			     -EINVAL, "%s accepted", bad[i].arg);
		cr_assert(strstr(err, bad[i].says), "%s: message '%s' lacks '%s'",
			  bad[i].arg, err, bad[i].says);
		cr_assert(!memcmp(&p, &before, sizeof(p)), "%s changed p",
			  bad[i].arg);
	}
}

Test(dcqcn, good_parameters_set)
{
	struct dcqcn_params p;
	char err[256];

	dcqcn_params_default(&p, LINE);
	cr_assert_eq(dcqcn_params_set(&p, "rpg_ai_rate=10", err, sizeof(err)), 0);
	cr_assert_eq(dcqcn_params_set(&p, "rpg_min_rate=2048", err, sizeof(err)), 0);
	cr_assert_eq(dcqcn_params_set(&p, "min_time_between_cnps=4", err, sizeof(err)), 0);
	cr_assert_eq(dcqcn_params_set(&p, "rpg_threshold=0", err, sizeof(err)), 0);
	cr_assert_eq(p.rpg_ai_rate, 10);
	cr_assert_eq(p.rpg_min_rate, 2048);
	cr_assert_eq(p.min_time_between_cnps, 4);
	cr_assert_eq(p.rpg_threshold, 0);
}

Test(dcqcn, print_lists_every_parameter)
{
	static const char *const names[] = {
		"enable", "clamp_tgt_rate", "clamp_tgt_rate_after_time_inc",
		"rpg_time_reset", "rpg_byte_reset", "rpg_threshold",
		"rpg_max_rate", "rpg_ai_rate", "rpg_hai_rate", "rpg_gd",
		"rpg_min_dec_fac", "rpg_min_rate", "rate_to_set_on_first_cnp",
		"dce_tcp_g", "dce_tcp_rtt", "rate_reduce_monitor_period",
		"initial_alpha_value", "min_time_between_cnps", "cnp_dscp",
		"cnp_802p_prio",
	};
	struct dcqcn_params p;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cr_assert_not_null(f);
	dcqcn_params_default(&p, LINE);
	dcqcn_params_print(&p, f);
	fclose(f);
	cr_assert(strstr(buf, "line rate"), "%s", buf);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char line[80];

		snprintf(line, sizeof(line), "  %s ", names[i]);
		cr_assert(strstr(buf, line), "'%s' missing from:\n%s", names[i], buf);
	}
	{
		char want[80];

		snprintf(want, sizeof(want), "%-30s %10u", "dce_tcp_g", 1019);
		cr_assert(strstr(buf, want), "'%s' missing from:\n%s", want, buf);
	}
	free(buf);
	cr_assert_str_eq(dcqcn_stage_name(DCQCN_STAGE_FAST), "fast");
	cr_assert_str_eq(dcqcn_stage_name(DCQCN_STAGE_ADDITIVE), "additive");
	cr_assert_str_eq(dcqcn_stage_name(DCQCN_STAGE_HYPER), "hyper");
}

/*
 * Closed loop. N senders at line rate C into one port of rate C. Packets of
 * PKT bytes join a FIFO queue drained at C; each is marked CE with the RED
 * probability of the backlog it joins (0 below Kmin, rising linearly to
 * Pmax at Kmax, 1 above: what clos's traffic-manager model does), from a
 * seeded xorshift generator. The receiver sees a mark when the packet
 * leaves the queue plus 1 us; its CNP (if the NP lets it out) reaches the
 * sender 2 us later. 1 us steps; fairness, utilisation and backlog are
 * measured over the second half.
 */
#define N_SEND		4
#define PKT		1024
#define RING		(1 << 16)

struct ring {
	uint64_t t[RING];
	unsigned head, tail;
};

static void ring_push(struct ring *r, uint64_t t)
{
	cr_assert_lt(r->tail - r->head, RING, "ring full");
	r->t[r->tail++ % RING] = t;
}

static bool ring_pop(struct ring *r, uint64_t now, uint64_t *t)
{
	if (r->head == r->tail || r->t[r->head % RING] > now)
		return false;
	*t = r->t[r->head++ % RING];
	return true;
}

struct loop {
	double c_bps, kmin, kmax, pmax;
	uint64_t end_ns, stagger_ns, seed;
	/* results */
	double jain, util, max_q, mean_q, rate[N_SEND];
};

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void run_loop(struct loop *lp, const struct dcqcn_params *p)
{
	static struct ring ce[N_SEND], cnp[N_SEND];
	struct dcqcn_rp rp[N_SEND];
	struct dcqcn_np np[N_SEND];
	double credit[N_SEND] = { 0 }, sent[N_SEND] = { 0 };
	double q = 0, out = 0, sum_q = 0, s = 0, s2 = 0;
	uint64_t rng = lp->seed, t, from = lp->end_ns / 2, samples = 0;
	const uint64_t dt = US;

	memset(ce, 0, sizeof(ce));
	memset(cnp, 0, sizeof(cnp));
	for (int i = 0; i < N_SEND; i++) {
		dcqcn_rp_init(&rp[i], p, i * lp->stagger_ns);
		dcqcn_np_init(&np[i], p);
	}
	lp->max_q = 0;
	for (t = 0; t < lp->end_ns; t += dt) {
		double d;

		for (int i = 0; i < N_SEND; i++) {
			uint64_t at;

			if (t < i * lp->stagger_ns)
				continue;
			while (ring_pop(&ce[i], t, &at))
				if (dcqcn_np_cnp_due(&np[i], at))
					ring_push(&cnp[i], at + 2 * US);
			while (ring_pop(&cnp[i], t, &at))
				dcqcn_rp_on_cnp(&rp[i], at);
			dcqcn_rp_update(&rp[i], t);
			credit[i] += dcqcn_rp_rate_bps(&rp[i]) * (dt * 1e-9) / 8;
			while (credit[i] >= PKT) {
				double mark = q < lp->kmin ? 0 : q >= lp->kmax ? 1 :
					lp->pmax * (q - lp->kmin) / (lp->kmax - lp->kmin);

				credit[i] -= PKT;
				q += PKT;
				if ((xorshift(&rng) >> 11) * 0x1p-53 < mark)
					ring_push(&ce[i], t + (uint64_t)(q * 8 / lp->c_bps * 1e9) + US);
				dcqcn_rp_on_sent(&rp[i], PKT, t);
				if (t >= from)
					sent[i] += PKT;
			}
		}
		d = fmin(q, lp->c_bps * (dt * 1e-9) / 8);
		q -= d;
		if (t >= from) {
			out += d;
			sum_q += q;
			samples++;
			lp->max_q = fmax(lp->max_q, q);
		}
	}
	for (int i = 0; i < N_SEND; i++) {
		lp->rate[i] = sent[i] * 8 / ((lp->end_ns - from) * 1e-9);
		s += lp->rate[i];
		s2 += lp->rate[i] * lp->rate[i];
	}
	lp->jain = s * s / (N_SEND * s2);
	lp->util = out * 8 / (lp->c_bps * (lp->end_ns - from) * 1e-9);
	lp->mean_q = sum_q / samples;
}

static void report(const struct loop *lp, const char *what)
{
	cr_log_info("%s: Jain %.4f, utilisation %.3f, backlog mean %.0f B "
		    "max %.0f B (Kmax %.0f), rates %.0f %.0f %.0f %.0f Mb/s", what,
		    lp->jain, lp->util, lp->mean_q, lp->max_q, lp->kmax,
		    lp->rate[0] / MBPS, lp->rate[1] / MBPS, lp->rate[2] / MBPS,
		    lp->rate[3] / MBPS);
}

/*
 * 10 Gb/s, clos's default marking band at that rate (Kmin 15 KB, Kmax
 * 150 KB; docs/qos.md) with Pmax 20%. NIC defaults except the alpha period:
 * with CNPs at most every 50 us per QP, a 1 us period lets alpha see at
 * most one CNP in 50 periods, so it settles near 0.02 and each cut is ~1%;
 * the paper's rule is an alpha period longer than the CNP gap (K = 55 us
 * for N = 50 us), and with it the queue stays well under Kmax.
 */
Test(dcqcn, closed_loop_converges)
{
	static const uint64_t stagger[] = { 0, 20 * MS };
	struct dcqcn_params p;

	params(&p, 10000000000ULL, (const char *const[]){ "dce_tcp_rtt=55", NULL });
	for (size_t i = 0; i < 2; i++) {
		struct loop lp = {
			.c_bps = 10e9, .kmin = 15000, .kmax = 150000, .pmax = 0.2,
			.end_ns = 300 * MS, .stagger_ns = stagger[i], .seed = 42,
		};

		run_loop(&lp, &p);
		report(&lp, stagger[i] ? "staggered starts" : "same start");
		cr_assert_geq(lp.jain, 0.95, "Jain %.4f", lp.jain);
		cr_assert_geq(lp.util, 0.8, "utilisation %.3f", lp.util);
		cr_assert_lt(lp.max_q, lp.kmax, "backlog reached %.0f B", lp.max_q);
	}
}

/* The NIC defaults as they are: fair and full, the backlog hovering about
 * Kmax (see above), below it on average. */
Test(dcqcn, closed_loop_nic_defaults)
{
	struct dcqcn_params p;
	struct loop lp = {
		.c_bps = 10e9, .kmin = 15000, .kmax = 150000, .pmax = 0.2,
		.end_ns = 300 * MS, .seed = 42,
	};

	params(&p, 10000000000ULL, NULL);
	run_loop(&lp, &p);
	report(&lp, "NIC defaults");
	cr_assert_geq(lp.jain, 0.95, "Jain %.4f", lp.jain);
	cr_assert_geq(lp.util, 0.8, "utilisation %.3f", lp.util);
	cr_assert_lt(lp.mean_q, lp.kmax, "mean backlog %.0f B", lp.mean_q);
}
