#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# containerlab files in and out, without namespaces (`clos-topo show` and
# `export` only):
#   - a containerlab 5-stage file: linux nodes are hosts, the rest switches,
#     tiers from the graph (leaves 1, spines 2, superspines 3), addresses and
#     RFC 7938 ASNs (superspines one, each pod's spines one, each leaf its own);
#   - boxes (box: on a node, boxes: beside name) pass through as in clos's
#     own files;
#   - kinds, groups and defaults decide a node's kind as in containerlab;
#     --kind and the clos-role label override the guess;
#   - bad files are refused with FILE:LINE and the reason;
#   - every export (examples/*.yaml) validates against containerlab's schema
#     (tests/data/containerlab, python3-jsonschema), and reads back as the
#     same fabric: the same plan, and the same export again; a bgp fabric's
#     export binds each switch's FRR files, written beside it.
set -u

cd "$(dirname "$0")/../.."
. netns-scripts/lib.sh

TOPO_BIN=$CLOS_BUILD/clos-topo
VALIDATE=tests/data/containerlab/validate.py
TMP=$(mktemp -d /tmp/clos-clabfiles.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
FIVE=examples/clab-5stage.yaml

topo() { "$TOPO_BIN" "$@"; }
# nodes FILE [OPTS...]: "name=tier" of every node
tiers() { topo "${@:2}" -j show "$1" | jq -r '[.nodes[] | "\(.name)=\(.tier)"] | join(" ")'; }
asns() { topo "${@:2}" -j show "$1" | jq -r '[.nodes[] | select(.asn) | "\(.name)=\(.asn)"] | join(" ")'; }
port() {
	topo -j show "$1" | jq -r --arg n "$2" --arg i "$3" \
		'.nodes[] | select(.name == $n) | .ports[] | select(.ifname == $i) | "\(.ipv4) \(.ipv6) \(.peer)"'
}

# ---- the 5-stage file ---------------------------------------------------------

clos_check_eq "5-stage: tiers from the graph" "$(tiers $FIVE)" \
	"super1=3 super2=3 spine1=2 spine2=2 spine3=2 spine4=2 leaf1=1 leaf2=1 leaf3=1 leaf4=1 h1=0 h2=0 h3=0 h4=0"
clos_check_eq "5-stage: 14 nodes, 20 links, kinds spine/leaf/host" \
	"$(topo -j show $FIVE | jq -r '[(.nodes | length), ([.nodes[].ports | length] | add / 2),
		([.nodes[] | select(.kind == "spine")] | length), ([.nodes[] | select(.kind == "leaf")] | length),
		([.nodes[] | select(.kind == "host")] | length)] | map(tostring) | join(" ")')" "14 20 6 4 4"
clos_check_eq "5-stage: show names the superspines" \
	"$(topo show $FIVE | awk '/^super/ {print $1, $2}' | tr '\n' ' ')" "super1 superspine super2 superspine "
clos_check_eq "interface names kept as written (leaf3:e1-2)" "$(port $FIVE leaf3 e1-2)" \
	"10.255.3.7/31 fd00:ff:3:4::2/64 spine4:e1-1"
clos_check_eq "spine-superspine link: 10.254.i.(2j-2), fd00:fe:i:j::" "$(port $FIVE spine3 e1-4)" \
	"10.254.3.3/31 fd00:fe:3:2::2/64 super2:e1-3"
clos_check_eq "host h4: 10.1.4.1 on leaf4" "$(port $FIVE h4 eth1)" "10.1.4.1/31 fd00:1:4:1::2/64 leaf4:e1-3"
clos_check_eq "the file says no routing: static" "$(topo -j show $FIVE | jq -r .routing)" "static"
clos_check_eq "--routing bgp: bgp" "$(topo --routing bgp -j show $FIVE | jq -r .routing)" "bgp"
clos_check_eq "RFC 7938 ASNs: superspines 65000, pod p's spines 6500p, leaf r 6510r" \
	"$(asns $FIVE --routing bgp)" \
	"super1=65000 super2=65000 spine1=65001 spine2=65001 spine3=65002 spine4=65002 leaf1=65101 leaf2=65102 leaf3=65103 leaf4=65104"
# Two tiers stay as they were: spines 65000.
sed -e '/super/d' -e 's/^name: clab5/name: clab3/' $FIVE >"$TMP/3stage.yaml"
clos_check_eq "3-stage containerlab file: spines 65000, leaf r 6510r" "$(asns "$TMP/3stage.yaml" --routing bgp)" \
	"spine1=65000 spine2=65000 spine3=65000 spine4=65000 leaf1=65101 leaf2=65102 leaf3=65103 leaf4=65104"

