// SPDX-License-Identifier: GPL-2.0
/*
 * The client's run: connect (ctrl.h, proto.h), then one loop that reads
 * ACKs and CNPs, runs the retransmission and DCQCN timers, sends what the
 * pacers allow in round-robin passes over the QPs, samples the timeline,
 * and sleeps until the next of those is due. Then it asks the server for
 * its counts.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/random.h>
#include "client.h"
#include "clock.h"
#include "icrc.h"

/* Packets sent by one send_due() before ACKs are read again. */
#define SEND_BUDGET	64
/* While DCQCN runs, wake at least this often: its timers raise rates. */
#define DCQCN_TICK_NS	1000000ull
#define CTRL_WAIT_MS	5000
/* Ethernet header: what a switch port's shaper counts besides the IP
 * packet, and so what pacing and DCQCN's byte counter count. */
#define ETH_HLEN	14
#define IP_UDP_HLEN	28

static const char *const tl_series[] = { "rate_bps", "goodput_bps", "cnps" };

static bool dcqcn_on(const struct roce_client *c)
{
	return c->o->dcqcn.enable;
}

static uint64_t qp_rate(const struct roce_client *c,
			const struct roce_client_qp *q)
{
	return dcqcn_on(c) ? dcqcn_rp_rate_bps(&q->rp) : c->o->dcqcn.line_rate_bps;
}

static int open_qps(struct roce_client *c, struct clos_err *err)
{
	const struct roce_client_opts *o = c->o;
	uint32_t i;

	c->qp = calloc(o->qps, sizeof(*c->qp));
	c->pfd = calloc(o->qps + 1, sizeof(*c->pfd));
	if (!c->qp || !c->pfd)
		return clos_err_set(err, -ENOMEM, "out of memory");
	for (i = 0; i < o->qps; i++)
		c->qp[i].fd = -1;
	c->nqps = o->qps;
	for (i = 0; i < o->qps; i++) {
		struct roce_client_qp *q = &c->qp[i];
		uint32_t qpn = (o->qpn_base + i) & ROCE_QPN_MASK;

		q->sport = roce_qp_sport(qpn);
		q->fd = roce_sock_tx(c->laddr, &q->sport, o->tos, err);
		if (q->fd < 0)
			return q->fd;
		if (o->sndbuf) {
			int ret = roce_sock_sndbuf(q->fd, o->sndbuf, err);

			if (ret)
				return ret;
		}
	}
	return 0;
}

