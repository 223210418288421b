/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The RoCEv2 invariant CRC (IBA spec, Annex A17.8): CRC-32 (the Ethernet
 * polynomial) over
 *
 *   8 bytes of 0xff               (stands in for the LRH RoCEv2 has not)
 *   the IPv4 header               TOS, TTL and header checksum all ones
 *   the UDP header                checksum all ones
 *   the BTH                       byte 4 (FECN, BECN, reserved) all ones
 *   the rest of the UDP payload   up to the ICRC
 *
 * i.e. every field a router may rewrite is masked, so the ICRC survives
 * TTL decrements and ECN marking. Stored little-endian after the payload.
 */
#ifndef CLOS_ROCE_ICRC_H
#define CLOS_ROCE_ICRC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* An IPv4 RoCEv2 packet sent from a UDP socket: what the receiver knows
 * of the headers the sender's kernel wrote. Addresses in network order,
 * ports in host order. */
struct roce_ip4_tuple {
	uint32_t saddr;
	uint32_t daddr;
	uint16_t sport;
	uint16_t dport;
	uint16_t ip_id;
	bool df;
};

/* The ICRC of a packet: ip is its IPv4 header (IHL from its first byte,
 * ip_len bytes available), udp the UDP header followed by the payload,
 * udp_len bytes as the UDP length says, the ICRC in the last 4. Returns 0
 * or -ROCE_ERR_IP / -ROCE_ERR_TRUNCATED. */
int roce_icrc_ipv4(const uint8_t *ip, size_t ip_len, const uint8_t *udp,
		   size_t udp_len, uint32_t *icrc);

/* The same for a UDP payload buf[0..len) (ICRC slot included) sent over
 * t: the IPv4 header (no options) and the UDP header are those Linux
 * writes for it. len must be >= 16 (a BTH and the ICRC). */
uint32_t roce_icrc_tuple(const struct roce_ip4_tuple *t, const uint8_t *buf,
			 size_t len);

/* The ICRC field: little-endian. */
uint32_t roce_icrc_load(const uint8_t *p);
void roce_icrc_store(uint8_t *p, uint32_t icrc);

#endif /* CLOS_ROCE_ICRC_H */
