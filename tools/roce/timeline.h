/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Samples over time (--timeline MS): every interval, one value per QP for
 * each named series (rate, goodput, CNPs...). A row holds the QPs that
 * existed then (a server gains QPs as clients come). Printed under -j as
 *
 *   "timeline": {"interval_ms": 10, "series": ["rate_bps", ...],
 *                "samples": [{"t_ms": 10.02, "rate_bps": [q0, q1, ...],
 *                             ...}, ...]}
 *
 * t_ms counts from the start of the run; a row's arrays follow the order of
 * the report's "qps".
 */
#ifndef CLOS_ROCE_TIMELINE_H
#define CLOS_ROCE_TIMELINE_H

#include <stdbool.h>
#include <stdint.h>

struct roce_tl_row {
	uint64_t t_ns;		/* since start */
	uint32_t n;		/* QPs */
	uint64_t *v;		/* [series * n + qp] */
};

struct roce_timeline {
	uint64_t interval_ns;	/* 0: off */
	uint64_t start_ns;
	uint64_t next_ns;
	uint64_t last_ns;	/* of the last row (start at first) */
	uint32_t nseries;
	const char *const *names;
	uint32_t rows;
	uint32_t cap;
	struct roce_tl_row *row;
};

void roce_tl_init(struct roce_timeline *tl, uint32_t interval_ms,
		  uint64_t start_ns, uint32_t nseries,
		  const char *const *names);
bool roce_tl_due(const struct roce_timeline *tl, uint64_t now_ns);
/* A new row at now for n QPs: the caller fills [series * n + qp]. The
 * time since the previous row is now_ns - tl->last_ns before the call.
 * NULL when out of memory (the sample is skipped). */
uint64_t *roce_tl_add(struct roce_timeline *tl, uint64_t now_ns, uint32_t n);
/* The "timeline" member of the open JSON object (jsonout.h); in text a
 * one-line note. */
void roce_tl_print(const struct roce_timeline *tl);
void roce_tl_free(struct roce_timeline *tl);

#endif /* CLOS_ROCE_TIMELINE_H */
