// SPDX-License-Identifier: GPL-2.0
/*
 * clos-roce's wire format against real NICs: every RoCEv2 frame of the two
 * shared captures (a Mellanox RC SEND exchange, a ConnectX-4 Lx CNP)
 * decodes with the tool's decoder, carries a valid ICRC, and encodes back
 * from the decoded fields to the same bytes. The ICRC masks exactly the
 * fields routers rewrite (TOS/ECN, TTL, checksums, FECN/BECN) and nothing
 * else. Refused: truncated frames, bad ICRCs, opcodes clos-roce does not
 * speak, bad pad counts and header versions, each with its reason.
 *
 * Data: $CLOS_TESTDATA if set, else <repo>/tests/data/pcap (as
 * test_pcap.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <pcap/pcap.h>
#include <criterion/criterion.h>
#include "frame.h"
#include "icrc.h"
#include "wire.h"

#define MAX_FRAMES	256
#define MAX_FRAME_LEN	2048

struct capture {
	unsigned int n;
	size_t len[MAX_FRAMES];
	uint8_t data[MAX_FRAMES][MAX_FRAME_LEN];
};

static struct capture cap;

static const char *testdata_dir(void)
{
	const char *env = getenv("CLOS_TESTDATA");

	return env && *env ? env : CLOS_SOURCE_DIR "/tests/data/pcap";
}

/* Every frame of the file, copied (pcap_next_ex's buffer is reused). */
static void load(const char *file)
{
	char path[512], err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	pcap_t *p;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", testdata_dir(), file);
	p = pcap_open_offline(path, err);
	cr_assert_not_null(p, "%s (set CLOS_TESTDATA to the capture directory)",
			   err);
	cr_assert_eq(pcap_datalink(p), DLT_EN10MB, "%s: not Ethernet", path);
	cap.n = 0;
	while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
		cr_assert_lt(cap.n, MAX_FRAMES, "%s: too many frames", path);
		cr_assert_leq(h->caplen, MAX_FRAME_LEN, "%s: frame %u too long",
			      path, cap.n + 1);
		cr_assert_eq(h->caplen, h->len, "%s: frame %u cut by the snaplen",
			     path, cap.n + 1);
		memcpy(cap.data[cap.n], data, h->caplen);
		cap.len[cap.n++] = h->caplen;
	}
	cr_assert_eq(rc, PCAP_ERROR_BREAK, "%s: %s", path, pcap_geterr(p));
	pcap_close(p);
}

struct tally {
	unsigned int roce;
	unsigned int other;
	unsigned int op[256];
};

/* Decode, check the ICRC, re-encode; tally opcodes. */
static void check_capture(const char *file, struct tally *t)
{
	unsigned int i;

	memset(t, 0, sizeof(*t));
	load(file);
	for (i = 0; i < cap.n; i++) {
		uint8_t out[MAX_FRAME_LEN];
		struct roce_frame f;
		struct roce_pkt pkt;
		uint32_t icrc;
		ssize_t n;
		int err;

		err = roce_frame_parse(cap.data[i], cap.len[i], &f);
		if (err == -ROCE_ERR_NOT_ROCE) {
			t->other++;
			continue;
		}
		cr_assert_eq(err, 0, "%s frame %u: %s", file, i + 1,
			     roce_strerror(err));
		t->roce++;
		err = roce_decode(f.roce, f.roce_len, &pkt);
		cr_assert_eq(err, 0, "%s frame %u: %s", file, i + 1,
			     roce_strerror(err));
		t->op[pkt.bth.opcode]++;
		err = roce_frame_check_icrc(&f, &icrc);
		cr_assert_eq(err, 0, "%s frame %u: ICRC %08x, computed %08x",
			     file, i + 1, pkt.icrc, icrc);
		cr_assert_eq(pkt.icrc, icrc);

		/* Encode from the fields alone: the payload is copied out of
		 * the frame first, so nothing can leak through the pointer. */
		memset(out, 0xa5, sizeof(out));
		{
			uint8_t payload[MAX_FRAME_LEN];

			memcpy(payload, pkt.payload ? pkt.payload : payload,
			       pkt.payload_len);
			pkt.payload = payload;
			n = roce_encode(&pkt, out, sizeof(out));
		}
		cr_assert_eq(n + ROCE_ICRC_LEN, (ssize_t)f.roce_len,
			     "%s frame %u: encoded %zd bytes, want %zu", file,
			     i + 1, n, f.roce_len - ROCE_ICRC_LEN);
		roce_icrc_store(out + n, pkt.icrc);
		cr_assert_arr_eq(out, f.roce, f.roce_len,
				 "%s frame %u: encoding differs", file, i + 1);

		/* The headers a Linux UDP socket would write give the same
		 * ICRC when the sender used IP ID 0 (and DF), as these NICs
		 * and clos-roce's sockets do. */
		if (f.ip_id == 0 && f.ip_hlen == 20) {
			struct roce_ip4_tuple tu = {
				.saddr = f.saddr, .daddr = f.daddr,
				.sport = f.sport, .dport = f.dport,
				.df = f.ip[6] & 0x40,
			};

			cr_assert_eq(roce_icrc_tuple(&tu, f.roce, f.roce_len),
				     pkt.icrc, "%s frame %u: tuple ICRC", file,
				     i + 1);
		}
	}
}

