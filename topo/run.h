/* SPDX-License-Identifier: GPL-2.0 */
/* Running the system tools clos-topo drives (ip, ethtool, clos-loader),
 * always with an argv (never a shell), output captured for error messages. */
#ifndef CLOS_TOPO_RUN_H
#define CLOS_TOPO_RUN_H

#include <stddef.h>

/* Run argv; 0 on exit status 0. On failure *out (if given) holds what the
 * command printed. stdin_text, if not NULL, is fed to its stdin. */
int run_cmd(char *const argv[], const char *stdin_text, char *out, size_t outlen);

/* Path of a sibling program (clos-loader next to clos-topo). */
int sibling_path(const char *prog, char *buf, size_t len);

/* Write a sysctl ("net.ipv4.ip_forward=1") in network namespace ns. */
int sysctl_in_netns(const char *ns, const char *assignment);

#endif /* CLOS_TOPO_RUN_H */
