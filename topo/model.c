// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>
#include "ifname.h"
#include "model.h"

/* "FILE:LINE: reason" (line 1 when there is none). */
static int __attribute__((format(printf, 4, 5)))
fail(const struct topo *t, struct clos_err *err, int line, const char *fmt, ...)
{
	char msg[CLOS_ERR_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return clos_err_set(err, -EINVAL, "%s:%d: %s", t->file,
			    line > 0 ? line : 1, msg);
}

/* --- building ------------------------------------------------------------- */

void topo_init(struct topo *t, const char *file)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->file, sizeof(t->file), "%s", file);
	t->host_rate_bps = 1000000000ull;
	t->fabric_rate_bps = 4000000000ull;
	t->local_box = -1;
}

/* Names end up in netns and switch names: keep them short and plain. */
static int check_name(const struct topo *t, int line, const char *what,
		      const char *name, size_t max, struct clos_err *err)
{
	char shown[CLOS_IFNAME_SHOWLEN];
	size_t i, len = strlen(name);

	/* Shown escaped: a refused name may hold anything. */
	clos_ifname_show(name, shown, sizeof(shown));
	if (len == 0 || len > max)
		return fail(t, err, line, "%s '%s' must be 1..%zu characters",
			    what, shown, max);
	for (i = 0; i < len; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      (c >= 'A' && c <= 'Z') || (c == '-' && i > 0)))
			return fail(t, err, line,
				    "%s '%s' may only hold letters, digits and '-'",
				    what, shown);
	}
	return 0;
}

int topo_set_name(struct topo *t, const char *name, int line,
		  struct clos_err *err)
{
	int ret = check_name(t, line, "fabric name", name, TOPO_NAME_MAX, err);

	if (!ret)
		snprintf(t->name, sizeof(t->name), "%s", name);
	return ret;
}

int topo_add_node(struct topo *t, const char *name, enum topo_kind kind,
		  int line, struct clos_err *err)
{
	struct topo_node *n;
	int ret;

	ret = check_name(t, line, "node name", name, TOPO_NODE_NAME_MAX - 1,
			 err);
	if (ret)
		return ret;
	if (topo_node_find(t, name) >= 0)
		return fail(t, err, line, "node '%s' is defined twice", name);
	if (t->num_nodes == TOPO_MAX_NODES)
		return fail(t, err, line, "too many nodes (at most %d)",
			    TOPO_MAX_NODES);
	n = &t->nodes[t->num_nodes];
	memset(n, 0, sizeof(*n));
	snprintf(n->name, sizeof(n->name), "%s", name);
	n->kind = kind;
	n->mode = -1;
	n->box = -1;
	n->line = line;
	return t->num_nodes++;
}

static int box_find(const struct topo *t, const char *name)
{
	int i;

	for (i = 0; i < t->num_boxes; i++)
		if (!strcmp(t->boxes[i].name, name))
			return i;
	return -1;
}

int topo_add_box(struct topo *t, const char *name, const char *addr, int line,
		 struct clos_err *err)
{
	struct topo_box *b;
	int ret, i;

	ret = check_name(t, line, "box name", name, TOPO_BOX_NAME_MAX - 1, err);
	if (ret)
		return ret;
	if (box_find(t, name) >= 0)
		return fail(t, err, line, "box '%s' is defined twice", name);
	if (t->num_boxes == TOPO_MAX_BOXES)
		return fail(t, err, line, "too many boxes (at most %d)",
			    TOPO_MAX_BOXES);
	b = &t->boxes[t->num_boxes];
	memset(b, 0, sizeof(*b));
	if (inet_pton(AF_INET, addr, &b->addr) == 1)
		b->family = AF_INET;
	else if (inet_pton(AF_INET6, addr, &b->addr) == 1)
		b->family = AF_INET6;
	else
		return fail(t, err, line, "box '%s': 'address' '%s' is not an IPv4 or IPv6 address",
			    name, addr);
	inet_ntop(b->family, &b->addr, b->addr_str, sizeof(b->addr_str));
	for (i = 0; i < t->num_boxes; i++)
		if (!strcmp(t->boxes[i].addr_str, b->addr_str))
			return fail(t, err, line, "box '%s' has the address of box '%s' (%s)",
				    name, t->boxes[i].name, b->addr_str);
	snprintf(b->name, sizeof(b->name), "%s", name);
	b->line = line;
	return t->num_boxes++;
}

