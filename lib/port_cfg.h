/* SPDX-License-Identifier: GPL-2.0 */
/* Changing a port's role, VLAN and state: a read-modify-write of its
 * struct clos_port that keeps what the loader owns (ifindex, MAC, name). */
#ifndef CLOS_PORT_CFG_H
#define CLOS_PORT_CFG_H

#include "err.h"
#include "switch.h"

#define CLOS_KEEP	(-1)

struct clos_port_change {
	int role;	/* enum clos_port_role, or CLOS_KEEP */
	int vlan;	/* 0 (untagged) .. 4094, or CLOS_KEEP */
	int up;		/* 0 or 1, or CLOS_KEEP */
};

extern const char *const clos_port_role_names[2];	/* by enum clos_port_role */
extern const char *const clos_port_state_names[2];	/* "down", "up" */

/* A fabric port cannot have a VLAN. A state change also (de)activates the
 * ECMP members on the port, before the port goes down / after it is up. */
int clos_port_update(struct clos_switch *sw, __u32 id,
		     const struct clos_port_change *c, struct clos_err *err);

#endif /* CLOS_PORT_CFG_H */
