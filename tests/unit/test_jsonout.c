// SPDX-License-Identifier: GPL-2.0
/*
 * lib/os/jsonout.c: whatever bytes a name or a message holds, -j prints
 * valid UTF-8. Each byte that starts no valid sequence becomes one U+FFFD;
 * valid text passes unchanged. A JSON parser that validates UTF-8
 * (json-c's JSON_TOKENER_VALIDATE_UTF8, strict) takes every document.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <json-c/json.h>
#include <criterion/criterion.h>
#include "jsonout.h"

#define R "\xef\xbf\xbd"	/* U+FFFD */

static const struct {
	const char *what, *in, *out;
} cases[] = {
	{ "ASCII", "eth1", "eth1" },
	{ "two bytes", "caf\xc3\xa9", "caf\xc3\xa9" },
	{ "three bytes", "\xe2\x82\xac 5", "\xe2\x82\xac 5" },
	{ "four bytes", "\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80" },
	{ "U+FFFF and U+10FFFF", "\xef\xbf\xbf\xf4\x8f\xbf\xbf", "\xef\xbf\xbf\xf4\x8f\xbf\xbf" },
	{ "0xff 0xfe", "e\xff\xfe", "e" R R },
	{ "a lone continuation byte", "a\x80z", "a" R "z" },
	{ "a sequence cut short", "port \xe2\x82", "port " R R },
	{ "cut short before ASCII", "\xe2\x82x", R R "x" },
	{ "overlong two bytes", "\xc0\xaf", R R },
	{ "overlong three bytes", "\xe0\x80\xaf", R R R },
	{ "overlong four bytes", "\xf0\x8f\xbf\xbf", R R R R },
	{ "a UTF-16 surrogate", "\xed\xa0\x80", R R R },
	{ "past U+10FFFF", "\xf4\x90\x80\x80", R R R R },
	{ "no such lead byte", "\xf5\x80\x80\x80", R R R R },
	{ "control characters stay (JSON escapes them)", "a\tb\x01", "a\tb\x01" },
	{ "empty", "", "" },
};

/* Parse text as strict JSON that must be valid UTF-8. */
static json_object *parse_strict(const char *text)
{
	json_tokener *tok = json_tokener_new();
	json_object *o;

	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	o = json_tokener_parse_ex(tok, text, strlen(text));
	cr_assert_not_null(o, "not valid JSON (%s): %s",
			   json_tokener_error_desc(json_tokener_get_error(tok)), text);
	json_tokener_free(tok);
	return o;
}

Test(jsonout, strings_are_valid_utf8)
{
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_object *v = jout_json_string(cases[i].in), *back;

		cr_assert_str_eq(json_object_get_string(v), cases[i].out, "%s", cases[i].what);
		back = parse_strict(json_object_to_json_string(v));
		cr_assert_str_eq(json_object_get_string(back), cases[i].out, "%s",
				 cases[i].what);
		json_object_put(back);
		json_object_put(v);
	}
}

Test(jsonout, length_form_stops_at_len)
{
	/* A port name fills its array without a NUL. */
	json_object *v = jout_json_string_len("eth1\xff" "garbage", 5);

	cr_assert_str_eq(json_object_get_string(v), "eth1" R);
	json_object_put(v);
}

/* What fn prints on standard output. */
static char *capture(void (*fn)(void))
{
	FILE *tmp = tmpfile();
	int saved = dup(STDOUT_FILENO);
	char *buf = calloc(1, 65536);

	cr_assert(tmp && saved >= 0 && buf);
	fflush(stdout);
	dup2(fileno(tmp), STDOUT_FILENO);
	fn();
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	rewind(tmp);
	cr_assert(fread(buf, 1, 65535, tmp) > 0);
	fclose(tmp);
	return buf;
}

static void print_document(void)
{
	jout_init(true, false);
	jout_open_array(NULL);
	jout_open_object(NULL);
	jout_string(JOUT_ANY, "name", "%s", "e\xff\xfe");
	jout_string(JOUT_ANY, "com\xe2\x82mand", "%s", "port show \xc0\xaf");
	jout_close_object();
	jout_close_array();
	jout_finish();
}

static void print_error(void)
{
	char name[1100];

	/* Cut by the message buffer (1024) in the middle of a sequence. */
	memset(name, 'x', sizeof(name));
	memcpy(name + 1009, "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac", 12);
	name[sizeof(name) - 1] = '\0';
	jout_init(true, false);
	jout_open_array(NULL);
	jout_error_prefix("line 1");
	jout_error("port '%s' does not exist", name);
	jout_finish();
}

Test(jsonout, documents_parse_as_utf8)
{
	char *out = capture(print_document);
	json_object *doc = parse_strict(out), *o = json_object_array_get_idx(doc, 0), *v;

	cr_assert(json_object_object_get_ex(o, "name", &v));
	cr_assert_str_eq(json_object_get_string(v), "e" R R);
	cr_assert(json_object_object_get_ex(o, "com" R R "mand", &v), "%s", out);
	cr_assert_str_eq(json_object_get_string(v), "port show " R R);
	json_object_put(doc);
	free(out);
}

Test(jsonout, errors_parse_as_utf8)
{
	char *out = capture(print_error);
	json_object *doc = parse_strict(out), *v;
	const char *s;

	cr_assert(json_object_object_get_ex(doc, "error", &v), "%s", out);
	s = json_object_get_string(v);
	cr_assert(!strncmp(s, "line 1: port 'xxx", 17), "%s", out);
	/* 1023 bytes kept: the third euro sign lost its last byte. */
	cr_assert_str_eq(s + strlen(s) - 12, "\xe2\x82\xac\xe2\x82\xac" R R, "%s", out);
	json_object_put(doc);
	free(out);
}
