#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# A containerlab 5-stage Clos, brought up by clos-topo as the file stands
# (examples/clab-5stage.yaml: 2 pods x (2 leaves, 2 spines) + 2 superspines,
# one host per leaf) in namespaces clos-tclab5-*, static routing, then BGP:
#   - every host reaches every other, IPv4 and IPv6;
#   - the TTL proves the hops: 64 arrives as 59 across pods (leaf, spine,
#     superspine, spine, leaf) and as 61 within one (leaf, spine, leaf);
#   - 1000 UDP flows from pod 1 to pod 2 spread over pod 1's spines, over
#     the superspines and over pod 2's spines, each within the 99.9%
#     binomial bound of 50%; each flow on one switch of a tier;
#   - the export of the file brought up by clos-topo installs the same
#     tables (the round trip, on the switches);
#   - routing bgp (--routing bgp, the file says none): RFC 7938's ASNs for
#     three tiers, every session established, the same pings and TTLs, flows
#     spread over both tiers above the leaves;
#   - down leaves no namespace, pin, daemon or file.
set -u

cd "$(dirname "$0")/../.."
. netns-scripts/lib.sh

FABRIC=tclab5
clos_fabric_test clab five.yaml export.yaml
CONVERGE_S=40

sed "s/^name: clab5$/name: $FABRIC/" examples/clab-5stage.yaml >"$TOPO"

topo() { "$TOPO_BIN" "$@"; }

check() { clos_check_eq "$1" "$3" "$2"; }
check_true() { if eval "$2"; then clos_pass "$1"; else clos_fail "$1"; fi; }
info() { echo "  info  $*"; }
ns() { echo "clos-$FABRIC-$1"; }
hx() { local node=$1; shift; ip netns exec "$(ns "$node")" "$@"; }
addr() {
	jq -r --arg n "$1" --arg f "$2" \
		'.nodes[] | select(.name == $n) | .ports[0] | .[$f] | sub("/.*"; "")' "$TMP/plan.json"
}
HOSTS="h1 h2 h3 h4"
pod() { case $1 in h1 | h2) echo 1 ;; *) echo 2 ;; esac; }

# reach WHAT: all pairs of hosts, IPv4 and IPv6; the reply's TTL is 64
# less the switches on the way back (5 across pods, 3 within one).
reach() {
	local a b fam pings=0 good=0 ttl_ok=0 want out
	for a in $HOSTS; do
		for b in $HOSTS; do
			[ "$a" = "$b" ] && continue
			[ "$(pod "$a")" = "$(pod "$b")" ] && want=61 || want=59
			for fam in ipv4 ipv6; do
				pings=$((pings + 1))
				# The first ping of a pair may wait for ARP/ND: allow 3.
				out=$(hx "$a" ping -c 3 -i 0.2 -W 1 "$(addr "$b" "$fam")" 2>&1) &&
					good=$((good + 1))
				# IPv4 says ttl=, IPv6 hlim= (older iputils: ttl=).
				echo "$out" | grep -Eq "(ttl|hlim)=$want " && ttl_ok=$((ttl_ok + 1))
			done
		done
	done
	check "$1: all 12 pairs of hosts ping, IPv4 and IPv6" "$pings" "$good"
	check "$1: replies arrive with TTL 59 across pods, 61 within (all $pings pairs)" "$pings" "$ttl_ok"
}

# spread WHAT SW1,SW2: 1000 flows h1 -> h3 over the two switches of a tier.
spread() {
	local out=$TMP/paths.$RANDOM.json shares s lo hi
	"$FLOWS_BIN" paths --netns "$(ns h1)" --dst "$(addr h3 ipv4)" --flows 1000 --via "$2" >"$out"
	check "$1: every flow seen on one of $2" "0" "$(jq .unseen "$out")"
	check "$1: no flow seen on two of them" "0" "$(jq '[.flows[] | select(has("also_via"))] | length' "$out")"
	# 99.9% two-sided binomial bound of n=1000, p=0.5: 500 +- 3.29*sqrt(250).
	read -r lo hi <<<"$(awk 'BEGIN {sd = sqrt(250); printf "%d %d\n", 500 - 3.29 * sd, 500 + 3.29 * sd + 1}')"
	shares=$(jq -r '[.per_switch[]] | join(" ")' "$out")
	check "$1: both switches carry flows" "2" "$(jq '[.per_switch[] | select(. > 0)] | length' "$out")"
	for s in $shares; do
		check_true "$1: share $s within [$lo, $hi] of 1000" "[ $s -ge $lo ] && [ $s -le $hi ]"
	done
	info "$1: 1000 flows over $2: $shares"
}

flows_check() {
	# A listener, so h3 sends no ICMP unreachables back.
	"$FLOWS_BIN" recv --netns "$(ns h3)" --seconds 60 >/dev/null 2>&1 &
	BG_PIDS+=($!)
	sleep 0.5
	spread "$1: pod 1's spines" "$FABRIC-spine1,$FABRIC-spine2"
	spread "$1: superspines" "$FABRIC-super1,$FABRIC-super2"
	spread "$1: pod 2's spines" "$FABRIC-spine3,$FABRIC-spine4"
	clos_stop "${BG_PIDS[@]}"
	BG_PIDS=()
}

