// SPDX-License-Identifier: GPL-2.0
/* The command table and option parser of every clos tool (see cli.h). */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "jsonout.h"

#define MAX_DEPTH	4	/* OBJECT COMMAND, and room to spare */
#define NAME_MAX_LEN	64	/* an option as spelled, a command's path */
#define ROW_COL_MAX	40	/* a longer synopsis gets its summary below */
#define OPT_COL_MAX	24	/* a longer option gets its help below */
#define WRAP_AT		78
#define LEAD		"       "	/* under "Usage: " and "where  " */

/* An option given before its command was known: applied once it is. */
struct pending {
	const char *name;	/* long name as given (not terminated), or NULL */
	size_t len;
	char short_name;
	const char *arg;
	char spelled[NAME_MAX_LEN];
};

struct parse {
	const struct cli *cli;
	const struct cli_cmd *path[MAX_DEPTH];
	int depth;
	char **pos;		/* the command's arguments */
	int npos;
	struct pending *pend;
	int npend;
	bool help;
	bool dashdash;
	bool failed;		/* err says why */
	bool bad_word;		/* a word named no command: even help fails */
	char err[512];
};

static void fail(struct parse *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void fail(struct parse *p, const char *fmt, ...)
{
	va_list ap;

	if (p->failed)
		return;
	p->failed = true;
	va_start(ap, fmt);
	vsnprintf(p->err, sizeof(p->err), fmt, ap);
	va_end(ap);
}

/* Append to the string in buf (size bytes), cut at its end. */
static void append(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void append(char *buf, size_t size, const char *fmt, ...)
{
	size_t len = strlen(buf);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf + len, size - len, fmt, ap);
	va_end(ap);
}

/* --- the tables -------------------------------------------------------- */

static const struct cli_cmd *cur(const struct parse *p)
{
	return p->depth ? p->path[p->depth - 1] : NULL;
}

/* The table the next word is chosen from; NULL once a command is chosen
 * (its words are arguments). */
static const struct cli_cmd *table(const struct parse *p)
{
	const struct cli_cmd *c = cur(p);

	if (!c)
		return p->cli->cmds;
	return c->sub;
}

static bool is_topic(const struct cli_cmd *c)
{
	return !c->run && !c->sub;
}

static bool has_objects(const struct cli_cmd *tbl)
{
	for (; tbl && tbl->name; tbl++)
		if (tbl->sub)
			return true;
	return false;
}

static const struct cli_cmd *find_cmd(const struct cli_cmd *tbl, const char *name)
{
	for (; tbl && tbl->name; tbl++)
		if (!strcmp(tbl->name, name))
			return tbl;
	return NULL;
}

static bool takes_arg(const struct cli_opt *o)
{
	return o->kind == CLI_STRING || o->kind == CLI_LIST;
}

/* name/len: a long name; else short_name. */
static const struct cli_opt *find_opt(const struct cli_opt *o, const char *name,
				      size_t len, char short_name)
{
	for (; o && o->name; o++) {
		if (name ? strlen(o->name) == len && !strncmp(o->name, name, len)
			 : o->short_name == short_name)
			return o;
	}
	return NULL;
}

/* The first command at or below tbl that has the option. */
static const struct cli_cmd *opt_owner(const struct cli_cmd *tbl, const char *name,
				       size_t len, char short_name,
				       const struct cli_opt **found)
{
	const struct cli_cmd *c;

	for (; tbl && tbl->name; tbl++) {
		*found = find_opt(tbl->opts, name, len, short_name);
		if (*found)
			return tbl;
		c = opt_owner(tbl->sub, name, len, short_name, found);
		if (c)
			return c;
	}
	return NULL;
}

/* "port set": the chosen command's words. */
static const char *path_name(const struct parse *p, char *buf, size_t size)
{
	int i;

	buf[0] = '\0';
	for (i = 0; i < p->depth; i++)
		if (p->path[i] != p->cli->single)
			append(buf, size, "%s%s", buf[0] ? " " : "", p->path[i]->name);
	return buf;
}

/* "{ show | set }" of a table's commands (not its help topics). */
static const char *cmd_list(const struct cli_cmd *tbl, bool with_help,
			    char *buf, size_t size)
{
	snprintf(buf, size, "{");
	for (; tbl->name; tbl++)
		if (!is_topic(tbl))
			append(buf, size, "%s %s", buf[1] ? " |" : "", tbl->name);
	append(buf, size, "%s }", with_help ? " | help" : "");
	return buf;
}

/* --- help --------------------------------------------------------------- */

/* One form per line of args after prefix; lines of args that start with
 * a space continue the form above, under its first argument. */
static void synopsis(FILE *f, const char **lead, const char *prefix,
		     const char *args)
{
	const char *s = args ? args : "", *nl;
	int indent = strlen(LEAD) + strlen(prefix) + 1;

	do {
		nl = strchrnul(s, '\n');
		if (*s == ' ') {
			while (*s == ' ')
				s++;
			fprintf(f, "%*s%.*s\n", indent, "", (int)(nl - s), s);
		} else {
			fprintf(f, "%s%s%s%.*s\n", *lead, prefix, nl > s ? " " : "",
				(int)(nl - s), s);
			*lead = LEAD;
		}
		s = *nl ? nl + 1 : nl;
	} while (*s);
}

/* Text whose lines after the first are indented by indent. */
static void indented(FILE *f, const char *s, int indent)
{
	const char *nl;

	for (;;) {
		nl = strchrnul(s, '\n');
		fprintf(f, "%.*s\n", (int)(nl - s), s);
		if (!*nl || !nl[1])
			return;
		s = nl + 1;
		fprintf(f, "%*s", indent, "");
	}
}

/* Text from column indent on, wrapped at spaces before WRAP_AT. */
static void words(FILE *f, const char *s, int indent)
{
	int col = indent, n;

	while (*s) {
		n = strcspn(s, " ");
		if (col > indent && col + 1 + n > WRAP_AT) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		}
		col += fprintf(f, "%s%.*s", col > indent ? " " : "", n, s);
		s += n;
		s += strspn(s, " ");
	}
	fputc('\n', f);
}

