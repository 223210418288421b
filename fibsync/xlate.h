/* SPDX-License-Identifier: GPL-2.0 */
/*
 * From the kernel's state (fibsync/model.h) to the clos tables the sync
 * wants: each nexthop set becomes a nexthop, a group, or action kernel
 * with the reason; each prefix takes the verdict of its best route.
 *
 *   a set of paths    every device must be a clos port (else not_clos_port),
 *                     every path needs a gateway (else connected), weights
 *                     equal (else unequal_weights); gateways whose
 *                     neighbour is not resolved are left out (and the
 *                     kernel is asked to resolve them); none left:
 *                     unresolved; one: that nexthop; more: a group, at most
 *                     CLOS_MAX_MEMBERS (else too_many_members)
 *   a nexthop object  its gateway, or its group's members; a resilient
 *                     group becomes a resilient clos group, any other
 *                     multipath a modulo group (hash % n, as the kernel's
 *                     hash-threshold moves flows too); blackhole: drop
 *   a prefix          local (the local table) before the main table's
 *                     lowest metric before a neighbour's host route;
 *                     blackhole: drop; unreachable, prohibit, throw: kernel
 *                     (it answers with ICMP)
 */
#ifndef FS_XLATE_H
#define FS_XLATE_H

#include <stddef.h>
#include "ids.h"
#include "model.h"

/* Resolve the dirty sets (all of them after a neighbour, link or object
 * change), release the dead ones, and set the wanted entry of every dirty
 * prefix. The prefixes stay dirty: the writer's to apply. */
void fs_xlate_run(struct fs_model *m, struct fs_ids *ids);

/* The wanted entry of one prefix from its routes. */
void fs_xlate_prefix(struct fs_model *m, struct fs_prefix *p);

/* The route of p the sync follows (NULL: none). */
const struct fs_kroute *fs_xlate_best(const struct fs_prefix *p);

/* Why p is punted, in words ("via 10.0.1.9 dev eth1", "dev dummy0"). */
const char *fs_xlate_explain(const struct fs_model *m, const struct fs_prefix *p,
			     char *buf, size_t len);

#endif /* FS_XLATE_H */
