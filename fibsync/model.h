/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's routing state in the switch's namespace, as the sync keeps
 * it: links, neighbours, nexthop objects, and the routes of the main and
 * local tables, gathered by prefix.
 *
 * Routes that go the same way share one nexthop set (struct fs_pathset:
 * a nexthop object id, or the list of gateway/device paths), interned by
 * content, so 100k routes over a few nexthops make a few sets. A set is
 * translated once (fibsync/xlate.c) and every route on it follows.
 *
 * What changed is left in two lists for the translation: prefixes whose
 * routes changed, and sets to resolve again (new ones; all of them when a
 * neighbour, link or nexthop object changed). Each resolved neighbour on a
 * clos port is a route source of its own: a host route (/32, /128) to it,
 * as SONiC installs one.
 */
#ifndef FS_MODEL_H
#define FS_MODEL_H

#include <stdbool.h>
#include <sys/socket.h>
#include "clos/abi.h"
#include "htab.h"
#include "kmsg.h"

/* Why a route stays with the kernel (action kernel), or is not written. */
#define FS_REASONS(X)							\
	X(NONE,		"none")						\
	X(CONNECTED,	"connected")	/* on-link: the kernel resolves */ \
	X(UNRESOLVED,	"unresolved")	/* no gateway's neighbour resolved */ \
	X(NOT_PORT,	"not_clos_port") /* a device that is no clos port */ \
	X(TOO_MANY,	"too_many_members") /* > CLOS_MAX_MEMBERS */	\
	X(WEIGHTED,	"unequal_weights") /* clos groups have no weights */ \
	X(NH_FULL,	"nexthop_ids_full") /* the sync's range is used up */ \
	X(GROUPS_FULL,	"group_ids_full")				\
	X(ROUTE_TYPE,	"route_type")	/* unreachable, prohibit, throw */ \
	X(ENCAP,	"encap")	/* lightweight tunnels */	\
	X(NO_NHOBJ,	"unknown_nexthop_object")			\
	X(TABLE_FULL,	"table_full")	/* not written: no room */

enum fs_reason {
#define FS_REASON_ENUM(id, name) FS_WHY_##id,
	FS_REASONS(FS_REASON_ENUM)
#undef FS_REASON_ENUM
	FS_WHY_MAX
};

extern const char *const fs_reason_names[FS_WHY_MAX];

/* The translation of a nexthop set or a route: a clos route value, and
 * for action kernel why. A nexthop or group action holds a reference on
 * that id (fibsync/ids.h). */
struct fs_verdict {
	__u32 action;		/* enum clos_route_action */
	__u32 id;
	__u8 reason;		/* enum fs_reason */
};

/* Where a prefix's route comes from. */
enum fs_src {
	FS_SRC_ROUTE = 0,	/* a kernel route (its proto says who made it) */
	FS_SRC_LOCAL,		/* the local table: the switch's own address */
	FS_SRC_NEIGH,		/* a resolved neighbour: its host route */
};

struct fs_link {
	struct fs_hnode h;
	__u32 ifindex;
	__u32 flags;
	char name[FS_IFNAMSIZ];
};

struct fs_neigh {
	struct fs_hnode h;
	__u8 family;
	__u32 ifindex;
	__u8 addr[16];
	__u16 state;		/* NUD_*; NUD_NONE: not in the kernel, only
				 * asked for (fs_model_want_neigh) */
	bool has_mac;
	__u8 mac[6];
	bool wanted;		/* a nexthop set needs it resolved */
	__u64 solicited_ns;	/* when the kernel was last asked to */
	struct fs_kroute *host;	/* its host route, while it has one */
};

struct fs_nhobj {
	struct fs_hnode h;
	struct fs_nh_msg m;
};

struct fs_prefix;
struct fs_kroute;

struct fs_pathset {
	struct fs_hnode h;
	int refs;		/* routes on it */
	__u32 nhid;		/* a nexthop object; 0: the paths */
	bool truncated;
	int n;
	struct fs_path *p;	/* sorted, so equal sets compare equal */
	/* The translation (fibsync/xlate.c). */
	bool resolved;
	struct fs_verdict v;
	__u32 like;		/* a new group copies this group's layout */
	struct fs_kroute *users;
	bool dirty;
	struct fs_pathset *dirty_next;
	struct fs_pathset *dead_next;
};

/* One route of a prefix. */
struct fs_kroute {
	struct fs_kroute *next;		/* the prefix's routes */
	struct fs_prefix *pfx;
	struct fs_kroute *ps_next, *ps_prev;	/* the set's users */
	struct fs_pathset *ps;		/* unicast routes */
	__u8 src;		/* enum fs_src */
	__u8 type;		/* RTN_* */
	__u8 proto;		/* RTPROT_* */
	__u8 tos;
	__u32 table;
	__u32 priority;
	bool encap;
	bool aliased;		/* IPv4: another route may hide behind it */
};

