// SPDX-License-Identifier: GPL-2.0
/*
 * DCQCN reaction point and notification point (see dcqcn.h).
 *
 * The algorithm is the one of Zhu et al., SIGCOMM 2015, with the knobs and
 * the details of NVIDIA mlx5 NICs:
 *  - alpha is a fraction (the NIC keeps it over 1024): a CNP raises it to
 *    (g alpha + 1024 - g) / 1024 at most once per dce_tcp_rtt, every
 *    dce_tcp_rtt without a CNP decays it to g alpha / 1024 (g = dce_tcp_g);
 *  - a cut is Rc = Rc (1 - alpha / 2^(rpg_gd - 10)), so rpg_gd = 11 is the
 *    paper's alpha/2; it keeps at least rpg_min_dec_fac % of Rc and never
 *    goes below rpg_min_rate; at most one cut per rate_reduce_monitor_period,
 *    a CNP inside the period cuts at its end;
 *  - a cut sets Rt = Rc when clamp_tgt_rate is set, and otherwise only if
 *    Rc was raised since the previous cut: by the byte counter, or also by
 *    the timer with clamp_tgt_rate_after_time_inc. That is our reading of
 *    NVIDIA's one-line descriptions of the two knobs, and QCN's rule: cuts
 *    in a row keep the older, higher target, so the recovery aims back at
 *    it. (The paper always sets Rt = Rc, which is clamp_tgt_rate=1.)
 *    Reading the second knob as "timer raises only" let byte-counter fast
 *    recovery chase a stale target in our closed-loop model: at the
 *    default byte counter the queue grew to tens of MB;
 *  - increase events come from a timer (every rpg_time_reset after the cut)
 *    and a byte counter (every rpg_byte_reset bytes sent); with T and BC the
 *    event counts since the cut and F = rpg_threshold, an event is fast
 *    recovery while max(T, BC) <= F, hyper increase (Rt += i R_HAI,
 *    i = min(T, BC) - F) once min(T, BC) > F, additive (Rt += R_AI)
 *    in between; each then sets Rc = (Rt + Rc) / 2. A flow that sends
 *    nothing never passes F on bytes, so it never reaches hyper increase;
 *  - Rc and Rt never exceed the line rate (or rpg_max_rate); when Rc gets
 *    back to it the limiter is released and the increase events stop.
 *
 * Rates are doubles in bit/s and alpha a double: deterministic for a given
 * sequence of calls, and exact where the tests need it (powers of two).
 */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "dcqcn.h"

#define NS_PER_US	1000ULL
#define BPS_PER_MBPS	1e6

/*
 * One settable knob: a uint32_t field of struct dcqcn_params.
 *
 * Defaults and ranges, by source:
 * [DOCA]   NVIDIA DOCA SDK 3.4.0, "DCQCN CC Parameters" (ConnectX-4 and
 *          later), https://networking-docs.nvidia.com/doca/archive/3-4-0/
 *          dcqcn-cc-parameters.
 * [MLXCFG] `mlxconfig query`, DEFAULT column, of a ConnectX-6 Lx, in
 *          https://github.com/k8snetworkplumbingwg/sriov-network-operator/
 *          pull/358 (CLAMP_TGT_RATE*, RPG_*, CNP_*_P1).
 * [MSTFLINT] field widths of the RoCE CC registers in mstflint's
 *          mlxconfig tables (rpg_byte_reset 15 bits, rpg_threshold 5 bits).
 * [PAPER]  Zhu et al., SIGCOMM 2015, section 5: CNPs at most every 50 us.
 */
struct dcqcn_knob {
	const char *name;
	size_t off;
	uint32_t min, max;
	bool rate;		/* Mb/s, checked against the line rate */
	const char *unit;
	const char *help;
};

