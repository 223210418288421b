/* SPDX-License-Identifier: GPL-2.0 */
/* clos-loader: the commands and the helpers they share. */
#ifndef CLOS_LOADER_H
#define CLOS_LOADER_H

#include <stdbool.h>
#include "clos/abi.h"
#include "jsonout.h"

/* Global options, set once by main(). */
struct loader_opts {
	bool json;
	bool pretty;
	int verbose;
};

extern struct loader_opts opts;

/* Exit codes: 0 ok, 1 the command failed, 2 the command line is wrong. */
#define EXIT_USAGE	2

/* Options every command takes, before or after its name: -j -p -v -h. */
#define LOADER_COMMON_SHORTOPTS	"jpvh"
#define LOADER_COMMON_LONGOPTS				\
	{ "json",	no_argument, NULL, 'j' },	\
	{ "pretty",	no_argument, NULL, 'p' },	\
	{ "verbose",	no_argument, NULL, 'v' },	\
	{ "help",	no_argument, NULL, 'h' }

/* Apply common option c; false when c is not one (a usage error). */
bool loader_common_opt(int c);

/* Commands: argc/argv start at the command name. */
int cmd_attach(int argc, char **argv);
int cmd_detach(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_watch(int argc, char **argv);

/* Output goes through lib/jsonout.h: one call per value prints text or
 * adds it to the JSON document, and jout_error() prints "Error: ..." on
 * stderr or {"error": "..."} on stdout under -j. */
const char *loader_role_name(__u8 role);
const char *loader_mode_name(__u8 mode);
const char *loader_xdp_mode_name(int mode);

#endif /* CLOS_LOADER_H */
