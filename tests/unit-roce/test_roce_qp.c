// SPDX-License-Identifier: GPL-2.0
/*
 * clos-roce's RC transport without sockets: a requester and a responder
 * joined by a simulated wire (every packet goes through encode and
 * decode), which can drop chosen packets. Checked: lossless runs deliver
 * every message in order across the 24-bit PSN wrap, with coalesced ACKs;
 * a loss brings one NAK and a go-back-N resend; a lost tail or a lost ACK
 * is recovered by the retransmission timer; a silent peer fails the QP
 * after the retry limit; RDMA WRITE outside the buffer and out-of-sequence
 * opcodes are NAKed. Also the pacer's long-run rate and the latency
 * histogram's precision.
 */
#include <errno.h>
#include <string.h>
#include <criterion/criterion.h>
#include "hist.h"
#include "pace.h"
#include "qp.h"
#include "wire.h"

#define US		1000ull
#define TIMEOUT_NS	(100 * US)

struct sim {
	struct roce_req req;
	struct roce_resp resp;
	uint64_t now;
	uint64_t sent;			/* data packets offered to the wire */
	uint64_t drop_data[8];		/* drop the data packet with this
					 * send number (1-based) */
	uint64_t drop_acks;		/* drop this many ACKs from now on */
	bool mute;			/* the responder never answers */
	unsigned int naks_seen;
	unsigned int acks_seen;
};

static struct sim sim;

/* Through the wire format: what the other end sees is what decode gives. */
static void wire(const struct roce_pkt *in, struct roce_pkt *out,
		 uint8_t *buf, size_t size)
{
	ssize_t n = roce_encode(in, buf, size);

	cr_assert_gt(n, 0, "encode: %s", roce_strerror(n));
	memset(buf + n, 0, ROCE_ICRC_LEN);
	cr_assert_eq(roce_decode(buf, n + ROCE_ICRC_LEN, out), 0);
}

static void to_requester(struct sim *s, const struct roce_pkt *ack)
{
	uint8_t buf[64];
	struct roce_pkt p;

	if (s->mute)
		return;
	if ((ack->aeth.syndrome & ROCE_AETH_TYPE_MASK) == ROCE_AETH_ACK) {
		if (s->drop_acks) {
			s->drop_acks--;
			return;
		}
		s->acks_seen++;
	} else {
		s->naks_seen++;
	}
	wire(ack, &p, buf, sizeof(buf));
	roce_req_on_ack(&s->req, &p, s->now);
}

static bool dropped(struct sim *s)
{
	unsigned int i;

	for (i = 0; i < 8; i++)
		if (s->drop_data[i] == s->sent)
			return true;
	return false;
}

/* Send what the window allows, one packet per microsecond; the responder
 * answers NAKs at once and one coalesced ACK per 4 packets (a batch). */
static void step(struct sim *s)
{
	uint8_t payload[4096], buf[8192];
	unsigned int batch = 0;

	while (roce_req_can_send(&s->req)) {
		struct roce_pkt pkt, rx, reply;
		uint8_t nak;

		roce_req_build(&s->req, &pkt, payload);
		roce_req_sent(&s->req, s->now);
		s->now += US;
		s->sent++;
		if (dropped(s))
			continue;
		wire(&pkt, &rx, buf, sizeof(buf));
		if (roce_resp_on_packet(&s->resp, &rx, &nak, s->now) ==
		    ROCE_RESP_NAK) {
			roce_resp_reply(&s->resp, nak, &reply);
			to_requester(s, &reply);
		}
		if (++batch % 4 == 0 && s->resp.ack_due) {
			roce_resp_reply(&s->resp, -1, &reply);
			to_requester(s, &reply);
		}
	}
	if (s->resp.ack_due) {
		struct roce_pkt reply;

		roce_resp_reply(&s->resp, -1, &reply);
		to_requester(s, &reply);
	}
}

/* Run until the requester is done, advancing time to the timer when
 * nothing can be sent. */
static void run(struct sim *s)
{
	int rounds;

	for (rounds = 0; rounds < 100000 && !roce_req_done(&s->req); rounds++) {
		step(s);
		if (!roce_req_can_send(&s->req) && !roce_req_done(&s->req)) {
			uint64_t due = roce_req_timer_due(&s->req);

			if (due != UINT64_MAX && due > s->now)
				s->now = due;
			roce_req_timer(&s->req, s->now);
		}
	}
	cr_assert(roce_req_done(&s->req), "the run did not end");
}

