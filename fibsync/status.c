// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include <linux/rtnetlink.h>
#include "fibsync.h"
#include "jsonout.h"
#include "model.h"
#include "status.h"
#include "xlate.h"

const char *const fs_error_names[FS_ERR_MAX] = {
#define FS_ERROR_NAME(id, name) [FS_ERR_##id] = name,
	FS_ERROR_KINDS(FS_ERROR_NAME)
#undef FS_ERROR_NAME
};

int fs_error_kind(const char *name)
{
	int i;

	for (i = 0; i < FS_ERR_MAX; i++)
		if (!strcmp(fs_error_names[i], name))
			return i;
	return FS_ERR_NETLINK;
}

void fs_errlog_add(struct fs_errlog *l, int kind, const char *msg)
{
	unsigned int i = l->n++ % FS_ERRLOG_SIZE;

	l->e[i].t = time(NULL);
	l->e[i].kind = kind;
	snprintf(l->e[i].msg, sizeof(l->e[i].msg), "%s", msg);
}

static void add_u64(json_object *o, const char *key, unsigned long v)
{
	json_object_object_add(o, key, json_object_new_uint64(v));
}

unsigned long fs_max_rss_kib(void)
{
	struct rusage ru;

	return getrusage(RUSAGE_SELF, &ru) ? 0 : ru.ru_maxrss;
}

json_object *fs_json_ms(double ms)
{
	char s[32];

	/* Microseconds are enough, and keep the file readable. */
	snprintf(s, sizeof(s), "%.3f", ms);
	return json_object_new_double_s(ms, s);
}

static void add_ms(json_object *o, const char *key, double ms)
{
	json_object_object_add(o, key, fs_json_ms(ms));
}

json_object *fs_status_counters(const struct fs_counters *c)
{
	json_object *o = json_object_new_object(), *nl, *w, *e;
	int i;

	nl = json_object_new_object();
	add_u64(nl, "messages", c->nl_messages);
	add_u64(nl, "links", c->nl_links);
	add_u64(nl, "neighbours", c->nl_neighs);
	add_u64(nl, "nexthop_objects", c->nl_nexthops);
	add_u64(nl, "routes", c->nl_routes);
	add_u64(nl, "ignored", c->nl_ignored);
	json_object_object_add(o, "netlink", nl);

	w = json_object_new_object();
	add_u64(w, "routes_added", c->w.routes_added);
	add_u64(w, "routes_replaced", c->w.routes_replaced);
	add_u64(w, "routes_deleted", c->w.routes_deleted);
	add_u64(w, "nexthops_written", c->w.nexthops_written);
	add_u64(w, "nexthops_deleted", c->w.nexthops_deleted);
	add_u64(w, "groups_written", c->w.groups_written);
	add_u64(w, "groups_deleted", c->w.groups_deleted);
	json_object_object_add(o, "tables", w);

	add_u64(o, "full_syncs", c->full_syncs);
	add_u64(o, "resyncs", c->resyncs);
	add_u64(o, "batches", c->batches);
	add_u64(o, "port_changes", c->port_changes);
	add_u64(o, "solicits", c->solicits);
	add_ms(o, "last_full_sync_ms", c->last_full_ms);
	add_ms(o, "last_batch_ms", c->last_batch_ms);
	add_ms(o, "max_batch_ms", c->max_batch_ms);
	add_ms(o, "busy_ms", c->busy_ms);
	add_u64(o, "max_rss_kib", fs_max_rss_kib());
	json_object_object_add(o, "last_full_sync", json_object_new_int64(c->last_full));
	json_object_object_add(o, "last_change", json_object_new_int64(c->last_change));

	e = json_object_new_object();
	for (i = 0; i < FS_ERR_MAX; i++)
		add_u64(e, fs_error_names[i], c->errors[i]);
	json_object_object_add(o, "errors", e);
	return o;
}

