// SPDX-License-Identifier: GPL-2.0
#include "pace.h"

void roce_pacer_init(struct roce_pacer *p, uint32_t burst_bytes,
		     uint64_t now_ns)
{
	p->burst = burst_bytes;
	p->tokens = 0;
	p->last_ns = now_ns;
}

void roce_pacer_refill(struct roce_pacer *p, uint64_t rate_bps,
		       uint64_t now_ns)
{
	if (now_ns <= p->last_ns)
		return;
	p->tokens += (double)(now_ns - p->last_ns) * rate_bps / 8e9;
	if (p->tokens > p->burst)
		p->tokens = p->burst;
	p->last_ns = now_ns;
}

bool roce_pacer_ready(const struct roce_pacer *p)
{
	return p->tokens > 0;
}

void roce_pacer_consume(struct roce_pacer *p, uint32_t bytes)
{
	p->tokens -= bytes;
}

uint64_t roce_pacer_wait_ns(const struct roce_pacer *p, uint64_t rate_bps)
{
	if (p->tokens > 0)
		return 0;
	if (!rate_bps)
		return UINT64_MAX;
	/* Just past the point where the bucket turns positive. */
	return (uint64_t)(-p->tokens * 8e9 / rate_bps) + 1;
}
