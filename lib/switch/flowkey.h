/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A flow's 5-tuple and the ECMP hash the pipeline computes over it
 * (bpf/lib/hash.h): zlib crc32(seed, struct clos_flow_v4/v6). User space
 * uses it to say which member a flow takes (closctl route get) and to
 * check the data path's choices in tests.
 */
#ifndef CLOS_FLOWKEY_H
#define CLOS_FLOWKEY_H

#include <stdbool.h>
#include "clos/abi.h"
#include "err.h"

struct clos_flow_key {
	int family;		/* AF_INET or AF_INET6 */
	__u8 saddr[16];		/* network order; IPv4 in the first 4 bytes */
	__u8 daddr[16];
	__u16 sport;		/* host order */
	__u16 dport;
	__u8 proto;		/* IPPROTO_*; ports count only for TCP and UDP */
};

/* The hash of an unfragmented packet of this flow. */
__u32 clos_flow_key_hash(const struct clos_flow_key *k, __u32 seed);
/* struct clos_switch_cfg's seed_key for seed: what the seed adds to the
 * CRC of every IPv4 flow, for the data path's hash (bpf/lib/hash.h). */
__u32 clos_flow_seed_key(__u32 seed);

/* Parse an IPv4 or IPv6 address into k (family, saddr or daddr). Both
 * addresses of a key must be of one family: -EINVAL with why otherwise. */
int clos_flow_key_addr(struct clos_flow_key *k, bool dst, const char *s,
		       struct clos_err *why);

#endif /* CLOS_FLOWKEY_H */
