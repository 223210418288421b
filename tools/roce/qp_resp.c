// SPDX-License-Identifier: GPL-2.0
/*
 * RC responder: PSN checking, message reassembly (counted, and checked
 * against the data pattern), ACK/NAK generation (see qp.h).
 */
#include <string.h>
#include "qp.h"

void roce_resp_init(struct roce_resp *r, const struct roce_qp_cfg *cfg)
{
	memset(r, 0, sizeof(*r));
	r->cfg = *cfg;
	r->epsn = cfg->psn0 & ROCE_PSN_MASK;
}

/* The checks of an in-sequence packet (IBA 9.7.5.1): the opcode fits the
 * message in progress, the length fits the MTU, an RDMA WRITE stays
 * inside the buffer with the right key. Returns a NAK code or -1. */
static int validate(struct roce_resp *r, const struct roce_pkt *pkt,
		    unsigned int f)
{
	enum roce_verb verb = f & ROCE_F_WRITE ? ROCE_VERB_WRITE : ROCE_VERB_SEND;
	uint32_t len = pkt->payload_len;

	if (!(f & ROCE_F_PAYLOAD) || r->in_msg == !!(f & ROCE_F_FIRST) ||
	    (r->in_msg && verb != r->msg_verb)) {
		r->st.invalid++;
		return ROCE_NAK_INVALID;
	}
	if (len > r->cfg.mtu || (!(f & ROCE_F_LAST) && len != r->cfg.mtu)) {
		r->st.invalid++;
		return ROCE_NAK_INVALID;
	}
	if (verb == ROCE_VERB_WRITE && (f & ROCE_F_FIRST) &&
	    (pkt->reth.rkey != r->cfg.rkey || pkt->reth.va < r->cfg.va ||
	     pkt->reth.va - r->cfg.va + pkt->reth.dma_len > r->cfg.msg_size)) {
		r->st.access++;
		return ROCE_NAK_ACCESS;
	}
	return -1;
}

enum roce_resp_action roce_resp_on_packet(struct roce_resp *r,
					  const struct roce_pkt *pkt,
					  uint8_t *nak, uint64_t now_ns)
{
	unsigned int f = roce_op_flags(pkt->bth.opcode);
	int32_t d = roce_psn_diff(pkt->bth.psn, r->epsn);
	int code;

	if (d < 0) {
		/* Sent again after a loss the requester assumed: ACK what
		 * we have so it moves on. */
		r->st.duplicates++;
		r->ack_due = true;
		return ROCE_RESP_NONE;
	}
	if (d > 0) {
		r->st.out_of_order++;
		if (r->nak_sent)
			return ROCE_RESP_NONE;
		r->nak_sent = true;
		*nak = ROCE_NAK_PSN_SEQ;
		return ROCE_RESP_NAK;
	}
	code = validate(r, pkt, f);
	if (code >= 0) {
		*nak = code;
		return ROCE_RESP_NAK;
	}
	if (!roce_pattern_check(pkt->payload, pkt->payload_len, r->msg,
				r->msg_off))
		r->st.bad_payload++;
	r->epsn = (r->epsn + 1) & ROCE_PSN_MASK;
	r->nak_sent = false;
	r->st.packets++;
	r->st.bytes += pkt->payload_len;
	if (!r->st.first_ns)
		r->st.first_ns = now_ns;
	r->st.last_ns = now_ns;
	r->msg_verb = f & ROCE_F_WRITE ? ROCE_VERB_WRITE : ROCE_VERB_SEND;
	r->in_msg = !(f & ROCE_F_LAST);
	r->msg_off += pkt->payload_len;
	if (f & ROCE_F_LAST) {
		r->msn = (r->msn + 1) & ROCE_PSN_MASK;
		r->st.messages++;
		r->msg++;
		r->msg_off = 0;
	}
	if (pkt->bth.ackreq)
		r->ack_due = true;
	return ROCE_RESP_NONE;
}

void roce_resp_reply(struct roce_resp *r, int code, struct roce_pkt *pkt)
{
	memset(pkt, 0, sizeof(*pkt));
	pkt->bth.opcode = ROCE_OP_ACK;
	pkt->bth.pkey = ROCE_PKEY_DEFAULT;
	pkt->bth.dqpn = r->cfg.dqpn;
	pkt->aeth.msn = r->msn;
	if (code < 0) {
		/* ACK: the last PSN received in order. */
		pkt->bth.psn = (r->epsn - 1) & ROCE_PSN_MASK;
		pkt->aeth.syndrome = ROCE_AETH_ACK | ROCE_AETH_CREDITS_NONE;
		r->ack_due = false;
		r->st.acks++;
	} else {
		/* NAK: the PSN expected. */
		pkt->bth.psn = r->epsn;
		pkt->aeth.syndrome = ROCE_AETH_NAK | (code & ROCE_AETH_CODE_MASK);
		r->st.naks++;
	}
}

/* Byte x of message msg: cheap, differs between neighbouring messages
 * and along a message (a misplaced packet shows). */
static uint8_t pattern(uint64_t msg, uint32_t x)
{
	return (uint8_t)(x + (x >> 8) * 7 + msg * 59);
}

void roce_pattern_fill(uint8_t *buf, uint32_t len, uint64_t msg, uint32_t off)
{
	uint32_t i;

	for (i = 0; i < len; i++)
		buf[i] = pattern(msg, off + i);
}

bool roce_pattern_check(const uint8_t *buf, uint32_t len, uint64_t msg,
			uint32_t off)
{
	uint32_t i;

	for (i = 0; i < len; i++)
		if (buf[i] != pattern(msg, off + i))
			return false;
	return true;
}
