// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include "progress.h"

void roce_progress_init(struct roce_progress *p, bool on, uint64_t now_ns)
{
	p->on = on;
	p->shown = false;
	p->next_ns = now_ns + ROCE_PROGRESS_NS;
}

bool roce_progress_due(const struct roce_progress *p, uint64_t now_ns)
{
	return p->on && now_ns >= p->next_ns;
}

void roce_progress_show(struct roce_progress *p, uint64_t now_ns,
			const char *fmt, ...)
{
	va_list ap;

	if (!p->on)
		return;
	while (p->next_ns <= now_ns)
		p->next_ns += ROCE_PROGRESS_NS;
	/* \r and erase to the end of the line: the new text replaces the
	 * old even when shorter. */
	fputs("\r\033[K", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fflush(stderr);
	p->shown = true;
}

void roce_progress_end(struct roce_progress *p)
{
	if (p->shown)
		fputc('\n', stderr);
	p->shown = false;
}
