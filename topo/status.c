// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <json-c/json.h>
#include "netns.h"
#include "plan.h"
#include "rate.h"
#include "status.h"
#include "switch.h"

static json_object *port_json(const struct topo *t, const struct topo_port *p)
{
	const struct topo_node *peer = &t->nodes[p->peer_node];
	char buf[INET6_ADDRSTRLEN + 8], mac[18];
	json_object *o = json_object_new_object();

	topo_format_mac(p->mac, mac, sizeof(mac));
	json_object_object_add(o, "ifname", json_object_new_string(p->ifname));
	json_object_object_add(o, "mac", json_object_new_string(mac));
	inet_ntop(AF_INET, &p->v4, buf, sizeof(buf));
	snprintf(buf + strlen(buf), 8, "/%d", p->v4_plen);
	json_object_object_add(o, "ipv4", json_object_new_string(buf));
	inet_ntop(AF_INET6, &p->v6, buf, sizeof(buf));
	snprintf(buf + strlen(buf), 8, "/%d", p->v6_plen);
	json_object_object_add(o, "ipv6", json_object_new_string(buf));
	snprintf(buf, sizeof(buf), "%s:%s", peer->name, peer->ports[p->peer_port].ifname);
	json_object_object_add(o, "peer", json_object_new_string(buf));
	json_object_object_add(o, "rate_bps", json_object_new_uint64(p->rate_bps));
	return o;
}

static json_object *node_json(const struct topo *t, const struct topo_node *n)
{
	json_object *o = json_object_new_object(), *ports = json_object_new_array();
	char ns[64];
	int p;

	topo_netns_name(t, n, ns, sizeof(ns));
	json_object_object_add(o, "name", json_object_new_string(n->name));
	json_object_object_add(o, "kind", json_object_new_string(topo_kind_name(n->kind)));
	if (n->kind != TOPO_SPINE)
		json_object_object_add(o, "rack", json_object_new_int(n->rack));
	json_object_object_add(o, "netns", json_object_new_string(ns));
	if (n->kind != TOPO_HOST) {
		char sw[CLOS_SWITCH_NAMSIZ];

		topo_switch_name(t, n, sw, sizeof(sw));
		json_object_object_add(o, "switch", json_object_new_string(sw));
		json_object_object_add(o, "seed", json_object_new_uint64(n->seed));
		json_object_object_add(o, "mode",
				       json_object_new_string(topo_mode_name(topo_node_mode(t, n))));
	}
	for (p = 0; p < n->num_ports; p++)
		json_object_array_add(ports, port_json(t, &n->ports[p]));
	json_object_object_add(o, "ports", ports);
	return o;
}

static void print_json(json_object *o)
{
	printf("%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
						       JSON_C_TO_STRING_NOSLASHESCAPE));
}

int topo_show(const struct topo *t, bool json)
{
	int i, p;

	if (json) {
		json_object *o = json_object_new_object(), *nodes = json_object_new_array();

		json_object_object_add(o, "fabric", json_object_new_string(t->name));
		for (i = 0; i < t->num_nodes; i++)
			json_object_array_add(nodes, node_json(t, &t->nodes[i]));
		json_object_object_add(o, "nodes", nodes);
		print_json(o);
		json_object_put(o);
		return 0;
	}
	printf("fabric %s: %d nodes, %d links\n", t->name, t->num_nodes, t->num_links);
	for (i = 0; i < t->num_nodes; i++) {
		const struct topo_node *n = &t->nodes[i];

		printf("%-10s %-5s", n->name, topo_kind_name(n->kind));
		if (n->kind != TOPO_SPINE)
			printf(" rack %d", n->rack);
		if (n->kind != TOPO_HOST)
			printf(" seed %u mode %s", n->seed,
			       topo_mode_name(topo_node_mode(t, n)));
		printf("\n");
		for (p = 0; p < n->num_ports; p++) {
			const struct topo_port *pp = &n->ports[p];
			const struct topo_node *peer = &t->nodes[pp->peer_node];
			char a4[INET_ADDRSTRLEN], a6[INET6_ADDRSTRLEN], mac[18];
			char rate[CLOS_RATE_STRLEN];

			inet_ntop(AF_INET, &pp->v4, a4, sizeof(a4));
			inet_ntop(AF_INET6, &pp->v6, a6, sizeof(a6));
			topo_format_mac(pp->mac, mac, sizeof(mac));
			printf("  %-6s %s %15s/%d %20s/%d -> %s:%s", pp->ifname, mac,
			       a4, pp->v4_plen, a6, pp->v6_plen, peer->name,
			       peer->ports[pp->peer_port].ifname);
			/* Switch ports are shaped to the link's rate; hosts
			 * send as fast as they can. */
			if (n->kind != TOPO_HOST)
				printf(" rate %s", clos_fmt_rate(pp->rate_bps, rate,
								 sizeof(rate)));
			printf("\n");
		}
	}
	return 0;
}

