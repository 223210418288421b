/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a trace shows of a frame's headers, read from its captured bytes:
 * VLAN tag, IPv4 or IPv6 addresses, protocol and ports, TTL, DSCP, ECN;
 * the fields `closctl trace` matches on (those of `closctl route get`).
 */
#ifndef CLOSCTL_PKTVIEW_H
#define CLOSCTL_PKTVIEW_H

#include <stdbool.h>
#include "flowkey.h"

struct pktview {
	__u16 ethertype;	/* host order, after the tags */
	int tags;
	__u16 vid;
	__u8 pcp;
	bool ip;		/* an IPv4 or IPv6 header was read */
	struct clos_flow_key k;	/* family, addresses, proto, ports */
	bool ports;		/* TCP or UDP ports were read */
	bool frag;		/* a fragment (not the first: no ports) */
	__u8 ttl, dscp, ecn;
};

/* Read the headers of the frame's first caplen bytes into v. */
void pktview_parse(const __u8 *d, __u32 caplen, struct pktview *v);
/* "ipv4 udp 10.1.1.2:5000 > 10.1.2.2:6000 ttl 64 dscp 0 ecn 0" */
void pktview_fmt(const struct pktview *v, char *buf, size_t len);

#endif /* CLOSCTL_PKTVIEW_H */
