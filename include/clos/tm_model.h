/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The traffic manager's model, as pure integer arithmetic so that the same
 * code runs in BPF and in user-space tests.
 *
 * Each egress port is a fluid server of rate R draining per-class backlogs
 * in the scheduler's order: strict classes first, highest class first, then
 * the weighted classes sharing what is left in proportion to their weights
 * (what a class cannot use goes round again). For a queue served at a
 * constant rate this is the real backlog, so in queue mode it tracks the
 * HTB queue and in fast mode it is a faithful phantom queue.
 *
 * Marking is RED on the instantaneous class backlog, as DCQCN wants.
 *
 * The data path updates a port without a lock (clos_tm_begin/finish):
 * a compare-and-swap on last_ns hands each interval of time to exactly one
 * CPU, and the backlogs change only by atomic adds. What two CPUs updating
 * one port at once can do to the model, and its bound, is said at
 * clos_tm_begin().
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
 * per load); rolled, it checks them in ~15K. The per-packet loops of
 * clos_tm_begin/finish are unrolled: straight code, fewer steps for the
 * verifier too. */
#ifdef __bpf__
#define CLOS_TM_ROLLED	_Pragma("nounroll")
#define CLOS_TM_UNROLLED	_Pragma("unroll")
#else
#define CLOS_TM_ROLLED
#define CLOS_TM_UNROLLED
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

/* Bytes a port of bytes_per_s serves from last to now (now > last), on
 * one absolute grid (clos_tm_bytes_at), so the rounding of one interval
 * carries into the next: however the intervals fall, a port drains
 * exactly what one interval over the whole time would (no drift). */
static __always_inline __u64 clos_tm_budget(__u64 last, __u64 now,
					    __u64 bytes_per_s)
{
	__u64 budget = clos_tm_bytes_at(now, bytes_per_s) -
		       clos_tm_bytes_at(last, bytes_per_s);

	return budget > CLOS_TM_MAX_BUDGET ? CLOS_TM_MAX_BUDGET : budget;
}

/* Whether dt ns at bytes_per_s surely serve queued bytes: floor(dt *
 * bytes_per_s / 1e9) >= queued, compared as dt * bytes_per_s >= queued *
 * 1e9, one multiply a side and no division. That floor is at most one
 * byte short of clos_tm_budget(last, last + dt). 0 (not sure) where a
 * product could leave 64 bits (dt over 268 ms, a rate over 550 Gbit/s,
 * 17 GB queued): the exact count then decides. */
static __always_inline int clos_tm_surely_serves(__u64 dt, __u64 bytes_per_s,
						 __u64 queued)
{
	if (dt >> 28 || bytes_per_s >> 36 || queued >> 34)
		return 0;
	return dt * bytes_per_s >= queued * 1000000000ull;
}

/* Drain backlog[] up to now at rate_bps, *last_ns being when it was last
 * drained: the serial form, for one holder of the state (user space
 * drains its copy of a port with it). An empty port simply serves
 * nothing. */
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
	budget = clos_tm_budget(*last_ns, now, bytes_per_s);
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

/* Whether clos_tm_decide() needs its dice for a packet seeing backlog:
 * only inside the RED band, so the caller draws a random number there
 * and nowhere else. */
static __always_inline int clos_tm_needs_dice(const struct clos_tm_profile *pr,
					      int ect, __u64 backlog)
{
	return pr->ecn && ect && backlog >= pr->kmin && backlog < pr->kmax;
}

/* Whether a packet of len bytes arriving at a class holding backlog
 * bytes passes whatever else is true of it (ECT or not, lossless or not,
 * the dice): within the limit and below the marking band. The common
 * case of a port that keeps up, decided without the scheduler's entry
 * or the dice. */
static __always_inline int clos_tm_quiet(const struct clos_tm_profile *pr,
					 __u64 backlog, __u32 len)
{
	return (!pr->limit || backlog + len <= pr->limit) &&
	       (!pr->ecn || backlog < pr->kmin);
}

