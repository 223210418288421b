// SPDX-License-Identifier: GPL-2.0
/*
 * clos-roce: RoCEv2 endpoints for congestion experiments on the fabric,
 * over ordinary UDP sockets. `server` answers RC traffic (ACK/NAK, CNPs on
 * CE marks), `client` runs RC queue pairs paced by DCQCN, `check` decodes
 * captures with the same wire code. The command line follows bpftool:
 * clos-roce [OPTIONS] COMMAND ARGS, exact keywords, -j for JSON, errors as
 * "Error: ..." (or {"error": ...} under -j) and a non-zero exit.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include "check.h"
#include "client.h"
#include "dcqcn.h"
#include "jsonout.h"
#include "rate.h"
#include "report.h"
#include "server.h"

#define DEFAULT_RATE_BPS	1000000000ull
#define DEFAULT_SIZE		65536
#define DEFAULT_MTU		1024
#define DEFAULT_DEPTH		8
#define DEFAULT_TIME_S		10
#define DEFAULT_BURST		16384
#define DEFAULT_QPN		0x100
/* mlx5's default local ACK timeout exponent 14: 4.096 us * 2^14. */
#define DEFAULT_TIMEOUT_MS	67
#define DEFAULT_RETRY		7
#define DEFAULT_CONNECT_S	5
#define MAX_DCQCN_ARGS		64

enum cmd {
	CMD_SERVER = 1 << 0,
	CMD_CLIENT = 1 << 1,
	CMD_CHECK = 1 << 2,
	CMD_HELP = 1 << 3,
	CMD_ANY = 0xf,
};

enum opt_id {
	O_JSON = 'j', O_PRETTY = 'p', O_VERBOSE = 'v', O_HELP = 'h',
	O_PROGRESS = 256, O_PORT, O_LOCAL_PORT, O_QPS, O_QPN, O_VERB, O_SIZE,
	O_MTU, O_COUNT, O_TIME, O_DEPTH, O_RATE, O_NO_DCQCN, O_DCQCN, O_BURST,
	O_SNDBUF, O_TIMEOUT, O_RETRY, O_TOS, O_TIMELINE, O_CONNECT_TIMEOUT, O_SESSIONS,
};

static const struct {
	struct option lo;
	unsigned int cmds;
} opt_defs[] = {
	{ { "json", no_argument, NULL, O_JSON }, CMD_ANY },
	{ { "pretty", no_argument, NULL, O_PRETTY }, CMD_ANY },
	{ { "verbose", no_argument, NULL, O_VERBOSE }, CMD_ANY },
	{ { "help", no_argument, NULL, O_HELP }, CMD_ANY },
	{ { "progress", no_argument, NULL, O_PROGRESS }, CMD_SERVER | CMD_CLIENT },
	{ { "port", required_argument, NULL, O_PORT }, CMD_SERVER | CMD_CLIENT },
	{ { "local-port", required_argument, NULL, O_LOCAL_PORT }, CMD_CLIENT },
	{ { "qps", required_argument, NULL, O_QPS }, CMD_CLIENT },
	{ { "qpn", required_argument, NULL, O_QPN }, CMD_CLIENT },
	{ { "verb", required_argument, NULL, O_VERB }, CMD_CLIENT },
	{ { "size", required_argument, NULL, O_SIZE }, CMD_CLIENT },
	{ { "mtu", required_argument, NULL, O_MTU }, CMD_CLIENT },
	{ { "count", required_argument, NULL, O_COUNT }, CMD_CLIENT },
	{ { "time", required_argument, NULL, O_TIME }, CMD_SERVER | CMD_CLIENT },
	{ { "depth", required_argument, NULL, O_DEPTH }, CMD_CLIENT },
	{ { "rate", required_argument, NULL, O_RATE }, CMD_CLIENT },
	{ { "no-dcqcn", no_argument, NULL, O_NO_DCQCN }, CMD_SERVER | CMD_CLIENT },
	{ { "dcqcn", required_argument, NULL, O_DCQCN }, CMD_SERVER | CMD_CLIENT },
	{ { "burst", required_argument, NULL, O_BURST }, CMD_CLIENT },
	{ { "sndbuf", required_argument, NULL, O_SNDBUF }, CMD_CLIENT },
	{ { "timeout", required_argument, NULL, O_TIMEOUT }, CMD_CLIENT },
	{ { "retry", required_argument, NULL, O_RETRY }, CMD_CLIENT },
	{ { "tos", required_argument, NULL, O_TOS }, CMD_SERVER | CMD_CLIENT },
	{ { "timeline", required_argument, NULL, O_TIMELINE }, CMD_SERVER | CMD_CLIENT },
	{ { "connect-timeout", required_argument, NULL, O_CONNECT_TIMEOUT }, CMD_CLIENT },
	{ { "sessions", required_argument, NULL, O_SESSIONS }, CMD_SERVER },
};

