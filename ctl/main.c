// SPDX-License-Identifier: GPL-2.0
/*
 * closctl: the switch's tables, ECMP groups, ports, QoS and counters from the
 * command line, in the bpftool/iproute2 style: closctl [OPTIONS] OBJECT
 * COMMAND ARGS, exact keywords, -j for JSON.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "ctl.h"
#include "jsonout.h"
#include "log.h"

struct ctl ctl;

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: closctl [OPTIONS] OBJECT { COMMAND | help }\n"
		"       closctl help\n"
		"where  OBJECT := { tables | table | group | port | qos | queue | route |\n"
		"                   stats | counters }\n"
		"       OPTIONS := { -s SWITCH | -j | -p | -v | -h }\n"
		"\n"
		"  -s, --switch SWITCH  switch to work on (default: the only attached one)\n"
		"  -j, --json           JSON output\n"
		"  -p, --pretty         pretty-printed JSON output (implies -j)\n"
		"  -v, --verbose        say what is done, and libbpf's messages\n"
		"  -h, --help           this help; 'closctl OBJECT help' for an object\n"
		"\n"
		"  closctl tables                          tables and their schema\n"
		"  closctl table show|add|del TABLE ...    entries of any table\n"
		"  closctl group show|set|del ...          ECMP groups\n"
		"  closctl port show|set ...               ports: role, VLAN, state, trust, rate\n"
		"  closctl qos show|set ...                traffic classes: pcp/dscp -> tc, scheduling\n"
		"  closctl queue show|watch|set ...        per port and class queues: backlog, ECN\n"
		"  closctl route get ADDRESS ...           the path of one flow (ECMP member)\n"
		"  closctl stats                           counters\n"
		"  closctl counters clear                  zero every counter\n");
}

static void help(void)
{
	usage(stdout);
}

bool is_help(const char *arg)
{
	return !strcmp(arg, "help") || !strcmp(arg, "-h") ||
	       !strcmp(arg, "--help");
}

int ctl_error(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	jout_error("%s", msg);
	return -1;
}

int cmd_select(const struct cmd *cmds, int argc, char **argv,
	       const char *object, void (*object_help)(void))
{
	char list[256];
	size_t off = 0;
	int i, j;

	if (argc == 0)
		return cmds[0].func(0, argv);
	if (is_help(argv[0])) {
		object_help();
		return 0;
	}
	for (i = 0; cmds[i].cmd; i++) {
		if (strcmp(argv[0], cmds[i].cmd))
			continue;
		for (j = 1; j < argc; j++)
			if (!strcmp(argv[j], "-h") || !strcmp(argv[j], "--help") ||
			    (j == 1 && !strcmp(argv[j], "help"))) {
				object_help();
				return 0;
			}
		return cmds[i].func(argc - 1, argv + 1);
	}
	for (i = 0; cmds[i].cmd && off < sizeof(list); i++)
		off += snprintf(list + off, sizeof(list) - off, "%s%s",
				i ? " | " : "", cmds[i].cmd);
	return ctl_error("unknown %s command '%s' (COMMAND := { %s }); try 'closctl %s help'",
			 object, argv[0], list, object);
}

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
	const char *why;
	int err;

	err = clos_bpffs_ensure();
	if (err)
		return quiet ? -1 : ctl_error("cannot mount a bpffs at %s: %s",
					      CLOS_BPFFS, strerror(-err));
	err = clos_switch_foreach(note_switch, &l);
	if (err)
		return quiet ? -1 : ctl_error("cannot list switches in %s: %s",
					      CLOS_PIN_ROOT, strerror(-err));
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
	int err;

	if (ctl.sw_open)
		return 0;
	if (choose_switch(quiet))
		return -1;
	err = clos_switch_open(&ctl.sw, ctl.switch_name);
	if (err)
		return ctl_error("switch '%s': cannot open its pinned maps in %s/%s: %s",
				 ctl.switch_name, CLOS_PIN_ROOT, ctl.switch_name,
				 strerror(-err));
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

/* --- main ----------------------------------------------------------------- */

static int do_help(int argc, char **argv)
{
	help();
	return 0;
}

const struct cmd objects[] = {
	{ "help", do_help },
	{ "tables", do_tables },
	{ "table", do_table },
	{ "group", do_group },
	{ "port", do_port },
	{ "qos", do_qos },
	{ "queue", do_queue },
	{ "route", do_route },
	{ "stats", do_stats },
	{ "counters", do_counters },
	{ "batch", do_batch },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "switch", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "pretty", no_argument, NULL, 'p' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct cmd *c;
	int opt, ret = -1;

	/* '+': options come before OBJECT, so entry words are never taken
	 * for options. */
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:s:jpvh", opts, NULL)) != -1) {
		switch (opt) {
		case 's':
			ctl.switch_name = optarg;
			break;
		case 'j':
			ctl.json = true;
			break;
		case 'p':
			ctl.json = ctl.pretty = true;
			break;
		case 'v':
			ctl.verbose = true;
			break;
		case 'h':
			help();
			return 0;
		case ':':
			jout_init(ctl.json, ctl.pretty);
			ctl_error("option '%s' needs an argument", argv[optind - 1]);
			jout_finish();
			return 1;
		default:
			jout_init(ctl.json, ctl.pretty);
			if (optopt)
				ctl_error("unknown option '-%c'; try 'closctl help'",
					  optopt);
			else
				ctl_error("unknown option '%s'; try 'closctl help'",
					  argv[optind - 1]);
			jout_finish();
			return 1;
		}
	}
	jout_init(ctl.json, ctl.pretty);
	clos_log_init(ctl.verbose ? CLOS_LOG_INFO : CLOS_LOG_WARN);
	argc -= optind;
	argv += optind;

	if (argc == 0) {
		if (ctl.json) {
			ctl_error("missing OBJECT; try 'closctl help'");
			jout_finish();
		} else {
			usage(stderr);
		}
		return 1;
	}
	for (c = objects; c->cmd; c++)
		if (!strcmp(argv[0], c->cmd))
			break;
	if (c->cmd)
		ret = c->func(argc - 1, argv + 1);
	else if (!strcmp(argv[0], "-h") || !strcmp(argv[0], "--help"))
		ret = do_help(0, NULL);
	else
		ctl_error("unknown object '%s' (OBJECT := { tables | table | group | port | qos | queue | stats | counters }); try 'closctl help'",
			  argv[0]);
	jout_finish();
	if (ctl.sw_open)
		clos_switch_close(&ctl.sw);
	return ret ? 1 : 0;
}
