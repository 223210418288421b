// SPDX-License-Identifier: GPL-2.0
/*
 * clos-fibsync: keep a switch's tables equal to the kernel's routing state
 * in the switch's namespace (routes, nexthop objects, neighbours, links),
 * over rtnetlink. See fibsync/sync.h for the course of a run, and
 * docs/routing.md.
 *
 *   clos-fibsync [-v] [-j] SWITCH [--once]
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "fibsync.h"
#include "jsonout.h"
#include "log.h"
#include "sync.h"

#define EXIT_USAGE	2

static struct {
	bool json;
	int verbose;
	bool once;
} opts;

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = 1;
}

static void start(void)
{
	jout_init(opts.json, false);
	clos_log_init(opts.verbose > 1 ? CLOS_LOG_DEBUG :
		      opts.verbose ? CLOS_LOG_INFO : CLOS_LOG_WARN);
}

static int run(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	static struct fibsync fs;
	struct clos_err err;
	int ret;

	if (argc != 1)
		return jout_fail(EXIT_USAGE, "%s; try 'clos-fibsync help'",
				 argc ? "want one SWITCH" : "missing SWITCH");
	/* Lines as they happen, when a supervisor keeps them in a file. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	ret = fs_sync_open(&fs, argv[0], &err);
	if (ret) {
		fs_sync_close(&fs);
		return jout_fail(1, "%s", err.msg);
	}
	fs.json = opts.json;
	/* No SA_RESTART: a signal ends the wait for events at once. */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	ret = fs_sync_full(&fs, &err);
	if (ret) {
		fs_sync_status(&fs, "stopped");
		fs_sync_close(&fs);
		return jout_fail(1, "%s", err.msg);
	}
	fs_sync_report(&fs, stdout);
	while (!opts.once && !stop) {
		ret = fs_sync_step(&fs, 1000, &err);
		if (ret) {
			jout_error("%s", err.msg);
			break;
		}
	}
	/* The tables stay as they are: the data path goes on forwarding. */
	fs_sync_status(&fs, "stopped");
	fs_sync_close(&fs);
	return ret ? 1 : 0;
}

static const struct cli_opt options[] = {
	CLI_OPT_COUNT("verbose", 'v', &opts.verbose,
		      "say what each batch of events did; -vv adds libbpf's messages"),
	CLI_OPT_FLAG("json", 'j', &opts.json,
		     "each sync's report as a JSON line (errors as {\"error\": ...})"),
	{}
};

static const struct cli_opt sync_opts[] = {
	CLI_OPT_FLAG("once", 0, &opts.once, "sync once (reconcile) and exit"),
	{}
};

static void sync_doc(FILE *f)
{
	fprintf(f, "\n"
		"Keep SWITCH's tables equal to the kernel's routing state in its\n"
		"namespace: IPv4 and IPv6 routes of the main table (multipath, nexthop\n"
		"objects and groups, resilient ones as resilient groups), the local\n"
		"addresses, neighbours (a resolved neighbour gets a host route and\n"
		"gives its gateway's routes their MAC) and link state. A full dump at\n"
		"the start, then the kernel's events. Runs in the foreground; SIGTERM\n"
		"or SIGINT stops it and leaves the tables as they are.\n"
		"\n"
		"A route the data path cannot take stays with the kernel (action\n"
		"kernel) and is counted by reason. The sync uses nexthop ids %d-%d\n"
		"and group ids %d-%d, and owns every route except those pointing at\n"
		"lower ids (closctl users' own). Its state: %s/SWITCH/%s,\n"
		"shown by 'closctl -s SWITCH fib show' and 'fib stats'.\n",
		CLOS_FIBSYNC_NH_FIRST, CLOS_MAX_NEXTHOPS - 1, CLOS_FIBSYNC_GROUP_FIRST,
		CLOS_MAX_GROUPS - 1, CLOS_RUN_DIR, CLOS_FIBSYNC_STATUS);
}

static const struct cli_cmd sync_cmd = {
	"sync", run, "SWITCH [--once]", .opts = sync_opts, .doc_fn = sync_doc,
};

static const struct cli fibsync_cli = {
	.prog = "clos-fibsync",
	.opts = options,
	.single = &sync_cmd,
	.usage_exit = EXIT_USAGE,
	.json = &opts.json,
	.start = start,
};

int main(int argc, char **argv)
{
	return cli_main(&fibsync_cli, argc, argv);
}
