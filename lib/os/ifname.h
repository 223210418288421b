/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Interface names as the kernel takes them (net/core/dev.c dev_valid_name):
 * 1..15 bytes, not "." or "..", and no '/', ':' or white space (the
 * kernel's isspace: \t \n \v \f \r, ' ' and 0xa0). Every other byte is
 * allowed, '#' and quotes included, so a name must never be pasted into a
 * line that a tool splits again: it goes to ip and tc as one argv element.
 */
#ifndef CLOS_IFNAME_H
#define CLOS_IFNAME_H

#include <stddef.h>
#include "err.h"

#define CLOS_IFNAME_MAX		15	/* IFNAMSIZ - 1 */

/* 0 when the kernel would take name, else -EINVAL with the rule it breaks
 * in why (when not NULL): "is longer than 15 bytes", "holds ':' at byte 3",
 * ... The caller names the field. */
int clos_ifname_check(const char *name, struct clos_err *why);

/* name for a message, any name (valid or not, cut at 32 bytes): printable
 * ASCII as it is, every other byte as \xNN, so that a refused name cannot
 * break the message's line. Returns buf. */
#define CLOS_IFNAME_SHOWLEN	(32 * 4 + 5)
const char *clos_ifname_show(const char *name, char *buf, size_t len);

#endif /* CLOS_IFNAME_H */
