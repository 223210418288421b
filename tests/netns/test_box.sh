#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# A Linux box running clos on its own interfaces: clos-loader attach
# without --netns, in the namespace it runs in. The "box" is namespace
# clos-box-sw, and every clos tool runs in it through `ip netns exec`, as
# on a real box they run in the root namespace. Nothing here touches the
# interfaces of this machine's root namespace (checked at the end).
#
#   h1 10.0.1.2 eth0 -- eth1 [ box ] eth2 -- eth0 h2 10.0.2.2
#                             br3 (a bridge) -- eth3 -- eth0 h3 10.0.3.2
#
# veths have native XDP; a bridge has none (nor have dummy, vxlan, ...),
# so it runs generic (skb mode). Checks:
# - --xdp-mode refusals: native on a port without it (named, nothing left),
#   native beside a port without it, a bad mode, a port not in --ports,
#   --xdp-mode in queue mode;
# - a mixed switch, eth1 native and eth2 forced generic: list, closctl
#   port show and the kernel agree; traffic both ways (native ingress to a
#   generic port, generic ingress to a native port), counted; re-attach is a
#   no-op, another mode refused; the link watcher fails a port out of its
#   ECMP group and back; closctl from the root namespace finds no ports
#   there (unknown), and touches nothing;
# - a switch with the bridge, auto: every port generic, traffic veth <->
#   bridge both ways; with a dummy device where the kernel has one;
# - queue mode without --netns: closctl queue show reads the HTB counters
#   in the current netns;
# - detach leaves no pins and no program, and the root namespace's links
#   carry the XDP programs they had before.
set -u

cd "$(dirname "$0")/../.."
. netns-scripts/lib.sh

PREFIX=clos-box-
BOX=${PREFIX}sw
H1=${PREFIX}h1
H2=${PREFIX}h2
H3=${PREFIX}h3
EMPTY=${PREFIX}empty	# no interfaces: a safe place for a last-resort detach
SWITCHES="box-a box-b box-d box-q"
N=100			# datagrams per burst
PAYLOAD=10		# bytes per datagram: "clos%06d"

BR3_MAC=02:c1:00:00:03:01
H3_MAC=02:c1:00:00:03:02

TMP=$(mktemp -d /tmp/clos-box.XXXXXX)
BG_PIDS=()

# Every clos tool runs inside the box, as it would on a box's root netns.
bx() { ip netns exec "$BOX" "$@"; }
loader() { bx "$CLOS_LOADER" "$@"; }
ctl() { local sw=$1; shift; bx "$CLOS_CTL" -s "$sw" "$@"; }

# detach_all: each switch of this test, from inside the box; if the box is
# gone, from an empty namespace, where no ifindex can be a port of it.
detach_all() {
	local sw ns=$BOX

	ip netns list | awk '{print $1}' | grep -qx "$BOX" || ns=$EMPTY
	for sw in $SWITCHES; do
		[ -e "/sys/fs/bpf/clos/$sw" ] || continue
		ip netns exec "$ns" "$CLOS_LOADER" detach "$sw" >/dev/null 2>&1
	done
}

