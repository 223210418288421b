// SPDX-License-Identifier: GPL-2.0
/*
 * Topology files: YAML, either the containerlab-like explicit form
 *
 *   name: lab
 *   mode: queue                  (optional: fast (default) or queue)
 *   topology:
 *     defaults: {host_link: 1gbit, fabric_link: 4gbit}
 *     nodes: {spine1: {kind: spine}, leaf1: {kind: leaf, mode: fast},
 *             h1: {kind: host}}
 *     links:
 *       - endpoints: ["leaf1:eth1", "spine1:eth1"]
 *       - endpoints: ["h1:eth0", "leaf1:eth2"]
 *         rate: 1gbit
 *
 * or the fabric shorthand that expands to it
 *
 *   name: lab
 *   fabric: {spines: 2, leaves: 4, hosts_per_leaf: 2,
 *            host_link: 1gbit, fabric_link: 4gbit}
 *
 * Every refusal names FILE:LINE and the reason; nothing is created here.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>
#include "rate.h"
#include "model.h"

struct loader {
	struct topo *t;
	yaml_document_t doc;
	struct topo_err *err;
};

static int vfail(struct loader *l, size_t line, const char *fmt, va_list ap)
{
	size_t off;

	off = snprintf(l->err->msg, sizeof(l->err->msg), "%s:%zu: ", l->t->file, line);
	if (off < sizeof(l->err->msg))
		vsnprintf(l->err->msg + off, sizeof(l->err->msg) - off, fmt, ap);
	return -EINVAL;
}

/* Refuse with the line of YAML node n (line 1 when there is none). */
static int __attribute__((format(printf, 3, 4)))
fail(struct loader *l, const yaml_node_t *n, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vfail(l, n ? n->start_mark.line + 1 : 1, fmt, ap);
	va_end(ap);
	return ret;
}

/* Refuse with a line remembered in the model. */
static int __attribute__((format(printf, 3, 4)))
fail_line(struct loader *l, int line, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vfail(l, line > 0 ? line : 1, fmt, ap);
	va_end(ap);
	return ret;
}

int topo_errf(struct topo_err *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -EINVAL;
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

int topo_node_find(const struct topo *t, const char *name)
{
	int i;

	for (i = 0; i < t->num_nodes; i++)
		if (!strcmp(t->nodes[i].name, name))
			return i;
	return -1;
}

const char *topo_mode_name(int mode)
{
	return mode == CLOS_MODE_QUEUE ? "queue" : "fast";
}

int topo_node_mode(const struct topo *t, const struct topo_node *n)
{
	return n->mode >= 0 ? n->mode : t->mode;
}

/* Links have a rate: 0 (unshaped) is not one. */
int topo_parse_rate(const char *s, uint64_t *bps)
{
	__u64 v;

	if (clos_parse_rate(s, &v, NULL) || !v)
		return -EINVAL;
	*bps = v;
	return 0;
}

static yaml_node_t *node_at(struct loader *l, int id)
{
	return yaml_document_get_node(&l->doc, id);
}

static const char *scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value
						: NULL;
}

/* Look up key in a mapping; NULL when absent. */
static yaml_node_t *map_get(struct loader *l, yaml_node_t *map, const char *key)
{
	yaml_node_pair_t *p;

	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		const char *k = scalar(node_at(l, p->key));

		if (k && !strcmp(k, key))
			return node_at(l, p->value);
	}
	return NULL;
}

/* Refuse keys outside allowed (a NULL-terminated list): typos must not
 * silently fall back to defaults. */
static int check_keys(struct loader *l, yaml_node_t *map, const char *where,
		      const char *const *allowed)
{
	yaml_node_pair_t *p;
	char list[256] = "";
	int i;

	if (map->type != YAML_MAPPING_NODE)
		return fail(l, map, "%s must be a mapping", where);
	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *kn = node_at(l, p->key);
		const char *k = scalar(kn);

		if (!k)
			return fail(l, kn, "%s: keys must be plain names", where);
		for (i = 0; allowed[i]; i++)
			if (!strcmp(k, allowed[i]))
				break;
		if (allowed[i])
			continue;
		for (i = 0; allowed[i]; i++) {
			strncat(list, i ? ", " : "", sizeof(list) - strlen(list) - 1);
			strncat(list, allowed[i], sizeof(list) - strlen(list) - 1);
		}
		return fail(l, kn, "unknown key '%s' in %s (expected %s)", k, where, list);
	}
	return 0;
}