Test(roce_wire, mlx_rc_send_capture)
{
	struct tally t;

	check_capture("roce_rc_send_mlx.pcap", &t);
	/* tshark --disable-protocol tftp -Y udp.dstport==4791: 105 frames,
	 * opcodes 0 (33), 3 (33), 5 (2), 17 (37). */
	cr_expect_eq(t.roce, 105);
	cr_expect_eq(t.other, 18);
	cr_expect_eq(t.op[ROCE_OP_SEND_FIRST], 33);
	cr_expect_eq(t.op[ROCE_OP_SEND_LAST_IMM], 33);
	cr_expect_eq(t.op[ROCE_OP_SEND_ONLY_IMM], 2);
	cr_expect_eq(t.op[ROCE_OP_ACK], 37);
}

Test(roce_wire, cx4lx_cnp_capture)
{
	struct roce_frame f;
	struct roce_pkt pkt;
	struct tally t;
	int i;

	check_capture("roce_cnp_cx4lx.pcap", &t);
	cr_expect_eq(t.roce, 1);
	cr_expect_eq(t.op[ROCE_OP_CNP], 1);
	cr_assert_eq(roce_frame_parse(cap.data[0], cap.len[0], &f), 0);
	cr_assert_eq(roce_decode(f.roce, f.roce_len, &pkt), 0);
	cr_expect(pkt.bth.becn, "a CNP has BECN set");
	cr_expect(!pkt.bth.fecn);
	cr_expect_eq(pkt.bth.dqpn, 0x118);
	cr_expect_eq(pkt.bth.pkey, 0xffff);
	cr_expect_eq(pkt.bth.psn, 0);
	cr_expect_eq(pkt.icrc, 0x2a00fd82);
	cr_expect_eq(f.tos, 0xc2, "DSCP 48, ECT(0)");
	for (i = 0; i < ROCE_CNP_RESV_LEN; i++)
		cr_expect_eq(pkt.cnp_resv[i], 0);
}

