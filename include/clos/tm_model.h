/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The traffic manager's model, as pure integer arithmetic so that the same
 * code runs in BPF (under the port's spin lock) and in user-space tests.
 *
 * Each egress port is a fluid server of rate R draining per-class backlogs
 * in the scheduler's order: strict classes first, highest class first, then
 * the weighted classes sharing what is left in proportion to their weights
 * (what a class cannot use goes round again). For a queue served at a
 * constant rate this is the real backlog, so in queue mode it tracks the
 * HTB queue and in fast mode it is a faithful phantom queue.
 *
 * Marking is RED on the instantaneous class backlog, as DCQCN wants.
 */
#ifndef CLOS_TM_MODEL_H
#define CLOS_TM_MODEL_H

#include "clos/abi.h"

/* Most bytes one update serves, so that budget * weight (weights up to
 * 1000) stays inside 64 bits: 2^50 bytes is 25 hours of 100 Gbit/s, more
 * than any backlog. (A cap on the time instead left a slow port's
 * backlog undrained: after any idle gap a 20 Mbit/s port served only
 * 100 ms, 250 KB, and the next packet found the rest and was marked.) */
#define CLOS_TM_MAX_BUDGET	(1ull << 50)

/* The scheduler's loops stay loops in BPF: unrolled, the branches of all
 * eight classes multiply the verifier's paths (~400K instructions, seconds
 * per load); rolled, it checks them in ~15K. */
#ifdef __bpf__
#define CLOS_TM_ROLLED	_Pragma("nounroll")
#else
#define CLOS_TM_ROLLED
#endif

enum clos_tm_verdict {
	CLOS_TM_PASS = 0,
	CLOS_TM_MARK = 1,	/* ECT: set CE */
	CLOS_TM_DROP = 2,	/* lossy class past its limit */
};

static __always_inline __u64 clos_tm_min(__u64 a, __u64 b)
{
	return a < b ? a : b;
}

/* Serve budget bytes from backlog[]; returns the bytes actually served.
 * Strict classes first, highest first; then the weighted classes get
 * shares of what is left in proportion to their weights, and what a class
 * could not use (it emptied) goes to the others in class order. The budget
 * of one update is one packet gap, so that second pass only settles
 * rounding and classes that just emptied. Written as flat passes over
 * the classes, for the BPF verifier. */
static __always_inline __u64 clos_tm_serve(__u64 *backlog,
					   const struct clos_tc_sched *sched,
					   __u64 budget)
{
	__u64 served = 0, wsum = 0, left, take;
	int i;

	CLOS_TM_ROLLED
	for (i = CLOS_NUM_TC - 1; i >= 0; i--) {
		if (!sched[i].strict)
			continue;
		take = clos_tm_min(backlog[i], budget);
		backlog[i] -= take;
		budget -= take;
		served += take;
	}
	CLOS_TM_ROLLED
	for (i = 0; i < CLOS_NUM_TC; i++)
		if (!sched[i].strict && backlog[i])
			wsum += sched[i].weight ? sched[i].weight : 1;
	if (!wsum || !budget)
		return served;
	left = budget;
	CLOS_TM_ROLLED
	for (i = 0; i < CLOS_NUM_TC; i++) {
		if (sched[i].strict || !backlog[i])
			continue;
		take = budget * (sched[i].weight ? sched[i].weight : 1) / wsum;
		take = clos_tm_min(clos_tm_min(backlog[i], take), left);
		backlog[i] -= take;
		left -= take;
	}
	CLOS_TM_ROLLED
	for (i = CLOS_NUM_TC - 1; i >= 0; i--) {
		if (sched[i].strict)
			continue;
		take = clos_tm_min(backlog[i], left);
		backlog[i] -= take;
		left -= take;
	}
	return served + budget - left;
}

/* The high 64 bits of a * b, from 32-bit halves (BPF has no wide multiply);
 * no partial sum leaves 64 bits. */
static __always_inline __u64 clos_tm_mulhi(__u64 a, __u64 b)
{
	__u64 a_lo = a & 0xffffffffull, a_hi = a >> 32;
	__u64 b_lo = b & 0xffffffffull, b_hi = b >> 32;
	__u64 lo_lo = a_lo * b_lo, hi_lo = a_hi * b_lo, lo_hi = a_lo * b_hi;
	__u64 mid = (lo_lo >> 32) + (hi_lo & 0xffffffffull) + lo_hi;

	return a_hi * b_hi + (hi_lo >> 32) + (mid >> 32);
}

/* floor(x / 1e9) for every 64-bit x, without a division: a 64-bit divide
 * takes tens of cycles, and the drain needs five per packet. The constant
 * is ceil(2^75 / 1953125) (1e9 = 2^9 * 1953125), what compilers use for
 * this divisor; tests/unit checks it against '/'. */
static __always_inline __u64 clos_tm_div_1e9(__u64 x)
{
	return clos_tm_mulhi(x >> 9, 0x44b82fa09b5a53ull) >> 11;
}

/* Bytes a port of bytes_per_s serves from time 0 to t ns, rounded down:
 * floor(t * bytes_per_s / 1e9), split so that no product leaves 64 bits
 * (seconds * rate, then the sub-second part by the rate's whole and
 * fractional bytes per ns). */
static __always_inline __u64 clos_tm_bytes_at(__u64 t, __u64 bytes_per_s)
{
	__u64 sec = clos_tm_div_1e9(t), ns = t - sec * 1000000000ull;
	__u64 whole = clos_tm_div_1e9(bytes_per_s);
	__u64 frac = bytes_per_s - whole * 1000000000ull;

	return sec * bytes_per_s + ns * whole + clos_tm_div_1e9(ns * frac);
}

/* Drain backlog[] up to now at rate_bps, *last_ns being when it was last
 * drained. The bytes a busy port serves between two instants are counted
 * on one absolute grid (clos_tm_bytes_at), so the rounding of one update
 * carries into the next: however the updates fall, a port drains exactly
 * what one update over the whole time would (no drift). An empty port
 * simply serves nothing. */
static __always_inline void clos_tm_advance(__u64 *last_ns, __u64 *backlog,
					    const struct clos_tc_sched *sched,
					    __u64 now, __u64 rate_bps)
{
	__u64 budget, queued = 0, bytes_per_s = rate_bps / 8;
	int i;

	if (now <= *last_ns || !bytes_per_s)
		return;
	/* An empty port serves nothing: skip the divisions below. */
	CLOS_TM_ROLLED
	for (i = 0; i < CLOS_NUM_TC; i++)
		queued |= backlog[i];
	if (!queued) {
		*last_ns = now;
		return;
	}
	budget = clos_tm_bytes_at(now, bytes_per_s) -
		 clos_tm_bytes_at(*last_ns, bytes_per_s);
	if (budget > CLOS_TM_MAX_BUDGET)
		budget = CLOS_TM_MAX_BUDGET;
	if (budget)
		clos_tm_serve(backlog, sched, budget);
	*last_ns = now;
}

/* What to do with a packet of len bytes arriving at a class holding
 * backlog bytes. ect: the packet is ECN-capable. rnd: uniform in
 * [0, CLOS_PMAX_ONE). */
static __always_inline int clos_tm_decide(const struct clos_tm_profile *pr,
					  int lossless, int ect, __u64 backlog,
					  __u32 len, __u32 rnd)
{
	__u64 p;

	if (!lossless && pr->limit && backlog + len > pr->limit)
		return CLOS_TM_DROP;
	if (!pr->ecn || !ect || backlog < pr->kmin)
		return CLOS_TM_PASS;
	if (backlog >= pr->kmax || pr->kmax <= pr->kmin)
		return CLOS_TM_MARK;
	p = (__u64)pr->pmax * (backlog - pr->kmin) / (pr->kmax - pr->kmin);
	return rnd < p ? CLOS_TM_MARK : CLOS_TM_PASS;
}

/* Account an admitted packet in the port's shared state. */
static __always_inline void clos_tm_enqueue(struct clos_tm_port *st, __u32 tc,
					    __u32 len)
{
	tc &= CLOS_NUM_TC - 1;
	st->backlog[tc] += len;
	if (st->backlog[tc] > st->max_backlog[tc])
		st->max_backlog[tc] = st->backlog[tc];
}

#endif /* CLOS_TM_MODEL_H */
