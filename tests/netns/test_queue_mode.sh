#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Queue mode of clos-loader: one leaf switch, two hosts, namespaces
# clos-qmode-*.
#
#   h1 10.0.1.2 2001:db8:1::2 -- eth1 [leaf] eth2 -- h2 10.0.2.2 2001:db8:2::2
#                          rate 1gbit    rate 100mbit
#
# The leaf's kernel does not forward, so whatever crosses h1 <-> h2 crossed
# the TC programs. Checks: an attach that meets a foreign clsact qdisc (a filter on it)
# leaves nothing behind; attach --mode queue --tc-hook clsact --rates puts the TC programs on
# clsact ingress and egress of both ports and an HTB tree (root 1:, parent
# 1:100 at the port's rate, 8 leaf classes) on each rated port, and writes
# the QoS defaults and rate-scaled profiles; re-attach in the same mode is a
# no-op, in the other mode (or at another rate) refused; ping v4/v6 both
# ways with TTL 63; a UDP burst arrives whole (tcpdump, TTL 63, counters);
# frames land in the HTB class of their traffic class (DSCP 26 -> 1:4,
# DSCP 46 -> 1:6, DSCP 48 -> 1:7, DSCP 0 -> 1:1; forwarded frames by the
# ingress lane, the leaf's own by the egress program); the 100mbit port delivers
# no more than its rate; a 4-packet fifo under class 1:2 overflows and
# closctl queue show reports the class's counters (dropped, sent, ...) as
# `tc -s class show` does, closctl stats the port's queue drops; a port
# without a rate has no kernel queue (qdisc null); ARP tagged with another
# VID or 802.1ad never reaches the kernel, and an ARP flood meets the punt
# policer (clos_oneleaf_punt_checks); detach removes clsact,
# HTB, pins and programs.
# Where the kernel has tcx (Linux 6.6), queue mode's default: the programs
# on the ports' tcx hooks and no clsact qdisc, frames in the HTB class of
# their traffic class all the same, and detach takes them off; --tc-hook
# refused in fast mode and with a word it does not know.
# Then fast mode with --rates: the same tables, no kernel queue (closctl
# shows qdisc and queue_drops null), and a queue-mode attach of it refused. Last, clos-topo: `mode` in topology
# files (top level and per node, checked with FILE:LINE), and a fabric
# mixing fast and queue switches carries v4 and v6 both ways, with each
# queue switch's ports shaped to their links' rates. Runs as root; cleans
# up on any exit.
set -u

cd "$(dirname "$0")/../.." || exit 1
. netns-scripts/lib.sh

PREFIX=clos-qmode-
SW=qmode-leaf
LEAF=${PREFIX}leaf
H1=${PREFIX}h1
H2=${PREFIX}h2
PINS=/sys/fs/bpf/clos/$SW
FLOWS_BIN=$CLOS_BUILD/clos-flows
RATES=eth1=1gbit,eth2=100mbit
N4=100			# UDP datagrams in the burst
PORT4=9997
PAYLOAD=10		# bytes per datagram: "clos%06d"
NPING=20		# echo requests per DSCP

TOPO_BIN=$CLOS_BUILD/clos-topo

TMP=$(mktemp -d /tmp/clos-qmode.XXXXXX)
MIX=$TMP/mix.yaml
BG_PIDS=()

