// SPDX-License-Identifier: GPL-2.0
/*
 * closctl fib show | stats: what the FIB sync (clos-fibsync) put into the
 * switch's tables and how it went, from its status file
 * (/run/clos/SWITCH/fibsync.json, written atomically by the daemon) and
 * the tables themselves.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <json-c/json.h>
#include "ctl.h"
#include "fibsync.h"
#include "jsonout.h"
#include "table.h"

const char fib_doc[] =
	"\n"
	"The FIB sync (clos-fibsync SWITCH) mirrors the kernel's routes,\n"
	"nexthop objects, neighbours and link state of the switch's namespace\n"
	"into its tables.\n"
	"'show': the routes it synced by action and by source, the nexthop and\n"
	"group ids it uses of its ranges, the routes it leaves to the kernel\n"
	"(action kernel) with the reason, and what the tables hold now, the\n"
	"sync's entries and others' (closctl users' routes to lower ids).\n"
	"'stats': its counters (netlink messages, table writes, full syncs and\n"
	"their time, errors by kind) and its last errors.\n"
	"Punt reasons: connected (on-link: the kernel resolves), unresolved (no\n"
	"gateway's neighbour known yet), not_clos_port, too_many_members,\n"
	"unequal_weights, nexthop_ids_full, group_ids_full, route_type\n"
	"(unreachable, prohibit, throw), encap, unknown_nexthop_object,\n"
	"table_full (not written at all).\n";

/* --- the status file ------------------------------------------------------- */

static json_object *status_read(void)
{
	char path[PATH_MAX];
	json_object *o;

	if (clos_fibsync_status_path(path, sizeof(path), ctl.switch_name, false)) {
		ctl_error("switch %s: status path too long", ctl.switch_name);
		return NULL;
	}
	o = json_object_from_file(path);
	if (!o)
		ctl_error("switch %s: no FIB sync has run (no %s); start 'clos-fibsync %s'",
			  ctl.switch_name, path, ctl.switch_name);
	return o;
}

static long long num(json_object *o, const char *path)
{
	return json_object_get_int64(jout_json_get(o, path));
}

static const char *str(json_object *o, const char *path)
{
	const char *s = json_object_get_string(jout_json_get(o, path));

	return s ? s : "";
}

/* Is the daemon that wrote the file still there? Its pid alive, no
 * zombie, and a clos-fibsync. */
static bool alive(long pid)
{
	char path[64], comm[64] = "", stat[256] = "", *paren;
	FILE *f;

	if (pid <= 0)
		return false;
	snprintf(path, sizeof(path), "/proc/%ld/comm", pid);
	f = fopen(path, "r");
	if (!f)
		return false;
	if (!fgets(comm, sizeof(comm), f))
		comm[0] = '\0';
	fclose(f);
	if (strncmp(comm, "clos-fibsync", 12))
		return false;
	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return false;
	if (!fgets(stat, sizeof(stat), f))
		stat[0] = '\0';
	fclose(f);
	paren = strrchr(stat, ')');
	return paren && paren[1] == ' ' && paren[2] != 'Z';
}

/* "running", "stopped", or "gone" (the file says running, but the
 * process is not there). */
static const char *state_of(json_object *st)
{
	const char *s = str(st, "state");

	if (strcmp(s, "stopped") && !alive(num(st, "pid")))
		return "gone";
	return s;
}

static const char *when(long long t, char *buf, size_t len)
{
	time_t tt = t;
	struct tm tm;

	if (!t || !localtime_r(&tt, &tm))
		return "never";
	strftime(buf, len, "%Y-%m-%d %H:%M:%S", &tm);
	return buf;
}

/* The header both commands print. */
static void header(json_object *st)
{
	char t1[32], t2[32];

	jout_string(JOUT_ANY, "switch", "fib sync of %s:", ctl.switch_name);
	jout_string(JOUT_ANY, "state", " %s", state_of(st));
	jout_uint(JOUT_ANY, "pid", " (pid %llu", num(st, "pid"));
	jout_string(JOUT_ANY, "netns", ", netns %s)\n",
		    *str(st, "netns") ? str(st, "netns") : "-");
	jout_text("  started %s, status of %s\n", when(num(st, "started"), t1, sizeof(t1)),
		  when(num(st, "updated"), t2, sizeof(t2)));
	jout_uint(JOUT_JSON, "started", NULL, num(st, "started"));
	jout_uint(JOUT_JSON, "updated", NULL, num(st, "updated"));
}

