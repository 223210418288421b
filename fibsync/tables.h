/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The switch's pinned maps as the sync sees them: the ports (which
 * ifindex is which clos port), what the route, nexthop and group tables
 * hold at the start (the reconciler's "applied"), and the writer's
 * backend over them. Groups go through lib/table/group.c, so a member on
 * a port that is down joins inactive, as the link watcher would have it.
 */
#ifndef FS_TABLES_H
#define FS_TABLES_H

#include "err.h"
#include "ids.h"
#include "model.h"
#include "switch.h"
#include "writer.h"

/* m->port_of from the ports table. */
int fs_tables_ports(const struct clos_switch *sw, struct fs_model *m,
		    struct clos_err *err);

/* Every route of route_v4/route_v6 into m (applied, dirty), the sync's
 * nexthops and groups into ids (applied). */
int fs_tables_read(const struct clos_switch *sw, struct fs_model *m,
		   struct fs_ids *ids, struct clos_err *err);

/* be's table operations on sw (be->error stays the caller's). */
void fs_tables_backend(struct clos_switch *sw, struct fs_backend *be);

#endif /* FS_TABLES_H */
