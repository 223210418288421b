// SPDX-License-Identifier: GPL-2.0
/*
 * ICRC (see icrc.h). zlib's crc32() is the Ethernet CRC-32 with its
 * initial and final inversion, which is what the ICRC is; its result goes
 * on the wire least significant byte first.
 */
#include <string.h>
#include <arpa/inet.h>
#include <zlib.h>
#include "icrc.h"
#include "wire.h"

#define IPV4_MIN_HLEN	20
#define UDP_HLEN	8

static const uint8_t lrh_mask[8] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};

/* Continue crc over the UDP header udph (checksum masked), then the UDP
 * payload buf[0..len) up to its ICRC, the BTH's byte 4 masked. */
static uint32_t crc_udp(uint32_t crc, const uint8_t *udph, const uint8_t *buf,
			size_t len)
{
	uint8_t h[UDP_HLEN], bth[ROCE_BTH_LEN];

	memcpy(h, udph, UDP_HLEN);
	h[6] = h[7] = 0xff;			/* UDP checksum */
	memcpy(bth, buf, ROCE_BTH_LEN);
	bth[4] = 0xff;				/* FECN, BECN, resv6 */
	crc = crc32(crc, h, UDP_HLEN);
	crc = crc32(crc, bth, ROCE_BTH_LEN);
	return crc32(crc, buf + ROCE_BTH_LEN, len - ROCE_BTH_LEN - ROCE_ICRC_LEN);
}

/* Start with the LRH stand-in, then the IPv4 header with TOS, TTL and
 * checksum masked. */
static uint32_t crc_ip(const uint8_t *ip, size_t hlen)
{
	uint8_t h[60];

	memcpy(h, ip, hlen);
	h[1] = 0xff;				/* TOS: DSCP and ECN */
	h[8] = 0xff;				/* TTL */
	h[10] = h[11] = 0xff;			/* header checksum */
	return crc32(crc32(0, lrh_mask, sizeof(lrh_mask)), h, hlen);
}

int roce_icrc_ipv4(const uint8_t *ip, size_t ip_len, const uint8_t *udp,
		   size_t udp_len, uint32_t *icrc)
{
	size_t hlen;

	if (ip_len < IPV4_MIN_HLEN)
		return -ROCE_ERR_TRUNCATED;
	hlen = (ip[0] & 0xf) * 4;
	if (ip[0] >> 4 != 4 || hlen < IPV4_MIN_HLEN)
		return -ROCE_ERR_IP;
	if (ip_len < hlen ||
	    udp_len < UDP_HLEN + ROCE_BTH_LEN + ROCE_ICRC_LEN)
		return -ROCE_ERR_TRUNCATED;
	*icrc = crc_udp(crc_ip(ip, hlen), udp, udp + UDP_HLEN,
			udp_len - UDP_HLEN);
	return 0;
}

uint32_t roce_icrc_tuple(const struct roce_ip4_tuple *t, const uint8_t *buf,
			 size_t len)
{
	uint16_t tot = IPV4_MIN_HLEN + UDP_HLEN + len, ulen = UDP_HLEN + len;
	/* The header Linux writes for a UDP socket: no options; ID and DF
	 * as the caller says (sock.c explains why they are known). */
	uint8_t ip[IPV4_MIN_HLEN] = {
		0x45, 0, tot >> 8, tot & 0xff,
		t->ip_id >> 8, t->ip_id & 0xff, t->df ? 0x40 : 0, 0,
		0, IPPROTO_UDP, 0, 0,
	};
	uint8_t udp[UDP_HLEN] = {
		t->sport >> 8, t->sport & 0xff, t->dport >> 8, t->dport & 0xff,
		ulen >> 8, ulen & 0xff, 0, 0,
	};

	memcpy(ip + 12, &t->saddr, 4);
	memcpy(ip + 16, &t->daddr, 4);
	return crc_udp(crc_ip(ip, IPV4_MIN_HLEN), udp, buf, len);
}

uint32_t roce_icrc_load(const uint8_t *p)
{
	return (uint32_t)p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

void roce_icrc_store(uint8_t *p, uint32_t icrc)
{
	p[0] = icrc;
	p[1] = icrc >> 8;
	p[2] = icrc >> 16;
	p[3] = icrc >> 24;
}
