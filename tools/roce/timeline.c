// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>
#include "jsonout.h"
#include "timeline.h"

void roce_tl_init(struct roce_timeline *tl, uint32_t interval_ms,
		  uint64_t start_ns, uint32_t nseries,
		  const char *const *names)
{
	memset(tl, 0, sizeof(*tl));
	tl->interval_ns = interval_ms * 1000000ull;
	tl->start_ns = tl->last_ns = start_ns;
	tl->next_ns = start_ns + tl->interval_ns;
	tl->nseries = nseries;
	tl->names = names;
}

bool roce_tl_due(const struct roce_timeline *tl, uint64_t now_ns)
{
	return tl->interval_ns && now_ns >= tl->next_ns;
}

uint64_t *roce_tl_add(struct roce_timeline *tl, uint64_t now_ns, uint32_t n)
{
	struct roce_tl_row *r;

	/* A late loop skips the ticks it missed: rows carry their time. */
	while (tl->next_ns <= now_ns)
		tl->next_ns += tl->interval_ns;
	tl->last_ns = now_ns;
	if (tl->rows == tl->cap) {
		uint32_t cap = tl->cap ? tl->cap * 2 : 256;
		struct roce_tl_row *rows = realloc(tl->row, cap * sizeof(*rows));

		if (!rows)
			return NULL;
		tl->row = rows;
		tl->cap = cap;
	}
	r = &tl->row[tl->rows];
	r->t_ns = now_ns - tl->start_ns;
	r->n = n;
	r->v = calloc((size_t)tl->nseries * (n ? n : 1), sizeof(*r->v));
	if (!r->v)
		return NULL;
	tl->rows++;
	return r->v;
}

void roce_tl_print(const struct roce_timeline *tl)
{
	uint32_t i, s, q;

	if (!tl->interval_ns)
		return;
	jout_text("timeline: %u samples every %llu ms (in the JSON output, -j)\n",
		  tl->rows, (unsigned long long)(tl->interval_ns / 1000000));
	if (!jout_is_json())
		return;
	jout_open_object("timeline");
	jout_uint(JOUT_JSON, "interval_ms", NULL, tl->interval_ns / 1000000);
	jout_open_array("series");
	for (s = 0; s < tl->nseries; s++)
		jout_string(JOUT_JSON, NULL, NULL, tl->names[s]);
	jout_close_array();
	jout_open_array("samples");
	for (i = 0; i < tl->rows; i++) {
		const struct roce_tl_row *r = &tl->row[i];

		jout_open_object(NULL);
		jout_double(JOUT_JSON, "t_ms", NULL, r->t_ns / 1e6);
		for (s = 0; s < tl->nseries; s++) {
			jout_open_array(tl->names[s]);
			for (q = 0; q < r->n; q++)
				jout_uint(JOUT_JSON, NULL, NULL, r->v[s * r->n + q]);
			jout_close_array();
		}
		jout_close_object();
	}
	jout_close_array();
	jout_close_object();
}

void roce_tl_free(struct roce_timeline *tl)
{
	uint32_t i;

	for (i = 0; i < tl->rows; i++)
		free(tl->row[i].v);
	free(tl->row);
	memset(tl, 0, sizeof(*tl));
}
