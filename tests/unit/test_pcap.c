// SPDX-License-Identifier: GPL-2.0
/*
 * Real captures through the production ingress program: every frame of
 * every file in the test data runs without a test_run error, ends in
 * exactly one verdict counter (forwarded, punt_* or drop_*) with the XDP
 * action that verdict means, and each file's totals equal what tshark
 * says about the capture.
 *
 * The switch is set up so that frames can be forwarded: default routes
 * 0.0.0.0/0 and ::/0 to nexthop 1, and before each frame the ingress port
 * takes the frame's dst MAC as its own and the frame's 802.1Q VID (if any)
 * as its VLAN, as a port configured for that traffic would be.
 *
 * Frames longer than a single-buffer XDP frame (FX_MAX_FRAME, GRO-sized
 * captures) cannot reach a non-frags XDP program whole; they run cut to
 * FX_MAX_FRAME, their IP length then exceeds the frame and they count as
 * truncated, which the totals below account for.
 *
 * Data: $CLOS_TESTDATA if set, else <repo>/tests/data/pcap.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pcap/pcap.h>
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include "cases.h"

#define MAX_TOTALS	8

struct pcap_total {
	enum clos_stat stat;
	unsigned int packets;
};

struct pcap_case {
	const char *file;
	unsigned int frames;
	const enum clos_stat *per_frame;	/* expected verdicts, or NULL */
	struct pcap_total totals[MAX_TOTALS];	/* every other stat: 0 */
};

/*
 * tcpdump_malformed_l3_ether.pcap frame by frame, from `tcpdump -envr` and
 * `tshark -V` (the reason each is what it is):
 */
static const enum clos_stat malformed[] = {
	CLOS_STAT_DROP_BAD_IP,		/*  1 "bad-hlen 16": IHL 4 */
	CLOS_STAT_DROP_TRUNCATED,	/*  2 33 bytes: 19 of the IPv4 header */
	CLOS_STAT_DROP_TRUNCATED,	/*  3 "truncated-ip - 1 bytes missing" */
	CLOS_STAT_DROP_BAD_IP,		/*  4 "bad-len 19": total length < 20 */
	CLOS_STAT_DROP_TRUNCATED,	/*  5 "[|ip6]": 39 of the IPv6 header */
	CLOS_STAT_DROP_TRUNCATED,	/*  6 "truncated-ip6 - 1 bytes missing" */
	CLOS_STAT_PUNT_MCAST,		/*  7 NS to 33:33:ff:76:6c:14 */
	CLOS_STAT_PUNT_MCAST,		/*  8 version 0, but to 33:33:00:00:00:01 */
	CLOS_STAT_PUNT_MCAST,		/*  9 NS to 33:33:ff:76:6c:14 */
	CLOS_STAT_PUNT_MCAST,		/* 10 version 0, but to 33:33:00:00:00:01 */
	CLOS_STAT_DROP_BAD_IP,		/* 11 version 6 under ethertype IPv4 */
	CLOS_STAT_DROP_TRUNCATED,	/* 12 48 of 262144 bytes, length 12336 */
	CLOS_STAT_PUNT_L2_OTHER,	/* 13 ethertype 0x3030 */
	CLOS_STAT_DROP_TRUNCATED,	/* 14 48 of 262144 bytes, length 12336 */
	CLOS_STAT_DROP_TRUNCATED,	/* 15 64 of 262144 bytes, length 12336 */
	CLOS_STAT_DROP_TRUNCATED,	/* 16 IPv6 payload 27136 in 60 bytes */
	CLOS_STAT_DROP_TRUNCATED,	/* 17 IPv6 payload length 0, next header
					 *    fragment: the fragment header it
					 *    announces is not in the packet (the
					 *    16 bytes after it are padding) */
	CLOS_STAT_PUNT_MCAST,		/* 18 to 33:33:00:01:00:06 */
	CLOS_STAT_DROP_TRUNCATED,	/* 19 39 of 118 bytes */
	CLOS_STAT_PUNT_V6_HBH,		/* 20 jumbogram: hop-by-hop header */
	CLOS_STAT_PUNT_V6_HBH,		/* 21 jumbogram: hop-by-hop header */
	CLOS_STAT_PUNT_V6_HBH,		/* 22 hop-by-hop padding options */
	CLOS_STAT_FWD,			/* 23 2005::1 > 2008::1 no next header */
	CLOS_STAT_DROP_BAD_IP,		/* 24 "bad-len 0": total length 0 */
	CLOS_STAT_PUNT_MCAST,		/* 25 to 33:33:00:00:00:01 */
	CLOS_STAT_DROP_TRUNCATED,	/* 26 85 of 86 bytes, payload 32 */
	CLOS_STAT_DROP_TRUNCATED,	/* 27 111 of 112 bytes, length 98 */
	CLOS_STAT_FWD,			/* 28 TCP 10.0.0.2 > 10.128.0.2, TTL 64 */
	CLOS_STAT_DROP_TRUNCATED,	/* 29 46 of 65613 bytes, length 70 */
	CLOS_STAT_DROP_TRUNCATED,	/* 30 50 of 262144 bytes, length 65319 */
};