cleanup() {
	clos_stop "${BG_PIDS[@]}"
	[ -e "$MIX" ] && "$TOPO_BIN" down "$MIX" >/dev/null 2>&1
	"$CLOS_LOADER" detach "$SW" >/dev/null 2>&1
	clos_cleanup_prefix "$PREFIX" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ctl() { "$CLOS_CTL" -s "$SW" "$@"; }
lexec() { ip netns exec "$LEAF" "$@"; }
stats_save() { ctl -j stats >"$TMP/$1.json"; }
delta() { echo $(( $(jq "$3" "$TMP/$2.json") - $(jq "$3" "$TMP/$1.json") )); }
# jq: the frames all ports received; those counted forwarded, punt_*, drop_*.
RX='[.ports[].rx.packets] | add'
ENDED='[.stats | to_entries[] | select(.key | test("^(forwarded|punt_|drop_)")) | .value.packets] | add'

# qdiscs DEV: the kinds of DEV's qdiscs on the leaf, sorted, one line.
qdiscs() { lexec tc -j qdisc show dev "$1" | jq -r '[.[].kind] | sort | join(",")'; }
# class_bytes / class_pkts DEV CLASSID: what an HTB class sent, from its
# "Sent B bytes P pkt" line (tc prints no JSON for HTB classes).
class_bytes() { lexec tc -s class show dev "$1" classid "$2" | awk '/Sent/ {print $2; exit}'; }
class_pkts() { lexec tc -s class show dev "$1" classid "$2" | awk '/Sent/ {print $4; exit}'; }
# class_json DEV CLASSID: an HTB class's counters from `tc -s class show`
# ("Sent B bytes P pkt (dropped D, overlimits O requeues R)" and
# "backlog Xb Yp"), shaped like closctl's "qdisc" object without "class":
# the independent reference for closctl queue show.
class_json() {
	lexec tc -s class show dev "$1" classid "$2" | awk '
		/ Sent / { gsub(/[(),]/, ""); sb = $2; sp = $4; d = $7; o = $9 }
		/ backlog / { b = $2; p = $3; sub(/b$/, "", b); sub(/p$/, "", p) }
		END { printf "{\"sent_packets\":%s,\"sent_bytes\":%s,\"dropped\":%s,", sp, sb, d
		      printf "\"overlimits\":%s,\"backlog_bytes\":%s,\"backlog_packets\":%s}\n", o, b, p }'
}
# class_drops_sum DEV: what the leaf classes 1:1..1:8 of DEV dropped.
class_drops_sum() {
	lexec tc -s class show dev "$1" | awk '
		/^class htb 1:[1-8] / { leaf = 1; next }
		/^class / { leaf = 0 }
		leaf && / Sent / { gsub(/[(),]/, ""); sum += $7 }
		END { print sum + 0 }'
}
# qrow PORT TC JQ: a field of closctl -j queue show's row for PORT and TC.
qrow() { ctl -j queue show "$1" | jq -c ".[] | select(.tc == $2) | $3"; }
# leaf_classes DEV: how many classes hang off the parent 1:100.
leaf_classes() { lexec tc class show dev "$1" | grep -c 'parent 1:100 '; }
# filter_prog DEV ingress|egress: the name of the BPF filter on that hook.
filter_prog() { lexec tc filter show dev "$1" "$2" | sed -n 's/.* name \([^ ]*\) .*/\1/p' | head -n 1; }
# entry TABLE SELECT JQ: a field of the entry of closctl -j table show TABLE
# that SELECT (a jq condition on it) picks; the key layout stays closctl's.
entry() { ctl -j table show "$1" | jq -r ".[] | select($2) | $3"; }
dscp_tc() { entry dscp_tc ".key.dscp == $1" .params.tc; }
pcp_tc() { entry pcp_tc ".key.pcp == $1" .params.tc; }
tc_sched() { entry tc_sched ".key.tc == $1" ".attrs.$2"; }
# tm_profile PORT TC JQ
tm_profile() { entry tm_profile ".key.port == \"$1\" and .key.tc == $2" ".attrs | $3"; }
list_json() { "$CLOS_LOADER" -j list | jq -c --arg s "$SW" ".[] | select(.switch == \$s) | $1"; }
prog_ids() { lexec tc filter show dev "$1" "$2" | sed -n 's/.* id \([0-9]*\) .*/\1/p' | head -n 1; }

echo "queue_mode: one leaf in queue mode, two hosts (namespaces $PREFIX*)"

# ---- preconditions -----------------------------------------------------------

clos_require queue_mode jq tcpdump socat xxd ethtool ss bpftool tc -- \
	"$CLOS_LOADER" "$CLOS_CTL" "$FLOWS_BIN" "$TOPO_BIN"
clos_oneleaf_fresh queue_mode "$PREFIX" "$SW"

# ---- a failed attach leaves nothing ------------------------------------------

# Foreign: a filter on it (an empty clsact is taken over, test_attach_crash.sh).
lexec tc qdisc add dev eth2 clsact
lexec tc filter add dev eth2 ingress prio 7 protocol all bpf bytecode '1,6 0 0 0'
out=$("$CLOS_LOADER" attach "$SW" --netns "$LEAF" --ports eth1,eth2 --mode queue \
	--rates "$RATES" 2>&1)
rc=$?
clos_check_eq "attach refuses a port with a foreign clsact qdisc" "$rc" 1
clos_check_eq "  ... saying so" \
	"$(printf '%s' "$out" | grep -c 'eth2 .*already has a clsact qdisc')" 1
clos_check "  ... and pins nothing" test ! -e "$PINS"
clos_check_eq "  ... and leaves eth1 as it was (no clsact, no htb)" "$(qdiscs eth1)" noqueue
clos_check_eq "  ... and the foreign clsact of eth2 alone" "$(qdiscs eth2)" clsact,noqueue
lexec tc qdisc del dev eth2 clsact

clos_check_fails "attach refuses --rates for a port not in --ports" \
	"$CLOS_LOADER" attach "$SW" --netns "$LEAF" --ports eth1,eth2 --mode queue --rates eth3=1gbit
clos_check_fails "attach refuses a rate it cannot read" \
	"$CLOS_LOADER" attach "$SW" --netns "$LEAF" --ports eth1,eth2 --mode queue --rates eth2=fast
clos_check_fails "attach refuses --mode slow" \
	"$CLOS_LOADER" attach "$SW" --netns "$LEAF" --ports eth1,eth2 --mode slow
clos_check "  ... and pins nothing" test ! -e "$PINS"

# ---- attach in queue mode ------------------------------------------------------

"$CLOS_LOADER" attach "$SW" --netns "$LEAF" --ports eth1,eth2 --role leaf \
	--mode queue --tc-hook clsact --rates "$RATES" >"$TMP/attach.txt" 2>&1
clos_check_eq "loader attaches the leaf in queue mode, on clsact qdiscs" "$?" 0
sed 's/^/    /' "$TMP/attach.txt"
clos_check_eq "clos-loader list: mode queue, ports with their rates, tc hooks" \
	"$(list_json '[.mode, [.ports[] | "\(.name)=\(.rate_bps)/\(.hook)"]]')" \
	'["queue",["eth1=1000000000/tc","eth2=100000000/tc"]]'
for dev in eth1 eth2; do
	clos_check_eq "$dev: clos_ingress_tc on clsact ingress" \
		"$(filter_prog "$dev" ingress)" clos_ingress_tc
	clos_check_eq "$dev: clos_egress_tc on clsact egress" \
		"$(filter_prog "$dev" egress)" clos_egress_tc
	clos_check_eq "$dev: root qdisc htb, and clsact" "$(qdiscs "$dev")" clsact,htb
	clos_check_eq "$dev: 8 HTB leaf classes under 1:100" "$(leaf_classes "$dev")" 8
done
clos_check_eq "eth2: parent class 1:100 at 100Mbit" \
	"$(lexec tc class show dev eth2 classid 1:100 | grep -o 'rate [^ ]*')" "rate 100Mbit"
clos_check_eq "eth2: classes 1:8 (TC7) prio 0, 1:7 (TC6) prio 1, 1:4 (TC3) prio 2" \
	"$(for c in 1:8 1:7 1:4; do lexec tc class show dev eth2 classid $c | grep -o 'prio [0-9]'; done | tr '\n' ' ')" \
	"prio 0 prio 1 prio 2 "
clos_check "no XDP program on the ports" \
	sh -c "! ip -n $LEAF -d link show | grep -q xdp"
clos_check "both programs pinned" test -e "$PINS/prog_ingress" -a -e "$PINS/prog_egress"
in_id=$(prog_ids eth1 ingress)
eg_id=$(prog_ids eth1 egress)
clos_check_eq "  ... and the pinned ingress program is the one on eth2" \
	"$(prog_ids eth2 ingress)" "$in_id"

clos_check_eq "QoS defaults: dscp 26 -> 3, 46 -> 5, 48 -> 6, pcp 5 -> 5" \
	"$(dscp_tc 26) $(dscp_tc 46) $(dscp_tc 48) $(pcp_tc 5)" \
	"3 5 6 5"
clos_check_eq "QoS defaults: TC6 strict, TC3 lossless weight 50" \
	"$(tc_sched 6 strict) $(tc_sched 3 lossless) $(tc_sched 3 weight)" \
	"true true 50"
# At 100mbit Kmin/Kmax scale to 150/1500 B, under the floor of two frames:
# 3000 and 6000.
clos_check_eq "eth2's TC3 profile scaled to 100mbit (ecn, kmin, kmax)" \
	"$(tm_profile eth2 3 '"\(.ecn) \(.kmin) \(.kmax)"')" "true 3000 6000"
clos_check_eq "eth2's TC0 profile: tail drop at 64 KB, no ECN" \
	"$(tm_profile eth2 0 '"\(.ecn) \(.limit)"')" "false 65536"
clos_check_eq "eth1's TC3 profile scaled to 1gbit (kmin, kmax)" \
	"$(tm_profile eth1 3 '"\(.kmin) \(.kmax)"')" "3000 15000"

# ---- idempotency -------------------------------------------------------------

clos_check_eq "re-attach in queue mode is a no-op" \
	"$("$CLOS_LOADER" -j attach "$SW" --netns "$LEAF" --ports eth1,eth2 --mode queue --rates "$RATES" | jq -r .status)" \
	"unchanged"
out=$("$CLOS_LOADER" attach "$SW" --netns "$LEAF" --ports eth1,eth2 --mode fast 2>&1)
rc=$?
clos_check_eq "re-attach in fast mode is refused" "$rc" 1
clos_check_eq "  ... with 'detach first'" "$(printf '%s' "$out" | grep -c 'queue mode; detach first')" 1
clos_check_fails "re-attach at another rate is refused" \
	"$CLOS_LOADER" attach "$SW" --netns "$LEAF" --ports eth1,eth2 --mode queue --rates eth2=1gbit
clos_check_eq "  ... and the programs are the same" \
	"$(prog_ids eth1 ingress)/$(prog_ids eth1 egress)" "$in_id/$eg_id"
clos_check_eq "  ... and still mode queue" "$(list_json .mode)" '"queue"'

# ---- traffic -------------------------------------------------------------------

clos_check "closctl: host ports, nexthops, routes" clos_oneleaf_routes "$SW"

for pair in "$H1 10.0.2.2" "$H2 10.0.1.2" "$H1 2001:db8:2::2" "$H2 2001:db8:1::2"; do
	read -r src dst <<<"$pair"
	out=$(ip netns exec "$src" ping -c 3 -i 0.2 -W 2 "$dst" 2>&1)
	got=$(printf '%s\n' "$out" | grep -cE '(ttl|hlim)=63 ')
	clos_check_eq "ping ${src#"$PREFIX"} -> $dst: 3 replies, TTL/hop limit 63" "$got" 3
done

# Frames land in the HTB class of their traffic class (1:(tc+1)).
for spec in "104 26 1:4" "184 46 1:6" "192 48 1:7" "0 0 1:1"; do
	read -r tos dscp cls <<<"$spec"
	before=$(class_pkts eth2 "$cls")
	ip netns exec "$H1" ping -Q "$tos" -c $NPING -i 0.01 -W 2 10.0.2.2 >/dev/null 2>&1
	after=$(class_pkts eth2 "$cls")
	if [ "$dscp" -eq 0 ]; then
		# the leaf's own ARP/ND may share class 1:1
		if [ $((after - before)) -ge $NPING ]; then
			clos_pass "DSCP $dscp echo requests in eth2's class $cls (+$((after - before)))"
		else
			clos_fail "DSCP $dscp echo requests in eth2's class $cls" "+$((after - before))"
		fi
	else
		clos_check_eq "DSCP $dscp echo requests in eth2's class $cls" \
			"$((after - before))" $NPING
	fi
done

# A UDP burst (DSCP 0): tcpdump at h2, the receiving socket, the counters.
ip netns exec "$H2" tcpdump --immediate-mode -s 256 -B 4096 -i eth0 -n -U -w "$TMP/h2.pcap" \
	"udp and dst port $PORT4" 2>"$TMP/tcpdump.err" &
BG_PIDS+=($!)
tcpdump_pid=$!
ip netns exec "$H2" socat -u UDP4-RECV:$PORT4 OPEN:"$TMP/udp4.bin",creat,append &
BG_PIDS+=($!)
ready=1
clos_wait_for 5 grep -q "listening on" "$TMP/tcpdump.err" || ready=0
clos_wait_for 5 sh -c "ip netns exec $H2 ss -Hlun | grep -q ':$PORT4 '" || ready=0
clos_check_eq "capture and receiver ready at h2" "$ready" 1

stats_save burst0
c0=$(class_pkts eth2 1:1)
clos_udp_burst "$H1" 10.0.2.2 $PORT4 $N4
clos_wait_for 5 clos_file_size_is "$TMP/udp4.bin" $((N4 * PAYLOAD))
clos_wait_for 5 clos_pcap_has "$TMP/h2.pcap" $N4
stats_save burst1
c1=$(class_pkts eth2 1:1)
kill -INT "$tcpdump_pid" 2>/dev/null
wait "$tcpdump_pid" 2>/dev/null
tcpdump -r "$TMP/h2.pcap" -n -v 2>/dev/null >"$TMP/h2.txt"
clos_check_eq "h2's socket received the $N4 datagrams" \
	"$(( $(stat -c %s "$TMP/udp4.bin" 2>/dev/null || echo 0) / PAYLOAD ))" $N4
clos_check_eq "tcpdump at h2: all $N4 with TTL 63" "$(grep -c 'ttl 63,' "$TMP/h2.txt")" $N4
clos_check_eq "leaf counted $N4 forwarded" "$(delta burst0 burst1 .stats.forwarded.packets)" $N4
clos_check_eq "leaf counted $N4 tx on eth2" \
	"$(delta burst0 burst1 '.ports[] | select(.name == "eth2") | .tx.packets')" $N4
if [ $((c1 - c0)) -ge $N4 ]; then
	clos_pass "HTB class 1:1 of eth2 sent them (+$((c1 - c0)) packets)"
else
	clos_fail "HTB class 1:1 of eth2 sent them" "+$((c1 - c0))"
fi

# Shaping: offer ~230 Mbit/s for 2 s to the 100mbit port.
b0=$(class_bytes eth2 1:100)
stats_save shape0
"$FLOWS_BIN" recv --netns "$H2" --port 7100 --seconds 4 >"$TMP/recv.json" 2>"$TMP/recv.err" &
BG_PIDS+=($!)
recv_pid=$!
clos_wait_for 5 grep -q listening "$TMP/recv.err"
"$FLOWS_BIN" send --netns "$H1" --dst 10.0.2.2 --port 7100 --flows 4 --pps 20000 \
	--seconds 2 --size 1400 >"$TMP/send.json" 2>&1
wait "$recv_pid" 2>/dev/null
b1=$(class_bytes eth2 1:100)
stats_save shape1
sent=$(jq .sent "$TMP/send.json")
got=$(jq .packets "$TMP/recv.json")
mbps=$(( (b1 - b0) * 8 / 2 / 1000000 ))
echo "  info  offered $sent packets of 1442 B in 2 s, received $got, the model dropped" \
	"$(delta shape0 shape1 .stats.drop_queue_full.packets) (TC0 limit 64 KB);" \
	"eth2's HTB sent $(( (b1 - b0) / 1000 )) kB = $mbps Mbit/s"
clos_check_eq "every frame received ended in one of forwarded, punt_*, drop_*" \
	"$(delta shape0 shape1 "$ENDED")" "$(delta shape0 shape1 "$RX")"
if [ "$mbps" -ge 70 ] && [ "$mbps" -le 110 ]; then
	clos_pass "eth2 delivers its 100mbit ($mbps Mbit/s over 2 s)"
else
	clos_fail "eth2 delivers its 100mbit" "$mbps Mbit/s over 2 s"
fi

# Drops in the kernel queue: class 1:2 (TC1, DSCP 8, which nothing else
# sends) of eth2 gets a 2-packet fifo, and 1400 B datagrams at ~220 Mbit/s
# in bursts of 8 back to back for 0.5 s overflow it (the model's own limit,
# 64 KB, is far above 2 packets). closctl must report what tc reports.
lexec tc qdisc replace dev eth2 parent 1:2 handle 12: pfifo limit 2
"$FLOWS_BIN" send --netns "$H1" --dst 10.0.2.2 --port 7101 --flows 2 --pps 20000 \
	--seconds 0.5 --size 1400 --burst 8 --tos 0x20 >"$TMP/qdrop.json" 2>&1
clos_wait_for 5 sh -c "ip netns exec $LEAF tc -s class show dev eth2 classid 1:2 | grep -q 'backlog 0b 0p'"
ref=$(class_json eth2 1:2)
got=$(qrow eth2 1 '.qdisc | del(.class)')
ref_drops=$(jq .dropped <<<"$ref")
echo "  info  sent $(jq .sent "$TMP/qdrop.json") datagrams in TC1; tc class 1:2: $ref"
if [ "${ref_drops:-0}" -gt 0 ]; then
	clos_pass "eth2's HTB class 1:2 dropped packets ($ref_drops, tc -s class show)"
else
	clos_fail "eth2's HTB class 1:2 dropped packets" "tc says: $ref"
fi
clos_check_eq "closctl -j queue show eth2, TC1: qdisc.dropped as tc reports" \
	"$(jq .dropped <<<"$got")" "$ref_drops"
clos_check_eq "  ... qdisc.sent_packets as tc reports" \
	"$(jq .sent_packets <<<"$got")" "$(jq .sent_packets <<<"$ref")"
clos_check_eq "  ... and every field (sent bytes, overlimits, backlog) as tc" "$got" "$ref"
clos_check_eq "  ... of class 1:2" "$(qrow eth2 1 .qdisc.class)" '"1:2"'
clos_check_eq "  ... and the model's TC1 packets are what the qdisc sent or dropped" \
	"$(qrow eth2 1 .packets)" "$(jq '.sent_packets + .dropped' <<<"$ref")"
clos_check_eq "closctl -j queue show: a qdisc object on every row of a shaped port" \
	"$(ctl -j queue show | jq -c '[.[] | .qdisc.class] | unique | length')" 8
clos_check "closctl queue show eth2 (text): the qdisc line of class 1:2" \
	sh -c "'$CLOS_CTL' -s $SW queue show eth2 | grep -qE '^ +qdisc 1:2: sent $(jq .sent_packets <<<"$ref") pkt $(jq .sent_bytes <<<"$ref") bytes, dropped $ref_drops,'"
stats_save qdrop
clos_check_eq "closctl -j stats: eth2's queue_drops = its classes' drops in tc" \
	"$(jq '.ports[] | select(.name == "eth2") | .queue_drops' "$TMP/qdrop.json")" \
	"$(class_drops_sum eth2)"
clos_check_eq "  ... and eth1's" \
	"$(jq '.ports[] | select(.name == "eth1") | .queue_drops' "$TMP/qdrop.json")" \
	"$(class_drops_sum eth1)"
clos_check_eq "closctl stats (text): eth2's queue drop column" \
	"$(ctl stats | awk '$2 == "eth2" {print $NF}')" "$(class_drops_sum eth2)"

# closctl changes a rate through lib/queue.c: the tree is changed in place,
# removed at 0, and built again.
clos_check "closctl port set eth2 rate 50mbit" ctl port set eth2 rate 50mbit
clos_check_eq "  ... eth2's tree changed in place: 1:100 at 50Mbit, 8 classes" \
	"$(lexec tc class show dev eth2 classid 1:100 | grep -o 'rate [^ ]*') $(leaf_classes eth2)" \
	"rate 50Mbit 8"
clos_check "closctl port set eth2 rate 0" ctl port set eth2 rate 0
clos_check_eq "  ... removes eth2's tree, keeps its programs" "$(qdiscs eth2)" clsact,noqueue
clos_check_eq "  ... and closctl has no kernel queue for it (qdisc, queue_drops null)" \
	"$(ctl -j -v queue show eth2 | jq -c '[.[].qdisc] | unique') $(ctl -j stats | jq -c '.ports[] | select(.name == "eth2") | .queue_drops')" \
	"[null] null"
clos_check "closctl port set eth2 rate 100mbit" ctl port set eth2 rate 100mbit
clos_check_eq "  ... builds it again" \
	"$(qdiscs eth2) $(leaf_classes eth2) $(lexec tc class show dev eth2 classid 1:100 | grep -o 'rate [^ ]*')" \
	"clsact,htb 8 rate 100Mbit"
clos_check "ping h1 -> h2 after the changes" ip netns exec "$H1" ping -c 2 -i 0.2 -W 2 10.0.2.2

# ---- the way to the kernel: VLAN rule first, then the punt policer ----------

clos_oneleaf_punt_checks "$PREFIX" "$SW" "$TMP"
stats_save end
clos_check_eq "every frame received ended in one of forwarded, punt_*, drop_*" \
	"$(jq "$ENDED" "$TMP/end.json")" "$(jq "$RX" "$TMP/end.json")"

# ---- detach --------------------------------------------------------------------

clos_check "loader detaches the leaf" "$CLOS_LOADER" detach "$SW"
clos_check "no pins left under $PINS" test ! -e "$PINS"
clos_check_eq "eth1: no clsact, no htb left" "$(qdiscs eth1)" noqueue
clos_check_eq "eth2: no clsact, no htb left" "$(qdiscs eth2)" noqueue
clos_check "the TC programs are gone (ids $in_id, $eg_id)" \
	clos_wait_for 5 sh -c "! bpftool prog show id $in_id && ! bpftool prog show id $eg_id"
clos_check_fails "without the switch h1 cannot reach h2" \
	ip netns exec "$H1" ping -c 1 -W 1 10.0.2.2

# ---- tcx ---------------------------------------------------------------------------

clos_check_eq "attach refuses --tc-hook in fast mode" \
	"$("$CLOS_LOADER" attach "$SW" --netns "$LEAF" --ports eth1,eth2 --tc-hook tcx 2>&1 |
		grep -c -- '--tc-hook is for queue mode')" 1
