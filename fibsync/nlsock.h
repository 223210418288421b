/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sync's rtnetlink sockets (libmnl), opened in the namespace the
 * process is in: one joined to the multicast groups of links, neighbours,
 * nexthop objects and IPv4/IPv6 routes, read without blocking; one for
 * dumps and requests. The event socket is joined before anything is
 * dumped, so no change falls between a dump and the events after it.
 */
#ifndef FS_NLSOCK_H
#define FS_NLSOCK_H

#include <linux/netlink.h>
#include "err.h"

struct mnl_socket;

struct fs_nl {
	struct mnl_socket *ev;		/* events */
	struct mnl_socket *req;		/* dumps and requests */
	unsigned int seq;
	char *buf;			/* one read's worth */
	size_t buflen;
};

typedef int (*fs_nl_cb)(const struct nlmsghdr *nlh, void *arg);

int fs_nl_open(struct fs_nl *nl, struct clos_err *err);
void fs_nl_close(struct fs_nl *nl);
int fs_nl_event_fd(const struct fs_nl *nl);

/* Dump every object of a kind (RTM_GETLINK, RTM_GETNEIGH, RTM_GETNEXTHOP,
 * RTM_GETROUTE) of family (AF_UNSPEC: all), cb on each message. cb's
 * non-zero return stops the dump and is returned. */
int fs_nl_dump(struct fs_nl *nl, int type, int family, fs_nl_cb cb, void *arg,
	       struct clos_err *err);

/* cb on the events queued now, at most max messages (*count of them),
 * without blocking. -ENOBUFS: the kernel dropped events (the socket
 * overran): only a full dump tells what changed. */
int fs_nl_events(struct fs_nl *nl, fs_nl_cb cb, void *arg, int max, int *count);

/* Ask the kernel to resolve a neighbour (NTF_USE: it sends an ARP
 * request or neighbour solicitation as if a packet were waiting). */
int fs_nl_solicit(struct fs_nl *nl, __u8 family, __u32 ifindex, const __u8 *addr);

#endif /* FS_NLSOCK_H */
