// SPDX-License-Identifier: GPL-2.0
/*
 * Topology files: YAML, either the containerlab-like explicit form
 *
 *   name: lab
 *   mode: queue                  (optional: fast (default) or queue)
 *   routing: bgp                 (optional: static (default) or bgp)
 *   topology:
 *     defaults: {host_link: 1gbit, fabric_link: 4gbit}
 *     nodes: {spine1: {kind: spine}, leaf1: {kind: leaf, mode: fast},
 *             h1: {kind: host}}
 *     links:
 *       - endpoints: ["leaf1:eth1", "spine1:eth1"]
 *       - endpoints: ["h1:eth0", "leaf1:eth2"]
 *         rate: 1gbit
 *
 * A fabric across machines names its boxes and puts each node on one; a
 * link between two boxes may give its tunnel's VNI, UDP port and MTU:
 *
 *   boxes: {A: {address: 192.0.2.1}, B: {address: 192.0.2.2}}
 *   topology:
 *     nodes: {leaf1: {kind: leaf, box: A}, spine2: {kind: spine, box: B}}
 *     links:
 *       - endpoints: ["leaf1:eth2", "spine2:eth1"]
 *         vni: 5001                  (optional: udp-port, mtu too)
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
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>
#include "ifname.h"
#include "clab.h"
#include "load.h"
#include "load_yaml.h"
#include "rate.h"

int line_of(const yaml_node_t *n)
{
	return n ? (int)n->start_mark.line + 1 : 1;
}

int fail(struct loader *l, const yaml_node_t *n, const char *fmt, ...)
{
	char msg[CLOS_ERR_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return clos_err_set(l->err, -EINVAL, "%s:%d: %s", l->t->file,
			    line_of(n), msg);
}

yaml_node_t *node_at(struct loader *l, int id)
{
	return yaml_document_get_node(&l->doc, id);
}

const char *scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value
						: NULL;
}

yaml_node_t *map_get(struct loader *l, yaml_node_t *map, const char *key)
{
	yaml_node_pair_t *p;

	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		const char *k = scalar(node_at(l, p->key));

		if (k && !strcmp(k, key))
			return node_at(l, p->value);
	}
	return NULL;
}

int word_of(const char *s, const char *const *words, int *out)
{
	int i;

	for (i = 0; s && words[i]; i++)
		if (!strcmp(s, words[i])) {
			*out = i;
			return 0;
		}
	return -EINVAL;
}

bool in_list(const char *s, const char *const *list)
{
	int i;

	return !word_of(s, list, &i);
}

int find_unknown_key(struct loader *l, yaml_node_t *map, const char *where,
		     const char *const *allowed, yaml_node_t **unknown)
{
	yaml_node_pair_t *p;

	*unknown = NULL;
	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *kn = node_at(l, p->key);
		const char *k = scalar(kn);

		if (!k)
			return fail(l, kn, "%s: keys must be plain names", where);
		if (!in_list(k, allowed)) {
			*unknown = kn;
			break;
		}
	}
	return 0;
}

int check_keys(struct loader *l, yaml_node_t *map, const char *where,
	       const char *const *allowed)
{
	yaml_node_t *kn;
	char list[256] = "";
	int i, ret;

	if (map->type != YAML_MAPPING_NODE)
		return fail(l, map, "%s must be a mapping", where);
	ret = find_unknown_key(l, map, where, allowed, &kn);
	if (ret || !kn)
		return ret;
	for (i = 0; allowed[i]; i++) {
		strncat(list, i ? ", " : "", sizeof(list) - strlen(list) - 1);
		strncat(list, allowed[i], sizeof(list) - strlen(list) - 1);
	}
	return fail(l, kn, "unknown key '%s' in %s (expected %s)", scalar(kn), where,
		    list);
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

/* Links have a rate: 0 (unshaped) is not one. */
static int parse_rate(const char *s, uint64_t *bps)
{
	__u64 v;

	if (clos_parse_rate(s, &v, NULL) || !v)
		return -EINVAL;
	*bps = v;
	return 0;
}

int get_rate(struct loader *l, yaml_node_t *map, const char *key,
	     uint64_t *out)
{
	yaml_node_t *n = map_get(l, map, key);
	const char *s = scalar(n);

	if (!n)
		return 0;	/* optional: keep the default */
	if (!s || parse_rate(s, out))
		return fail(l, n, "'%s' must be a rate like 1gbit, 400mbit or 10g",
			    key);
	return 0;
}

