// SPDX-License-Identifier: GPL-2.0
/*
 * lib/os/cli.c, the command line of every tool, on a small tool of its
 * own: options before and after the object, the command and its
 * arguments; `--`; options of a command given before it; refusals that
 * name the option; help generated from the tables.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include "cli.h"

#define USAGE_EXIT	7

/* What the tool was told. */
static struct {
	bool json;
	int verbose;
	const char *sw;
	const char *count;	/* show's --count */
	const char *name;	/* add's --name, once */
	bool force;		/* add's -f */
	const char *tags_v[2];
	struct cli_list tags;	/* add's --tag, at most two */
} o;

/* What ran, with which arguments. */
static struct {
	const char *cmd;
	int argc;
	char argv[8][32];
	int starts;
	char error[512];
	int errors;
} seen;

static int record(const char *cmd, int argc, char **argv)
{
	int i;

	seen.cmd = cmd;
	seen.argc = argc;
	for (i = 0; i < argc && i < 8; i++)
		snprintf(seen.argv[i], sizeof(seen.argv[i]), "%s", argv[i]);
	return 0;
}

static int port_show(int argc, char **argv) { return record("port show", argc, argv); }
static int port_add(int argc, char **argv) { return record("port add", argc, argv); }
static int port_del(int argc, char **argv) { return record("port del", argc, argv); }
static int do_exec(int argc, char **argv) { return record("exec", argc, argv); }
static int do_raw(int argc, char **argv) { return record("raw", argc, argv); }

static void topic_doc(FILE *f)
{
	fprintf(f, "the topic's text\n");
}

static void start(void)
{
	seen.starts++;
}

static void error(const char *msg)
{
	seen.errors++;
	snprintf(seen.error, sizeof(seen.error), "%s", msg);
}

static const struct cli_opt tool_opts[] = {
	CLI_OPT_FLAG("json", 'j', &o.json, "JSON output"),
	CLI_OPT_COUNT("verbose", 'v', &o.verbose, "more"),
	CLI_OPT_STRING("switch", 's', "SWITCH", &o.sw, "which switch"),
	{}
};

static const struct cli_opt show_opts[] = {
	CLI_OPT_STRING("count", 'c', "N", &o.count, "show N\nat most"),
	{}
};

static const struct cli_opt add_opts[] = {
	{ .name = "name", .kind = CLI_STRING, .dest = &o.name, .arg = "NAME",
	  .flags = CLI_ONCE, .help = "its name" },
	CLI_OPT_FLAG("force", 'f', &o.force, "replace"),
	CLI_OPT_LIST("tag", 0, "TAG", &o.tags, "a tag"),
	{}
};

static const struct cli_cmd port_cmds[] = {
	{ "show", port_show, "[PORT]", .opts = show_opts, .flags = CLI_DEFAULT },
	{ "add", port_add, "PORT [ vlan VID ]\n [ role ROLE ]", .opts = add_opts },
	{ "del", port_del, "PORT" },
	{}
};

static const struct cli_cmd cmds[] = {
	{ "port", .sub = port_cmds, .summary = "the ports",
	  .doc = "where  VID := 1..4094\n" },
	{ "exec", do_exec, "NODE -- CMD...", "run CMD", .flags = CLI_DASHDASH },
	{ "raw", do_raw, NULL, "parses its own options", .flags = CLI_RAW },
	{ "topic", .summary = "a help topic", .doc_fn = topic_doc },
	{}
};

static bool no_usage_text = true;	/* keep the test log quiet */

static const struct cli tool = {
	.prog = "tool",
	.opts = tool_opts,
	.cmds = cmds,
	.doc = "The tool's own text.\n",
	.usage_exit = USAGE_EXIT,
	.json = &no_usage_text,
	.start = start,
	.error = error,
};

static void reset(void)
{
	memset(&o, 0, sizeof(o));
	memset(&seen, 0, sizeof(seen));
	o.tags = (struct cli_list){ o.tags_v, 0, 2 };
}

/* Run "tool WORDS..." (a NULL-terminated list). */
static int run_words(const char *first, ...)
{
	char *argv[32] = { "tool" };
	const char *w;
	va_list ap;
	int argc = 1;

	va_start(ap, first);
	for (w = first; w && argc < 31; w = va_arg(ap, const char *))
		argv[argc++] = (char *)w;
	va_end(ap);
	return cli_main(&tool, argc, argv);
}
#define run(...) run_words(__VA_ARGS__, NULL)