int topo_set_node_box(struct topo *t, int node, const char *box, int line,
		      struct clos_err *err)
{
	int b = box_find(t, box);

	if (b < 0)
		return fail(t, err, line, "node '%s': box '%s' is not in 'boxes'",
			    t->nodes[node].name, box);
	t->nodes[node].box = b;
	return 0;
}

int topo_set_link_vxlan(struct topo *t, __u32 vni, int udp_port, int mtu,
			int line, struct clos_err *err)
{
	struct topo_link *lk = &t->links[t->num_links - 1];
	const struct topo_node *a = topo_end_node(t, lk, 0);
	const struct topo_node *b = topo_end_node(t, lk, 1);

	if (!vni && !udp_port && !mtu)
		return 0;
	if (a->box < 0 || b->box < 0 || a->box == b->box)
		return fail(t, err, line, "link %s - %s: 'vni', 'udp-port' and 'mtu' are for a link "
			    "between two boxes (a VXLAN tunnel); %s and %s are on %s",
			    a->name, b->name, a->name, b->name,
			    a->box < 0 || b->box < 0 ? "no box" : "one box");
	lk->vni = vni;
	lk->vni_line = vni ? line : 0;
	lk->udp_port = udp_port;
	lk->mtu = mtu;
	return 0;
}

/*
 * Port names go to ip, tc and clos-loader as argv elements, so any name the
 * kernel takes works (lib/os/ifname.h), but "lo", which is already in
 * every namespace. clos-topo gives clos-loader each port as its own --port
 * and closctl batch each name escaped (lib/os/words.h), so ',' and quotes
 * are names like any other.
 */
static int check_port_name(const struct topo *t, const struct topo_node *n,
			   const char *ifname, int line, struct clos_err *err)
{
	char shown[CLOS_IFNAME_SHOWLEN];
	const char *why = NULL;
	struct clos_err kernel;

	if (clos_ifname_check(ifname, &kernel))
		why = kernel.msg;
	else if (!strcmp(ifname, "lo"))
		why = "is 'lo', which every namespace has";
	if (!why)
		return 0;
	return fail(t, err, line, "endpoint '%s:%s': interface name %s", n->name,
		    clos_ifname_show(ifname, shown, sizeof(shown)), why);
}

static int add_port(struct topo *t, int node, const char *ifname, int link,
		    int line, struct clos_err *err)
{
	struct topo_node *n = &t->nodes[node];
	struct topo_port *p;
	int ret;

	ret = check_port_name(t, n, ifname, line, err);
	if (ret)
		return ret;
	if (topo_port_find(n, ifname) >= 0)
		return fail(t, err, line, "interface '%s:%s' is used by two links",
			    n->name, ifname);
	if (n->num_ports == TOPO_MAX_NODE_PORTS)
		return fail(t, err, line, "node '%s' has more than %d ports",
			    n->name, TOPO_MAX_NODE_PORTS);
	p = &n->ports[n->num_ports++];
	memset(p, 0, sizeof(*p));
	snprintf(p->ifname, sizeof(p->ifname), "%s", ifname);
	p->link = link;
	return n->num_ports - 1;
}

int topo_add_link(struct topo *t, int a, const char *ifa, int b,
		  const char *ifb, uint64_t rate_bps, int line,
		  struct clos_err *err)
{
	struct topo_link *lk;
	int pa, pb;

