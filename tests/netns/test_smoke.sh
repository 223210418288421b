#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Smoke test of the fast path: one leaf switch, two hosts on different
# subnets, everything in namespaces clos-smoke-*.
#
#   h1 10.0.1.2 2001:db8:1::2 -- eth1 [leaf] eth2 -- h2 10.0.2.2 2001:db8:2::2
#
# The leaf's kernel does not forward, so whatever crosses h1 <-> h2 crossed
# the XDP pipeline. Checks: the loader refuses bad input with nothing left
# behind and re-attaches idempotently; ping v4/v6 both ways; a UDP burst of
# exactly N datagrams arrives (tcpdump at h2 and the receiving socket) and
# matches the leaf's counters; TTL and hop limit arrive decremented by one;
# the source MAC is the leaf port's; the leaf's own addresses answer
# (punted); ARP tagged with another VID or 802.1ad never reaches the
# kernel, and an ARP flood meets the punt policer (at most burst + rate *
# time punted, the rest counted as drop_punt_policed); an unrouted
# destination is dropped and counted; detach leaves no pins and no program. Runs as root from anywhere; cleans up on any exit.
set -u

cd "$(dirname "$0")/../.."
. netns-scripts/lib.sh

PREFIX=clos-smoke-
SW=smoke-leaf
LEAF=${PREFIX}leaf
H1=${PREFIX}h1
H2=${PREFIX}h2
N4=100			# IPv4 datagrams in the burst
N6=50			# IPv6 datagrams in the burst
PORT4=9999
PORT6=9998
PAYLOAD=10		# bytes per datagram: "clos%06d"
PINS=/sys/fs/bpf/clos/$SW

clos_oneleaf_test smoke "$PREFIX" "$SW"

ctl() { "$CLOS_CTL" -s "$SW" "$@"; }

# stats_save NAME: the leaf's counters, as closctl -j stats prints them.
stats_save() { ctl -j stats >"$TMP/$1.json"; }

# delta BEFORE AFTER JQ-EXPR: how much the counter at JQ-EXPR grew.
delta() {
	echo $(( $(jq "$3" "$TMP/$2.json") - $(jq "$3" "$TMP/$1.json") ))
}

# The XDP program id on a leaf port (empty when there is none).
xdp_prog_id() {
	ip -n "$LEAF" -d -j link show dev "$1" |
		jq -r '.[0].xdp.prog.id // .[0].xdp.attached[0].prog.id // empty'
}

echo "smoke: one leaf, two hosts (namespaces $PREFIX*)"

# ---- preconditions -----------------------------------------------------------

clos_require smoke jq tcpdump socat xxd ethtool ss -- "$CLOS_LOADER" "$CLOS_CTL"

# ---- topology and loader -----------------------------------------------------

clos_oneleaf_fresh smoke "$PREFIX" "$SW"

clos_check_fails "loader refuses a netns that does not exist" \
	"$CLOS_LOADER" attach "$SW" --netns ${PREFIX}nonexistent --ports eth1,eth2
clos_check "  ... and pins nothing" test ! -e "$PINS"
clos_check_fails "loader refuses a port that does not exist" \
	"$CLOS_LOADER" attach "$SW" --netns "$LEAF" --ports eth1,eth9
clos_check "  ... and pins nothing" test ! -e "$PINS"
id=$(xdp_prog_id eth1)
clos_check_eq "  ... and attaches nothing to eth1" "${id:-none}" none
# The data path finds ports in an array indexed by ifindex (< 4096).
ip -n "$LEAF" link add eth9 index 5000 type veth peer name eth9p
out=$("$CLOS_LOADER" attach "$SW" --netns "$LEAF" --ports eth1,eth9 2>&1)
clos_check_eq "loader refuses a port with ifindex 5000, naming it" \
	"$(echo "$out" | grep -c 'port eth9 .*ifindex 5000.*below 4096')" 1
clos_check "  ... and pins nothing" test ! -e "$PINS"
id=$(xdp_prog_id eth1)
clos_check_eq "  ... and attaches nothing to eth1" "${id:-none}" none
ip -n "$LEAF" link del eth9
# An over-long --rates item is refused, not cut (cut, "eth1=000...001gbit"
# would be a rate of 0: unshaped).
long_rate="eth1=$(printf '0%.0s' $(seq 70))1gbit"
out=$("$CLOS_LOADER" attach "$SW" --netns "$LEAF" --ports eth1,eth2 --rates "$long_rate" 2>&1)
clos_check_eq "loader refuses an over-long --rates item, exit 2 (bad usage)" \
	"$?:$(echo "$out" | grep -c "is longer than 63 characters")" "2:1"
clos_check "  ... and pins nothing" test ! -e "$PINS"
# A foreign XDP program on eth2: the loader has attached eth1 by the time
# eth2 refuses, and nothing of that attach may stay (the rollback detaches
# eth1; its staged pins go too, which alone would release a link-based
# attach).
ip -n "$LEAF" link set dev eth2 xdpdrv obj "$CLOS_ROOT/build/tests/parser_test.bpf.o" sec xdp
out=$("$CLOS_LOADER" attach "$SW" --netns "$LEAF" --ports eth1,eth2 2>&1)
clos_check_eq "loader refuses a port with a foreign XDP program, naming it" \
	"$(echo "$out" | grep -c 'port eth2 .*already has an XDP program')" 1
