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
#include "cli.h"
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

#define STR(x)		#x
#define XSTR(x)		STR(x)

/* The command line as given (lib/os/cli.c fills it in); each command
 * checks the values it takes. */
struct args {
	bool json, pretty, verbose, progress, no_dcqcn;
	const char *port, *local_port, *qps, *qpn, *verb, *size, *mtu, *count,
		*time, *depth, *rate, *burst, *sndbuf, *timeout, *retry, *tos,
		*timeline, *connect_timeout, *sessions;
	struct cli_list dcqcn;		/* --dcqcn NAME=VALUE, in order */
};

static const char *dcqcn_args[MAX_DCQCN_ARGS];
static struct args args = { .dcqcn = { dcqcn_args, 0, MAX_DCQCN_ARGS } };

static volatile sig_atomic_t stop_requested;

static const char tool_doc[] =
"RoCEv2 on the wire: IPv4/UDP to port 4791, BTH [RETH] [AETH], ICRC (IBA Annex A17);\n"
"data DSCP 26 + ECT(0), CNPs DSCP 48; one UDP source port per QP. Client and server\n"
"exchange QP numbers over TCP on the server's port first (as perftest does).\n"
"Run them inside namespaces: ip netns exec NS clos-roce ... or\n"
"clos-topo exec FILE NODE -- clos-roce ...\n";

static const struct cli_opt server_opts[] = {
	CLI_OPT_FLAG("progress", 0, &args.progress,
		     "a live progress line on stderr (default: when stderr is a terminal)"),
	CLI_OPT_STRING("port", 0, "PORT", &args.port,
		       "UDP port of RoCE packets and TCP port of connections (default 4791)"),
	CLI_OPT_STRING("sessions", 0, "N", &args.sessions,
		       "exit when N clients have finished (default: at a signal)"),
	CLI_OPT_STRING("time", 0, "SEC", &args.time, "exit after SEC seconds"),
	CLI_OPT_FLAG("no-dcqcn", 0, &args.no_dcqcn, "send no CNPs (notification point off)"),
	CLI_OPT_LIST("dcqcn", 0, "NAME=VALUE", &args.dcqcn,
		     "notification point: min_time_between_cnps=US, cnp_dscp=N"),
	CLI_OPT_STRING("tos", 0, "TOS", &args.tos, "IP TOS of ACKs and NAKs (default 0x6a)"),
	CLI_OPT_STRING("timeline", 0, "MS", &args.timeline,
		       "every MS, each QP's received goodput, CE marks and CNPs (JSON)"),
	{}
};

static const char server_doc[] =
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
"  \"ce\", \"cnps\"], \"samples\": [{\"t_ms\", \"goodput_bps\": [per QP], ...}]}]}\n";

static const struct cli_opt client_opts[] = {
	CLI_OPT_FLAG("progress", 0, &args.progress,
		     "a live progress line on stderr (default: when stderr is a terminal)"),
	CLI_OPT_STRING("qps", 0, "N", &args.qps,
		       "queue pairs, each with its own UDP source port (1.." XSTR(ROCE_MAX_QPS)
		       ", default 1)"),
	CLI_OPT_STRING("verb", 0, "VERB", &args.verb,
		       "send (RC SEND) or write (RC RDMA WRITE with RETH) (default send)"),
	CLI_OPT_STRING("size", 0, "SIZE", &args.size,
		       "bytes per message, k/m = x1024 (default 64k)"),
	CLI_OPT_STRING("mtu", 0, "MTU", &args.mtu,
		       "path MTU: 256, 512, 1024, 2048 or 4096 (default " XSTR(DEFAULT_MTU) ")"),
	CLI_OPT_STRING("count", 0, "N", &args.count, "messages per QP"),
	CLI_OPT_STRING("time", 0, "SEC", &args.time,
		       "start no message after SEC s (default " XSTR(DEFAULT_TIME_S)
		       " s without --count)"),
	CLI_OPT_STRING("depth", 0, "N", &args.depth,
		       "messages in flight per QP (default " XSTR(DEFAULT_DEPTH) ")"),
	CLI_OPT_STRING("rate", 0, "RATE", &args.rate,
		       "line rate (tc units: 100mbit, 1gbit): the NIC port's pacing,\n"
		       "DCQCN's first rate and ceiling (default 1gbit)"),
	CLI_OPT_FLAG("no-dcqcn", 0, &args.no_dcqcn, "pace every QP at the line rate, ignore CNPs"),
	CLI_OPT_LIST("dcqcn", 0, "NAME=VALUE", &args.dcqcn,
		     "a DCQCN parameter by its mlx5 name ('clos-roce help dcqcn')"),
	CLI_OPT_STRING("burst", 0, "SIZE", &args.burst,
		       "pacing bucket of each QP and of the port (default 16k)"),
	CLI_OPT_STRING("sndbuf", 0, "SIZE", &args.sndbuf,
		       "socket send buffer of each QP (default: the kernel's). A\n"
		       "switch queue's packets count against their sender's buffer\n"
		       "(veths keep the socket), so a full one stops the QP as a\n"
		       "PFC pause would; a large one (4m) lets the queue overflow\n"
		       "and drop, as on a fabric without PFC"),
	CLI_OPT_STRING("timeout", 0, "MS", &args.timeout,
		       "retransmission timer (default " XSTR(DEFAULT_TIMEOUT_MS)
		       ": mlx5's local ACK timeout 14)"),
	CLI_OPT_STRING("retry", 0, "N", &args.retry,
		       "timeouts in a row before a QP fails (default " XSTR(DEFAULT_RETRY) ")"),
	CLI_OPT_STRING("tos", 0, "TOS", &args.tos,
		       "IP TOS of data (default 0x6a: DSCP 26, ECT(0))"),
	CLI_OPT_STRING("port", 0, "PORT", &args.port,
		       "the server's port, UDP and TCP (default 4791)"),
	CLI_OPT_STRING("local-port", 0, "PORT", &args.local_port,
		       "where ACKs and CNPs arrive (default 4791)"),
	CLI_OPT_STRING("qpn", 0, "QPN", &args.qpn,
		       "number of the first QP (default " XSTR(DEFAULT_QPN) ")"),
	CLI_OPT_STRING("timeline", 0, "MS", &args.timeline,
		       "every MS, each QP's rate, goodput and CNPs (JSON)"),
	CLI_OPT_STRING("connect-timeout", 0, "SEC", &args.connect_timeout,
		       "wait this long for the server (default " XSTR(DEFAULT_CONNECT_S) ")"),
	{}
};

