/* SPDX-License-Identifier: GPL-2.0 */
/*
 * QoS defaults, shared by clos-loader (a new switch), closctl (a port's
 * rate changes) and the tests.
 *
 * Classes: PCP p -> class p; DSCP d -> class d >> 3 (26 -> 3 RoCE, 46 -> 5,
 * 48 -> 6 CNP); class t -> PCP t. Classes 7 (network control) and 6 (CNP)
 * are strict priority; class 3 (RoCE) is lossless; the weighted classes
 * share by weight 3: 50, others 10 each (RoCE gets half, as in NVIDIA's
 * RoCE mode).
 *
 * WRED/ECN: class 3 marks with the public RoCE thresholds -- Kmin 150 KB,
 * Kmax 1500 KB (NVIDIA Cumulus RoCE mode) and Pmax 5% (SONiC) -- given for
 * 100 Gbit/s ports and scaled linearly with the port's rate, so that they
 * stand for the same queueing delay (Kmin ~12 us, Kmax ~120 us), with a
 * floor of two full frames so a slow port can still mark. The other
 * classes do not mark; lossy ones drop past 2 ms of the port's rate
 * (at least 64 KB).
 */
#ifndef CLOS_QOS_DEFAULTS_H
#define CLOS_QOS_DEFAULTS_H

#include "clos/abi.h"
#include "switch.h"

#define CLOS_QOS_REF_RATE	100000000000ull	/* the thresholds' port rate */
#define CLOS_QOS_KMIN_REF	150000u
#define CLOS_QOS_KMAX_REF	1500000u
#define CLOS_QOS_PMAX_PCT	5
#define CLOS_QOS_MIN_BYTES	3000u		/* two full frames */
#define CLOS_QOS_LIMIT_NS	2000000ull
#define CLOS_QOS_LIMIT_MIN	65536u

/* Class defaults. */
__u32 clos_qos_default_pcp_tc(__u32 pcp);
__u32 clos_qos_default_dscp_tc(__u32 dscp);
__u32 clos_qos_default_tc_pcp(__u32 tc);
struct clos_tc_sched clos_qos_default_sched(__u32 tc);

/* The default profile of class tc on a port of rate_bps (0: unshaped). */
struct clos_tm_profile clos_qos_default_profile(__u64 rate_bps, __u32 tc);

/* Write the class maps and scheduler defaults (map fds: pcp_tc, dscp_tc,
 * tc_pcp, tc_sched). */
int clos_qos_write_defaults(int pcp_tc_fd, int dscp_tc_fd, int tc_pcp_fd,
			    int tc_sched_fd);

/* Write the default profiles of every class of one port. */
int clos_qos_write_port_profiles(int tm_profile_fd, __u32 port, __u64 rate_bps);

#endif /* CLOS_QOS_DEFAULTS_H */
