/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's own numbers for queue mode's queues: per port and traffic
 * class, the counters of the HTB leaf class 1:(tc+1) that lib/queue.h
 * builds, read over rtnetlink inside the switch's namespace. Fast-mode
 * switches, and ports without a rate, have no kernel queue.
 */
#ifndef CLOS_QUEUE_STATS_H
#define CLOS_QUEUE_STATS_H

#include <stdbool.h>
#include "clos/abi.h"
#include "err.h"
#include "switch.h"
#include "tc_stats.h"

struct clos_queue_stats {
	int fd;			/* -1: the switch has no kernel queues */
};

/* Ready to read sw's queues: a socket in its namespace when it runs in
 * queue mode, none in fast mode. */
int clos_queue_stats_open(const struct clos_switch *sw,
			  struct clos_queue_stats *qs, struct clos_err *err);
void clos_queue_stats_close(struct clos_queue_stats *qs);

/* Does port p have a kernel queue (queue mode and a rate)? */
bool clos_queue_stats_queued(const struct clos_queue_stats *qs,
			     const struct clos_port *p);

/* The classes of port p, cls[tc] for HTB class 1:(tc+1). Call only when
 * clos_queue_stats_queued(); a class the port lacks (its tree removed by
 * hand) comes back with found = false. */
int clos_queue_stats_port(const struct clos_queue_stats *qs,
			  const struct clos_port *p,
			  struct clos_tc_class_stats cls[CLOS_NUM_TC],
			  struct clos_err *err);

#endif /* CLOS_QUEUE_STATS_H */
