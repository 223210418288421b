#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Interface names from a topology file reach ip, tc, clos-loader and
# closctl as names, never as commands (issue 13, finding 1). A name that
# the kernel refuses is refused with FILE:LINE, the endpoint and the rule,
# and nothing is made: "s1:x\nnetns\tadd\tP#" once made `up` run
# `ip netns add P`. Names the kernel takes work end to end, '#', quotes
# (both in one name), ',', '=' and all-digit names included: fabric "tnm"
# in queue mode comes up, its hosts ping each other, the HTB trees land on
# the ports so named (port "e#1", not "e"; "e,1", not "e"), and down
# removes exactly what up made. Last, `down`
# stops the link watcher only if the pid file still names it: a stranger's
# pid written there is left alone. Cleans up on any exit.
set -u

cd "$(dirname "$0")/../.."
. netns-scripts/lib.sh

TOPO_BIN=$CLOS_ROOT/build/clos-topo
TMP=$(mktemp -d /tmp/clos-topo-names.XXXXXX)
F=$TMP/tnm.yaml
INJ=$TMP/tinj.yaml
PIDFILE=/run/clos/tnm.watch.pid
STRANGERS=""
WATCHER=""

cleanup() {
	"$TOPO_BIN" down "$F" >/dev/null 2>&1
	"$TOPO_BIN" down "$INJ" >/dev/null 2>&1
	for p in $STRANGERS $WATCHER; do kill "$p" 2>/dev/null; done
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

clos_require topo_names jq tc -- "$TOPO_BIN" "$CLOS_LOADER" "$CLOS_CTL"
echo "topo_names: hostile and odd interface names (namespaces clos-tinj-*, clos-tnm-*)"

netns_of() { ip netns list | awk '{print $1}' | grep -E "^clos-$1-" | sort | tr '\n' ' '; }
switches_of() { "$CLOS_LOADER" -j list | jq -r '.[].switch' | grep -E "^$1-" | sort | tr '\n' ' '; }
has_netns() { ip netns list | awk '{print $1}' | grep -qx "$1"; }

# ---- refused: names the kernel cannot take (and lo) ----------------------

# The issue's injection: a newline and tabs make an ip -batch line of it.
cat >"$INJ" <<'EOF'
name: tinj
topology:
  nodes: {s1: {kind: spine}, l1: {kind: leaf}, h1: {kind: host}}
  links:
    - endpoints: ["l1:eth1", "s1:x\nnetns\tadd\tP#"]
    - endpoints: ["h1:eth0", "l1:eth2"]
EOF
if has_netns P; then
	clos_fail "precondition: no namespace P before the test" "one exists; remove it"
	clos_summary topo_names
	exit 1
fi
clos_check_eq "show refuses the injection, naming file, line, endpoint and rule" \
	"$("$TOPO_BIN" show "$INJ" 2>&1 >/dev/null)" \
	"Error: $INJ:5: endpoint 's1:x\\x0anetns\\x09add\\x09P#': interface name holds white space (0x0a) at byte 2"
clos_check_fails "up refuses it" "$TOPO_BIN" up "$INJ"
if has_netns P; then
	clos_fail "no namespace P was made"
	ip netns del P
else
	clos_pass "no namespace P was made"
fi
clos_check_eq "nothing of fabric tinj was made" "$(netns_of tinj)" ""

# refused ENDPOINT RULE: a one-link fabric with that leaf endpoint is
# refused on line 4 with exactly that rule.
n=0
refused() {
	local f out
	n=$((n + 1))
	f=$TMP/bad$n.yaml
	printf 'name: tbad\ntopology:\n  nodes: {s1: {kind: spine}, l1: {kind: leaf}}\n  links: [{endpoints: ["%s", "s1:eth1"]}]\n' "$1" >"$f"
	out=$("$TOPO_BIN" show "$f" 2>&1 >/dev/null)
	clos_check_eq "refused: $1" "$out" "Error: $f:4: endpoint '$3': interface name $2"
}
refused 'l1:a/b' "holds '/' at byte 2" 'l1:a/b'
refused 'l1:a:b' "holds ':' at byte 2" 'l1:a:b'
refused 'l1:a b' "holds white space (0x20) at byte 2" 'l1:a b'
refused 'l1:..' "is '..'" 'l1:..'
refused 'l1:1234567890123456' "is longer than 15 bytes" 'l1:1234567890123456'
refused 'l1:lo' "is 'lo', which every namespace has" 'l1:lo'
# ',' and a name with both quotes: taken since clos-topo passes each port
# as its own clos-loader --port and escapes names in closctl batch.
taken() {
	local f
	n=$((n + 1))
	f=$TMP/ok$n.yaml
	printf 'name: tok\ntopology:\n  nodes: {s1: {kind: spine}, l1: {kind: leaf}}\n  links: [{endpoints: ["%s", "s1:eth1"]}]\n' "$1" >"$f"
	clos_check "taken: $1" "$TOPO_BIN" show "$f"
}
taken 'l1:a,b'
taken "l1:a'b\\\"c"

# ---- taken: names the kernel allows, end to end --------------------------

# '#' (a comment to ip/tc/closctl batch), quotes, both quotes (closctl
# batch gets it escaped), ',' (clos-loader --ports splits at it: up gives
# --port), '=' (clos-loader --rates splits IF=RATE), '$(...)', all digits
# (closctl group members), "type" (an ip keyword). One leaf runs fast
# mode, the rest queue mode; l1's host ports (h1: q'"1, h3: e,1) carry the
# pings and have rates, so they get HTB trees at those rates.
cat >"$F" <<'EOF'
name: tnm
mode: queue
topology:
  nodes:
    s1: {kind: spine}
    s2: {kind: spine}
    l1: {kind: leaf}
    l2: {kind: leaf, mode: fast}
    h1: {kind: host}
    h2: {kind: host}
    h3: {kind: host}
  links:
    - endpoints: ["l1:e#1", "s1:e#1"]
    - endpoints: ["l1:up'2", "s2:d\"1"]
    - endpoints: ["l2:type", "s1:e=2"]
    - endpoints: ["l2:123", "s2:#"]
    - endpoints: ["h1:h#0", "l1:q'\"1"]
      rate: 1gbit
    - endpoints: ["h3:h3", "l1:e,1"]
      rate: 100mbit
    - endpoints: ["h2:$(id)", "l2:e;x"]
EOF
"$TOPO_BIN" down "$F" >/dev/null 2>&1
if "$TOPO_BIN" up "$F" >"$TMP/up.log" 2>&1; then
	clos_pass "up: a fabric whose ports are named e#1, up'2, d\"1, q'\"1, e,1, e=2, 123, #, type, \$(id), e;x"
else
	clos_fail "up: the fabric with odd names" "$(tr '\n' ' ' <"$TMP/up.log")"
fi
clos_check_eq "its 7 namespaces" "$(netns_of tnm | wc -w)" 7
clos_check_eq "its 4 switches" "$(switches_of tnm)" "tnm-l1 tnm-l2 tnm-s1 tnm-s2 "
ports_of() { ip -n "clos-tnm-$1" -j link show | jq -r '[.[].ifname | select(. != "lo")] | sort | join(" ")'; }
clos_check_eq "l1's ports carry their names" "$(ports_of l1)" "e#1 e,1 q'\"1 up'2"
clos_check_eq "closctl knows l1's ports by those names" \
	"$("$CLOS_CTL" -s tnm-l1 -j port show | jq -r '[.[].name] | sort | join(" ")')" "e#1 e,1 q'\"1 up'2"
clos_check_eq "l1's host ports got role host from the batch" \
	"$("$CLOS_CTL" -s tnm-l1 -j port show | jq -r '[.[] | select(.role == "host") | .name] | sort | join(" ")')" "e,1 q'\"1"
clos_check_eq "s2's ports carry their names" "$(ports_of s2)" "# d\"1"
clos_check_eq "h2's port carries its name" "$(ports_of h2)" "\$(id)"
clos_check_eq "closctl knows l2's ports by those names" \
	"$("$CLOS_CTL" -s tnm-l2 -j port show | jq -r '[.[].name] | sort | join(" ")')" "123 e;x type"
clos_check_eq "l1's uplink group: both spines" \
	"$("$CLOS_CTL" -s tnm-l1 -j group show | jq -r '.[0].members | length')" 2
clos_check "h1 pings h2 across the fabric (IPv4)" \
	"$TOPO_BIN" exec "$F" h1 -- ping -c 2 -i 0.2 -W 2 10.1.2.1
clos_check "h1 pings h2 across the fabric (IPv6)" \
	"$TOPO_BIN" exec "$F" h1 -- ping -6 -c 2 -i 0.2 -W 2 fd00:1:2:1::2
clos_check "h3 (port e,1 on l1) pings h2 (IPv4)" \
	"$TOPO_BIN" exec "$F" h3 -- ping -c 2 -i 0.2 -W 2 10.1.2.1
clos_check "h3 pings h1 through l1 alone (IPv4)" \
	"$TOPO_BIN" exec "$F" h3 -- ping -c 2 -i 0.2 -W 2 10.1.1.1

# Queue mode: the HTB tree of port q'"1 (1gbit) is on q'"1 itself, e,1's
# (100mbit) on e,1.
htb_of() { ip netns exec "clos-tnm-$1" tc -j qdisc show dev "$2" root | jq -r '.[0] | "\(.kind) \(.handle)"'; }
clos_check_eq "l1: HTB on q'\"1" "$(htb_of l1 "q'\"1")" "htb 1:"
clos_check_eq "l1: HTB on e,1" "$(htb_of l1 'e,1')" "htb 1:"
clos_check_eq "l1: HTB on e#1" "$(htb_of l1 'e#1')" "htb 1:"
clos_check_eq "s1: HTB on e=2" "$(htb_of s1 'e=2')" "htb 1:"
clos_check_eq "l1: q'\"1's HTB has the parent and 8 classes" \
	"$(ip netns exec clos-tnm-l1 tc class show dev "q'\"1" | grep -c '^class htb')" 9
clos_check_eq "l1: q'\"1's parent class runs at 1gbit" \
	"$(ip netns exec clos-tnm-l1 tc class show dev "q'\"1" classid 1:100 | grep -o ' rate [^ ]*')" " rate 1Gbit"
clos_check_eq "l1: e,1's parent class runs at 100mbit" \
	"$(ip netns exec clos-tnm-l1 tc class show dev 'e,1' classid 1:100 | grep -o ' rate [^ ]*')" " rate 100Mbit"
clos_check_fails "no port 'e' was made or shaped on l1" ip -n clos-tnm-l1 link show dev e

# ---- down stops the watcher only if the pid file still names it ---------

WATCHER=$(cat "$PIDFILE" 2>/dev/null)
clos_check_eq "the watcher is clos-loader" "$(cat "/proc/$WATCHER/comm" 2>/dev/null)" clos-loader
# A stranger, and a stranger under clos-loader's name (not started with
# this pid file): down must kill neither.
sleep 300 &
s1=$!
cp "$(command -v sleep)" "$TMP/clos-loader"
"$TMP/clos-loader" 300 &
s2=$!
STRANGERS="$s1 $s2"
echo "$s1" >"$PIDFILE"
clos_check "down, the pid file naming a stranger" "$TOPO_BIN" down "$F"
clos_check "the stranger (sleep) still runs" kill -0 "$s1"
clos_check_eq "nothing of tnm is left" "$(netns_of tnm)$(switches_of tnm)" ""
clos_check_eq "down removed the pid file" "$([ -e "$PIDFILE" ] && echo there)" ""
# The watcher, not named by the file, stayed: stop it here (it is ours).
kill "$WATCHER" 2>/dev/null
# gone PID: exited, or a zombie (PID 1 here may not reap).
wait_gone() { local s; s=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null); [ -z "$s" ] || [ "$s" = Z ]; }
clos_wait_for 5 wait_gone "$WATCHER"

"$TOPO_BIN" up "$F" >/dev/null 2>&1
WATCHER=$(cat "$PIDFILE" 2>/dev/null)
echo "$s2" >"$PIDFILE"
clos_check "down, the pid file naming another program called clos-loader" "$TOPO_BIN" down "$F"
clos_check "that clos-loader still runs" kill -0 "$s2"
kill "$WATCHER" 2>/dev/null
"$TOPO_BIN" up "$F" >/dev/null 2>&1
WATCHER=$(cat "$PIDFILE" 2>/dev/null)
clos_check "down, the pid file naming the watcher" "$TOPO_BIN" down "$F"
clos_check "the watcher is stopped" clos_wait_for 5 wait_gone "$WATCHER"
WATCHER=""
clos_check_eq "nothing of tnm is left" "$(netns_of tnm)$(switches_of tnm)" ""

clos_summary topo_names
