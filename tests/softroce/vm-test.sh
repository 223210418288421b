#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the Soft-RoCE VM (tests/softroce/vm.sh boots it): real rxe
# RoCEv2 endpoints talking across a clos fabric, once per mode (fast, queue).
#
# rxe does not work across network namespaces, so the two endpoints live in
# the VM's root namespace and the switches in namespaces. Each rack's host
# interface is moved from its host namespace to the root namespace, and
# policy routing sends what one endpoint address sends to the other out of
# its own interface into the fabric, instead of through loopback:
#
#     rxe0/sr1 (rack 1) -> leaf1 -> spine1|spine2 -> leaf2 -> sr2/rxe1 (rack 2)
#
# Checks per mode: ib_write_bw (8 QPs), ib_send_lat and rping pass; every
# RoCEv2 packet the endpoints sent crossed one leaf pair and one spine (the
# switches' BTH counter equals rxe's own); nothing was dropped; each QP's
# packets went to the spine `closctl route get` names for its UDP source
# port, and the QPs used both spines; DSCP 26 (rdma_cm ToS 104) landed in
# traffic class 3. The last line is "softroce: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
. netns-scripts/lib.sh

TOPO_BIN=$CLOS_ROOT/build/clos-topo
TMP=$(mktemp -d /tmp/softroce.XXXXXX)
TOPO=
DUMP_PIDS=()
TOS=104			# DSCP 26 << 2, what the RoCE endpoints mark
# 8 QPs, each with at most 4 messages of 4 packets outstanding: 128 frames
# in flight at most. In fast mode the leaf port's veth takes frames into a
# 256-frame XDP ring, and emulated XDP drains it slower than rxe fills it:
# 64 KiB messages (rxe lets 64 packets per QP fly) overflowed it.
WBW_OPTS="-R -q 8 -s 4096 -n 300 -t 4 --tos=$TOS -F"

clos_require softroce ip rdma jq tcpdump ib_write_bw ib_send_lat rping ethtool \
	-- "$TOPO_BIN" "$CLOS_CTL" "$CLOS_LOADER"

endpoints_down() {
	rdma link del rxe0 2>/dev/null
	rdma link del rxe1 2>/dev/null
	while ip rule del pref 100 2>/dev/null; do :; done
	while ip rule del pref 101 2>/dev/null; do :; done
	ip rule show | grep -q '^0:.*lookup local' || ip rule add pref 0 lookup local
	ip rule del pref 1000 2>/dev/null
	ip route flush table 101 2>/dev/null
	ip route flush table 102 2>/dev/null
}

cleanup() {
	clos_stop "${DUMP_PIDS[@]}"
	DUMP_PIDS=()
	endpoints_down
	[ -n "$TOPO" ] && "$TOPO_BIN" down "$TOPO" >/dev/null 2>&1
	TOPO=
}
trap 'cleanup; rm -rf "$TMP"' EXIT

# plan NODE IF KEY: a field of a port in the fabric's plan.
plan() {
	jq -r --arg n "$1" --arg i "$2" --arg k "$3" \
		'.nodes[] | select(.name == $n) | .ports[] | select(.ifname == $i) | .[$k]' \
		"$TMP/plan.json"
}
ip4() { plan "$@" ipv4 | sed 's|/.*||'; }
rxe_stat() { rdma -j statistic show link "$1/1" | jq ".[0].$2"; }

# Under TCG every process costs a fraction of a second, so the checks ask
# each switch once: switch_stats sets ROCE[SW] and DROPS[SW], the RoCEv2
# packets it counted and all it dropped, for the four switches. (The VM has
# no /dev/fd: no process substitution here.)
declare -A ROCE DROPS
switch_stats() {
	local sw
	for sw in leaf1 leaf2 spine1 spine2; do
		read -r "ROCE[$sw]" "DROPS[$sw]" <<<"$("$CLOS_CTL" -s "sr-$sw" -j stats |
			jq -r '"\(.stats.roce_v2.packets) \([.stats | to_entries[] | select(.key | startswith("drop_")) | .value.packets] | add)"')"
	done
}