#define NOPTS	(sizeof(opt_defs) / sizeof(opt_defs[0]))

/* Everything the command line said, before it is checked against the
 * command. */
struct args {
	bool json, pretty, verbose, progress, no_dcqcn;
	const char *val[O_SESSIONS + 1];	/* last value of each option */
	const char *dcqcn[MAX_DCQCN_ARGS];
	unsigned int ndcqcn;
	bool seen[O_SESSIONS + 1];
	int npos;
	char **pos;				/* COMMAND and its words */
};

static volatile sig_atomic_t stop_requested;

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: clos-roce [OPTIONS] { server | client | check | help } [ARGS]\n"
		"       OPTIONS := { -j | -p | -v | --progress | -h }\n"
		"\n"
		"  clos-roce server [SERVER_OPTS]          answer RoCEv2 RC traffic: ACK/NAK, CNPs on CE\n"
		"  clos-roce client SERVER [CLIENT_OPTS]   RC queue pairs to SERVER, paced by DCQCN\n"
		"  clos-roce check FILE...                 decode the RoCEv2 frames of pcap files, check ICRCs\n"
		"  clos-roce help [server | client | check | dcqcn]\n"
		"\n"
		"  -j, --json      one JSON document on stdout\n"
		"  -p, --pretty    pretty-printed JSON (implies -j)\n"
		"  -v, --verbose   check: every frame; server/client: the DCQCN parameters in use\n"
		"  --progress      a live progress line on stderr (default: when stderr is a terminal)\n"
		"  -h, --help      this help; 'clos-roce help COMMAND' for a command\n"
		"\n"
		"RoCEv2 on the wire: IPv4/UDP to port 4791, BTH [RETH] [AETH], ICRC (IBA Annex A17);\n"
		"data DSCP 26 + ECT(0), CNPs DSCP 48; one UDP source port per QP. Client and server\n"
		"exchange QP numbers over TCP on the server's port first (as perftest does).\n"
		"Run them inside namespaces: ip netns exec NS clos-roce ... or\n"
		"clos-topo exec FILE NODE -- clos-roce ...\n");
}

static void usage_server(FILE *f)
{
	fprintf(f,
		"Usage: clos-roce [OPTIONS] server [SERVER_OPTS]\n"
		"       SERVER_OPTS := { --port PORT | --sessions N | --time SEC | --no-dcqcn |\n"
		"                        --dcqcn NAME=VALUE | --tos TOS | --timeline MS }\n"
		"\n"
		"  --port PORT         UDP port of RoCE packets and TCP port of connections (default 4791)\n"
		"  --sessions N        exit when N clients have finished (default: at a signal)\n"
		"  --time SEC          exit after SEC seconds\n"
		"  --no-dcqcn          send no CNPs (notification point off)\n"
		"  --dcqcn NAME=VALUE  notification point: min_time_between_cnps=US, cnp_dscp=N\n"
		"  --tos TOS           IP TOS of ACKs and NAKs (default 0x6a)\n"
		"  --timeline MS       every MS, each QP's received goodput, CE marks and CNPs (JSON)\n"
		"\n"
		"Any number of clients at once; SIGINT/SIGTERM stop the server and print the report.\n"
		"Exit status 1 when a session was aborted.\n"
		"JSON: {\"role\": \"server\", \"port\", \"duration_s\", \"notification_point\", \"cnp_gap_us\",\n"
		"  \"sessions\": [{\"session\", \"peer\", \"qps\", \"state\", [\"error\"]}],\n"
		"  \"qps\": [{\"qpn\", \"peer\", \"peer_qpn\", \"session\", \"packets\", \"bytes\", \"messages\",\n"
		"           \"goodput_bps\", \"out_of_order\", \"duplicates\", \"icrc_errors\", \"ce\", \"cnps\",\n"
		"           \"acks\", \"naks\", \"invalid\", \"access_errors\", \"bad_payload\"}],\n"
		"  \"totals\": {the same counters}, \"rx\": {\"malformed\", \"icrc_errors\", \"unknown_qp\",\n"
		"  \"unexpected\"}, \"tx_drops\", [\"timeline\": {\"interval_ms\", \"series\": [\"goodput_bps\",\n"
		"  \"ce\", \"cnps\"], \"samples\": [{\"t_ms\", \"goodput_bps\": [per QP], ...}]}]}\n");
}

