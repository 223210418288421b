/* SPDX-License-Identifier: GPL-2.0 */
/* Changing a port's role, VLAN, state, trust mode and rate: a
 * read-modify-write of its struct clos_port that keeps what the loader owns
 * (ifindex, MAC, name). */
#ifndef CLOS_PORT_CFG_H
#define CLOS_PORT_CFG_H

#include <stdbool.h>
#include "err.h"
#include "switch.h"

#define CLOS_KEEP	(-1)

struct clos_port_change {
	int role;	/* enum clos_port_role, or CLOS_KEEP */
	int vlan;	/* 0 (untagged) .. 4094, or CLOS_KEEP */
	int up;		/* 0 or 1, or CLOS_KEEP */
	/* Zero leaves trust and rate as they are, so that initialisers
	 * written before these fields existed keep their meaning. */
	bool set_trust;
	bool set_rate;
	__u8 trust;		/* enum clos_trust */
	__u64 rate_bps;		/* 0 (unshaped) .. CLOS_RATE_MAX */
};

extern const char *const clos_port_role_names[2];	/* by enum clos_port_role */
extern const char *const clos_port_state_names[2];	/* "down", "up" */
extern const char *const clos_port_trust_names[2];	/* by enum clos_trust */

/* A fabric port cannot have a VLAN. A state change also (de)activates the
 * ECMP members on the port, before the port goes down / after it is up.
 * A rate (even the same one) puts the port's WRED/ECN profiles back to the
 * defaults for that rate (lib/qos_defaults.h) and, in queue mode,
 * re-applies the port's qdiscs. When a step fails, what was done is
 * undone. */
int clos_port_update(struct clos_switch *sw, __u32 id,
		     const struct clos_port_change *c, struct clos_err *err);

#endif /* CLOS_PORT_CFG_H */
