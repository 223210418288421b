// SPDX-License-Identifier: GPL-2.0
/*
 * clos-bench: measurements for `make bench` (tests/bench/run.sh drives it).
 *
 *   clos-bench COMMAND [OPTIONS]      clos-bench help COMMAND for its options
 *
 * Every command prints one JSON document on stdout; errors go to stderr as
 * "Error: ..." with a non-zero exit. The commands and their options are
 * tables of lib/os/cli.h: it parses the line and writes the help.
 */
#include <stdio.h>
#include <bpf/libbpf.h>
#include "bench.h"
#include "cli.h"
#include "log.h"

static const struct cli_cmd cmds[] = {
	{ "rate", cmd_rate,
	  "--tx-netns NS --tx-dev IF --smac MAC --dmac MAC\n"
	  " --src IP --dst IP --rx-netns NS --rx-dev IF\n"
	  " [--seconds S] [--warmup S] [--cpu N] [--ttl T]\n"
	  " [--batch N] [--sink xdp|tc] [--label TEXT]",
	  "fabric packet rate: live-frames XDP generator -> sink",
	  .opts = rate_opts, .doc = rate_doc },
	{ "minfwd", cmd_minfwd, "--netns NS --fib FILE",
	  "attach the minimal forwarder to a switch's ports (fabric row)",
	  .opts = minfwd_opts, .doc = minfwd_doc },
	{ "pipeline", cmd_pipeline,
	  "[--rounds N] [--calls N] [--repeat R] [--only NAME]\n [--lines FILE]",
	  "per-packet cost of the pipeline and each feature vs a bare redirect",
	  .opts = pipeline_opts, .doc = pipeline_doc },
	{ "scale", cmd_scale,
	  "[--sizes N[,N...]] [--rounds N] [--calls N]\n"
	  " [--random-calls N] [--repeat R] [--chunk N]",
	  "route_v4 at 1 .. 1M entries: insert rate, memory, per-packet cost",
	  .opts = scale_opts, .doc = scale_doc },
	{ "ecmp", cmd_ecmp, "[--flows N] [--sizes N[,N...]] [--seed N]",
	  "ECMP spread and flows moved on failure: resilient, modulo, kernel",
	  .opts = ecmp_opts, .doc = ecmp_doc },
	{ "failover", cmd_failover,
	  "--switch SW --netns NS --port IF\n"
	  " [--peer-netns NS --peer-port IF] [--group GID]\n"
	  " [--trials N] [--settle MS] [--log FILE]",
	  "link down -> ECMP group updated by the link watcher",
	  .opts = failover_opts, .doc = failover_doc },
	{ "ecn", cmd_ecn, "[--packets N] [--points N]",
	  "CE fraction against the model's backlog vs the WRED profile",
	  .opts = ecn_opts, .doc = ecn_doc },
	{ "lines", cmd_lines, "--table FILE [--top N] < perf script output",
	  "perf samples of the pipeline's BPF code by source line and file",
	  .opts = lines_opts, .doc = lines_doc },
	{}
};

static const struct cli bench = {
	.prog = "clos-bench",
	.cmds = cmds,
	.doc = "Each command prints one JSON document. Needs root. Numbers take k and m\n"
	       "(x1000, x1000000). make bench runs them all (tests/bench/run.sh) and\n"
	       "writes docs/benchmarks.md.\n",
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
