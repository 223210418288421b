/* SPDX-License-Identifier: GPL-2.0 */
/* A port going down or up, applied to a switch's tables: the port's `up`
 * flag and every ECMP group with a member on that port (resilient groups
 * move only that member's buckets). Used by closctl `port set ... state`
 * and by the link watcher. */
#ifndef CLOS_PORTSTATE_H
#define CLOS_PORTSTATE_H

#include <stdbool.h>
#include "err.h"
#include "switch.h"

/* Returns the number of groups changed, or a negative errno with err set. */
int clos_port_set_state(const struct clos_switch *sw, __u32 port, bool up,
			struct clos_err *err);

/* Mark down every member of g whose port is down (after a rebuild). */
int clos_ecmp_group_apply_port_state(const struct clos_switch *sw,
				     struct clos_ecmp_group *g);

#endif /* CLOS_PORTSTATE_H */
