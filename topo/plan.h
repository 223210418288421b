/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What each node of the model is configured with, as the tools take it:
 * ip commands (argv words) for its namespace, sysctls, and for a switch the
 * closctl batch of its tables, its port names quoted. Computed from the model alone (no system
 * state), so it can be read, tested and replayed by hand.
 *
 * Nexthop id on a switch = port index + 1 (every port has one neighbour);
 * a leaf's ECMP group 1 holds all its uplinks.
 */
#ifndef CLOS_TOPO_PLAN_H
#define CLOS_TOPO_PLAN_H

#include <stddef.h>
#include "model.h"

#define TOPO_UPLINK_GROUP	1

/* Lines of text, each ended by '\n'. err is set (-ENOMEM) when one could
 * not be added; the text is then incomplete and must not be used. The
 * topo_plan_*() calls below add to it and leave that check to the user. */
struct topo_text {
	char *buf;
	size_t len, cap;
	int err;
};

void topo_text_addf(struct topo_text *x, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Empty it for the next node (keeps the buffer). */
void topo_text_reset(struct topo_text *x);
void topo_text_free(struct topo_text *x);

/* Commands as argv words, never as text that a tool splits again: an
 * interface name may hold '#', quotes or anything else the kernel allows
 * (lib/os/ifname.h). Each command's words are followed by a NULL. err is
 * set (-ENOMEM) when a word could not be added; the list is then
 * incomplete and must not be run. */
#define TOPO_CMD_MAX_WORDS	128	/* a leaf's multipath route: 3 + 5 per spine */
struct topo_cmds {
	char **w;
	size_t len, cap;
	int err;
};

/* One command of the given words (NULL-terminated). */
void topo_cmd(struct topo_cmds *c, ...) __attribute__((sentinel));
/* A command built a word at a time: words, then topo_cmd_end(). */
void topo_cmd_word(struct topo_cmds *c, const char *word);
void topo_cmd_end(struct topo_cmds *c);
/* The command after the one at words (NULL: the first); NULL at the end:
 *	for (w = topo_cmd_next(c, NULL); w; w = topo_cmd_next(c, w)) */
char **topo_cmd_next(const struct topo_cmds *c, char **words);
void topo_cmds_reset(struct topo_cmds *c);
void topo_cmds_free(struct topo_cmds *c);

/* The sysctls ("key=value", NULL-terminated) of node n's namespace that
 * its links must be created under (they take the defaults then). */
const char *const *topo_plan_early_sysctls(const struct topo *t,
					   const struct topo_node *n);

/* The sysctls ("key=value", NULL-terminated) of node n's namespace. */
const char *const *topo_plan_sysctls(const struct topo *t,
				     const struct topo_node *n);

/* Node n's lo, ports' MACs and addresses, links up: ip commands (the
 * words after "ip -n NETNS"). */
void topo_plan_ip_config(const struct topo *t, const struct topo_node *n,
			 struct topo_cmds *ip);

/* The kernel routes of node n (hosts: default via the leaf; switches: what
 * their own CPU traffic needs, none with routing bgp, where FRR puts them):
 * ip commands, once every link is up. */
void topo_plan_ip_routes(const struct topo *t, const struct topo_node *n,
			 struct topo_cmds *ip);

/* The clos tables of switch n (nexthops, host ports, groups, routes) as
 * closctl batch lines, for after attach: port names in quotes (a '#' would
 * start a comment), group members by nexthop id. With routing bgp only the host
 * ports: clos-fibsync fills the tables from the kernel FIB. */
void topo_plan_tables(const struct topo *t, const struct topo_node *n,
		      struct topo_text *batch);

#endif /* CLOS_TOPO_PLAN_H */
