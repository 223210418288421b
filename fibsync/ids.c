// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "ids.h"

void fs_ids_init(struct fs_ids *ids)
{
	memset(ids, 0, sizeof(*ids));
	fs_htab_init(&ids->nh_want);
	fs_htab_init(&ids->nh_have);
}

void fs_ids_free(struct fs_ids *ids)
{
	fs_htab_free(&ids->nh_want);
	fs_htab_free(&ids->nh_have);
}

/* --- nexthops ------------------------------------------------------------- */

static __u32 nh_hash(__u32 port, const __u8 mac[6])
{
	return fs_hash(mac, 6, port);
}

static bool nh_is(const struct clos_nexthop *nh, __u32 port, const __u8 mac[6])
{
	return nh->port == port && !memcmp(nh->dmac, mac, 6);
}

static __u32 nh_id_of(const struct fs_ids *ids, const struct fs_nh_slot *s)
{
	return CLOS_FIBSYNC_NH_FIRST + (s - ids->nh);
}

static struct fs_nh_slot *nh_find(struct fs_ids *ids, bool want, __u32 port,
				  const __u8 mac[6])
{
	__u32 hash = nh_hash(port, mac);
	struct fs_nh_slot *s;

	if (want) {
		FS_HTAB_FOR_HASH(&ids->nh_want, hash, s, struct fs_nh_slot, want_h)
			if (nh_is(&s->want, port, mac))
				return s;
	} else {
		FS_HTAB_FOR_HASH(&ids->nh_have, hash, s, struct fs_nh_slot, have_h)
			if (nh_is(&s->have_nh, port, mac) && !s->refs)
				return s;
	}
	return NULL;
}

int fs_ids_nh_get(struct fs_ids *ids, __u32 port, const __u8 mac[6], __u32 *id)
{
	struct fs_nh_slot *s = nh_find(ids, true, port, mac);
	int i;

	if (s)
		goto take;
	/* The table holds it already (a restart): that id, nothing to write. */
	s = nh_find(ids, false, port, mac);
	for (i = 0; !s && i < CLOS_FIBSYNC_NH_COUNT; i++)
		if (!ids->nh[i].refs && !ids->nh[i].have)
			s = &ids->nh[i];
	if (!s)
		return -ENOSPC;
	memset(&s->want, 0, sizeof(s->want));
	s->want.port = port;
	memcpy(s->want.dmac, mac, 6);
	s->want.valid = 1;
	fs_htab_add(&ids->nh_want, &s->want_h, nh_hash(port, mac));
	ids->nh_used++;
	ids->changed = true;
take:
	s->refs++;
	*id = nh_id_of(ids, s);
	return 0;
}

void fs_ids_nh_put(struct fs_ids *ids, __u32 id)
{
	struct fs_nh_slot *s = fs_ids_nh(ids, id);

	if (--s->refs)
		return;
	fs_htab_del(&ids->nh_want, &s->want_h);
	ids->nh_used--;
	ids->changed = true;
}

void fs_ids_nh_applied(struct fs_ids *ids, __u32 id, const struct clos_nexthop *nh)
{
	struct fs_nh_slot *s = fs_ids_nh(ids, id);

	if (s->have)
		fs_htab_del(&ids->nh_have, &s->have_h);
	ids->changed = true;
	s->have = nh && nh->valid;
	if (!s->have)
		return;
	s->have_nh = *nh;
	fs_htab_add(&ids->nh_have, &s->have_h, nh_hash(nh->port, nh->dmac));
}

bool fs_ids_nh_changed(const struct fs_nh_slot *s)
{
	return s->refs && (!s->have || !nh_is(&s->have_nh, s->want.port, s->want.dmac));
}

/* --- groups --------------------------------------------------------------- */

static int u32_cmp(const void *a, const void *b)
{
	__u32 x = *(const __u32 *)a, y = *(const __u32 *)b;

	return (x > y) - (x < y);
}