clos_check_eq "attach refuses --tc-hook slow" \
	"$("$CLOS_LOADER" attach "$SW" --netns "$LEAF" --ports eth1,eth2 --mode queue --tc-hook slow 2>&1 |
		grep -c -- "--tc-hook 'slow': must be auto, tcx or clsact")" 1
if [ "$(clos_tc_hook)" = tcx ]; then
	"$CLOS_LOADER" attach "$SW" --netns "$LEAF" --ports eth1,eth2 --role leaf \
		--mode queue --rates "$RATES" >"$TMP/attach.txt" 2>&1
	clos_check_eq "queue mode on a kernel with tcx: the attach says tcx hooks" \
		"$?/$(grep -c ' up tcx qdisc htb' "$TMP/attach.txt")" 0/2
	clos_check_eq "  ... clos-loader list too" \
		"$(list_json '[.ports[] | "\(.name)=\(.hook)"]')" '["eth1=tcx","eth2=tcx"]'
	clos_check_eq "  ... no clsact qdisc and no filter: the HTB root alone" \
		"$(qdiscs eth1) $(qdiscs eth2) $(filter_prog eth2 ingress)$(filter_prog eth2 egress)" "htb htb "
	clos_check "closctl: routes" clos_oneleaf_routes "$SW"
	# DSCP 46 is TC5, class 1:6: the ingress program's lane puts h1's
	# pings there (skb->priority), the egress program lets them pass.
	before=$(class_pkts eth2 1:6)
	ip netns exec "$H1" ping -Q 0xb8 -c $NPING -i 0.01 -W 2 10.0.2.2 >/dev/null 2>&1
	clos_check_eq "  ... $NPING pings with DSCP 46 cross, in eth2's HTB class 1:6" \
		"$(( $(class_pkts eth2 1:6) - before ))" $NPING
	# The leaf's own frames meet the egress program alone.
	before=$(class_pkts eth2 1:6)
	lexec ping -Q 0xb8 -c $NPING -i 0.01 -W 2 10.0.2.2 >/dev/null 2>&1
	clos_check_eq "  ... and $NPING from the leaf itself, classified by the egress program on tcx" \
		"$(( $(class_pkts eth2 1:6) - before ))" $NPING
	tcx_ids=$(bpftool -j prog show | jq -r '[.[] | select(.name == "clos_ingress_tc" or .name == "clos_egress_tc") | .id] | join(" ")')
	clos_check "detach" "$CLOS_LOADER" detach "$SW"
	clos_check_eq "  ... leaves eth1 and eth2 without a qdisc of ours" \
		"$(qdiscs eth1) $(qdiscs eth2)" "noqueue noqueue"
	clos_check "  ... and the programs are gone (ids $tcx_ids)" \
		clos_wait_for 5 sh -c "for i in $tcx_ids; do ! bpftool prog show id \$i || exit 1; done"
	clos_check_fails "  ... and h1 no longer reaches h2" \
		ip netns exec "$H1" ping -c 1 -W 1 10.0.2.2
