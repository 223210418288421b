#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo: bring up examples/fabric-2x4.yaml (2 spines, 4 leaves, 2 hosts
# per leaf) with clos-topo, show that racks reach each other over the eBPF
# switches (ping, traceroute, an iperf3 TCP run, 1000 UDP flows spread over
# the spines), print a short summary, and tear it all down -- also on
# Ctrl-C or failure. Needs root and a built tree (make demo does both).
set -u

. "$(dirname "$0")/lib.sh"

TOPO=${1:-$CLOS_ROOT/examples/fabric-2x4.yaml}
TOPO_BIN=$CLOS_BUILD/clos-topo
FLOWS_BIN=$CLOS_BUILD/clos-flows
TMP=$(mktemp -d /tmp/clos-demo.XXXXXX)
BG_PIDS=()
status=0

cleanup() {
	clos_stop "${BG_PIDS[@]}"
	"$TOPO_BIN" down "$TOPO" >/dev/null 2>&1
	rm -rf "$TMP"
	echo
	echo "== torn down: $("$TOPO_BIN" status "$TOPO" | tail -n 1)"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step() { printf '\n== %s\n' "$*"; }
hx() { local n=$1; shift; "$TOPO_BIN" exec "$TOPO" "$n" -- "$@"; }
plan() { jq -r "$1" "$TMP/plan.json"; }
addr() {
	plan ".nodes[] | select(.name == \"$1\") | .ports[0].$2 | sub(\"/.*\"; \"\")"
}

if [ "$(id -u)" -ne 0 ]; then
	echo "Error: the demo needs root (namespaces, XDP)" >&2
	exit 1
fi
for bin in "$TOPO_BIN" "$FLOWS_BIN" "$CLOS_CTL" "$CLOS_LOADER"; do
	[ -x "$bin" ] || { echo "Error: $bin is missing; run make first" >&2; exit 1; }
done

"$TOPO_BIN" -j show "$TOPO" >"$TMP/plan.json" || exit 1
FABRIC=$(plan .fabric)
SPINES=$(plan '[.nodes[] | select(.kind == "spine") | .switch] | join(",")')
NSPINES=$(plan '[.nodes[] | select(.kind == "spine")] | length')
LEAVES=$(plan '[.nodes[] | select(.kind == "leaf") | .name] | join(" ")')
HOSTS=$(plan '[.nodes[] | select(.kind == "host") | .name] | join(" ")')
"$TOPO_BIN" down "$TOPO" >/dev/null 2>&1	# leftovers of an interrupted run

step "clos-topo up $TOPO"
"$TOPO_BIN" up "$TOPO" || exit 1
"$TOPO_BIN" status "$TOPO" | tail -n 1

step "reachability: every host pings one host of every other rack (IPv4 and IPv6)"
pairs=0 good=0
for a in $HOSTS; do
	ra=$(plan ".nodes[] | select(.name == \"$a\") | .rack")
	for b in $HOSTS; do
		rb=$(plan ".nodes[] | select(.name == \"$b\") | .rack")
		# one peer per other rack: the first host of that rack
		[ "$ra" = "$rb" ] && continue
		[ "${b##*-}" = "1" ] || continue
		for fam in ipv4 ipv6; do
			pairs=$((pairs + 1))
			if hx "$a" ping -c 2 -i 0.2 -W 1 "$(addr "$b" "$fam")" >/dev/null 2>&1; then
				good=$((good + 1))
			else
				echo "  $a -> $b ($fam) FAILED"
			fi
		done
	done
done
echo "  $good of $pairs pings answered"
[ "$good" -eq "$pairs" ] || status=1

FIRST=$(echo "$HOSTS" | awk '{print $1}')
LAST=$(echo "$HOSTS" | awk '{print $NF}')
DST=$(addr "$LAST" ipv4)

step "traceroute from $FIRST to $LAST ($DST): leaf, spine, leaf, host"
hx "$FIRST" traceroute -n -q 1 -w 1 -m 6 "$DST"

step "iperf3: TCP for 3 s from $FIRST to $LAST across the fabric"
hx "$LAST" iperf3 -s -1 -p 5201 >/dev/null 2>&1 &
BG_PIDS+=($!)
sleep 0.5
if hx "$FIRST" iperf3 -c "$DST" -p 5201 -t 3 -J >"$TMP/iperf.json" 2>/dev/null; then
	jq -r '"  \(.end.sum_received.bits_per_second / 1e9 * 100 | floor / 100) Gbit/s received, \(.end.sum_sent.retransmits) retransmits"' "$TMP/iperf.json"
else
	echo "  iperf3 FAILED"
	status=1
fi

step "ECMP: 1000 UDP flows from $FIRST to $LAST, which spine carries each"
"$FLOWS_BIN" recv --netns "clos-$FABRIC-$LAST" --seconds 30 >/dev/null 2>&1 &
BG_PIDS+=($!)
sleep 0.3
"$FLOWS_BIN" paths --netns "clos-$FABRIC-$FIRST" --dst "$DST" --flows 1000 \
	--via "$SPINES" >"$TMP/paths.json" || status=1
jq -r --argjson n "$NSPINES" '.per_switch | to_entries[] |
	"  \(.key)  \(.value) flows  (\(.value / 10)%, ideal \(1000 / $n / 10)%)"' "$TMP/paths.json"
echo "  flows seen on no spine: $(jq .unseen "$TMP/paths.json"), on two: $(jq '[.flows[] | select(has("also_via"))] | length' "$TMP/paths.json")"

step "what the switches counted"
printf '  %-14s %12s %12s %10s %10s\n' switch forwarded "of which ECMP" punted dropped
for sw in $(plan '.nodes[] | select(.switch) | .switch'); do
	"$CLOS_CTL" -s "$sw" -j stats | jq -r --arg sw "$sw" '
		([.stats | to_entries[] | select(.key | startswith("punt_")) | .value.packets] | add) as $p |
		([.stats | to_entries[] | select(.key | startswith("drop_")) | .value.packets] | add) as $d |
		"\($sw)\t\(.stats.forwarded.packets)\t\(.stats.forwarded_ecmp.packets)\t\($p)\t\($d)"' |
		awk -F'\t' '{printf "  %-14s %12s %12s %10s %10s\n", $1, $2, $3, $4, $5}'
done
echo
echo "  leaf1's uplink group (closctl -s $FABRIC-leaf1 group show):"
"$CLOS_CTL" -s "$FABRIC-leaf1" group show | sed 's/^/  /'

step "summary"
echo "  fabric $FABRIC: $(echo $LEAVES | wc -w) leaves, $NSPINES spines, $(echo $HOSTS | wc -w) hosts"
echo "  reachability: $good/$pairs pings; per-spine share: $(jq -r '[.per_switch[]] | map(tostring) | join(" / ")' "$TMP/paths.json") of 1000 flows"
[ "$status" -eq 0 ] && echo "  demo OK" || echo "  demo FAILED"
exit "$status"
