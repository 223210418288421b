// SPDX-License-Identifier: GPL-2.0
/* closctl stats | counters clear: the per-CPU counters, summed. */
#include <stdio.h>
#include <string.h>
#include "ctl.h"
#include "jsonout.h"
#include "parse_util.h"
#include "queue_stats.h"
#include "table.h"
#include "tm_view.h"

const char stats_doc[] =
	"\n"
	"Switch counters (one per forward, punt and drop reason), per-port\n"
	"rx/tx/drop/punt, and per ECMP member counters of every group, summed\n"
	"over CPUs. Text output lists non-zero switch counters (-v: all);\n"
	"JSON has every counter.\n"
	"On a queue-mode switch, a port with a rate also has the packets its\n"
	"kernel queue (HTB) dropped, summed over its classes (closctl queue\n"
	"show has them per class): \"queue_drops\" in JSON, null (text: -)\n"
	"on fast-mode switches and ports without a rate. It is the kernel's\n"
	"counter: 'counters clear' leaves it.\n";

const char counters_doc[] =
	"\n"
	"Zero the switch, per-port, per ECMP member and per port and class\n"
	"(closctl queue show) counters, and the highest backlog of every\n"
	"class. The backlogs themselves stay: they are the queues. So do\n"
	"the kernel queues' own counters (queue mode: the qdisc numbers\n"
	"of closctl queue show, queue_drops of closctl stats), which only\n"
	"the kernel keeps.\n";

static int switch_counters(void)
{
	struct clos_stats s;
	int i, err, zero = 0;

	err = clos_stats_get(&ctl.sw, &s);
	if (err)
		return ctl_error("cannot read the switch's counters: %s",
				 strerror(-err));
	jout_text("%-32s %14s %16s\n", "counter", "packets", "bytes");
	jout_open_object("stats");
	for (i = 0; i < CLOS_STAT_MAX; i++) {
		const struct clos_counter c = s.c[i];

		/* Text keeps to what happened; JSON has every key. */
		if (!jout_is_json() && !ctl.verbose && !c.packets) {
			zero++;
			continue;
		}
		jout_open_object(clos_stat_names[i]);
		jout_text("%-32s", clos_stat_names[i]);
		jout_uint(JOUT_ANY, "packets", " %14llu", c.packets);
		jout_uint(JOUT_ANY, "bytes", " %16llu\n", c.bytes);
		jout_close_object();
	}
	jout_close_object();
	if (zero == CLOS_STAT_MAX)
		jout_text("(all %d counters are zero; -v lists them)\n", zero);
	else if (zero)
		jout_text("(%d more counters are zero; -v lists them)\n", zero);
	return 0;
}

/* What the port's kernel queue dropped, all classes together: packets
 * the data path counted as sent, lost after it. */
static int queue_drops(const struct clos_queue_stats *qs,
		       const struct clos_port *p)
{
	struct clos_tc_class_stats cls[CLOS_NUM_TC];
	unsigned long long sum = 0;
	struct clos_err err;
	int tc;

	if (!clos_queue_stats_queued(qs, p)) {
		jout_null("queue_drops");
		jout_text(" %10s", "-");
		return 0;
	}
	if (clos_queue_stats_port(qs, p, cls, &err))
		return ctl_error("cannot read the kernel queue: %s", err.msg);
	for (tc = 0; tc < CLOS_NUM_TC; tc++)
		sum += cls[tc].dropped;
	jout_uint(JOUT_ANY, "queue_drops", " %10llu", sum);
	return 0;
}

static int port_counters(void)
{
	struct clos_queue_stats qs;
	struct clos_port_stats ps;
	struct clos_err cerr;
	struct clos_port p;
	int err, ret = -1;
	__u32 id;

	if (clos_queue_stats_open(&ctl.sw, &qs, &cerr))
		return ctl_error("%s", cerr.msg);
	jout_text("\n%-4s  %-15s %12s %14s %12s %14s %10s %10s %10s\n", "port",
		  "name", "rx packets", "rx bytes", "tx packets", "tx bytes",
		  "drop", "punt", "queue drop");
	jout_open_array("ports");
	for (id = 0; id < CLOS_MAX_PORTS; id++) {
		if (clos_port_get(&ctl.sw, id, &p))
			continue;
		err = clos_port_stats_get(&ctl.sw, id, &ps);
		if (err) {
			ctl_error("cannot read counters of port %.*s: %s",
				  (int)sizeof(p.name), p.name, strerror(-err));
			goto out;
		}
		jout_open_object(NULL);
		jout_uint(JOUT_ANY, "port", "%-4llu", id);
		jout_string(JOUT_ANY, "name", "  %-15.15s", p.name);
		jout_open_object("rx");
		jout_uint(JOUT_ANY, "packets", " %12llu", ps.rx.packets);
		jout_uint(JOUT_ANY, "bytes", " %14llu", ps.rx.bytes);
		jout_close_object();
		jout_open_object("tx");
		jout_uint(JOUT_ANY, "packets", " %12llu", ps.tx.packets);
		jout_uint(JOUT_ANY, "bytes", " %14llu", ps.tx.bytes);
		jout_close_object();
		/* Drops and punts in packets for text; JSON has bytes too. */
		jout_open_object("drop");
		jout_uint(JOUT_ANY, "packets", " %10llu", ps.drop.packets);
		jout_uint(JOUT_JSON, "bytes", NULL, ps.drop.bytes);
		jout_close_object();
		jout_open_object("punt");
		jout_uint(JOUT_ANY, "packets", " %10llu", ps.punt.packets);
		jout_uint(JOUT_JSON, "bytes", NULL, ps.punt.bytes);
		jout_close_object();
		if (queue_drops(&qs, &p))
			goto out;
		jout_text("\n");
		jout_close_object();
	}
	jout_close_array();
	ret = 0;
out:
	clos_queue_stats_close(&qs);
	return ret;
}

