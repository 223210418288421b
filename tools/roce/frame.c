// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include <netinet/in.h>
#include "frame.h"
#include "icrc.h"
#include "wire.h"

#define ETH_HLEN	14
#define ETH_P_IP	0x0800
#define ETH_P_8021Q	0x8100
#define ETH_P_8021AD	0x88a8
#define UDP_HLEN	8

static uint16_t get16(const uint8_t *p)
{
	return p[0] << 8 | p[1];
}

int roce_frame_parse(const uint8_t *frame, size_t len, struct roce_frame *f)
{
	size_t off = 12;
	uint16_t type;
	int vlan = -1, ret;

	if (len < ETH_HLEN) {
		memset(f, 0, sizeof(*f));
		return -ROCE_ERR_TRUNCATED;
	}
	type = get16(frame + off);
	while (type == ETH_P_8021Q || type == ETH_P_8021AD) {
		if (len < off + 6)
			return -ROCE_ERR_TRUNCATED;
		if (type == ETH_P_8021Q)
			vlan = get16(frame + off + 2) & 0x0fff;
		off += 4;
		type = get16(frame + off);
	}
	off += 2;
	if (type != ETH_P_IP) {
		memset(f, 0, sizeof(*f));
		f->vlan = vlan;
		return -ROCE_ERR_NOT_ROCE;
	}
	ret = roce_frame_parse_ipv4(frame + off, len - off, f);
	f->vlan = vlan;
	return ret;
}

int roce_frame_parse_ipv4(const uint8_t *ip, size_t len, struct roce_frame *f)
{
	size_t tot;

	memset(f, 0, sizeof(*f));
	f->vlan = -1;
	if (len < 20)
		return -ROCE_ERR_TRUNCATED;
	f->ip = ip;
	f->ip_hlen = (ip[0] & 0xf) * 4;
	if (ip[0] >> 4 != 4 || f->ip_hlen < 20)
		return -ROCE_ERR_IP;
	if (ip[9] != IPPROTO_UDP)
		return -ROCE_ERR_NOT_ROCE;
	/* The ports first, when the capture has them: a broken packet to
	 * another port is not a broken RoCE packet. */
	if (len >= f->ip_hlen + UDP_HLEN) {
		f->udp = ip + f->ip_hlen;
		f->sport = get16(f->udp);
		f->dport = get16(f->udp + 2);
		if (f->dport != ROCE_UDP_PORT)
			return -ROCE_ERR_NOT_ROCE;
	}
	tot = get16(ip + 2);
	/* A fragment (MF set or an offset) is not a whole RoCE packet. */
	if (get16(ip + 6) & 0x3fff)
		return -ROCE_ERR_IP;
	if (tot < f->ip_hlen + UDP_HLEN)
		return -ROCE_ERR_IP;
	if (len < tot)
		return -ROCE_ERR_TRUNCATED;
	f->udp_len = get16(f->udp + 4);
	if (f->udp_len < UDP_HLEN || f->udp_len > tot - f->ip_hlen)
		return -ROCE_ERR_IP;
	f->roce = f->udp + UDP_HLEN;
	f->roce_len = f->udp_len - UDP_HLEN;
	memcpy(&f->saddr, ip + 12, 4);
	memcpy(&f->daddr, ip + 16, 4);
	f->ip_id = get16(ip + 4);
	f->tos = ip[1];
	f->ttl = ip[8];
	return 0;
}

int roce_frame_check_icrc(const struct roce_frame *f, uint32_t *icrc)
{
	int err;

	err = roce_icrc_ipv4(f->ip, f->ip_hlen, f->udp, f->udp_len, icrc);
	if (err)
		return err;
	return *icrc == roce_icrc_load(f->roce + f->roce_len - ROCE_ICRC_LEN) ?
	       0 : -ROCE_ERR_ICRC;
}
