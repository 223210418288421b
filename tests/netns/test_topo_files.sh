#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Topology files: the examples load and expand to the fabric they describe;
# bad files are refused with FILE:LINE and the reason, and nothing is
# created: duplicate keys, deep nesting and oversized files included. Runs
# `clos-topo show` only (no namespaces).
set -u

cd "$(dirname "$0")/../.."
. netns-scripts/lib.sh

TOPO_BIN=$CLOS_BUILD/clos-topo
TMP=$(mktemp -d /tmp/clos-topofiles.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

# shape FILE: "nodes links spines leaves hosts" from the JSON plan
shape() {
	"$TOPO_BIN" -j show "$1" | jq -r '[(.nodes | length),
		([.nodes[].ports | length] | add / 2),
		([.nodes[] | select(.kind == "spine")] | length),
		([.nodes[] | select(.kind == "leaf")] | length),
		([.nodes[] | select(.kind == "host")] | length)] | map(tostring) | join(" ")'
}

clos_check_eq "fabric-2x4.yaml: 14 nodes, 16 links, 2 spines, 4 leaves, 8 hosts" \
	"$(shape examples/fabric-2x4.yaml)" "14 16 2 4 8"
clos_check_eq "fabric-4x4.yaml: 4 spines, 4 leaves, 8 hosts, 24 links" \
	"$(shape examples/fabric-4x4.yaml)" "16 24 4 4 8"
clos_check_eq "explicit-2x2.yaml: 6 nodes, 6 links" \
	"$(shape examples/explicit-2x2.yaml)" "6 6 2 2 2"
clos_check_eq "fabric-2x4-bgp.yaml: the 2x4 fabric" \
	"$(shape examples/fabric-2x4-bgp.yaml)" "14 16 2 4 8"

# routing: static by default, bgp in either form, with RFC 7938 ASNs:
# the spines share 65000, leaf r is 65100 + r.
routing_of() { "$TOPO_BIN" -j show "$1" | jq -r .routing; }
asns_of() { "$TOPO_BIN" -j show "$1" | jq -r '[.nodes[] | select(.asn) | "\(.name)=\(.asn)"] | join(" ")'; }
clos_check_eq "fabric-2x4.yaml routes static (the default)" "$(routing_of examples/fabric-2x4.yaml)" "static"
clos_check_eq "static: no ASNs in the plan" "$(asns_of examples/fabric-2x4.yaml)" ""
clos_check_eq "fabric-2x4-bgp.yaml routes bgp" "$(routing_of examples/fabric-2x4-bgp.yaml)" "bgp"
clos_check_eq "bgp shorthand: spines 65000, leaf r 6510r" "$(asns_of examples/fabric-2x4-bgp.yaml)" \
	"spine1=65000 spine2=65000 leaf1=65101 leaf2=65102 leaf3=65103 leaf4=65104"
sed 's/^name: lab2x2$/name: lab2x2\nrouting: bgp/' examples/explicit-2x2.yaml >"$TMP/explicit-bgp.yaml"
clos_check_eq "bgp explicit form: spines 65000, leaf r 6510r" "$(asns_of "$TMP/explicit-bgp.yaml")" \
	"spine1=65000 spine2=65000 leaf1=65101 leaf2=65102"
printf 'name: x\nrouting: static\nfabric: {spines: 1, leaves: 1, hosts_per_leaf: 1}\n' >"$TMP/static.yaml"
clos_check_eq "routing: static is taken" "$(routing_of "$TMP/static.yaml")" "static"

# The explicit file is what the shorthand expands to: same ports, peers,
# addresses and MACs (names of the hosts aside).
printf 'name: lab2x2\nfabric: {spines: 2, leaves: 2, hosts_per_leaf: 1}\n' >"$TMP/short.yaml"
plan_of() {
	"$TOPO_BIN" -j show "$1" | jq -c '[.nodes[] | select(.kind != "host") |
		{name, ports: [.ports[] | {ifname, mac, ipv4, ipv6}]}]'
}
plan_of examples/explicit-2x2.yaml >"$TMP/explicit.plan"
plan_of "$TMP/short.yaml" >"$TMP/short.plan"
clos_check "explicit-2x2.yaml plans like its shorthand" \
	diff "$TMP/explicit.plan" "$TMP/short.plan"

# The addressing plan of docs/fabric.md, spot-checked on the 2x4 fabric.
addr_of() {
	"$TOPO_BIN" -j show examples/fabric-2x4.yaml |
		jq -r --arg n "$1" --arg i "$2" '.nodes[] | select(.name == $n) | .ports[] | select(.ifname == $i) | "\(.ipv4) \(.ipv6) \(.peer)"'
}
clos_check_eq "leaf3 uplink to spine2" "$(addr_of leaf3 eth2)" "10.255.3.3/31 fd00:ff:3:2::2/64 spine2:eth3"
clos_check_eq "host h4-2" "$(addr_of h4-2 eth0)" "10.1.4.3/31 fd00:1:4:2::2/64 leaf4:eth4"

