/* SPDX-License-Identifier: GPL-2.0 */
/* Running the system tools clos drives (ip, tc, ethtool, clos-loader):
 * always an argv, never a shell, with what they print captured for error
 * messages, optionally inside a named network namespace. */
#ifndef CLOS_EXEC_H
#define CLOS_EXEC_H

#include <stddef.h>

/* Run argv inside network namespace netns (NULL or "": ours). stdin_text,
 * when not NULL, is fed to its stdin; out (outlen bytes, may be NULL) gets
 * what it printed on stdout and stderr, NUL-terminated and cut to fit.
 * Returns 0 when it exited 0, -ECHILD when it failed (out says why), or a
 * negative errno when it could not be started. */
int clos_exec(const char *netns, char *const argv[], const char *stdin_text,
	      char *out, size_t outlen);

#endif /* CLOS_EXEC_H */
