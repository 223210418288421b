#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Fabric test: clos-topo brings up 4 spines x 2 leaves x 2 hosts per leaf in
# namespaces clos-tfab-*, and we check what a user of a spine-leaf fabric
# relies on:
#   - every host reaches every host of the other rack, IPv4 and IPv6;
#   - traceroute shows leaf, spine, leaf; TTL arrives as sent - 3; the frame
#     at the receiver carries the leaf port's MAC; no switch dropped a frame
#     for a wrong destination MAC (every hop rewrote MACs right);
#   - ECMP: 1000 UDP flows rack to rack spread over the 4 spines within the
#     99.9% binomial bound of 25% (and chi-square), each flow on one spine;
#   - failover: with flows running, one leaf uplink goes down; traffic goes
#     on, no flow of the other spines moves, the failed spine's flows land on
#     the others; the link comes back; the loss window and the time from link
#     down to group update are reported;
#   - clos-topo down leaves no namespace, pin, process or file behind.
set -u

cd "$(dirname "$0")/../.."
. netns-scripts/lib.sh

FABRIC=tfab
clos_fabric_test fabric fabric.yaml
SPINES=tfab-spine1,tfab-spine2,tfab-spine3,tfab-spine4

cat >"$TOPO" <<EOF
name: $FABRIC
fabric:
  spines: 4
  leaves: 2
  hosts_per_leaf: 2
EOF

ok() { clos_pass "$1"; }
fail() { clos_fail "$1"; }
# check DESC WANT GOT
check() { clos_check_eq "$1" "$3" "$2"; }
# check_true DESC SHELL-CONDITION
check_true() { if eval "$2"; then clos_pass "$1"; else clos_fail "$1"; fi; }
summary() { clos_summary "$1"; }
topo() { "$TOPO_BIN" "$@"; }
hx() { local node=$1; shift; topo exec "$TOPO" "$node" -- "$@"; }
ns() { echo "clos-$FABRIC-$1"; }
# addr NODE IF FAMILY: a port's planned address, without the prefix length.
addr() {
	jq -r --arg n "$1" --arg i "$2" --arg f "$3" \
		'.nodes[] | select(.name == $n) | .ports[] | select(.ifname == $i) | .[$f] | sub("/.*"; "")' \
		"$TMP/plan.json"
}
mac() {
	jq -r --arg n "$1" --arg i "$2" \
		'.nodes[] | select(.name == $n) | .ports[] | select(.ifname == $i) | .mac' "$TMP/plan.json"
}

# ---- up ---------------------------------------------------------------------

clos_fabric_up fabric "clos-topo up brings the fabric up"
check "status says the fabric is up" "true" "$(topo -j status "$TOPO" | jq -r .up)"
check "a second up is refused" "1" "$(topo up "$TOPO" >/dev/null 2>&1; echo $?)"

# ---- reachability -----------------------------------------------------------

HOSTS1="h1-1 h1-2"
HOSTS2="h2-1 h2-2"
pings=0 good=0
for a in $HOSTS1 $HOSTS2; do
	case $a in h1-*) peers=$HOSTS2 ;; *) peers=$HOSTS1 ;; esac
	for b in $peers; do
		for fam in ipv4 ipv6; do
			pings=$((pings + 1))
			# The first ping of a pair may wait for ARP/ND: allow 3.
			hx "$a" ping -c 3 -i 0.2 -W 1 "$(addr "$b" eth0 "$fam")" >"$TMP/ping" 2>&1 &&
				good=$((good + 1))
		done
	done
done
check "all-pairs ping across racks, IPv4 and IPv6" "$pings" "$good"

# ---- traceroute, TTL, MACs --------------------------------------------------

DST4=$(addr h2-1 eth0 ipv4)
DST6=$(addr h2-1 eth0 ipv6)
spine_addrs4=$(for s in 1 2 3 4; do addr spine$s eth1 ipv4; done | tr '\n' ' ')
leaf2_addrs4=$(for s in 1 2 3 4; do addr leaf2 eth$s ipv4; done | tr '\n' ' ')
hx h1-1 traceroute -n -q 1 -w 1 -m 6 "$DST4" >"$TMP/tr4" 2>&1
hops=$(awk 'NR > 1 {print $2}' "$TMP/tr4" | tr '\n' ' ')
set -- $hops
check "traceroute: 4 hops" "4" "$#"
check "traceroute hop 1 is leaf1" "$(addr leaf1 eth5 ipv4)" "${1:-}"
check_true "traceroute hop 2 is a spine ($spine_addrs4)" "[[ ' $spine_addrs4' == *' ${2:-none} '* ]]"
check_true "traceroute hop 3 is leaf2 ($leaf2_addrs4)" "[[ ' $leaf2_addrs4' == *' ${3:-none} '* ]]"
check "traceroute hop 4 is the destination" "$DST4" "${4:-}"
hx h1-1 traceroute -6 -n -q 1 -w 1 -m 6 "$DST6" >"$TMP/tr6" 2>&1
check "traceroute -6: 4 hops, leaf1 first, destination last" \
	"4 $(addr leaf1 eth5 ipv6) $DST6" \
	"$(awk 'NR > 1 {print $2}' "$TMP/tr6" | awk '{a[NR]=$1} END {print NR, a[1], a[NR]}')"

