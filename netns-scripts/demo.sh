#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo (step 1): one leaf switch between two hosts, in namespaces
# clos-demo-*. Loads the switch, fills its tables with closctl, pings both
# ways, sends a UDP burst, shows what the switch counted, and tears it all
# down (also on Ctrl-C or failure). Needs root and a built tree.
set -eu

. "$(dirname "$0")/lib.sh"

PREFIX=clos-demo-
SW=demo-leaf
LEAF=${PREFIX}leaf
H1=${PREFIX}h1
H2=${PREFIX}h2
BURST=1000
RECV_PID=

cleanup() {
	set +e
	[ -n "$RECV_PID" ] && kill "$RECV_PID" 2>/dev/null && wait "$RECV_PID" 2>/dev/null
	clos_cleanup_prefix "$PREFIX"
	"$CLOS_LOADER" detach "$SW" >/dev/null 2>&1
	echo
	echo "== torn down: namespaces $PREFIX*, switch $SW and its pins are gone"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step() { printf '\n== %s\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }
ctl() { "$CLOS_CTL" -s "$SW" "$@"; }

# reach NS DST [-6]: one line, "ok" or "FAILED", for the summary.
reach() {
	if ip netns exec "$1" ping ${3:-} -c 2 -i 0.2 -W 2 "$2" >/dev/null 2>&1; then
		printf '  %-4s -> %-16s ok\n' "${1#"$PREFIX"}" "$2"
	else
		printf '  %-4s -> %-16s FAILED\n' "${1#"$PREFIX"}" "$2"
		reach_failed=1
	fi
}

if [ "$(id -u)" -ne 0 ]; then
	echo "Error: the demo needs root (namespaces, XDP)" >&2
	exit 1
fi
for bin in "$CLOS_LOADER" "$CLOS_CTL"; do
	[ -x "$bin" ] || { echo "Error: $bin is missing; run make first" >&2; exit 1; }
done

clos_cleanup_prefix "$PREFIX"

step "Topology: h1 -- eth1 [leaf] eth2 -- h2, namespaces $PREFIX*"
echo "  h1 10.0.1.2/24 2001:db8:1::2/64   leaf eth1 10.0.1.1 2001:db8:1::1"
echo "  h2 10.0.2.2/24 2001:db8:2::2/64   leaf eth2 10.0.2.1 2001:db8:2::1"
echo "  (the leaf's kernel does not forward: only the XDP switch can)"
clos_oneleaf_up "$PREFIX"

step "Load the switch onto the leaf's ports"
run "$CLOS_LOADER" attach "$SW" --netns "$LEAF" --ports eth1,eth2 --role leaf

step "Fill its tables with closctl"
run "$CLOS_CTL" -s "$SW" port set eth1 role host
run "$CLOS_CTL" -s "$SW" port set eth2 role host
run "$CLOS_CTL" -s "$SW" table add nexthop 1 '=>' fwd eth1 "$CLOS_H1_MAC"
run "$CLOS_CTL" -s "$SW" table add nexthop 2 '=>' fwd eth2 "$CLOS_H2_MAC"
run "$CLOS_CTL" -s "$SW" table add route_v4 10.0.1.2/32 '=>' nexthop 1
run "$CLOS_CTL" -s "$SW" table add route_v4 10.0.2.2/32 '=>' nexthop 2
run "$CLOS_CTL" -s "$SW" table add route_v6 2001:db8:1::2/128 '=>' nexthop 1
run "$CLOS_CTL" -s "$SW" table add route_v6 2001:db8:2::2/128 '=>' nexthop 2
run "$CLOS_CTL" -s "$SW" table show route_v4

step "Ping across the switch"
run ip netns exec "$H1" ping -c 3 -i 0.2 10.0.2.2

step "UDP burst: $BURST datagrams h1 -> h2:9999"
ip netns exec "$H2" socat -u UDP4-RECV:9999 OPEN:/dev/null &
RECV_PID=$!
sleep 0.3
ctl counters clear
clos_udp_burst "$H1" 10.0.2.2 9999 $BURST
sleep 0.3
fwd=$(ctl -j stats | jq .stats.forwarded.packets)
echo "  sent $BURST, the switch forwarded $fwd"

step "Summary"
reach_failed=0
echo "Reachability (ping):"
reach "$H1" 10.0.2.2
reach "$H2" 10.0.1.2
reach "$H1" 2001:db8:2::2 -6
reach "$H2" 2001:db8:1::2 -6
reach "$H1" 10.0.1.1
reach "$H1" 2001:db8:1::1 -6
echo
echo "Ports (closctl port show):"
ctl port show
echo
echo "Counters since the burst began (closctl -j stats, non-zero only):"
ctl -j stats | jq -r '
	(.stats | to_entries[] | select(.value.packets > 0) |
	 "  \(.key): \(.value.packets) packets, \(.value.bytes) bytes"),
	(.ports[] | "  port \(.name): rx \(.rx.packets) tx \(.tx.packets) punt \(.punt.packets) drop \(.drop.packets)")'

[ "$reach_failed" -eq 0 ] || { echo "Error: some pings failed" >&2; exit 1; }
