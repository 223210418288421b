/* SPDX-License-Identifier: GPL-2.0 */
/* The live progress line of long runs: one line on stderr, rewritten in
 * place once a second, when stderr is a terminal or --progress asks. */
#ifndef CLOS_ROCE_PROGRESS_H
#define CLOS_ROCE_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

#define ROCE_PROGRESS_NS	1000000000ull

struct roce_progress {
	bool on;
	bool shown;		/* a line is on the screen */
	uint64_t next_ns;
};

void roce_progress_init(struct roce_progress *p, bool on, uint64_t now_ns);
bool roce_progress_due(const struct roce_progress *p, uint64_t now_ns);
/* Replace the line; schedules the next one. */
void roce_progress_show(struct roce_progress *p, uint64_t now_ns,
			const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* End the line (before the report). */
void roce_progress_end(struct roce_progress *p);

#endif /* CLOS_ROCE_PROGRESS_H */
