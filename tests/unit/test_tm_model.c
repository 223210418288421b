// SPDX-License-Identifier: GPL-2.0
/*
 * The traffic manager's model (include/clos/tm_model.h), compiled here as plain
 * C and checked against hand-computed cases: the drain at the port rate,
 * the scheduler's order (strict classes first, highest first; weighted
 * classes by weight; leftovers passed on), the time accounting (no drift,
 * idle gaps capped), WRED/ECN and tail-drop decisions, the high-water mark.
 * And the QoS defaults of lib/qos_defaults.c, with their rate scaling.
 */
#include <pthread.h>
#include <string.h>
#include <criterion/criterion.h>
#include "clos/abi.h"
#include "qos_defaults.h"

#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif
#include "clos/tm_model.h"

#define NS_PER_S	1000000000ull
#define MS		1000000ull

/* 8 Mbit/s: one byte per microsecond, so hand arithmetic stays easy. */
#define RATE_8M		8000000ull

static struct clos_tc_sched sched[CLOS_NUM_TC];

/* The default scheduler: 7 and 6 strict, 3 weight 50, the rest 10. */
static void default_sched(void)
{
	int i;

	for (i = 0; i < CLOS_NUM_TC; i++)
		sched[i] = clos_qos_default_sched(i);
}

static void expect_backlog(const __u64 *got, const __u64 *want,
			   const char *what)
{
	int i;

	for (i = 0; i < CLOS_NUM_TC; i++)
		cr_assert_eq(got[i], want[i], "%s: class %d backlog %llu, want %llu",
			     what, i, (unsigned long long)got[i],
			     (unsigned long long)want[i]);
}

/* ---- drain ---- */

Test(tm_model, drain_removes_rate_times_time)
{
	__u64 backlog[CLOS_NUM_TC] = { [0] = 5000 };
	__u64 want[CLOS_NUM_TC] = { [0] = 4000 };
	__u64 last = 10 * MS;

	default_sched();
	/* 1 ms at 8 Mbit/s = 1000 bytes */
	clos_tm_advance(&last, backlog, sched, 11 * MS, RATE_8M);
	expect_backlog(backlog, want, "1 ms at 8 Mbit/s");
	cr_assert_eq(last, 11 * MS, "the clock moves by the time the bytes took");

	/* 100 Gbit/s for 1 us = 12500 bytes */
	backlog[0] = 20000;
	last = 0;
	clos_tm_advance(&last, backlog, sched, 1000, 100000000000ull);
	cr_assert_eq(backlog[0], 7500);
	cr_assert_eq(last, 1000);
}

Test(tm_model, drain_stops_at_empty_and_clock_jumps_to_now)
{
	__u64 backlog[CLOS_NUM_TC] = { [2] = 300 };
	__u64 want[CLOS_NUM_TC] = { 0 };
	__u64 last = 0;

	default_sched();
	clos_tm_advance(&last, backlog, sched, 1 * MS, RATE_8M);
	expect_backlog(backlog, want, "300 bytes, 1000 bytes of time");
	cr_assert_eq(last, 1 * MS, "an empty port's clock is now");
}

Test(tm_model, no_time_no_rate_no_change)
{
	__u64 backlog[CLOS_NUM_TC] = { [0] = 5000 };
	__u64 want[CLOS_NUM_TC] = { [0] = 5000 };
	__u64 last = 5 * MS;

	default_sched();
	clos_tm_advance(&last, backlog, sched, 5 * MS, RATE_8M);
	clos_tm_advance(&last, backlog, sched, 4 * MS, RATE_8M);
	expect_backlog(backlog, want, "now <= last");
	cr_assert_eq(last, 5 * MS, "time never runs backwards");
	clos_tm_advance(&last, backlog, sched, 9 * MS, 0);
	expect_backlog(backlog, want, "rate 0");
	cr_assert_eq(last, 5 * MS);
}

/* ---- scheduler order ---- */

Test(tm_model, strict_first_highest_first)
{
	__u64 backlog[CLOS_NUM_TC] = { [0] = 5000, [3] = 5000, [6] = 1000,
				       [7] = 1000 };
	__u64 want[CLOS_NUM_TC] = { [0] = 5000, [3] = 5000, [6] = 500 };
	__u64 served;

	default_sched();
	served = clos_tm_serve(backlog, sched, 1500);
	cr_assert_eq(served, 1500);
	expect_backlog(backlog, want, "1500 bytes: TC7 then half of TC6");
}

Test(tm_model, weighted_share_by_weight)
{
	__u64 backlog[CLOS_NUM_TC] = { [0] = 100000, [3] = 100000 };
	__u64 want[CLOS_NUM_TC] = { [0] = 99000, [3] = 95000 };

	default_sched();	/* TC3 weight 50, TC0 weight 10 */
	cr_assert_eq(clos_tm_serve(backlog, sched, 6000), 6000);
	expect_backlog(backlog, want, "6000 bytes by 50:10 -> 5000/1000");
}

