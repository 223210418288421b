// SPDX-License-Identifier: GPL-2.0
/*
 * The server's run: accept clients, set up their QPs, answer their
 * packets (ACK/NAK through the responder, CNPs through the notification
 * point), report counts at the end of each session and of the run.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/tcp.h>
#include <sys/random.h>
#include <sys/socket.h>
#include "clock.h"
#include "icrc.h"
#include "server.h"

static const char *const tl_series[] = { "goodput_bps", "ce", "cnps" };

static struct roce_server_qp *find_qp(struct roce_server *s, uint32_t qpn)
{
	uint32_t i = (qpn - ROCE_SERVER_QPN_BASE) & ROCE_QPN_MASK;

	return i < s->nqps && s->qp[i].active ? &s->qp[i] : NULL;
}

/* ICRC over the headers our kernel writes (sock.h), then send. */
static void send_pkt(struct roce_server *s, struct roce_server_qp *q,
		     const struct roce_pkt *pkt, int tos)
{
	struct roce_ip4_tuple t = {
		.saddr = q->laddr, .daddr = q->peer, .sport = q->sport,
		.dport = q->peer_port, .df = true,
	};
	uint8_t buf[64];
	ssize_t n = roce_encode(pkt, buf, sizeof(buf));

	if (n < 0)
		return;
	n += ROCE_ICRC_LEN;
	roce_icrc_store(buf + n - ROCE_ICRC_LEN, roce_icrc_tuple(&t, buf, n));
	if (roce_sock_send(q->fd, q->peer, q->peer_port, buf, n, tos))
		s->tx_drops++;
}

static void send_reply(struct roce_server *s, struct roce_server_qp *q,
		       int code)
{
	struct roce_pkt pkt;

	roce_resp_reply(&q->resp, code, &pkt);
	send_pkt(s, q, &pkt, -1);
}

/* A CNP: BTH opcode 0x81 to the requester's QP with BECN set, 16 zero
 * bytes, at the CNP DSCP (48 by default) and not ECN-capable. */
static void send_cnp(struct roce_server *s, struct roce_server_qp *q)
{
	struct roce_pkt pkt = {
		.bth = { .opcode = ROCE_OP_CNP, .pkey = ROCE_PKEY_DEFAULT,
			 .becn = true, .dqpn = q->resp.cfg.dqpn },
	};

	send_pkt(s, q, &pkt, (s->o->dcqcn.cnp_dscp & 0x3f) << 2);
	q->st.cnps++;
}

static void on_packet(struct roce_server *s, const struct roce_rx_msg *m,
		      uint64_t now)
{
	struct roce_ip4_tuple t = {
		.saddr = m->saddr, .daddr = m->daddr, .sport = m->sport,
		.dport = s->o->port, .df = true,
	};
	struct roce_server_qp *q;
	struct roce_pkt pkt;
	uint8_t nak;

	if (roce_decode(m->data, m->len, &pkt)) {
		s->rx_malformed++;
		return;
	}
	q = find_qp(s, pkt.bth.dqpn);
	if (roce_icrc_tuple(&t, m->data, m->len) != pkt.icrc) {
		s->rx_icrc_errors++;
		if (q)
			q->st.icrc_errors++;
		return;
	}
	if (!q) {
		s->rx_unknown_qp++;
		return;
	}
	if (!(roce_op_flags(pkt.bth.opcode) & ROCE_F_PAYLOAD)) {
		s->rx_unexpected++;
		return;
	}
	/* The notification point sees every CE mark of the QP, in order or
	 * not. */
	if ((m->tos & ROCE_ECN_MASK) == ROCE_ECN_CE) {
		q->st.ce++;
		if (s->o->dcqcn.enable && dcqcn_np_cnp_due(&q->np, now))
			send_cnp(s, q);
	}
	if (roce_resp_on_packet(&q->resp, &pkt, &nak, now) == ROCE_RESP_NAK)
		send_reply(s, q, nak);
	if (q->resp.ack_due && !q->ack_listed) {
		q->ack_listed = true;
		s->due[s->ndue++] = q - s->qp;
	}
}