int mode_word(const char *s, int *out)
{
	static const char *const words[] = { [CLOS_MODE_FAST] = "fast",
		[CLOS_MODE_QUEUE] = "queue", NULL };

	return word_of(s, words, out);
}

int routing_word(const char *s, int *out)
{
	static const char *const words[] = { [TOPO_ROUTING_STATIC] = "static",
		[TOPO_ROUTING_BGP] = "bgp", NULL };

	return word_of(s, words, out);
}

int get_mode(struct loader *l, yaml_node_t *map, const char *where, int *out)
{
	yaml_node_t *n = map_get(l, map, "mode");
	const char *s = scalar(n);

	if (n && mode_word(s, out))
		return fail(l, n, "%s'mode' must be fast or queue%s%s%s", where,
			    s ? ", not '" : "", s ? s : "", s ? "'" : "");
	return 0;
}

int get_routing(struct loader *l, yaml_node_t *map, int *out)
{
	yaml_node_t *n = map_get(l, map, "routing");
	const char *s = scalar(n);

	if (n && routing_word(s, out))
		return fail(l, n, "'routing' must be static or bgp%s%s%s",
			    s ? ", not '" : "", s ? s : "", s ? "'" : "");
	return 0;
}

static int load_fabric(struct loader *l, yaml_node_t *f)
{
	static const char *const keys[] = { "spines", "leaves", "hosts_per_leaf",
		"host_link", "fabric_link", NULL };
	struct topo *t = l->t;
	int spines, leaves, hosts, s, lf, h, err, line = line_of(f);
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
		if ((err = topo_add_node(t, name, TOPO_SPINE, line, l->err)) < 0)
			return err;
	}
	for (lf = 1; lf <= leaves; lf++) {
		snprintf(name, sizeof(name), "leaf%d", lf);
		if ((err = topo_add_node(t, name, TOPO_LEAF, line, l->err)) < 0)
			return err;
	}
	for (lf = 1; lf <= leaves; lf++)
		for (h = 1; h <= hosts; h++) {
			snprintf(name, sizeof(name), "h%d-%d", lf, h);
			if ((err = topo_add_node(t, name, TOPO_HOST, line, l->err)) < 0)
				return err;
		}
	/* leafL:ethS <-> spineS:ethL; hL-H:eth0 <-> leafL:eth(spines+H) */
	for (lf = 1; lf <= leaves; lf++) {
		for (s = 1; s <= spines; s++) {
			snprintf(ifa, sizeof(ifa), "eth%d", s);
			snprintf(ifb, sizeof(ifb), "eth%d", lf);
			err = topo_add_link(t, spines + lf - 1, ifa, s - 1, ifb, 0,
					    line, l->err);
			if (err)
				return err;
		}
		for (h = 1; h <= hosts; h++) {
			snprintf(ifa, sizeof(ifa), "eth%d", spines + h);
			err = topo_add_link(t, spines + leaves + (lf - 1) * hosts + h - 1,
					    "eth0", spines + lf - 1, ifa, 0, line,
					    l->err);
			if (err)
				return err;
		}
	}
	return 0;
}

int set_box(struct loader *l, yaml_node_t *n, int node)
{
	const char *s = scalar(n);

	if (!n)
		return 0;
	if (!l->t->num_boxes)
		return fail(l, n, "node '%s': 'box' needs a 'boxes' section (each box's address)",
			    l->t->nodes[node].name);
	if (!s)
		return fail(l, n, "node '%s': 'box' must be a box's name",
			    l->t->nodes[node].name);
	return topo_set_node_box(l->t, node, s, line_of(n), l->err);
}

int load_boxes(struct loader *l, yaml_node_t *boxes)
{
	static const char *const box_keys[] = { "address", NULL };
	yaml_node_pair_t *p;
	int err;

	if (boxes->type != YAML_MAPPING_NODE ||
	    boxes->data.mapping.pairs.start == boxes->data.mapping.pairs.top)
		return fail(l, boxes, "'boxes' must map box names to {address: ...}");
	for (p = boxes->data.mapping.pairs.start; p < boxes->data.mapping.pairs.top; p++) {
		yaml_node_t *kn = node_at(l, p->key), *vn = node_at(l, p->value);
		const char *name = scalar(kn), *addr;

		if (!name)
			return fail(l, kn, "box names must be plain names");
		err = check_keys(l, vn, "a box", box_keys);
		if (err)
			return err;
		addr = scalar(map_get(l, vn, "address"));
		if (!addr)
			return fail(l, vn, "box '%s': missing 'address' (its underlay address)",
				    name);
		err = topo_add_box(l->t, name, addr, line_of(kn), l->err);
		if (err < 0)
			return err;
	}
	return 0;
}

