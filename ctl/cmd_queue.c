// SPDX-License-Identifier: GPL-2.0
/* closctl queue show|set: the traffic manager per port and class, live
 * (backlog, counters) and its WRED/ECN profiles. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <bpf/bpf.h>
#include "ctl.h"
#include "field.h"
#include "jsonout.h"
#include "parse_util.h"
#include "qos_cfg.h"
#include "queue_stats.h"
#include "rate.h"
#include "table.h"
#include "tm_view.h"

void queue_doc(FILE *f)
{
	fprintf(f, "where  TCS := a list of classes 0..7: 3, 0-2, 0-2,4\n"
	           "       SIZE := bytes, k = 1000, m = 10^6: 3000, 150k, 1.5m\n"
	           "       PERCENT := 0..100, up to two decimals: 5, 2.5\n"
	           "\n"
	           "Each egress port with a rate (closctl port set PORT rate R) runs a\n"
	           "model of its queues: per class backlog in bytes, drained at the\n"
	           "port's rate in the scheduler's order (closctl qos show). A class's\n"
	           "profile says what happens as its backlog grows: with ecn on, ECN-capable\n"
	           "packets are marked CE with a probability rising from 0 at kmin to pmax\n"
	           "just below kmax, and always from kmax on; a lossy class drops what\n"
	           "would take its backlog past limit (0 = no limit). Lossless classes\n"
	           "are never dropped.\n"
	           "'show' has one row per port and class with traffic (backlog now, the\n"
	           "highest backlog seen, packets, bytes, CE marked, dropped) or with a\n"
	           "profile other than the default for the port's rate (marked *); -v\n"
	           "shows every class, JSON has them all. 'counters clear' zeroes the\n"
	           "counters and the highest backlog. Setting a port's rate puts its\n"
	           "profiles back to the defaults.\n"
	           "On a queue-mode switch, each row of a port with a rate also has the\n"
	           "kernel queue's own numbers, from its HTB class 1:(tc+1) (what\n"
	           "'tc -s class show' prints): packets and bytes sent, dropped by the\n"
	           "qdisc, overlimits, and the backlog queued now; JSON puts them in\n"
	           "\"qdisc\": {\"class\", \"sent_packets\", \"sent_bytes\", \"dropped\",\n"
	           "\"overlimits\", \"backlog_bytes\", \"backlog_packets\"}. They are the\n"
	           "kernel's counters: 'counters clear' leaves them. Fast-mode switches\n"
	           "and ports without a rate have no kernel queue: no qdisc line in\n"
	           "text, \"qdisc\": null in JSON.\n"
	           "'watch' prints what 'show' does every interval (default 1000 ms,\n"
	           "1..3600000), count times (default: until interrupted), on a fixed\n"
	           "schedule, from one process: cheap enough to sample a queue every few\n"
	           "ms. Each sample starts with its time (CLOCK_MONOTONIC, the clock of\n"
	           "the model and of bpf_ktime_get_ns); under -j each is one line, a\n"
	           "document {\"time_ns\": T, \"queues\": [rows as in show]}.\n"
	           "Examples:\n"
	           "       closctl queue show eth1\n"
	           "       closctl -j queue watch eth3 interval 100 count 50\n"
	           "       closctl queue set eth1 tc 3 kmin 150k kmax 1.5m pmax 5\n"
	           "       closctl queue set all tc 0-2 limit 500k\n");
}

/* --- show ----------------------------------------------------------------- */

struct show {
	__u64 now;
	struct clos_tc_sched sched[CLOS_NUM_TC];
	const struct clos_table *prof_t, *stats_t;
	struct clos_queue_stats qs;	/* the kernel's queues, if any */
	int hidden;		/* quiet default classes left out of text */
	bool starred;		/* a non-default profile was shown */
};

/* "ecn 3k..6k 5%", "limit 65536", "no limit": what the profile does for
 * a class that is lossless or not. */
static const char *profile_str(const struct clos_tm_profile *p, bool lossless,
			       char *buf, size_t len)
{
	char a[32], b[32], c[16];
	size_t off = 0;

	buf[0] = '\0';
	if (p->ecn)
		off += snprintf(buf, len, "ecn %s..%s %s",
				clos_fmt_size(p->kmin, a, sizeof(a)),
				clos_fmt_size(p->kmax, b, sizeof(b)),
				clos_fmt_pct(p->pmax, CLOS_PMAX_ONE, true, c,
					     sizeof(c)));
	if (lossless)
		snprintf(buf + off, len - off, "%slossless", off ? ", " : "");
	else if (p->limit)
		snprintf(buf + off, len - off, "%slimit %s", off ? ", " : "",
			 clos_fmt_size(p->limit, a, sizeof(a)));
	else
		snprintf(buf + off, len - off, "%sno limit", off ? ", " : "");
	return buf;
}

