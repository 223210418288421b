/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What each node of the model is configured with, as the text the tools
 * take: `ip -batch` lines for its namespace, sysctls, and for a switch the
 * closctl batch of its tables. Computed from the model alone (no system
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

/* The sysctls ("key=value", NULL-terminated) of node n's namespace that
 * its links must be created under (they take the defaults then). */
const char *const *topo_plan_early_sysctls(const struct topo *t,
					   const struct topo_node *n);

/* The sysctls ("key=value", NULL-terminated) of node n's namespace. */
const char *const *topo_plan_sysctls(const struct topo *t,
				     const struct topo_node *n);

/* Node n's lo, ports' MACs and addresses, links up: `ip -batch` lines. */
void topo_plan_ip_config(const struct topo *t, const struct topo_node *n,
			 struct topo_text *ip);

/* The kernel routes of node n (hosts: default via the leaf; switches: what
 * their own CPU traffic needs, none with routing bgp, where FRR puts them):
 * `ip -batch` lines, once every link is up. */
void topo_plan_ip_routes(const struct topo *t, const struct topo_node *n,
			 struct topo_text *ip);

/* The clos tables of switch n (nexthops, host ports, groups, routes) as
 * closctl batch lines, for after attach. With routing bgp only the host
 * ports: clos-fibsync fills the tables from the kernel FIB. */
void topo_plan_tables(const struct topo *t, const struct topo_node *n,
		      struct topo_text *batch);

#endif /* CLOS_TOPO_PLAN_H */
