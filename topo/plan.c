// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "parse_util.h"
#include "plan.h"

/* --- text ----------------------------------------------------------------- */

static void text_grow(struct topo_text *x, size_t need)
{
	size_t cap = x->cap ? x->cap : 4096;
	char *nb;

	while (cap < need)
		cap *= 2;
	nb = realloc(x->buf, cap);
	if (!nb) {
		x->err = -ENOMEM;
		return;
	}
	x->buf = nb;
	x->cap = cap;
}

void topo_text_addf(struct topo_text *x, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (x->err)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (x->len + n + 2 > x->cap)
		text_grow(x, x->len + n + 2);
	if (x->err)
		return;
	va_start(ap, fmt);
	vsnprintf(x->buf + x->len, x->cap - x->len, fmt, ap);
	va_end(ap);
	x->len += n;
	x->buf[x->len++] = '\n';
	x->buf[x->len] = '\0';
}

void topo_text_reset(struct topo_text *x)
{
	x->len = 0;
	if (x->buf)
		x->buf[0] = '\0';
}

void topo_text_free(struct topo_text *x)
{
	free(x->buf);
	*x = (struct topo_text){};
}

/* --- namespaces ----------------------------------------------------------- */

const char *const *topo_plan_early_sysctls(const struct topo *t,
					   const struct topo_node *n)
{
	/* bgpd needs a port's IPv6 link-local address for the next hop it
	 * announces, and DAD keeps that address tentative for a second
	 * after every link up: the IPv6 sessions would come up late, at
	 * start and after each restore. Each link is a veth with one
	 * known neighbour, where DAD finds nothing. */
	static const char *const sw_bgp[] = {
		"net.ipv6.conf.default.accept_dad=0",
		NULL,
	};
	static const char *const none[] = { NULL };

	return topo_is_switch(n) && t->routing == TOPO_ROUTING_BGP ? sw_bgp : none;
}

const char *const *topo_plan_sysctls(const struct topo *t,
				     const struct topo_node *n)
{
	/* The switch's kernel is its CPU: it answers ARP/ND and pings and
	 * sends ICMP time exceeded, which needs forwarding on. Its ICMP
	 * rate limits stay at the kernel's defaults: a switch must not
	 * answer a flood in kind (traceroute needs one answer per hop,
	 * well inside them). */
	static const char *const sw[] = {
		"net.ipv4.ip_forward=1",
		"net.ipv6.conf.all.forwarding=1",
		NULL,
	};
	/* Under BGP the kernel is also a forwarder: the data path punts what
	 * it cannot take (connected subnets, unresolved neighbours), and
	 * nothing is in its tables before clos-fibsync has seen the FIB.
	 * It spreads flows over the spines by 5-tuple, as the data path
	 * does; a route over a link that is down is not used; and IPv6
	 * addresses stay on a port that goes down, or its BGP session
	 * could not come back with the link. */
	static const char *const sw_bgp[] = {
		"net.ipv4.ip_forward=1",
		"net.ipv6.conf.all.forwarding=1",
		"net.ipv4.fib_multipath_hash_policy=1",
		"net.ipv6.fib_multipath_hash_policy=1",
		"net.ipv4.conf.all.ignore_routes_with_linkdown=1",
		"net.ipv6.conf.all.ignore_routes_with_linkdown=1",
		"net.ipv6.conf.all.keep_addr_on_down=1",
		NULL,
	};
	static const char *const host[] = { NULL };

	if (!topo_is_switch(n))
		return host;
	return t->routing == TOPO_ROUTING_BGP ? sw_bgp : sw;
}

void topo_plan_ip_config(const struct topo *t, const struct topo_node *n,
			 struct topo_text *ip)
{
	char mac[CLOS_MAC_STRLEN], a[TOPO_ADDR_STRLEN];
	int p;

	topo_text_addf(ip, "link set lo up");
	for (p = 0; p < n->num_ports; p++) {
		const struct topo_port *pp = &n->ports[p];

		topo_text_addf(ip, "link set dev %s address %s", pp->ifname,
			       clos_fmt_mac(pp->mac, mac, sizeof(mac)));
		topo_text_addf(ip, "addr add %s dev %s",
			       topo_port_addr(pp, AF_INET, true, a, sizeof(a)),
			       pp->ifname);
		topo_text_addf(ip, "addr add %s dev %s nodad",
			       topo_port_addr(pp, AF_INET6, true, a, sizeof(a)),
			       pp->ifname);
		topo_text_addf(ip, "link set dev %s up", pp->ifname);
	}
}

/* A spine: each rack, and the fabric links of its leaf, via that leaf. */
static void spine_routes(const struct topo *t, const struct topo_node *n,
			 struct topo_text *ip)
{
	struct topo_prefix pfx[TOPO_RACK_PREFIXES];
	char via[TOPO_ADDR_STRLEN];
	int p, i;

	for (p = 0; p < n->num_ports; p++) {
		const struct topo_port *pp = &n->ports[p];

		topo_rack_prefixes(topo_peer(t, pp)->rack, pfx);
		for (i = 0; i < TOPO_RACK_PREFIXES; i++)
			topo_text_addf(ip, "route add %s via %s dev %s",
				       pfx[i].str,
				       topo_port_addr(topo_peer_port(t, pp),
						      pfx[i].family, false, via,
						      sizeof(via)),
				       pp->ifname);
	}
}

