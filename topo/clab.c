// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "clab.h"
#include "ifname.h"

/* containerlab's node settings (clab.schema.json, node-config): a node,
 * a group, a kind's defaults and topology.defaults take them. */
static const char *const node_keys[] = {
	"image", "image-pull-policy", "restart-policy", "kind", "license", "type",
	"group", "startup-config", "startup-delay", "enforce-startup-config",
	"suppress-startup-config", "auto-remove", "exec", "binds", "volumes",
	"ports", "env", "credentials", "env-files", "user", "hostname",
	"entrypoint", "cmd", "labels", "runtime", "mgmt-ipv4", "mgmt-ipv6",
	"network-mode", "link-apply-mode", "cpu", "memory", "cpu-set", "extras",
	"config", "stages", "dns", "certificate", "healthcheck", "components",
	"aliases", "shm-size", "cap-add", "privileged", "cgroupns-mode",
	"cgroup-parent", "pid-mode", "tmpfs", "security-opts", "sysctls",
	"devices",
	"box",		/* clos's own (clab.h) */
	NULL
};

/* containerlab's node kinds (clab.schema.json) but "host", which clos's
 * own files use for their hosts. */
static const char *const clab_kinds[] = {
	"nokia_srlinux", "arista_ceos", "juniper_crpd", "juniper_csrx", "sonic-vs",
	"sonic-vm", "nokia_sros", "nokia_srsim", "juniper_vmx", "juniper_vqfx",
	"juniper_vsrx", "juniper_vjunosrouter", "juniper_vjunosswitch",
	"juniper_vjunosevolved", "cisco_xrv", "cisco_xrv9k", "arista_veos",
	"cisco_csr1000v", "paloalto_panos", "mikrotik_ros", "6wind_vsr",
	"cisco_n9kv", "cisco_ftdv", "dell_ftosv", "dell_sonic", "aruba_aoscx",
	"linux", "bridge", "ovs-bridge", "border0", "keysight_ixia-c-one",
	"ipinfusion_ocnos", "checkpoint_cloudguard", "ciena_saos", "ext-container",
	"rare", "cisco_xrd", "cisco_xrd_vrouter", "cisco_c8000", "cisco_c8000v",
	"cisco_cat9kv", "cisco_iol", "cisco_asav", "cisco_vios",
	"nvidia_cumulusvx", "huawei_vrp", "openbsd", "freebsd", "generic_vm",
	"fortinet_fortigate", "k8s-kind", "fdio_vpp", "vyosnetworks_vyos",
	"juniper_cjunosevolved", "arrcus_arcos", "f5_bigip-ve", "cisco_sdwan",
	"openwrt", "spirent_stc", "veesix_osvbng", "ostinato", "plvision_sonic",
	NULL
};

static bool is_mapping(const yaml_node_t *n)
{
	return n && n->type == YAML_MAPPING_NODE;
}

bool topo_clab_file(struct loader *l, yaml_node_t *root)
{
	static const char *const own_defaults[] = { "host_link", "fabric_link", NULL };
	static const char *const clab_root[] = { "prefix", "mgmt", "settings",
		"debug", NULL };
	yaml_node_t *top, *defaults, *nodes, *kind;
	yaml_node_pair_t *p;
	const char *k;

	if (!is_mapping(root) || map_get(l, root, "fabric"))
		return false;
	for (p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++)
		if ((k = scalar(node_at(l, p->key))) && in_list(k, clab_root))
			return true;
	top = map_get(l, root, "topology");
	if (!is_mapping(top))
		return false;
	if (map_get(l, top, "kinds") || map_get(l, top, "groups"))
		return true;
	defaults = map_get(l, top, "defaults");
	if (is_mapping(defaults))
		for (p = defaults->data.mapping.pairs.start;
		     p < defaults->data.mapping.pairs.top; p++)
			if ((k = scalar(node_at(l, p->key))) && !in_list(k, own_defaults))
				return true;
	nodes = map_get(l, top, "nodes");
	if (!is_mapping(nodes))
		return false;
	for (p = nodes->data.mapping.pairs.start; p < nodes->data.mapping.pairs.top; p++) {
		yaml_node_t *v = node_at(l, p->value);

		/* "node:" with nothing: containerlab's defaults apply. */
		if (v->type == YAML_SCALAR_NODE && !v->data.scalar.length)
			return true;
		if (!is_mapping(v))
			continue;
		kind = map_get(l, v, "kind");
		if ((k = scalar(kind)) && in_list(k, clab_kinds))
			return true;
	}
	return false;
}