	if (t->num_links == TOPO_MAX_LINKS)
		return fail(t, err, line, "too many links (at most %d)",
			    TOPO_MAX_LINKS);
	lk = &t->links[t->num_links];
	pa = add_port(t, a, ifa, t->num_links, line, err);
	if (pa < 0)
		return pa;
	pb = add_port(t, b, ifb, t->num_links, line, err);
	if (pb < 0)
		return pb;
	lk->ep[0] = (struct topo_endpoint){ a, pa };
	lk->ep[1] = (struct topo_endpoint){ b, pb };
	lk->rate_bps = rate_bps;
	lk->line = line;
	t->nodes[a].ports[pa].peer_node = b;
	t->nodes[a].ports[pa].peer_port = pb;
	t->nodes[b].ports[pb].peer_node = a;
	t->nodes[b].ports[pb].peer_port = pa;
	t->num_links++;
	return 0;
}

/* The fabric rules of a file that names its kinds: links join leaf-spine
 * or host-leaf. */
static int check_kinds(struct topo *t, const struct topo_link *lk,
		       struct clos_err *err)
{
	const struct topo_node *a = topo_end_node(t, lk, 0);
	const struct topo_node *b = topo_end_node(t, lk, 1);
	int kinds = (1 << a->kind) | (1 << b->kind);

	if (kinds != ((1 << TOPO_LEAF) | (1 << TOPO_SPINE)) &&
	    kinds != ((1 << TOPO_LEAF) | (1 << TOPO_HOST)))
		return fail(t, err, lk->line, "link %s:%s - %s:%s joins a %s and a %s; "
			    "links must join leaf-spine or host-leaf",
			    a->name, topo_end_port(t, lk, 0)->ifname, b->name,
			    topo_end_port(t, lk, 1)->ifname, topo_kind_name(a->kind),
			    topo_kind_name(b->kind));
	return 0;
}

/*
 * Tiers from the graph: a switch's distance from the hosts (breadth first
 * from all of them at once), so leaves are 1, spines 2, superspines 3.
 * Leaves and spines get their kind from it; a switch no host reaches, or a
 * link within one tier, is refused: the routes go up and down the tiers.
 */
static int graph_tiers(struct topo *t, struct clos_err *err)
{
	int queue[TOPO_MAX_NODES], head = 0, tail = 0, i, p;

	for (i = 0; i < t->num_nodes; i++) {
		t->nodes[i].tier = t->nodes[i].kind == TOPO_HOST ? 0 : -1;
		if (t->nodes[i].kind == TOPO_HOST)
			queue[tail++] = i;
	}
	if (!tail)
		return fail(t, err, 1, "the fabric has no host (a node of kind linux, "
			    "or --kind KIND=host); tiers are counted from the hosts");
	while (head < tail) {
		const struct topo_node *n = &t->nodes[queue[head++]];

		for (p = 0; p < n->num_ports; p++) {
			struct topo_node *peer = &t->nodes[n->ports[p].peer_node];

			if (peer->tier >= 0)
				continue;
			peer->tier = n->tier + 1;
			queue[tail++] = peer - t->nodes;
		}
	}
	for (i = 0; i < t->num_nodes; i++) {
		struct topo_node *n = &t->nodes[i];

		if (n->tier < 0)
			return fail(t, err, n->line, "node '%s' has no path to a host; "
				    "tiers are counted from the hosts", n->name);
		if (n->tier > TOPO_MAX_TIERS)
			return fail(t, err, n->line, "node '%s' is %d links from the "
				    "nearest host; at most %d tiers", n->name, n->tier,
				    TOPO_MAX_TIERS);
		if (topo_is_switch(n))
			n->kind = n->tier == 1 ? TOPO_LEAF : TOPO_SPINE;
	}
	for (i = 0; i < t->num_links; i++) {
		const struct topo_link *lk = &t->links[i];
		const struct topo_node *a = topo_end_node(t, lk, 0);
		const struct topo_node *b = topo_end_node(t, lk, 1);
		char ta[24], tb[24];

		if (a->tier == b->tier)
			return fail(t, err, lk->line, "link %s:%s - %s:%s joins two nodes "
				    "of one tier (%s %s, %s %s); links must join adjacent "
				    "tiers", a->name, topo_end_port(t, lk, 0)->ifname,
				    b->name, topo_end_port(t, lk, 1)->ifname,
				    topo_tier_name(a, ta, sizeof(ta)), a->name,
				    topo_tier_name(b, tb, sizeof(tb)), b->name);
	}
	return 0;
}

