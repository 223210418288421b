// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <ifaddrs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <net/if_arp.h>
#include "ifinfo.h"

/* The ioctls answer for the namespace the socket was created in, so the
 * socket is made per call, after any setns(). */
static int if_ioctl(unsigned long req, struct ifreq *ifr)
{
	int fd, err = 0;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (ioctl(fd, req, ifr))
		err = -errno;
	close(fd);
	return err;
}

int ifinfo_get(const char *name, struct ifinfo *info)
{
	struct ifreq ifr = {};
	int err;

	memset(info, 0, sizeof(*info));
	if (strlen(name) >= IF_NAMESIZE)
		return -ENODEV;
	snprintf(info->name, sizeof(info->name), "%s", name);
	info->ifindex = if_nametoindex(name);
	if (!info->ifindex)
		return -ENODEV;

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	err = if_ioctl(SIOCGIFHWADDR, &ifr);
	if (err)
		return err == -ENXIO ? -ENODEV : err;
	if (ifr.ifr_hwaddr.sa_family != ARPHRD_ETHER)
		return -EPROTONOSUPPORT;
	memcpy(info->mac, ifr.ifr_hwaddr.sa_data, 6);

	err = if_ioctl(SIOCGIFFLAGS, &ifr);
	if (err)
		return err == -ENXIO ? -ENODEV : err;
	/* IFF_RUNNING is the operational state: up and with carrier (for a
	 * veth, both ends up). Only then is the port a usable egress. */
	info->up = (ifr.ifr_flags & IFF_UP) && (ifr.ifr_flags & IFF_RUNNING);
	return 0;
}

int ifinfo_name(__u32 ifindex, char *buf)
{
	return if_indextoname(ifindex, buf) ? 0 : -ENODEV;
}

static bool addr_wanted(const struct sockaddr *sa)
{
	const struct in6_addr *a6;

	if (sa->sa_family == AF_INET)
		return true;
	if (sa->sa_family != AF_INET6)
		return false;
	/* Link-local and multicast are punted by the parser already;
	 * loopback never arrives on a port. */
	a6 = &((const struct sockaddr_in6 *)sa)->sin6_addr;
	return !IN6_IS_ADDR_LINKLOCAL(a6) && !IN6_IS_ADDR_MULTICAST(a6) &&
	       !IN6_IS_ADDR_LOOPBACK(a6);
}

static bool on_ports(const char *name, const struct ifinfo *ifs, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(ifs[i].name, name) == 0)
			return true;
	return false;
}

int ifinfo_local_addrs(const struct ifinfo *ifs, int n,
		       struct clos_local_addr **out, int *count)
{
	struct ifaddrs *ifa_list, *ifa;
	struct clos_local_addr *addrs = NULL, *tmp;
	int cnt = 0, cap = 0;

	*out = NULL;
	*count = 0;
	if (getifaddrs(&ifa_list))
		return -errno;
	for (ifa = ifa_list; ifa; ifa = ifa->ifa_next) {
		struct clos_local_addr *a;

		if (!ifa->ifa_addr || !addr_wanted(ifa->ifa_addr) ||
		    !on_ports(ifa->ifa_name, ifs, n))
			continue;
		if (cnt == cap) {
			cap = cap ? 2 * cap : 8;
			tmp = realloc(addrs, cap * sizeof(*addrs));
			if (!tmp) {
				free(addrs);
				freeifaddrs(ifa_list);
				return -ENOMEM;
			}
			addrs = tmp;
		}
		a = &addrs[cnt++];
		memset(a, 0, sizeof(*a));
		a->family = ifa->ifa_addr->sa_family;
		if (a->family == AF_INET)
			memcpy(a->addr, &((struct sockaddr_in *)ifa->ifa_addr)->sin_addr, 4);
		else
			memcpy(a->addr, &((struct sockaddr_in6 *)ifa->ifa_addr)->sin6_addr, 16);
	}
	freeifaddrs(ifa_list);
	*out = addrs;
	*count = cnt;
	return 0;
}

void ifinfo_addr_str(const struct clos_local_addr *a, char *buf, size_t len)
{
	char ip[INET6_ADDRSTRLEN];

	inet_ntop(a->family, a->addr, ip, sizeof(ip));
	snprintf(buf, len, "%s/%d", ip, a->family == AF_INET ? 32 : 128);
}