static void usage_client(FILE *f)
{
	fprintf(f,
		"Usage: clos-roce [OPTIONS] client SERVER [CLIENT_OPTS]\n"
		"       SERVER := IPv4 address of a clos-roce server\n"
		"       CLIENT_OPTS := { --qps N | --verb { send | write } | --size SIZE | --mtu MTU |\n"
		"                        --count N | --time SEC | --depth N | --rate RATE | --no-dcqcn |\n"
		"                        --dcqcn NAME=VALUE | --burst SIZE | --sndbuf SIZE | --timeout MS |\n"
		"                        --retry N | --tos TOS | --port PORT | --local-port PORT | --qpn QPN |\n"
		"                        --timeline MS | --connect-timeout SEC }\n"
		"\n"
		"  --qps N              queue pairs, each with its own UDP source port (1..%d, default 1)\n"
		"  --verb VERB          send (RC SEND) or write (RC RDMA WRITE with RETH) (default send)\n"
		"  --size SIZE          bytes per message, k/m = x1024 (default 64k)\n"
		"  --mtu MTU            path MTU: 256, 512, 1024, 2048 or 4096 (default %d)\n"
		"  --count N            messages per QP\n"
		"  --time SEC           start no message after SEC s (default %d s without --count)\n"
		"  --depth N            messages in flight per QP (default %d)\n"
		"  --rate RATE          line rate (tc units: 100mbit, 1gbit): the NIC port's pacing,\n"
		"                       DCQCN's first rate and ceiling (default 1gbit)\n"
		"  --no-dcqcn           pace every QP at the line rate, ignore CNPs\n"
		"  --dcqcn NAME=VALUE   a DCQCN parameter by its mlx5 name ('clos-roce help dcqcn')\n"
		"  --burst SIZE         pacing bucket of each QP and of the port (default 16k)\n"
		"  --sndbuf SIZE        socket send buffer of each QP (default: the kernel's). A\n"
		"                       switch queue's packets count against their sender's buffer\n"
		"                       (veths keep the socket), so a full one stops the QP as a\n"
		"                       PFC pause would; a large one (4m) lets the queue overflow\n"
		"                       and drop, as on a fabric without PFC\n"
		"  --timeout MS         retransmission timer (default %d: mlx5's local ACK timeout 14)\n"
		"  --retry N            timeouts in a row before a QP fails (default %d)\n"
		"  --tos TOS            IP TOS of data (default 0x6a: DSCP 26, ECT(0))\n"
		"  --port PORT          the server's port, UDP and TCP (default 4791)\n"
		"  --local-port PORT    where ACKs and CNPs arrive (default 4791)\n"
		"  --qpn QPN            number of the first QP (default %#x)\n"
		"  --timeline MS        every MS, each QP's rate, goodput and CNPs (JSON)\n"
		"  --connect-timeout SEC  wait this long for the server (default %d)\n"
		"\n"
		"Latency is message completion time: first packet sent to the ACK of the last.\n"
		"out-of-order, ICRC errors, CE and CNPs sent are the server's counts per QP.\n"
		"Exit status 1 when a QP failed or the server's counts did not come.\n"
		"JSON: {\"role\": \"client\", \"server\", \"port\", \"local\", \"local_port\", \"verb\",\n"
		"  \"msg_size\", \"mtu\", \"depth\", \"dcqcn\", \"line_rate_bps\", \"duration_s\",\n"
		"  \"qps\": [{\"qpn\", \"peer_qpn\", \"sport\", \"psn0\", \"messages\", \"bytes\", \"goodput_bps\",\n"
		"           \"rate_bps\", \"rate_min_bps\", [\"target_rate_bps\", \"alpha\", \"rate_cuts\"],\n"
		"           \"cnps\", \"packets\", \"retransmits\", \"acks\", \"naks\", \"timeouts\",\n"
		"           \"icrc_errors\", \"tx_drops\", \"tx_blocked\", \"latency_us\": {\"count\", \"p50\",\n"
		"           \"p90\", \"p99\", \"p999\", \"max\", \"mean\"}, \"remote\": {the server's counts},\n"
		"           \"state\", [\"error\"]}],\n"
		"  \"totals\": {\"messages\", \"bytes\", \"goodput_bps\", ..., \"latency_us\", \"remote\"},\n"
		"  \"rx\": {\"malformed\", \"icrc_errors\", \"unknown_qp\", \"unexpected\"},\n"
		"  [\"timeline\": {\"interval_ms\", \"series\": [\"rate_bps\", \"goodput_bps\", \"cnps\"],\n"
		"                \"samples\": [{\"t_ms\", \"rate_bps\": [per QP], ...}]}], [\"error\"]}\n",
		ROCE_MAX_QPS, DEFAULT_MTU, DEFAULT_TIME_S, DEFAULT_DEPTH,
		DEFAULT_TIMEOUT_MS, DEFAULT_RETRY, DEFAULT_QPN, DEFAULT_CONNECT_S);
}

