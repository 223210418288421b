// SPDX-License-Identifier: GPL-2.0
/*
 * clos-loader: put a clos switch onto the ports of a network namespace,
 * take it off again, list what is there.
 *
 *   clos-loader [-v] [-j] [-p] { attach | detach | list | watch | help } ARGS
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "log.h"
#include "loader.h"

struct loader_opts opts;

struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static int cmd_help(int argc, char **argv);

static const struct cmd cmds[] = {
	{ "attach", cmd_attach, "SWITCH --netns NS --ports IF[,IF...] [--role leaf|spine] [--seed N]\n"
				"                     [--mode fast|queue] [--rates IF=RATE[,IF=RATE...]]" },
	{ "detach", cmd_detach, "SWITCH" },
	{ "list",   cmd_list,   "" },
	{ "watch",  cmd_watch,  "[--daemon PIDFILE] [--log FILE] SWITCH [SWITCH...]" },
	{ "help",   cmd_help,   "" },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: clos-loader [OPTIONS] COMMAND [ARGS]\n"
		   "       clos-loader COMMAND --help\n\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  clos-loader %s%s%s\n", cmds[i].name,
			*cmds[i].summary ? " " : "", cmds[i].summary);
	fprintf(f, "\n"
		   "COMMAND := { attach | detach | list | watch | help }\n"
		   "OPTIONS := { -j|--json  -p|--pretty  -v|--verbose  -h|--help }\n"
		   "  -j  JSON output (errors too: {\"error\": \"...\"} on stdout)\n"
		   "  -p  pretty-printed JSON (implies -j)\n"
		   "  -v  show libbpf/libxdp messages; -vv adds their debug output\n");
}

static int cmd_help(int argc, char **argv)
{
	usage(stdout);
	return 0;
}

static void log_setup(void)
{
	enum clos_log_level level = CLOS_LOG_WARN;

	if (opts.verbose == 1)
		level = CLOS_LOG_INFO;
	else if (opts.verbose > 1)
		level = CLOS_LOG_DEBUG;
	clos_log_init(level);
}

bool loader_common_opt(int c)
{
	switch (c) {
	case 'j':
		opts.json = true;
		jout_init(opts.json, opts.pretty);
		return true;
	case 'p':
		opts.json = true;
		opts.pretty = true;
		jout_init(opts.json, opts.pretty);
		return true;
	case 'v':
		opts.verbose++;
		log_setup();
		return true;
	default:
		return false;
	}
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		LOADER_COMMON_LONGOPTS,
		{}
	};
	size_t i;
	int c, ret;

	log_setup();
	jout_init(false, false);
	/* '+': stop at the command; its own options follow it. */
	while ((c = getopt_long(argc, argv, "+" LOADER_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return 0;
		}
		if (!loader_common_opt(c)) {
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	ret = EXIT_USAGE;
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(argv[optind], cmds[i].name) == 0)
			break;
	if (i < sizeof(cmds) / sizeof(cmds[0]))
		ret = cmds[i].fn(argc - optind, argv + optind);
	else
		jout_error("unknown command '%s' (try clos-loader --help)", argv[optind]);
	jout_finish();
	return ret;
}
