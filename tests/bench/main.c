// SPDX-License-Identifier: GPL-2.0
/*
 * clos-bench: measurements for `make bench` (tests/bench/run.sh drives it).
 *
 *   clos-bench COMMAND [OPTIONS]      COMMAND --help for its options
 *
 * Every command prints one JSON document on stdout; errors go to stderr as
 * "Error: ..." with a non-zero exit.
 */
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>
#include "bench.h"
#include "log.h"

struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct cmd cmds[] = {
	{ "rate",     cmd_rate,     "fabric packet rate: live-frames XDP generator -> sink" },
	{ "pipeline", cmd_pipeline, "per-packet cost of the pipeline and each feature vs a bare redirect" },
	{ "scale",    cmd_scale,    "route_v4 at 1 .. 1M entries: insert rate, memory, per-packet cost" },
	{ "ecmp",     cmd_ecmp,     "ECMP spread and flows moved on failure: resilient, modulo, kernel" },
	{ "failover", cmd_failover, "link down -> ECMP group updated by the link watcher" },
	{ "ecn",      cmd_ecn,      "CE fraction against the model's backlog vs the WRED profile" },
};

#define NUM_CMDS	(sizeof(cmds) / sizeof(cmds[0]))

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: clos-bench COMMAND [OPTIONS]\n"
		   "       clos-bench COMMAND --help\n\n");
	for (i = 0; i < NUM_CMDS; i++)
		fprintf(f, "  %-9s %s\n", cmds[i].name, cmds[i].summary);
	fprintf(f, "\nEach command prints one JSON document. Needs root. make bench runs\n"
		   "them all (tests/bench/run.sh) and writes docs/benchmarks.md.\n");
}

int main(int argc, char **argv)
{
	size_t i;

	clos_log_init(CLOS_LOG_WARN);
	/* Numbers are rounded to 3 decimals (bench_jadd_double); print them
	 * so, not as the nearest binary fraction's 17 digits. */
	json_c_set_serialization_double_format("%.10g", JSON_C_OPTION_GLOBAL);
	if (argc < 2) {
		usage(stderr);
		return BENCH_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	for (i = 0; i < NUM_CMDS; i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	bench_err("unknown command '%s' (try clos-bench --help)", argv[1]);
	return BENCH_EXIT_USAGE;
}
