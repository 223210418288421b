#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# clos-flows on its own, without a switch: a sender and a receiver joined by
# one veth (namespaces clos-flw-*).
#
#   a 10.77.0.1 eth0 ---- eth0 10.77.0.2 b
#
# Checks: every packet send says it sent arrives, spread round-robin over
# the flows, with no loss; the TOS byte, payload size and source ports are
# the ones asked for (tcpdump on the wire); CE on the wire is counted as CE;
# latency percentiles are ordered; bad input is refused by name. Runs as
# root from anywhere; cleans up on any exit.
set -u

cd "$(dirname "$0")/../.."
. netns-scripts/lib.sh

PREFIX=clos-flw-
A=${PREFIX}a
B=${PREFIX}b
DST=10.77.0.2
PORT=7100
FLOWS=8
PPS=400
SECONDS_SEND=2
SIZE=100
TMP=$(mktemp -d /tmp/clos-flows.XXXXXX)
FLOWS_BIN=$CLOS_BUILD/clos-flows
BG_PIDS=()

cleanup() {
	clos_stop "${BG_PIDS[@]}"
	clos_cleanup_prefix "$PREFIX" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

clos_require flows jq tcpdump -- "$FLOWS_BIN"
echo "flows: clos-flows send and recv over one veth (namespaces $PREFIX*)"

clos_cleanup_prefix "$PREFIX"
if ! { clos_ns_add "$A" && clos_ns_add "$B" && clos_veth_add "$A" eth0 "$B" eth0 &&
       ip -n "$A" addr add 10.77.0.1/24 dev eth0 && ip -n "$B" addr add $DST/24 dev eth0; }; then
	clos_fail "build two namespaces and a veth"
	clos_summary flows
	exit 1
fi
clos_pass "build two namespaces and a veth"

# run_pair TOS: recv in b, tcpdump on b's eth0, send from a; leaves
# $TMP/send.json, $TMP/recv.json and $TMP/wire.pcap.
run_pair() {
	local tos=$1

	rm -f "$TMP"/*.json "$TMP"/*.pcap "$TMP"/recv.err "$TMP"/tcpdump.err
	ip netns exec "$B" tcpdump -i eth0 -n -U -w "$TMP/wire.pcap" "udp dst port $PORT" \
		2>"$TMP/tcpdump.err" &
	BG_PIDS+=($!)
	"$FLOWS_BIN" recv --netns "$B" --seconds $((SECONDS_SEND + 2)) --port $PORT \
		--hist-us 1000 > "$TMP/recv.json" 2> "$TMP/recv.err" &
	local rpid=$!
	BG_PIDS+=($rpid)
	clos_wait_for 5 grep -q "listening on udp port $PORT" "$TMP/recv.err" || return 1
	# tcpdump says so once it captures (a fixed wait lost packets on a
	# loaded machine).
	clos_wait_for 5 grep -q "listening on eth0" "$TMP/tcpdump.err" || return 1
	"$FLOWS_BIN" send --netns "$A" --dst $DST --flows $FLOWS --pps $PPS \
		--seconds $SECONDS_SEND --port $PORT --seed 0 --size $SIZE --tos "$tos" \
		> "$TMP/send.json" || return 1
	wait "$rpid"
	# Every packet sent is in the capture before it stops (or 5 s pass).
	clos_wait_for 5 clos_pcap_has "$TMP/wire.pcap" "$(jq .sent "$TMP/send.json")"
	clos_stop "${BG_PIDS[@]}"
	BG_PIDS=()
}

# ---- ECT(0): DSCP 26 ----------------------------------------------------------

clos_check "send and recv, TOS 0x6a" run_pair 0x6a
sent=$(jq -r .sent "$TMP/send.json" 2>/dev/null)
clos_check_eq "send: $FLOWS flows" "$(jq -r .flows "$TMP/send.json" 2>/dev/null)" $FLOWS
clos_check "send: sent at most pps x seconds and at least half of it ($sent)" \
	test "${sent:-0}" -le $((PPS * SECONDS_SEND)) -a "${sent:-0}" -ge $((PPS * SECONDS_SEND / 2))
clos_check_eq "recv: every packet sent arrived" "$(jq -r .packets "$TMP/recv.json")" "$sent"
clos_check_eq "recv: all $FLOWS flows seen, none lost, no CE" \
	"$(jq -r '"\(.flows_seen) \(.lost) \(.ce)"' "$TMP/recv.json")" "$FLOWS 0 0"
clos_check_eq "recv: the flows add up to the total" \
	"$(jq -r '[.flows[].packets] | add' "$TMP/recv.json")" "$sent"
clos_check "recv: round robin, each flow within one packet of sent/$FLOWS" \
	jq -e --argjson s "${sent:-0}" --argjson n $FLOWS \
	'[.flows[].packets] | (max - min) <= 1 and min == (($s / $n) | floor)' "$TMP/recv.json"
clos_check "recv: latency p50 <= p99 <= max" \
	jq -e '.latency_us_p50 <= .latency_us_p99 and .latency_us_p99 <= .latency_us_max' "$TMP/recv.json"
clos_check_eq "recv: the histogram holds every packet" \
	"$(jq -r '[.latency_hist[].packets] | add' "$TMP/recv.json")" "$sent"

wire=$(tcpdump -r "$TMP/wire.pcap" -n -v 2>/dev/null)
clos_check_eq "wire: every packet on b's eth0" \
	"$(tcpdump -r "$TMP/wire.pcap" -n 2>/dev/null | wc -l)" "$sent"
clos_check_eq "wire: TOS 0x6a on every packet" \
	"$(printf '%s\n' "$wire" | grep -c 'tos 0x6a,')" "$sent"
clos_check_eq "wire: UDP payload $SIZE bytes" \
	"$(tcpdump -r "$TMP/wire.pcap" -n 2>/dev/null | grep -vc "UDP, length $SIZE$")" 0
clos_check_eq "wire: --seed 0 source ports 20000..20007" \
	"$(tcpdump -r "$TMP/wire.pcap" -n 2>/dev/null |
	   sed -n 's/.* 10\.77\.0\.1\.\([0-9]*\) > .*/\1/p' | sort -u | tr '\n' ' ')" \
	"20000 20001 20002 20003 20004 20005 20006 20007 "

# ---- CE on the wire -------------------------------------------------------------

clos_check "send and recv, TOS 0x6b (CE)" run_pair 0x6b
sent=$(jq -r .sent "$TMP/send.json" 2>/dev/null)
clos_check_eq "recv: every packet counted CE" \
	"$(jq -r '"\(.packets) \(.ce)"' "$TMP/recv.json")" "$sent $sent"
clos_check_eq "recv: the histogram's CE add up" \
	"$(jq -r '[.latency_hist[].ce] | add' "$TMP/recv.json")" "$sent"

# ---- bad input ------------------------------------------------------------------

clos_check_refused "send: --flows 0" "--flows must be 1..10000" \
	"$FLOWS_BIN" send --netns "$A" --dst $DST --flows 0 --pps 10 --seconds 1
clos_check_refused "send: a destination that is not an address" "not-an-ip" \
	"$FLOWS_BIN" send --netns "$A" --dst not-an-ip --pps 10 --seconds 1
clos_check_refused "send: a namespace that does not exist" "netns ${PREFIX}none" \
	"$FLOWS_BIN" send --netns ${PREFIX}none --dst $DST --pps 10 --seconds 1
clos_check_refused "paths: a switch that is not attached" "switch ${PREFIX}nosw" \
	"$FLOWS_BIN" paths --netns "$A" --dst $DST --flows 2 --via ${PREFIX}nosw

clos_summary flows
