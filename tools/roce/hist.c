// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include "hist.h"

void roce_hist_init(struct roce_hist *h)
{
	memset(h, 0, sizeof(*h));
	h->min = UINT64_MAX;
}

/* Values below ROCE_HIST_SUB have a bucket each; above, a power of two
 * 2^e holds ROCE_HIST_SUB buckets of width 2^(e - SUB_BITS). */
static unsigned int bucket_of(uint64_t v)
{
	unsigned int e, shift;

	if (v < ROCE_HIST_SUB)
		return v;
	e = 63 - __builtin_clzll(v);
	if (e >= ROCE_HIST_MAX_BITS)
		return ROCE_HIST_BUCKETS - 1;
	shift = e - ROCE_HIST_SUB_BITS;
	return (shift + 1) * ROCE_HIST_SUB + (unsigned int)(v >> shift) -
	       ROCE_HIST_SUB;
}

static uint64_t bucket_mid(unsigned int i)
{
	unsigned int shift;

	if (i < ROCE_HIST_SUB)
		return i;
	shift = i / ROCE_HIST_SUB - 1;
	return ((uint64_t)(ROCE_HIST_SUB + i % ROCE_HIST_SUB) << shift) +
	       ((1ull << shift) >> 1);
}

void roce_hist_add(struct roce_hist *h, uint64_t v)
{
	h->bucket[bucket_of(v)]++;
	h->count++;
	h->sum += v;
	if (v < h->min)
		h->min = v;
	if (v > h->max)
		h->max = v;
}

void roce_hist_merge(struct roce_hist *dst, const struct roce_hist *src)
{
	unsigned int i;

	if (!src->count)
		return;
	for (i = 0; i < ROCE_HIST_BUCKETS; i++)
		dst->bucket[i] += src->bucket[i];
	dst->count += src->count;
	dst->sum += src->sum;
	if (src->min < dst->min)
		dst->min = src->min;
	if (src->max > dst->max)
		dst->max = src->max;
}

uint64_t roce_hist_quantile(const struct roce_hist *h, double q)
{
	uint64_t rank, seen = 0, v;
	unsigned int i;

	if (!h->count)
		return 0;
	if (q <= 0)
		return h->min;
	if (q >= 1)
		return h->max;
	rank = (uint64_t)(q * h->count);
	if (rank < q * h->count || !rank)
		rank++;
	for (i = 0; i < ROCE_HIST_BUCKETS; i++) {
		seen += h->bucket[i];
		if (seen >= rank)
			break;
	}
	v = bucket_mid(i < ROCE_HIST_BUCKETS ? i : ROCE_HIST_BUCKETS - 1);
	return v < h->min ? h->min : v > h->max ? h->max : v;
}

double roce_hist_mean(const struct roce_hist *h)
{
	return h->count ? (double)h->sum / h->count : 0;
}