Test(tm_model, weighted_three_classes)
{
	__u64 backlog[CLOS_NUM_TC] = { [0] = 100000, [1] = 100000,
				       [3] = 100000 };
	__u64 want[CLOS_NUM_TC] = { [0] = 99000, [1] = 99000, [3] = 95000 };

	default_sched();	/* 10 + 10 + 50 = 70 */
	cr_assert_eq(clos_tm_serve(backlog, sched, 7000), 7000);
	expect_backlog(backlog, want, "7000 bytes by 10:10:50");
}

Test(tm_model, emptied_class_gives_its_leftover)
{
	__u64 backlog[CLOS_NUM_TC] = { [0] = 10000, [3] = 2000 };
	__u64 want[CLOS_NUM_TC] = { [0] = 6000, [3] = 0 };

	default_sched();
	/* TC3's share is 5000 but it holds 2000: TC0 gets 1000 + 3000 */
	cr_assert_eq(clos_tm_serve(backlog, sched, 6000), 6000);
	expect_backlog(backlog, want, "TC3 empties, TC0 takes the rest");
}

Test(tm_model, strict_leftover_goes_to_weighted)
{
	__u64 backlog[CLOS_NUM_TC] = { [0] = 10000, [3] = 10000, [6] = 1000 };
	__u64 want[CLOS_NUM_TC] = { [0] = 9000, [3] = 5000 };

	default_sched();
	cr_assert_eq(clos_tm_serve(backlog, sched, 7000), 7000);
	expect_backlog(backlog, want, "TC6 1000, then 6000 by 50:10");
}

Test(tm_model, budget_above_backlog_serves_all)
{
	__u64 backlog[CLOS_NUM_TC] = { 100, 200, 300, 400, 500, 600, 700, 800 };
	__u64 want[CLOS_NUM_TC] = { 0 };

	default_sched();
	cr_assert_eq(clos_tm_serve(backlog, sched, 1000000), 3600);
	expect_backlog(backlog, want, "everything served");
}

Test(tm_model, zero_weight_counts_as_one)
{
	__u64 backlog[CLOS_NUM_TC] = { [0] = 10000, [1] = 10000 };
	__u64 want[CLOS_NUM_TC] = { [0] = 9900, [1] = 9100 };

	memset(sched, 0, sizeof(sched));
	sched[0].weight = 0;	/* as 1 */
	sched[1].weight = 9;
	cr_assert_eq(clos_tm_serve(backlog, sched, 1000), 1000);
	expect_backlog(backlog, want, "weights 1:9");
}

/* ---- time accounting ---- */

/* Advance in steps of step ns from 0 to total; return the bytes served. */
/* The drain divides by 1e9 with a multiply (clos_tm_div_1e9): it must
 * agree with '/' everywhere, at every multiple of 1e9 and one below, at
 * the top of the range, and on random values of every magnitude. */
Test(tm_model, div_1e9_matches_division)
{
	static const __u64 edge[] = {
		0, 1, NS_PER_S - 1, NS_PER_S, NS_PER_S + 1, ~0ull, ~0ull - 1,
		~0ull / NS_PER_S * NS_PER_S, ~0ull / NS_PER_S * NS_PER_S - 1,
	};
	__u64 x = 88172645463325252ull, v, k;
	unsigned int i;

	for (i = 0; i < sizeof(edge) / sizeof(edge[0]); i++)
		cr_assert_eq(clos_tm_div_1e9(edge[i]), edge[i] / NS_PER_S,
			     "%llu / 1e9", (unsigned long long)edge[i]);
	for (i = 0; i < 1000000; i++) {
		x ^= x << 13;	/* xorshift64 */
		x ^= x >> 7;
		x ^= x << 17;
		v = x >> (i % 64);
		cr_assert_eq(clos_tm_div_1e9(v), v / NS_PER_S,
			     "%llu / 1e9", (unsigned long long)v);
		k = v / NS_PER_S;
		if (k)
			cr_assert_eq(clos_tm_div_1e9(k * NS_PER_S - 1), k - 1,
				     "%llu / 1e9", (unsigned long long)(k * NS_PER_S - 1));
	}
}

static __u64 drain_in_steps(__u64 *backlog, __u64 *last, __u64 total,
			    __u64 step, __u64 rate)
{
	__u64 before = 0, after = 0, t;
	int i;

	for (i = 0; i < CLOS_NUM_TC; i++)
		before += backlog[i];
	for (t = step; t <= total; t += step)
		clos_tm_advance(last, backlog, sched, t, rate);
	if (total % step)
		clos_tm_advance(last, backlog, sched, total, rate);
	for (i = 0; i < CLOS_NUM_TC; i++)
		after += backlog[i];
	return before - after;
}