/* ---- The port's shared state, updated without a lock ----
 *
 * One update is clos_tm_begin() (claim the time since the last drain, read
 * the backlogs, work out what the claimed time serves), the decision on
 * the class's backlog after that drain, then clos_tm_finish() (give back
 * what was served, add the admitted packet) - each a handful of atomic
 * instructions on the port's cache line, where a spin lock saved and
 * restored interrupts around every packet.
 *
 * A backlog word is only ever changed by atomic adds. A drain subtracts
 * what it served; when a drain of another CPU got there first, the
 * subtraction goes below zero and the drain adds the excess back. Read as
 * signed, a word may be negative for that moment: clos_tm_level() reads it
 * as 0, which is what the class holds then. */

#ifdef __bpf__
#define CLOS_TM_READ(x)	(*(volatile __u64 *)&(x))
#else
#define CLOS_TM_READ(x)	__atomic_load_n(&(x), __ATOMIC_RELAXED)
#endif

/* A backlog word as bytes: a moment's negative value (see above) is 0. */
static __always_inline __u64 clos_tm_level(__u64 v)
{
	return (__s64)v < 0 ? 0 : v;
}

/* One CPU's update in progress, on its stack. */
struct clos_tm_drain {
	__u64 seen[CLOS_NUM_TC];	/* each class's backlog as read */
	__u64 take[CLOS_NUM_TC];	/* what this drain serves of it... */
	__u64 budget;			/* bytes the claimed time serves */
	__u64 queued;			/* the sum of seen[] */
	__u32 all;			/* ...or all of seen[] (take unset) */
	__u32 pad;
};

/* What class tc holds after the drain d, as this CPU read it. */
static __always_inline __u64 clos_tm_left(const struct clos_tm_drain *d,
					  __u32 tc)
{
	tc &= CLOS_NUM_TC - 1;
	return d->all ? 0 : d->seen[tc] - d->take[tc];
}

/* Claim the time from the port's last drain to now (compare-and-swap on
 * last_ns: each interval goes to exactly one CPU, and the intervals
 * claimed follow each other without gap or overlap, so no service time
 * is lost or counted twice), then read the backlogs into d->seen. Returns
 * 1 when the claimed time serves less than is queued: the caller then
 * runs clos_tm_split(d, sched), the only step that needs the scheduler
 * (and the only one with divisions). 0 otherwise: nothing claimed
 * (d->take all 0), or all that is queued served (d->all; the common case
 * of a port that keeps up, in one multiply).
 *
 * Two CPUs updating one port at once (this is all they can do to it):
 * - A CPU whose clock reads at or before the last claim, or whose claim
 *   loses the compare-and-swap, drains nothing: its time is not lost, the
 *   next claim starts where the last one ended and serves it.
 * - Two drains of adjacent intervals may each read the backlog before the
 *   other's subtraction lands. For one class this is exact: each takes at
 *   most what it read, the second's excess is added back (clos_tm_finish),
 *   and the class ends at max(0, b - budget1 - budget2), as in series.
 *   Across classes, a drain splits its budget by what it read, so a class
 *   the other drain just emptied may be given budget it cannot use: the
 *   port then serves less than a serial model, by at most one drain's
 *   budget (the port rate times the gap between two packets), and that
 *   backlog is served by the next drains.
 * - A packet admitted by one CPU between another's read and its
 *   subtraction is kept (atomic add), but that drain did not see it: it
 *   is served from later time, at most the same one budget late.
 * - A decision reads its class's backlog without the packets the other
 *   CPU is admitting at that moment: at most one frame per other CPU low.
 * - max_backlog is raised with a plain store: two CPUs raising it at once
 *   may leave the lower of their two values, at most one frame under the
 *   true peak.
 * So the backlog a packet sees is off by at most one drain budget plus one
 * frame per other CPU, and the error does not accumulate: every byte
 * admitted is served exactly once, on the same time grid. st->races
 * counts the updates that met another CPU this way. */
