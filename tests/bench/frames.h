/* SPDX-License-Identifier: GPL-2.0 */
/* The frames clos-bench sends: Ethernet, IPv4 without options, UDP, and for
 * RoCEv2 a BTH, its payload and the ICRC (zero: switches do not check it). */
#ifndef CLOS_BENCH_FRAMES_H
#define CLOS_BENCH_FRAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#define BENCH_FRAME_MAX		256
#define BENCH_HDR_LEN		42	/* Ethernet + IPv4 + UDP */
#define BENCH_ROCE_PORT		4791
#define BENCH_ECT0		2	/* ECN field */
#define BENCH_DSCP_ROCE		26

struct bench_frame_spec {
	__u8 dmac[6];
	__u8 smac[6];
	__be32 saddr;
	__be32 daddr;
	__u16 sport;		/* host order */
	__u16 dport;		/* host order; BENCH_ROCE_PORT with roce */
	__u8 tos;		/* DSCP << 2 | ECN */
	__u8 ttl;
	__u16 len;		/* whole frame, without FCS */
	bool roce;		/* a BTH (RC SEND only) after the UDP header */
};

/* Build the frame into buf (BENCH_FRAME_MAX bytes); returns its length, or
 * 0 when s->len cannot hold the headers or does not fit. */
size_t bench_frame_build(__u8 *buf, const struct bench_frame_spec *s);

/* "02:00:00:00:00:01" into mac; -EINVAL if it is not a MAC. */
int bench_parse_mac(const char *s, __u8 mac[6]);

/* A dotted IPv4 address into network order; -EINVAL if it is not one. */
int bench_parse_ipv4(const char *s, __be32 *addr);

/* Offsets into a frame built here. */
#define BENCH_OFF_TOS		15
#define BENCH_OFF_TTL		22
#define BENCH_OFF_SPORT		34

#endif /* CLOS_BENCH_FRAMES_H */
