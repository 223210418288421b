/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ECMP group membership, computed in user space and written to the
 * ecmp_groups map as one value (see struct clos_ecmp_group).
 *
 * Members keep their slot for life, so per-member counters and bucket
 * ownership survive changes. Rebalancing is minimal: buckets move only
 * from members that left (or went down) and, when a member joins, from the
 * members holding more than their fair share to it. The fair share of B
 * buckets over n members is B/n, with the B%n remainder going to the members
 * that already hold the most.
 *
 * Which member a flow takes is include/clos/ecmp_slot.h, the data path's
 * own function.
 */
#ifndef CLOS_ECMP_H
#define CLOS_ECMP_H

#include <stdbool.h>
#include "clos/abi.h"

/* Build group out from nexthop ids nh[0..n-1], all active. When old is given
 * the update is minimal against it. Returns 0, or -EINVAL with *why. */
int clos_ecmp_group_build(struct clos_ecmp_group *out,
			  const struct clos_ecmp_group *old,
			  enum clos_ecmp_kind kind, const __u32 *nh, int n,
			  const char **why);

/* Mark the member with nexthop nh_id up or down (link state), rebalancing
 * the buckets. -ENOENT when nh_id is not a member. */
int clos_ecmp_group_set_member(struct clos_ecmp_group *g, __u32 nh_id, bool up);

/* Is slot s currently active? */
bool clos_ecmp_slot_active(const struct clos_ecmp_group *g, int slot);

/* Buckets owned by slot s. */
int clos_ecmp_slot_buckets(const struct clos_ecmp_group *g, int slot);

#endif /* CLOS_ECMP_H */
