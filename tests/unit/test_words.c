// SPDX-License-Identifier: GPL-2.0
/*
 * lib/os/words.c: closctl batch lines split as sh splits them (quotes,
 * backslash escapes, '#' comments), and any interface name quoted into one
 * word that splits back to the name.
 */
#include <stdio.h>
#include <string.h>
#include <criterion/criterion.h>
#include "words.h"

#define MAXW 8

/* line split into want[] (NULL-terminated), or refused with why. */
static void expect_words(const char *line, const char *const *want)
{
	char buf[256], *argv[MAXW];
	const char *why = "";
	int n, i;

	snprintf(buf, sizeof(buf), "%s", line);
	n = clos_split_words(buf, argv, MAXW, &why);
	for (i = 0; want[i]; i++)
		;
	cr_assert_eq(n, i, "[%s]: %d words, want %d (%s)", line, n, i, why);
	for (i = 0; i < n; i++)
		cr_expect_str_eq(argv[i], want[i], "[%s] word %d", line, i);
}

static void expect_refused(const char *line, const char *want)
{
	char buf[256], *argv[MAXW];
	const char *why = NULL;

	snprintf(buf, sizeof(buf), "%s", line);
	cr_assert_eq(clos_split_words(buf, argv, MAXW, &why), -1, "[%s]", line);
	cr_expect_str_eq(why, want, "[%s]", line);
}

Test(words, plain_quotes_and_comments)
{
	expect_words("", (const char *[]){ NULL });
	expect_words("  # only a comment", (const char *[]){ NULL });
	expect_words("port set eth1 role host\n",
		     (const char *[]){ "port", "set", "eth1", "role", "host", NULL });
	expect_words("a 'b c' \"d e\"\t f",
		     (const char *[]){ "a", "b c", "d e", "f", NULL });
	expect_words("'e#1' x # rest", (const char *[]){ "e#1", "x", NULL });
	expect_words("ab#c d", (const char *[]){ "ab", NULL });
	expect_words("'' \"\"", (const char *[]){ "", "", NULL });
	/* Parts of a word join, as in sh. */
	expect_words("a'b'\"c\"d", (const char *[]){ "abcd", NULL });
}

Test(words, backslash_escapes)
{
	/* Outside quotes and inside "...": the next byte is plain. */
	expect_words("e\\'1 e\\\"1 a\\\\b \\#x a\\ b",
		     (const char *[]){ "e'1", "e\"1", "a\\b", "#x", "a b", NULL });
	expect_words("\"q'\\\"1\" \"a\\\\b\" \"\\x\"",
		     (const char *[]){ "q'\"1", "a\\b", "x", NULL });
	/* Inside '...' a backslash is a byte like any other. */
	expect_words("'a\\b' 'c\\'", (const char *[]){ "a\\b", "c\\", NULL });
	expect_words("'q'\\''1'", (const char *[]){ "q'1", NULL });
}

Test(words, refusals)
{
	expect_refused("a 'b", "unterminated '");
	expect_refused("a \"b", "unterminated \"");
	expect_refused("a \"b\\\"", "unterminated \"");
	expect_refused("a b\\", "a '\\' ends the line");
	expect_refused("a b\\\n", "a '\\' ends the line");
	expect_refused("a \"b\\\r\n", "a '\\' ends the line");
	expect_refused("1 2 3 4 5 6 7 8 9", "more than 8 words");
}

Test(words, any_name_round_trips)
{
	static const char *const names[] = {
		"eth0", "e,1", "q'\"1", "e#1", "a\\b", "\"", "'", "\\", "$(id)",
		"e=2", "#", "a\\\"b'c,d#e=f", "\xc3\xa9t\xc3\xa9", "123456789012345",
		"",
	};
	char word[CLOS_QUOTED_LEN(16) + 8], *argv[MAXW];
	const char *why;
	unsigned int i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		cr_assert_not_null(clos_quote_word(names[i], word, CLOS_QUOTED_LEN(16)),
				   "%s", names[i]);
		strcat(word, " #c");
		cr_assert_eq(clos_split_words(word, argv, MAXW, &why), 1, "%s", names[i]);
		cr_expect_str_eq(argv[0], names[i]);
	}
}

Test(words, quote_fits_or_refuses)
{
	char buf[8];

	cr_expect_str_eq(clos_quote_word("q'\"1", buf, sizeof(buf)), "\"q'\\\"1\"");
	cr_expect_str_eq(clos_quote_word("", buf, 3), "\"\"");
	cr_expect_null(clos_quote_word("", buf, 2));
	cr_expect_null(clos_quote_word("abcdef", buf, sizeof(buf)));	/* 9 bytes */
	cr_expect_str_eq(clos_quote_word("abcde", buf, sizeof(buf)), "\"abcde\"");
	cr_expect_null(clos_quote_word("abcd\"", buf, sizeof(buf)));
}