/* Up ports of a switch, from its ports table, and the mode it runs in;
 * -1 when it is not attached. */
static int switch_ports_up(const struct topo *t, const struct topo_node *n, int *total,
			   int *mode)
{
	char name[CLOS_SWITCH_NAMSIZ];
	struct clos_switch_cfg cfg;
	struct clos_switch sw;
	struct clos_port port;
	int up = 0;
	__u32 i;

	topo_switch_name(t, n, name, sizeof(name));
	*total = 0;
	*mode = topo_node_mode(t, n);
	if (clos_switch_open(&sw, name))
		return -1;
	if (!clos_switch_cfg_get(&sw, &cfg))
		*mode = cfg.mode;
	for (i = 0; i < CLOS_MAX_PORTS; i++) {
		if (clos_port_get(&sw, i, &port))
			continue;
		(*total)++;
		up += port.up;
	}
	clos_switch_close(&sw);
	return up;
}

int topo_status(const struct topo *t, bool json)
{
	json_object *o = json_object_new_object(), *nodes = json_object_new_array();
	int i, present = 0, attached = 0, switches = 0;

	for (i = 0; i < t->num_nodes; i++) {
		const struct topo_node *n = &t->nodes[i];
		json_object *no = json_object_new_object();
		char ns[64];
		int exists, up = 0, total = 0, mode = CLOS_MODE_FAST;

		topo_netns_name(t, n, ns, sizeof(ns));
		exists = clos_netns_exists(ns);
		present += exists;
		json_object_object_add(no, "name", json_object_new_string(n->name));
		json_object_object_add(no, "kind", json_object_new_string(topo_kind_name(n->kind)));
		json_object_object_add(no, "netns", json_object_new_boolean(exists));
		if (n->kind != TOPO_HOST) {
			switches++;
			up = switch_ports_up(t, n, &total, &mode);
			attached += up >= 0;
			json_object_object_add(no, "attached", json_object_new_boolean(up >= 0));
			json_object_object_add(no, "mode",
					       json_object_new_string(topo_mode_name(mode)));
			json_object_object_add(no, "ports", json_object_new_int(total));
			json_object_object_add(no, "ports_up", json_object_new_int(up < 0 ? 0 : up));
		}
		json_object_array_add(nodes, no);
		if (!json) {
			printf("%-10s %-5s netns %-7s", n->name, topo_kind_name(n->kind),
			       exists ? "present" : "missing");
			if (n->kind != TOPO_HOST) {
				if (up < 0)
					printf(" switch not attached");
				else
					printf(" switch attached (%s mode), %d/%d ports up",
					       topo_mode_name(mode), total ? up : 0, total);
			}
			printf("\n");
		}
	}
	json_object_object_add(o, "fabric", json_object_new_string(t->name));
	json_object_object_add(o, "up", json_object_new_boolean(present == t->num_nodes &&
								 attached == switches));
	json_object_object_add(o, "nodes", nodes);
	if (json)
		print_json(o);
	else
		printf("fabric %s: %s (%d/%d namespaces, %d/%d switches attached)\n",
		       t->name, present == t->num_nodes && attached == switches ? "up" :
		       present ? "partly up" : "down", present, t->num_nodes, attached,
		       switches);
	json_object_put(o);
	return 0;
}