#define KNOB(f, lo, hi, r, u, h) \
	{ #f, offsetof(struct dcqcn_params, f), lo, hi, r, u, h }

static const struct dcqcn_knob knobs[] = {
	KNOB(enable, 0, 1, false, "0|1",
	     "react to CNPs (0: pace at the line rate)"),
	KNOB(clamp_tgt_rate, 0, 1, false, "0|1",
	     "every cut sets Rt = Rc"),
	KNOB(clamp_tgt_rate_after_time_inc, 0, 1, false, "0|1",
	     "a timer raise since the last cut clamps Rt too (not only bytes)"),
	KNOB(rpg_time_reset, 1, UINT32_MAX, false, "us",
	     "time between timer increase events"),
	KNOB(rpg_byte_reset, 0, 32767, false, "bytes",
	     "bytes sent per byte-counter increase event (0: off)"),
	KNOB(rpg_threshold, 0, 31, false, "events",
	     "F: fast recovery events before additive/hyper increase"),
	KNOB(rpg_max_rate, 0, UINT32_MAX, true, "Mb/s",
	     "rate ceiling (0: the line rate)"),
	KNOB(rpg_ai_rate, 0, UINT32_MAX, true, "Mb/s",
	     "additive increase step of Rt"),
	KNOB(rpg_hai_rate, 0, UINT32_MAX, true, "Mb/s",
	     "hyper increase step of Rt (times i)"),
	KNOB(rpg_gd, 10, 11, false, "log2",
	     "cut = alpha / 2^(rpg_gd - 10): 11 halves alpha"),
	KNOB(rpg_min_dec_fac, 0, 100, false, "%",
	     "a cut keeps at least this share of Rc"),
	KNOB(rpg_min_rate, 1, UINT32_MAX, true, "Mb/s",
	     "rate floor"),
	KNOB(rate_to_set_on_first_cnp, 0, UINT32_MAX, true, "Mb/s",
	     "Rc = Rt = this on the first CNP (0: cut as usual)"),
	KNOB(dce_tcp_g, 0, 1023, false, "/1024",
	     "alpha weight kept per update (g = (1024 - this) / 1024)"),
	KNOB(dce_tcp_rtt, 1, 131071, false, "us",
	     "alpha update period"),
	KNOB(rate_reduce_monitor_period, 1, UINT32_MAX, false, "us",
	     "at most one cut per period"),
	KNOB(initial_alpha_value, 1, 1023, false, "/1024",
	     "alpha at the first CNP"),
	KNOB(min_time_between_cnps, 0, UINT32_MAX, false, "us",
	     "notification point: at most one CNP per QP per this"),
	KNOB(cnp_dscp, 0, 63, false, "dscp",
	     "DSCP of the CNPs sent"),
	KNOB(cnp_802p_prio, 0, 7, false, "pcp",
	     "802.1p priority of the CNPs sent"),
};

#define NKNOBS (sizeof(knobs) / sizeof(knobs[0]))

static uint32_t *knob_field(struct dcqcn_params *p, const struct dcqcn_knob *k)
{
	return (uint32_t *)((char *)p + k->off);
}

static uint32_t knob_value(const struct dcqcn_params *p,
			   const struct dcqcn_knob *k)
{
	return *(const uint32_t *)((const char *)p + k->off);
}

void dcqcn_params_default(struct dcqcn_params *p, uint64_t line_rate_bps)
{
	memset(p, 0, sizeof(*p));
	p->line_rate_bps = line_rate_bps;
	p->enable = 1;
	p->clamp_tgt_rate = 0;			/* [MLXCFG] False(0) */
	p->clamp_tgt_rate_after_time_inc = 1;	/* [MLXCFG] True(1) */
	p->rpg_time_reset = 300;		/* [MLXCFG] 300 us */
	p->rpg_byte_reset = 32767;		/* [MLXCFG] 32767 B */
	p->rpg_threshold = 1;			/* [MLXCFG] 1 */
	p->rpg_max_rate = 0;			/* [MLXCFG] 0 = line rate */
	p->rpg_ai_rate = 5;			/* [MLXCFG] 5 Mb/s */
	p->rpg_hai_rate = 50;			/* [MLXCFG] 50 Mb/s */
	p->rpg_gd = 11;				/* [DOCA] 11, [MLXCFG] 11 */
	p->rpg_min_dec_fac = 50;		/* [DOCA] 50 %, [MLXCFG] 50 */
	p->rpg_min_rate = 1;			/* [DOCA] 1 Mb/s, [MLXCFG] 1 */
	p->rate_to_set_on_first_cnp = 0;	/* [DOCA] 0, [MLXCFG] 0 */
	p->dce_tcp_g = 1019;			/* [DOCA] 1019, [MLXCFG] 1019 */
	p->dce_tcp_rtt = 1;			/* [DOCA] 1 us, [MLXCFG] 1 */
	p->rate_reduce_monitor_period = 4;	/* [DOCA] 4 us, [MLXCFG] 4 */
	p->initial_alpha_value = 1023;		/* [DOCA] 1023, [MLXCFG] 1023 */
	/* [PAPER] and SOURCES.md: 50 us. The ConnectX-6 Lx firmware of
	 * [MLXCFG] ships 4 us; set min_time_between_cnps=4 to match it. */
	p->min_time_between_cnps = 50;
	p->cnp_dscp = 48;			/* [MLXCFG] 48 */
	p->cnp_802p_prio = 6;			/* [MLXCFG] 6 */
}

static const struct dcqcn_knob *knob_find(const char *name, size_t len)
{
	for (size_t i = 0; i < NKNOBS; i++)
		if (strlen(knobs[i].name) == len &&
		    !strncmp(knobs[i].name, name, len))
			return &knobs[i];
	return NULL;
}

int dcqcn_params_set(struct dcqcn_params *p, const char *name_eq_value,
		     char *err, size_t n)
{
	const struct dcqcn_knob *k;
	const char *eq, *v;
	unsigned long long val;
	char *end;

	eq = strchr(name_eq_value, '=');
	if (!eq) {
		snprintf(err, n, "dcqcn parameter '%s': expected NAME=VALUE",
			 name_eq_value);
		return -EINVAL;
	}
	k = knob_find(name_eq_value, eq - name_eq_value);
	if (!k) {
		snprintf(err, n, "dcqcn parameter '%.*s' is unknown (see --help)",
			 (int)(eq - name_eq_value), name_eq_value);
		return -EINVAL;
	}
	v = eq + 1;
	/* Digits only: strtoull would take a sign, spaces and 0x. */
	if (*v < '0' || *v > '9') {
		snprintf(err, n, "dcqcn parameter %s: '%s' is not an unsigned integer",
			 k->name, v);
		return -EINVAL;
	}
	errno = 0;
	val = strtoull(v, &end, 10);
	if (*end) {
		snprintf(err, n, "dcqcn parameter %s: '%s' is not an unsigned integer",
			 k->name, v);
		return -EINVAL;
	}
	if (errno == ERANGE || val < k->min || val > k->max) {
		snprintf(err, n, "dcqcn parameter %s: %s is out of range %u..%u (%s)",
			 k->name, v, k->min, k->max, k->unit);
		return -EINVAL;
	}
	if (k->rate && p->line_rate_bps &&
	    (double)val * BPS_PER_MBPS > (double)p->line_rate_bps) {
		snprintf(err, n, "dcqcn parameter %s: %s Mb/s is above the line rate (%.0f Mb/s)",
			 k->name, v, (double)p->line_rate_bps / BPS_PER_MBPS);
		return -EINVAL;
	}
	*knob_field(p, k) = (uint32_t)val;
	return 0;
}

void dcqcn_params_print(const struct dcqcn_params *p, FILE *f)
{
	fprintf(f, "DCQCN parameters (--dcqcn NAME=VALUE, names and units of mlx5 roce_rp/roce_np):\n");
	fprintf(f, "  %-30s %10.0f  %-6s %s\n", "line rate",
		(double)p->line_rate_bps / BPS_PER_MBPS, "Mb/s",
		"from the command line");
	for (size_t i = 0; i < NKNOBS; i++)
		fprintf(f, "  %-30s %10u  %-6s %s\n", knobs[i].name,
			knob_value(p, &knobs[i]), knobs[i].unit, knobs[i].help);
}

const char *dcqcn_stage_name(enum dcqcn_stage s)
{
	switch (s) {
	case DCQCN_STAGE_FAST:
		return "fast";
	case DCQCN_STAGE_ADDITIVE:
		return "additive";
	case DCQCN_STAGE_HYPER:
		return "hyper";
	default:
		return "?";
	}
}

/* Reaction point */

static double mbps(uint32_t v)
{
	return (double)v * BPS_PER_MBPS;
}

void dcqcn_rp_init(struct dcqcn_rp *rp, const struct dcqcn_params *p,
		   uint64_t now_ns)
{
	double max = (double)p->line_rate_bps;

	memset(rp, 0, sizeof(*rp));
	rp->p = *p;
	if (p->rpg_max_rate && mbps(p->rpg_max_rate) < max)
		max = mbps(p->rpg_max_rate);
	rp->max_bps = max;
	rp->min_bps = fmin(mbps(p->rpg_min_rate), max);
	rp->rc_bps = max;
	rp->rt_bps = max;
	rp->alpha = (double)p->initial_alpha_value / DCQCN_ALPHA_SCALE;
	rp->stage = DCQCN_STAGE_FAST;
	rp->alpha_next_ns = now_ns;
	rp->alpha_inc_ns = now_ns;
	rp->last_cut_ns = now_ns;
}

static uint64_t alpha_period_ns(const struct dcqcn_rp *rp)
{
	return rp->p.dce_tcp_rtt * NS_PER_US;
}

static double alpha_keep(const struct dcqcn_rp *rp)
{
	return (double)rp->p.dce_tcp_g / DCQCN_ALPHA_SCALE;
}

/* Apply the decays due at or before t: alpha keeps g/1024 per period. */
static void alpha_decay_to(struct dcqcn_rp *rp, uint64_t t)
{
	uint64_t k;

	if (!rp->cnp_seen || t < rp->alpha_next_ns)
		return;
	k = (t - rp->alpha_next_ns) / alpha_period_ns(rp) + 1;
	rp->alpha *= pow(alpha_keep(rp), (double)k);
	rp->alpha_next_ns += k * alpha_period_ns(rp);
}

/* A CNP arrived at t: alpha rises at most once per period, and the decay
 * clock restarts from the rise (a period with a CNP in it is no decay). */
static void alpha_raise(struct dcqcn_rp *rp, uint64_t t, bool first)
{
	if (!first && t < rp->alpha_inc_ns + alpha_period_ns(rp))
		return;
	rp->alpha = alpha_keep(rp) * rp->alpha + (1.0 - alpha_keep(rp));
	rp->alpha_inc_ns = t;
	rp->alpha_next_ns = t + alpha_period_ns(rp);
}

static void rate_cut(struct dcqcn_rp *rp, uint64_t t, bool first)
{
	const struct dcqcn_params *p = &rp->p;

	if (first && p->rate_to_set_on_first_cnp) {
		double r = mbps(p->rate_to_set_on_first_cnp);

		rp->rc_bps = fmax(fmin(r, rp->max_bps), rp->min_bps);
		rp->rt_bps = rp->rc_bps;
	} else {
		double rc = rp->rc_bps;
		double cut = ldexp(rp->alpha, 10 - (int)p->rpg_gd);
		double next = rc * (1.0 - cut);

		if (p->clamp_tgt_rate || rp->byte_stage > 0 ||
		    (p->clamp_tgt_rate_after_time_inc && rp->timer_stage > 0))
			rp->rt_bps = rc;
		next = fmax(next, rc * p->rpg_min_dec_fac / 100.0);
		rp->rc_bps = fmax(next, rp->min_bps);
	}
	rp->stats.rate_cuts++;
	rp->last_cut_ns = t;
	rp->timer_next_ns = t + p->rpg_time_reset * NS_PER_US;
	rp->timer_stage = 0;
	rp->byte_stage = 0;
	rp->bytes = 0;
	rp->stage = DCQCN_STAGE_FAST;
	rp->limited = rp->rc_bps < rp->max_bps;
}

static void rate_increase(struct dcqcn_rp *rp)
{
	uint32_t f = rp->p.rpg_threshold;
	uint32_t hi = rp->timer_stage > rp->byte_stage ?
		      rp->timer_stage : rp->byte_stage;
	uint32_t lo = rp->timer_stage + rp->byte_stage - hi;

	if (hi <= f) {
		rp->stage = DCQCN_STAGE_FAST;
	} else if (lo > f) {
		rp->stage = DCQCN_STAGE_HYPER;
		rp->rt_bps += (double)(lo - f) * mbps(rp->p.rpg_hai_rate);
	} else {
		rp->stage = DCQCN_STAGE_ADDITIVE;
		rp->rt_bps += mbps(rp->p.rpg_ai_rate);
	}
	rp->rt_bps = fmin(rp->rt_bps, rp->max_bps);
	rp->rc_bps = (rp->rt_bps + rp->rc_bps) / 2;
	/* Halving never closes the gap in floating point: below a bit per
	 * second it is gone. */
	if (rp->rt_bps - rp->rc_bps < 1.0)
		rp->rc_bps = rp->rt_bps;
	rp->stats.increases[rp->stage]++;
	if (rp->rc_bps >= rp->max_bps) {
		rp->rc_bps = rp->max_bps;
		rp->limited = false;
		rp->bytes = 0;
	}
}

void dcqcn_rp_update(struct dcqcn_rp *rp, uint64_t now_ns)
{
	uint64_t rrmp = rp->p.rate_reduce_monitor_period * NS_PER_US;

	if (!rp->p.enable)
		return;
	/* Events in time order; a deferred cut wins a tie (it restarts the
	 * timer, so the timer event it meets is void). */
	for (;;) {
		uint64_t next = UINT64_MAX;
		bool cut = false;

		if (rp->limited)
			next = rp->timer_next_ns;
		if (rp->cut_pending && rp->last_cut_ns + rrmp <= next) {
			next = rp->last_cut_ns + rrmp;
			cut = true;
		}
		if (next > now_ns)
			break;
		alpha_decay_to(rp, next);
		if (cut) {
			rp->cut_pending = false;
			rate_cut(rp, next, false);
			continue;
		}
		rp->timer_stage++;
		rp->stats.timer_events++;
		rp->timer_next_ns += rp->p.rpg_time_reset * NS_PER_US;
		rate_increase(rp);
	}
	alpha_decay_to(rp, now_ns);
}

void dcqcn_rp_on_cnp(struct dcqcn_rp *rp, uint64_t now_ns)
{
	uint64_t rrmp = rp->p.rate_reduce_monitor_period * NS_PER_US;
	bool first = !rp->cnp_seen;

	dcqcn_rp_update(rp, now_ns);
	rp->stats.cnps++;
	if (!rp->p.enable)
		return;
	rp->cnp_seen = true;
	/* The cut uses alpha from before this CNP (the paper's order). */
	if (first || now_ns >= rp->last_cut_ns + rrmp)
		rate_cut(rp, now_ns, first);
	else
		rp->cut_pending = true;
	alpha_raise(rp, now_ns, first);
}

void dcqcn_rp_on_sent(struct dcqcn_rp *rp, uint32_t bytes, uint64_t now_ns)
{
	uint32_t reset = rp->p.rpg_byte_reset;

	dcqcn_rp_update(rp, now_ns);
	if (!rp->p.enable || !rp->limited || !reset)
		return;
	rp->bytes += bytes;
	while (rp->limited && rp->bytes >= reset) {
		rp->bytes -= reset;
		rp->byte_stage++;
		rp->stats.byte_events++;
		rate_increase(rp);
	}
}

uint64_t dcqcn_rp_rate_bps(const struct dcqcn_rp *rp)
{
	if (!rp->p.enable)
		return rp->p.line_rate_bps;
	return (uint64_t)llround(rp->rc_bps);
}

uint64_t dcqcn_rp_target_bps(const struct dcqcn_rp *rp)
{
	if (!rp->p.enable)
		return rp->p.line_rate_bps;
	return (uint64_t)llround(rp->rt_bps);
}

double dcqcn_rp_alpha(const struct dcqcn_rp *rp)
{
	return rp->alpha;
}

enum dcqcn_stage dcqcn_rp_stage(const struct dcqcn_rp *rp)
{
	return rp->stage;
}

/* Notification point */

void dcqcn_np_init(struct dcqcn_np *np, const struct dcqcn_params *p)
{
	memset(np, 0, sizeof(*np));
	np->gap_ns = p->min_time_between_cnps * NS_PER_US;
}

bool dcqcn_np_cnp_due(struct dcqcn_np *np, uint64_t now_ns)
{
	np->ce_seen++;
	/* Written as a sum so that a time before the last CNP (a caller's
	 * clock going back) suppresses rather than wraps around. */
	if (np->sent_any && now_ns < np->last_cnp_ns + np->gap_ns)
		return false;
	np->sent_any = true;
	np->last_cnp_ns = now_ns;
	np->cnps_sent++;
	return true;
}
