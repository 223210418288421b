// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "ifname.h"
#include "parse_util.h"

/* A unit of a scaled number: its suffix and what it multiplies by. */
struct unit {
	const char *name;
	__u64 mult;
};

static const struct unit size_units[] = {
	{ "", 1 }, { "k", 1000 }, { "m", 1000000 }, { "g", 1000000000 },
};

/* Percentages are read in hundredths. */
static const struct unit pct_units[] = { { "", 100 } };

#define NUM_UNITS(a)	((int)(sizeof(a) / sizeof((a)[0])))
#define MAX_DECIMALS	9

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

/* "D[.D]UNIT" with UNIT one of units (any case) into *out, 0..max.
 * -EINVAL: not such a number; -ERANGE: above max; -EDOM: not a whole
 * number of the base unit (1.0005k bytes). */
static int parse_scaled(const char *s, const struct unit *units, int n,
			__u64 max, __u64 *out)
{
	unsigned __int128 ip = 0, frac = 0, scale = 1, v;
	int i, digits = 0, decimals = 0;
	const char *p = s;

	for (; *p >= '0' && *p <= '9'; p++, digits++) {
		ip = ip * 10 + (*p - '0');
		if (ip > max)	/* every unit is at least 1 */
			return -ERANGE;
	}
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++, decimals++) {
			if (decimals == MAX_DECIMALS)
				return -EINVAL;
			frac = frac * 10 + (*p - '0');
			scale *= 10;
		}
		if (!decimals)
			return -EINVAL;
	}
	if (!digits)
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (!strcasecmp(p, units[i].name))
			break;
	if (i == n)
		return -EINVAL;
	if (frac * units[i].mult % scale)
		return -EDOM;
	v = ip * units[i].mult + frac * units[i].mult / scale;
	if (v > max)
		return -ERANGE;
	*out = (__u64)v;
	return 0;
}

/* v in the largest unit that shows it exactly with at most `decimals`
 * decimals: 1500000 -> "1.5m". mults[] increase; names[i] is printed
 * after a number of mults[i]. */
static const char *fmt_scaled(__u64 v, const __u64 *mults,
			      const char *const *names, int n, int decimals,
			      char *buf, size_t len)
{
	__u64 pow = 1, whole, frac;
	int i, d;

	for (d = 0; d < decimals; d++)
		pow *= 10;
	for (i = n - 1; i > 0; i--) {
		if (v < mults[i] || (v * pow) % mults[i])
			continue;
		whole = v / mults[i];
		frac = (v % mults[i]) * pow / mults[i];
		if (!frac) {
			snprintf(buf, len, "%llu%s", (unsigned long long)whole,
				 names[i]);
			return buf;
		}
		/* Drop trailing zeros of the decimals. */
		for (d = decimals; frac % 10 == 0; d--)
			frac /= 10;
		snprintf(buf, len, "%llu.%0*llu%s", (unsigned long long)whole,
			 d, (unsigned long long)frac, names[i]);
		return buf;
	}
	snprintf(buf, len, "%llu%s", (unsigned long long)v, names[0]);
	return buf;
}

int clos_parse_onoff(const char *s, bool *on, struct clos_err *why)
{
	if (!strcmp(s, "on") || !strcmp(s, "off")) {
		*on = !strcmp(s, "on");
		return 0;
	}
	return clos_err_set(why, -EINVAL, "not one of on|off");
}

int clos_parse_size(const char *s, __u32 max, __u32 *out,
		    struct clos_err *why)
{
	char m[32];
	__u64 v;
	int err;

	err = parse_scaled(s, size_units, NUM_UNITS(size_units), max, &v);
	if (err == -ERANGE)
		return clos_err_set(why, -EINVAL, "out of range (0..%s)",
				    clos_fmt_size(max, m, sizeof(m)));
	if (err == -EDOM)
		return clos_err_set(why, -EINVAL, "not a whole number of bytes");
	if (err)
		return clos_err_set(why, -EINVAL,
				    "not a size in bytes (e.g. 3000, 150k, 1.5m)");
	*out = v;
	return 0;
}

