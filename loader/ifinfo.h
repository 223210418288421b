/* SPDX-License-Identifier: GPL-2.0 */
/* Interfaces as the current network namespace sees them: call these after
 * entering the switch's namespace (lib/netns.h). */
#ifndef CLOS_LOADER_IFINFO_H
#define CLOS_LOADER_IFINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <net/if.h>
#include "clos/abi.h"
#include "build.h"

struct ifinfo {
	char name[IF_NAMESIZE];
	__u32 ifindex;
	__u8 mac[6];
	bool up;		/* administratively up and with carrier */
};

/* Look interface name up. -ENODEV: no such interface; -EPROTONOSUPPORT:
 * not an Ethernet interface (a routed port needs a MAC). */
int ifinfo_get(const char *name, struct ifinfo *info);

/* Name of ifindex into buf (IF_NAMESIZE), -ENODEV when there is none. */
int ifinfo_name(__u32 ifindex, char *buf);

/* Every IPv4 address and every global-scope IPv6 address on the n
 * interfaces ifs[]. *out is malloc()ed (free it), *count its length. */
int ifinfo_local_addrs(const struct ifinfo *ifs, int n,
		       struct clos_local_addr **out, int *count);

/* "10.0.1.1/32" or "2001:db8::1/128" into buf. */
void ifinfo_addr_str(const struct clos_local_addr *a, char *buf, size_t len);

#endif /* CLOS_LOADER_IFINFO_H */
