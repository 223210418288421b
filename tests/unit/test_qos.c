// SPDX-License-Identifier: GPL-2.0
/*
 * Classification through the whole fast-mode pipeline (ingress, then the
 * egress control of the chosen port): the trust mode of the port a frame
 * came in on picks the table (trust pcp: pcp_tc for a tagged frame, dscp_tc
 * for an untagged one; trust dscp: dscp_tc always), the class is counted in
 * tm_stats of the egress port, and a tagged egress port writes tc_pcp[class]
 * as PCP. DSCP and ECN leave the switch as they came (rate 0: no model).
 *
 * The maps are not the defaults (qf_classes), so that an identity anywhere
 * shows:
 *   pcp_tc:  5 -> 2, 3 -> 6 (others p -> p)
 *   dscp_tc: 26 -> 4, 46 -> 1 (others d -> d >> 3)
 *   tc_pcp:  t -> t + 1 (mod 8)
 * Ports: 0 host untagged, 1-4 fabric, 5 host VLAN 10, 6 host VLAN 20.
 * Routes: 10.20.0.0/16 and 2001:db8:20::/48 -> nh 6 (VLAN 20),
 * 10.2.0.0/16 and 2001:db8:2::/48 -> nh 2 (fabric).
 */
#include <netinet/in.h>
#include <linux/if_ether.h>
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include "cases.h"
#include "frame_cases.h"
#include "qos_fixture.h"

static void routes(struct fx *fx)
{
	fx_route4(fx, "10.2.0.0", 16, CLOS_RT_NEXTHOP, 2);
	fx_route4(fx, "10.20.0.0", 16, CLOS_RT_NEXTHOP, 6);
	fx_route6(fx, "2001:db8:2::", 48, CLOS_RT_NEXTHOP, 2);
	fx_route6(fx, "2001:db8:20::", 48, CLOS_RT_NEXTHOP, 6);
}

static void classes(struct fx *fx)
{
	routes(fx);
	qf_classes(fx);
}

/* The ingress ports of these frames (1 and 5) trust DSCP. */
static void classes_dscp(struct fx *fx)
{
	classes(fx);
	fx_port_trust(fx, 1, CLOS_TRUST_DSCP);
	fx_port_trust(fx, 5, CLOS_TRUST_DSCP);
}

/* Only the egress ports trust DSCP: the ingress port's trust counts. */
static void classes_egress_dscp(struct fx *fx)
{
	classes(fx);
	fx_port_trust(fx, 2, CLOS_TRUST_DSCP);
	fx_port_trust(fx, 6, CLOS_TRUST_DSCP);
}


/* Inputs: tagged ones come in on port 5 (VLAN 10), untagged on port 1. */
V4(t5_d26_to_v20, 5, "10.20.0.9", CTAG(10, 5); DSCP(26))
V4(t3_d46_to_v20, 5, "10.20.0.9", CTAG(10, 3); DSCP(46))
V4(t0_d26_to_v20, 5, "10.20.0.9", CTAG(10, 0); DSCP(26))
V4(t7_d0_to_v20, 5, "10.20.0.9", CTAG(10, 7); DSCP(0))
V4(u_d26_to_v20, 1, "10.20.0.9", DSCP(26))
V4(u_d46_to_v20, 1, "10.20.0.9", DSCP(46))
V4(u_d48_to_v20, 1, "10.20.0.9", DSCP(48))
V4(u_d0_to_v20, 1, "10.20.0.9", DSCP(0))
V4(u_d26_ect0_to_v20, 1, "10.20.0.9", s->tos = (26 << 2) | 2)
V4(u_d46_ce_to_v20, 1, "10.20.0.9", s->tos = (46 << 2) | 3)
V4(prio5_d26_to_v20, 1, "10.20.0.9", CTAG(0, 5); DSCP(26))
V4(prio5_d46_to_v20, 1, "10.20.0.9", CTAG(0, 5); DSCP(46))
V4(t5_d26_to_fabric, 5, "10.2.0.9", CTAG(10, 5); DSCP(26))
V4(u_d46_to_fabric, 1, "10.2.0.9", DSCP(46))
V6(v6_t5_d26_to_v20, 5, "2001:db8:20::9", CTAG(10, 5); DSCP(26))
V6(v6_t5_d46_to_v20, 5, "2001:db8:20::9", CTAG(10, 5); DSCP(46))
V6(v6_u_d26_to_v20, 1, "2001:db8:20::9", DSCP(26))
V6(v6_u_d46_ect1_to_fabric, 1, "2001:db8:2::9", s->tos = (46 << 2) | 1)
V6(v6_t3_d0_to_fabric, 5, "2001:db8:2::9", CTAG(10, 3); DSCP(0))

