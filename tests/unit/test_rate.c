// SPDX-License-Identifier: GPL-2.0
/*
 * Port rates as users write them (lib/qos/rate.c): units, decimals, the
 * range a port's model can drain (CLOS_RATE_MIN..CLOS_RATE_MAX, or 0 for
 * unshaped), and the text they are shown as.
 */
#include <criterion/criterion.h>
#include "rate.h"

static __u64 rate(const char *s)
{
	struct clos_err why = {};
	__u64 bps = 12345;

	cr_assert_eq(clos_parse_rate(s, &bps, &why), 0, "'%s': %s", s, why.msg);
	return bps;
}

static void refused(const char *s, const char *msg)
{
	struct clos_err why = {};
	__u64 bps = 12345;

	cr_assert_neq(clos_parse_rate(s, &bps, &why), 0, "'%s' was taken", s);
	cr_assert_str_eq(why.msg, msg, "'%s'", s);
	cr_assert_eq(bps, 12345, "'%s' wrote a rate", s);
}

Test(rate, units_and_decimals)
{
	cr_assert_eq(rate("0"), 0);
	cr_assert_eq(rate("100mbit"), 100000000ull);
	cr_assert_eq(rate("2.5gbit"), 2500000000ull);
	cr_assert_eq(rate("10G"), 10000000000ull);
	cr_assert_eq(rate("1500000"), 1500000ull);
	cr_assert_eq(rate("8kbit"), CLOS_RATE_MIN);
	cr_assert_eq(rate("1tbit"), CLOS_RATE_MAX);
}

Test(rate, out_of_range_refused)
{
	refused("7", "less than 8kbit (0: unshaped)");
	refused("7999bit", "less than 8kbit (0: unshaped)");
	refused("1.001tbit", "more than 1tbit");
	refused("99999999999999999999", "too large");
}

Test(rate, not_a_rate_refused)
{
	refused("", "not a rate (e.g. 100mbit, 2.5gbit, 0)");
	refused("fast", "not a rate (e.g. 100mbit, 2.5gbit, 0)");
	refused("10xbit", "unknown unit 'xbit' (bit, kbit, mbit, gbit, tbit)");
	refused("8000.5", "not a whole number of bits per second");
}

Test(rate, shown_in_the_largest_exact_unit)
{
	char buf[CLOS_RATE_STRLEN];

	cr_assert_str_eq(clos_fmt_rate(0, buf, sizeof(buf)), "0");
	cr_assert_str_eq(clos_fmt_rate(100000000ull, buf, sizeof(buf)), "100mbit");
	cr_assert_str_eq(clos_fmt_rate(2500000000ull, buf, sizeof(buf)), "2500mbit");
	cr_assert_str_eq(clos_fmt_rate(8000ull, buf, sizeof(buf)), "8kbit");
}
