#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# clos-roce across a fabric: examples/fabric-2x2-roce.yaml (2 spines, 2
# leaves, queue mode, 100 Mbit/s host links), renamed troce so it never
# meets a fabric a user brought up.
#   (a) the wire: tcpdump at h2-1 while clients on h1-1 run RC SEND and RDMA
#       WRITE (first/middle/last and only packets) to it. tshark's
#       InfiniBand dissector decodes every frame: opcodes, QPs as the tool
#       reported them, PSNs consecutive from each QP's first PSN, RETH and
#       AETH. tshark 4.0 shows the ICRC without checking it, so
#       `clos-roce check` checks every one and must agree with tshark's
#       value frame by frame. The IP header is what the receivers' ICRC
#       check assumes (ID 0, DF), data and ACKs carry DSCP 26 + ECT(0),
#       CNPs DSCP 48, UDP checksums are 0; data arrives with TTL 61 and
#       leaf2's MAC: three switches rewrote it and the ICRC still holds.
#   (b) 16 QPs from rack 1 to rack 2 at 90% of the downlink's rate: every
#       message delivered, 0 out-of-order PSNs, 0 ICRC errors at both ends
#       after the switches rewrote TTL and MACs (and ECN, where bursts
#       were marked), nothing dropped at the downlink, and both spines
#       carried a share of the QPs.
#   (c) the command line refuses bad input with a reason.
set -u

cd "$(dirname "$0")/../.."
. netns-scripts/lib.sh

TOPO_BIN=$CLOS_BUILD/clos-topo
ROCE_BIN=$CLOS_BUILD/clos-roce
FABRIC=troce
TMP=$(mktemp -d /tmp/clos-roce.XXXXXX)
TOPO=$TMP/fabric.yaml
BG_PIDS=()

cleanup() {
	clos_stop "${BG_PIDS[@]}"
	"$TOPO_BIN" down "$TOPO" >/dev/null 2>&1
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

clos_require roce jq tcpdump tshark -- "$TOPO_BIN" "$ROCE_BIN" "$CLOS_CTL"
sed "s/^name: .*/name: $FABRIC/" examples/fabric-2x2-roce.yaml >"$TOPO"

check() { clos_check_eq "$1" "$2" "$3"; }   # check DESC GOT WANT
check_true() { if eval "$2"; then clos_pass "$1"; else clos_fail "$1" "${3:-}"; fi; }
info() { printf '  info  %s\n' "$*"; }
hx() { local n=$1; shift; "$TOPO_BIN" exec "$TOPO" "$n" -- "$@"; }
ctl() { local sw=$1; shift; "$CLOS_CTL" -s "$FABRIC-$sw" "$@"; }
plan() { "$TOPO_BIN" -j show "$TOPO" | jq -r "$1"; }
# tsv FILTER FIELD...: tshark's fields of the frames matching FILTER.
tsv() {
	local filter=$1 f args=()
	shift
	for f in "$@"; do args+=(-e "$f"); done
	tshark -r "$TMP/cap.pcap" -Y "$filter" -T fields "${args[@]}" 2>/dev/null
}
count() { tsv "$1" frame.number | wc -l; }
# tshark prints QPs and ICRCs in hex; mawk has no strtonum.
HEX='function hex(s,  i, v) { s = tolower(s); sub(/^0x/, "", s)
	for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
	return v }'

# What an interrupted run may have left, then a fresh fabric.
"$TOPO_BIN" down "$TOPO" >/dev/null 2>&1
if ! "$TOPO_BIN" up "$TOPO" >"$TMP/up.log" 2>&1; then
	clos_fail "clos-topo up" "$(cat "$TMP/up.log")"
	clos_summary roce
	exit 1
fi
clos_pass "queue-mode 2x2 fabric up"
SERVER=$(plan '.nodes[] | select(.name == "h2-1") | .ports[0].ipv4 | sub("/.*"; "")')
LEAF2_MAC=$(plan '.nodes[] | select(.name == "leaf2") | .ports[] | select(.ifname == "eth3") | .mac')

# bg NODE OUT ERR CMD...: CMD in NODE's namespace in the background; its
# pid (clos-topo exec becomes ip netns exec becomes CMD) is $BG.
bg() {
	local node=$1 out=$2 err=$3
	shift 3
	"$TOPO_BIN" exec "$TOPO" "$node" -- "$@" >"$out" 2>"$err" &
	BG=$!
	BG_PIDS+=($BG)
}
# server SESSIONS OUT: a server at h2-1 in the background.
server() {
	bg h2-1 "$2" "$2.err" "$ROCE_BIN" -j server --sessions "$1" --time 60
}

