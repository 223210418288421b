/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DCQCN congestion control (Zhu et al., "Congestion Control for Large-Scale
 * RDMA Deployments", SIGCOMM 2015) as NVIDIA mlx5 NICs implement it, as pure
 * computation: time comes in as now_ns, nothing here reads a clock or does
 * I/O, so the same calls give the same rates on every run.
 *
 * Reaction point (sender QP): a CNP cuts the current rate Rc by alpha/2 and
 * raises alpha; alpha decays while no CNP comes; a timer and a byte counter
 * raise Rc back towards a target Rt (fast recovery, then additive, then
 * hyper increase). Notification point (receiver QP): at most one CNP per
 * min_time_between_cnps. Pacing at Rc is the caller's job.
 *
 * Parameters keep the names and units of the mlx5 driver's knobs
 * (/sys/class/net/IF/ecn/roce_rp/ and roce_np/) so a NIC setting can be
 * copied over as NAME=VALUE; dcqcn.c cites the source of each default.
 */
#ifndef CLOS_ROCE_DCQCN_H
#define CLOS_ROCE_DCQCN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* alpha and dce_tcp_g are fixed point over this scale, as in the NIC. */
#define DCQCN_ALPHA_SCALE	1024

struct dcqcn_params {
	/* Not a NIC knob: the port speed, the rate before the first CNP and
	 * the ceiling of every increase (rpg_max_rate, when set, is lower). */
	uint64_t line_rate_bps;
	uint32_t enable;		/* 0: no rate control, pace at line rate */

	/* reaction point */
	uint32_t clamp_tgt_rate;	/* 1: every cut sets Rt = Rc */
	uint32_t clamp_tgt_rate_after_time_inc; /* 1: a timer raise of Rc since
						 * the last cut clamps Rt too,
						 * not only a byte-counter one */
	uint32_t rpg_time_reset;	/* us between timer increase events */
	uint32_t rpg_byte_reset;	/* bytes sent per byte-counter event */
	uint32_t rpg_threshold;		/* F: events of fast recovery */
	uint32_t rpg_max_rate;		/* Mb/s ceiling, 0 = line rate */
	uint32_t rpg_ai_rate;		/* Mb/s, additive increase step */
	uint32_t rpg_hai_rate;		/* Mb/s, hyper increase step */
	uint32_t rpg_gd;		/* cut = (alpha * 1024) / 2^rpg_gd: 11 = alpha/2 */
	uint32_t rpg_min_dec_fac;	/* %: a cut keeps >= this share of Rc */
	uint32_t rpg_min_rate;		/* Mb/s floor */
	uint32_t rate_to_set_on_first_cnp; /* Mb/s, 0 = cut as usual */
	uint32_t dce_tcp_g;		/* alpha keeps dce_tcp_g/1024 per update */
	uint32_t dce_tcp_rtt;		/* us, alpha update period */
	uint32_t rate_reduce_monitor_period; /* us, at most one cut per period */
	uint32_t initial_alpha_value;	/* alpha at the first CNP, over 1024 */

	/* notification point */
	uint32_t min_time_between_cnps;	/* us, per QP */
	uint32_t cnp_dscp;		/* DSCP of CNPs the caller sends */
	uint32_t cnp_802p_prio;		/* PCP of CNPs (informational here) */
};

/* Fill p with the NIC defaults for a port of line_rate_bps. */
void dcqcn_params_default(struct dcqcn_params *p, uint64_t line_rate_bps);

/* NAME=VALUE from the CLI (--dcqcn NAME=VALUE); -EINVAL and a message in err
 * (size n) naming the parameter and the reason when bad (no "Error: " prefix:
 * the caller adds it). p is unchanged on error. Rates in Mb/s are checked
 * against p->line_rate_bps, so call dcqcn_params_default() first. */
int dcqcn_params_set(struct dcqcn_params *p, const char *name_eq_value,
		     char *err, size_t n);

/* One line per parameter: name, value, unit, meaning (for --help/-v). */
void dcqcn_params_print(const struct dcqcn_params *p, FILE *f);

/* Increase stages of the reaction point. */
enum dcqcn_stage {
	DCQCN_STAGE_FAST,	/* Rc = (Rt + Rc) / 2 */
	DCQCN_STAGE_ADDITIVE,	/* Rt += R_AI, then fast step */
	DCQCN_STAGE_HYPER,	/* Rt += i * R_HAI, then fast step */
	DCQCN_STAGES,
};

const char *dcqcn_stage_name(enum dcqcn_stage s);	/* "fast", ... */

/* What a caller may print per sender QP. */
struct dcqcn_rp_stats {
	uint64_t cnps;			/* CNPs received */
	uint64_t rate_cuts;		/* rate decreases applied */
	uint64_t increases[DCQCN_STAGES]; /* increase events per stage */
	uint64_t timer_events;		/* increase events from the timer */
	uint64_t byte_events;		/* ... and from the byte counter */
};

/* Reaction point state, one per sender QP. Read the rates through the
 * functions below; the fields are for the algorithm. */
struct dcqcn_rp {
	struct dcqcn_params p;		/* a copy: rp outlives no caller buffer */
	double max_bps;			/* line rate or rpg_max_rate */
	double min_bps;			/* rpg_min_rate */
	double rc_bps;			/* current rate Rc */
	double rt_bps;			/* target rate Rt */
	double alpha;			/* 0..1 (NIC value / 1024) */
	bool cnp_seen;			/* the first CNP came (alpha runs) */
	bool limited;			/* Rc below the ceiling: increases run */
	bool cut_pending;		/* CNP inside the monitor period */
	enum dcqcn_stage stage;		/* of the last increase, fast after a cut */
	uint64_t last_cut_ns;		/* time of the last cut */
	uint64_t alpha_next_ns;		/* next alpha decay */
	uint64_t alpha_inc_ns;		/* last alpha increase (one per period) */
	uint64_t timer_next_ns;		/* next timer increase event */
	uint64_t bytes;			/* bytes since the last byte event */
	uint32_t timer_stage;		/* T: timer events since the cut */
	uint32_t byte_stage;		/* BC: byte events since the cut */
	struct dcqcn_rp_stats stats;
};

void dcqcn_rp_init(struct dcqcn_rp *rp, const struct dcqcn_params *p,
		   uint64_t now_ns);
void dcqcn_rp_on_cnp(struct dcqcn_rp *rp, uint64_t now_ns);
void dcqcn_rp_on_sent(struct dcqcn_rp *rp, uint32_t bytes, uint64_t now_ns);
void dcqcn_rp_update(struct dcqcn_rp *rp, uint64_t now_ns); /* timers up to now */
uint64_t dcqcn_rp_rate_bps(const struct dcqcn_rp *rp);	     /* current rate Rc */
uint64_t dcqcn_rp_target_bps(const struct dcqcn_rp *rp);     /* target rate Rt */
double dcqcn_rp_alpha(const struct dcqcn_rp *rp);	     /* 0..1 */
enum dcqcn_stage dcqcn_rp_stage(const struct dcqcn_rp *rp);  /* of the last increase */

/* Notification point state, one per receiver QP. It does not look at
 * p->enable: whether a receiver answers CE with CNPs is the caller's call. */
struct dcqcn_np {
	uint64_t gap_ns;		/* min_time_between_cnps */
	uint64_t last_cnp_ns;
	bool sent_any;
	uint64_t ce_seen;		/* CE-marked packets */
	uint64_t cnps_sent;		/* CNPs due (and so sent) */
};

void dcqcn_np_init(struct dcqcn_np *np, const struct dcqcn_params *p);
/* CE seen now: send a CNP? (at most one per gap) */
bool dcqcn_np_cnp_due(struct dcqcn_np *np, uint64_t now_ns);

#endif /* CLOS_ROCE_DCQCN_H */
