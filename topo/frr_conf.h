/* SPDX-License-Identifier: GPL-2.0 */
/*
 * FRR's configuration of each switch of a `routing: bgp` fabric, computed
 * from the model alone, as plan.h does for the tables: eBGP as RFC 7938
 * lays it out.
 *
 *   - Every fabric link carries two sessions, IPv4 between the link's /31
 *     addresses and IPv6 between its /64 addresses, each with BFD
 *     (TOPO_BFD_INTERVAL_MS x TOPO_BFD_MULT) and fast external failover:
 *     a link that goes down drops its sessions at once, a link that goes
 *     silent within the BFD detection time.
 *   - ASNs: the spines share TOPO_SPINE_ASN, leaf r has
 *     TOPO_LEAF_ASN_BASE + r (model.h). A leaf learns rack r over every
 *     spine with the same AS path, so maximum-paths makes it multipath
 *     without as-path multipath-relax; a spine never takes a path back
 *     through another spine (its own ASN is in it).
 *   - A leaf announces its rack and nothing else: its host links are
 *     redistributed (connected) and summarised into the rack's aggregate
 *     (10.1.r.0/24, fd00:1:r::/48, summary-only), and an export policy
 *     lets out only that aggregate. Spines pass on what leaves announce.
 *   - IPv6 routes use the neighbour's global address as next hop (the
 *     link's numbered plan), not its link-local one.
 *   - No graceful restart: a peer whose bgpd dies is gone, and its routes
 *     with it, at once; the fabric has other paths.
 *   - zebra writes multipath routes with their nexthops inline, not as
 *     kernel nexthop objects (frr_conf.c says why).
 *
 * One file per daemon: zebra, bfdd (the BFD profile), bgpd.
 */
#ifndef CLOS_TOPO_FRR_CONF_H
#define CLOS_TOPO_FRR_CONF_H

#include "model.h"
#include "plan.h"

#define TOPO_BFD_INTERVAL_MS	100	/* tx and rx */
#define TOPO_BFD_MULT		3	/* detection: 3 x 100 ms */
#define TOPO_BGP_KEEPALIVE_S	3
#define TOPO_BGP_HOLD_S		9
#define TOPO_BGP_CONNECT_S	2	/* retry a session that did not come up */
#define TOPO_BFD_PROFILE	"fabric"

/* The daemons of a switch, in the order they start (zebra first: the
 * others talk to it; bfdd before bgpd, which asks it for sessions). */
enum topo_frr_daemon {
	TOPO_FRR_ZEBRA,
	TOPO_FRR_BFDD,
	TOPO_FRR_BGPD,
	TOPO_FRR_DAEMONS,
};

const char *topo_frr_daemon_name(enum topo_frr_daemon d);

/* Daemon d's configuration for switch n; it logs to logfile. */
void topo_frr_conf(const struct topo *t, const struct topo_node *n,
		   enum topo_frr_daemon d, const char *logfile,
		   struct topo_text *conf);

#endif /* CLOS_TOPO_FRR_CONF_H */