cleanup() {
	clos_stop "${BG_PIDS[@]}"
	[ -f "$TMP/watch.pid" ] && kill "$(cat "$TMP/watch.pid")" 2>/dev/null
	detach_all
	clos_cleanup_prefix "$PREFIX" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# XDP on the root namespace's links: "ifname:mode:prog" lines.
root_xdp() {
	ip -d -j link show | jq -r '.[] | select(.xdp) | "\(.ifname):\(.xdp.mode):\(.xdp.prog.id // .xdp.attached[0].prog.id)"' | sort
}

# kernel_xdp IF: the kernel's XDP attach mode of IF in the box (1 driver,
# 2 generic, none).
kernel_xdp() { ip -n "$BOX" -d -j link show dev "$1" | jq -r '.[0].xdp.mode // "none"'; }

# hooks SWITCH: "name=hook/xdp_mode,..." as clos-loader -j list says.
hooks() {
	loader -j list | jq -r --arg s "$1" \
		'.[] | select(.switch == $s) | [.ports[] | "\(.name)=\(.hook)/\(.xdp_mode // "-")"] | join(",")'
}

# ctl_hooks SWITCH [closctl ...]: the same as closctl -j port show says.
ctl_hooks() {
	local sw=$1; shift
	"$@" "$CLOS_CTL" -s "$sw" -j port show |
		jq -r '[.[] | "\(.name)=\(.hook)/\(.xdp_mode // "-")"] | join(",")'
}

# recv NS PORT FILE: a UDP receiver appending what arrives to FILE.
recv() {
	ip netns exec "$1" socat -u UDP4-RECV:"$2" OPEN:"$3",creat,append &
	BG_PIDS+=($!)
	clos_wait_for 5 sh -c "ip netns exec $1 ss -Hlun | grep -q ':$2 '"
}

# burst FROM DST PORT FILE: N datagrams; wait until FILE has them all.
burst() {
	clos_udp_burst "$1" "$2" "$3" $N
	clos_wait_for 5 clos_file_size_is "$4" $((N * PAYLOAD))
}

got() { echo $(( $(stat -c %s "$1" 2>/dev/null || echo 0) / PAYLOAD )); }

# fwd SWITCH: the switch's forwarded counter.
fwd() { ctl "$1" -j stats | jq .stats.forwarded.packets; }

# routes SWITCH: host ports and a /32 to each host of the switch's ports
# (eth1, eth2, br3, as far as the switch has them).
routes() {
	local sw=$1 ports p
	ports=$(ctl "$sw" -j port show | jq -r '.[].name')
	for p in $ports; do
		ctl "$sw" port set "$p" role host || return 1
		case $p in
		eth1) ctl "$sw" table add nexthop 1 '=>' fwd eth1 $CLOS_H1_MAC &&
		      ctl "$sw" table add route_v4 10.0.1.2/32 '=>' nexthop 1 &&
		      ctl "$sw" table add route_v6 2001:db8:1::2/128 '=>' nexthop 1 ;;
		eth2) ctl "$sw" table add nexthop 2 '=>' fwd eth2 $CLOS_H2_MAC &&
		      ctl "$sw" table add route_v4 10.0.2.2/32 '=>' nexthop 2 &&
		      ctl "$sw" table add route_v6 2001:db8:2::2/128 '=>' nexthop 2 ;;
		br3)  ctl "$sw" table add nexthop 3 '=>' fwd br3 $H3_MAC &&
		      ctl "$sw" table add route_v4 10.0.3.2/32 '=>' nexthop 3 ;;
		esac || return 1
	done
}

# no_trace SWITCH: no pins, and no XDP or clsact on the box's ports.
no_trace() {
	[ ! -e "/sys/fs/bpf/clos/$1" ] &&
	[ "$(ip -n "$BOX" -d link show | grep -c 'xdp')" -eq 0 ] &&
	[ "$(ip netns exec "$BOX" tc qdisc show | grep -c 'clsact\|htb')" -eq 0 ]
}

echo "box: clos-loader without --netns, run inside namespace $BOX"

# ---- preconditions and the box -------------------------------------------------

clos_require box jq socat ethtool ss tc -- "$CLOS_LOADER" "$CLOS_CTL"
clos_cleanup_prefix "$PREFIX"
detach_all
ROOT_XDP_BEFORE=$(root_xdp)

# The one-leaf topology's hosts and addresses (netns-scripts/lib.sh), with
# the leaf named $BOX, plus h3 behind a bridge.
box_up() {
	clos_ns_add "$BOX" && clos_ns_add "$H1" && clos_ns_add "$H2" &&
	clos_ns_add "$H3" && clos_ns_add "$EMPTY" &&
	clos_veth_add "$BOX" eth1 "$H1" eth0 $CLOS_LEAF_MAC1 $CLOS_H1_MAC &&
	clos_veth_add "$BOX" eth2 "$H2" eth0 $CLOS_LEAF_MAC2 $CLOS_H2_MAC &&
	clos_veth_add "$BOX" eth3 "$H3" eth0 "" $H3_MAC &&
	ip -n "$BOX" link add br3 address $BR3_MAC type bridge &&
	ip -n "$BOX" link set eth3 master br3 &&
	ip -n "$BOX" link set br3 up &&
	ip -n "$BOX" addr add 10.0.1.1/24 dev eth1 &&
	ip -n "$BOX" addr add 10.0.2.1/24 dev eth2 &&
	ip -n "$BOX" addr add 10.0.3.1/24 dev br3 &&
	ip -n "$BOX" -6 addr add 2001:db8:1::1/64 dev eth1 nodad &&
	ip -n "$BOX" -6 addr add 2001:db8:2::1/64 dev eth2 nodad &&
	ip netns exec "$BOX" sysctl -qw net.ipv4.ip_forward=0 \
		net.ipv6.conf.all.forwarding=0 &&
	clos_host_setup "$H1" eth0 10.0.1.2/24 10.0.1.1 2001:db8:1::2/64 2001:db8:1::1 &&
	clos_host_setup "$H2" eth0 10.0.2.2/24 10.0.2.1 2001:db8:2::2/64 2001:db8:2::1 &&
	clos_host_setup "$H3" eth0 10.0.3.2/24 10.0.3.1 2001:db8:3::2/64 2001:db8:3::1 &&
	# The bridge has carrier once its port forwards (no STP: at once).
	clos_wait_for 5 sh -c "ip -n $BOX link show br3 | grep -q LOWER_UP"
}
if box_up; then
	clos_pass "build the box: h1, h2 on veths, h3 behind bridge br3"