/* --- fib show ----------------------------------------------------------------- */

struct table_count {
	unsigned long routes[2];
	unsigned long action[CLOS_RT_KERNEL + 1];
	unsigned long sync, others;
};

static int count_route(const struct clos_table *t, const void *key,
		       const void *value, void *arg)
{
	const struct clos_route *rt = value;
	struct table_count *c = arg;

	c->routes[t->map == CLOS_MAP_ROUTE_V6]++;
	if (rt->action <= CLOS_RT_KERNEL)
		c->action[rt->action]++;
	if (clos_fibsync_owns_route(rt))
		c->sync++;
	else
		c->others++;
	return 0;
}

static const char *const action_names[] = {
	[CLOS_RT_DROP] = "drop", [CLOS_RT_NEXTHOP] = "nexthop",
	[CLOS_RT_ECMP] = "ecmp", [CLOS_RT_LOCAL] = "local",
	[CLOS_RT_KERNEL] = "kernel",
};

static int tables_now(void)
{
	static const char *const tables[] = { "route_v4", "route_v6" };
	struct table_count c = {};
	struct clos_err err;
	bool first = true;
	int i;

	for (i = 0; i < 2; i++)
		if (clos_table_foreach(&ctl.sw, clos_table_find(tables[i]), count_route,
				       &c, &err))
			return ctl_error("%s", err.msg);
	jout_open_object("tables");
	jout_uint(JOUT_ANY, "route_v4", "tables now      route_v4 %llu", c.routes[0]);
	jout_uint(JOUT_ANY, "route_v6", ", route_v6 %llu", c.routes[1]);
	jout_uint(JOUT_ANY, "sync", ": %llu the sync's", c.sync);
	jout_uint(JOUT_ANY, "others", ", %llu others'\n", c.others);
	jout_text("  by action     ");
	jout_open_object("by_action");
	for (i = 0; i <= CLOS_RT_KERNEL; i++) {
		if (!c.action[i])
			continue;
		jout_text("%s%s ", first ? "" : ", ", action_names[i]);
		jout_uint(JOUT_ANY, action_names[i], "%llu", c.action[i]);
		first = false;
	}
	jout_close_object();
	jout_text("%s\n", first ? "none" : "");
	jout_close_object();
	return 0;
}

/* "nexthop 3, ecmp 2": an object of counts in text, the object in JSON. */
static void count_list(const char *key, json_object *o)
{
	bool first = true;

	jout_open_object(key);
	json_object_object_foreach(o, k, v) {
		jout_text("%s%s ", first ? "" : ", ", k);
		jout_uint(JOUT_ANY, k, "%llu", json_object_get_int64(v));
		first = false;
	}
	jout_close_object();
	jout_text("%s\n", first ? "none" : "");
}

static void punted_list(json_object *st)
{
	json_object *list = jout_json_get(st, "punted_routes"), *e;
	size_t i, n = json_object_array_length(list);
	long long total = num(st, "synced.punted.total");

	if (!n)
		return;
	jout_text("  %-24s %-24s %-26s %s\n", "prefix", "reason", "detail", "source");
	jout_open_array("punted_routes");
	for (i = 0; i < n; i++) {
		e = json_object_array_get_idx(list, i);
		jout_open_object(NULL);
		jout_string(JOUT_ANY, "prefix", "  %-24s", str(e, "prefix"));
		jout_string(JOUT_ANY, "reason", " %-24s", str(e, "reason"));
		jout_string(JOUT_ANY, "detail", " %-26s", *str(e, "detail") ? str(e, "detail") : "-");
		jout_string(JOUT_ANY, "source", " %s\n", str(e, "source"));
		jout_close_object();
	}
	jout_close_array();
	if ((long long)n < total)
		jout_text("  (%lld more; the status file names the first %zu)\n",
			  total - (long long)n, n);
}