/* Pods, for the ASNs of a third tier: leaves and spines that are joined
 * without going through a higher tier share a pod, numbered in the order
 * of their first spine. */
static void number_pods(struct topo *t)
{
	int stack[TOPO_MAX_NODES], top, i, p, pods = 0;

	for (i = 0; i < t->num_nodes; i++) {
		if (t->nodes[i].tier != 2 || t->nodes[i].pod)
			continue;
		t->nodes[i].pod = ++pods;
		stack[0] = i;
		top = 1;
		while (top) {
			const struct topo_node *n = &t->nodes[stack[--top]];

			for (p = 0; p < n->num_ports; p++) {
				struct topo_node *peer = &t->nodes[n->ports[p].peer_node];

				if (peer->tier < 1 || peer->tier > 2 || peer->pod)
					continue;
				peer->pod = pods;
				stack[top++] = peer - t->nodes;
			}
		}
	}
	/* Only spines carry a pod: a leaf's ASN is its own. */
	for (i = 0; i < t->num_nodes; i++)
		if (t->nodes[i].tier != 2)
			t->nodes[i].pod = 0;
}

/* The fabric rules: links join adjacent tiers (leaf-spine or host-leaf
 * in a file that names its kinds), once per pair; a host hangs off
 * exactly one leaf. Numbers each tier's switches, leaves (= racks) and
 * the hosts of each rack. */