/* One ACK per QP for the whole batch: coalescing. */
static void flush_acks(struct roce_server *s)
{
	uint32_t i;

	for (i = 0; i < s->ndue; i++) {
		struct roce_server_qp *q = &s->qp[s->due[i]];

		q->ack_listed = false;
		if (q->active && q->resp.ack_due)
			send_reply(s, q, -1);
	}
	s->ndue = 0;
}

static int receive(struct roce_server *s, uint64_t now, struct clos_err *err)
{
	int n, i;

	do {
		n = roce_sock_recv(s->rx_fd, s->batch);
		if (n < 0)
			return clos_err_set(err, n, "receive: %s", strerror(-n));
		for (i = 0; i < n; i++)
			on_packet(s, &s->batch->msg[i], now);
		flush_acks(s);
	} while (n == ROCE_RX_BATCH);
	return 0;
}

/* The counts a report or a client sees. */
static void finish_stats(struct roce_server_qp *q)
{
	const struct roce_resp_stats *r = &q->resp.st;

	q->st.rx = *r;
	q->st.goodput_bps = r->last_ns > r->first_ns ?
		r->bytes * 8 * 1e9 / (r->last_ns - r->first_ns) : 0;
}

static void close_qps(struct roce_server *s, struct roce_session *ss)
{
	uint32_t i;

	for (i = ss->first_qp; i < ss->first_qp + ss->nqps; i++) {
		struct roce_server_qp *q = &s->qp[i];

		finish_stats(q);
		if (q->fd >= 0)
			close(q->fd);
		q->fd = -1;
		q->active = false;
	}
}

static void end_session(struct roce_server *s, struct roce_session *ss,
			enum roce_session_state state, const char *why)
{
	if (ss->state == ROCE_SESSION_DONE || ss->state == ROCE_SESSION_ABORTED)
		return;
	close_qps(s, ss);
	roce_ctrl_close(&ss->ctrl);
	ss->state = state;
	if (why)
		snprintf(ss->why, sizeof(ss->why), "%s", why);
	s->ended++;
}

static int grow_qps(struct roce_server *s, uint32_t n)
{
	struct roce_server_qp *qp;
	uint32_t *due;

	qp = realloc(s->qp, (s->nqps + n) * sizeof(*qp));
	if (!qp)
		return -ENOMEM;
	s->qp = qp;
	due = realloc(s->due, (s->nqps + n) * sizeof(*due));
	if (!due)
		return -ENOMEM;
	s->due = due;
	memset(&s->qp[s->nqps], 0, n * sizeof(*qp));
	return 0;
}