else
	clos_check_eq "queue mode --tc-hook tcx on a kernel without tcx is refused, saying so" \
		"$("$CLOS_LOADER" attach "$SW" --netns "$LEAF" --ports eth1,eth2 --mode queue --tc-hook tcx 2>&1 |
			grep -c 'this kernel has no tcx')" 1
	clos_check "  ... and pins nothing" test ! -e "$PINS"
fi

# ---- fast mode with rates ------------------------------------------------------

clos_check "attach in fast mode with --rates eth2=100mbit" \
	"$CLOS_LOADER" attach "$SW" --netns "$LEAF" --ports eth1,eth2 --rates eth2=100mbit
clos_check_eq "clos-loader list: mode fast, eth2 at 100mbit" \
	"$(list_json '[.mode, [.ports[] | "\(.name)=\(.rate_bps)"]]')" \
	'["fast",["eth1=0","eth2=100000000"]]'
clos_check_eq "fast mode writes the same QoS defaults and profiles" \
	"$(dscp_tc 26) $(tm_profile eth2 3 '"\(.kmin) \(.kmax)"')" "3 3000 6000"
clos_check_eq "fast mode: no kernel queue on eth2" "$(qdiscs eth2)" noqueue
clos_check "closctl: routes again" clos_oneleaf_routes "$SW"
clos_check "ping h1 -> h2 in fast mode" ip netns exec "$H1" ping -c 2 -i 0.2 -W 2 10.0.2.2
clos_check_eq "fast mode: closctl -j queue show has qdisc null on every row" \
	"$(ctl -j queue show | jq -c '[length > 0, ([.[].qdisc] | unique)]')" '[true,[null]]'