static int get_uint(struct loader *l, yaml_node_t *map, const char *key,
		    int min, int max, int *out)
{
	yaml_node_t *n = map_get(l, map, key);
	const char *s = scalar(n);
	long v;
	char *end;

	if (!n)
		return fail(l, map, "missing '%s'", key);
	if (!s)
		return fail(l, n, "'%s' must be a number", key);
	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end || errno)
		return fail(l, n, "'%s' must be a number, not '%s'", key, s);
	if (v < min || v > max)
		return fail(l, n, "'%s' is %ld; it must be %d..%d", key, v, min, max);
	*out = v;
	return 0;
}

static int get_rate(struct loader *l, yaml_node_t *map, const char *key,
		    uint64_t *out)
{
	yaml_node_t *n = map_get(l, map, key);
	const char *s = scalar(n);

	if (!n)
		return 0;	/* optional: keep the default */
	if (!s || topo_parse_rate(s, out))
		return fail(l, n, "'%s' must be a rate like 1gbit, 400mbit or 10g",
			    key);
	return 0;
}

/* mode: fast | queue; *out untouched when absent. */
static int get_mode(struct loader *l, yaml_node_t *map, const char *where,
		    int *out)
{
	yaml_node_t *n = map_get(l, map, "mode");
	const char *s = scalar(n);

	if (!n)
		return 0;
	if (s && !strcmp(s, "fast"))
		*out = CLOS_MODE_FAST;
	else if (s && !strcmp(s, "queue"))
		*out = CLOS_MODE_QUEUE;
	else
		return fail(l, n, "%s'mode' must be fast or queue%s%s%s", where,
			    s ? ", not '" : "", s ? s : "", s ? "'" : "");
	return 0;
}

/* Node names end up in netns and switch names: keep them short and plain. */
static int check_name(struct loader *l, yaml_node_t *n, const char *what,
		      const char *name, size_t max)
{
	size_t i, len = strlen(name);

	if (len == 0 || len > max)
		return fail(l, n, "%s '%s' must be 1..%zu characters", what, name, max);
	for (i = 0; i < len; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      (c >= 'A' && c <= 'Z') || (c == '-' && i > 0)))
			return fail(l, n, "%s '%s' may only hold letters, digits and '-'",
				    what, name);
	}
	return 0;
}

static int add_node(struct loader *l, yaml_node_t *where, const char *name,
		    enum topo_kind kind)
{
	struct topo *t = l->t;
	struct topo_node *n;
	int err;

	err = check_name(l, where, "node name", name, TOPO_NODE_NAME_MAX - 1);
	if (err)
		return err;
	if (topo_node_find(t, name) >= 0)
		return fail(l, where, "node '%s' is defined twice", name);
	if (t->num_nodes == TOPO_MAX_NODES)
		return fail(l, where, "too many nodes (at most %d)", TOPO_MAX_NODES);
	n = &t->nodes[t->num_nodes++];
	memset(n, 0, sizeof(*n));
	snprintf(n->name, sizeof(n->name), "%s", name);
	n->kind = kind;
	n->mode = -1;
	n->line = where ? where->start_mark.line + 1 : 0;
	return 0;
}

