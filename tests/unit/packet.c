// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <netinet/in.h>
#include <linux/if_ether.h>
#include <criterion/criterion.h>
#include "packet.h"

void pkt_mac(__u8 mac[6], const char *str)
{
	unsigned int b[6];
	int i;

	if (sscanf(str, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3],
		   &b[4], &b[5]) != 6)
		cr_assert_fail("bad MAC literal %s", str);
	for (i = 0; i < 6; i++)
		mac[i] = b[i];
}

void pkt_addr4(__u8 addr[16], const char *str)
{
	memset(addr, 0, 16);
	if (inet_pton(AF_INET, str, addr) != 1)
		cr_assert_fail("bad IPv4 literal %s", str);
}

void pkt_addr6(__u8 addr[16], const char *str)
{
	if (inet_pton(AF_INET6, str, addr) != 1)
		cr_assert_fail("bad IPv6 literal %s", str);
}

static void pkt_udp_common(struct pkt_spec *s, const char *dmac)
{
	memset(s, 0, sizeof(*s));
	pkt_mac(s->dmac, dmac);
	pkt_mac(s->smac, "02:aa:bb:cc:dd:01");
	s->ttl = 64;
	s->l4 = IPPROTO_UDP;
	s->sport = 1234;
	s->dport = 5678;
	s->payload_len = 18;
}

void pkt_udp4(struct pkt_spec *s, const char *dmac, const char *src,
	      const char *dst)
{
	pkt_udp_common(s, dmac);
	s->ethertype = ETH_P_IP;
	pkt_addr4(s->saddr, src);
	pkt_addr4(s->daddr, dst);
}

void pkt_udp6(struct pkt_spec *s, const char *dmac, const char *src,
	      const char *dst)
{
	pkt_udp_common(s, dmac);
	s->ethertype = ETH_P_IPV6;
	pkt_addr6(s->saddr, src);
	pkt_addr6(s->daddr, dst);
}

void pkt_roce(struct pkt_spec *s, __u8 opcode, __u32 qpn, __u32 psn)
{
	s->l4 = IPPROTO_UDP;
	s->dport = PKT_ROCE_PORT;
	s->bth = true;
	s->bth_opcode = opcode;
	s->bth_qpn = qpn;
	s->bth_psn = psn;
}

/* A cursor that refuses to run past the end of the buffer. */
struct cur {
	__u8 *buf;
	size_t pos, cap;
};

static __u8 *put(struct cur *c, size_t n)
{
	__u8 *p;

	cr_assert_leq(c->pos + n, c->cap, "frame does not fit in %zu bytes",
		      c->cap);
	p = c->buf + c->pos;
	memset(p, 0, n);
	c->pos += n;
	return p;
}

static void put16(struct cur *c, __u16 v)
{
	__u16 be = htons(v);

	memcpy(put(c, 2), &be, 2);
}

static void put32(struct cur *c, __u32 v)
{
	__u32 be = htonl(v);

	memcpy(put(c, 4), &be, 4);
}

static void wr16(__u8 *p, __u16 v)
{
	p[0] = v >> 8;
	p[1] = v;
}