/* The kernel queue's row: a line of its own under the model's in text,
 * "qdisc" in JSON (null when the port has none). */
static void print_qdisc(const struct clos_port *p,
			const struct clos_tc_class_stats *c)
{
	char cls[16];

	if (!c) {
		jout_null("qdisc");
		return;
	}
	snprintf(cls, sizeof(cls), "%x:%x", c->classid >> 16,
		 c->classid & 0xffff);
	if (!c->found) {
		jout_null("qdisc");
		jout_text("%-10s qdisc %s: none (%s has no clos HTB tree)\n",
			  "", cls, p->name);
		return;
	}
	jout_open_object("qdisc");
	jout_text("%-10s qdisc", "");
	jout_string(JOUT_ANY, "class", " %s:", cls);
	jout_uint(JOUT_ANY, "sent_packets", " sent %llu pkt", c->sent_packets);
	jout_uint(JOUT_ANY, "sent_bytes", " %llu bytes", c->sent_bytes);
	jout_uint(JOUT_ANY, "dropped", ", dropped %llu", c->dropped);
	jout_uint(JOUT_ANY, "overlimits", ", overlimits %llu", c->overlimits);
	jout_uint(JOUT_ANY, "backlog_bytes", ", backlog %llu bytes",
		  c->backlog_bytes);
	jout_uint(JOUT_ANY, "backlog_packets", " %llu pkt\n",
		  c->backlog_packets);
	jout_close_object();
}

static void print_fields(const struct clos_table *t, const void *value)
{
	int i;

	for (i = 0; i < t->num_attrs; i++)
		clos_field_print(&ctl.sw, &t->attrs[i], value, JOUT_JSON, NULL);
}

static int show_port(struct show *s, __u32 id, const struct clos_port *p)
{
	char rate[CLOS_RATE_STRLEN], prof_str[96];
	struct clos_tc_class_stats cls[CLOS_NUM_TC], *q = NULL;
	struct clos_tm_profile prof;
	struct clos_tm_stats ts;
	struct clos_tm_port st;
	struct clos_err why;
	__u32 tc, key;
	bool def;
	int err;

	err = clos_tm_state_read(&ctl.sw, id, p->rate_bps, s->now, &st);
	if (err)
		return ctl_error("port %s: cannot read its queues: %s", p->name,
				 strerror(-err));
	if (clos_queue_stats_queued(&s->qs, p) &&
	    clos_queue_stats_port(&s->qs, p, cls, &why))
		return ctl_error("cannot read the kernel queue: %s", why.msg);
	clos_fmt_rate(p->rate_bps, rate, sizeof(rate));
	for (tc = 0; tc < CLOS_NUM_TC; tc++) {
		key = id * CLOS_NUM_TC + tc;
		err = clos_tm_stats_get(&ctl.sw, id, tc, &ts);
		if (!err && bpf_map_lookup_elem(ctl.sw.fd[CLOS_MAP_TM_PROFILE],
						&key, &prof))
			err = -errno;
		if (err)
			return ctl_error("port %s tc %u: cannot read: %s",
					 p->name, tc, strerror(-err));
		def = clos_qos_profile_is_default(&prof, p->rate_bps, tc);
		if (clos_queue_stats_queued(&s->qs, p))
			q = &cls[tc];
		/* Text keeps to what happened or was changed. */
		if (!jout_is_json() && !ctl.verbose && def && !st.backlog[tc] &&
		    !st.max_backlog[tc] && !ts.packets && !ts.dropped &&
		    (!q || (q->found && !q->sent_packets && !q->dropped &&
			    !q->backlog_packets))) {
			s->hidden++;
			continue;
		}
		jout_open_object(NULL);
		jout_string(JOUT_ANY, "port", "%-10s", p->name);
		jout_uint(JOUT_JSON, "rate_bps", NULL, p->rate_bps);
		jout_text(" %-8s", rate);
		jout_uint(JOUT_ANY, "tc", " %2llu", tc);
		jout_uint(JOUT_ANY, "backlog", " %9llu", st.backlog[tc]);
		jout_uint(JOUT_ANY, "max_backlog", " %11llu",
			  st.max_backlog[tc]);
		print_fields(s->stats_t, &ts);
		jout_text(" %10llu %13llu %10llu %9llu",
			  (unsigned long long)ts.packets,
			  (unsigned long long)ts.bytes,
			  (unsigned long long)ts.ce_marked,
			  (unsigned long long)ts.dropped);
		jout_open_object("profile");
		print_fields(s->prof_t, &prof);
		jout_close_object();
		jout_bool(JOUT_JSON, "default_profile", NULL, def);
		jout_text("  %s%s\n", profile_str(&prof, s->sched[tc].lossless,
						  prof_str, sizeof(prof_str)),
			  def ? "" : " *");
		s->starred |= !def;
		print_qdisc(p, q);
		jout_close_object();
	}
	return 0;
}

