/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parsing and formatting of the values users type: integers, MACs, IPv4 and
 * IPv6 prefixes, VLAN ids, keywords and port names. Parsers are strict (the
 * whole string must be the value) and return 0 or -EINVAL with why->msg set
 * to a phrase that completes "<what> '<input>': ", e.g. "host bits set".
 */
#ifndef CLOS_PARSE_UTIL_H
#define CLOS_PARSE_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <arpa/inet.h>
#include "clos/abi.h"
#include "err.h"
#include "switch.h"

#define CLOS_MAC_STRLEN		18			/* "xx:xx:xx:xx:xx:xx" */
#define CLOS_PREFIX_STRLEN	(INET6_ADDRSTRLEN + 4)	/* addr "/128" */
#define CLOS_PORT_STRLEN	CLOS_IFNAMSIZ

/* Decimal integer in 0..max. */
int clos_parse_u32(const char *s, __u32 max, __u32 *out, struct clos_err *why);
int clos_parse_mac(const char *s, __u8 mac[6], struct clos_err *why);
/* A.B.C.D/LEN (a bare address is /32); host bits must be zero. */
int clos_parse_prefix4(const char *s, struct clos_lpm_v4 *key,
		       struct clos_err *why);
/* X:X::X/LEN (a bare address is /128); host bits must be zero. */
int clos_parse_prefix6(const char *s, struct clos_lpm_v6 *key,
		       struct clos_err *why);
/* 802.1Q VLAN id 1..4094, or 0 for untagged. */
int clos_parse_vlan(const char *s, __u16 *vid, struct clos_err *why);
/* Index of s in names[0..n-1] (exact match), or -1. */
int clos_parse_keyword(const char *s, const char *const *names, int n);
/* "a|b|c" into buf: the choices, for messages and help. */
const char *clos_keywords_join(const char *const *names, int n, char *buf,
			       size_t len);

/* on|off. */
int clos_parse_onoff(const char *s, bool *on, struct clos_err *why);
/* A size in bytes, 0..max: 3000, 150k, 1.5m (k = 10^3, m = 10^6,
 * g = 10^9; decimal, as the QoS thresholds are given). */
int clos_parse_size(const char *s, __u32 max, __u32 *out,
		    struct clos_err *why);
/* A percentage 0..100 with at most two decimals, '%' optional ("5",
 * "2.5%"), as a fraction of one (e.g. CLOS_PMAX_ONE). */
int clos_parse_pct(const char *s, __u32 one, __u32 *out, struct clos_err *why);
/* A set of small integers 0..max (max < 64): "3", "24-31", "0-2,5". */
int clos_parse_set(const char *s, __u32 max, __u64 *set,
		   struct clos_err *why);

/* Port name -> port id; -ENOENT with err "port 'NAME' does not exist". */
int clos_port_resolve(const struct clos_switch *sw, const char *name,
		      __u32 *id, struct clos_err *err);
/* Port id -> name, or "#ID" when the switch has no such port. */
const char *clos_port_name(const struct clos_switch *sw, __u32 id, char *buf,
			   size_t len);

const char *clos_fmt_mac(const __u8 mac[6], char *buf, size_t len);
const char *clos_fmt_prefix4(const struct clos_lpm_v4 *key, char *buf,
			     size_t len);
const char *clos_fmt_prefix6(const struct clos_lpm_v6 *key, char *buf,
			     size_t len);
/* As the parsers above take them back: "150k", "1.5m", "65536"; "5%"
 * ("5" without the sign); "24-31,40". (Rates: lib/rate.h.) */
const char *clos_fmt_size(__u64 bytes, char *buf, size_t len);
const char *clos_fmt_pct(__u32 v, __u32 one, bool sign, char *buf, size_t len);
const char *clos_fmt_set(__u64 set, char *buf, size_t len);
/* The percentage of v (of one), rounded to two decimals. */
double clos_pct(__u32 v, __u32 one);

#endif /* CLOS_PARSE_UTIL_H */
