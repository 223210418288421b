#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# clos-fibsync on one leaf: the kernel's routes of the leaf's namespace
# into its tables, and traffic through them on the fast path.
#
#   h1 10.0.1.2 -- eth1 [leaf] eth3 -- r3 10.0.3.2   (r3, r4: routers with
#   h2 10.0.2.2 -- eth2        eth4 -- r4 10.0.4.2    10.x.0.1 on lo)
#                              eth9 (no clos port) -- x9 10.99.0.2
#
# Kernel routes made with ip route / ip nexthop in the leaf: a single
# nexthop, multipath, nexthop groups (hash-threshold and resilient), IPv6
# multipath; neighbours learned (h1, h2, r4: the sync asks the kernel for
# it) and static (r3). Checks: the tables (closctl -j table show, group
# show, route get), traffic on the fast path (the leaf's forwarded counter
# moves, the kernel's ForwDatagrams does not), route removal, a port's link
# down and up, a route via a non-clos interface and one via an unresolved
# gateway punted with their reasons, a restart with routes changed while
# the daemon was down (stale entries gone, new ones there, nothing stale
# left) under a UDP stream that loses nothing, closctl fib show / stats.
# Runs as root under the netns lock; cleans up on any exit.
set -u

cd "$(dirname "$0")/../.."
. netns-scripts/lib.sh

PREFIX=clos-fsync-
SW=fsync-leaf
LEAF=${PREFIX}leaf
H1=${PREFIX}h1
H2=${PREFIX}h2
R3=${PREFIX}r3
R4=${PREFIX}r4
X9=${PREFIX}x9
FIBSYNC=$CLOS_BUILD/clos-fibsync
FLOWS=$CLOS_BUILD/clos-flows
STATUS=/run/clos/$SW/fibsync.json
R3_MAC=02:c1:00:00:03:02
R4_MAC=02:c1:00:00:04:02
X9_MAC=02:c1:00:00:09:02

TMP=$(mktemp -d /tmp/clos-fibsync.XXXXXX)
BG_PIDS=()
DAEMON=

cleanup() {
	[ -n "$DAEMON" ] && clos_stop "$DAEMON"
	clos_stop "${BG_PIDS[@]}"
	clos_cleanup_prefix "$PREFIX" 2>/dev/null
	"$CLOS_LOADER" detach "$SW" >/dev/null 2>&1
	rm -rf "$TMP" "/run/clos/$SW"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ctl() { "$CLOS_CTL" -s "$SW" "$@"; }
lip() { ip -n "$LEAF" "$@"; }

# route PREFIX: "ACTION [ID]" of the table entry, or "none".
route() {
	local t=route_v4
	case $1 in *:*) t=route_v6 ;; esac
	ctl -j table show $t | jq -r --arg p "$1" \
		'[.[] | select(.key.prefix == $p) | "\(.action)\(if .params then " " + (.params | to_entries[0].value | tostring) else "" end)"][0] // "none"'
}
route_is() { [ "$(route "$1")" = "$2" ]; }
route_action_is() { [ "$(route "$1" | cut -d' ' -f1)" = "$2" ]; }

# group_ports GID: its members' ports, sorted, active ones only.
group_ports() {
	ctl -j group show "$1" | jq -r '[.[0].members[] | select(.active) | .port] | sort | join(",")'
}

# The leaf's own forwarded counter, and the leaf kernel's.
forwarded() { ctl -j stats | jq '.stats.forwarded.packets'; }
kernel_forwarded() {
	ip netns exec "$LEAF" awk '/^Ip:/ { if (!h) { for (i = 1; i <= NF; i++) k[i] = $i; h = 1 }
		else for (i = 1; i <= NF; i++) if (k[i] == "ForwDatagrams") v = $i }
		END { print v + 0 }' /proc/net/snmp
	ip netns exec "$LEAF" awk '$1 == "Ip6OutForwDatagrams" { v = $2 } END { print v + 0 }' \
		/proc/net/snmp6
}
kernel_forwarded_sum() { kernel_forwarded | awk '{ s += $1 } END { print s }'; }