static int add_port(struct loader *l, yaml_node_t *where, int node,
		    const char *ifname, int link)
{
	struct topo_node *n = &l->t->nodes[node];
	struct topo_port *p;
	int i;

	if (strlen(ifname) == 0 || strlen(ifname) >= CLOS_IFNAMSIZ ||
	    strchr(ifname, '/') || strchr(ifname, ' ') || !strcmp(ifname, "lo"))
		return fail(l, where, "interface '%s:%s': not a usable interface name "
			    "(1..15 characters, not 'lo')", n->name, ifname);
	for (i = 0; i < n->num_ports; i++)
		if (!strcmp(n->ports[i].ifname, ifname))
			return fail(l, where, "interface '%s:%s' is used by two links",
				    n->name, ifname);
	if (n->num_ports == TOPO_MAX_NODE_PORTS)
		return fail(l, where, "node '%s' has more than %d ports", n->name,
			    TOPO_MAX_NODE_PORTS);
	p = &n->ports[n->num_ports++];
	memset(p, 0, sizeof(*p));
	snprintf(p->ifname, sizeof(p->ifname), "%s", ifname);
	p->link = link;
	return n->num_ports - 1;
}

static int add_link(struct loader *l, yaml_node_t *where, int a, const char *ifa,
		    int b, const char *ifb, uint64_t rate)
{
	struct topo *t = l->t;
	struct topo_link *lk;
	int pa, pb;

	if (t->num_links == TOPO_MAX_LINKS)
		return fail(l, where, "too many links (at most %d)", TOPO_MAX_LINKS);
	lk = &t->links[t->num_links];
	pa = add_port(l, where, a, ifa, t->num_links);
	if (pa < 0)
		return pa;
	pb = add_port(l, where, b, ifb, t->num_links);
	if (pb < 0)
		return pb;
	lk->ep[0] = (struct topo_endpoint){ a, pa };
	lk->ep[1] = (struct topo_endpoint){ b, pb };
	lk->rate_bps = rate;
	lk->line = where ? where->start_mark.line + 1 : 0;
	t->nodes[a].ports[pa].peer_node = b;
	t->nodes[a].ports[pa].peer_port = pb;
	t->nodes[b].ports[pb].peer_node = a;
	t->nodes[b].ports[pb].peer_port = pa;
	t->num_links++;
	return 0;
}

static int load_fabric(struct loader *l, yaml_node_t *f)
{
	static const char *const keys[] = { "spines", "leaves", "hosts_per_leaf",
		"host_link", "fabric_link", NULL };
	struct topo *t = l->t;
	int spines, leaves, hosts, s, lf, h, err;
	char name[32], ifa[32], ifb[32];

	err = check_keys(l, f, "fabric", keys);
	if (!err)
		err = get_uint(l, f, "spines", 1, TOPO_MAX_SPINES, &spines);
	if (!err)
		err = get_uint(l, f, "leaves", 1, TOPO_MAX_LEAVES, &leaves);
	if (!err)
		err = get_uint(l, f, "hosts_per_leaf", 1, TOPO_MAX_NODE_PORTS, &hosts);
	if (!err)
		err = get_rate(l, f, "host_link", &t->host_rate_bps);
	if (!err)
		err = get_rate(l, f, "fabric_link", &t->fabric_rate_bps);
	if (err)
		return err;
	if (spines + hosts > TOPO_MAX_NODE_PORTS)
		return fail(l, f, "a leaf would need %d ports (spines + hosts_per_leaf); "
			    "at most %d", spines + hosts, TOPO_MAX_NODE_PORTS);
	if (spines + leaves * (1 + hosts) > TOPO_MAX_NODES)
		return fail(l, f, "%d nodes; at most %d", spines + leaves * (1 + hosts),
			    TOPO_MAX_NODES);

	for (s = 1; s <= spines; s++) {
		snprintf(name, sizeof(name), "spine%d", s);
		if ((err = add_node(l, f, name, TOPO_SPINE)))
			return err;
	}
	for (lf = 1; lf <= leaves; lf++) {
		snprintf(name, sizeof(name), "leaf%d", lf);
		if ((err = add_node(l, f, name, TOPO_LEAF)))
			return err;
	}
	for (lf = 1; lf <= leaves; lf++)
		for (h = 1; h <= hosts; h++) {
			snprintf(name, sizeof(name), "h%d-%d", lf, h);
			if ((err = add_node(l, f, name, TOPO_HOST)))
				return err;
		}
	/* leafL:ethS <-> spineS:ethL; hL-H:eth0 <-> leafL:eth(spines+H) */
	for (lf = 1; lf <= leaves; lf++) {
		for (s = 1; s <= spines; s++) {
			snprintf(ifa, sizeof(ifa), "eth%d", s);
			snprintf(ifb, sizeof(ifb), "eth%d", lf);
			err = add_link(l, f, spines + lf - 1, ifa, s - 1, ifb, 0);
			if (err)
				return err;
		}
		for (h = 1; h <= hosts; h++) {
			snprintf(ifa, sizeof(ifa), "eth%d", spines + h);
			err = add_link(l, f, spines + leaves + (lf - 1) * hosts + h - 1,
				       "eth0", spines + lf - 1, ifa, 0);
			if (err)
				return err;
		}
	}
	return 0;
}

