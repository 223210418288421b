/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A qdisc class's own counters, as `tc -s class show` prints them, read
 * over rtnetlink (an RTM_GETTCLASS dump of one interface) rather than from
 * tc's text: iproute2 6.1 prints no JSON for classes. The socket is made
 * inside the interface's network namespace and stays bound to it, so the
 * caller enters the namespace once, not per read.
 */
#ifndef CLOS_TC_STATS_H
#define CLOS_TC_STATS_H

#include <stdbool.h>
#include <linux/netlink.h>
#include <linux/types.h>
#include "err.h"

struct clos_tc_class_stats {
	__u32 classid;		/* in: the class wanted, TC_H_MAKE(major, minor) */
	bool found;		/* out: the interface has that class */
	__u64 sent_packets;
	__u64 sent_bytes;
	__u64 dropped;
	__u64 overlimits;
	__u64 backlog_bytes;	/* queued now */
	__u64 backlog_packets;
};

/* A route netlink socket in netns (NULL or "": ours). Returns the fd or a
 * negative errno, with err saying why. */
int clos_tc_stats_open(const char *netns, struct clos_err *err);

/* Fill the n classes of cls (their classid set by the caller) from the
 * classes the kernel has on ifindex now; a class it does not have keeps
 * found = false and zero counters. */
int clos_tc_class_stats_read(int fd, __u32 ifindex,
			     struct clos_tc_class_stats *cls, int n,
			     struct clos_err *err);

/* The counters of one RTM_NEWTCLASS message into *out (classid and found
 * untouched). -EINVAL when it is too short or carries no TCA_STATS2. For
 * the read above, and for tests on crafted messages. */
int clos_tc_class_msg_parse(const struct nlmsghdr *nh,
			    struct clos_tc_class_stats *out);

#endif /* CLOS_TC_STATS_H */
