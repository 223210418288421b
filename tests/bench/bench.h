/* SPDX-License-Identifier: GPL-2.0 */
/*
 * clos-bench: the measuring side of `make bench`. Each command measures one
 * thing and prints one JSON document on stdout; tests/bench/run.sh runs
 * them (with the fabric around them) and gathers the documents into
 * docs/benchmarks.json and docs/benchmarks.md.
 */
#ifndef CLOS_BENCH_H
#define CLOS_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>
#include <json-c/json.h>
#include "cli.h"

/* Exit codes: 0 done, 1 the measurement failed, 2 bad usage. */
#define BENCH_EXIT_FAIL		1
#define BENCH_EXIT_USAGE	2

/* Commands: argv holds their arguments, options taken out (lib/os/cli.h);
 * the commands' own options, and their help after the option list. */
int cmd_rate(int argc, char **argv);
int cmd_pipeline(int argc, char **argv);
int cmd_scale(int argc, char **argv);
int cmd_ecmp(int argc, char **argv);
int cmd_failover(int argc, char **argv);
int cmd_ecn(int argc, char **argv);
int cmd_minfwd(int argc, char **argv);
int cmd_lines(int argc, char **argv);
extern const struct cli_opt rate_opts[], pipeline_opts[], scale_opts[],
	ecmp_opts[], failover_opts[], ecn_opts[], minfwd_opts[], lines_opts[];
extern const char rate_doc[], pipeline_doc[], scale_doc[], ecmp_doc[],
	failover_doc[], ecn_doc[], minfwd_doc[], lines_doc[];

/* "Error: ..." on stderr. */
void bench_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* CLOCK_MONOTONIC in ns: the clock of bpf_ktime_get_ns(). */
__u64 bench_now_ns(void);

/* Parse a whole decimal number in [min, max] (k, m suffixes: x1000,
 * x1000000); -EINVAL when it is not one. */
int bench_parse_u64(const char *s, __u64 min, __u64 max, __u64 *v);
int bench_parse_double(const char *s, double min, double max, double *v);

/* A bad option value: says so and returns BENCH_EXIT_USAGE. */
int bench_bad_opt(const char *cmd, const char *opt, const char *arg,
		  const char *want);

/* Option --opt of cmd as given (arg; NULL: not given, v keeps its
 * default) into *v, a number in [min, max]. 0, or BENCH_EXIT_USAGE after
 * saying that it is not `want`. */
int bench_opt_u64(const char *cmd, const char *opt, const char *arg,
		  __u64 min, __u64 max, const char *want, __u64 *v);

/* The commands take options only: 0 when argc is 0, else says so and
 * returns BENCH_EXIT_USAGE. */
int bench_no_args(const char *cmd, int argc, char **argv);

/* Median of v[0..n-1] (sorts v). n > 0. */
double bench_median(double *v, int n);
double bench_min(const double *v, int n);
double bench_max(const double *v, int n);

/* {"min": .., "median": .., "max": ..} of v[0..n-1] (v is sorted). */
struct json_object *bench_summary(double *v, int n);

/* Add a number rounded to a sensible precision (3 decimals). */
void bench_jadd_double(struct json_object *o, const char *key, double v);
void bench_jadd_u64(struct json_object *o, const char *key, __u64 v);
void bench_jadd_int(struct json_object *o, const char *key, long long v);
void bench_jadd_str(struct json_object *o, const char *key, const char *s);

/* Print o as pretty JSON on stdout and release it. Returns 0, or
 * BENCH_EXIT_FAIL when o is NULL (a measurement failed and said why). */
int bench_print(struct json_object *o);

#endif /* CLOS_BENCH_H */
