/* SPDX-License-Identifier: GPL-2.0 */
/* Bringing a planned fabric up and down on this machine. Everything created
 * carries the fabric's prefix: namespaces "clos-<fabric>-<node>", switches
 * (pins) "<fabric>-<node>", the watcher's pid file /run/clos/<fabric>.watch.pid,
 * routing bgp: the daemons' files under /run/clos/<fabric>.bgp/ (routing.h). */
#ifndef CLOS_TOPO_FABRIC_H
#define CLOS_TOPO_FABRIC_H

#include <stdbool.h>
#include "err.h"
#include "model.h"

#define TOPO_RUN_DIR	"/run/clos"

/* Create namespaces, links, addresses, switches, tables and the link
 * watcher (routing bgp: FRR and clos-fibsync per switch instead). On
 * failure everything is torn down again. */
int topo_up(struct topo *t, struct clos_err *err);

/* Remove what up makes of t: its routing daemons, watcher, switches and
 * namespaces, each by its whole name (another fabric's name may start with
 * this one's). Idempotent; works after a crashed up. */
int topo_down(const struct topo *t, bool verbose);

/* Does anything of this fabric exist? */
bool topo_fabric_present(const struct topo *t);

#endif /* CLOS_TOPO_FABRIC_H */
