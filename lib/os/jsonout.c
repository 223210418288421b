// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include "jsonout.h"

#define JOUT_MAX_DEPTH	16

static struct {
	bool json;
	int flags;			/* json-c to_string flags */
	bool failed;			/* an error replaced the document */
	json_object *stack[JOUT_MAX_DEPTH];
	int depth;
	const char *member;		/* jout_open_member()'s key */
	int member_depth;		/* ... at this depth */
	bool member_used;
	char error_prefix[128];
	unsigned int errors;
} jo;

/* The length of the valid UTF-8 sequence at s (n bytes there), 0 when s
 * starts none. The second byte's range rules out overlong forms (E0, F0),
 * surrogates (ED) and code points past U+10FFFF (F4). */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t len, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return len;
}

/* s as valid UTF-8 (malloc'd, NUL-terminated, *out_len bytes), or NULL
 * when it is valid already. */
static char *utf8_clean(const char *s, size_t len, size_t *out_len)
{
	static const char fffd[] = "\xef\xbf\xbd";
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, o = 0, n;
	char *out;

	while (i < len && (n = utf8_seq(p + i, len - i)))
		i += n;
	if (i == len)
		return NULL;
	out = malloc(len * 3 + 1);	/* at worst every byte becomes U+FFFD */
	if (!out)
		return NULL;
	memcpy(out, s, i);
	o = i;
	while (i < len) {
		n = utf8_seq(p + i, len - i);
		if (n) {
			memcpy(out + o, s + i, n);
			o += n;
			i += n;
		} else {
			memcpy(out + o, fffd, 3);
			o += 3;
			i++;
		}
	}
	out[o] = '\0';
	*out_len = o;
	return out;
}

struct json_object *jout_json_string_len(const char *s, size_t len)
{
	json_object *v;
	size_t n;
	char *clean = utf8_clean(s, len, &n);

	if (!clean)
		return json_object_new_string_len(s, len);
	v = json_object_new_string_len(clean, n);
	free(clean);
	return v;
}

struct json_object *jout_json_string(const char *s)
{
	return jout_json_string_len(s, strlen(s));
}

void jout_init(bool json, bool pretty)
{
	jo.json = json;
	/* "/" stays "/": prefixes are printed as 10.0.0.0/8, not 10.0.0.0\/8. */
	jo.flags = JSON_C_TO_STRING_NOSLASHESCAPE |
		   (pretty ? JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED
			   : JSON_C_TO_STRING_PLAIN);
}

bool jout_is_json(void)
{
	return jo.json;
}

static void release(void)
{
	if (jo.depth > 0)
		json_object_put(jo.stack[0]);
	jo.depth = 0;
}

/* Attach v to the open container; a lone value becomes the document. */
static void attach(const char *key, json_object *v)
{
	json_object *top;

	if (jo.failed) {
		json_object_put(v);
		return;
	}
	if (jo.depth == 0) {
		jo.stack[jo.depth++] = v;
		return;
	}
	if (!key && jo.member && jo.depth == jo.member_depth &&
	    !jo.member_used) {
		key = jo.member;
		jo.member_used = true;
	}
	top = jo.stack[jo.depth - 1];
	if (json_object_is_type(top, json_type_array)) {
		json_object_array_add(top, v);
	} else {
		size_t n;
		char *clean = key ? utf8_clean(key, strlen(key), &n) : NULL;

		json_object_object_add(top, clean ? clean : key ? key : "", v);
		free(clean);
	}
}

static void open_container(const char *key, json_object *c)
{
	if (!jo.json)
		return;
	if (jo.failed || jo.depth == JOUT_MAX_DEPTH) {
		json_object_put(c);
		return;
	}
	attach(key, json_object_get(c));
	/* attach() made it the root when nothing was open; else push it. */
	if (jo.stack[0] != c)
		jo.stack[jo.depth++] = c;
	json_object_put(c);
}

void jout_open_object(const char *key)
{
	if (jo.json)
		open_container(key, json_object_new_object());
}

