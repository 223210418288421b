# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
#
# Shell helpers for clos namespace scripts, tests and the demo. Source it:
#
#   . netns-scripts/lib.sh
#
# Every namespace made here has a name starting with "clos", so leftovers
# are recognisable, and clos_cleanup_prefix removes them (with any switch
# attached to them). Needs root, iproute2, ethtool; tests also use jq and
# tcpdump.

CLOS_ROOT=${CLOS_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
# Where the programs are: CLOS_BUILD=build/san runs the tests with the
# sanitized ones (make test-san); relative to CLOS_ROOT.
CLOS_BUILD=${CLOS_BUILD:-build}
case $CLOS_BUILD in
/*) ;;
*) CLOS_BUILD=$CLOS_ROOT/$CLOS_BUILD ;;
esac
CLOS_LOADER=${CLOS_LOADER:-$CLOS_BUILD/clos-loader}
CLOS_CTL=${CLOS_CTL:-$CLOS_BUILD/closctl}

# ---- namespaces and links ---------------------------------------------------

# clos_ns_add NAME: a new namespace with lo up.
clos_ns_add() {
	case $1 in
	clos*) ;;
	*) echo "clos_ns_add: namespace '$1' must start with 'clos'" >&2; return 1 ;;
	esac
	ip netns add "$1" && ip -n "$1" link set lo up
}

# clos_ns_del NAME: delete the namespace if it exists (its links go with it).
clos_ns_del() {
	if ip netns list | awk '{print $1}' | grep -qx -- "$1"; then
		ip netns del "$1"
	fi
}

# clos_veth_add NS_A IF_A NS_B IF_B [MAC_A [MAC_B]]: a veth pair from
# NS_A:IF_A to NS_B:IF_B, both ends up. Made directly inside the namespaces,
# so the names never meet in the root namespace.
clos_veth_add() {
	local ns_a=$1 if_a=$2 ns_b=$3 if_b=$4 mac_a=${5:-} mac_b=${6:-}

	ip -n "$ns_a" link add "$if_a" ${mac_a:+address "$mac_a"} type veth \
		peer name "$if_b" netns "$ns_b" ${mac_b:+address "$mac_b"} || return 1
	ip -n "$ns_a" link set "$if_a" up && ip -n "$ns_b" link set "$if_b" up
}

# clos_host_setup NS IF ADDR4/LEN GW4 ADDR6/LEN GW6: a host behind a switch
# port. GRO on gives the veth NAPI, without which frames XDP-redirected into
# it are lost; tx checksum offload off, because a partial checksum does not
# survive an XDP redirect (DESIGN.md section 6).
clos_host_setup() {
	local ns=$1 ifc=$2 a4=$3 gw4=$4 a6=$5 gw6=$6

	ip -n "$ns" addr add "$a4" dev "$ifc" &&
	ip -n "$ns" -6 addr add "$a6" dev "$ifc" nodad &&
	ip -n "$ns" route add default via "$gw4" dev "$ifc" &&
	ip -n "$ns" -6 route add default via "$gw6" dev "$ifc" &&
	ip netns exec "$ns" ethtool -K "$ifc" gro on tx off >/dev/null
}

# clos_mac NS IF: the interface's MAC address.
clos_mac() {
	ip -n "$1" -j link show dev "$2" | jq -r '.[0].address'
}

# clos_stop PID...: stop background jobs (receivers, captures) and reap them.
clos_stop() {
	local pid

	for pid in "$@"; do
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	return 0
}

# clos_cleanup_prefix PREFIX: detach every clos switch whose netns starts
# with PREFIX, then delete the namespaces starting with PREFIX.
clos_cleanup_prefix() {
	local prefix=$1 sw ns

	case $prefix in
	clos?*) ;;
	*) echo "clos_cleanup_prefix: prefix '$prefix' must start with 'clos'" >&2; return 1 ;;
	esac
	if [ -x "$CLOS_LOADER" ]; then
		for sw in $("$CLOS_LOADER" -j list 2>/dev/null |
			    jq -r --arg p "$prefix" '.[] | select(.netns | startswith($p)) | .switch' 2>/dev/null); do
			"$CLOS_LOADER" detach "$sw" >/dev/null || true
		done
	fi
	for ns in $(ip netns list | awk '{print $1}'); do
		case $ns in
		"$prefix"*) ip netns del "$ns" || true ;;
		esac
	done
}

# ---- the one-leaf topology (smoke test and demo) ----------------------------
#
#   h1 (10.0.1.2, 2001:db8:1::2) eth0 -- eth1 [ leaf ] eth2 -- eth0 h2 (10.0.2.2, 2001:db8:2::2)
#                          gw 10.0.1.1, 2001:db8:1::1    10.0.2.1, 2001:db8:2::1
#
# Namespaces ${PREFIX}leaf, ${PREFIX}h1, ${PREFIX}h2; fixed MACs so that
# captures read easily. The leaf's kernel does not forward (ip_forward 0):
# only the XDP pipeline can carry h1 <-> h2, so a broken pipeline cannot be
# hidden by the kernel.

CLOS_LEAF_MAC1=02:c1:00:00:01:01
CLOS_LEAF_MAC2=02:c1:00:00:02:01
CLOS_H1_MAC=02:c1:00:00:01:02
CLOS_H2_MAC=02:c1:00:00:02:02

# clos_oneleaf_up PREFIX: namespaces, links, addresses (no switch yet).
clos_oneleaf_up() {
	local p=$1 leaf=${1}leaf h1=${1}h1 h2=${1}h2

	clos_ns_add "$leaf" && clos_ns_add "$h1" && clos_ns_add "$h2" &&
	clos_veth_add "$leaf" eth1 "$h1" eth0 $CLOS_LEAF_MAC1 $CLOS_H1_MAC &&
	clos_veth_add "$leaf" eth2 "$h2" eth0 $CLOS_LEAF_MAC2 $CLOS_H2_MAC &&
	ip -n "$leaf" addr add 10.0.1.1/24 dev eth1 &&
	ip -n "$leaf" addr add 10.0.2.1/24 dev eth2 &&
	ip -n "$leaf" -6 addr add 2001:db8:1::1/64 dev eth1 nodad &&
	ip -n "$leaf" -6 addr add 2001:db8:2::1/64 dev eth2 nodad &&
	ip netns exec "$leaf" sysctl -qw net.ipv4.ip_forward=0 \
		net.ipv6.conf.all.forwarding=0 &&
	clos_host_setup "$h1" eth0 10.0.1.2/24 10.0.1.1 2001:db8:1::2/64 2001:db8:1::1 &&
	clos_host_setup "$h2" eth0 10.0.2.2/24 10.0.2.1 2001:db8:2::2/64 2001:db8:2::1 ||
	{ echo "clos_oneleaf_up: cannot build the topology ($p*)" >&2; return 1; }
}

# clos_oneleaf_attach PREFIX SWITCH: put the switch on the leaf's ports and
# route the two hosts.
clos_oneleaf_attach() {
	"$CLOS_LOADER" attach "$2" --netns "${1}leaf" --ports eth1,eth2 --role leaf &&
	clos_oneleaf_routes "$2"
}

# clos_oneleaf_routes SWITCH: both ports face hosts; one nexthop per host
# and a /32 and a /128 to each.
clos_oneleaf_routes() {
	local sw=$1

	"$CLOS_CTL" -s "$sw" port set eth1 role host &&
	"$CLOS_CTL" -s "$sw" port set eth2 role host &&
	"$CLOS_CTL" -s "$sw" table add nexthop 1 '=>' fwd eth1 $CLOS_H1_MAC &&
	"$CLOS_CTL" -s "$sw" table add nexthop 2 '=>' fwd eth2 $CLOS_H2_MAC &&
	"$CLOS_CTL" -s "$sw" table add route_v4 10.0.1.2/32 '=>' nexthop 1 &&
	"$CLOS_CTL" -s "$sw" table add route_v4 10.0.2.2/32 '=>' nexthop 2 &&
	"$CLOS_CTL" -s "$sw" table add route_v6 2001:db8:1::2/128 '=>' nexthop 1 &&
	"$CLOS_CTL" -s "$sw" table add route_v6 2001:db8:2::2/128 '=>' nexthop 2
}

# clos_udp_burst NS DST PORT COUNT: COUNT datagrams from NS to DST:PORT, one
# write each through bash's /dev/udp (v4 or v6 address).
clos_udp_burst() {
	ip netns exec "$1" bash -c '
		exec 3>"/dev/udp/$1/$2" || exit 1
		for ((i = 0; i < $3; i++)); do printf "clos%06d" "$i" >&3; done
		exec 3>&-' clos_udp_burst "$2" "$3" "$4"
}

# clos_arp_frames FILE COUNT SMAC SPA TPA [TAG]: COUNT broadcast ARP
# requests (who-has TPA tell SPA, from SMAC) for clos_send_frames, each
# padded to 60 bytes; TAG is a tag's 8 hex digits (TPID and TCI, e.g.
# 81000063 for 802.1Q VID 99) put after the MAC addresses (64 bytes).
clos_arp_frames() {
	local file=$1 n=$2 mac=${3//:/} tag=${6:-} spa tpa frame i

	spa=$(printf '%02x' ${4//./ })
	tpa=$(printf '%02x' ${5//./ })
	frame="ffffffffffff${mac}${tag}08060001080006040001${mac}${spa}000000000000${tpa}"
	frame=$frame$(printf '0%.0s' $(seq $(( (60 + ${#tag} / 2) * 2 - ${#frame} ))))
	for ((i = 0; i < n; i++)); do echo "$frame"; done | xxd -r -p >"$file"
}

# clos_send_frames NS DEV FILE LEN: send FILE's frames of LEN bytes each
# out of DEV in NS, as fast as a packet socket takes them.
clos_send_frames() {
	ip netns exec "$1" socat -u -b "$4" OPEN:"$3" INTERFACE:"$2"
}

# ---- tests ------------------------------------------------------------------
#
# A test counts checks with clos_pass/clos_fail (or clos_check) and ends
# with clos_summary NAME, which prints "NAME: N passed, N failed".

CLOS_PASSED=0
CLOS_FAILED=0

clos_pass() {
	CLOS_PASSED=$((CLOS_PASSED + 1))
	printf '  ok    %s\n' "$1"
}

clos_fail() {
	CLOS_FAILED=$((CLOS_FAILED + 1))
	printf '  FAIL  %s%s\n' "$1" "${2:+: $2}"
}

# clos_check DESC CMD...: pass when CMD succeeds (its output is shown on
# failure only).
clos_check() {
	local desc=$1 out
	shift
	if out=$("$@" 2>&1); then
		clos_pass "$desc"
	else
		clos_fail "$desc" "$(printf '%s' "$out" | tail -n 3 | tr '\n' ' ')"
	fi
}

# clos_check_fails DESC CMD...: pass when CMD fails.
clos_check_fails() {
	local desc=$1
	shift
	if "$@" >/dev/null 2>&1; then
		clos_fail "$desc" "succeeded but should have failed"
	else
		clos_pass "$desc"
	fi
}

# clos_check_refused DESC TEXT CMD...: pass when CMD fails saying TEXT.
clos_check_refused() {
	local desc=$1 text=$2 out
	shift 2
	if out=$("$@" 2>&1); then
		clos_fail "$desc" "exit 0"
	elif printf '%s' "$out" | grep -qF -- "$text"; then
		clos_pass "$desc"
	else
		clos_fail "$desc" "said: $(printf '%s' "$out" | head -n 2 | tr '\n' ' ')"
	fi
}

# clos_check_topo_refused DIR CONTENT MESSAGE: `clos-topo show` of a new
# file DIR/badN.yaml holding CONTENT (printf %b) exits 1 saying exactly
# "Error: FILE:MESSAGE" (MESSAGE starts with the line number).
CLOS_BAD_FILES=0
clos_check_topo_refused() {
	local f out rc

	CLOS_BAD_FILES=$((CLOS_BAD_FILES + 1))
	f=$1/bad$CLOS_BAD_FILES.yaml
	printf '%b' "$2" >"$f"
	out=$("$CLOS_BUILD/clos-topo" show "$f" 2>&1 >/dev/null)
	rc=$?
	if [ "$rc" -eq 1 ] && [ "$out" = "Error: $f:$3" ]; then
		clos_pass "refused: $3"
	else
		clos_fail "refused: $3" "exit $rc, said '$out'"
	fi
}

# clos_check_eq DESC GOT WANT
clos_check_eq() {
	if [ "$2" = "$3" ]; then
		clos_pass "$1 ($2)"
	else
		clos_fail "$1" "got '$2', want '$3'"
	fi
}

# clos_require NAME TOOL... -- FILE...: root, every TOOL on PATH and every
# FILE executable (the built programs), or test NAME fails its
# preconditions and the script exits.
clos_require() {
	local name=$1 missing=""
	shift
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		command -v "$1" >/dev/null || missing="$missing $1"
		shift
	done
	[ $# -gt 0 ] && shift
	[ "$(id -u)" -eq 0 ] || missing="$missing root"
	while [ $# -gt 0 ]; do
		[ -x "$1" ] || missing="$missing $1"
		shift
	done
	if [ -n "$missing" ]; then
		clos_fail "preconditions" "missing:$missing (run make deps and make, as root)"
		clos_summary "$name"
		exit 1
	fi
}

# clos_oneleaf_fresh NAME PREFIX SWITCH: remove what an earlier run left,
# then build the one-leaf topology, or test NAME fails and the script exits.
clos_oneleaf_fresh() {
	clos_cleanup_prefix "$2"
	"$CLOS_LOADER" detach "$3" >/dev/null 2>&1
	if ! clos_oneleaf_up "$2"; then
		clos_fail "build the one-leaf topology"
		clos_summary "$1"
		exit 1
	fi
	clos_pass "build the one-leaf topology"
}

# clos_oneleaf_test NAME PREFIX SWITCH: the start of a test on one switch in
# namespaces PREFIX*: TMP, a new directory /tmp/clos-NAME.XXXXXX, and
# BG_PIDS for background jobs. On any exit the jobs are stopped and the
# namespaces, the switch and TMP removed.
clos_oneleaf_test() {
	TMP=$(mktemp -d "/tmp/clos-$1.XXXXXX")
	BG_PIDS=()
	# shellcheck disable=SC2064 # PREFIX and SWITCH as they are now
	trap "clos_oneleaf_cleanup $(printf '%q %q' "$2" "$3")" EXIT
	trap 'exit 130' INT TERM
}

clos_oneleaf_cleanup() {
	clos_stop "${BG_PIDS[@]}"
	clos_cleanup_prefix "$1" 2>/dev/null
	"$CLOS_LOADER" detach "$2" >/dev/null 2>&1
	rm -rf "$TMP"
}

# clos_fabric_test NAME FILE...: the start of a test on fabrics clos-topo
# brings up: TOPO_BIN, FLOWS_BIN, TMP (a new directory
# /tmp/clos-NAME.XXXXXX), TOPO ($TMP/FILE, the first FILE) and BG_PIDS for
# background jobs. On any exit the jobs are stopped, every $TMP/FILE is
# taken down (clos-topo down) and TMP is removed.
clos_fabric_test() {
	TOPO_BIN=$CLOS_BUILD/clos-topo
	FLOWS_BIN=$CLOS_BUILD/clos-flows
	TMP=$(mktemp -d "/tmp/clos-$1.XXXXXX")
	TOPO=$TMP/$2
	BG_PIDS=()
	shift
	# shellcheck disable=SC2064 # the FILEs as they are now
	trap "clos_fabric_cleanup $(printf '%q ' "$@")" EXIT
	trap 'exit 130' INT TERM
}

# clos_fabric_up NAME WHAT: after clos_fabric_test, write $TOPO's plan to
# $TMP/plan.json and bring it up (its output in $TMP/up.log); passes WHAT,
# or fails with that output and ends test NAME there.
clos_fabric_up() {
	"$TOPO_BIN" -j show "$TOPO" >"$TMP/plan.json"
	if "$TOPO_BIN" up "$TOPO" >"$TMP/up.log" 2>&1; then
		clos_pass "$2"
	else
		clos_fail "clos-topo up: $(cat "$TMP/up.log")"
		clos_summary "$1"
		exit 1
	fi
}

clos_fabric_cleanup() {
	local f

	clos_stop "${BG_PIDS[@]}"
	for f in "$@"; do
		"$TOPO_BIN" down "$TMP/$f" >/dev/null 2>&1
	done
	rm -rf "$TMP"
}

# clos_wait_for SECONDS CMD...: poll CMD every 0.1 s until it succeeds.
clos_wait_for() {
	local tries=$(( $1 * 10 ))
	shift
	while ! "$@" >/dev/null 2>&1; do
		tries=$((tries - 1))
		[ "$tries" -gt 0 ] || return 1
		sleep 0.1
	done
}

# clos_tc_hook: the hook queue mode's programs take on this kernel by
# default (clos-loader attach --tc-hook auto): tcx from Linux 6.6 on, else
# tc (a clsact qdisc).
clos_tc_hook() {
	[ "$(uname -r | awk -F. '{ print $1 * 1000 + $2 }')" -ge 6006 ] && echo tcx || echo tc
}

# clos_pcap_has FILE N: the capture holds at least N packets.
clos_pcap_has() { [ "$(tcpdump -r "$1" -n 2>/dev/null | wc -l)" -ge "$2" ]; }

# clos_file_size_is FILE BYTES
clos_file_size_is() { [ "$(stat -c %s "$1" 2>/dev/null || echo 0)" -eq "$2" ]; }

# clos_oneleaf_punt_checks PREFIX SWITCH TMP: the way to the leaf's kernel
# from h1 (untagged eth1), checked on what the switch counts and on what
# the kernel answers:
#   - ARP tagged 802.1Q VID 99, or 802.1ad, is dropped before the punt
#     (drop_vlan_mismatch; punt_arp does not move; no ARP reply);
#   - an ARP flood meets eth1's punt policer (punt-rate 100/s, burst 20):
#     every request ends in punt_arp or drop_punt_policed; the kernel gets
#     at most burst + rate * time of them and answers no more; the port's
#     policed count rises with the drops. The policer is put back to the
#     defaults afterwards.
clos_oneleaf_punt_checks() {
	local p=$1 sw=$2 tmp=$3 n=2000 rate=100 burst=20
	local ctl="$CLOS_CTL -s $sw" cap pid t0 t1 ms bound punted policed
	local pol0 pol1 replies

	clos_arp_frames "$tmp/arp99.bin" 50 $CLOS_H1_MAC 10.0.1.2 10.0.1.1 81000063
	clos_arp_frames "$tmp/arpad.bin" 50 $CLOS_H1_MAC 10.0.1.2 10.0.1.1 88a8000a
	clos_arp_frames "$tmp/arp.bin" $n $CLOS_H1_MAC 10.0.1.2 10.0.1.1
	cap=$tmp/arp-replies.pcap
	ip netns exec "${p}h1" tcpdump -i eth0 -n -U -w "$cap" \
		"arp and ether src $CLOS_LEAF_MAC1 and arp[6:2] == 2" 2>"$tmp/arp-tcpdump.err" &
	pid=$!
	clos_wait_for 5 grep -q "listening on" "$tmp/arp-tcpdump.err"

	$ctl -j stats >"$tmp/vlan0.json"
	clos_send_frames "${p}h1" eth0 "$tmp/arp99.bin" 64
	clos_send_frames "${p}h1" eth0 "$tmp/arpad.bin" 64
	sleep 0.5
	$ctl -j stats >"$tmp/vlan1.json"
	clos_check_eq "100 ARPs tagged VID 99 / 802.1ad on untagged eth1: drop_vlan_mismatch" \
		"$(( $(jq .stats.drop_vlan_mismatch.packets "$tmp/vlan1.json") -
		     $(jq .stats.drop_vlan_mismatch.packets "$tmp/vlan0.json") ))" 100
	clos_check_eq "  ... none of them punted (punt_arp unchanged)" \
		"$(( $(jq .stats.punt_arp.packets "$tmp/vlan1.json") -
		     $(jq .stats.punt_arp.packets "$tmp/vlan0.json") ))" 0
	clos_check_eq "  ... and the leaf's kernel answered none" \
		"$(tcpdump -r "$cap" -n 2>/dev/null | wc -l)" 0

	clos_check "punt policer of eth1 set to $rate/s, burst $burst" \
		$ctl port set eth1 punt-rate $rate punt-burst $burst
	pol0=$($ctl -j port show eth1 | jq '.[0].punt_policed // 0')
	$ctl -j stats >"$tmp/pol0.json"
	t0=$(date +%s%N)
	clos_send_frames "${p}h1" eth0 "$tmp/arp.bin" 60
	t1=$(date +%s%N)
	sleep 0.5
	$ctl -j stats >"$tmp/pol1.json"
	pol1=$($ctl -j port show eth1 | jq '.[0].punt_policed // 0')
	kill -INT "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	replies=$(tcpdump -r "$cap" -n 2>/dev/null | wc -l)
	ms=$(( (t1 - t0) / 1000000 + 1 ))
	bound=$(( burst + (rate * ms + 999) / 1000 ))
	punted=$(( $(jq .stats.punt_arp.packets "$tmp/pol1.json") -
		   $(jq .stats.punt_arp.packets "$tmp/pol0.json") ))
	policed=$(( $(jq '.stats.drop_punt_policed.packets // 0' "$tmp/pol1.json") -
		    $(jq '.stats.drop_punt_policed.packets // 0' "$tmp/pol0.json") ))
	echo "    $n ARP requests in $ms ms: $punted punted, $policed policed (bound $bound), $replies replies"
	clos_check_eq "every one of the $n ARPs ended in punt_arp or drop_punt_policed" \
		"$((punted + policed))" $n
	clos_check "  ... at least the burst ($burst) and at most burst + rate * time ($bound) punted" \
		test "$punted" -ge "$burst" -a "$punted" -le "$bound"
	clos_check_eq "  ... eth1's policed count rose by drop_punt_policed" \
		"$((pol1 - pol0))" "$policed"
	clos_check "  ... the leaf's kernel answered at most what was punted ($replies <= $punted), and some" \
		test "$replies" -le "$punted" -a "$replies" -gt 0
	clos_check "punt policer of eth1 back to the defaults" \
		$ctl port set eth1 punt-rate 10000 punt-burst 1000
}

# clos_summary NAME: the closing line; returns 1 when a check failed.
clos_summary() {
	echo "$1: $CLOS_PASSED passed, $CLOS_FAILED failed"
	[ "$CLOS_FAILED" -eq 0 ]
}
