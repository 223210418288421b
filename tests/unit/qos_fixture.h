/* SPDX-License-Identifier: GPL-2.0 */
/*
 * QoS setups shared by the classification, ECN and queue-mode tests, on
 * top of the standard switch (fixture.h).
 */
#ifndef CLOS_TEST_QOS_FIXTURE_H
#define CLOS_TEST_QOS_FIXTURE_H

#include "fixture.h"

#define QF_RATE		1000000ull	/* 1 Mbit/s: 125 bytes drain per ms */
#define QF_FULL		1000000ull	/* bytes preloaded in a congested class */
#define QF_KMIN		3000
#define QF_KMAX		6000
#define QF_TC1_LIMIT	100000
#define QF_TC3_LIMIT	1000

/* Class maps that are not the defaults, so that an identity anywhere
 * shows: pcp_tc 5 -> 2, 3 -> 6 (others p -> p); dscp_tc 26 -> 4, 46 -> 1
 * (others d -> d >> 3); tc_pcp t -> t + 1 (mod 8). */
void qf_classes(struct fx *fx);

/* Congest port: rate QF_RATE, classes 0-3 holding QF_FULL bytes since now
 * (far above every threshold while a test runs), class 4 empty. Profiles:
 *   TC0 ECN, Kmin QF_KMIN, Kmax QF_KMAX, Pmax 5%, no limit
 *   TC1 the same, limit QF_TC1_LIMIT (below QF_FULL: everything drops)
 *   TC2 no ECN, no limit
 *   TC3 (lossless) as TC0 with limit QF_TC3_LIMIT (which it must ignore)
 *   TC4 as TC0 (empty: below Kmin) */
void qf_congest(struct fx *fx, __u32 port);

/* A port whose rate is 0 but whose profile and state would mark every
 * ECT packet of class 0 if a model ran there. */
void qf_unshaped_trap(struct fx *fx, __u32 port);

#endif /* CLOS_TEST_QOS_FIXTURE_H */