static int check_shape(struct topo *t, struct clos_err *err)
{
	int count[TOPO_MAX_TIERS + 1] = {};
	int i, j, p, ret, leaves = 0, spines = 0;

	for (i = 0; i < t->num_links; i++) {
		const struct topo_link *lk = &t->links[i];
		const struct topo_node *a = topo_end_node(t, lk, 0);
		const struct topo_node *b = topo_end_node(t, lk, 1);

		if (!t->graph_tiers && (ret = check_kinds(t, lk, err)))
			return ret;
		for (j = 0; j < i; j++) {
			const struct topo_link *o = &t->links[j];

			if ((o->ep[0].node == lk->ep[0].node && o->ep[1].node == lk->ep[1].node) ||
			    (o->ep[0].node == lk->ep[1].node && o->ep[1].node == lk->ep[0].node))
				return fail(t, err, lk->line, "%s and %s are joined twice; "
					    "one link per pair", a->name, b->name);
		}
	}
	for (i = 0; i < t->num_nodes; i++) {
		struct topo_node *n = &t->nodes[i];

		if (t->graph_tiers && topo_is_switch(n) && n->num_ports == 0)
			return fail(t, err, n->line, "node '%s' has no links", n->name);
		if (!t->graph_tiers)
			n->tier = n->kind == TOPO_HOST ? 0 : n->kind == TOPO_LEAF ? 1 : 2;
	}
	if (t->graph_tiers && (ret = graph_tiers(t, err)))
		return ret;
	for (i = 0; i < t->num_nodes; i++) {
		struct topo_node *n = &t->nodes[i];

		if (!topo_is_switch(n))
			continue;
		n->index = ++count[n->tier];
		if (n->kind == TOPO_LEAF)
			n->rack = ++leaves;
		else
			spines++;
		if (n->tier > t->tiers)
			t->tiers = n->tier;
	}
	if (leaves == 0)
		return fail(t, err, 1, "the fabric has no leaf");
	if (!t->graph_tiers && spines > TOPO_MAX_SPINES)
		return fail(t, err, 1, "%d spines; a leaf's ECMP group holds at most %d",
			    spines, TOPO_MAX_SPINES);
	if (leaves > TOPO_MAX_LEAVES)
		return fail(t, err, 1, "%d leaves; at most %d", leaves,
			    TOPO_MAX_LEAVES);
	/* Each switch's uplinks are one ECMP group. */
	for (i = 0; i < t->num_nodes; i++) {
		const struct topo_node *n = &t->nodes[i];
		int up = 0;

		for (p = 0; p < n->num_ports; p++)
			up += topo_is_switch(n) && topo_port_up(t, n, &n->ports[p]);
		if (up > CLOS_MAX_MEMBERS)
			return fail(t, err, n->line, "node '%s' has %d uplinks; an ECMP "
				    "group holds at most %d", n->name, up,
				    CLOS_MAX_MEMBERS);
	}
	if (t->routing == TOPO_ROUTING_BGP && t->tiers > TOPO_BGP_MAX_TIERS)
		return fail(t, err, 1, "routing bgp: RFC 7938's AS numbers cover %d "
			    "tiers of switches; this fabric has %d",
			    TOPO_BGP_MAX_TIERS, t->tiers);
	if (t->tiers >= 3)
		number_pods(t);
	for (i = 0; i < t->num_nodes; i++) {
		struct topo_node *n = &t->nodes[i];
		int hosts = 0;

		if (topo_is_switch(n)) {
			if (n->num_ports == 0)
				return fail(t, err, n->line, "node '%s' has no links",
					    n->name);
			continue;
		}
		if (n->num_ports != 1)
			return fail(t, err, n->line, "host '%s' has %d links; a host "
				    "connects to exactly one leaf", n->name,
				    n->num_ports);
		n->rack = topo_peer(t, &n->ports[0])->rack;
		for (j = 0; j <= i; j++)
			hosts += t->nodes[j].kind == TOPO_HOST &&
				 t->nodes[j].rack == n->rack;
		n->index = hosts;
		if (hosts > 250)
			return fail(t, err, n->line, "rack %d has more than 250 hosts",
				    n->rack);
	}
	return 0;
}

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

/* Address both ends of link lk and give them its rate. */
static void plan_link(struct topo *t, const struct topo_link *lk)
{
	struct topo_node *a = &t->nodes[lk->ep[0].node];
	struct topo_node *b = &t->nodes[lk->ep[1].node];
	struct topo_port *pa = &a->ports[lk->ep[0].port];
	struct topo_port *pb = &b->ports[lk->ep[1].port];
	struct topo_node *lower = a->tier < b->tier ? a : b;
	struct topo_node *upper = lower == a ? b : a;
	struct topo_port *lp = lower == a ? pa : pb;
	struct topo_port *up = lower == a ? pb : pa;
	int k = lower->tier, i = lower->index, j = upper->index;

	if (lower->kind == TOPO_HOST) {
		/* The leaf's side first: 10.1.r.(2k-2) */
		v4(&up->v4, 10, 1, upper->rack, 2 * i - 2);
		v4(&lp->v4, 10, 1, upper->rack, 2 * i - 1);
		v6(&up->v6, 1, upper->rack, i, 1);
		v6(&lp->v6, 1, upper->rack, i, 2);
		lp->rate_bps = up->rate_bps = lk->rate_bps ? lk->rate_bps
							   : t->host_rate_bps;
	} else {
		/* Leaf r - spine s is tier 1's case: 10.255.r.(2s-2). */
		v4(&up->v4, 10, 256 - k, i, 2 * j - 2);
		v4(&lp->v4, 10, 256 - k, i, 2 * j - 1);
		v6(&up->v6, 0x100 - k, i, j, 1);
		v6(&lp->v6, 0x100 - k, i, j, 2);
		lp->rate_bps = up->rate_bps = lk->rate_bps ? lk->rate_bps
							   : t->fabric_rate_bps;
	}
	lp->v4_plen = up->v4_plen = 31;
	lp->v6_plen = up->v6_plen = 64;
}

