/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The FIB sync's tests without netlink: a model fed with hand-made kernel
 * messages (fibsync/kmsg.h), translated, and written to a backend that
 * keeps its tables in memory and logs every operation in order, so a test
 * checks what the tables hold and in which order they changed.
 *
 * The switch of these tests: ports 0..3 are ifindex 2..5 ("eth1".."eth4");
 * ifindex 9 ("eth9") is no clos port. Neighbour n on a port has MAC
 * 02:ee:00:00:00:nn.
 */
#ifndef CLOS_TEST_FIBSYNC_FX_H
#define CLOS_TEST_FIBSYNC_FX_H

#include <stdbool.h>
#include "ids.h"
#include "model.h"
#include "writer.h"

#define FSX_PORTS		4
#define FSX_IFINDEX(port)	((port) + 2)
#define FSX_NOT_PORT		9
#define FSX_LOG_MAX		4096
#define FSX_ROUTES_MAX		4096

/* The in-memory tables. */
struct fsx_route {
	bool on;
	__u8 family, plen;
	__u8 addr[16];
	struct clos_route rt;
};

struct fsx {
	struct fs_model m;
	struct fs_ids ids;
	struct fs_backend be;
	struct fs_write_stats st;
	/* The tables. */
	struct clos_nexthop nh[CLOS_MAX_NEXTHOPS];
	bool group_on[CLOS_MAX_GROUPS];
	__u8 group_kind[CLOS_MAX_GROUPS];
	int group_n[CLOS_MAX_GROUPS];
	__u32 group_member[CLOS_MAX_GROUPS][CLOS_MAX_MEMBERS];
	__u32 group_like[CLOS_MAX_GROUPS];	/* like of its last write */
	struct fsx_route routes[FSX_ROUTES_MAX];
	int route_room;		/* routes the table takes (0: FSX_ROUTES_MAX) */
	/* The operations, in order: "nh+ 2048", "grp+ 128", "rt+ 10.8.0.0/16",
	 * "rt- ...", "grp- 128", "nh- 2048". */
	char log[FSX_LOG_MAX][64];
	int nlog;
	int errors;
};

/* A fresh model, ids and backend (the tables empty). */
struct fsx *fsx_new(void);
void fsx_free(struct fsx *x);

/* Kernel messages. paths: "GW@IFINDEX" or "@IFINDEX" (on-link), comma
 * separated, "GW@IFINDEX*W" for a weight; prefix "10.8.0.0/16" or
 * "2001:db8:8::/64". */
void fsx_route(struct fsx *x, const char *prefix, const char *paths);
void fsx_route_metric(struct fsx *x, const char *prefix, const char *paths,
		      __u32 metric);
void fsx_route_nhid(struct fsx *x, const char *prefix, __u32 nhid);
void fsx_route_type(struct fsx *x, const char *prefix, __u8 table, __u8 type);
/* IPv6's way: one path added, one deleted. */
void fsx_route6_append(struct fsx *x, const char *prefix, const char *path);
void fsx_route_del(struct fsx *x, const char *prefix, const char *paths);
void fsx_route_del_metric(struct fsx *x, const char *prefix, __u32 metric);
/* A neighbour: MAC 02:ee:00:00:00:<mac_byte>; state NUD_*; del. */
void fsx_neigh(struct fsx *x, const char *addr, __u32 ifindex, __u8 mac_byte,
	       __u16 state);
void fsx_neigh_del(struct fsx *x, const char *addr, __u32 ifindex);
/* Nexthop objects: a gateway, or a group "1,2,3" (ids; "1*2" a weight). */
void fsx_nh(struct fsx *x, __u32 id, const char *gw, __u32 ifindex);
void fsx_nh_group(struct fsx *x, __u32 id, const char *members, bool resilient);
void fsx_nh_del(struct fsx *x, __u32 id);

/* Translate and write; the log restarts. */
void fsx_sync(struct fsx *x);

/* The wanted entry of a prefix (aborts when the model has none). */
struct fs_prefix *fsx_prefix(struct fsx *x, const char *prefix);
/* What the in-memory table holds for prefix (NULL: nothing). */
const struct clos_route *fsx_table_route(struct fsx *x, const char *prefix);
/* The position of the first log line starting with s, or -1. */
int fsx_logged(const struct fsx *x, const char *s);
/* Log lines starting with s. */
int fsx_logged_count(const struct fsx *x, const char *s);
/* Routes the table holds. */
int fsx_table_routes(const struct fsx *x);

/* The MAC of neighbour byte b. */
void fsx_mac(__u8 b, __u8 mac[6]);

#endif /* CLOS_TEST_FIBSYNC_FX_H */
