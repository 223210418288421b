#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# closctl against a real switch: clos-loader attaches switch "ctltest" to
# four veth ports eth1..eth4 of a namespace of its own (fast mode), and a
# second switch "ctlqueue" in queue mode to four more in another, whose
# qdiscs the queue-mode checks read. Then a table of closctl commands, good
# and bad, text and JSON, each with its expected exit code and output;
# refused commands must leave every table as it was.
#
# The counters and the traffic manager's state are set to known values with
# bpftool, each field encoded where the map's BTF (include/clos/abi.h, as
# compiled into the object) says it lies: no struct layout is written here.
#
# Runs in a private mount namespace with its own bpffs, so it neither sees
# nor disturbs other switches, and its pins vanish with it.
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/netns-scripts/lib.sh"
CLOSCTL=${CLOSCTL:-$CLOS_CTL}
SW=ctltest
SWQ=ctlqueue
S="-s $SW"
SEED=305419896		# 0x12345678
ABI=$ROOT/include/clos/abi.h
A='=>'

if [ -z "${CLOS_CTLTEST_PRIVATE:-}" ]; then
	export CLOS_CTLTEST_PRIVATE=1
	exec unshare -m --propagation private bash "$0" "$@"
fi

PIN=/sys/fs/bpf/clos/$SW
TMP=$(mktemp -d /tmp/closctl-test.XXXXXX)
NS=clos-ctltest-$$
NSQ=clos-ctlqueue-$$
passed=0
failed=0