static void usage_dcqcn(FILE *f)
{
	struct dcqcn_params p;
	char r[CLOS_RATE_STRLEN];

	dcqcn_params_default(&p, DEFAULT_RATE_BPS);
	fprintf(f, "--dcqcn NAME=VALUE is repeatable; --no-dcqcn is enable=0. Defaults, with\n"
		"the line rate of --rate (%s unless given):\n",
		clos_fmt_rate(DEFAULT_RATE_BPS, r, sizeof(r)));
	dcqcn_params_print(&p, f);
}

static void usage_check(FILE *f)
{
	fprintf(f,
		"Usage: clos-roce [OPTIONS] check FILE...\n"
		"\n"
		"Every IPv4/UDP frame to port 4791 of the pcap files (Ethernet) through clos-roce's\n"
		"decoder and ICRC check. Text: a summary per file, every frame with -v, refused\n"
		"frames always. Exit status 1 when a frame had a bad ICRC or was refused.\n"
		"JSON: {\"files\": [{\"file\", \"packets\": [{\"frame\", \"src\", \"sport\", \"dst\",\n"
		"  \"dport\", \"tos\", \"ip_id\", \"df\", \"opcode\", \"name\", \"dqpn\", \"psn\", \"ackreq\",\n"
		"  \"becn\", \"pad\", [\"va\", \"rkey\", \"dma_len\"], [\"imm\"], [\"syndrome\", \"msn\"],\n"
		"  \"payload\", \"icrc_ok\", \"icrc\"} | {\"frame\", \"refused\"}], \"frames\", \"roce\",\n"
		"  \"icrc_ok\", \"icrc_bad\", \"refused\"}], \"totals\": {...}}\n");
}

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int fail(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	jout_error("%s", msg);
	return 1;
}

/* ---- values ------------------------------------------------------------ */

static int parse_u64(const char *opt, const char *s, uint64_t min, uint64_t max,
		     uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	if (!*s || *end || errno || *s == '-' || *v < min || *v > max)
		return fail("%s '%s': want a number in %llu..%llu", opt, s,
			    (unsigned long long)min, (unsigned long long)max);
	return 0;
}

static int parse_u32(const char *opt, const char *s, uint32_t min, uint32_t max,
		     uint32_t *v)
{
	uint64_t x;

	if (parse_u64(opt, s, min, max, &x))
		return 1;
	*v = x;
	return 0;
}

