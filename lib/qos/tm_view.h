/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The traffic manager's live state as user space reads it: a port's model
 * (tm_state) copied and drained to the present with the
 * data path's own arithmetic (include/clos/tm_model.h), per class counters
 * (tm_stats, summed over CPUs), and clearing both.
 */
#ifndef CLOS_TM_VIEW_H
#define CLOS_TM_VIEW_H

#include "clos/abi.h"
#include "err.h"
#include "switch.h"

/* Now on the clock the data path uses (bpf_ktime_get_ns). */
__u64 clos_tm_now_ns(void);

/* Port's model as of now_ns: the backlog drained at rate_bps since it was
 * last updated (a port without traffic keeps the backlog of its last
 * packet in the map), max_backlog as recorded. */
int clos_tm_state_read(const struct clos_switch *sw, __u32 port,
		       __u64 rate_bps, __u64 now_ns, struct clos_tm_port *st);

/* Zero tm_stats and every port's max_backlog (the backlog stays: it is
 * the queue, not a counter). */
int clos_tm_clear(const struct clos_switch *sw, struct clos_err *err);

#endif /* CLOS_TM_VIEW_H */
