// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "parse_util.h"
#include "plan.h"
#include "words.h"

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

/* --- commands ------------------------------------------------------------- */

static void cmds_push(struct topo_cmds *c, char *w)
{
	char **nw;
	size_t cap;

	if (c->err) {
		free(w);
		return;
	}
	if (c->len == c->cap) {
		cap = c->cap ? 2 * c->cap : 64;
		nw = realloc(c->w, cap * sizeof(*nw));
		if (!nw) {
			free(w);
			c->err = -ENOMEM;
			return;
		}
		c->w = nw;
		c->cap = cap;
	}
	c->w[c->len++] = w;
}

void topo_cmd_word(struct topo_cmds *c, const char *word)
{
	char *w = strdup(word);

	if (!w)
		c->err = -ENOMEM;
	else
		cmds_push(c, w);
}

void topo_cmd_end(struct topo_cmds *c)
{
	cmds_push(c, NULL);
}

void topo_cmd(struct topo_cmds *c, ...)
{
	const char *w;
	va_list ap;

	va_start(ap, c);
	while ((w = va_arg(ap, const char *)))
		topo_cmd_word(c, w);
	va_end(ap);
	topo_cmd_end(c);
}

char **topo_cmd_next(const struct topo_cmds *c, char **words)
{
	if (!words)
		words = c->w;
	else {
		while (*words)
			words++;
		words++;
	}
	return words && words < c->w + c->len ? words : NULL;
}

void topo_cmds_reset(struct topo_cmds *c)
{
	size_t i;

	for (i = 0; i < c->len; i++)
		free(c->w[i]);
	c->len = 0;
	c->err = 0;
}

void topo_cmds_free(struct topo_cmds *c)
{
	topo_cmds_reset(c);
	free(c->w);
	*c = (struct topo_cmds){};
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
			 struct topo_cmds *ip)
{
	char mac[CLOS_MAC_STRLEN], a4[TOPO_ADDR_STRLEN], a6[TOPO_ADDR_STRLEN];
	char mtu[16];
	int p, fabric_mtu = topo_port_mtu(t);

	topo_cmd(ip, "link", "set", "lo", "up", NULL);
	for (p = 0; p < n->num_ports; p++) {
		const struct topo_port *pp = &n->ports[p];
		const struct topo_link *lk = &t->links[pp->link];

		topo_cmd(ip, "link", "set", "dev", pp->ifname, "address",
			 clos_fmt_mac(pp->mac, mac, sizeof(mac)), NULL);
		/* Split over boxes: every port at the tunnels' MTU (a tunnel
		 * keeps its own, set when it was made). */
		if (fabric_mtu && !topo_link_tunnel(t, lk)) {
			snprintf(mtu, sizeof(mtu), "%d", fabric_mtu);
			topo_cmd(ip, "link", "set", "dev", pp->ifname, "mtu", mtu, NULL);
		}
		topo_cmd(ip, "addr", "add",
			 topo_port_addr(pp, AF_INET, true, a4, sizeof(a4)),
			 "dev", pp->ifname, NULL);
		topo_cmd(ip, "addr", "add",
			 topo_port_addr(pp, AF_INET6, true, a6, sizeof(a6)),
			 "dev", pp->ifname, "nodad", NULL);
		topo_cmd(ip, "link", "set", "dev", pp->ifname, "up", NULL);
	}
}

/* Nexthops "nexthop via ADDR dev IF" of the given ports of n, for family. */
static void nexthop_words(const struct topo *t, const struct topo_node *n,
			  const int *ports, int count, int family,
			  struct topo_cmds *ip)
{
	char via[TOPO_ADDR_STRLEN];
	int i;

	for (i = 0; i < count; i++) {
		const struct topo_port *pp = &n->ports[ports[i]];

		if (count > 1)
			topo_cmd_word(ip, "nexthop");
		topo_cmd_word(ip, "via");
		topo_cmd_word(ip, topo_port_addr(topo_peer_port(t, pp), family,
						 false, via, sizeof(via)));
		topo_cmd_word(ip, "dev");
		topo_cmd_word(ip, pp->ifname);
	}
}