static void expect_no_drift(__u64 rate, __u64 step, __u64 total)
{
	__u64 a[CLOS_NUM_TC] = { [0] = 1ull << 40, [3] = 1ull << 40 };
	__u64 b[CLOS_NUM_TC] = { [0] = 1ull << 40, [3] = 1ull << 40 };
	__u64 la = 0, lb = 0, sa, sb, exact = total * (rate / 8) / NS_PER_S;

	default_sched();
	sa = drain_in_steps(a, &la, total, step, rate);
	sb = drain_in_steps(b, &lb, total, total, rate);
	cr_assert_eq(sb, exact,
		     "one step of %llu ns at %llu bit/s: %llu bytes, want %llu",
		     (unsigned long long)total, (unsigned long long)rate,
		     (unsigned long long)sb, (unsigned long long)exact);
	cr_assert_eq(sa, sb,
		     "%llu ns steps at %llu bit/s served %llu bytes, one step %llu",
		     (unsigned long long)step, (unsigned long long)rate,
		     (unsigned long long)sa, (unsigned long long)sb);
	cr_assert_leq(lb, total);
	cr_assert_eq(la, lb, "clock after many steps %llu, after one %llu",
		     (unsigned long long)la, (unsigned long long)lb);
}

Test(tm_model, many_small_steps_equal_one_big_step)
{
	/* 1 us steps at 8 Mbit/s: whole bytes each step */
	expect_no_drift(RATE_8M, 1000, 10 * MS);
	/* 333 ns steps at 1 Gbit/s (41.625 bytes a step) */
	expect_no_drift(1000000000ull, 333, 10 * MS);
	/* 1 us steps at 3 Mbit/s (0.375 bytes a step, 2666.67 ns a byte) */
	expect_no_drift(3000000ull, 1000, 100 * MS);
	/* 7 ns steps at 100 Gbit/s (87.5 bytes a step, 0.08 ns a byte) */
	expect_no_drift(100000000000ull, 7, 1 * MS);
	/* 1234567 ns steps at 25 Gbit/s */
	expect_no_drift(25000000000ull, 1234567, 90 * MS);
}

Test(tm_model, idle_gap_drains_all_of_it)
{
	__u64 backlog[CLOS_NUM_TC] = { [0] = 1000000000ull, [3] = 500000 };
	__u64 last = 1 * MS, now = 10 * NS_PER_S;

	default_sched();
	clos_tm_advance(&last, backlog, sched, now, RATE_8M);
	/* 9.999 s at 1 byte/us, whatever the gap: 9999000 bytes served,
	 * class 3 (weight 50 against class 0's) emptied on the way */
	cr_assert_eq(backlog[0] + backlog[3], 1000500000ull - 9999000);
	cr_assert_eq(backlog[3], 0);
	cr_assert_eq(last, now);

	/* The slow port of test_qos: 391262 bytes at 20 Mbit/s take 156.5 ms;
	 * 2 s later nothing is left (a 100 ms cap left 141262). */
	memset(backlog, 0, sizeof(backlog));
	backlog[3] = 391262;
	last = 5 * NS_PER_S;
	clos_tm_advance(&last, backlog, sched, last + 2 * NS_PER_S, 20000000ull);
	cr_assert_eq(backlog[3], 0);
}

Test(tm_model, budget_capped_inside_64_bits)
{
	__u64 backlog[CLOS_NUM_TC] = { [0] = 1ull << 62 };
	__u64 last = 0;

	default_sched();
	/* 1000 s of 100 Gbit/s: exact */
	clos_tm_advance(&last, backlog, sched, 1000 * NS_PER_S, 100000000000ull);
	cr_assert_eq(backlog[0], (1ull << 62) - 12500000000ull * 1000);
	/* 10^6 s more would be 1.25e16 bytes: one update serves 2^50 */
	clos_tm_advance(&last, backlog, sched, 1001000 * NS_PER_S, 100000000000ull);
	cr_assert_eq(backlog[0], (1ull << 62) - 12500000000ull * 1000 - CLOS_TM_MAX_BUDGET);
	cr_assert_eq(CLOS_TM_MAX_BUDGET, 1ull << 50);
}

/* ---- decisions ---- */

static const struct clos_tm_profile wred = {
	.ecn = 1, .kmin = 1000, .kmax = 5000, .pmax = CLOS_PMAX_ONE / 2,
	.limit = 10000,
};

Test(tm_model, decide_below_kmin_passes)
{
	cr_assert_eq(clos_tm_decide(&wred, 0, 1, 0, 100, 0), CLOS_TM_PASS);
	cr_assert_eq(clos_tm_decide(&wred, 0, 1, 999, 100, 0), CLOS_TM_PASS);
	cr_assert_eq(clos_tm_decide(&wred, 1, 1, 999, 100, 0), CLOS_TM_PASS);
}

Test(tm_model, decide_at_and_above_kmax_marks)
{
	cr_assert_eq(clos_tm_decide(&wred, 0, 1, 5000, 100, CLOS_PMAX_ONE - 1),
		     CLOS_TM_MARK);
	cr_assert_eq(clos_tm_decide(&wred, 0, 1, 9000, 100, CLOS_PMAX_ONE - 1),
		     CLOS_TM_MARK);
	cr_assert_eq(clos_tm_decide(&wred, 1, 1, 1ull << 40, 100,
				    CLOS_PMAX_ONE - 1), CLOS_TM_MARK,
		     "lossless: marked, not dropped, however large");
}