else
	clos_fail "build the box"
	clos_summary box
	exit 1
fi

# ---- refusals ------------------------------------------------------------------

out=$(loader attach box-a --ports eth1,br3 --xdp-mode native 2>&1)
clos_check_eq "--xdp-mode native is refused for br3, which has no native XDP, naming it" \
	"$(grep -c 'port br3 .*has no native XDP' <<<"$out")" 1
clos_check "  ... and nothing is left (pins, XDP on eth1)" no_trace box-a
out=$(loader attach box-a --ports eth1,br3 --xdp-mode native,br3=generic 2>&1)
clos_check_eq "native eth1 beside br3 forced generic is refused: eth1 could not hand br3 frames" \
	"$(grep -c 'port eth1 would run native XDP, which cannot hand frames to port br3' <<<"$out")" 1
clos_check "  ... and nothing is left" no_trace box-a
out=$(loader attach box-a --ports eth1,eth2 --xdp-mode fast 2>&1)
clos_check_eq "--xdp-mode fast is refused" \
	"$(grep -c "'fast' is not auto, native or generic" <<<"$out")" 1
out=$(loader attach box-a --ports eth1,eth2 --xdp-mode eth9=generic 2>&1)
clos_check_eq "--xdp-mode eth9=generic is refused: eth9 is not one of --ports" \
	"$(grep -c 'eth9 is not one of --ports' <<<"$out")" 1
out=$(loader attach box-a --ports eth1,eth2 --xdp-mode generic,native 2>&1)
clos_check_eq "--xdp-mode with two modes for all ports is refused" \
	"$(grep -c 'more than one mode for all ports' <<<"$out")" 1
out=$(loader attach box-q --ports eth1,eth2 --mode queue --xdp-mode generic 2>&1)
clos_check_eq "--xdp-mode in queue mode is refused" \
	"$(grep -c 'xdp-mode is for fast mode' <<<"$out")" 1
clos_check "  ... and nothing is left" no_trace box-q

# ---- a mixed switch: eth1 native, eth2 forced generic ------------------------

loader -j attach box-a --ports eth1,eth2 --xdp-mode eth2=generic >"$TMP/a.json" 2>"$TMP/a.err"
clos_check_eq "attach box-a without --netns, eth2 forced generic" "$?" 0
clos_check_eq "  ... JSON: netns \"\", eth1 xdp native, eth2 xdp generic" \
	"$(jq -c '[.netns, [.ports[] | .name + "=" + .hook + "/" + .xdp_mode]]' "$TMP/a.json")" \
	'["",["eth1=xdp/native","eth2=xdp/generic"]]'
clos_check_eq "the kernel runs eth1 in driver mode (1), eth2 in generic mode (2)" \
	"$(kernel_xdp eth1)/$(kernel_xdp eth2)" "1/2"
clos_check_eq "clos-loader list: netns \"\" (current), eth1 native, eth2 generic" \
	"$(loader -j list | jq -r '.[] | select(.switch == "box-a") | .netns')|$(hooks box-a)" \
	"|eth1=xdp/native,eth2=xdp/generic"
clos_check_eq "  ... and as text" \
	"$(loader list | grep -A2 '^box-a: current netns role leaf mode fast' | grep -c 'eth[12] ifindex [0-9]* xdp \(native\|generic\) unshaped')" 2
clos_check_eq "closctl port show (in the box, no netns given) says the same" \
	"$(ctl_hooks box-a bx)" "eth1=xdp/native,eth2=xdp/generic"
clos_check_eq "  ... text: a hook column" \
	"$(ctl box-a port show | awk 'NR > 1 {print $1, $2, $(NF-1), $NF}' | tr '\n' ';')" \
	"0 eth1 xdp native;1 eth2 xdp generic;"
