// SPDX-License-Identifier: GPL-2.0
/*
 * RC requester: segmentation, PSNs, ACK/NAK processing, go-back-N (see
 * qp.h). Packet i of message m is index m * ppm + i.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "qp.h"

int roce_req_init(struct roce_req *r, const struct roce_qp_cfg *cfg,
		  uint32_t depth, uint64_t total, uint64_t timeout_ns,
		  uint32_t retry_limit)
{
	memset(r, 0, sizeof(*r));
	if (!cfg->msg_size || !cfg->mtu || !depth)
		return -EINVAL;
	r->cfg = *cfg;
	r->ppm = (cfg->msg_size + cfg->mtu - 1) / cfg->mtu;
	r->depth = depth;
	r->total = total;
	r->timeout_ns = timeout_ns;
	r->retry_limit = retry_limit;
	r->t0 = calloc(depth, sizeof(*r->t0));
	if (!r->t0)
		return -ENOMEM;
	roce_hist_init(&r->st.latency);
	return 0;
}

void roce_req_free(struct roce_req *r)
{
	free(r->t0);
	r->t0 = NULL;
}

/* Payload bytes in the packets before index idx. */
static uint64_t payload_before(const struct roce_req *r, uint64_t idx)
{
	uint64_t in_msg = (uint64_t)(idx % r->ppm) * r->cfg.mtu;

	return idx / r->ppm * r->cfg.msg_size +
	       (in_msg < r->cfg.msg_size ? in_msg : r->cfg.msg_size);
}

/* One past the last packet the window allows: messages completed plus
 * depth, at most total. */
static uint64_t window_end(const struct roce_req *r)
{
	uint64_t msgs = r->una / r->ppm + r->depth;

	return (msgs < r->total ? msgs : r->total) * r->ppm;
}

bool roce_req_can_send(const struct roce_req *r)
{
	return !r->error && r->next < window_end(r);
}

static uint8_t opcode_of(enum roce_verb verb, bool first, bool last)
{
	static const uint8_t ops[2][4] = {
		/* middle, first, last, only */
		[ROCE_VERB_SEND] = { ROCE_OP_SEND_MIDDLE, ROCE_OP_SEND_FIRST,
				     ROCE_OP_SEND_LAST, ROCE_OP_SEND_ONLY },
		[ROCE_VERB_WRITE] = { ROCE_OP_WRITE_MIDDLE, ROCE_OP_WRITE_FIRST,
				      ROCE_OP_WRITE_LAST, ROCE_OP_WRITE_ONLY },
	};

	return ops[verb][first | last << 1];
}

void roce_req_build(const struct roce_req *r, struct roce_pkt *pkt,
		    uint8_t *payload)
{
	uint64_t idx = r->next, msg = idx / r->ppm;
	uint32_t k = idx % r->ppm, off = k * r->cfg.mtu;
	uint32_t len = r->cfg.msg_size - off < r->cfg.mtu ?
		       r->cfg.msg_size - off : r->cfg.mtu;
	bool first = k == 0, last = k == r->ppm - 1;

	memset(pkt, 0, sizeof(*pkt));
	pkt->bth.opcode = opcode_of(r->cfg.verb, first, last);
	pkt->bth.pkey = ROCE_PKEY_DEFAULT;
	pkt->bth.dqpn = r->cfg.dqpn;
	pkt->bth.psn = (r->cfg.psn0 + idx) & ROCE_PSN_MASK;
	pkt->bth.ackreq = last || idx % ROCE_ACK_EVERY == ROCE_ACK_EVERY - 1;
	pkt->bth.pad = (4 - len % 4) % 4;
	if (r->cfg.verb == ROCE_VERB_WRITE && first) {
		pkt->reth.va = r->cfg.va;
		pkt->reth.rkey = r->cfg.rkey;
		pkt->reth.dma_len = r->cfg.msg_size;
	}
	roce_pattern_fill(payload, len, msg, off);
	pkt->payload = payload;
	pkt->payload_len = len;
}