status_state() { jq -r .state "$STATUS" 2>/dev/null; }

# start_daemon DESC: start it (in this shell: DAEMON is its pid) and
# check that it syncs.
start_daemon() {
	"$FIBSYNC" "$SW" >>"$TMP/daemon.log" 2>&1 &
	DAEMON=$!
	clos_check "$1" clos_wait_for 10 sh -c \
		"[ \"\$(jq -r '.state + \" \" + (.pid | tostring)' $STATUS 2>/dev/null)\" = 'running $DAEMON' ]"
}

# stop_daemon: SIGTERM; its exit status.
stop_daemon() {
	local rc

	kill -TERM "$DAEMON" 2>/dev/null
	wait "$DAEMON" 2>/dev/null
	rc=$?
	DAEMON=
	return $rc
}

# router NS IF ADDR4 GW4 ADDR6 GW6 MAC: a router behind a leaf port, with
# the prefixes it answers for on lo.
router() {
	local ns=$1 n=$2
	clos_ns_add "$ns" &&
	clos_veth_add "$LEAF" "eth$n" "$ns" eth0 "02:c1:00:00:0$n:01" "02:c1:00:00:0$n:02" &&
	lip addr add "10.0.$n.1/24" dev "eth$n" &&
	lip -6 addr add "2001:db8:$n::1/64" dev "eth$n" nodad &&
	clos_host_setup "$ns" eth0 "10.0.$n.2/24" "10.0.$n.1" "2001:db8:$n::2/64" "2001:db8:$n::1" &&
	for a in 10.8.0.1 10.9.0.1 10.20.0.1 10.21.0.1 10.30.0.1; do
		ip -n "$ns" addr add "$a/32" dev lo || return 1
	done &&
	ip -n "$ns" -6 addr add 2001:db8:99::1/128 dev lo
}

echo "fibsync: one leaf, hosts and routers behind it (namespaces $PREFIX*)"

clos_require fibsync jq ping -- "$CLOS_LOADER" "$CLOS_CTL" "$FIBSYNC" "$FLOWS"

# ---- the command line ----------------------------------------------------------

clos_check "clos-fibsync --help says its one form" \
	sh -c "'$FIBSYNC' --help | grep -q '^Usage: clos-fibsync \[OPTIONS\] SWITCH \[--once\]'"
out=$("$FIBSYNC" 2>&1)
clos_check_eq "no SWITCH: refused, exit 2" "$?/$(echo "$out" | grep -c 'missing SWITCH')" "2/1"
out=$("$FIBSYNC" -j ${SW}-none --once)
clos_check_eq "a switch that is not attached: a JSON error naming it" \
	"$(echo "$out" | jq -r .error)" "switch ${SW}-none: not attached (no pins in /sys/fs/bpf/clos)"
clos_check_fails "an unknown option is refused" "$FIBSYNC" "$SW" --bogus

# ---- topology ----------------------------------------------------------------------

clos_oneleaf_fresh fibsync "$PREFIX" "$SW"
rm -rf "/run/clos/$SW"
if router "$R3" 3 && router "$R4" 4 && clos_ns_add "$X9" &&
   clos_veth_add "$LEAF" eth9 "$X9" eth0 02:c1:00:00:09:01 $X9_MAC && lip addr add 10.99.0.1/24 dev eth9 &&
   ip -n "$X9" addr add 10.99.0.2/24 dev eth0 &&
   ip -n "$X9" route add default via 10.99.0.1; then
	clos_pass "routers r3, r4 and a host on a non-clos interface"
else
	clos_fail "routers r3, r4 and a host on a non-clos interface"
	clos_summary fibsync
	exit 1
