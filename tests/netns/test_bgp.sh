#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# BGP fabric test (routing: bgp): clos-topo brings up 2 spines x 4 leaves x
# 1 host per leaf in namespaces clos-tbgp-*, with FRR (zebra, bfdd, bgpd)
# and clos-fibsync in every switch namespace, and we check:
#   - every BGP session is established and every BFD session up within a
#     bound (the time from `up` is reported);
#   - what FRR generated: ASNs (spines 65000, leaf r 6510r), BFD 3 x 100 ms;
#   - each leaf's kernel FIB has every other rack via both spines, IPv4 and
#     IPv6; each spine has every rack via its leaf; nothing else leaks
#     (no fabric link prefix, only rack aggregates);
#   - ping across racks; steady flows go through the clos data path (the
#     switches' forwarded counters move, the kernels' forwarding does not),
#     and the leaves' clos tables (closctl route get) spread them over both
#     spines; while spine1 is out, over spine2 alone;
#   - failures, with steady flows from racks 1, 2 and 3 to rack 4: the
#     spine1-leaf4 link down, all of spine1's links down, spine1's bgpd
#     killed. Each rack's loss window (its flows' longest silence) is
#     reported and must stay under 1 s, and nothing is lost after it; the
#     spine1 path is gone from every leaf's FIB. After each restore both
#     spines carry traffic again;
#   - BFD and BGP did not flap under the steady load;
#   - restarting clos-fibsync under traffic loses nothing;
#   - down (also after daemons died) leaves no daemon, namespace or file.
set -u

cd "$(dirname "$0")/../.."
. netns-scripts/lib.sh

FABRIC=tbgp
clos_fabric_test bgp fabric.yaml
FIBSYNC_BIN=$CLOS_BUILD/clos-fibsync
RUN=/run/clos/$FABRIC.bgp
# Steady flows: each of racks 1-3 sends FLOWS flows at PPS to h4-1.
FLOWS=20
PPS=2000
FLOW_GAP_MS=$((1000 * FLOWS / PPS))	# between two packets of one flow
CONVERGE_S=30

cat >"$TOPO" <<EOF
name: $FABRIC
routing: bgp
fabric: {spines: 2, leaves: 4, hosts_per_leaf: 1}
EOF

