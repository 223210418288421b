/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The path the data path gives a flow: the data path's own decision
 * (include/clos/fib.h: route, ECMP member by the flow hash, nexthop,
 * egress port) over the switch's pinned tables. What `ip route get` is to
 * the kernel.
 */
#ifndef CLOS_PATH_H
#define CLOS_PATH_H

#include "err.h"
#include "flowkey.h"
#include "switch.h"

struct clos_path {
	char prefix[48];	/* the matching route, e.g. "10.1.2.0/24" */
	__u32 action;		/* enum clos_route_action */
	__u32 id;		/* nexthop id or group id, by action */
	__u32 hash;		/* flow hash (ECMP routes) */
	int slot;		/* ECMP member slot, -1 when not ECMP */
	__u32 nexthop;		/* valid when verdict is forwarded */
	__u32 port;
	__u8 dmac[6];
	int verdict;		/* enum clos_stat the packet meets: CLOS_STAT_FWD
				 * (or FWD_ECMP), or the drop or punt */
};

/* Resolve k on sw. Returns 0 with out filled (out->verdict says what the
 * packet meets, as the counters would name it), or a negative errno with
 * why when the tables cannot be read. */
int clos_path_resolve(const struct clos_switch *sw, const struct clos_flow_key *k,
		      struct clos_path *out, struct clos_err *why);

/* The prefix of sw's route table that holds k's destination longest, as
 * "10.1.2.0/24", or "-" when none does (closctl trace). */
void clos_path_prefix(const struct clos_switch *sw, const struct clos_flow_key *k,
		      char *buf, size_t len);

#endif /* CLOS_PATH_H */
