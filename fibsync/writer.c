// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include "fibsync.h"
#include "writer.h"

static void failed(const struct fs_backend *be, struct fs_write_stats *st,
		   const char *kind, const struct clos_err *err)
{
	st->errors++;
	if (be->error)
		be->error(be->error_arg, kind, err->msg);
}

static bool entry_eq(const struct fs_entry *a, const struct fs_entry *b)
{
	return a->on == b->on && (!a->on || (a->rt.action == b->rt.action &&
					     a->rt.id == b->rt.id));
}

static void write_nexthops(struct fs_ids *ids, const struct fs_backend *be,
			   struct fs_write_stats *st)
{
	struct clos_err err;
	__u32 i, id;

	for (i = 0; i < CLOS_FIBSYNC_NH_COUNT; i++) {
		if (!fs_ids_nh_changed(&ids->nh[i]))
			continue;
		id = CLOS_FIBSYNC_NH_FIRST + i;
		if (be->nh_write(be->ctx, id, &ids->nh[i].want, &err)) {
			failed(be, st, "nexthop_write", &err);
			continue;
		}
		fs_ids_nh_applied(ids, id, &ids->nh[i].want);
		st->nexthops_written++;
	}
}

static void write_groups(struct fs_ids *ids, const struct fs_backend *be,
			 struct fs_write_stats *st)
{
	struct fs_group_slot *s;
	struct clos_err err;
	__u32 i, gid;

	for (i = 0; i < CLOS_FIBSYNC_GROUP_COUNT; i++) {
		s = &ids->g[i];
		if (!fs_ids_group_changed(s))
			continue;
		gid = CLOS_FIBSYNC_GROUP_FIRST + i;
		if (be->group_write(be->ctx, gid, s->like, s->kind, s->member, s->n,
				    &err)) {
			failed(be, st, "group_write", &err);
			continue;
		}
		fs_ids_group_applied(ids, gid, s->kind, s->member, s->n);
		s->like = CLOS_NH_NONE;
		st->groups_written++;
	}
}

/* Steps 3 (deletes false) and 4 (deletes true) on one prefix. */
static void write_route(struct fs_model *m, struct fs_prefix *p,
			const struct fs_backend *be, struct fs_write_stats *st,
			bool deletes)
{
	struct clos_err err;
	int ret;

	if (deletes) {
		if (p->want.on || !p->have.on || !p->ours)
			return;
		if (be->route_del(be->ctx, p, &err)) {
			failed(be, st, "route_delete", &err);
			return;
		}
		p->have.on = false;
		st->routes_deleted++;
		return;
	}
	if (!p->want.on)
		return;
	if (entry_eq(&p->want, &p->have)) {
		p->ours = true;		/* the kernel has it too */
		return;
	}
	ret = be->route_write(be->ctx, p, &p->want.rt, &err);
	if (ret == -ENOSPC) {
		/* Not in the table: the next shorter prefix there takes its
		 * packets. Counted and shown; tried again when room frees. */
		if (!p->failed) {
			failed(be, st, "table_full", &err);
			m->nfailed++;
		}
		p->failed = true;
		p->reason = FS_WHY_TABLE_FULL;
		st->table_full++;
		return;
	}
	if (ret) {
		failed(be, st, "route_write", &err);
		return;
	}
	if (p->have.on)
		st->routes_replaced++;
	else
		st->routes_added++;
	p->have = p->want;
	p->ours = true;
	if (p->failed)
		m->nfailed--;
	p->failed = false;
}

static void delete_groups(struct fs_ids *ids, const struct fs_backend *be,
			  struct fs_write_stats *st)
{
	struct clos_err err;
	__u32 i, gid;

	for (i = 0; i < CLOS_FIBSYNC_GROUP_COUNT; i++) {
		if (ids->g[i].refs || !ids->g[i].have)
			continue;
		gid = CLOS_FIBSYNC_GROUP_FIRST + i;
		if (be->group_del(be->ctx, gid, &err)) {
			failed(be, st, "group_delete", &err);
			continue;
		}
		fs_ids_group_applied(ids, gid, 0, NULL, 0);
		st->groups_deleted++;
	}
}

static void delete_nexthops(struct fs_ids *ids, const struct fs_backend *be,
			    struct fs_write_stats *st)
{
	struct clos_err err;
	__u32 i, id;

	for (i = 0; i < CLOS_FIBSYNC_NH_COUNT; i++) {
		if (ids->nh[i].refs || !ids->nh[i].have)
			continue;
		id = CLOS_FIBSYNC_NH_FIRST + i;
		if (be->nh_clear(be->ctx, id, &err)) {
			failed(be, st, "nexthop_delete", &err);
			continue;
		}
		fs_ids_nh_applied(ids, id, NULL);
		st->nexthops_deleted++;
	}
}

int fs_write(struct fs_model *m, struct fs_ids *ids, const struct fs_backend *be,
	     struct fs_write_stats *st)
{
	unsigned long errors = st->errors, deleted = st->routes_deleted;
	struct fs_prefix *p, *next;

	bool ids_changed = ids->changed;

	if (ids_changed) {
		write_nexthops(ids, be, st);
		write_groups(ids, be, st);
	}
	for (p = m->dirty; p; p = p->dirty_next)
		write_route(m, p, be, st, false);
	for (p = m->dirty; p; p = p->dirty_next)
		write_route(m, p, be, st, true);
	if (ids_changed) {
		delete_groups(ids, be, st);
		delete_nexthops(ids, be, st);
		/* What failed stays to be tried on the next change. */
		ids->changed = st->errors != errors;
	}

	for (p = m->dirty, m->dirty = NULL, m->ndirty = 0; p; p = next) {
		next = p->dirty_next;
		p->dirty = false;
		if (!p->want.on && p->failed) {
			p->failed = false;
			m->nfailed--;
		}
		fs_model_prefix_gc(m, p);
	}
	/* Room freed: the routes that found none try again. */
	if (m->nfailed && st->routes_deleted > deleted) {
		FS_HTAB_FOR_EACH(&m->prefixes, p, struct fs_prefix, h)
			if (p->failed)
				fs_model_mark_dirty(m, p);
	}
	return st->errors - errors;
}