# ---- (a) the wire, through tshark ------------------------------------------

# A 16 MB ring and no batching: every frame of the runs is in the file when
# tcpdump stops.
bg h2-1 /dev/null "$TMP/tcpdump.err" tcpdump -i eth0 -B 16384 --immediate-mode -U -n \
	-w "$TMP/cap.pcap" udp port 4791
TCPDUMP=$BG
for _ in $(seq 50); do grep -q listening "$TMP/tcpdump.err" && break; sleep 0.1; done
server 4 "$TMP/srv-a.json"
SERVER_PID=$BG
# Sizes: 2501 B = first + middle + last (1024 + 1024 + 453, padded by 3),
# 101 B = only (padded by 3). At --rate 1gbit into the 100 Mbit/s downlink
# a queue forms at leaf2, whose CE marks bring CNPs.
runs=("send 2501" "send 101" "write 2501" "write 101")
i=0
for r in "${runs[@]}"; do
	read -r verb size <<<"$r"
	hx h1-1 "$ROCE_BIN" -j client "$SERVER" --qps 2 --qpn $((0x200 + 16 * i)) \
		--verb "$verb" --size "$size" --count 20 --rate 1gbit \
		>"$TMP/a$i.json" 2>"$TMP/a$i.err"
	check "(a) client: $verb of $size B messages (exit status)" "$?" 0
	i=$((i + 1))
done
wait "$SERVER_PID"
sleep 0.3
clos_stop "$TCPDUMP"
check_true "(a) the server saw 4 sessions done" \
	"[ \"\$(jq '[.sessions[] | select(.state == \"done\")] | length' $TMP/srv-a.json)\" = 4 ]"

check "(a) tcpdump lost nothing" \
	"$(sed -n 's/^\([0-9]*\) packets dropped by kernel$/\1/p' "$TMP/tcpdump.err")" 0
frames=$(count 'udp.dstport == 4791')
ib=$(count 'infiniband')
info "(a) captured $frames RoCEv2 frames at h2-1"
check_true "(a) captured RoCEv2 frames" "[ $frames -gt 300 ]"
check "(a) tshark decodes every frame as InfiniBand" "$ib" "$frames"
for op in 0:SEND_First 1:SEND_Middle 2:SEND_Last 4:SEND_Only 6:WRITE_First \
	  7:WRITE_Middle 8:WRITE_Last 10:WRITE_Only 17:Acknowledge 129:CNP; do
	n=$(count "infiniband.bth.opcode == ${op%%:*}")
	check_true "(a) opcode ${op%%:*} (${op#*:}) decoded: $n frames" "[ $n -gt 0 ]"
done

# QPs and PSNs as the clients reported them.
jq -r '.qps[] | "\(.peer_qpn) \(.qpn) \(.psn0) \(.packets)"' "$TMP"/a[0-3].json >"$TMP/qps"
tsv 'infiniband.bth.opcode <= 10' infiniband.bth.destqp infiniband.bth.psn >"$TMP/data.tsv"
tsv 'infiniband.bth.opcode == 17 || infiniband.bth.opcode == 129' \
	infiniband.bth.destqp >"$TMP/back.tsv"