static int load_nodes(struct loader *l, yaml_node_t *nodes)
{
	static const char *const node_keys[] = { "kind", "mode", "box", NULL };
	char where[TOPO_NODE_NAME_MAX + 16];
	yaml_node_pair_t *p;
	int err, idx;

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
		idx = topo_add_node(l->t, name, tk, line_of(kn), l->err);
		if (idx < 0)
			return idx;
		if (map_get(l, vn, "mode") && tk == TOPO_HOST)
			return fail(l, map_get(l, vn, "mode"),
				    "node '%s': a host has no mode (only switches do)", name);
		snprintf(where, sizeof(where), "node '%s': ", name);
		err = get_mode(l, vn, where, &l->t->nodes[idx].mode);
		if (err)
			return err;
		err = set_box(l, map_get(l, vn, "box"), idx);
		if (err)
			return err;
	}
	return 0;
}

int endpoint_node(struct loader *l, yaml_node_t *e, const char *shown,
		  const char *node, const char *ifn, char *ifname, size_t len)
{
	int idx = topo_node_find(l->t, node);

	if (idx < 0)
		return fail(l, e, "endpoint '%s': node '%s' is not in topology.nodes",
			    shown, node);
	snprintf(ifname, len, "%s", ifn);
	return idx;
}

int split_endpoint(struct loader *l, yaml_node_t *n, char *ifname, size_t len)
{
	char node[TOPO_NODE_NAME_MAX], shown[CLOS_IFNAME_SHOWLEN];
	const char *s = scalar(n), *ifn;
	int ret;

	ret = s ? topo_endpoint_split(s, node, &ifn) : -EINVAL;
	if (s)
		clos_ifname_show(s, shown, sizeof(shown));
	if (ret == -ENAMETOOLONG)
		return fail(l, n, "endpoint '%s': unknown node", shown);
	if (ret)
		return fail(l, n, "endpoint must be \"node:interface\"");
	return endpoint_node(l, n, shown, node, ifn, ifname, len);
}

/* An optional number key of map in min..max; 0 when absent. */
static int get_opt_uint(struct loader *l, yaml_node_t *map, const char *key,
			int min, int max, int *out)
{
	*out = 0;
	return map_get(l, map, key) ? get_uint(l, map, key, min, max, out) : 0;
}

/* containerlab's keys of a vxlan link, on a link between two boxes:
 * vni, udp-port, mtu (of the vxlan devices; at least IPv6's 1280). */
static int load_vxlan_keys(struct loader *l, yaml_node_t *ln)
{
	int vni, port, mtu, err;

	err = get_opt_uint(l, ln, "vni", 1, TOPO_VXLAN_VNI_MAX, &vni);
	if (!err)
		err = get_opt_uint(l, ln, "udp-port", 1, 65535, &port);
	if (!err)
		err = get_opt_uint(l, ln, "mtu", 1280, 65535, &mtu);
	if (!err)
		err = topo_set_link_vxlan(l->t, vni, port, mtu, line_of(ln), l->err);
	return err;
}