clos_check_eq "clos-topo graph: the superspines' row above the spines'" \
	"$(topo graph $FIVE -o - | sed -n 's/^\t\t"\(tier[0-9]\) label" -- \(.*\) \[style=invis\];$/\1: \2/p' | tr -d '"' | head -2 | tr '\n' ';')" \
	"tier3: super1 -- super2;tier2: spine1 -- spine2 -- spine3 -- spine4;"

# Static routes, from the export's exec lines: a superspine reaches rack 3
# over both spines of pod 2 (one group), a spine goes up over both
# superspines and down to its own racks.
topo export --containerlab "$TMP/five.clab.yaml" $FIVE >/dev/null
node_exec() { yq_node "$1" | sed -n 's/^        - "\(.*\)"$/\1/p'; }
yq_node() { awk -v n="    $1:" '$0 == n {on = 1; next} /^    [^ ]/ {on = 0} on' "$TMP/five.clab.yaml"; }
clos_check_eq "super1: rack 3 over group 3 = ports 3,4 (spine3, spine4)" \
	"$(node_exec super1 | grep -E 'group set 3 |route_v4 10.1.3.0/24' | sed 's/.*clab5-super1 //' | tr '\n' ';')" \
	"group set 3 kind resilient members 3,4;table add route_v4 10.1.3.0/24 => ecmp 3;"
clos_check_eq "spine1: up over both superspines, racks 1, 2 down, rack 3 up" \
	"$(node_exec spine1 | grep -E 'group set|route_v4 10.1.[13].0/24' | sed 's/.*clab5-spine1 //' | tr '\n' ';')" \
	"group set 1 kind resilient members 3,4;table add route_v4 10.1.1.0/24 => nexthop 1;table add route_v4 10.1.3.0/24 => ecmp 1;"
clos_check_eq "spine1's kernel: default multipath over both superspines" \
	"$(node_exec spine1 | grep 'ip route add 0.0.0.0/0')" \
	"ip route add 0.0.0.0/0 nexthop via 10.254.1.0 dev e1-3 nexthop via 10.254.1.2 dev e1-4"

# Four tiers route statically; BGP's plan covers three.
cat >"$TMP/4tier.yaml" <<'EOF'
name: four
topology:
  nodes:
    top: {kind: sonic-vs}
    ss1: {kind: sonic-vs}
    ss2: {kind: sonic-vs}
    s1: {kind: sonic-vs}
    s2: {kind: sonic-vs}
    l1: {kind: sonic-vs}
    l2: {kind: sonic-vs}
    h1: {kind: linux}
    h2: {kind: linux}
  links:
    - endpoints: ["h1:eth1", "l1:eth1"]
    - endpoints: ["h2:eth1", "l2:eth1"]
    - endpoints: ["l1:eth2", "s1:eth1"]
    - endpoints: ["l2:eth2", "s2:eth1"]
    - endpoints: ["s1:eth2", "ss1:eth1"]
    - endpoints: ["s2:eth2", "ss2:eth1"]
    - endpoints: ["ss1:eth2", "top:eth1"]
    - endpoints: ["ss2:eth2", "top:eth2"]
EOF
clos_check_eq "four tiers: tiers from the graph" "$(tiers "$TMP/4tier.yaml")" \
	"top=4 ss1=3 ss2=3 s1=2 s2=2 l1=1 l2=1 h1=0 h2=0"
clos_check_eq "four tiers: show calls tier 4 tier4" "$(topo show "$TMP/4tier.yaml" | awk '/^top/ {print $2}')" "tier4"
clos_check_eq "four tiers, --routing bgp: refused" \
	"$(topo --routing bgp show "$TMP/4tier.yaml" 2>&1 >/dev/null)" \
	"Error: $TMP/4tier.yaml:1: routing bgp: RFC 7938's AS numbers cover 3 tiers of switches; this fabric has 4"

# ---- kinds: node, group, defaults; --kind; labels ------------------------------

cat >"$TMP/kinds.yaml" <<'EOF'
name: kinds
topology:
  defaults:
    kind: arista_ceos
  groups:
    servers: {kind: linux}
    gens: {kind: ostinato}
  kinds:
    arista_ceos: {image: ceos:4.32}
  nodes:
    s1:
    l1: {image: ceos:4.33}
    l2: {}
    h1: {group: servers}
    g1: {group: gens}
  links:
    - endpoints: ["l1:Ethernet1", "s1:Ethernet1"]
    - endpoints: ["l2:Ethernet1", "s1:Ethernet2"]
    - type: veth
      endpoints: [{node: h1, interface: eth1}, {node: l1, interface: Ethernet2}]
    - endpoints: ["g1:eth1", "l2:Ethernet2"]
      vars: {clos-rate: 400mbit}