clos_check_eq "  ... and the model's rows still (eth2's TC0 saw the pings)" \
	"$(ctl -j queue show eth2 | jq '.[] | select(.tc == 0) | .packets > 0')" true
clos_check "  ... text: rows, and no qdisc line" \
	sh -c "out=\$('$CLOS_CTL' -s $SW queue show) && printf '%s\n' \"\$out\" | grep -q '^eth2 ' && ! printf '%s\n' \"\$out\" | grep -q qdisc"
clos_check_eq "fast mode: closctl -j stats has queue_drops null on every port" \
	"$(ctl -j stats | jq -c '[.ports[].queue_drops] | unique')" '[null]'
clos_check_eq "  ... text: '-' in the queue drop column" \
	"$(ctl stats | awk '$2 == "eth1" || $2 == "eth2" {print $NF}' | tr '\n' ' ')" "- - "
clos_check_fails "attach it in queue mode is refused (detach first)" \
	"$CLOS_LOADER" attach "$SW" --netns "$LEAF" --ports eth1,eth2 --mode queue
clos_check_eq "  ... and it stays in fast mode" "$(list_json .mode)" '"fast"'
clos_check "loader detaches it" "$CLOS_LOADER" detach "$SW"

clos_cleanup_prefix "$PREFIX"
clos_check_eq "namespaces deleted" "$(ip netns list | grep -c "^$PREFIX")" 0