/* Bytes, with an optional k or m (x1024, as message sizes are given). */
static int parse_size(const char *opt, const char *s, uint32_t min,
		      uint32_t max, uint32_t *v)
{
	unsigned long long x;
	char *end;

	errno = 0;
	x = strtoull(s, &end, 10);
	if (end != s && (*end == 'k' || *end == 'K'))
		x <<= 10, end++;
	else if (end != s && (*end == 'm' || *end == 'M'))
		x <<= 20, end++;
	if (end == s || *end || errno || *s == '-' || x < min || x > max)
		return fail("%s '%s': want a size in %u..%u bytes (k, m: x1024)",
			    opt, s, min, max);
	*v = x;
	return 0;
}

/* A duration in (decimal) units of unit_ns, at least min_ns. */
static int parse_time(const char *opt, const char *s, double unit_ns,
		      uint64_t min_ns, uint64_t *ns)
{
	char *end;
	double x;

	errno = 0;
	x = strtod(s, &end);
	if (end == s || *end || errno || !(x * unit_ns >= min_ns) ||
	    x * unit_ns > 1e15)
		return fail("%s '%s': want a positive number of %s", opt, s,
			    unit_ns >= 1e9 ? "seconds" : "milliseconds");
	*ns = x * unit_ns;
	return 0;
}

static int parse_port(const char *opt, const char *s, uint16_t *port)
{
	uint32_t v;

	if (parse_u32(opt, s, 1, 65535, &v))
		return 1;
	*port = v;
	return 0;
}

static int parse_tos(const char *opt, const char *s, int *tos)
{
	uint32_t v;

	if (parse_u32(opt, s, 0, 255, &v))
		return 1;
	*tos = v;
	return 0;
}

/* Defaults for the line rate, then --dcqcn NAME=VALUE in order, then
 * --no-dcqcn. */
static int dcqcn_setup(const struct args *a, uint64_t rate,
		       struct dcqcn_params *p)
{
	char err[256];
	unsigned int i;

	dcqcn_params_default(p, rate);
	for (i = 0; i < a->ndcqcn; i++)
		if (dcqcn_params_set(p, a->dcqcn[i], err, sizeof(err)))
			return fail("--dcqcn '%s': %s", a->dcqcn[i], err);
	if (a->no_dcqcn)
		p->enable = 0;
	return 0;
}

/* ---- commands ---------------------------------------------------------- */

static void on_signal(int sig)
{
	stop_requested++;
}

static void prepare_run(void)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct rlimit rl;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* Pacing sleeps for tens of microseconds: the default 50 us slack
	 * would stretch every one of them. */
	prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
	/* A socket per QP. */
	if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

static void show_dcqcn(const struct args *a, const struct dcqcn_params *p)
{
	if (!a->verbose)
		return;
	fprintf(stderr, "DCQCN parameters in use:\n");
	dcqcn_params_print(p, stderr);
}

static int cmd_server(const struct args *a)
{
	struct roce_server_opts o = {
		.port = ROCE_UDP_PORT, .tos = ROCE_TOS_DATA,
		.progress = a->progress, .stop = &stop_requested,
	};
	struct roce_server s;
	struct clos_err err = {};
	uint32_t i, aborted = 0;
	int ret;

	if (a->npos > 1)
		return fail("server: unexpected argument '%s'; try 'clos-roce help server'",
			    a->pos[1]);
	if ((a->val[O_PORT] && parse_port("--port", a->val[O_PORT], &o.port)) ||
	    (a->val[O_SESSIONS] &&
	     parse_u32("--sessions", a->val[O_SESSIONS], 1, 1000000, &o.sessions)) ||
	    (a->val[O_TIME] && parse_time("--time", a->val[O_TIME], 1e9, 1, &o.time_ns)) ||
	    (a->val[O_TOS] && parse_tos("--tos", a->val[O_TOS], &o.tos)) ||
	    (a->val[O_TIMELINE] &&
	     parse_u32("--timeline", a->val[O_TIMELINE], 1, 3600000, &o.timeline_ms)) ||
	    dcqcn_setup(a, DEFAULT_RATE_BPS, &o.dcqcn))
		return 1;
	show_dcqcn(a, &o.dcqcn);
	prepare_run();
	ret = roce_server_run(&s, &o, &err);
	if (ret) {
		roce_server_free(&s);
		return fail("server: %s", err.msg);
	}
	roce_report_server(&s);
	for (i = 0; i < s.nsess; i++)
		aborted += s.sess[i].state == ROCE_SESSION_ABORTED;
	if (aborted && !jout_is_json()) {
		fflush(stdout);
		fprintf(stderr, "Error: %u of %u sessions aborted\n", aborted, s.nsess);
	}
	roce_server_free(&s);
	return aborted ? 1 : 0;
}