/* Expected egress: VID 20 with PCP p, or untagged. */
#define OUT_TAG(name, v, p)						\
	static void name(struct pkt_spec *s)				\
	{								\
		CTAG(v, p);						\
	}
OUT_TAG(pcp1, 20, 1)
OUT_TAG(pcp2, 20, 2)
OUT_TAG(pcp3, 20, 3)
OUT_TAG(pcp5, 20, 5)
OUT_TAG(pcp6, 20, 6)
OUT_TAG(pcp7, 20, 7)
OUT_TAG(pcp0, 20, 0)

static void untagged(struct pkt_spec *s)
{
	s->ctag = false;
}

#define CLS(d, set, in, b, n, e, t)					\
	{ .desc = d, .setup = set, .in_port = in, .build = b,		\
	  .verdict = CLOS_STAT_FWD, .nh = n, .expect = e,		\
	  .want_tc = true, .tc = t }

static const struct fx_case cases[] = {
	/* trust pcp: PCP of a tagged frame, DSCP of an untagged one */
	CLS("pcp trust: tagged PCP 5 (DSCP 26) -> TC2 -> PCP 3",
	    classes, 5, t5_d26_to_v20, 6, pcp3, 2),
	CLS("pcp trust: tagged PCP 3 (DSCP 46) -> TC6 -> PCP 7",
	    classes, 5, t3_d46_to_v20, 6, pcp7, 6),
	CLS("pcp trust: tagged PCP 0 (DSCP 26) -> TC0 -> PCP 1",
	    classes, 5, t0_d26_to_v20, 6, pcp1, 0),
	CLS("pcp trust: tagged PCP 7 (DSCP 0) -> TC7 -> PCP 0",
	    classes, 5, t7_d0_to_v20, 6, pcp0, 7),
	CLS("pcp trust: untagged DSCP 26 falls back to dscp_tc -> TC4 -> PCP 5",
	    classes, 1, u_d26_to_v20, 6, pcp5, 4),
	CLS("pcp trust: untagged DSCP 46 -> TC1 -> PCP 2",
	    classes, 1, u_d46_to_v20, 6, pcp2, 1),
	CLS("pcp trust: untagged DSCP 48 (default entry) -> TC6 -> PCP 7",
	    classes, 1, u_d48_to_v20, 6, pcp7, 6),
	CLS("pcp trust: untagged DSCP 0 -> TC0 -> PCP 1",
	    classes, 1, u_d0_to_v20, 6, pcp1, 0),
	CLS("ECN bits are no part of DSCP: DSCP 26 ECT(0) -> TC4, ECN kept",
	    classes, 1, u_d26_ect0_to_v20, 6, pcp5, 4),
	CLS("DSCP 46 CE -> TC1, CE kept", classes, 1, u_d46_ce_to_v20, 6,
	    pcp2, 1),
	CLS("pcp trust: priority tag (VID 0, PCP 5) counts as tagged -> TC2",
	    classes, 1, prio5_d26_to_v20, 6, pcp3, 2),
	CLS("pcp trust: tagged PCP 5 -> fabric: TC2 counted, no tag out",
	    classes, 5, t5_d26_to_fabric, 2, untagged, 2),
	CLS("pcp trust: untagged DSCP 46 -> fabric: TC1 counted",
	    classes, 1, u_d46_to_fabric, 2, untagged, 1),
	CLS("pcp trust: v6 tagged PCP 5 (DSCP 26) -> TC2 -> PCP 3",
	    classes, 5, v6_t5_d26_to_v20, 6, pcp3, 2),
	CLS("pcp trust: v6 untagged DSCP 26 -> TC4 -> PCP 5",
	    classes, 1, v6_u_d26_to_v20, 6, pcp5, 4),
	CLS("pcp trust: v6 untagged DSCP 46 ECT(1) -> fabric: TC1, ECN kept",
	    classes, 1, v6_u_d46_ect1_to_fabric, 2, untagged, 1),
	CLS("pcp trust: v6 tagged PCP 3 -> fabric: TC6",
	    classes, 5, v6_t3_d0_to_fabric, 2, untagged, 6),
	/* trust dscp: DSCP whatever the tag says */
	CLS("dscp trust: tagged PCP 5, DSCP 26 -> TC4 -> PCP 5",
	    classes_dscp, 5, t5_d26_to_v20, 6, pcp5, 4),
	CLS("dscp trust: tagged PCP 3, DSCP 46 -> TC1 -> PCP 2",
	    classes_dscp, 5, t3_d46_to_v20, 6, pcp2, 1),
	CLS("dscp trust: tagged PCP 7, DSCP 0 -> TC0 -> PCP 1",
	    classes_dscp, 5, t7_d0_to_v20, 6, pcp1, 0),
	CLS("dscp trust: untagged DSCP 26 -> TC4 -> PCP 5",
	    classes_dscp, 1, u_d26_to_v20, 6, pcp5, 4),
	CLS("dscp trust: untagged DSCP 46 -> TC1 -> PCP 2",
	    classes_dscp, 1, u_d46_to_v20, 6, pcp2, 1),
	CLS("dscp trust: priority tag PCP 5, DSCP 46 -> TC1 -> PCP 2",
	    classes_dscp, 1, prio5_d46_to_v20, 6, pcp2, 1),
	CLS("dscp trust: tagged PCP 5, DSCP 26 -> fabric: TC4 counted",
	    classes_dscp, 5, t5_d26_to_fabric, 2, untagged, 4),
	CLS("dscp trust: v6 tagged PCP 5, DSCP 46 -> TC1 -> PCP 2",
	    classes_dscp, 5, v6_t5_d46_to_v20, 6, pcp2, 1),
	CLS("dscp trust: v6 tagged PCP 3, DSCP 0 -> fabric: TC0",
	    classes_dscp, 5, v6_t3_d0_to_fabric, 2, untagged, 0),
	/* whose trust: the ingress port's, not the egress port's */
	CLS("ingress trusts pcp, egress dscp: tagged PCP 5 DSCP 26 -> TC2",
	    classes_egress_dscp, 5, t5_d26_to_v20, 6, pcp3, 2),
	CLS("ingress trusts pcp, egress dscp: -> fabric TC2",
	    classes_egress_dscp, 5, t5_d26_to_fabric, 2, untagged, 2),
	/* the defaults the loader writes */
	CLS("defaults: untagged DSCP 26 (RoCE) -> TC3 -> PCP 3",
	    routes, 1, u_d26_to_v20, 6, pcp3, 3),
	CLS("defaults: untagged DSCP 48 (CNP) -> TC6 -> PCP 6",
	    routes, 1, u_d48_to_v20, 6, pcp6, 6),
	CLS("defaults: untagged DSCP 46 (EF) -> TC5 -> PCP 5",
	    routes, 1, u_d46_to_v20, 6, pcp5, 5),
	CLS("defaults: tagged PCP 3 (DSCP 46) -> TC3 -> PCP 3",
	    routes, 5, t3_d46_to_v20, 6, pcp3, 3),
	CLS("defaults: tagged PCP 5 (DSCP 26) -> fabric TC5",
	    routes, 5, t5_d26_to_fabric, 2, untagged, 5),
};

FX_CASE_PARAMS(qos, classify, cases)

ParameterizedTest(int *i, qos, classify, .fini = fx_teardown)
{
	fx_case_run(FX_PIPELINE, &cases[*i]);
}

/* The same without the lane: the general pipeline's results, which the
 * lane must give too. */
FX_CASE_PARAMS(qos, classify_general, cases)

ParameterizedTest(int *i, qos, classify_general, .fini = fx_teardown)
{
	fx_case_run(FX_GENERAL, &cases[*i]);
}
