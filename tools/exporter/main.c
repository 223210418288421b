// SPDX-License-Identifier: GPL-2.0
/*
 * clos-exporter: every counter of the switches as Prometheus metrics, on
 * http://ADDR:PORT/metrics (libmicrohttpd). Each scrape opens the switches'
 * pins afresh and reads them through libclos (collect.c), so a switch
 * attached, detached or attached again is seen as it is now.
 *
 *   clos-exporter [-v] [--listen ADDR:PORT] [-s SWITCH ...]
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <microhttpd.h>
#include "cli.h"
#include "collect.h"
#include "jsonout.h"
#include "listen.h"
#include "log.h"
#include "metrics.h"
#include "switch.h"

#define EXIT_USAGE	2
#define MAX_SWITCHES	256
#define CONTENT_TYPE	"text/plain; version=0.0.4; charset=utf-8"

static const char *switch_args[MAX_SWITCHES];
static struct {
	int verbose;
	const char *listen;
	struct cli_list switches;
} opts = { .switches = { switch_args, 0, MAX_SWITCHES } };

static const struct mx_def SCRAPE_SECONDS = {
	"clos_exporter_scrape_duration_seconds", MX_GAUGE,
	"How long reading every switch took for this scrape" };

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The whole exposition text; NULL when memory ran out. Runs in the
 * daemon's one thread, so libclos is never entered twice at once. */
static char *scrape(size_t *len)
{
	static char names[MAX_SWITCHES][CLOS_SWITCH_NAMSIZ];
	double t0 = now_s();
	struct mx m = {};
	char *text = NULL;
	int i, n;

	if (opts.switches.n) {
		for (i = 0; i < opts.switches.n; i++)
			collect_switch(&m, opts.switches.v[i]);
	} else {
		n = collect_switch_names(names, MAX_SWITCHES);
		for (i = 0; i < n; i++)
			collect_switch(&m, names[i]);
	}
	mx_add(&m, &SCRAPE_SECONDS, NULL, now_s() - t0);
	if (mx_render(&m, &text, len))
		text = NULL;
	mx_free(&m);
	return text;
}

static enum MHD_Result reply(struct MHD_Connection *c, unsigned int status,
			     const char *type, char *body, size_t len,
			     enum MHD_ResponseMemoryMode mem)
{
	struct MHD_Response *r;
	enum MHD_Result ret;

	r = MHD_create_response_from_buffer(len, body, mem);
	if (!r) {
		if (mem == MHD_RESPMEM_MUST_FREE)
			free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
				  const char *url, const char *method,
				  const char *version, const char *upload,
				  size_t *upload_len, void **state)
{
	static char index_page[] =
		"clos-exporter: the switches' counters are at /metrics\n";
	static char not_found[] = "not found: the metrics are at /metrics\n";
	static char bad_method[] = "only GET and HEAD\n";
	static char no_memory[] = "out of memory\n";
	static int first;
	char *text;
	size_t len;

	/* The first call only announces the request (and its headers). */
	if (!*state) {
		*state = &first;
		return MHD_YES;
	}
	if (strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD))
		return reply(c, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain", bad_method,
			     strlen(bad_method), MHD_RESPMEM_PERSISTENT);
	if (!strcmp(url, "/"))
		return reply(c, MHD_HTTP_OK, "text/plain", index_page,
			     strlen(index_page), MHD_RESPMEM_PERSISTENT);
	if (strcmp(url, "/metrics"))
		return reply(c, MHD_HTTP_NOT_FOUND, "text/plain", not_found,
			     strlen(not_found), MHD_RESPMEM_PERSISTENT);
	text = scrape(&len);
	if (!text)
		return reply(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "text/plain", no_memory,
			     strlen(no_memory), MHD_RESPMEM_PERSISTENT);
	return reply(c, MHD_HTTP_OK, CONTENT_TYPE, text, len, MHD_RESPMEM_MUST_FREE);
}

static void start(void)
{
	jout_init(false, false);
	clos_log_init(opts.verbose > 1 ? CLOS_LOG_DEBUG :
		      opts.verbose ? CLOS_LOG_INFO : CLOS_LOG_WARN);
}

