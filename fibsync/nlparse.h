/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rtnetlink messages (links, neighbours, nexthop objects, routes) into
 * the plain structs of fibsync/kmsg.h, with libmnl's attribute walkers.
 * Dump answers and events parse alike.
 */
#ifndef FS_NLPARSE_H
#define FS_NLPARSE_H

#include <linux/netlink.h>
#include "kmsg.h"

enum fs_nl_kind {
	FS_NL_NONE,		/* of no concern (cloned routes, bridge fdb, ...) */
	FS_NL_LINK,
	FS_NL_NEIGH,
	FS_NL_NEXTHOP,
	FS_NL_ROUTE,
};

struct fs_nl_msg {
	enum fs_nl_kind kind;
	union {
		struct fs_link_msg link;
		struct fs_neigh_msg neigh;
		struct fs_nh_msg nh;
		struct fs_route_msg route;
	};
};

/* 0, or -EINVAL when the message is malformed. */
int fs_nl_parse(const struct nlmsghdr *nlh, struct fs_nl_msg *out);

#endif /* FS_NLPARSE_H */
