#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# closctl capture and closctl trace on one leaf, in fast mode and in queue
# mode (namespaces clos-obs-*):
#
#   h1 10.0.1.2 -- eth1 [leaf] eth2 -- h2 10.0.2.2
#
# 10.0.9.0/24 is an ECMP group of two nexthops, both to h2, so a trace has
# hashes, buckets and members to show. Checks: a capture of every port
# during a ping and a 100-flow run holds exactly the frames sent, each on
# its port, in its direction, with its verdict (tshark reads it), and the
# frames sent are rewritten (TTL, source MAC); a filter keeps exactly what
# it names; -w - feeds tshark; a trace of 100 flows agrees with closctl
# route get for every one; a packet without a route shows drop_no_route in
# its trace and its capture; one observation per switch; bad arguments are
# refused by name. Runs as root from anywhere; cleans up on any exit.
set -u

cd "$(dirname "$0")/../.."
. netns-scripts/lib.sh

PREFIX=clos-obs-
SW=obs-leaf
H1=${PREFIX}h1
H2=${PREFIX}h2
FLOWS=100
PORT=7100
PINGS=5
FLOWS_BIN=$CLOS_BUILD/clos-flows

clos_oneleaf_test observe "$PREFIX" "$SW"

ctl() { "$CLOS_CTL" -s "$SW" "$@"; }

# tcount FILE FILTER: frames of the pcapng FILE that tshark's FILTER keeps.
tcount() { tshark -r "$1" -Y "$2" 2>/dev/null | wc -l; }

# start_bg DESC NAME CMD...: CMD (a program: a shell function would be a
# subshell that holds back the SIGINT) in the background, stderr in
# $TMP/NAME.err, its pid in LAST_PID; passes once it says it runs
# (closctl capture and trace say "Ctrl-C stops").
start_bg() {
	local desc=$1 name=$2
	shift 2
	"$@" >"$TMP/$name.out" 2>"$TMP/$name.err" &
	BG_PIDS+=($!)
	LAST_PID=$!
	if clos_wait_for 5 grep -q "Ctrl-C stops" "$TMP/$name.err"; then
		clos_pass "$desc"
	else
		clos_fail "$desc" "$(tail -n 2 "$TMP/$name.err" | tr '\n' ' ')"
	fi
}

# stop_bg PID: SIGINT, as Ctrl-C, and wait for it to finish.
stop_bg() {
	kill -INT "$1" 2>/dev/null
	wait "$1"
}

# send_flows DST N-PPS SECONDS: clos-flows from h1, 100 flows, sources
# 20000+i; h2 listens so that no ICMP error comes back. Leaves send.json.
send_flows() {
	# The last call's "listening" line must not be found before this
	# receiver truncates the file (the shell does that in the child).
	rm -f "$TMP/recv.err"
	"$FLOWS_BIN" recv --netns "$H2" --seconds $(($3 + 2)) --port $PORT \
		>"$TMP/recv.json" 2>"$TMP/recv.err" &
	local rpid=$!
	BG_PIDS+=($rpid)
	clos_wait_for 5 grep -q "listening on udp port $PORT" "$TMP/recv.err" || return 1
	"$FLOWS_BIN" send --netns "$H1" --dst "$1" --flows $FLOWS --pps "$2" \
		--seconds "$3" --port $PORT --seed 0 >"$TMP/send.json" || return 1
	wait "$rpid"
}

echo "observe: closctl capture and trace on one leaf (namespaces $PREFIX*)"
clos_require observe jq tshark -- "$CLOS_LOADER" "$CLOS_CTL" "$FLOWS_BIN"

for MODE in fast queue; do
echo "-- $MODE mode"
clos_oneleaf_fresh observe "$PREFIX" "$SW"
if ! { "$CLOS_LOADER" attach "$SW" --netns "${PREFIX}leaf" --ports eth1,eth2 \
		--role leaf --mode $MODE >/dev/null &&
       clos_oneleaf_routes "$SW" &&
       ctl table add nexthop 3 '=>' fwd eth2 $CLOS_H2_MAC &&
       ctl group set 1 members 2,3 >/dev/null &&
       ctl table add route_v4 10.0.9.0/24 '=>' ecmp 1; }; then
	clos_fail "$MODE: attach the leaf, routes and an ECMP group"
	clos_summary observe
	exit 1