static int run(int argc, char **argv)
{
	const char *spec = opts.listen ? opts.listen : EXPORTER_LISTEN_DEFAULT;
	struct MHD_Daemon *d;
	struct clos_err err;
	const char *why;
	sigset_t sigs;
	int fd, i, sig;

	if (argc)
		return jout_fail(EXIT_USAGE, "unexpected argument '%s'; try 'clos-exporter help'",
				 argv[0]);
	for (i = 0; i < opts.switches.n; i++)
		if (clos_switch_name_check(opts.switches.v[i], &why))
			return jout_fail(EXIT_USAGE, "-s '%s': switch name %s",
					 opts.switches.v[i], why);
	fd = exporter_listen(spec, &err);
	if (fd < 0)
		return jout_fail(fd == -EINVAL ? EXIT_USAGE : 1, "%s", err.msg);
	if (clos_bpffs_ensure()) {
		close(fd);
		return jout_fail(1, "cannot find or mount the bpffs at %s", CLOS_BPFFS);
	}
	/* SIGTERM and SIGINT are taken by sigwait() below; blocked before the
	 * daemon's thread starts, so that it inherits the mask. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL, 0, NULL, NULL,
			     on_request, NULL, MHD_OPTION_LISTEN_SOCKET, fd,
			     MHD_OPTION_CONNECTION_TIMEOUT, 10u,
			     MHD_OPTION_CONNECTION_LIMIT, 32u, MHD_OPTION_END);
	if (!d) {
		close(fd);
		return jout_fail(1, "--listen %s: cannot start the HTTP server", spec);
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("clos-exporter: serving http://%s/metrics (%s)\n", spec,
	       opts.switches.n ? "the switches named by -s" : "every switch pinned under "
	       CLOS_PIN_ROOT);
	do {
		if (sigwait(&sigs, &sig))
			sig = SIGTERM;
	} while (sig != SIGTERM && sig != SIGINT);
	/* Waits for a scrape under way, then closes the socket. */
	MHD_stop_daemon(d);
	printf("clos-exporter: stopped by %s\n", sig == SIGTERM ? "SIGTERM" : "SIGINT");
	return 0;
}

static const struct cli_opt options[] = {
	CLI_OPT_COUNT("verbose", 'v', &opts.verbose,
		      "log what a scrape could not read; -vv adds libbpf's messages"),
	CLI_OPT_STRING("listen", 0, "ADDR:PORT", &opts.listen,
		       "where to serve /metrics: IPV4:PORT or [IPV6]:PORT\n"
		       "(default " EXPORTER_LISTEN_DEFAULT ")"),
	CLI_OPT_LIST("switch", 's', "SWITCH", &opts.switches,
		     "export this switch (repeatable; default: every switch\n"
		     "pinned under " CLOS_PIN_ROOT ", as it is at each scrape)"),
	{}
};

static const struct cli_cmd serve_cmd = {
	"serve", run, "[--listen ADDR:PORT] [-s SWITCH ...]",
	.doc = "\n"
	"Serve the switches' counters as Prometheus metrics on\n"
	"http://ADDR:PORT/metrics until SIGTERM or SIGINT. Every scrape reads\n"
	"the pinned maps as closctl does: per switch the counters of closctl\n"
	"stats (clos_forwarded_packets_total, clos_dropped_packets_total and\n"
	"clos_punted_packets_total by reason), per port rx/tx/drop/punt, its\n"
	"punt policer, per port and class the queue model (packets, bytes, CE\n"
	"marks, drops, backlog) and in queue mode the kernel queue, per ECMP\n"
	"member packets and bytes, and the FIB sync's counters when\n"
	"clos-fibsync runs. A switch that cannot be read has clos_switch_up 0.\n"
	"The listening address is the current network namespace's: run it\n"
	"under 'ip netns exec NS' to serve inside NS; the pins are read all\n"
	"the same. See docs/observability.md.\n",
};

static const struct cli exporter_cli = {
	.prog = "clos-exporter",
	.opts = options,
	.single = &serve_cmd,
	.usage_exit = EXIT_USAGE,
	.start = start,
};

int main(int argc, char **argv)
{
	return cli_main(&exporter_cli, argc, argv);
}
