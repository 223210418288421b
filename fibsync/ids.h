/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sync's nexthop and group ids: the upper halves of both tables
 * (lib/switch/fibsync.h), handed out by content and counted.
 *
 * A nexthop is (port, neighbour MAC): an IPv4 and an IPv6 gateway of the
 * same neighbour share it. A group is (kind, set of member nexthops): the
 * prefixes that go the same way share it, however many they are. Each slot
 * has the wanted content (refs > 0: someone uses it) and the applied one
 * (what the table holds). An id is taken for new content only if the table
 * does not hold it yet, or held it with the same content (a restart finds
 * its ids again, and changes no route); so an id the data path still uses
 * never gets another meaning before the writer has moved the routes off it
 * (make before break).
 */
#ifndef FS_IDS_H
#define FS_IDS_H

#include <stdbool.h>
#include "clos/abi.h"
#include "fibsync.h"
#include "htab.h"

struct fs_nh_slot {
	int refs;
	struct clos_nexthop want;	/* valid = 1 */
	bool have;
	struct clos_nexthop have_nh;
	struct fs_hnode want_h, have_h;	/* by (port, mac) */
};

struct fs_group_slot {
	int refs;
	__u8 kind;
	__u8 n;
	__u32 member[CLOS_MAX_MEMBERS];	/* nexthop ids, sorted */
	__u32 like;		/* lay a new group out like this one */
	bool have;
	__u8 have_kind;
	__u8 have_n;
	__u32 have_member[CLOS_MAX_MEMBERS];
};

struct fs_ids {
	struct fs_nh_slot nh[CLOS_FIBSYNC_NH_COUNT];
	struct fs_group_slot g[CLOS_FIBSYNC_GROUP_COUNT];
	struct fs_htab nh_want, nh_have;
	int nh_used, groups_used;	/* slots with refs */
	/* A slot's wanted or applied content changed since the writer last
	 * looked: it walks the slots only then (not on every route event). */
	bool changed;
};

void fs_ids_init(struct fs_ids *ids);
void fs_ids_free(struct fs_ids *ids);

static inline struct fs_nh_slot *fs_ids_nh(struct fs_ids *ids, __u32 id)
{
	return &ids->nh[id - CLOS_FIBSYNC_NH_FIRST];
}

static inline struct fs_group_slot *fs_ids_group(struct fs_ids *ids, __u32 gid)
{
	return &ids->g[gid - CLOS_FIBSYNC_GROUP_FIRST];
}

/* A reference on the nexthop (port, mac): *id. -ENOSPC: no id left. */
int fs_ids_nh_get(struct fs_ids *ids, __u32 port, const __u8 mac[6], __u32 *id);
void fs_ids_nh_put(struct fs_ids *ids, __u32 id);

/*
 * A reference on the group (kind, nexthops nh[0..n-1], distinct). It takes
 * over the caller's references on nh[] whatever happens. like: the group
 * the caller used before (CLOS_NH_NONE: none); when the caller was its only
 * user (like_sole) and nothing has the new content yet, that group changes
 * in place (its routes stay as they are, a resilient group moves only the
 * flows it must); else a new group is laid out like it. -ENOSPC: no id.
 */
int fs_ids_group_get(struct fs_ids *ids, __u8 kind, const __u32 *nh, int n,
		     __u32 like, bool like_sole, __u32 *gid);
void fs_ids_group_put(struct fs_ids *ids, __u32 gid);

/* What the table holds (the writer's start, and after each write). */
void fs_ids_nh_applied(struct fs_ids *ids, __u32 id, const struct clos_nexthop *nh);
void fs_ids_group_applied(struct fs_ids *ids, __u32 gid, __u8 kind,
			  const __u32 *nh, int n);

/* Does the applied content differ from the wanted one (refs > 0)? */
bool fs_ids_nh_changed(const struct fs_nh_slot *s);
bool fs_ids_group_changed(const struct fs_group_slot *s);

#endif /* FS_IDS_H */