Test(tm_model, decide_between_is_linear)
{
	/* backlog 3000: p = 32768 * (3000 - 1000) / (5000 - 1000) = 16384 */
	cr_assert_eq(clos_tm_decide(&wred, 0, 1, 3000, 100, 16383), CLOS_TM_MARK);
	cr_assert_eq(clos_tm_decide(&wred, 0, 1, 3000, 100, 16384), CLOS_TM_PASS);
	/* backlog 1000 (= kmin): p = 0, nothing marks */
	cr_assert_eq(clos_tm_decide(&wred, 0, 1, 1000, 100, 0), CLOS_TM_PASS);
	/* backlog 4999: p = 32768 * 3999 / 4000 = 32759 */
	cr_assert_eq(clos_tm_decide(&wred, 0, 1, 4999, 100, 32758), CLOS_TM_MARK);
	cr_assert_eq(clos_tm_decide(&wred, 0, 1, 4999, 100, 32759), CLOS_TM_PASS);
}

Test(tm_model, decide_not_ect_or_ecn_off_never_marks)
{
	struct clos_tm_profile off = wred;

	off.ecn = 0;
	cr_assert_eq(clos_tm_decide(&wred, 0, 0, 9000, 100, 0), CLOS_TM_PASS);
	cr_assert_eq(clos_tm_decide(&off, 0, 1, 9000, 100, 0), CLOS_TM_PASS);
	cr_assert_eq(clos_tm_decide(&off, 1, 1, 1ull << 40, 100, 0), CLOS_TM_PASS);
}

Test(tm_model, decide_tail_drop_lossy_only)
{
	struct clos_tm_profile nolimit = wred;

	/* 9000 + 1000 = the limit: admitted; one byte more is not */
	cr_assert_eq(clos_tm_decide(&wred, 0, 0, 9000, 1000, 0), CLOS_TM_PASS);
	cr_assert_eq(clos_tm_decide(&wred, 0, 0, 9000, 1001, 0), CLOS_TM_DROP);
	cr_assert_eq(clos_tm_decide(&wred, 0, 1, 9000, 1001, 0), CLOS_TM_DROP,
		     "past the limit ECT is dropped too");
	/* lossless: never dropped */
	cr_assert_eq(clos_tm_decide(&wred, 1, 0, 9000, 1001, 0), CLOS_TM_PASS);
	cr_assert_eq(clos_tm_decide(&wred, 1, 0, 1ull << 40, 1500, 0),
		     CLOS_TM_PASS);
	/* limit 0: no limit */
	nolimit.limit = 0;
	cr_assert_eq(clos_tm_decide(&nolimit, 0, 0, 1ull << 40, 1500, 0),
		     CLOS_TM_PASS);
}

Test(tm_model, decide_kmax_not_above_kmin_marks_from_kmin)
{
	struct clos_tm_profile step = { .ecn = 1, .kmin = 0, .kmax = 0 };

	cr_assert_eq(clos_tm_decide(&step, 0, 1, 0, 64, CLOS_PMAX_ONE - 1),
		     CLOS_TM_MARK, "kmin = kmax = 0 marks every ECT packet");
	step.kmin = step.kmax = 4000;
	cr_assert_eq(clos_tm_decide(&step, 0, 1, 3999, 64, 0), CLOS_TM_PASS);
	cr_assert_eq(clos_tm_decide(&step, 0, 1, 4000, 64, CLOS_PMAX_ONE - 1),
		     CLOS_TM_MARK);
}

/* clos_tm_quiet() passes a packet only where clos_tm_decide() passes it
 * whatever the rest is (ECT, lossless, the dice), and it does pass the
 * common packet: one below kmin and within the limit. */