fi
# Punted routes need the leaf's kernel to forward (the one-leaf topology
# turns it off).
ip netns exec "$LEAF" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
clos_check "loader attaches the leaf on eth1-eth4" \
	"$CLOS_LOADER" attach "$SW" --netns "$LEAF" --ports eth1,eth2,eth3,eth4 --role leaf

# ---- one sync ------------------------------------------------------------------------

out=$("$FIBSYNC" -j "$SW" --once)
clos_check_eq "--once: one full sync, exit 0" "$?/$(echo "$out" | jq -r .sync)" "0/full"
clos_check_eq "  ... the connected subnet is the kernel's" "$(route 10.0.1.0/24)" "kernel"
clos_check_eq "  ... the leaf's address is local" "$(route 10.0.3.1/32)" "local"
clos_check_eq "  ... IPv6 too" "$(route 2001:db8:3::/64)/$(route 2001:db8:3::1/128)" "kernel/local"
clos_check_eq "  ... and the daemon is stopped" "$(status_state)" "stopped"

# ---- the daemon, routes ------------------------------------------------------------

start_daemon "the daemon starts and syncs"
lip neigh replace 10.0.3.2 dev eth3 lladdr $R3_MAC nud permanent
lip -6 neigh replace 2001:db8:3::2 dev eth3 lladdr $R3_MAC nud permanent
lip route add 10.8.0.0/16 via 10.0.3.2
lip route add 10.9.0.0/16 nexthop via 10.0.3.2 nexthop via 10.0.4.2
lip nexthop add id 3 via 10.0.3.2 dev eth3
lip nexthop add id 4 via 10.0.4.2 dev eth4
lip nexthop add id 10 group 3/4
lip nexthop add id 11 group 3/4 type resilient buckets 128
lip route add 10.20.0.0/16 nhid 10
lip route add 10.21.0.0/16 nhid 11
lip -6 route add 2001:db8:99::/64 nexthop via 2001:db8:3::2 nexthop via 2001:db8:4::2

clos_check "a single-nexthop route: its nexthop (static neighbour r3)" \
	clos_wait_for 5 route_action_is 10.8.0.0/16 nexthop
nh3=$(route 10.8.0.0/16 | cut -d' ' -f2)
clos_check_eq "  ... in the sync's range, on eth3 with r3's MAC" \
	"$([ "$nh3" -ge 2048 ] && echo in)/$(ctl -j table show nexthop | jq -r --argjson id "$nh3" '.[] | select(.key.id == $id) | "\(.params.port) \(.params.dmac)"')" \
	"in/eth3 $R3_MAC"
# r4 is learned: the sync asks the kernel to resolve it (NTF_USE).
clos_check "multipath: a modulo group of r3 and r4 once r4 resolves" \
	clos_wait_for 10 route_action_is 10.9.0.0/16 ecmp
g9=$(route 10.9.0.0/16 | cut -d' ' -f2)
clos_check_eq "  ... group $g9: in range, modulo, eth3 and eth4" \
	"$([ "$g9" -ge 128 ] && echo in)/$(ctl -j group show "$g9" | jq -r '.[0].kind')/$(group_ports "$g9")" \
	"in/modulo/eth3,eth4"
clos_check_eq "a nexthop group object: the same group (shared by content)" \
	"$(route 10.20.0.0/16)" "ecmp $g9"
clos_check "a resilient nexthop group: a resilient group" \
	clos_wait_for 5 route_action_is 10.21.0.0/16 ecmp
g21=$(route 10.21.0.0/16 | cut -d' ' -f2)
clos_check_eq "  ... group $g21: resilient, eth3 and eth4, 64 buckets each" \
	"$(ctl -j group show "$g21" | jq -r '.[0] | "\(.kind) \([.members[] | .port] | sort | join(",")) \([.members[].buckets] | join(","))"')" \
	"resilient eth3,eth4 64,64"
clos_check "IPv6 multipath: a group over the same two nexthops" \
	clos_wait_for 5 route_is 2001:db8:99::/64 "ecmp $g9"