static void setup(enum roce_verb verb, uint32_t psn0, uint32_t size,
		  uint32_t depth, uint64_t total)
{
	struct roce_qp_cfg req = {
		.qpn = 0x100, .dqpn = 0x1000, .psn0 = psn0, .verb = verb,
		.msg_size = size, .mtu = 1024, .va = 0x1000ull << 32,
		.rkey = 0xabcd1234,
	}, resp = req;

	memset(&sim, 0, sizeof(sim));
	resp.qpn = req.dqpn;
	resp.dqpn = req.qpn;
	cr_assert_eq(roce_req_init(&sim.req, &req, depth, total, TIMEOUT_NS, 3), 0);
	roce_resp_init(&sim.resp, &resp);
}

static void teardown(void)
{
	roce_req_free(&sim.req);
}

/* Everything arrived once, in order, as sent. */
static void expect_delivered(uint64_t msgs, uint32_t size)
{
	cr_expect_eq(sim.req.error, 0);
	cr_expect_eq(sim.req.st.messages, msgs);
	cr_expect_eq(sim.req.st.bytes, msgs * size);
	cr_expect_eq(sim.req.st.latency.count, msgs);
	cr_expect_eq(sim.resp.st.messages, msgs);
	cr_expect_eq(sim.resp.st.bytes, msgs * size);
	cr_expect_eq(sim.resp.st.bad_payload, 0);
	cr_expect_eq(sim.resp.st.invalid, 0);
	cr_expect_eq(sim.resp.st.access, 0);
	cr_expect_eq(sim.resp.msn, msgs & ROCE_PSN_MASK);
}

Test(roce_qp, send_lossless_across_psn_wrap, .fini = teardown)
{
	/* 3 packets per message (1024 + 1024 + 453, padded), PSNs from
	 * 2^24 - 10: the wrap falls in the fourth message. */
	setup(ROCE_VERB_SEND, 0xfffff6, 2501, 4, 20);
	run(&sim);
	expect_delivered(20, 2501);
	cr_expect_eq(sim.req.st.packets, 60);
	cr_expect_eq(sim.req.st.retransmits, 0);
	cr_expect_eq(sim.resp.st.out_of_order, 0);
	cr_expect_eq(sim.resp.st.duplicates, 0);
	cr_expect_eq(sim.resp.epsn, (0xfffff6 + 60) & ROCE_PSN_MASK);
	cr_expect_lt(sim.acks_seen, 60, "ACKs are coalesced (%u)", sim.acks_seen);
}

Test(roce_qp, write_lossless, .fini = teardown)
{
	setup(ROCE_VERB_WRITE, 100, 4096, 2, 10);
	run(&sim);
	expect_delivered(10, 4096);
	cr_expect_eq(sim.req.st.packets, 40);
}

Test(roce_qp, single_packet_messages, .fini = teardown)
{
	setup(ROCE_VERB_SEND, 7, 1, 8, 50);
	run(&sim);
	expect_delivered(50, 1);
}

/* Packet 5 of 30 lost: the responder counts the packets after it as out
 * of order but NAKs only once; the requester goes back to it. */
Test(roce_qp, loss_brings_one_nak_and_go_back_n, .fini = teardown)
{
	setup(ROCE_VERB_SEND, 0, 10240, 3, 3);
	sim.drop_data[0] = 5;
	run(&sim);
	expect_delivered(3, 10240);
	cr_expect_eq(sim.naks_seen, 1);
	cr_expect_eq(sim.req.st.naks, 1);
	cr_expect_eq(sim.resp.st.naks, 1);
	cr_expect_gt(sim.resp.st.out_of_order, 0);
	/* Go-back-N: everything from the lost packet on went again. */
	cr_expect_eq(sim.req.st.retransmits, sim.resp.st.out_of_order + 1);
	cr_expect_eq(sim.req.st.timeouts, 0);
}

/* Two losses in one window: each gap gets its NAK. */
Test(roce_qp, two_losses, .fini = teardown)
{
	setup(ROCE_VERB_WRITE, 0xfffff0, 8192, 4, 4);
	sim.drop_data[0] = 3;
	sim.drop_data[1] = 20;
	run(&sim);
	expect_delivered(4, 8192);
	cr_expect_geq(sim.naks_seen, 2);
	cr_expect_eq(sim.req.st.timeouts, 0);
}

/* The last packet lost: nothing follows to show the gap, so only the
 * retransmission timer brings it back. */