static int load_links(struct loader *l, yaml_node_t *links)
{
	static const char *const link_keys[] = { "endpoints", "rate", "vni",
		"udp-port", "mtu", NULL };
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
		err = topo_add_link(l->t, a, ifa, b, ifb, rate, line_of(ln),
				    l->err);
		if (err)
			return err;
		err = load_vxlan_keys(l, ln);
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

/*
 * Before libyaml builds the document: no collection nested deeper than
 * TOPO_YAML_MAX_DEPTH. libyaml's scanner checks every open flow level at
 * every token, so 100k nested '[' took minutes; a topology file nests 5
 * deep. Event by event, so the refusal comes at the first level too deep.
 * And one document: yaml_parser_load() would read the first only.
 */
static int check_events(const char *name, const unsigned char *buf, size_t len,
		       struct clos_err *err)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	int depth = 0, docs = 0, ret = 0;
	bool done = false;

	if (!yaml_parser_initialize(&parser))
		return clos_err_set(err, -ENOMEM, "%s: out of memory", name);
	yaml_parser_set_input_string(&parser, buf, len);
	while (!done && !ret) {
		if (!yaml_parser_parse(&parser, &ev)) {
			ret = clos_err_set(err, -EINVAL, "%s:%zu: YAML syntax: %s", name,
					   parser.problem_mark.line + 1,
					   parser.problem ? parser.problem : "unreadable");
			break;
		}
		if (ev.type == YAML_SEQUENCE_START_EVENT ||
		    ev.type == YAML_MAPPING_START_EVENT) {
			if (++depth > TOPO_YAML_MAX_DEPTH)
				ret = clos_err_set(err, -EINVAL,
						   "%s:%zu: nested more than %d deep",
						   name, ev.start_mark.line + 1,
						   TOPO_YAML_MAX_DEPTH);
		} else if (ev.type == YAML_SEQUENCE_END_EVENT ||
			   ev.type == YAML_MAPPING_END_EVENT) {
			depth--;
		} else if (ev.type == YAML_DOCUMENT_START_EVENT && ++docs > 1) {
			/* Only the first would be read: refuse the rest. */
			ret = clos_err_set(err, -EINVAL,
					   "%s:%zu: a second YAML document; a topology "
					   "file holds one", name, ev.start_mark.line + 1);
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	return ret;
}

/* A mapping's key, for the duplicate check: its text and line. */
struct key_ref {
	const char *text;
	int line;
};

static int key_cmp(const void *a, const void *b)
{
	const struct key_ref *x = a, *y = b;
	int c = strcmp(x->text, y->text);

	return c ? c : (x->line > y->line) - (x->line < y->line);
}

/*
 * YAML leaves a key given twice to the application, and libyaml keeps
 * both: the first would win here and the second be ignored without a
 * word. Refused in every mapping of the file, used or not, at the second
 * occurrence (the earliest such line of the file). Sorted, not pairwise: a
 * mapping may hold many keys. keys[] points into the document's scalars,
 * which outlive it. Scalars with a NUL byte inside are refused too.
 */
static int check_nodes(struct loader *l)
{
	struct key_ref *keys = NULL, *nk;
	size_t cap = 0, n, i;
	yaml_node_t *node;
	const char *bad = NULL;
	char shown[CLOS_IFNAME_SHOWLEN];
	int bad_line = 0, first_line = 0;

	for (node = l->doc.nodes.start; node < l->doc.nodes.top; node++) {
		yaml_node_pair_t *p;

		/* "\0" in a quoted scalar: C strings would end there. */
		if (node->type == YAML_SCALAR_NODE &&
		    strlen((const char *)node->data.scalar.value) != node->data.scalar.length) {
			free(keys);
			return fail(l, node, "a value holds a NUL byte");
		}
		if (node->type != YAML_MAPPING_NODE)
			continue;
		n = 0;
		for (p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top; p++) {
			yaml_node_t *kn = node_at(l, p->key);
			const char *k = scalar(kn);

			if (!k)
				continue;
			if (n == cap) {
				cap = cap ? 2 * cap : 64;
				nk = realloc(keys, cap * sizeof(*keys));
				if (!nk) {
					free(keys);
					return clos_err_set(l->err, -ENOMEM, "%s: out of memory",
							    l->t->file);
				}
				keys = nk;
			}
			keys[n++] = (struct key_ref){ k, line_of(kn) };
		}
		if (n < 2)
			continue;
		qsort(keys, n, sizeof(*keys), key_cmp);
		for (i = 1; i < n; i++)
			if (!strcmp(keys[i].text, keys[i - 1].text) &&
			    (!bad || keys[i].line < bad_line)) {
				bad = keys[i].text;
				bad_line = keys[i].line;
				first_line = keys[i - 1].line;
			}
	}
	free(keys);
	if (!bad)
		return 0;
	return clos_err_set(l->err, -EINVAL, "%s:%d: duplicate key '%s' (first at line %d)",
			    l->t->file, bad_line,
			    clos_ifname_show(bad, shown, sizeof(shown)), first_line);
}

int load_root_keys(struct loader *l, yaml_node_t *root, const char *what,
		   int *routing)
{
	yaml_node_t *n = map_get(l, root, "name");
	const char *name = scalar(n);
	int ret;

	if (!name)
		return fail(l, n ? n : root, "missing 'name' (the %s's name)", what);
	ret = topo_set_name(l->t, name, line_of(n), l->err);
	if (!ret)
		ret = get_mode(l, root, "", &l->t->mode);
	if (!ret)
		ret = get_routing(l, root, routing);
	if (ret)
		return ret;
	/* Before the nodes, which name them. */
	if ((n = map_get(l, root, "boxes")))
		ret = load_boxes(l, n);
	return ret;
}

/* clos's own forms: the shorthand or the explicit topology. */
static int load_own(struct loader *l, yaml_node_t *root, int *routing)
{
	static const char *const keys[] = { "name", "mode", "routing", "boxes",
		"fabric", "topology", NULL };
	yaml_node_t *n;
	int ret;

	ret = check_keys(l, root, "the file", keys);
	if (ret)
		return ret;
	if (l->opts && l->opts->num_kinds)
		return fail(l, root, "--kind is for containerlab files; this one names "
			    "its kinds (spine, leaf, host)");
	ret = load_root_keys(l, root, "fabric", routing);
	if (ret)
		return ret;
	if (map_get(l, root, "fabric") && map_get(l, root, "topology"))
		return fail(l, root, "use either 'fabric' (shorthand) or 'topology', not both");
	if ((n = map_get(l, root, "fabric")))
		return load_fabric(l, n);
	if ((n = map_get(l, root, "topology")))
		return load_topology(l, n);
	return fail(l, root, "missing 'fabric' or 'topology'");
}

static int load_root(struct loader *l)
{
	struct topo *t = l->t;
	yaml_node_t *root;
	int ret, routing = -1;

	root = yaml_document_get_root_node(&l->doc);
	if (!root)
		return fail(l, NULL, "the file is empty");
	ret = check_nodes(l);
	if (ret)
		return ret;
	if (topo_clab_file(l, root))
		ret = topo_clab_load(l, root, &routing);
	else
		ret = load_own(l, root, &routing);
	if (ret)
		return ret;
	/* --routing chooses for a file that does not say. */
	if (l->opts && l->opts->routing >= 0) {
		if (routing >= 0 && routing != l->opts->routing)
			return fail(l, map_get(l, root, "routing"),
				    "'routing' is %s here, --routing says %s",
				    topo_routing_name(routing),
				    topo_routing_name(l->opts->routing));
		routing = l->opts->routing;
	}
	t->routing = routing >= 0 ? routing : TOPO_ROUTING_STATIC;
	return topo_finish(t, l->err);
}

int topo_load_buffer(struct topo *t, const char *name, const void *buf,
		     size_t len, struct clos_err *err)
{
	return topo_load_buffer_opts(t, name, buf, len, NULL, err);
}

int topo_load_buffer_opts(struct topo *t, const char *name, const void *buf,
			  size_t len, const struct topo_load_opts *opts,
			  struct clos_err *err)
{
	struct loader l = { .t = t, .err = err, .opts = opts };
	yaml_parser_t parser;
	int ret;

	topo_init(t, name);
	if (len > TOPO_FILE_MAX)
		return clos_err_set(err, -EFBIG, "%s: larger than %d bytes; a topology "
				    "file is a few kB", name, TOPO_FILE_MAX);
	ret = check_events(t->file, buf, len, err);
	if (ret)
		return ret;
	if (!yaml_parser_initialize(&parser))
		return clos_err_set(err, -ENOMEM, "%s: out of memory", name);
	yaml_parser_set_input_string(&parser, buf, len);
	if (!yaml_parser_load(&parser, &l.doc)) {
		ret = clos_err_set(err, -EINVAL, "%s:%zu: YAML syntax: %s", t->file,
				   parser.problem_mark.line + 1,
				   parser.problem ? parser.problem : "unreadable");
		yaml_parser_delete(&parser);
		return ret;
	}
	yaml_parser_delete(&parser);
	ret = load_root(&l);
	yaml_document_delete(&l.doc);
	return ret;
}

int topo_load(struct topo *t, const char *file, struct clos_err *err)
{
	return topo_load_opts(t, file, NULL, err);
}

int topo_load_opts(struct topo *t, const char *file,
		   const struct topo_load_opts *opts, struct clos_err *err)
{
	char *buf;
	size_t len;
	FILE *f;
	int ret;

	topo_init(t, file);
	f = fopen(file, "re");
	if (!f)
		return clos_err_set(err, -errno, "%s: %s", file, strerror(errno));
	/* One byte more than allowed: enough to tell a file too large. */
	buf = malloc(TOPO_FILE_MAX + 1);
	if (!buf) {
		fclose(f);
		return clos_err_set(err, -ENOMEM, "%s: out of memory", file);
	}
	len = fread(buf, 1, TOPO_FILE_MAX + 1, f);
	if (ferror(f))
		ret = clos_err_set(err, -EIO, "%s: cannot read it", file);
	else
		ret = topo_load_buffer_opts(t, file, buf, len, opts, err);
	fclose(f);
	free(buf);
	return ret;
}