static void expect_ran(const char *cmd, int argc)
{
	cr_assert_eq(seen.errors, 0, "unexpected error: %s", seen.error);
	cr_assert_not_null(seen.cmd, "nothing ran");
	cr_assert_str_eq(seen.cmd, cmd);
	cr_assert_eq(seen.argc, argc, "%s: %d arguments, want %d", cmd, seen.argc, argc);
}

static void expect_refused(int ret, const char *text)
{
	cr_assert_eq(ret, USAGE_EXIT, "exit %d, want %d", ret, USAGE_EXIT);
	cr_assert_null(seen.cmd, "%s ran", seen.cmd);
	cr_assert_eq(seen.errors, 1);
	cr_assert(strstr(seen.error, text), "error '%s' lacks '%s'", seen.error, text);
}

/* The help printed for the words of argv. */
static char *help_of_tool(const struct cli *cli, int argc, char **argv)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cr_assert_not_null(f);
	cr_assert_eq(cli_help(cli, argc, argv, f), 0);
	fclose(f);
	return buf;
}

static char *help_of(int argc, char **argv)
{
	return help_of_tool(&tool, argc, argv);
}

TestSuite(cli, .init = reset);

Test(cli, options_before_the_object)
{
	cr_assert_eq(run("-j", "-s", "sw1", "port", "show", "eth1"), 0);
	expect_ran("port show", 1);
	cr_assert_str_eq(seen.argv[0], "eth1");
	cr_assert(o.json);
	cr_assert_str_eq(o.sw, "sw1");
	cr_assert_eq(seen.starts, 1);
}

Test(cli, options_after_the_command_and_its_arguments)
{
	cr_assert_eq(run("port", "-j", "show", "eth1", "--switch", "sw2", "-c", "5"), 0);
	expect_ran("port show", 1);
	cr_assert_str_eq(seen.argv[0], "eth1");
	cr_assert(o.json);
	cr_assert_str_eq(o.sw, "sw2");
	cr_assert_str_eq(o.count, "5");
}

Test(cli, joined_and_bundled_forms)
{
	cr_assert_eq(run("port", "show", "--switch=sw3", "-vv", "-jc7", "-ssw4"), 0);
	expect_ran("port show", 0);
	cr_assert_eq(o.verbose, 2);
	cr_assert(o.json);
	cr_assert_str_eq(o.count, "7");
	cr_assert_str_eq(o.sw, "sw4", "the last -s wins");
}

Test(cli, a_command_option_before_its_command)
{
	cr_assert_eq(run("--count", "3", "port", "show"), 0);
	expect_ran("port show", 0);
	cr_assert_str_eq(o.count, "3");
}

Test(cli, an_object_alone_runs_its_default)
{
	cr_assert_eq(run("port", "-j"), 0);
	expect_ran("port show", 0);
	cr_assert(o.json);
}

Test(cli, double_dash_ends_the_options)
{
	cr_assert_eq(run("port", "del", "--", "-j", "--bogus"), 0);
	expect_ran("port del", 2);
	cr_assert_str_eq(seen.argv[0], "-j");
	cr_assert_str_eq(seen.argv[1], "--bogus");
	cr_assert_not(o.json, "-j after -- is an argument");
}

Test(cli, double_dash_kept_for_a_command_line_of_its_own)
{
	cr_assert_eq(run("-j", "exec", "h1", "--", "ping", "-c", "1"), 0);
	expect_ran("exec", 5);
	cr_assert_str_eq(seen.argv[1], "--");
	cr_assert_str_eq(seen.argv[3], "-c");
	cr_assert(o.json);
}

Test(cli, a_lone_dash_and_negative_numbers_are_arguments)
{
	cr_assert_eq(run("port", "del", "-", "-1", "-j"), 0);
	expect_ran("port del", 2);
	cr_assert_str_eq(seen.argv[0], "-");
	cr_assert_str_eq(seen.argv[1], "-1");
	cr_assert(o.json);
}