Test(roce_qp, tail_loss_needs_the_timer, .fini = teardown)
{
	setup(ROCE_VERB_SEND, 0, 3000, 1, 1);
	sim.drop_data[0] = 3;
	run(&sim);
	expect_delivered(1, 3000);
	cr_expect_eq(sim.naks_seen, 0);
	cr_expect_eq(sim.req.st.timeouts, 1);
	cr_expect_geq(sim.req.st.latency.max, TIMEOUT_NS);
}

/* Lost ACKs: the timer resends, the responder sees duplicates and ACKs
 * again. */
Test(roce_qp, lost_acks_make_duplicates, .fini = teardown)
{
	setup(ROCE_VERB_SEND, 0, 2048, 1, 2);
	sim.drop_acks = 1;
	run(&sim);
	expect_delivered(2, 2048);
	cr_expect_eq(sim.req.st.timeouts, 1);
	cr_expect_eq(sim.resp.st.duplicates, 2);
	cr_expect_eq(sim.resp.st.out_of_order, 0);
}

/* A peer that never answers: retry_limit (3) timeouts are retried, the
 * next one fails the QP. */
Test(roce_qp, silent_peer_fails_after_retries, .fini = teardown)
{
	setup(ROCE_VERB_SEND, 0, 1024, 1, 1);
	sim.mute = true;
	run(&sim);
	cr_expect_eq(sim.req.error, -ETIMEDOUT);
	cr_expect_eq(sim.req.st.timeouts, 4);
	cr_expect_eq(sim.req.st.packets, 4);
	cr_expect_eq(sim.req.st.messages, 0);
	cr_expect(!roce_req_can_send(&sim.req));
}

/* An RDMA WRITE with another key: remote access error; the requester
 * stops with that NAK. */
Test(roce_qp, write_with_a_bad_key_is_naked, .fini = teardown)
{
	setup(ROCE_VERB_WRITE, 0, 1024, 1, 1);
	sim.resp.cfg.rkey ^= 1;
	run(&sim);
	cr_expect_eq(sim.req.error, -EPROTO);
	cr_expect_eq(sim.req.nak_code, ROCE_NAK_ACCESS);
	cr_expect_eq(sim.resp.st.access, 1);
	cr_expect_eq(sim.resp.st.messages, 0);
}

/* A write past the end of the buffer, or a middle packet with no first:
 * refused without moving the expected PSN. */
Test(roce_qp, responder_refuses_bad_packets)
{
	struct roce_qp_cfg cfg = { .qpn = 1, .dqpn = 2, .psn0 = 50,
				   .verb = ROCE_VERB_WRITE, .msg_size = 4096,
				   .mtu = 1024, .va = 0x10000, .rkey = 9 };
	uint8_t data[1024], nak;
	struct roce_resp r;
	struct roce_pkt p = {
		.bth = { .opcode = ROCE_OP_WRITE_FIRST, .psn = 50 },
		.reth = { .va = 0x10000 + 1024, .rkey = 9, .dma_len = 4096 },
		.payload = data, .payload_len = 1024,
	};

	roce_resp_init(&r, &cfg);
	cr_expect_eq(roce_resp_on_packet(&r, &p, &nak, 1), ROCE_RESP_NAK);
	cr_expect_eq(nak, ROCE_NAK_ACCESS, "past the buffer's end");
	p.bth.opcode = ROCE_OP_SEND_MIDDLE;
	cr_expect_eq(roce_resp_on_packet(&r, &p, &nak, 1), ROCE_RESP_NAK);
	cr_expect_eq(nak, ROCE_NAK_INVALID, "a middle packet with no first");
	p.bth.opcode = ROCE_OP_SEND_FIRST;
	p.payload_len = 1000;
	cr_expect_eq(roce_resp_on_packet(&r, &p, &nak, 1), ROCE_RESP_NAK);
	cr_expect_eq(nak, ROCE_NAK_INVALID, "a first packet shorter than the MTU");
	cr_expect_eq(r.epsn, 50);
	cr_expect_eq(r.st.packets, 0);
	/* An ACK or NAK answers with the expected PSN and the MSN. */
	roce_resp_reply(&r, ROCE_NAK_PSN_SEQ, &p);
	cr_expect_eq(p.bth.opcode, ROCE_OP_ACK);
	cr_expect_eq(p.bth.dqpn, 2);
	cr_expect_eq(p.bth.psn, 50);
	cr_expect_eq(p.aeth.syndrome, ROCE_AETH_NAK | ROCE_NAK_PSN_SEQ);
	roce_resp_reply(&r, -1, &p);
	cr_expect_eq(p.bth.psn, 49, "ACK: the last PSN received");
	cr_expect_eq(p.aeth.syndrome, ROCE_AETH_ACK | ROCE_AETH_CREDITS_NONE);
}

