/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The server: responder QPs for any number of clients (sessions), in one
 * thread. Clients connect over TCP (ctrl.h); each of their QPs gets a
 * server QP with its own UDP socket and source port for ACKs, NAKs and
 * CNPs. All RoCE packets arrive on one socket at the RoCE port and are
 * told apart by destination QP. The notification point sends a CNP when a
 * CE-marked packet arrives, at most one per min_time_between_cnps per QP.
 */
#ifndef CLOS_ROCE_SERVER_H
#define CLOS_ROCE_SERVER_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include "ctrl.h"
#include "dcqcn.h"
#include "err.h"
#include "progress.h"
#include "proto.h"
#include "qp.h"
#include "sock.h"
#include "timeline.h"

#define ROCE_SERVER_QPN_BASE	0x001000
#define ROCE_SERVER_MAX_QPS	16384	/* over the server's life */
#define ROCE_SERVER_MAX_SESSIONS 256	/* at the same time */

struct roce_server_opts {
	uint16_t port;			/* RoCE (UDP) and connection (TCP) */
	uint32_t sessions;		/* exit after this many (0: never) */
	uint64_t time_ns;		/* exit after this long (0: never) */
	struct dcqcn_params dcqcn;	/* enable = notification point on */
	int tos;			/* of ACKs and NAKs */
	uint32_t timeline_ms;
	bool progress;
	volatile sig_atomic_t *stop;
};

struct roce_server_qp {
	struct roce_resp resp;
	struct dcqcn_np np;
	struct roce_peer_stats st;	/* ce, cnps, icrc_errors; rx at the end */
	int fd;
	uint16_t sport;
	uint32_t laddr;			/* ours, towards the client */
	uint32_t peer;			/* the client's address */
	uint16_t peer_port;		/* its RoCE port */
	uint32_t session;
	bool active;
	bool ack_listed;		/* in the list of owed ACKs */
	uint64_t tl_bytes;
	uint64_t tl_ce;
	uint64_t tl_cnps;
};

enum roce_session_state {
	ROCE_SESSION_CONNECTED,		/* no hello yet */
	ROCE_SESSION_RUNNING,
	ROCE_SESSION_DONE,		/* the client said done */
	ROCE_SESSION_ABORTED,		/* it went away, or misbehaved */
};

struct roce_session {
	struct roce_ctrl ctrl;
	enum roce_session_state state;
	uint32_t peer;
	uint32_t first_qp;		/* its QPs: [first_qp, first_qp + nqps) */
	uint32_t nqps;
	char why[CLOS_ERR_LEN];		/* why it was aborted */
};

struct roce_server {
	const struct roce_server_opts *o;
	int listen_fd;
	int rx_fd;
	struct roce_server_qp *qp;	/* index = QPN - ROCE_SERVER_QPN_BASE */
	uint32_t nqps;
	struct roce_session *sess;	/* every session of the run */
	uint32_t nsess;
	uint32_t cap_sess;
	uint32_t ended;			/* sessions done or aborted */
	uint32_t *due;			/* QPs owing an ACK */
	uint32_t ndue;
	struct roce_rx_batch *batch;
	struct roce_timeline tl;
	struct roce_progress prog;
	uint64_t prog_bytes;		/* received at the last progress line */
	uint64_t prog_ns;
	uint64_t start_ns;
	uint64_t end_ns;
	uint64_t rx_malformed;
	uint64_t rx_icrc_errors;
	uint64_t rx_unknown_qp;
	uint64_t rx_unexpected;		/* ACKs and CNPs at a responder */
	uint64_t tx_drops;
};

int roce_server_run(struct roce_server *s, const struct roce_server_opts *o,
		    struct clos_err *err);
void roce_server_free(struct roce_server *s);

#endif /* CLOS_ROCE_SERVER_H */
