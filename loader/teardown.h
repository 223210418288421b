/* SPDX-License-Identifier: GPL-2.0 */
/* Undo an attach: what `detach` does, and what an attach does to the
 * leftovers of one that died half way. */
#ifndef CLOS_LOADER_TEARDOWN_H
#define CLOS_LOADER_TEARDOWN_H

#include "clos/abi.h"
#include "switch.h"
#include "err.h"
#include "hooks.h"

/* What the pins of a switch (or of an attach that died) say: enough to
 * find what it put on its ports. */
struct pinned_switch {
	struct clos_switch_cfg cfg;
	struct clos_port ports[CLOS_MAX_PORTS];
	__u32 prog_id;		/* ingress program; 0 if never pinned nor noted */
	__u32 egress_id;	/* egress program; 0 if never pinned */
	bool have_cfg;
	bool have_hooks;	/* the hook record, in hooks */
	struct hook_rec hooks[CLOS_MAX_PORTS];
};

/* Read the pins in dir; what is missing stays zero. A map there that is
 * not the switch's (clos_map_check) is -EPROTO with why set. */
int switch_read_pins(const char *dir, struct pinned_switch *ps,
		     struct clos_err *why);

/* What happened at each port. */
struct teardown_report {
	int num_ports;
	struct {
		__u32 port;
		char name[CLOS_IFNAMSIZ];
		const char *result;	/* "detached", "gone", "not attached" */
	} ports[CLOS_MAX_PORTS];
};

/* Detach the switch pinned in dir from its ports (inside its netns) and
 * remove the pins. Ports or a netns that no longer exist are noted, not
 * errors. A port that exists but refuses the detach is an error: the pins
 * stay so that the detach can be retried. label names the switch in
 * messages; rep, when given, says what happened at each port. */
int switch_teardown(const char *dir, const char *label,
		    struct teardown_report *rep);

#endif /* CLOS_LOADER_TEARDOWN_H */