/* The client's QPs get ours; the answer lists them, or says why not. */
static int setup_qps(struct roce_server *s, struct roce_session *ss,
		     const struct roce_hello *h, struct clos_err *err)
{
	struct sockaddr_in local, peer;
	socklen_t len = sizeof(local), plen = sizeof(peer);
	struct roce_accept_qp *acc;
	json_object *reply;
	uint32_t i, rkey[ROCE_MAX_QPS];
	int ret;

	if (getsockname(ss->ctrl.fd, (struct sockaddr *)&local, &len) ||
	    getpeername(ss->ctrl.fd, (struct sockaddr *)&peer, &plen))
		return clos_err_set(err, -errno, "connection: %s", strerror(errno));
	if (s->nqps + h->nqps > ROCE_SERVER_MAX_QPS)
		return clos_err_set(err, -ENOSPC, "the server has made %u QPs; %u more pass its limit of %d",
				    s->nqps, h->nqps, ROCE_SERVER_MAX_QPS);
	if (grow_qps(s, h->nqps))
		return clos_err_set(err, -ENOMEM, "out of memory");
	acc = calloc(h->nqps, sizeof(*acc));
	if (!acc)
		return clos_err_set(err, -ENOMEM, "out of memory");
	if (getrandom(rkey, sizeof(rkey), 0) != sizeof(rkey))
		for (i = 0; i < h->nqps; i++)
			rkey[i] = roce_now_ns() * (i + 7);
	ss->peer = peer.sin_addr.s_addr;
	ss->first_qp = s->nqps;
	for (i = 0; i < h->nqps; i++) {
		struct roce_server_qp *q = &s->qp[s->nqps + i];
		uint32_t qpn = ROCE_SERVER_QPN_BASE + s->nqps + i;
		struct roce_qp_cfg cfg = {
			.qpn = qpn, .dqpn = h->qps[i].qpn, .psn0 = h->qps[i].psn0,
			.verb = h->verb, .msg_size = h->msg_size, .mtu = h->mtu,
			/* A WRITE target per QP: the QPN as the high half
			 * of its virtual address, a random key. */
			.va = (uint64_t)qpn << 32, .rkey = rkey[i],
		};

		q->fd = -1;
		q->sport = roce_qp_sport(qpn);
		q->fd = roce_sock_tx(local.sin_addr.s_addr, &q->sport, s->o->tos, err);
		if (q->fd < 0) {
			ret = q->fd;
			ss->nqps = i;
			close_qps(s, ss);
			free(acc);
			return ret;
		}
		roce_resp_init(&q->resp, &cfg);
		dcqcn_np_init(&q->np, &s->o->dcqcn);
		q->st.qpn = qpn;
		q->st.peer_qpn = cfg.dqpn;
		q->laddr = local.sin_addr.s_addr;
		q->peer = ss->peer;
		q->peer_port = h->roce_port;
		q->session = ss - s->sess;
		q->active = true;
		acc[i] = (struct roce_accept_qp){ .qpn = qpn, .sport = q->sport,
						  .va = cfg.va, .rkey = cfg.rkey };
	}
	ss->nqps = h->nqps;
	s->nqps += h->nqps;
	reply = roce_accept_build(acc, h->nqps);
	ret = roce_ctrl_send(&ss->ctrl, reply, err);
	json_object_put(reply);
	free(acc);
	return ret;
}

static void on_hello(struct roce_server *s, struct roce_session *ss,
		     json_object *msg)
{
	struct roce_hello *h = malloc(sizeof(*h));
	struct clos_err err = {};
	json_object *e;

	if (!h) {
		end_session(s, ss, ROCE_SESSION_ABORTED, "out of memory");
		return;
	}
	if (roce_hello_parse(msg, h, &err) || setup_qps(s, ss, h, &err)) {
		/* Tell the client why, then forget it. */
		e = roce_error_build(err.msg);
		roce_ctrl_send(&ss->ctrl, e, NULL);
		json_object_put(e);
		end_session(s, ss, ROCE_SESSION_ABORTED, err.msg);
	} else {
		ss->state = ROCE_SESSION_RUNNING;
	}
	free(h);
}

static void on_done(struct roce_server *s, struct roce_session *ss)
{
	struct roce_peer_stats *st = calloc(ss->nqps ? ss->nqps : 1, sizeof(*st));
	json_object *reply;
	uint32_t i;

	if (!st) {
		end_session(s, ss, ROCE_SESSION_ABORTED, "out of memory");
		return;
	}
	for (i = 0; i < ss->nqps; i++) {
		finish_stats(&s->qp[ss->first_qp + i]);
		st[i] = s->qp[ss->first_qp + i].st;
	}
	reply = roce_stats_build(st, ss->nqps);
	roce_ctrl_send(&ss->ctrl, reply, NULL);
	json_object_put(reply);
	free(st);
	end_session(s, ss, ROCE_SESSION_DONE, NULL);
}

