// SPDX-License-Identifier: GPL-2.0
/*
 * clos-bench: measurements for `make bench` (tests/bench/run.sh drives it).
 *
 *   clos-bench COMMAND [OPTIONS]      COMMAND --help for its options
 *
 * Every command prints one JSON document on stdout; errors go to stderr as
 * "Error: ..." with a non-zero exit. Each command parses its own options
 * (CLI_RAW): the table here names them and lib/os/cli.c dispatches.
 */
#include <stdio.h>
#include <bpf/libbpf.h>
#include "bench.h"
#include "cli.h"
#include "log.h"

static const struct cli_cmd cmds[] = {
	{ "rate", cmd_rate, NULL,
	  "fabric packet rate: live-frames XDP generator -> sink", .flags = CLI_RAW },
	{ "pipeline", cmd_pipeline, NULL,
	  "per-packet cost of the pipeline and each feature vs a bare redirect",
	  .flags = CLI_RAW },
	{ "scale", cmd_scale, NULL,
	  "route_v4 at 1 .. 1M entries: insert rate, memory, per-packet cost",
	  .flags = CLI_RAW },
	{ "ecmp", cmd_ecmp, NULL,
	  "ECMP spread and flows moved on failure: resilient, modulo, kernel",
	  .flags = CLI_RAW },
	{ "failover", cmd_failover, NULL,
	  "link down -> ECMP group updated by the link watcher", .flags = CLI_RAW },
	{ "ecn", cmd_ecn, NULL,
	  "CE fraction against the model's backlog vs the WRED profile", .flags = CLI_RAW },
	{}
};

static const struct cli bench = {
	.prog = "clos-bench",
	.cmds = cmds,
	.doc = "Each command prints one JSON document. Needs root. make bench runs\n"
	       "them all (tests/bench/run.sh) and writes docs/benchmarks.md.\n",
	.usage_exit = BENCH_EXIT_USAGE,
};

int main(int argc, char **argv)
{
	clos_log_init(CLOS_LOG_WARN);
	/* Numbers are rounded to 3 decimals (bench_jadd_double); print them
	 * so, not as the nearest binary fraction's 17 digits. */
	json_c_set_serialization_double_format("%.10g", JSON_C_OPTION_GLOBAL);
	return cli_main(&bench, argc, argv);
}