static const char client_doc[] =
"\n"
"SERVER is the IPv4 address of a clos-roce server.\n"
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
"                \"samples\": [{\"t_ms\", \"rate_bps\": [per QP], ...}]}], [\"error\"]}\n";

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

static const char check_doc[] =
"\n"
"Every IPv4/UDP frame to port 4791 of the pcap files (Ethernet) through clos-roce's\n"
"decoder and ICRC check. Text: a summary per file, every frame with -v, refused\n"
"frames always. Exit status 1 when a frame had a bad ICRC or was refused.\n"
"JSON: {\"files\": [{\"file\", \"packets\": [{\"frame\", \"src\", \"sport\", \"dst\",\n"
"  \"dport\", \"tos\", \"ip_id\", \"df\", \"opcode\", \"name\", \"dqpn\", \"psn\", \"ackreq\",\n"
"  \"becn\", \"pad\", [\"va\", \"rkey\", \"dma_len\"], [\"imm\"], [\"syndrome\", \"msn\"],\n"
"  \"payload\", \"icrc_ok\", \"icrc\"} | {\"frame\", \"refused\"}], \"frames\", \"roce\",\n"
"  \"icrc_ok\", \"icrc_bad\", \"refused\"}], \"totals\": {...}}\n";

#define fail(...)	jout_fail(1, __VA_ARGS__)

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
	for (i = 0; i < (unsigned int)a->dcqcn.n; i++)
		if (dcqcn_params_set(p, a->dcqcn.v[i], err, sizeof(err)))
			return fail("--dcqcn '%s': %s", a->dcqcn.v[i], err);
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

