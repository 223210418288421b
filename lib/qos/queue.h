/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Queue mode's kernel queues: one HTB tree on each shaped port of a
 * queue-mode switch, applied by running tc (iproute2) inside the switch's
 * network namespace.
 *
 *   root qdisc htb 1: (default 1, so unclassified frames go to class 0)
 *   `-- class 1:100 rate = ceil = the port's rate
 *       |-- class 1:1 .. 1:8, one per traffic class tc (1:(tc+1)), the
 *           class the egress program picks with skb->priority
 * (the numbers are CLOS_HTB_* in include/clos/abi.h).
 *
 * Strict classes get a small guaranteed rate (1% of the port) and the
 * highest HTB priorities, highest class first; the weighted classes share
 * the rest of the port's rate in proportion to their weights and borrow
 * up to the port's rate, with DRR quanta in the same proportion. Every
 * class may borrow up to the port's rate (ceil). HTB serves a class below
 * its guaranteed rate before any class that borrows, so strict priority
 * holds for strict traffic within its guarantee (control frames, CNPs);
 * beyond it, strict classes win only the borrowed bandwidth. The kernel
 * here has no ets or prio qdisc to do better.
 *
 * Fast-mode switches have no kernel queue: their ports' rates only drive
 * the traffic manager's model.
 */
#ifndef CLOS_QUEUE_H
#define CLOS_QUEUE_H

#include <stdbool.h>
#include "clos/abi.h"
#include "err.h"
#include "switch.h"

#define CLOS_HTB_STRICT_PCT	1	/* strict classes' guaranteed share */

/* One HTB leaf class, 1:(tc+1). */
struct clos_queue_class {
	__u64 rate_bps;		/* guaranteed */
	__u64 ceil_bps;		/* may borrow up to */
	__u32 prio;		/* HTB priority, 0 served first */
	__u32 quantum;		/* bytes per DRR round among equal prio */
};

/* The classes of a port of rate_bps (> 0) under scheduler sched. */
void clos_queue_plan(__u64 rate_bps, const struct clos_tc_sched *sched,
		     struct clos_queue_class cls[CLOS_NUM_TC]);

/* Put the HTB tree of rate_bps and sched on interface ifname of netns
 * (NULL: ours), replacing what its root qdisc was; rate 0 removes the
 * tree. Re-applying updates the classes in place (no packet is lost). */
int clos_queue_apply(const char *netns, const char *ifname, __u64 rate_bps,
		     const struct clos_tc_sched *sched, struct clos_err *err);

/* Remove the HTB tree from ifname; nothing when its root qdisc is not
 * clos's (htb 1:). */
int clos_queue_remove(const char *netns, const char *ifname,
		      struct clos_err *err);

/* Does ifname's root qdisc look like clos's HTB tree? */
int clos_queue_present(const char *netns, const char *ifname, bool *present,
		       struct clos_err *err);

/* (Re)apply the HTB tree of switch sw's port from its tables: the port's
 * rate_bps and tc_sched. Does nothing (returns 0) for a fast-mode switch.
 * For closctl after a port's rate or a class's scheduling changed. */
int clos_queue_apply_port(const struct clos_switch *sw, __u32 port,
			  struct clos_err *err);

/* clos_queue_apply_port for every port of sw. */
int clos_queue_apply_all(const struct clos_switch *sw, struct clos_err *err);

#endif /* CLOS_QUEUE_H */
