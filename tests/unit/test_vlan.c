// SPDX-License-Identifier: GPL-2.0
/*
 * VLANs, through the whole pipeline (tests/bpf/pipeline_test.bpf.c runs
 * ingress and then the egress control of the chosen port): admission per
 * port VLAN, tag pop towards untagged ports, push towards VLAN host ports
 * with the PCP kept from the frame's tag or derived from DSCP; stacked
 * tags and 802.1ad tags dropped on every port (bpf/lib/vlan.h). Every
 * forwarded case checks the exact bytes that leave the egress port.
 *
 * Ports (standard switch): 0 host untagged, 1-4 fabric, 5 host VLAN 10,
 * 6 host VLAN 20. Routes: 10.1.2.0/24 -> nh 1 (spine1, untagged),
 * 10.20.0.0/16 -> nh 6 (host6, VLAN 20), 10.2.0.0/16 -> nh 2 (spine2),
 * 2001:db8:20::/48 -> nh 6, 2001:db8:1::/48 -> nh 1.
 */
#include <netinet/in.h>
#include <linux/if_ether.h>
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include "cases.h"
#include "frame_cases.h"

static void routes(struct fx *fx)
{
	fx_route4(fx, "10.1.2.0", 24, CLOS_RT_NEXTHOP, 1);
	fx_route4(fx, "10.2.0.0", 16, CLOS_RT_NEXTHOP, 2);
	fx_route4(fx, "10.20.0.0", 16, CLOS_RT_NEXTHOP, 6);
	fx_route6(fx, "2001:db8:1::", 48, CLOS_RT_NEXTHOP, 1);
	fx_route6(fx, "2001:db8:20::", 48, CLOS_RT_NEXTHOP, 6);
}


/* Inputs. */
V4(tag10_pcp5_to_fabric, 5, "10.1.2.9", CTAG(10, 5); s->tos = 0x28)
V4(untagged_ef_to_vlan20, 1, "10.20.0.9", s->tos = 46 << 2)
V4(untagged_cs0_to_vlan20, 1, "10.20.0.9", s->tos = 0x03)
V4(untagged_af11_to_vlan20, 1, "10.20.0.9", s->tos = (10 << 2) | 1)
V4(untagged_dscp63_to_vlan20, 1, "10.20.0.9", s->tos = 63 << 2)
V4(tag10_pcp3_ef_to_vlan20, 5, "10.20.0.9", CTAG(10, 3); s->tos = 46 << 2)
V4(tag10_pcp0_ef_to_vlan20, 5, "10.20.0.9", CTAG(10, 0); s->tos = 46 << 2)
V4(prio_tag_to_vlan20, 1, "10.20.0.9", CTAG(0, 6); s->tos = 10 << 2)
V4(prio_tag_to_fabric, 1, "10.2.0.1", CTAG(0, 6))
V4(untagged_fabric_to_fabric, 1, "10.2.0.1", s->tos = 46 << 2)
V4(tag10_ttl1, 5, "10.1.2.9", CTAG(10, 5); s->ttl = 1)
V6(v6_untagged_to_vlan20, 1, "2001:db8:20::9", s->tos = 46 << 2)
V6(v6_tag10_to_fabric, 5, "2001:db8:1::9", CTAG(10, 4))
V6(v6_tag10_pcp2_to_vlan20, 5, "2001:db8:20::9", CTAG(10, 2); s->tos = 0xe0)
V6(v6_tag10_pcp4_to_vlan20, 5, "2001:db8:20::9", CTAG(10, 4))
/* Inadmissible. */
V4(tag11_on_vlan10, 5, "10.1.2.9", CTAG(11, 5))
V4(untagged_on_vlan10, 5, "10.1.2.9", )
V4(prio_tag_on_vlan10, 5, "10.1.2.9", CTAG(0, 5))
V4(tag10_on_untagged, 1, "10.1.2.9", CTAG(10, 5))
V4(qinq_inner11_on_vlan10, 5, "10.1.2.9", STAG(10); CTAG(11, 5))
V4(stag_only_on_vlan10, 5, "10.1.2.9", STAG(10))
V4(qinq_on_vlan10, 5, "10.1.2.9", STAG(300); CTAG(10, 5))
V4(qinq_to_vlan20, 5, "10.20.0.9", STAG(300); CTAG(10, 5); s->tos = 8 << 2)
V4(stag_only_on_fabric, 2, "10.1.2.9", STAG(300))
V4(stag0_on_fabric, 2, "10.1.2.9", STAG(0))
V4(stag_only_to_vlan20, 1, "10.20.0.9", STAG(300); s->tos = 34 << 2)
V4(q99_around_q10_on_vlan10, 5, "10.1.2.9", QTAG(99); CTAG(10, 5))
V4(q10_around_q10_on_vlan10, 5, "10.1.2.9", QTAG(10); CTAG(10, 5))
V4(q0_around_q0_on_untagged, 1, "10.2.0.1", QTAG(0); CTAG(0, 0))
V6(v6_qinq_on_vlan10, 5, "2001:db8:1::9", STAG(10); CTAG(10, 4))

