// SPDX-License-Identifier: GPL-2.0
/*
 * closctl: the switch's tables, ECMP groups, ports, QoS and counters from the
 * command line, in the bpftool/iproute2 style: closctl [OPTIONS] OBJECT
 * COMMAND ARGS, exact keywords, -j for JSON. The objects' commands are in
 * ctl/cmd_*.c; lib/os/cli.c parses the line and writes the help.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "ctl.h"
#include "err.h"
#include "jsonout.h"
#include "log.h"

struct ctl ctl;

int ctl_keywords(const char *ctx, int argc, char **argv,
		 const char *const *kws, const char **vals, int n)
{
	char want[256];
	size_t off = 0;
	int i, k;

	for (k = 0; k < n; k++)
		vals[k] = NULL;
	for (i = 0; i < argc; i += 2) {
		for (k = 0; k < n; k++)
			if (!strcmp(argv[i], kws[k]))
				break;
		if (k == n) {
			for (k = 0; k < n && off < sizeof(want); k++)
				off += snprintf(want + off, sizeof(want) - off,
						"%s%s", !k ? "" : k == n - 1 ?
						" or " : ", ", kws[k]);
			return ctl_error("%s: unknown argument '%s' (want %s)",
					 ctx, argv[i], want);
		}
		if (vals[k])
			return ctl_error("%s: '%s' given twice", ctx, kws[k]);
		if (i + 1 == argc)
			return ctl_error("%s: '%s' needs a value", ctx, kws[k]);
		vals[k] = argv[i + 1];
	}
	return 0;
}

/* --- which switch --------------------------------------------------------- */

struct switch_list {
	int n;
	char first[CLOS_SWITCH_NAMSIZ];
	char names[512];
	size_t off;
};

static int note_switch(const char *name, void *arg)
{
	struct switch_list *l = arg;

	if (l->n++ == 0)
		snprintf(l->first, sizeof(l->first), "%s", name);
	if (l->off < sizeof(l->names))
		l->off += snprintf(l->names + l->off, sizeof(l->names) - l->off,
				   "%s%s", l->off ? ", " : "", name);
	return 0;
}

static int choose_switch(bool quiet)
{
	struct switch_list l = {};
	struct clos_err e;
	const char *why;
	int err;

	err = clos_bpffs_ensure();
	if (err)
		return quiet ? -1 : ctl_error("cannot mount a bpffs at %s: %s",
					      CLOS_BPFFS, strerror(-err));
	err = clos_switch_foreach(note_switch, &l, &e);
	if (err)
		return quiet ? -1 : ctl_error("cannot list switches: %s", e.msg);
	if (ctl.switch_name) {
		if (clos_switch_name_check(ctl.switch_name, &why))
			return ctl_error("switch name '%s' %s", ctl.switch_name,
					 why);
		if (!clos_switch_exists(ctl.switch_name))
			return ctl_error("switch '%s' is not attached (%s%s)",
					 ctl.switch_name,
					 l.n ? "attached: " : "no switch is attached",
					 l.names);
		return 0;
	}
	if (l.n == 0)
		return quiet ? -1 : ctl_error("no switch is attached (attach one with 'clos-loader attach')");
	if (l.n > 1)
		return quiet ? -1 : ctl_error("%d switches are attached (%s); choose one with -s SWITCH",
					      l.n, l.names);
	snprintf(ctl.only_switch, sizeof(ctl.only_switch), "%s", l.first);
	ctl.switch_name = ctl.only_switch;
	return 0;
}

static int open_switch(bool quiet)
{
	struct clos_err e;

	if (ctl.sw_open)
		return 0;
	if (choose_switch(quiet))
		return -1;
	if (clos_switch_open(&ctl.sw, ctl.switch_name, &e))
		return ctl_error("%s", e.msg);
	ctl.sw_open = true;
	return 0;
}

int ctl_switch(void)
{
	return open_switch(false);
}

int ctl_switch_optional(void)
{
	return open_switch(true);
}

int ctl_switch_write(void)
{
	struct clos_err e;

	if (open_switch(false))
		return -1;
	if (ctl.sw.locks)
		return 0;	/* held since an earlier call of this command */
	if (clos_switch_lock(&ctl.sw, CLOS_LOCK_WAIT_MS, &e))
		return ctl_error("%s", e.msg);
	return 0;
}

void ctl_switch_unlock(void)
{
	if (ctl.sw_open)
		while (ctl.sw.locks)
			clos_switch_unlock(&ctl.sw);
}

/* --- main ----------------------------------------------------------------- */

static void start(void)
{
	if (ctl.pretty)
		ctl.json = true;
	jout_init(ctl.json, ctl.pretty);
	clos_log_init(ctl.verbose ? CLOS_LOG_INFO : CLOS_LOG_WARN);
}

static const struct cli_opt options[] = {
	CLI_OPT_STRING("switch", 's', "SWITCH", &ctl.switch_name,
		       "switch to work on (default: the only attached one)"),
	CLI_OPT_FLAG("json", 'j', &ctl.json, "JSON output"),
	CLI_OPT_FLAG("pretty", 'p', &ctl.pretty, "pretty-printed JSON output (implies -j)"),
	CLI_OPT_FLAG("verbose", 'v', &ctl.verbose, "say what is done, and libbpf's messages"),
	{}
};

static const struct cli_cmd objects[] = {
	{ "tables", do_tables, "", "tables and their schema", .doc = tables_doc },
	{ "table", .sub = table_cmds, .summary = "entries of any table",
	  .doc_fn = table_doc },
	{ "group", .sub = group_cmds, .summary = "ECMP groups", .doc_fn = group_doc },
	{ "port", .sub = port_cmds, .summary = "ports: role, VLAN, state, trust, rate",
	  .doc_fn = port_doc },
	{ "qos", .sub = qos_cmds, .summary = "traffic classes: pcp/dscp -> tc, scheduling",
	  .doc_fn = qos_doc },
	{ "queue", .sub = queue_cmds, .summary = "per port and class queues: backlog, ECN",
	  .doc_fn = queue_doc },
	{ "route", .sub = route_cmds, .summary = "the path of one flow (ECMP member)",
	  .doc_fn = route_doc },
	{ "stats", .sub = stats_cmds, .summary = "counters", .doc = stats_doc },
	{ "fib", .sub = fib_cmds, .summary = "what the FIB sync synced, its counters", .doc = fib_doc },
	{ "capture", do_capture, "{ PORT | all } [ in | out | both ] [ FILTER... ]\n"
				 " [ count N ] -w { FILE | - }",
	  "the frames a port receives and sends, as pcapng", .opts = capture_opts,
	  .doc = capture_doc },
	{ "trace", do_trace, "[ ADDRESS ] [ from ADDRESS ] [ proto PROTO ]\n"
			     " [ sport PORT ] [ dport PORT ] [ count N ]",
	  "what the data path decided for each packet", .doc = trace_doc },
	{ "counters", .sub = counters_cmds, .summary = "zero every counter",
	  .doc = counters_doc },
	{ "batch", do_batch, "{ FILE | - }", "closctl commands from FILE, one a line",
	  .doc = batch_doc },
	{}
};

static const struct cli closctl = {
	.prog = "closctl",
	.opts = options,
	.cmds = objects,
	.json = &ctl.json,
	.start = start,
};

int ctl_run(int argc, char **argv)
{
	return cli_run(&closctl, argc, argv);
}

int main(int argc, char **argv)
{
	int ret;

	ret = cli_main(&closctl, argc, argv);
	ctl_switch_unlock();
	if (ctl.sw_open)
		clos_switch_close(&ctl.sw);
	return ret ? 1 : 0;
}