clos_check_eq "closctl in the root namespace finds no such ports there (unknown)" \
	"$(ctl_hooks box-a env)" "eth1=unknown/-,eth2=unknown/-"
clos_check_eq "re-attach with the same ports and modes is a no-op" \
	"$(loader -j attach box-a --ports eth1,eth2 --xdp-mode eth2=generic | jq -r .status)" \
	"unchanged"
out=$(loader attach box-a --ports eth1,eth2 --xdp-mode eth2=native 2>&1)
clos_check_eq "re-attach asking native for eth2 (running generic) is refused" \
	"$(grep -c 'port eth2 in generic XDP mode; detach it first' <<<"$out")" 1
clos_check_eq "  ... and changes nothing" "$(kernel_xdp eth1)/$(kernel_xdp eth2)" "1/2"

clos_check "closctl in the box: host ports, nexthops and routes" routes box-a
clos_check "ping h1 -> h2 (IPv4)" ip netns exec "$H1" ping -c 3 -i 0.2 -W 2 10.0.2.2
clos_check "ping h2 -> h1 (IPv6)" ip netns exec "$H2" ping -6 -c 3 -i 0.2 -W 2 2001:db8:1::2

recv "$H2" 9001 "$TMP/a12.bin"
recv "$H1" 9002 "$TMP/a21.bin"
f0=$(fwd box-a)
burst "$H1" 10.0.2.2 9001 "$TMP/a12.bin"
burst "$H2" 10.0.1.2 9002 "$TMP/a21.bin"
f1=$(fwd box-a)
clos_check_eq "h1 -> h2: native ingress into the generic port, $N datagrams arrive" \
	"$(got "$TMP/a12.bin")" $N
clos_check_eq "h2 -> h1: generic ingress into the native port, $N datagrams arrive" \
	"$(got "$TMP/a21.bin")" $N
clos_check_eq "  ... and box-a counted all $((2 * N)) forwarded" "$((f1 - f0))" $((2 * N))
clos_check_eq "  ... the box's kernel forwarded none (ip_forward 0, no counter moved)" \
	"$(ip netns exec "$BOX" cat /proc/net/snmp | awk '/^Ip: [0-9]/ {print $7}')" 0

# The link watcher, in the box: eth2 down leaves the group, up rejoins.
clos_check "closctl: group 1 over eth1 and eth2" ctl box-a group set 1 kind resilient members eth1,eth2
loader watch --daemon "$TMP/watch.pid" --log "$TMP/watch.log" box-a
clos_check_eq "clos-loader watch runs in the box for box-a" "$?" 0
ip -n "$BOX" link set eth2 down
clos_check "eth2 down: the watcher takes it out of group 1" \
	clos_wait_for 5 sh -c "ip netns exec $BOX $CLOS_CTL -s box-a -j group show 1 | jq -e '[.[0].members[] | select(.active)] | length == 1'"
clos_check_eq "  ... and logs it" \
	"$(jq -c 'select(.port == "eth2") | .state' "$TMP/watch.log" | head -n 1)" '"down"'
ip -n "$BOX" link set eth2 up
clos_check "eth2 up: back in group 1" \
	clos_wait_for 5 sh -c "ip netns exec $BOX $CLOS_CTL -s box-a -j group show 1 | jq -e '[.[0].members[] | select(.active)] | length == 2'"
kill "$(cat "$TMP/watch.pid")" 2>/dev/null
clos_wait_for 5 sh -c "! test -e $TMP/watch.pid"
rm -f "$TMP/watch.pid"

loader -j detach box-a >"$TMP/a-detach.json"
clos_check_eq "detach box-a in the box: both ports detached" \
	"$(jq -c '[.ports[].result]' "$TMP/a-detach.json")" '["detached","detached"]'
clos_check "  ... no pins, no XDP left" no_trace box-a
clos_check_fails "without the switch h1 cannot reach h2" \
	ip netns exec "$H1" ping -c 1 -W 1 10.0.2.2

# ---- a port without native XDP: every port generic ------------------------------

loader attach box-b --ports eth1,eth2,br3 >"$TMP/b.out" 2>"$TMP/b.err"
clos_check_eq "attach box-b on eth1, eth2 and the bridge br3 (auto)" "$?" 0
clos_check_eq "  ... notes that br3 has no native XDP, so every port runs generic" \
	"$(grep -c 'port br3 has no native XDP, so every port runs generic' "$TMP/b.err")" 1
