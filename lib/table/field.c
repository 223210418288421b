// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "field.h"
#include "parse_util.h"
#include "rate.h"

static __u64 get_raw(const struct clos_field *f, const void *buf)
{
	const __u8 *p = (const __u8 *)buf + f->offset;
	__u64 v64;
	__u32 v32;
	__u16 v16;

	switch (f->size) {
	case 1:
		return *p;
	case 2:
		memcpy(&v16, p, 2);
		return v16;
	case 4:
		memcpy(&v32, p, 4);
		return v32;
	case 8:
		memcpy(&v64, p, 8);
		return v64;
	}
	return 0;
}

static void put_raw(const struct clos_field *f, void *buf, __u64 v)
{
	__u8 *p = (__u8 *)buf + f->offset;
	__u32 v32 = v;
	__u16 v16 = v;
	__u8 v8 = v;

	switch (f->size) {
	case 1:
		*p = v8;
		break;
	case 2:
		memcpy(p, &v16, 2);
		break;
	case 4:
		memcpy(p, &v32, 4);
		break;
	case 8:
		memcpy(p, &v, 8);
		break;
	}
}

__u64 clos_field_get(const struct clos_field *f, const void *buf)
{
	__u64 raw = get_raw(f, buf);

	if (f->unit)
		return raw / f->unit % ((__u64)f->max + 1);
	return raw;
}

void clos_field_put(const struct clos_field *f, void *buf, __u64 v)
{
	/* Packed fields share their bytes: add this field's part. */
	if (f->unit)
		put_raw(f, buf, get_raw(f, buf) + v * f->unit);
	else
		put_raw(f, buf, v);
}

static __u32 int_max(const struct clos_field *f)
{
	if (f->max)
		return f->max;
	return f->size >= 4 ? 0xffffffffu : (1u << (8 * f->size)) - 1;
}

int clos_field_parse(const struct clos_switch *sw, const struct clos_field *f,
		     const char *s, void *buf, struct clos_err *why)
{
	__u8 *p = (__u8 *)buf + f->offset;
	char list[256];
	bool on;
	__u64 v64;
	__u32 v;
	__u16 vid;
	int err, i;

	switch (f->type) {
	case CLOS_FT_U32:
	case CLOS_FT_U64:
		err = clos_parse_u32(s, int_max(f), &v, why);
		if (err)
			return err;
		clos_field_put(f, buf, v);
		return 0;
	case CLOS_FT_PREFIX4:
		return clos_parse_prefix4(s, (struct clos_lpm_v4 *)p, why);
	case CLOS_FT_PREFIX6:
		return clos_parse_prefix6(s, (struct clos_lpm_v6 *)p, why);
	case CLOS_FT_MAC:
		return clos_parse_mac(s, p, why);
	case CLOS_FT_PORT:
		err = clos_port_resolve(sw, s, &v, why);
		if (err)
			return err;
		clos_field_put(f, buf, v);
		return 0;
	case CLOS_FT_VLAN:
		err = clos_parse_vlan(s, &vid, why);
		if (err)
			return err;
		clos_field_put(f, buf, vid);
		return 0;
	case CLOS_FT_ENUM:
		i = clos_parse_keyword(s, f->names, f->num_names);
		if (i < 0)
			return clos_err_set(why, -EINVAL, "not one of %s",
					    clos_keywords_join(f->names,
							       f->num_names,
							       list,
							       sizeof(list)));
		clos_field_put(f, buf, i);
		return 0;
	case CLOS_FT_BOOL:
		err = clos_parse_onoff(s, &on, why);
		if (err)
			return err;
		clos_field_put(f, buf, on);
		return 0;
	case CLOS_FT_BYTES:
		err = clos_parse_size(s, int_max(f), &v, why);
		if (err)
			return err;
		clos_field_put(f, buf, v);
		return 0;
	case CLOS_FT_RATE:
		err = clos_parse_rate(s, &v64, why);
		if (err)
			return err;
		clos_field_put(f, buf, v64);
		return 0;
	case CLOS_FT_PCT:
		err = clos_parse_pct(s, CLOS_PMAX_ONE, &v, why);
		if (err)
			return err;
		clos_field_put(f, buf, v);
		return 0;
	case CLOS_FT_STRING:
		if (strlen(s) >= f->size)
			return clos_err_set(why, -EINVAL,
					    "longer than %u characters",
					    f->size - 1);
		memset(p, 0, f->size);
		memcpy(p, s, strlen(s));
		return 0;
	default:
		return clos_err_set(why, -EINVAL, "%s fields cannot be set",
				    clos_ftype_name(f->type));
	}
}

