// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <zlib.h>
#include "flowkey.h"

__u32 clos_flow_key_hash(const struct clos_flow_key *k, __u32 seed)
{
	bool ports = k->proto == IPPROTO_UDP || k->proto == IPPROTO_TCP;
	__u16 sport = ports ? htons(k->sport) : 0;
	__u16 dport = ports ? htons(k->dport) : 0;

	if (k->family == AF_INET6) {
		struct clos_flow_v6 f;

		memcpy(f.saddr, k->saddr, 16);
		memcpy(f.daddr, k->daddr, 16);
		f.sport = sport;
		f.dport = dport;
		f.proto = k->proto;
		return crc32(seed, (const Bytef *)&f, sizeof(f));
	} else {
		struct clos_flow_v4 f;

		memcpy(f.saddr, k->saddr, 4);
		memcpy(f.daddr, k->daddr, 4);
		f.sport = sport;
		f.dport = dport;
		f.proto = k->proto;
		return crc32(seed, (const Bytef *)&f, sizeof(f));
	}
}

__u32 clos_flow_seed_key(__u32 seed)
{
	static const Bytef zeros[sizeof(struct clos_flow_v4)];

	return ~crc32(seed, zeros, sizeof(zeros));
}

int clos_flow_key_addr(struct clos_flow_key *k, bool dst, const char *s,
		       struct clos_err *why)
{
	__u8 *addr = dst ? k->daddr : k->saddr;
	int family;

	if (inet_pton(AF_INET, s, addr) == 1)
		family = AF_INET;
	else if (inet_pton(AF_INET6, s, addr) == 1)
		family = AF_INET6;
	else
		return clos_err_set(why, -EINVAL, "'%s' is not an IPv4 or IPv6 address", s);
	if (k->family && k->family != family)
		return clos_err_set(why, -EINVAL, "'%s' is not of the other address's family", s);
	k->family = family;
	return 0;
}
