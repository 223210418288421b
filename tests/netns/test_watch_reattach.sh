#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The link watcher follows its switch through detach and attach
# (issue 13, finding 5). A watcher holds the maps it opened; a new attach of
# the same name makes new maps, and a watcher still writing the old ones
# fails nothing over. Here:
#
#   h1 eth0 -- eth1 [ leaf ] eth2 -- eth0 h2 (10.0.2.2 on lo)
#                            eth3 -- eth1
#
# h2 is reached through ECMP group 1 over eth2 and eth3. With the watcher
# stopped (SIGSTOP), the switch is detached and attached again (tables
# rebuilt); let go on, the watcher logs that the switch was replaced and
# follows the new one, then eth2 going down marks
# the *new* switch's eth2 down, leaves one member active, and every flow
# of 16 reaches h2 through eth3. eth2 up comes back; a detach is logged and
# the watcher keeps running; a later attach is taken up again.
set -u

cd "$(dirname "$0")/../.."
. netns-scripts/lib.sh

PREFIX=clos-wr-
LEAF=${PREFIX}leaf
H1=${PREFIX}h1
H2=${PREFIX}h2
SW=wr-leaf
FLOWS=16		# UDP flows (one source port each)
PER_FLOW=10		# datagrams per flow
PAYLOAD=10		# bytes per datagram: "clos%06d"
H2_MAC0=02:c1:00:00:02:02
H2_MAC1=02:c1:00:00:03:02
LEAF_MAC3=02:c1:00:00:03:01

TMP=$(mktemp -d /tmp/clos-wr.XXXXXX)
BG_PIDS=()

ctl() { "$CLOS_CTL" -s $SW "$@"; }