/* "0,0,0,1500,0,0,0,0": one value per traffic class. */
static const char *per_tc_str(const struct clos_field *f, const void *buf,
			      char *out, size_t len)
{
	const __u8 *p = (const __u8 *)buf + f->offset;
	size_t off = 0;
	unsigned int i;
	__u64 v;

	out[0] = '\0';
	for (i = 0; i < f->size / sizeof(v) && off < len; i++) {
		memcpy(&v, p + i * sizeof(v), sizeof(v));
		off += snprintf(out + off, len - off, "%s%llu", i ? "," : "",
				(unsigned long long)v);
	}
	return out;
}

static const char *members_str(const struct clos_field *f, const void *buf,
			       char *out, size_t len)
{
	const __u8 *p = (const __u8 *)buf + f->offset;
	size_t off = 0;
	unsigned int i;
	__u32 nh;

	out[0] = '\0';
	for (i = 0; i < f->size / sizeof(__u32); i++) {
		memcpy(&nh, p + i * sizeof(nh), sizeof(nh));
		if (nh == CLOS_NH_NONE || off >= len)
			continue;
		off += snprintf(out + off, len - off, "%s%u", off ? "," : "",
				nh);
	}
	if (!off)
		snprintf(out, len, "-");
	return out;
}

const char *clos_field_str(const struct clos_switch *sw,
			   const struct clos_field *f, const void *buf,
			   char *out, size_t len)
{
	const __u8 *p = (const __u8 *)buf + f->offset;
	struct clos_counter c;
	__u64 v;

	switch (f->type) {
	case CLOS_FT_U32:
	case CLOS_FT_U64:
	case CLOS_FT_VLAN:
		snprintf(out, len, "%llu",
			 (unsigned long long)clos_field_get(f, buf));
		break;
	case CLOS_FT_PREFIX4:
		clos_fmt_prefix4((const struct clos_lpm_v4 *)p, out, len);
		break;
	case CLOS_FT_PREFIX6:
		clos_fmt_prefix6((const struct clos_lpm_v6 *)p, out, len);
		break;
	case CLOS_FT_MAC:
		clos_fmt_mac(p, out, len);
		break;
	case CLOS_FT_PORT:
		clos_port_name(sw, clos_field_get(f, buf), out, len);
		break;
	case CLOS_FT_ENUM:
		v = clos_field_get(f, buf);
		if (v < (__u64)f->num_names && f->names[v])
			snprintf(out, len, "%s", f->names[v]);
		else
			snprintf(out, len, "#%llu", (unsigned long long)v);
		break;
	case CLOS_FT_STRING:
		snprintf(out, len, "%.*s", (int)f->size, (const char *)p);
		break;
	case CLOS_FT_COUNTER:
		/* Entries lie in a buffer at the key's length: p may be
		 * only 4-byte aligned, so copy before reading the u64s. */
		memcpy(&c, p, sizeof(c));
		snprintf(out, len, "%llu pkt %llu B",
			 (unsigned long long)c.packets,
			 (unsigned long long)c.bytes);
		break;
	case CLOS_FT_MEMBERS:
		members_str(f, buf, out, len);
		break;
	case CLOS_FT_BOOL:
		snprintf(out, len, "%s", clos_field_get(f, buf) ? "on" : "off");
		break;
	case CLOS_FT_BYTES:
		clos_fmt_size(clos_field_get(f, buf), out, len);
		break;
	case CLOS_FT_RATE:
		clos_fmt_rate(clos_field_get(f, buf), out, len);
		break;
	case CLOS_FT_PCT:
		clos_fmt_pct(clos_field_get(f, buf), CLOS_PMAX_ONE, true, out,
			     len);
		break;
	case CLOS_FT_PER_TC:
		per_tc_str(f, buf, out, len);
		break;
	default:
		snprintf(out, len, "?");
	}
	return out;
}