/* "where  COMMAND := { a | b | ... }", wrapped after a "|", the next line
 * under the first item. */
static void choice_line(FILE *f, const char *lead, const char *what,
			const char *list)
{
	int col = fprintf(f, "%s%s := ", lead, what), indent = col + 2;
	const char *s = list, *next;

	/* list is "{ a | b ... }": print "{ a", then each " | b" */
	next = strstr(s, " | ");
	if (!next)
		next = s + strlen(s);
	col += fprintf(f, "%.*s", (int)(next - s), s);
	for (s = next; *s; s = next) {
		next = strstr(s + 3, " | ");
		if (!next)
			next = s + strlen(s);
		/* +2: room for the " |" that may end the line */
		if (col + (next - s) + 2 > WRAP_AT) {
			fprintf(f, " |\n%*s", indent, "");
			col = indent + fprintf(f, "%.*s", (int)(next - s - 3), s + 3);
		} else {
			col += fprintf(f, "%.*s", (int)(next - s), s);
		}
	}
	fputc('\n', f);
}

/* "-s, --switch SWITCH"; "    --progress" under them when some options of
 * the table have a short name. */
static int opt_left(const struct cli_opt *o, bool shorts, char *buf, size_t size)
{
	if (o->short_name)
		return snprintf(buf, size, "-%c, --%s%s%s", o->short_name, o->name,
				o->arg ? " " : "", o->arg ? o->arg : "");
	return snprintf(buf, size, "%s--%s%s%s", shorts ? "    " : "", o->name,
			o->arg ? " " : "", o->arg ? o->arg : "");
}

static void opt_rows(FILE *f, const struct cli_opt *opts, const char *help_help)
{
	const struct cli_opt *o;
	char left[NAME_MAX_LEN];
	bool shorts = help_help != NULL;
	int col = 10, n;

	for (o = opts; o && o->name; o++)
		shorts |= o->short_name != 0;
	for (o = opts; o && o->name; o++) {
		n = opt_left(o, shorts, left, sizeof(left));
		if (n <= OPT_COL_MAX && n > col)
			col = n;
	}
	for (o = opts; o && o->name; o++) {
		n = opt_left(o, shorts, left, sizeof(left));
		if (n <= col)
			fprintf(f, "  %-*s  ", col, left);
		else
			fprintf(f, "  %s\n%*s", left, col + 4, "");
		indented(f, o->help ? o->help : "", col + 4);
	}
	if (help_help)
		fprintf(f, "  %-*s  %s\n", col, "-h, --help", help_help);
}

static void doc(FILE *f, const struct cli_cmd *c)
{
	if (c->doc)
		fputs(c->doc, f);
	if (c->doc_fn)
		c->doc_fn(f);
}