static int cmd_server(int argc, char **argv)
{
	const struct args *a = &args;
	struct roce_server_opts o = {
		.port = ROCE_UDP_PORT, .tos = ROCE_TOS_DATA,
		.progress = a->progress, .stop = &stop_requested,
	};
	struct roce_server s;
	struct clos_err err = {};
	uint32_t i, aborted = 0;
	int ret;

	if (argc)
		return fail("server: unexpected argument '%s'; try 'clos-roce help server'",
			    argv[0]);
	if ((a->port && parse_port("--port", a->port, &o.port)) ||
	    (a->sessions &&
	     parse_u32("--sessions", a->sessions, 1, 1000000, &o.sessions)) ||
	    (a->time && parse_time("--time", a->time, 1e9, 1, &o.time_ns)) ||
	    (a->tos && parse_tos("--tos", a->tos, &o.tos)) ||
	    (a->timeline &&
	     parse_u32("--timeline", a->timeline, 1, 3600000, &o.timeline_ms)) ||
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

static int client_setup(const struct args *a, int argc, char **argv,
			struct roce_client_opts *o)
{
	static const char *const verbs[] = { "send", "write" };
	uint64_t rate = DEFAULT_RATE_BPS, ms = DEFAULT_TIMEOUT_MS * 1000000ull;
	uint64_t connect_ns = DEFAULT_CONNECT_S * 1000000000ull;
	struct clos_err why = {};
	int i;

	if (argc < 1)
		return fail("client: which server? (clos-roce client SERVER ...)");
	if (argc > 1)
		return fail("client: unexpected argument '%s'; try 'clos-roce help client'",
			    argv[1]);
	if (inet_pton(AF_INET, argv[0], &o->server) != 1)
		return fail("client: server '%s' is not an IPv4 address", argv[0]);
	if (a->verb) {
		for (i = 0; i < 2 && strcmp(a->verb, verbs[i]); i++)
			;
		if (i == 2)
			return fail("--verb '%s': want send or write", a->verb);
		o->verb = i;
	}
	if (a->mtu) {
		if (parse_u32("--mtu", a->mtu, 256, 4096, &o->mtu))
			return 1;
		if (o->mtu & (o->mtu - 1))
			return fail("--mtu '%s': want 256, 512, 1024, 2048 or 4096",
				    a->mtu);
	}
	if (a->rate) {
		__u64 r;

		if (clos_parse_rate(a->rate, &r, &why))
			return fail("--rate '%s': %s", a->rate, why.msg);
		rate = r;
		if (!rate)
			return fail("--rate '%s': the line rate cannot be 0", a->rate);
	}
	if ((a->port && parse_port("--port", a->port, &o->port)) ||
	    (a->local_port &&
	     parse_port("--local-port", a->local_port, &o->local_port)) ||
	    (a->qps && parse_u32("--qps", a->qps, 1, ROCE_MAX_QPS, &o->qps)) ||
	    (a->qpn && parse_u32("--qpn", a->qpn, 1, ROCE_QPN_MASK, &o->qpn_base)) ||
	    (a->size && parse_size("--size", a->size, 1, 1 << 30, &o->msg_size)) ||
	    (a->count && parse_u64("--count", a->count, 1, 1ull << 40, &o->count)) ||
	    (a->time && parse_time("--time", a->time, 1e9, 1, &o->time_ns)) ||
	    (a->depth && parse_u32("--depth", a->depth, 1, 4096, &o->depth)) ||
	    (a->burst && parse_size("--burst", a->burst, 256, 1 << 26, &o->burst)) ||
	    (a->sndbuf && parse_size("--sndbuf", a->sndbuf, 4096, 1 << 30, &o->sndbuf)) ||
	    (a->timeout && parse_time("--timeout", a->timeout, 1e6, 10000, &ms)) ||
	    (a->retry && parse_u32("--retry", a->retry, 0, 1000, &o->retry)) ||
	    (a->tos && parse_tos("--tos", a->tos, &o->tos)) ||
	    (a->timeline &&
	     parse_u32("--timeline", a->timeline, 1, 3600000, &o->timeline_ms)) ||
	    (a->connect_timeout &&
	     parse_time("--connect-timeout", a->connect_timeout, 1e9, 0, &connect_ns)) ||
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

static int cmd_client(int argc, char **argv)
{
	const struct args *a = &args;
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

	if (client_setup(a, argc, argv, &o))
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

static int cmd_check(int argc, char **argv)
{
	struct roce_check_sum sum = {};
	struct clos_err err = {};
	int i;

	if (argc < 1)
		return fail("check: which capture? (clos-roce check FILE...)");
	jout_open_object(NULL);
	jout_open_array("files");
	for (i = 0; i < argc; i++)
		if (roce_check_file(argv[i], args.verbose, &sum, &err))
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

/* ---- main -------------------------------------------------------------- */

static void start(void)
{
	if (args.pretty)
		args.json = true;
	jout_init(args.json, args.pretty);
}

static const struct cli_opt options[] = {
	CLI_OPT_FLAG("json", 'j', &args.json, "one JSON document on stdout"),
	CLI_OPT_FLAG("pretty", 'p', &args.pretty, "pretty-printed JSON (implies -j)"),
	CLI_OPT_FLAG("verbose", 'v', &args.verbose,
		     "check: every frame; server/client: the DCQCN parameters in use"),
	{}
};

static const struct cli_cmd cmds[] = {
	{ "server", cmd_server, "[SERVER_OPTS]",
	  "answer RoCEv2 RC traffic: ACK/NAK, CNPs on CE",
	  .opts = server_opts, .doc = server_doc },
	{ "client", cmd_client, "SERVER [CLIENT_OPTS]",
	  "RC queue pairs to SERVER, paced by DCQCN",
	  .opts = client_opts, .doc = client_doc },
	{ "check", cmd_check, "FILE...",
	  "decode the RoCEv2 frames of pcap files, check ICRCs", .doc = check_doc },
	{ "dcqcn", .summary = "the DCQCN parameters, their mlx5 names and defaults",
	  .doc_fn = usage_dcqcn },
	{}
};

static const struct cli roce = {
	.prog = "clos-roce",
	.opts = options,
	.cmds = cmds,
	.doc = tool_doc,
	.json = &args.json,
	.start = start,
};

int main(int argc, char **argv)
{
	/* --progress turns it on; a terminal has it anyway. */
	args.progress = isatty(STDERR_FILENO);
	return cli_main(&roce, argc, argv);
}