Test(tm_model, quiet_only_where_decide_passes_whatever_else)
{
	struct clos_tm_profile profs[] = {
		wred,
		{ .ecn = 1, .kmin = 0, .kmax = 0 },
		{ .ecn = 0, .limit = 3000 },
		{ .ecn = 1, .kmin = 4000, .kmax = 4000, .limit = 4500 },
		{ 0 },
	};
	__u64 backlogs[] = { 0, 1, 999, 1000, 2999, 3000, 3999, 4000, 4499,
			     5000, 8999, 9000, 10000, 1ull << 40 };
	__u32 lens[] = { 64, 1000, 1001, 1500 };
	unsigned int p, b, l, quiet = 0;
	int lossless, ect, rnd;

	for (p = 0; p < sizeof(profs) / sizeof(profs[0]); p++)
		for (b = 0; b < sizeof(backlogs) / sizeof(backlogs[0]); b++)
			for (l = 0; l < sizeof(lens) / sizeof(lens[0]); l++) {
				if (!clos_tm_quiet(&profs[p], backlogs[b], lens[l]))
					continue;
				quiet++;
				for (lossless = 0; lossless < 2; lossless++)
					for (ect = 0; ect < 2; ect++)
						for (rnd = 0; rnd < CLOS_PMAX_ONE; rnd += CLOS_PMAX_ONE - 1)
							cr_assert_eq(clos_tm_decide(&profs[p], lossless, ect,
										    backlogs[b], lens[l], rnd),
								     CLOS_TM_PASS,
								     "profile %u backlog %llu len %u",
								     p, (unsigned long long)backlogs[b], lens[l]);
			}
	cr_assert(clos_tm_quiet(&wred, 999, 1500), "below kmin, within the limit");
	cr_assert_not(clos_tm_quiet(&wred, 1000, 64), "at kmin: decide");
	cr_assert_not(clos_tm_quiet(&wred, 9000, 1001), "past the limit: decide");
	cr_assert_gt(quiet, 50, "quiet %u times", quiet);
}

Test(tm_model, needs_dice_only_in_red_band)
{
	cr_assert_not(clos_tm_needs_dice(&wred, 1, 999), "below kmin");
	cr_assert(clos_tm_needs_dice(&wred, 1, 1000), "at kmin");
	cr_assert(clos_tm_needs_dice(&wred, 1, 4999), "just below kmax");
	cr_assert_not(clos_tm_needs_dice(&wred, 1, 5000), "at kmax: marked");
	cr_assert_not(clos_tm_needs_dice(&wred, 0, 3000), "not ECT");
}

/* ---- the shared state, without a lock ---- */

/* One whole update as qos.h runs it: begin, split if needed, finish
 * with add bytes for class tc. Returns what tc held after the drain. */
static __u64 update(struct clos_tm_port *st, __u64 now, __u64 rate,
		    __u32 tc, __u32 add)
{
	struct clos_tm_drain d;
	__u64 backlog;

	if (clos_tm_begin(st, &d, now, rate / 8))
		clos_tm_split(&d, sched);
	backlog = clos_tm_left(&d, tc);
	clos_tm_finish(st, &d, tc, add);
	return backlog;
}

Test(tm_model, update_serves_all_when_the_time_covers_it)
{
	struct clos_tm_port st = { .last_ns = 10 * MS, .backlog = { [3] = 1000 } };
	struct clos_tm_drain d;

	default_sched();
	/* 2 ms at 1 byte/us serve 2000 >= 1000 queued: all of it, no split */
	cr_assert_eq(clos_tm_begin(&st, &d, 12 * MS, RATE_8M / 8), 0);
	cr_assert(d.all, "all served");
	cr_assert_eq(d.seen[3], 1000);
	cr_assert_eq(clos_tm_left(&d, 3), 0);
	cr_assert_eq(st.last_ns, 12 * MS, "the time is claimed");
	clos_tm_finish(&st, &d, 3, 64);
	cr_assert_eq(st.backlog[3], 64);
	cr_assert_eq(st.max_backlog[3], 64);
	cr_assert_eq(st.races, 0);
}

/* begin + split + finish leave exactly what the serial clos_tm_advance
 * leaves, whatever part of the backlog the time serves. */
Test(tm_model, update_matches_serial_drain)
{
	static const __u64 start[][CLOS_NUM_TC] = {
		{ [0] = 5000, [3] = 3000, [7] = 100 },
		{ [0] = 1, [1] = 2, [2] = 3, [3] = 4000, [5] = 777, [6] = 50 },
		{ [3] = 123456 },
	};
	__u64 dts[] = { 1, 999, 1000, 2500, 7777, 20000, 300 * MS };
	unsigned int k, j;

	default_sched();
	for (k = 0; k < sizeof(start) / sizeof(start[0]); k++) {
		for (j = 0; j < sizeof(dts) / sizeof(dts[0]); j++) {
			struct clos_tm_port st = { .last_ns = 5 * MS };
			__u64 want[CLOS_NUM_TC], last = 5 * MS;

			memcpy(st.backlog, start[k], sizeof(st.backlog));
			memcpy(want, start[k], sizeof(want));
			clos_tm_advance(&last, want, sched, 5 * MS + dts[j], RATE_8M);
			update(&st, 5 * MS + dts[j], RATE_8M, 0, 0);
			expect_backlog(st.backlog, want, "update vs advance");
			cr_assert_eq(st.last_ns, last);
		}
	}
}

Test(tm_model, update_with_an_earlier_clock_drains_nothing)
{
	struct clos_tm_port st = { .last_ns = 20 * MS, .backlog = { [3] = 500 } };

	default_sched();
	/* Another CPU claimed up to 20 ms after this one read 19 ms. */
	cr_assert_eq(update(&st, 19 * MS, RATE_8M, 3, 100), 500);
	cr_assert_eq(st.backlog[3], 600, "admitted, nothing served");
	cr_assert_eq(st.last_ns, 20 * MS, "the time stays claimed once");
	cr_assert_eq(st.races, 1);
	/* The next claim serves from 20 ms on: no time lost. */
	update(&st, 20 * MS + 600000, RATE_8M, 3, 0);
	cr_assert_eq(st.backlog[3], 0);
}

