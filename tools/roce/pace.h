/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pacing a QP at a rate that changes under it (DCQCN's Rc): a token
 * bucket in bytes, filled at the rate in force since the last refill and
 * capped at a burst. A packet goes when the bucket is not empty and takes
 * its whole size (the bucket may go negative), so the long-run rate is
 * exact and a packet never waits for tokens it does not need yet.
 */
#ifndef CLOS_ROCE_PACE_H
#define CLOS_ROCE_PACE_H

#include <stdbool.h>
#include <stdint.h>

struct roce_pacer {
	double tokens;		/* bytes */
	double burst;		/* cap, bytes */
	uint64_t last_ns;
};

void roce_pacer_init(struct roce_pacer *p, uint32_t burst_bytes,
		     uint64_t now_ns);
/* Add what rate_bps earned since the last call. */
void roce_pacer_refill(struct roce_pacer *p, uint64_t rate_bps,
		       uint64_t now_ns);
bool roce_pacer_ready(const struct roce_pacer *p);
void roce_pacer_consume(struct roce_pacer *p, uint32_t bytes);
/* ns until ready at rate_bps (0: now). */
uint64_t roce_pacer_wait_ns(const struct roce_pacer *p, uint64_t rate_bps);

#endif /* CLOS_ROCE_PACE_H */
