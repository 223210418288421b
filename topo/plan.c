// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>
#include "plan.h"

#define LINE_MAX_LEN	256

static void v4(struct in_addr *a, int b1, int b2, int b3, int b4)
{
	a->s_addr = htonl((__u32)b1 << 24 | b2 << 16 | b3 << 8 | b4);
}

/* fd00:G1:G2:G3::G7 (host order groups) */
static void v6(struct in6_addr *a, int g1, int g2, int g3, int g7)
{
	memset(a, 0, sizeof(*a));
	a->s6_addr[0] = 0xfd;
	a->s6_addr[2] = g1 >> 8;
	a->s6_addr[3] = g1;
	a->s6_addr[4] = g2 >> 8;
	a->s6_addr[5] = g2;
	a->s6_addr[6] = g3 >> 8;
	a->s6_addr[7] = g3;
	a->s6_addr[15] = g7;
}

void topo_format_mac(const __u8 *mac, char *buf, size_t len)
{
	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1],
		 mac[2], mac[3], mac[4], mac[5]);
}

void topo_netns_name(const struct topo *t, const struct topo_node *n,
		     char *buf, size_t len)
{
	snprintf(buf, len, "clos-%s-%s", t->name, n->name);
}

void topo_switch_name(const struct topo *t, const struct topo_node *n,
		      char *buf, size_t len)
{
	snprintf(buf, len, "%s-%s", t->name, n->name);
}

/* Address both ends of link lk. */
static void plan_link(struct topo *t, const struct topo_link *lk)
{
	struct topo_node *a = &t->nodes[lk->ep[0].node];
	struct topo_node *b = &t->nodes[lk->ep[1].node];
	struct topo_port *pa = &a->ports[lk->ep[0].port];
	struct topo_port *pb = &b->ports[lk->ep[1].port];
	struct topo_node *leaf = a->kind == TOPO_LEAF ? a : b;
	struct topo_node *other = leaf == a ? b : a;
	struct topo_port *lp = leaf == a ? pa : pb;
	struct topo_port *op = leaf == a ? pb : pa;
	int r = leaf->rack, x = other->index;

	if (other->kind == TOPO_HOST) {
		v4(&lp->v4, 10, 1, r, 2 * x - 2);
		v4(&op->v4, 10, 1, r, 2 * x - 1);
		v6(&lp->v6, 1, r, x, 1);
		v6(&op->v6, 1, r, x, 2);
		lp->rate_bps = op->rate_bps = lk->rate_bps ? lk->rate_bps
							   : t->host_rate_bps;
	} else {
		v4(&op->v4, 10, 255, r, 2 * x - 2);
		v4(&lp->v4, 10, 255, r, 2 * x - 1);
		v6(&op->v6, 0xff, r, x, 1);
		v6(&lp->v6, 0xff, r, x, 2);
		lp->rate_bps = op->rate_bps = lk->rate_bps ? lk->rate_bps
							   : t->fabric_rate_bps;
	}
	lp->v4_plen = op->v4_plen = 31;
	lp->v6_plen = op->v6_plen = 64;
}

void topo_plan(struct topo *t)
{
	__u8 fabric_id = crc32(0, (const Bytef *)t->name, strlen(t->name)) & 0xff;
	char key[64];
	int i, p;

	for (i = 0; i < t->num_nodes; i++) {
		struct topo_node *n = &t->nodes[i];

		for (p = 0; p < n->num_ports; p++) {
			__u8 mac[6] = { 0x02, 0xc1, fabric_id, i, p, 0 };

			memcpy(n->ports[p].mac, mac, 6);
		}
		/* Distinct per switch, so tiers hash independently. */
		snprintf(key, sizeof(key), "%s/%s", t->name, n->name);
		n->seed = crc32(0, (const Bytef *)key, strlen(key));
	}
	for (i = 0; i < t->num_links; i++)
		plan_link(t, &t->links[i]);
}