static const struct pcap_case files[] = {
	/*
	 * 123 frames. tshark -Y:
	 *   "udp.dstport == 4791 && udp.length >= 20"   105 (whole BTH)
	 *   "infiniband.bth.opcode == 0x81"               0
	 *   "arp"                                         4
	 *   "eth.dst.ig == 1"                             4 (MLD, RS)
	 *   "ip && eth.dst.ig == 0 && ip.ttl > 1"       115 (RoCE + TCP)
	 */
	{ "roce_rc_send_mlx.pcap", 123, NULL, {
		{ CLOS_STAT_FWD, 115 }, { CLOS_STAT_PUNT_ARP, 4 },
		{ CLOS_STAT_PUNT_MCAST, 4 }, { CLOS_STAT_ROCE, 105 } } },
	/* 1 frame (pcapng): UDP 10.0.17.1 > 10.0.18.1:4791, BTH opcode 0x81
	 * ("infiniband.bth.opcode == 0x81": 1). */
	{ "roce_cnp_cx4lx.pcap", 1, NULL, {
		{ CLOS_STAT_FWD, 1 }, { CLOS_STAT_ROCE, 1 },
		{ CLOS_STAT_ROCE_CNP, 1 } } },
	/*
	 * 325 frames, IPv4 and IPv6 only; #1 is the outer header (many are
	 * PIM Registers with an inner packet):
	 *   "eth.dst.ig == 1"                                            42
	 *   "eth.dst.ig == 0 && ip.dst#1 == 224.0.0.0/4 &&
	 *    ip.len#1 + 14 <= frame.cap_len && frame.cap_len <= 3520"   53
	 *   the same for "ipv6.dst#1 == ff00::/8", "ipv6.plen#1 + 54"    53
	 *     -> punt_multicast 148
	 *   "eth.dst.ig == 0 && (frame.cap_len > 3520 ||
	 *    ip.len#1 + 14 > frame.cap_len || ipv6.plen#1 + 54 > frame.cap_len)"
	 *     -> drop_truncated 9 (7 over 3520 bytes, 2 cut by the snaplen)
	 *   unicast, whole, "ip.ttl#1 <= 1 || ipv6.hlim#1 <= 1"
	 *     -> punt_ttl_expired 2
	 *   unicast, whole, TTL / hop limit > 1 -> forwarded 166
	 */
	{ "tcpdump_ecn_ether.pcap", 325, NULL, {
		{ CLOS_STAT_FWD, 166 }, { CLOS_STAT_PUNT_MCAST, 148 },
		{ CLOS_STAT_DROP_TRUNCATED, 9 }, { CLOS_STAT_PUNT_TTL, 2 } } },
	/*
	 * 189 frames; TAG = "eth.type#1 == 0x8100 || eth.type#1 == 0x88a8",
	 * IP = "eth.type#1 == 0x0800 || (TAG && vlan.etype#1 == 0x0800)"
	 * (no IPv6, no double tags, no short frames in this file):
	 *   "eth.type#1 == 0x0806 || (TAG && vlan.etype#1 == 0x0806)"     2
	 *     both behind an 802.1ad tag ("eth.type#1 == 0x88a8"): no port
	 *     takes one, so drop_vlan_mismatch 2 (and punt_arp 0)
	 *   not IP, not ARP (802.3 LLC: STP, CDP, DTP, VTP, IS-IS; 0x9000,
	 *   0xd28b, MPLS in VLAN)                                       120
	 *   "IP && (eth.dst.ig == 1 || ip.dst#1 == 224.0.0.0/4)"          10
	 *   "IP && eth.dst.ig == 0 && !(ip.dst#1 == 224.0.0.0/4) &&
	 *    ip.ttl#1 <= 1"                                                1
	 *   the same with "ip.ttl#1 > 1"                                  56,
	 *     of them "ip.src#1 == 169.254.0.0/16" (NHRP between link-local
	 *     addresses) 4: drop_martian_source; forwarded 52
	 */
	{ "tcpdump_vlan_pcp_ether.pcap", 189, NULL, {
		{ CLOS_STAT_FWD, 52 }, { CLOS_STAT_PUNT_L2_OTHER, 120 },
		{ CLOS_STAT_PUNT_MCAST, 10 }, { CLOS_STAT_DROP_VLAN, 2 },
		{ CLOS_STAT_PUNT_TTL, 1 }, { CLOS_STAT_DROP_MARTIAN_SRC, 4 } } },
	/* 30 frames, each one above. */
	{ "tcpdump_malformed_l3_ether.pcap", 30, malformed, {
		{ CLOS_STAT_DROP_TRUNCATED, 14 }, { CLOS_STAT_DROP_BAD_IP, 4 },
		{ CLOS_STAT_PUNT_MCAST, 6 }, { CLOS_STAT_PUNT_V6_HBH, 3 },
		{ CLOS_STAT_FWD, 2 }, { CLOS_STAT_PUNT_L2_OTHER, 1 } } },
};