/* The switch, its schedule and its kernel queues, for show and watch;
 * port is NULL for every port. s is set up first thing, so that
 * clos_queue_stats_close() is right whatever this returns. */
static int show_open(struct show *s, const char *port, __u32 *id)
{
	struct clos_err err;
	struct clos_port p;
	__u32 tc;

	*s = (struct show){
		.prof_t = clos_table_find("tm_profile"),
		.stats_t = clos_table_find("tm_stats"),
		.qs = { .fd = -1 },
	};
	if (ctl_switch())
		return -1;
	if (port && (clos_port_resolve(&ctl.sw, port, id, &err) ||
		     clos_port_get(&ctl.sw, *id, &p)))
		return ctl_error("port '%s' does not exist", port);
	for (tc = 0; tc < CLOS_NUM_TC; tc++)
		if (bpf_map_lookup_elem(ctl.sw.fd[CLOS_MAP_TC_SCHED], &tc,
					&s->sched[tc]))
			return ctl_error("cannot read tc_sched %u: %s", tc,
					 strerror(errno));
	if (clos_queue_stats_open(&ctl.sw, &s->qs, &err))
		return ctl_error("%s", err.msg);
	return 0;
}

/* The rows of port id (one) or of all ports at s->now, as the array key
 * (NULL: the document). */
static int show_rows(struct show *s, const char *key, bool one, __u32 id)
{
	struct clos_port p;

	s->hidden = 0;
	s->starred = false;
	jout_text("%-10s %-8s %2s %9s %11s %10s %13s %10s %9s  %s\n", "port",
		  "rate", "tc", "backlog", "max_backlog", "packets", "bytes",
		  "ce_marked", "dropped", "profile");
	jout_open_array(key);
	for (id = one ? id : 0; id < CLOS_MAX_PORTS; id++) {
		/* A port removed since show_open is gone from the table. */
		if (clos_port_get(&ctl.sw, id, &p)) {
			if (one)
				return ctl_error("port %u is gone", id);
			continue;
		}
		if (show_port(s, id, &p))
			return -1;
		if (one)
			break;
	}
	jout_close_array();
	if (s->starred)
		jout_text("* profile differs from the default for the port's rate\n");
	if (s->hidden)
		jout_text("(%d idle class%s with default profiles not shown; -v shows them)\n",
			  s->hidden, s->hidden == 1 ? "" : "es");
	return 0;
}

static int queue_show(int argc, char **argv)
{
	struct show s;
	__u32 id = 0;
	int ret = -1;

	if (argc > 1)
		return ctl_error("queue show: unexpected argument '%s'", argv[1]);
	if (show_open(&s, argc ? argv[0] : NULL, &id))
		goto out;
	/* One instant for every port: rows compare. */
	s.now = clos_tm_now_ns();
	ret = show_rows(&s, NULL, argc, id);
out:
	clos_queue_stats_close(&s.qs);
	return ret;
}

static volatile sig_atomic_t watch_stop;

static void watch_signal(int sig)
{
	(void)sig;
	watch_stop = 1;
}

static int queue_watch(int argc, char **argv)
{
	static const char *const kws[] = { "interval", "count" };
	struct sigaction sa = { .sa_handler = watch_signal };
	const char *port = NULL, *val[2];
	__u32 interval_ms = 1000, count = 0, n, id = 0;
	struct clos_err why;
	struct timespec next;
	struct show s;
	int ret = -1;

	/* An odd count of arguments: the first is the port (unless it is
	 * a keyword missing its value, which ctl_keywords reports). */
	if (argc % 2 && strcmp(argv[0], kws[0]) && strcmp(argv[0], kws[1])) {
		port = argv[0];
		argc--;
		argv++;
	}
	if (ctl_keywords("queue watch", argc, argv, kws, val, 2))
		return -1;
	if (val[0] && (clos_parse_u32(val[0], 3600000, &interval_ms, &why) ||
		       !interval_ms))
		return ctl_error("queue watch: interval '%s': %s", val[0],
				 interval_ms ? why.msg : "must be 1..3600000 ms");
	if (val[1] && clos_parse_u32(val[1], 0xffffffffu, &count, &why))
		return ctl_error("queue watch: count '%s': %s", val[1], why.msg);
	if (show_open(&s, port, &id))
		goto out;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	clock_gettime(CLOCK_MONOTONIC, &next);
	for (n = 0; !watch_stop && (!count || n < count); n++) {
		s.now = clos_tm_now_ns();
		jout_open_object(NULL);
		jout_uint(JOUT_ANY, "time_ns", "time %llu ns\n", s.now);
		if (show_rows(&s, "queues", port != NULL, id))
			goto out;
		jout_close_object();
		jout_finish();	/* one document (line) per sample */
		next.tv_nsec += (long)(interval_ms % 1000) * 1000000;
		next.tv_sec += interval_ms / 1000 + next.tv_nsec / 1000000000;
		next.tv_nsec %= 1000000000;
		if (!count || n + 1 < count)
			clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
	}
	ret = 0;
out:
	clos_queue_stats_close(&s.qs);
	return ret;
}