void jout_open_array(const char *key)
{
	if (jo.json)
		open_container(key, json_object_new_array());
}

static void close_container(void)
{
	/* The root stays on the stack until jout_finish() prints it. */
	if (jo.json && jo.depth > 1)
		jo.depth--;
}

void jout_close_object(void)
{
	close_container();
}

void jout_close_array(void)
{
	close_container();
}

void jout_string(enum jout_mode mode, const char *key, const char *fmt,
		 const char *value)
{
	if (jo.json && (mode & JOUT_JSON))
		attach(key, jout_json_string(value));
	else if (!jo.json && (mode & JOUT_TEXT) && fmt)
		printf(fmt, value);
}

void jout_uint(enum jout_mode mode, const char *key, const char *fmt,
	       unsigned long long value)
{
	if (jo.json && (mode & JOUT_JSON))
		attach(key, json_object_new_uint64(value));
	else if (!jo.json && (mode & JOUT_TEXT) && fmt)
		printf(fmt, value);
}

void jout_double(enum jout_mode mode, const char *key, const char *fmt,
		 double value)
{
	char str[32];

	if (jo.json && (mode & JOUT_JSON)) {
		snprintf(str, sizeof(str), "%.10g", value);
		attach(key, json_object_new_double_s(value, str));
	} else if (!jo.json && (mode & JOUT_TEXT) && fmt) {
		printf(fmt, value);
	}
}

void jout_bool(enum jout_mode mode, const char *key, const char *fmt,
	       bool value)
{
	if (jo.json && (mode & JOUT_JSON))
		attach(key, json_object_new_boolean(value));
	else if (!jo.json && (mode & JOUT_TEXT) && fmt)
		printf(fmt, value ? "yes" : "no");
}

void jout_null(const char *key)
{
	if (jo.json)
		attach(key, NULL);
}

void jout_open_member(const char *key)
{
	jo.member = key;
	jo.member_depth = jo.depth;
	jo.member_used = false;
}

void jout_close_member(void)
{
	const char *key = jo.member;

	jo.member = NULL;
	if (jo.json && key && !jo.member_used && jo.depth == jo.member_depth)
		attach(key, NULL);
}

void jout_text(const char *fmt, ...)
{
	va_list ap;

	if (jo.json)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

void jout_error(const char *fmt, ...)
{
	char msg[1024], full[sizeof(msg) + sizeof(jo.error_prefix)];
	json_object *o;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	jo.errors++;
	if (!jo.json) {
		fflush(stdout);
		fprintf(stderr, "Error: %s%s\n", jo.error_prefix, msg);
		return;
	}
	if (jo.failed)
		return;
	release();
	jo.failed = true;
	o = json_object_new_object();
	snprintf(full, sizeof(full), "%s%s", jo.error_prefix, msg);
	json_object_object_add(o, "error", jout_json_string(full));
	printf("%s\n", json_object_to_json_string_ext(o, jo.flags));
	json_object_put(o);
}

int jout_fail(int ret, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	jout_error("%s", msg);
	return ret;
}

void jout_error_prefix(const char *prefix)
{
	if (prefix)
		snprintf(jo.error_prefix, sizeof(jo.error_prefix), "%s: ",
			 prefix);
	else
		jo.error_prefix[0] = '\0';
}

unsigned int jout_error_count(void)
{
	return jo.errors;
}

void jout_finish(void)
{
	if (jo.json && !jo.failed && jo.depth > 0)
		printf("%s\n", json_object_to_json_string_ext(jo.stack[0],
							      jo.flags));
	release();
	fflush(stdout);
}

struct json_object *jout_json_get(struct json_object *o, const char *path)
{
	char key[64];
	const char *dot;
	size_t n;

	while (o && *path) {
		dot = strchrnul(path, '.');
		n = (size_t)(dot - path) < sizeof(key) ? (size_t)(dot - path) : sizeof(key) - 1;
		memcpy(key, path, n);
		key[n] = '\0';
		if (!json_object_object_get_ex(o, key, &o))
			return NULL;
		path = *dot ? dot + 1 : dot;
	}
	return o;
}
