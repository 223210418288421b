#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# kill -9 inside an attach (issue 13, finding 8): the loader writes each
# hook down before it makes it (loader/hooks.h), so what a killed attach
# left is listed, removed exactly by detach, and never blocks a new attach.
#
# - Every kill point: CLOS_LOADER_TEST_KILL_AT=N kills the loader at the
#   N-th step of its hook record (noted, made, noted, ...), N = 1, 2, ...
#   until an attach completes, in fast mode and in queue mode (one rated
#   port, so an HTB tree too) on clsact qdiscs, and on tcx where the kernel
#   has it. After each kill: clos-loader list shows the
#   interrupted attach and the hooks it noted; then either detach removes
#   them (nothing left: no pins, no XDP, no clsact, no HTB, no clos TC
#   program), or a new attach
#   of the same switch in the other mode cleans them and succeeds.
# - kill -9 at random delays into an attach: detach and a new attach
#   always recover.
# - Another switch's attach on the leftovers is refused and points at the
#   list, which shows them; a switch without a hook record (an older
#   loader's) still detaches.
# - A clsact qdisc without filters (what a kill between making it and its
#   first filter leaves) is taken over by a queue-mode attach and removed
#   by detach; one that carries another user's filter is refused, and a
#   filter added to ours after attach keeps the clsact through detach.
# Traffic crosses the switch after the recoveries.
set -u

cd "$(dirname "$0")/../.."
. netns-scripts/lib.sh

PREFIX=clos-ac-
LEAF=${PREFIX}leaf
SW=ac-leaf
RANDOM_KILLS=${RANDOM_KILLS:-8}

TMP=$(mktemp -d /tmp/clos-ac.XXXXXX)

cleanup() {
	"$CLOS_LOADER" detach $SW >/dev/null 2>&1
	"$CLOS_LOADER" detach ac-other >/dev/null 2>&1
	clos_cleanup_prefix "$PREFIX" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# attach_args MODE: the switch on eth1, eth2 (into ARGS). MODE: fast;
# queue (on clsact qdiscs) or tcx (queue mode on tcx), with eth1 at
# 100mbit.
attach_args() {
	case $1 in
	fast) ARGS=(attach $SW --netns "$LEAF" --ports eth1,eth2 --mode fast) ;;
	*) ARGS=(attach $SW --netns "$LEAF" --ports eth1,eth2 --mode queue
		--rates eth1=100mbit --tc-hook "$([ "$1" = tcx ] && echo tcx || echo clsact)") ;;
	esac
}

# MODES: the attach modes this kernel has (tcx from Linux 6.6 on).
MODES="fast queue"
[ "$(clos_tc_hook)" = tcx ] && MODES="$MODES tcx"

# attach MODE [KILL_AT]: exit status as the loader's (137: killed).
attach() {
	attach_args "$1"
	# Braces: bash's "Killed" notice goes to /dev/null with the rest.
	{ CLOS_LOADER_TEST_KILL_AT=${2:-} "$CLOS_LOADER" "${ARGS[@]}" >"$TMP/attach.out" 2>&1; } 2>/dev/null
}

# no_trace: no pins (final or staged), no XDP, clsact or HTB on the leaf's
# ports, and no clos TC program loaded (one left on a tcx hook would be).
no_trace() {
	[ ! -e "/sys/fs/bpf/clos/$SW" ] && [ ! -e "/sys/fs/bpf/clos_attaching/$SW" ] &&
	[ "$(ip -n "$LEAF" -d link show | grep -c 'xdp')" -eq 0 ] &&
	[ "$(ip netns exec "$LEAF" tc qdisc show | grep -c 'clsact\|htb')" -eq 0 ] &&
	clos_wait_for 2 no_tc_prog
}
no_tc_prog() {
	[ "$(bpftool -j prog show | jq '[.[] | select(.name == "clos_ingress_tc" or .name == "clos_egress_tc")] | length')" -eq 0 ]
}

# listed: "STATUS|port=noted,..." of our switch as clos-loader -j list says.
listed() {
	"$CLOS_LOADER" -j list | jq -r --arg s $SW \
		'.[] | select(.switch == $s) | "\(.status)|\([.ports[] | "\(.name)=\(.noted // "-")"] | join(","))"'
}

# runs MODE: the switch is attached and every port has its hook.
runs() {
	local want=xdp
	[ "$1" = queue ] && want=tc
	[ "$1" = tcx ] && want=tcx
	"$CLOS_LOADER" -j list | jq -e --arg s $SW --arg h $want \
		'[.[] | select(.switch == $s and .status == "attached") | .ports[] | select(.hook == $h)] | length == 2' >/dev/null
}

# traffic: h1 reaches h2 through the switch.
traffic() {
	clos_oneleaf_routes $SW && ip netns exec "${PREFIX}h1" ping -c 2 -i 0.2 -W 2 10.0.2.2
}