/* Fields of known frames, as tshark shows them. */
Test(roce_wire, mlx_fields)
{
	struct roce_frame f;
	struct roce_pkt pkt;
	char buf[32];

	load("roce_rc_send_mlx.pcap");
	/* Frame 16: RC Acknowledge QP=0x45 PSN 0, syndrome 6 (ACK, 6
	 * credits), MSN 1, from UDP port 72. */
	cr_assert_eq(roce_frame_parse(cap.data[15], cap.len[15], &f), 0);
	cr_assert_eq(roce_decode(f.roce, f.roce_len, &pkt), 0);
	cr_expect_eq(pkt.bth.opcode, ROCE_OP_ACK);
	cr_expect_str_eq(roce_op_name(pkt.bth.opcode, buf, sizeof(buf)),
			 "RC Acknowledge");
	cr_expect_eq(pkt.bth.dqpn, 0x45);
	cr_expect_eq(pkt.bth.psn, 0);
	cr_expect_eq(pkt.aeth.syndrome, 6);
	cr_expect_eq(pkt.aeth.syndrome & ROCE_AETH_TYPE_MASK, ROCE_AETH_ACK);
	cr_expect_eq(pkt.aeth.msn, 1);
	cr_expect_eq(pkt.payload_len, 0);
	cr_expect_eq(f.sport, 72);
	cr_expect_eq(pkt.icrc, 0x16c29c25);
	/* Frame 17: SEND First, MigReq, 1024 bytes of "HTTP/1.1 200 OK". */
	cr_assert_eq(roce_frame_parse(cap.data[16], cap.len[16], &f), 0);
	cr_assert_eq(roce_decode(f.roce, f.roce_len, &pkt), 0);
	cr_expect_eq(pkt.bth.opcode, ROCE_OP_SEND_FIRST);
	cr_expect(pkt.bth.migreq);
	cr_expect_eq(pkt.bth.pad, 0);
	cr_expect_eq(pkt.payload_len, 1024);
	cr_expect_eq(memcmp(pkt.payload, "HTTP/1.1 200 OK", 15), 0);
	/* Frame 15: SEND Only with Immediate, 3 bytes of pad. */
	cr_assert_eq(roce_frame_parse(cap.data[14], cap.len[14], &f), 0);
	cr_assert_eq(roce_decode(f.roce, f.roce_len, &pkt), 0);
	cr_expect_eq(pkt.bth.opcode, ROCE_OP_SEND_ONLY_IMM);
	cr_expect_eq(pkt.bth.dqpn, 0x48);
	cr_expect_eq(pkt.bth.pad, 3);
	cr_expect_eq(pkt.payload_len + 3 + ROCE_BTH_LEN + ROCE_IMM_LEN +
		     ROCE_ICRC_LEN, f.roce_len);
}

/* A frame cut anywhere before its end is refused as truncated. */
Test(roce_wire, truncated_frames)
{
	static const unsigned int frames[] = { 15, 16, 17, 18 };
	struct roce_frame f;
	unsigned int k;
	size_t cut;

	load("roce_rc_send_mlx.pcap");
	for (k = 0; k < sizeof(frames) / sizeof(frames[0]); k++) {
		unsigned int i = frames[k] - 1;

		for (cut = 0; cut < cap.len[i]; cut++) {
			int err = roce_frame_parse(cap.data[i], cut, &f);

			cr_assert_eq(err, -ROCE_ERR_TRUNCATED,
				     "frame %u cut to %zu bytes: %s", i + 1,
				     cut, roce_strerror(err));
		}
		cr_assert_eq(roce_frame_parse(cap.data[i], cap.len[i], &f), 0);
	}
}

/* The RoCE packet itself shorter than its headers + ICRC. */
Test(roce_wire, truncated_packets)
{
	static const uint8_t ops[] = {
		ROCE_OP_SEND_ONLY, ROCE_OP_WRITE_FIRST, ROCE_OP_WRITE_ONLY_IMM,
		ROCE_OP_ACK, ROCE_OP_CNP,
	};
	uint8_t buf[64] = {};
	struct roce_pkt pkt;
	unsigned int k;
	size_t len;

	for (k = 0; k < sizeof(ops); k++) {
		size_t need = roce_hdr_len(ops[k]) + ROCE_ICRC_LEN;

		buf[0] = ops[k];
		for (len = 0; len < need; len++)
			cr_assert_eq(roce_decode(buf, len, &pkt),
				     -ROCE_ERR_TRUNCATED, "opcode %#x, %zu bytes",
				     ops[k], len);
		cr_assert_eq(roce_decode(buf, need, &pkt), 0, "opcode %#x",
			     ops[k]);
	}
}

struct flip {
	const char *what;
	size_t off;		/* from the start of the IPv4 header */
	uint8_t xor;
	bool masked;		/* the ICRC does not cover it */
};

