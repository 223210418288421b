// SPDX-License-Identifier: GPL-2.0
/*
 * Seeds for fuzz_pipeline (its input: a 4-byte header, then the frame;
 * see fuzz_pipeline.c): every frame of the captures in tests/data/pcap,
 * and frames from the unit tests' builders (tests/unit/packet.c) that
 * reach each route of the fuzz switch (pipeline_switch.h) and each
 * parser branch. Each frame is written for fast and for queue mode.
 *
 *   pipeline_seeds PCAP_DIR OUT_DIR
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <netinet/in.h>
#include <linux/if_ether.h>
#include <pcap/pcap.h>
#include "packet.h"

#define SEED_HDR_LEN	4
#define SEED_MAX_FRAME	3520
#define PORT_MAC(p)	"02:c1:05:00:00:0" #p

static const char *out_dir;
static int num_seeds;

/* One seed: header (mode | ingress port, tag flag, TCI), then the frame. */
static int seed_write(const char *tag, __u8 sel, __s32 tci, const __u8 *frame,
		      size_t len)
{
	char path[4096];
	__u8 hdr[SEED_HDR_LEN] = { sel, tci >= 0, (tci >> 8) & 0xff, tci & 0xff };
	FILE *f;

	if (len > SEED_MAX_FRAME || len < ETH_HLEN)
		return 0;
	snprintf(path, sizeof(path), "%s/%s-%04d", out_dir, tag, num_seeds++);
	f = fopen(path, "w");
	if (!f || fwrite(hdr, 1, sizeof(hdr), f) != sizeof(hdr) ||
	    fwrite(frame, 1, len, f) != len || fclose(f)) {
		fprintf(stderr, "pipeline_seeds: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Fast mode and queue mode, in on port. */
static int seed_both(const char *tag, __u8 port, __s32 tci, const __u8 *frame,
		     size_t len)
{
	if (seed_write(tag, port, -1, frame, len) ||
	    seed_write(tag, 0x80 | port, tci, frame, len))
		return -1;
	return 0;
}

/* A capture's frames as they are, and with port 0's MAC as destination
 * (the captures' own MACs are no port's: all would stop at the DMAC
 * check). */
static int seeds_pcap(const char *path, const char *name)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const __u8 *data;
	__u8 frame[SEED_MAX_FRAME];
	pcap_t *pc = pcap_open_offline(path, errbuf);
	int err = 0;

	if (!pc) {
		fprintf(stderr, "pipeline_seeds: %s: %s\n", path, errbuf);
		return -1;
	}
	while (!err && pcap_next_ex(pc, &h, &data) == 1) {
		size_t len = h->caplen < sizeof(frame) ? h->caplen : sizeof(frame);

		memcpy(frame, data, len);
		err = seed_write(name, 0, -1, frame, len);
		if (!err && len >= 6 && !(frame[0] & 1)) {
			pkt_mac(frame, PORT_MAC(0));
			err = seed_both(name, 0, -1, frame, len);
		}
	}
	pcap_close(pc);
	return err;
}

static int seeds_pcap_dir(const char *dir)
{
	struct dirent *e;
	DIR *d = opendir(dir);
	char path[4096], name[256];
	int err = 0;

	if (!d) {
		fprintf(stderr, "pipeline_seeds: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while (!err && (e = readdir(d))) {
		size_t n = strlen(e->d_name);

		if (n < 6 || strcmp(e->d_name + n - 5, ".pcap"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		snprintf(name, sizeof(name), "pcap-%.*s", (int)(n - 5), e->d_name);
		err = seeds_pcap(path, name);
	}
	closedir(d);
	return err;
}

static int seed_spec(const struct pkt_spec *s, __u8 port, __s32 tci)
{
	__u8 frame[PKT_MAX];
	size_t len = pkt_build(s, frame, sizeof(frame), NULL);

	return seed_both("build", port, tci, frame, len);
}

/* A UDP frame to dst (IPv4 or IPv6) in on port 0, then variants of it. */
static int seeds_to(const char *dst, bool v6)
{
	struct pkt_spec s;

	if (v6)
		pkt_udp6(&s, PORT_MAC(0), "2001:db8:99::2", dst);
	else
		pkt_udp4(&s, PORT_MAC(0), "192.0.2.2", dst);
	return seed_spec(&s, 0, -1);
}

static int seeds_build(void)
{
	static const char *const dst4[] = {
		"192.0.2.9", "10.0.0.1", "10.1.0.9", "10.1.1.9", "10.1.1.200",
		"10.2.0.9", "10.3.0.9", "10.4.0.9", "10.5.0.9", "10.6.0.9",
		"10.7.0.9", "10.8.0.9", "10.9.0.9", "10.10.0.9", "10.11.0.9",
		"10.12.0.9", "10.13.0.9", "10.14.0.9", "10.15.0.9", "10.16.0.9",
		"224.0.0.5", "255.255.255.255", "127.0.0.1", "0.0.0.0",
	};
	static const char *const dst6[] = {
		"2001:db8:99::9", "2001:db8::1", "2001:db8:1::9",
		"2001:db8:1:1::9", "2001:db8:1:1:8000::9", "2001:db8:2::9",
		"2001:db8:3::9", "2001:db8:4::9", "2001:db8:5::9",
		"2001:db8:6::9", "2001:db8:7::9", "2001:db8:8::9",
		"2001:db8:9::9", "2001:db8:a::9", "2001:db8:b::9",
		"2001:db8:c::9", "2001:db8:d::9", "2001:db8:e::9",
		"2001:db8:f::9", "2001:db8:10::9", "ff02::1", "fe80::1",
	};
	__u8 frame[PKT_MAX];
	struct pkt_spec s;
	size_t i;
	int err = 0;

	for (i = 0; !err && i < sizeof(dst4) / sizeof(dst4[0]); i++)
		err = seeds_to(dst4[i], false);
	for (i = 0; !err && i < sizeof(dst6) / sizeof(dst6[0]); i++)
		err = seeds_to(dst6[i], true);
	if (err)
		return err;

	/* TCP, RoCEv2 (SEND, CNP), ICMP, TTL at its ends, ECN and DSCP. */
	pkt_udp4(&s, PORT_MAC(0), "192.0.2.2", "10.2.0.9");
	s.l4 = IPPROTO_TCP;
	err |= seed_spec(&s, 0, -1);
	pkt_udp4(&s, PORT_MAC(0), "192.0.2.2", "10.2.0.9");
	pkt_roce(&s, PKT_BTH_SEND_ONLY, 0x45, 7);
	s.tos = 0x6a;		/* DSCP 26, ECT(0) */
	err |= seed_spec(&s, 1, -1);
	pkt_roce(&s, PKT_BTH_CNP, 0x118, 0);
	s.tos = 0xc2;
	err |= seed_spec(&s, 0, -1);
	pkt_udp6(&s, PORT_MAC(0), "2001:db8:99::2", "2001:db8:3::9");
	pkt_roce(&s, PKT_BTH_SEND_ONLY, 0x48, 9);
	s.tos = 0x03;		/* CE */
	err |= seed_spec(&s, 0, -1);
	pkt_udp4(&s, PORT_MAC(0), "192.0.2.2", "10.1.0.9");
	s.l4 = IPPROTO_ICMP;
	s.ttl = 1;
	err |= seed_spec(&s, 0, -1);
	s.ttl = 0;
	err |= seed_spec(&s, 0, -1);
	/* IPv4 options and a fragment. */
	pkt_udp4(&s, PORT_MAC(0), "192.0.2.2", "10.3.0.9");
	s.ip_opt_len = 12;
	err |= seed_spec(&s, 0, -1);
	s.ip_opt_len = 0;
	s.frag_off = 0x2000;
	err |= seed_spec(&s, 0, -1);
	s.frag_off = 0x0010;
	err |= seed_spec(&s, 0, -1);
	/* IPv6 extension headers, a fragment, ND, hop-by-hop. */
	pkt_udp6(&s, PORT_MAC(0), "2001:db8:99::2", "2001:db8:2::9");
	s.v6_ext[0] = IPPROTO_DSTOPTS;
	s.v6_ext[1] = IPPROTO_ROUTING;
	s.v6_ext[2] = IPPROTO_FRAGMENT;
	s.v6_ext_n = 3;
	err |= seed_spec(&s, 0, -1);
	pkt_udp6(&s, PORT_MAC(0), "2001:db8:99::2", "2001:db8:2::9");
	s.l4 = IPPROTO_ICMPV6;
	s.icmp_type = 135;
	err |= seed_spec(&s, 0, -1);
	s.icmp_type = 128;
	err |= seed_spec(&s, 0, -1);
	pkt_udp6(&s, PORT_MAC(0), "2001:db8:99::2", "2001:db8:2::9");
	s.v6_ext[0] = IPPROTO_HOPOPTS;
	s.v6_ext_n = 1;
	err |= seed_spec(&s, 0, -1);
	/* Tags: on a VLAN port, priority-tagged, QinQ, 802.1ad alone; and
	 * queue mode's tag beside the data. */
	pkt_udp4(&s, PORT_MAC(5), "192.0.2.2", "10.10.0.9");
	s.ctag = true;
	s.vid = 10;
	s.pcp = 5;
	err |= seed_spec(&s, 5, -1);
	s.stag = true;
	s.stag_vid = 99;
	err |= seed_spec(&s, 5, -1);
	s.ctag = false;
	err |= seed_spec(&s, 5, -1);
	pkt_udp4(&s, PORT_MAC(5), "192.0.2.2", "10.3.0.9");
	err |= seed_spec(&s, 5, (5 << 13) | 10);
	pkt_udp6(&s, PORT_MAC(0), "2001:db8:99::2", "2001:db8:b::9");
	s.ctag = true;
	s.vid = 0;
	s.pcp = 6;
	err |= seed_spec(&s, 0, -1);
	/* Not IP: ARP, another ethertype. */
	i = pkt_build_arp(frame, sizeof(frame), "02:aa:00:00:00:01", "10.0.0.2",
			  "10.0.0.1");
	err |= seed_both("build", 0, -1, frame, i);
	pkt_udp4(&s, PORT_MAC(0), "192.0.2.2", "10.1.0.9");
	s.ethertype = 0x88cc;	/* LLDP */
	err |= seed_spec(&s, 0, -1);
	return err ? -1 : 0;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: pipeline_seeds PCAP_DIR OUT_DIR\n");
		return 2;
	}
	out_dir = argv[2];
	if (seeds_pcap_dir(argv[1]) || seeds_build())
		return 1;
	printf("  SEEDS    %d in %s\n", num_seeds, out_dir);
	return 0;
}