static int member_counters(const struct clos_table *t, const void *key,
			   const void *value, void *arg)
{
	const struct clos_table *nht = clos_table_find("nexthop");
	const struct clos_ecmp_group *g = value;
	char port[CLOS_PORT_STRLEN];
	struct clos_nexthop nh;
	struct clos_counter c;
	__u32 gid;
	int s, err;

	memcpy(&gid, key, sizeof(gid));
	for (s = 0; s < CLOS_MAX_MEMBERS; s++) {
		if (g->nexthop[s] == CLOS_NH_NONE)
			continue;
		err = clos_percpu_sum(&ctl.sw, CLOS_MAP_ECMP_STATS,
				      gid * CLOS_MAX_MEMBERS + s, &c, sizeof(c));
		if (err)
			return clos_err_set(arg, err,
					    "cannot read counters of group %u: %s",
					    gid, strerror(-err));
		if (clos_table_lookup(&ctl.sw, nht, &g->nexthop[s], &nh))
			snprintf(port, sizeof(port), "?");
		else
			clos_port_name(&ctl.sw, nh.port, port, sizeof(port));
		jout_open_object(NULL);
		jout_uint(JOUT_ANY, "group", "%-5llu", gid);
		jout_uint(JOUT_ANY, "slot", "  %-4llu", s);
		jout_uint(JOUT_ANY, "nexthop", "  %-7llu", g->nexthop[s]);
		jout_string(JOUT_ANY, "port", "  %-15.15s", port);
		jout_uint(JOUT_ANY, "packets", " %12llu", c.packets);
		jout_uint(JOUT_ANY, "bytes", " %14llu\n", c.bytes);
		jout_close_object();
	}
	return 0;
}

static int ecmp_counters(void)
{
	const struct clos_table *t = clos_table_find("ecmp_groups");
	struct clos_err err;
	int ret;

	jout_text("\n%-5s  %-4s  %-7s  %-15s %12s %14s\n", "group", "slot",
		  "nexthop", "port", "packets", "bytes");
	jout_open_array("ecmp");
	ret = clos_table_foreach(&ctl.sw, t, member_counters, &err, &err);
	if (ret)
		ret = ctl_error("%s", err.msg);
	jout_close_array();
	return ret ? -1 : 0;
}

static int stats_show(int argc, char **argv)
{
	if (argc)
		return ctl_error("stats: unexpected argument '%s'; try 'closctl stats help'",
				 argv[0]);
	if (ctl_switch())
		return -1;
	jout_open_object(NULL);
	jout_string(JOUT_ANY, "switch", "switch %s\n\n", ctl.sw.name);
	if (switch_counters() || port_counters() || ecmp_counters())
		return -1;
	jout_close_object();
	return 0;
}

const struct cli_cmd stats_cmds[] = {
	{ "show", stats_show, "", .flags = CLI_DEFAULT },
	{}
};

static int counters_clear(int argc, char **argv)
{
	static const struct {
		enum clos_map_id map;
		size_t size;
	} maps[] = {
		{ CLOS_MAP_PORT_CTR, sizeof(struct clos_port_ctr) },
		{ CLOS_MAP_STATS, sizeof(struct clos_stats) },
		{ CLOS_MAP_ECMP_STATS, sizeof(struct clos_counter) },
	};
	struct clos_err cerr;
	unsigned int i;
	int err;

	if (argc)
		return ctl_error("counters clear: unexpected argument '%s'", argv[0]);
	if (ctl_switch_write())
		return -1;
	for (i = 0; i < sizeof(maps) / sizeof(maps[0]); i++) {
		err = clos_percpu_clear(&ctl.sw, maps[i].map, maps[i].size);
		if (err)
			return ctl_error("cannot clear %s: %s",
					 clos_map_names[maps[i].map],
					 strerror(-err));
	}
	if (clos_tm_clear(&ctl.sw, &cerr))
		return ctl_error("%s", cerr.msg);
	return 0;
}

/* No default: counters are never cleared unless it is said. */
const struct cli_cmd counters_cmds[] = {
	{ "clear", counters_clear, "" },
	{}
};