# tables SWITCH: its routes and groups as closctl lists them, sorted.
tables() {
	{ "$CLOS_CTL" -s "$FABRIC-$1" table show route_v4; "$CLOS_CTL" -s "$FABRIC-$1" table show route_v6
	  "$CLOS_CTL" -s "$FABRIC-$1" table show nexthop; "$CLOS_CTL" -s "$FABRIC-$1" -j group show |
		jq -c '[.[] | {id, members: [.members[] | .nexthop]}]'; } 2>&1 | sort
}
SWITCHES="super1 super2 spine1 spine2 spine3 spine4 leaf1 leaf2 leaf3 leaf4"

down_clean() {
	topo down "$1" >/dev/null 2>&1
	check "$2: no namespace left" "0" "$(ip netns list | grep -c "^clos-$FABRIC-")"
	check "$2: no pins left" "0" "$(ls /sys/fs/bpf/clos 2>/dev/null | grep -c "^$FABRIC-")"
	check "$2: no run files left" "0" "$(ls /run/clos 2>/dev/null | grep -c "^$FABRIC\.")"
}

# ---- static -----------------------------------------------------------------

clos_fabric_up clab "clos-topo up takes the containerlab file"
check "status: up" "true" "$(topo -j status "$TOPO" | jq -r .up)"
check "10 switches attached, one per namespace" "10" \
	"$(for s in $SWITCHES; do "$CLOS_CTL" -s "$FABRIC-$s" -j stats >/dev/null 2>&1 && echo; done | wc -l)"
check "super1's ports keep the file's names" "e1-1 e1-2 e1-3 e1-4" \
	"$(ip -n "$(ns super1)" -o link show | awk -F': ' '{sub("@.*", "", $2); print $2}' | grep '^e1-' | sort | tr '\n' ' ' | sed 's/ $//')"
reach static
flows_check static
for s in $SWITCHES; do tables "$s" >"$TMP/tables.$s"; done
down_clean "$TOPO" "static"

# The export, brought up by clos-topo: the same tables on every switch.
topo export --containerlab "$TMP/export.yaml" "$TOPO" >/dev/null
if topo up "$TMP/export.yaml" >"$TMP/up2.log" 2>&1; then
	clos_pass "clos-topo up takes its own export"
else
	clos_fail "clos-topo up of the export: $(cat "$TMP/up2.log")"
fi
same=0
for s in $SWITCHES; do
	tables "$s" | diff -q - "$TMP/tables.$s" >/dev/null && same=$((same + 1))
done
check "the export installs the same routes, nexthops and groups on all 10 switches" "10" "$same"
check "h1 -> h4 across pods through the export: TTL 59" "1" \
	"$(hx h1 ping -c 3 -i 0.2 -W 1 "$(addr h4 ipv4)" | grep -c 'ttl=59' | awk '{print ($1 == 3)}')"
down_clean "$TMP/export.yaml" "export"

# ---- bgp ----------------------------------------------------------------------

if [ ! -x /usr/lib/frr/bgpd ]; then
	clos_fail "routing bgp: FRR is not installed (apt-get install frr)"
	clos_summary clab
	exit 1
fi
topo --routing bgp -j show "$TOPO" >"$TMP/plan.json"
check "bgp: ASNs per RFC 7938 for three tiers" \
	"super1=65000 super2=65000 spine1=65001 spine2=65001 spine3=65002 spine4=65002 leaf1=65101 leaf2=65102 leaf3=65103 leaf4=65104" \
	"$(jq -r '[.nodes[] | select(.asn) | "\(.name)=\(.asn)"] | join(" ")' "$TMP/plan.json")"
t0=$(date +%s%N)
if topo --routing bgp up "$TOPO" >"$TMP/up3.log" 2>&1; then
	clos_pass "clos-topo --routing bgp up takes the containerlab file"
else
	clos_fail "clos-topo --routing bgp up: $(cat "$TMP/up3.log")"
	clos_summary clab
	exit 1
fi
converged=false
for i in $(seq $((CONVERGE_S * 5))); do
	converged=$(topo --routing bgp -j status "$TOPO" | jq -r .converged)
	[ "$converged" = true ] && break
	sleep 0.2
done
check "bgp: converged within $CONVERGE_S s" "true" "$converged"
info "bgp: converged $(( ($(date +%s%N) - t0) / 1000000 )) ms after up started"
topo --routing bgp -j status "$TOPO" >"$TMP/status.json"
# 16 fabric links (8 leaf-spine, 8 spine-superspine), IPv4 and IPv6 each.
check "bgp: 32 sessions per side, all established, BFD up" "64 64 64" \
	"$(jq -r '"\(.sessions) \(.established) \(.bfd_up)"' "$TMP/status.json")"
check "bgp: leaf1's kernel reaches rack 3 over both pod-1 spines" "2" \
	"$(ip -n "$(ns leaf1)" route show 10.1.3.0/24 | grep -c 'nexthop via')"
check "bgp: super1's kernel reaches rack 3 over both pod-2 spines" "2" \
	"$(ip -n "$(ns super1)" route show 10.1.3.0/24 | grep -c 'nexthop via')"
check "bgp: AS path of rack 3 at leaf1: pod 1, superspines, pod 2, leaf3" "65001 65000 65002 65103" \
	"$(ip netns exec "$(ns leaf1)" vtysh -N "$(ns leaf1)" -c 'show bgp ipv4 unicast 10.1.3.0/24 json' 2>/dev/null |
		jq -r '.paths[0].aspath.string' 2>/dev/null)"
reach bgp
flows_check bgp
down_clean "$TOPO" "bgp"
check "bgp: no FRR daemon left" "0" "$(pgrep -f "clos-$FABRIC-" | wc -l)"

clos_summary clab