/* Two CPUs' drains of adjacent intervals that both read the backlog
 * before either subtracted: one class ends as in series, in either
 * order of their finishes, and never below zero. */
static void two_drains(__u64 b, __u64 t1, __u64 t2, int b_first)
{
	struct clos_tm_port st = { .backlog = { [0] = b } };
	struct clos_tm_drain da, db;
	__u64 want = b > t2 / 1000 ? b - t2 / 1000 : 0;	/* 1 byte/us from 0 */

	if (clos_tm_begin(&st, &da, t1, RATE_8M / 8))
		clos_tm_split(&da, sched);
	if (clos_tm_begin(&st, &db, t2, RATE_8M / 8))
		clos_tm_split(&db, sched);
	cr_assert_eq(db.seen[0], b, "the second drain read before the first's subtraction");
	if (b_first) {
		clos_tm_finish(&st, &db, 0, 0);
		clos_tm_finish(&st, &da, 0, 0);
	} else {
		clos_tm_finish(&st, &da, 0, 0);
		clos_tm_finish(&st, &db, 0, 0);
	}
	cr_assert_eq(st.backlog[0], want,
		     "%llu bytes, drains to %llu and %llu us (%s first): %llu, want %llu",
		     (unsigned long long)b, (unsigned long long)(t1 / 1000),
		     (unsigned long long)(t2 / 1000), b_first ? "second" : "first",
		     (unsigned long long)st.backlog[0], (unsigned long long)want);
}

Test(tm_model, concurrent_drains_of_one_class_end_as_in_series)
{
	default_sched();
	two_drains(1000, 300000, 600000, 0);	/* 300 + 300 of 1000 */
	two_drains(1000, 300000, 600000, 1);
	two_drains(500, 300000, 900000, 0);	/* the second overdraws */
	two_drains(500, 300000, 900000, 1);
	two_drains(500, 600000, 700000, 0);	/* the first empties it */
	two_drains(500, 600000, 700000, 1);
}

Test(tm_model, overdrawn_word_is_put_back_and_counted)
{
	struct clos_tm_port st = { .backlog = { [0] = 500 } };
	struct clos_tm_drain da, db;

	default_sched();
	/* Each claims 600 us at 1 byte/us: enough for all 500. */
	cr_assert_eq(clos_tm_begin(&st, &da, 600000, RATE_8M / 8), 0);
	cr_assert_eq(clos_tm_begin(&st, &db, 1200000, RATE_8M / 8), 0);
	cr_assert(da.all && db.all && da.seen[0] == 500 && db.seen[0] == 500,
		  "both read 500 and take it");
	clos_tm_finish(&st, &da, 0, 0);
	cr_assert_eq(clos_tm_level(st.backlog[0]), 0);
	clos_tm_finish(&st, &db, 0, 64);	/* its packet is admitted */
	cr_assert_eq(st.backlog[0], 64, "the excess is added back");
	cr_assert_eq(st.max_backlog[0], 64);
	cr_assert_eq(st.races, 1);
	cr_assert_eq(clos_tm_level(-5ull), 0, "a moment's negative word is empty");
}

/* A drain that serves all that is queued settles every class that held
 * some, not only the packet's own class (clos_tm_finish skips the others
 * only when the packet's class held all of it). */
Test(tm_model, all_served_settles_every_busy_class)
{
	struct clos_tm_port st = { .last_ns = 10 * MS,
				   .backlog = { [3] = 1000, [5] = 300 } };
	struct clos_tm_drain d;

	default_sched();
	cr_assert_eq(clos_tm_begin(&st, &d, 12 * MS, RATE_8M / 8), 0);
	cr_assert(d.all && d.queued == 1300, "all of 1300 served");
	clos_tm_finish(&st, &d, 3, 64);
	cr_assert_eq(st.backlog[3], 64, "class 3: its packet only");
	cr_assert_eq(st.backlog[5], 0, "class 5: served");
	cr_assert_eq(st.races, 0);
}

/* A port that keeps up serves the class the frame before and takes a
 * frame of the same size: clos_tm_finish reads the word then instead of
 * adding 0 to it. When another CPU's drain took that frame first, what
 * it took too much is still put back, as the add would have. */
