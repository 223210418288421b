/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fabric model: nodes (spines, leaves, hosts) joined by point-to-point
 * links, and every question asked of it. This is the one place that knows
 * how things are named (namespaces, switches, ports), which node is what,
 * who is at the other end of a link, and the addressing plan:
 *
 *   rack r aggregate      10.1.r.0/24            fd00:1:r::/48
 *   host k link (/31,/64) leaf 10.1.r.(2k-2)     fd00:1:r:k::1
 *                         host 10.1.r.(2k-1)     fd00:1:r:k::2
 *   leaf r - spine s link spine 10.255.r.(2s-2)  fd00:ff:r:s::1
 *                         leaf  10.255.r.(2s-1)  fd00:ff:r:s::2
 *   tier k node i - tier k+1 node j link (k >= 2, more than two tiers):
 *                         upper 10.(256-k).i.(2j-2) fd00:(100-k):i:j::1
 *                         lower 10.(256-k).i.(2j-1) fd00:(100-k):i:j::2
 *   MACs 02:c1:FF:NN:PP:00 (FF fabric, NN node, PP port)
 *
 * (r = rack = leaf index, k = host index in the rack, s = spine index, all
 * 1-based; i, j: indexes among the nodes of their tier; (100-k) in hex, so
 * tier 2's uplinks are in 10.254.0.0/16 and fd00:fe::/32).
 *
 * Tiers: hosts 0, leaves 1, spines 2, and in files whose tiers come from
 * the graph (containerlab files, clab.c) a switch's tier is its distance
 * from the hosts: superspines 3 and so on. Every link joins two adjacent
 * tiers; a port is an uplink when its peer's tier is above its own. A model is built by topo_load() (load.c) through the
 * topo_add_*() calls below and sealed by topo_finish(), which checks the
 * fabric rules and computes addresses, MACs and seeds; after that it is
 * read-only. Nothing here touches the system.
 */
#ifndef CLOS_TOPO_MODEL_H
#define CLOS_TOPO_MODEL_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>
#include "clos/abi.h"
#include "err.h"

#define TOPO_NAME_MAX		12	/* fabric name: goes into netns names */
#define TOPO_NODE_NAME_MAX	16
#define TOPO_MAX_NODES		128
#define TOPO_MAX_LINKS		512
#define TOPO_MAX_SPINES		CLOS_MAX_MEMBERS
#define TOPO_MAX_LEAVES		64
#define TOPO_MAX_NODE_PORTS	CLOS_MAX_PORTS
#define TOPO_NETNS_STRLEN	64	/* "clos-<fabric>-<node>" */
#define TOPO_ADDR_STRLEN	(INET6_ADDRSTRLEN + 4)	/* with "/len" */
#define TOPO_MAX_BOXES		16
#define TOPO_BOX_NAME_MAX	16

/* A link between nodes on two boxes is a VXLAN tunnel over the boxes'
 * underlay (RFC 7348): each end a kernel vxlan device. */
#define TOPO_VXLAN_PORT		4789	/* IANA's, and the kernel's default */
#define TOPO_VXLAN_VNI_MAX	0xffffff
#define TOPO_UNDERLAY_MTU	1500
/* What a tunnel adds to a frame: outer Ethernet 14, IP 20 (IPv6 40), UDP 8,
 * VXLAN 8. */
#define TOPO_VXLAN_OVERHEAD_V4	50
#define TOPO_VXLAN_OVERHEAD_V6	70

enum topo_kind {
	TOPO_SPINE,
	TOPO_LEAF,
	TOPO_HOST,
};

/* Who fills the switches' tables: clos-topo's own compile of the plan
 * (static), or FRR's eBGP through the kernel FIB and clos-fibsync (bgp). */
enum topo_routing {
	TOPO_ROUTING_STATIC,
	TOPO_ROUTING_BGP,
};

/* eBGP as RFC 7938 numbers it: the spines share one private ASN, each leaf
 * has its own (rack r: TOPO_LEAF_ASN_BASE + r), so a leaf's routes reach
 * another leaf with AS path "spines leaf" over every spine alike. */
#define TOPO_SPINE_ASN		65000
#define TOPO_LEAF_ASN_BASE	65100
/* With a third tier (RFC 7938, 5-stage): the superspines share
 * TOPO_SPINE_ASN and each pod's spines (a pod: leaves and spines joined
 * below the superspines) share TOPO_POD_ASN_BASE + pod. */
#define TOPO_POD_ASN_BASE	65000
#define TOPO_BGP_MAX_TIERS	3
#define TOPO_MAX_TIERS		8	/* 10.(256-k): well clear of 10.1 */

struct topo_port {
	char ifname[CLOS_IFNAMSIZ];
	int link;		/* index into topo.links */
	int peer_node;
	int peer_port;
	__u8 mac[6];
	struct in_addr v4;	/* interface address */
	int v4_plen;
	struct in6_addr v6;
	int v6_plen;
	uint64_t rate_bps;	/* 0: unshaped */
};

struct topo_node {
	char name[TOPO_NODE_NAME_MAX];
	enum topo_kind kind;
	int line;		/* where the file defined it, for messages */
	int index;		/* 1-based among nodes of its kind */
	int rack;		/* hosts and leaves: the leaf index */
	int tier;		/* 0 host, 1 leaf, 2 spine, 3 superspine... */
	int pod;		/* spines under a third tier: their pod (1-based) */
	__u32 seed;		/* switches: ECMP hash seed */
	int mode;		/* switches: enum clos_mode; -1: the file's */
	__u32 asn;		/* switches: BGP AS number (routing: bgp) */
	int box;		/* index into topo.boxes; -1: the file has none */
	int num_ports;
	struct topo_port ports[TOPO_MAX_NODE_PORTS];
};

struct topo_endpoint {
	int node;
	int port;
};

/* How a link is made: a veth pair (both ends on this machine), or, in a
 * fabric brought up one box at a time, a VXLAN tunnel between two boxes. */
enum topo_link_kind {
	TOPO_LINK_VETH,
	TOPO_LINK_VXLAN,
};

struct topo_link {
	struct topo_endpoint ep[2];
	uint64_t rate_bps;
	int line;
	int kind;		/* enum topo_link_kind: vxlan when its ends'
				 * boxes differ */
	/* vxlan only, planned by topo_finish() unless the file gives them */
	__u32 vni;
	__u16 udp_port;
	int mtu;		/* of the vxlan devices */
	int vni_line;		/* where the file gave vni (0: planned) */
};

/* A machine that runs part of the fabric, known by its underlay address
 * (the tunnels' outer source and destination). */
struct topo_box {
	char name[TOPO_BOX_NAME_MAX];
	int family;		/* AF_INET or AF_INET6 */
	struct in6_addr addr;	/* an IPv4 one in its first 4 bytes */
	char addr_str[INET6_ADDRSTRLEN];
	int line;
};

struct topo {
	char file[256];
	char name[TOPO_NAME_MAX + 1];
	uint64_t host_rate_bps;
	uint64_t fabric_rate_bps;
	int mode;		/* enum clos_mode of switches that name none */
	int routing;		/* enum topo_routing */
	bool graph_tiers;	/* switches' tiers from the graph (clab.c) */
	int tiers;		/* switch tiers: 2 for leaf-spine */
	int num_nodes;
	struct topo_node nodes[TOPO_MAX_NODES];
	int num_links;
	struct topo_link links[TOPO_MAX_LINKS];
	int num_boxes;
	struct topo_box boxes[TOPO_MAX_BOXES];
	/* What this run builds (topo_select_box()): one box's part, or
	 * (local_box -1) the whole fabric, every link a veth. */
	int local_box;
	char underlay_netns[TOPO_NETNS_STRLEN];	/* "": the current one */
};

/* --- building (load.c) ------------------------------------------------------
 * Every refusal is "FILE:LINE: reason" in err, and -EINVAL. */

/* An empty model of file, with the default link rates. */
void topo_init(struct topo *t, const char *file);
int topo_set_name(struct topo *t, const char *name, int line,
		  struct clos_err *err);
/* A node (its mode: the file's, until load.c sets its own); returns its
 * index. */
int topo_add_node(struct topo *t, const char *name, enum topo_kind kind,
		  int line, struct clos_err *err);
/* A link from node a's new port ifa to node b's new port ifb; rate 0: the
 * default of its kind. */
int topo_add_link(struct topo *t, int a, const char *ifa, int b,
		  const char *ifb, uint64_t rate_bps, int line,
		  struct clos_err *err);
/* A box named name at underlay address addr (IPv4 or IPv6); returns its
 * index. */
int topo_add_box(struct topo *t, const char *name, const char *addr, int line,
		 struct clos_err *err);
/* Place node on box (by name); line is where the file says so. */
int topo_set_node_box(struct topo *t, int node, const char *box, int line,
		      struct clos_err *err);
/* The last link added: its tunnel's VNI, UDP port or MTU as the file gives
 * them (0: planned); refused unless its ends are on two boxes. */
int topo_set_link_vxlan(struct topo *t, __u32 vni, int udp_port, int mtu,
			int line, struct clos_err *err);
/* Check the fabric rules (links join leaf-spine or host-leaf, once per
 * pair; a host has one leaf; with graph_tiers: adjacent tiers, counted
 * from the hosts), number racks, and plan addresses, MACs and seeds; with
 * boxes, check that every node has one and plan the tunnels (VNIs, unique
 * on the underlay). */
int topo_finish(struct topo *t, struct clos_err *err);

/* Build only box name's part (NULL: the whole fabric on this machine), its
 * tunnels' underlay ends in namespace underlay_netns (NULL or "": the
 * current one). -EINVAL with the reason when the file has no such box. */
int topo_select_box(struct topo *t, const char *name, const char *underlay_netns,
		    struct clos_err *err);

/* "NODE:IF" into NODE (room for TOPO_NODE_NAME_MAX) and a pointer to IF:
 * -EINVAL when it is not of that form, -ENAMETOOLONG when NODE is too long
 * to be a node's name. */
int topo_endpoint_split(const char *s, char *node, const char **ifname);

/* --- names ----------------------------------------------------------------
 * Everything a fabric creates carries its name: namespaces
 * "clos-<fabric>-<node>", switches (pins) "<fabric>-<node>". */

void topo_netns_prefix(const char *fabric, char *buf, size_t len);
void topo_netns_name(const struct topo *t, const struct topo_node *n,
		     char *buf, size_t len);
void topo_switch_name(const struct topo *t, const struct topo_node *n,
		      char *buf, size_t len);
const char *topo_kind_name(enum topo_kind kind);
/* What n is by its tier: host, leaf, spine, superspine, tier4, ... */
const char *topo_tier_name(const struct topo_node *n, char *buf, size_t len);
const char *topo_mode_name(int mode);
const char *topo_routing_name(int routing);

/* --- queries --------------------------------------------------------------- */

static inline bool topo_is_switch(const struct topo_node *n)
{
	return n->kind != TOPO_HOST;
}

/* Is node n built by this run (on the selected box, or no box selected)? */
static inline bool topo_node_here(const struct topo *t,
				  const struct topo_node *n)
{
	return t->local_box < 0 || n->box == t->local_box;
}

/* Is lk made as a tunnel in this run (a box selected, its ends on two)? */
static inline bool topo_link_tunnel(const struct topo *t,
				    const struct topo_link *lk)
{
	return t->local_box >= 0 && lk->kind == TOPO_LINK_VXLAN;
}

/* The end of lk on this machine's box, for a tunnel (-1: neither). */
int topo_link_local_end(const struct topo *t, const struct topo_link *lk);

/* The MTU of every port of a fabric built box by box: its tunnels' least
 * (the same on every box), so that a host never sends what a tunnel cannot
 * carry (the data path does not fragment). 0 when the whole fabric is
 * built here (no tunnel). */
int topo_port_mtu(const struct topo *t);

/* The mode switch n runs in (its own, else the file's). */
int topo_node_mode(const struct topo *t, const struct topo_node *n);
/* Is n a queue-mode switch, or linked to one? */
bool topo_near_queue_switch(const struct topo *t, const struct topo_node *n);
/* Does port p of node n lead up (to a higher tier)? */
static inline bool topo_port_up(const struct topo *t, const struct topo_node *n,
				const struct topo_port *p)
{
	return t->nodes[p->peer_node].tier > n->tier;
}

/* The ports of switch n that lead down to node d, d itself or a node
 * above it, tier by tier: into ports[] (port indexes), their number. */
int topo_down_ports(const struct topo *t, const struct topo_node *n,
		    const struct topo_node *d, int ports[TOPO_MAX_NODE_PORTS]);

/* Node index by name, port index by interface name; -1 when absent. */
int topo_node_find(const struct topo *t, const char *name);
int topo_port_find(const struct topo_node *n, const char *ifname);

/* Who is at the other end of port p's link, and on which of its ports. */
static inline const struct topo_node *topo_peer(const struct topo *t,
						const struct topo_port *p)
{
	return &t->nodes[p->peer_node];
}

static inline const struct topo_port *topo_peer_port(const struct topo *t,
						     const struct topo_port *p)
{
	return &t->nodes[p->peer_node].ports[p->peer_port];
}

/* End e (0 or 1) of link lk. */
static inline const struct topo_node *topo_end_node(const struct topo *t,
						    const struct topo_link *lk,
						    int e)
{
	return &t->nodes[lk->ep[e].node];
}

static inline const struct topo_port *topo_end_port(const struct topo *t,
						    const struct topo_link *lk,
						    int e)
{
	return &t->nodes[lk->ep[e].node].ports[lk->ep[e].port];
}

/* --- addresses -------------------------------------------------------------- */

/* Port p's address of family (AF_INET or AF_INET6) as text, with "/len"
 * when plen. */
const char *topo_port_addr(const struct topo_port *p, int family, bool plen,
			   char *buf, size_t len);

/* What the fabric routes to rack r: its hosts' links and its leaf's fabric
 * links, IPv4 then IPv6. */
#define TOPO_RACK_PREFIXES	4
struct topo_prefix {
	int family;
	char str[32];		/* "10.1.3.0/24", "fd00:ff:3::/48" */
};
void topo_rack_prefixes(int rack, struct topo_prefix pfx[TOPO_RACK_PREFIXES]);

/* What the fabric routes to node n: a leaf's rack, a higher switch's
 * uplinks (10.(256-k).i.0/24, fd00:(100-k):i::/48) when it has any;
 * their number (0: nothing, hosts and top-tier switches). */
int topo_node_prefixes(const struct topo *t, const struct topo_node *n,
		       struct topo_prefix pfx[TOPO_RACK_PREFIXES]);

#endif /* CLOS_TOPO_MODEL_H */