/* Expected egress tagging. */
static void out_untagged(struct pkt_spec *s)
{
	s->stag = false;
	s->ctag = false;
}

#define OUT_TAG(name, v, p)						\
	static void name(struct pkt_spec *s)				\
	{								\
		s->stag = false;					\
		CTAG(v, p);						\
	}
OUT_TAG(out_vid20_pcp0, 20, 0)
OUT_TAG(out_vid20_pcp1, 20, 1)
OUT_TAG(out_vid20_pcp2, 20, 2)
OUT_TAG(out_vid20_pcp3, 20, 3)
OUT_TAG(out_vid20_pcp4, 20, 4)
OUT_TAG(out_vid20_pcp5, 20, 5)
OUT_TAG(out_vid20_pcp6, 20, 6)
OUT_TAG(out_vid20_pcp7, 20, 7)

#define FWD(d, in, b, n, e)	{ .desc = d, .setup = routes, .in_port = in, \
				  .build = b, .verdict = CLOS_STAT_FWD,	\
				  .nh = n, .expect = e }
#define NOT(d, in, b, v)	{ .desc = d, .setup = routes, .in_port = in, \
				  .build = b, .verdict = v }

static const struct fx_case cases[] = {
	FWD("tagged in (VID 10, PCP 5) -> untagged fabric port",
	    5, tag10_pcp5_to_fabric, 1, out_untagged),
	FWD("untagged in, DSCP 46 -> VLAN 20 port tags VID 20 PCP 5",
	    1, untagged_ef_to_vlan20, 6, out_vid20_pcp5),
	FWD("untagged in, DSCP 0 -> PCP 0", 1, untagged_cs0_to_vlan20, 6,
	    out_vid20_pcp0),
	FWD("untagged in, DSCP 10 (ECN 1) -> PCP 1", 1, untagged_af11_to_vlan20,
	    6, out_vid20_pcp1),
	FWD("untagged in, DSCP 63 -> PCP 7", 1, untagged_dscp63_to_vlan20, 6,
	    out_vid20_pcp7),
	FWD("tagged in (PCP 3, DSCP 46) -> VLAN 20 keeps PCP 3",
	    5, tag10_pcp3_ef_to_vlan20, 6, out_vid20_pcp3),
	FWD("tagged in (PCP 0, DSCP 46) -> VLAN 20 keeps PCP 0",
	    5, tag10_pcp0_ef_to_vlan20, 6, out_vid20_pcp0),
	FWD("priority tag (VID 0, PCP 6) accepted, PCP 6 kept on VLAN 20",
	    1, prio_tag_to_vlan20, 6, out_vid20_pcp6),
	FWD("priority tag accepted, removed towards a fabric port",
	    1, prio_tag_to_fabric, 2, out_untagged),
	FWD("untagged fabric -> fabric stays untagged",
	    1, untagged_fabric_to_fabric, 2, out_untagged),
	FWD("v6 untagged, traffic class 0xb8 -> VLAN 20 PCP 5",
	    1, v6_untagged_to_vlan20, 6, out_vid20_pcp5),
	FWD("v6 tagged in -> untagged fabric port", 5, v6_tag10_to_fabric, 1,
	    out_untagged),
	FWD("v6 tagged in (PCP 2, class 0xe0) -> VLAN 20 keeps PCP 2",
	    5, v6_tag10_pcp2_to_vlan20, 6, out_vid20_pcp2),
	FWD("v6 tagged in (PCP 4) -> VLAN 20 keeps PCP 4",
	    5, v6_tag10_pcp4_to_vlan20, 6, out_vid20_pcp4),
	NOT("tagged TTL 1 punted untouched", 5, tag10_ttl1, CLOS_STAT_PUNT_TTL),
	NOT("VID 11 on a VLAN 10 port dropped", 5, tag11_on_vlan10,
	    CLOS_STAT_DROP_VLAN),
	NOT("untagged on a VLAN 10 port dropped", 5, untagged_on_vlan10,
	    CLOS_STAT_DROP_VLAN),
	NOT("priority tag on a VLAN 10 port dropped", 5, prio_tag_on_vlan10,
	    CLOS_STAT_DROP_VLAN),
	NOT("VID 10 on an untagged port dropped", 1, tag10_on_untagged,
	    CLOS_STAT_DROP_VLAN),
	NOT("802.1ad VID 10 + inner VID 11 on a VLAN 10 port dropped",
	    5, qinq_inner11_on_vlan10, CLOS_STAT_DROP_VLAN),
	NOT("802.1ad VID 10 alone is not VLAN 10", 5, stag_only_on_vlan10,
	    CLOS_STAT_DROP_VLAN),
	/* No Q-in-Q: one 802.1Q tag or none, never two, never 802.1ad. */
	NOT("802.1ad + 802.1Q VID 10 on a VLAN 10 port dropped", 5,
	    qinq_on_vlan10, CLOS_STAT_DROP_VLAN),
	NOT("802.1ad + 802.1Q VID 10 towards VLAN 20 dropped", 5,
	    qinq_to_vlan20, CLOS_STAT_DROP_VLAN),
	NOT("802.1ad alone on a fabric port dropped", 2, stag_only_on_fabric,
	    CLOS_STAT_DROP_VLAN),
	NOT("802.1ad VID 0 alone on a fabric port dropped", 2, stag0_on_fabric,
	    CLOS_STAT_DROP_VLAN),
	NOT("802.1ad alone on an untagged host port dropped", 1,
	    stag_only_to_vlan20, CLOS_STAT_DROP_VLAN),
	NOT("802.1Q VID 99 around VID 10 on a VLAN 10 port dropped", 5,
	    q99_around_q10_on_vlan10, CLOS_STAT_DROP_VLAN),
	NOT("802.1Q VID 10 around VID 10 on a VLAN 10 port dropped", 5,
	    q10_around_q10_on_vlan10, CLOS_STAT_DROP_VLAN),
	NOT("two priority tags on an untagged port dropped", 1,
	    q0_around_q0_on_untagged, CLOS_STAT_DROP_VLAN),
	NOT("v6 802.1ad + 802.1Q VID 10 on a VLAN 10 port dropped", 5,
	    v6_qinq_on_vlan10, CLOS_STAT_DROP_VLAN),
};

FX_CASE_PARAMS(vlan, table, cases)

ParameterizedTest(int *i, vlan, table, .fini = fx_teardown)
{
	fx_case_run(FX_PIPELINE, &cases[*i]);
}

/* The same frame through the production program: one pass, so the frame
 * it hands the devmap is the one that leaves, its tag already removed. */
Test(vlan, production_program_sets_egress_tags, .fini = fx_teardown)
{
	static const struct fx_case c = {
		.desc = "tagged in, production program", .setup = routes,
		.in_port = 5, .build = tag10_pcp5_to_fabric,
		.verdict = CLOS_STAT_FWD, .nh = 1, .expect = out_untagged,
	};

	fx_case_run(FX_PROD, &c);
}
