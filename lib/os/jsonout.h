/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One print path for text and JSON, after iproute2's json_print: each value
 * is printed by one call that says how it looks in text (a printf format)
 * and under which key it goes in JSON. Text goes straight to stdout; JSON is
 * built with json-c and printed once by jout_finish(), so an error half-way
 * through prints {"error": ...} instead of a broken document.
 */
#ifndef CLOS_JSONOUT_H
#define CLOS_JSONOUT_H

#include <stdbool.h>
#include <stddef.h>

enum jout_mode {
	JOUT_TEXT = 1,		/* text output only */
	JOUT_JSON = 2,		/* JSON output only */
	JOUT_ANY = 3,		/* both */
};

void jout_init(bool json, bool pretty);
bool jout_is_json(void);

/* Containers exist in JSON only. key is NULL inside an array and at the
 * top level. */
void jout_open_object(const char *key);
void jout_close_object(void);
void jout_open_array(const char *key);
void jout_close_array(void);

/* fmt is the text format for the value (NULL: nothing printed in text). */
void jout_string(enum jout_mode mode, const char *key, const char *fmt,
		 const char *value);
void jout_uint(enum jout_mode mode, const char *key, const char *fmt,
	       unsigned long long value);
/* A decimal number (a percentage): JSON prints it with at most 10
 * significant digits, 5 rather than 5.0; text applies fmt to value. */
void jout_double(enum jout_mode mode, const char *key, const char *fmt,
		 double value);
/* Text prints fmt with "yes" or "no". */
void jout_bool(enum jout_mode mode, const char *key, const char *fmt,
	       bool value);
/* JSON only: key is null (a value that does not exist here). */
void jout_null(const char *key);
/* Text only: free-form text (headers, padding, newlines). */
void jout_text(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Report a failure: "Error: ..." on stderr in text mode; in JSON mode the
 * document built so far is dropped and {"error": "..."} goes to stdout. */
void jout_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* jout_error(), returning ret: `return jout_fail(-1, "no port %s", name);` */
int jout_fail(int ret, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Put "PREFIX: " before every error message from now on (NULL: nothing),
 * so that closctl batch can say which line a command's error is from. */
void jout_error_prefix(const char *prefix);
/* How many errors were reported so far. */
unsigned int jout_error_count(void);

/* Commands run one after another into one document (closctl batch): what
 * the next command prints as a document of its own (the first value it
 * attaches with a NULL key here) goes under key in the object open now.
 * jout_close_member() ends that; key is null if the command printed
 * nothing. */
void jout_open_member(const char *key);
void jout_close_member(void);

/* Print the JSON document (if any) and release it. Call once at exit. */
void jout_finish(void);

/* Every string clos puts in JSON goes through these, here and wherever
 * json-c is used directly: a JSON text must be UTF-8 (RFC 8259), and
 * names and messages may hold any bytes (an interface name, a batch line).
 * Each byte that does not start a valid UTF-8 sequence (RFC 3629: no
 * overlong forms, surrogates or code points past U+10FFFF; a sequence cut
 * short counts byte by byte) becomes U+FFFD, the replacement character.
 * A new json-c string; s need not be NUL-terminated for the _len form. */
struct json_object;
struct json_object *jout_json_string(const char *s);
struct json_object *jout_json_string_len(const char *s, size_t len);

/* The member at a dotted path ("a.b.c", each name under 64 bytes) of o, or
 * NULL: for reading the JSON files other tools write (clos-fibsync's). */
struct json_object *jout_json_get(struct json_object *o, const char *path);

#endif /* CLOS_JSONOUT_H */