/* Hello with our QPs, the server's QPs back; then the QPs can start. */
static int connect_server(struct roce_client *c, struct clos_err *err)
{
	const struct roce_client_opts *o = c->o;
	struct roce_accept_qp *acc;
	struct roce_hello *h;
	json_object *msg = NULL;
	uint32_t psn[ROCE_MAX_QPS], i;
	int fd, ret;

	fd = roce_ctrl_connect(o->server, o->port, o->connect_ms, err);
	if (fd < 0)
		return fd;
	roce_ctrl_init(&c->ctrl, fd);
	h = calloc(1, sizeof(*h));
	acc = calloc(o->qps, sizeof(*acc));
	if (!h || !acc) {
		ret = clos_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	/* Random first PSNs, as NICs choose them. */
	if (getrandom(psn, sizeof(psn), 0) != sizeof(psn))
		for (i = 0; i < o->qps; i++)
			psn[i] = roce_now_ns() * (i + 1) * 2654435761u;
	h->roce_port = o->local_port;
	h->verb = o->verb;
	h->msg_size = o->msg_size;
	h->mtu = o->mtu;
	h->nqps = o->qps;
	for (i = 0; i < o->qps; i++) {
		h->qps[i].qpn = (o->qpn_base + i) & ROCE_QPN_MASK;
		h->qps[i].psn0 = psn[i] & ROCE_PSN_MASK;
		h->qps[i].sport = c->qp[i].sport;
	}
	msg = roce_hello_build(h);
	ret = roce_ctrl_send(&c->ctrl, msg, err);
	json_object_put(msg);
	msg = NULL;
	if (ret || (ret = roce_ctrl_wait(&c->ctrl, CTRL_WAIT_MS, &msg, err)) ||
	    (ret = roce_accept_parse(msg, acc, o->qps, err)))
		goto out;
	for (i = 0; i < o->qps; i++) {
		struct roce_client_qp *q = &c->qp[i];
		struct roce_qp_cfg cfg = {
			.qpn = h->qps[i].qpn, .dqpn = acc[i].qpn,
			.psn0 = h->qps[i].psn0, .verb = o->verb,
			.msg_size = o->msg_size, .mtu = o->mtu,
			.va = acc[i].va, .rkey = acc[i].rkey,
		};

		q->peer = acc[i];
		ret = roce_req_init(&q->req, &cfg, o->depth,
				    o->count ? o->count : UINT64_MAX,
				    o->timeout_ns, o->retry);
		if (ret) {
			clos_err_set(err, ret, "QP %#x: %s", cfg.qpn, strerror(-ret));
			goto out;
		}
	}
out:
	json_object_put(msg);
	free(h);
	free(acc);
	return ret;
}

static struct roce_client_qp *find_qp(struct roce_client *c, uint32_t qpn)
{
	uint32_t i = (qpn - c->o->qpn_base) & ROCE_QPN_MASK;

	return i < c->nqps ? &c->qp[i] : NULL;
}

static void on_packet(struct roce_client *c, const struct roce_rx_msg *m,
		      uint64_t now)
{
	struct roce_ip4_tuple t = {
		.saddr = m->saddr, .daddr = m->daddr, .sport = m->sport,
		.dport = c->o->local_port, .df = true,
	};
	struct roce_client_qp *q;
	struct roce_pkt pkt;

	if (roce_decode(m->data, m->len, &pkt)) {
		c->rx_malformed++;
		return;
	}
	q = find_qp(c, pkt.bth.dqpn);
	if (roce_icrc_tuple(&t, m->data, m->len) != pkt.icrc) {
		c->rx_icrc_errors++;
		if (q)
			q->icrc_errors++;
		return;
	}
	if (!q) {
		c->rx_unknown_qp++;
		return;
	}
	switch (pkt.bth.opcode) {
	case ROCE_OP_ACK:
		roce_req_on_ack(&q->req, &pkt, now);
		break;
	case ROCE_OP_CNP:
		q->cnps++;
		if (dcqcn_on(c))
			dcqcn_rp_on_cnp(&q->rp, now);
		break;
	default:
		c->rx_unexpected++;
	}
}

static int receive(struct roce_client *c, uint64_t now, struct clos_err *err)
{
	int n, i;

	do {
		n = roce_sock_recv(c->rx_fd, c->batch);
		if (n < 0)
			return clos_err_set(err, n, "receive: %s", strerror(-n));
		for (i = 0; i < n; i++)
			on_packet(c, &c->batch->msg[i], now);
	} while (n == ROCE_RX_BATCH);
	return 0;
}

/* Build, checksum and send q's next packet. A full socket buffer (the
 * switch queue behind it holds our packets: the socket keeps them
 * accounted) is backpressure, as a NIC port feels a paused link: the QP
 * waits until the socket can take the packet again. */
static int send_one(struct roce_client *c, struct roce_client_qp *q,
		    uint64_t now, struct clos_err *err)
{
	static uint8_t payload[4096], buf[ROCE_MAX_PKT];
	struct roce_ip4_tuple t = {
		.saddr = c->laddr, .daddr = c->o->server, .sport = q->sport,
		.dport = c->o->port, .df = true,
	};
	struct roce_pkt pkt;
	uint32_t frame;
	ssize_t n;
	int ret;

	roce_req_build(&q->req, &pkt, payload);
	n = roce_encode(&pkt, buf, sizeof(buf));
	if (n < 0)
		return clos_err_set(err, -EINVAL, "encode: %s", roce_strerror(n));
	n += ROCE_ICRC_LEN;
	roce_icrc_store(buf + n - ROCE_ICRC_LEN, roce_icrc_tuple(&t, buf, n));
	ret = roce_sock_send(q->fd, c->o->server, c->o->port, buf, n, -1);
	if (ret == -EAGAIN) {
		q->blocked = true;
		q->tx_blocked++;
		return 0;
	}
	if (ret == -EMSGSIZE)
		return clos_err_set(err, ret, "a %zd-byte RoCE packet does not fit the path MTU: use a smaller --mtu",
				    n + IP_UDP_HLEN);
	/* ENOBUFS: dropped on the way out; go-back-N sends it again. */
	if (ret == -ENOBUFS)
		q->tx_drops++;
	else if (ret)
		return clos_err_set(err, ret, "send to the server: %s", strerror(-ret));
	roce_req_sent(&q->req, now);
	frame = n + IP_UDP_HLEN + ETH_HLEN;
	roce_pacer_consume(&q->pacer, frame);
	roce_pacer_consume(&c->port, frame);
	if (dcqcn_on(c))
		dcqcn_rp_on_sent(&q->rp, frame, now);
	return 0;
}

/* Round robin, one packet per ready QP per turn, until no QP may send or
 * the budget is spent. The turn goes on from where it stopped, so when the
 * port is the limit every QP gets its share. */
static int send_due(struct roce_client *c, uint64_t now, struct clos_err *err)
{
	uint32_t budget = SEND_BUDGET, idle = 0;
	int ret;

	roce_pacer_refill(&c->port, c->o->dcqcn.line_rate_bps, now);
	while (budget && idle < c->nqps) {
		struct roce_client_qp *q = &c->qp[c->rr];

		c->rr = (c->rr + 1) % c->nqps;
		idle++;
		if (q->blocked || !roce_req_can_send(&q->req))
			continue;
		roce_pacer_refill(&q->pacer, qp_rate(c, q), now);
		if (!roce_pacer_ready(&q->pacer))
			continue;
		/* The port is busy: every QP waits, this one first. */
		if (!roce_pacer_ready(&c->port)) {
			c->rr = q - c->qp;
			return 0;
		}
		ret = send_one(c, q, now, err);
		if (ret)
			return ret;
		idle = 0;
		budget--;
	}
	return 0;
}

static void sample(struct roce_client *c, uint64_t now)
{
	uint64_t dt = now - c->tl.last_ns, *v;
	uint32_t i, n = c->nqps;

	v = roce_tl_add(&c->tl, now, n);
	if (!v)
		return;
	for (i = 0; i < n; i++) {
		struct roce_client_qp *q = &c->qp[i];

		v[i] = qp_rate(c, q);
		v[n + i] = dt ? (q->req.st.bytes - q->tl_bytes) * 8 * 1000000000ull / dt : 0;
		v[2 * n + i] = q->cnps - q->tl_cnps;
		q->tl_bytes = q->req.st.bytes;
		q->tl_cnps = q->cnps;
	}
}

static void progress(struct roce_client *c, uint64_t now)
{
	uint64_t bytes = 0, cnps = 0, retx = 0, rmin = UINT64_MAX, rmax = 0;
	double secs = (now - c->start_ns) / 1e9;
	uint32_t i;

	for (i = 0; i < c->nqps; i++) {
		uint64_t r = qp_rate(c, &c->qp[i]);

		bytes += c->qp[i].req.st.bytes;
		cnps += c->qp[i].cnps;
		retx += c->qp[i].req.st.retransmits;
		rmin = r < rmin ? r : rmin;
		rmax = r > rmax ? r : rmax;
	}
	roce_progress_show(&c->prog, now,
			   "%6.1f s  %u QPs  goodput %.1f Mbit/s  rate %.1f..%.1f Mbit/s  CNPs %llu  retransmits %llu",
			   secs, c->nqps, secs > 0 ? bytes * 8 / secs / 1e6 : 0,
			   rmin / 1e6, rmax / 1e6, (unsigned long long)cnps,
			   (unsigned long long)retx);
}

static void stop_all(struct roce_client *c)
{
	uint32_t i;

	for (i = 0; i < c->nqps; i++)
		roce_req_stop(&c->qp[i].req);
	c->stopped = true;
}

static bool all_done(const struct roce_client *c)
{
	uint32_t i;

	for (i = 0; i < c->nqps; i++)
		if (!roce_req_done(&c->qp[i].req))
			return false;
	return true;
}

static uint64_t min64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* Until the next event: a pacer, a timer, a sample, the end. */
static uint64_t next_wake(struct roce_client *c, uint64_t now)
{
	uint64_t wake = UINT64_MAX, port;
	uint32_t i;

	/* Buckets as of now: a QP send_due() did not reach has tokens. */
	roce_pacer_refill(&c->port, c->o->dcqcn.line_rate_bps, now);
	port = roce_pacer_wait_ns(&c->port, c->o->dcqcn.line_rate_bps);
	for (i = 0; i < c->nqps; i++) {
		struct roce_client_qp *q = &c->qp[i];

		if (!q->blocked && roce_req_can_send(&q->req)) {
			uint64_t w;

			roce_pacer_refill(&q->pacer, qp_rate(c, q), now);
			w = roce_pacer_wait_ns(&q->pacer, qp_rate(c, q));

			if (w < port)
				w = port;
			wake = min64(wake, w == UINT64_MAX ? w : now + w);
		}
		wake = min64(wake, roce_req_timer_due(&q->req));
	}
	if (dcqcn_on(c))
		wake = min64(wake, now + DCQCN_TICK_NS);
	if (c->tl.interval_ns)
		wake = min64(wake, c->tl.next_ns);
	if (c->prog.on)
		wake = min64(wake, c->prog.next_ns);
	if (!c->stopped && c->o->time_ns)
		wake = min64(wake, c->start_ns + c->o->time_ns);
	return wake;
}

/* Sleep up to ns for an ACK/CNP or a blocked QP's socket to drain. */
static void wait_events(struct roce_client *c, uint64_t ns)
{
	struct timespec ts = { ns / 1000000000ull, ns % 1000000000ull };
	uint32_t i, n = 0, qi[ROCE_MAX_QPS];

	c->pfd[n++] = (struct pollfd){ .fd = c->rx_fd, .events = POLLIN };
	for (i = 0; i < c->nqps; i++) {
		if (!c->qp[i].blocked)
			continue;
		qi[n - 1] = i;
		c->pfd[n++] = (struct pollfd){ .fd = c->qp[i].fd, .events = POLLOUT };
	}
	if (ppoll(c->pfd, n, &ts, NULL) <= 0)
		return;
	for (i = 1; i < n; i++)
		if (c->pfd[i].revents)
			c->qp[qi[i - 1]].blocked = false;
}

static int run_loop(struct roce_client *c, struct clos_err *err)
{
	const struct roce_client_opts *o = c->o;
	uint64_t now;
	uint32_t i;
	int ret;

	now = c->start_ns = roce_now_ns();
	roce_pacer_init(&c->port, o->burst, now);
	for (i = 0; i < c->nqps; i++) {
		struct roce_client_qp *q = &c->qp[i];

		roce_pacer_init(&q->pacer, o->burst, now);
		if (dcqcn_on(c))
			dcqcn_rp_init(&q->rp, &o->dcqcn, now);
		q->rate_min_bps = qp_rate(c, q);
	}
	roce_tl_init(&c->tl, o->timeline_ms, now, 3, tl_series);
	roce_progress_init(&c->prog, o->progress, now);
	for (;;) {
		uint64_t wake;

		now = roce_now_ns();
		ret = receive(c, now, err);
		if (ret)
			return ret;
		for (i = 0; i < c->nqps; i++) {
			struct roce_client_qp *q = &c->qp[i];

			roce_req_timer(&q->req, now);
			if (dcqcn_on(c)) {
				uint64_t r;

				dcqcn_rp_update(&q->rp, now);
				r = dcqcn_rp_rate_bps(&q->rp);
				q->rate_min_bps = min64(q->rate_min_bps, r);
			}
		}
		if (!c->stopped && (*o->stop || (o->time_ns &&
						 now - c->start_ns >= o->time_ns)))
			stop_all(c);
		/* A second signal: do not wait for what is in flight. */
		if (all_done(c) || *o->stop > 1)
			break;
		ret = send_due(c, now, err);
		if (ret)
			return ret;
		if (roce_tl_due(&c->tl, now))
			sample(c, now);
		if (roce_progress_due(&c->prog, now))
			progress(c, now);
		now = roce_now_ns();
		wake = next_wake(c, now);
		if (wake > now)
			wait_events(c, min64(wake - now, 1000000000ull));
	}
	c->end_ns = roce_now_ns();
	/* The last stretch, unless too short to give a rate. */
	if (c->tl.interval_ns && c->end_ns - c->tl.last_ns >= c->tl.interval_ns / 2)
		sample(c, c->end_ns);
	if (c->prog.on)
		progress(c, c->end_ns);
	roce_progress_end(&c->prog);
	return 0;
}

/* The server's counts for our QPs; a failure here is reported, not
 * fatal: the client's own counts stand. */
static void collect(struct roce_client *c)
{
	struct roce_peer_stats *s = calloc(c->nqps, sizeof(*s));
	struct clos_err err = {};
	json_object *msg = NULL, *done = roce_done_build();
	uint32_t i;

	if (!s || roce_ctrl_send(&c->ctrl, done, &err) ||
	    roce_ctrl_wait(&c->ctrl, CTRL_WAIT_MS, &msg, &err) ||
	    roce_stats_parse(msg, s, c->nqps, &err))
		goto out;
	for (i = 0; i < c->nqps; i++) {
		if (s[i].peer_qpn != c->qp[i].req.cfg.qpn) {
			clos_err_set(&err, -EBADMSG, "server counts are for QP %#x, not %#x",
				     s[i].peer_qpn, c->qp[i].req.cfg.qpn);
			goto out;
		}
	}
	for (i = 0; i < c->nqps; i++)
		c->qp[i].remote = s[i];
	c->remote = true;
out:
	if (!c->remote)
		snprintf(c->remote_err, sizeof(c->remote_err), "%s",
			 s ? err.msg : "out of memory");
	json_object_put(done);
	json_object_put(msg);
	free(s);
}

int roce_client_run(struct roce_client *c, const struct roce_client_opts *o,
		    struct clos_err *err)
{
	char addr[INET_ADDRSTRLEN];
	int ret;

	memset(c, 0, sizeof(*c));
	c->o = o;
	c->rx_fd = -1;
	c->ctrl.fd = -1;
	inet_ntop(AF_INET, &o->server, addr, sizeof(addr));
	ret = roce_route_src(o->server, &c->laddr);
	if (ret)
		return clos_err_set(err, ret, "no route to %s: %s", addr,
				    strerror(-ret));
	c->batch = malloc(sizeof(*c->batch));
	if (!c->batch)
		return clos_err_set(err, -ENOMEM, "out of memory");
	/* Listen before the server learns where to send. */
	c->rx_fd = roce_sock_rx(o->local_port, err);
	if (c->rx_fd < 0) {
		if (c->rx_fd == -EADDRINUSE)
			clos_err_set(err, c->rx_fd, "UDP port %u is taken (another clos-roce in this namespace?); choose another with --local-port",
				     o->local_port);
		return c->rx_fd;
	}
	ret = open_qps(c, err);
	if (ret)
		return ret;
	ret = connect_server(c, err);
	if (ret)
		return ret;
	ret = run_loop(c, err);
	if (ret)
		return ret;
	collect(c);
	return 0;
}

void roce_client_free(struct roce_client *c)
{
	uint32_t i;

	for (i = 0; c->qp && i < c->nqps; i++) {
		if (c->qp[i].fd >= 0)
			close(c->qp[i].fd);
		roce_req_free(&c->qp[i].req);
	}
	free(c->qp);
	free(c->pfd);
	if (c->rx_fd >= 0)
		close(c->rx_fd);
	roce_ctrl_close(&c->ctrl);
	roce_tl_free(&c->tl);
	free(c->batch);
	memset(c, 0, sizeof(*c));
}