/* Above the leaves: every node below (racks, lower tiers' uplinks) over
 * the ports that lead down to it, multipath where there are several. */
static void down_routes(const struct topo *t, const struct topo_node *n,
			struct topo_cmds *ip)
{
	struct topo_prefix pfx[TOPO_RACK_PREFIXES];
	int ports[TOPO_MAX_NODE_PORTS], d, i, count, np;

	for (d = 0; d < t->num_nodes; d++) {
		const struct topo_node *dst = &t->nodes[d];

		if (dst == n || !(np = topo_node_prefixes(t, dst, pfx)))
			continue;
		count = topo_down_ports(t, n, dst, ports);
		for (i = 0; i < np && count; i++) {
			topo_cmd_word(ip, "route");
			topo_cmd_word(ip, "add");
			topo_cmd_word(ip, pfx[i].str);
			nexthop_words(t, n, ports, count, pfx[i].family, ip);
			topo_cmd_end(ip);
		}
	}
}

/* Everything not below goes up, multipath over every uplink. */
static void up_routes(const struct topo *t, const struct topo_node *n,
		      struct topo_cmds *ip)
{
	static const int families[] = { AF_INET, AF_INET6 };
	int ports[TOPO_MAX_NODE_PORTS], f, p, uplinks = 0;

	for (p = 0; p < n->num_ports; p++)
		if (topo_port_up(t, n, &n->ports[p]))
			ports[uplinks++] = p;
	for (f = 0; f < 2 && uplinks; f++) {
		topo_cmd_word(ip, "route");
		topo_cmd_word(ip, "add");
		topo_cmd_word(ip, families[f] == AF_INET6 ? "::/0" : "0.0.0.0/0");
		/* A leaf's default is a multipath route even over one spine. */
		if (uplinks == 1)
			topo_cmd_word(ip, "nexthop");
		nexthop_words(t, n, ports, uplinks, families[f], ip);
		topo_cmd_end(ip);
	}
}

void topo_plan_ip_routes(const struct topo *t, const struct topo_node *n,
			 struct topo_cmds *ip)
{
	const struct topo_port *leaf_port;
	char a[TOPO_ADDR_STRLEN];

	switch (n->kind) {
	case TOPO_HOST:
		leaf_port = topo_peer_port(t, &n->ports[0]);
		topo_cmd(ip, "route", "add", "0.0.0.0/0", "via",
			 topo_port_addr(leaf_port, AF_INET, false, a, sizeof(a)),
			 NULL);
		topo_cmd(ip, "route", "add", "::/0", "via",
			 topo_port_addr(leaf_port, AF_INET6, false, a, sizeof(a)),
			 NULL);
		break;
	default:
		if (t->routing != TOPO_ROUTING_STATIC)
			break;
		down_routes(t, n, ip);
		up_routes(t, n, ip);
		break;
	}
}

/* --- switch tables -------------------------------------------------------- */

static const char *route_table(int family)
{
	return family == AF_INET ? "route_v4" : "route_v6";
}

/* The prefixes of node d => ACTION ID. */
static void node_routes(const struct topo *t, struct topo_text *b,
			const struct topo_node *d, const char *action, int id)
{
	struct topo_prefix pfx[TOPO_RACK_PREFIXES];
	int i, np = topo_node_prefixes(t, d, pfx);

	for (i = 0; i < np; i++)
		topo_text_addf(b, "table add %s %s => %s %d",
			       route_table(pfx[i].family), pfx[i].str, action,
			       id);
}

/* "1,3,4": group members by nexthop id (port index + 1); a port name may
 * hold ',' for all the kernel cares, or be all digits. */
static void member_list(const int *ports, int count, char *buf, size_t len)
{
	size_t o = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < count && o < len; i++)
		o += snprintf(buf + o, len - o, "%s%d", i ? "," : "", ports[i] + 1);
}

/* A port's name as one closctl batch word (lib/os/words.h): in quotes,
 * since '#' starts a comment there, with '"' and '\\' escaped. */
static const char *batch_word(const char *ifname, char *buf, size_t len)
{
	return clos_quote_word(ifname, buf, len);
}