void clos_field_print(const struct clos_switch *sw, const struct clos_field *f,
		      const void *buf, enum jout_mode mode,
		      const char *text_fmt)
{
	const __u8 *p = (const __u8 *)buf + f->offset;
	char str[CLOS_FIELD_STRLEN];
	struct clos_counter c;
	unsigned int i;
	__u64 v;
	__u32 nh;

	if (!jout_is_json()) {
		jout_string(mode, f->name, text_fmt,
			    clos_field_str(sw, f, buf, str, sizeof(str)));
		return;
	}
	if (!(mode & JOUT_JSON))
		return;
	switch (f->type) {
	case CLOS_FT_U32:
	case CLOS_FT_U64:
	case CLOS_FT_VLAN:
	case CLOS_FT_BYTES:
	case CLOS_FT_RATE:
		jout_uint(mode, f->name, NULL, clos_field_get(f, buf));
		break;
	case CLOS_FT_BOOL:
		jout_bool(mode, f->name, NULL, clos_field_get(f, buf));
		break;
	case CLOS_FT_PCT:
		jout_double(mode, f->name, NULL,
			    clos_pct(clos_field_get(f, buf), CLOS_PMAX_ONE));
		break;
	case CLOS_FT_PER_TC:
		jout_open_array(f->name);
		for (i = 0; i < f->size / sizeof(v); i++) {
			memcpy(&v, p + i * sizeof(v), sizeof(v));
			jout_uint(mode, NULL, NULL, v);
		}
		jout_close_array();
		break;
	case CLOS_FT_COUNTER:
		memcpy(&c, p, sizeof(c));	/* may be unaligned, as above */
		jout_open_object(f->name);
		jout_uint(mode, "packets", NULL, c.packets);
		jout_uint(mode, "bytes", NULL, c.bytes);
		jout_close_object();
		break;
	case CLOS_FT_MEMBERS:
		jout_open_array(f->name);
		for (i = 0; i < f->size / sizeof(__u32); i++) {
			memcpy(&nh, p + i * sizeof(nh), sizeof(nh));
			if (nh != CLOS_NH_NONE)
				jout_uint(mode, NULL, NULL, nh);
		}
		jout_close_array();
		break;
	default:
		jout_string(mode, f->name, NULL,
			    clos_field_str(sw, f, buf, str, sizeof(str)));
	}
}

int clos_field_cmp(const struct clos_field *f, const void *a, const void *b)
{
	const __u8 *pa = (const __u8 *)a + f->offset;
	const __u8 *pb = (const __u8 *)b + f->offset;
	__u64 va, vb;
	int c;

	switch (f->type) {
	case CLOS_FT_PREFIX4:
	case CLOS_FT_PREFIX6:
		/* Address first, then shorter prefixes before longer. */
		c = memcmp(pa + sizeof(__u32), pb + sizeof(__u32),
			   f->size - sizeof(__u32));
		if (c)
			return c;
		va = ((const struct clos_lpm_v4 *)pa)->prefixlen;
		vb = ((const struct clos_lpm_v4 *)pb)->prefixlen;
		break;
	case CLOS_FT_MAC:
	case CLOS_FT_STRING:
	case CLOS_FT_COUNTER:
	case CLOS_FT_MEMBERS:
	case CLOS_FT_PER_TC:
		return memcmp(pa, pb, f->size);
	default:
		va = clos_field_get(f, a);
		vb = clos_field_get(f, b);
	}
	return va < vb ? -1 : va > vb;
}

bool clos_field_is_zero(const struct clos_field *f, const void *buf)
{
	const __u8 *p = (const __u8 *)buf + f->offset;
	unsigned int i;

	for (i = 0; i < f->size; i++)
		if (p[i])
			return false;
	return true;
}