fi
clos_pass "$MODE: attach the leaf, routes and an ECMP group"
# Neighbours known, so that the capture holds only what the test sends.
ip netns exec "$H1" ping -c 1 -W 1 10.0.2.2 >/dev/null
ip netns exec "$H2" ping -c 1 -W 1 10.0.1.2 >/dev/null

# ---- a capture of every port: a ping, then 100 flows ------------------------

CAP=$TMP/all-$MODE.pcapng
start_bg "$MODE: capture all starts" cap "$CLOS_CTL" -s "$SW" capture all -w "$CAP"
cap_pid=$LAST_PID
ip netns exec "$H1" ping -c $PINGS -i 0.1 -W 1 10.0.2.2 >/dev/null
clos_check "$MODE: $FLOWS flows sent" send_flows 10.0.2.2 1000 1
sent=$(jq -r .sent "$TMP/send.json" 2>/dev/null)
stop_bg "$cap_pid"
clos_check "$MODE: capture says it kept every frame, lost none" \
	grep -q "frames kept, 0 filtered out, 0 lost" "$TMP/cap.out"
clos_check_eq "$MODE: the pcapng has one interface per port" \
	"$(tshark -r "$CAP" -T fields -e frame.interface_name 2>/dev/null | sort -u | tr '\n' ' ')" \
	"eth1 eth2 "
U="udp.dstport == $PORT"
clos_check_eq "$MODE: every datagram in on eth1, as received ($sent)" \
	"$(tcount "$CAP" "$U && frame.interface_name == \"eth1\" && frame.p2p_dir == 1 && ip.ttl == 64")" "$sent"
clos_check_eq "$MODE: every datagram out on eth2, TTL 63, the leaf's MAC" \
	"$(tcount "$CAP" "$U && frame.interface_name == \"eth2\" && frame.p2p_dir == 0 && ip.ttl == 63 && eth.src == $CLOS_LEAF_MAC2")" "$sent"
clos_check_eq "$MODE: no datagram anywhere else" \
	"$(tcount "$CAP" "$U")" $((2 * sent))
odd=$(tshark -r "$CAP" -Y "$U && !((frame.interface_name == \"eth1\" && frame.p2p_dir == 1 && ip.ttl == 64) || (frame.interface_name == \"eth2\" && frame.p2p_dir == 0 && ip.ttl == 63))" \
	-T fields -e frame.number -e frame.interface_name -e frame.p2p_dir -e ip.ttl -e eth.src -e frame.comment -e frame.len 2>/dev/null | head -n 4 | tr '\n\t' '; ')
[ -z "$odd" ] || echo "        datagrams elsewhere: $odd"
clos_check_eq "$MODE: each one received says 'forwarded to eth2'" \
	"$(tcount "$CAP" "$U && frame.p2p_dir == 1 && frame.comment == \"forwarded to eth2\"")" "$sent"
clos_check_eq "$MODE: $FLOWS source ports" \
	"$(tshark -r "$CAP" -Y "$U && frame.p2p_dir == 1" -T fields -e udp.srcport 2>/dev/null | sort -u | wc -l)" $FLOWS
for dir in "eth1 1 8" "eth2 0 8" "eth2 1 0" "eth1 0 0"; do
	set -- $dir
	clos_check_eq "$MODE: $PINGS echo $([ $3 = 8 ] && echo requests || echo replies) $([ $2 = 1 ] && echo in on || echo out of) $1" \
		"$(tcount "$CAP" "icmp.type == $3 && frame.interface_name == \"$1\" && frame.p2p_dir == $2")" $PINGS
done

# ---- a filter keeps what it names ----------------------------------------------

