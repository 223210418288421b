// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "rate.h"

static const struct {
	const char *unit;
	__u64 mul;
} units[] = {
	{ "tbit", 1000000000000ull }, { "gbit", 1000000000ull },
	{ "mbit", 1000000ull }, { "kbit", 1000ull }, { "bit", 1 },
	{ "t", 1000000000000ull }, { "g", 1000000000ull },
	{ "m", 1000000ull }, { "k", 1000ull }, { "", 1 },
};

#define NUM_UNITS	(sizeof(units) / sizeof(units[0]))

int clos_parse_rate(const char *s, __u64 *bps, struct clos_err *why)
{
	__u64 whole = 0, frac = 0, frac_div = 1, mul, val;
	const char *p = s;
	size_t i;

	if (*p < '0' || *p > '9')
		return clos_err_set(why, -EINVAL, "not a rate (e.g. 100mbit, 2.5gbit, 0)");
	for (; *p >= '0' && *p <= '9'; p++) {
		if (whole > (~0ull - 9) / 10)
			return clos_err_set(why, -ERANGE, "too large");
		whole = whole * 10 + (*p - '0');
	}
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++) {
			if (frac_div >= 1000000000000ull)
				return clos_err_set(why, -EINVAL, "too many decimals");
			frac = frac * 10 + (*p - '0');
			frac_div *= 10;
		}
	}
	for (i = 0; i < NUM_UNITS; i++)
		if (!strcasecmp(p, units[i].unit))
			break;
	if (i == NUM_UNITS)
		return clos_err_set(why, -EINVAL,
				    "unknown unit '%s' (bit, kbit, mbit, gbit, tbit)", p);
	mul = units[i].mul;
	if (whole > ~0ull / mul)
		return clos_err_set(why, -ERANGE, "too large");
	/* frac / frac_div of mul must be whole bits: no "1.5bit". */
	if (frac && (mul % frac_div || frac * (mul / frac_div) > ~0ull - whole * mul))
		return clos_err_set(why, -EINVAL, "not a whole number of bits per second");
	val = whole * mul + frac * (mul / frac_div);
	if (val > CLOS_RATE_MAX)
		return clos_err_set(why, -ERANGE, "more than 1tbit");
	if (val && val < CLOS_RATE_MIN)
		return clos_err_set(why, -ERANGE, "less than 8kbit (0: unshaped)");
	*bps = val;
	return 0;
}

const char *clos_fmt_rate(__u64 bps, char *buf, size_t len)
{
	size_t i;

	/* The first five units are the long ones, largest first. */
	for (i = 0; i < 5; i++)
		if (bps && bps % units[i].mul == 0)
			break;
	if (!bps || i == 5)
		snprintf(buf, len, "%llu", (unsigned long long)bps);
	else
		snprintf(buf, len, "%llu%s", (unsigned long long)(bps / units[i].mul),
			 units[i].unit);
	return buf;
}
