// SPDX-License-Identifier: GPL-2.0
/* closctl qos show|set: classification (pcp/dscp -> tc), tc -> pcp and the
 * scheduling of the traffic classes. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/bpf.h>
#include "ctl.h"
#include "jsonout.h"
#include "parse_util.h"
#include "qos_cfg.h"
#include "schema.h"

void qos_doc(FILE *f)
{
	fprintf(f, "where  TC := 0..7   PCP := 0..7   WEIGHT := 1..%d\n"
	           "       PCPS, DSCPS, TCS := lists of numbers and ranges: 3, 24-31, 0-2,5\n"
	           "\n"
	           "A frame's traffic class (tc) comes from the trust mode of the port it\n"
	           "came in on (closctl port set PORT trust pcp|dscp): the PCP of a tagged\n"
	           "frame on a trust-pcp port, else the DSCP of the IP packet; anything\n"
	           "else is tc 0. On a tagged egress port the frame's PCP becomes the\n"
	           "class's 'pcp'. Strict classes are served first, highest first; the\n"
	           "other classes share what is left by weight (a strict class has no\n"
	           "weight). A lossless class is never dropped by the traffic manager:\n"
	           "ECN marking is its only congestion signal. In queue mode the ports'\n"
	           "qdiscs follow every scheduling change.\n"
	           "Defaults: pcp p -> tc p, dscp d -> tc d/8 (26 -> 3, 46 -> 5, 48 -> 6),\n"
	           "tc t -> pcp t; tc 6 and 7 strict; tc 3 lossless, weight 50; others 10.\n"
	           "Examples:\n"
	           "       closctl qos set dscp 26 tc 3\n"
	           "       closctl qos set pcp 5-6 tc 5\n"
	           "       closctl qos set tc 3 weight 60 lossless on\n"
	           "       closctl qos set tc 5 strict on\n",
	           CLOS_QOS_WEIGHT_MAX);
}

struct qos_maps {
	__u32 pcp_tc[CLOS_NUM_PCP];
	__u32 dscp_tc[CLOS_NUM_DSCP];
	__u32 tc_pcp[CLOS_NUM_TC];
	struct clos_tc_sched sched[CLOS_NUM_TC];
};

static int read_vals(enum clos_map_id map, __u32 *vals, __u32 n)
{
	struct clos_tc_val v;
	__u32 k;

	for (k = 0; k < n; k++) {
		if (bpf_map_lookup_elem(ctl.sw.fd[map], &k, &v))
			return ctl_error("cannot read %s %u: %s",
					 clos_map_names[map], k, strerror(errno));
		vals[k] = v.val;
	}
	return 0;
}

static int read_maps(struct qos_maps *q)
{
	__u32 tc;

	if (read_vals(CLOS_MAP_PCP_TC, q->pcp_tc, CLOS_NUM_PCP) ||
	    read_vals(CLOS_MAP_DSCP_TC, q->dscp_tc, CLOS_NUM_DSCP) ||
	    read_vals(CLOS_MAP_TC_PCP, q->tc_pcp, CLOS_NUM_TC))
		return -1;
	for (tc = 0; tc < CLOS_NUM_TC; tc++)
		if (bpf_map_lookup_elem(ctl.sw.fd[CLOS_MAP_TC_SCHED], &tc,
					&q->sched[tc]))
			return ctl_error("cannot read tc_sched %u: %s", tc,
					 strerror(errno));
	return 0;
}

/* --- show ----------------------------------------------------------------- */

#define MAP_LINES	CLOS_NUM_DSCP	/* a line a key at most */
#define MAP_LINE_LEN	32

/* "dscp 24-31 -> tc 3": runs of consecutive keys with the same value. */
static int map_lines(const char *from, const char *to, const __u32 *vals,
		     int n, char lines[][MAP_LINE_LEN])
{
	int i, j, count = 0;

	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && vals[j] == vals[i]; j++)
			;
		if (j - 1 == i)
			snprintf(lines[count++], MAP_LINE_LEN, "%s %d -> %s %u",
				 from, i, to, vals[i]);
		else
			snprintf(lines[count++], MAP_LINE_LEN,
				 "%s %d-%d -> %s %u", from, i, j - 1, to,
				 vals[i]);
	}
	return count;
}