static int emitf(topo_emit_fn emit, void *ctx, const struct topo_node *n,
		 enum topo_line_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int emitf(topo_emit_fn emit, void *ctx, const struct topo_node *n,
		 enum topo_line_kind kind, const char *fmt, ...)
{
	char line[LINE_MAX_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	return emit(ctx, n, kind, line);
}

static const char *a4(const struct in_addr *a, char *buf)
{
	return inet_ntop(AF_INET, a, buf, INET_ADDRSTRLEN);
}

static const char *a6(const struct in6_addr *a, char *buf)
{
	return inet_ntop(AF_INET6, a, buf, INET6_ADDRSTRLEN);
}

#define TRY(x) do { int _e = (x); if (_e) return _e; } while (0)

static int switch_kernel_routes(const struct topo *t, const struct topo_node *n,
				topo_emit_fn emit, void *ctx)
{
	char via[INET6_ADDRSTRLEN], line[LINE_MAX_LEN * 4];
	size_t off;
	int p, fam;

	if (n->kind == TOPO_SPINE) {
		/* Each rack, and the fabric links of its leaf, via that leaf. */
		for (p = 0; p < n->num_ports; p++) {
			const struct topo_port *pp = &n->ports[p];
			const struct topo_node *leaf = &t->nodes[pp->peer_node];
			const struct topo_port *lp = &leaf->ports[pp->peer_port];
			int r = leaf->rack;

			a4(&lp->v4, via);
			TRY(emitf(emit, ctx, n, TOPO_LINE_IP, "route add 10.1.%d.0/24 via %s dev %s",
				  r, via, pp->ifname));
			TRY(emitf(emit, ctx, n, TOPO_LINE_IP, "route add 10.255.%d.0/24 via %s dev %s",
				  r, via, pp->ifname));
			a6(&lp->v6, via);
			TRY(emitf(emit, ctx, n, TOPO_LINE_IP, "route add fd00:1:%x::/48 via %s dev %s",
				  r, via, pp->ifname));
			TRY(emitf(emit, ctx, n, TOPO_LINE_IP, "route add fd00:ff:%x::/48 via %s dev %s",
				  r, via, pp->ifname));
		}
		return 0;
	}
	/* Leaf: everything not connected goes to the spines, multipath. */
	for (fam = 4; fam <= 6; fam += 2) {
		int uplinks = 0;

		off = snprintf(line, sizeof(line), "route add %s",
			       fam == 6 ? "::/0" : "0.0.0.0/0");
		for (p = 0; p < n->num_ports; p++) {
			const struct topo_port *pp = &n->ports[p];
			const struct topo_node *peer = &t->nodes[pp->peer_node];
			const struct topo_port *sp = &peer->ports[pp->peer_port];

			if (peer->kind != TOPO_SPINE)
				continue;
			if (fam == 4)
				a4(&sp->v4, via);
			else
				a6(&sp->v6, via);
			off += snprintf(line + off, sizeof(line) - off,
					" nexthop via %s dev %s", via, pp->ifname);
			uplinks++;
		}
		if (uplinks && off < sizeof(line))
			TRY(emit(ctx, n, TOPO_LINE_IP, line));
	}
	return 0;
}

int topo_plan_node_config(const struct topo *t, const struct topo_node *n,
			  topo_emit_fn emit, void *ctx)
{
	char mac[18], a[INET6_ADDRSTRLEN];
	int p;

	TRY(emitf(emit, ctx, n, TOPO_LINE_IP, "link set lo up"));
	if (n->kind != TOPO_HOST) {
		/* The switch's kernel is its CPU: it answers ARP/ND and pings and
		 * sends ICMP time exceeded, which needs forwarding on; ICMP is
		 * not rate limited so traceroute sees every hop. */
		TRY(emitf(emit, ctx, n, TOPO_LINE_SYSCTL, "net.ipv4.ip_forward=1"));
		TRY(emitf(emit, ctx, n, TOPO_LINE_SYSCTL, "net.ipv6.conf.all.forwarding=1"));
		TRY(emitf(emit, ctx, n, TOPO_LINE_SYSCTL, "net.ipv4.icmp_ratelimit=0"));
		TRY(emitf(emit, ctx, n, TOPO_LINE_SYSCTL, "net.ipv6.icmp.ratelimit=0"));
	}
	for (p = 0; p < n->num_ports; p++) {
		const struct topo_port *pp = &n->ports[p];

		topo_format_mac(pp->mac, mac, sizeof(mac));
		TRY(emitf(emit, ctx, n, TOPO_LINE_IP, "link set dev %s address %s",
			  pp->ifname, mac));
		TRY(emitf(emit, ctx, n, TOPO_LINE_IP, "addr add %s/%d dev %s",
			  a4(&pp->v4, a), pp->v4_plen, pp->ifname));
		TRY(emitf(emit, ctx, n, TOPO_LINE_IP, "addr add %s/%d dev %s nodad",
			  a6(&pp->v6, a), pp->v6_plen, pp->ifname));
		TRY(emitf(emit, ctx, n, TOPO_LINE_IP, "link set dev %s up", pp->ifname));
	}
	return 0;
}

int topo_plan_node_routes(const struct topo *t, const struct topo_node *n,
			  topo_emit_fn emit, void *ctx)
{
	char a[INET6_ADDRSTRLEN];

	if (n->kind == TOPO_HOST) {
		const struct topo_port *pp = &n->ports[0];
		const struct topo_node *leaf = &t->nodes[pp->peer_node];
		const struct topo_port *lp = &leaf->ports[pp->peer_port];

		TRY(emitf(emit, ctx, n, TOPO_LINE_IP, "route add 0.0.0.0/0 via %s",
			  a4(&lp->v4, a)));
		TRY(emitf(emit, ctx, n, TOPO_LINE_IP, "route add ::/0 via %s",
			  a6(&lp->v6, a)));
		return 0;
	}
	return switch_kernel_routes(t, n, emit, ctx);
}

int topo_plan_switch_tables(const struct topo *t, const struct topo_node *n,
			    topo_emit_fn emit, void *ctx)
{
	char mac[18], a[INET6_ADDRSTRLEN], members[CLOS_MAX_MEMBERS * CLOS_IFNAMSIZ] = "";
	int p, r;

	for (p = 0; p < n->num_ports; p++) {
		const struct topo_port *pp = &n->ports[p];
		const struct topo_node *peer = &t->nodes[pp->peer_node];
		const struct topo_port *np = &peer->ports[pp->peer_port];

		topo_format_mac(np->mac, mac, sizeof(mac));
		TRY(emitf(emit, ctx, n, TOPO_LINE_CLOSCTL, "table add nexthop %d => fwd %s %s",
			  p + 1, pp->ifname, mac));
		if (peer->kind == TOPO_HOST)
			TRY(emitf(emit, ctx, n, TOPO_LINE_CLOSCTL, "port set %s role host",
				  pp->ifname));
	}

	if (n->kind == TOPO_SPINE) {
		for (p = 0; p < n->num_ports; p++) {
			int rack = t->nodes[n->ports[p].peer_node].rack;

			TRY(emitf(emit, ctx, n, TOPO_LINE_CLOSCTL,
				  "table add route_v4 10.1.%d.0/24 => nexthop %d", rack, p + 1));
			TRY(emitf(emit, ctx, n, TOPO_LINE_CLOSCTL,
				  "table add route_v4 10.255.%d.0/24 => nexthop %d", rack, p + 1));
			TRY(emitf(emit, ctx, n, TOPO_LINE_CLOSCTL,
				  "table add route_v6 fd00:1:%x::/48 => nexthop %d", rack, p + 1));
			TRY(emitf(emit, ctx, n, TOPO_LINE_CLOSCTL,
				  "table add route_v6 fd00:ff:%x::/48 => nexthop %d", rack, p + 1));
		}
		return 0;
	}

	/* Leaf: hosts and spines on its own links, by host route. */
	for (p = 0; p < n->num_ports; p++) {
		const struct topo_port *pp = &n->ports[p];
		const struct topo_node *peer = &t->nodes[pp->peer_node];
		const struct topo_port *np = &peer->ports[pp->peer_port];

		TRY(emitf(emit, ctx, n, TOPO_LINE_CLOSCTL, "table add route_v4 %s/32 => nexthop %d",
			  a4(&np->v4, a), p + 1));
		TRY(emitf(emit, ctx, n, TOPO_LINE_CLOSCTL, "table add route_v6 %s/128 => nexthop %d",
			  a6(&np->v6, a), p + 1));
		if (peer->kind == TOPO_SPINE) {
			if (members[0])
				strcat(members, ",");
			strcat(members, pp->ifname);
		}
	}
	if (!members[0])
		return 0;	/* a lone leaf: nothing beyond its rack */
	TRY(emitf(emit, ctx, n, TOPO_LINE_CLOSCTL, "group set %d kind resilient members %s",
		  TOPO_UPLINK_GROUP, members));
	/* Other racks, and the fabric links of other leaves, over all spines. */
	for (r = 0; r < t->num_nodes; r++) {
		const struct topo_node *o = &t->nodes[r];

		if (o->kind != TOPO_LEAF || o == n)
			continue;
		TRY(emitf(emit, ctx, n, TOPO_LINE_CLOSCTL, "table add route_v4 10.1.%d.0/24 => ecmp %d",
			  o->rack, TOPO_UPLINK_GROUP));
		TRY(emitf(emit, ctx, n, TOPO_LINE_CLOSCTL, "table add route_v4 10.255.%d.0/24 => ecmp %d",
			  o->rack, TOPO_UPLINK_GROUP));
		TRY(emitf(emit, ctx, n, TOPO_LINE_CLOSCTL, "table add route_v6 fd00:1:%x::/48 => ecmp %d",
			  o->rack, TOPO_UPLINK_GROUP));
		TRY(emitf(emit, ctx, n, TOPO_LINE_CLOSCTL, "table add route_v6 fd00:ff:%x::/48 => ecmp %d",
			  o->rack, TOPO_UPLINK_GROUP));
	}
	return 0;
}
