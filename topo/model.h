/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A fabric as clos-topo sees it: nodes (spines, leaves, hosts) joined by
 * point-to-point links, read from a topology file, then planned (addresses,
 * MACs, routes, ECMP groups) before anything is created.
 */
#ifndef CLOS_TOPO_MODEL_H
#define CLOS_TOPO_MODEL_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>
#include "clos/abi.h"

#define TOPO_NAME_MAX		12	/* fabric name: goes into netns names */
#define TOPO_NODE_NAME_MAX	16
#define TOPO_MAX_NODES		128
#define TOPO_MAX_LINKS		512
#define TOPO_MAX_SPINES		CLOS_MAX_MEMBERS
#define TOPO_MAX_LEAVES		64
#define TOPO_MAX_NODE_PORTS	CLOS_MAX_PORTS

enum topo_kind {
	TOPO_SPINE,
	TOPO_LEAF,
	TOPO_HOST,
};

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
	__u32 seed;		/* switches: ECMP hash seed */
	int mode;		/* switches: enum clos_mode; -1: the file's */
	int num_ports;
	struct topo_port ports[TOPO_MAX_NODE_PORTS];
};

struct topo_endpoint {
	int node;
	int port;
};

struct topo_link {
	struct topo_endpoint ep[2];
	uint64_t rate_bps;
	int line;
};

struct topo {
	char file[256];
	char name[TOPO_NAME_MAX + 1];
	uint64_t host_rate_bps;
	uint64_t fabric_rate_bps;
	int mode;		/* enum clos_mode of switches that name none */
	int num_nodes;
	struct topo_node nodes[TOPO_MAX_NODES];
	int num_links;
	struct topo_link links[TOPO_MAX_LINKS];
};

/* Why something was refused, e.g. "FILE:LINE: reason". */
struct topo_err {
	char msg[1024];
};

/* Set err's message; returns -EINVAL for `return topo_errf(...)`. */
int topo_errf(struct topo_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Read and check a topology file (either form); 0 or -EINVAL with err. */
int topo_load(struct topo *t, const char *file, struct topo_err *err);

/* Parse "1gbit", "400mbit", "10g", "2500000000" into bits per second. */
int topo_parse_rate(const char *s, uint64_t *bps);

const char *topo_kind_name(enum topo_kind kind);
const char *topo_mode_name(int mode);
/* The mode switch n runs in (its own, else the file's). */
int topo_node_mode(const struct topo *t, const struct topo_node *n);
int topo_node_find(const struct topo *t, const char *name);

#endif /* CLOS_TOPO_MODEL_H */