FCAP=$TMP/filter-$MODE.pcapng
start_bg "$MODE: capture eth1 in, filter 'udp and src port 20007'" fcap "$CLOS_CTL" -s "$SW" capture eth1 in udp and src port 20007 -w "$FCAP"
fcap_pid=$LAST_PID
ip netns exec "$H1" ping -c 2 -i 0.1 -W 1 10.0.2.2 >/dev/null
send_flows 10.0.2.2 1000 1
sent=$(jq -r .sent "$TMP/send.json" 2>/dev/null)
stop_bg "$fcap_pid"
# Round robin: flows 0 .. sent % FLOWS - 1 sent one more than the rest.
f7=$((sent / FLOWS + (7 < sent % FLOWS)))
clos_check_eq "$MODE: the filter kept flow 7's $f7 datagrams, nothing else" \
	"$(tcount "$FCAP" "udp.srcport == 20007 && frame.interface_name == \"eth1\" && frame.p2p_dir == 1") $(tcount "$FCAP" "frame")" \
	"$f7 $f7"
clos_check "$MODE: and counted the rest as filtered out" \
	grep -qE "kept, [1-9][0-9]* filtered out, 0 lost" "$TMP/fcap.out"

# ---- -w - into tshark, count N ---------------------------------------------------

start_bg "$MODE: capture eth2 out count 3 -w - | tshark" pipe \
	bash -c "\"$CLOS_CTL\" -s $SW capture eth2 out icmp count 3 -w - | tshark -r - -T fields -e icmp.type >$TMP/pipe.out 2>/dev/null"
pipe_pid=$LAST_PID
ip netns exec "$H1" ping -c 3 -i 0.1 -W 1 10.0.2.2 >/dev/null
wait "$pipe_pid"
clos_check_eq "$MODE: tshark read 3 echo requests from the pipe" "$(tr '\n' ' ' <"$TMP/pipe.out")" "8 8 8 "

# ---- a trace of 100 flows agrees with route get ---------------------------------

TRACE=$TMP/trace-$MODE.json
start_bg "$MODE: trace 10.0.9.5 proto udp dport $PORT count $FLOWS" trace \
	bash -c "\"$CLOS_CTL\" -s $SW -j trace 10.0.9.5 proto udp dport $PORT count $FLOWS >$TRACE"
trace_pid=$LAST_PID
send_flows 10.0.9.5 500 1
wait "$trace_pid"
clos_check_eq "$MODE: $FLOWS records, $FLOWS flows, none lost" \
	"$(jq -r '"\(.packets | length) \([.packets[].parse.sport] | unique | length) \(.lost)"' "$TRACE")" \
	"$FLOWS $FLOWS 0"
agree=0
disagree=""
while read -r sport got; do
	want=$(ctl -j route get 10.0.9.5 from 10.0.1.2 proto udp sport "$sport" dport $PORT |
	       jq -c '[.route, .action, .group, .hash, .slot, .member_nexthop, .port,
		       (.verdict | sub("_ecmp$"; ""))]')
	if [ "$got" = "$want" ]; then
		agree=$((agree + 1))
	else
		disagree="$disagree $sport: trace $got, route get $want;"
	fi
done < <(jq -r '.packets[] | "\(.parse.sport) \([.route, .action, .group, .hash, .slot,
		.nexthop, .port, .verdict] | tojson)"' "$TRACE")
clos_check_eq "$MODE: each flow's route, hash, member, nexthop, port and verdict are route get's${disagree}" \
	"$agree" $FLOWS
clos_check_eq "$MODE: both members carry flows" \
	"$(jq '[.packets[].slot] | unique | length' "$TRACE")" 2
clos_check "$MODE: each record has its bucket (hash % 128)" \
	jq -e 'all(.packets[]; .bucket == .hash % 128)' "$TRACE"
if [ $MODE = queue ]; then
	clos_check "$MODE: each record has its class, backlog, CE mark" \
		jq -e 'all(.packets[]; .class == 0 and (.backlog | type) == "number" and .ce_marked == false)' "$TRACE"
fi

# ---- a packet without a route: its trace and its capture ---------------------------

