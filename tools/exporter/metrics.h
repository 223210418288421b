/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Prometheus' text exposition format (version 0.0.4), built in memory:
 * samples are added in any order and grouped by metric family, each family
 * written once with its HELP and TYPE lines, as the format requires.
 */
#ifndef CLOS_EXPORTER_METRICS_H
#define CLOS_EXPORTER_METRICS_H

#include <stdbool.h>
#include <stddef.h>

enum mx_type {
	MX_COUNTER,
	MX_GAUGE,
};

/* A metric family: its full name (counters end in _total) and help. */
struct mx_def {
	const char *name;
	enum mx_type type;
	const char *help;
};

struct mx_buf {
	char *s;
	size_t len, cap;
};

struct mx_family {
	char name[128];
	enum mx_type type;
	char help[256];
	struct mx_buf samples;
};

struct mx {
	struct mx_family *fam;
	int n, cap;
	bool oom;		/* a sample was lost: the scrape fails */
};

/* labels: name, value, name, value, ..., NULL. Values are escaped;
 * names must be valid label names. */
void mx_add(struct mx *m, const struct mx_def *def, const char *const *labels,
	    double value);
void mx_add_u64(struct mx *m, const struct mx_def *def,
		const char *const *labels, unsigned long long value);

/* Everything added so far as one text in out (malloc'd, *len bytes);
 * -ENOMEM when a sample or the text could not be kept. */
int mx_render(struct mx *m, char **out, size_t *len);
void mx_free(struct mx *m);

#endif /* CLOS_EXPORTER_METRICS_H */
