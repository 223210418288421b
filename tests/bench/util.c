// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "bench.h"

void bench_err(const char *fmt, ...)
{
	va_list ap;

	fputs("Error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

__u64 bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

int bench_parse_u64(const char *s, __u64 min, __u64 max, __u64 *v)
{
	unsigned long long x;
	char *end;

	if (!s || !*s || *s == '-')
		return -EINVAL;
	errno = 0;
	x = strtoull(s, &end, 10);
	if (errno)
		return -EINVAL;
	if (*end == 'k' && !end[1])
		x *= 1000;
	else if (*end == 'm' && !end[1])
		x *= 1000000;
	else if (*end)
		return -EINVAL;
	if (x < min || x > max)
		return -EINVAL;
	*v = x;
	return 0;
}

int bench_parse_double(const char *s, double min, double max, double *v)
{
	char *end;
	double x;

	if (!s || !*s)
		return -EINVAL;
	errno = 0;
	x = strtod(s, &end);
	if (errno || *end || !(x >= min && x <= max))
		return -EINVAL;
	*v = x;
	return 0;
}

int bench_bad_opt(const char *cmd, const char *opt, const char *arg,
		  const char *want)
{
	bench_err("%s: --%s '%s': expected %s; try 'clos-bench help %s'", cmd,
		  opt, arg ? arg : "", want, cmd);
	return BENCH_EXIT_USAGE;
}

int bench_opt_u64(const char *cmd, const char *opt, const char *arg,
		  __u64 min, __u64 max, const char *want, __u64 *v)
{
	if (!arg || !bench_parse_u64(arg, min, max, v))
		return 0;
	return bench_bad_opt(cmd, opt, arg, want);
}

int bench_no_args(const char *cmd, int argc, char **argv)
{
	if (!argc)
		return 0;
	bench_err("%s: unexpected argument '%s' (every value follows its --option); try 'clos-bench help %s'",
		  cmd, argv[0], cmd);
	return BENCH_EXIT_USAGE;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double bench_median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double bench_min(const double *v, int n)
{
	double m = v[0];
	int i;

	for (i = 1; i < n; i++)
		if (v[i] < m)
			m = v[i];
	return m;
}

double bench_max(const double *v, int n)
{
	double m = v[0];
	int i;

	for (i = 1; i < n; i++)
		if (v[i] > m)
			m = v[i];
	return m;
}

void bench_jadd_double(struct json_object *o, const char *key, double v)
{
	/* Three decimals are more than any of these numbers can tell. */
	json_object_object_add(o, key, json_object_new_double(round(v * 1000) / 1000));
}

void bench_jadd_u64(struct json_object *o, const char *key, __u64 v)
{
	json_object_object_add(o, key, json_object_new_uint64(v));
}

void bench_jadd_int(struct json_object *o, const char *key, long long v)
{
	json_object_object_add(o, key, json_object_new_int64(v));
}

void bench_jadd_str(struct json_object *o, const char *key, const char *s)
{
	json_object_object_add(o, key, json_object_new_string(s));
}

struct json_object *bench_summary(double *v, int n)
{
	struct json_object *o = json_object_new_object();
	double med = bench_median(v, n);

	bench_jadd_double(o, "min", v[0]);
	bench_jadd_double(o, "median", med);
	bench_jadd_double(o, "max", v[n - 1]);
	return o;
}

int bench_print(struct json_object *o)
{
	if (!o)
		return BENCH_EXIT_FAIL;
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
					       JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return 0;
}
