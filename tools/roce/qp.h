/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The reliable-connection (RC) transport of one queue pair, as pure state
 * machines: no sockets, no clock (time comes in as now_ns), so the unit
 * tests drive them packet by packet.
 *
 * Requester (struct roce_req): messages of a fixed size, cut into packets
 * of the path MTU, PSNs from psn0 on; at most `depth` messages
 * outstanding; ACKs complete messages (coalesced ACKs complete several);
 * a NAK (PSN sequence error) or the retransmission timer sends again from
 * the first unacknowledged packet: go-back-N, as RC NICs do. After
 * retry_limit timeouts without progress the QP is in error.
 *
 * Responder (struct roce_resp): accepts the expected PSN only; a later
 * PSN is out of order (counted, dropped, one NAK per gap until the
 * expected PSN arrives, IBA 9.7.5.2.2); an earlier one a duplicate
 * (counted, ACKed again). ACKs are owed, not sent: the caller sends one
 * per QP after a batch of packets (coalescing).
 *
 * Internally packets are numbered from 0 in 64 bits; the wire PSN is
 * (psn0 + index) mod 2^24.
 */
#ifndef CLOS_ROCE_QP_H
#define CLOS_ROCE_QP_H

#include <stdbool.h>
#include <stdint.h>
#include "hist.h"
#include "wire.h"

enum roce_verb {
	ROCE_VERB_SEND,
	ROCE_VERB_WRITE,
};

/* What both ends agree on when they connect. */
struct roce_qp_cfg {
	uint32_t qpn;		/* ours */
	uint32_t dqpn;		/* the peer's */
	uint32_t psn0;		/* the requester's first PSN */
	enum roce_verb verb;
	uint32_t msg_size;	/* bytes per message, >= 1 */
	uint32_t mtu;		/* path MTU: payload bytes per packet */
	uint64_t va;		/* RDMA WRITE target buffer and key */
	uint32_t rkey;
};

/* Every ACK_EVERY-th packet asks for an ACK even inside a message, so a
 * long message's progress is seen before it ends. */
#define ROCE_ACK_EVERY	16

struct roce_req_stats {
	uint64_t packets;	/* sent, retransmissions included */
	uint64_t retransmits;	/* packets sent again */
	uint64_t bytes;		/* payload acknowledged */
	uint64_t messages;	/* completed */
	uint64_t acks;		/* ACKs received */
	uint64_t naks;		/* NAKs received */
	uint64_t timeouts;	/* retransmission timer expiries */
	uint64_t stale;		/* ACKs for nothing outstanding */
	uint64_t first_ns;	/* first packet sent */
	uint64_t last_ns;	/* last message completed */
	struct roce_hist latency;	/* message completion time, ns */
};

struct roce_req {
	struct roce_qp_cfg cfg;
	uint32_t ppm;		/* packets per message */
	uint32_t depth;		/* most messages outstanding */
	uint64_t total;		/* messages to send (UINT64_MAX: until stopped) */
	uint64_t timeout_ns;	/* retransmission timer */
	uint32_t retry_limit;	/* timeouts in a row before the QP fails */
	uint64_t next;		/* next packet to send */
	uint64_t una;		/* first packet not acknowledged */
	uint64_t max_sent;	/* packets ever sent: below it, a resend */
	uint64_t timer_ns;	/* start of the current retransmission wait */
	uint32_t retries;	/* timeouts since the last progress */
	uint64_t *t0;		/* first-send time per outstanding message */
	int error;		/* 0, or why the QP failed: -ETIMEDOUT (retry
				 * count exceeded), -EPROTO (NAK other than
				 * sequence error; nak_code says which) */
	uint8_t nak_code;
	struct roce_req_stats st;
};

int roce_req_init(struct roce_req *r, const struct roce_qp_cfg *cfg,
		  uint32_t depth, uint64_t total, uint64_t timeout_ns,
		  uint32_t retry_limit);
void roce_req_free(struct roce_req *r);

/* A packet may go now (window open, messages left, no error). */
bool roce_req_can_send(const struct roce_req *r);
/* The next packet: headers into *pkt, payload (the pattern) into payload
 * (>= mtu bytes), pkt->payload set. Nothing moves until roce_req_sent():
 * a packet the socket refused is built again. Call only if can_send. */
void roce_req_build(const struct roce_req *r, struct roce_pkt *pkt,
		    uint8_t *payload);
/* The packet roce_req_build() made left: move on. */
void roce_req_sent(struct roce_req *r, uint64_t now_ns);
/* An ACK or NAK for this QP. Returns the packets newly acknowledged. */
uint64_t roce_req_on_ack(struct roce_req *r, const struct roce_pkt *pkt,
			 uint64_t now_ns);
/* Run the retransmission timer; true if it fired (sending goes back). */
bool roce_req_timer(struct roce_req *r, uint64_t now_ns);
/* When the timer fires next (UINT64_MAX: not running). */
uint64_t roce_req_timer_due(const struct roce_req *r);
/* Start no new message; finish those begun. */
void roce_req_stop(struct roce_req *r);
/* Every message sent and acknowledged, or the QP failed. */
bool roce_req_done(const struct roce_req *r);

struct roce_resp_stats {
	uint64_t packets;	/* accepted in order */
	uint64_t bytes;		/* payload accepted */
	uint64_t messages;	/* completed */
	uint64_t out_of_order;	/* PSN beyond the expected one */
	uint64_t duplicates;	/* PSN before it */
	uint64_t invalid;	/* opcode out of sequence, bad length */
	uint64_t access;	/* RDMA WRITE outside the buffer / bad key */
	uint64_t bad_payload;	/* data differing from the pattern */
	uint64_t acks;		/* ACKs sent */
	uint64_t naks;		/* NAKs sent */
	uint64_t first_ns;	/* first packet accepted */
	uint64_t last_ns;	/* last packet accepted */
};

struct roce_resp {
	struct roce_qp_cfg cfg;
	uint32_t epsn;		/* expected PSN */
	uint32_t msn;		/* messages completed, mod 2^24 */
	uint64_t msg;		/* index of the message being received */
	uint32_t msg_off;	/* its bytes received so far */
	bool in_msg;		/* between a first and a last packet */
	enum roce_verb msg_verb;
	bool nak_sent;		/* NAKed this gap already */
	bool ack_due;		/* an ACK is owed */
	struct roce_resp_stats st;
};

/* What the responder wants sent right away. */
enum roce_resp_action {
	ROCE_RESP_NONE,
	ROCE_RESP_NAK,		/* roce_resp_reply() gives it */
};

void roce_resp_init(struct roce_resp *r, const struct roce_qp_cfg *cfg);
/* A data packet (SEND or WRITE) for this QP; nak gets the NAK code when
 * the answer is ROCE_RESP_NAK. */
enum roce_resp_action roce_resp_on_packet(struct roce_resp *r,
					  const struct roce_pkt *pkt,
					  uint8_t *nak, uint64_t now_ns);
/* The ACK (code < 0) or NAK (code >= 0) to send now, into *pkt. */
void roce_resp_reply(struct roce_resp *r, int code, struct roce_pkt *pkt);

/* The data pattern: byte off of message msg. Both ends compute it, so the
 * receiver checks what arrived without the sender's buffer. */
void roce_pattern_fill(uint8_t *buf, uint32_t len, uint64_t msg, uint32_t off);
bool roce_pattern_check(const uint8_t *buf, uint32_t len, uint64_t msg,
			uint32_t off);

#endif /* CLOS_ROCE_QP_H */