static int fib_show(int argc, char **argv)
{
	json_object *st;
	int ret = -1;

	if (argc)
		return ctl_error("fib show: unexpected argument '%s'", argv[0]);
	if (ctl_switch())
		return -1;
	st = status_read();
	if (!st)
		return -1;
	jout_open_object(NULL);
	header(st);
	if (!json_object_get_boolean(jout_json_get(st, "kernel_forwarding.ipv4")) ||
	    !json_object_get_boolean(jout_json_get(st, "kernel_forwarding.ipv6")))
		jout_text("  warning: the namespace's kernel does not forward%s%s: punted "
			  "routes go nowhere\n",
			  json_object_get_boolean(jout_json_get(st, "kernel_forwarding.ipv4")) ? "" : " IPv4",
			  json_object_get_boolean(jout_json_get(st, "kernel_forwarding.ipv6")) ? "" : " IPv6");
	jout_open_object("kernel_forwarding");
	jout_bool(JOUT_JSON, "ipv4", NULL, json_object_get_boolean(jout_json_get(st, "kernel_forwarding.ipv4")));
	jout_bool(JOUT_JSON, "ipv6", NULL, json_object_get_boolean(jout_json_get(st, "kernel_forwarding.ipv6")));
	jout_close_object();

	jout_open_object("synced");
	jout_open_object("routes");
	jout_uint(JOUT_ANY, "ipv4", "routes synced   ipv4 %llu", num(st, "synced.routes.ipv4"));
	jout_uint(JOUT_ANY, "ipv6", ", ipv6 %llu\n", num(st, "synced.routes.ipv6"));
	jout_close_object();
	jout_text("  by action     ");
	count_list("by_action", jout_json_get(st, "synced.by_action"));
	jout_text("  by source     ");
	count_list("by_source", jout_json_get(st, "synced.by_source"));
	jout_open_object("nexthops");
	jout_uint(JOUT_ANY, "used", "nexthops        %llu", num(st, "synced.nexthops.used"));
	jout_uint(JOUT_ANY, "count", " of %llu", num(st, "synced.nexthops.count"));
	jout_uint(JOUT_ANY, "first", " (ids %llu-", num(st, "synced.nexthops.first"));
	jout_text("%lld)\n", num(st, "synced.nexthops.first") + num(st, "synced.nexthops.count") - 1);
	jout_close_object();
	jout_open_object("groups");
	jout_uint(JOUT_ANY, "used", "groups          %llu", num(st, "synced.groups.used"));
	jout_uint(JOUT_ANY, "count", " of %llu", num(st, "synced.groups.count"));
	jout_uint(JOUT_ANY, "first", " (ids %llu-", num(st, "synced.groups.first"));
	jout_text("%lld)", num(st, "synced.groups.first") + num(st, "synced.groups.count") - 1);
	jout_uint(JOUT_ANY, "resilient", ": %llu resilient", num(st, "synced.groups.resilient"));
	jout_uint(JOUT_ANY, "modulo", ", %llu modulo\n", num(st, "synced.groups.modulo"));
	jout_close_object();
	jout_open_object("punted");
	jout_uint(JOUT_ANY, "total", "punted          %llu routes", num(st, "synced.punted.total"));
	jout_uint(JOUT_ANY, "not_written", " (%llu not written)", num(st, "synced.punted.not_written"));
	jout_text(": ");
	count_list("by_reason", jout_json_get(st, "synced.punted.by_reason"));
	jout_close_object();
	jout_close_object();
	punted_list(st);
	if (tables_now())
		goto out;
	jout_close_object();
	ret = 0;
out:
	json_object_put(st);
	return ret;
}

/* --- fib stats ----------------------------------------------------------------- */

static void errors_list(json_object *st)
{
	json_object *list = jout_json_get(st, "errors"), *e;
	size_t i, n = json_object_array_length(list);
	char t[32];

	jout_open_array("recent_errors");
	if (n)
		jout_text("recent errors\n");
	for (i = 0; i < n; i++) {
		e = json_object_array_get_idx(list, i);
		jout_open_object(NULL);
		jout_text("  %s", when(num(e, "time"), t, sizeof(t)));
		jout_uint(JOUT_JSON, "time", NULL, num(e, "time"));
		jout_string(JOUT_ANY, "kind", "  %-15s", str(e, "kind"));
		jout_string(JOUT_ANY, "message", " %s\n", str(e, "message"));
		jout_close_object();
	}
	jout_close_array();
}

