#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# closctl against the real pipeline maps, without clos-loader: the BPF object
# is loaded with bpftool and its maps pinned as switch "ctltest" with four
# fake ports. Then a table of closctl commands, good and bad, text and JSON,
# each with its expected exit code and output; refused commands must leave
# every table as it was.
#
# Runs in a private mount namespace with its own bpffs, so it neither sees
# nor disturbs other switches, and its pins vanish with it.
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CLOSCTL=${CLOSCTL:-$ROOT/build/closctl}
BPF_OBJ=${BPF_OBJ:-$ROOT/build/clos_fast.bpf.o}
SW=ctltest
S="-s $SW"
# The number of switch counters, from the one list of them in the ABI header.
NSTATS=$(sed -n '/#define CLOS_STATS(X)/,/^$/p' "$ROOT/include/clos_abi.h" | grep -c '^[[:space:]]*X(')
A='=>'

if [ -z "${CLOS_CTLTEST_PRIVATE:-}" ]; then
	export CLOS_CTLTEST_PRIVATE=1
	exec unshare -m --propagation private bash "$0" "$@"
fi

PIN=/sys/fs/bpf/clos/$SW
PROGS=/sys/fs/bpf/clostmp
TMP=$(mktemp -d /tmp/closctl-test.XXXXXX)
passed=0
failed=0