/* Where a node's settings come from, most specific first: the node, its
 * group, its kind's defaults, topology.defaults (any may be NULL). */
struct clab_scope {
	yaml_node_t *node, *group, *kind, *defaults;
};

static yaml_node_t *setting(struct loader *l, const struct clab_scope *s,
			    const char *key)
{
	yaml_node_t *const where[] = { s->node, s->group, s->kind, s->defaults };
	yaml_node_t *v;
	size_t i;

	for (i = 0; i < sizeof(where) / sizeof(where[0]); i++)
		if (is_mapping(where[i]) && (v = map_get(l, where[i], key)))
			return v;
	return NULL;
}

/* A label, looked up as setting() does; NULL when no scope has it. */
static yaml_node_t *label(struct loader *l, const struct clab_scope *s,
			  const char *key)
{
	yaml_node_t *const where[] = { s->node, s->group, s->kind, s->defaults };
	yaml_node_t *labels, *v;
	size_t i;

	for (i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
		if (!is_mapping(where[i]))
			continue;
		labels = map_get(l, where[i], "labels");
		if (is_mapping(labels) && (v = map_get(l, labels, key)))
			return v;
	}
	return NULL;
}

/* A mapping of containerlab node settings (or nothing at all). */
static int check_node_config(struct loader *l, yaml_node_t *m, const char *where)
{
	yaml_node_t *kn, *labels;
	int ret;

	if (m->type == YAML_SCALAR_NODE && !m->data.scalar.length)
		return 0;
	if (!is_mapping(m))
		return fail(l, m, "%s must be a mapping of node settings", where);
	ret = find_unknown_key(l, m, where, node_keys, &kn);
	if (ret)
		return ret;
	if (kn)
		return fail(l, kn, "unknown key '%s' in %s (not a containerlab "
			    "node setting)", scalar(kn), where);
	labels = map_get(l, m, "labels");
	if (labels && !is_mapping(labels))
		return fail(l, labels, "%s: 'labels' must be a mapping", where);
	return 0;
}

/* Every entry of a mapping of node settings (kinds, groups). */
static int check_configs(struct loader *l, yaml_node_t *map, const char *what)
{
	char where[96];
	yaml_node_pair_t *p;
	int ret;

	if (!map)
		return 0;
	if (!is_mapping(map))
		return fail(l, map, "topology.%s must be a mapping", what);
	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		const char *k = scalar(node_at(l, p->key));

		snprintf(where, sizeof(where), "topology.%s.%s", what, k ? k : "?");
		ret = check_node_config(l, node_at(l, p->value), where);
		if (ret)
			return ret;
	}
	return 0;
}

/* --kind KIND=host|switch for kind: 1 switch, 0 host, -1 not given. */
static int kind_option(const struct loader *l, const char *kind)
{
	const struct topo_load_opts *o = l->opts;
	size_t n = strlen(kind);
	int i, role = -1;

	for (i = 0; o && i < o->num_kinds; i++)
		if (!strncmp(o->kinds[i], kind, n) && o->kinds[i][n] == '=')
			role = !strcmp(o->kinds[i] + n + 1, "switch");
	return role;
}

/* Check --kind's words, and that each names a kind of the file. */
static int check_kind_options(struct loader *l, const char *const *kinds,
			      int num_nodes)
{
	const struct topo_load_opts *o = l->opts;
	const char *eq;
	int i, j;

	for (i = 0; o && i < o->num_kinds; i++) {
		eq = strchr(o->kinds[i], '=');
		if (!eq || eq == o->kinds[i] ||
		    (strcmp(eq + 1, "host") && strcmp(eq + 1, "switch")))
			return clos_err_set(l->err, -EINVAL, "--kind '%s': expected "
					    "KIND=host or KIND=switch", o->kinds[i]);
		for (j = 0; j < num_nodes; j++)
			if (!strncmp(kinds[j], o->kinds[i], eq - o->kinds[i]) &&
			    strlen(kinds[j]) == (size_t)(eq - o->kinds[i]))
				break;
		if (j == num_nodes)
			return clos_err_set(l->err, -EINVAL, "--kind '%s': no node of "
					    "%s is of kind '%.*s'", o->kinds[i],
					    l->t->file, (int)(eq - o->kinds[i]),
					    o->kinds[i]);
	}
	return 0;
}