static __always_inline int clos_tm_begin(struct clos_tm_port *st,
					 struct clos_tm_drain *d, __u64 now,
					 __u64 bytes_per_s)
{
	__u64 last = CLOS_TM_READ(st->last_ns), queued = 0, v;
	int i, claimed = 0;

	d->budget = 0;
	d->all = 0;
	if (now > last && bytes_per_s) {
		claimed = __sync_val_compare_and_swap(&st->last_ns, last, now) == last;
		if (!claimed)
			__sync_fetch_and_add(&st->races, 1);
	} else if (now < last) {
		__sync_fetch_and_add(&st->races, 1);
	}
	CLOS_TM_UNROLLED
	for (i = 0; i < CLOS_NUM_TC; i++) {
		v = clos_tm_level(CLOS_TM_READ(st->backlog[i]));
		d->seen[i] = v;
		queued += v;
	}
	d->queued = queued;
	if (!claimed) {
		CLOS_TM_UNROLLED
		for (i = 0; i < CLOS_NUM_TC; i++)
			d->take[i] = 0;
		return 0;
	}
	if (queued && !clos_tm_surely_serves(now - last, bytes_per_s, queued)) {
		d->budget = clos_tm_budget(last, now, bytes_per_s);
		if (d->budget < queued)
			return 1;
	}
	d->all = 1;
	return 0;
}

/* What each class gets of d->budget when it serves less than d->seen
 * holds: the scheduler's order (clos_tm_serve), into d->take. */
static __always_inline void clos_tm_split(struct clos_tm_drain *d,
					  const struct clos_tc_sched *sched)
{
	int i;

	/* d->take holds what is left while the scheduler serves it. */
	CLOS_TM_ROLLED
	for (i = 0; i < CLOS_NUM_TC; i++)
		d->take[i] = d->seen[i];
	clos_tm_serve(d->take, sched, d->budget);
	CLOS_TM_ROLLED
	for (i = 0; i < CLOS_NUM_TC; i++)
		d->take[i] = d->seen[i] - d->take[i];
}

/* Take up to take bytes from a backlog word that held old before this
 * CPU's atomic add (of add - take); returns what the class held before
 * the drain. A subtraction that went below zero (another CPU's drain took
 * those bytes first) adds back what it took too much. */
static __always_inline __u64 clos_tm_settle(struct clos_tm_port *st,
					    __u64 *word, __u64 old,
					    __u64 *take)
{
	__u64 had = clos_tm_level(old);

	if (had < *take) {
		__sync_fetch_and_add(word, *take - had);
		__sync_fetch_and_add(&st->races, 1);
		*take = had;
	}
	return had;
}

/* Give back what the drain d served from each class, add add bytes (the
 * admitted packet, or 0) to class tc and raise its high-water mark: one
 * atomic add per class the drain served, the packet's class included
 * (for it an atomic read where the add would be of 0). */
static __always_inline void clos_tm_finish(struct clos_tm_port *st,
					   struct clos_tm_drain *d,
					   __u32 tc, __u32 add)
{
	__u64 *takes = d->all ? d->seen : d->take;
	__u64 own, take, old, had, level;
	__u32 i;

	/* Class tc by index, outside the loop: a test of i against tc in
	 * it would be followed by the verifier as one path per class. */
	tc &= CLOS_NUM_TC - 1;
	own = takes[tc];
	/* The other classes, where the drain served any of them: not when
	 * it served all that was queued and class tc held all of it (a port
	 * that keeps up, one class busy), nor when it claimed no time. */
	if (d->all ? d->queued != own : d->budget != 0) {
		takes[tc] = 0;
		CLOS_TM_UNROLLED
		for (i = 0; i < CLOS_NUM_TC; i++) {
			take = takes[i];
			if (!take)
				continue;
			old = __sync_fetch_and_add(&st->backlog[i], -take);
			clos_tm_settle(st, &st->backlog[i], old, &take);
		}
	}
	if (!own && !add)
		return;
	/* A port that keeps up serves the class what it held, the frame
	 * before this one, and takes this frame: add == own, and the add
	 * of 0 is a read. A plain atomic load then, not a locked add. */
	if (add == own)
		old = CLOS_TM_READ(st->backlog[tc]);
	else
		old = __sync_fetch_and_add(&st->backlog[tc], add - own);
	had = clos_tm_settle(st, &st->backlog[tc], old, &own);
	level = had - own + add;
	if (add && level > CLOS_TM_READ(st->max_backlog[tc]))
		st->max_backlog[tc] = level;
}

#endif /* CLOS_TM_MODEL_H */