# At the receiver: TTL 64 - 3, src MAC = leaf2's port, dst MAC = h2-1's.
ip netns exec "$(ns h2-1)" tcpdump -i eth0 -n -e -v -c 5 --immediate-mode \
	-w "$TMP/rx.pcap" "icmp[icmptype] == icmp-echo" >/dev/null 2>&1 &
BG_PIDS+=($!)
tcpdump_pid=$!
sleep 1
hx h1-1 ping -c 5 -i 0.2 -t 64 "$DST4" >/dev/null 2>&1
wait "$tcpdump_pid" 2>/dev/null
tcpdump -r "$TMP/rx.pcap" -n -e -v 2>/dev/null >"$TMP/rx.txt"
check "5 echo requests captured at h2-1" "5" "$(grep -c 'ttl' "$TMP/rx.txt")"
check "TTL 64 arrives as 61 (all 5)" "5" "$(grep -c 'ttl 61,' "$TMP/rx.txt")"
check "src MAC is leaf2:eth5, dst MAC is h2-1's (all 5)" "5" \
	"$(grep -c "$(mac leaf2 eth5) > $(mac h2-1 eth0)" "$TMP/rx.txt")"
dmac_drops=0
for sw in tfab-spine1 tfab-spine2 tfab-spine3 tfab-spine4 tfab-leaf1 tfab-leaf2; do
	n=$("$CLOS_CTL" -s "$sw" -j stats | jq '.stats.drop_dmac_mismatch.packets')
	dmac_drops=$((dmac_drops + n))
done
check "no switch saw a frame with a wrong destination MAC" "0" "$dmac_drops"

# ---- ECMP spread ------------------------------------------------------------

# A listener, so h2-1 sends no ICMP unreachables back through the spines.
"$FLOWS_BIN" recv --netns "$(ns h2-1)" --seconds 60 >"$TMP/recv0.json" 2>/dev/null &
BG_PIDS+=($!)
sleep 0.5
"$FLOWS_BIN" paths --netns "$(ns h1-1)" --dst "$DST4" --flows 1000 --via "$SPINES" \
	>"$TMP/paths0.json"
check "1000 flows: every flow seen on a spine" "0" "$(jq .unseen "$TMP/paths0.json")"
check "no flow seen on two spines" "0" \
	"$(jq '[.flows[] | select(has("also_via"))] | length' "$TMP/paths0.json")"
# 99.9% two-sided binomial bound of n=1000, p=0.25: 250 +- 3.29*sqrt(187.5).
read -r lo hi <<<"$(awk 'BEGIN {sd = sqrt(1000 * .25 * .75); printf "%d %d\n", 250 - 3.29 * sd, 250 + 3.29 * sd + 1}')"
shares=$(jq -r '.per_switch | to_entries | map(.value) | join(" ")' "$TMP/paths0.json")
for s in $shares; do
	check_true "spine share $s within [$lo, $hi] of 1000" "[ $s -ge $lo ] && [ $s -le $hi ]"
done
chi=$(echo "$shares" | awk '{for (i = 1; i <= NF; i++) c += ($i - 250)^2 / 250; printf "%.2f", c}')
# chi-square, 3 degrees of freedom, p = 0.001: 16.27
check_true "chi-square $chi below 16.27 (p = 0.001, df 3)" "awk 'BEGIN {exit !($chi < 16.27)}'"
echo "  info  ECMP spread of 1000 flows over 4 spines: $shares (chi-square $chi)"

