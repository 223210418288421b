/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RoCEv2 transport headers as they sit in a UDP datagram to port 4791:
 *
 *   BTH (12) [RETH (16)] [ImmDt (4)] [AETH (4)] payload [pad 0..3] ICRC (4)
 *
 * and a CNP: BTH (opcode 0x81, BECN set) + 16 reserved bytes + ICRC.
 * Fields are decoded into host order; every bit of the headers (reserved
 * ones included) is kept, so that encoding a decoded packet gives back the
 * same bytes. The ICRC is computed in icrc.h: it covers the IP and UDP
 * headers, which this file does not see.
 *
 * Only what clos-roce speaks is accepted: RC SEND and RDMA WRITE (every
 * first/middle/last/only form, with and without immediate data), RC
 * ACKNOWLEDGE and CNP. Anything else is refused with a reason.
 */
#ifndef CLOS_ROCE_WIRE_H
#define CLOS_ROCE_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define ROCE_UDP_PORT		4791
#define ROCE_BTH_LEN		12
#define ROCE_RETH_LEN		16
#define ROCE_IMM_LEN		4
#define ROCE_AETH_LEN		4
#define ROCE_CNP_RESV_LEN	16
#define ROCE_ICRC_LEN		4
#define ROCE_PSN_MASK		0xffffffu	/* PSNs and QPNs are 24 bits */
#define ROCE_QPN_MASK		0xffffffu
#define ROCE_PKEY_DEFAULT	0xffff
/* The longest header stack: BTH + RETH + ImmDt (RDMA WRITE only w/ imm). */
#define ROCE_MAX_HDR_LEN	(ROCE_BTH_LEN + ROCE_RETH_LEN + ROCE_IMM_LEN)

enum roce_opcode {
	ROCE_OP_SEND_FIRST		= 0x00,
	ROCE_OP_SEND_MIDDLE		= 0x01,
	ROCE_OP_SEND_LAST		= 0x02,
	ROCE_OP_SEND_LAST_IMM		= 0x03,
	ROCE_OP_SEND_ONLY		= 0x04,
	ROCE_OP_SEND_ONLY_IMM		= 0x05,
	ROCE_OP_WRITE_FIRST		= 0x06,
	ROCE_OP_WRITE_MIDDLE		= 0x07,
	ROCE_OP_WRITE_LAST		= 0x08,
	ROCE_OP_WRITE_LAST_IMM		= 0x09,
	ROCE_OP_WRITE_ONLY		= 0x0a,
	ROCE_OP_WRITE_ONLY_IMM		= 0x0b,
	ROCE_OP_ACK			= 0x11,
	ROCE_OP_CNP			= 0x81,
};

/* What an opcode carries and where it sits in a message. */
enum roce_op_flags {
	ROCE_F_FIRST	= 1 << 0,	/* starts a message */
	ROCE_F_LAST	= 1 << 1,	/* ends one (ONLY = FIRST | LAST) */
	ROCE_F_SEND	= 1 << 2,
	ROCE_F_WRITE	= 1 << 3,
	ROCE_F_RETH	= 1 << 4,
	ROCE_F_IMM	= 1 << 5,
	ROCE_F_AETH	= 1 << 6,
	ROCE_F_PAYLOAD	= 1 << 7,	/* may carry data (and pad) */
	ROCE_F_CNP	= 1 << 8,	/* 16 reserved bytes */
};

/* AETH syndrome: bits 6..5 say ACK, RNR NAK or NAK, bits 4..0 the credit
 * count, RNR timer or NAK code. */
#define ROCE_AETH_TYPE_MASK	0x60
#define ROCE_AETH_ACK		0x00
#define ROCE_AETH_RNR_NAK	0x20
#define ROCE_AETH_NAK		0x60
#define ROCE_AETH_CODE_MASK	0x1f
/* Credit count 31: end-to-end credits not used (as rxe's
 * AETH_ACK_UNLIMITED). */
#define ROCE_AETH_CREDITS_NONE	0x1f

enum roce_nak_code {
	ROCE_NAK_PSN_SEQ	= 0,	/* PSN sequence error */
	ROCE_NAK_INVALID	= 1,	/* invalid request */
	ROCE_NAK_ACCESS		= 2,	/* remote access error */
	ROCE_NAK_OPERATIONAL	= 3,	/* remote operational error */
};

