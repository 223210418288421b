/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One line of a closctl batch as words, the way sh splits them (no
 * expansion): blanks separate words; '...' takes what it encloses as it
 * is; "..." takes it too, but a '\' there makes the next byte plain; an
 * unquoted '\' does the same; quoted and unquoted parts of a word join;
 * an unquoted '#' ends the line; a '\' at the line's end is refused (no
 * line continuation). clos_quote_word() writes any string as
 * one such word, so every interface name the kernel takes can be written.
 */
#ifndef CLOS_WORDS_H
#define CLOS_WORDS_H

#include <stddef.h>

/* Splits line in place into at most max words (argv[max] is left alone).
 * Returns the number of words, or -1 with the reason in *why:
 * "unterminated '", "unterminated \"", "a '\\' ends the line" or "more
 * than N words" (N = max). */
int clos_split_words(char *line, char **argv, int max, const char **why);

/* s as one word: in "...", with '\' before each '"' and '\'. Returns buf,
 * or NULL when it does not fit in len (CLOS_QUOTED_LEN(strlen(s)) does). */
#define CLOS_QUOTED_LEN(n)	(2 * (n) + 3)
const char *clos_quote_word(const char *s, char *buf, size_t len);

#endif /* CLOS_WORDS_H */