/* prefix: "PROG word..." of path[0..depth-1]. */
static void prefix_of(const struct cli *cli, const struct cli_cmd *const *path,
		      int depth, char *buf, size_t size)
{
	int i;

	snprintf(buf, size, "%s", cli->prog);
	for (i = 0; i < depth; i++)
		if (path[i] != cli->single)
			append(buf, size, " %s", path[i]->name);
}

/* The usage lines of the command path[depth-1]: every form of a command,
 * every command of an object. */
static void usage_lines(FILE *f, const struct cli *cli,
			const struct cli_cmd *const *path, int depth)
{
	const struct cli_cmd *c = path[depth - 1], *s;
	const char *lead = "Usage: ";
	char prefix[256], sub[320], list[256];

	if (is_topic(c)) {
		fprintf(f, "%s%s help %s\n", lead, cli->prog, c->name);
		return;
	}
	prefix_of(cli, path, depth, prefix, sizeof(prefix));
	if (!c->sub) {
		synopsis(f, &lead, prefix, c->args);
		return;
	}
	for (s = c->sub; s->name; s++) {
		if (is_topic(s))
			continue;
		snprintf(sub, sizeof(sub), "%s %s", prefix, s->name);
		synopsis(f, &lead, sub, s->sub ? cmd_list(s->sub, false, list, sizeof(list))
					       : s->args);
	}
	fprintf(f, "%s%s help\n", lead, prefix);
}

/* "Usage:" and "where" lines of the tool. */
static void tool_usage(FILE *f, const struct cli *cli)
{
	bool objects = has_objects(cli->cmds);
	const struct cli_opt *o;
	char list[512];

	if (objects)
		fprintf(f, "Usage: %s [OPTIONS] OBJECT { COMMAND | help }\n"
			LEAD "%s help [OBJECT [COMMAND]]\n", cli->prog, cli->prog);
	else
		fprintf(f, "Usage: %s [OPTIONS] COMMAND [ARGS]\n"
			LEAD "%s help [COMMAND]\n", cli->prog, cli->prog);
	choice_line(f, "where  ", objects ? "OBJECT" : "COMMAND",
		    cmd_list(cli->cmds, !objects, list, sizeof(list)));
	snprintf(list, sizeof(list), "{");
	for (o = cli->opts; o && o->name; o++) {
		if (o->short_name)
			append(list, sizeof(list), " -%c", o->short_name);
		else
			append(list, sizeof(list), " --%s", o->name);
		append(list, sizeof(list), "%s%s |", o->arg ? " " : "", o->arg ? o->arg : "");
	}
	append(list, sizeof(list), " -h }");
	choice_line(f, LEAD, "OPTIONS", list);
}

/* One row of the tool's command list: "PROG name args" and the summary;
 * returns the width of the left column it wants (0: too wide). */
static int cmd_row(FILE *f, const struct cli *cli, const struct cli_cmd *c, int col)
{
	char left[256], list[256];
	const char *args = c->args ? c->args : "";
	int n;

	if (is_topic(c))
		n = snprintf(left, sizeof(left), "%s help %s", cli->prog, c->name);
	else if (c->sub)
		n = snprintf(left, sizeof(left), "%s %s %s", cli->prog, c->name,
			     cmd_list(c->sub, false, list, sizeof(list)));
	else
		n = snprintf(left, sizeof(left), "%s %s%s%.*s%s", cli->prog, c->name,
			     *args ? " " : "", (int)strcspn(args, "\n"), args,
			     strchr(args, '\n') ? " ..." : "");
	if (!f)
		return n <= ROW_COL_MAX ? n : 0;
	if (n <= col)
		fprintf(f, "  %-*s  ", col, left);
	else
		fprintf(f, "  %s\n%*s", left, col + 4, "");
	words(f, c->summary ? c->summary : "", col + 4);
	return n;
}

static void tool_help(FILE *f, const struct cli *cli)
{
	const struct cli_cmd *c;
	char help_help[128];
	int col = 0, n;

	tool_usage(f, cli);
	snprintf(help_help, sizeof(help_help), "this help; '%s help %s' for %s",
		 cli->prog, has_objects(cli->cmds) ? "OBJECT" : "COMMAND",
		 has_objects(cli->cmds) ? "an object" : "a command");
	fputc('\n', f);
	opt_rows(f, cli->opts, help_help);
	fputc('\n', f);
	for (c = cli->cmds; c->name; c++) {
		n = cmd_row(NULL, cli, c, 0);
		if (n > col)
			col = n;
	}
	for (c = cli->cmds; c->name; c++)
		cmd_row(f, cli, c, col);
	if (cli->doc)
		fprintf(f, "\n%s", cli->doc);
}