/* A leaf: everything not connected goes to the spines, multipath. */
static void leaf_routes(const struct topo *t, const struct topo_node *n,
			 struct topo_text *ip)
{
	static const int families[] = { AF_INET, AF_INET6 };
	char via[TOPO_ADDR_STRLEN], line[1024];
	size_t off;
	int f, p, uplinks;

	for (f = 0; f < 2; f++) {
		off = snprintf(line, sizeof(line), "route add %s",
			       families[f] == AF_INET6 ? "::/0" : "0.0.0.0/0");
		uplinks = 0;
		for (p = 0; p < n->num_ports; p++) {
			const struct topo_port *pp = &n->ports[p];

			if (topo_peer(t, pp)->kind != TOPO_SPINE)
				continue;
			off += snprintf(line + off, sizeof(line) - off,
					" nexthop via %s dev %s",
					topo_port_addr(topo_peer_port(t, pp),
						       families[f], false, via,
						       sizeof(via)),
					pp->ifname);
			uplinks++;
		}
		if (uplinks && off < sizeof(line))
			topo_text_addf(ip, "%s", line);
	}
}

void topo_plan_ip_routes(const struct topo *t, const struct topo_node *n,
			 struct topo_text *ip)
{
	const struct topo_port *leaf_port;
	char a[TOPO_ADDR_STRLEN];

	switch (n->kind) {
	case TOPO_HOST:
		leaf_port = topo_peer_port(t, &n->ports[0]);
		topo_text_addf(ip, "route add 0.0.0.0/0 via %s",
			       topo_port_addr(leaf_port, AF_INET, false, a,
					      sizeof(a)));
		topo_text_addf(ip, "route add ::/0 via %s",
			       topo_port_addr(leaf_port, AF_INET6, false, a,
					      sizeof(a)));
		break;
	case TOPO_SPINE:
		if (t->routing == TOPO_ROUTING_STATIC)
			spine_routes(t, n, ip);
		break;
	case TOPO_LEAF:
		if (t->routing == TOPO_ROUTING_STATIC)
			leaf_routes(t, n, ip);
		break;
	}
}

/* --- switch tables -------------------------------------------------------- */

static const char *route_table(int family)
{
	return family == AF_INET ? "route_v4" : "route_v6";
}

/* The four prefixes of rack r => ACTION ID. */
static void rack_routes(struct topo_text *b, int rack, const char *action,
			int id)
{
	struct topo_prefix pfx[TOPO_RACK_PREFIXES];
	int i;

	topo_rack_prefixes(rack, pfx);
	for (i = 0; i < TOPO_RACK_PREFIXES; i++)
		topo_text_addf(b, "table add %s %s => %s %d",
			       route_table(pfx[i].family), pfx[i].str, action,
			       id);
}

/* Ports that face hosts (they may carry VLANs). */
static void host_ports(const struct topo *t, const struct topo_node *n,
		       struct topo_text *b)
{
	int p;

	for (p = 0; p < n->num_ports; p++)
		if (topo_peer(t, &n->ports[p])->kind == TOPO_HOST)
			topo_text_addf(b, "port set %s role host",
				       n->ports[p].ifname);
}

void topo_plan_tables(const struct topo *t, const struct topo_node *n,
		      struct topo_text *b)
{
	char mac[CLOS_MAC_STRLEN], a[TOPO_ADDR_STRLEN];
	char members[CLOS_MAX_MEMBERS * CLOS_IFNAMSIZ] = "";
	int p, r;

	if (t->routing == TOPO_ROUTING_BGP) {
		host_ports(t, n, b);
		return;
	}
	for (p = 0; p < n->num_ports; p++) {
		const struct topo_port *pp = &n->ports[p];

		topo_text_addf(b, "table add nexthop %d => fwd %s %s", p + 1,
			       pp->ifname,
			       clos_fmt_mac(topo_peer_port(t, pp)->mac, mac,
					    sizeof(mac)));
		if (topo_peer(t, pp)->kind == TOPO_HOST)
			topo_text_addf(b, "port set %s role host", pp->ifname);
	}

	if (n->kind == TOPO_SPINE) {
		for (p = 0; p < n->num_ports; p++)
			rack_routes(b, topo_peer(t, &n->ports[p])->rack,
				    "nexthop", p + 1);
		return;
	}

	/* Leaf: hosts and spines on its own links, by host route. */
	for (p = 0; p < n->num_ports; p++) {
		const struct topo_port *pp = &n->ports[p];
		const struct topo_port *np = topo_peer_port(t, pp);

		topo_text_addf(b, "table add route_v4 %s/32 => nexthop %d",
			       topo_port_addr(np, AF_INET, false, a, sizeof(a)),
			       p + 1);
		topo_text_addf(b, "table add route_v6 %s/128 => nexthop %d",
			       topo_port_addr(np, AF_INET6, false, a, sizeof(a)),
			       p + 1);
		if (topo_peer(t, pp)->kind == TOPO_SPINE) {
			if (members[0])
				strcat(members, ",");
			strcat(members, pp->ifname);
		}
	}
	if (!members[0])
		return;	/* a lone leaf: nothing beyond its rack */
	topo_text_addf(b, "group set %d kind resilient members %s",
		       TOPO_UPLINK_GROUP, members);
	/* Other racks, and the fabric links of other leaves, over all spines. */
	for (r = 0; r < t->num_nodes; r++) {
		const struct topo_node *o = &t->nodes[r];

		if (o->kind == TOPO_LEAF && o != n)
			rack_routes(b, o->rack, "ecmp", TOPO_UPLINK_GROUP);
	}
}
