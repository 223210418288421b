/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's routing objects as the sync reads them from rtnetlink
 * (fibsync/nlparse.c), in plain structs the model (fibsync/model.c) takes:
 * links, neighbours, nexthop objects and routes. Addresses are in network
 * order, as on the wire; the unit tests build these by hand.
 */
#ifndef FS_KMSG_H
#define FS_KMSG_H

#include <stdbool.h>
#include <linux/types.h>

/* Paths of a multipath route or members of a nexthop group kept; a route
 * with more is marked truncated (it cannot be taken anyway: a clos group
 * has at most CLOS_MAX_MEMBERS). */
#define FS_MAX_PATHS		32
#define FS_IFNAMSIZ		16

/* An IPv4 or IPv6 address; family 0: none. */
struct fs_ip {
	__u8 family;		/* AF_INET, AF_INET6 or 0 */
	__u8 a[16];		/* 4 bytes used for AF_INET */
};

/* One way out: a gateway on a device, or the device alone (on-link). */
struct fs_path {
	struct fs_ip gw;
	__u32 oif;
	__u16 weight;		/* 1.. (rtnh_hops + 1) */
};

struct fs_link_msg {
	bool del;
	__u32 ifindex;
	__u32 flags;		/* IFF_* */
	char name[FS_IFNAMSIZ];
};

struct fs_neigh_msg {
	bool del;
	__u8 family;
	__u32 ifindex;
	__u8 addr[16];
	__u16 state;		/* NUD_* */
	bool has_mac;
	__u8 mac[6];
};

struct fs_nh_msg {
	bool del;
	__u32 id;
	bool blackhole;
	bool fdb;
	bool encap;
	bool group;
	bool resilient;		/* NEXTHOP_GRP_TYPE_RES */
	bool truncated;
	struct fs_path path;	/* a single nexthop */
	int n;			/* a group's members */
	struct {
		__u32 id;
		__u16 weight;
	} m[FS_MAX_PATHS];
};

struct fs_route_msg {
	bool del;
	bool replace;		/* NLM_F_REPLACE */
	bool append;		/* NLM_F_APPEND */
	__u8 family;
	__u8 plen;
	__u8 tos;
	__u8 type;		/* RTN_* */
	__u8 proto;		/* RTPROT_* */
	__u8 scope;
	__u32 table;
	__u32 priority;
	__u8 dst[16];
	__u32 nhid;		/* RTA_NH_ID; 0: paths */
	bool encap;
	bool truncated;
	int n;
	struct fs_path p[FS_MAX_PATHS];
};

#endif /* FS_KMSG_H */