/* A one-command tool's help: its forms, the tool's options and the
 * command's together, its text. */
static void single_help(FILE *f, const struct cli *cli)
{
	const struct cli_cmd *c = cli->single;
	const struct cli_opt *lists[2] = { cli->opts, c->opts }, *o;
	struct cli_opt all[32] = {};
	const char *lead = "Usage: ";
	char prefix[128];
	size_t n = 0;
	int i;

	snprintf(prefix, sizeof(prefix), "%s [OPTIONS]", cli->prog);
	synopsis(f, &lead, prefix, c->args);
	fputc('\n', f);
	/* One column for both lists (the last entry stays the end). */
	for (i = 0; i < 2; i++)
		for (o = lists[i]; o && o->name && n + 1 < sizeof(all) / sizeof(all[0]); o++)
			all[n++] = *o;
	opt_rows(f, all, "this help");
	doc(f, c);
	if (cli->doc)
		fprintf(f, "\n%s", cli->doc);
}

/* The help of path[depth-1]; depth 0: the tool's. */
static int help(FILE *f, const struct cli *cli, const struct cli_cmd *const *path,
		int depth)
{
	const struct cli_cmd *c;

	if (cli->single) {
		single_help(f, cli);
		return 0;
	}

	if (!depth) {
		tool_help(f, cli);
		return 0;
	}
	c = path[depth - 1];
	if (c->flags & CLI_RAW) {
		char *argv[] = { (char *)c->name, "--help", NULL };

		fflush(f);
		return c->run(2, argv);
	}
	if (is_topic(c)) {
		doc(f, c);
		return 0;
	}
	usage_lines(f, cli, path, depth);
	if (c->opts) {
		fputc('\n', f);
		opt_rows(f, c->opts, NULL);
	}
	/* The commands of an object share its text ("where ROLE := ..."). */
	if (!c->doc && !c->doc_fn && depth > 1)
		doc(f, path[depth - 2]);
	else
		doc(f, c);
	return 0;
}

int cli_help(const struct cli *cli, int argc, char **argv, FILE *f)
{
	const struct cli_cmd *path[MAX_DEPTH], *tbl = cli->cmds;
	int i;

	if (argc > MAX_DEPTH)
		return -1;
	for (i = 0; i < argc; i++) {
		path[i] = find_cmd(tbl, argv[i]);
		if (!path[i])
			return -1;
		tbl = path[i]->sub;
	}
	return help(f, cli, path, argc);
}

/* --- parsing ------------------------------------------------------------ */

static void apply(struct parse *p, const struct cli_opt *o, const char *spelled,
		  const char *arg)
{
	struct cli_list *l;

	switch (o->kind) {
	case CLI_FLAG:
		*(bool *)o->dest = true;
		break;
	case CLI_COUNT:
		(*(int *)o->dest)++;
		break;
	case CLI_STRING:
		if ((o->flags & CLI_ONCE) && *(const char **)o->dest)
			fail(p, "%s given twice", spelled);
		else
			*(const char **)o->dest = arg;
		break;
	case CLI_LIST:
		l = o->dest;
		if (l->n == l->max)
			fail(p, "more than %d %s options", l->max, spelled);
		else
			l->v[l->n++] = arg;
		break;
	}
}

/* An option that no scope here knows: unknown, or another command's. */
static void refuse(struct parse *p, const char *name, size_t len, char short_name,
		   const char *spelled)
{
	const struct cli_opt *o;
	char path[NAME_MAX_LEN];

	path_name(p, path, sizeof(path));
	if (p->depth && opt_owner(p->cli->cmds, name, len, short_name, &o))
		fail(p, "option %s is not one of %s's; try '%s help %s'", spelled,
		     path, p->cli->prog, path);
	else
		fail(p, "unknown option '%s'; try '%s help%s%s'", spelled,
		     p->cli->prog, path[0] ? " " : "", path);
}

/*
 * The option name/len (long) or short_name at argv[*i]; inline is its
 * "=ARG" or the rest of a "-xARG" word (NULL: none). Returns true when it
 * took inline as its argument.
 */