static int load_nodes(struct loader *l, yaml_node_t *nodes)
{
	static const char *const node_keys[] = { "kind", "mode", NULL };
	char where[TOPO_NODE_NAME_MAX + 16];
	yaml_node_pair_t *p;
	int err;

	if (nodes->type != YAML_MAPPING_NODE)
		return fail(l, nodes, "topology.nodes must map node names to {kind: ...}");
	for (p = nodes->data.mapping.pairs.start; p < nodes->data.mapping.pairs.top; p++) {
		yaml_node_t *kn = node_at(l, p->key), *vn = node_at(l, p->value), *kind;
		const char *name = scalar(kn), *k;
		enum topo_kind tk;

		if (!name)
			return fail(l, kn, "node names must be plain names");
		err = check_keys(l, vn, "a node", node_keys);
		if (err)
			return err;
		kind = map_get(l, vn, "kind");
		k = scalar(kind);
		if (!k)
			return fail(l, vn, "node '%s': missing 'kind' (spine, leaf or host)",
				    name);
		if (!strcmp(k, "spine"))
			tk = TOPO_SPINE;
		else if (!strcmp(k, "leaf"))
			tk = TOPO_LEAF;
		else if (!strcmp(k, "host"))
			tk = TOPO_HOST;
		else
			return fail(l, kind, "node '%s': kind '%s' is not spine, leaf or host",
				    name, k);
		err = add_node(l, kn, name, tk);
		if (err)
			return err;
		if (map_get(l, vn, "mode") && tk == TOPO_HOST)
			return fail(l, map_get(l, vn, "mode"),
				    "node '%s': a host has no mode (only switches do)", name);
		snprintf(where, sizeof(where), "node '%s': ", name);
		err = get_mode(l, vn, where, &l->t->nodes[l->t->num_nodes - 1].mode);
		if (err)
			return err;
	}
	return 0;
}

/* "node:ifname" -> node index; ifname copied out. */
static int split_endpoint(struct loader *l, yaml_node_t *n, char *ifname,
			  size_t len)
{
	const char *s = scalar(n), *colon;
	char node[TOPO_NODE_NAME_MAX];
	int idx;

	if (!s || !(colon = strchr(s, ':')) || colon == s || !colon[1])
		return fail(l, n, "endpoint must be \"node:interface\"");
	if ((size_t)(colon - s) >= sizeof(node))
		return fail(l, n, "endpoint '%s': unknown node", s);
	memcpy(node, s, colon - s);
	node[colon - s] = '\0';
	idx = topo_node_find(l->t, node);
	if (idx < 0)
		return fail(l, n, "endpoint '%s': node '%s' is not in topology.nodes",
			    s, node);
	snprintf(ifname, len, "%s", colon + 1);
	return idx;
}