/* RFC 7938: leaves one ASN each; the top tier shares one; under a third
 * tier, each pod's spines share one. */
static __u32 node_asn(const struct topo *t, const struct topo_node *n)
{
	if (n->kind == TOPO_LEAF)
		return TOPO_LEAF_ASN_BASE + n->rack;
	if (n->tier == t->tiers)
		return TOPO_SPINE_ASN;
	return TOPO_POD_ASN_BASE + n->pod;
}

/* MACs and seeds come from the names, so a fabric is planned alike on
 * every run. */
static void plan(struct topo *t)
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
		if (topo_is_switch(n))
			n->asn = node_asn(t, n);
	}
	for (i = 0; i < t->num_links; i++)
		plan_link(t, &t->links[i]);
}

/*
 * With boxes, every node is on one, and a link between two boxes is a
 * tunnel. A VNI the file does not give is (fabric id + 1) * 4096 + the
 * link's number, the fabric id being the MACs' (plan()): the same on every
 * box that reads the file, and apart from another fabric's on the same
 * underlay unless their names' ids meet (then give 'vni'). Two tunnels
 * with one VNI and UDP port would be one to the kernel: refused.
 */
static int plan_tunnels(struct topo *t, struct clos_err *err)
{
	__u32 fabric_id = crc32(0, (const Bytef *)t->name, strlen(t->name)) & 0xff;
	int i, j;

	if (!t->num_boxes)
		return 0;
	for (i = 0; i < t->num_nodes; i++)
		if (t->nodes[i].box < 0)
			return fail(t, err, t->nodes[i].line,
				    "node '%s' has no 'box' (the file has boxes: each node names its own)",
				    t->nodes[i].name);
	for (i = 0; i < t->num_links; i++) {
		struct topo_link *lk = &t->links[i];
		const struct topo_box *ba = &t->boxes[topo_end_node(t, lk, 0)->box];
		const struct topo_box *bb = &t->boxes[topo_end_node(t, lk, 1)->box];

		if (ba == bb)
			continue;
		if (ba->family != bb->family)
			return fail(t, err, lk->line, "link %s - %s joins box '%s' (%s) and box '%s' (%s): "
				    "a tunnel's ends need addresses of one family",
				    topo_end_node(t, lk, 0)->name, topo_end_node(t, lk, 1)->name,
				    ba->name, ba->addr_str, bb->name, bb->addr_str);
		lk->kind = TOPO_LINK_VXLAN;
		if (!lk->vni)
			lk->vni = (fabric_id + 1) * 4096 + i + 1;
		if (!lk->udp_port)
			lk->udp_port = TOPO_VXLAN_PORT;
		if (!lk->mtu)
			lk->mtu = TOPO_UNDERLAY_MTU - (ba->family == AF_INET ?
						       TOPO_VXLAN_OVERHEAD_V4 :
						       TOPO_VXLAN_OVERHEAD_V6);
	}
	for (i = 0; i < t->num_links; i++)
		for (j = 0; j < i; j++) {
			const struct topo_link *a = &t->links[j], *b = &t->links[i];

			if (a->kind != TOPO_LINK_VXLAN || b->kind != TOPO_LINK_VXLAN ||
			    a->vni != b->vni || a->udp_port != b->udp_port)
				continue;
			return fail(t, err, b->vni_line ? b->vni_line : a->vni_line,
				    "duplicate VNI %u: links at lines %d and %d would be one tunnel "
				    "(each link between boxes needs its own 'vni')",
				    b->vni, a->line, b->line);
		}
	return 0;
}