other() { [ "$1" = fast ] && echo queue || echo fast; }

echo "attach_crash: kill -9 inside an attach"

clos_require attach_crash jq tc bpftool -- "$CLOS_LOADER" "$CLOS_CTL"
clos_oneleaf_fresh attach_crash "$PREFIX" $SW
"$CLOS_LOADER" detach $SW >/dev/null 2>&1

# ---- every kill point ------------------------------------------------------------

for mode in $MODES; do
	n=0 bad=0 listed_ok=0 detached=0 reattached=0
	while :; do
		n=$((n + 1))
		attach $mode $n
		rc=$?
		[ $rc -eq 0 ] && break
		if [ $rc -ne 137 ] || [ $n -gt 40 ]; then
			clos_fail "$mode: attach killed at step $n" "exit $rc: $(tail -n 2 "$TMP/attach.out")"
			bad=1
			break
		fi
		# Odd steps are "noted, not made", even ones "made": the list
		# shows the interrupted attach with what it noted, either way.
		l=$(listed)
		case $l in
		interrupted\|eth1=*) listed_ok=$((listed_ok + 1)) ;;
		*) clos_fail "$mode, killed at step $n: list shows the interrupted attach" "got '$l'"; bad=1 ;;
		esac
		if [ $((n % 2)) -eq 1 ]; then
			st=$("$CLOS_LOADER" -j detach $SW 2>/dev/null | jq -r .status)
			if [ "$st" = "leftovers removed" ] && no_trace; then
				detached=$((detached + 1))
			else
				clos_fail "$mode, killed at step $n: detach removes every leftover" \
					"status '$st'; $(ip netns exec "$LEAF" tc qdisc show | grep -c clsact) clsact"
				bad=1
			fi
		else
			o=$(other $mode)
			if attach $o && runs $o && "$CLOS_LOADER" detach $SW >/dev/null && no_trace; then
				reattached=$((reattached + 1))
			else
				clos_fail "$mode, killed at step $n: an attach in $o mode cleans up and succeeds" \
					"$(tail -n 2 "$TMP/attach.out")"
				bad=1
			fi
		fi
		[ $bad -eq 0 ] || break
	done
	if [ $bad -eq 0 ]; then
		clos_pass "$mode: killed at each of $((n - 1)) hook steps: listed $listed_ok times as interrupted, $detached cleaned by detach, $reattached by an attach in the other mode"
		clos_check "$mode: the attach without a kill runs on both ports" runs $mode
		clos_check "  ... and carries traffic" traffic
		"$CLOS_LOADER" detach $SW >/dev/null
		clos_check "  ... detach leaves nothing" no_trace
	fi
done
steps() {
	local m k
	for m in $MODES; do
		k=1
		while attach $m $k; [ $? -eq 137 ]; do
			"$CLOS_LOADER" detach $SW >/dev/null 2>&1
			k=$((k + 1))
		done
		"$CLOS_LOADER" detach $SW >/dev/null
		printf '%s ' $((k - 1))
	done
}
want="4 14 "
[ "$(clos_tc_hook)" = tcx ] && want="4 14 10 "
clos_check_eq "hook steps of an attach of 2 ports: fast 4, queue with a rate 14 (clsact, egress, HTB, ingress), on tcx 10 (no clsact)" \
	"$(steps)" "$want"

# ---- what another switch's attach and the list see ------------------------------

attach queue 4		# killed once eth1's clsact and egress filter are made
out=$("$CLOS_LOADER" attach ac-other --netns "$LEAF" --ports eth1,eth2 --mode queue 2>&1)
clos_check_eq "another switch's attach on those ports is refused, pointing at clos-loader list" \
	"$(grep -c "port eth1 in netns $LEAF already carries a clos switch (see clos-loader list)" <<<"$out")" 1
clos_check_eq "  ... which shows eth1's clsact and egress filter, noted, and the clsact there" \
	"$("$CLOS_LOADER" -j list | jq -c --arg s $SW '.[] | select(.switch == $s) | [.status, .netns, .mode, [.ports[] | "\(.name)=\(.noted)/\(.hook)"]]')" \
	'["interrupted","'$LEAF'","queue",["eth1=clsact+tc-egress/clsact","eth2=none/none"]]'
clos_check_eq "  ... and says so as text" \
	"$("$CLOS_LOADER" list | grep -c "^$SW: interrupted attach in netns $LEAF, mode queue; clos-loader detach $SW removes what it left")" 1
clos_check_eq "detach removes them: status and the ports' results" \
	"$("$CLOS_LOADER" -j detach $SW 2>/dev/null | jq -c '[.status, [.ports[].result]]')" \
	'["leftovers removed",["detached","not attached"]]'