/* Ports that face hosts (they may carry VLANs). */
static void host_ports(const struct topo *t, const struct topo_node *n,
		       struct topo_text *b)
{
	char w[CLOS_QUOTED_LEN(CLOS_IFNAMSIZ)];
	int p;

	for (p = 0; p < n->num_ports; p++)
		if (topo_peer(t, &n->ports[p])->kind == TOPO_HOST)
			topo_text_addf(b, "port set %s role host",
				       batch_word(n->ports[p].ifname, w, sizeof(w)));
}

void topo_plan_tables(const struct topo *t, const struct topo_node *n,
		      struct topo_text *b)
{
	/* Down groups: at most one per node below. */
	static char group[TOPO_MAX_NODES][CLOS_MAX_PORTS * 4];
	char mac[CLOS_MAC_STRLEN], a[TOPO_ADDR_STRLEN], w[CLOS_QUOTED_LEN(CLOS_IFNAMSIZ)];
	char members[CLOS_MAX_PORTS * 4];
	int ports[TOPO_MAX_NODE_PORTS], up[TOPO_MAX_NODE_PORTS];
	int p, d, ups = 0, groups = 0;

	if (t->routing == TOPO_ROUTING_BGP) {
		host_ports(t, n, b);
		return;
	}
	for (p = 0; p < n->num_ports; p++) {
		const struct topo_port *pp = &n->ports[p];

		topo_text_addf(b, "table add nexthop %d => fwd %s %s", p + 1,
			       batch_word(pp->ifname, w, sizeof(w)),
			       clos_fmt_mac(topo_peer_port(t, pp)->mac, mac,
					    sizeof(mac)));
		if (topo_peer(t, pp)->kind == TOPO_HOST)
			topo_text_addf(b, "port set %s role host",
				       batch_word(pp->ifname, w, sizeof(w)));
	}

	/* Neighbours that no node's prefix below covers, by host route:
	 * all of a leaf's, the upper ones of a higher switch. */
	for (p = 0; p < n->num_ports; p++) {
		const struct topo_port *pp = &n->ports[p];
		const struct topo_port *np = topo_peer_port(t, pp);

		if (n->kind != TOPO_LEAF && !topo_port_up(t, n, pp))
			continue;
		topo_text_addf(b, "table add route_v4 %s/32 => nexthop %d",
			       topo_port_addr(np, AF_INET, false, a, sizeof(a)),
			       p + 1);
		topo_text_addf(b, "table add route_v6 %s/128 => nexthop %d",
			       topo_port_addr(np, AF_INET6, false, a, sizeof(a)),
			       p + 1);
		if (topo_port_up(t, n, pp))
			up[ups++] = p;
	}
	if (ups) {
		member_list(up, ups, members, sizeof(members));
		topo_text_addf(b, "group set %d kind resilient members %s",
			       TOPO_UPLINK_GROUP, members);
	}
	/*
	 * Every other node's prefixes: down over the ports that lead to it
	 * (one nexthop, or a group of them: a superspine reaches a rack over
	 * each spine of its pod), else up over all uplinks. Groups of the
	 * same members are shared.
	 */
	for (d = 0; d < t->num_nodes; d++) {
		const struct topo_node *dst = &t->nodes[d];
		int count, g;

		if (dst == n)
			continue;
		count = topo_down_ports(t, n, dst, ports);
		if (count == 1) {
			node_routes(t, b, dst, "nexthop", ports[0] + 1);
			continue;
		}
		if (!count) {
			if (ups)
				node_routes(t, b, dst, "ecmp", TOPO_UPLINK_GROUP);
			continue;
		}
		member_list(ports, count, members, sizeof(members));
		for (g = 0; g < groups; g++)
			if (!strcmp(group[g], members))
				break;
		if (g == groups) {
			snprintf(group[groups++], sizeof(group[0]), "%s", members);
			topo_text_addf(b, "group set %d kind resilient members %s",
				       TOPO_UPLINK_GROUP + groups, members);
		}
		node_routes(t, b, dst, "ecmp", TOPO_UPLINK_GROUP + 1 + g);
	}
}