int topo_finish(struct topo *t, struct clos_err *err)
{
	int ret = check_shape(t, err);

	if (!ret)
		ret = plan_tunnels(t, err);
	if (!ret)
		plan(t);
	return ret;
}

int topo_select_box(struct topo *t, const char *name, const char *underlay_netns,
		    struct clos_err *err)
{
	t->local_box = -1;
	if (underlay_netns && strlen(underlay_netns) >= sizeof(t->underlay_netns))
		return clos_err_set(err, -EINVAL, "--underlay-netns: a name of at most %zu characters",
				    sizeof(t->underlay_netns) - 1);
	snprintf(t->underlay_netns, sizeof(t->underlay_netns), "%s",
		 underlay_netns ? underlay_netns : "");
	if (!name) {
		if (underlay_netns && underlay_netns[0])
			return clos_err_set(err, -EINVAL,
					    "--underlay-netns is for a box's part (--box NAME)");
		return 0;
	}
	if (!t->num_boxes)
		return clos_err_set(err, -EINVAL, "%s has no 'boxes': --box %s names none",
				    t->file, name);
	t->local_box = box_find(t, name);
	if (t->local_box < 0)
		return clos_err_set(err, -EINVAL, "--box %s: %s has no box '%s'",
				    name, t->file, name);
	return 0;
}

int topo_link_local_end(const struct topo *t, const struct topo_link *lk)
{
	int e;

	for (e = 0; e < 2; e++)
		if (topo_end_node(t, lk, e)->box == t->local_box)
			return e;
	return -1;
}

int topo_port_mtu(const struct topo *t)
{
	int i, mtu = 0;

	for (i = 0; i < t->num_links; i++)
		if (topo_link_tunnel(t, &t->links[i]) &&
		    (!mtu || t->links[i].mtu < mtu))
			mtu = t->links[i].mtu;
	return mtu;
}

int topo_endpoint_split(const char *s, char *node, const char **ifname)
{
	const char *colon = strchr(s, ':');

	if (!colon || colon == s || !colon[1])
		return -EINVAL;
	if (colon - s >= TOPO_NODE_NAME_MAX)
		return -ENAMETOOLONG;
	memcpy(node, s, colon - s);
	node[colon - s] = '\0';
	*ifname = colon + 1;
	return 0;
}

/* --- names ---------------------------------------------------------------- */

