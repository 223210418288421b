// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "parse_util.h"

int clos_parse_u32(const char *s, __u32 max, __u32 *out, struct clos_err *why)
{
	unsigned long long v = 0;
	const char *p;

	if (!*s)
		return clos_err_set(why, -EINVAL, "empty number");
	/* Digits only: strtoul would take signs, spaces and hex. */
	for (p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return clos_err_set(why, -EINVAL,
					    "not a decimal number");
		v = v * 10 + (*p - '0');
		if (v > max)
			return clos_err_set(why, -EINVAL,
					    "out of range (0..%u)", max);
	}
	*out = v;
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int clos_parse_mac(const char *s, __u8 mac[6], struct clos_err *why)
{
	int i, hi, lo;

	for (i = 0; i < 6; i++, s += 3) {
		hi = hexval(s[0]);
		lo = hi < 0 ? -1 : hexval(s[1]);
		if (lo < 0 || s[2] != (i == 5 ? '\0' : ':'))
			return clos_err_set(why, -EINVAL,
					    "not a MAC address (want xx:xx:xx:xx:xx:xx)");
		mac[i] = hi << 4 | lo;
	}
	return 0;
}

/* Split "addr/len" into addr (copied to buf) and a prefix length, which is
 * max when there is no "/". */
static int split_prefix(const char *s, char *buf, size_t len, __u32 max,
			__u32 *plen, struct clos_err *why)
{
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	struct clos_err lwhy;

	if (n >= len)
		return clos_err_set(why, -EINVAL, "address too long");
	memcpy(buf, s, n);
	buf[n] = '\0';
	*plen = max;
	if (slash && clos_parse_u32(slash + 1, max, plen, &lwhy))
		return clos_err_set(why, -EINVAL,
				    "prefix length must be 0..%u", max);
	return 0;
}

/* Zero bits past plen; true when any was set. */
static bool clear_host_bits(__u8 *addr, __u32 bytes, __u32 plen)
{
	bool dirty = false;
	__u32 i;

	for (i = 0; i < bytes; i++) {
		__u8 mask;

		if (plen >= (i + 1) * 8)
			continue;
		mask = plen > i * 8 ? (__u8)(0xff << (8 - (plen - i * 8))) : 0;
		if (addr[i] & ~mask)
			dirty = true;
		addr[i] &= mask;
	}
	return dirty;
}

int clos_parse_prefix4(const char *s, struct clos_lpm_v4 *key,
		       struct clos_err *why)
{
	char buf[INET_ADDRSTRLEN], fixed[CLOS_PREFIX_STRLEN];
	__u32 plen;
	int err;

	err = split_prefix(s, buf, sizeof(buf), 32, &plen, why);
	if (err)
		return err;
	if (inet_pton(AF_INET, buf, key->addr) != 1)
		return clos_err_set(why, -EINVAL,
				    "not an IPv4 prefix (want A.B.C.D/LEN)");
	key->prefixlen = plen;
	if (clear_host_bits(key->addr, 4, plen))
		return clos_err_set(why, -EINVAL,
				    "host bits set (did you mean %s?)",
				    clos_fmt_prefix4(key, fixed, sizeof(fixed)));
	return 0;
}

int clos_parse_prefix6(const char *s, struct clos_lpm_v6 *key,
		       struct clos_err *why)
{
	char buf[INET6_ADDRSTRLEN], fixed[CLOS_PREFIX_STRLEN];
	__u32 plen;
	int err;

	err = split_prefix(s, buf, sizeof(buf), 128, &plen, why);
	if (err)
		return err;
	if (inet_pton(AF_INET6, buf, key->addr) != 1)
		return clos_err_set(why, -EINVAL,
				    "not an IPv6 prefix (want X:X::X/LEN)");
	key->prefixlen = plen;
	if (clear_host_bits(key->addr, 16, plen))
		return clos_err_set(why, -EINVAL,
				    "host bits set (did you mean %s?)",
				    clos_fmt_prefix6(key, fixed, sizeof(fixed)));
	return 0;
}

int clos_parse_vlan(const char *s, __u16 *vid, struct clos_err *why)
{
	__u32 v;

	/* 4095 is reserved by 802.1Q; 0 means untagged here. */
	if (clos_parse_u32(s, 4094, &v, why))
		return clos_err_set(why, -EINVAL,
				    "not a VLAN id (1..4094, or 0 for untagged)");
	*vid = v;
	return 0;
}

int clos_parse_keyword(const char *s, const char *const *names, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (names[i] && strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

const char *clos_keywords_join(const char *const *names, int n, char *buf,
			       size_t len)
{
	size_t off = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < n && off < len; i++) {
		if (!names[i])
			continue;
		off += snprintf(buf + off, len - off, "%s%s", off ? "|" : "",
				names[i]);
	}
	return buf;
}

int clos_port_resolve(const struct clos_switch *sw, const char *name,
		      __u32 *id, struct clos_err *err)
{
	if (strlen(name) >= CLOS_IFNAMSIZ ||
	    clos_port_by_name(sw, name, id, NULL))
		return clos_err_set(err, -ENOENT, "port '%s' does not exist",
				    name);
	return 0;
}

const char *clos_port_name(const struct clos_switch *sw, __u32 id, char *buf,
			   size_t len)
{
	struct clos_port p;

	if (clos_port_get(sw, id, &p))
		snprintf(buf, len, "#%u", id);
	else
		snprintf(buf, len, "%.*s", (int)sizeof(p.name), p.name);
	return buf;
}

const char *clos_fmt_mac(const __u8 mac[6], char *buf, size_t len)
{
	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x",
		 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	return buf;
}

const char *clos_fmt_prefix4(const struct clos_lpm_v4 *key, char *buf,
			     size_t len)
{
	char addr[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, key->addr, addr, sizeof(addr));
	snprintf(buf, len, "%s/%u", addr, key->prefixlen);
	return buf;
}

const char *clos_fmt_prefix6(const struct clos_lpm_v6 *key, char *buf,
			     size_t len)
{
	char addr[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, key->addr, addr, sizeof(addr));
	snprintf(buf, len, "%s/%u", addr, key->prefixlen);
	return buf;
}