clos_check_topo_refused "$TMP" 'name: x\nfabric:\n  spines: 2\n  leafs: 4\n' \
	"4: unknown key 'leafs' in fabric (expected spines, leaves, hosts_per_leaf, host_link, fabric_link)"
clos_check_topo_refused "$TMP" 'name: x\nfabric:\n  spines: 20\n  leaves: 4\n  hosts_per_leaf: 1\n' \
	"3: 'spines' is 20; it must be 1..16"
clos_check_topo_refused "$TMP" 'name: x\nfabric:\n  spines: two\n  leaves: 4\n  hosts_per_leaf: 1\n' \
	"3: 'spines' must be a number, not 'two'"
clos_check_topo_refused "$TMP" 'name: x\nfabric: {spines: 2, leaves: 2, hosts_per_leaf: 1, host_link: fast}\n' \
	"2: 'host_link' must be a rate like 1gbit, 400mbit or 10g"
clos_check_topo_refused "$TMP" 'name: x\nfabric: [1, 2\n' \
	"3: YAML syntax: did not find expected ',' or ']'"
clos_check_topo_refused "$TMP" 'fabric: {spines: 1, leaves: 1, hosts_per_leaf: 1}\n' \
	"1: missing 'name' (the fabric's name)"
clos_check_topo_refused "$TMP" 'name: a_fabric_name_too_long\nfabric: {spines: 1, leaves: 1, hosts_per_leaf: 1}\n' \
	"1: fabric name 'a_fabric_name_too_long' must be 1..12 characters"
clos_check_topo_refused "$TMP" 'name: x\n' \
	"1: missing 'fabric' or 'topology'"
clos_check_topo_refused "$TMP" 'name: x\ntopology:\n  nodes:\n    s1: {kind: spine}\n    l1: {kind: leef}\n  links: []\n' \
	"5: node 'l1': kind 'leef' is not spine, leaf or host"
clos_check_topo_refused "$TMP" 'name: x\ntopology:\n  nodes: {s1: {kind: spine}, l1: {kind: leaf}, l2: {kind: leaf}}\n  links:\n    - endpoints: ["l1:eth1", "s1:eth1"]\n    - endpoints: ["l1:eth2", "l2:eth1"]\n' \
	"6: link l1:eth2 - l2:eth1 joins a leaf and a leaf; links must join leaf-spine or host-leaf"
clos_check_topo_refused "$TMP" 'name: x\ntopology:\n  nodes: {s1: {kind: spine}, l1: {kind: leaf}}\n  links:\n    - endpoints: ["l1:eth1", "s9:eth1"]\n' \
	"5: endpoint 's9:eth1': node 's9' is not in topology.nodes"
clos_check_topo_refused "$TMP" 'name: x\ntopology:\n  nodes: {s1: {kind: spine}, l1: {kind: leaf}}\n  links:\n    - endpoints: ["l1:eth1", "s1:eth1"]\n    - endpoints: ["l1:eth1", "s1:eth2"]\n' \
	"6: interface 'l1:eth1' is used by two links"
clos_check_topo_refused "$TMP" 'name: x\ntopology:\n  nodes: {s1: {kind: spine}, l1: {kind: leaf}, h1: {kind: host}}\n  links:\n    - endpoints: ["l1:eth1", "s1:eth1"]\n' \
	"3: host 'h1' has 0 links; a host connects to exactly one leaf"
clos_check_topo_refused "$TMP" 'name: x\ntopology:\n  nodes: {s1: {kind: spine}, l1: {kind: leaf}}\n  links:\n    - endpoints: ["l1:eth1", "s1:eth1"]\n      speed: 1g\n' \
	"6: unknown key 'speed' in a link (expected endpoints, rate, vni, udp-port, mtu)"
clos_check_topo_refused "$TMP" 'name: x\nfabric: {spines: 1, leaves: 1, hosts_per_leaf: 1}\ntopology: {}\n' \
	"1: use either 'fabric' (shorthand) or 'topology', not both"
clos_check_topo_refused "$TMP" 'name: x\nrouting: ospf\nfabric: {spines: 1, leaves: 1, hosts_per_leaf: 1}\n' \
	"2: 'routing' must be static or bgp, not 'ospf'"
