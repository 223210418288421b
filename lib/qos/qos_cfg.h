/* SPDX-License-Identifier: GPL-2.0 */
/*
 * QoS as the control plane changes it: classification (pcp_tc, dscp_tc),
 * classes (tc_pcp, tc_sched) and the per port and class WRED/ECN profiles
 * (tm_profile). Every change is validated as a whole before any map is
 * written, and undone if a write (or, in queue mode, re-applying the
 * kernel qdiscs) fails. Used by closctl and the topology loader alike.
 */
#ifndef CLOS_QOS_CFG_H
#define CLOS_QOS_CFG_H

#include <stdbool.h>
#include "clos/abi.h"
#include "err.h"
#include "switch.h"

#define CLOS_QOS_KEEP	(-1)	/* in a change: leave this as it is */

/* pcp_tc or dscp_tc: every key in the set `keys` -> class tc. */
int clos_qos_classify_set(struct clos_switch *sw, enum clos_map_id map,
			  __u64 keys, __u32 tc, struct clos_err *err);

/* A change of one or more classes; CLOS_QOS_KEEP for what stays. A strict
 * class has no weight; a weighted class needs one (1..1000). */
struct clos_class_change {
	int strict;	/* 0, 1 */
	int lossless;	/* 0, 1 */
	int weight;	/* 1..CLOS_QOS_WEIGHT_MAX */
	int pcp;	/* 0..7: tc_pcp */
};

/* Apply c to every class in the set tcs; in queue mode the qdiscs of
 * every port are re-applied when scheduling changed. */
int clos_qos_class_set(struct clos_switch *sw, __u8 tcs,
		       const struct clos_class_change *c, struct clos_err *err);

/* A profile change; CLOS_QOS_KEEP for what stays. */
struct clos_profile_change {
	int ecn;		/* 0, 1 */
	long long kmin;		/* bytes */
	long long kmax;		/* bytes */
	long long pmax;		/* of CLOS_PMAX_ONE */
	long long limit;	/* bytes, 0 = none */
};

/* Apply c to the profile of every (port, class) in ports x tcs (ports: a
 * set of port ids that must exist). With ECN on, kmax must exceed kmin;
 * with it off both may also be 0. */
int clos_qos_profile_set(struct clos_switch *sw, __u64 ports, __u8 tcs,
			 const struct clos_profile_change *c,
			 struct clos_err *err);

/* A port's eight profiles, to be put back after a failed change. */
int clos_qos_profiles_read(const struct clos_switch *sw, __u32 port,
			   struct clos_tm_profile prof[CLOS_NUM_TC]);
int clos_qos_profiles_write(const struct clos_switch *sw, __u32 port,
			    const struct clos_tm_profile prof[CLOS_NUM_TC]);

/* The profile port's rate gives class tc by default (lib/qos_defaults.h)
 * is the one it has. */
bool clos_qos_profile_is_default(const struct clos_tm_profile *p,
				 __u64 rate_bps, __u32 tc);

#endif /* CLOS_QOS_CFG_H */