bad_psn=$(awk "$HEX"'NR == FNR { first[$1] = $3; n[$1] = $4; next }
	{ q = hex($1); if (!(q in first)) { bad++; next }
	  want = (first[q] + seen[q]++) % 16777216; if ($2 != want) bad++ }
	END { for (q in n) if (seen[q] != n[q]) bad++; print bad + 0 }' "$TMP/qps" "$TMP/data.tsv")
check "(a) data frames: server QPs, PSNs consecutive from each QP's first PSN" "$bad_psn" 0
bad_qp=$(awk "$HEX"'NR == FNR { ours[$2] = 1; next } !(hex($1) in ours) { bad++ }
	END { print bad + 0 }' "$TMP/qps" "$TMP/back.tsv")
check "(a) ACKs and CNPs go to the clients' QPs" "$bad_qp" 0
check "(a) RETH of every WRITE first/only: the message length" \
	"$(tsv 'infiniband.bth.opcode == 6 || infiniband.bth.opcode == 10' infiniband.reth.dmalen |
	   sort -u | tr '\n' ' ')" "101 2501 "
check "(a) AETH of every ACK: syndrome ACK, credits none (0x1f)" \
	"$(tsv 'infiniband.bth.opcode == 17' infiniband.aeth.syndrome | sort -u | tr '\n' ' ')" "31 "
check "(a) CNPs carry BECN (BTH byte 4 = 0x40)" \
	"$(tsv 'infiniband.bth.opcode == 129' infiniband.reserved | sort -u | tr '\n' ' ')" "40 "

# ICRC: clos-roce checks; tshark shows the field's bytes (little-endian on
# the wire) as a big-endian number, and none for CNPs (opcode 0x81 is
# "Unknown" to it: the rest is vendor data).
"$ROCE_BIN" -j check "$TMP/cap.pcap" >"$TMP/check.json"
check "(a) clos-roce check: every ICRC valid" \
	"$(jq -c '.totals | [.roce, .icrc_ok, .icrc_bad, .refused]' "$TMP/check.json")" \
	"[$frames,$frames,0,0]"
jq -r '.files[0].packets[] | select(.opcode != 129) | "\(.frame) \(.icrc)"' \
	"$TMP/check.json" >"$TMP/icrc.ours"
tsv 'infiniband.invariant.crc' frame.number infiniband.invariant.crc |
	awk "$HEX"'{ v = hex($2); b0 = v % 256; b1 = int(v / 256) % 256
		b2 = int(v / 65536) % 256; b3 = int(v / 16777216)
		printf "%d %.0f\n", $1, ((b0 * 256 + b1) * 256 + b2) * 256 + b3 }' >"$TMP/icrc.tshark"
check "(a) tshark's ICRC field equals clos-roce's, frame by frame (all but CNPs)" \
	"$(cmp -s "$TMP/icrc.ours" "$TMP/icrc.tshark" && echo same || echo differ)" same

# One payload byte of the first frame changed: check finds it.
cp "$TMP/cap.pcap" "$TMP/bad.pcap"
b=$(od -An -tu1 -j200 -N1 "$TMP/cap.pcap")
printf "\\x$(printf %02x $((255 - b)))" | dd of="$TMP/bad.pcap" bs=1 seek=200 conv=notrunc status=none
"$ROCE_BIN" -j check "$TMP/bad.pcap" >"$TMP/bad.json"
check "(a) clos-roce check finds a changed byte (exit status 1, one bad ICRC)" \
	"$? $(jq -c '.totals | [.icrc_ok, .icrc_bad]' "$TMP/bad.json")" "1 [$((frames - 1)),1]"
check "(a) IPv4 ID 0 and DF on every frame (the receivers rebuild the header)" \
	"$(count 'udp.dstport == 4791 && (ip.id != 0 || ip.flags.df == 0)')" 0
check "(a) UDP checksum 0 on every frame, as RoCE NICs send" \
	"$(count 'udp.dstport == 4791 && udp.checksum != 0')" 0
check "(a) data and ACKs: DSCP 26, ECT(0) or CE" \
	"$(count 'infiniband.bth.opcode <= 17 && ip.dsfield.dscp != 26')" 0
check "(a) CNPs: DSCP 48, not ECN-capable" \
	"$(tsv 'infiniband.bth.opcode == 129' ip.dsfield | sort -u | tr '\n' ' ')" "0xc0 "
check "(a) data arrives with TTL 61 (three switches)" \
	"$(tsv 'infiniband.bth.opcode <= 10' ip.ttl | sort -u | tr '\n' ' ')" "61 "
check "(a) data arrives from leaf2's port MAC" \
	"$(tsv 'infiniband.bth.opcode <= 10' eth.src | sort -u | tr '\n' ' ')" "$LEAF2_MAC "
ce=$(count 'infiniband.bth.opcode <= 10 && ip.dsfield.ecn == 3')
info "(a) $ce data frames arrived CE-marked, $(count 'infiniband.bth.opcode == 129') CNPs left"
check_true "(a) some data arrived CE-marked, and its ICRC held" "[ $ce -gt 0 ]"

# ---- (b) 16 QPs rack 1 -> rack 2 -------------------------------------------

QPS=16 COUNT=32 SIZE=16384
for sw in spine1 spine2 leaf2; do ctl $sw counters clear; done
# qdrops: packets the downlink's HTB queue has dropped so far.
qdrops() {
	ip netns exec "clos-$FABRIC-leaf2" tc -s qdisc show dev eth3 |
		sed -n 's/.*(dropped \([0-9]*\),.*/\1/p' | head -n 1
}
qdrops0=$(qdrops)
server 1 "$TMP/srv-b.json"
SERVER_PID=$BG
hx h1-1 "$ROCE_BIN" -j client "$SERVER" --qps $QPS --count $COUNT --size $SIZE \
	--rate 90mbit >"$TMP/b.json" 2>"$TMP/b.err"