static bool take_option(struct parse *p, const char *name, size_t len,
			char short_name, const char *inline_arg, int argc,
			char **argv, int *i)
{
	const struct cli_cmd *c = cur(p), *tbl = table(p);
	const struct cli_opt *o;
	const char *arg = NULL;
	char spelled[NAME_MAX_LEN];
	bool later = false;

	if (name)
		snprintf(spelled, sizeof(spelled), "--%.*s", (int)len, name);
	else
		snprintf(spelled, sizeof(spelled), "-%c", short_name);
	if (name ? len == 4 && !strncmp(name, "help", 4) : short_name == 'h') {
		p->help = true;
		return false;
	}
	o = find_opt(p->cli->opts, name, len, short_name);
	if (!o && c)
		o = find_opt(c->opts, name, len, short_name);
	/* A command's option before the command: its owner below says
	 * whether it takes an argument; the command chosen takes it. */
	if (!o && tbl && opt_owner(tbl, name, len, short_name, &o))
		later = true;
	if (!o) {
		refuse(p, name, len, short_name, spelled);
		return false;
	}
	if (takes_arg(o)) {
		if (inline_arg)
			arg = inline_arg;
		else if (*i + 1 < argc)
			arg = argv[++*i];
		else
			fail(p, "option '%s' needs an argument", spelled);
	} else if (name && inline_arg) {
		fail(p, "option '%s' takes no argument", spelled);
	}
	if (p->failed)
		return false;
	if (later) {
		struct pending *q = &p->pend[p->npend++];

		q->name = name;
		q->len = len;
		q->short_name = short_name;
		q->arg = arg;
		snprintf(q->spelled, sizeof(q->spelled), "%s", spelled);
	} else {
		apply(p, o, spelled, arg);
	}
	return arg && arg == inline_arg;
}

/* -x, -xARG, -xyz (flags together), --name, --name=ARG. */
static void option(struct parse *p, int argc, char **argv, int *i)
{
	const char *w = argv[*i], *eq, *s;

	if (w[1] == '-') {
		eq = strchr(w + 2, '=');
		take_option(p, w + 2, eq ? (size_t)(eq - w - 2) : strlen(w + 2), 0,
			    eq ? eq + 1 : NULL, argc, argv, i);
		return;
	}
	for (s = w + 1; *s && !p->failed; s++)
		if (take_option(p, NULL, 0, *s, s[1] ? s + 1 : NULL, argc, argv, i))
			return;
}

/* A word that is not an option: a command while one is being chosen,
 * else an argument. */
static void word(struct parse *p, char *w)
{
	const struct cli_cmd *tbl = table(p), *c = cur(p), *found;
	char list[256], path[NAME_MAX_LEN];

	if (!tbl) {
		if (!p->help)
			p->pos[p->npos++] = w;
		return;
	}
	if (!strcmp(w, "help")) {
		p->help = true;
		return;
	}
	found = find_cmd(tbl, w);
	if (found && p->depth < MAX_DEPTH) {
		p->path[p->depth++] = found;
		return;
	}
	p->bad_word = true;
	cmd_list(tbl, false, list, sizeof(list));
	if (c)
		fail(p, "unknown %s command '%s' (COMMAND := %s); try '%s %s help'",
		     path_name(p, path, sizeof(path)), w, list, p->cli->prog, path);
	else if (has_objects(tbl))
		fail(p, "unknown object '%s' (OBJECT := %s); try '%s help'", w,
		     list, p->cli->prog);
	else
		fail(p, "unknown command '%s' (COMMAND := %s); try '%s help'", w,
		     list, p->cli->prog);
}

/* After a failure the rest of the line cannot be parsed (an unknown
 * option may take the next word), but -j and -h there still count, so
 * that the error is JSON or the help is printed. */
static void scan_rest(struct parse *p, int argc, char **argv, int i)
{
	const struct cli_opt *o;
	const char *w;

	for (; i < argc && strcmp(argv[i], "--"); i++) {
		w = argv[i];
		if (!strcmp(w, "-h") || !strcmp(w, "--help"))
			p->help = true;
		if (w[0] != '-')
			continue;
		if (w[1] == '-')
			o = find_opt(p->cli->opts, w + 2, strlen(w + 2), 0);
		else
			o = w[1] && !w[2] ? find_opt(p->cli->opts, NULL, 0, w[1]) : NULL;
		if (o && !takes_arg(o))
			apply(p, o, w, NULL);
	}
}

/* The error, then (on the tool's own command line, in text) the usage of
 * what was being said; a line of a batch gets the error alone. */
