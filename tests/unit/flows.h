/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Random flows for the ECMP tests, and the user-space reference of the
 * pipeline's choice: zlib crc32(seed, 5-tuple) laid out as struct
 * clos_flow_v4/v6 (include/clos/abi.h), then clos_ecmp_slot()
 * (include/clos/ecmp_slot.h).
 */
#ifndef CLOS_TEST_FLOWS_H
#define CLOS_TEST_FLOWS_H

#include <stdbool.h>
#include "clos/abi.h"
#include "clos/ecmp_slot.h"
#include "flowkey.h"
#include "packet.h"

/* A deterministic generator (xorshift64), so a failure replays. */
struct rng {
	__u64 s;
};

__u64 rng_next(struct rng *r);

/* A random unicast flow: IPv4 10.0.0.0/8 -> 10.0.0.0/8 or IPv6
 * 2001:db8::/32 -> 2001:db8::/32, UDP or TCP, random ports. frag makes it
 * a fragment (IPv4 first or later, IPv6 with a fragment header) whose
 * ports the hash must ignore. */
void flow_random(struct rng *r, struct pkt_spec *s, bool v6, bool frag,
		 const char *dmac);

/* The flow of the frame s describes, as the pipeline hashes it (no ports
 * for a fragment). */
void flow_key(const struct pkt_spec *s, struct clos_flow_key *k);

/* The reference hash of the frame s describes. */
__u32 flow_hash(const struct pkt_spec *s, __u32 seed);

/* The nexthop id of a standard-switch neighbour MAC (02:ee:00:00:00:nn),
 * or -1 if mac is no such MAC. */
int flow_nh_of_mac(const __u8 *mac);

#endif /* CLOS_TEST_FLOWS_H */