clos_check "  ... and pins nothing" test ! -e "$PINS"
id=$(xdp_prog_id eth1)
clos_check_eq "  ... and takes its program off eth1 again" "${id:-none}" none
clos_check_eq "  ... and leaves eth2's program alone" \
	"$(ip -n "$LEAF" -d -j link show dev eth2 | jq -r '.[0].xdp.prog.name // empty')" clos_parse_test
ip -n "$LEAF" link set dev eth2 xdpdrv off

clos_check "loader attaches the leaf" \
	"$CLOS_LOADER" attach "$SW" --netns "$LEAF" --ports eth1,eth2 --role leaf
prog_id=$(xdp_prog_id eth1)
clos_check "XDP program on eth1 and eth2" \
	test -n "$prog_id" -a "$prog_id" = "$(xdp_prog_id eth2)"
clos_check_eq "clos-loader list shows the switch" \
	"$("$CLOS_LOADER" -j list | jq -c --arg s "$SW" \
		'.[] | select(.switch == $s) | [.netns, .role, .mode, [.ports[].name]]')" \
	"[\"$LEAF\",\"leaf\",\"fast\",[\"eth1\",\"eth2\"]]"
clos_check_eq "re-attach with the same ports is a no-op" \
	"$("$CLOS_LOADER" -j attach "$SW" --netns "$LEAF" --ports eth1,eth2 | jq -r .status)" \
	"unchanged"
clos_check_eq "  ... keeping the same program" "$(xdp_prog_id eth1)" "$prog_id"
clos_check_fails "re-attach with other ports is refused" \
	"$CLOS_LOADER" attach "$SW" --netns "$LEAF" --ports eth1
clos_check_eq "  ... and changes nothing" "$(xdp_prog_id eth1)/$(xdp_prog_id eth2)" \
	"$prog_id/$prog_id"

clos_check "closctl: host ports, nexthops, /32 and /128 routes" \
	clos_oneleaf_routes "$SW"
leaf_mac2=$(ctl -j port show eth2 | jq -r '.[0].mac')
clos_check_eq "port eth2 MAC as closctl shows it" "$leaf_mac2" "$CLOS_LEAF_MAC2"

# ---- reachability ------------------------------------------------------------

clos_check "ping h1 -> h2 (IPv4)" ip netns exec "$H1" ping -c 3 -i 0.2 -W 2 10.0.2.2
clos_check "ping h2 -> h1 (IPv4)" ip netns exec "$H2" ping -c 3 -i 0.2 -W 2 10.0.1.2
clos_check "ping h1 -> h2 (IPv6)" ip netns exec "$H1" ping -6 -c 3 -i 0.2 -W 2 2001:db8:2::2
clos_check "ping h2 -> h1 (IPv6)" ip netns exec "$H2" ping -6 -c 3 -i 0.2 -W 2 2001:db8:1::2

stats_save punt0
clos_check "ping the leaf's own address 10.0.1.1" \
	ip netns exec "$H1" ping -c 2 -i 0.2 -W 2 10.0.1.1
clos_check "ping the leaf's far address 10.0.2.1" \
	ip netns exec "$H1" ping -c 2 -i 0.2 -W 2 10.0.2.1
clos_check "ping the leaf's own address 2001:db8:1::1" \
	ip netns exec "$H1" ping -6 -c 2 -i 0.2 -W 2 2001:db8:1::1
stats_save punt1
punted=$(delta punt0 punt1 .stats.punt_local.packets)
if [ "$punted" -ge 6 ]; then
	clos_pass "  ... their 6 echo requests counted in punt_local ($punted)"
else
	clos_fail "  ... their 6 echo requests counted in punt_local" "got $punted"
fi

# ---- the way to the kernel: VLAN rule first, then the punt policer ----------

clos_oneleaf_punt_checks "$PREFIX" "$SW" "$TMP"

# ---- UDP burst -----------------------------------------------------------------

ip netns exec "$H2" tcpdump --immediate-mode -s 256 -B 4096 -i eth0 -n -U -w "$TMP/h2.pcap" \
	"udp and (dst port $PORT4 or dst port $PORT6)" 2>"$TMP/tcpdump.err" &
BG_PIDS+=($!)
tcpdump_pid=$!
ip netns exec "$H2" socat -u UDP4-RECV:$PORT4 OPEN:"$TMP/udp4.bin",creat,append &
BG_PIDS+=($!)
ip netns exec "$H2" socat -u UDP6-RECV:$PORT6 OPEN:"$TMP/udp6.bin",creat,append &
BG_PIDS+=($!)
ready=1
clos_wait_for 5 grep -q "listening on" "$TMP/tcpdump.err" || ready=0
clos_wait_for 5 sh -c "ip netns exec $H2 ss -Hlun | grep -q ':$PORT4 '" || ready=0
clos_wait_for 5 sh -c "ip netns exec $H2 ss -Hlun | grep -q ':$PORT6 '" || ready=0
clos_check_eq "capture and receivers ready at h2" "$ready" 1