struct roce_bth {
	uint8_t opcode;
	bool se;		/* solicited event */
	bool migreq;
	uint8_t pad;		/* pad count: 0..3 bytes before the ICRC */
	uint8_t tver;		/* transport header version (0) */
	uint16_t pkey;
	bool fecn;		/* byte 4, bit 7 */
	bool becn;		/* byte 4, bit 6: set in CNPs */
	uint8_t resv6;		/* byte 4, bits 5..0 */
	uint32_t dqpn;		/* 24 bits */
	bool ackreq;		/* the requester asks for an ACK */
	uint8_t resv7;
	uint32_t psn;		/* 24 bits */
};

struct roce_reth {
	uint64_t va;
	uint32_t rkey;
	uint32_t dma_len;	/* length of the whole message */
};

struct roce_aeth {
	uint8_t syndrome;
	uint32_t msn;		/* 24 bits */
};

/* One RoCEv2 packet: the UDP payload, decoded. Which of reth, imm, aeth
 * and cnp_resv mean anything is said by the opcode's flags. */
struct roce_pkt {
	struct roce_bth bth;
	struct roce_reth reth;
	uint32_t imm;
	struct roce_aeth aeth;
	uint8_t cnp_resv[ROCE_CNP_RESV_LEN];
	const uint8_t *payload;	/* points into the decoded buffer */
	uint32_t payload_len;	/* without the pad bytes */
	uint8_t pad_bytes[3];	/* as seen (zero when sent by clos-roce) */
	uint32_t icrc;		/* as stored: little-endian on the wire */
};

/* Reasons a packet is refused (returned negated). */
enum roce_err {
	ROCE_OK = 0,
	ROCE_ERR_TRUNCATED,	/* shorter than its headers + ICRC */
	ROCE_ERR_OPCODE,	/* an opcode clos-roce does not speak */
	ROCE_ERR_TVER,		/* BTH header version is not 0 */
	ROCE_ERR_PAD,		/* pad count on a first/middle packet, or
				 * more pad than payload */
	ROCE_ERR_LENGTH,	/* payload where none may be (ACK, CNP) */
	ROCE_ERR_ICRC,		/* ICRC does not match (icrc.h) */
	ROCE_ERR_NOT_ROCE,	/* not IPv4/UDP to port 4791 (frame.h) */
	ROCE_ERR_IP,		/* IP/UDP header unusable (frame.h) */
	ROCE_ERR_SPACE,		/* encode: the buffer is too small */
	ROCE_ERR_MAX,
};

/* "truncated", "unknown opcode", ... */
const char *roce_strerror(int err);

/* The opcode's ROCE_F_* flags, 0 if clos-roce does not speak it. */
unsigned int roce_op_flags(uint8_t opcode);
/* "RC SEND First", "CNP", ...; "opcode 0xNN" (in buf) for others. */
const char *roce_op_name(uint8_t opcode, char *buf, size_t len);
/* Bytes of BTH and the extension headers of the opcode (0: unknown). */
size_t roce_hdr_len(uint8_t opcode);

/* Decode the UDP payload buf[0..len) (ending with the ICRC). Returns 0 or
 * -ROCE_ERR_*; pkt->payload points into buf. The ICRC is read, not
 * checked. */
int roce_decode(const uint8_t *buf, size_t len, struct roce_pkt *pkt);

/* Write pkt's headers, payload and pad bytes into buf; the caller adds
 * the ICRC (icrc.h) in the ROCE_ICRC_LEN bytes that follow. Returns the
 * bytes written (the UDP payload is that + ROCE_ICRC_LEN), or -ROCE_ERR_*
 * (unknown opcode, or size too small for the packet with its ICRC). */
ssize_t roce_encode(const struct roce_pkt *pkt, uint8_t *buf, size_t size);

/* PSN arithmetic modulo 2^24: a - b as a signed distance in
 * -2^23..2^23-1 (serial number arithmetic). */
static inline int32_t roce_psn_diff(uint32_t a, uint32_t b)
{
	return (int32_t)((a - b) << 8) >> 8;
}

#endif /* CLOS_ROCE_WIRE_H */
