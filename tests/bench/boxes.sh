#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench, section 8: the forwarding rate of a fabric split over two
# boxes (every path crosses one VXLAN tunnel) against the same fabric on
# one box. examples/boxes-2x4.yaml, h1 (box A) -> h3 (box B), 64-byte UDP
# frames from clos-bench's XDP generator, counted by its sink; two underlay
# namespaces joined by a veth stand in for the boxes. Windows:
#   one-box        clos-topo up FILE: every link a veth, native XDP
#   boxes-fast     --box A, --box B: fast mode; a switch with a tunnel
#                  port runs generic XDP on all ports (clos-loader auto)
#   boxes-queue    the same file in queue mode: TC programs, no XDP
# Prints one JSON document: every window and the medians per kind.
# Knobs: BENCH_ROUNDS (default 3), BENCH_WINDOW (seconds, default 3).
# Needs root; removes everything it made on exit.
set -u

BENCH_NAME="bench boxes"
# shellcheck source=tests/bench/lib.sh
. "$(dirname "$0")/lib.sh"

FILE=examples/boxes-2x4.yaml
ROUNDS=${BENCH_ROUNDS:-3}
WINDOW=${BENCH_WINDOW:-3}
UL_A=clos-underlay-A
UL_B=clos-underlay-B

bench_require "make bench" "$BENCH" "$TOPO"
RAW=$(mktemp -d /tmp/clos-bench-boxes.XXXXXX)
QFILE=$RAW/boxes-2x4-queue.yaml
# The same fabric, every switch in queue mode.
sed 's/^name: bx2x4$/name: bx2x4\nmode: queue/' "$FILE" >"$QFILE"

down_all() {
	local f

	for f in "$FILE" "$QFILE"; do
		"$TOPO" down "$f" --box A >/dev/null 2>&1
		"$TOPO" down "$f" --box B >/dev/null 2>&1
		"$TOPO" down "$f" >/dev/null 2>&1
	done
}
cleanup() {
	down_all
	ip netns del "$UL_A" 2>/dev/null
	ip netns del "$UL_B" 2>/dev/null
	clos_cleanup_prefix clos-bx2x4- >/dev/null 2>&1
	rm -rf "$RAW"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

underlay() {
	ip netns add "$UL_A" && ip netns add "$UL_B" &&
		ip link add ul0 netns "$UL_A" type veth peer name ul0 netns "$UL_B" &&
		ip -n "$UL_A" addr add 192.0.2.1/24 dev ul0 &&
		ip -n "$UL_B" addr add 192.0.2.2/24 dev ul0 &&
		ip -n "$UL_A" link set ul0 up && ip -n "$UL_B" link set ul0 up
}
underlay || die "cannot make the underlay namespaces"

PLAN=$RAW/plan.json
"$TOPO" -j show "$FILE" >"$PLAN" || die "clos-topo show failed"
port() { jq -r --arg n "$1" --arg p "$2" ".nodes[] | select(.name == \$n) | .ports[] | select(.ifname == \$p) | .$3" "$PLAN"; }
H1_MAC=$(port h1 eth0 mac)
LEAF1_MAC=$(port leaf1 eth3 mac)

# Ports unshaped, as section 1 does: forwarding is measured, not HTB.
unshape() {
	local sw p

	for sw in bx2x4-spine1 bx2x4-spine2 bx2x4-leaf1 bx2x4-leaf2 bx2x4-leaf3 bx2x4-leaf4; do
		for p in $(build/closctl -s "$sw" -j port show | jq -r '.[].name'); do
			build/closctl -s "$sw" port set "$p" rate 0 >/dev/null || return 1
		done
	done
}

# window KIND ROUND
window() {
	local kind=$1 round=$2 f=$FILE

	case $kind in
	one-box) "$TOPO" up "$f" >/dev/null || die "up $f failed" ;;
	boxes-*)
		[ "$kind" = boxes-queue ] && f=$QFILE
		"$TOPO" up "$f" --box A --underlay-netns "$UL_A" >/dev/null &&
			"$TOPO" up "$f" --box B --underlay-netns "$UL_B" >/dev/null ||
			die "up $f --box A/B failed"
		;;
	esac
	unshape || die "cannot unshape the ports"
	# A leaf port without native XDP takes the generator's XDP_TX
	# frames only with NAPI (GRO) on.
	[ "$kind" = one-box ] ||
		ip netns exec clos-bx2x4-leaf1 ethtool -K eth3 gro on >/dev/null
	"$BENCH" rate --label "$kind" --tx-netns clos-bx2x4-h1 --tx-dev eth0 \
		--smac "$H1_MAC" --dmac "$LEAF1_MAC" --src 10.1.1.1 --dst 10.1.3.1 \
		--rx-netns clos-bx2x4-h3 --rx-dev eth0 --ttl 61 \
		--seconds "$WINDOW" --warmup 1 >"$RAW/w-$kind-$round.json" ||
		die "the $kind window failed"
	down_all
	jq -c --argjson r "$round" '. + {round: $r}' "$RAW/w-$kind-$round.json" >&2
}

kinds=(one-box boxes-fast boxes-queue)
for r in $(seq 1 "$ROUNDS"); do
	for i in 0 1 2; do
		window "${kinds[$(((i + r - 1) % 3))]}" "$r"
	done
done

jq -s '{
  file: "examples/boxes-2x4.yaml", path: "h1 (box A) -> h3 (box B), 64-byte UDP",
  windows: .,
  summary: (group_by(.label) | map({key: .[0].label, value: {
    mpps_median: (map(.mpps) | sort | .[length / 2 | floor]),
    cpu_ns_per_pkt_median: (map(.cpu_ns_per_pkt) | sort | .[length / 2 | floor]),
    loss_max: (map(.loss) | max), windows: length}}) | from_entries)
}' "$RAW"/w-*.json