EOF
clos_check_eq "an ostinato node is a switch by the guess: tiers count from h1 alone" \
	"$(tiers "$TMP/kinds.yaml")" "s1=2 l1=1 l2=3 h1=0 g1=4"
clos_check_eq "--kind ostinato=host: kinds from defaults and groups" \
	"$(tiers "$TMP/kinds.yaml" --kind ostinato=host)" "s1=2 l1=1 l2=1 h1=0 g1=0"
clos_check_eq "a link's vars clos-rate is its rate" \
	"$("$TOPO_BIN" --kind ostinato=host -j show "$TMP/kinds.yaml" | jq '.nodes[] | select(.name == "g1") | .ports[0].rate_bps')" \
	"400000000"
sed 's/    g1: {group: gens}/    g1: {group: gens, labels: {clos-role: host}}/' "$TMP/kinds.yaml" >"$TMP/label.yaml"
clos_check_eq "label clos-role: host decides before the kind" "$(tiers "$TMP/label.yaml")" \
	"s1=2 l1=1 l2=1 h1=0 g1=0"
clos_check_eq "--kind with a kind no node has: refused" \
	"$(topo --kind ostinatto=host show "$TMP/kinds.yaml" 2>&1 >/dev/null)" \
	"Error: --kind 'ostinatto=host': no node of $TMP/kinds.yaml is of kind 'ostinatto'"
clos_check_eq "--kind KIND=router: refused" \
	"$(topo --kind ostinato=router show "$TMP/kinds.yaml" 2>&1 >/dev/null)" \
	"Error: --kind 'ostinato=router': expected KIND=host or KIND=switch"
clos_check_eq "--kind on one of clos's own files: refused" \
	"$(topo --kind linux=host show examples/fabric-2x4.yaml 2>&1 >/dev/null)" \
	"Error: examples/fabric-2x4.yaml:3: --kind is for containerlab files; this one names its kinds (spine, leaf, host)"
clos_check_eq "--routing bgp on a file that says static: refused" \
	"$(printf 'name: x\nrouting: static\nfabric: {spines: 1, leaves: 1, hosts_per_leaf: 1}\n' >"$TMP/st.yaml";
	   topo --routing bgp show "$TMP/st.yaml" 2>&1 >/dev/null)" \
	"Error: $TMP/st.yaml:2: 'routing' is static here, --routing says bgp"
clos_check_eq "--routing ospf: refused" "$(topo --routing ospf show $FIVE 2>&1 >/dev/null)" \
	"Error: --routing 'ospf': expected static or bgp"

# ---- refusals -------------------------------------------------------------------

HEAD='name: x\ntopology:\n  nodes:\n    l1: {kind: sonic-vs}\n    s1: {kind: sonic-vs}\n    h1: {kind: linux}\n'
LINKS='  links:\n    - endpoints: ["h1:eth1", "l1:eth1"]\n    - endpoints: ["l1:eth2", "s1:eth1"]\n'
clos_check_topo_refused "$TMP" "$HEAD$LINKS"'    - type: macvlan\n      endpoint: {node: h1, interface: eth9}\n      host-interface: enp0s3\n' \
	"10: link type 'macvlan' joins a node to the machine's own network, which is no part of the fabric; only veth links are taken"
clos_check_topo_refused "$TMP" "$HEAD$LINKS"'    - type: vxlan\n      endpoint: {node: s1, interface: eth9}\n      remote: 192.0.2.1\n      vni: 100\n' \
	"10: link type 'vxlan' reaches another machine; clos-topo builds veth links between namespaces of this one; only veth links are taken"
clos_check_topo_refused "$TMP" "$HEAD$LINKS"'    - type: dummy\n      endpoint: {node: s1, interface: eth9}\n' \
	"10: link type 'dummy' is an interface of one node, not a link between two; only veth links are taken"
clos_check_topo_refused "$TMP" "${HEAD}    l2: {kind: sonic-vs}\n    h2: {kind: linux}\n$LINKS"'    - endpoints: ["h2:eth1", "l2:eth1"]\n    - endpoints: ["l2:eth2", "s1:eth2"]\n    - endpoints: ["l1:eth3", "l2:eth3"]\n' \
	"14: link l1:eth3 - l2:eth3 joins two nodes of one tier (leaf l1, leaf l2); links must join adjacent tiers"
