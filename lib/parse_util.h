/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parsing and formatting of the values users type: integers, MACs, IPv4 and
 * IPv6 prefixes, VLAN ids, keywords and port names. Parsers are strict (the
 * whole string must be the value) and return 0 or -EINVAL with why->msg set
 * to a phrase that completes "<what> '<input>': ", e.g. "host bits set".
 */
#ifndef CLOS_PARSE_UTIL_H
#define CLOS_PARSE_UTIL_H

#include <stddef.h>
#include <arpa/inet.h>
#include "clos_abi.h"
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

#endif /* CLOS_PARSE_UTIL_H */
