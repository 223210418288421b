#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# A fabric split over two boxes (examples/boxes-2x4.yaml): two underlay
# namespaces joined by a veth (192.0.2.1 and .2) stand in for the boxes,
# and each box's part comes up with
#     clos-topo up FILE --box A --underlay-netns clos-tbox-ul-A    (B alike)
# spine1, leaf1, leaf2, h1, h2 on box A; spine2, leaf3, leaf4, h3, h4 on
# box B; the four links between them are VXLAN tunnels. We check:
#   - bad files and command lines are refused, naming what is wrong;
#   - each box builds only its part: its namespaces, veths, and a vxlan
#     device per tunnel end (its underlay side in the box's underlay
#     namespace, VNI and addresses as planned, MTU 1450, every port too);
#   - static routing, fast mode: ping across the boxes, TTL 64 -> 61 (three
#     routed hops), IPv4 and IPv6, carried over the underlay; 1000 flows
#     spread over spine1 (box A) and spine2 (box B), both directions;
#   - the underlay link down: static routing cannot see it (a vxlan
#     device has no carrier from its peer), so traffic into the tunnels
#     stops: nothing from box A reaches box B, and of h1 -> h2's flows
#     exactly those hashed to spine2 are lost; up again: traffic is back;
#   - queue mode: ping across the boxes, TTL 61;
#   - routing bgp: every session up, across the tunnels too; ping across
#     the boxes; flows over both spines; the underlay link down: BFD drops
#     the tunnels' sessions, box A's racks fail over to spine1 (steady
#     flows h1 -> h2 lose under 1 s) and box B's racks are withdrawn; up
#     again: converged, traffic across the boxes back;
#   - down --box A removes box A's part and leaves box B's; nothing is
#     left after both, also on failure.
set -u

cd "$(dirname "$0")/../.." || exit 1
. netns-scripts/lib.sh

TOPO_BIN=$CLOS_BUILD/clos-topo
FLOWS_BIN=$CLOS_BUILD/clos-flows
TMP=$(mktemp -d /tmp/clos-boxes.XXXXXX)
UL_A=clos-tbox-ul-A
UL_B=clos-tbox-ul-B
BG_PIDS=()
FILE=$TMP/tbox.yaml
QFILE=$TMP/tboxq.yaml
BFILE=$TMP/tboxb.yaml
SFILE=$TMP/tboxs.yaml
sed 's/^name: bx2x4$/name: tbox/' examples/boxes-2x4.yaml >"$FILE"
sed 's/^name: bx2x4$/name: tboxq\nmode: queue/' examples/boxes-2x4.yaml >"$QFILE"
sed 's/^name: bx2x4$/name: tboxb\nrouting: bgp/' examples/boxes-2x4.yaml >"$BFILE"
# Both spines on box A, leaves 3 and 4 on box B: box A's leaves have no
# tunnel port and run native XDP beside spines that run generic.
sed -e 's/^name: bx2x4$/name: tboxs/' -e 's/spine2: {kind: spine, box: B}/spine2: {kind: spine, box: A}/' \
	examples/boxes-2x4.yaml >"$SFILE"

