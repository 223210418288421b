// SPDX-License-Identifier: GPL-2.0
/*
 * clos-loader: put a clos switch onto the ports of a network namespace,
 * take it off again, list what is there.
 *
 *   clos-loader [-v] [-j] [-p] { attach | detach | list | watch | help } ARGS
 */
#include "cli.h"
#include "log.h"
#include "loader.h"

struct loader_opts opts;

static void start(void)
{
	enum clos_log_level level = CLOS_LOG_WARN;

	if (opts.pretty)
		opts.json = true;
	jout_init(opts.json, opts.pretty);
	if (opts.verbose == 1)
		level = CLOS_LOG_INFO;
	else if (opts.verbose > 1)
		level = CLOS_LOG_DEBUG;
	clos_log_init(level);
}

static const struct cli_opt options[] = {
	CLI_OPT_FLAG("json", 'j', &opts.json,
		     "JSON output (errors too: {\"error\": \"...\"} on stdout)"),
	CLI_OPT_FLAG("pretty", 'p', &opts.pretty, "pretty-printed JSON (implies -j)"),
	CLI_OPT_COUNT("verbose", 'v', &opts.verbose,
		      "show libbpf/libxdp messages; -vv adds their debug output"),
	{}
};

static const struct cli_cmd cmds[] = {
	{ "attach", cmd_attach,
	  "SWITCH [--netns NS] --ports IF[,IF...]\n"
	  " [--role leaf|spine] [--seed N]\n"
	  " [--mode fast|queue] [--rates IF=RATE[,IF=RATE...]]\n"
	  " [--xdp-mode MODE[,IF=MODE...]]",
	  "load a switch and put it on ports of a netns (default: this one)",
	  .opts = attach_opts, .doc = attach_doc },
	{ "detach", cmd_detach, "SWITCH", "take a switch off its ports, remove its pins",
	  .doc = detach_doc },
	{ "list", cmd_list, "", "the attached switches: netns, role, mode, ports and their hooks",
	  .doc = list_doc },
	{ "watch", cmd_watch, "[--daemon PIDFILE] [--log FILE] SWITCH [SWITCH...]",
	  "fail ports out of ECMP groups while their links are down",
	  .opts = watch_opts, .doc = watch_doc },
	{}
};

static const struct cli loader = {
	.prog = "clos-loader",
	.opts = options,
	.cmds = cmds,
	.usage_exit = EXIT_USAGE,
	.json = &opts.json,
	.start = start,
};

int main(int argc, char **argv)
{
	return cli_main(&loader, argc, argv);
}
