/* SPDX-License-Identifier: GPL-2.0 */
/* Entering a named network namespace (iproute2's /run/netns/NAME) and
 * coming back. Only the network namespace changes: the mount namespace,
 * and so the root bpffs with the pins, stays ours. The empty name is the
 * namespace the program runs in (a switch on a box's own NICs). */
#ifndef CLOS_NETNS_H
#define CLOS_NETNS_H

#include <stddef.h>

#define CLOS_NETNS_RUN_DIR	"/run/netns"

/* Enter netns name ("" or NULL: stay). *saved gets an fd of the namespace
 * we came from (-1 if we did not move); pass it to clos_netns_leave. */
int clos_netns_enter(const char *name, int *saved);
/* The same for the namespace open at fd (one with no name, say). */
int clos_netns_enter_fd(int fd, int *saved);
int clos_netns_leave(int saved);
int clos_netns_exists(const char *name);

/* For messages: "netns NAME", or "the current netns" for "" or NULL (a
 * switch attached without --netns). Returns buf. */
const char *clos_netns_desc(const char *name, char *buf, size_t len);

#endif /* CLOS_NETNS_H */
