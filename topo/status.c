// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include "frr_state.h"
#include "jsonout.h"
#include "log.h"
#include "netns.h"
#include "parse_util.h"
#include "rate.h"
#include "routing.h"
#include "status.h"
#include "switch.h"

/* --- show ----------------------------------------------------------------- */

static void show_port(const struct topo *t, const struct topo_node *n,
		      const struct topo_port *p)
{
	char a[TOPO_ADDR_STRLEN], mac[CLOS_MAC_STRLEN], rate[CLOS_RATE_STRLEN];
	char peer[TOPO_NODE_NAME_MAX + CLOS_IFNAMSIZ + 1];
	const struct topo_link *lk = &t->links[p->link];

	jout_open_object(NULL);
	jout_string(JOUT_ANY, "ifname", "  %-6s", p->ifname);
	jout_string(JOUT_ANY, "mac", " %s", clos_fmt_mac(p->mac, mac, sizeof(mac)));
	/* Text pads the address alone: "     10.1.1.0/31". */
	jout_string(JOUT_JSON, "ipv4", NULL,
		    topo_port_addr(p, AF_INET, true, a, sizeof(a)));
	jout_text(" %15s/%d", topo_port_addr(p, AF_INET, false, a, sizeof(a)),
		  p->v4_plen);
	jout_string(JOUT_JSON, "ipv6", NULL,
		    topo_port_addr(p, AF_INET6, true, a, sizeof(a)));
	jout_text(" %20s/%d", topo_port_addr(p, AF_INET6, false, a, sizeof(a)),
		  p->v6_plen);
	snprintf(peer, sizeof(peer), "%s:%s", topo_peer(t, p)->name,
		 topo_peer_port(t, p)->ifname);
	jout_string(JOUT_ANY, "peer", " -> %s", peer);
	jout_uint(JOUT_JSON, "rate_bps", NULL, p->rate_bps);
	if (lk->kind == TOPO_LINK_VXLAN) {
		jout_string(JOUT_JSON, "link", NULL, "vxlan");
		jout_uint(JOUT_ANY, "vni", " vxlan vni %llu", lk->vni);
		jout_uint(JOUT_ANY, "udp_port", " port %llu", lk->udp_port);
		jout_uint(JOUT_ANY, "mtu", " mtu %llu", lk->mtu);
	} else {
		jout_string(JOUT_JSON, "link", NULL, "veth");
	}
	/* Switch ports are shaped to the link's rate; hosts send as fast
	 * as they can. */
	if (topo_is_switch(n))
		jout_text(" rate %s", clos_fmt_rate(p->rate_bps, rate, sizeof(rate)));
	jout_text("\n");
	jout_close_object();
}

static void show_node(const struct topo *t, const struct topo_node *n)
{
	char ns[TOPO_NETNS_STRLEN], sw[CLOS_SWITCH_NAMSIZ], tier[24];
	int p;

	jout_open_object(NULL);
	jout_string(JOUT_ANY, "name", "%-10s", n->name);
	/* Text: what it is by its tier (superspine); JSON: kind and tier. */
	jout_string(JOUT_JSON, "kind", NULL, topo_kind_name(n->kind));
	jout_text(" %-5s", topo_tier_name(n, tier, sizeof(tier)));
	jout_uint(JOUT_JSON, "tier", NULL, n->tier);
	if (n->kind != TOPO_SPINE)
		jout_uint(JOUT_ANY, "rack", " rack %llu", n->rack);
	if (n->box >= 0)
		jout_string(JOUT_ANY, "box", " box %s", t->boxes[n->box].name);
	topo_netns_name(t, n, ns, sizeof(ns));
	jout_string(JOUT_JSON, "netns", NULL, ns);
	if (topo_is_switch(n)) {
		topo_switch_name(t, n, sw, sizeof(sw));
		jout_string(JOUT_JSON, "switch", NULL, sw);
		jout_uint(JOUT_ANY, "seed", " seed %llu", n->seed);
		jout_string(JOUT_ANY, "mode", " mode %s",
			    topo_mode_name(topo_node_mode(t, n)));
		if (t->routing == TOPO_ROUTING_BGP)
			jout_uint(JOUT_ANY, "asn", " asn %llu", n->asn);
	}
	jout_text("\n");
	jout_open_array("ports");
	for (p = 0; p < n->num_ports; p++)
		show_port(t, n, &n->ports[p]);
	jout_close_array();
	jout_close_object();
}