ok() { clos_pass "$1"; }
fail() { clos_fail "$1"; }
check() { clos_check_eq "$1" "$3" "$2"; }
check_true() { if eval "$2"; then clos_pass "$1"; else clos_fail "$1"; fi; }
info() { echo "  info  $*"; }
topo() { "$TOPO_BIN" "$@"; }
ns() { echo "clos-$FABRIC-$1"; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
addr() {
	jq -r --arg n "$1" --arg i "$2" --arg f "$3" \
		'.nodes[] | select(.name == $n) | .ports[] | select(.ifname == $i) | .[$f] | sub("/.*"; "")' \
		"$TMP/plan.json"
}
vty() { local node=$1; shift; vtysh -N "$(ns "$node")" -c "$*" 2>/dev/null; }

# nexthops NODE PREFIX: the gateways of NODE's kernel route to PREFIX, sorted.
nexthops() {
	local fam=-4
	case $2 in *:*) fam=-6 ;; esac
	ip -n "$(ns "$1")" "$fam" -j route show "$2" | jq -r '.[0] | if .nexthops then
		.nexthops[].gateway else .gateway // empty end' | sort | tr '\n' ' '
}
# fib_complete: every leaf has the 3 other racks via 2 spines, IPv4 and IPv6.
fib_complete() {
	local l r
	for l in 1 2 3 4; do
		for r in 1 2 3 4; do
			[ "$l" = "$r" ] && continue
			[ "$(nexthops "leaf$l" "10.1.$r.0/24" | wc -w)" = 2 ] || return 1
			[ "$(nexthops "leaf$l" "fd00:1:$r::/48" | wc -w)" = 2 ] || return 1
		done
	done
}
converged() {
	[ "$(topo -j status "$TOPO" | jq -r .converged)" = true ] && fib_complete
}
# wait_ms BOUND_MS CMD...: poll CMD until it holds; prints the ms it took
# from T0_MS (default: now), or -1 past the bound.
wait_ms() {
	local bound=$1 t0=${T0_MS:-$(now_ms)}; shift
	while ! "$@"; do
		[ $(($(now_ms) - t0)) -gt "$bound" ] && { echo -1; return 1; }
		sleep 0.02
	done
	echo $(($(now_ms) - t0))
}
wait_for() { local s=$1; shift; wait_ms $((s * 1000)) "$@"; }
# port_rx SPINE IF: packets the spine's data path took in on IF.
port_rx() {
	"$CLOS_CTL" -s "$FABRIC-$1" -j stats | jq --arg i "$2" '.ports[] | select(.name == $i) | .rx.packets'
}
# dp_ports LEAF: the ports LEAF's clos tables send 32 flows to rack 4 out of
# (closctl route get, the data path's own decision), or DROP:verdict.
dp_ports() {
	local l=${1#leaf} sp
	for sp in $(seq 40000 40031); do
		echo "route get $DST from 10.1.$l.1 sport $sp dport 7001"
	done | "$CLOS_CTL" -s "$FABRIC-$1" -j batch - |
		jq -r '.[].output | if (.verdict | startswith("forwarded")) then .port else "DROP:" + .verdict end' |
		sort -u | tr '\n' ' '
}
stat_of() { "$CLOS_CTL" -s "$FABRIC-$1" -j stats | jq ".stats.$2.packets"; }
# kernel_fwd NODE: datagrams NODE's kernel forwarded, IPv4 + IPv6.
kernel_fwd() {
	ip netns exec "$(ns "$1")" cat /proc/net/snmp /proc/net/snmp6 | awk '
		/^Ip: [0-9]/ { split(hdr, h); for (i = 2; i <= NF; i++) if (h[i] == "ForwDatagrams") n += $i }
		/^Ip: [A-Z]/ { hdr = $0 }
		$1 == "Ip6OutForwDatagrams" { n += $2 }
		END { print n + 0 }'
}
# flaps: BFD session-down events and BGP connections dropped, fabric-wide.
flaps() {
	local n total=0
	for n in spine1 spine2 leaf1 leaf2 leaf3 leaf4; do
		total=$((total + $(vty "$n" show bfd peers counters json | jq '[.[]."session-down"] | add // 0')))
		total=$((total + $(vty "$n" show bgp summary json |
			jq '[.[].peers // {} | .[].connectionsDropped] | add // 0')))
	done
	echo "$total"
}

# ---- traffic: racks 1-3 -> h4-1 ---------------------------------------------

DST=""
# traffic_start NAME SECONDS: a receiver per rack on h4-1 (port 7001..7003)
# and a sender in each of h1-1, h2-1, h3-1.
traffic_start() {
	local name=$1 secs=$2 r
	for r in 1 2 3; do
		"$FLOWS_BIN" recv --netns "$(ns h4-1)" --port $((7000 + r)) --seconds "$((secs + 2))" \
			>"$TMP/$name.recv$r.json" 2>"$TMP/$name.recv$r.err" &
		BG_PIDS+=($!)
	done
	# "lost nothing" counts from the first packet: every receiver must
	# listen before a sender starts (a loaded machine takes its time).
	for r in 1 2 3; do
		clos_wait_for 10 grep -q "listening on udp port $((7000 + r))" "$TMP/$name.recv$r.err" ||
			info "$name: rack $r's receiver did not say it listens within 10 s"
	done
	for r in 1 2 3; do
		"$FLOWS_BIN" send --netns "$(ns "h$r-1")" --dst "$DST" --port $((7000 + r)) \
			--flows "$FLOWS" --pps "$PPS" --seconds "$secs" >"$TMP/$name.send$r.json" &
		BG_PIDS+=($!)
	done
}
traffic_wait() {
	clos_stop_wait "${BG_PIDS[@]}"
	BG_PIDS=()
}
# clos_stop kills; here the jobs end by themselves.
clos_stop_wait() { local p; for p in "$@"; do wait "$p" 2>/dev/null; done; }
# rack_result NAME R: "sent got lost max_gap_ms flows_seen"
rack_result() {
	echo "$(jq .sent "$TMP/$1.send$2.json") $(jq '.packets, .lost, .max_gap_ms, .flows_seen' \
		"$TMP/$1.recv$2.json" | tr '\n' ' ')"
}
# check_clean NAME WHAT: a run with no loss at all.
check_clean() {
	local r sent got lost gap seen
	for r in 1 2 3; do
		read -r sent got lost gap seen <<<"$(rack_result "$1" "$r")"
		check "$2: rack $r -> 4 lost nothing ($got of $sent, all $FLOWS flows)" \
			"$sent $FLOWS" "$got $seen"
	done
}
# check_failover NAME WHAT: each rack's loss window < 1 s; reported.
check_failover() {
	local r sent got lost gap seen win worst=0
	for r in 1 2 3; do
		read -r sent got lost gap seen <<<"$(rack_result "$1" "$r")"
		# A flow's longest silence minus its normal gap: the outage.
		win=$(awk -v g="$gap" -v n="$FLOW_GAP_MS" 'BEGIN {w = g - n; printf "%d", w < 0 ? 0 : w}')
		check "$2: rack $r -> 4: every flow went on" "$FLOWS" "$seen"
		check_true "$2: rack $r -> 4 loss window $win ms < 1000 ms ($lost lost of $sent)" \
			"[ $win -lt 1000 ] && [ $((sent - got)) -lt $PPS ]"
		info "$2: rack $r -> 4: $lost of $sent packets lost, longest flow silence $gap ms, loss window ~$win ms"
		[ "$win" -gt "$worst" ] && worst=$win
	done
	echo "$worst" >"$TMP/$1.window"
}

# ---- up ---------------------------------------------------------------------

topo -j show "$TOPO" >"$TMP/plan.json"
DST=$(addr h4-1 eth0 ipv4)
SPINE1_TO_LEAF=$(addr spine1 eth1 ipv4)	# leaf1's gateway via spine1
SPINE2_TO_LEAF=$(addr spine2 eth1 ipv4)
t_up=$(now_ms)
if topo up "$TOPO" >"$TMP/up.log" 2>&1; then
	ok "clos-topo up brings the BGP fabric up ($(($(now_ms) - t_up)) ms)"
else
	fail "clos-topo up: $(cat "$TMP/up.log")"
	clos_summary bgp
	exit 1
fi
conv_ms=$(wait_for "$CONVERGE_S" converged)
check_true "every session established, BFD up, FIB complete within ${CONVERGE_S} s" "[ $conv_ms -ge 0 ]"
info "convergence: $conv_ms ms after up returned, $(($(now_ms) - t_up)) ms after up started"
if [ "$conv_ms" -lt 0 ]; then
	topo status "$TOPO"
	clos_summary bgp
	exit 1
fi

flaps0=$(flaps)
topo -j status "$TOPO" >"$TMP/status.json"
check "status: up, converged" "true true" "$(jq -r '"\(.up) \(.converged)"' "$TMP/status.json")"
check "status: 32 sessions (2 per link), all established, BFD up" "32 32 32" \
	"$(jq -r '"\(.sessions) \(.established) \(.bfd_up)"' "$TMP/status.json")"
check "status: zebra, bfdd, bgpd, clos-fibsync run on all 6 switches" "6" \
	"$(jq '[.nodes[] | select(.frr.zebra and .frr.bfdd and .frr.bgpd and .fibsync)] | length' "$TMP/status.json")"
check "status: leaf1's sessions: spine1/2, IPv4/IPv6, AS 65000, 3 prefixes each" \
	"10.255.1.0/ipv4/65000/3 10.255.1.2/ipv4/65000/3 fd00:ff:1:1::1/ipv6/65000/3 fd00:ff:1:2::1/ipv6/65000/3" \
	"$(jq -r '.nodes[] | select(.name == "leaf1") | [.bgp[] | "\(.peer)/\(.afi)/\(.remote_as)/\(.prefixes)"] | sort | join(" ")' "$TMP/status.json")"
check "no link watcher (each clos-fibsync follows its links)" "0" \
	"$(ls /run/clos/$FABRIC.watch.pid 2>/dev/null | wc -l)"
check "a second up is refused" "1" "$(topo up "$TOPO" >/dev/null 2>&1; echo $?)"

# ---- what FRR runs ----------------------------------------------------------

check "leaf3 is AS 65103, spine2 AS 65000" "65103 65000" \
	"$(vty leaf3 show bgp summary json | jq .ipv4Unicast.as) $(vty spine2 show bgp summary json | jq .ipv4Unicast.as)"
check "BFD: 100 ms x 3 on leaf1's sessions" "100 100 3" \
	"$(vty leaf1 show bfd peers json | jq -r '[.[] | "\(."transmit-interval") \(."receive-interval") \(."detect-multiplier")"] | unique | join(",")')"
check "fast external failover on, no graceful restart" "1 0" \
	"$(grep -c '^ bgp fast-external-failover$' "$RUN/leaf1/bgpd.conf") $(vty leaf1 show bgp neighbors json |
		jq '[.[].gracefulRestartInfo.localGrMode // empty | select(startswith("Disable") | not)] | length')"
