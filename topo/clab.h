/* SPDX-License-Identifier: GPL-2.0 */
/*
 * containerlab topology files in: the file as containerlab takes it
 *
 *   name: lab
 *   topology:
 *     kinds: {nokia_srlinux: {image: ...}, linux: {image: ...}}
 *     defaults: {...}            groups: {...}
 *     nodes:
 *       spine1: {kind: nokia_srlinux}
 *       leaf1:  {kind: nokia_srlinux}
 *       h1:     {kind: linux}
 *     links:
 *       - endpoints: ["leaf1:e1-1", "spine1:e1-1"]
 *       - type: veth
 *         endpoints: [{node: h1, interface: eth1}, {node: leaf1, interface: e1-3}]
 *
 * becomes a clos fabric: nodes of kind linux are hosts, any other kind a
 * clos switch (a node's label clos-role: host|switch, then --kind
 * KIND=host|switch, decide first), and each switch's tier is its distance
 * from the hosts (model.h). Interface names are kept as written;
 * addresses, MACs and routes are clos-topo's own plan. A node's kind
 * comes from the node, its group or topology.defaults, as in containerlab.
 * Node settings that only a container has (image, exec, binds, ...) are
 * taken and have no effect here. Links are veth links, in the brief form
 * or `type: veth`; other link types join a node to the machine's own
 * network (host, mgmt-net, macvlan), a single node (dummy) or another
 * machine (vxlan), and are refused with the reason.
 *
 * clos's own keys on top of containerlab's: `routing`, `mode` and `boxes`
 * beside `name` and `box` on a node (or its group), as in clos's files
 * (a fabric across machines), and the node labels clos-role, clos-mode
 * (fast|queue) and clos-routing (static|bgp: every switch alike, the
 * fabric's routing), and a link's rate in its vars as clos-rate (1gbit,
 * 400mbit, 10g), which `clos-topo export --containerlab` writes.
 */
#ifndef CLOS_TOPO_CLAB_H
#define CLOS_TOPO_CLAB_H

#include <stdbool.h>
#include "load_yaml.h"

#define TOPO_CLAB_ROLE_LABEL	"clos-role"
#define TOPO_CLAB_MODE_LABEL	"clos-mode"
#define TOPO_CLAB_RATE_VAR	"clos-rate"
#define TOPO_CLAB_ROUTING_LABEL	"clos-routing"

/* Is the document rooted at root a containerlab file rather than one of
 * clos's own? Its topology has kinds, groups or node defaults, a node
 * without settings or of a containerlab kind (but `host`, which clos's
 * own files use too), or the file has containerlab's top-level keys. */
bool topo_clab_file(struct loader *l, yaml_node_t *root);

/* Load it into l->t (not finished); *routing set when the file says. */
int topo_clab_load(struct loader *l, yaml_node_t *root, int *routing);

#endif /* CLOS_TOPO_CLAB_H */