clos_check_eq "clos-loader list: every port generic" \
	"$(hooks box-b)" "eth1=xdp/generic,eth2=xdp/generic,br3=xdp/generic"
clos_check_eq "  ... as the kernel says" \
	"$(kernel_xdp eth1)/$(kernel_xdp eth2)/$(kernel_xdp br3)" "2/2/2"
clos_check "closctl: routes to h1, h2, h3" routes box-b
clos_check "ping h3 (behind the bridge) -> h1" ip netns exec "$H3" ping -c 3 -i 0.2 -W 2 10.0.1.2
clos_check "ping h2 -> h3" ip netns exec "$H2" ping -c 3 -i 0.2 -W 2 10.0.3.2
recv "$H3" 9003 "$TMP/b13.bin"
recv "$H1" 9004 "$TMP/b31.bin"
f0=$(fwd box-b)
burst "$H1" 10.0.3.2 9003 "$TMP/b13.bin"
burst "$H3" 10.0.1.2 9004 "$TMP/b31.bin"
f1=$(fwd box-b)
clos_check_eq "h1 -> h3: veth into the bridge, $N datagrams arrive" "$(got "$TMP/b13.bin")" $N
clos_check_eq "h3 -> h1: the bridge into a veth, $N datagrams arrive" "$(got "$TMP/b31.bin")" $N
clos_check_eq "  ... and box-b counted all $((2 * N)) forwarded" "$((f1 - f0))" $((2 * N))
clos_check "detach box-b: no pins, no XDP left" sh -c \
	"ip netns exec $BOX $CLOS_LOADER detach box-b >/dev/null && test ! -e /sys/fs/bpf/clos/box-b && test \$(ip -n $BOX -d link show | grep -c xdp) -eq 0"

# A dummy device has no XDP of its own either; not every kernel has one.
if ip -n "$BOX" link add dum0 type dummy 2>/dev/null; then
	ip -n "$BOX" link set dum0 up
	loader attach box-d --ports eth1,dum0 >/dev/null 2>&1
	clos_check_eq "a dummy device runs generic, and so does eth1 beside it" \
		"$(hooks box-d)" "eth1=xdp/generic,dum0=xdp/generic"
	loader detach box-d >/dev/null
	clos_check "  ... detach leaves nothing" no_trace box-d
	ip -n "$BOX" link del dum0
else
	echo "  info  this kernel has no dummy devices: the bridge stands for them"
fi

# ---- queue mode without --netns ----------------------------------------------------

loader attach box-q --ports eth1,eth2 --mode queue --rates eth2=100mbit >/dev/null
clos_check_eq "attach box-q in queue mode without --netns" "$?" 0
TCH=$(clos_tc_hook)
clos_check_eq "clos-loader list: both ports on $TCH hooks" "$(hooks box-q)" "eth1=$TCH/-,eth2=$TCH/-"
clos_check "closctl: routes" routes box-q
clos_check "ping h1 -> h2 through queue mode" \
	ip netns exec "$H1" ping -c 5 -i 0.2 -W 2 10.0.2.2
# "Sent B bytes P pkt": tc's own count of what the class sent.
tc_sent=$(ip netns exec "$BOX" tc -s class show dev eth2 classid 1:1 | awk '/Sent/ {print $4}')
clos_check_eq "closctl queue show reads eth2's HTB class 1:1 in the current netns, as tc" \
	"$(ctl box-q -j queue show eth2 | jq '.[] | select(.tc == 0) | .qdisc.sent_packets')" \
	"$tc_sent"
clos_check "  ... which sent the echo requests" test "${tc_sent:-0}" -ge 5
clos_check "detach box-q: no pins, no clsact, no HTB left" sh -c \
	"ip netns exec $BOX $CLOS_LOADER detach box-q >/dev/null && test ! -e /sys/fs/bpf/clos/box-q && test \$(ip netns exec $BOX tc qdisc show | grep -c 'clsact\|htb') -eq 0"

# ---- the machine's own namespace --------------------------------------------------

clos_check_eq "no switch of this test is left" \
	"$("$CLOS_LOADER" -j list | jq -r '[.[] | select(.switch | startswith("box-"))] | length')" 0
clos_check_eq "the root namespace's links carry the XDP programs they had before" \
	"$(root_xdp)" "$ROOT_XDP_BEFORE"

clos_cleanup_prefix "$PREFIX"
clos_check_eq "namespaces deleted" "$(ip netns list | grep -c "^$PREFIX")" 0

clos_summary box
