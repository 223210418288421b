// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <json-c/json.h>
#include "collect.h"
#include "ecmp.h"
#include "err.h"
#include "families.h"
#include "fibsync.h"
#include "jsonout.h"
#include "log.h"
#include "parse_util.h"
#include "port_cfg.h"
#include "punt_police.h"
#include "queue_stats.h"
#include "switch.h"
#include "table.h"
#include "tm_view.h"

/* Each row of EXPORTER_FAMILIES a struct mx_def of that name. */
#define MX_FAMILY(id, type, name, help) \
	static const struct mx_def id = { name, MX_##type, help };
EXPORTER_FAMILIES(MX_FAMILY)
#undef MX_FAMILY

static const char *const mode_names[] = { "fast", "queue" };
static const char *const role_names[] = { "leaf", "spine" };

static const char *name_of(const char *const *names, size_t n, unsigned int i)
{
	return i < n ? names[i] : "unknown";
}

/* --- the switch counters ------------------------------------------------ */

static int switch_counters(struct mx *m, const struct clos_switch *sw)
{
	char fam_p[128], fam_b[128], help_p[160], help_b[160];
	struct mx_def dp, db;
	struct clos_stats s;
	struct clos_counter c;
	const char *stat;
	int i, err;

	err = clos_stats_get(sw, &s);
	if (err) {
		pr_warn("Warning: switch %s: cannot read its counters: %s\n",
			sw->name, strerror(-err));
		return -1;
	}
	for (i = 0; i < CLOS_STAT_MAX; i++) {
		c = s.c[i];
		stat = clos_stat_names[i];
		if (!strncmp(stat, "drop_", 5)) {
			const char *l[] = { "switch", sw->name, "reason", stat + 5, NULL };

			mx_add_u64(m, &DROP_PKTS, l, c.packets);
			mx_add_u64(m, &DROP_BYTES, l, c.bytes);
			continue;
		}
		if (!strncmp(stat, "punt_", 5)) {
			const char *l[] = { "switch", sw->name, "reason", stat + 5, NULL };

			mx_add_u64(m, &PUNT_PKTS, l, c.packets);
			mx_add_u64(m, &PUNT_BYTES, l, c.bytes);
			continue;
		}
		/* forwarded, forwarded_ecmp, roce_v2, roce_cnp: each a subset
		 * of another, so a family each rather than a label. */
		snprintf(fam_p, sizeof(fam_p), "clos_%s_packets_total", stat);
		snprintf(fam_b, sizeof(fam_b), "clos_%s_bytes_total", stat);
		snprintf(help_p, sizeof(help_p), "Packets the data path counted as %s (closctl stats)", stat);
		snprintf(help_b, sizeof(help_b), "Bytes of the packets counted as %s", stat);
		dp = (struct mx_def){ fam_p, MX_COUNTER, help_p };
		db = (struct mx_def){ fam_b, MX_COUNTER, help_b };
		{
			const char *l[] = { "switch", sw->name, NULL };

			mx_add_u64(m, &dp, l, c.packets);
			mx_add_u64(m, &db, l, c.bytes);
		}
	}
	return 0;
}

/* --- ports: counters, queue model, kernel queues, punt policer ----------- */

static int port_queues(struct mx *m, const struct clos_switch *sw, __u32 id,
		       const struct clos_port *p, const char *port,
		       const struct clos_queue_stats *qs, __u64 now)
{
	struct clos_tc_class_stats cls[CLOS_NUM_TC];
	bool queued = clos_queue_stats_queued(qs, p);
	struct clos_tm_stats ts;
	struct clos_tm_port st;
	struct clos_err why;
	char tc_s[4];
	int tc, err;

	err = clos_tm_state_read(sw, id, p->rate_bps, now, &st);
	if (err) {
		pr_warn("Warning: switch %s port %s: cannot read its queues: %s\n",
			sw->name, port, strerror(-err));
		return -1;
	}
	{
		const char *l[] = { "switch", sw->name, "port", port, NULL };

		mx_add_u64(m, &Q_RACES, l, st.races);
	}
	if (queued && clos_queue_stats_port(qs, p, cls, &why)) {
		pr_warn("Warning: switch %s: %s\n", sw->name, why.msg);
		return -1;
	}
	for (tc = 0; tc < CLOS_NUM_TC; tc++) {
		const char *l[] = { "switch", sw->name, "port", port, "class", tc_s, NULL };

		err = clos_tm_stats_get(sw, id, tc, &ts);
		if (err) {
			pr_warn("Warning: switch %s port %s class %d: cannot read: %s\n",
				sw->name, port, tc, strerror(-err));
			return -1;
		}
		snprintf(tc_s, sizeof(tc_s), "%d", tc);
		mx_add_u64(m, &Q_TX_PKTS, l, ts.packets);
		mx_add_u64(m, &Q_TX_BYTES, l, ts.bytes);
		mx_add_u64(m, &Q_CE_PKTS, l, ts.ce_marked);
		mx_add_u64(m, &Q_DROP_PKTS, l, ts.dropped);
		mx_add_u64(m, &Q_BACKLOG, l, st.backlog[tc]);
		mx_add_u64(m, &Q_MAX_BACKLOG, l, st.max_backlog[tc]);
		if (!queued || !cls[tc].found)
			continue;
		mx_add_u64(m, &QD_PKTS, l, cls[tc].sent_packets);
		mx_add_u64(m, &QD_BYTES, l, cls[tc].sent_bytes);
		mx_add_u64(m, &QD_DROPS, l, cls[tc].dropped);
		mx_add_u64(m, &QD_OVERLIMITS, l, cls[tc].overlimits);
		mx_add_u64(m, &QD_BACKLOG_BYTES, l, cls[tc].backlog_bytes);
		mx_add_u64(m, &QD_BACKLOG_PKTS, l, cls[tc].backlog_packets);
	}
	return 0;
}

static int port_metrics(struct mx *m, const struct clos_switch *sw)
{
	char port[sizeof(((struct clos_port *)0)->name) + 1];
	__u64 now = clos_tm_now_ns();
	struct clos_queue_stats qs;
	struct clos_punt_police pp;
	struct clos_port_stats ps;
	struct clos_err why;
	struct clos_port p;
	int err, ret = -1;
	__u32 id;

	if (clos_queue_stats_open(sw, &qs, &why)) {
		pr_warn("Warning: switch %s: %s\n", sw->name, why.msg);
		return -1;
	}
	for (id = 0; id < CLOS_MAX_PORTS; id++) {
		const char *l[] = { "switch", sw->name, "port", port, NULL };

		if (clos_port_get(sw, id, &p))
			continue;
		snprintf(port, sizeof(port), "%.*s", (int)sizeof(p.name), p.name);
		err = clos_port_stats_get(sw, id, &ps);
		if (err) {
			pr_warn("Warning: switch %s: cannot read counters of port %s: %s\n",
				sw->name, port, strerror(-err));
			goto out;
		}
		mx_add_u64(m, &PORT_UP, l, p.up);
		mx_add_u64(m, &PORT_RATE, l, p.rate_bps / 8);
		mx_add_u64(m, &PORT_RX_PKTS, l, ps.rx.packets);
		mx_add_u64(m, &PORT_RX_BYTES, l, ps.rx.bytes);
		mx_add_u64(m, &PORT_TX_PKTS, l, ps.tx.packets);
		mx_add_u64(m, &PORT_TX_BYTES, l, ps.tx.bytes);
		mx_add_u64(m, &PORT_DROP_PKTS, l, ps.drop.packets);
		mx_add_u64(m, &PORT_DROP_BYTES, l, ps.drop.bytes);
		mx_add_u64(m, &PORT_PUNT_PKTS, l, ps.punt.packets);
		mx_add_u64(m, &PORT_PUNT_BYTES, l, ps.punt.bytes);
		if (clos_punt_police_get(sw, id, &pp, &why)) {
			pr_warn("Warning: switch %s: %s\n", sw->name, why.msg);
			goto out;
		}
		mx_add_u64(m, &POLICED_PKTS, l, pp.policed);
		mx_add_u64(m, &POLICED_BYTES, l, pp.policed_bytes);
		mx_add_u64(m, &POLICE_RATE, l, pp.rate_pps);
		mx_add_u64(m, &POLICE_BURST, l, pp.burst);
		if (port_queues(m, sw, id, &p, port, &qs, now))
			goto out;
	}
	ret = 0;
out:
	clos_queue_stats_close(&qs);
	return ret;
}

/* --- ECMP members --------------------------------------------------------- */

struct ecmp_walk {
	struct mx *m;
	const struct clos_switch *sw;
};

static int ecmp_group(const struct clos_table *t, const void *key,
		      const void *value, void *arg)
{
	const struct clos_table *nht = clos_table_find("nexthop");
	const struct clos_ecmp_group *g = value;
	struct ecmp_walk *w = arg;
	char gid_s[12], slot_s[4], nh_s[12], port[CLOS_PORT_STRLEN];
	const char *l[] = { "switch", w->sw->name, "group", gid_s, "member", slot_s,
			    "nexthop", nh_s, "port", port, NULL };
	struct clos_nexthop nh;
	struct clos_counter c;
	__u32 gid;
	int s, err;

	memcpy(&gid, key, sizeof(gid));
	snprintf(gid_s, sizeof(gid_s), "%u", gid);
	for (s = 0; s < CLOS_MAX_MEMBERS; s++) {
		if (g->nexthop[s] == CLOS_NH_NONE)
			continue;
		err = clos_percpu_sum(w->sw, CLOS_MAP_ECMP_STATS,
				      gid * CLOS_MAX_MEMBERS + s, &c, sizeof(c));
		if (err) {
			pr_warn("Warning: switch %s: cannot read counters of group %u: %s\n",
				w->sw->name, gid, strerror(-err));
			return 1;	/* said; stops the walk */
		}
		if (clos_table_lookup(w->sw, nht, &g->nexthop[s], &nh))
			snprintf(port, sizeof(port), "?");
		else
			clos_port_name(w->sw, nh.port, port, sizeof(port));
		snprintf(slot_s, sizeof(slot_s), "%d", s);
		snprintf(nh_s, sizeof(nh_s), "%u", g->nexthop[s]);
		mx_add_u64(w->m, &ECMP_PKTS, l, c.packets);
		mx_add_u64(w->m, &ECMP_BYTES, l, c.bytes);
		mx_add_u64(w->m, &ECMP_ACTIVE, l, clos_ecmp_slot_active(g, s));
		if (g->kind == CLOS_ECMP_RESILIENT)
			mx_add_u64(w->m, &ECMP_BUCKETS, l, clos_ecmp_slot_buckets(g, s));
	}
	return 0;
}

static int ecmp_metrics(struct mx *m, const struct clos_switch *sw)
{
	struct ecmp_walk w = { m, sw };
	struct clos_err err;
	int ret;

	ret = clos_table_foreach(sw, clos_table_find("ecmp_groups"), ecmp_group,
				 &w, &err);
	if (ret < 0)
		pr_warn("Warning: switch %s: %s\n", sw->name, err.msg);
	return ret ? -1 : 0;
}

/* --- the FIB sync's status file --------------------------------------------- */

static unsigned long long num(json_object *o, const char *path)
{
	return json_object_get_uint64(jout_json_get(o, path));
}

static double ms(json_object *o, const char *path)
{
	return json_object_get_double(jout_json_get(o, path)) / 1000;
}

/* One counter per key: the number at PATH.KEY (or PATH_KEY when sep is
 * '_'), the key as label lname. */
static void by_key(struct mx *m, const struct mx_def *def, const char *sw,
		   json_object *c, const char *path, char sep, const char *lname,
		   const char *const *keys)
{
	const char *l[] = { "switch", sw, lname, NULL, NULL };
	char p[64];
	int i;

	for (i = 0; keys[i]; i++) {
		l[3] = keys[i];
		snprintf(p, sizeof(p), "%s%c%s", path, sep, keys[i]);
		mx_add_u64(m, def, l, num(c, p));
	}
}

/* A switch without a FIB sync has no file, and no clos_fibsync_ metric. */
static void fibsync_metrics(struct mx *m, const char *sw)
{
	static const char *const nl[] = { "links", "neighbours", "nexthop_objects",
					  "routes", "ignored", NULL };
	static const char *const rt[] = { "added", "replaced", "deleted", NULL };
	static const char *const wd[] = { "written", "deleted", NULL };
	static const char *const fam[] = { "ipv4", "ipv6", NULL };
	const char *l[] = { "switch", sw, NULL };
	char path[PATH_MAX], key[64];
	json_object *st, *c, *errs;
	const char *state;
	int i;

	if (clos_fibsync_status_path(path, sizeof(path), sw, false))
		return;
	st = json_object_from_file(path);
	if (!st)
		return;
	c = jout_json_get(st, "counters");
	state = json_object_get_string(jout_json_get(st, "state"));
	{
		const char *li[] = { "switch", sw, "state", state ? state : "", NULL };

		mx_add_u64(m, &FS_INFO, li, 1);
	}
	mx_add_u64(m, &FS_UPDATED, l, num(st, "updated"));
	mx_add_u64(m, &FS_NL_MSGS, l, num(c, "netlink.messages"));
	by_key(m, &FS_NL_OBJS, sw, c, "netlink", '.', "kind", nl);
	by_key(m, &FS_RT_WRITES, sw, c, "tables.routes", '_', "op", rt);
	for (i = 0; wd[i]; i++) {
		const char *lo[] = { "switch", sw, "op", wd[i], NULL };

		snprintf(key, sizeof(key), "tables.nexthops_%s", wd[i]);
		mx_add_u64(m, &FS_NH_WRITES, lo, num(c, key));
		snprintf(key, sizeof(key), "tables.groups_%s", wd[i]);
		mx_add_u64(m, &FS_GRP_WRITES, lo, num(c, key));
	}
	mx_add_u64(m, &FS_FULL, l, num(c, "full_syncs"));
	mx_add_u64(m, &FS_RESYNCS, l, num(c, "resyncs"));
	mx_add_u64(m, &FS_BATCHES, l, num(c, "batches"));
	mx_add_u64(m, &FS_PORTS, l, num(c, "port_changes"));
	mx_add_u64(m, &FS_SOLICITS, l, num(c, "solicits"));
	errs = jout_json_get(c, "errors");
	if (errs) {
		json_object_object_foreach(errs, k, v) {
			const char *le[] = { "switch", sw, "kind", k, NULL };

			mx_add_u64(m, &FS_ERRORS, le, json_object_get_uint64(v));
		}
	}
	mx_add(m, &FS_LAST_FULL, l, ms(c, "last_full_sync_ms"));
	mx_add(m, &FS_LAST_BATCH, l, ms(c, "last_batch_ms"));
	mx_add(m, &FS_MAX_BATCH, l, ms(c, "max_batch_ms"));
	mx_add(m, &FS_BUSY, l, ms(c, "busy_ms"));
	mx_add_u64(m, &FS_LAST_FULL_TS, l, num(c, "last_full_sync"));
	mx_add_u64(m, &FS_LAST_CHANGE_TS, l, num(c, "last_change"));
	mx_add_u64(m, &FS_RSS, l, num(c, "max_rss_kib") * 1024);
	by_key(m, &FS_ROUTES, sw, st, "synced.routes", '.', "family", fam);
	mx_add_u64(m, &FS_PUNTED, l, num(st, "synced.punted.total"));
	json_object_put(st);
}

/* --- a switch ----------------------------------------------------------------- */

int collect_switch(struct mx *m, const char *name)
{
	const char *l[] = { "switch", name, NULL };
	struct clos_switch_cfg cfg;
	struct clos_switch sw;
	struct clos_err why;
	int ret = -1;

	if (clos_switch_open(&sw, name, &why)) {
		pr_warn("Warning: %s\n", why.msg);
		mx_add_u64(m, &SWITCH_UP, l, 0);
		return -1;
	}
	if (clos_switch_cfg_get(&sw, &cfg)) {
		pr_warn("Warning: switch %s: cannot read switch_cfg\n", name);
		goto out;
	}
	{
		char netns[sizeof(cfg.netns) + 1];
		const char *li[] = { "switch", name,
			"mode", name_of(mode_names, 2, cfg.mode),
			"role", name_of(role_names, 2, cfg.role),
			"netns", netns, NULL };

		snprintf(netns, sizeof(netns), "%.*s", (int)sizeof(cfg.netns), cfg.netns);
		mx_add_u64(m, &SWITCH_INFO, li, 1);
	}
	if (switch_counters(m, &sw) || port_metrics(m, &sw) || ecmp_metrics(m, &sw))
		goto out;
	fibsync_metrics(m, name);
	ret = 0;
out:
	/* Up only when read whole: a half-read switch is not reported as if
	 * it were all there. */
	mx_add_u64(m, &SWITCH_UP, l, ret == 0);
	clos_switch_close(&sw);
	return ret;
}

struct names {
	char (*v)[CLOS_SWITCH_NAMSIZ];
	int n, max;
};

static int add_name(const char *name, void *arg)
{
	struct names *ns = arg;

	if (ns->n == ns->max)
		return -E2BIG;
	snprintf(ns->v[ns->n++], CLOS_SWITCH_NAMSIZ, "%s", name);
	return 0;
}

int collect_switch_names(char (*names)[CLOS_SWITCH_NAMSIZ], int max)
{
	struct names ns = { names, 0, max };
	struct clos_err why;
	int err;

	err = clos_switch_foreach(add_name, &ns, &why);
	if (err == -E2BIG)
		pr_warn("Warning: more than %d switches: the first %d exported\n", max, max);
	else if (err) {
		pr_warn("Warning: %s\n", why.msg);
		return err;
	}
	return ns.n;
}
