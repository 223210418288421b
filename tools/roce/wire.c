// SPDX-License-Identifier: GPL-2.0
/*
 * RoCEv2 BTH/RETH/ImmDt/AETH/CNP encode and decode. Layouts from the IBA
 * spec vol. 1 (9.2 BTH, 9.3 extension headers) and Annex A17 (RoCEv2:
 * FECN/BECN in the BTH's byte 4, CNP = opcode 0x81 + 16 reserved bytes).
 * All multi-byte fields are big-endian except the ICRC.
 */
#include <stdio.h>
#include <string.h>
#include "icrc.h"
#include "wire.h"

#define F_SEND	(ROCE_F_SEND | ROCE_F_PAYLOAD)
#define F_WRITE	(ROCE_F_WRITE | ROCE_F_PAYLOAD)
#define F_ONLY	(ROCE_F_FIRST | ROCE_F_LAST)

static const struct {
	const char *name;
	unsigned int flags;
} ops[256] = {
	[ROCE_OP_SEND_FIRST]	 = { "RC SEND First", F_SEND | ROCE_F_FIRST },
	[ROCE_OP_SEND_MIDDLE]	 = { "RC SEND Middle", F_SEND },
	[ROCE_OP_SEND_LAST]	 = { "RC SEND Last", F_SEND | ROCE_F_LAST },
	[ROCE_OP_SEND_LAST_IMM]	 = { "RC SEND Last with Immediate",
				     F_SEND | ROCE_F_LAST | ROCE_F_IMM },
	[ROCE_OP_SEND_ONLY]	 = { "RC SEND Only", F_SEND | F_ONLY },
	[ROCE_OP_SEND_ONLY_IMM]	 = { "RC SEND Only with Immediate",
				     F_SEND | F_ONLY | ROCE_F_IMM },
	[ROCE_OP_WRITE_FIRST]	 = { "RC RDMA WRITE First",
				     F_WRITE | ROCE_F_FIRST | ROCE_F_RETH },
	[ROCE_OP_WRITE_MIDDLE]	 = { "RC RDMA WRITE Middle", F_WRITE },
	[ROCE_OP_WRITE_LAST]	 = { "RC RDMA WRITE Last", F_WRITE | ROCE_F_LAST },
	[ROCE_OP_WRITE_LAST_IMM] = { "RC RDMA WRITE Last with Immediate",
				     F_WRITE | ROCE_F_LAST | ROCE_F_IMM },
	[ROCE_OP_WRITE_ONLY]	 = { "RC RDMA WRITE Only",
				     F_WRITE | F_ONLY | ROCE_F_RETH },
	[ROCE_OP_WRITE_ONLY_IMM] = { "RC RDMA WRITE Only with Immediate",
				     F_WRITE | F_ONLY | ROCE_F_RETH | ROCE_F_IMM },
	[ROCE_OP_ACK]		 = { "RC Acknowledge", ROCE_F_AETH },
	[ROCE_OP_CNP]		 = { "CNP", ROCE_F_CNP },
};

static const char *const errs[ROCE_ERR_MAX] = {
	[ROCE_OK]		= "ok",
	[ROCE_ERR_TRUNCATED]	= "truncated: shorter than its headers and ICRC",
	[ROCE_ERR_OPCODE]	= "unknown opcode (not RC SEND/RDMA WRITE/ACK or CNP)",
	[ROCE_ERR_TVER]		= "BTH header version is not 0",
	[ROCE_ERR_PAD]		= "bad pad count",
	[ROCE_ERR_LENGTH]	= "payload where the opcode allows none",
	[ROCE_ERR_ICRC]		= "ICRC mismatch",
	[ROCE_ERR_NOT_ROCE]	= "not RoCEv2 (IPv4/UDP to port 4791)",
	[ROCE_ERR_IP]		= "bad IPv4 or UDP header",
	[ROCE_ERR_SPACE]	= "buffer too small",
};

const char *roce_strerror(int err)
{
	if (err < 0)
		err = -err;
	return err < ROCE_ERR_MAX ? errs[err] : "unknown error";
}

unsigned int roce_op_flags(uint8_t opcode)
{
	return ops[opcode].flags;
}

const char *roce_op_name(uint8_t opcode, char *buf, size_t len)
{
	if (ops[opcode].name)
		return ops[opcode].name;
	snprintf(buf, len, "opcode 0x%02x", opcode);
	return buf;
}

size_t roce_hdr_len(uint8_t opcode)
{
	unsigned int f = ops[opcode].flags;

	if (!f)
		return 0;
	return ROCE_BTH_LEN + (f & ROCE_F_RETH ? ROCE_RETH_LEN : 0) +
	       (f & ROCE_F_IMM ? ROCE_IMM_LEN : 0) +
	       (f & ROCE_F_AETH ? ROCE_AETH_LEN : 0) +
	       (f & ROCE_F_CNP ? ROCE_CNP_RESV_LEN : 0);
}

static uint32_t get24(const uint8_t *p)
{
	return (uint32_t)p[0] << 16 | p[1] << 8 | p[2];
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | get24(p + 1);
}

static void put24(uint8_t *p, uint32_t v)
{
	p[0] = v >> 16;
	p[1] = v >> 8;
	p[2] = v;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	put24(p + 1, v);
}

