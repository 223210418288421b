/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The client: the requester side of N RC queue pairs to one server, in one
 * thread. Each QP has its own UDP socket and source port, its pacer and
 * (unless off) its DCQCN reaction point; ACKs and CNPs for all of them
 * arrive on one socket at the local RoCE port and are told apart by their
 * destination QP.
 */
#ifndef CLOS_ROCE_CLIENT_H
#define CLOS_ROCE_CLIENT_H

#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include "ctrl.h"
#include "dcqcn.h"
#include "err.h"
#include "pace.h"
#include "progress.h"
#include "proto.h"
#include "qp.h"
#include "sock.h"
#include "timeline.h"

struct roce_client_opts {
	uint32_t server;		/* IPv4, network order */
	uint16_t port;			/* the server's RoCE (and TCP) port */
	uint16_t local_port;		/* where ACKs and CNPs arrive */
	uint32_t qps;
	uint32_t qpn_base;		/* QPN of QP 0 */
	enum roce_verb verb;
	uint32_t msg_size;
	uint32_t mtu;
	uint32_t depth;			/* messages outstanding per QP */
	uint64_t count;			/* messages per QP (0: until --time) */
	uint64_t time_ns;		/* (0: until --count) */
	struct dcqcn_params dcqcn;	/* line rate, enable, knobs */
	uint32_t burst;			/* pacer bucket, bytes */
	uint32_t sndbuf;		/* socket send buffer per QP (0: the
					 * kernel's default) */
	uint64_t timeout_ns;		/* retransmission timer */
	uint32_t retry;			/* timeouts in a row before error */
	int tos;
	uint32_t timeline_ms;
	bool progress;
	int connect_ms;
	volatile sig_atomic_t *stop;	/* set by a signal: stop, report */
};

struct roce_client_qp {
	struct roce_req req;
	struct roce_pacer pacer;
	struct dcqcn_rp rp;
	int fd;
	uint16_t sport;
	struct roce_accept_qp peer;
	struct roce_peer_stats remote;	/* the server's counts */
	uint64_t cnps;			/* CNPs received */
	uint64_t icrc_errors;		/* ACKs/CNPs with a bad ICRC */
	uint64_t rate_min_bps;
	uint64_t tx_drops;		/* lost at the sender (ENOBUFS) */
	uint64_t tx_blocked;		/* times the socket was full */
	bool blocked;			/* full: wait for POLLOUT */
	uint64_t tl_bytes;		/* at the last timeline row */
	uint64_t tl_cnps;
};

struct roce_client {
	const struct roce_client_opts *o;
	struct roce_client_qp *qp;
	uint32_t nqps;
	uint32_t laddr;			/* our address towards the server */
	int rx_fd;
	struct roce_ctrl ctrl;
	struct roce_rx_batch *batch;
	struct pollfd *pfd;		/* rx socket + blocked QPs */
	struct roce_timeline tl;
	struct roce_progress prog;
	struct roce_pacer port;		/* the NIC port: line rate for all QPs */
	uint64_t start_ns;
	uint64_t end_ns;		/* when the run ended */
	uint32_t rr;			/* round-robin start of the next pass */
	bool stopped;			/* no new messages */
	bool remote;			/* the server's counts arrived */
	uint64_t rx_malformed;		/* refused by the decoder */
	uint64_t rx_icrc_errors;
	uint64_t rx_unknown_qp;
	uint64_t rx_unexpected;		/* data packets at a requester */
	char remote_err[CLOS_ERR_LEN];	/* why the counts did not come */
};

/* Connect, run, collect the server's counts. 0, or -errno with err set
 * when the run could not happen at all; QP errors are in the QPs. */
int roce_client_run(struct roce_client *c, const struct roce_client_opts *o,
		    struct clos_err *err);
void roce_client_free(struct roce_client *c);

#endif /* CLOS_ROCE_CLIENT_H */