clos_check_topo_refused "$TMP" "${HEAD}    x1: {kind: sonic-vs}\n    x2: {kind: sonic-vs}\n$LINKS"'    - endpoints: ["x1:eth1", "x2:eth1"]\n' \
	"7: node 'x1' has no path to a host; tiers are counted from the hosts"
clos_check_topo_refused "$TMP" 'name: x\ntopology:\n  nodes:\n    l1: {kind: sonic-vs}\n    s1: {kind: sonic-vs}\n  links:\n    - endpoints: ["l1:eth2", "s1:eth1"]\n' \
	"1: the fabric has no host (a node of kind linux, or --kind KIND=host); tiers are counted from the hosts"
clos_check_topo_refused "$TMP" 'name: x\ntopology:\n  kinds: {linux: {image: alpine}}\n  nodes:\n    l1: {image: sonic}\n' \
	"5: node 'l1': no 'kind' (on the node, its group or topology.defaults)"
clos_check_topo_refused "$TMP" 'name: x\ntopology:\n  nodes:\n    l1: {kind: sonic-vs, imagee: sonic}\n' \
	"4: unknown key 'imagee' in node 'l1' (not a containerlab node setting)"
clos_check_topo_refused "$TMP" 'name: x\ntopology:\n  nodes:\n    l1: {kind: sonic-vs, group: spines}\n' \
	"4: node 'l1': group 'spines' is not in topology.groups"
clos_check_topo_refused "$TMP" "$HEAD"'  links:\n    - type: veth\n      endpoints: [{node: h1, interface: eth1, ipv4: 192.0.2.1/24}, {node: l1, interface: eth1}]\n' \
	"9: an endpoint's mac and addresses are clos-topo's own plan (docs/fabric.md); drop them"
clos_check_topo_refused "$TMP" "$HEAD"'  links:\n    - endpoints: ["h1:eth1", "l1:eth1"]\n      mtu: 9000\n' \
	"9: a link's 'mtu' is not taken: clos-topo's veth links keep the default MTU"
clos_check_topo_refused "$TMP" "$HEAD"'  links:\n    - endpoints: ["h1:eth1", "l1:eth1"]\n      ipv4: ["192.0.2.0/31", "192.0.2.1/31"]\n' \
	"9: a link's addresses are clos-topo's own plan (docs/fabric.md); drop them"
clos_check_topo_refused "$TMP" "$HEAD"'  links:\n    - endpoints: ["h1:eth1", "l1:eth1"]\n      vars: {clos-rate: fast}\n' \
	"9: 'clos-rate' must be a rate like 1gbit, 400mbit or 10g"
clos_check_topo_refused "$TMP" "$HEAD"'  links:\n    - endpoints: ["h1:eth1", "l9:eth1"]\n' \
	"8: endpoint 'l9:eth1': node 'l9' is not in topology.nodes"
clos_check_topo_refused "$TMP" "$HEAD"'  links:\n    - type: veth\n      endpoints: [{node: h1}, {node: l1, interface: eth1}]\n' \
	"9: a veth endpoint needs 'node' and 'interface'"
clos_check_topo_refused "$TMP" "$HEAD"'  links:\n    - endpoints: ["h1:eth1", "l1:eth1"]\n    - endpoints: ["h1:eth2", "s1:eth1"]\n' \
	"6: host 'h1' has 2 links; a host connects to exactly one leaf"
clos_check_topo_refused "$TMP" 'name: x\ntopology:\n  nodes:\n    l1: {kind: sonic-vs, labels: {clos-role: router}}\n' \
	"4: node 'l1': label 'clos-role' must be host or switch"
clos_check_topo_refused "$TMP" 'name: x\ntopology:\n  nodes:\n    h1: {kind: linux, labels: {clos-mode: queue}}\n' \
	"4: node 'h1': a host has no mode (label 'clos-mode' is for switches)"
clos_check_topo_refused "$TMP" 'name: x\ntopology:\n  nodes:\n    leaf.1: {kind: sonic-vs}\n' \
	"4: node name 'leaf.1' may only hold letters, digits and '-'"
clos_check_topo_refused "$TMP" 'name: x\nprefix: lab\ntopologie:\n  nodes: {}\n' \
	"3: unknown key 'topologie' in the file (expected name, prefix, mgmt, topology, settings, debug, routing, mode, boxes)"