int clos_parse_pct(const char *s, __u32 one, __u32 *out, struct clos_err *why)
{
	char buf[16];
	size_t n = strlen(s);
	__u64 hundredths;
	int err;

	/* Hundredths of a percent: "2.5" -> 250. */
	if (n && s[n - 1] == '%')
		n--;
	if (n >= sizeof(buf))
		return clos_err_set(why, -EINVAL, "not a percentage (0..100)");
	memcpy(buf, s, n);
	buf[n] = '\0';
	err = parse_scaled(buf, pct_units, NUM_UNITS(pct_units), 10000,
			   &hundredths);
	if (err == -ERANGE)
		return clos_err_set(why, -EINVAL, "out of range (0..100)");
	if (err == -EDOM)
		return clos_err_set(why, -EINVAL, "at most two decimals");
	if (err)
		return clos_err_set(why, -EINVAL, "not a percentage (0..100)");
	/* Rounded down, as the defaults are: 5% of 65536 is 3276. */
	*out = hundredths * one / 10000;
	return 0;
}

int clos_parse_set(const char *s, __u32 max, __u64 *set,
		   struct clos_err *why)
{
	char item[32];
	const char *p = s, *comma, *dash;
	__u32 lo, hi, i;
	size_t n;

	*set = 0;
	do {
		comma = strchr(p, ',');
		n = comma ? (size_t)(comma - p) : strlen(p);
		if (!n || n >= sizeof(item))
			return clos_err_set(why, -EINVAL,
					    "not a list like 3, 24-31 or 0-2,5");
		memcpy(item, p, n);
		item[n] = '\0';
		dash = strchr(item, '-');
		if (dash)
			item[dash - item] = '\0';
		if (clos_parse_u32(item, max, &lo, why) ||
		    (dash && clos_parse_u32(dash + 1, max, &hi, why)))
			return -EINVAL;
		if (!dash)
			hi = lo;
		if (hi < lo)
			return clos_err_set(why, -EINVAL,
					    "range %u-%u goes backwards", lo, hi);
		for (i = lo; i <= hi; i++)
			*set |= 1ull << i;
		p = comma ? comma + 1 : NULL;
	} while (p);
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
	char shown[CLOS_IFNAME_SHOWLEN];
	struct clos_err why;

	if (clos_ifname_check(name, &why))
		return clos_err_set(err, -EINVAL,
				    "port '%s' is not an interface name: it %s",
				    clos_ifname_show(name, shown, sizeof(shown)),
				    why.msg);
	if (clos_port_by_name(sw, name, id, NULL))
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

const char *clos_fmt_size(__u64 bytes, char *buf, size_t len)
{
	static const __u64 mults[] = { 1, 1000, 1000000, 1000000000 };
	static const char *const names[] = { "", "k", "m", "g" };

	/* One decimal at most: 65536 stays 65536 rather than 65.536k. */
	return fmt_scaled(bytes, mults, names, 4, 1, buf, len);
}

double clos_pct(__u32 v, __u32 one)
{
	return one ? (double)(((__u64)v * 10000 + one / 2) / one) / 100 : 0;
}

const char *clos_fmt_pct(__u32 v, __u32 one, bool sign, char *buf, size_t len)
{
	/* In hundredths, rounded: 3276 of 65536 is 5.00% (4.9988). */
	__u64 h = one ? ((__u64)v * 10000 + one / 2) / one : 0;
	char num[32];
	size_t n;

	n = snprintf(num, sizeof(num), "%llu.%02llu", (unsigned long long)(h / 100),
		     (unsigned long long)(h % 100));
	/* "5.00" -> "5", "2.50" -> "2.5": there is always a dot to stop at. */
	while (num[n - 1] == '0')
		num[--n] = '\0';
	if (num[n - 1] == '.')
		num[--n] = '\0';
	snprintf(buf, len, "%s%s", num, sign ? "%" : "");
	return buf;
}

const char *clos_fmt_set(__u64 set, char *buf, size_t len)
{
	size_t off = 0;
	int i, j;

	buf[0] = '\0';
	for (i = 0; i < 64 && off < len; i = j) {
		if (!(set & (1ull << i))) {
			j = i + 1;
			continue;
		}
		for (j = i + 1; j < 64 && (set & (1ull << j)); j++)
			;
		if (j - 1 == i)
			off += snprintf(buf + off, len - off, "%s%d",
					off ? "," : "", i);
		else
			off += snprintf(buf + off, len - off, "%s%d-%d",
					off ? "," : "", i, j - 1);
	}
	if (!off)
		snprintf(buf, len, "-");
	return buf;
}
