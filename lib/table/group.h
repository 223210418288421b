/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ECMP groups as the control plane changes them: members named by port or
 * nexthop id, validated, built minimally against the current group
 * (lib/ecmp.h) and published whole (lib/ecmp_store.h), so the data path
 * sees the old group or the new one, never a mix.
 */
#ifndef CLOS_GROUP_H
#define CLOS_GROUP_H

#include <stdbool.h>
#include "clos/abi.h"
#include "err.h"
#include "switch.h"

extern const char *const clos_ecmp_kind_names[2];	/* by enum clos_ecmp_kind */

/* -ENOENT when there is no such group. */
int clos_group_get(const struct clos_switch *sw, __u32 gid,
		   struct clos_ecmp_group *g);

/* "M[,M...]" into nexthop ids: M is a nexthop id, or a port name meaning
 * the one valid nexthop on that port. Fills nh[0..*n-1] (room for
 * CLOS_MAX_MEMBERS). Messages start with "group GID: ". */
int clos_group_members_parse(const struct clos_switch *sw, __u32 gid,
			     const char *list, __u32 *nh, int *n,
			     struct clos_err *err);

/* Create or replace group gid with members nh[0..n-1]: every nexthop must
 * exist; resilient updates move only the buckets they must. Members on a
 * port that is down start inactive (lib/portstate.h). */
int clos_group_set(struct clos_switch *sw, __u32 gid, enum clos_ecmp_kind kind,
		   const __u32 *nh, int n, struct clos_err *err);

/* The same; a new group gid takes the slots and buckets of the members it
 * shares with group like (the FIB sync's replacement for a group that
 * other routes still use), so their flows do not move. */
int clos_group_set_like(struct clos_switch *sw, __u32 gid, __u32 like,
			enum clos_ecmp_kind kind, const __u32 *nh, int n,
			struct clos_err *err);

/* Delete group gid; refused while a route uses it. */
int clos_group_del(struct clos_switch *sw, __u32 gid, struct clos_err *err);
/* Delete group gid without looking for its users (a walk of every route):
 * for a caller that knows none is left. */
int clos_group_remove(struct clos_switch *sw, __u32 gid, struct clos_err *err);

#endif /* CLOS_GROUP_H */