static bool group_is(__u8 kind, int n, const __u32 *member, __u8 k2, int n2,
		     const __u32 *m2)
{
	return kind == k2 && n == n2 &&
	       (n == 0 || !memcmp(member, m2, n * sizeof(*member)));
}

static void group_set(struct fs_ids *ids, struct fs_group_slot *s, __u8 kind,
		      const __u32 *sorted, int n)
{
	int i;

	for (i = 0; i < s->n; i++)
		fs_ids_nh_put(ids, s->member[i]);
	s->kind = kind;
	s->n = n;
	if (n)	/* an empty group may come with no array at all */
		memcpy(s->member, sorted, n * sizeof(*sorted));
}

int fs_ids_group_get(struct fs_ids *ids, __u8 kind, const __u32 *nh, int n,
		     __u32 like, bool like_sole, __u32 *gid)
{
	__u32 sorted[CLOS_MAX_MEMBERS];
	struct fs_group_slot *s = NULL, *old = NULL;
	int i;

	memcpy(sorted, nh, n * sizeof(*nh));
	qsort(sorted, n, sizeof(*sorted), u32_cmp);
	if (clos_fibsync_group_id(like))
		old = fs_ids_group(ids, like);
	for (i = 0; i < CLOS_FIBSYNC_GROUP_COUNT; i++)
		if (ids->g[i].refs && group_is(kind, n, sorted, ids->g[i].kind,
					       ids->g[i].n, ids->g[i].member)) {
			s = &ids->g[i];
			break;
		}
	if (s) {
		/* Shared: it holds its members already. */
		for (i = 0; i < n; i++)
			fs_ids_nh_put(ids, nh[i]);
		goto take;
	}
	if (old && like_sole && old->refs == 1 && old->kind == kind) {
		s = old;
		group_set(ids, s, kind, sorted, n);
		ids->changed = true;
		goto take;
	}
	for (i = 0; i < CLOS_FIBSYNC_GROUP_COUNT && !s; i++)
		if (!ids->g[i].refs && ids->g[i].have &&
		    group_is(kind, n, sorted, ids->g[i].have_kind, ids->g[i].have_n,
			     ids->g[i].have_member))
			s = &ids->g[i];
	for (i = 0; i < CLOS_FIBSYNC_GROUP_COUNT && !s; i++)
		if (!ids->g[i].refs && !ids->g[i].have)
			s = &ids->g[i];
	if (!s) {
		for (i = 0; i < n; i++)
			fs_ids_nh_put(ids, nh[i]);
		return -ENOSPC;
	}
	s->n = 0;
	group_set(ids, s, kind, sorted, n);
	s->like = old ? like : CLOS_NH_NONE;
	ids->groups_used++;
	ids->changed = true;
take:
	s->refs++;
	*gid = CLOS_FIBSYNC_GROUP_FIRST + (s - ids->g);
	return 0;
}

void fs_ids_group_put(struct fs_ids *ids, __u32 gid)
{
	struct fs_group_slot *s = fs_ids_group(ids, gid);

	if (--s->refs)
		return;
	group_set(ids, s, 0, NULL, 0);
	s->like = CLOS_NH_NONE;
	ids->groups_used--;
	ids->changed = true;
}

void fs_ids_group_applied(struct fs_ids *ids, __u32 gid, __u8 kind,
			  const __u32 *nh, int n)
{
	struct fs_group_slot *s = fs_ids_group(ids, gid);

	ids->changed = true;
	s->have = n > 0;
	s->have_kind = kind;
	s->have_n = n;
	if (n) {	/* nh may be NULL when n is 0 */
		memcpy(s->have_member, nh, n * sizeof(*nh));
		qsort(s->have_member, n, sizeof(*nh), u32_cmp);
	}
}

bool fs_ids_group_changed(const struct fs_group_slot *s)
{
	return s->refs && (!s->have || !group_is(s->kind, s->n, s->member,
						 s->have_kind, s->have_n,
						 s->have_member));
}