json_object *fs_status_errors(const struct fs_errlog *l)
{
	json_object *a = json_object_new_array(), *o;
	unsigned int n = l->n < FS_ERRLOG_SIZE ? l->n : FS_ERRLOG_SIZE, k, i;

	for (k = 0; k < n; k++) {
		i = (l->n - n + k) % FS_ERRLOG_SIZE;
		o = json_object_new_object();
		json_object_object_add(o, "time", json_object_new_int64(l->e[i].t));
		json_object_object_add(o, "kind",
				       json_object_new_string(fs_error_names[l->e[i].kind]));
		json_object_object_add(o, "message", jout_json_string(l->e[i].msg));
		json_object_array_add(a, o);
	}
	return a;
}

int fs_status_save(json_object *o, const char *path)
{
	char tmp[PATH_MAX];
	const char *s;
	FILE *f;
	int n, err = 0;

	n = snprintf(tmp, sizeof(tmp), "%s.tmp.%d", path, getpid());
	if (n < 0 || (size_t)n >= sizeof(tmp))
		return -ENAMETOOLONG;
	f = fopen(tmp, "w");
	if (!f)
		return -errno;
	s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
					   JSON_C_TO_STRING_NOSLASHESCAPE);
	if (fputs(s, f) < 0 || fputc('\n', f) < 0)
		err = -errno;
	if (fclose(f) && !err)
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err)
		unlink(tmp);
	return err;
}

/* --- the synced state -------------------------------------------------------- */

static const char *source_name(const struct fs_prefix *p, char *buf, size_t len)
{
	static const struct {
		__u8 proto;
		const char *name;
	} protos[] = {
		{ RTPROT_REDIRECT, "redirect" }, { RTPROT_KERNEL, "kernel" },
		{ RTPROT_BOOT, "boot" }, { RTPROT_STATIC, "static" },
		{ RTPROT_RA, "ra" }, { RTPROT_ZEBRA, "zebra" },
		{ RTPROT_DHCP, "dhcp" }, { RTPROT_BGP, "bgp" },
		{ RTPROT_ISIS, "isis" }, { RTPROT_OSPF, "ospf" },
		{ RTPROT_RIP, "rip" }, { RTPROT_EIGRP, "eigrp" },
	};
	size_t i;

	if (p->src == FS_SRC_LOCAL)
		return "local";
	if (p->src == FS_SRC_NEIGH)
		return "neighbour";
	for (i = 0; i < sizeof(protos) / sizeof(protos[0]); i++)
		if (protos[i].proto == p->proto)
			return protos[i].name;
	snprintf(buf, len, "proto %u", p->proto);
	return buf;
}

static const char *prefix_str(const struct fs_prefix *p, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];

	inet_ntop(p->family, p->addr, a, sizeof(a));
	snprintf(buf, len, "%s/%u", a, p->plen);
	return buf;
}

static int prefix_cmp(const void *x, const void *y)
{
	const struct fs_prefix *a = *(const struct fs_prefix *const *)x;
	const struct fs_prefix *b = *(const struct fs_prefix *const *)y;

	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	return memcmp(a->addr, b->addr, 16) ?: (a->plen > b->plen) - (a->plen < b->plen);
}

static void count(json_object *o, const char *key)
{
	json_object *v;

	if (json_object_object_get_ex(o, key, &v))
		json_object_int_inc(v, 1);
	else
		json_object_object_add(o, key, json_object_new_int64(1));
}

static const char *const action_names[] = {
	[CLOS_RT_DROP] = "drop", [CLOS_RT_NEXTHOP] = "nexthop",
	[CLOS_RT_ECMP] = "ecmp", [CLOS_RT_LOCAL] = "local",
	[CLOS_RT_KERNEL] = "kernel",
};