check "leaf1 multipath over its 2 spines" "2" \
	"$(vty leaf1 show ip bgp 10.1.4.0/24 json | jq '[.paths[] | select(.multipath or .bestpath.overall)] | length')"

# ---- FIBs -------------------------------------------------------------------

check "leaf1 reaches rack 4 via both spines (IPv4)" "$SPINE1_TO_LEAF $SPINE2_TO_LEAF " \
	"$(nexthops leaf1 10.1.4.0/24)"
check "leaf1 reaches rack 4 via both spines (IPv6, global next hops)" \
	"$(addr spine1 eth1 ipv6) $(addr spine2 eth1 ipv6) " "$(nexthops leaf1 fd00:1:4::/48)"
check "leaf2's BGP routes: the other racks, and its own aggregate as a blackhole" \
	"10.1.1.0/24 10.1.2.0/24/blackhole 10.1.3.0/24 10.1.4.0/24" \
	"$(ip -n "$(ns leaf2)" -j route show proto bgp | jq -r '[.[] | .dst + (if .type == "blackhole" then "/blackhole" else "" end)] | sort | join(" ")')"
check "spine1's BGP routes: each rack via its leaf, nothing else" \
	"10.1.1.0/24=$(addr leaf1 eth1 ipv4) 10.1.2.0/24=$(addr leaf2 eth1 ipv4) 10.1.3.0/24=$(addr leaf3 eth1 ipv4) 10.1.4.0/24=$(addr leaf4 eth1 ipv4)" \
	"$(ip -n "$(ns spine1)" -j route show proto bgp | jq -r '[.[] | "\(.dst)=\(.gateway)"] | sort | join(" ")')"