/* ICRC masking, on frame 17 (SEND First): offsets into IPv4 + UDP + BTH. */
static const struct flip flips[] = {
	{ "IP DSCP", 1, 0xfc, true },
	{ "IP ECN CE", 1, 0x03, true },
	{ "IP TTL", 8, 0x01, true },
	{ "IP checksum", 10, 0x5a, true },
	{ "UDP checksum", 20 + 6, 0xff, true },
	{ "BTH FECN", 28 + 4, 0x80, true },
	{ "BTH BECN", 28 + 4, 0x40, true },
	{ "BTH resv6", 28 + 4, 0x3f, true },
	{ "IP version/IHL", 0, 0x00, true },	/* control: no change */
	{ "IP total length", 3, 0x01, false },
	{ "IP ID", 5, 0x01, false },
	{ "IP DF", 6, 0x40, false },
	{ "IP protocol", 9, 0x01, false },
	{ "IP source", 15, 0x01, false },
	{ "IP destination", 19, 0x80, false },
	{ "UDP source port", 20 + 1, 0x01, false },
	{ "UDP length", 20 + 5, 0x01, false },
	{ "BTH opcode", 28 + 0, 0x01, false },
	{ "BTH SE", 28 + 1, 0x80, false },
	{ "BTH P_Key", 28 + 3, 0x01, false },
	{ "BTH dest QP", 28 + 7, 0x01, false },
	{ "BTH AckReq", 28 + 8, 0x80, false },
	{ "BTH PSN", 28 + 11, 0x01, false },
	{ "payload first byte", 40, 0x01, false },
	{ "payload last byte", 40 + 1023, 0x80, false },
	{ "ICRC", 40 + 1024, 0x01, false },
};

Test(roce_wire, icrc_masks_exactly_the_variant_fields)
{
	unsigned int k;

	load("roce_rc_send_mlx.pcap");
	for (k = 0; k < sizeof(flips) / sizeof(flips[0]); k++) {
		uint8_t frame[MAX_FRAME_LEN];
		size_t len = cap.len[16];
		uint32_t icrc, stored;
		const uint8_t *ip = frame + 14;

		/* The ICRC alone, not the parser (which refuses some of these
		 * changes before any CRC is computed). */
		memcpy(frame, cap.data[16], len);
		frame[14 + flips[k].off] ^= flips[k].xor;
		stored = roce_icrc_load(frame + len - ROCE_ICRC_LEN);
		cr_assert_eq(roce_icrc_ipv4(ip, 20, ip + 20, len - 14 - 20,
					    &icrc), 0);
		if (flips[k].masked)
			cr_expect_eq(icrc, stored, "%s changed: ICRC mismatch",
				     flips[k].what);
		else
			cr_expect_neq(icrc, stored, "%s changed: ICRC still valid",
				      flips[k].what);
	}
}

struct refusal {
	const char *what;
	size_t off;		/* in the UDP payload of frame 17 */
	uint8_t set;		/* new value of that byte */
	int err;
};

