/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The FIB sync's share of a switch's tables (clos-fibsync, fibsync/), as
 * the daemon and closctl both need it: the id ranges it allocates from,
 * which routes it owns, and where it reports.
 *
 * Under clos-fibsync the route tables mirror the kernel's. The sync owns
 * the upper half of the nexthop ids and of the group ids, and every route
 * except those pointing at a nexthop or group below its ranges: those are
 * closctl users' (or clos-topo's) own, and stay unless the kernel has a
 * route for the same prefix, which then wins.
 */
#ifndef CLOS_FIBSYNC_H
#define CLOS_FIBSYNC_H

#include <stdbool.h>
#include <stddef.h>
#include "clos/abi.h"

#define CLOS_FIBSYNC_NH_FIRST		(CLOS_MAX_NEXTHOPS / 2)
#define CLOS_FIBSYNC_NH_COUNT		(CLOS_MAX_NEXTHOPS - CLOS_FIBSYNC_NH_FIRST)
#define CLOS_FIBSYNC_GROUP_FIRST	(CLOS_MAX_GROUPS / 2)
#define CLOS_FIBSYNC_GROUP_COUNT	(CLOS_MAX_GROUPS - CLOS_FIBSYNC_GROUP_FIRST)

/* Run-time state of clos daemons: <dir>/<switch>/fibsync.json. */
#define CLOS_RUN_DIR			"/run/clos"
#define CLOS_FIBSYNC_STATUS		"fibsync.json"

static inline bool clos_fibsync_nh_id(__u32 id)
{
	return id >= CLOS_FIBSYNC_NH_FIRST && id < CLOS_MAX_NEXTHOPS;
}

static inline bool clos_fibsync_group_id(__u32 gid)
{
	return gid >= CLOS_FIBSYNC_GROUP_FIRST && gid < CLOS_MAX_GROUPS;
}

/* Is r (a route_v4/route_v6 value) the sync's to change and delete? */
bool clos_fibsync_owns_route(const struct clos_route *r);

/* The status file of switch sw into buf; -ENAMETOOLONG when it won't fit.
 * dir_only: its directory. */
int clos_fibsync_status_path(char *buf, size_t len, const char *sw,
			     bool dir_only);

#endif /* CLOS_FIBSYNC_H */