clos_check_eq "closctl route get: a flow to 10.9.0.1 is forwarded by the group" \
	"$(ctl -j route get 10.9.0.1 from 10.0.1.2 sport 1234 dport 80 | jq -r '"\(.group) \(.verdict)"')" \
	"$g9 forwarded_ecmp"

# ---- traffic on the fast path -----------------------------------------------------

# The first packets teach the leaf's kernel the hosts (ARP/ND), and the
# sync their host routes.
for a in 10.8.0.1 10.9.0.1 10.20.0.1 10.21.0.1; do
	ip netns exec "$H1" ping -c 1 -W 2 "$a" >/dev/null 2>&1
done
ip netns exec "$H1" ping -6 -c 1 -W 2 2001:db8:99::1 >/dev/null 2>&1
clos_check "h1's host route: a nexthop (neighbour learned)" \
	clos_wait_for 5 route_action_is 10.0.1.2/32 nexthop
clos_check "h1's IPv6 host route too" clos_wait_for 5 route_action_is 2001:db8:1::2/128 nexthop
fwd0=$(forwarded)
kfwd0=$(kernel_forwarded_sum)
ok=0
for a in 10.8.0.1 10.9.0.1 10.20.0.1 10.21.0.1; do
	ip netns exec "$H1" ping -c 5 -i 0.05 -W 2 "$a" >/dev/null && ok=$((ok + 1))
done
ip netns exec "$H1" ping -6 -c 5 -i 0.05 -W 2 2001:db8:99::1 >/dev/null && ok=$((ok + 1))
clos_check_eq "pings from h1 across every kind of route" "$ok" 5
clos_check_eq "  ... the leaf forwarded all 50 (requests and replies)" \
	"$(($(forwarded) - fwd0))" 50
clos_check_eq "  ... and the leaf's kernel none" "$(($(kernel_forwarded_sum) - kfwd0))" 0

# ---- punts -----------------------------------------------------------------------------

lip neigh replace 10.99.0.2 dev eth9 lladdr $X9_MAC nud permanent
lip route add 10.77.0.0/24 via 10.99.0.2
lip route add 10.66.0.0/24 via 10.0.1.9
clos_check "a route via a non-clos interface: kernel" clos_wait_for 5 route_is 10.77.0.0/24 kernel
clos_check "a route via an unresolved gateway: kernel" clos_wait_for 5 route_is 10.66.0.0/24 kernel
clos_check "  ... and the kernel was asked to resolve it" \
	clos_wait_for 5 sh -c "ip -n $LEAF neigh show 10.0.1.9 dev eth1 | grep -q ."
