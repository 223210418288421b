/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The YAML side of the topology loaders, shared by clos's own files
 * (load.c) and containerlab's (clab.c): one parsed document, lookups in
 * it, and refusals that name FILE:LINE.
 */
#ifndef CLOS_TOPO_LOAD_YAML_H
#define CLOS_TOPO_LOAD_YAML_H

#include <stdbool.h>
#include <yaml.h>
#include "err.h"
#include "load.h"

struct loader {
	struct topo *t;
	yaml_document_t doc;
	struct clos_err *err;
	const struct topo_load_opts *opts;
};

/* The line of YAML node n, for messages (1 when there is none). */
int line_of(const yaml_node_t *n);

/* Refuse with the line of YAML node n: "FILE:LINE: reason"; -EINVAL. */
int fail(struct loader *l, const yaml_node_t *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

yaml_node_t *node_at(struct loader *l, int id);
/* A scalar's text; NULL for anything else. */
const char *scalar(const yaml_node_t *n);
/* Look up key in a mapping; NULL when absent. */
yaml_node_t *map_get(struct loader *l, yaml_node_t *map, const char *key);

/* s's index in words (NULL-terminated) into *out; -EINVAL when s is
 * none of them (or NULL), *out untouched. */
int word_of(const char *s, const char *const *words, int *out);
/* Is s one of list (NULL-terminated)? */
bool in_list(const char *s, const char *const *list);
/* The first key of mapping map that is not in allowed (NULL-terminated)
 * into *unknown, NULL when there is none; a key that is not a plain name
 * is refused ("WHERE: keys must be plain names"). */
int find_unknown_key(struct loader *l, yaml_node_t *map, const char *where,
		     const char *const *allowed, yaml_node_t **unknown);
/* Refuse keys outside allowed (a NULL-terminated list): typos must not
 * silently fall back to defaults. */
int check_keys(struct loader *l, yaml_node_t *map, const char *where,
	       const char *const *allowed);

/* The words of a mode (fast, queue: enum clos_mode) and of routing
 * (static, bgp: enum topo_routing) into *out; -EINVAL for any other s,
 * NULL too, and *out untouched. */
int mode_word(const char *s, int *out);
int routing_word(const char *s, int *out);

/* mode: fast | queue; routing: static | bgp; *out untouched when absent. */
int get_mode(struct loader *l, yaml_node_t *map, const char *where, int *out);
int get_routing(struct loader *l, yaml_node_t *map, int *out);
/* A link rate (1gbit, 400mbit, 10g); *out untouched when absent. */
int get_rate(struct loader *l, yaml_node_t *map, const char *key,
	     uint64_t *out);

/* boxes: {NAME: {address: ADDR}, ...}: the machines of a fabric split
 * over several, each by its underlay address (clos's files and
 * containerlab's alike). */
int load_boxes(struct loader *l, yaml_node_t *boxes);
/* box: NAME, the YAML node n (nothing when NULL), on node index node:
 * one of the file's boxes. */
int set_box(struct loader *l, yaml_node_t *n, int node);

/* What the root of either kind of file has alike: name (the WHAT's
 * name: fabric, lab), mode, routing (into *routing) and boxes. */
int load_root_keys(struct loader *l, yaml_node_t *root, const char *what,
		   int *routing);

/* A link's endpoint "node:interface" (the YAML scalar n): the node's
 * index, the interface copied to ifname. */
int split_endpoint(struct loader *l, yaml_node_t *n, char *ifname, size_t len);
/* The same once endpoint e is split into node and ifn (shown: e as
 * messages show it): the node's index, or refused when there is none. */
int endpoint_node(struct loader *l, yaml_node_t *e, const char *shown,
		  const char *node, const char *ifn, char *ifname, size_t len);

#endif /* CLOS_TOPO_LOAD_YAML_H */
