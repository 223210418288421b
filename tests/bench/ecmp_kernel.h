/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Linux kernel's own ECMP, measured for real: a namespace with one
 * ingress veth and 16 member veths, a multipath route over the first n
 * members with fib_multipath_hash_policy=1 (the 5-tuple), and
 * `ip route get DST from SRC iif in0 ipproto udp sport S dport D` for every
 * flow through one `ip -batch` run. A member fails by its link going down:
 * the kernel marks that nexthop dead and re-spreads the hash range
 * (hash-threshold, RFC 2992).
 */
#ifndef CLOS_BENCH_ECMP_KERNEL_H
#define CLOS_BENCH_ECMP_KERNEL_H

#include <linux/types.h>

#define BENCH_ECMP_MAX_MEMBERS	16

struct bench_flow {
	__be32 saddr, daddr;
	__u16 sport, dport;	/* host order */
};

struct kecmp {
	char netns[64];
	char in_path[64];	/* the route get batch, written once */
	char out_path[64];
};

/* Namespace clos-bench-mp-PID with the devices; the batch file for flows. */
int kecmp_open(struct kecmp *k, const struct bench_flow *flows, int nflows);
void kecmp_close(struct kecmp *k);

/* The multipath route over members 1..n. */
int kecmp_route(struct kecmp *k, int n);
/* Member m's link down (up = 0) or up. */
int kecmp_link(struct kecmp *k, int m, int up);
/* The member (1..16) each flow takes now. */
int kecmp_lookup(struct kecmp *k, int nflows, int *member);

#endif /* CLOS_BENCH_ECMP_KERNEL_H */
