/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Finding the RoCEv2 packet in a captured frame: [Ethernet (with
 * 802.1Q/802.1ad tags)] / IPv4 / UDP to port 4791, bounded by the IP and
 * UDP length fields (not by the frame, which may carry padding). For the
 * pcap checks: `clos-roce check` and the unit tests.
 */
#ifndef CLOS_ROCE_FRAME_H
#define CLOS_ROCE_FRAME_H

#include <stddef.h>
#include <stdint.h>

struct roce_frame {
	const uint8_t *ip;	/* IPv4 header */
	size_t ip_hlen;
	const uint8_t *udp;	/* UDP header, then the RoCE packet */
	size_t udp_len;		/* UDP length field */
	const uint8_t *roce;	/* BTH ... ICRC */
	size_t roce_len;
	uint32_t saddr;		/* network order */
	uint32_t daddr;
	uint16_t sport;
	uint16_t dport;
	uint16_t ip_id;
	uint8_t tos;
	uint8_t ttl;
	int vlan;		/* innermost 802.1Q VID, -1 untagged */
};

/* 0: f describes the RoCEv2 packet in frame[0..len). -ROCE_ERR_NOT_ROCE:
 * something else (not IPv4, not UDP, not port 4791: not an error in a
 * capture). -ROCE_ERR_TRUNCATED: cut before the end its IP or UDP length
 * announces. -ROCE_ERR_IP: a fragment, or lengths that contradict each
 * other. On an error, f->dport is ROCE_UDP_PORT only if the frame showed
 * that far that it is RoCE. */
int roce_frame_parse(const uint8_t *frame, size_t len, struct roce_frame *f);
/* The same from the IPv4 header on (captures without Ethernet). */
int roce_frame_parse_ipv4(const uint8_t *ip, size_t len, struct roce_frame *f);

/* Compute the ICRC of f into *icrc; 0, or -ROCE_ERR_ICRC when it differs
 * from the one the packet carries (or a -ROCE_ERR_* of icrc.h). */
int roce_frame_check_icrc(const struct roce_frame *f, uint32_t *icrc);

#endif /* CLOS_ROCE_FRAME_H */