stats_save burst0
clos_udp_burst "$H1" 10.0.2.2 $PORT4 $N4
clos_udp_burst "$H1" 2001:db8:2::2 $PORT6 $N6
clos_wait_for 5 clos_file_size_is "$TMP/udp4.bin" $((N4 * PAYLOAD))
clos_wait_for 5 clos_file_size_is "$TMP/udp6.bin" $((N6 * PAYLOAD))
# tcpdump stops without draining its ring on SIGINT: wait for the file.
clos_wait_for 5 clos_pcap_has "$TMP/h2.pcap" $((N4 + N6))
stats_save burst1
kill -INT "$tcpdump_pid" 2>/dev/null
wait "$tcpdump_pid" 2>/dev/null
sed "s/^/    /" "$TMP/tcpdump.err"

tcpdump -r "$TMP/h2.pcap" -n -e -v 2>/dev/null >"$TMP/h2.txt"
n4_seen=$(tcpdump -r "$TMP/h2.pcap" -n ip 2>/dev/null | wc -l)
n6_seen=$(tcpdump -r "$TMP/h2.pcap" -n ip6 2>/dev/null | wc -l)
clos_check_eq "tcpdump at h2 saw the $N4 IPv4 datagrams" "$n4_seen" $N4
clos_check_eq "tcpdump at h2 saw the $N6 IPv6 datagrams" "$n6_seen" $N6
clos_check_eq "h2's socket received $N4 IPv4 datagrams (checksums good)" \
	"$(( $(stat -c %s "$TMP/udp4.bin" 2>/dev/null || echo 0) / PAYLOAD ))" $N4
clos_check_eq "h2's socket received $N6 IPv6 datagrams (checksums good)" \
	"$(( $(stat -c %s "$TMP/udp6.bin" 2>/dev/null || echo 0) / PAYLOAD ))" $N6
clos_check_eq "TTL 64 at h1 arrives as 63 at h2 (all $N4)" \
	"$(grep -c 'ttl 63,' "$TMP/h2.txt")" $N4
clos_check_eq "hop limit 64 arrives as 63 at h2 (all $N6)" \
	"$(grep -c 'hlim 63,' "$TMP/h2.txt")" $N6
clos_check_eq "source MAC at h2 is the leaf port's, dst MAC is h2's" \
	"$(grep -c "^[0-9:.]* $leaf_mac2 > $CLOS_H2_MAC," "$TMP/h2.txt")" $((N4 + N6))

total=$((N4 + N6))
clos_check_eq "leaf counted $total forwarded" \
	"$(delta burst0 burst1 .stats.forwarded.packets)" $total
clos_check_eq "leaf counted $total tx on eth2" \
	"$(delta burst0 burst1 '.ports[] | select(.name == "eth2") | .tx.packets')" $total
rx=$(delta burst0 burst1 '.ports[] | select(.name == "eth1") | .rx.packets')
punt=$(delta burst0 burst1 '.ports[] | select(.name == "eth1") | .punt.packets')
drop=$(delta burst0 burst1 '.ports[] | select(.name == "eth1") | .drop.packets')
clos_check_eq "eth1 rx minus punt and drop is $total" "$((rx - punt - drop))" $total
clos_check_eq "every frame received ended in one of forwarded, punt_*, drop_*" \
	"$(delta burst0 burst1 '[.stats | to_entries[] | select(.key | test("^(forwarded|punt_|drop_)")) | .value.packets] | add')" \
	"$(delta burst0 burst1 '[.ports[].rx.packets] | add')"

# ---- no route ------------------------------------------------------------------

stats_save noroute0
clos_udp_burst "$H1" 10.9.9.9 $PORT4 5
sleep 0.3
stats_save noroute1
clos_check_eq "5 datagrams to unrouted 10.9.9.9 counted in drop_no_route" \
	"$(delta noroute0 noroute1 .stats.drop_no_route.packets)" 5

# ---- detach --------------------------------------------------------------------

clos_check "loader detaches the leaf" "$CLOS_LOADER" detach "$SW"
clos_check "no pins left under $PINS" test ! -e "$PINS"
clos_check_eq "ip -d link shows no xdp on eth1, eth2" \
	"$(ip -n "$LEAF" -d link show | grep -c 'xdp')" 0
clos_check "the ingress program is gone (id $prog_id)" \
	clos_wait_for 5 sh -c "! bpftool prog show id $prog_id"
clos_check_fails "without the switch h1 cannot reach h2 (leaf kernel does not forward)" \
	ip netns exec "$H1" ping -c 1 -W 1 10.0.2.2
clos_check_fails "detaching it again is an error" "$CLOS_LOADER" detach "$SW"

clos_cleanup_prefix "$PREFIX"
clos_check_eq "namespaces deleted" "$(ip netns list | grep -c "^$PREFIX")" 0

clos_summary smoke