static void report(struct parse *p, bool usage)
{
	const struct cli *cli = p->cli;

	if (cli->error)
		cli->error(p->err);
	else
		jout_error("%s", p->err);
	if (!usage || (cli->json && *cli->json))
		return;
	/* The usage of what was being said, in text. */
	fflush(stdout);
	if (p->depth)
		usage_lines(stderr, cli, p->path, p->depth);
	else
		tool_usage(stderr, cli);
}

/* The command is chosen: its default if it is an object, the options
 * given before it. */
static const struct cli_cmd *settle(struct parse *p)
{
	const struct cli_cmd *c = cur(p), *d;
	const struct cli_opt *o;
	char list[256], path[NAME_MAX_LEN];
	int i;

	if (c && c->sub) {
		for (d = c->sub; d->name && !(d->flags & CLI_DEFAULT); d++)
			;
		if (!d->name) {
			path_name(p, path, sizeof(path));
			fail(p, "%s: missing command (COMMAND := %s); try '%s %s help'",
			     path, cmd_list(c->sub, false, list, sizeof(list)),
			     p->cli->prog, path);
			return NULL;
		}
		if (p->depth == MAX_DEPTH) {
			fail(p, "%s: commands nest too deep", d->name);
			return NULL;
		}
		p->path[p->depth++] = c = d;
	}
	if (is_topic(c)) {
		fail(p, "'%s' is a help topic; try '%s help %s'", c->name,
		     p->cli->prog, c->name);
		return NULL;
	}
	for (i = 0; i < p->npend && !p->failed; i++) {
		struct pending *q = &p->pend[i];

		o = find_opt(c->opts, q->name, q->len, q->short_name);
		if (o)
			apply(p, o, q->spelled, q->arg);
		else
			refuse(p, q->name, q->len, q->short_name, q->spelled);
	}
	return p->failed ? NULL : c;
}

static int usage_exit(const struct cli *cli)
{
	return cli->usage_exit ? cli->usage_exit : 1;
}

static int run(const struct cli *cli, int argc, char **argv, int first,
	       bool start)
{
	struct parse p = { .cli = cli };
	const struct cli_cmd *c;
	int i = first, ret, raw = -1;

	p.pos = calloc(argc + 1, sizeof(*p.pos));
	p.pend = calloc(argc + 1, sizeof(*p.pend));
	if (!p.pos || !p.pend)
		fail(&p, "out of memory");
	/* A one-command tool is its command from the first word on. */
	if (cli->single)
		p.path[p.depth++] = cli->single;
	for (; i < argc && !p.failed; i++) {
		char *w = argv[i];

		if (!p.dashdash && !strcmp(w, "--")) {
			p.dashdash = true;
			c = cur(&p);
			if (c && !table(&p) && (c->flags & CLI_DASHDASH))
				p.pos[p.npos++] = w;
		} else if (!p.dashdash && w[0] == '-' && w[1] && !isdigit((unsigned char)w[1])) {
			option(&p, argc, argv, &i);
		} else {
			word(&p, w);
			c = cur(&p);
			if (!p.help && c && (c->flags & CLI_RAW)) {
				raw = i;
				break;
			}
		}
	}
	if (p.failed)
		scan_rest(&p, argc, argv, i);
	if (start && cli->start)
		cli->start();
	if (p.help && !p.bad_word) {
		ret = help(stdout, cli, p.path, p.depth);
		goto out;
	}
	if (p.failed)
		goto fail;
	if (!p.depth) {
		if (cli->json && *cli->json) {
			fail(&p, "missing %s; try '%s help'",
			     has_objects(cli->cmds) ? "OBJECT" : "COMMAND", cli->prog);
			goto fail;
		}
		tool_help(stderr, cli);
		ret = usage_exit(cli);
		goto out;
	}
	c = settle(&p);
	if (!c)
		goto fail;
	if (raw >= 0) {
		ret = c->run(argc - raw, argv + raw);
	} else if (p.npos == 1 && !strcmp(p.pos[0], "help")) {
		ret = help(stdout, cli, p.path, p.depth);
	} else {
		ret = c->run(p.npos, p.pos);
	}
	goto out;
fail:
	report(&p, start);
	ret = usage_exit(cli);
out:
	free(p.pos);
	free(p.pend);
	return ret;
}

int cli_main(const struct cli *cli, int argc, char **argv)
{
	int ret = run(cli, argc, argv, 1, true);

	jout_finish();
	return ret;
}

int cli_run(const struct cli *cli, int argc, char **argv)
{
	return run(cli, argc, argv, 0, false);
}
