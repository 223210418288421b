/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The reconciler: brings the tables from what they hold (applied) to what
 * the sync wants, make before break, so that no packet ever meets an entry
 * that points nowhere:
 *
 *   1. nexthops that are new (or hold other content)
 *   2. groups that are new or whose members changed
 *   3. routes added or replaced
 *   4. routes deleted
 *   5. groups nobody uses any more
 *   6. nexthops nobody uses any more
 *
 * Only dirty prefixes are looked at: after a full dump every prefix, after
 * an event the few it touched. The tables themselves are behind a backend
 * (fibsync/tables.c: the switch's pinned maps; the unit tests: a log).
 */
#ifndef FS_WRITER_H
#define FS_WRITER_H

#include "err.h"
#include "ids.h"
#include "model.h"

struct fs_backend {
	int (*nh_write)(void *ctx, __u32 id, const struct clos_nexthop *nh,
			struct clos_err *err);
	int (*nh_clear)(void *ctx, __u32 id, struct clos_err *err);
	/* Create or change group gid; a new one laid out like group like. */
	int (*group_write)(void *ctx, __u32 gid, __u32 like, __u8 kind,
			   const __u32 *nh, int n, struct clos_err *err);
	int (*group_del)(void *ctx, __u32 gid, struct clos_err *err);
	/* -ENOSPC: the table is full. */
	int (*route_write)(void *ctx, const struct fs_prefix *p,
			   const struct clos_route *rt, struct clos_err *err);
	int (*route_del)(void *ctx, const struct fs_prefix *p, struct clos_err *err);
	void *ctx;
	/* A write that failed: what kind ("route_write", ...) and why. */
	void (*error)(void *arg, const char *kind, const char *msg);
	void *error_arg;
};

/* What one pass did. */
struct fs_write_stats {
	unsigned long routes_added, routes_replaced, routes_deleted;
	unsigned long nexthops_written, nexthops_deleted;
	unsigned long groups_written, groups_deleted;
	unsigned long table_full;	/* routes that found no room */
	unsigned long errors;
};

/* One pass over the dirty prefixes; they are clean afterwards, and
 * prefixes left with nothing are freed. Routes refused for want of room
 * are marked failed and tried again once a route is deleted. Returns the
 * number of writes that failed. */
int fs_write(struct fs_model *m, struct fs_ids *ids, const struct fs_backend *be,
	     struct fs_write_stats *st);

#endif /* FS_WRITER_H */