int topo_show(const struct topo *t)
{
	int i;

	jout_open_object(NULL);
	jout_string(JOUT_ANY, "fabric", "fabric %s", t->name);
	jout_text(": %d nodes, %d links", t->num_nodes, t->num_links);
	jout_string(JOUT_JSON, "routing", NULL, topo_routing_name(t->routing));
	if (t->routing == TOPO_ROUTING_BGP)
		jout_text(", routing bgp");
	jout_text("\n");
	jout_open_array("nodes");
	for (i = 0; i < t->num_nodes; i++)
		show_node(t, &t->nodes[i]);
	jout_close_array();
	jout_close_object();
	return 0;
}

/* --- status --------------------------------------------------------------- */

struct node_state {
	bool netns;
	bool attached;		/* switches */
	int mode;		/* as it runs, else as planned */
	int ports, ports_up;
	/* routing bgp */
	bool frr[TOPO_FRR_DAEMONS];
	bool fibsync;
	int sessions;		/* < 0: bgpd did not answer */
	int established, bfd_up;
	struct topo_bgp_session session[TOPO_MAX_SESSIONS];
};

/* Which routing daemons of switch n run, and its sessions' states. */
static void routing_state(const struct topo *t, const struct topo_node *n,
			  struct node_state *s)
{
	char ns[TOPO_NETNS_STRLEN];
	int d, i;

	for (d = 0; d < TOPO_FRR_DAEMONS; d++)
		s->frr[d] = topo_frr_running(t, n, d);
	s->fibsync = topo_fibsync_running(t, n);
	s->sessions = -1;
	if (!s->frr[TOPO_FRR_BGPD])
		return;
	topo_netns_name(t, n, ns, sizeof(ns));
	s->sessions = topo_frr_sessions(ns, s->session, TOPO_MAX_SESSIONS);
	for (i = 0; i < s->sessions; i++) {
		s->established += !strcmp(s->session[i].state, "Established");
		s->bfd_up += !strcmp(s->session[i].bfd, "up");
	}
}

static bool routing_running(const struct node_state *s)
{
	int d;

	for (d = 0; d < TOPO_FRR_DAEMONS; d++)
		if (!s->frr[d])
			return false;
	return s->fibsync;
}

/* "frr running" or "frr missing bgpd bfdd", fibsync, sessions. */
static void status_routing(const struct node_state *s)
{
	int d, i;

	jout_open_object("frr");
	for (d = 0; d < TOPO_FRR_DAEMONS; d++)
		jout_bool(JOUT_JSON, topo_frr_daemon_name(d), NULL, s->frr[d]);
	jout_close_object();
	jout_text(", frr %s", s->frr[0] && s->frr[1] && s->frr[2] ? "running" :
		  !s->frr[0] && !s->frr[1] && !s->frr[2] ? "stopped" : "missing");
	for (d = 0; d < TOPO_FRR_DAEMONS; d++)
		if (!s->frr[d] && (s->frr[0] || s->frr[1] || s->frr[2]))
			jout_text(" %s", topo_frr_daemon_name(d));
	jout_bool(JOUT_JSON, "fibsync", NULL, s->fibsync);
	jout_text(", fibsync %s", s->fibsync ? "running" : "stopped");
	if (s->sessions < 0)
		return;
	jout_text(", bgp %d/%d established, bfd %d/%d up", s->established,
		  s->sessions, s->bfd_up, s->sessions);
	jout_open_array("bgp");
	for (i = 0; i < s->sessions; i++) {
		const struct topo_bgp_session *x = &s->session[i];

		jout_open_object(NULL);
		jout_string(JOUT_JSON, "peer", NULL, x->peer);
		jout_string(JOUT_JSON, "afi", NULL, x->afi);
		jout_uint(JOUT_JSON, "remote_as", NULL, x->remote_as);
		jout_string(JOUT_JSON, "state", NULL, x->state);
		jout_uint(JOUT_JSON, "prefixes", NULL, x->prefixes);
		jout_string(JOUT_JSON, "bfd", NULL, x->bfd[0] ? x->bfd : "none");
		jout_close_object();
	}
	jout_close_array();
}

/* Switch n's ports (up of them) from its ports table and the mode it
 * runs in; attached is false when its pins are not there. */
static void switch_state(const struct topo *t, const struct topo_node *n,
			 struct node_state *s)
{
	char name[CLOS_SWITCH_NAMSIZ];
	struct clos_switch_cfg cfg;
	struct clos_switch sw;
	struct clos_port port;
	struct clos_err e;
	__u32 i;

	topo_switch_name(t, n, name, sizeof(name));
	s->mode = topo_node_mode(t, n);
	if (clos_switch_open(&sw, name, &e)) {
		if (clos_switch_exists(name))
			pr_warn("Warning: %s\n", e.msg);
		return;
	}
	s->attached = true;
	if (!clos_switch_cfg_get(&sw, &cfg))
		s->mode = cfg.mode;
	for (i = 0; i < CLOS_MAX_PORTS; i++) {
		if (clos_port_get(&sw, i, &port))
			continue;
		s->ports++;
		s->ports_up += port.up;
	}
	clos_switch_close(&sw);
}