Test(cli, a_raw_command_gets_its_words_untouched)
{
	cr_assert_eq(run("-v", "raw", "--rounds", "3", "-j"), 0);
	expect_ran("raw", 4);
	cr_assert_str_eq(seen.argv[0], "raw");
	cr_assert_str_eq(seen.argv[1], "--rounds");
	cr_assert_str_eq(seen.argv[3], "-j");
	cr_assert_eq(o.verbose, 1, "options before it are the tool's");
	cr_assert_not(o.json);
}

Test(cli, repeated_options)
{
	cr_assert_eq(run("port", "add", "eth1", "--tag", "a", "--tag", "b", "-f"), 0);
	expect_ran("port add", 1);
	cr_assert_eq(o.tags.n, 2);
	cr_assert_str_eq(o.tags.v[0], "a");
	cr_assert_str_eq(o.tags.v[1], "b");
	cr_assert(o.force);
}

Test(cli, unknown_option_refused_by_name)
{
	expect_refused(run("port", "show", "eth1", "--bogus"), "unknown option '--bogus'");
	cr_assert_eq(seen.starts, 1, "start() runs before the error is printed");
}

Test(cli, unknown_short_option_refused_by_name)
{
	expect_refused(run("-x", "port", "show"), "unknown option '-x'");
}

Test(cli, unknown_option_still_sees_json)
{
	expect_refused(run("--bogus", "port", "-j"), "'--bogus'");
	cr_assert(o.json, "-j after the bad option still counts");
}

Test(cli, another_commands_option_refused_by_name)
{
	expect_refused(run("port", "show", "--name", "x"),
		       "option --name is not one of port show's; try 'tool help port show'");
	reset();
	expect_refused(run("--name", "x", "port", "del", "eth1"),
		       "option --name is not one of port del's");
}

Test(cli, missing_option_argument)
{
	expect_refused(run("port", "show", "-s"), "option '-s' needs an argument");
	reset();
	expect_refused(run("port", "show", "--count"), "option '--count' needs an argument");
}

Test(cli, flag_with_an_argument)
{
	expect_refused(run("--json=yes", "port", "show"), "option '--json' takes no argument");
}

Test(cli, once_and_list_limits)
{
	expect_refused(run("port", "add", "p", "--name", "a", "--name", "b"),
		       "--name given twice");
	reset();
	expect_refused(run("port", "add", "p", "--tag", "a", "--tag", "b", "--tag", "c"),
		       "more than 2 --tag options");
}

Test(cli, unknown_words)
{
	expect_refused(run("bogus"),
		       "unknown object 'bogus' (OBJECT := { port | exec | raw }); try 'tool help'");
	reset();
	expect_refused(run("port", "list"),
		       "unknown port command 'list' (COMMAND := { show | add | del }); try 'tool port help'");
	reset();
	expect_refused(run("port", "lis"), "unknown port command 'lis'");
}

Test(cli, missing_command)
{
	expect_refused(run("-j"), "missing OBJECT; try 'tool help'");
}

Test(cli, a_topic_is_not_a_command)
{
	expect_refused(run("topic"), "'topic' is a help topic; try 'tool help topic'");
}

Test(cli, help_words_and_options_run_nothing)
{
	static const char *const forms[][4] = {
		{ "--help" }, { "-h" }, { "help" }, { "help", "port" }, { "port", "help" },
		{ "port", "-h" }, { "port", "add", "-h" }, { "port", "add", "eth1", "--help" },
		{ "port", "add", "help" }, { "help", "port", "add" },
	};
	unsigned int i;
	int n;

	cr_redirect_stdout();
	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		char *argv[6] = { "tool" };

		for (n = 0; n < 4 && forms[i][n]; n++)
			argv[n + 1] = (char *)forms[i][n];
		reset();
		cr_assert_eq(cli_main(&tool, n + 1, argv), 0, "form %u", i);
		cr_assert_null(seen.cmd, "form %u ran %s", i, seen.cmd);
		cr_assert_eq(seen.errors, 0, "form %u: %s", i, seen.error);
	}
}