static int client_opts(const struct args *a, struct roce_client_opts *o)
{
	static const char *const verbs[] = { "send", "write" };
	uint64_t rate = DEFAULT_RATE_BPS, ms = DEFAULT_TIMEOUT_MS * 1000000ull;
	uint64_t connect_ns = DEFAULT_CONNECT_S * 1000000000ull;
	struct clos_err why = {};
	int i;

	if (a->npos < 2)
		return fail("client: which server? (clos-roce client SERVER ...)");
	if (a->npos > 2)
		return fail("client: unexpected argument '%s'; try 'clos-roce help client'",
			    a->pos[2]);
	if (inet_pton(AF_INET, a->pos[1], &o->server) != 1)
		return fail("client: server '%s' is not an IPv4 address", a->pos[1]);
	if (a->val[O_VERB]) {
		for (i = 0; i < 2 && strcmp(a->val[O_VERB], verbs[i]); i++)
			;
		if (i == 2)
			return fail("--verb '%s': want send or write", a->val[O_VERB]);
		o->verb = i;
	}
	if (a->val[O_MTU]) {
		if (parse_u32("--mtu", a->val[O_MTU], 256, 4096, &o->mtu))
			return 1;
		if (o->mtu & (o->mtu - 1))
			return fail("--mtu '%s': want 256, 512, 1024, 2048 or 4096",
				    a->val[O_MTU]);
	}
	if (a->val[O_RATE]) {
		__u64 r;

		if (clos_parse_rate(a->val[O_RATE], &r, &why))
			return fail("--rate '%s': %s", a->val[O_RATE], why.msg);
		rate = r;
		if (!rate)
			return fail("--rate '%s': the line rate cannot be 0", a->val[O_RATE]);
	}
	if ((a->val[O_PORT] && parse_port("--port", a->val[O_PORT], &o->port)) ||
	    (a->val[O_LOCAL_PORT] &&
	     parse_port("--local-port", a->val[O_LOCAL_PORT], &o->local_port)) ||
	    (a->val[O_QPS] && parse_u32("--qps", a->val[O_QPS], 1, ROCE_MAX_QPS, &o->qps)) ||
	    (a->val[O_QPN] && parse_u32("--qpn", a->val[O_QPN], 1, ROCE_QPN_MASK, &o->qpn_base)) ||
	    (a->val[O_SIZE] && parse_size("--size", a->val[O_SIZE], 1, 1 << 30, &o->msg_size)) ||
	    (a->val[O_COUNT] && parse_u64("--count", a->val[O_COUNT], 1, 1ull << 40, &o->count)) ||
	    (a->val[O_TIME] && parse_time("--time", a->val[O_TIME], 1e9, 1, &o->time_ns)) ||
	    (a->val[O_DEPTH] && parse_u32("--depth", a->val[O_DEPTH], 1, 4096, &o->depth)) ||
	    (a->val[O_BURST] && parse_size("--burst", a->val[O_BURST], 256, 1 << 26, &o->burst)) ||
	    (a->val[O_SNDBUF] && parse_size("--sndbuf", a->val[O_SNDBUF], 4096, 1 << 30, &o->sndbuf)) ||
	    (a->val[O_TIMEOUT] && parse_time("--timeout", a->val[O_TIMEOUT], 1e6, 10000, &ms)) ||
	    (a->val[O_RETRY] && parse_u32("--retry", a->val[O_RETRY], 0, 1000, &o->retry)) ||
	    (a->val[O_TOS] && parse_tos("--tos", a->val[O_TOS], &o->tos)) ||
	    (a->val[O_TIMELINE] &&
	     parse_u32("--timeline", a->val[O_TIMELINE], 1, 3600000, &o->timeline_ms)) ||
	    (a->val[O_CONNECT_TIMEOUT] &&
	     parse_time("--connect-timeout", a->val[O_CONNECT_TIMEOUT], 1e9, 0, &connect_ns)) ||
	    dcqcn_setup(a, rate, &o->dcqcn))
		return 1;
	if ((o->qpn_base + o->qps - 1) > ROCE_QPN_MASK)
		return fail("--qpn %#x with %u QPs passes the last QPN %#x",
			    o->qpn_base, o->qps, ROCE_QPN_MASK);
	if (o->burst < o->mtu + 64)
		return fail("--burst %u is smaller than one packet (MTU %u + headers)",
			    o->burst, o->mtu);
	if (!o->count && !o->time_ns)
		o->time_ns = DEFAULT_TIME_S * 1000000000ull;
	o->timeout_ns = ms;
	o->connect_ms = connect_ns / 1000000;
	return 0;
}