/* Host or switch: the node's clos-role label, --kind, then the guess
 * (linux nodes are hosts). */
static int node_role(struct loader *l, const struct clab_scope *s,
		     const char *name, const char *kind, enum topo_kind *out)
{
	yaml_node_t *lab = label(l, s, TOPO_CLAB_ROLE_LABEL);
	const char *v = scalar(lab);
	int opt = kind_option(l, kind);

	if (lab) {
		if (!v || (strcmp(v, "host") && strcmp(v, "switch")))
			return fail(l, lab, "node '%s': label '%s' must be host or switch",
				    name, TOPO_CLAB_ROLE_LABEL);
		*out = !strcmp(v, "host") ? TOPO_HOST : TOPO_LEAF;
	} else if (opt >= 0) {
		*out = opt ? TOPO_LEAF : TOPO_HOST;
	} else {
		*out = !strcmp(kind, "linux") ? TOPO_HOST : TOPO_LEAF;
	}
	/* A switch's kind (leaf, spine) comes with its tier (model.c). */
	return 0;
}

/* A label only switches take, key (what it sets: mode, routing), into
 * *lab (NULL when no scope has it); refused on a host. */
static int switch_label(struct loader *l, const struct clab_scope *s,
			const struct topo_node *n, const char *key,
			const char *what, yaml_node_t **lab)
{
	*lab = label(l, s, key);
	if (*lab && !topo_is_switch(n))
		return fail(l, *lab, "node '%s': a host has no %s (label '%s' is for "
			    "switches)", n->name, what, key);
	return 0;
}

/* The node's clos-mode label, fast or queue, for switches. */
static int node_mode(struct loader *l, const struct clab_scope *s,
		     struct topo_node *n)
{
	yaml_node_t *lab;
	int ret;

	ret = switch_label(l, s, n, TOPO_CLAB_MODE_LABEL, "mode", &lab);
	if (ret || !lab)
		return ret;
	if (mode_word(scalar(lab), &n->mode))
		return fail(l, lab, "node '%s': label '%s' must be fast or queue",
			    n->name, TOPO_CLAB_MODE_LABEL);
	return 0;
}

/* The clos-routing label of a switch: every switch that has one must say
 * the same, which is the file's routing unless the file says otherwise
 * (*routing, -1: not yet said). */
static int node_routing(struct loader *l, const struct clab_scope *s,
			const struct topo_node *n, yaml_node_t **first,
			int *routing)
{
	yaml_node_t *lab;
	int r, ret;

	ret = switch_label(l, s, n, TOPO_CLAB_ROUTING_LABEL, "routing", &lab);
	if (ret || !lab)
		return ret;
	if (routing_word(scalar(lab), &r))
		return fail(l, lab, "node '%s': label '%s' must be static or bgp",
			    n->name, TOPO_CLAB_ROUTING_LABEL);
	if (*routing >= 0 && r != *routing)
		return fail(l, lab, "node '%s': label '%s' is %s; the file's routing is "
			    "%s (line %d)", n->name, TOPO_CLAB_ROUTING_LABEL, scalar(lab),
			    topo_routing_name(*routing), line_of(*first));
	*routing = r;
	*first = lab;
	return 0;
}