# endpoint_move HOST IF: the host's interface into the root namespace as IF,
# with its planned address; GRO gives the veth NAPI for XDP redirects into
# it, and tx checksum offload off keeps TCP checksums (DESIGN.md 6).
endpoint_move() {
	local host=$1 ifc=$2
	ip -n "clos-sr-$host" link set eth0 down &&
	ip -n "clos-sr-$host" link set eth0 name "$ifc" &&
	ip -n "clos-sr-$host" link set "$ifc" netns 1 &&
	ip addr add "$(plan "$host" eth0 ipv4)" dev "$ifc" &&
	ip link set "$ifc" up &&
	ethtool -K "$ifc" gro on tx off >/dev/null &&
	sysctl -qw "net.ipv4.conf.$ifc.rp_filter=0" "net.ipv4.conf.$ifc.accept_local=1"
}

# endpoints_up: rack 1's host as sr1/rxe0, rack 2's as sr2/rxe1, and the
# rules that make A -> B leave through sr1 and B -> A through sr2. The
# local table goes after them, or the kernel would deliver A -> B locally.
endpoints_up() {
	A=$(ip4 h1-1 eth0) B=$(ip4 h2-1 eth0)
	GA=$(ip4 leaf1 eth3) GB=$(ip4 leaf2 eth3)
	sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
	endpoint_move h1-1 sr1 && endpoint_move h2-1 sr2 || return 1
	ip neigh replace "$GA" lladdr "$(plan leaf1 eth3 mac)" dev sr1 nud permanent &&
	ip neigh replace "$GB" lladdr "$(plan leaf2 eth3 mac)" dev sr2 nud permanent &&
	ip route add "$B/32" via "$GA" dev sr1 src "$A" table 101 &&
	ip route add "$A/32" via "$GB" dev sr2 src "$B" table 102 &&
	ip rule add pref 100 iif lo to "$B/32" lookup 101 &&
	ip rule add pref 100 oif sr1 to "$B/32" lookup 101 &&
	ip rule add pref 101 iif lo to "$A/32" lookup 102 &&
	ip rule add pref 101 oif sr2 to "$A/32" lookup 102 &&
	ip rule add pref 1000 lookup local &&
	ip rule del pref 0 lookup local &&
	rdma link add rxe0 type rxe netdev sr1 &&
	rdma link add rxe1 type rxe netdev sr2
}

counters_clear() {
	local sw
	for sw in leaf1 leaf2 spine1 spine2; do
		"$CLOS_CTL" -s "sr-$sw" counters clear || return 1
	done
}

# dump_start IF FILE: capture the RoCEv2 packets IF sends.
dump_start() {
	tcpdump -i "$1" -Q out -nn -B 16384 -w "$2" udp dst port 4791 2>"$2.log" &
	DUMP_PIDS+=($!)
}

dump_stop() {
	sleep 1
	kill -INT "${DUMP_PIDS[@]}" 2>/dev/null
	wait "${DUMP_PIDS[@]}" 2>/dev/null
	DUMP_PIDS=()
}

# sports FILE: "SPORT PACKETS" for every UDP source port in the capture.
sports() {
	tcpdump -r "$1" -nn 2>/dev/null |
		awk '$2 == "IP" { n = split($3, a, "."); c[a[n]]++ } END { for (p in c) print p, c[p] }'
}

# spines_of LEAF DST SRC SPORTS: for each "SPORT PACKETS" line of file
# SPORTS, a line with the spine the leaf sends that RoCE flow to. One
# closctl batch asks `route get` for every flow, and the plan is asked once
# for each of the leaf's ports (PEER_OF, emptied per mode): under TCG every
# process costs a fraction of a second, and a run has some 50 flows.
declare -A PEER_OF
spines_of() {
	local port

	awk -v d="$2" -v s="$3" \
		'{ print "route get " d " from " s " sport " $1 " dport 4791" }' "$4" |
		"$CLOS_CTL" -s "sr-$1" -j batch - | jq -r '.[].output.port' >"$4.ports"
	while read -r port; do
		[ -n "${PEER_OF[$1/$port]:-}" ] ||
			PEER_OF[$1/$port]=$(plan "$1" "$port" peer | sed 's/:.*//')
		echo "${PEER_OF[$1/$port]}"
	done <"$4.ports"
}