static void status_node(const struct topo *t, const struct topo_node *n,
			const struct node_state *s)
{
	char tier[24];

	jout_open_object(NULL);
	jout_string(JOUT_ANY, "name", "%-10s", n->name);
	/* As show: text by tier (superspine), JSON kind and tier. */
	jout_string(JOUT_JSON, "kind", NULL, topo_kind_name(n->kind));
	jout_text(" %-5s", topo_tier_name(n, tier, sizeof(tier)));
	jout_uint(JOUT_JSON, "tier", NULL, n->tier);
	jout_bool(JOUT_JSON, "netns", NULL, s->netns);
	jout_text(" netns %-7s", s->netns ? "present" : "missing");
	if (topo_is_switch(n)) {
		jout_bool(JOUT_JSON, "attached", NULL, s->attached);
		jout_string(JOUT_JSON, "mode", NULL, topo_mode_name(s->mode));
		jout_uint(JOUT_JSON, "ports", NULL, s->ports);
		jout_uint(JOUT_JSON, "ports_up", NULL, s->ports_up);
		if (s->attached)
			jout_text(" switch attached (%s mode), %d/%d ports up",
				  topo_mode_name(s->mode), s->ports_up, s->ports);
		else
			jout_text(" switch not attached");
		if (t->routing == TOPO_ROUTING_BGP)
			status_routing(s);
	}
	jout_text("\n");
	jout_close_object();
}

int topo_status(const struct topo *t)
{
	static struct node_state state[TOPO_MAX_NODES];
	int i, present = 0, attached = 0, switches = 0, routed = 0;
	int sessions = 0, established = 0, bfd_up = 0, here = 0;
	char ns[TOPO_NETNS_STRLEN];
	bool bgp = t->routing == TOPO_ROUTING_BGP, up;

	for (i = 0; i < t->num_nodes; i++) {
		const struct topo_node *n = &t->nodes[i];

		state[i] = (struct node_state){ .mode = CLOS_MODE_FAST };
		if (!topo_node_here(t, n))
			continue;
		here++;
		topo_netns_name(t, n, ns, sizeof(ns));
		state[i].netns = clos_netns_exists(ns);
		present += state[i].netns;
		if (!topo_is_switch(n))
			continue;
		switches++;
		switch_state(t, n, &state[i]);
		attached += state[i].attached;
		if (!bgp)
			continue;
		routing_state(t, n, &state[i]);
		routed += routing_running(&state[i]);
		if (state[i].sessions > 0) {
			sessions += state[i].sessions;
			established += state[i].established;
			bfd_up += state[i].bfd_up;
		}
	}
	/* Under BGP, up means the routing daemons run as well; converged
	 * that every session is established, with BFD up. */
	up = present == here && attached == switches &&
	     (!bgp || routed == switches);

	jout_open_object(NULL);
	jout_string(JOUT_JSON, "fabric", NULL, t->name);
	if (t->local_box >= 0)
		jout_string(JOUT_JSON, "box", NULL, t->boxes[t->local_box].name);
	jout_string(JOUT_JSON, "routing", NULL, topo_routing_name(t->routing));
	jout_bool(JOUT_JSON, "up", NULL, up);
	if (bgp) {
		jout_bool(JOUT_JSON, "converged", NULL, up && sessions &&
			  established == sessions && bfd_up == sessions);
		jout_uint(JOUT_JSON, "sessions", NULL, sessions);
		jout_uint(JOUT_JSON, "established", NULL, established);
		jout_uint(JOUT_JSON, "bfd_up", NULL, bfd_up);
	}
	jout_open_array("nodes");
	for (i = 0; i < t->num_nodes; i++)
		if (topo_node_here(t, &t->nodes[i]))
			status_node(t, &t->nodes[i], &state[i]);
	jout_close_array();
	jout_text("fabric %s", t->name);
	if (t->local_box >= 0)
		jout_text(" box %s", t->boxes[t->local_box].name);
	jout_text(": %s (%d/%d namespaces, %d/%d switches attached",
		  up ? "up" : present ? "partly up" : "down", present, here,
		  attached, switches);
	if (bgp)
		jout_text(", %d/%d routing, %d/%d BGP sessions established, "
			  "%d/%d BFD up", routed, switches, established, sessions,
			  bfd_up, sessions);
	jout_text(")\n");
	jout_close_object();
	return 0;
}