check "(b) client exit status" "$?" 0
wait "$SERVER_PID"
B=$TMP/b.json
check "(b) every QP finished" "$(jq '[.qps[] | select(.state == "ok")] | length' "$B")" $QPS
check "(b) messages completed at the client" "$(jq .totals.messages "$B")" $((QPS * COUNT))
check "(b) messages delivered at the server" "$(jq .totals.remote.messages "$B")" $((QPS * COUNT))
check "(b) bytes delivered at the server" "$(jq .totals.remote.bytes "$B")" $((QPS * COUNT * SIZE))
check "(b) payload as sent (pattern check)" "$(jq .totals.remote.bad_payload "$B")" 0
check "(b) out-of-order PSNs at the server" "$(jq .totals.remote.out_of_order "$B")" 0
check "(b) ICRC errors at the server" "$(jq .totals.remote.icrc_errors "$B")" 0
check "(b) ICRC errors at the client (ACKs, CNPs)" "$(jq '.totals.icrc_errors + .rx.icrc_errors' "$B")" 0
check "(b) the server's own ICRC count (all QPs, unknown ones too)" "$(jq .rx.icrc_errors "$TMP/srv-b.json")" 0
read -r ce cnps cnps_rx cuts rmin <<<"$(jq -r '[.totals.remote.ce, .totals.remote.cnps, .totals.cnps,
	([.qps[].rate_cuts] | add), ([.qps[].rate_min_bps] | min / 1e6 | floor)] | @tsv' "$B")"
info "(b) $(jq -r '.totals | "goodput \(.goodput_bps / 1e6 | floor) Mbit/s, latency p50 \(.latency_us.p50) us p99 \(.latency_us.p99) us, retransmits \(.retransmits)"' "$B")"
info "(b) CE marks $ce, CNPs sent $cnps, received $cnps_rx, DCQCN rate cuts $cuts, lowest rate $rmin Mbit/s"
check "(b) every CNP sent arrived" "$cnps_rx" "$cnps"
check "(b) the downlink's queue dropped nothing" "$(($(qdrops) - qdrops0))" 0
s1=$(ctl spine1 -j stats | jq .stats.roce_v2.packets)
s2=$(ctl spine2 -j stats | jq .stats.roce_v2.packets)
pk=$(jq '.totals.packets + .totals.remote.acks + .totals.remote.naks + .totals.remote.cnps' "$B")
info "(b) RoCE packets through spine1 $s1, spine2 $s2 (of $pk data packets, ACKs, NAKs, CNPs)"
check "(b) the spines carried every RoCE packet" "$((s1 + s2))" "$pk"
check_true "(b) both spines carry QPs (each >= 10%)" \
	"[ $((s1 * 10)) -ge $pk ] && [ $((s2 * 10)) -ge $pk ]"
check "(b) leaf2's pipeline dropped nothing" \
	"$(ctl leaf2 -j stats | jq '[.stats | to_entries[] | select(.key | startswith("drop")) | .value.packets] | add')" 0

# ---- (c) the command line ---------------------------------------------------

err_of() { "$ROCE_BIN" "$@" 2>&1 >/dev/null | head -n 1; }
check "(c) client without a server" "$(err_of client)" \
	"Error: client: which server? (clos-roce client SERVER ...)"
check "(c) a bad MTU" "$(err_of client 10.0.0.1 --mtu 1000)" \
	"Error: --mtu '1000': want 256, 512, 1024, 2048 or 4096"
check "(c) a server option given to the client" "$(err_of client 10.0.0.1 --sessions 2)" \
	"Error: option --sessions is not one of client's; try 'clos-roce help client'"
check "(c) a bad DCQCN parameter names it" \
	"$(err_of client 10.0.0.1 --dcqcn rpg_nope=1 | grep -c "rpg_nope.*unknown")" 1
check "(c) errors under -j are JSON" \
	"$("$ROCE_BIN" -j client 10.0.0.1 --qps 0 | jq -r .error)" \
	"--qps '0': want a number in 1..1024"
check_true "(c) --help names every command" \
	"\"$ROCE_BIN\" --help | grep -q 'server.*client.*check'"

clos_summary roce
