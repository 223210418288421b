// SPDX-License-Identifier: GPL-2.0
/* closctl batch words: split a line, quote a string (words.h). */
#include <stdio.h>
#include <string.h>
#include "words.h"

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * Reads one word at *cpp and writes it at out: what is written never
 * passes what is read (quotes and backslashes only drop bytes), so the
 * line itself holds the words. *end gets the byte that ended the word
 * (a blank, '#' or NUL). Returns 0, or -1 with why.
 */
static int one_word(char **cpp, char *out, char *end, const char **why)
{
	char *cp = *cpp, quote = 0;

	for (; *cp; cp++) {
		if (!quote && (is_blank(*cp) || *cp == '#'))
			break;
		if (quote != '\'' && *cp == '\\') {
			/* Not a line continuation: a batch line is one line. */
			if (!cp[1] || cp[1] == '\n' || cp[1] == '\r') {
				*why = "a '\\' ends the line";
				return -1;
			}
			*out++ = *++cp;
		} else if (!quote && (*cp == '\'' || *cp == '"')) {
			quote = *cp;
		} else if (quote && *cp == quote) {
			quote = 0;
		} else {
			*out++ = *cp;
		}
	}
	if (quote) {
		*why = quote == '"' ? "unterminated \"" : "unterminated '";
		return -1;
	}
	*cpp = cp;
	*end = *cp;	/* before the NUL: out may be cp */
	*out = '\0';
	return 0;
}

int clos_split_words(char *line, char **argv, int max, const char **why)
{
	static char too_many[32];
	char *cp = line, *word;
	char end;
	int argc = 0;

	for (;;) {
		while (is_blank(*cp))
			cp++;
		if (!*cp || *cp == '#')
			return argc;
		if (argc == max) {
			snprintf(too_many, sizeof(too_many), "more than %d words", max);
			*why = too_many;
			return -1;
		}
		word = cp;
		if (one_word(&cp, word, &end, why))
			return -1;
		argv[argc++] = word;
		/* An unquoted '#' ends the line, within a word as before one. */
		if (!end || end == '#')
			return argc;
		cp++;
	}
}

const char *clos_quote_word(const char *s, char *buf, size_t len)
{
	size_t n = 0, need;

	if (len < 3)
		return NULL;
	buf[n++] = '"';
	for (; *s; s++) {
		need = *s == '"' || *s == '\\' ? 2 : 1;
		if (n + need + 2 > len)		/* and the closing '"', NUL */
			return NULL;
		if (need == 2)
			buf[n++] = '\\';
		buf[n++] = *s;
	}
	buf[n++] = '"';
	buf[n] = '\0';
	return buf;
}
