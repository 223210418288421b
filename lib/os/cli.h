/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The command line of every clos tool, from two tables: its commands
 * (bpftool's OBJECT COMMAND grammar, or a plain COMMAND) and its options.
 * cli_main() parses the line, runs the command's handler with its
 * arguments, and writes the help of the tool, of an object and of a
 * command from the same tables, so help and parser cannot disagree.
 *
 * Where options go: the tool's own options (-j, -v, ...) anywhere on the
 * line, before the object, after the command, after a file name; a
 * command's options after its name, or before it. `--` ends the options:
 * what follows is arguments; so do "-" and a negative number ("-1"). An unknown option, one that is not the
 * command's, one without its argument is refused by name, with the
 * command's usage. Keywords are exact (no prefixes), as they always were.
 *
 * Help: `PROG help [OBJECT [COMMAND]]`, `-h`/`--help` anywhere,
 * `PROG OBJECT help`, and `help` as the only argument of a command.
 */
#ifndef CLOS_CLI_H
#define CLOS_CLI_H

#include <stdbool.h>
#include <stdio.h>

enum cli_opt_kind {
	CLI_FLAG,	/* bool *dest = true */
	CLI_COUNT,	/* int *dest += 1 (-vv) */
	CLI_STRING,	/* const char **dest = the argument; the last one wins */
	CLI_LIST,	/* struct cli_list *dest gets every argument, in order */
};

/* Option flags. */
#define CLI_ONCE	(1u << 0)	/* CLI_STRING: given twice is an error */

/* Where a repeatable option (CLI_LIST) collects its arguments. */
struct cli_list {
	const char **v;
	int n;
	int max;
};

struct cli_opt {
	const char *name;	/* long name: --name ARG or --name=ARG */
	char short_name;	/* -c ARG, -cARG; 0: none */
	enum cli_opt_kind kind;
	void *dest;
	const char *arg;	/* the argument's name in help (STRING, LIST) */
	const char *help;	/* lines after the first are indented to match */
	unsigned int flags;
};

#define CLI_OPT_FLAG(l, s, d, h) \
	{ .name = (l), .short_name = (s), .kind = CLI_FLAG, .dest = (d), .help = (h) }
#define CLI_OPT_COUNT(l, s, d, h) \
	{ .name = (l), .short_name = (s), .kind = CLI_COUNT, .dest = (d), .help = (h) }
#define CLI_OPT_STRING(l, s, a, d, h) \
	{ .name = (l), .short_name = (s), .kind = CLI_STRING, .dest = (d), .arg = (a), .help = (h) }
#define CLI_OPT_LIST(l, s, a, d, h) \
	{ .name = (l), .short_name = (s), .kind = CLI_LIST, .dest = (d), .arg = (a), .help = (h) }

/* Command flags. */
#define CLI_DEFAULT	(1u << 0)	/* runs when its object is given alone */
#define CLI_RAW		(1u << 1)	/* run() gets argv from the command's name
					 * on, untouched: it parses its own options */
#define CLI_DASHDASH	(1u << 2)	/* `--` stays in argv: what follows is a
					 * command line of its own (clos-topo exec) */

/*
 * A command, or an OBJECT (sub set) whose commands are sub. An entry with
 * neither run nor sub is a help topic: `PROG help NAME` prints its doc.
 * Tables end with an entry whose name is NULL.
 */
struct cli_cmd {
	const char *name;
	/* argv: the command's arguments (options taken out), not its name;
	 * returns what cli_main() returns. */
	int (*run)(int argc, char **argv);
	/* Synopsis of the arguments: "SWITCH --netns NS". A line that starts
	 * with a space continues the one before; other lines are further
	 * forms of the command. */
	const char *args;
	const char *summary;		/* one line, for the tool's help */
	const struct cli_cmd *sub;
	const struct cli_opt *opts;	/* its own options */
	const char *doc;		/* help text after the usage */
	void (*doc_fn)(FILE *f);	/* the same, when it must be computed */
	unsigned int flags;
};

struct cli {
	const char *prog;
	const struct cli_opt *opts;	/* the tool's options: anywhere */
	const struct cli_cmd *cmds;
	/* A tool that is one command, without a COMMAND word (cmds NULL):
	 * every word is this command's argument, its options go with the
	 * tool's, and the help is `PROG [OPTIONS] ARGS`. */
	const struct cli_cmd *single;
	const char *doc;		/* after the tool's help */
	int usage_exit;			/* exit status of a wrong command line
					 * (0: 1) */
	/* When *json is true a wrong command line is only the error (one
	 * JSON document), no usage text. May be NULL. */
	const bool *json;
	/* After the options are parsed and before the first message: set up
	 * output and logging from them. May be NULL. */
	void (*start)(void);
	/* Print an error; NULL: jout_error() ("Error: ..." or JSON). */
	void (*error)(const char *msg);
};

/* Parse argv (argv[0] is the program), run the command, print the JSON
 * document it made (jout_finish) and return what it returned; 0 after
 * help; cli->usage_exit after a wrong command line. */
int cli_main(const struct cli *cli, int argc, char **argv);

/* The same for one more command line of a running tool (argv[0] is its
 * first word, OBJECT or COMMAND), as `closctl batch` runs them: start()
 * is not called again. */
int cli_run(const struct cli *cli, int argc, char **argv);

/* The help of the command named by argv (argc 0: of the tool) into f.
 * Returns 0, or -1 when argv names no command. */
int cli_help(const struct cli *cli, int argc, char **argv, FILE *f);

#endif /* CLOS_CLI_H */