_Static_assert(sizeof(malformed) / sizeof(malformed[0]) == 30,
	       "one verdict per frame of the malformed capture");

static const char *testdata_dir(void)
{
	const char *env = getenv("CLOS_TESTDATA");

	return env && *env ? env : CLOS_SOURCE_DIR "/tests/data/pcap";
}

/* The VID of the frame's 802.1Q tag (behind an 802.1ad tag or not). */
static __u16 frame_vid(const __u8 *f, size_t len)
{
	size_t off = 12;
	int i;

	for (i = 0; i < 2 && off + 4 <= len; i++, off += 4) {
		__u16 type = f[off] << 8 | f[off + 1];

		if (type == 0x8100)
			return (f[off + 2] << 8 | f[off + 3]) & 0x0fff;
		if (type != 0x88a8)
			break;
	}
	return 0;
}

/* Run one frame; return its verdict, add its side counters to *side. */
static enum clos_stat run_frame(struct fx *fx, const char *what,
				const __u8 *frame, size_t len,
				unsigned int *side)
{
	static struct fx_result res;
	struct fx_counts before, after;
	enum clos_stat verdict = CLOS_STAT_MAX;
	int i, n = 0;

	fx_port_mac(fx, FX_PORT_HOST, frame);
	fx_port_vlan(fx, FX_PORT_HOST, frame_vid(frame, len));
	fx_counts(fx, &before);
	fx_run(fx, frame, len, &res);
	fx_counts(fx, &after);

	*side = 0;
	for (i = 0; i < CLOS_STAT_MAX; i++) {
		if (after.stat[i].packets == before.stat[i].packets)
			continue;
		if (fx_stat_is_verdict(i)) {
			verdict = i;
			n++;
		} else {
			*side |= FX_SIDE(i);
		}
	}
	cr_assert_eq(n, 1, "%s: %d verdict counters moved", what, n);
	cr_assert_eq(res.retval, fx_verdict_action(verdict),
		     "%s: %s returned %s", what, fx_stat_name(verdict),
		     fx_xdp_name(res.retval));
	/* Exactly one packet of len bytes in that verdict and the side
	 * counters, and in the ingress port's rx and punt/drop. */
	fx_expect_counts(what, &before, &after, verdict, *side, len,
			 FX_PORT_HOST);
	return verdict;
}

