/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The switch the pipeline fuzzer runs (fuzz_pipeline.c): the unit tests'
 * standard switch (tests/unit/fixture.h: 8 ports on lo, port p MAC
 * 02:c1:05:00:00:0p, host0 untagged, spine1-4 fabric, host5 VLAN 10,
 * host6 VLAN 20, spare7 down), built through libclos as clos-loader
 * builds one, with routes that reach every verdict of the FIB:
 *
 *   IPv4 10.N.0.0/16, IPv6 2001:db8:N::/48 for N:
 *     1 nexthop 1 (spine1)   (10.1.1.0/24 drop, 10.1.1.128/25 nexthop 2)
 *     2 ECMP 2, modulo over spine1-4 and spare7 (down: inactive)
 *     3 ECMP 3, resilient over spine2, host5, host6 (VLAN egress)
 *     4 local                5 kernel              6 drop
 *     7 ECMP 99 (no such group)       8 nexthop 20 (not valid)
 *     9 nexthop 7 (port down)        10 nexthop 5 (host5, VLAN 10)
 *    11 nexthop 6 (host6, VLAN 20)   12 nexthop 21 (unused port slot)
 *    13 nexthop 5000 (past the table) 14 ECMP 5 (modulo, none active)
 *    15 ECMP 6 (written raw: bucket slots past the members)
 *    16 nexthop 8 (host0, untagged)
 *   the rest of IPv4: ECMP 1, resilient over spine1-4; of IPv6: no route.
 *   10.0.0.1 and 2001:db8::1 are the switch's own (local routes).
 * Port 1 trusts DSCP, the others PCP. spine4 has no devmap entry (fast
 * mode's redirect to it fails: drop_redirect_failed). Every port unshaped
 * (rate 0): the traffic manager's model, the one user of the clock and of
 * random numbers in the data path, never runs, so a frame's fate depends
 * on the frame and the tables alone.
 */
#ifndef CLOS_FUZZ_PIPELINE_SWITCH_H
#define CLOS_FUZZ_PIPELINE_SWITCH_H

#include "switch.h"

#define FZ_IFINDEX		1	/* lo: test_run wants a real device */
#define FZ_IFINDEX_OTHER	4042	/* queue mode's ingress device at egress */
#define FZ_NUM_PORTS		8
/* A port slot the switch does not use (ifindex 0): a stale mapping. */
#define FZ_UNUSED_PORT		9

struct bpf_object;

/* sw as the maps of obj, filled as above. Prints why and returns
 * non-zero on failure. */
int fz_switch_build(struct clos_switch *sw, struct bpf_object *obj);

#endif /* CLOS_FUZZ_PIPELINE_SWITCH_H */
