/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VLAN rule of a port, the one both modes apply on ingress, before
 * anything else is decided about the frame (a punt included): a port with
 * VLAN v (host ports only) takes exactly one 802.1Q tag with VID v; a port
 * without one (every fabric port) takes untagged frames and priority-tagged
 * ones (one 802.1Q tag, VID 0). No port takes an 802.1ad tag or stacked
 * tags: the switch does not do Q-in-Q, and a frame it cannot place in the
 * port's VLAN goes nowhere, the kernel included. What fails is counted as
 * drop_vlan_mismatch.
 *
 * The tags are those clos_parse_l2() found in the frame and, in TC, beside
 * it (skb->vlan_tci, where the kernel puts the outer tag of either kind).
 */
#ifndef CLOS_VLAN_H
#define CLOS_VLAN_H

#include "parse.h"

static __always_inline int clos_vlan_admit(const struct clos_port *in,
					   const struct clos_pkt *p)
{
	if (p->vlan_bad)
		return 0;
	if (in->vlan)
		return p->tagged && p->vid == in->vlan;
	return !p->tagged || p->vid == 0;
}

#endif /* CLOS_VLAN_H */