# ---- clos-topo: mode in topology files ---------------------------------------

# refused CONTENT MESSAGE: clos-topo show says exactly "Error: FILE:MESSAGE".
n=0
refused() {
	local f out

	n=$((n + 1))
	f=$TMP/bad$n.yaml
	printf '%b' "$1" >"$f"
	out=$("$TOPO_BIN" show "$f" 2>&1 >/dev/null)
	clos_check_eq "topology file refused: $2" "$out" "Error: $f:$2"
}
refused 'name: x\nmode: quick\nfabric: {spines: 1, leaves: 1, hosts_per_leaf: 1}\n' \
	"2: 'mode' must be fast or queue, not 'quick'"
refused 'name: x\ntopology:\n  nodes:\n    s1: {kind: spine, mode: [queue]}\n  links: []\n' \
	"4: node 's1': 'mode' must be fast or queue"
refused 'name: x\ntopology:\n  nodes:\n    h1: {kind: host, mode: queue}\n  links: []\n' \
	"4: node 'h1': a host has no mode (only switches do)"
clos_check_eq "examples/fabric-2x2-queue.yaml: every switch in queue mode" \
	"$("$TOPO_BIN" -j show examples/fabric-2x2-queue.yaml |
		jq -c '[.nodes[] | select(.kind != "host") | .mode] | unique')" '["queue"]'

