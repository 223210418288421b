/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The routing daemons of a `routing: bgp` fabric, per switch: FRR's zebra,
 * bfdd and bgpd (Debian's, from TOPO_FRR_SBIN) inside the switch's
 * namespace, and clos-fibsync, which mirrors the FIB zebra writes into the
 * switch's clos tables. Everything of switch NODE is in
 *
 *   /run/clos/<fabric>.bgp/<NODE>/   {zebra,bfdd,bgpd}.{conf,pid,log},
 *                                    fibsync.{pid,log}, startup.log
 *
 * (owned by user frr, which the daemons run as), and FRR's sockets are in
 * /run/frr/<netns>, the daemons' -N pathspace: `vtysh -N <netns>` talks to
 * them. Stopping goes by those pid files alone, so it also works after
 * clos-topo or a daemon crashed.
 */
#ifndef CLOS_TOPO_ROUTING_H
#define CLOS_TOPO_ROUTING_H

#include <stdbool.h>
#include "err.h"
#include "frr_conf.h"
#include "model.h"

#define TOPO_FRR_SBIN		"/usr/lib/frr"
#define TOPO_FRR_RUN_DIR	"/run/frr"

/* Write switch n's FRR configuration and start its daemons. */
int topo_frr_start(const struct topo *t, const struct topo_node *n,
		   struct clos_err *err);

/* Sync switch n's tables once with clos-fibsync, then start it in the
 * background. */
int topo_fibsync_start(const struct topo *t, const struct topo_node *n,
		       struct clos_err *err);

/* Stop every routing daemon of the fabric (clos-fibsync first, then bgpd,
 * bfdd, zebra) and remove their files. Idempotent. */
void topo_routing_stop(const char *fabric, bool verbose);
/* The same for the switches this run builds: the selected box's (another
 * box may be this machine too), or all. */
void topo_routing_stop_here(const struct topo *t, bool verbose);

bool topo_frr_running(const struct topo *t, const struct topo_node *n,
		      enum topo_frr_daemon d);
bool topo_fibsync_running(const struct topo *t, const struct topo_node *n);

#endif /* CLOS_TOPO_ROUTING_H */