__u16 pkt_csum(const void *buf, size_t len)
{
	const __u8 *b = buf;
	__u32 sum = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (b[i] << 8) | b[i + 1];
	if (len & 1)
		sum += b[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

/* Extension headers, 8 bytes each: next header, length 0, then the body. */
static void put_v6_ext(struct cur *c, __u8 type, __u8 next, __u16 frag_off)
{
	__u8 *e = put(c, PKT_V6_EXT_LEN);

	e[0] = next;
	switch (type) {
	case IPPROTO_FRAGMENT:
		/* frag_off (offset << 3 | M; 0: an atomic fragment), id
		 * 0x12345678 */
		wr16(e + 2, frag_off);
		e[4] = 0x12; e[5] = 0x34; e[6] = 0x56; e[7] = 0x78;
		break;
	case IPPROTO_ROUTING:
		e[2] = 253;	/* routing type reserved for experiments */
		break;
	default:		/* hop-by-hop / destination options */
		e[2] = 1;	/* PadN, 4 bytes of padding */
		e[3] = 4;
		break;
	}
}

static void put_l4(struct cur *c, const struct pkt_spec *s,
		   struct pkt_layout *lay)
{
	size_t start = c->pos, i;
	__u8 *p;

	lay->l4 = start;
	switch (s->l4) {
	case IPPROTO_UDP:
		put16(c, s->sport);
		put16(c, s->dport);
		put16(c, 0);	/* length, filled below */
		put16(c, 0);	/* checksum: the pipeline never reads it */
		lay->l4_hlen = PKT_UDP_HLEN;
		if (s->bth) {
			lay->bth = c->pos;
			p = put(c, PKT_BTH_LEN);
			p[0] = s->bth_opcode;
			p[2] = 0xff;	/* default P_Key */
			p[3] = 0xff;
			p[5] = s->bth_qpn >> 16;
			p[6] = s->bth_qpn >> 8;
			p[7] = s->bth_qpn;
			p[8] = 0x80;	/* AckReq, which the parser masks off */
			p[9] = s->bth_psn >> 16;
			p[10] = s->bth_psn >> 8;
			p[11] = s->bth_psn;
		}
		break;
	case IPPROTO_TCP:
		put16(c, s->sport);
		put16(c, s->dport);
		put32(c, 0x01020304);	/* seq */
		put32(c, 0);		/* ack */
		p = put(c, 4);
		p[0] = 5 << 4;		/* data offset */
		p[1] = 0x02;		/* SYN */
		p[2] = 0xff;		/* window */
		p[3] = 0xff;
		put32(c, 0);		/* checksum, urgent pointer */
		lay->l4_hlen = PKT_TCP_HLEN;
		break;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		p = put(c, PKT_ICMP_HLEN);
		p[0] = s->icmp_type;
		lay->l4_hlen = PKT_ICMP_HLEN;
		break;
	default:
		lay->l4_hlen = 0;
		break;
	}
	p = put(c, s->payload_len);
	for (i = 0; i < s->payload_len; i++)
		p[i] = i & 0xff;
	if (s->l4 == IPPROTO_UDP)
		wr16(c->buf + start + 4, c->pos - start);
}

static void put_ipv4(struct cur *c, const struct pkt_spec *s,
		     struct pkt_layout *lay)
{
	size_t hlen = PKT_IPV4_HLEN + s->ip_opt_len, i;
	__u8 *iph;

	cr_assert(s->ip_opt_len % 4 == 0 && s->ip_opt_len <= 40,
		  "bad IPv4 options length %u", s->ip_opt_len);
	lay->l3 = c->pos;
	lay->l3_hlen = hlen;
	iph = put(c, hlen);
	iph[0] = 0x40 | (hlen / 4);
	iph[1] = s->tos;
	iph[4] = 0x12;			/* id */
	iph[5] = 0x34;
	wr16(iph + 6, s->frag_off);
	iph[8] = s->ttl;
	iph[9] = s->l4;
	memcpy(iph + 12, s->saddr, 4);
	memcpy(iph + 16, s->daddr, 4);
	/* Options: NOPs closed by End of Options. */
	for (i = PKT_IPV4_HLEN; i < hlen; i++)
		iph[i] = i + 1 < hlen ? 1 : 0;
	put_l4(c, s, lay);
	iph = c->buf + lay->l3;
	wr16(iph + 2, c->pos - lay->l3);
	wr16(iph + 10, pkt_csum(iph, hlen));
}

static void put_ipv6(struct cur *c, const struct pkt_spec *s,
		     struct pkt_layout *lay)
{
	__u8 *ip6h;
	int i;

	lay->l3 = c->pos;
	ip6h = put(c, PKT_IPV6_HLEN);
	ip6h[0] = 0x60 | (s->tos >> 4);
	ip6h[1] = (s->tos << 4) | 0x1;	/* flow label 0x12345 */
	ip6h[2] = 0x23;
	ip6h[3] = 0x45;
	ip6h[6] = s->v6_ext_n ? s->v6_ext[0] : s->l4;
	ip6h[7] = s->ttl;
	memcpy(ip6h + 8, s->saddr, 16);
	memcpy(ip6h + 24, s->daddr, 16);
	for (i = 0; i < s->v6_ext_n; i++)
		put_v6_ext(c, s->v6_ext[i],
			   i + 1 < s->v6_ext_n ? s->v6_ext[i + 1] : s->l4,
			   s->frag_off);
	lay->l3_hlen = c->pos - lay->l3;
	put_l4(c, s, lay);
	wr16(c->buf + lay->l3 + 4, c->pos - lay->l3 - PKT_IPV6_HLEN);
}

size_t pkt_build(const struct pkt_spec *s, __u8 *buf, size_t cap,
		 struct pkt_layout *lay)
{
	struct pkt_layout dummy;
	struct cur c = { .buf = buf, .cap = cap };
	size_t i;
	__u8 *p;

	if (!lay)
		lay = &dummy;
	memset(lay, 0, sizeof(*lay));
	memcpy(put(&c, 6), s->dmac, 6);
	memcpy(put(&c, 6), s->smac, 6);
	if (s->stag) {
		put16(&c, s->stag_8021q ? ETH_P_8021Q : ETH_P_8021AD);
		put16(&c, s->stag_vid & 0x0fff);
	}
	if (s->ctag) {
		put16(&c, ETH_P_8021Q);
		put16(&c, (s->pcp << 13) | (s->vid & 0x0fff));
	}
	put16(&c, s->ethertype);
	if (s->ethertype == ETH_P_IP) {
		put_ipv4(&c, s, lay);
	} else if (s->ethertype == ETH_P_IPV6) {
		put_ipv6(&c, s, lay);
	} else {
		lay->l3 = c.pos;
		p = put(&c, s->payload_len);
		for (i = 0; i < s->payload_len; i++)
			p[i] = i & 0xff;
	}
	lay->len = c.pos;
	return c.pos;
}

size_t pkt_build_arp(__u8 *buf, size_t cap, const char *smac,
		     const char *spa, const char *tpa)
{
	struct cur c = { .buf = buf, .cap = cap };
	__u8 mac[6], addr[16];

	memset(put(&c, 6), 0xff, 6);
	pkt_mac(mac, smac);
	memcpy(put(&c, 6), mac, 6);
	put16(&c, ETH_P_ARP);
	put16(&c, 1);		/* Ethernet */
	put16(&c, ETH_P_IP);
	*put(&c, 1) = 6;
	*put(&c, 1) = 4;
	put16(&c, 1);		/* request */
	memcpy(put(&c, 6), mac, 6);
	pkt_addr4(addr, spa);
	memcpy(put(&c, 4), addr, 4);
	put(&c, 6);
	pkt_addr4(addr, tpa);
	memcpy(put(&c, 4), addr, 4);
	put(&c, 60 - c.pos);	/* pad to the Ethernet minimum */
	return c.pos;
}

long pkt_diff(const __u8 *a, size_t alen, const __u8 *b, size_t blen)
{
	size_t i, n = alen < blen ? alen : blen;

	for (i = 0; i < n; i++)
		if (a[i] != b[i])
			return i;
	return alen == blen ? -1 : (long)n;
}

static size_t hex_line(char *buf, size_t cap, const char *tag,
		       const __u8 *p, size_t len, size_t from, size_t to)
{
	size_t n = 0, i;

	n += snprintf(buf + n, cap - n, "\n  %s @%zu:", tag, from);
	for (i = from; i < to && i < len && n < cap; i++)
		n += snprintf(buf + n, cap - n, " %02x", p[i]);
	return n < cap ? n : cap;
}

const char *pkt_diff_str(char *buf, size_t cap, const __u8 *got, size_t glen,
			 const __u8 *want, size_t wlen)
{
	long d = pkt_diff(got, glen, want, wlen);
	size_t from, n;

	if (d < 0) {
		snprintf(buf, cap, "frames equal");
		return buf;
	}
	from = d > 8 ? d - 8 : 0;
	n = snprintf(buf, cap, "first difference at byte %ld (len got %zu, want %zu)",
		     d, glen, wlen);
	n += hex_line(buf + n, cap - n, "got ", got, glen, from, from + 24);
	hex_line(buf + n, cap - n, "want", want, wlen, from, from + 24);
	return buf;
}