# The spine and leaf l2 in queue mode (the file's), leaf l1 in fast mode
# (its own).
printf '%s\n' 'name: qmix' 'mode: queue' 'topology:' \
	'  defaults: {host_link: 100mbit, fabric_link: 1gbit}' \
	'  nodes:' '    s1: {kind: spine}' '    l1: {kind: leaf, mode: fast}' \
	'    l2: {kind: leaf}' '    h1: {kind: host}' '    h2: {kind: host}' \
	'  links:' '    - endpoints: ["l1:eth1", "s1:eth1"]' \
	'    - endpoints: ["l2:eth1", "s1:eth2"]' '      rate: 400mbit' \
	'    - endpoints: ["h1:eth0", "l1:eth2"]' '    - endpoints: ["h2:eth0", "l2:eth2"]' \
	>"$MIX"
"$TOPO_BIN" down "$MIX" >/dev/null 2>&1
if "$TOPO_BIN" up "$MIX" >"$TMP/up.log" 2>&1; then
	clos_pass "clos-topo up: a fabric of fast and queue switches"
else
	clos_fail "clos-topo up: a fabric of fast and queue switches" "$(cat "$TMP/up.log")"
fi
clos_check_eq "clos-topo status: the mode each switch runs in" \
	"$("$TOPO_BIN" -j status "$MIX" | jq -c '[.nodes[] | select(.kind != "host") | "\(.name)=\(.mode)"]')" \
	'["s1=queue","l1=fast","l2=queue"]'