/* The three maps side by side, one column each. */
static void print_maps_text(const struct qos_maps *q)
{
	static char col[3][MAP_LINES][MAP_LINE_LEN];
	static const char *const head[3] = {
		"pcp -> tc", "dscp -> tc", "tc -> pcp (tagged egress)",
	};
	int n[3], w[3], c, i, len, rows = 0;
	char line[3 * (MAP_LINE_LEN + 4)];

	n[0] = map_lines("pcp", "tc", q->pcp_tc, CLOS_NUM_PCP, col[0]);
	n[1] = map_lines("dscp", "tc", q->dscp_tc, CLOS_NUM_DSCP, col[1]);
	n[2] = map_lines("tc", "pcp", q->tc_pcp, CLOS_NUM_TC, col[2]);
	for (c = 0; c < 3; c++) {
		w[c] = strlen(head[c]);
		for (i = 0; i < n[c]; i++)
			if ((int)strlen(col[c][i]) > w[c])
				w[c] = strlen(col[c][i]);
		rows = n[c] > rows ? n[c] : rows;
	}
	for (i = -1; i < rows; i++) {
		len = 0;
		for (c = 0; c < 3; c++)
			len += snprintf(line + len, sizeof(line) - len,
					"%-*s    ", c < 2 ? w[c] : 0,
					i < 0 ? head[c] :
					i < n[c] ? col[c][i] : "");
		/* No trailing blanks where a column has ended. */
		while (len && line[len - 1] == ' ')
			line[--len] = '\0';
		jout_text("%s\n", line);
	}
}

static void print_vals_json(const char *key, const __u32 *vals, int n)
{
	int i;

	jout_open_array(key);
	for (i = 0; i < n; i++)
		jout_uint(JOUT_JSON, NULL, NULL, vals[i]);
	jout_close_array();
}

static void print_classes(const struct qos_maps *q)
{
	char share[16];
	__u32 tc, wsum = 0;

	for (tc = 0; tc < CLOS_NUM_TC; tc++)
		if (!q->sched[tc].strict)
			wsum += q->sched[tc].weight;
	jout_text("\ntc  sched     weight  share   lossless\n");
	jout_open_array("classes");
	for (tc = 0; tc < CLOS_NUM_TC; tc++) {
		const struct clos_tc_sched *s = &q->sched[tc];

		jout_open_object(NULL);
		jout_uint(JOUT_ANY, "tc", "%-2llu", tc);
		jout_bool(JOUT_JSON, "strict", NULL, s->strict);
		jout_text("  %-8s", s->strict ? "strict" : "weighted");
		if (s->strict) {
			jout_text("  %6s  %6s", "-", "-");
		} else {
			jout_uint(JOUT_ANY, "weight", "  %6llu", s->weight);
			/* The part of what strict classes leave. */
			jout_double(JOUT_JSON, "share", NULL,
				    clos_pct(s->weight, wsum));
			jout_text("  %6s", clos_fmt_pct(s->weight, wsum, true,
							share, sizeof(share)));
		}
		jout_bool(JOUT_JSON, "lossless", NULL, s->lossless);
		jout_text("  %s\n", s->lossless ? "on" : "off");
		jout_uint(JOUT_JSON, "pcp", NULL, q->tc_pcp[tc]);
		jout_close_object();
	}
	jout_close_array();
}

static int qos_show(int argc, char **argv)
{
	struct qos_maps q;

	if (argc)
		return ctl_error("qos show: unexpected argument '%s'", argv[0]);
	if (ctl_switch() || read_maps(&q))
		return -1;
	jout_open_object(NULL);
	jout_string(JOUT_ANY, "switch", "switch %s\n\n", ctl.sw.name);
	print_maps_text(&q);
	print_vals_json("pcp_tc", q.pcp_tc, CLOS_NUM_PCP);
	print_vals_json("dscp_tc", q.dscp_tc, CLOS_NUM_DSCP);
	print_vals_json("tc_pcp", q.tc_pcp, CLOS_NUM_TC);
	print_classes(&q);
	jout_close_object();
	return 0;
}

/* --- set ------------------------------------------------------------------ */

static int parse_tc(const char *ctx, const char *s, __u32 *tc)
{
	struct clos_err why;

	if (clos_parse_u32(s, CLOS_NUM_TC - 1, tc, &why))
		return ctl_error("%s: tc '%s': %s", ctx, s, why.msg);
	return 0;
}

