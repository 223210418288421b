/* SPDX-License-Identifier: GPL-2.0 */
/* closctl internals: global options, the switch being worked on, and the
 * objects' command tables (lib/os/cli.h). */
#ifndef CLOSCTL_H
#define CLOSCTL_H

#include "jsonout.h"

#include <stdbool.h>
#include <stdio.h>
#include "cli.h"
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

/* Run one more command line, OBJECT COMMAND ARGS (argv[0] is OBJECT), as
 * main() runs its own: for closctl batch. Returns 0 or non-zero. */
int ctl_run(int argc, char **argv);

/* Run the lines of f as closctl batch does (file names f in messages).
 * Returns 0 or -1. tests/fuzz feeds it lines from memory. */
int ctl_batch(FILE *f, const char *file);

/* The "KEYWORD VALUE" pairs of argv: vals[i] becomes the value given for
 * kws[i], or stays NULL. An unknown keyword, one given twice or without a
 * value is an error printed as "<ctx>: ..." (returns -1). */
int ctl_keywords(const char *ctx, int argc, char **argv,
		 const char *const *kws, const char **vals, int n);

/* The fields of a flow, as route get and trace take them: a port 0..65535,
 * a protocol (udp, tcp, a name of /etc/protocols or a number 0..255).
 * Errors are printed as "<ctx>: ..." (returns -1). */
int ctl_flow_port(const char *ctx, const char *what, const char *s, __u16 *port);
int ctl_flow_proto(const char *ctx, const char *s, __u8 *proto);
/* A route's action (CLOS_RT_*) as route get and trace print it. */
const char *ctl_route_action_name(__u32 action);

/* Print an error (text or JSON, see jout_error) and return -1. */
#define ctl_error(...)	jout_fail(-1, __VA_ARGS__)

/* Open the switch named by -s, or the only one attached. Prints the error
 * and returns -1 when there is none, several, or it cannot be opened. */
int ctl_switch(void);
/* Like ctl_switch() but quietly returns -1 when no switch is chosen. */
int ctl_switch_optional(void);
/* ctl_switch() for a command that writes: also takes the switch's writer
 * lock (clos_switch_lock), held until ctl_switch_unlock(), so the link
 * watcher's and the FIB sync's changes are never undone by a stale
 * read-modify-write. Prints "switch S: ... is busy" when another writer
 * holds it for CLOS_LOCK_WAIT_MS. */
int ctl_switch_write(void);
/* After each command (each batch line): release the lock if held. */
void ctl_switch_unlock(void);

/* The objects (ctl/cmd_*.c): their commands, and the help text after the
 * usage lines that the command table gives. */
extern const struct cli_cmd table_cmds[], group_cmds[], port_cmds[],
	qos_cmds[], queue_cmds[], route_cmds[], stats_cmds[], counters_cmds[],
	fib_cmds[];
extern const char tables_doc[], stats_doc[], counters_doc[], batch_doc[], fib_doc[];
extern const char capture_doc[], trace_doc[];
extern const struct cli_opt capture_opts[];
void table_doc(FILE *f);
void group_doc(FILE *f);
void port_doc(FILE *f);
void qos_doc(FILE *f);
void queue_doc(FILE *f);
void route_doc(FILE *f);

int do_tables(int argc, char **argv);
int do_batch(int argc, char **argv);
int do_capture(int argc, char **argv);
int do_trace(int argc, char **argv);

#endif /* CLOSCTL_H */