static int load_nodes(struct loader *l, yaml_node_t *top, yaml_node_t *routing_node,
		      int *routing)
{
	static const char *kinds[TOPO_MAX_NODES];
	yaml_node_t *nodes = map_get(l, top, "nodes");
	yaml_node_t *kmap = map_get(l, top, "kinds");
	yaml_node_t *groups = map_get(l, top, "groups");
	char where[TOPO_NODE_NAME_MAX + 64];
	yaml_node_pair_t *p;
	int ret, idx, count = 0;

	if (!nodes)
		return fail(l, top, "topology needs 'nodes'");
	if (!is_mapping(nodes))
		return fail(l, nodes, "topology.nodes must map node names to their settings");
	for (p = nodes->data.mapping.pairs.start; p < nodes->data.mapping.pairs.top; p++) {
		yaml_node_t *kn = node_at(l, p->key), *kind, *group;
		struct clab_scope s = { .defaults = map_get(l, top, "defaults") };
		const char *name = scalar(kn), *k, *g;
		enum topo_kind role = TOPO_HOST;

		if (!name)
			return fail(l, kn, "node names must be plain names");
		snprintf(where, sizeof(where), "node '%s'", name);
		s.node = node_at(l, p->value);
		ret = check_node_config(l, s.node, where);
		if (ret)
			return ret;
		group = setting(l, &s, "group");
		if (group) {
			g = scalar(group);
			s.group = g && is_mapping(groups) ? map_get(l, groups, g) : NULL;
			if (!s.group)
				return fail(l, group, "node '%s': group '%s' is not in "
					    "topology.groups", name, g ? g : "?");
		}
		kind = setting(l, &s, "kind");
		k = scalar(kind);
		if (!kind)
			return fail(l, kn, "node '%s': no 'kind' (on the node, its group "
				    "or topology.defaults)", name);
		if (!k || !*k)
			return fail(l, kind, "node '%s': 'kind' must be a kind's name", name);
		s.kind = is_mapping(kmap) ? map_get(l, kmap, k) : NULL;
		ret = node_role(l, &s, name, k, &role);
		if (ret)
			return ret;
		idx = topo_add_node(l->t, name, role, line_of(kn), l->err);
		if (idx < 0)
			return idx;
		ret = node_mode(l, &s, &l->t->nodes[idx]);
		if (!ret)
			ret = node_routing(l, &s, &l->t->nodes[idx], &routing_node,
					   routing);
		if (!ret)
			/* clos's own key, on the node or its group */
			ret = set_box(l, setting(l, &s, "box"), idx);
		if (ret)
			return ret;
		kinds[count++] = k;
	}
	return check_kind_options(l, kinds, count);
}

/* Endpoint e of a link, "node:interface" or {node: N, interface: I}:
 * the node's index, the interface copied to ifname. */
static int endpoint(struct loader *l, yaml_node_t *e, bool brief, char *ifname,
		    size_t len)
{
	static const char *const ep_keys[] = { "node", "interface", "mac", "ipv4",
		"ipv6", "vars", NULL };
	char shown[CLOS_IFNAME_SHOWLEN];
	const char *ifn, *nn;
	yaml_node_t *v;
	int ret;

	if (brief)
		return split_endpoint(l, e, ifname, len);
	ret = check_keys(l, e, "a veth endpoint", ep_keys);
	if (ret)
		return ret;
	if ((v = map_get(l, e, "mac")) || (v = map_get(l, e, "ipv4")) ||
	    (v = map_get(l, e, "ipv6")))
		return fail(l, v, "an endpoint's mac and addresses are clos-topo's "
			    "own plan (docs/fabric.md); drop them");
	nn = scalar(map_get(l, e, "node"));
	ifn = scalar(map_get(l, e, "interface"));
	if (!nn || !ifn || !*nn || !*ifn)
		return fail(l, e, "a veth endpoint needs 'node' and 'interface'");
	clos_ifname_show(nn, shown, sizeof(shown));
	return endpoint_node(l, e, shown, nn, ifn, ifname, len);
}

/* Why a link type other than veth is not taken. */
static const char *type_refusal(const char *type)
{
	if (!strcmp(type, "host") || !strcmp(type, "mgmt-net") ||
	    !strcmp(type, "macvlan"))
		return "joins a node to the machine's own network, which is no part "
		       "of the fabric";
	if (!strcmp(type, "dummy"))
		return "is an interface of one node, not a link between two";
	if (!strncmp(type, "vxlan", 5) || !strcmp(type, "veth-stitched"))
		return "reaches another machine; clos-topo builds veth links between "
		       "namespaces of this one";
	return "is not a containerlab link type";
}