# The namespaces and the bpffs (pins, programs) live in this mount
# namespace only: if cleanup never runs, they go when it ends.
cleanup() {
	"$CLOS_LOADER" detach "$SW" >/dev/null 2>&1
	"$CLOS_LOADER" detach "$SWQ" >/dev/null 2>&1
	clos_ns_del "$NS"
	clos_ns_del "$NSQ"
	umount /sys/fs/bpf 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pass() { passed=$((passed + 1)); }
fail() {
	failed=$((failed + 1))
	echo "FAIL: $1"
	[ -n "${2:-}" ] && sed 's/^/      | /' <<<"$2"
}

# run_check RC TEXT CMD...: CMD exits RC and prints TEXT (stdout or stderr;
# empty TEXT: anything).
run_check() {
	local want=$1 text=$2 out rc
	shift 2
	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" != "$want" ]; then
		fail "$*: exit $rc, want $want" "$out"
	elif [ -n "$text" ] && ! grep -qF -- "$text" <<<"$out"; then
		fail "$*: output lacks \"$text\"" "$out"
	else
		pass
	fi
}

# check RC TEXT ARGS...: the same for closctl ARGS.
check() {
	run_check "$1" "$2" "$CLOSCTL" "${@:3}"
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

# snapshot: every table of the switch $S names (and, in the queue-mode
# checks, its qdisc classes).
snapshot() {
	local t

	for t in ports route_v4 route_v6 nexthop ecmp_groups pcp_tc dscp_tc \
		 tc_pcp tc_sched tm_profile; do
		"$CLOSCTL" $S -j table show $t
	done
	"$CLOSCTL" $S -j group show
	"$CLOSCTL" $S -j port show | jq -c '[.[] | [.punt_rate_pps, .punt_burst]]'
	[ -z "${QDISCS:-}" ] || ip netns exec "$NSQ" tc class show dev eth2
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

# abi_define NAME: the number #define NAME stands for in the ABI header.
abi_define() {
	sed -n "s/^#define $1[[:space:]]\{1,\}\([0-9]\{1,\}\).*/\1/p" "$ABI"
}
MEMBERS=$(abi_define CLOS_MAX_MEMBERS)	# ecmp_stats: group * MEMBERS + slot

# The switch counters, one a line, from the one list of them in the ABI
# header; a counter's place in it is its index in stats' block (and its
# key in closctl's table stats).
stat_list() {
	sed -n '/#define CLOS_STATS(X)/,/^$/p' "$ABI" | grep '^[[:space:]]*X('
}
NSTATS=$(stat_list | wc -l)

# stat_id NAME: the index of counter NAME in stats' block.
stat_id() {
	stat_list | grep -n "\"$1\"" | { IFS=: read -r n _ && echo $((n - 1)); }
}

# Every integer of BTF type $root as a line PATH|OFFSET|SIZE: PATH as C
# names it (rx.packets, backlog[3]; empty for a plain integer type),
# OFFSET and SIZE in bytes. Input: bpftool -j btf dump of the whole BTF.
BTF_FIELDS='
(INDEX(.types[]; .id)) as $t
| def size($id):
	$t[$id | tostring] as $x
	| if $x.kind == "ARRAY" then $x.nr_elems * size($x.type_id)
	  elif $x.size then $x.size
	  else size($x.type_id) end;
  def ints($id; $path; $off):
	$t[$id | tostring] as $x
	| if $x.kind == "STRUCT" or $x.kind == "UNION" then
		$x.members[]
		| ints(.type_id; $path + (if $path == "" then "" else "." end) + .name;
		       $off + .bits_offset / 8)
	  elif $x.kind == "ARRAY" then
		size($x.type_id) as $es
		| range($x.nr_elems) as $i
		| ints($x.type_id; "\($path)[\($i)]"; $off + $i * $es)
	  elif $x.kind == "INT" or $x.kind == "ENUM" then
		"\($path)|\($off)|\($x.size)"
	  else ints($x.type_id; $path; $off) end;
  ints($root; ""; 0)'

# btf_hex MAP key|value [FIELD=]N...: the key or value of the switch's map
# MAP as hex bytes for bpftool, with FIELD (as the map's BTF names it) set
# to N and every other byte zero; a plain integer key or value is just N.
# Integers in host order: little-endian, as on every machine clos runs on.
btf_hex() {
	local map=$1 part=$2 info size root f off sz a v i
	local -a bytes
	local -A at
	shift 2

	info=$(bpftool -j map show pinned "$PIN/$map") || return 1
	size=$(jq ".bytes_$part" <<<"$info")
	root=$(bpftool -j btf dump map pinned "$PIN/$map" "$part" | jq '.types[0].id')
	while IFS='|' read -r f off sz; do
		at[=$f]="$off $sz"
	done < <(bpftool -j btf dump id "$(jq .btf_id <<<"$info")" |
		 jq -r --argjson root "$root" "$BTF_FIELDS")
	for ((i = 0; i < size; i++)); do
		bytes[i]=00
	done
	for a in "$@"; do
		[[ $a == *=* ]] || a="=$a"
		f=${a%%=*}
		v=${a#*=}
		if [ -z "${at[=$f]:-}" ]; then
			echo "btf_hex: the $part of $map has no field '$f'" >&2
			return 1
		fi
		read -r off sz <<<"${at[=$f]}"
		for ((i = 0; i < sz; i++)); do
			bytes[off + i]=$(printf '%02x' $(((v >> (8 * i)) & 255)))
		done
	done
	echo "${bytes[@]}"
}

# map_set MAP KEY FIELD=N...: write entry KEY of the switch's map MAP (a
# per-CPU map: the same on every CPU).
map_set() {
	local key val

	key=$(btf_hex "$1" key "$2") && val=$(btf_hex "$1" value "${@:3}") &&
	bpftool map update pinned "$PIN/$1" key hex $key value hex $val
}

# group_buckets GID: the raw bucket table of the live copy (state bit 0
# names it), one slot per line.
group_buckets() {
	bpftool -j map lookup pinned "$PIN/ecmp_groups" key hex $(btf_hex ecmp_groups key "$1") |
		jq -r '.formatted.value as $v | $v.copy[$v.state % 2].bucket[]'
}

# ports_add NS: namespace NS with veth ports eth1..eth4 (MAC
# 02:00:00:00:00:0N, up) to peer1..peer4. No IPv6 and no addresses, so no
# frame arrives on a port unless a test sends it.
ports_add() {
	local i

	clos_ns_add "$1" &&
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 || return 1
	for i in 1 2 3 4; do
		clos_veth_add "$1" eth$i "$1" peer$i 02:00:00:00:00:0$i || return 1
	done
}

# attach SWITCH NS ARGS...: clos-loader attach SWITCH on eth1..eth4 of NS.
attach() {
	"$CLOS_LOADER" attach "$1" --netns "$2" --ports eth1,eth2,eth3,eth4 \
		"${@:3}" >"$TMP/attach-$1.log" 2>&1 ||
		{ cat "$TMP/attach-$1.log"; return 1; }
}

# ifindex NS IF
ifindex() {
	ip -n "$1" -j link show dev "$2" | jq '.[0].ifindex'
}

# Switch ctltest, fast mode: port eth1 a host port on VLAN 10, the others
# fabric ports, the QoS defaults clos-loader writes.
setup() {
	ports_add "$NS" &&
	attach "$SW" "$NS" --seed "$SEED" &&
	"$CLOSCTL" $S port set eth1 role host vlan 10 || return 1
	IF1=$(ifindex "$NS" eth1)
	IF2=$(ifindex "$NS" eth2)
}

for tool in bpftool jq unshare ip tc; do
	command -v $tool >/dev/null || { echo "closctl: $tool is missing"; exit 1; }
done
[ -x "$CLOSCTL" ] && [ -x "$CLOS_LOADER" ] || {
	echo "closctl: build first ($CLOSCTL, $CLOS_LOADER)"
	exit 1
}
# 0700, as a bpffs should be: a plain mount is 1777, where any user could
# take the pin root over (tests/netns/test_pins.sh).
mount -t bpf -o mode=0700 bpf /sys/fs/bpf || { echo "closctl: cannot mount a bpffs"; exit 1; }

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
check 0 "TRUST := { pcp | dscp }" port help
check 0 "closctl qos set dscp DSCPS tc TC" qos help
check 0 "closctl qos set dscp DSCPS tc TC" qos set -h
check 0 "closctl queue set { PORT | all } tc TCS" queue help
check 0 "PERCENT := 0..100" queue set --help
check 1 "unknown qos command 'get'" qos get
check 1 "unknown queue command 'del'" queue del
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
jcheck 0 'length == 16 and (map(.name) | sort) == ["dscp_tc","ecmp_groups","ecmp_stats","nexthop","pcp_tc","port_stats","ports","route_v4","route_v6","stats","switch_cfg","tc_pcp","tc_sched","tm_profile","tm_state","tm_stats"]' tables
check 0 "dscp_tc: array (modify-only)" tables
check 0 "tm_state: array (read-only)" tables
check 0 "shows    ecn:{on|off} kmin:bytes kmax:bytes pmax:percent limit:bytes" tables
check 0 "key      port:port exact tc:u32(0..7) exact" tables
jcheck 0 '.[] | select(.name == "dscp_tc") | .keys[0].max == 63 and .actions == [{"name":"tc","value":0,"params":[{"name":"tc","type":"u32","offset":0,"size":4,"max":7}],"doc":"classify into traffic class tc"}] and (has("action_field") | not)' tables
jcheck 0 '.[] | select(.name == "tm_stats") | .flags == ["read-only","counters","hide-zero"] and (.keys | map([.name, .unit])) == [["port",8],["tc",1]] and (.attrs | map(.name)) == ["packets","bytes","ce_marked","dropped"]' tables
jcheck 0 '.[] | select(.name == "tc_sched") | (.attrs | map(.type)) == ["bool","bool","u32"]' tables
jcheck 0 '.[] | select(.name == "ports") | (.attrs | map(.name)) == ["ifindex","mac","state","trust","rate_bps"]' tables

setup || { echo "closctl: cannot attach switch $SW in $NS"; exit 1; }

# --- which switch ---------------------------------------------------------

check 0 "eth1" port show
check 1 "switch 'nosuch' is not attached (attached: ctltest)" -s nosuch port show
check 1 "switch name 'a/b' may only hold" -s a/b port show
# A second switch, in queue mode: the queue-mode checks below use it.
if ports_add "$NSQ" && attach "$SWQ" "$NSQ" --mode queue; then pass; else
	fail "clos-loader attach $SWQ --netns $NSQ --mode queue"; fi
check 1 "2 switches are attached (ctlqueue, ctltest); choose one with -s" port show
jcheck 1 '.error | test("2 switches are attached")' port show

# --- schema with a switch -------------------------------------------------

jcheck 0 '.[] | select(.name == "route_v4") | .map_id > 0 and .keys[0].match == "lpm" and (.actions | map(.name)) == ["nexthop","ecmp","local","kernel","drop"] and .actions[1].params[0].ref == "ecmp_groups"' $S tables
jcheck 0 '.[] | select(.name == "ports") | .flags == ["modify-only","loader-managed"]' $S tables
jcheck 0 '.[] | select(.name == "ecmp_groups") | .flags == ["read-only"]' $S tables
check 0 "nexthop nexthop:u32(0..4095)->nexthop" $S tables

# --- ports ------------------------------------------------------------------

jcheck 0 'length == 4 and .[0] == {"port":0,"name":"eth1","ifindex":'$IF1',"role":"host","vlan":10,"mac":"02:00:00:00:00:01","state":"up","trust":"pcp","rate_bps":0,"punt_rate_pps":10000,"punt_burst":1000,"punt_policed":0,"hook":"xdp","xdp_mode":"native"} and .[1].role == "fabric"' $S port show
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
jcheck 0 '.[1].role == "host" and .[1].vlan == 7 and .[1].ifindex == '$IF2' and .[1].mac == "02:00:00:00:00:02"' $S port show
check 0 "" $S table add ports eth2 "$A" fabric
jcheck 0 '.[1].role == "fabric" and .[1].vlan == 0' $S port show
check 0 "eth1 => host 10" $S table show ports
jcheck 0 '.[0] == {"key":{"port":"eth1"},"action":"host","params":{"vlan":10},"attrs":{"ifindex":'$IF1',"mac":"02:00:00:00:00:01","state":"up","trust":"pcp","rate_bps":0}}' $S table show ports
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

# --- route get: each route kind's verdict; ECMP members by the flow hash ----------

jcheck 0 '.route == "10.0.2.0/24" and .action == "ecmp" and .group == 1 and .verdict == "forwarded_ecmp" and .proto == 17 and .sport == 1000 and .dport == 4791 and (.port | test("^eth[234]$"))' \
	$S route get 10.0.2.5 from 10.0.1.1 sport 1000 dport 4791
jcheck 0 '.route == "10.0.3.0/24" and .action == "nexthop" and .nexthop == 2 and .port == "eth2" and .verdict == "forwarded" and (has("slot") | not)' \
	$S route get 10.0.3.7
jcheck 0 '.route == "10.0.9.0/24" and .verdict == "drop_blackhole_route"' $S route get 10.0.9.1
jcheck 0 '.route == "10.0.0.1/32" and .verdict == "punt_local"' $S route get 10.0.0.1
jcheck 0 '.route == "10.0.0.0/8" and .verdict == "drop_blackhole_route"' $S route get 10.0.5.1
jcheck 0 '.route == "-" and .verdict == "drop_no_route"' $S route get 192.168.1.1
jcheck 0 '.route == "2001:db8:2::/64" and .nexthop == 3 and .port == "eth3"' $S route get 2001:db8:2::1
check 0 "verdict forwarded_ecmp" $S route get 10.0.2.5 sport 1
# 60 source ports reach all 3 members; one flow always gets one answer.
ports=$(for p in $(seq 1000 1059); do "$CLOSCTL" $S -j route get 10.0.2.5 from 10.0.1.1 sport "$p" | jq -r .port; done | sort -u | tr '\n' ' ')
[ "$ports" == "eth2 eth3 eth4 " ] && pass || fail "route get over 60 source ports: members '$ports', want eth2 eth3 eth4"
h1=$("$CLOSCTL" $S -j route get 10.0.2.5 from 10.0.1.1 sport 7 | jq .hash)
h2=$("$CLOSCTL" $S -j route get 10.0.2.5 from 10.0.1.1 sport 7 | jq .hash)
h3=$("$CLOSCTL" $S -j route get 10.0.2.5 from 10.0.1.1 sport 8 | jq .hash)
[ "$h1" == "$h2" ] && [ "$h1" != "$h3" ] && pass || fail "route get hashes: same flow $h1/$h2, next port $h3"
# Ports do not count for other protocols.
h4=$("$CLOSCTL" $S -j route get 10.0.2.5 from 10.0.1.1 proto icmp sport 7 | jq .hash)
h5=$("$CLOSCTL" $S -j route get 10.0.2.5 from 10.0.1.1 proto 1 sport 8 | jq .hash)
[ "$h4" == "$h5" ] && pass || fail "route get proto icmp: hash depends on ports ($h4, $h5)"
check 1 "route get: '10.0.2.x' is not an IPv4 or IPv6 address" $S route get 10.0.2.x
check 1 "route get: from: '2001:db8::1' is not of the other address's family" $S route get 10.0.2.5 from 2001:db8::1
check 1 "route get: proto 'xyz': not udp, tcp or a number 0..255" $S route get 10.0.2.5 proto xyz
check 1 "route get: sport '70000'" $S route get 10.0.2.5 sport 70000
check 1 "route get: missing ADDRESS" $S route get
check 1 "route get: unknown argument 'via'" $S route get 10.0.2.5 via eth2
check 0 "Usage: closctl route get ADDRESS" route help
jcheck 1 '.error | test("is not an IPv4")' $S route get nope
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

# --- QoS: classification and classes -------------------------------------------

check 0 "dscp 24-31 -> tc 3" $S qos show
check 0 "pcp 3 -> tc 3" $S qos show
check 0 "tc 6 -> pcp 6" $S qos show
check 0 "3   weighted      50     50%  on" $S qos show
check 0 "6   strict         -       -  off" $S qos show
jcheck 0 '.switch == "ctltest" and .pcp_tc == [0,1,2,3,4,5,6,7] and .tc_pcp == [0,1,2,3,4,5,6,7] and (.dscp_tc | length) == 64 and .dscp_tc[26] == 3 and .dscp_tc[46] == 5 and .dscp_tc[48] == 6 and .dscp_tc[63] == 7' $S qos show
jcheck 0 '.classes[3] == {"tc":3,"strict":false,"weight":50,"share":50,"lossless":true,"pcp":3} and .classes[6] == {"tc":6,"strict":true,"lossless":false,"pcp":6} and .classes[0].share == 10' $S qos show
check 0 "" $S qos set dscp 26 tc 4
jcheck 0 '.dscp_tc[24:32] == [3,3,4,3,3,3,3,3]' $S qos show
check 0 "dscp 26 -> tc 4" $S qos show
check 0 "dscp 27-31 -> tc 3" $S qos show
check 0 "" $S qos set dscp 40-42,44 tc 2
jcheck 0 '.dscp_tc[40:48] == [2,2,2,5,2,5,5,5]' $S qos show
check 0 "" $S qos set dscp 40-47 tc 5
check 0 "" $S qos set pcp 5-6 tc 5
jcheck 0 '.pcp_tc == [0,1,2,3,4,5,5,7]' $S qos show
check 0 "pcp 5-6 -> tc 5" $S qos show
check 0 "" $S qos set pcp 6 tc 6
# The same maps through the generic table path.
check 0 "" $S table add dscp_tc 26 "$A" tc 3
jcheck 0 '.[26] == {"key":{"dscp":26},"action":"tc","params":{"tc":3}} and length == 64' $S table show dscp_tc
check 0 "26 => tc 3" $S table show dscp_tc
check 0 "5 => pcp 5" $S table show tc_pcp
jcheck 0 '.[3] == {"key":{"tc":3},"attrs":{"strict":false,"lossless":true,"weight":50}}' $S table show tc_sched
refused "entries of table dscp_tc cannot be deleted" $S table del dscp_tc 26
refused "dscp_tc key dscp '64': out of range (0..63)" $S table add dscp_tc 64 "$A" tc 3
refused "dscp_tc 26: tc '8': out of range (0..7)" $S table add dscp_tc 26 "$A" tc 8
refused "dscp_tc 26: unknown action 'class' (actions: tc)" $S table add dscp_tc 26 "$A" class 3
refused "table tc_sched is read-only: classes change with 'closctl qos set tc T" $S table add tc_sched 3 "$A" strict
refused "table tm_profile is read-only" $S table add tm_profile eth1 3 "$A" ecn
refused "qos set: dscp '64': out of range (0..63)" $S qos set dscp 64 tc 1
refused "qos set: dscp '30-26': range 30-26 goes backwards" $S qos set dscp 30-26 tc 1
refused "qos set: pcp '8': out of range (0..7)" $S qos set pcp 8 tc 1
refused "qos set dscp 26: tc '9': out of range (0..7)" $S qos set dscp 26 tc 9
refused "qos set dscp 26: missing 'tc TC'" $S qos set dscp 26
refused "qos set dscp 26: unknown argument 'class' (want tc)" $S qos set dscp 26 class 3
refused "qos set: want pcp PCPS tc TC" $S qos set exp 3 tc 1
refused "qos set tc: missing which tc" $S qos set tc

# Scheduling: strict classes have no weight, weighted ones need one.
check 0 "" $S qos set tc 3 weight 60
jcheck 0 '.classes[3].weight == 60 and .classes[3].share == 54.55 and .classes[3].lossless' $S qos show
check 0 "" $S qos set tc 3 weight 50 lossless on
refused "qos tc 3: weight '0': out of range (1..1000)" $S qos set tc 3 weight 0
refused "qos tc 3: weight '1001': out of range (1..1000)" $S qos set tc 3 weight 1001
refused "qos tc 3: weight 'ten': not a decimal number" $S qos set tc 3 weight ten
refused "tc 6: a strict class has no weight (add 'strict off' to make it weighted)" $S qos set tc 6 weight 20
refused "tc 3: a strict class has no weight" $S qos set tc 3 strict on weight 20
refused "tc 6: a weighted class needs a weight (add 'weight 1..1000')" $S qos set tc 6 strict off
refused "tc 6: a strict class has no weight" $S qos set tc 4-6 weight 20
refused "qos tc 3: lossless 'yes': not one of on|off" $S qos set tc 3 lossless yes
refused "qos tc 3: pcp '8': out of range (0..7)" $S qos set tc 3 pcp 8
refused "qos tc 3: nothing to change" $S qos set tc 3
refused "qos set: tc '8': out of range (0..7)" $S qos set tc 8 weight 5
refused "qos tc 3: 'weight' given twice" $S qos set tc 3 weight 5 weight 6
jcheck 1 '.error | test("strict class has no weight")' $S qos set tc 6 weight 20
check 0 "" $S qos set tc 6 strict off weight 20
jcheck 0 '.classes[6] == {"tc":6,"strict":false,"weight":20,"share":16.67,"lossless":false,"pcp":6}' $S qos show
check 0 "" $S qos set tc 6 strict on
jcheck 0 '.[6].attrs == {"strict":true,"lossless":false,"weight":0}' $S table show tc_sched
check 0 "" $S qos set tc 0-2,4 weight 20
jcheck 0 '[.classes[0,1,2,4].weight] == [20,20,20,20] and .classes[5].weight == 10' $S qos show
check 0 "" $S qos set tc 0-2,4 weight 10
check 0 "" $S qos set tc 5 pcp 4
jcheck 0 '.tc_pcp[5] == 4 and .classes[5].pcp == 4' $S qos show
check 0 "" $S qos set tc 5 pcp 5
jcheck 0 '.pcp_tc == [0,1,2,3,4,5,6,7] and .tc_pcp == [0,1,2,3,4,5,6,7] and ([range(64)] | map(. / 8 | floor)) == .dscp_tc and ([.classes[] | [.strict, .lossless, .weight]] == [[false,false,10],[false,false,10],[false,false,10],[false,true,50],[false,false,10],[false,false,10],[true,false,null],[true,false,null]])' $S qos show

# --- ports: trust and rate ---------------------------------------------------------

check 0 "" $S port set eth2 trust dscp
jcheck 0 '.[0].trust == "dscp"' $S port show eth2
check 0 "" $S port set eth2 trust pcp
check 0 "" $S port set eth2 rate 100mbit
jcheck 0 '.[0].rate_bps == 100000000' $S port show eth2
check 0 "100mbit" $S port show eth2
check 0 "trust pcp  rate_bps 100mbit" $S table show ports

# --- ports: punt policer -----------------------------------------------------------

check 0 "10000/1000" $S port show eth2
check 0 "" $S port set eth2 punt-rate 500 punt-burst 50
jcheck 0 '.[0] | .punt_rate_pps == 500 and .punt_burst == 50 and .punt_policed == 0' $S port show eth2
check 0 "500/50" $S port show eth2
check 0 "" $S port set eth2 punt-burst 20
jcheck 0 '.[0] | .punt_rate_pps == 500 and .punt_burst == 20' $S port show eth2
check 0 "" $S port set eth2 punt-rate 0
check 0 "off" $S port show eth2
refused "port eth2: punt-rate '10000001': out of range (0..10000000) (packets/s, 0 = unlimited)" \
	$S port set eth2 punt-rate 10000001
refused "port eth2: punt-rate '1k': not a decimal number (packets/s, 0 = unlimited)" \
	$S port set eth2 punt-rate 1k
refused "port eth2: punt-burst '0': out of range (1..1000000 packets)" \
	$S port set eth2 punt-burst 0
refused "port eth2: punt-burst '-1': not a decimal number (packets)" \
	$S port set eth2 punt-burst -1
refused "port eth2: a fabric port cannot have a VLAN" $S port set eth2 vlan 5 punt-rate 7
check 0 "" $S port set eth2 punt-rate 10000 punt-burst 1000
jcheck 0 '[.[] | .punt_rate_pps == 10000 and .punt_burst == 1000] | all' $S port show
# 100 Mbit/s: tc 3 at the 3000-byte floor; the lossy limit at its 64 KiB floor.
jcheck 0 '.[] | select(.port == "eth2" and .tc == 3) | .rate_bps == 100000000 and .profile == {"ecn":true,"kmin":3000,"kmax":6000,"pmax":5,"limit":0} and .default_profile' $S queue show eth2
jcheck 0 '.[] | select(.port == "eth2" and .tc == 0) | .profile == {"ecn":false,"kmin":0,"kmax":0,"pmax":0,"limit":65536}' $S queue show eth2
# 10 Gbit/s: a tenth of the 100G thresholds; lossy limit 2 ms = 2.5 MB.
check 0 "" $S port set eth3 rate 10g
jcheck 0 '(.[] | select(.tc == 3) | .profile) == {"ecn":true,"kmin":15000,"kmax":150000,"pmax":5,"limit":0} and (.[] | select(.tc == 0) | .profile.limit) == 2500000' $S queue show eth3
check 0 "ecn 15k..150k 5%, lossless" $S -v queue show eth3
check 0 "limit 2.5m" $S -v queue show eth3
check 0 "" $S port set eth3 rate 2.5gbit
jcheck 0 '.[0].rate_bps == 2500000000' $S port show eth3
check 0 "" $S port set eth3 rate 0
jcheck 0 '.[0].rate_bps == 0' $S port show eth3
refused "port eth2: rate '100mbps': unknown unit 'mbps'" $S port set eth2 rate 100mbps
refused "port eth2: rate '7': less than 8kbit (0: unshaped)" $S port set eth2 rate 7
refused "port eth2: rate 'fast'" $S port set eth2 rate fast
refused "port eth2: rate '2tbit'" $S port set eth2 rate 2tbit
refused "port eth2: trust 'vlan': not one of pcp|dscp" $S port set eth2 trust vlan
refused "port set eth2: 'rate' given twice" $S port set eth2 rate 1g rate 2g
refused "port eth2: state 'off'" $S port set eth2 rate 1g state off

# --- queue profiles ------------------------------------------------------------------

check 0 "" $S queue set eth2 tc 3 kmin 10k kmax 50k pmax 2.5
jcheck 0 '.[] | select(.tc == 3) | .profile == {"ecn":true,"kmin":10000,"kmax":50000,"pmax":2.5,"limit":0} and (.default_profile | not)' $S queue show eth2
check 0 "ecn 10k..50k 2.5%, lossless *" $S queue show
check 0 "* profile differs from the default" $S queue show

# queue watch: samples of what show prints, on a schedule, one JSON line each.
out=$("$CLOSCTL" -j $S queue watch eth2 interval 20 count 3 2>"$TMP/stderr")
if [ -s "$TMP/stderr" ] || ! jq -se 'length == 3 and
	all(.[]; (.queues | length) == 8 and all(.queues[]; .port == "eth2")) and
	([.[0].queues[] | select(.tc == 3) | .profile.kmin] == [10000]) and
	(.[1].time_ns - .[0].time_ns) >= 10000000 and (.[2].time_ns - .[1].time_ns) >= 10000000 and
	(.[2].time_ns - .[0].time_ns) >= 30000000 and
	(.[2].time_ns - .[0].time_ns) < 1000000000' <<<"$out" >/dev/null; then
	fail "closctl -j queue watch eth2 interval 20 count 3: 3 lines of eth2's 8 classes, 20 ms apart" "$out$(cat "$TMP/stderr")"
else
	pass
fi
check 0 "time " $S queue watch eth2 count 1
check 0 "ecn 10k..50k 2.5%, lossless *" $S queue watch count 1
# Interrupted, it stops cleanly after the samples so far.
out=$(timeout --preserve-status -s INT 0.55 "$CLOSCTL" -j $S queue watch eth2 interval 100)
rc=$?
n=$(jq -s length <<<"$out" 2>/dev/null || echo 0)
if [ "$rc" = 0 ] && [ "$n" -ge 3 ] && [ "$n" -le 7 ]; then pass; else
	fail "closctl queue watch stops on SIGINT with exit 0 (exit $rc, $n samples in 0.55 s)" "$out"; fi
refused "queue watch: interval '0': must be 1..3600000 ms" $S queue watch eth2 interval 0
refused "queue watch: interval '4000000': out of range" $S queue watch interval 4000000
refused "queue watch: count 'x': not a decimal number" $S queue watch eth2 count x
refused "queue watch: unknown argument 'every' (want interval or count)" $S queue watch eth2 every 5
refused "queue watch: 'interval' needs a value" $S queue watch interval
refused "port 'eth9' does not exist" $S queue watch eth9 count 1
check 0 "port eth2 tc 3  ecn on  kmin 10k  kmax 50k  pmax 2.5%  limit 0" $S table show tm_profile
jcheck 0 'length == 32 and (.[] | select(.key == {"port":"eth2","tc":3}) | .attrs.pmax) == 2.5' $S table show tm_profile
refused "kmax 100k must exceed kmin 200k" $S queue set all tc 3 kmin 200k kmax 100k
refused "port eth2 tc 3: kmax 50k must exceed kmin 60k (set kmin and kmax together)" $S queue set eth2 tc 3 kmin 60k
refused "port eth2 tc 0: kmax 0 must exceed kmin 0" $S queue set eth2 tc 0 ecn on
refused "queue set eth2 tc 3: pmax '101': out of range (0..100)" $S queue set eth2 tc 3 pmax 101
refused "queue set eth2 tc 3: pmax '2.555': at most two decimals" $S queue set eth2 tc 3 pmax 2.555
refused "queue set eth2 tc 3: kmin '1.5': not a whole number of bytes" $S queue set eth2 tc 3 kmin 1.5
refused "queue set eth2 tc 3: kmin '5x': not a size in bytes (e.g. 3000, 150k, 1.5m)" $S queue set eth2 tc 3 kmin 5x
refused "queue set eth2 tc 0: limit '5g': out of range (0..4294967295)" $S queue set eth2 tc 0 limit 5g
refused "queue set eth2 tc 3: ecn 'yes': not one of on|off" $S queue set eth2 tc 3 ecn yes
refused "queue set eth2 tc 3: unknown argument 'red' (want ecn, kmin, kmax, pmax or limit)" $S queue set eth2 tc 3 red on
refused "queue set eth2 tc 3: nothing to change" $S queue set eth2 tc 3
refused "queue set eth2: tc '8': out of range (0..7)" $S queue set eth2 tc 8 ecn on
refused "queue set: want { PORT | all } tc TCS" $S queue set eth2 3 ecn on
refused "port 'eth9' does not exist" $S queue set eth9 tc 3 ecn on
jcheck 1 '.error == "kmax 100k must exceed kmin 200k"' $S queue set all tc 3 kmin 200k kmax 100k
check 0 "" $S queue set eth2 tc 0 ecn on kmin 20k kmax 40k
check 0 "" $S queue set all tc 0-2 limit 500k
jcheck 0 '[.[] | select(.tc <= 2) | .profile.limit] == [range(12) | 500000] and ([.[] | select(.tc > 2 and .tc != 3) | .profile.limit] | all(. == 65536 or . == 0))' $S queue show
jcheck 0 '(.[] | select(.port == "eth2" and .tc == 0) | .profile) == {"ecn":true,"kmin":20000,"kmax":40000,"pmax":0,"limit":500000}' $S queue show
# A rate puts the port's profiles back to its defaults.
check 0 "" $S port set eth2 rate 100mbit
jcheck 0 'all(.[]; .default_profile)' $S queue show eth2
check 0 "" $S queue set all tc 0-2 limit 65536
jcheck 0 'length == 32 and all(.[]; .default_profile) and all(.[]; .backlog == 0 and .packets == 0)' $S queue show
check 0 "(32 idle classes with default profiles not shown; -v shows them)" $S queue show
check 0 "eth4       0         7" $S -v queue show eth4
check 1 "port 'eth9' does not exist" $S queue show eth9
check 1 "queue show: unexpected argument 'x'" $S queue show eth1 x

# --- counters -----------------------------------------------------------------

# stats: one block, a counter per key of closctl's table stats.
map_set stats 0 "c[$(stat_id forwarded)].packets=10" "c[$(stat_id forwarded)].bytes=1000" \
	"c[$(stat_id drop_no_route)].packets=2" "c[$(stat_id drop_no_route)].bytes=128"
map_set ecmp_stats $((1 * MEMBERS + 0)) packets=5 bytes=300	# group 1 slot 0
# port_ctr: every counter of a port, shown as the tables port_stats and
# tm_stats.
map_set port_ctr 0 port.rx.packets=1 port.rx.bytes=2 port.tx.packets=3 \
	port.tx.bytes=4 port.drop.packets=5 port.drop.bytes=6 \
	port.punt.packets=7 port.punt.bytes=8
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
# The traffic manager: the model's backlog, drained to now for queue show.
# eth2 at 1 Mbit/s (125 bytes a ms), tc 3 holding 2 MB as of 1 s before a
# clock read (queue watch's time_ns): show serves that second, and what
# passed since, at the port's rate.
check 0 "" $S port set eth2 rate 1mbit
LAST=$(( $("$CLOSCTL" -j $S queue watch eth2 count 1 | jq .time_ns) - 1000000000 ))
map_set tm_state 1 last_ns=$LAST 'backlog[3]=2000000' 'max_backlog[3]=3000000'
map_set tm_state 3 last_ns=0 'backlog[0]=1234' 'max_backlog[0]=1234'
map_set port_ctr 1 'tc[3].packets=10' 'tc[3].bytes=15000' 'tc[3].ce_marked=3' \
	'tc[0].packets=4' 'tc[0].bytes=6000' 'tc[0].dropped=2'
jcheck 0 '.[1].key.port == "eth2" and .[1].attrs.backlog == [0,0,0,2000000,0,0,0,0] and .[1].attrs.max_backlog[3] == 3000000 and .[1].attrs.last_ns == '$LAST $S table show tm_state
check 0 "eth2  last_ns $LAST  backlog 0,0,0,2000000,0,0,0,0  max_backlog 0,0,0,3000000,0,0,0,0" $S table show tm_state
jcheck 0 '(.time_ns - '$LAST') as $d | .queues[] | select(.tc == 3) | .backlog <= 1875000 and ((.backlog - (2000000 - $d * 125000 / 1e9)) | fabs) <= 1 and .max_backlog == 3000000' $S queue watch eth2 count 1
jcheck 0 '.[] | select(.port == "eth2" and .tc == 3) | .backlog <= 1875000 and .max_backlog == 3000000 and .packets > 0 and .bytes == 1500 * .packets and .ce_marked > 0 and .dropped == 0' $S queue show
jcheck 0 '.[] | select(.port == "eth4" and .tc == 0) | .backlog == 1234 and .rate_bps == 0' $S queue show
jcheck 0 '.[] | select(.port == "eth2" and .tc == 0) | .dropped > 0 and .bytes == 1500 * .packets' $S queue show
check 0 "     3000000" $S queue show
check 0 "(29 idle classes" $S queue show
jcheck 0 'length == 2 and (map(.key) | sort) == [{"port":"eth2","tc":0},{"port":"eth2","tc":3}] and (.[] | select(.key.tc == 3) | .attrs.ce_marked > 0)' $S table show tm_stats
check 0 "" $S counters clear
jcheck 0 'length == 0' $S table show tm_stats
jcheck 0 '.[1].attrs.backlog[3] == 2000000 and .[1].attrs.max_backlog == [0,0,0,0,0,0,0,0] and .[3].attrs.backlog[0] == 1234' $S table show tm_state
jcheck 0 'all(.[]; .packets == 0 and .ce_marked == 0 and .dropped == 0 and .max_backlog == 0)' $S queue show
check 0 "" $S port set eth2 rate 0
jcheck 0 '([.stats[].packets] | add) == 0 and ([.ports[] | .rx.packets + .tx.packets + .drop.packets + .punt.packets] | add) == 0 and ([.ecmp[].packets] | add) == 0' $S stats
check 0 "(all $NSTATS counters are zero" $S stats
check 1 "counters clear: unexpected argument" $S counters clear now

# --- queue mode: the qdiscs follow rates and classes --------------------------------

# htb_rate DEV CLASSID: the rate tc reports for an HTB class (this tc has
# no JSON for classes).
htb_rate() {
	ip netns exec "$NSQ" tc class show dev "$1" classid "$2" |
		sed -n 's/.* rate \([^ ]*\) .*/\1/p'
}

# On switch ctlqueue, attached in queue mode above; refused compares its
# tables and eth2's qdisc classes.
S="-s $SWQ"
QDISCS=1
check 0 "" $S port set eth2 rate 100mbit
run_check 0 "qdisc htb 1: root" ip netns exec "$NSQ" tc qdisc show dev eth2
before=$(htb_rate eth2 1:4)
check 0 "" $S qos set tc 3 weight 80
after=$(htb_rate eth2 1:4)
if [ -n "$before" ] && [ "$before" != "$after" ]; then
	pass
else
	fail "qos set tc 3 weight 80 left HTB class 1:4 at '$before' (now '$after')"
fi
check 0 "" $S qos set tc 3 weight 50
[ "$(htb_rate eth2 1:4)" == "$before" ] && pass || fail "HTB class 1:4 not back at $before"
# A port whose qdisc cannot be set: nothing changes, tables or qdiscs.
ip -n "$NSQ" link del eth3
refused "port eth3: tc failed" $S port set eth3 rate 100mbit
jcheck 0 '.[0].rate_bps == 0' $S port show eth3
refused "port eth3: tc failed" $S qos set tc 3 weight 70
jcheck 0 '.classes[3].weight == 50' $S qos show
ip -n "$NSQ" link add eth3 type veth peer name peer3
check 0 "" $S port set eth2 rate 0
run_check 1 "" ip netns exec "$NSQ" sh -c "tc qdisc show dev eth2 | grep -q htb"
QDISCS=
S="-s $SW"

# --- every table shows, in text and JSON -----------------------------------------

for t in ports route_v4 route_v6 nexthop ecmp_groups switch_cfg port_stats stats \
	 ecmp_stats pcp_tc dscp_tc tc_pcp tc_sched tm_profile tm_state tm_stats; do
	check 0 "" $S table show $t
	jcheck 0 'type == "array"' $S table show $t
done
jcheck 0 '.[0].attrs == {"seed":'$SEED',"role":"leaf","mode":"fast","ports":4,"netns":"'$NS'"}' $S table show switch_cfg
check 1 "table show switch_cfg: unexpected argument 'x'" $S table show switch_cfg x
jcheck 1 '.error | test("host bits set")' -p $S table add route_v4 10.0.2.1/24 "$A" ecmp 1

echo "closctl: $passed passed, $failed failed"
[ "$failed" == 0 ]
