// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "ifname.h"

/* The kernel's isspace() (lib/ctype.c), not libc's: it also counts 0xa0
 * (Latin-1 no-break space), and knows no locale. */
static bool kernel_isspace(unsigned char c)
{
	return (c >= '\t' && c <= '\r') || c == ' ' || c == 0xa0;
}

int clos_ifname_check(const char *name, struct clos_err *why)
{
	size_t n = strnlen(name, CLOS_IFNAME_MAX + 1), i;

	if (n == 0)
		return clos_err_set(why, -EINVAL, "is empty");
	if (n > CLOS_IFNAME_MAX)
		return clos_err_set(why, -EINVAL, "is longer than %d bytes",
				    CLOS_IFNAME_MAX);
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return clos_err_set(why, -EINVAL, "is '%s'", name);
	for (i = 0; i < n; i++) {
		unsigned char c = name[i];

		if (c == '/' || c == ':')
			return clos_err_set(why, -EINVAL, "holds '%c' at byte %zu",
					    c, i + 1);
		if (kernel_isspace(c))
			return clos_err_set(why, -EINVAL,
					    "holds white space (0x%02x) at byte %zu",
					    c, i + 1);
	}
	return 0;
}

const char *clos_ifname_show(const char *name, char *buf, size_t len)
{
	size_t off = 0, i;

	if (!len)
		return buf;
	buf[0] = '\0';
	for (i = 0; name[i] && off + 4 < len; i++) {
		unsigned char c = name[i];

		if (i == 32) {
			off += snprintf(buf + off, len - off, "...");
			break;
		}
		if (c >= 0x20 && c < 0x7f && c != '\\')
			buf[off++] = c;
		else
			off += snprintf(buf + off, len - off, "\\x%02x", c);
		buf[off] = '\0';
	}
	return buf;
}
