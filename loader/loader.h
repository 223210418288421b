/* SPDX-License-Identifier: GPL-2.0 */
/* clos-loader: the commands and the helpers they share. */
#ifndef CLOS_LOADER_H
#define CLOS_LOADER_H

#include <stdbool.h>
#include "clos/abi.h"
#include "cli.h"
#include "jsonout.h"

/* The tool's options, set by the command line (main.c). */
struct loader_opts {
	bool json;
	bool pretty;
	int verbose;
};

extern struct loader_opts opts;

/* Exit codes: 0 ok, 1 the command failed, 2 the command line is wrong. */
#define EXIT_USAGE	2

/* Commands: argv holds their arguments, options taken out (lib/os/cli.h);
 * the commands' own options, and their help after the usage lines. */
int cmd_attach(int argc, char **argv);
int cmd_detach(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_watch(int argc, char **argv);
extern const struct cli_opt attach_opts[], watch_opts[];
extern const char attach_doc[], detach_doc[], list_doc[], watch_doc[];

/* Output goes through lib/jsonout.h: one call per value prints text or
 * adds it to the JSON document, and jout_error() prints "Error: ..." on
 * stderr or {"error": "..."} on stdout under -j. */
const char *loader_role_name(__u8 role);
const char *loader_mode_name(__u8 mode);
const char *loader_xdp_mode_name(int mode);

#endif /* CLOS_LOADER_H */