static int fib_stats(int argc, char **argv)
{
	json_object *st, *c, *errs;
	bool any = false;
	char t[32];

	if (argc)
		return ctl_error("fib stats: unexpected argument '%s'", argv[0]);
	if (ctl_switch())
		return -1;
	st = status_read();
	if (!st)
		return -1;
	c = jout_json_get(st, "counters");
	jout_open_object(NULL);
	header(st);
	jout_open_object("counters");
	jout_uint(JOUT_ANY, "full_syncs", "full syncs      %llu", num(c, "full_syncs"));
	jout_uint(JOUT_ANY, "resyncs", " (%llu forced)", num(c, "resyncs"));
	jout_double(JOUT_ANY, "last_full_sync_ms", ", the last in %.3f ms",
		    json_object_get_double(jout_json_get(c, "last_full_sync_ms")));
	jout_text(" at %s\n", when(num(c, "last_full_sync"), t, sizeof(t)));
	jout_uint(JOUT_JSON, "last_full_sync", NULL, num(c, "last_full_sync"));
	jout_uint(JOUT_ANY, "batches", "batches         %llu", num(c, "batches"));
	jout_double(JOUT_ANY, "last_batch_ms", ", last %.3f ms",
		    json_object_get_double(jout_json_get(c, "last_batch_ms")));
	jout_double(JOUT_ANY, "max_batch_ms", ", max %.3f ms",
		    json_object_get_double(jout_json_get(c, "max_batch_ms")));
	jout_text("; last change %s\n", when(num(c, "last_change"), t, sizeof(t)));
	jout_uint(JOUT_JSON, "last_change", NULL, num(c, "last_change"));
	jout_open_object("netlink");
	jout_uint(JOUT_ANY, "messages", "netlink         %llu messages", num(c, "netlink.messages"));
	jout_uint(JOUT_ANY, "links", ": links %llu", num(c, "netlink.links"));
	jout_uint(JOUT_ANY, "neighbours", ", neighbours %llu", num(c, "netlink.neighbours"));
	jout_uint(JOUT_ANY, "nexthop_objects", ", nexthop objects %llu",
		  num(c, "netlink.nexthop_objects"));
	jout_uint(JOUT_ANY, "routes", ", routes %llu", num(c, "netlink.routes"));
	jout_uint(JOUT_ANY, "ignored", ", ignored %llu\n", num(c, "netlink.ignored"));
	jout_close_object();
	jout_open_object("tables");
	jout_uint(JOUT_ANY, "routes_added", "routes          %llu added", num(c, "tables.routes_added"));
	jout_uint(JOUT_ANY, "routes_replaced", ", %llu replaced", num(c, "tables.routes_replaced"));
	jout_uint(JOUT_ANY, "routes_deleted", ", %llu deleted\n", num(c, "tables.routes_deleted"));
	jout_uint(JOUT_ANY, "nexthops_written", "nexthops        %llu written",
		  num(c, "tables.nexthops_written"));
	jout_uint(JOUT_ANY, "nexthops_deleted", ", %llu deleted\n", num(c, "tables.nexthops_deleted"));
	jout_uint(JOUT_ANY, "groups_written", "groups          %llu written",
		  num(c, "tables.groups_written"));
	jout_uint(JOUT_ANY, "groups_deleted", ", %llu deleted\n", num(c, "tables.groups_deleted"));
	jout_close_object();
	jout_uint(JOUT_ANY, "max_rss_kib", "process         peak RSS %llu KiB", num(c, "max_rss_kib"));
	jout_double(JOUT_ANY, "busy_ms", ", %.3f ms busy with events\n",
		    json_object_get_double(jout_json_get(c, "busy_ms")));
	jout_uint(JOUT_ANY, "port_changes", "ports           %llu state changes", num(c, "port_changes"));
	jout_uint(JOUT_ANY, "solicits", "; %llu neighbours asked for\n", num(c, "solicits"));
	jout_text("errors          ");
	jout_open_object("errors");
	errs = jout_json_get(c, "errors");
	json_object_object_foreach(errs, k, v) {
		jout_uint(JOUT_JSON, k, NULL, json_object_get_int64(v));
		if (!json_object_get_int64(v))
			continue;
		jout_text("%s%s %lld", any ? ", " : "", k, (long long)json_object_get_int64(v));
		any = true;
	}
	jout_close_object();
	jout_text("%s\n", any ? "" : "none");
	jout_close_object();
	errors_list(st);
	jout_close_object();
	json_object_put(st);
	return 0;
}

const struct cli_cmd fib_cmds[] = {
	{ "show", fib_show, "", .flags = CLI_DEFAULT },
	{ "stats", fib_stats, "" },
	{}
};
