// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include "jsonout.h"
#include "rate.h"
#include "report.h"

static const char *addr_str(uint32_t a, char *buf)
{
	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

static uint64_t goodput(uint64_t bytes, uint64_t first_ns, uint64_t last_ns)
{
	return last_ns > first_ns ? bytes * 8 * 1e9 / (last_ns - first_ns) : 0;
}

/* "latency_us": {"p50": .., "p90": .., "p99": .., "p999": .., "max": ..,
 * "mean": .., "count": N} of a histogram in ns. */
static void print_latency(const struct roce_hist *h)
{
	static const struct {
		const char *key;
		double q;
	} qs[] = { { "p50", 0.5 }, { "p90", 0.9 }, { "p99", 0.99 },
		   { "p999", 0.999 }, { "max", 1 } };
	unsigned int i;

	jout_open_object("latency_us");
	jout_uint(JOUT_JSON, "count", NULL, h->count);
	for (i = 0; i < sizeof(qs) / sizeof(qs[0]); i++)
		jout_double(JOUT_JSON, qs[i].key, NULL,
			    roce_hist_quantile(h, qs[i].q) / 1e3);
	jout_double(JOUT_JSON, "mean", NULL, roce_hist_mean(h) / 1e3);
	jout_close_object();
}

static uint64_t peer_field(const struct roce_peer_stats *s, unsigned int k)
{
	return *(const uint64_t *)((const char *)s + roce_peer_fields[k].off);
}

static void print_peer_fields(const struct roce_peer_stats *s)
{
	unsigned int k;

	for (k = 0; k < roce_peer_nfields; k++)
		jout_uint(JOUT_JSON, roce_peer_fields[k].name, NULL,
			  peer_field(s, k));
}

static void add_peer(struct roce_peer_stats *sum,
		     const struct roce_peer_stats *s)
{
	unsigned int k;

	for (k = 0; k < roce_peer_nfields; k++)
		*(uint64_t *)((char *)sum + roce_peer_fields[k].off) +=
			peer_field(s, k);
}

static const char *qp_error(const struct roce_client_qp *q, char *buf,
			    size_t n)
{
	static const char *const naks[] = {
		"PSN sequence error", "invalid request", "remote access error",
		"remote operational error",
	};

	if (q->req.error == -ETIMEDOUT)
		snprintf(buf, n, "retry count exceeded (%u timeouts without an ACK)",
			 q->req.retry_limit + 1);
	else if (q->req.error == -EPROTO)
		snprintf(buf, n, "NAK: %s", q->req.nak_code < 4 ?
			 naks[q->req.nak_code] : "reserved code");
	else if (q->req.st.messages < q->req.total &&
		 q->req.total != UINT64_MAX)
		snprintf(buf, n, "stopped with %llu of %llu messages done",
			 (unsigned long long)q->req.st.messages,
			 (unsigned long long)q->req.total);
	else
		return NULL;
	return buf;
}

static void client_header(const struct roce_client *c)
{
	const struct roce_client_opts *o = c->o;
	char a[INET_ADDRSTRLEN], l[INET_ADDRSTRLEN], r[CLOS_RATE_STRLEN];

	jout_string(JOUT_JSON, "role", NULL, "client");
	jout_string(JOUT_JSON, "server", NULL, addr_str(o->server, a));
	jout_uint(JOUT_JSON, "port", NULL, o->port);
	jout_string(JOUT_JSON, "local", NULL, addr_str(c->laddr, l));
	jout_uint(JOUT_JSON, "local_port", NULL, o->local_port);
	jout_text("client: %u QPs to %s port %u from %s port %u\n", c->nqps,
		  a, o->port, l, o->local_port);
	jout_string(JOUT_ANY, "verb", "  %s", roce_verb_name(o->verb));
	jout_uint(JOUT_ANY, "msg_size", " messages of %llu B", o->msg_size);
	jout_uint(JOUT_ANY, "mtu", ", MTU %llu", o->mtu);
	jout_uint(JOUT_ANY, "depth", ", depth %llu", o->depth);
	jout_bool(JOUT_JSON, "dcqcn", NULL, o->dcqcn.enable);
	jout_text(", DCQCN %s", o->dcqcn.enable ? "on" : "off");
	jout_uint(JOUT_JSON, "line_rate_bps", NULL, o->dcqcn.line_rate_bps);
	jout_text(", line rate %s\n", clos_fmt_rate(o->dcqcn.line_rate_bps, r, sizeof(r)));
	jout_double(JOUT_ANY, "duration_s", "  ran %.3f s\n",
		    (c->end_ns - c->start_ns) / 1e9);
}

static void client_qp(const struct roce_client *c,
		      const struct roce_client_qp *q)
{
	const struct roce_req_stats *st = &q->req.st;
	char why[128];
	const char *e = qp_error(q, why, sizeof(why));
	uint64_t rate = c->o->dcqcn.enable ? dcqcn_rp_rate_bps(&q->rp)
					   : c->o->dcqcn.line_rate_bps;

	jout_open_object(NULL);
	jout_uint(JOUT_ANY, "qpn", "  %#-8llx", q->req.cfg.qpn);
	jout_uint(JOUT_ANY, "peer_qpn", "%#-8llx", q->req.cfg.dqpn);
	jout_uint(JOUT_ANY, "sport", "%-6llu", q->sport);
	jout_uint(JOUT_ANY, "psn0", "%-9llu", q->req.cfg.psn0);
	jout_uint(JOUT_ANY, "messages", "%-9llu", st->messages);
	jout_uint(JOUT_JSON, "bytes", NULL, st->bytes);
	jout_uint(JOUT_JSON, "goodput_bps", NULL,
		  goodput(st->bytes, st->first_ns, st->last_ns));
	jout_text("%-9.1f", goodput(st->bytes, st->first_ns, st->last_ns) / 1e6);
	jout_uint(JOUT_JSON, "rate_bps", NULL, rate);
	jout_uint(JOUT_JSON, "rate_min_bps", NULL, q->rate_min_bps);
	jout_text("%7.1f/%-7.1f ", rate / 1e6, q->rate_min_bps / 1e6);
	if (c->o->dcqcn.enable) {
		jout_uint(JOUT_JSON, "target_rate_bps", NULL, dcqcn_rp_target_bps(&q->rp));
		jout_double(JOUT_JSON, "alpha", NULL, dcqcn_rp_alpha(&q->rp));
		jout_uint(JOUT_JSON, "rate_cuts", NULL, q->rp.stats.rate_cuts);
	}
	jout_uint(JOUT_ANY, "cnps", "%-7llu", q->cnps);
	jout_uint(JOUT_JSON, "packets", NULL, st->packets);
	jout_uint(JOUT_ANY, "retransmits", "%-7llu", st->retransmits);
	jout_uint(JOUT_JSON, "acks", NULL, st->acks);
	jout_uint(JOUT_JSON, "naks", NULL, st->naks);
	jout_uint(JOUT_ANY, "timeouts", "%-5llu", st->timeouts);
	jout_uint(JOUT_JSON, "icrc_errors", NULL, q->icrc_errors);
	jout_uint(JOUT_JSON, "tx_drops", NULL, q->tx_drops);
	jout_uint(JOUT_JSON, "tx_blocked", NULL, q->tx_blocked);
	jout_text("%-6llu%-6llu", c->remote ? (unsigned long long)q->remote.rx.out_of_order : 0ull,
		  c->remote ? (unsigned long long)q->remote.icrc_errors : 0ull);
	jout_text("%8.1f %8.1f", roce_hist_quantile(&st->latency, 0.5) / 1e3,
		  roce_hist_quantile(&st->latency, 0.99) / 1e3);
	print_latency(&st->latency);
	if (c->remote) {
		jout_open_object("remote");
		print_peer_fields(&q->remote);
		jout_close_object();
	}
	jout_string(JOUT_JSON, "state", NULL, e ? "error" : "ok");
	if (e)
		jout_string(JOUT_ANY, "error", "  error: %s", e);
	jout_text("\n");
	jout_close_object();
}

int roce_report_client(const struct roce_client *c, char *why, size_t n)
{
	struct roce_req_stats sum = {};
	struct roce_peer_stats rsum = {};
	uint64_t first = UINT64_MAX, last = 0, cnps = 0, icrc = 0, drops = 0;
	char first_err[192] = "";
	int failed = 0;
	uint32_t i;

	roce_hist_init(&sum.latency);
	jout_open_object(NULL);
	client_header(c);
	jout_text("  %-8s%-8s%-6s%-9s%-9s%-9s%-16s%-7s%-7s%-5s%-6s%-6s%8s %8s\n",
		  "QP", "peer", "sport", "psn0", "messages", "Mbit/s",
		  "rate now/min", "CNPs", "retx", "t/o", "ooo", "ICRC",
		  "p50 us", "p99 us");
	jout_open_array("qps");
	for (i = 0; i < c->nqps; i++) {
		const struct roce_client_qp *q = &c->qp[i];
		const struct roce_req_stats *st = &q->req.st;
		char e[128];

		client_qp(c, q);
		sum.messages += st->messages;
		sum.bytes += st->bytes;
		sum.packets += st->packets;
		sum.retransmits += st->retransmits;
		sum.naks += st->naks;
		sum.timeouts += st->timeouts;
		cnps += q->cnps;
		icrc += q->icrc_errors;
		drops += q->tx_drops;
		roce_hist_merge(&sum.latency, &st->latency);
		if (st->first_ns && st->first_ns < first)
			first = st->first_ns;
		if (st->last_ns > last)
			last = st->last_ns;
		add_peer(&rsum, &q->remote);
		if (qp_error(q, e, sizeof(e)) && !failed++)
			snprintf(first_err, sizeof(first_err), "QP %#x: %s",
				 q->req.cfg.qpn, e);
	}
	jout_close_array();

	jout_open_object("totals");
	jout_uint(JOUT_ANY, "messages", "total: %llu messages", sum.messages);
	jout_uint(JOUT_ANY, "bytes", ", %llu bytes", sum.bytes);
	jout_uint(JOUT_JSON, "goodput_bps", NULL, goodput(sum.bytes, first, last));
	jout_text(", goodput %.1f Mbit/s\n", goodput(sum.bytes, first, last) / 1e6);
	jout_uint(JOUT_ANY, "packets", "  packets %llu", sum.packets);
	jout_uint(JOUT_ANY, "retransmits", ", retransmits %llu", sum.retransmits);
	jout_uint(JOUT_ANY, "naks", ", NAKs %llu", sum.naks);
	jout_uint(JOUT_ANY, "timeouts", ", timeouts %llu", sum.timeouts);
	jout_uint(JOUT_ANY, "cnps", ", CNPs %llu", cnps);
	jout_uint(JOUT_ANY, "icrc_errors", ", ICRC errors %llu", icrc);
	jout_uint(JOUT_ANY, "tx_drops", ", send drops %llu\n", drops);
	print_latency(&sum.latency);
	jout_text("  message completion time: p50 %.1f us, p90 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us\n",
		  roce_hist_quantile(&sum.latency, 0.5) / 1e3,
		  roce_hist_quantile(&sum.latency, 0.9) / 1e3,
		  roce_hist_quantile(&sum.latency, 0.99) / 1e3,
		  roce_hist_quantile(&sum.latency, 0.999) / 1e3,
		  roce_hist_quantile(&sum.latency, 1) / 1e3);
	if (c->remote) {
		jout_open_object("remote");
		print_peer_fields(&rsum);
		jout_close_object();
		jout_text("  server: %llu packets, %llu bytes, %llu messages, out-of-order %llu, duplicates %llu, ICRC errors %llu, CE %llu, CNPs %llu, NAKs %llu, bad payload %llu\n",
			  (unsigned long long)rsum.rx.packets,
			  (unsigned long long)rsum.rx.bytes,
			  (unsigned long long)rsum.rx.messages,
			  (unsigned long long)rsum.rx.out_of_order,
			  (unsigned long long)rsum.rx.duplicates,
			  (unsigned long long)rsum.icrc_errors,
			  (unsigned long long)rsum.ce,
			  (unsigned long long)rsum.cnps,
			  (unsigned long long)rsum.rx.naks,
			  (unsigned long long)rsum.rx.bad_payload);
	}
	jout_close_object();

	jout_open_object("rx");
	jout_uint(JOUT_JSON, "malformed", NULL, c->rx_malformed);
	jout_uint(JOUT_JSON, "icrc_errors", NULL, c->rx_icrc_errors);
	jout_uint(JOUT_JSON, "unknown_qp", NULL, c->rx_unknown_qp);
	jout_uint(JOUT_JSON, "unexpected", NULL, c->rx_unexpected);
	jout_close_object();
	if (!c->remote)
		jout_string(JOUT_ANY, "remote_error",
			    "  no counts from the server: %s\n", c->remote_err);
	roce_tl_print(&c->tl);
	if (failed)
		snprintf(why, n, "%d of %u QPs failed (first: %s)%s%s", failed,
			 c->nqps, first_err, c->remote ? "" : "; no counts from the server: ",
			 c->remote ? "" : c->remote_err);
	else if (!c->remote)
		snprintf(why, n, "no counts from the server: %s", c->remote_err);
	if (failed || !c->remote)
		jout_string(JOUT_JSON, "error", NULL, why);
	jout_close_object();
	return failed || !c->remote;
}

static const char *const session_states[] = {
	[ROCE_SESSION_CONNECTED] = "connected",
	[ROCE_SESSION_RUNNING] = "running",
	[ROCE_SESSION_DONE] = "done",
	[ROCE_SESSION_ABORTED] = "aborted",
};

void roce_report_server(const struct roce_server *s)
{
	const struct roce_server_opts *o = s->o;
	struct roce_peer_stats sum = {};
	uint64_t first = UINT64_MAX, last = 0;
	char a[INET_ADDRSTRLEN];
	uint32_t i;
	unsigned int k;

	jout_open_object(NULL);
	jout_string(JOUT_JSON, "role", NULL, "server");
	jout_uint(JOUT_ANY, "port", "server: port %llu", o->port);
	jout_double(JOUT_ANY, "duration_s", ", ran %.3f s", (s->end_ns - s->start_ns) / 1e9);
	jout_bool(JOUT_JSON, "notification_point", NULL, o->dcqcn.enable);
	jout_uint(JOUT_JSON, "cnp_gap_us", NULL, o->dcqcn.min_time_between_cnps);
	jout_text(", notification point %s (one CNP per %u us per QP at most)\n",
		  o->dcqcn.enable ? "on" : "off", o->dcqcn.min_time_between_cnps);
	jout_open_array("sessions");
	for (i = 0; i < s->nsess; i++) {
		const struct roce_session *ss = &s->sess[i];

		jout_open_object(NULL);
		jout_uint(JOUT_ANY, "session", "  session %llu", i);
		jout_string(JOUT_ANY, "peer", " from %s", ss->peer ? addr_str(ss->peer, a) : "?");
		jout_uint(JOUT_ANY, "qps", ": %llu QPs", ss->nqps);
		jout_string(JOUT_ANY, "state", ", %s", session_states[ss->state]);
		if (ss->why[0])
			jout_string(JOUT_ANY, "error", " (%s)", ss->why);
		jout_text("\n");
		jout_close_object();
	}
	jout_close_array();
	jout_text("  %-8s%-16s%-8s%-8s%-10s%-12s%-10s%-6s%-6s%-8s%-7s%-6s\n",
		  "QP", "peer", "peer QP", "session", "messages", "bytes",
		  "Mbit/s", "ooo", "ICRC", "CE", "CNPs", "NAKs");
	jout_open_array("qps");
	for (i = 0; i < s->nqps; i++) {
		const struct roce_server_qp *q = &s->qp[i];
		const struct roce_peer_stats *st = &q->st;

		jout_open_object(NULL);
		jout_uint(JOUT_ANY, "qpn", "  %#-8llx", st->qpn);
		jout_string(JOUT_ANY, "peer", "%-16s", addr_str(q->peer, a));
		jout_uint(JOUT_ANY, "peer_qpn", "%#-8llx", st->peer_qpn);
		jout_uint(JOUT_ANY, "session", "%-8llu", q->session);
		print_peer_fields(st);
		jout_text("%-10llu%-12llu%-10.1f%-6llu%-6llu%-8llu%-7llu%-6llu\n",
			  (unsigned long long)st->rx.messages,
			  (unsigned long long)st->rx.bytes, st->goodput_bps / 1e6,
			  (unsigned long long)st->rx.out_of_order,
			  (unsigned long long)st->icrc_errors,
			  (unsigned long long)st->ce,
			  (unsigned long long)st->cnps,
			  (unsigned long long)st->rx.naks);
		jout_close_object();
		add_peer(&sum, st);
		if (st->rx.first_ns && st->rx.first_ns < first)
			first = st->rx.first_ns;
		if (st->rx.last_ns > last)
			last = st->rx.last_ns;
	}
	jout_close_array();
	/* Rates do not add up: the total is bytes over the busy span. */
	sum.goodput_bps = goodput(sum.rx.bytes, first, last);
	jout_open_object("totals");
	print_peer_fields(&sum);
	jout_close_object();
	jout_text("total:");
	for (k = 0; k < roce_peer_nfields; k++)
		jout_text(" %s %llu", roce_peer_fields[k].name,
			  (unsigned long long)peer_field(&sum, k));
	jout_text("\n");
	jout_open_object("rx");
	jout_uint(JOUT_ANY, "malformed", "  endpoint: malformed %llu", s->rx_malformed);
	jout_uint(JOUT_ANY, "icrc_errors", ", ICRC errors %llu", s->rx_icrc_errors);
	jout_uint(JOUT_ANY, "unknown_qp", ", unknown QP %llu", s->rx_unknown_qp);
	jout_uint(JOUT_ANY, "unexpected", ", unexpected %llu", s->rx_unexpected);
	jout_close_object();
	jout_uint(JOUT_ANY, "tx_drops", ", send drops %llu\n", s->tx_drops);
	roce_tl_print(&s->tl);
	jout_close_object();
}