leaks=0
for n in spine1 spine2 leaf1 leaf2 leaf3 leaf4; do
	leaks=$((leaks + $(ip -n "$(ns "$n")" -j route show proto bgp | jq '[.[] | select(.dst | startswith("10.1.") | not)] | length')))
	leaks=$((leaks + $(ip -n "$(ns "$n")" -6 -j route show proto bgp | jq '[.[] | select(.dst | startswith("fd00:1:") | not)] | length')))
done
check "no switch learnt anything but rack aggregates" "0" "$leaks"

# ---- reachability and the data path -----------------------------------------

pings=0 good=0
for a in 1 2 3 4; do
	for b in 1 2 3 4; do
		[ "$a" -lt "$b" ] || continue
		for fam in ipv4 ipv6; do
			pings=$((pings + 1))
			topo exec "$TOPO" "h$a-1" -- ping -c 2 -i 0.2 -W 1 "$(addr "h$b-1" eth0 "$fam")" \
				>/dev/null 2>&1 && good=$((good + 1))
		done
	done
done
check "ping between every two racks, IPv4 and IPv6" "$pings" "$good"

fwd0=$(stat_of leaf1 forwarded)
kfwd0=0
for n in spine1 spine2 leaf1 leaf4; do kfwd0=$((kfwd0 + $(kernel_fwd "$n"))); done
s1=$(port_rx spine1 eth1) s2=$(port_rx spine2 eth1)
traffic_start base 4
traffic_wait
check_clean base "steady flows"
sent=$(jq .sent "$TMP/base.send1.json")
d1=$(($(port_rx spine1 eth1) - s1)) d2=$(($(port_rx spine2 eth1) - s2))
check_true "rack 1's flows over both spines (spine1 $d1, spine2 $d2 of $sent)" \
	"[ $d1 -gt $((sent / 5)) ] && [ $d2 -gt $((sent / 5)) ]"