Test(roce_wire, refused_with_reason)
{
	static const struct refusal refusals[] = {
		{ "RDMA READ request", 0, 0x0c, -ROCE_ERR_OPCODE },
		{ "RDMA READ response", 0, 0x10, -ROCE_ERR_OPCODE },
		{ "atomic ACK", 0, 0x12, -ROCE_ERR_OPCODE },
		{ "SEND Last with Invalidate", 0, 0x16, -ROCE_ERR_OPCODE },
		{ "UC SEND Only", 0, 0x24, -ROCE_ERR_OPCODE },
		{ "UD SEND Only", 0, 0x64, -ROCE_ERR_OPCODE },
		{ "opcode 0x80", 0, 0x80, -ROCE_ERR_OPCODE },
		{ "opcode 0xff", 0, 0xff, -ROCE_ERR_OPCODE },
		{ "header version 1", 1, 0x41, -ROCE_ERR_TVER },
		{ "pad count on a SEND First", 1, 0x70, -ROCE_ERR_PAD },
		{ "ACK with a payload", 0, ROCE_OP_ACK, -ROCE_ERR_LENGTH },
		{ "CNP with a payload", 0, ROCE_OP_CNP, -ROCE_ERR_LENGTH },
	};
	struct roce_frame f;
	struct roce_pkt pkt;
	unsigned int k;

	load("roce_rc_send_mlx.pcap");
	cr_assert_eq(roce_frame_parse(cap.data[16], cap.len[16], &f), 0);
	for (k = 0; k < sizeof(refusals) / sizeof(refusals[0]); k++) {
		const struct refusal *r = &refusals[k];
		uint8_t buf[MAX_FRAME_LEN];
		int err;

		memcpy(buf, f.roce, f.roce_len);
		buf[r->off] = r->set;
		err = roce_decode(buf, f.roce_len, &pkt);
		cr_expect_eq(err, r->err, "%s: got '%s', want '%s'", r->what,
			     roce_strerror(err), roce_strerror(r->err));
		cr_expect_neq(strcmp(roce_strerror(err), "ok"), 0);
	}
	/* A changed payload byte: the ICRC check refuses it, and says so. */
	{
		uint8_t frame[MAX_FRAME_LEN];
		struct roce_frame g;
		uint32_t icrc;

		memcpy(frame, cap.data[16], cap.len[16]);
		frame[100] ^= 0x20;
		cr_assert_eq(roce_frame_parse(frame, cap.len[16], &g), 0);
		cr_expect_eq(roce_frame_check_icrc(&g, &icrc), -ROCE_ERR_ICRC);
		cr_expect_str_eq(roce_strerror(-ROCE_ERR_ICRC), "ICRC mismatch");
		cr_expect_eq(roce_decode(g.roce, g.roce_len, &pkt), 0,
			     "the decoder alone does not see it");
	}
	/* More pad than payload: an ACK-sized SEND Last with pad 3. */
	{
		uint8_t buf[ROCE_BTH_LEN + 2 + ROCE_ICRC_LEN] = {
			ROCE_OP_SEND_LAST, 0x30,
		};

		cr_expect_eq(roce_decode(buf, sizeof(buf), &pkt), -ROCE_ERR_PAD);
	}
}

/* Frames that are not RoCEv2 are told apart from broken ones. */
Test(roce_wire, not_roce)
{
	struct roce_frame f;
	struct tally t;
	uint8_t frame[MAX_FRAME_LEN];

	check_capture("roce_rc_send_mlx.pcap", &t);
	/* Frame 5: TCP; frame 1: ICMPv6. */
	cr_expect_eq(roce_frame_parse(cap.data[4], cap.len[4], &f),
		     -ROCE_ERR_NOT_ROCE);
	cr_expect_eq(roce_frame_parse(cap.data[0], cap.len[0], &f),
		     -ROCE_ERR_NOT_ROCE);
	/* UDP to another port. */
	memcpy(frame, cap.data[16], cap.len[16]);
	frame[14 + 20 + 3] ^= 1;
	cr_expect_eq(roce_frame_parse(frame, cap.len[16], &f),
		     -ROCE_ERR_NOT_ROCE);
	/* A fragment is not a whole packet. */
	memcpy(frame, cap.data[16], cap.len[16]);
	frame[14 + 6] |= 0x20;
	cr_expect_eq(roce_frame_parse(frame, cap.len[16], &f), -ROCE_ERR_IP);
	/* UDP length beyond the IP packet. */
	memcpy(frame, cap.data[16], cap.len[16]);
	frame[14 + 20 + 4] += 1;
	cr_expect_eq(roce_frame_parse(frame, cap.len[16], &f), -ROCE_ERR_IP);
}

/* Field by field: the struct's padding bytes are not part of its value
 * (clang leaves them as they were in a designated initializer). */
static bool bth_equal(const struct roce_bth *a, const struct roce_bth *b)
{
	return a->opcode == b->opcode && a->se == b->se && a->migreq == b->migreq &&
	       a->pad == b->pad && a->tver == b->tver && a->pkey == b->pkey &&
	       a->fecn == b->fecn && a->becn == b->becn && a->resv6 == b->resv6 &&
	       a->dqpn == b->dqpn && a->ackreq == b->ackreq &&
	       a->resv7 == b->resv7 && a->psn == b->psn;
}