static void decode_bth(const uint8_t *p, struct roce_bth *b)
{
	b->opcode = p[0];
	b->se = p[1] >> 7;
	b->migreq = p[1] >> 6 & 1;
	b->pad = p[1] >> 4 & 3;
	b->tver = p[1] & 0xf;
	b->pkey = p[2] << 8 | p[3];
	b->fecn = p[4] >> 7;
	b->becn = p[4] >> 6 & 1;
	b->resv6 = p[4] & 0x3f;
	b->dqpn = get24(p + 5);
	b->ackreq = p[8] >> 7;
	b->resv7 = p[8] & 0x7f;
	b->psn = get24(p + 9);
}

static void encode_bth(const struct roce_bth *b, uint8_t *p)
{
	p[0] = b->opcode;
	p[1] = b->se << 7 | b->migreq << 6 | (b->pad & 3) << 4 | (b->tver & 0xf);
	p[2] = b->pkey >> 8;
	p[3] = b->pkey;
	p[4] = b->fecn << 7 | b->becn << 6 | (b->resv6 & 0x3f);
	put24(p + 5, b->dqpn & ROCE_QPN_MASK);
	p[8] = b->ackreq << 7 | (b->resv7 & 0x7f);
	put24(p + 9, b->psn & ROCE_PSN_MASK);
}

int roce_decode(const uint8_t *buf, size_t len, struct roce_pkt *pkt)
{
	const uint8_t *p = buf;
	unsigned int f;
	size_t hdr, body;

	memset(pkt, 0, sizeof(*pkt));
	if (len < ROCE_BTH_LEN + ROCE_ICRC_LEN)
		return -ROCE_ERR_TRUNCATED;
	decode_bth(p, &pkt->bth);
	f = roce_op_flags(pkt->bth.opcode);
	if (!f)
		return -ROCE_ERR_OPCODE;
	if (pkt->bth.tver)
		return -ROCE_ERR_TVER;
	hdr = roce_hdr_len(pkt->bth.opcode);
	if (len < hdr + ROCE_ICRC_LEN)
		return -ROCE_ERR_TRUNCATED;
	p += ROCE_BTH_LEN;
	if (f & ROCE_F_RETH) {
		pkt->reth.va = (uint64_t)get32(p) << 32 | get32(p + 4);
		pkt->reth.rkey = get32(p + 8);
		pkt->reth.dma_len = get32(p + 12);
		p += ROCE_RETH_LEN;
	}
	if (f & ROCE_F_IMM) {
		pkt->imm = get32(p);
		p += ROCE_IMM_LEN;
	}
	if (f & ROCE_F_AETH) {
		pkt->aeth.syndrome = p[0];
		pkt->aeth.msn = get24(p + 1);
		p += ROCE_AETH_LEN;
	}
	if (f & ROCE_F_CNP) {
		memcpy(pkt->cnp_resv, p, ROCE_CNP_RESV_LEN);
		p += ROCE_CNP_RESV_LEN;
	}
	body = len - hdr - ROCE_ICRC_LEN;
	if (!(f & ROCE_F_PAYLOAD)) {
		if (body || pkt->bth.pad)
			return -ROCE_ERR_LENGTH;
	} else {
		/* Only the packet that ends a message may be padded: the
		 * others carry a whole path MTU, a multiple of 4. */
		if (pkt->bth.pad > body ||
		    (pkt->bth.pad && !(f & ROCE_F_LAST)))
			return -ROCE_ERR_PAD;
		pkt->payload = p;
		pkt->payload_len = body - pkt->bth.pad;
		memcpy(pkt->pad_bytes, p + pkt->payload_len, pkt->bth.pad);
	}
	p = buf + len - ROCE_ICRC_LEN;
	pkt->icrc = roce_icrc_load(p);
	return 0;
}

ssize_t roce_encode(const struct roce_pkt *pkt, uint8_t *buf, size_t size)
{
	unsigned int f = roce_op_flags(pkt->bth.opcode);
	size_t hdr = roce_hdr_len(pkt->bth.opcode), pad = pkt->bth.pad & 3;
	size_t body = 0;
	uint8_t *p = buf;

	if (!f)
		return -ROCE_ERR_OPCODE;
	if (f & ROCE_F_PAYLOAD)
		body = pkt->payload_len + pad;
	else if (pkt->payload_len || pad)
		return -ROCE_ERR_LENGTH;
	if (size < hdr + body + ROCE_ICRC_LEN)
		return -ROCE_ERR_SPACE;
	encode_bth(&pkt->bth, p);
	p += ROCE_BTH_LEN;
	if (f & ROCE_F_RETH) {
		put32(p, pkt->reth.va >> 32);
		put32(p + 4, pkt->reth.va);
		put32(p + 8, pkt->reth.rkey);
		put32(p + 12, pkt->reth.dma_len);
		p += ROCE_RETH_LEN;
	}
	if (f & ROCE_F_IMM) {
		put32(p, pkt->imm);
		p += ROCE_IMM_LEN;
	}
	if (f & ROCE_F_AETH) {
		p[0] = pkt->aeth.syndrome;
		put24(p + 1, pkt->aeth.msn);
		p += ROCE_AETH_LEN;
	}
	if (f & ROCE_F_CNP) {
		memcpy(p, pkt->cnp_resv, ROCE_CNP_RESV_LEN);
		p += ROCE_CNP_RESV_LEN;
	}
	if (body) {
		if (pkt->payload_len && pkt->payload != p)
			memmove(p, pkt->payload, pkt->payload_len);
		memcpy(p + pkt->payload_len, pkt->pad_bytes, pad);
		p += body;
	}
	return p - buf;
}