cleanup() {
	clos_stop "${BG_PIDS[@]}"
	[ -f "$TMP/watch.pid" ] && kill "$(cat "$TMP/watch.pid")" 2>/dev/null
	"$CLOS_LOADER" detach $SW >/dev/null 2>&1
	clos_cleanup_prefix "$PREFIX" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

topo_up() {
	clos_ns_add "$LEAF" && clos_ns_add "$H1" && clos_ns_add "$H2" &&
	clos_veth_add "$LEAF" eth1 "$H1" eth0 $CLOS_LEAF_MAC1 $CLOS_H1_MAC &&
	clos_veth_add "$LEAF" eth2 "$H2" eth0 $CLOS_LEAF_MAC2 $H2_MAC0 &&
	clos_veth_add "$LEAF" eth3 "$H2" eth1 $LEAF_MAC3 $H2_MAC1 &&
	ip -n "$LEAF" addr add 10.0.1.1/24 dev eth1 &&
	ip netns exec "$LEAF" sysctl -qw net.ipv4.ip_forward=0 &&
	clos_host_setup "$H1" eth0 10.0.1.2/24 10.0.1.1 2001:db8:1::2/64 2001:db8:1::1 &&
	ip -n "$H2" addr add 10.0.2.2/32 dev lo &&
	ip -n "$H2" route add 10.0.1.0/24 dev eth0 &&
	# h2 takes 10.0.2.2 on either link, whatever rp_filter would say.
	ip netns exec "$H2" sysctl -qw net.ipv4.conf.all.rp_filter=0 \
		net.ipv4.conf.eth0.rp_filter=0 net.ipv4.conf.eth1.rp_filter=0 &&
	ip netns exec "$H2" ethtool -K eth0 gro on >/dev/null &&
	ip netns exec "$H2" ethtool -K eth1 gro on >/dev/null
}

# attach_and_route: the switch, h1 by nexthop 1, h2 by group 1 (eth2, eth3).
attach_and_route() {
	"$CLOS_LOADER" attach $SW --netns "$LEAF" --ports eth1,eth2,eth3 >/dev/null &&
	ctl port set eth1 role host && ctl port set eth2 role host &&
	ctl port set eth3 role host &&
	ctl table add nexthop 1 '=>' fwd eth1 $CLOS_H1_MAC &&
	ctl table add nexthop 2 '=>' fwd eth2 $H2_MAC0 &&
	ctl table add nexthop 3 '=>' fwd eth3 $H2_MAC1 &&
	ctl group set 1 kind resilient members eth2,eth3 &&
	ctl table add route_v4 10.0.1.2/32 '=>' nexthop 1 &&
	ctl table add route_v4 10.0.2.2/32 '=>' ecmp 1
}

# port_state PORT: "up" or "down" as the switch's ports table says.
port_state() { ctl -j port show | jq -r --arg p "$1" '.[] | select(.name == $p) | .state'; }

# active: the number of active members of group 1.
active() { ctl -j group show 1 | jq '[.[0].members[] | select(.active)] | length'; }

# logged JQ: a line of the watcher's log matches the jq filter.
logged() { jq -e "select($1)" "$TMP/watch.log" 2>/dev/null | grep -q .; }

# flows: FLOWS flows of PER_FLOW datagrams from h1 to h2; the number that
# arrived.
flows() {
	local f before

	before=$(stat -c %s "$TMP/recv.bin")
	for ((f = 0; f < FLOWS; f++)); do
		clos_udp_burst "$H1" 10.0.2.2 9000 $PER_FLOW
	done
	clos_wait_for 3 sh -c "[ \$(stat -c %s $TMP/recv.bin) -ge $((before + FLOWS * PER_FLOW * PAYLOAD)) ]"
	echo $(( ($(stat -c %s "$TMP/recv.bin") - before) / PAYLOAD ))
}

echo "watch_reattach: the link watcher follows a switch detached and attached again"

clos_require watch_reattach jq socat ethtool ss -- "$CLOS_LOADER" "$CLOS_CTL"
clos_cleanup_prefix "$PREFIX"
"$CLOS_LOADER" detach $SW >/dev/null 2>&1
if ! topo_up; then
	clos_fail "build the topology"
	clos_summary watch_reattach
	exit 1
fi
clos_pass "build the topology: h1, and h2 over two links"

clos_check "attach $SW, group 1 over eth2 and eth3 to h2" attach_and_route
: >"$TMP/recv.bin"
ip netns exec "$H2" socat -u UDP4-RECV:9000 OPEN:"$TMP/recv.bin",append &
BG_PIDS+=($!)
clos_wait_for 5 sh -c "ip netns exec $H2 ss -Hlun | grep -q ':9000 '"
clos_check "ARP for h1's gateway" ip netns exec "$H1" ping -c 1 -W 1 10.0.1.1
clos_check_eq "all $((FLOWS * PER_FLOW)) datagrams of $FLOWS flows reach h2" \
	"$(flows)" $((FLOWS * PER_FLOW))

"$CLOS_LOADER" watch --daemon "$TMP/watch.pid" --log "$TMP/watch.log" $SW
clos_check_eq "clos-loader watch runs for $SW" "$?" 0
ip -n "$LEAF" link set eth3 down
clos_check "eth3 down: the watcher marks it down" \
	clos_wait_for 5 sh -c "[ \"\$($CLOS_CTL -s $SW -j port show | jq -r '.[] | select(.name == \"eth3\") | .state')\" = down ]"
ip -n "$LEAF" link set eth3 up
clos_check "eth3 up again" \
	clos_wait_for 5 sh -c "[ \"\$($CLOS_CTL -s $SW -j port show | jq -r '.[] | select(.name == \"eth3\") | .state')\" = up ]"

# ---- detach and attach again under the running watcher -----------------------

# Stopped meanwhile, the watcher never sees the switch gone: only that its
# maps are not the pinned ones any more.
WPID=$(cat "$TMP/watch.pid")
kill -STOP "$WPID"
"$CLOS_LOADER" detach $SW >/dev/null
clos_check "detach and attach $SW again, tables rebuilt" attach_and_route
kill -CONT "$WPID"
clos_check "the watcher logs that the switch was replaced and follows the new one" \
	clos_wait_for 5 logged '.switch == "'$SW'" and .event == "replaced"'
clos_check_eq "  ... and is still running" \
	"$(kill -0 "$(cat "$TMP/watch.pid")" 2>/dev/null && echo yes)" yes
clos_check_eq "the new switch: eth2 up, 2 active members" "$(port_state eth2)/$(active)" "up/2"

lines=$(wc -l <"$TMP/watch.log")
ip -n "$LEAF" link set eth2 down
clos_check "eth2 down: the new switch's port eth2 is marked down" \
	clos_wait_for 5 sh -c "[ \"\$($CLOS_CTL -s $SW -j port show | jq -r '.[] | select(.name == \"eth2\") | .state')\" = down ]"
clos_check_eq "  ... group 1 has one active member left" "$(active)" 1
clos_check_eq "  ... the watcher logs eth2 down" \
	"$(tail -n +$((lines + 1)) "$TMP/watch.log" | jq -r 'select(.port == "eth2") | .state' | head -n 1)" down
clos_check_eq "traffic fails over: all $((FLOWS * PER_FLOW)) datagrams reach h2 through eth3" \
	"$(flows)" $((FLOWS * PER_FLOW))
ip -n "$LEAF" link set eth2 up
clos_check "eth2 up: marked up, 2 active members again" \
	clos_wait_for 5 sh -c "[ \"\$($CLOS_CTL -s $SW -j group show 1 | jq '[.[0].members[] | select(.active)] | length')\" = 2 ]"

# ---- detached: logged, the watcher waits; attached while a link is down ----

"$CLOS_LOADER" detach $SW >/dev/null
clos_check "detach: the watcher logs it and lets the maps go" \
	clos_wait_for 5 logged '.switch == "'$SW'" and .event == "detached"'
clos_check_eq "  ... and keeps running" \
	"$(kill -0 "$(cat "$TMP/watch.pid")" 2>/dev/null && echo yes)" yes
"$CLOS_LOADER" attach $SW --netns "$LEAF" --ports eth1,eth2,eth3 >/dev/null
clos_check "attached again: the watcher takes it up" \
	clos_wait_for 5 logged '.switch == "'$SW'" and .event == "attached"'
ip -n "$LEAF" link set eth3 down
clos_check "  ... and marks eth3 down in it" \
	clos_wait_for 5 sh -c "[ \"\$($CLOS_CTL -s $SW -j port show | jq -r '.[] | select(.name == \"eth3\") | .state')\" = down ]"
ip -n "$LEAF" link set eth3 up

kill "$(cat "$TMP/watch.pid")" 2>/dev/null
clos_check "the watcher stops on SIGTERM (its pidfile removed)" \
	clos_wait_for 5 sh -c "! test -e $TMP/watch.pid"
rm -f "$TMP/watch.pid"
"$CLOS_LOADER" detach $SW >/dev/null
clos_check "detach leaves no pins" sh -c "! test -e /sys/fs/bpf/clos/$SW"

clos_summary watch_reattach
