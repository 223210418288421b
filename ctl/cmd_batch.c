// SPDX-License-Identifier: GPL-2.0
/*
 * closctl batch FILE|-: closctl commands, one a line, as `bpftool batch
 * file` and `ip -batch` run them. One process opens the switch once and
 * runs every line through the same command table as the command line, so
 * a batch line and a closctl command are the same thing: clos-topo writes
 * a switch's tables as one batch.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ctl.h"
#include "jsonout.h"
#include "log.h"
#include "words.h"

#define BATCH_MAX_WORDS	128

const char batch_doc[] =
	"Runs closctl commands from FILE (- : standard input), one a line,\n"
	"written as on the command line without 'closctl' and its options:\n"
	"the options given before 'batch' (-s SWITCH, -j, -v) hold for every\n"
	"line, and an option on a line is refused. Words are separated by\n"
	"blanks, as sh splits them: '...' takes what it encloses as it is,\n"
	"\"...\" too but for '\\', which makes the next character plain there\n"
	"and outside quotes (\\\" \\' \\\\ \\#); quoted and plain parts of a word\n"
	"join. So any interface name can be written: \"q'\\\"1\" is q'\"1. '#'\n"
	"starts a comment (outside quotes); blank lines and comments are\n"
	"skipped.\n"
	"Each line is all or nothing, as a command is: a line that is refused\n"
	"changes nothing. The first line that fails stops the batch with\n"
	"\"line N: <the command's message>\" and exit status 1; the lines\n"
	"before it stay applied. 'batch' and 'queue watch' cannot run inside\n"
	"a batch.\n"
	"With -j the output is one JSON document: an array with one object\n"
	"per command, {\"line\": N, \"command\": \"...\", \"output\": what the\n"
	"command prints under -j, or null}; a failure is {\"error\": \"line N: ...\"}.\n"
	"Example:\n"
	"       closctl -s f-leaf1 batch - <<'EOF'\n"
	"       table add nexthop 1 => fwd eth1 02:00:00:00:01:02\n"
	"       table add nexthop 2 => fwd eth2 02:00:00:00:02:02\n"
	"       group set 1 kind resilient members eth1,eth2   # the uplinks\n"
	"       table add route_v4 10.8.0.0/16 => ecmp 1\n"
	"       EOF\n";

/* The command's words as one string, for the JSON output. */
static const char *join_words(int argc, char **argv, char *buf, size_t len)
{
	size_t off = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < argc && off < len; i++)
		off += snprintf(buf + off, len - off, "%s%s", i ? " " : "",
				argv[i]);
	return buf;
}

/* One line's command through closctl's own command table. closctl's
 * options (-s, -j, -p, -v) belong before 'batch': on a line, -s would
 * choose the switch for the whole batch on a first line and be ignored on
 * the others, so a line is refused for any option but help. An option is
 * what lib/os/cli.c takes for one: '-' and not a digit, before '--'. */
static int run_words(int argc, char **argv)
{
	int i;

	for (i = 0; i < argc && strcmp(argv[i], "--"); i++)
		if (argv[i][0] == '-' && argv[i][1] &&
		    !isdigit((unsigned char)argv[i][1]) &&
		    strcmp(argv[i], "-h") && strcmp(argv[i], "--help"))
			return ctl_error("option '%s' goes before 'batch' (options hold for every line)",
					 argv[i]);
	if (!strcmp(argv[0], "batch"))
		return ctl_error("'batch' cannot run inside a batch");
	if (argc > 1 && !strcmp(argv[0], "queue") && !strcmp(argv[1], "watch"))
		return ctl_error("'queue watch' cannot run inside a batch (it runs until stopped); run it alone");
	return ctl_run(argc, argv);
}

int ctl_batch(FILE *f, const char *file)
{
	char *line = NULL, *argv[BATCH_MAX_WORDS + 1], prefix[32], cmd[1024];
	unsigned int errors;
	size_t cap = 0;
	int argc, lineno = 0, commands = 0, ret = 0;
	const char *why;

	jout_open_array(NULL);
	while (!ret && getline(&line, &cap, f) >= 0) {
		lineno++;
		snprintf(prefix, sizeof(prefix), "line %d", lineno);
		argc = clos_split_words(line, argv, BATCH_MAX_WORDS, &why);
		if (argc < 0) {
			jout_error_prefix(prefix);
			ret = ctl_error("%s", why);
			break;
		}
		if (!argc)
			continue;
		argv[argc] = NULL;
		commands++;
		jout_open_object(NULL);
		jout_uint(JOUT_JSON, "line", NULL, lineno);
		jout_string(JOUT_JSON, "command", NULL,
			    join_words(argc, argv, cmd, sizeof(cmd)));
		jout_open_member("output");
		jout_error_prefix(prefix);
		errors = jout_error_count();
		ret = run_words(argc, argv);
		/* Each line writes under the lock, as a command does, and
		 * lets other writers in between lines. */
		ctl_switch_unlock();
		/* Every refusal prints its reason; should one not, the line
		 * still gets named. */
		if (ret && jout_error_count() == errors)
			ctl_error("failed");
		jout_error_prefix(NULL);
		jout_close_member();
		jout_close_object();
	}
	if (!ret && ferror(f))
		ret = ctl_error("batch: cannot read %s: %s", file,
				strerror(errno));
	jout_error_prefix(NULL);
	jout_close_array();
	free(line);
	if (!ret)
		pr_info("batch %s: %d command%s from %d line%s\n", file,
			commands, commands == 1 ? "" : "s", lineno,
			lineno == 1 ? "" : "s");
	return ret ? -1 : 0;
}

int do_batch(int argc, char **argv)
{
	FILE *f;
	int ret;

	if (argc != 1)
		return ctl_error("batch: want one FILE (- : standard input); try 'closctl batch help'");
	if (!strcmp(argv[0], "-"))
		return ctl_batch(stdin, "-");
	f = fopen(argv[0], "r");
	if (!f)
		return ctl_error("batch: cannot open %s: %s", argv[0],
				 strerror(errno));
	ret = ctl_batch(f, argv[0]);
	fclose(f);
	return ret;
}
