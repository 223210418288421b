// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "metrics.h"

static bool buf_grow(struct mx_buf *b, size_t more)
{
	size_t cap = b->cap ? b->cap : 1024;
	char *s;

	while (cap - b->len < more + 1)
		cap *= 2;
	if (cap == b->cap)
		return true;
	s = realloc(b->s, cap);
	if (!s)
		return false;
	b->s = s;
	b->cap = cap;
	return true;
}

static bool buf_put(struct mx_buf *b, const char *s, size_t n)
{
	if (!buf_grow(b, n))
		return false;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
	return true;
}

static bool __attribute__((format(printf, 2, 3)))
buf_printf(struct mx_buf *b, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	return n >= 0 && (size_t)n < sizeof(tmp) && buf_put(b, tmp, n);
}

/* A label value as the format quotes it: backslash, double quote and
 * newline escaped (port names may hold quotes: issue 13). */
static bool buf_label_value(struct mx_buf *b, const char *v)
{
	bool ok = buf_put(b, "\"", 1);

	for (; ok && *v; v++) {
		if (*v == '\\')
			ok = buf_put(b, "\\\\", 2);
		else if (*v == '"')
			ok = buf_put(b, "\\\"", 2);
		else if (*v == '\n')
			ok = buf_put(b, "\\n", 2);
		else
			ok = buf_put(b, v, 1);
	}
	return ok && buf_put(b, "\"", 1);
}

static struct mx_family *family(struct mx *m, const struct mx_def *def)
{
	struct mx_family *f;
	int i;

	for (i = 0; i < m->n; i++)
		if (!strcmp(m->fam[i].name, def->name))
			return &m->fam[i];
	if (m->n == m->cap) {
		int cap = m->cap ? m->cap * 2 : 64;

		f = realloc(m->fam, cap * sizeof(*f));
		if (!f)
			return NULL;
		m->fam = f;
		m->cap = cap;
	}
	f = &m->fam[m->n++];
	memset(f, 0, sizeof(*f));
	snprintf(f->name, sizeof(f->name), "%s", def->name);
	snprintf(f->help, sizeof(f->help), "%s", def->help);
	f->type = def->type;
	return f;
}

static void add(struct mx *m, const struct mx_def *def,
		const char *const *labels, const char *value)
{
	struct mx_family *f = family(m, def);
	struct mx_buf *b;
	bool ok;
	int i;

	if (!f) {
		m->oom = true;
		return;
	}
	b = &f->samples;
	ok = buf_put(b, f->name, strlen(f->name));
	for (i = 0; ok && labels && labels[i]; i += 2) {
		ok = buf_put(b, i ? "," : "{", 1) &&
		     buf_put(b, labels[i], strlen(labels[i])) &&
		     buf_put(b, "=", 1) && buf_label_value(b, labels[i + 1]);
	}
	if (ok && i)
		ok = buf_put(b, "}", 1);
	ok = ok && buf_printf(b, " %s\n", value);
	if (!ok)
		m->oom = true;
}

void mx_add(struct mx *m, const struct mx_def *def, const char *const *labels,
	    double value)
{
	char v[64];

	/* %.17g keeps every bit of a double (durations in seconds). */
	snprintf(v, sizeof(v), "%.17g", value);
	add(m, def, labels, v);
}

void mx_add_u64(struct mx *m, const struct mx_def *def,
		const char *const *labels, unsigned long long value)
{
	char v[32];

	/* Exact as an integer; Prometheus keeps it as a float64. */
	snprintf(v, sizeof(v), "%llu", value);
	add(m, def, labels, v);
}

int mx_render(struct mx *m, char **out, size_t *len)
{
	struct mx_buf b = {};
	bool ok = !m->oom;
	const char *h;
	int i;

	for (i = 0; ok && i < m->n; i++) {
		const struct mx_family *f = &m->fam[i];

		/* HELP escapes backslash and newline only. */
		ok = buf_printf(&b, "# HELP %s ", f->name);
		for (h = f->help; ok && *h; h++)
			ok = *h == '\\' ? buf_put(&b, "\\\\", 2) :
			     *h == '\n' ? buf_put(&b, "\\n", 2) : buf_put(&b, h, 1);
		ok = ok && buf_printf(&b, "\n# TYPE %s %s\n", f->name,
				      f->type == MX_COUNTER ? "counter" : "gauge") &&
		     buf_put(&b, f->samples.s ? f->samples.s : "", f->samples.len);
	}
	if (!ok) {
		free(b.s);
		return -ENOMEM;
	}
	*out = b.s ? b.s : strdup("");
	*len = b.len;
	return *out ? 0 : -ENOMEM;
}

void mx_free(struct mx *m)
{
	int i;

	for (i = 0; i < m->n; i++)
		free(m->fam[i].samples.s);
	free(m->fam);
	memset(m, 0, sizeof(*m));
}
