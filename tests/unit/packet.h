/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Frame builders for the unit tests. A frame is described by a struct
 * pkt_spec (every field in host order) and pkt_build() writes it out with
 * every length and the IPv4 header checksum computed from scratch. Expected
 * output frames are built the same way from an edited spec, so comparing
 * bytes checks what the pipeline did against an independent construction.
 */
#ifndef CLOS_TEST_PACKET_H
#define CLOS_TEST_PACKET_H

#include <stddef.h>
#include <stdbool.h>
#include <linux/types.h>

#define PKT_MAX			4096
#define PKT_V6_EXT_MAX		4
#define PKT_ETH_HLEN		14
#define PKT_VLAN_HLEN		4
#define PKT_IPV4_HLEN		20
#define PKT_IPV6_HLEN		40
#define PKT_UDP_HLEN		8
#define PKT_TCP_HLEN		20
#define PKT_ICMP_HLEN		8
#define PKT_BTH_LEN		12
#define PKT_V6_EXT_LEN		8	/* each extension header built is 8 bytes */

#define PKT_ROCE_PORT		4791
#define PKT_BTH_SEND_ONLY	0x04	/* RC SEND only */
#define PKT_BTH_CNP		0x81

struct pkt_spec {
	__u8 dmac[6];
	__u8 smac[6];
	bool stag;		/* 802.1ad outer tag (TPID 0x88a8) */
	bool stag_8021q;	/* the outer tag has TPID 0x8100 (stacked 802.1Q) */
	__u16 stag_vid;
	bool ctag;		/* 802.1Q tag (TPID 0x8100) */
	__u16 vid;
	__u8 pcp;
	__u16 ethertype;	/* ETH_P_IP / ETH_P_IPV6 get an IP packet;
				 * anything else a raw payload */
	/* IP */
	__u8 saddr[16];
	__u8 daddr[16];
	__u8 ttl;		/* TTL or hop limit */
	__u8 tos;		/* IPv4 TOS or IPv6 traffic class: DSCP << 2 | ECN */
	__u16 frag_off;		/* IPv4 flags + fragment offset; in an IPv6
				 * fragment header, offset << 3 | M */
	__u8 ip_opt_len;	/* IPv4 options, a multiple of 4, <= 40 */
	__u8 v6_ext[PKT_V6_EXT_MAX];	/* IPv6 extension headers, in order */
	__u8 v6_ext_n;
	/* L4 */
	__u8 l4;		/* IPPROTO_UDP, _TCP, _ICMP, _ICMPV6 or other */
	__u16 sport;
	__u16 dport;
	__u8 icmp_type;
	bool bth;		/* a RoCEv2 BTH after the UDP header */
	__u8 bth_opcode;
	__u32 bth_qpn;
	__u32 bth_psn;
	__u16 payload_len;	/* after the last header */
};

/* The offsets pkt_build() used, for tests that cut or poke frames. */
struct pkt_layout {
	size_t l3;		/* IP header */
	size_t l3_hlen;		/* IPv4 header with options / IPv6 + ext headers */
	size_t l4;		/* UDP/TCP/ICMP header */
	size_t l4_hlen;
	size_t bth;		/* 0 when none */
	size_t len;
};

/* MAC and address parsing; abort the test on a malformed literal. */
void pkt_mac(__u8 mac[6], const char *str);
void pkt_addr4(__u8 addr[16], const char *str);
void pkt_addr6(__u8 addr[16], const char *str);

/* A UDP packet from src to dst (IPv4 or IPv6 literals), TTL 64, ports
 * 1234 -> 5678, 18 bytes of payload, untagged, dst MAC dmac. */
void pkt_udp4(struct pkt_spec *s, const char *dmac, const char *src,
	      const char *dst);
void pkt_udp6(struct pkt_spec *s, const char *dmac, const char *src,
	      const char *dst);
/* Make s a RoCEv2 packet: UDP dport 4791 and a BTH. */
void pkt_roce(struct pkt_spec *s, __u8 opcode, __u32 qpn, __u32 psn);

/* Write the frame; returns its length (aborts the test if cap is short). */
size_t pkt_build(const struct pkt_spec *s, __u8 *buf, size_t cap,
		 struct pkt_layout *lay);

/* An ARP request (who-has tpa tell spa), broadcast. */
size_t pkt_build_arp(__u8 *buf, size_t cap, const char *smac,
		     const char *spa, const char *tpa);

/* The Internet checksum of len bytes (RFC 1071): 0 over a valid IPv4
 * header, and the value to store in the checksum field when it is zero. */
__u16 pkt_csum(const void *buf, size_t len);

/* Offset of the first differing byte, or -1 if a and b are equal. */
long pkt_diff(const __u8 *a, size_t alen, const __u8 *b, size_t blen);

/* Hex dump both frames around the first difference into buf (for assert
 * messages). */
const char *pkt_diff_str(char *buf, size_t cap, const __u8 *got, size_t glen,
			 const __u8 *want, size_t wlen);

#endif /* CLOS_TEST_PACKET_H */