cleanup() {
	rm -rf "$PIN" "$PROGS" /sys/fs/bpf/clos/other
	rmdir /sys/fs/bpf/clos 2>/dev/null
	umount /sys/fs/bpf 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT

pass() { passed=$((passed + 1)); }
fail() {
	failed=$((failed + 1))
	echo "FAIL: $1"
	[ -n "${2:-}" ] && sed 's/^/      | /' <<<"$2"
}

# check RC TEXT ARGS...: closctl ARGS exits RC and prints TEXT (stdout or
# stderr; empty TEXT: anything).
check() {
	local want=$1 text=$2 out rc
	shift 2
	out=$("$CLOSCTL" "$@" 2>&1)
	rc=$?
	if [ "$rc" != "$want" ]; then
		fail "closctl $*: exit $rc, want $want" "$out"
	elif [ -n "$text" ] && ! grep -qF -- "$text" <<<"$out"; then
		fail "closctl $*: output lacks \"$text\"" "$out"
	else
		pass
	fi
}

# jcheck RC JQ ARGS...: closctl -j ARGS exits RC, prints JSON on stdout and
# nothing on stderr, and the jq expression JQ holds for it.
jcheck() {
	local want=$1 expr=$2 out rc
	shift 2
	out=$("$CLOSCTL" -j "$@" 2>"$TMP/stderr")
	rc=$?
	if [ "$rc" != "$want" ]; then
		fail "closctl -j $*: exit $rc, want $want" "$out$(cat "$TMP/stderr")"
	elif [ -s "$TMP/stderr" ]; then
		fail "closctl -j $*: wrote to stderr" "$(cat "$TMP/stderr")"
	elif ! jq -e "$expr" <<<"$out" >/dev/null 2>&1; then
		fail "closctl -j $*: not true: $expr" "$out"
	else
		pass
	fi
}

snapshot() {
	local t

	for t in ports route_v4 route_v6 nexthop ecmp_groups; do
		"$CLOSCTL" $S -j table show $t
	done
	"$CLOSCTL" $S -j group show
}

# refused TEXT ARGS...: closctl ARGS fails saying TEXT and changes nothing.
refused() {
	local before after

	before=$(snapshot)
	check 1 "$@"
	after=$(snapshot)
	if [ "$before" == "$after" ]; then
		pass
	else
		fail "closctl ${*:2}: refused but changed the tables" \
		     "$(diff <(echo "$before") <(echo "$after"))"
	fi
}

# --- fixture -------------------------------------------------------------

le32() {
	printf '%02x %02x %02x %02x' $(($1 & 255)) $((($1 >> 8) & 255)) \
		$((($1 >> 16) & 255)) $((($1 >> 24) & 255))
}

# NUL-padded string as LEN hex bytes.
strhex() {
	local s=$1 len=$2 i out=()

	for ((i = 0; i < len; i++)); do
		if ((i < ${#s})); then
			out+=("$(printf '%02x' "'${s:i:1}")")
		else
			out+=(00)
		fi
	done
	echo "${out[@]}"
}

# fake_port ID IFINDEX ROLE VLAN NAME: a struct clos_port, up.
fake_port() {
	bpftool map update pinned "$PIN/ports" key hex $(le32 "$1") value hex \
		$(le32 "$2") $(printf '%02x' "$3") 01 \
		$(printf '%02x %02x' $(($4 & 255)) $(($4 >> 8))) \
		02 00 00 00 00 $(printf '%02x' $(($1 + 1))) 00 00 \
		$(strhex "$5" 16)
}

# fake_counter MAP KEY PACKETS BYTES: the same counter on every CPU.
fake_counter() {
	bpftool map update pinned "$PIN/$1" key hex $(le32 "$2") value hex \
		$(le32 "$3") 00 00 00 00 $(le32 "$4") 00 00 00 00
}

# group_buckets GID: the raw bucket table, one slot per line.
group_buckets() {
	bpftool -j map lookup pinned "$PIN/ecmp_groups" key hex $(le32 "$1") |
		jq -r '.formatted.value.bucket[]'
}

setup() {
	mount -t bpf bpf /sys/fs/bpf || return 1
	mkdir -p /sys/fs/bpf/clos || return 1
	bpftool prog loadall "$BPF_OBJ" "$PROGS" pinmaps "$PIN" || return 1
	fake_port 0 101 1 10 eth1 &&	# host port, VLAN 10
	fake_port 1 102 0 0 eth2 &&	# fabric ports
	fake_port 2 103 0 0 eth3 &&
	fake_port 3 104 0 0 eth4 &&
	bpftool map update pinned "$PIN/switch_cfg" key hex 00 00 00 00 \
		value hex $(le32 305419896) 00 00 04 00 $(strhex closns 64)
}

for tool in bpftool jq unshare; do
	command -v $tool >/dev/null || { echo "closctl: $tool is missing"; exit 1; }
done
[ -x "$CLOSCTL" ] && [ -f "$BPF_OBJ" ] || {
	echo "closctl: build first ($CLOSCTL, $BPF_OBJ)"
	exit 1
}
mount -t bpf bpf /sys/fs/bpf || { echo "closctl: cannot mount a bpffs"; exit 1; }

# --- no switch yet: help, usage errors, schema ---------------------------

check 1 "no switch is attached" port show
jcheck 1 '.error | test("no switch is attached")' stats
check 0 "Usage: closctl [OPTIONS] OBJECT" --help
check 0 "Usage: closctl [OPTIONS] OBJECT" -h
check 0 "Usage: closctl [OPTIONS] OBJECT" help
check 1 "Usage: closctl" 
check 0 "closctl table add TABLE KEY... => ACTION" table help
check 0 "closctl table add TABLE KEY... => ACTION" table --help
check 0 "closctl table add TABLE KEY... => ACTION" table add route_v4 -h
check 0 "KIND := { resilient | modulo }" group help
check 0 "MEMBER := { PORT | NEXTHOP_ID }" group set --help
check 0 "ROLE := { host | fabric }" port help
check 0 "STATE := { up | down }" port set -h
check 0 "Usage: closctl stats" stats help
check 0 "Usage: closctl counters clear" counters --help
check 0 "Usage: closctl tables" tables help
check 1 "unknown object 'bogus'" bogus
jcheck 1 '.error | test("unknown object .bogus.")' bogus
check 1 "unknown table command 'list'" table list
check 1 "unknown group command 'add'" group add 1
check 1 "unknown option '-x'" -x port show
check 1 "option '-s' needs an argument" -s
check 1 "unknown table 'routes'" table show routes
check 1 "counters: missing command" counters
check 0 "route_v4: lpm_trie" tables
jcheck 0 'length == 9 and (map(.name) | sort) == ["ecmp_groups","ecmp_stats","nexthop","port_stats","ports","route_v4","route_v6","stats","switch_cfg"]' tables

setup || { echo "closctl: fixture setup failed"; exit 1; }

# --- which switch ---------------------------------------------------------

check 0 "eth1" port show
check 1 "switch 'nosuch' is not attached (attached: ctltest)" -s nosuch port show
check 1 "switch name 'a/b' may only hold" -s a/b port show
mkdir /sys/fs/bpf/clos/other
bpftool map pin pinned "$PIN/switch_cfg" /sys/fs/bpf/clos/other/switch_cfg
check 1 "2 switches are attached (ctltest, other); choose one with -s" port show
jcheck 1 '.error | test("2 switches are attached")' port show
rm -rf /sys/fs/bpf/clos/other

# --- schema with a switch -------------------------------------------------

jcheck 0 '.[] | select(.name == "route_v4") | .map_id > 0 and .keys[0].match == "lpm" and (.actions | map(.name)) == ["nexthop","ecmp","local","drop"] and .actions[1].params[0].ref == "ecmp_groups"' $S tables
jcheck 0 '.[] | select(.name == "ports") | .flags == ["modify-only","loader-managed"]' $S tables
jcheck 0 '.[] | select(.name == "ecmp_groups") | .flags == ["read-only"]' $S tables
check 0 "nexthop nexthop:u32(0..4095)->nexthop" $S tables

# --- ports ------------------------------------------------------------------

jcheck 0 'length == 4 and .[0] == {"port":0,"name":"eth1","ifindex":101,"role":"host","vlan":10,"mac":"02:00:00:00:00:01","state":"up"} and .[1].role == "fabric"' $S port show
jcheck 0 'length == 1 and .[0].name == "eth3"' $S port show eth3
check 1 "port 'eth9' does not exist" $S port show eth9
check 0 "" $S port set eth1 vlan 20
jcheck 0 '.[0].vlan == 20 and .[0].role == "host"' $S port show eth1
refused "port eth2: a fabric port cannot have a VLAN" $S port set eth2 vlan 5
refused "port eth1: a fabric port cannot have a VLAN (it has vlan 20; add 'vlan 0')" $S port set eth1 role fabric
refused "vlan '4095': not a VLAN id" $S port set eth1 vlan 4095
refused "state 'off': not one of up|down" $S port set eth1 state off
refused "role 'spine': not one of host|fabric" $S port set eth1 role spine
refused "port 'eth9' does not exist" $S port set eth9 state down
refused "nothing to change" $S port set eth1
refused "unknown argument 'mtu'" $S port set eth1 mtu 9000
refused "'vlan' given twice" $S port set eth1 vlan 3 vlan 4
check 0 "" $S port set eth1 role fabric vlan 0
check 0 "" $S port set eth1 role host vlan 10
check 0 "" $S table add ports eth2 "$A" host 7
jcheck 0 '.[1].role == "host" and .[1].vlan == 7 and .[1].ifindex == 102 and .[1].mac == "02:00:00:00:00:02"' $S port show
check 0 "" $S table add ports eth2 "$A" fabric
jcheck 0 '.[1].role == "fabric" and .[1].vlan == 0' $S port show
check 0 "eth1 => host 10" $S table show ports
jcheck 0 '.[0] == {"key":{"port":"eth1"},"action":"host","params":{"vlan":10},"attrs":{"ifindex":101,"mac":"02:00:00:00:00:01","state":"up"}}' $S table show ports
refused "ports: port 'eth9' does not exist" $S table add ports eth9 "$A" fabric
refused "ports eth2: action fabric takes 0 parameters, got 1" $S table add ports eth2 "$A" fabric 5
refused "entries of table ports cannot be deleted" $S table del ports eth1

# --- nexthops ---------------------------------------------------------------

check 0 "" $S table add nexthop 2 "$A" fwd eth2 02:00:00:00:02:01
check 0 "" $S table add nexthop 3 "$A" fwd eth3 02:00:00:00:03:01
check 0 "" $S table add nexthop 4 fwd eth4 02:00:00:00:04:01	# '=>' left out
jcheck 0 'length == 3 and .[1] == {"key":{"id":3},"action":"fwd","params":{"port":"eth3","dmac":"02:00:00:00:03:01"}}' $S table show nexthop
check 0 "4 => fwd eth4 02:00:00:00:04:01" $S table show nexthop
refused "nexthop 5: port 'eth9' does not exist" $S table add nexthop 5 "$A" fwd eth9 02:00:00:00:00:05
refused "nexthop key id '4096': out of range (0..4095)" $S table add nexthop 4096 "$A" fwd eth2 02:00:00:00:00:05
refused "nexthop key id '-1': not a decimal number" $S table add nexthop -1 "$A" fwd eth2 02:00:00:00:00:05
refused "nexthop 5: dmac '02:00:00:00:05': not a MAC address" $S table add nexthop 5 "$A" fwd eth2 02:00:00:00:05
refused "nexthop 5: action fwd takes 2 parameters (port dmac), got 1" $S table add nexthop 5 "$A" fwd eth2
refused "nexthop 5: unknown action 'forward' (actions: fwd)" $S table add nexthop 5 "$A" forward eth2 02:00:00:00:00:05
refused "table nexthop has 1 key field (id), got 2" $S table add nexthop 5 6 "$A" fwd eth2 02:00:00:00:00:05
refused "nexthop 5: missing action (fwd)" $S table add nexthop 5
refused "got '=': the shell took the '>'" $S table add nexthop 5 = fwd
refused "table nexthop has 1 key field (id), got 0" $S table add nexthop
jcheck 1 '.error == "nexthop 5: port '"'eth9'"' does not exist"' $S table add nexthop 5 "$A" fwd eth9 02:00:00:00:00:05

# --- ECMP groups ------------------------------------------------------------

check 0 "" $S group set 1 kind resilient members eth2,eth3,eth4
jcheck 0 'length == 1 and .[0].group == 1 and .[0].kind == "resilient" and (.[0].members | map(.nexthop)) == [2,3,4] and (.[0].members | map(.port)) == ["eth2","eth3","eth4"] and ([.[0].members[].buckets] | add) == 128 and all(.[0].members[]; .active)' $S group show 1
check 0 "" $S group set 2 kind modulo members 2,3
jcheck 0 '.[0].kind == "modulo" and (.[0].members | length) == 2' $S group show 2
check 0 "group 1 resilient: 3 members, 3 active" $S group show
jcheck 0 'map(.group) == [1,2]' $S group show
check 0 "1 => resilient  members 2,3,4  active 3" $S table show ecmp_groups
refused "group 3: port 'eth9' does not exist" $S group set 3 members eth2,eth9
refused "group 3: no nexthop uses port 'eth1'" $S group set 3 members eth1
refused "group 3: nexthop 99 does not exist" $S group set 3 members 99
refused "group 3: members 'eth2' and '2' are both nexthop 2" $S group set 3 members eth2,2
refused "group 3: empty member in 'eth2,,3'" $S group set 3 members eth2,,3
refused "group 3: kind 'ecmp': not one of resilient|modulo" $S group set 3 kind ecmp members 2
refused "group '256': out of range (0..255)" $S group set 256 members 2
refused "missing 'members" $S group set 3 kind modulo
refused "unknown argument 'weights'" $S group set 3 members 2 weights 1
refused "table ecmp_groups is read-only" $S table add ecmp_groups 3 "$A" resilient
check 0 "" $S table add nexthop 7 "$A" fwd eth3 02:00:00:00:03:07
refused "group 3: port 'eth3' has 2 nexthops (3, 7)" $S group set 3 members eth3
check 0 "" $S table del nexthop 7
check 1 "group 5 does not exist" $S group show 5
check 1 "group 5 does not exist" $S group del 5

# Resilient: removing eth3 (slot 1) moves exactly its buckets.
group_buckets 1 >"$TMP/before"
check 0 "" $S group set 1 members eth2,eth4
group_buckets 1 >"$TMP/after"
moved=$(paste "$TMP/before" "$TMP/after" | awk '$1 != $2 && $1 != 1' | wc -l)
orphans=$(grep -cx 1 "$TMP/after")
if [ "$moved" == 0 ] && [ "$orphans" == 0 ] && [ "$(grep -cx 1 "$TMP/before")" -gt 0 ]; then
	pass
else
	fail "resilient update moved $moved foreign buckets, left $orphans on the removed slot"
fi
jcheck 0 '(.[0].members | map([.slot, .nexthop])) == [[0,2],[2,4]] and ([.[0].members[].buckets] | add) == 128' $S group show 1
check 0 "" $S group set 1 members eth2,eth3,eth4
jcheck 0 '.[0].kind == "resilient" and (.[0].members | length) == 3' $S group show 1

# --- routes -----------------------------------------------------------------

check 0 "" $S table add route_v4 10.0.2.0/24 "$A" ecmp 1
check 0 "" $S table add route_v4 10.0.3.0/24 "$A" nexthop 2
check 0 "" $S table add route_v4 10.0.9.0/24 "$A" drop
check 0 "" $S table add route_v4 10.0.0.1 "$A" local
check 0 "" $S table add route_v4 10.0.0.0/8 drop
check 0 "" $S table add route_v6 2001:db8:2::/64 "$A" nexthop 3
check 0 "" $S table add route_v6 ::/0 "$A" ecmp 2
jcheck 0 '.[] | select(.key.prefix == "10.0.2.0/24") == {"key":{"prefix":"10.0.2.0/24"},"action":"ecmp","params":{"group":1}}' $S table show route_v4
jcheck 0 'map(.key.prefix) == ["10.0.0.0/8","10.0.0.1/32","10.0.2.0/24","10.0.3.0/24","10.0.9.0/24"]' $S table show route_v4
jcheck 0 '.[] | select(.key.prefix == "10.0.0.1/32") | .action == "local" and (has("params") | not)' $S table show route_v4
check 0 "10.0.2.0/24 => ecmp 1" $S table show route_v4
check 0 "2001:db8:2::/64 => nexthop 3" $S table show route_v6
refused "route_v4 key prefix '10.0.2.1/24': host bits set" $S table add route_v4 10.0.2.1/24 "$A" ecmp 1
refused "route_v6 key prefix '2001:db8:2::1/64': host bits set" $S table add route_v6 2001:db8:2::1/64 "$A" nexthop 3
refused "route_v4 key prefix '10.0.2.0/33': prefix length must be 0..32" $S table add route_v4 10.0.2.0/33 "$A" drop
refused "route_v4 key prefix '10.0.2/24': not an IPv4 prefix" $S table add route_v4 10.0.2/24 "$A" drop
refused "route_v4 10.0.4.0/24: nexthop '9' does not exist" $S table add route_v4 10.0.4.0/24 "$A" nexthop 9
refused "route_v4 10.0.4.0/24: group '7' does not exist" $S table add route_v4 10.0.4.0/24 "$A" ecmp 7
refused "route_v4 10.0.4.0/24: group '300': out of range (0..255)" $S table add route_v4 10.0.4.0/24 "$A" ecmp 300
refused "route_v4 10.0.4.0/24: action ecmp takes 1 parameter (group), got 0" $S table add route_v4 10.0.4.0/24 "$A" ecmp
refused "route_v4 10.0.4.0/24: unknown action 'fwd'" $S table add route_v4 10.0.4.0/24 "$A" fwd 1
refused "route_v4 10.0.4.0/24: missing action" $S table add route_v4 10.0.4.0/24 "$A"
check 0 "" $S table add route_v4 10.0.3.0/24 "$A" nexthop 3	# replace
jcheck 0 '.[] | select(.key.prefix == "10.0.3.0/24") | .params.nexthop == 3' $S table show route_v4
check 0 "" $S table add route_v4 10.0.3.0/24 "$A" nexthop 2

# --- references: nothing in use is deleted ------------------------------------

refused "nexthop 2 is in use by route_v4 10.0.3.0/24, ecmp_groups 1, ecmp_groups 2" $S table del nexthop 2
refused "nexthop 4 is in use by ecmp_groups 1" $S table del nexthop 4
refused "group 1 is in use by route_v4 10.0.2.0/24" $S group del 1
refused "group 2 is in use by route_v6 ::/0" $S group del 2
refused "route_v4 10.0.7.0/24 does not exist" $S table del route_v4 10.0.7.0/24
refused "table del route_v4 takes 1 key field (prefix), got 0" $S table del route_v4
refused "nexthop 6 does not exist" $S table del nexthop 6
check 0 "" $S table del route_v6 ::/0
check 0 "" $S group del 2
jcheck 0 'map(.group) == [1]' $S group show
check 0 "" $S table del route_v4 10.0.9.0/24
jcheck 0 'map(.key.prefix) | index("10.0.9.0/24") == null' $S table show route_v4

# --- port state drives ECMP membership -----------------------------------------

check 0 "" $S port set eth4 state down
jcheck 0 '.[0].state == "down"' $S port show eth4
jcheck 0 '.[0].members | map(select(.port == "eth4"))[0] | .active == false and .buckets == 0' $S group show 1
jcheck 0 '[.[0].members[].buckets] | add == 128' $S group show 1
check 0 "" $S port set eth4 state up
jcheck 0 'all(.[0].members[]; .active) and ([.[0].members[].buckets] | min) >= 42' $S group show 1
check 0 "" $S port set eth4 state down
check 0 "" $S group set 3 members eth2,eth4
jcheck 0 '.[0].members | map(select(.port == "eth4"))[0] | .active == false and .buckets == 0' $S group show 3
check 0 "" $S group del 3
check 0 "" $S port set eth2 role host vlan 30 state down
jcheck 0 '.[0] | .role == "host" and .vlan == 30 and .state == "down"' $S port show eth2
jcheck 0 '.[0].members | map(select(.port == "eth2"))[0].active == false' $S group show 1
check 0 "" $S port set eth2 role fabric vlan 0 state up
check 0 "" $S port set eth4 state up
jcheck 0 'all(.[0].members[]; .active)' $S group show 1

# --- counters -----------------------------------------------------------------

fake_counter stats 0 10 1000		# forwarded
fake_counter stats 13 2 128		# drop_no_route
fake_counter ecmp_stats 16 5 300	# group 1 slot 0
bpftool map update pinned "$PIN/port_stats" key hex 00 00 00 00 value hex \
	$(for i in 1 2 3 4 5 6 7 8; do printf '%02x 00 00 00 00 00 00 00 ' $i; done)
jcheck 0 '.switch == "ctltest" and (.stats | keys | length) == '"$NSTATS"' and .stats.forwarded.packets > 0 and .stats.forwarded.bytes == 100 * .stats.forwarded.packets and .stats.drop_no_route.packets > 0 and .stats.punt_arp == {"packets":0,"bytes":0}' $S stats
jcheck 0 '(.ports | length) == 4 and .ports[0].name == "eth1" and .ports[0].rx.packets > 0 and .ports[0].punt.bytes > 0 and .ports[1].tx.packets == 0' $S stats
jcheck 0 '(.ecmp | length) == 3 and (.ecmp[0] | .group == 1 and .slot == 0 and .nexthop == 2 and .port == "eth2" and .packets > 0)' $S stats
check 0 "forwarded" $S stats
check 0 "drop_no_route" $S stats
check 0 "drop_egress_port_down" $S -v stats
jcheck 0 'length == 1 and .[0].key == {"group":1,"slot":0}' $S table show ecmp_stats
jcheck 0 'length == 4 and .[0].key.port == "eth1" and .[0].attrs.rx.packets > 0' $S table show port_stats
jcheck 0 "length == $NSTATS and .[0].key.counter == \"forwarded\"" $S table show stats
refused "table stats is read-only" $S table del stats forwarded
check 0 "" $S counters clear
jcheck 0 '([.stats[].packets] | add) == 0 and ([.ports[] | .rx.packets + .tx.packets + .drop.packets + .punt.packets] | add) == 0 and ([.ecmp[].packets] | add) == 0' $S stats
check 0 "(all $NSTATS counters are zero" $S stats
check 1 "counters clear: unexpected argument" $S counters clear now

# --- every table shows, in text and JSON -----------------------------------------

for t in ports route_v4 route_v6 nexthop ecmp_groups switch_cfg port_stats stats ecmp_stats; do
	check 0 "" $S table show $t
	jcheck 0 'type == "array"' $S table show $t
done
jcheck 0 '.[0].attrs == {"seed":305419896,"role":"leaf","mode":"fast","ports":4,"netns":"closns"}' $S table show switch_cfg
check 1 "table show switch_cfg: unexpected argument 'x'" $S table show switch_cfg x
jcheck 1 '.error | test("host bits set")' -p $S table add route_v4 10.0.2.1/24 "$A" ecmp 1

echo "closctl: $passed passed, $failed failed"
[ "$failed" == 0 ]
