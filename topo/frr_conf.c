// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include "frr_conf.h"

const char *topo_frr_daemon_name(enum topo_frr_daemon d)
{
	switch (d) {
	case TOPO_FRR_ZEBRA:
		return "zebra";
	case TOPO_FRR_BFDD:
		return "bfdd";
	default:
		return "bgpd";
	}
}

static void header(const struct topo *t, const struct topo_node *n,
		   enum topo_frr_daemon d, const char *logfile,
		   struct topo_text *c)
{
	topo_text_addf(c, "! %s of %s in fabric %s: written by clos-topo up from %s",
		       topo_frr_daemon_name(d), n->name, t->name, t->file);
	topo_text_addf(c, "hostname %s", n->name);
	topo_text_addf(c, "log file %s informational", logfile);
	topo_text_addf(c, "!");
}

static void bfdd_conf(struct topo_text *c)
{
	topo_text_addf(c, "bfd");
	topo_text_addf(c, " profile %s", TOPO_BFD_PROFILE);
	topo_text_addf(c, "  detect-multiplier %d", TOPO_BFD_MULT);
	topo_text_addf(c, "  receive-interval %d", TOPO_BFD_INTERVAL_MS);
	topo_text_addf(c, "  transmit-interval %d", TOPO_BFD_INTERVAL_MS);
	topo_text_addf(c, " exit");
	topo_text_addf(c, "exit");
}

/* Does switch n have a BGP neighbour on port p (a switch at the other end)? */
static bool fabric_port(const struct topo *t, const struct topo_port *p)
{
	return topo_is_switch(topo_peer(t, p));
}

/* A leaf's policies: what it redistributes (its host links), what it
 * announces (its rack's aggregates only). */
static void leaf_policy(const struct topo_node *n, struct topo_text *c)
{
	struct topo_prefix pfx[TOPO_RACK_PREFIXES];

	/* pfx[0] and pfx[2]: the rack's hosts, IPv4 and IPv6. */
	topo_rack_prefixes(n->rack, pfx);
	topo_text_addf(c, "ip prefix-list HOST-LINKS seq 10 permit %s le 32", pfx[0].str);
	topo_text_addf(c, "ip prefix-list RACK seq 10 permit %s", pfx[0].str);
	topo_text_addf(c, "ipv6 prefix-list HOST-LINKS seq 10 permit %s le 128", pfx[2].str);
	topo_text_addf(c, "ipv6 prefix-list RACK seq 10 permit %s", pfx[2].str);
	topo_text_addf(c, "!");
	topo_text_addf(c, "route-map HOST-LINKS-V4 permit 10");
	topo_text_addf(c, " match ip address prefix-list HOST-LINKS");
	topo_text_addf(c, "exit");
	topo_text_addf(c, "route-map HOST-LINKS-V6 permit 10");
	topo_text_addf(c, " match ipv6 address prefix-list HOST-LINKS");
	topo_text_addf(c, "exit");
	topo_text_addf(c, "route-map EXPORT-V4 permit 10");
	topo_text_addf(c, " match ip address prefix-list RACK");
	topo_text_addf(c, "exit");
	topo_text_addf(c, "route-map EXPORT-V6 permit 10");
	topo_text_addf(c, " match ipv6 address prefix-list RACK");
	topo_text_addf(c, "exit");
}

/* The address family block of family (AF_INET, AF_INET6). */
static void bgp_af(const struct topo_node *n, int family, int maxpaths,
		   struct topo_text *c)
{
	struct topo_prefix pfx[TOPO_RACK_PREFIXES];
	bool v4 = family == AF_INET;
	const char *fam = v4 ? "V4" : "V6";

	topo_rack_prefixes(n->rack, pfx);
	topo_text_addf(c, " address-family %s unicast", v4 ? "ipv4" : "ipv6");
	if (n->kind == TOPO_LEAF) {
		topo_text_addf(c, "  redistribute connected route-map HOST-LINKS-%s", fam);
		topo_text_addf(c, "  aggregate-address %s summary-only",
			       pfx[v4 ? 0 : 2].str);
	}
	topo_text_addf(c, "  neighbor FABRIC-%s activate", fam);
	if (n->kind == TOPO_LEAF)
		topo_text_addf(c, "  neighbor FABRIC-%s route-map EXPORT-%s out", fam, fam);
	if (!v4)
		topo_text_addf(c, "  neighbor FABRIC-V6 route-map GLOBAL-NEXTHOP in");
	topo_text_addf(c, "  maximum-paths %d", maxpaths);
	topo_text_addf(c, " exit-address-family");
}