static int load_links(struct loader *l, yaml_node_t *links)
{
	static const char *const link_keys[] = { "endpoints", "rate", NULL };
	yaml_node_item_t *it;
	int err;

	if (links->type != YAML_SEQUENCE_NODE)
		return fail(l, links, "topology.links must be a list");
	for (it = links->data.sequence.items.start; it < links->data.sequence.items.top; it++) {
		yaml_node_t *ln = node_at(l, *it), *eps;
		char ifa[64], ifb[64];
		uint64_t rate = 0;
		int a, b;

		err = check_keys(l, ln, "a link", link_keys);
		if (err)
			return err;
		eps = map_get(l, ln, "endpoints");
		if (!eps || eps->type != YAML_SEQUENCE_NODE ||
		    eps->data.sequence.items.top - eps->data.sequence.items.start != 2)
			return fail(l, eps ? eps : ln,
				    "a link needs 'endpoints' with exactly two \"node:interface\"");
		a = split_endpoint(l, node_at(l, eps->data.sequence.items.start[0]),
				   ifa, sizeof(ifa));
		if (a < 0)
			return a;
		b = split_endpoint(l, node_at(l, eps->data.sequence.items.start[1]),
				   ifb, sizeof(ifb));
		if (b < 0)
			return b;
		err = get_rate(l, ln, "rate", &rate);
		if (err)
			return err;
		err = add_link(l, ln, a, ifa, b, ifb, rate);
		if (err)
			return err;
	}
	return 0;
}

static int load_topology(struct loader *l, yaml_node_t *top)
{
	static const char *const keys[] = { "defaults", "nodes", "links", NULL };
	static const char *const dkeys[] = { "host_link", "fabric_link", NULL };
	yaml_node_t *n;
	int err;

	err = check_keys(l, top, "topology", keys);
	if (err)
		return err;
	n = map_get(l, top, "defaults");
	if (n) {
		err = check_keys(l, n, "topology.defaults", dkeys);
		if (!err)
			err = get_rate(l, n, "host_link", &l->t->host_rate_bps);
		if (!err)
			err = get_rate(l, n, "fabric_link", &l->t->fabric_rate_bps);
		if (err)
			return err;
	}
	n = map_get(l, top, "nodes");
	if (!n)
		return fail(l, top, "topology needs 'nodes'");
	err = load_nodes(l, n);
	if (err)
		return err;
	n = map_get(l, top, "links");
	if (!n)
		return fail(l, top, "topology needs 'links'");
	return load_links(l, n);
}

/* The fabric rules: links join leaf-spine or host-leaf, once per pair;
 * a host hangs off exactly one leaf. */
static int check_shape(struct loader *l)
{
	struct topo *t = l->t;
	int i, j, leaves = 0, spines = 0;

	for (i = 0; i < t->num_links; i++) {
		const struct topo_link *lk = &t->links[i];
		const struct topo_node *a = &t->nodes[lk->ep[0].node];
		const struct topo_node *b = &t->nodes[lk->ep[1].node];
		int kinds = (1 << a->kind) | (1 << b->kind);

		if (kinds != ((1 << TOPO_LEAF) | (1 << TOPO_SPINE)) &&
		    kinds != ((1 << TOPO_LEAF) | (1 << TOPO_HOST)))
			return fail_line(l, lk->line, "link %s:%s - %s:%s joins a %s and a %s; "
				    "links must join leaf-spine or host-leaf",
				    a->name, a->ports[lk->ep[0].port].ifname, b->name,
				    b->ports[lk->ep[1].port].ifname, topo_kind_name(a->kind),
				    topo_kind_name(b->kind));
		for (j = 0; j < i; j++) {
			const struct topo_link *o = &t->links[j];

			if ((o->ep[0].node == lk->ep[0].node && o->ep[1].node == lk->ep[1].node) ||
			    (o->ep[0].node == lk->ep[1].node && o->ep[1].node == lk->ep[0].node))
				return fail_line(l, lk->line, "%s and %s are joined twice; "
						 "one link per pair", a->name, b->name);
		}
	}
	for (i = 0; i < t->num_nodes; i++) {
		struct topo_node *n = &t->nodes[i];

		if (n->kind == TOPO_SPINE)
			n->index = ++spines;
		else if (n->kind == TOPO_LEAF)
			n->index = n->rack = ++leaves;
	}
	if (leaves == 0)
		return fail(l, NULL, "the fabric has no leaf");
	if (spines > TOPO_MAX_SPINES)
		return fail(l, NULL, "%d spines; a leaf's ECMP group holds at most %d",
			    spines, TOPO_MAX_SPINES);
	if (leaves > TOPO_MAX_LEAVES)
		return fail(l, NULL, "%d leaves; at most %d", leaves, TOPO_MAX_LEAVES);
	for (i = 0; i < t->num_nodes; i++) {
		struct topo_node *n = &t->nodes[i];
		int hosts = 0;

		if (n->kind != TOPO_HOST) {
			if (n->num_ports == 0)
				return fail_line(l, n->line, "node '%s' has no links", n->name);
			continue;
		}
		if (n->num_ports != 1)
			return fail_line(l, n->line, "host '%s' has %d links; a host "
				    "connects to exactly one leaf", n->name,
				    n->num_ports);
		n->rack = t->nodes[n->ports[0].peer_node].rack;
		for (j = 0; j <= i; j++)
			hosts += t->nodes[j].kind == TOPO_HOST &&
				 t->nodes[j].rack == n->rack;
		n->index = hosts;
		if (hosts > 250)
			return fail_line(l, n->line, "rack %d has more than 250 hosts", n->rack);
	}
	return 0;
}