Test(tm_model, same_size_frame_put_back_after_another_drain)
{
	struct clos_tm_port st = { .backlog = { [3] = 64 } };
	struct clos_tm_drain da, db;

	default_sched();
	cr_assert_eq(clos_tm_begin(&st, &da, 600000, RATE_8M / 8), 0);
	cr_assert_eq(clos_tm_begin(&st, &db, 1200000, RATE_8M / 8), 0);
	cr_assert(da.all && db.all && da.seen[3] == 64 && db.seen[3] == 64,
		  "both read 64 and take it");
	clos_tm_finish(&st, &db, 5, 64);	/* serves class 3, adds to 5 */
	cr_assert_eq(st.backlog[3], 0);
	clos_tm_finish(&st, &da, 3, 64);	/* own 64 == add 64 */
	cr_assert_eq(st.backlog[3], 64, "the frame is kept: %llu",
		     (unsigned long long)st.backlog[3]);
	cr_assert_eq(st.backlog[5], 64);
	cr_assert_eq(st.max_backlog[3], 64);
	cr_assert_eq(st.races, 1, "the overdraw is counted");
	/* Alone, the same update leaves the word as it was (and serves
	 * class 5). */
	cr_assert_eq(clos_tm_begin(&st, &da, 1400000, RATE_8M / 8), 0);
	cr_assert(da.all, "200 us serve the 128 queued");
	clos_tm_finish(&st, &da, 3, 64);
	cr_assert_eq(st.backlog[3], 64);
	cr_assert_eq(st.backlog[5], 0);
	cr_assert_eq(st.races, 1);
}

Test(tm_model, finish_tracks_high_water_mark)
{
	struct clos_tm_port st = {};

	default_sched();
	update(&st, 1, RATE_8M, 3, 1500);
	update(&st, 1, RATE_8M, 3, 1500);
	cr_assert_eq(st.backlog[3], 3000);
	cr_assert_eq(st.max_backlog[3], 3000);
	st.backlog[3] = 100;
	update(&st, 1, RATE_8M, 3, 64);
	cr_assert_eq(st.backlog[3], 164);
	cr_assert_eq(st.max_backlog[3], 3000, "the high-water mark stays");
	update(&st, 1, RATE_8M, 8 + 2, 64);	/* classes are masked */
	cr_assert_eq(st.backlog[2], 64);
	update(&st, 1, RATE_8M, 2, 0);		/* a drop adds nothing */
	cr_assert_eq(st.backlog[2], 64);
}

/* clos_tm_surely_serves() against the exact count: never sure of more
 * than the port serves, and at most one byte short of it. */
Test(tm_model, surely_serves_is_at_most_one_byte_short)
{
	__u64 rates[] = { 3000000ull, RATE_8M, 1000000000ull, 25000000000ull,
			  100000000000ull, 400000000000ull };
	__u64 lasts[] = { 0, 1, 999999999, 5 * NS_PER_S + 12345, 123456789012345ull };
	__u64 dts[] = { 1, 7, 333, 1000, 123457, 10 * MS, (1ull << 28) - 1 };
	unsigned int r, l, t;
	int k;

	for (r = 0; r < sizeof(rates) / sizeof(rates[0]); r++)
		for (l = 0; l < sizeof(lasts) / sizeof(lasts[0]); l++)
			for (t = 0; t < sizeof(dts) / sizeof(dts[0]); t++) {
				__u64 bps = rates[r] / 8, last = lasts[l];
				__u64 b = clos_tm_budget(last, last + dts[t], bps);

				for (k = -1; k <= 2; k++) {
					__u64 q = b + k;
					int sure;

					if (k < 0 && b == 0)
						continue;
					sure = clos_tm_surely_serves(dts[t], bps, q);
					cr_assert(sure ? q <= b : q >= b,
						  "rate %llu, %llu + %llu ns serve %llu: sure %d of %llu",
						  (unsigned long long)rates[r],
						  (unsigned long long)last,
						  (unsigned long long)dts[t],
						  (unsigned long long)b, sure,
						  (unsigned long long)q);
					if (k < 0)
						cr_assert(sure, "one byte short at most: %llu of %llu",
							  (unsigned long long)q,
							  (unsigned long long)b);
				}
			}
	cr_assert_eq(clos_tm_surely_serves(1ull << 28, 1000, 1), 0, "past 268 ms: exact count");
	cr_assert_eq(clos_tm_surely_serves(1000, 1ull << 36, 1), 0, "past 550 Gbit/s: exact count");
	cr_assert_eq(clos_tm_surely_serves(1000, 1000, 1ull << 34), 0, "17 GB queued: exact count");
}

/* Two threads update one port at once, on one shared clock that moves
 * 100 us per packet: 64 bytes a packet at 1 byte/us keep up with plenty
 * to spare, so in series the port never holds more than one packet. The
 * lock-free model may hold at most one drain's budget and one frame per
 * other CPU more (clos_tm_begin), and loses and invents nothing: a last
 * drain empties it exactly. */
#define RACE_PKTS	200000
#define RACE_STEP	100000ull	/* ns */

struct race_arg {
	struct clos_tm_port *st;
	__u64 *clock;
	__u32 tc;
};

static void *race_thread(void *p)
{
	struct race_arg *a = p;
	int i;

	for (i = 0; i < RACE_PKTS; i++) {
		__u64 now = __atomic_add_fetch(a->clock, RACE_STEP, __ATOMIC_RELAXED);

		update(a->st, now, RATE_8M, a->tc, 64);
	}
	return NULL;
}

