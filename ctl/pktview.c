// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include "pktview.h"

#define ETH_P_IP_	0x0800
#define ETH_P_IPV6_	0x86dd
#define ETH_P_ARP_	0x0806
#define ETH_P_8021Q_	0x8100
#define ETH_P_8021AD_	0x88a8

static __u16 rd16(const __u8 *p)
{
	return (__u16)(p[0] << 8 | p[1]);
}

static void read_ports(const __u8 *d, __u32 caplen, __u32 off, struct pktview *v)
{
	if (v->k.proto != IPPROTO_TCP && v->k.proto != IPPROTO_UDP)
		return;
	if (v->frag || off + 4 > caplen)
		return;
	v->k.sport = rd16(d + off);
	v->k.dport = rd16(d + off + 2);
	v->ports = true;
}

static void read_ipv4(const __u8 *d, __u32 caplen, __u32 off, struct pktview *v)
{
	__u32 ihl;

	if (off + 20 > caplen || (d[off] >> 4) != 4)
		return;
	ihl = (d[off] & 0xf) * 4;
	v->ip = true;
	v->k.family = AF_INET;
	v->dscp = d[off + 1] >> 2;
	v->ecn = d[off + 1] & 3;
	v->ttl = d[off + 8];
	v->k.proto = d[off + 9];
	memcpy(v->k.saddr, d + off + 12, 4);
	memcpy(v->k.daddr, d + off + 16, 4);
	v->frag = (rd16(d + off + 6) & 0x1fff) != 0;
	read_ports(d, caplen, off + ihl, v);
}

static void read_ipv6(const __u8 *d, __u32 caplen, __u32 off, struct pktview *v)
{
	__u8 next;
	int i;

	if (off + 40 > caplen || (d[off] >> 4) != 6)
		return;
	v->ip = true;
	v->k.family = AF_INET6;
	v->dscp = ((d[off] & 0xf) << 2) | (d[off + 1] >> 6);
	v->ecn = (d[off + 1] >> 4) & 3;
	v->ttl = d[off + 7];
	memcpy(v->k.saddr, d + off + 8, 16);
	memcpy(v->k.daddr, d + off + 24, 16);
	next = d[off + 6];
	off += 40;
	/* Extension headers as the data path walks them (bpf/lib/parse.h):
	 * hop-by-hop, routing, destination options; a fragment header ends. */
	for (i = 0; i < 4; i++) {
		if (next == 0 || next == 43 || next == 60) {
			if (off + 2 > caplen)
				break;
			next = d[off];
			off += (d[off + 1] + 1) * 8;
			continue;
		}
		if (next == 44) {
			if (off + 8 > caplen)
				break;
			v->frag = (rd16(d + off + 2) & 0xfff8) != 0;
			next = d[off];
			off += 8;
		}
		break;
	}
	v->k.proto = next;
	read_ports(d, caplen, off, v);
}

void pktview_parse(const __u8 *d, __u32 caplen, struct pktview *v)
{
	__u32 off = 12;

	memset(v, 0, sizeof(*v));
	if (caplen < 14)
		return;
	v->ethertype = rd16(d + 12);
	while ((v->ethertype == ETH_P_8021Q_ || v->ethertype == ETH_P_8021AD_) &&
	       v->tags < 2 && off + 8 <= caplen) {
		if (!v->tags) {
			v->vid = rd16(d + off + 2) & 0xfff;
			v->pcp = d[off + 2] >> 5;
		}
		v->tags++;
		off += 4;
		v->ethertype = rd16(d + off);
	}
	off += 2;
	if (v->ethertype == ETH_P_IP_)
		read_ipv4(d, caplen, off, v);
	else if (v->ethertype == ETH_P_IPV6_)
		read_ipv6(d, caplen, off, v);
}

static const char *proto_name(__u8 proto, char *buf, size_t len)
{
	switch (proto) {
	case IPPROTO_TCP: return "tcp";
	case IPPROTO_UDP: return "udp";
	case IPPROTO_ICMP: return "icmp";
	case IPPROTO_ICMPV6: return "icmpv6";
	}
	snprintf(buf, len, "proto %u", proto);
	return buf;
}

void pktview_fmt(const struct pktview *v, char *buf, size_t len)
{
	char s[INET6_ADDRSTRLEN], d[INET6_ADDRSTRLEN], p[16], tag[32] = "";
	bool v6 = v->k.family == AF_INET6;

	if (v->tags)
		snprintf(tag, sizeof(tag), "vlan %u pcp %u%s ", v->vid, v->pcp,
			 v->tags > 1 ? " (2 tags)" : "");
	if (!v->ip) {
		snprintf(buf, len, "%sethertype 0x%04x%s", tag, v->ethertype,
			 v->ethertype == ETH_P_ARP_ ? " (arp)" : "");
		return;
	}
	inet_ntop(v->k.family, v->k.saddr, s, sizeof(s));
	inet_ntop(v->k.family, v->k.daddr, d, sizeof(d));
	if (v->ports)
		snprintf(buf, len, "%s%s %s %s.%u > %s.%u %s %u dscp %u ecn %u%s",
			 tag, v6 ? "ipv6" : "ipv4", proto_name(v->k.proto, p, sizeof(p)),
			 s, v->k.sport, d, v->k.dport,
			 v6 ? "hlim" : "ttl", v->ttl, v->dscp, v->ecn, v->frag ? " frag" : "");
	else
		snprintf(buf, len, "%s%s %s %s > %s %s %u dscp %u ecn %u%s", tag,
			 v6 ? "ipv6" : "ipv4", proto_name(v->k.proto, p, sizeof(p)), s, d,
			 v6 ? "hlim" : "ttl", v->ttl, v->dscp, v->ecn, v->frag ? " frag" : "");
}