/* --- set ------------------------------------------------------------------ */

enum { KW_ECN, KW_KMIN, KW_KMAX, KW_PMAX, KW_LIMIT, KW_NUM };

static int parse_size(const char *ctx, const char *kw, const char *s,
		      long long *out)
{
	struct clos_err why;
	__u32 v;

	if (!s)
		return 0;
	if (clos_parse_size(s, 0xffffffffu, &v, &why))
		return ctl_error("%s: %s '%s': %s", ctx, kw, s, why.msg);
	*out = v;
	return 0;
}

static int queue_set(int argc, char **argv)
{
	static const char *const kws[KW_NUM] = {
		"ecn", "kmin", "kmax", "pmax", "limit",
	};
	struct clos_profile_change c = {
		.ecn = CLOS_QOS_KEEP, .kmin = CLOS_QOS_KEEP,
		.kmax = CLOS_QOS_KEEP, .pmax = CLOS_QOS_KEEP,
		.limit = CLOS_QOS_KEEP,
	};
	struct clos_err err, why;
	const char *val[KW_NUM];
	struct clos_port p;
	__u64 ports = 0, tcs;
	char ctx[96];
	bool on;
	__u32 id, v;

	if (argc < 3 || strcmp(argv[1], "tc"))
		return ctl_error("queue set: want { PORT | all } tc TCS ...; try 'closctl queue help'");
	snprintf(ctx, sizeof(ctx), "queue set %s tc %s", argv[0], argv[2]);
	if (clos_parse_set(argv[2], CLOS_NUM_TC - 1, &tcs, &why))
		return ctl_error("queue set %s: tc '%s': %s", argv[0], argv[2],
				 why.msg);
	if (argc == 3)
		return ctl_error("%s: nothing to change (ecn, kmin, kmax, pmax or limit)",
				 ctx);
	if (ctl_keywords(ctx, argc - 3, argv + 3, kws, val, KW_NUM))
		return -1;
	if (val[KW_ECN]) {
		if (clos_parse_onoff(val[KW_ECN], &on, &why))
			return ctl_error("%s: ecn '%s': %s", ctx, val[KW_ECN],
					 why.msg);
		c.ecn = on;
	}
	if (parse_size(ctx, "kmin", val[KW_KMIN], &c.kmin) ||
	    parse_size(ctx, "kmax", val[KW_KMAX], &c.kmax) ||
	    parse_size(ctx, "limit", val[KW_LIMIT], &c.limit))
		return -1;
	if (val[KW_PMAX]) {
		if (clos_parse_pct(val[KW_PMAX], CLOS_PMAX_ONE, &v, &why))
			return ctl_error("%s: pmax '%s': %s", ctx, val[KW_PMAX],
					 why.msg);
		c.pmax = v;
	}
	if (ctl_switch_write())
		return -1;
	if (!strcmp(argv[0], "all")) {
		for (id = 0; id < CLOS_MAX_PORTS; id++)
			if (!clos_port_get(&ctl.sw, id, &p))
				ports |= 1ull << id;
	} else if (clos_port_resolve(&ctl.sw, argv[0], &id, &err)) {
		return ctl_error("%s", err.msg);
	} else {
		ports = 1ull << id;
	}
	if (clos_qos_profile_set(&ctl.sw, ports, tcs, &c, &err))
		return ctl_error("%s", err.msg);
	return 0;
}

const struct cli_cmd queue_cmds[] = {
	{ "show", queue_show, "[PORT]", .flags = CLI_DEFAULT },
	{ "watch", queue_watch, "[PORT] [ interval MS ] [ count N ]" },
	{ "set", queue_set, "{ PORT | all } tc TCS [ ecn { on | off } ]\n"
			    " [ kmin SIZE ] [ kmax SIZE ] [ pmax PERCENT ] [ limit SIZE ]" },
	{}
};