json_object *fs_status_synced(const struct fs_model *m, const struct fs_ids *ids,
			      json_object **punted)
{
	json_object *o = json_object_new_object(), *routes, *by_action, *by_source,
		    *by_reason, *nh, *g, *p_obj, *list;
	const struct fs_prefix **sel = NULL;
	const struct fs_prefix *p;
	unsigned long v4 = 0, v6 = 0, npunted = 0, failed = 0, res = 0, mod = 0;
	size_t nsel = 0, cap = 0, i;
	char buf[64], detail[128];

	by_action = json_object_new_object();
	by_source = json_object_new_object();
	by_reason = json_object_new_object();
	FS_HTAB_FOR_EACH(&m->prefixes, p, struct fs_prefix, h) {
		if (!p->want.on)
			continue;
		if (p->family == AF_INET)
			v4++;
		else
			v6++;
		if (p->want.rt.action < sizeof(action_names) / sizeof(action_names[0]))
			count(by_action, action_names[p->want.rt.action]);
		count(by_source, source_name(p, buf, sizeof(buf)));
		if (p->failed)
			failed++;
		if (p->want.rt.action != CLOS_RT_KERNEL && !p->failed)
			continue;
		npunted++;
		count(by_reason, fs_reason_names[p->failed ? FS_WHY_TABLE_FULL : p->reason]);
		/* Keep every punted route while few; past that the first seen. */
		if (nsel == cap && cap < 8 * FS_STATUS_PUNTED_MAX) {
			const struct fs_prefix **more;

			cap = cap ? cap * 2 : 64;
			more = realloc(sel, cap * sizeof(*sel));
			if (!more) {
				cap = nsel;
				continue;
			}
			sel = more;
		}
		if (nsel < cap)
			sel[nsel++] = p;
	}
	routes = json_object_new_object();
	add_u64(routes, "ipv4", v4);
	add_u64(routes, "ipv6", v6);
	json_object_object_add(o, "routes", routes);
	json_object_object_add(o, "by_action", by_action);
	json_object_object_add(o, "by_source", by_source);
	p_obj = json_object_new_object();
	add_u64(p_obj, "total", npunted);
	add_u64(p_obj, "not_written", failed);
	json_object_object_add(p_obj, "by_reason", by_reason);
	json_object_object_add(o, "punted", p_obj);

	nh = json_object_new_object();
	add_u64(nh, "used", ids->nh_used);
	add_u64(nh, "first", CLOS_FIBSYNC_NH_FIRST);
	add_u64(nh, "count", CLOS_FIBSYNC_NH_COUNT);
	json_object_object_add(o, "nexthops", nh);
	for (i = 0; i < CLOS_FIBSYNC_GROUP_COUNT; i++)
		if (ids->g[i].refs) {
			res += ids->g[i].kind == CLOS_ECMP_RESILIENT;
			mod += ids->g[i].kind == CLOS_ECMP_MODULO;
		}
	g = json_object_new_object();
	add_u64(g, "used", ids->groups_used);
	add_u64(g, "first", CLOS_FIBSYNC_GROUP_FIRST);
	add_u64(g, "count", CLOS_FIBSYNC_GROUP_COUNT);
	add_u64(g, "resilient", res);
	add_u64(g, "modulo", mod);
	json_object_object_add(o, "groups", g);

	if (nsel)
		qsort(sel, nsel, sizeof(*sel), prefix_cmp);
	list = json_object_new_array();
	for (i = 0; i < nsel && i < FS_STATUS_PUNTED_MAX; i++) {
		json_object *e = json_object_new_object();

		p = sel[i];
		json_object_object_add(e, "prefix",
				       json_object_new_string(prefix_str(p, buf, sizeof(buf))));
		json_object_object_add(e, "reason", json_object_new_string(
			fs_reason_names[p->failed ? FS_WHY_TABLE_FULL : p->reason]));
		json_object_object_add(e, "detail", jout_json_string(
			fs_xlate_explain(m, p, detail, sizeof(detail))));
		json_object_object_add(e, "source",
				       jout_json_string(source_name(p, buf, sizeof(buf))));
		json_object_array_add(list, e);
	}
	free(sel);
	*punted = list;
	return o;
}