static void on_ctrl(struct roce_server *s, struct roce_session *ss)
{
	struct clos_err err = {};
	json_object *msg = NULL;
	int ret;

	while ((ret = roce_ctrl_read(&ss->ctrl, &msg, &err)) > 0) {
		if (ss->state == ROCE_SESSION_CONNECTED)
			on_hello(s, ss, msg);
		else if (roce_is_done(msg))
			on_done(s, ss);
		json_object_put(msg);
		msg = NULL;
		if (ss->state != ROCE_SESSION_CONNECTED &&
		    ss->state != ROCE_SESSION_RUNNING)
			return;
	}
	if (ret < 0)
		end_session(s, ss, ROCE_SESSION_ABORTED, err.msg);
}

static void on_accept(struct roce_server *s)
{
	int fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC), one = 1;
	struct roce_session *ss;

	if (fd < 0)
		return;
	if (s->nsess - s->ended >= ROCE_SERVER_MAX_SESSIONS)
		goto refuse;
	if (s->nsess == s->cap_sess) {
		uint32_t cap = s->cap_sess ? s->cap_sess * 2 : 16;
		struct roce_session *n = realloc(s->sess, cap * sizeof(*n));

		if (!n)
			goto refuse;
		s->sess = n;
		s->cap_sess = cap;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	ss = &s->sess[s->nsess++];
	memset(ss, 0, sizeof(*ss));
	roce_ctrl_init(&ss->ctrl, fd);
	ss->state = ROCE_SESSION_CONNECTED;
	return;
refuse:
	close(fd);
}

static void sample(struct roce_server *s, uint64_t now)
{
	uint64_t dt = now - s->tl.last_ns, *v;
	uint32_t i, n = s->nqps;

	v = roce_tl_add(&s->tl, now, n);
	if (!v)
		return;
	for (i = 0; i < n; i++) {
		struct roce_server_qp *q = &s->qp[i];

		v[i] = dt ? (q->resp.st.bytes - q->tl_bytes) * 8 * 1000000000ull / dt : 0;
		v[n + i] = q->st.ce - q->tl_ce;
		v[2 * n + i] = q->st.cnps - q->tl_cnps;
		q->tl_bytes = q->resp.st.bytes;
		q->tl_ce = q->st.ce;
		q->tl_cnps = q->st.cnps;
	}
}

static void progress(struct roce_server *s, uint64_t now)
{
	uint64_t bytes = 0, ooo = 0, ce = 0, cnps = 0;
	uint32_t i;

	for (i = 0; i < s->nqps; i++) {
		bytes += s->qp[i].resp.st.bytes;
		ooo += s->qp[i].resp.st.out_of_order;
		ce += s->qp[i].st.ce;
		cnps += s->qp[i].st.cnps;
	}
	roce_progress_show(&s->prog, now,
			   "%6.1f s  sessions %u (%u ended)  QPs %u  rx %.1f Mbit/s  out-of-order %llu  ICRC errors %llu  CE %llu  CNPs %llu",
			   (now - s->start_ns) / 1e9, s->nsess, s->ended, s->nqps,
			   now > s->prog_ns ? (bytes - s->prog_bytes) * 8e3 / (now - s->prog_ns) : 0,
			   (unsigned long long)ooo,
			   (unsigned long long)s->rx_icrc_errors,
			   (unsigned long long)ce, (unsigned long long)cnps);
	s->prog_bytes = bytes;
	s->prog_ns = now;
}

static bool finished(const struct roce_server *s, uint64_t now)
{
	const struct roce_server_opts *o = s->o;

	return *o->stop || (o->sessions && s->ended >= o->sessions) ||
	       (o->time_ns && now - s->start_ns >= o->time_ns);
}