# closctl route get predicts each flow's spine from the tables alone: the
# leaf port it names leads (plan) to the spine that counted the flow.
SRC4=$(addr h1-1 eth0 ipv4)
wrong=0
while read -r sport via; do
	out=$("$CLOS_CTL" -s tfab-leaf1 -j route get "$DST4" from "$SRC4" sport "$sport" dport 7000 |
		jq -r .port)
	peer=$(jq -r --arg i "$out" '.nodes[] | select(.name == "leaf1") | .ports[] |
		select(.ifname == $i) | .peer | sub(":.*"; "")' "$TMP/plan.json")
	[ "tfab-$peer" = "$via" ] || { wrong=$((wrong + 1)); echo "  info  sport $sport: route get says $out ($peer), seen on $via"; }
done < <(jq -r '.flows[:100][] | "\(.sport) \(.via)"' "$TMP/paths0.json")
check "closctl route get names the spine of 100 of 100 flows" "0" "$wrong"

# ---- failover ---------------------------------------------------------------

# A stream of 100 flows x 20 pps for 6 s while leaf1's uplink to spine1 dies.
"$FLOWS_BIN" recv --netns "$(ns h2-2)" --seconds 9 >"$TMP/recv1.json" 2>/dev/null &
recv_pid=$!
BG_PIDS+=($recv_pid)
sleep 0.5
DST4B=$(addr h2-2 eth0 ipv4)
"$FLOWS_BIN" send --netns "$(ns h1-2)" --dst "$DST4B" --flows 100 --pps 2000 --seconds 6 \
	>"$TMP/send1.json" &
send_pid=$!
BG_PIDS+=($send_pid)
sleep 2
t_down=$(date +%s%N)
topo link "$TOPO" leaf1:eth1 down
wait "$send_pid"
wait "$recv_pid"
sent=$(jq .sent "$TMP/send1.json")
got=$(jq .packets "$TMP/recv1.json")
check "traffic went on: all 100 flows arrived" "100" "$(jq .flows_seen "$TMP/recv1.json")"
check_true "traffic went on: $got of $sent packets arrived (>= 95%)" "[ $got -ge $((sent * 95 / 100)) ]"
lost=$(jq .lost "$TMP/recv1.json")
loss_ms=$(awk -v l="$lost" 'BEGIN {printf "%.1f", l / 2000 * 1000}')
t_update=$(jq -r 'select(.switch == "tfab-leaf1" and .port == "eth1" and .state == "down") | .time_ns' \
	"/run/clos/$FABRIC.watch.log" | head -n 1)
check_true "the watcher failed leaf1:eth1 out of its group" "[ -n '$t_update' ]"
failover_ms=$(awk -v a="$t_down" -v b="${t_update:-0}" 'BEGIN {printf "%.2f", (b - a) / 1e6}')
echo "  info  failover: link down -> group update ${failover_ms} ms (includes starting ip); $lost packets lost = ${loss_ms} ms of traffic at 2000 pps"

"$FLOWS_BIN" paths --netns "$(ns h1-1)" --dst "$DST4" --flows 1000 --via "$SPINES" \
	>"$TMP/paths1.json"
jq -r '.flows[] | "\(.sport) \(.via)"' "$TMP/paths0.json" | sort >"$TMP/p0"
jq -r '.flows[] | "\(.sport) \(.via)"' "$TMP/paths1.json" | sort >"$TMP/p1"
moved_other=$(join "$TMP/p0" "$TMP/p1" | awk '$2 != "tfab-spine1" && $2 != $3' | wc -l)
on_spine1=$(awk '$2 == "tfab-spine1"' "$TMP/p0" | wc -l)
landed=$(join "$TMP/p0" "$TMP/p1" | awk '$2 == "tfab-spine1" && $3 != "tfab-spine1" && $3 != "null"' | wc -l)
check "flows of spines 2-4 that moved" "0" "$moved_other"
check "the $on_spine1 flows of spine1 landed on the other spines" "$on_spine1" "$landed"
check "nothing goes to spine1 while the link is down" "0" "$(jq '.per_switch["tfab-spine1"]' "$TMP/paths1.json")"
echo "  info  flows moved by losing 1 of 4 spines: $on_spine1 of 1000 ($(awk -v n="$on_spine1" 'BEGIN {printf "%.1f", n / 10}')%), all from spine1"

topo link "$TOPO" leaf1:eth1 up
wait_up() { grep -q '"switch": "tfab-leaf1", "port": "eth1", "state": "up"' "/run/clos/$FABRIC.watch.log"; }
for i in $(seq 50); do wait_up && break; sleep 0.1; done
check_true "the watcher put leaf1:eth1 back" wait_up
check "group 1 on leaf1 has 4 active members again" "4" \
	"$("$CLOS_CTL" -s tfab-leaf1 -j group show | jq '[.[0].members[] | select(.active)] | length')"
"$FLOWS_BIN" paths --netns "$(ns h1-1)" --dst "$DST4" --flows 1000 --via "$SPINES" \
	>"$TMP/paths2.json"
check_true "spine1 carries flows again" "[ $(jq '.per_switch["tfab-spine1"]' "$TMP/paths2.json") -gt 150 ]"

# ---- down -------------------------------------------------------------------

clos_stop "${BG_PIDS[@]}"
BG_PIDS=()
topo down "$TOPO" >/dev/null 2>&1
check "no namespace left" "0" "$(ip netns list | grep -c "^clos-$FABRIC-")"
check "no pins left" "0" "$(ls /sys/fs/bpf/clos 2>/dev/null | grep -c "^$FABRIC-")"
check "no watcher left" "0" "$(pgrep -f "clos-loader watch.*$FABRIC" | wc -l)"
check "no run files left" "0" "$(ls /run/clos 2>/dev/null | grep -c "^$FABRIC\.")"
check "down again is fine" "0" "$(topo down "$TOPO" >/dev/null 2>&1; echo $?)"

summary fabric
