/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The YAML side of the topology loaders, shared by clos's own files
 * (load.c) and containerlab's (clab.c): one parsed document, lookups in
 * it, and refusals that name FILE:LINE.
 */
#ifndef CLOS_TOPO_LOAD_YAML_H
#define CLOS_TOPO_LOAD_YAML_H

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

/* Refuse keys outside allowed (a NULL-terminated list): typos must not
 * silently fall back to defaults. */
int check_keys(struct loader *l, yaml_node_t *map, const char *where,
	       const char *const *allowed);

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

#endif /* CLOS_TOPO_LOAD_YAML_H */
