/* SPDX-License-Identifier: GPL-2.0 */
/* closctl internals: global options, the switch being worked on, and the
 * bpftool-style command dispatch shared by every object. */
#ifndef CLOSCTL_H
#define CLOSCTL_H

#include <stdbool.h>
#include "switch.h"

struct ctl {
	const char *switch_name;	/* -s, or the only attached switch */
	char only_switch[CLOS_SWITCH_NAMSIZ];
	bool json;
	bool pretty;
	bool verbose;
	bool sw_open;
	struct clos_switch sw;
};

extern struct ctl ctl;

/* One command of an object; argv starts after the command word. */
struct cmd {
	const char *cmd;
	int (*func)(int argc, char **argv);
};

/* Run the command argv[0] from cmds (NULL-terminated; when argc is 0 the
 * first one runs). "help", "-h" and "--help" print help() instead, as does
 * "-h"/"--help" anywhere after the command. Returns 0 or -1. */
int cmd_select(const struct cmd *cmds, int argc, char **argv,
	       const char *object, void (*help)(void));

bool is_help(const char *arg);

/* The "KEYWORD VALUE" pairs of argv: vals[i] becomes the value given for
 * kws[i], or stays NULL. An unknown keyword, one given twice or without a
 * value is an error printed as "<ctx>: ..." (returns -1). */
int ctl_keywords(const char *ctx, int argc, char **argv,
		 const char *const *kws, const char **vals, int n);

/* Print an error (text or JSON, see jout_error) and return -1. */
int ctl_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Open the switch named by -s, or the only one attached. Prints the error
 * and returns -1 when there is none, several, or it cannot be opened. */
int ctl_switch(void);
/* Like ctl_switch() but quietly returns -1 when no switch is chosen. */
int ctl_switch_optional(void);

int do_tables(int argc, char **argv);
int do_table(int argc, char **argv);
int do_group(int argc, char **argv);
int do_port(int argc, char **argv);
int do_stats(int argc, char **argv);
int do_counters(int argc, char **argv);
int do_qos(int argc, char **argv);
int do_queue(int argc, char **argv);
int do_route(int argc, char **argv);
int do_batch(int argc, char **argv);

/* closctl's objects (main.c), NULL-terminated: batch runs its lines
 * through them. */
extern const struct cmd objects[];

#endif /* CLOSCTL_H */
