/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A latency histogram with bounded relative error (log-linear buckets, as
 * HdrHistogram): each power of two is split into 64 buckets, so a
 * percentile is off by less than 1/64 (1.6%) of its value, in fixed
 * memory however many samples come.
 */
#ifndef CLOS_ROCE_HIST_H
#define CLOS_ROCE_HIST_H

#include <stdint.h>

#define ROCE_HIST_SUB_BITS	6
#define ROCE_HIST_SUB		(1u << ROCE_HIST_SUB_BITS)
/* Values up to 2^40 ns (18 minutes); larger ones land in the last bucket. */
#define ROCE_HIST_MAX_BITS	40
#define ROCE_HIST_BUCKETS	((ROCE_HIST_MAX_BITS - ROCE_HIST_SUB_BITS + 1) * \
				 ROCE_HIST_SUB)

struct roce_hist {
	uint64_t count;
	uint64_t sum;
	uint64_t min;
	uint64_t max;
	uint32_t bucket[ROCE_HIST_BUCKETS];
};

void roce_hist_init(struct roce_hist *h);
void roce_hist_add(struct roce_hist *h, uint64_t v);
void roce_hist_merge(struct roce_hist *dst, const struct roce_hist *src);
/* The value at quantile q (0..1): the middle of its bucket, within
 * [min, max]. 0 when empty. */
uint64_t roce_hist_quantile(const struct roce_hist *h, double q);
double roce_hist_mean(const struct roce_hist *h);

#endif /* CLOS_ROCE_HIST_H */
