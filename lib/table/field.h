/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One field of a table key or value, as described by struct clos_field:
 * read, write, parse from what the user typed, format, print (text or
 * JSON) and compare. Every table goes through these, whatever its layout.
 */
#ifndef CLOS_FIELD_H
#define CLOS_FIELD_H

#include <stdbool.h>
#include <stddef.h>
#include "err.h"
#include "jsonout.h"
#include "schema.h"

#define CLOS_FIELD_STRLEN	128

/* Integer fields (size 1, 2, 4 or 8; packed keys unpacked). */
__u64 clos_field_get(const struct clos_field *f, const void *buf);
void clos_field_put(const struct clos_field *f, void *buf, __u64 v);

/* Parse s into buf at f->offset. Returns 0; -EINVAL with why->msg a phrase
 * for "<field> '<s>': <why>"; or -ENOENT when s names something that does
 * not exist (a port), for "<field> '<s>' does not exist". */
int clos_field_parse(const struct clos_switch *sw, const struct clos_field *f,
		     const char *s, void *buf, struct clos_err *why);

/* The value as the user would type it. */
const char *clos_field_str(const struct clos_switch *sw,
			   const struct clos_field *f, const void *buf,
			   char *out, size_t len);

/* JSON: typed value under f->name; text: text_fmt applied to the string. */
void clos_field_print(const struct clos_switch *sw, const struct clos_field *f,
		      const void *buf, enum jout_mode mode,
		      const char *text_fmt);

int clos_field_cmp(const struct clos_field *f, const void *a, const void *b);
bool clos_field_is_zero(const struct clos_field *f, const void *buf);

#endif /* CLOS_FIELD_H */