/* qos set pcp|dscp LIST tc T */
static int set_classify(int argc, char **argv)
{
	static const char *const kws[] = { "tc" };
	bool dscp = !strcmp(argv[0], "dscp");
	enum clos_map_id map = dscp ? CLOS_MAP_DSCP_TC : CLOS_MAP_PCP_TC;
	struct clos_err err, why;
	const char *val[1];
	char ctx[64];
	__u64 keys;
	__u32 tc;

	snprintf(ctx, sizeof(ctx), "qos set %s %s", argv[0], argv[1]);
	if (clos_parse_set(argv[1], (dscp ? CLOS_NUM_DSCP : CLOS_NUM_PCP) - 1, &keys, &why))
		return ctl_error("qos set: %s '%s': %s", argv[0], argv[1],
				 why.msg);
	if (ctl_keywords(ctx, argc - 2, argv + 2, kws, val, 1))
		return -1;
	if (!val[0])
		return ctl_error("%s: missing 'tc TC'", ctx);
	if (parse_tc(ctx, val[0], &tc) || ctl_switch_write())
		return -1;
	if (clos_qos_classify_set(&ctl.sw, map, keys, tc, &err))
		return ctl_error("%s", err.msg);
	return 0;
}

enum { KW_PCP, KW_STRICT, KW_LOSSLESS, KW_WEIGHT, KW_NUM };

static int parse_onoff(const char *ctx, const char *kw, const char *s,
		       int *out)
{
	struct clos_err why;
	bool on;

	if (!s)
		return 0;
	if (clos_parse_onoff(s, &on, &why))
		return ctl_error("%s: %s '%s': %s", ctx, kw, s, why.msg);
	*out = on;
	return 0;
}

/* qos set tc LIST [pcp P] [strict on|off] [lossless on|off] [weight W] */
static int set_classes(int argc, char **argv)
{
	static const char *const kws[KW_NUM] = {
		"pcp", "strict", "lossless", "weight",
	};
	struct clos_class_change c = {
		.strict = CLOS_QOS_KEEP, .lossless = CLOS_QOS_KEEP,
		.weight = CLOS_QOS_KEEP, .pcp = CLOS_QOS_KEEP,
	};
	struct clos_err err, why;
	const char *val[KW_NUM];
	char ctx[64];
	__u64 tcs;
	__u32 v;

	snprintf(ctx, sizeof(ctx), "qos tc %s", argv[1]);
	if (clos_parse_set(argv[1], CLOS_NUM_TC - 1, &tcs, &why))
		return ctl_error("qos set: tc '%s': %s", argv[1], why.msg);
	if (argc == 2)
		return ctl_error("%s: nothing to change (pcp, strict, lossless or weight)",
				 ctx);
	if (ctl_keywords(ctx, argc - 2, argv + 2, kws, val, KW_NUM))
		return -1;
	if (val[KW_PCP]) {
		if (clos_parse_u32(val[KW_PCP], CLOS_NUM_PCP - 1, &v, &why))
			return ctl_error("%s: pcp '%s': %s", ctx, val[KW_PCP],
					 why.msg);
		c.pcp = v;
	}
	if (parse_onoff(ctx, "strict", val[KW_STRICT], &c.strict) ||
	    parse_onoff(ctx, "lossless", val[KW_LOSSLESS], &c.lossless))
		return -1;
	if (val[KW_WEIGHT]) {
		if (clos_parse_u32(val[KW_WEIGHT], 0xffffffffu, &v, &why))
			return ctl_error("%s: weight '%s': %s", ctx,
					 val[KW_WEIGHT], why.msg);
		if (v < 1 || v > CLOS_QOS_WEIGHT_MAX)
			return ctl_error("%s: weight '%s': out of range (1..%d)",
					 ctx, val[KW_WEIGHT],
					 CLOS_QOS_WEIGHT_MAX);
		c.weight = v;
	}
	if (ctl_switch_write())
		return -1;
	if (clos_qos_class_set(&ctl.sw, tcs, &c, &err))
		return ctl_error("%s", err.msg);
	return 0;
}

static int qos_set(int argc, char **argv)
{
	if (argc < 1 || (strcmp(argv[0], "pcp") && strcmp(argv[0], "dscp") &&
			 strcmp(argv[0], "tc")))
		return ctl_error("qos set: want pcp PCPS tc TC, dscp DSCPS tc TC or tc TCS ...; try 'closctl qos help'");
	if (argc < 2)
		return ctl_error("qos set %s: missing which %s", argv[0],
				 argv[0]);
	if (!strcmp(argv[0], "tc"))
		return set_classes(argc, argv);
	return set_classify(argc, argv);
}

const struct cli_cmd qos_cmds[] = {
	{ "show", qos_show, "", .flags = CLI_DEFAULT },
	{ "set", qos_set, "pcp PCPS tc TC\n"
			  "dscp DSCPS tc TC\n"
			  "tc TCS [ pcp PCP ] [ strict { on | off } ]\n"
			  " [ lossless { on | off } ] [ weight WEIGHT ]" },
	{}
};