DTRACE=$TMP/drop-$MODE.txt
start_bg "$MODE: trace 10.0.7.7 count 1" dtrace \
	bash -c "\"$CLOS_CTL\" -s $SW trace 10.0.7.7 count 1 >$DTRACE"
dtrace_pid=$LAST_PID
ip netns exec "$H1" ping -c 1 -W 1 10.0.7.7 >/dev/null
wait "$dtrace_pid"
clos_check "$MODE: the trace says drop (counter drop_no_route)" \
	grep -q "verdict  drop (counter drop_no_route)" "$DTRACE"
clos_check "$MODE: ... ingress eth1, no route" \
	grep -qzE "in eth1, 98 bytes.*parse    ipv4 icmp 10.0.1.2 > 10.0.7.7 ttl 64.*route    none" "$DTRACE"
DCAP=$TMP/drop-$MODE.pcapng
start_bg "$MODE: capture eth1 in icmp count 1" dcap \
	"$CLOS_CTL" -s "$SW" capture eth1 in icmp count 1 -w "$DCAP"
dcap_pid=$LAST_PID
ip netns exec "$H1" ping -c 1 -W 1 10.0.7.7 >/dev/null
wait "$dcap_pid"
clos_check_eq "$MODE: the capture's comment says drop_no_route" \
	"$(tshark -r "$DCAP" -T fields -e frame.comment -e ip.dst 2>/dev/null)" \
	"$(printf 'drop_no_route\t10.0.7.7')"

"$CLOS_LOADER" detach "$SW" >/dev/null
done

# ---- one at a time; bad arguments ---------------------------------------------------

clos_oneleaf_fresh observe "$PREFIX" "$SW"
clos_oneleaf_attach "$PREFIX" "$SW" >/dev/null
start_bg "a capture runs" busy "$CLOS_CTL" -s "$SW" capture all -w "$TMP/busy.pcapng"
busy_pid=$LAST_PID

clos_check_refused "a second capture while one runs" "a capture runs already (closctl pid $busy_pid)" \
	ctl capture all -w "$TMP/second.pcapng"
clos_check_refused "a trace while a capture runs" "a capture runs already" ctl trace count 1
stop_bg "$busy_pid" >/dev/null
start_bg "after it, a trace may run" after "$CLOS_CTL" -s "$SW" trace count 1
stop_bg "$LAST_PID" >/dev/null
clos_check_refused "capture without -w" "capture: where to? -w FILE, or -w - for standard output" \
	ctl capture all
clos_check_refused "capture of a port the switch has not" "capture: switch $SW has no port 'eth9'" \
	ctl capture eth9 -w "$TMP/x.pcapng"
clos_check_refused "capture with a filter tcpdump refuses" "capture: filter 'udp port banana'" \
	ctl capture all udp port banana -w "$TMP/x.pcapng"
clos_check_refused "capture count 0" "capture: count 0: must be 1 or more" \
	ctl capture all count 0 -w "$TMP/x.pcapng"
clos_check_refused "capture count without a number" "capture: 'count' needs a number of frames" \
	ctl capture all count -w "$TMP/x.pcapng"
clos_check_refused "capture into a directory that does not exist" "capture: cannot create $TMP/no/x.pcapng" \
	ctl capture all -w "$TMP/no/x.pcapng"
clos_check_refused "trace of an address that is none" "trace: destination '10.0.0.300': not an IPv4 or IPv6 address" \
	ctl trace 10.0.0.300
clos_check_refused "trace of a prefix too long" "trace: destination '10.0.0.0/33': prefix length" \
	ctl trace 10.0.0.0/33
clos_check_refused "trace sport 70000" "trace: sport '70000'" ctl trace sport 70000
clos_check_refused "trace with an unknown keyword" "trace: unknown argument 'port'" ctl trace port 5
clos_check_refused "trace from another family" "are not of one family" ctl trace 10.0.0.1 from 2001:db8::1
clos_check "no switch left observing" \
	bash -c "bpftool -j map dump pinned /sys/fs/bpf/clos/$SW/obs_cfg | jq -e 'all(.[0].value[]; . == \"0x00\")'"

clos_summary observe