/* The window: depth messages outstanding, no more; stop finishes what
 * has begun and starts nothing new. */
Test(roce_qp, depth_and_stop, .fini = teardown)
{
	uint8_t payload[1024];
	struct roce_pkt p;
	int n = 0;

	setup(ROCE_VERB_SEND, 0, 2048, 3, UINT64_MAX);
	while (roce_req_can_send(&sim.req) && n < 100) {
		roce_req_build(&sim.req, &p, payload);
		roce_req_sent(&sim.req, 0);
		n++;
	}
	cr_expect_eq(n, 6, "3 messages of 2 packets");
	cr_expect_eq(roce_req_timer_due(&sim.req), TIMEOUT_NS);
	roce_req_stop(&sim.req);
	cr_expect_eq(sim.req.total, 3);
	cr_expect(!roce_req_done(&sim.req));
	/* A packet built but refused by the socket is built again. */
	sim.req.next = 2;
	roce_req_build(&sim.req, &p, payload);
	cr_expect_eq(p.bth.psn, 2);
	roce_req_build(&sim.req, &p, payload);
	cr_expect_eq(p.bth.psn, 2);
	cr_expect_eq(p.bth.opcode, ROCE_OP_SEND_FIRST);
}

/* Pacing at 100 Mbit/s for a simulated second, with the rate changing
 * half-way: the bytes sent follow the rate within a packet or two. */
Test(roce_qp, pacer_rate)
{
	struct roce_pacer p;
	uint64_t t, bytes = 0, half = 0;

	roce_pacer_init(&p, 16384, 0);
	for (t = 0; t < 1000000000ull; t += 3000) {
		uint64_t rate = t < 500000000ull ? 100000000 : 25000000;

		roce_pacer_refill(&p, rate, t);
		while (roce_pacer_ready(&p)) {
			roce_pacer_consume(&p, 1082);
			bytes += 1082;
		}
		if (t < 500000000ull)
			half = bytes;
	}
	cr_expect(half > 6250000 - 2200 && half < 6250000 + 2200,
		  "100 Mbit/s for 0.5 s: %llu bytes", (unsigned long long)half);
	cr_expect(bytes - half > 1562500 - 2200 && bytes - half < 1562500 + 2200,
		  "25 Mbit/s for 0.5 s: %llu bytes",
		  (unsigned long long)(bytes - half));
	/* Idle for a second: no more than the burst at once. */
	roce_pacer_refill(&p, 100000000, 2000000000ull);
	cr_expect_leq(p.tokens, 16384);
	roce_pacer_consume(&p, 20000);
	cr_expect_eq(roce_pacer_wait_ns(&p, 8000000), (uint64_t)(3616 * 1000) + 1);
}

Test(roce_qp, histogram_quantiles)
{
	static struct roce_hist h, m;
	uint64_t v;

	roce_hist_init(&h);
	roce_hist_init(&m);
	cr_expect_eq(roce_hist_quantile(&h, 0.5), 0, "empty");
	for (v = 1; v <= 100000; v++)
		roce_hist_add(v <= 50000 ? &h : &m, v * 1000);
	roce_hist_merge(&h, &m);
	cr_expect_eq(h.count, 100000);
	cr_expect_eq(h.min, 1000);
	cr_expect_eq(h.max, 100000000);
	cr_expect_eq(roce_hist_quantile(&h, 1), 100000000);
	/* Within 1/64 of the exact percentile. */
	cr_expect(roce_hist_quantile(&h, 0.5) > 50000000ull * 63 / 64 &&
		  roce_hist_quantile(&h, 0.5) < 50000000ull * 65 / 64);
	cr_expect(roce_hist_quantile(&h, 0.99) > 99000000ull * 63 / 64 &&
		  roce_hist_quantile(&h, 0.99) < 99000000ull * 65 / 64);
	cr_expect_eq((uint64_t)roce_hist_mean(&h), 50000500);
	/* Small values are exact. */
	roce_hist_init(&h);
	roce_hist_add(&h, 5);
	roce_hist_add(&h, 7);
	cr_expect_eq(roce_hist_quantile(&h, 0.5), 5);
	cr_expect_eq(roce_hist_quantile(&h, 0.99), 7);
}