int topo_load(struct topo *t, const char *file, struct topo_err *err)
{
	static const char *const keys[] = { "name", "mode", "fabric", "topology", NULL };
	struct loader l = { .t = t, .err = err };
	yaml_parser_t parser;
	yaml_node_t *root, *n;
	const char *name;
	FILE *f;
	int ret;

	memset(t, 0, sizeof(*t));
	snprintf(t->file, sizeof(t->file), "%s", file);
	t->host_rate_bps = 1000000000ull;
	t->fabric_rate_bps = 4000000000ull;

	f = fopen(file, "r");
	if (!f) {
		int e = errno;

		topo_errf(err, "%s: %s", file, strerror(e));
		return -e;
	}
	if (!yaml_parser_initialize(&parser)) {
		fclose(f);
		topo_errf(err, "%s: out of memory", file);
		return -ENOMEM;
	}
	yaml_parser_set_input_file(&parser, f);
	if (!yaml_parser_load(&parser, &l.doc)) {
		topo_errf(err, "%s:%zu: YAML syntax: %s", file,
			 parser.problem_mark.line + 1,
			 parser.problem ? parser.problem : "unreadable");
		yaml_parser_delete(&parser);
		fclose(f);
		return -EINVAL;
	}
	yaml_parser_delete(&parser);
	fclose(f);

	root = yaml_document_get_root_node(&l.doc);
	if (!root) {
		ret = fail(&l, NULL, "the file is empty");
		goto out;
	}
	ret = check_keys(&l, root, "the file", keys);
	if (ret)
		goto out;
	n = map_get(&l, root, "name");
	name = scalar(n);
	if (!name) {
		ret = fail(&l, n ? n : root, "missing 'name' (the fabric's name)");
		goto out;
	}
	ret = check_name(&l, n, "fabric name", name, TOPO_NAME_MAX);
	if (ret)
		goto out;
	snprintf(t->name, sizeof(t->name), "%s", name);
	ret = get_mode(&l, root, "", &t->mode);
	if (ret)
		goto out;

	if (map_get(&l, root, "fabric") && map_get(&l, root, "topology")) {
		ret = fail(&l, root, "use either 'fabric' (shorthand) or 'topology', not both");
		goto out;
	}
	if ((n = map_get(&l, root, "fabric")))
		ret = load_fabric(&l, n);
	else if ((n = map_get(&l, root, "topology")))
		ret = load_topology(&l, n);
	else
		ret = fail(&l, root, "missing 'fabric' or 'topology'");
	if (!ret)
		ret = check_shape(&l);
out:
	yaml_document_delete(&l.doc);
	return ret;
}