static void bgpd_conf(const struct topo *t, const struct topo_node *n,
		      struct topo_text *c)
{
	char a[TOPO_ADDR_STRLEN];
	int p, f, peers = 0;

	for (p = 0; p < n->num_ports; p++)
		peers += fabric_port(t, &n->ports[p]);
	if (n->kind == TOPO_LEAF) {
		leaf_policy(n, c);
		topo_text_addf(c, "!");
	}
	topo_text_addf(c, "route-map GLOBAL-NEXTHOP permit 10");
	topo_text_addf(c, " set ipv6 next-hop prefer-global");
	topo_text_addf(c, "exit");
	topo_text_addf(c, "!");
	topo_text_addf(c, "router bgp %u", n->asn);
	/* Any of its own addresses is unique in the fabric. */
	topo_text_addf(c, " bgp router-id %s",
		       topo_port_addr(&n->ports[0], AF_INET, false, a, sizeof(a)));
	topo_text_addf(c, " bgp log-neighbor-changes");
	topo_text_addf(c, " no bgp default ipv4-unicast");
	/* The policies are the leaves' export filters above; a spine passes
	 * on what the leaves announce. */
	topo_text_addf(c, " no bgp ebgp-requires-policy");
	topo_text_addf(c, " bgp fast-external-failover");
	topo_text_addf(c, " bgp graceful-restart-disable");
	topo_text_addf(c, " timers bgp %d %d", TOPO_BGP_KEEPALIVE_S, TOPO_BGP_HOLD_S);
	for (f = 0; f < 2; f++) {
		const char *pg = f ? "FABRIC-V6" : "FABRIC-V4";

		topo_text_addf(c, " neighbor %s peer-group", pg);
		topo_text_addf(c, " neighbor %s bfd", pg);
		topo_text_addf(c, " neighbor %s bfd profile %s", pg, TOPO_BFD_PROFILE);
		topo_text_addf(c, " neighbor %s advertisement-interval 0", pg);
		topo_text_addf(c, " neighbor %s timers connect %d", pg, TOPO_BGP_CONNECT_S);
	}
	for (p = 0; p < n->num_ports; p++) {
		const struct topo_port *pp = &n->ports[p];
		const struct topo_port *np = topo_peer_port(t, pp);
		const struct topo_node *peer = topo_peer(t, pp);

		if (!fabric_port(t, pp))
			continue;
		for (f = 0; f < 2; f++) {
			int family = f ? AF_INET6 : AF_INET;

			topo_port_addr(np, family, false, a, sizeof(a));
			topo_text_addf(c, " neighbor %s remote-as %u", a, peer->asn);
			topo_text_addf(c, " neighbor %s peer-group %s", a,
				       f ? "FABRIC-V6" : "FABRIC-V4");
			topo_text_addf(c, " neighbor %s description %s:%s", a,
				       peer->name, np->ifname);
		}
	}
	bgp_af(n, AF_INET, peers ? peers : 1, c);
	bgp_af(n, AF_INET6, peers ? peers : 1, c);
	topo_text_addf(c, "exit");
}

void topo_frr_conf(const struct topo *t, const struct topo_node *n,
		   enum topo_frr_daemon d, const char *logfile,
		   struct topo_text *c)
{
	header(t, n, d, logfile, c);
	switch (d) {
	case TOPO_FRR_ZEBRA:
		/* Routes carry their nexthops inline (RTA_MULTIPATH), not as
		 * kernel nexthop objects: on link down the kernel drops the
		 * link's nexthop from every group without a word, and zebra
		 * 8.4 never puts it back when the link returns, so a leaf
		 * stayed on one spine for good after a flap. Inline
		 * nexthops come back with their link. */
		topo_text_addf(c, "no zebra nexthop kernel enable");
		break;
	case TOPO_FRR_BFDD:
		bfdd_conf(c);
		break;
	default:
		bgpd_conf(t, n, c);
		break;
	}
}