void topo_netns_prefix(const char *fabric, char *buf, size_t len)
{
	snprintf(buf, len, "clos-%s-", fabric);
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

const char *topo_kind_name(enum topo_kind kind)
{
	switch (kind) {
	case TOPO_SPINE:
		return "spine";
	case TOPO_LEAF:
		return "leaf";
	default:
		return "host";
	}
}

const char *topo_tier_name(const struct topo_node *n, char *buf, size_t len)
{
	static const char *const names[] = { "host", "leaf", "spine", "superspine" };

	if (n->tier >= 0 && n->tier < 4)
		snprintf(buf, len, "%s", names[n->tier]);
	else
		snprintf(buf, len, "tier%d", n->tier);
	return buf;
}

const char *topo_mode_name(int mode)
{
	return mode == CLOS_MODE_QUEUE ? "queue" : "fast";
}

const char *topo_routing_name(int routing)
{
	return routing == TOPO_ROUTING_BGP ? "bgp" : "static";
}

/* --- queries -------------------------------------------------------------- */

int topo_node_mode(const struct topo *t, const struct topo_node *n)
{
	return n->mode >= 0 ? n->mode : t->mode;
}

bool topo_near_queue_switch(const struct topo *t, const struct topo_node *n)
{
	int p;

	if (topo_is_switch(n) && topo_node_mode(t, n) == CLOS_MODE_QUEUE)
		return true;
	for (p = 0; p < n->num_ports; p++) {
		const struct topo_node *peer = topo_peer(t, &n->ports[p]);

		if (topo_is_switch(peer) &&
		    topo_node_mode(t, peer) == CLOS_MODE_QUEUE)
			return true;
	}
	return false;
}

int topo_down_ports(const struct topo *t, const struct topo_node *n,
		    const struct topo_node *d, int ports[TOPO_MAX_NODE_PORTS])
{
	int queue[TOPO_MAX_NODES], p, q, count = 0;

	for (p = 0; p < n->num_ports; p++) {
		bool seen[TOPO_MAX_NODES] = {};
		int head = 0, tail = 0;

		if (topo_peer(t, &n->ports[p])->tier >= n->tier)
			continue;
		queue[tail++] = n->ports[p].peer_node;
		seen[n->ports[p].peer_node] = true;
		/* Down from the peer, tier by tier, until d is met. */
		while (head < tail) {
			const struct topo_node *m = &t->nodes[queue[head++]];

			if (m == d) {
				ports[count++] = p;
				break;
			}
			for (q = 0; q < m->num_ports; q++) {
				int peer = m->ports[q].peer_node;

				if (t->nodes[peer].tier < m->tier && !seen[peer] &&
				    t->nodes[peer].tier >= d->tier) {
					seen[peer] = true;
					queue[tail++] = peer;
				}
			}
		}
	}
	return count;
}

int topo_node_find(const struct topo *t, const char *name)
{
	int i;

	for (i = 0; i < t->num_nodes; i++)
		if (!strcmp(t->nodes[i].name, name))
			return i;
	return -1;
}

int topo_port_find(const struct topo_node *n, const char *ifname)
{
	int p;

	for (p = 0; p < n->num_ports; p++)
		if (!strcmp(n->ports[p].ifname, ifname))
			return p;
	return -1;
}

/* --- addresses ------------------------------------------------------------ */

const char *topo_port_addr(const struct topo_port *p, int family, bool plen,
			   char *buf, size_t len)
{
	size_t n;

	inet_ntop(family, family == AF_INET ? (const void *)&p->v4 :
					      (const void *)&p->v6, buf, len);
	n = strlen(buf);
	if (plen)
		snprintf(buf + n, len - n, "/%d",
			 family == AF_INET ? p->v4_plen : p->v6_plen);
	return buf;
}

int topo_node_prefixes(const struct topo *t, const struct topo_node *n,
		       struct topo_prefix pfx[TOPO_RACK_PREFIXES])
{
	int p;

	if (n->kind == TOPO_LEAF) {
		topo_rack_prefixes(n->rack, pfx);
		return TOPO_RACK_PREFIXES;
	}
	if (!topo_is_switch(n))
		return 0;
	for (p = 0; p < n->num_ports; p++)
		if (topo_port_up(t, n, &n->ports[p]))
			break;
	if (p == n->num_ports)
		return 0;
	pfx[0].family = AF_INET;
	pfx[1].family = AF_INET6;
	snprintf(pfx[0].str, sizeof(pfx[0].str), "10.%d.%d.0/24", 256 - n->tier,
		 n->index);
	snprintf(pfx[1].str, sizeof(pfx[1].str), "fd00:%x:%x::/48", 0x100 - n->tier,
		 n->index);
	return 2;
}

void topo_rack_prefixes(int rack, struct topo_prefix pfx[TOPO_RACK_PREFIXES])
{
	pfx[0].family = pfx[1].family = AF_INET;
	pfx[2].family = pfx[3].family = AF_INET6;
	snprintf(pfx[0].str, sizeof(pfx[0].str), "10.1.%d.0/24", rack);
	snprintf(pfx[1].str, sizeof(pfx[1].str), "10.255.%d.0/24", rack);
	snprintf(pfx[2].str, sizeof(pfx[2].str), "fd00:1:%x::/48", rack);
	snprintf(pfx[3].str, sizeof(pfx[3].str), "fd00:ff:%x::/48", rack);
}
