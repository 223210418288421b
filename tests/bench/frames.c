// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include "frames.h"

#define BTH_LEN		12
#define ICRC_LEN	4
#define BTH_OP_RC_SEND_ONLY	0x04

static __u16 ipv4_csum(const void *hdr, size_t len)
{
	const __u16 *w = hdr;
	__u32 sum = 0;

	for (; len > 1; len -= 2)
		sum += *w++;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum;
}

/* The headers are built in structs of their own and copied in: in buf the
 * IP header follows 14 bytes of Ethernet, off its alignment. */
size_t bench_frame_build(__u8 *buf, const struct bench_frame_spec *s)
{
	size_t min = BENCH_HDR_LEN + (s->roce ? BTH_LEN + ICRC_LEN : 0);
	struct ethhdr eth = {};
	struct iphdr iph = {};
	struct udphdr uh = {};
	__u8 *bth = buf + sizeof(eth) + sizeof(iph) + sizeof(uh);

	if (s->len < min || s->len > BENCH_FRAME_MAX)
		return 0;
	memset(buf, 0, s->len);
	memcpy(eth.h_dest, s->dmac, ETH_ALEN);
	memcpy(eth.h_source, s->smac, ETH_ALEN);
	eth.h_proto = htons(ETH_P_IP);
	iph.version = 4;
	iph.ihl = 5;
	iph.tos = s->tos;
	iph.tot_len = htons(s->len - sizeof(eth));
	iph.id = htons(1);
	iph.frag_off = htons(0x4000);	/* DF, as RoCE NICs send */
	iph.ttl = s->ttl;
	iph.protocol = IPPROTO_UDP;
	iph.saddr = s->saddr;
	iph.daddr = s->daddr;
	iph.check = ipv4_csum(&iph, sizeof(iph));
	uh.source = htons(s->sport);
	uh.dest = htons(s->dport);
	uh.len = htons(s->len - sizeof(eth) - sizeof(iph));
	uh.check = 0;		/* RoCEv2 and IPv4 UDP may leave it 0 */
	memcpy(buf, &eth, sizeof(eth));
	memcpy(buf + sizeof(eth), &iph, sizeof(iph));
	memcpy(buf + sizeof(eth) + sizeof(iph), &uh, sizeof(uh));
	if (s->roce) {
		bth[0] = BTH_OP_RC_SEND_ONLY;
		bth[2] = 0xff;	/* default P_Key 0xffff */
		bth[3] = 0xff;
		bth[7] = 0x11;	/* destination QP 0x000011 */
		bth[11] = 0x01;	/* PSN 1 */
	}
	return s->len;
}

int bench_parse_mac(const char *s, __u8 mac[6])
{
	unsigned int b[6];
	char tail;
	int i;

	if (!s || sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2],
			 &b[3], &b[4], &b[5], &tail) != 6)
		return -EINVAL;
	for (i = 0; i < 6; i++)
		mac[i] = b[i];
	return 0;
}

int bench_parse_ipv4(const char *s, __be32 *addr)
{
	struct in_addr a;

	if (!s || inet_pton(AF_INET, s, &a) != 1)
		return -EINVAL;
	*addr = a.s_addr;
	return 0;
}