static int load_links(struct loader *l, yaml_node_t *links)
{
	static const char *const brief_keys[] = { "endpoints", "mtu", "ipv4", "ipv6",
		"vars", "labels", NULL };
	static const char *const veth_keys[] = { "type", "endpoints", "mtu", "ipv4",
		"ipv6", "vars", "labels", NULL };
	yaml_node_item_t *it;
	int ret;

	if (!links)
		return 0;	/* containerlab takes a lab without links */
	if (links->type != YAML_SEQUENCE_NODE)
		return fail(l, links, "topology.links must be a list");
	for (it = links->data.sequence.items.start; it < links->data.sequence.items.top; it++) {
		yaml_node_t *ln = node_at(l, *it), *eps, *type, *v;
		char ifa[64], ifb[64];
		uint64_t rate;
		const char *ty;
		bool brief;
		int a, b;

		if (!is_mapping(ln))
			return fail(l, ln, "a link must be a mapping");
		type = map_get(l, ln, "type");
		ty = scalar(type);
		if (type && !ty)
			return fail(l, type, "a link's 'type' must be a name");
		if (ty && strcmp(ty, "veth"))
			return fail(l, type, "link type '%s' %s; only veth links are taken",
				    ty, type_refusal(ty));
		brief = !type;
		ret = check_keys(l, ln, brief ? "a link" : "a veth link",
				 brief ? brief_keys : veth_keys);
		if (ret)
			return ret;
		if ((v = map_get(l, ln, "ipv4")) || (v = map_get(l, ln, "ipv6")))
			return fail(l, v, "a link's addresses are clos-topo's own plan "
				    "(docs/fabric.md); drop them");
		if ((v = map_get(l, ln, "mtu")))
			return fail(l, v, "a link's 'mtu' is not taken: clos-topo's veth "
				    "links keep the default MTU");
		rate = 0;
		v = map_get(l, ln, "vars");
		if (v && !is_mapping(v))
			return fail(l, v, "a link's 'vars' must be a mapping");
		if (v && (ret = get_rate(l, v, TOPO_CLAB_RATE_VAR, &rate)))
			return ret;
		eps = map_get(l, ln, "endpoints");
		if (!eps || eps->type != YAML_SEQUENCE_NODE ||
		    eps->data.sequence.items.top - eps->data.sequence.items.start != 2)
			return fail(l, eps ? eps : ln,
				    "a link needs 'endpoints' with exactly two %s", brief ?
				    "\"node:interface\"" : "{node: ..., interface: ...}");
		a = endpoint(l, node_at(l, eps->data.sequence.items.start[0]), brief,
			     ifa, sizeof(ifa));
		if (a < 0)
			return a;
		b = endpoint(l, node_at(l, eps->data.sequence.items.start[1]), brief,
			     ifb, sizeof(ifb));
		if (b < 0)
			return b;
		ret = topo_add_link(l->t, a, ifa, b, ifb, rate, line_of(ln), l->err);
		if (ret)
			return ret;
	}
	return 0;
}

int topo_clab_load(struct loader *l, yaml_node_t *root, int *routing)
{
	static const char *const keys[] = { "name", "prefix", "mgmt", "topology",
		"settings", "debug", "routing", "mode", "boxes", NULL };
	static const char *const top_keys[] = { "nodes", "groups", "kinds",
		"defaults", "links", NULL };
	yaml_node_t *n, *top;
	int ret;

	ret = check_keys(l, root, "the file", keys);
	if (!ret)
		ret = load_root_keys(l, root, "lab", routing);
	if (ret)
		return ret;
	top = map_get(l, root, "topology");
	if (!top)
		return fail(l, root, "missing 'topology'");
	ret = check_keys(l, top, "topology", top_keys);
	if (!ret)
		ret = check_configs(l, map_get(l, top, "kinds"), "kinds");
	if (!ret)
		ret = check_configs(l, map_get(l, top, "groups"), "groups");
	if (!ret && (n = map_get(l, top, "defaults")))
		ret = check_node_config(l, n, "topology.defaults");
	if (ret)
		return ret;
	l->t->graph_tiers = true;
	ret = load_nodes(l, top, map_get(l, root, "routing"), routing);
	if (!ret)
		ret = load_links(l, map_get(l, top, "links"));
	return ret;
}
