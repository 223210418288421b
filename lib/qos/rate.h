/* SPDX-License-Identifier: GPL-2.0 */
/* Port rates as users write them (tc's units, decimal): "100mbit",
 * "2.5gbit", "10g", "1500000", "0" (unshaped). */
#ifndef CLOS_RATE_H
#define CLOS_RATE_H

#include <stddef.h>
#include <linux/types.h>
#include "err.h"

#define CLOS_RATE_STRLEN	24
/* The fastest port: the traffic manager's model computes bytes = ns * rate
 * in 64 bits over gaps of up to 100 ms (include/clos/tm_model.h). */
#define CLOS_RATE_MAX		1000000000000ull
/* The slowest shaped port: the model drains whole bytes per second
 * (rate / 8), so a rate under 8 bit/s would never drain; HTB has no use
 * for one under a few kbit either. */
#define CLOS_RATE_MIN		8000ull

/* A number (decimals allowed: "2.5gbit") with an optional unit bit, kbit,
 * mbit, gbit, tbit or k, m, g, t (case ignored), in bits per second; a
 * bare number is bit/s. Whole bits only; 0 (unshaped) or CLOS_RATE_MIN to
 * CLOS_RATE_MAX. why completes "rate '<s>': ". */
int clos_parse_rate(const char *s, __u64 *bps, struct clos_err *why);

/* The rate in the largest unit that shows it exactly: "100mbit", "1gbit",
 * "2500kbit", "0". */
const char *clos_fmt_rate(__u64 bps, char *buf, size_t len);

#endif /* CLOS_RATE_H */