clos_check "closctl fib show names both, with reasons" clos_wait_for 5 sh -c \
	"'$CLOS_CTL' -s $SW -j fib show | jq -e '[.punted_routes[] | \"\(.prefix) \(.reason) \(.detail)\"] |
		index(\"10.77.0.0/24 not_clos_port via 10.99.0.2 dev eth9\") and
		index(\"10.66.0.0/24 unresolved via 10.0.1.9 dev eth1\")'"
fwd0=$(forwarded)
kfwd0=$(kernel_forwarded_sum)
clos_check "h1 pings the host on the non-clos interface" \
	ip netns exec "$H1" ping -c 3 -i 0.05 -W 2 10.99.0.2
clos_check_eq "traffic to the non-clos interface: the kernel forwards it (3 pings)" \
	"$(($(kernel_forwarded_sum) - kfwd0))/$(($(forwarded) - fwd0))" "6/0"

# ---- removal ---------------------------------------------------------------------------

lip route del 10.8.0.0/16
clos_check "a deleted route leaves the table" clos_wait_for 5 route_is 10.8.0.0/16 none
clos_check "  ... its nexthop stays: r3's host route uses it" \
	clos_wait_for 5 route_is 10.0.3.2/32 "nexthop $nh3"

# ---- link down and up -------------------------------------------------------------------

# r4 goes: the leaf's eth4 loses carrier. Its group members fail out at
# once (lib/switch/portstate.c), then the kernel flushes the neighbour.
ip -n "$R4" link set eth0 down
clos_check "r4's link down: eth4 is down in the switch" \
	clos_wait_for 5 sh -c "[ \"\$('$CLOS_CTL' -s $SW -j port show eth4 | jq -r '.[0].state')\" = down ]"
clos_check "  ... 10.9.0.0/16 goes by r3 alone" \
	clos_wait_for 5 sh -c "ip netns exec $H1 ping -c 1 -W 1 10.9.0.1 >/dev/null && \
		[ \"\$('$CLOS_CTL' -s $SW -j route get 10.9.0.1 from 10.0.1.2 sport 4 dport 4 | jq -r .port)\" = eth3 ]"
miss=0
for s in $(seq 1 32); do
	p=$(ctl -j route get 10.21.0.1 from 10.0.1.2 sport $((40000 + s)) dport 7000 | jq -r .port)
	[ "$p" = eth3 ] || miss=$((miss + 1))
done
clos_check_eq "  ... no flow of the resilient route is sent to eth4 (32 flows)" "$miss" 0
# The kernel flushed nexthop object 4 (on eth4) without a word: the sync
# reads the tables again, and the groups' routes go by r3.
clos_check "  ... the kernel flushed nexthop object 4 silently: the sync followed" \
	clos_wait_for 5 route_is 10.21.0.0/16 "nexthop $nh3"
clos_check "  ... by a resync" clos_wait_for 5 sh -c \
	"'$CLOS_CTL' -s $SW -j fib stats | jq -e '.counters.resyncs >= 1'"
# Down took r4's IPv6 address and its routes: back as they were.
ip -n "$R4" link set eth0 up
ip -n "$R4" -6 addr add 2001:db8:4::2/64 dev eth0 nodad
ip -n "$R4" route replace default via 10.0.4.1
ip -n "$R4" -6 route replace default via 2001:db8:4::1
# What a routing daemon does when its peer is back: the nexthop again.
lip nexthop add id 4 via 10.0.4.2 dev eth4
lip nexthop replace id 10 group 3/4
lip nexthop replace id 11 group 3/4 type resilient buckets 128
both_groups() { route_action_is 10.9.0.0/16 ecmp && route_action_is 10.21.0.0/16 ecmp; }
clos_check "r4 back: 10.9.0.0/16 and 10.21.0.0/16 are two-member groups again" \
	clos_wait_for 15 both_groups
g9=$(route 10.9.0.0/16 | cut -d' ' -f2)
g21=$(route 10.21.0.0/16 | cut -d' ' -f2)
clos_check_eq "  ... on eth3 and eth4, 10.20.0.0/16 shares group $g9" \
	"$(group_ports "$g9") $(group_ports "$g21") $(route 10.20.0.0/16)" "eth3,eth4 eth3,eth4 ecmp $g9"

# ---- restart -------------------------------------------------------------------------------

# A UDP stream to 10.21.0.1 (the resilient group, which stays) runs across
# the restart; the routes change while the daemon is down.
for r in "$R3" "$R4"; do
	"$FLOWS" recv --netns "$r" --seconds 7 --port 7000 >"$TMP/recv-$r.json" 2>"$TMP/recv-$r.err" &
	BG_PIDS+=($!)
done
clos_wait_for 5 sh -c "grep -q listening $TMP/recv-$R3.err && grep -q listening $TMP/recv-$R4.err"
"$FLOWS" send --netns "$H1" --dst 10.21.0.1 --flows 32 --pps 400 --seconds 4 --port 7000 \
	>"$TMP/send.json" 2>&1 &
sender=$!
sleep 1
groups_before=$(ctl -j group show | jq -c '[.[].group]')
stop_daemon
clos_check_eq "SIGTERM stops the daemon cleanly" "exit $?" "exit 0"
clos_check_eq "  ... its status says stopped" "$(status_state)" stopped
clos_check_eq "  ... and the tables stay as they were" "$(route 10.20.0.0/16)" "ecmp $g9"
lip route del 10.20.0.0/16
lip route add 10.30.0.0/16 via 10.0.3.2
lip route replace 10.9.0.0/16 via 10.0.4.2
lip -6 route del 2001:db8:99::/64
start_daemon "the daemon starts again"
wait "$sender"
clos_check_eq "  ... a deleted route is gone" "$(route 10.20.0.0/16)" none
clos_check_eq "  ... a new one is there" "$(route 10.30.0.0/16)" "nexthop $nh3"
clos_check_eq "  ... a changed one changed" "$(route 10.9.0.0/16 | cut -d' ' -f1)" nexthop
clos_check_eq "  ... the IPv6 route is gone" "$(route 2001:db8:99::/64)" none
clos_check_eq "  ... the resilient group kept its id" "$(route 10.21.0.0/16)" "ecmp $g21"
clos_check_eq "  ... group $g9, which no route uses now, is gone" \
	"$(ctl -j group show | jq -c '[.[].group]')" "[$g21]"
used=$( (ctl -j table show route_v4; ctl -j table show route_v6; ctl -j group show) |
	jq -s '[.[0][], .[1][] | .params.nexthop? // empty] + [.[2][].members[].nexthop] | unique')
stale=$(ctl -j table show nexthop | jq --argjson used "$used" \
	'[.[] | .key.id | select(. >= 2048) | select(. as $i | $used | index($i) | not)] | length')
clos_check_eq "  ... no nexthop of the sync's range is left that nothing uses" "$stale" 0
for r in "$R3" "$R4"; do wait "${BG_PIDS[0]}" 2>/dev/null; BG_PIDS=("${BG_PIDS[@]:1}"); done
sent=$(jq .sent "$TMP/send.json")
got=$(cat "$TMP/recv-$R3.json" "$TMP/recv-$R4.json" | jq -s 'map(.packets) | add')
clos_check_eq "the stream across the restart lost nothing ($sent sent)" "$got" "$sent"
echo "    (groups before the restart: $groups_before)"

# ---- closctl fib -----------------------------------------------------------------------------

ctl fib show >"$TMP/show.txt"
sed 's/^/    /' "$TMP/show.txt"
clos_check_eq "closctl fib show: running, punted routes with reasons" \
	"$(grep -c -e '^fib sync of fsync-leaf: running' -e '10.77.0.0/24 *not_clos_port *via 10.99.0.2 dev eth9' \
		-e '^groups  *1 of 128 (ids 128-255): 1 resilient, 0 modulo' "$TMP/show.txt")" 3
ctl -j fib stats >"$TMP/stats.json"
clos_check_eq "closctl fib stats: full syncs, routes added, no write errors" \
	"$(jq -r '.counters | "\(.full_syncs) \(.tables.routes_added > 0) \(.errors.route_write + .errors.group_write + .errors.nexthop_write)"' "$TMP/stats.json")" \
	"1 true 0"
ctl fib stats | sed 's/^/    /'

# Detached under it: the daemon stops, saying so.
"$CLOS_LOADER" detach "$SW" >/dev/null
exited() { [ "$(awk '{ print $3 }' /proc/"$DAEMON"/stat 2>/dev/null)" != S ] &&
	   [ "$(awk '{ print $3 }' /proc/"$DAEMON"/stat 2>/dev/null)" != R ]; }
clos_check "detaching the switch stops the daemon" clos_wait_for 5 exited
wait "$DAEMON"
clos_check_eq "  ... exit 1, saying why" "$?/$(grep -c 'switch fsync-leaf: detached' "$TMP/daemon.log")" "1/1"
DAEMON=
clos_cleanup_prefix "$PREFIX"
clos_check_eq "namespaces deleted" "$(ip netns list | grep -c "^$PREFIX")" 0

clos_summary fibsync