static uint64_t min64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static int run_loop(struct roce_server *s, struct clos_err *err)
{
	struct pollfd *p = NULL;
	uint64_t now;
	int ret = 0;

	for (;;) {
		uint64_t wake = UINT64_MAX, ns;
		struct timespec ts;
		uint32_t i, n = 0;
		struct pollfd *np;

		now = roce_now_ns();
		if (finished(s, now))
			break;
		np = realloc(p, (s->nsess + 2) * sizeof(*p));
		if (!np) {
			ret = clos_err_set(err, -ENOMEM, "out of memory");
			break;
		}
		p = np;
		p[n++] = (struct pollfd){ .fd = s->rx_fd, .events = POLLIN };
		p[n++] = (struct pollfd){ .fd = s->listen_fd, .events = POLLIN };
		for (i = 0; i < s->nsess; i++)
			p[n++] = (struct pollfd){ .fd = s->sess[i].ctrl.fd,
						  .events = POLLIN };
		if (s->tl.interval_ns)
			wake = min64(wake, s->tl.next_ns);
		if (s->prog.on)
			wake = min64(wake, s->prog.next_ns);
		if (s->o->time_ns)
			wake = min64(wake, s->start_ns + s->o->time_ns);
		ns = wake > now ? min64(wake - now, 1000000000ull) : 0;
		ts = (struct timespec){ ns / 1000000000ull, ns % 1000000000ull };
		if (ppoll(p, n, &ts, NULL) < 0 && errno != EINTR) {
			ret = clos_err_set(err, -errno, "poll: %s", strerror(errno));
			break;
		}
		now = roce_now_ns();
		if (p[0].revents) {
			ret = receive(s, now, err);
			if (ret)
				break;
		}
		if (p[1].revents)
			on_accept(s);
		/* fd -1 (ended sessions) never has revents. */
		for (i = 2; i < n; i++)
			if (p[i].revents)
				on_ctrl(s, &s->sess[i - 2]);
		if (roce_tl_due(&s->tl, now))
			sample(s, now);
		if (roce_progress_due(&s->prog, now))
			progress(s, now);
	}
	free(p);
	s->end_ns = roce_now_ns();
	if (s->tl.interval_ns && s->end_ns - s->tl.last_ns >= s->tl.interval_ns / 2)
		sample(s, s->end_ns);
	roce_progress_end(&s->prog);
	return ret;
}

int roce_server_run(struct roce_server *s, const struct roce_server_opts *o,
		    struct clos_err *err)
{
	uint32_t i;
	int ret;

	memset(s, 0, sizeof(*s));
	s->o = o;
	s->listen_fd = s->rx_fd = -1;
	s->batch = malloc(sizeof(*s->batch));
	if (!s->batch)
		return clos_err_set(err, -ENOMEM, "out of memory");
	s->rx_fd = roce_sock_rx(o->port, err);
	if (s->rx_fd < 0) {
		if (s->rx_fd == -EADDRINUSE)
			clos_err_set(err, s->rx_fd, "UDP port %u is taken (another clos-roce in this namespace?); choose another with --port",
				     o->port);
		return s->rx_fd;
	}
	s->listen_fd = roce_ctrl_listen(o->port, err);
	if (s->listen_fd < 0)
		return s->listen_fd;
	s->start_ns = roce_now_ns();
	roce_tl_init(&s->tl, o->timeline_ms, s->start_ns, 3, tl_series);
	roce_progress_init(&s->prog, o->progress, s->start_ns);
	s->prog_ns = s->start_ns;
	ret = run_loop(s, err);
	/* Sessions still running end with the server. */
	for (i = 0; i < s->nsess; i++)
		if (s->sess[i].state == ROCE_SESSION_CONNECTED ||
		    s->sess[i].state == ROCE_SESSION_RUNNING)
			end_session(s, &s->sess[i], ROCE_SESSION_ABORTED,
				    "the server stopped first");
	return ret;
}

void roce_server_free(struct roce_server *s)
{
	uint32_t i;

	for (i = 0; i < s->nsess; i++)
		roce_ctrl_close(&s->sess[i].ctrl);
	for (i = 0; i < s->nqps; i++)
		if (s->qp[i].fd >= 0)
			close(s->qp[i].fd);
	free(s->qp);
	free(s->due);
	free(s->sess);
	if (s->rx_fd >= 0)
		close(s->rx_fd);
	if (s->listen_fd >= 0)
		close(s->listen_fd);
	roce_tl_free(&s->tl);
	free(s->batch);
	memset(s, 0, sizeof(*s));
}