void roce_req_sent(struct roce_req *r, uint64_t now_ns)
{
	uint64_t idx = r->next;

	/* Nothing was in flight: the retransmission wait starts now. */
	if (idx == r->una)
		r->timer_ns = now_ns;
	if (idx < r->max_sent) {
		r->st.retransmits++;
	} else {
		r->max_sent = idx + 1;
		if (idx % r->ppm == 0)
			r->t0[idx / r->ppm % r->depth] = now_ns;
		if (!idx)
			r->st.first_ns = now_ns;
	}
	r->st.packets++;
	r->next++;
}

/* Everything before index upto is acknowledged. */
static uint64_t ack_upto(struct roce_req *r, uint64_t upto, uint64_t now_ns)
{
	uint64_t old = r->una;

	if (upto <= old)
		return 0;
	r->una = upto;
	r->timer_ns = now_ns;
	r->retries = 0;
	r->st.bytes = payload_before(r, upto);
	while ((r->st.messages + 1) * r->ppm <= upto) {
		roce_hist_add(&r->st.latency,
			      now_ns - r->t0[r->st.messages % r->depth]);
		r->st.messages++;
		r->st.last_ns = now_ns;
	}
	if (r->next < upto)
		r->next = upto;
	return upto - old;
}

uint64_t roce_req_on_ack(struct roce_req *r, const struct roce_pkt *pkt,
			 uint64_t now_ns)
{
	uint8_t syn = pkt->aeth.syndrome;
	uint32_t una_psn = (r->cfg.psn0 + r->una) & ROCE_PSN_MASK;
	int64_t d = roce_psn_diff(pkt->bth.psn, una_psn);
	uint64_t acked;

	if (r->error)
		return 0;
	switch (syn & ROCE_AETH_TYPE_MASK) {
	case ROCE_AETH_ACK:
		/* The ACK's PSN is the last one received: d + 1 more. */
		if (d < -1 || r->una + d + 1 > r->max_sent) {
			r->st.stale++;
			return 0;
		}
		r->st.acks++;
		return ack_upto(r, r->una + d + 1, now_ns);
	case ROCE_AETH_NAK:
		r->st.naks++;
		if ((syn & ROCE_AETH_CODE_MASK) != ROCE_NAK_PSN_SEQ) {
			r->error = -EPROTO;
			r->nak_code = syn & ROCE_AETH_CODE_MASK;
			return 0;
		}
		/* The NAK's PSN is the one the responder expects: all
		 * before it arrived; go back to it. */
		if (d < 0 || r->una + d > r->max_sent) {
			r->st.stale++;
			return 0;
		}
		acked = ack_upto(r, r->una + d, now_ns);
		r->next = r->una;
		return acked;
	default:
		/* RNR NAK: clos-roce responders never send it; the
		 * retransmission timer covers a peer that does. */
		r->st.naks++;
		return 0;
	}
}

bool roce_req_timer(struct roce_req *r, uint64_t now_ns)
{
	if (r->error || r->una >= r->next ||
	    now_ns - r->timer_ns < r->timeout_ns)
		return false;
	r->st.timeouts++;
	if (++r->retries > r->retry_limit) {
		r->error = -ETIMEDOUT;
		return true;
	}
	r->next = r->una;
	r->timer_ns = now_ns;
	return true;
}

uint64_t roce_req_timer_due(const struct roce_req *r)
{
	if (r->error || r->una >= r->next)
		return UINT64_MAX;
	return r->timer_ns + r->timeout_ns;
}

void roce_req_stop(struct roce_req *r)
{
	uint64_t begun = (r->max_sent + r->ppm - 1) / r->ppm;

	if (begun < r->total)
		r->total = begun;
}

bool roce_req_done(const struct roce_req *r)
{
	return r->error || r->st.messages >= r->total;
}