topo() { "$TOPO_BIN" "$@"; }
down_all() {
	local f
	for f in "$FILE" "$QFILE" "$BFILE" "$SFILE"; do
		topo down "$f" --box A >/dev/null 2>&1
		topo down "$f" --box B >/dev/null 2>&1
	done
}
cleanup() {
	clos_stop "${BG_PIDS[@]}"
	down_all
	ip netns del "$UL_A" 2>/dev/null
	ip netns del "$UL_B" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ok() { clos_pass "$1"; }
check() { clos_check_eq "$1" "$3" "$2"; }
check_true() { if eval "$2"; then clos_pass "$1"; else clos_fail "$1"; fi; }
info() { echo "  info  $*"; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
# ns FABRIC NODE
ns() { echo "clos-$1-$2"; }
# ttl61 FABRIC NODE DST [-6]: of 3 echo replies, how many came back with
# TTL 61 (64 less three routed hops: leaf, spine, leaf).
ttl61() {
	ip netns exec "$(ns "$1" "$2")" ping ${4:+"$4"} -c 3 -i 0.2 -W 1 "$3" 2>/dev/null |
		grep -Ec '(ttl|hlim)=61 '
}
# refused TEXT CMD...: CMD fails saying TEXT.
refused() { clos_check_refused "refused: $1" "$@"; }
ul_packets() { ip -n "$1" -j -s link show ul0 | jq '.[0].stats64.tx.packets'; }

# ---- files and command lines ------------------------------------------------

bad() { printf '%s\n' "$2" >"$TMP/$1.yaml"; echo "$TMP/$1.yaml"; }
HEAD='name: bad
boxes:
  A: {address: 192.0.2.1}
  B: {address: 192.0.2.2}
topology:
  nodes:
    s1: {kind: spine, box: A}
    l1: {kind: leaf, box: A}'
refused "bad1.yaml:9: node 'l2': box 'C' is not in 'boxes'" \
	topo show "$(bad bad1 "$HEAD
    l2: {kind: leaf, box: C}
  links: [{endpoints: [l1:e1, s1:e1]}]")"
refused "bad2.yaml:3: box 'A': missing 'address' (its underlay address)" \
	topo show "$(bad bad2 'name: bad
boxes:
  A: {}
topology: {nodes: {l1: {kind: leaf, box: A}}, links: []}')"
refused "bad3.yaml:3: box 'A': 'address' '192.0.2.300' is not an IPv4 or IPv6 address" \
	topo show "$(bad bad3 'name: bad
boxes:
  A: {address: 192.0.2.300}
topology: {nodes: {l1: {kind: leaf, box: A}}, links: []}')"
refused "bad4.yaml:13: duplicate VNI 5000: links at lines 12 and 13 would be one tunnel" \
	topo show "$(bad bad4 "$HEAD
    s2: {kind: spine, box: B}
    l2: {kind: leaf, box: B}
  links:
    - {endpoints: [l1:e1, s2:e1], vni: 5000}
    - {endpoints: [l2:e1, s1:e1], vni: 5000}")"
refused "bad5.yaml:10: link l1 - s1: 'vni', 'udp-port' and 'mtu' are for a link between two boxes" \
	topo show "$(bad bad5 "$HEAD
  links:
    - {endpoints: [l1:e1, s1:e1], vni: 7}")"
refused "bad6.yaml:9: node 'l2' has no 'box'" \
	topo show "$(bad bad6 "$HEAD
    l2: {kind: leaf}
  links: [{endpoints: [l1:e1, s1:e1]}, {endpoints: [l2:e1, s1:e2]}]")"
refused "bad7.yaml:11: 'vni' is 16777216; it must be 1..16777215" \
	topo show "$(bad bad7 "$HEAD
    l2: {kind: leaf, box: B}
  links:
    - {endpoints: [l2:e1, s1:e1], vni: 16777216}")"
refused "bad8.yaml:4: box 'B' has the address of box 'A' (192.0.2.1)" \
	topo show "$(bad bad8 'name: bad
boxes:
  A: {address: 192.0.2.1}
  B: {address: 192.0.2.1}
topology: {nodes: {l1: {kind: leaf, box: A}}, links: []}')"
refused "--box C: $FILE has no box 'C'" topo up "$FILE" --box C
refused "has no 'boxes': --box A names none" topo up examples/fabric-2x4.yaml --box A
refused "--underlay-netns is for a box's part (--box NAME)" \
	topo up "$FILE" --underlay-netns "$UL_A"
refused "--underlay-netns clos-tbox-no-such: no such namespace" \
	topo up "$FILE" --box A --underlay-netns clos-tbox-no-such
check "nothing was made by the refusals" "0" "$(ip netns list | grep -c '^clos-tbox')"

topo -j show "$FILE" >"$TMP/plan.json"
check "the plan: 4 links between the boxes are tunnels" "4" \
	"$(jq '[.nodes[].ports[] | select(.link == "vxlan")] | length / 2' "$TMP/plan.json")"
check "... with 4 distinct VNIs, UDP port 4789, MTU 1450" "4 4789 1450" \
	"$(jq -r '[.nodes[].ports[] | select(.link == "vxlan")] |
		"\(map(.vni) | unique | length) \(map(.udp_port) | unique | join(",")) \(map(.mtu) | unique | join(","))"' \
		"$TMP/plan.json")"

# ---- the two boxes ----------------------------------------------------------

ip netns add "$UL_A" && ip netns add "$UL_B" &&
	ip link add ul0 netns "$UL_A" type veth peer name ul0 netns "$UL_B" &&
	ip -n "$UL_A" addr add 192.0.2.1/24 dev ul0 && ip -n "$UL_B" addr add 192.0.2.2/24 dev ul0 &&
	ip -n "$UL_A" link set ul0 up && ip -n "$UL_B" link set ul0 up ||
	{ clos_fail "underlay namespaces"; summary boxes; }

up_boxes() {
	local f=$1
	check "$2: up --box A" "0" "$(topo up "$f" --box A --underlay-netns "$UL_A" >"$TMP/upA" 2>&1; echo $?)"
	check "$2: up --box B" "0" "$(topo up "$f" --box B --underlay-netns "$UL_B" >"$TMP/upB" 2>&1; echo $?)"
	[ -s "$TMP/upA" ] && info "$(cat "$TMP/upA")"
	[ -s "$TMP/upB" ] && info "$(cat "$TMP/upB")"
}
down_boxes() {
	topo down "$1" --box A >/dev/null 2>&1
	topo down "$1" --box B >/dev/null 2>&1
}

# ---- static, fast mode ------------------------------------------------------

check "box A alone up" "0" "$(topo up "$FILE" --box A --underlay-netns "$UL_A" >/dev/null 2>&1; echo $?)"
check "box A's 5 namespaces, none of box B's" "5 0" \
	"$(ip netns list | grep -cE '^clos-tbox-(spine1|leaf1|leaf2|h1|h2)( |$)') $(ip netns list | grep -cE '^clos-tbox-(spine2|leaf3|leaf4|h3|h4)( |$)')"
check "status --box A: up" "fabric tbox box A: up (5/5 namespaces, 3/3 switches attached)" \
	"$(topo status "$FILE" --box A | tail -n 1)"
refused "fabric 'tbox' is already up" topo up "$FILE" --box A --underlay-netns "$UL_A"
check "box B up" "0" "$(topo up "$FILE" --box B --underlay-netns "$UL_B" >/dev/null 2>&1; echo $?)"
check "status -j --box B: up" "B true" "$(topo -j status "$FILE" --box B | jq -r '"\(.box) \(.up)"')"

vx=$(ip -n "$(ns tbox leaf1)" -d -j link show eth2)
check "leaf1:eth2 is a vxlan device: VNI, local, remote, port, MTU as planned" \
	"$(jq -r '.nodes[] | select(.name == "leaf1") | .ports[] | select(.ifname == "eth2") | "\(.vni) 192.0.2.1 192.0.2.2 4789 1450"' "$TMP/plan.json")" \
	"$(jq -r '.[0] | "\(.linkinfo.info_data.id) \(.linkinfo.info_data.local) \(.linkinfo.info_data.remote) \(.linkinfo.info_data.port) \(.mtu)"' <<<"$vx")"
check "... its underlay side in $UL_A" "link-netns $UL_A" \
	"$(ip -n "$(ns tbox leaf1)" -d link show eth2 | grep -o "link-netns [^ ]*")"
check "leaf1:eth1 (spine1, same box) is a veth" "veth" \
	"$(ip -n "$(ns tbox leaf1)" -d -j link show eth1 | jq -r '.[0].linkinfo.info_kind')"
check "every port at the tunnels' MTU (h1:eth0, spine1:eth1)" "1450 1450" \
	"$(ip -n "$(ns tbox h1)" -j link show eth0 | jq '.[0].mtu') $(ip -n "$(ns tbox spine1)" -j link show eth1 | jq '.[0].mtu')"
modes=$(build/clos-loader -j list 2>/dev/null | jq -r '[.[] | select(.switch | startswith("tbox-")) | .ports[].xdp_mode] | unique | join(",")')
check "fast mode: switches with a tunnel port run generic XDP on every port" "generic" "$modes"

u0=$(ul_packets "$UL_A")
check "ping h1 (box A) -> h3 (box B): 3 of 3 with TTL 61" "3" "$(ttl61 tbox h1 10.1.3.1)"
check_true "... carried over the underlay (ul0 sent $(($(ul_packets "$UL_A") - u0)) packets)" \
	"[ $(($(ul_packets "$UL_A") - u0)) -ge 3 ]"
check "ping h4 (box B) -> h2 (box A): TTL 61" "3" "$(ttl61 tbox h4 10.1.2.1)"
check "ping h1 -> h2 (both on box A): TTL 61" "3" "$(ttl61 tbox h1 10.1.2.1)"
check "ping -6 h1 -> h4: hop limit 61" "3" "$(ttl61 tbox h1 fd00:1:4:1::2 -6)"
trace=$(ip netns exec "$(ns tbox h1)" traceroute -n -q 1 -w 1 10.1.3.1 2>/dev/null | awk 'NR > 1 {print $2}' | tr '\n' ' ')
check_true "traceroute h1 -> h3: leaf1, a spine, leaf3, h3 ($trace)" \
	"[[ '$trace' =~ ^10\\.1\\.1\\.0\ 10\\.255\\.1\\.[02]\ 10\\.255\\.3\\.[13]\ 10\\.1\\.3\\.1\ $ ]]"

# 1000 flows each way; 99.9% binomial bound of n=1000, p=.5: 500 +- 3.29 sd.
read -r lo hi <<<"$(awk 'BEGIN {sd = sqrt(1000 * .25); printf "%d %d\n", 500 - 3.29 * sd, 500 + 3.29 * sd + 1}')"
spread() {	# FABRIC SRC DST-HOST DST-IP NAME
	"$FLOWS_BIN" recv --netns "$(ns "$1" "$3")" --seconds 60 >/dev/null 2>&1 &
	BG_PIDS+=($!)
	sleep 0.3
	"$FLOWS_BIN" paths --netns "$(ns "$1" "$2")" --dst "$4" --flows 1000 \
		--via "$1-spine1,$1-spine2" >"$TMP/$5.json"
	kill "${BG_PIDS[-1]}" 2>/dev/null
	local s1 s2
	s1=$(jq ".per_switch[\"$1-spine1\"]" "$TMP/$5.json")
	s2=$(jq ".per_switch[\"$1-spine2\"]" "$TMP/$5.json")
	check "$5: 1000 flows $2 -> $3, every one seen on one spine" "0 0" \
		"$(jq -r '"\(.unseen) \([.flows[] | select(has("also_via"))] | length)"' "$TMP/$5.json")"
	check_true "$5: spine1 (box A) $s1, spine2 (box B) $s2, each within [$lo, $hi]" \
		"[ $s1 -ge $lo ] && [ $s1 -le $hi ] && [ $s2 -ge $lo ] && [ $s2 -le $hi ]"
}
spread tbox h1 h3 10.1.3.1 "flows A->B"
spread tbox h4 h2 10.1.2.1 "flows B->A"
spread tbox h1 h2 10.1.2.1 "flows A->A"

# The underlay link down. A vxlan device keeps its carrier (it cannot
# know its peer is gone), and static routing has nothing else: the
# tunnels turn into black holes.
send_recv() {	# FABRIC SRC DST-HOST DST-IP NAME SECONDS
	"$FLOWS_BIN" recv --netns "$(ns "$1" "$3")" --seconds "$(($6 + 2))" >"$TMP/$5.recv.json" 2>/dev/null &
	local r=$!
	BG_PIDS+=("$r")
	sleep 0.3
	"$FLOWS_BIN" send --netns "$(ns "$1" "$2")" --dst "$4" --flows 100 --pps 1000 \
		--seconds "$6" >"$TMP/$5.send.json"
	wait "$r"
}
ip -n "$UL_A" link set ul0 down
send_recv tbox h1 h3 10.1.3.1 sA3 2
check "underlay down, static: h1 -> h3 (across): 0 packets arrive of $(jq .sent "$TMP/sA3.send.json")" \
	"0" "$(jq .packets "$TMP/sA3.recv.json")"
send_recv tbox h1 h2 10.1.2.1 sA2 2
via1=$(jq '[.flows[:100][] | select(.via == "tbox-spine1")] | length' "$TMP/flows A->A.json")
check "underlay down, static: of h1 -> h2's 100 flows exactly those hashed to spine1 arrive" \
	"$via1" "$(jq .flows_seen "$TMP/sA2.recv.json")"
info "static: underlay down: h1 -> h3 $(jq .packets "$TMP/sA3.recv.json") of $(jq .sent "$TMP/sA3.send.json") arrived; h1 -> h2 $(jq .flows_seen "$TMP/sA2.recv.json") of 100 flows (spine1's), $(jq .packets "$TMP/sA2.recv.json") of $(jq .sent "$TMP/sA2.send.json") packets"
ip -n "$UL_A" link set ul0 up
sleep 0.5
send_recv tbox h1 h3 10.1.3.1 sA3up 2
check "underlay up again: h1 -> h3 all 100 flows, nothing lost" "100 0" \
	"$(jq -r '"\(.flows_seen) \(.lost)"' "$TMP/sA3up.recv.json")"

check "down --box A" "0" "$(topo down "$FILE" --box A >/dev/null 2>&1; echo $?)"
check "box A's namespaces gone, box B's 5 still there" "0 5" \
	"$(ip netns list | grep -cE '^clos-tbox-(spine1|leaf1|leaf2|h1|h2)( |$)') $(ip netns list | grep -cE '^clos-tbox-(spine2|leaf3|leaf4|h3|h4)( |$)')"
check "box B's switches still attached" "3" \
	"$(build/clos-loader -j list 2>/dev/null | jq '[.[] | select(.switch | startswith("tbox-"))] | length')"
check "no vxlan device left in $UL_A" "0" "$(ip -n "$UL_A" -d -j link show type vxlan | jq length)"
topo down "$FILE" --box B >/dev/null 2>&1
check "down --box B: no namespace, pin, watcher or run file of the fabric" "0 0 0 0" \
	"$(ip netns list | grep -cE '^clos-tbox-[a-z0-9]+( |$)') $(ls /sys/fs/bpf/clos 2>/dev/null | grep -c '^tbox-') $(pgrep -f 'clos-loader watch.*tbox\.' | wc -l) $(ls /run/clos 2>/dev/null | grep -c '^tbox\.')"

# ---- queue mode -------------------------------------------------------------

up_boxes "$QFILE" "queue mode"
check "queue mode: every switch attached in queue mode" "6" \
	"$(build/clos-loader -j list 2>/dev/null | jq '[.[] | select((.switch | startswith("tboxq-")) and .mode == "queue")] | length')"
check "queue mode: ping h1 -> h3 across the boxes: TTL 61" "3" "$(ttl61 tboxq h1 10.1.3.1)"
check "queue mode: ping h3 -> h2: TTL 61" "3" "$(ttl61 tboxq h3 10.1.2.1)"
spread tboxq h1 h3 10.1.3.1 "queue flows A->B"
check "down without --box: both boxes' parts (on this machine) go" "0" \
	"$(topo down "$QFILE" >/dev/null 2>&1; echo $?)"
check "... no namespace, pin, watcher or run file of the fabric" "0 0 0 0" \
	"$(ip netns list | grep -cE '^clos-tboxq-') $(ls /sys/fs/bpf/clos 2>/dev/null | grep -c '^tboxq-') $(pgrep -f 'clos-loader watch.*tboxq\.' | wc -l) $(ls /run/clos 2>/dev/null | grep -c '^tboxq\.')"

# ---- both spines on box A -----------------------------------------------------

up_boxes "$SFILE" "spines on A"
xdp_of() {	# SWITCH PORT: its XDP mode
	build/clos-loader -j list 2>/dev/null | jq -r --arg s "tboxs-$1" --arg p "$2" \
		'.[] | select(.switch == $s) | .ports[] | select(.name == $p) | .xdp_mode'
}
check "spines on A: leaf1 (no tunnel) native, spine1 and leaf3 (tunnels) generic" \
	"native generic generic" "$(xdp_of leaf1 eth1) $(xdp_of spine1 eth1) $(xdp_of leaf3 eth1)"
check "spines on A: GRO on at spine1:eth1, which takes leaf1's native redirects" "on" \
	"$(ip netns exec "$(ns tboxs spine1)" ethtool -k eth1 | awk '$1 == "generic-receive-offload:" {print $2}')"
check "spines on A: ping h1 -> h2 (box A, native leaves, generic spines): TTL 61" "3" "$(ttl61 tboxs h1 10.1.2.1)"
check "spines on A: ping h1 -> h3 (across): TTL 61" "3" "$(ttl61 tboxs h1 10.1.3.1)"
check "spines on A: ping h3 -> h4 (box B, through box A twice): TTL 61" "3" "$(ttl61 tboxs h3 10.1.4.1)"
down_boxes "$SFILE"

# ---- routing bgp ------------------------------------------------------------

converged() {
	[ "$(topo -j status "$BFILE" --box A | jq -r .converged)" = true ] &&
		[ "$(topo -j status "$BFILE" --box B | jq -r .converged)" = true ]
}
# nexthops NODE PREFIX: how many gateways NODE's kernel has for PREFIX.
nexthops() {
	ip -n "$(ns tboxb "$1")" -j route show "$2" | jq '.[0] | if . == null then 0
		elif .nexthops then (.nexthops | length) else 1 end'
}
wait_s() {	# BOUND_S CMD...: poll; prints the ms it took, or -1
	local t0 bound=$(($1 * 1000)); shift
	t0=$(now_ms)
	while ! "$@"; do
		[ $(($(now_ms) - t0)) -gt "$bound" ] && { echo -1; return 1; }
		sleep 0.1
	done
	echo $(($(now_ms) - t0))
}
# ... and every leaf's kernel has the other box's racks over both spines.
converged_fib() {
	converged && [ "$(nexthops leaf1 10.1.3.0/24)" = 2 ] && [ "$(nexthops leaf2 10.1.4.0/24)" = 2 ] &&
		[ "$(nexthops leaf3 10.1.1.0/24)" = 2 ] && [ "$(nexthops leaf4 10.1.2.0/24)" = 2 ]
}
up_boxes "$BFILE" "bgp"
ms=$(wait_s 40 converged_fib)
check_true "bgp: both boxes converged, every session and BFD up ($ms ms)" "[ $ms -ge 0 ]"
check "bgp: sessions per box, established (A, B: 2 per tunnel or veth link, x2 ends)" "16 16 16 16" \
	"$(for b in A B; do topo -j status "$BFILE" --box $b | jq -r '"\(.sessions) \(.established)"'; done | tr '\n' ' ' | sed 's/ $//')"
check "bgp: leaf1 reaches rack 3 over both spines (one across the tunnel)" "2" "$(nexthops leaf1 10.1.3.0/24)"
check "bgp: ping h1 -> h3 across the boxes: TTL 61" "3" "$(ttl61 tboxb h1 10.1.3.1)"
check "bgp: ping -6 h3 -> h1: hop limit 61" "3" "$(ttl61 tboxb h3 fd00:1:1:1::2 -6)"
spread tboxb h1 h3 10.1.3.1 "bgp flows A->B"

# Steady flows h1 -> h2 (box A) and h1 -> h3 (across) while the underlay
# fails: BFD (3 x 100 ms) drops every session over a tunnel.
"$FLOWS_BIN" recv --netns "$(ns tboxb h2)" --seconds 9 >"$TMP/b2.recv.json" 2>/dev/null &
r2=$!
"$FLOWS_BIN" recv --netns "$(ns tboxb h3)" --port 7001 --seconds 9 >"$TMP/b3.recv.json" 2>/dev/null &
r3=$!
BG_PIDS+=("$r2" "$r3")
sleep 0.3
"$FLOWS_BIN" send --netns "$(ns tboxb h1)" --dst 10.1.2.1 --flows 20 --pps 2000 --seconds 6 \
	>"$TMP/b2.send.json" &
s2=$!
"$FLOWS_BIN" send --netns "$(ns tboxb h1)" --dst 10.1.3.1 --port 7001 --flows 20 --pps 1000 \
	--seconds 6 >"$TMP/b3.send.json" &
s3=$!
BG_PIDS+=("$s2" "$s3")
sleep 2
ip -n "$UL_A" link set ul0 down
ms=$(wait_s 5 bash -c "[ \"\$(ip -n $(ns tboxb leaf1) -j route show 10.1.3.0/24 | jq length)\" = 0 ]")
check_true "bgp: underlay down: leaf1 withdraws rack 3 (box B) within 2 s ($ms ms)" "[ $ms -ge 0 ] && [ $ms -lt 2000 ]"
check "bgp: ... and reaches rack 2 (box A) over spine1 alone" "1" "$(nexthops leaf1 10.1.2.0/24)"
wait "$s2" "$s3" "$r2" "$r3"
gap=$(jq .max_gap_ms "$TMP/b2.recv.json")
check "bgp: underlay down: h1 -> h2 failed over: every flow went on" "20" "$(jq .flows_seen "$TMP/b2.recv.json")"
check_true "bgp: ... longest silence of a flow $gap ms < 1000 ms ($(jq .lost "$TMP/b2.recv.json") lost of $(jq .sent "$TMP/b2.send.json"))" \
	"[ \"\$(jq '.max_gap_ms < 1000' $TMP/b2.recv.json)\" = true ]"
got3=$(jq .packets "$TMP/b3.recv.json")
sent3=$(jq .sent "$TMP/b3.send.json")
check_true "bgp: h1 -> h3 (across) stopped: $got3 of $sent3 arrived, at most the 2.x s before the failure" \
	"[ $got3 -le $((1000 * 3)) ] && [ $got3 -ge 1000 ]"
info "bgp: underlay down: h1 -> h2 lost $(jq .lost "$TMP/b2.recv.json") (longest flow silence $gap ms); h1 -> h3 $got3 of $sent3"
ip -n "$UL_A" link set ul0 up
ms=$(wait_s 40 converged_fib)
check_true "bgp: underlay up: converged again, routes across the boxes back ($ms ms)" "[ $ms -ge 0 ]"
check "bgp: leaf1 reaches rack 3 over both spines again" "2" "$(nexthops leaf1 10.1.3.0/24)"
check "bgp: ping h1 -> h3 back: TTL 61" "3" "$(ttl61 tboxb h1 10.1.3.1)"
spread tboxb h1 h3 10.1.3.1 "bgp flows A->B after"
down_boxes "$BFILE"
check "bgp: down: no daemon, namespace or run file left" "0 0 0" \
	"$(pgrep -f '/run/clos/tboxb\.bgp' | wc -l) $(ip netns list | grep -c '^clos-tboxb-') $(ls /run/clos 2>/dev/null | grep -c '^tboxb\.')"

clos_stop "${BG_PIDS[@]}"
BG_PIDS=()
clos_summary boxes