/* The open capture; closed by pcap_teardown() even when a check failed. */
static pcap_t *capture;

static void pcap_teardown(void)
{
	if (capture)
		pcap_close(capture);
	capture = NULL;
	fx_teardown();
}

/* Every frame of capture file c through the fast-mode program kind. */
static void run_file(enum fx_prog kind, const struct pcap_case *c)
{
	unsigned int got[CLOS_STAT_MAX] = {}, want[CLOS_STAT_MAX] = {};
	char path[512], err[PCAP_ERRBUF_SIZE], what[600];
	struct pcap_pkthdr *h;
	const u_char *data;
	unsigned int n = 0, side;
	struct fx *fx;
	int i, rc;

	snprintf(path, sizeof(path), "%s/%s", testdata_dir(), c->file);
	capture = pcap_open_offline(path, err);
	cr_assert_not_null(capture,
			   "%s (set CLOS_TESTDATA to the capture directory)", err);
	cr_assert_eq(pcap_datalink(capture), DLT_EN10MB, "%s: not Ethernet",
		     path);

	fx = fx_setup(kind);
	fx_route4(fx, "0.0.0.0", 0, CLOS_RT_NEXTHOP, 1);
	fx_route6(fx, "::", 0, CLOS_RT_NEXTHOP, 1);
	while ((rc = pcap_next_ex(capture, &h, &data)) == 1) {
		size_t len = h->caplen < FX_MAX_FRAME ? h->caplen : FX_MAX_FRAME;
		enum clos_stat v;

		n++;
		snprintf(what, sizeof(what), "%s frame %u (%zu bytes)", c->file,
			 n, len);
		cr_assert_geq(len, PKT_ETH_HLEN, "%s: shorter than Ethernet", what);
		v = run_frame(fx, what, data, len, &side);
		if (c->per_frame && n <= c->frames)
			cr_assert_eq(v, c->per_frame[n - 1], "%s: %s, want %s", what,
				     fx_stat_name(v),
				     fx_stat_name(c->per_frame[n - 1]));
		got[v]++;
		for (i = 0; i < CLOS_STAT_MAX; i++)
			got[i] += !!(side & FX_SIDE(i));
	}
	cr_assert_eq(rc, PCAP_ERROR_BREAK, "%s: %s", path,
		     pcap_geterr(capture));
	cr_assert_eq(n, c->frames, "%s: %u frames, want %u", c->file, n,
		     c->frames);

	for (i = 0; i < MAX_TOTALS && c->totals[i].packets; i++)
		want[c->totals[i].stat] = c->totals[i].packets;
	for (i = 0; i < CLOS_STAT_MAX; i++)
		cr_expect_eq(got[i], want[i], "%s: %s %u, want %u", c->file,
			     clos_stat_names[i], got[i], want[i]);
	/* And the switch's own counters agree with the per-frame tally. */
	for (i = 0; i < CLOS_STAT_MAX; i++)
		cr_expect_eq(fx_stat(fx, i), got[i], "%s: stats[%s]", c->file,
			     clos_stat_names[i]);
}

FX_CASE_PARAMS(pcap, file, files)

ParameterizedTest(int *k, pcap, file, .fini = pcap_teardown)
{
	run_file(FX_PIPELINE, &files[*k]);
}

/* The same without the lane: the lane must give its frames the general
 * pipeline's results. */
FX_CASE_PARAMS(pcap, file_general, files)

ParameterizedTest(int *k, pcap, file_general, .fini = pcap_teardown)
{
	run_file(FX_GENERAL, &files[*k]);
}