run_mode() {
	local mode=$1 out sent0 sent1 want sw total spine p n server
	TOPO=tests/softroce/fabric-$mode.yaml
	PEER_OF=()
	echo "# $mode mode"
	"$TOPO_BIN" -j show "$TOPO" >"$TMP/plan.json"
	if ! "$TOPO_BIN" up "$TOPO" >"$TMP/up.log" 2>&1; then
		clos_fail "$mode: clos-topo up" "$(tail -5 "$TMP/up.log" | tr '\n' ' ')"
		return
	fi
	clos_pass "$mode: clos-topo up (2 spines, 2 leaves)"
	if ! endpoints_up; then
		clos_fail "$mode: rxe endpoints in the root namespace"
		cleanup
		return
	fi
	clos_pass "$mode: rxe0 on $A (rack 1), rxe1 on $B (rack 2)"

	# TTL 64 - 3 switch hops: the reply crossed the fabric, not loopback.
	clos_check_eq "$mode: ping $A -> $B crosses three switches (reply TTL)" \
		"$(ping -c 3 -i 0.2 -W 2 "$B" | sed -n 's/.*ttl=\([0-9]*\).*/\1/p' | sort -u | tr '\n' ' ')" "61 "

	counters_clear || clos_fail "$mode: clear the counters"
	dump_start sr1 "$TMP/a-$mode.pcap"
	dump_start sr2 "$TMP/b-$mode.pcap"
	sleep 1

	# Servers in the background (bounded, like the clients); wait for
	# each by its PID, as the captures run on.
	timeout 150 ib_write_bw $WBW_OPTS >"$TMP/wbw-s.log" 2>&1 &
	server=$!
	sleep 1
	if out=$(timeout 120 ib_write_bw $WBW_OPTS "$B" 2>&1); then
		clos_pass "$mode: ib_write_bw, 8 QPs x 300 x 4 KiB: $(echo "$out" | awk '$1 == 4096 { print $4 " MB/s" }')"
	else
		clos_fail "$mode: ib_write_bw" "$(echo "$out" | tail -3 | tr '\n' ' ')"
	fi
	wait "$server"

	timeout 150 ib_send_lat -R -n 200 --tos=$TOS -F >"$TMP/lat-s.log" 2>&1 &
	server=$!
	sleep 1
	if out=$(timeout 120 ib_send_lat -R -n 200 --tos=$TOS -F "$B" 2>&1); then
		clos_pass "$mode: ib_send_lat, 200 x 2 B: typical $(echo "$out" | awk '$1 == 2 { print $5 " us" }')"
	else
		clos_fail "$mode: ib_send_lat" "$(echo "$out" | tail -3 | tr '\n' ' ')"
	fi
	wait "$server"

	# Both ends need -S: the server reads the client's buffer into its own.
	timeout 90 rping -s -a "$B" -C 10 -S 256 >"$TMP/rping-s.log" 2>&1 &
	server=$!
	sleep 1
	out=$(timeout 60 rping -c -a "$B" -C 10 -v -S 256 2>&1)
	n=$(echo "$out" | grep -c '^ping data: rdma-ping-')
	clos_check_eq "$mode: rping, 10 of 10 RDMA ping-pongs verified" "$n" "10"
	[ "$n" = 10 ] || { echo "$out" | tail -5; tail -5 "$TMP/rping-s.log"; }
	wait "$server"
	dump_stop

	# Every RoCEv2 packet either endpoint sent crossed one spine and both
	# leaves; nothing was lost or dropped.
	sent0=$(rxe_stat rxe0 sent_pkts) sent1=$(rxe_stat rxe1 sent_pkts)
	want=$((sent0 + sent1))
	echo "  info  rxe sent: rxe0 $sent0, rxe1 $sent1 packets"
	clos_check_eq "$mode: rxe1 received all rxe0 sent" "$(rxe_stat rxe1 rcvd_pkts)" "$sent0"
	clos_check_eq "$mode: rxe0 received all rxe1 sent" "$(rxe_stat rxe0 rcvd_pkts)" "$sent1"
	switch_stats
	clos_check_eq "$mode: leaf1 counted every RoCEv2 packet (BTH parsed)" "${ROCE[leaf1]}" "$want"
	clos_check_eq "$mode: leaf2 counted every RoCEv2 packet" "${ROCE[leaf2]}" "$want"
	total=$(( ROCE[spine1] + ROCE[spine2] ))
	clos_check_eq "$mode: the spines together counted each RoCEv2 packet once" "$total" "$want"
	n=$(( DROPS[leaf1] + DROPS[leaf2] + DROPS[spine1] + DROPS[spine2] ))
	clos_check_eq "$mode: packets dropped by the switches" "$n" "0"
	clos_check_eq "$mode: packets the endpoints' links dropped (tx_dropped)" \
		"$(( $(ip -j -s link show sr1 | jq '.[0].stats64.tx.dropped') + $(ip -j -s link show sr2 | jq '.[0].stats64.tx.dropped') ))" "0"
	if [ "$mode" = queue ]; then
		n=0
		for sw in leaf1 leaf2 spine1 spine2; do
			n=$((n + $(ip netns exec "clos-sr-$sw" tc -s qdisc show |
				awk '/dropped/ { gsub(",", ""); s += $7 } END { print s + 0 }')))
		done
		clos_check_eq "$mode: packets dropped by the HTB queues" "$n" "0"
	fi
	clos_check_eq "$mode: captures hold every packet sent" \
		"$(( $(tcpdump -r "$TMP/a-$mode.pcap" 2>/dev/null | wc -l) + $(tcpdump -r "$TMP/b-$mode.pcap" 2>/dev/null | wc -l) ))" \
		"$want"

	# ECMP per QP: each UDP source port's packets on the spine route get
	# names; summed per spine, exactly the spines' counters.
	declare -A predicted=([spine1]=0 [spine2]=0)
	sports "$TMP/a-$mode.pcap" >"$TMP/sp-a"
	sports "$TMP/b-$mode.pcap" >"$TMP/sp-b"
	: >"$TMP/map-$mode"
	spines_of leaf1 "$B" "$A" "$TMP/sp-a" >"$TMP/sp-a-spine"
	spines_of leaf2 "$A" "$B" "$TMP/sp-b" >"$TMP/sp-b-spine"
	paste -d' ' "$TMP/sp-a" "$TMP/sp-a-spine" >"$TMP/sp-a-all"
	paste -d' ' "$TMP/sp-b" "$TMP/sp-b-spine" >"$TMP/sp-b-all"
	while read -r p n spine; do
		predicted[$spine]=$(( ${predicted[$spine]:-0} + n ))
		echo "rack1->rack2 sport $p -> $spine ($n packets)" >>"$TMP/map-$mode"
	done <"$TMP/sp-a-all"
	while read -r p n spine; do
		predicted[$spine]=$(( ${predicted[$spine]:-0} + n ))
		echo "rack2->rack1 sport $p -> $spine ($n packets)" >>"$TMP/map-$mode"
	done <"$TMP/sp-b-all"
	sed 's/^/  info  /' "$TMP/map-$mode"
	clos_check "$mode: at least 8 UDP source ports (QPs) from rack 1" \
		test "$(wc -l <"$TMP/sp-a")" -ge 8
	for spine in spine1 spine2; do
		clos_check_eq "$mode: $spine forwarded the packets of the QPs hashed to it" \
			"${ROCE[$spine]}" "${predicted[$spine]}"
	done
	clos_check "$mode: QPs from rack 1 took both spines" \
		test "$(awk '$1 == "rack1->rack2" { print $5 }' "$TMP/map-$mode" | sort -u | wc -l)" -eq 2

	# Class: DSCP 26 -> TC3 at every port it leaves (trust DSCP, dscp >> 3).
	n=$(tcpdump -r "$TMP/a-$mode.pcap" -nn '(ip[1] & 0xfc) == 104' 2>/dev/null | wc -l)
	clos_check "$mode: the endpoints sent DSCP 26 ($n packets from rack 1)" test "$n" -gt 0
	clos_check_eq "$mode: leaf1's uplinks put every DSCP 26 packet in TC3" \
		"$("$CLOS_CTL" -s sr-leaf1 -j queue show |
			jq '[.[] | select((.port == "eth1" or .port == "eth2") and .tc == 3) | .packets] | add')" "$n"

	cleanup
	clos_check "$mode: clos-topo down leaves no namespace" \
		test -z "$(ip netns list | grep '^clos-sr-')"
}

# SOFTROCE_LIB=1: define the functions only (for debugging in the VM).
[ -n "${SOFTROCE_LIB:-}" ] && return 0
for mode in ${SOFTROCE_MODES:-fast queue}; do
	run_mode "$mode"
done
clos_summary softroce