fwd=$(($(stat_of leaf1 forwarded) - fwd0))
kfwd=0
for n in spine1 spine2 leaf1 leaf4; do kfwd=$((kfwd + $(kernel_fwd "$n"))); done
kfwd=$((kfwd - kfwd0))
check_true "the clos data path forwarded rack 1's flows at leaf1 ($fwd of $sent)" "[ $fwd -ge $sent ]"
for l in 1 2 3; do
	check "leaf$l's clos tables spread rack 4's flows over both spines" "eth1 eth2 " "$(dp_ports "leaf$l")"
done
check_true "the switches' kernels forwarded (almost) none of them ($kfwd)" "[ $kfwd -lt $((sent / 100)) ]"

# ---- failures ---------------------------------------------------------------

# spine1_gone: no leaf of racks 1-3 routes rack 4 via spine1 (cheap: polled).
SPINE1_GW=(none $(addr spine1 eth1 ipv4) $(addr spine1 eth2 ipv4) $(addr spine1 eth3 ipv4))
spine1_gone() {
	local l
	for l in 1 2 3; do
		ip -n "$(ns "leaf$l")" -4 route show 10.1.4.0/24 | grep -q "via ${SPINE1_GW[$l]} " && return 1
	done
	return 0
}
# failure NAME WHAT FAIL-CMD RESTORE-CMD [CHECK-CMD]: CHECK-CMD runs while
# the failure lasts.
failure() {
	local name=$1 what=$2 fail_cmd=$3 restore_cmd=$4 during=${5:-} ms s1 s2 d1 d2 sent t0
	traffic_start "$name" 6
	sleep 2
	t0=$(now_ms)
	eval "$fail_cmd"
	ms=$(T0_MS=$t0 wait_ms 3000 spine1_gone)
	check_true "$what: every leaf's FIB stops routing rack 4 via spine1 within 1 s ($ms ms)" \
		"[ $ms -ge 0 ] && [ $ms -lt 1000 ]"
	info "$what: leaves 1-3 dropped spine1 for rack 4 ${ms} ms after the failure"
	traffic_wait
	check_failover "$name" "$what"
	traffic_start "$name-after" 2
	traffic_wait
	check_clean "$name-after" "$what, after the window"
	check "$what: the clos tables of leaves 1-3 send rack 4 via spine2 only" \
		"eth2 |eth2 |eth2 " "$(dp_ports leaf1)|$(dp_ports leaf2)|$(dp_ports leaf3)"
	eval "$during"

	eval "$restore_cmd"
	ms=$(wait_for "$CONVERGE_S" converged)
	check_true "$what, restored: converged again within ${CONVERGE_S} s ($ms ms)" "[ $ms -ge 0 ]"
	info "$what: restored, converged in $ms ms"
	s1=$(port_rx spine1 eth1) s2=$(port_rx spine2 eth1)
	traffic_start "$name-restored" 2
	traffic_wait
	check_clean "$name-restored" "$what, restored"
	sent=$(jq .sent "$TMP/$name-restored.send1.json")
	d1=$(($(port_rx spine1 eth1) - s1)) d2=$(($(port_rx spine2 eth1) - s2))
	check_true "$what, restored: both spines carry rack 1's flows (spine1 $d1, spine2 $d2 of $sent)" \
		"[ $d1 -gt $((sent / 5)) ] && [ $d2 -gt $((sent / 5)) ]"
	check "$what, restored: leaf1's clos tables use both spines again" "eth1 eth2 " "$(dp_ports leaf1)"
}

flaps1=$(flaps)
check "no BFD or BGP flap under steady load" "$flaps0" "$flaps1"

failure link "spine1-leaf4 link down" \
	'topo link "$TOPO" spine1:eth4 down' \
	'topo link "$TOPO" spine1:eth4 up'

failure spine "spine1's links all down" \
	'for i in 1 2 3 4; do topo link "$TOPO" spine1:eth$i down; done' \
	'for i in 1 2 3 4; do topo link "$TOPO" spine1:eth$i up; done'

