/* SPDX-License-Identifier: GPL-2.0 */
/* Undo an attach: what `detach` does, and what an attach does to the
 * leftovers of one that died half way. */
#ifndef CLOS_LOADER_TEARDOWN_H
#define CLOS_LOADER_TEARDOWN_H

#include "clos/abi.h"

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
