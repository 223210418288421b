/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A switch's counters and state as Prometheus metrics: every map read
 * goes through libclos, the code closctl reads them with (clos_percpu_sum,
 * the tables, the queue model's view, the punt policer, the kernel queues'
 * stats, the FIB sync's status file), so the numbers are closctl's.
 */
#ifndef CLOS_EXPORTER_COLLECT_H
#define CLOS_EXPORTER_COLLECT_H

#include "metrics.h"
#include "switch.h"

/* Everything of switch name into m. A switch that cannot be read gets
 * clos_switch_up 0 and nothing else; returns 0 when it was read whole,
 * else -1 (the message logged). */
int collect_switch(struct mx *m, const char *name);

/* The switches pinned under the pin root, in name order, into names
 * (room for max); the number found, or a negative errno. */
int collect_switch_names(char (*names)[CLOS_SWITCH_NAMSIZ], int max);

#endif /* CLOS_EXPORTER_COLLECT_H */