static void race(__u32 tc_a, __u32 tc_b)
{
	struct clos_tm_port st = {};
	__u64 clock = 0;
	struct race_arg a = { &st, &clock, tc_a }, b = { &st, &clock, tc_b };
	pthread_t ta, tb;
	int i;

	cr_assert_eq(pthread_create(&ta, NULL, race_thread, &a), 0);
	cr_assert_eq(pthread_create(&tb, NULL, race_thread, &b), 0);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	for (i = 0; i < CLOS_NUM_TC; i++) {
		cr_assert_lt(st.backlog[i], 1ull << 63, "class %d below zero", i);
		cr_assert_leq(st.max_backlog[i], 64 + RACE_STEP / 1000 + 64,
			      "class %d peaked at %llu", i,
			      (unsigned long long)st.max_backlog[i]);
	}
	update(&st, clock + 10 * MS, RATE_8M, 0, 0);
	for (i = 0; i < CLOS_NUM_TC; i++)
		cr_assert_eq(st.backlog[i], 0, "class %d keeps %llu bytes", i,
			     (unsigned long long)st.backlog[i]);
}

Test(tm_model, two_cpus_on_one_port_stay_within_the_bound)
{
	default_sched();
	race(3, 3);
	race(3, 0);
	race(7, 1);
}

/* ---- defaults (lib/qos_defaults.c) ---- */

Test(qos_defaults, classes)
{
	int i;

	for (i = 0; i < 8; i++) {
		cr_assert_eq(clos_qos_default_pcp_tc(i), (__u32)i);
		cr_assert_eq(clos_qos_default_tc_pcp(i), (__u32)i);
	}
	for (i = 0; i < 64; i++)
		cr_assert_eq(clos_qos_default_dscp_tc(i), (__u32)i >> 3);
	cr_assert_eq(clos_qos_default_dscp_tc(26), 3, "RoCE");
	cr_assert_eq(clos_qos_default_dscp_tc(48), 6, "CNP");
	cr_assert_eq(clos_qos_default_dscp_tc(46), 5, "EF");
	for (i = 0; i < CLOS_NUM_TC; i++) {
		struct clos_tc_sched s = clos_qos_default_sched(i);

		cr_assert_eq(s.strict, i == 6 || i == 7, "TC%d strict", i);
		cr_assert_eq(s.lossless, i == 3, "TC%d lossless", i);
		if (!s.strict)
			cr_assert_eq(s.weight, i == 3 ? 50 : 10, "TC%d weight", i);
	}
}

Test(qos_defaults, roce_profile_scales_with_rate)
{
	struct clos_tm_profile p;

	p = clos_qos_default_profile(100000000000ull, 3);
	cr_assert(p.ecn && p.kmin == 150000 && p.kmax == 1500000 &&
		  p.pmax == 3276 && p.limit == 0,
		  "100G: ecn %u kmin %u kmax %u pmax %u limit %u", p.ecn, p.kmin,
		  p.kmax, p.pmax, p.limit);
	p = clos_qos_default_profile(25000000000ull, 3);
	cr_assert(p.kmin == 37500 && p.kmax == 375000, "25G: %u/%u", p.kmin, p.kmax);
	p = clos_qos_default_profile(1000000000ull, 3);
	cr_assert(p.kmin == 3000 && p.kmax == 15000, "1G: kmin floored: %u/%u",
		  p.kmin, p.kmax);
	p = clos_qos_default_profile(100000000ull, 3);
	cr_assert(p.kmin == 3000 && p.kmax == 6000, "100M: %u/%u", p.kmin, p.kmax);
	p = clos_qos_default_profile(0, 3);
	cr_assert(p.ecn && p.kmin == 3000 && p.kmax == 6000, "unshaped: %u/%u",
		  p.kmin, p.kmax);
}

Test(qos_defaults, lossy_limit_is_2ms_of_rate)
{
	struct clos_tm_profile p;
	int tc;

	for (tc = 0; tc < CLOS_NUM_TC; tc++) {
		if (tc == 3)
			continue;
		p = clos_qos_default_profile(100000000000ull, tc);
		cr_assert(!p.ecn && p.limit == 25000000, "TC%d 100G limit %u", tc,
			  p.limit);
		p = clos_qos_default_profile(1000000000ull, tc);
		cr_assert_eq(p.limit, 250000, "TC%d 1G", tc);
		p = clos_qos_default_profile(100000000ull, tc);
		cr_assert_eq(p.limit, 65536, "TC%d 100M: 25000 raised to 64 KiB", tc);
		p = clos_qos_default_profile(0, tc);
		cr_assert_eq(p.limit, 65536, "TC%d unshaped", tc);
	}
	p = clos_qos_default_profile(20000000000000ull, 0);
	cr_assert_eq(p.limit, 0xffffffffu, "20 Tbit/s: clamped to 32 bits");
}