clos_check "  ... nothing left" no_trace
if [ "$(clos_tc_hook)" = tcx ]; then
	attach tcx 2		# killed once eth1's egress program is on tcx
	clos_check_eq "tcx: killed once eth1's egress program is on, the list shows it noted and there" \
		"$("$CLOS_LOADER" -j list | jq -c --arg s $SW '.[] | select(.switch == $s) | [.status, [.ports[] | "\(.name)=\(.noted)/\(.hook)"]]')" \
		'["interrupted",["eth1=tcx-egress/tcx-egress","eth2=none/none"]]'
	clos_check_eq "  ... detach removes it" \
		"$("$CLOS_LOADER" -j detach $SW 2>/dev/null | jq -c '[.status, [.ports[].result]]')" \
		'["leftovers removed",["detached","not attached"]]'
	clos_check "  ... nothing left" no_trace
fi

# A switch attached by a loader that kept no hook record: detach finds
# its programs on the ports.
for mode in $MODES; do
	attach $mode && rm "/sys/fs/bpf/clos/$SW/hooks"
	"$CLOS_LOADER" detach $SW >/dev/null 2>&1
	clos_check "$mode: a switch without a hook record detaches, nothing left" no_trace
done

# ---- kill -9 at random delays --------------------------------------------------

ok=0
for ((i = 0; i < RANDOM_KILLS; i++)); do
	set -- $MODES
	shift $((i % $#))
	mode=$1
	attach_args $mode
	"$CLOS_LOADER" "${ARGS[@]}" >"$TMP/attach.out" 2>&1 &
	pid=$!
	sleep "0.$(printf '%03d' $((RANDOM % 250)))"
	kill -9 $pid 2>/dev/null
	{ wait $pid; } 2>/dev/null
	"$CLOS_LOADER" detach $SW >/dev/null 2>&1
	if no_trace && attach $mode && runs $mode && "$CLOS_LOADER" detach $SW >/dev/null && no_trace; then
		ok=$((ok + 1))
	else
		clos_fail "$mode: kill -9 at a random point, then detach and attach" \
			"$(tail -n 2 "$TMP/attach.out")"
		"$CLOS_LOADER" detach $SW >/dev/null 2>&1
	fi
done
clos_check_eq "kill -9 at $RANDOM_KILLS random points: detach leaves nothing, a new attach runs" \
	$ok $RANDOM_KILLS

# ---- clsact qdiscs there before the attach -----------------------------------

ip netns exec "$LEAF" tc qdisc add dev eth1 clsact
clos_check "an empty clsact on eth1 is taken over by a queue attach" attach queue
clos_check_eq "  ... noted" "$(grep -c 'eth1 has an empty clsact qdisc' "$TMP/attach.out")" 1
clos_check "  ... and the switch runs on both ports" runs queue
"$CLOS_LOADER" detach $SW >/dev/null
clos_check "  ... detach removes it" no_trace

ip netns exec "$LEAF" tc qdisc add dev eth1 clsact
ip netns exec "$LEAF" tc filter add dev eth1 ingress prio 7 protocol all bpf bytecode '1,6 0 0 0'
clos_check_fails "a clsact with another user's filter is refused" attach queue
clos_check_eq "  ... naming it" \
	"$(grep -c 'port eth1 in netns clos-ac-leaf already has a clsact qdisc with 1 TC filter' "$TMP/attach.out")" 1
clos_check_eq "  ... and the filter is still there" \
	"$(ip netns exec "$LEAF" tc filter show dev eth1 ingress | grep -c bytecode)" 1
if [ "$(clos_tc_hook)" = tcx ]; then
	# tcx runs first: the filter would no longer see the frames.
	clos_check_fails "an attach on tcx is refused there too" attach tcx
	clos_check_eq "  ... naming the filter, and leaving nothing" \
		"$(grep -c 'port eth1 in netns clos-ac-leaf already has a clsact qdisc with 1 TC filter' "$TMP/attach.out")/$(ip netns exec "$LEAF" tc filter show dev eth1 ingress | grep -c bytecode)/$([ -e "/sys/fs/bpf/clos/$SW" ] && echo pins || echo none)" "1/1/none"
fi
ip netns exec "$LEAF" tc qdisc del dev eth1 clsact

clos_check "queue attach" attach queue
ip netns exec "$LEAF" tc filter add dev eth1 egress prio 7 protocol all bpf bytecode '1,6 0 0 0'
"$CLOS_LOADER" detach $SW >"$TMP/detach.out" 2>&1
clos_check_eq "detach keeps eth1's clsact for another user's filter, and says so" \
	"$(grep -c 'port eth1 keeps its clsact qdisc' "$TMP/detach.out")/$(ip netns exec "$LEAF" tc filter show dev eth1 egress | grep -c bytecode)/$(ip netns exec "$LEAF" tc filter show dev eth1 | grep -c clos_)" "1/1/0"
ip netns exec "$LEAF" tc qdisc del dev eth1 clsact
clos_check "nothing of the switch is left" no_trace

clos_summary attach_crash
