/* SPDX-License-Identifier: GPL-2.0 */
/* What FRR in a switch namespace says about its sessions, through
 * `vtysh -N <netns>` (the daemons' pathspace, routing.h). */
#ifndef CLOS_TOPO_FRR_STATE_H
#define CLOS_TOPO_FRR_STATE_H

#include <netinet/in.h>
#include <stdint.h>

#define TOPO_MAX_SESSIONS	(2 * 64)	/* IPv4 + IPv6 per fabric port */

struct topo_bgp_session {
	char peer[INET6_ADDRSTRLEN];
	char afi[8];		/* "ipv4", "ipv6" */
	char state[24];		/* "Established", "Active", ... */
	uint32_t remote_as;
	int prefixes;		/* received (Established only) */
	char bfd[16];		/* "up", "down", "init", ...; "" without BFD */
};

/* The BGP sessions of netns ns (show bgp summary json) with each one's BFD
 * state (show bfd peers json): how many, at most max, or a negative errno
 * when bgpd does not answer. */
int topo_frr_sessions(const char *ns, struct topo_bgp_session *s, int max);

#endif /* CLOS_TOPO_FRR_STATE_H */