clos_check_topo_refused "$TMP" "$HEAD"'  links:\n    - endpoints: ["h1:eth1", "l1:eth/1"]\n' \
	"8: endpoint 'l1:eth/1': interface name holds '/' at byte 4"

# ---- export: containerlab's schema, and back --------------------------------------

for f in examples/*.yaml "$TMP/kinds.yaml"; do
	b=$(basename "$f" .yaml)
	opts=()
	[ "$b" = kinds ] && opts=(--kind ostinato=host)
	topo "${opts[@]}" export --containerlab "$TMP/$b.x.yaml" "$f" >/dev/null
	clos_check "$b: the export validates against clab.schema.json" python3 "$VALIDATE" "$TMP/$b.x.yaml"
	# Back in: the same plan (nodes, tiers, ports, addresses, MACs, peers,
	# rates, modes), and exported again, the same exec lines (routes, tables).
	# Boxes are not exported: containerlab runs the whole fabric on its
	# host, every link a veth.
	plan() { topo "${@:2}" -j show "$1" | jq -S 'del(.nodes[].netns, .nodes[].box) | .nodes[].ports[] |= del(.link, .vni, .udp_port, .mtu)'; }
	clos_check "$b: read back, the same plan" \
		diff <(plan "$f" "${opts[@]}") <(plan "$TMP/$b.x.yaml")
	topo export --containerlab "$TMP/$b.y.yaml" "$TMP/$b.x.yaml" >/dev/null
	clos_check "$b: exported again, the same topology" \
		diff <(grep -v '^#' "$TMP/$b.x.yaml") <(grep -v '^#' "$TMP/$b.y.yaml" | sed "s/$b.y.yaml.frr/$b.x.yaml.frr/")
done
# A bgp fabric: FRR's files of every switch beside the export, bound into
# it, the same as clos-topo up writes (but for the line naming the file).
B=fabric-2x4-bgp
clos_check_eq "$B: the switches start FRR and clos-fibsync, no link watcher" \
	"$(grep -c '/usr/lib/frr/bgpd -d' "$TMP/$B.x.yaml") $(grep -c 'clos-fibsync f2x4b-' "$TMP/$B.x.yaml") $(grep -c 'clos-loader watch' "$TMP/$B.x.yaml")" \
	"6 6 0"
clos_check_eq "$B: spine1 binds its FRR files" "$(grep -c "\"$B.x.yaml.frr/spine1:/etc/clos/frr:ro\"" "$TMP/$B.x.yaml")" "1"
clos_check_eq "$B: 3 FRR files per switch" "$(ls "$TMP/$B.x.yaml.frr"/*/*.conf | wc -l)" "18"
clos_check_eq "$B: leaf3's bgpd: AS 65103, spines 65000" \
	"$(grep -E '^router bgp|remote-as' "$TMP/$B.x.yaml.frr/leaf3/bgpd.conf" | awk '{print $NF}' | sort -u | tr '\n' ' ')" \
	"65000 65103 "
clos_check "$B: FRR files of the export's export: the same" \
	diff -r -I '^! .* written by clos-topo' "$TMP/$B.x.yaml.frr" "$TMP/$B.y.yaml.frr"
clos_check_eq "$B: to stdout: refused (FRR's files need a place)" \
	"$(topo export --containerlab - examples/$B.yaml 2>&1 >/dev/null)" \
	"Error: a bgp fabric's export writes FRR's files beside it: --containerlab needs a file, not -"
sed 's/clos-routing: bgp/clos-routing: static/' "$TMP/$B.x.yaml" | awk '/clos-routing/ && !done {sub("static", "bgp"); done = 1} 1' \
	>"$TMP/mixed.yaml"
clos_check_eq "switches that disagree on clos-routing: refused" \
	"$(topo show "$TMP/mixed.yaml" 2>&1 >/dev/null | sed 's/(line [0-9]*)/(line N)/')" \
	"Error: $TMP/mixed.yaml:$(grep -n 'clos-routing' "$TMP/mixed.yaml" | sed -n 2p | cut -d: -f1): node 'spine2': label 'clos-routing' is static; the file's routing is bgp (line N)"
clos_check_eq "export to stdout" "$(topo export --containerlab - $FIVE | grep -c 'clos-loader attach')" "10"
clos_check_eq "export needs --containerlab" "$(topo export $FIVE 2>&1)" \
	"Error: export needs --containerlab OUT (the file to write; - for stdout)"

clos_check_eq "nothing was created" "$(ip netns list | grep -c '^clos-\(clab5\|x\|kinds\|four\)-')" "0"

clos_summary clabfiles