/* Every opcode clos-roce sends, from fields to bytes and back. */
Test(roce_wire, encode_decode_every_opcode)
{
	static const uint8_t ops[] = {
		ROCE_OP_SEND_FIRST, ROCE_OP_SEND_MIDDLE, ROCE_OP_SEND_LAST,
		ROCE_OP_SEND_LAST_IMM, ROCE_OP_SEND_ONLY, ROCE_OP_SEND_ONLY_IMM,
		ROCE_OP_WRITE_FIRST, ROCE_OP_WRITE_MIDDLE, ROCE_OP_WRITE_LAST,
		ROCE_OP_WRITE_LAST_IMM, ROCE_OP_WRITE_ONLY,
		ROCE_OP_WRITE_ONLY_IMM, ROCE_OP_ACK, ROCE_OP_CNP,
	};
	uint8_t data[37], buf[256];
	unsigned int k, i;

	for (i = 0; i < sizeof(data); i++)
		data[i] = i * 7;
	for (k = 0; k < sizeof(ops); k++) {
		unsigned int fl = roce_op_flags(ops[k]);
		struct roce_pkt in = {
			.bth = { .opcode = ops[k], .pkey = 0xffff,
				 .dqpn = 0xabcdef, .psn = 0xfffffe,
				 .ackreq = fl & ROCE_F_LAST, .becn = ops[k] == ROCE_OP_CNP },
			.reth = { .va = 0x1122334455667788ull, .rkey = 0x99aabbcc,
				  .dma_len = 65536 },
			.imm = 0xdeadbeef,
			.aeth = { .syndrome = ROCE_AETH_NAK | ROCE_NAK_PSN_SEQ,
				  .msn = 0x123456 },
		}, out;
		ssize_t n;

		if (fl & ROCE_F_PAYLOAD) {
			/* Only last/only packets may be padded. */
			in.payload = data;
			in.payload_len = fl & ROCE_F_LAST ? 37 : 36;
			in.bth.pad = (4 - in.payload_len % 4) % 4;
		}
		n = roce_encode(&in, buf, sizeof(buf));
		cr_assert_gt(n, 0, "opcode %#x: %s", ops[k], roce_strerror(n));
		cr_assert_eq((size_t)n, roce_hdr_len(ops[k]) + in.payload_len +
			     in.bth.pad, "opcode %#x", ops[k]);
		roce_icrc_store(buf + n, 0x01020304);
		cr_assert_eq(roce_decode(buf, n + ROCE_ICRC_LEN, &out), 0,
			     "opcode %#x", ops[k]);
		cr_expect(bth_equal(&out.bth, &in.bth), "opcode %#x: BTH", ops[k]);
		if (fl & ROCE_F_RETH)
			cr_expect_eq(memcmp(&out.reth, &in.reth, sizeof(in.reth)), 0);
		if (fl & ROCE_F_IMM)
			cr_expect_eq(out.imm, in.imm);
		if (fl & ROCE_F_AETH) {
			cr_expect_eq(out.aeth.syndrome, in.aeth.syndrome);
			cr_expect_eq(out.aeth.msn, in.aeth.msn);
		}
		cr_expect_eq(out.payload_len, in.payload_len);
		if (in.payload_len)
			cr_expect_arr_eq(out.payload, data, in.payload_len);
		cr_expect_eq(out.icrc, 0x01020304);
	}
	/* The buffer must hold the ICRC too; unknown opcodes are refused. */
	{
		struct roce_pkt p = { .bth = { .opcode = ROCE_OP_ACK } };

		cr_expect_eq(roce_encode(&p, buf, 19), -ROCE_ERR_SPACE);
		cr_expect_eq(roce_encode(&p, buf, 20), 16);
		p.bth.opcode = 0x0c;
		cr_expect_eq(roce_encode(&p, buf, sizeof(buf)), -ROCE_ERR_OPCODE);
	}
}

Test(roce_wire, psn_arithmetic)
{
	cr_expect_eq(roce_psn_diff(5, 3), 2);
	cr_expect_eq(roce_psn_diff(3, 5), -2);
	cr_expect_eq(roce_psn_diff(0, 0xffffff), 1, "wraps at 2^24");
	cr_expect_eq(roce_psn_diff(0xffffff, 0), -1);
	cr_expect_eq(roce_psn_diff(0x7fffff, 0), 0x7fffff);
	cr_expect_eq(roce_psn_diff(0x800000, 0), -0x800000);
}