static int cmd_client(const struct args *a)
{
	struct roce_client_opts o = {
		.port = ROCE_UDP_PORT, .local_port = ROCE_UDP_PORT, .qps = 1,
		.qpn_base = DEFAULT_QPN, .verb = ROCE_VERB_SEND,
		.msg_size = DEFAULT_SIZE, .mtu = DEFAULT_MTU,
		.depth = DEFAULT_DEPTH, .burst = DEFAULT_BURST,
		.retry = DEFAULT_RETRY, .tos = ROCE_TOS_DATA,
		.progress = a->progress, .stop = &stop_requested,
	};
	struct roce_client c;
	struct clos_err err = {};
	char why[1024] = "";
	int ret;

	if (client_opts(a, &o))
		return 1;
	show_dcqcn(a, &o.dcqcn);
	prepare_run();
	ret = roce_client_run(&c, &o, &err);
	if (ret) {
		roce_client_free(&c);
		return fail("client: %s", err.msg);
	}
	ret = roce_report_client(&c, why, sizeof(why));
	roce_client_free(&c);
	/* The report stands; the reason it is incomplete goes to stderr
	 * (under -j it is the document's "error"). */
	if (ret && !jout_is_json()) {
		fflush(stdout);
		fprintf(stderr, "Error: %s\n", why);
	}
	return ret;
}

static int cmd_check(const struct args *a)
{
	struct roce_check_sum sum = {};
	struct clos_err err = {};
	int i;

	if (a->npos < 2)
		return fail("check: which capture? (clos-roce check FILE...)");
	jout_open_object(NULL);
	jout_open_array("files");
	for (i = 1; i < a->npos; i++)
		if (roce_check_file(a->pos[i], a->verbose, &sum, &err))
			return fail("check: %s", err.msg);
	jout_close_array();
	jout_open_object("totals");
	jout_uint(JOUT_ANY, "frames", "total: %llu frames", sum.frames);
	jout_uint(JOUT_ANY, "roce", ", %llu RoCEv2", sum.roce);
	jout_uint(JOUT_ANY, "icrc_ok", ": ICRC ok %llu", sum.icrc_ok);
	jout_uint(JOUT_ANY, "icrc_bad", ", ICRC bad %llu", sum.icrc_bad);
	jout_uint(JOUT_ANY, "refused", ", refused %llu\n", sum.refused);
	jout_close_object();
	jout_close_object();
	return sum.icrc_bad || sum.refused;
}

static int cmd_help(const struct args *a)
{
	const char *what = a->npos > 1 ? a->pos[1] : NULL;

	if (!what)
		usage(stdout);
	else if (!strcmp(what, "server"))
		usage_server(stdout);
	else if (!strcmp(what, "client"))
		usage_client(stdout);
	else if (!strcmp(what, "check"))
		usage_check(stdout);
	else if (!strcmp(what, "dcqcn"))
		usage_dcqcn(stdout);
	else
		return fail("help: no help on '%s' (server, client, check, dcqcn)", what);
	return 0;
}