mx() { local node=$1; shift; "$TOPO_BIN" exec "$MIX" "$node" -- "$@"; }
clos_check "ping h1 -> h2 across fast l1, queue s1, queue l2 (IPv4)" \
	mx h1 ping -c 3 -i 0.2 -W 2 10.1.2.1
clos_check "ping h2 -> h1 (IPv4)" mx h2 ping -c 3 -i 0.2 -W 2 10.1.1.1
clos_check "ping h1 -> h2 (IPv6)" mx h1 ping -6 -c 3 -i 0.2 -W 2 fd00:1:2:1::2
clos_check_eq "l2's host port shaped to host_link, its uplink to the link's rate" \
	"$(for p in eth2 eth1; do mx l2 tc class show dev $p classid 1:100 | grep -o 'rate [^ ]*'; done | tr '\n' ' ')" \
	"rate 100Mbit rate 400Mbit "
clos_check_eq "the fast leaf has no kernel queue" \
	"$(mx l1 tc -j qdisc show dev eth2 | jq -r '[.[].kind] | join(",")')" noqueue
clos_check_eq "hosts send VLAN tags inline (tx-vlan-offload off)" \
	"$(mx h1 ethtool -k eth0 | awk '/^tx-vlan-offload:/ {print $2}')" off
clos_check "clos-topo down" "$TOPO_BIN" down "$MIX"
left_ns=$(ip netns list | grep -c '^clos-qmix-')
left_sw=$("$CLOS_LOADER" -j list | jq '[.[] | select(.switch | startswith("qmix-"))] | length')
clos_check_eq "no qmix namespace or switch left" "$left_ns/$left_sw" "0/0"

clos_summary queue_mode