# A link that stays up but whose control packets vanish: BFD must find it
# (3 x 100 ms), as neither end sees a link state change. leaf4's kernel
# drops what spine1 sends it from its eth4 addresses (BFD, BGP); local
# delivery is looked up at rule 0, so that rule moves behind the drop.
silence() {
	local op=$1 l4 fam from
	l4=$(ns leaf4)
	for fam in -4 -6; do
		from=$(addr spine1 eth4 "$([ "$fam" = -4 ] && echo ipv4 || echo ipv6)")
		if [ "$op" = on ]; then
			ip -n "$l4" "$fam" rule add pref 10 from "$from" iif eth1 blackhole
			ip -n "$l4" "$fam" rule add pref 20 lookup local
			ip -n "$l4" "$fam" rule del pref 0 lookup local
		else
			ip -n "$l4" "$fam" rule add pref 0 lookup local
			ip -n "$l4" "$fam" rule del pref 20 lookup local
			ip -n "$l4" "$fam" rule del pref 10
		fi
	done
}
bfd_down() {
	check "BFD took spine1-leaf4 down: leaf4's BFD to spine1 is down, IPv4 and IPv6" "down down" \
		"$(vty leaf4 show bfd peers json | jq -r '[.[] | select(.peer == "10.255.4.0" or .peer == "fd00:ff:4:1::1") | .status] | join(" ")')"
}
failure silent "spine1-leaf4 link silent (BFD)" 'silence on' 'silence off' bfd_down

# close_fds: in a subshell about to exec a daemon, close all but 0-2, as
# clos-topo does: one that outlived this test must not hold its lock.
close_fds() {
	local fd
	for fd in $(ls /proc/$BASHPID/fd); do
		[ "$fd" -gt 2 ] && eval "exec $fd>&-"
	done
}
# bgpd restarts as clos-topo started it (routing.h: its files).
restart_bgpd() {
	(close_fds; exec ip netns exec "$(ns spine1)" /usr/lib/frr/bgpd -d -N "$(ns spine1)" -P 0 \
		-i "$RUN/spine1/bgpd.pid" -f "$RUN/spine1/bgpd.conf") >>"$TMP/bgpd-restart.log" 2>&1
}
failure bgpd "spine1's bgpd killed" \
	'kill -KILL "$(cat "$RUN/spine1/bgpd.pid")"' \
	'restart_bgpd'

# ---- clos-fibsync restarts under traffic -------------------------------------

traffic_start fibsync 5
sleep 1.5
for n in leaf1 spine1 spine2 leaf4; do
	kill "$(cat "$RUN/$n/fibsync.pid")"
	(close_fds; exec "$FIBSYNC_BIN" "$FABRIC-$n") </dev/null >>"$RUN/$n/fibsync.log" 2>&1 &
	echo $! >"$RUN/$n/fibsync.pid"
done
traffic_wait
check_clean fibsync "clos-fibsync of leaf1, spine1, spine2, leaf4 restarted under traffic"
check "status: clos-fibsync runs again on all 6 switches" "6" \
	"$(topo -j status "$TOPO" | jq '[.nodes[] | select(.fibsync)] | length')"

# ---- down -------------------------------------------------------------------

# Daemons that died (a crash) do not stop down.
kill -KILL "$(cat "$RUN/leaf2/zebra.pid")" "$(cat "$RUN/leaf3/fibsync.pid")"
topo down "$TOPO" >/dev/null 2>&1
running=0
for p in $(pgrep -f "clos-$FABRIC-|$FABRIC-(spine|leaf)"); do
	[ "$(awk '{print $3}' "/proc/$p/stat" 2>/dev/null)" = Z ] || running=$((running + 1))
done
check "no FRR daemon or clos-fibsync of the fabric runs" "0" "$running"
check "no namespace left" "0" "$(ip netns list | grep -c "^clos-$FABRIC-")"
check "no run files left (clos-topo's, clos-fibsync's)" "0" "$(ls /run/clos 2>/dev/null | grep -c "^$FABRIC[.-]")"
check "no FRR socket directory left" "0" "$(ls /run/frr 2>/dev/null | grep -c "^clos-$FABRIC-")"
check "down again is fine" "0" "$(topo down "$TOPO" >/dev/null 2>&1; echo $?)"

clos_summary bgp