static const struct {
	const char *name;
	enum cmd cmd;
	int (*run)(const struct args *a);
	void (*help)(FILE *f);
} cmds[] = {
	{ "server", CMD_SERVER, cmd_server, usage_server },
	{ "client", CMD_CLIENT, cmd_client, usage_client },
	{ "check", CMD_CHECK, cmd_check, usage_check },
	{ "help", CMD_HELP, cmd_help, usage },
};

/* ---- main -------------------------------------------------------------- */

static const char *opt_name(int id)
{
	unsigned int i;

	for (i = 0; i < NOPTS; i++)
		if (opt_defs[i].lo.val == id)
			return opt_defs[i].lo.name;
	return "?";
}

static int parse_args(int argc, char **argv, struct args *a)
{
	struct option lo[NOPTS + 1] = {};
	unsigned int i;
	int c;

	for (i = 0; i < NOPTS; i++)
		lo[i] = opt_defs[i].lo;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":jpvh", lo, NULL)) != -1) {
		switch (c) {
		case O_JSON:
			a->json = true;
			break;
		case O_PRETTY:
			a->json = a->pretty = true;
			break;
		case O_VERBOSE:
			a->verbose = true;
			break;
		case O_PROGRESS:
			a->progress = true;
			break;
		case O_NO_DCQCN:
			a->no_dcqcn = true;
			break;
		case O_DCQCN:
			if (a->ndcqcn == MAX_DCQCN_ARGS)
				return fail("more than %d --dcqcn options", MAX_DCQCN_ARGS);
			a->dcqcn[a->ndcqcn++] = optarg;
			break;
		case ':':
			return fail("option '%s' needs a value; try 'clos-roce help'",
				    argv[optind - 1]);
		case '?':
			if (optopt)
				return fail("unknown option '-%c'; try 'clos-roce help'", optopt);
			return fail("unknown option '%s'; try 'clos-roce help'",
				    argv[optind - 1]);
		default:
			break;
		}
		if (c > 0 && c <= O_SESSIONS) {
			a->seen[c] = true;
			if (optarg)
				a->val[c] = optarg;
		}
	}
	a->pos = argv + optind;
	a->npos = argc - optind;
	return 0;
}

int main(int argc, char **argv)
{
	struct args a = {};
	unsigned int i, k;
	int ret;

	/* -j must be known before the first error is printed. */
	for (i = 1; i < (unsigned int)argc; i++)
		if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json") ||
		    !strcmp(argv[i], "-p") || !strcmp(argv[i], "--pretty"))
			a.json = true;
	jout_init(a.json, false);
	if (parse_args(argc, argv, &a)) {
		jout_finish();
		return 1;
	}
	jout_init(a.json, a.pretty);
	if (!a.seen[O_PROGRESS])
		a.progress = isatty(STDERR_FILENO);
	if (!a.npos) {
		if (a.seen[O_HELP]) {
			usage(stdout);
			return 0;
		}
		if (a.json) {
			fail("missing COMMAND; try 'clos-roce help'");
			jout_finish();
		} else {
			usage(stderr);
		}
		return 1;
	}
	for (k = 0; k < sizeof(cmds) / sizeof(cmds[0]); k++)
		if (!strcmp(a.pos[0], cmds[k].name))
			break;
	if (k == sizeof(cmds) / sizeof(cmds[0])) {
		fail("unknown command '%s' (COMMAND := { server | client | check | help }); try 'clos-roce help'",
		     a.pos[0]);
		jout_finish();
		return 1;
	}
	if (a.seen[O_HELP] || (a.npos == 2 && !strcmp(a.pos[1], "help"))) {
		cmds[k].help(stdout);
		return 0;
	}
	for (i = 0; i < NOPTS; i++) {
		int id = opt_defs[i].lo.val;

		if (a.seen[id] && !(opt_defs[i].cmds & cmds[k].cmd)) {
			fail("option --%s is not one of %s's; try 'clos-roce help %s'",
			     opt_name(id), cmds[k].name, cmds[k].name);
			jout_finish();
			return 1;
		}
	}
	ret = cmds[k].run(&a);
	jout_finish();
	return ret;
}