Test(cli, tool_help_names_every_command_and_option)
{
	char *h = help_of(0, NULL);

	cr_assert(strstr(h, "Usage: tool [OPTIONS] OBJECT { COMMAND | help }\n"), "%s", h);
	cr_assert(strstr(h, "where  OBJECT := { port | exec | raw }\n"), "%s", h);
	cr_assert(strstr(h, "OPTIONS := { -j | -v | -s SWITCH | -h }\n"), "%s", h);
	cr_assert(strstr(h, "  -s, --switch SWITCH  which switch\n"), "%s", h);
	cr_assert(strstr(h, "  tool port { show | add | del }"), "%s", h);
	cr_assert(strstr(h, "  tool exec NODE -- CMD...  "), "%s", h);
	cr_assert(strstr(h, "  tool help topic  "), "%s", h);
	cr_assert(strstr(h, "The tool's own text.\n"), "%s", h);
	free(h);
}

Test(cli, object_help_lists_its_commands)
{
	char *argv[] = { "port" };
	char *h = help_of(1, argv);

	cr_assert_str_eq(h, "Usage: tool port show [PORT]\n"
			    "       tool port add PORT [ vlan VID ]\n"
			    "                     [ role ROLE ]\n"
			    "       tool port del PORT\n"
			    "       tool port help\n"
			    "where  VID := 1..4094\n");
	free(h);
}

Test(cli, command_help_has_its_options_and_its_objects_text)
{
	char *argv[] = { "port", "show" };
	char *h = help_of(2, argv);

	cr_assert_str_eq(h, "Usage: tool port show [PORT]\n"
			    "\n"
			    "  -c, --count N  show N\n"
			    "                 at most\n"
			    "where  VID := 1..4094\n");
	free(h);
}

Test(cli, topic_help_is_its_text)
{
	char *argv[] = { "topic" };
	char *h = help_of(1, argv);

	cr_assert_str_eq(h, "the topic's text\n");
	free(h);
}

Test(cli, help_of_nothing_known)
{
	char *argv[] = { "port", "bogus" };

	cr_assert_eq(cli_help(&tool, 2, argv, stdout), -1);
}

Test(cli, run_another_line)
{
	char *argv[] = { "port", "del", "eth3", "-j" };

	cr_assert_eq(cli_run(&tool, 4, argv), 0);
	expect_ran("port del", 1);
	cr_assert_str_eq(seen.argv[0], "eth3");
	cr_assert(o.json);
	cr_assert_eq(seen.starts, 0, "start() is main's alone");

	reset();
	argv[0] = "raw";
	argv[1] = "-x";
	cr_assert_eq(cli_run(&tool, 2, argv), 0);
	expect_ran("raw", 2);
	cr_assert_str_eq(seen.argv[1], "-x");
}

/* A tool that is one command (clos-fibsync SWITCH [--once]). */
static bool once;

static int do_single(int argc, char **argv) { return record("single", argc, argv); }

static const struct cli_opt single_opts[] = {
	CLI_OPT_FLAG("once", 0, &once, "once and exit"),
	{}
};

static const struct cli_cmd single_cmd = {
	"single", do_single, "SWITCH [--once]", .opts = single_opts,
	.doc = "\nThe command's text.\n",
};

static const struct cli single_tool = {
	.prog = "one",
	.opts = tool_opts,
	.single = &single_cmd,
	.usage_exit = USAGE_EXIT,
	.json = &no_usage_text,
	.error = error,
};

static int run_single(int argc, char **argv)
{
	once = false;
	return cli_main(&single_tool, argc, argv);
}

Test(cli, a_one_command_tool_takes_its_words_as_arguments)
{
	char *argv[] = { "one", "-v", "sw1", "--once", "-j" };

	cr_assert_eq(run_single(5, argv), 0);
	expect_ran("single", 1);
	cr_assert_str_eq(seen.argv[0], "sw1");
	cr_assert(once);
	cr_assert(o.json);
	cr_assert_eq(o.verbose, 1);
}

Test(cli, a_one_command_tool_refuses_an_unknown_option)
{
	char *argv[] = { "one", "sw1", "--twice" };

	expect_refused(run_single(3, argv), "unknown option '--twice'; try 'one help'");
}

Test(cli, a_one_command_tools_help)
{
	char *h = help_of_tool(&single_tool, 0, NULL);

	cr_assert_str_eq(h, "Usage: one [OPTIONS] SWITCH [--once]\n"
			    "\n"
			    "  -j, --json           JSON output\n"
			    "  -v, --verbose        more\n"
			    "  -s, --switch SWITCH  which switch\n"
			    "      --once           once and exit\n"
			    "  -h, --help           this help\n"
			    "\n"
			    "The command's text.\n");
	free(h);
}