clos_check_topo_refused "$TMP" 'name: x\nmode: fast\nrouting: [bgp]\ntopology:\n  nodes: {s1: {kind: spine}, l1: {kind: leaf}}\n  links:\n    - endpoints: ["l1:eth1", "s1:eth1"]\n' \
	"3: 'routing' must be static or bgp"
clos_check_topo_refused "$TMP" 'name: x\nfabric: {spines: 1, leaves: 1, hosts_per_leaf: 1, routing: bgp}\n' \
	"2: unknown key 'routing' in fabric (expected spines, leaves, hosts_per_leaf, host_link, fabric_link)"
clos_check_topo_refused "$TMP" 'name: x\ntopology:\n  nodes: {s1: {kind: spine, routing: bgp}, l1: {kind: leaf}}\n  links:\n    - endpoints: ["l1:eth1", "s1:eth1"]\n' \
	"3: unknown key 'routing' in a node (expected kind, mode, box)"

# Node names go into namespace and switch names: letters, digits, '-'.
clos_check_topo_refused "$TMP" 'name: x\ntopology:\n  nodes: {"s1\\nnetns": {kind: spine}, l1: {kind: leaf}}\n  links: []\n' \
	"3: node name 's1\\x0anetns' may only hold letters, digits and '-'"

# A key given twice: refused at the second, in any mapping (the first
# used to win without a word).
clos_check_topo_refused "$TMP" 'name: x\nname: y\nfabric: {spines: 1, leaves: 1, hosts_per_leaf: 1}\n' \
	"2: duplicate key 'name' (first at line 1)"
clos_check_topo_refused "$TMP" 'name: x\nfabric:\n  spines: 1\n  leaves: 1\n  spines: 2\n  hosts_per_leaf: 1\n' \
	"5: duplicate key 'spines' (first at line 3)"
clos_check_topo_refused "$TMP" 'name: x\ntopology:\n  nodes: {s1: {kind: spine}, l1: {kind: leaf, kind: spine}}\n  links: []\n' \
	"3: duplicate key 'kind' (first at line 3)"
clos_check_topo_refused "$TMP" 'name: x\ntopology:\n  defaults:\n    host_link: 1gbit\n    host_link: 2gbit\n  nodes: {s1: {kind: spine}, l1: {kind: leaf}}\n  links: [{endpoints: ["l1:eth1", "s1:eth1"]}]\n' \
	"5: duplicate key 'host_link' (first at line 4)"
clos_check_topo_refused "$TMP" 'name: "x\\0y"\nfabric: {spines: 1, leaves: 1, hosts_per_leaf: 1}\n' \
	"1: a value holds a NUL byte"

# A second document would be ignored: refused.
clos_check_topo_refused "$TMP" 'name: x\nfabric: {spines: 1, leaves: 1, hosts_per_leaf: 1}\n---\nname: y\n' \
	"3: a second YAML document; a topology file holds one"

# YAML nested 100k deep took minutes (libyaml's scanner walks every open
# level at every token): refused at once, at the level too deep.
deep() {
	printf 'name: x\nfabric: '
	head -c "$1" /dev/zero | tr '\0' "$2"
	head -c "$1" /dev/zero | tr '\0' "$3"
	echo
}
deep 100000 '[' ']' >"$TMP/deep.yaml"
start=$(date +%s%N)
out=$("$TOPO_BIN" show "$TMP/deep.yaml" 2>&1 >/dev/null)
ms=$(( ($(date +%s%N) - start) / 1000000 ))
clos_check_eq "100k nested lists refused" "$out" "Error: $TMP/deep.yaml:2: nested more than 32 deep"
clos_check "... in under 2 s (${ms} ms)" test "$ms" -lt 2000
printf 'name: x\nfabric: %s1%s\n' "$(printf '{a: %.0s' $(seq 40))" "$(printf '}%.0s' $(seq 40))" >"$TMP/deep-map.yaml"
clos_check_eq "40 nested mappings refused" "$("$TOPO_BIN" show "$TMP/deep-map.yaml" 2>&1 >/dev/null)" \
	"Error: $TMP/deep-map.yaml:2: nested more than 32 deep"
head -c $((1024 * 1024 + 1)) /dev/zero | tr '\0' '#' >"$TMP/big.yaml"
clos_check_eq "a file over 1 MiB refused" "$("$TOPO_BIN" show "$TMP/big.yaml" 2>&1 >/dev/null)" \
	"Error: $TMP/big.yaml: larger than 1048576 bytes; a topology file is a few kB"

clos_check_fails "a missing file is refused" "$TOPO_BIN" show "$TMP/nonexistent.yaml"
clos_check_eq "nothing was created" "$(ip netns list | grep -c '^clos-x-')" "0"

clos_summary topofiles
