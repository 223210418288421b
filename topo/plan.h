/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The addressing plan and the tables it implies, computed from the model
 * alone (no system state), so it can be printed, tested and then applied.
 *
 * Addresses (r = rack = leaf index, k = host index in the rack, s = spine
 * index, all 1-based):
 *   rack r aggregate      10.1.r.0/24            fd00:1:r::/48
 *   host k link (/31,/64) leaf 10.1.r.(2k-2)     fd00:1:r:k::1
 *                         host 10.1.r.(2k-1)     fd00:1:r:k::2
 *   leaf r - spine s link spine 10.255.r.(2s-2)  fd00:ff:r:s::1
 *                         leaf  10.255.r.(2s-1)  fd00:ff:r:s::2
 * MACs: 02:c1:FF:NN:PP:00 (FF fabric, NN node, PP port).
 * Nexthop id on a switch = port index + 1 (every port has one neighbour);
 * a leaf's ECMP group 1 holds all its uplinks.
 */
#ifndef CLOS_TOPO_PLAN_H
#define CLOS_TOPO_PLAN_H

#include "model.h"

#define TOPO_UPLINK_GROUP	1

/* Fill in every port's MAC and addresses, and every switch's seed. */
void topo_plan(struct topo *t);

/* One line of configuration for a node. For switches these are closctl
 * entries ("table add ...", "group set ..."); for every node, "ip ..."
 * commands run inside its namespace. */
enum topo_line_kind {
	TOPO_LINE_IP,		/* an `ip -batch` line (family from the addresses) */
	TOPO_LINE_SYSCTL,	/* "key=value" */
	TOPO_LINE_CLOSCTL,	/* closctl words after "-s SWITCH" */
};

typedef int (*topo_emit_fn)(void *ctx, const struct topo_node *n,
			    enum topo_line_kind kind, const char *line);

/* Addresses, MACs, links up, sysctls inside node n's namespace. */
int topo_plan_node_config(const struct topo *t, const struct topo_node *n,
			  topo_emit_fn emit, void *ctx);

/* The kernel routes of node n (hosts: default via the leaf; switches: what
 * their own CPU traffic needs). Run once every link is up. */
int topo_plan_node_routes(const struct topo *t, const struct topo_node *n,
			  topo_emit_fn emit, void *ctx);

/* The clos tables of switch n (nexthops, groups, routes), after attach. */
int topo_plan_switch_tables(const struct topo *t, const struct topo_node *n,
			    topo_emit_fn emit, void *ctx);

/* Names derived from the fabric: namespace, switch (pins) and its parts. */
void topo_netns_name(const struct topo *t, const struct topo_node *n,
		     char *buf, size_t len);
void topo_switch_name(const struct topo *t, const struct topo_node *n,
		      char *buf, size_t len);
void topo_format_mac(const __u8 *mac, char *buf, size_t len);

#endif /* CLOS_TOPO_PLAN_H */