/* What a prefix should be, or is, in route_v4/route_v6. */
struct fs_entry {
	bool on;
	struct clos_route rt;
};

struct fs_prefix {
	struct fs_hnode h;
	__u8 family;
	__u8 plen;
	__u8 addr[16];		/* host bits zero */
	struct fs_kroute *routes;
	/* Desired (fibsync/xlate.c): the best route's verdict. */
	struct fs_entry want;
	__u8 reason;		/* action kernel, or TABLE_FULL */
	__u8 src;		/* enum fs_src of the route chosen */
	__u8 proto;
	/* Applied (fibsync/writer.c): what the table holds; ours: the sync
	 * may change and delete it (lib/switch/fibsync.h). */
	struct fs_entry have;
	bool ours;
	bool failed;		/* the last write failed: not in the table */
	bool dirty;
	struct fs_prefix *dirty_next;
};

struct fs_model {
	struct fs_htab links, neighs, nhobjs, pathsets, prefixes;
	/* The clos port of an ifindex (-1: none), from the switch's ports. */
	__s16 port_of[CLOS_MAX_IFINDEX];
	struct fs_prefix *dirty;	/* prefixes to translate and write */
	size_t ndirty;
	struct fs_pathset *ps_dirty;	/* sets to resolve */
	struct fs_pathset *ps_dead;	/* sets no route uses: to release */
	bool resolve_all;	/* a neighbour, link or nexthop object changed */
	bool resync;		/* the kernel changed what it does not announce */
	bool want_solicit;	/* a wanted neighbour is unresolved */
	size_t nfailed;		/* prefixes whose write found no room */
	__u64 ignored;		/* messages of no concern (other tables, ...) */
};

void fs_model_init(struct fs_model *m);
void fs_model_free(struct fs_model *m);

/* Forget what the kernel said (before a full dump again): links,
 * neighbours, objects and routes go; prefixes stay with what their table
 * entry is, all of them dirty, and the sets go to ps_dead. */
void fs_model_forget(struct fs_model *m);

/* Apply one message. Return 0, or -ENOMEM. */
int fs_model_link(struct fs_model *m, const struct fs_link_msg *msg);
int fs_model_neigh(struct fs_model *m, const struct fs_neigh_msg *msg);
int fs_model_nexthop(struct fs_model *m, const struct fs_nh_msg *msg);
int fs_model_route(struct fs_model *m, const struct fs_route_msg *msg);

/* A prefix as its table entry is now (the writer's start: what the
 * tables hold before the sync). */
int fs_model_applied(struct fs_model *m, __u8 family, __u8 plen,
		     const __u8 *addr, const struct clos_route *rt, bool ours);

/* Lookups. */
struct fs_link *fs_model_link_get(const struct fs_model *m, __u32 ifindex);
struct fs_neigh *fs_model_neigh_get(const struct fs_model *m, __u8 family,
				    __u32 ifindex, const __u8 *addr);
struct fs_nhobj *fs_model_nhobj_get(const struct fs_model *m, __u32 id);
struct fs_prefix *fs_model_prefix_get(const struct fs_model *m, __u8 family,
				      __u8 plen, const __u8 *addr);
/* The clos port of ifindex, or -1. */
int fs_model_port(const struct fs_model *m, __u32 ifindex);

/* A nexthop set needs this neighbour resolved: keep it (as NUD_NONE if
 * the kernel has none) and flag it for a solicitation. */
struct fs_neigh *fs_model_want_neigh(struct fs_model *m, __u8 family,
				     __u32 ifindex, const __u8 *addr);

/* Drop the neighbours kept only because a set wanted them, that no set
 * wants any more. */
void fs_model_neigh_gc(struct fs_model *m);

/* Usable as a nexthop: a valid state with a MAC. */
bool fs_neigh_resolved(const struct fs_neigh *n);

void fs_model_mark_dirty(struct fs_model *m, struct fs_prefix *p);
void fs_model_mark_ps_dirty(struct fs_model *m, struct fs_pathset *ps);
/* Free a prefix that has no route, no desired and no applied entry. */
void fs_model_prefix_gc(struct fs_model *m, struct fs_prefix *p);

/* Bytes of an address of family. */
static inline int fs_addr_len(__u8 family)
{
	return family == AF_INET6 ? 16 : 4;
}

#endif /* FS_MODEL_H */
