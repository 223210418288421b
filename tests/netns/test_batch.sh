#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# closctl batch on a real switch: one leaf, two hosts (namespaces
# clos-batch-*), attached by clos-loader with empty tables.
#   - a batch file (comments, blank lines, quotes) sets the ports and routes
#     the two hosts: the tables hold exactly its entries and h1 reaches h2;
#   - a batch from stdin sets an ECMP group and a route through it;
#   - a bad line N stops the batch with "line N: <the command's message>" and
#     exit 1: the lines before N are applied, line N and the lines after are
#     not (for a refused route, group, port change, QoS change and syntax);
#   - -j prints one JSON document, per command {line, command, output}, or
#     {"error": "line N: ..."} and nothing on stderr;
#   - nesting, 'queue watch', an unknown object, an option on a line and
#     a missing file are refused.
# Runs as root from anywhere; cleans up on any exit.
set -u

cd "$(dirname "$0")/../.."
. netns-scripts/lib.sh

PREFIX=clos-batch-
SW=batch-leaf
H1=${PREFIX}h1
TMP=$(mktemp -d /tmp/clos-batch.XXXXXX)

cleanup() {
	"$CLOS_LOADER" detach "$SW" >/dev/null 2>&1
	clos_cleanup_prefix "$PREFIX" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ctl() { "$CLOS_CTL" -s "$SW" "$@"; }
# routes TABLE: the table's routes (not the local ones), "PREFIX => ACTION ID"
# a line, sorted.
routes() { ctl -j table show "$1" | jq -r '.[] | select(.action != "local") | "\(.key.prefix) => \(.action) \(.params | to_entries[0].value)"' | sort; }
# has_route TABLE PREFIX: 1 when the table has exactly that prefix, else 0.
has_route() { ctl -j table show "$1" | jq --arg p "$2" '[.[] | select(.key.prefix == $p)] | length'; }
# batch_fails DESC FILE LINE MESSAGE: closctl batch FILE exits 1 and says
# exactly "Error: line LINE: MESSAGE".
batch_fails() {
	local out rc

	out=$(ctl batch "$2" 2>&1 >/dev/null)
	rc=$?
	if [ "$rc" -eq 1 ] && [ "$out" = "Error: line $3: $4" ]; then
		clos_pass "$1: line $3 refused"
	else
		clos_fail "$1: line $3 refused" "exit $rc, said '$out'"
	fi
}

echo "batch: closctl batch on one leaf, two hosts (namespaces $PREFIX*)"

clos_require batch jq -- "$CLOS_LOADER" "$CLOS_CTL"
clos_oneleaf_fresh batch "$PREFIX" "$SW"
clos_check "loader attaches the leaf (empty tables)" \
	"$CLOS_LOADER" attach "$SW" --netns "${PREFIX}leaf" --ports eth1,eth2 --role leaf

# ---- a batch file ------------------------------------------------------------

cat >"$TMP/hosts.batch" <<EOF
# The one-leaf topology's tables: both ports face a host.
port set eth1 role host
port set eth2 role host

  # one nexthop per host, '=>' quoted or not
table add nexthop 1 '=>' fwd eth1 $CLOS_H1_MAC
table add nexthop 2 => fwd eth2 "$CLOS_H2_MAC"   # a comment after a command
table add route_v4 10.0.1.2/32 => nexthop 1
table add route_v4 10.0.2.2/32 nexthop 2
	table add route_v6 2001:db8:1::2/128 => nexthop 1
table add route_v6 "2001:db8:2::2/128" => nexthop 2
EOF
out=$(ctl batch "$TMP/hosts.batch" 2>&1)
clos_check_eq "batch FILE succeeds silently" "$?:$out" "0:"
clos_check_eq "  ... route_v4 holds its two routes" "$(routes route_v4 | tr '\n' ' ')" \
	"10.0.1.2/32 => nexthop 1 10.0.2.2/32 => nexthop 2 "
clos_check_eq "  ... route_v6 holds its two routes" "$(routes route_v6 | tr '\n' ' ')" \
	"2001:db8:1::2/128 => nexthop 1 2001:db8:2::2/128 => nexthop 2 "
clos_check_eq "  ... nexthops 1 and 2 with the hosts' MACs" \
	"$(ctl -j table show nexthop | jq -r '[.[] | "\(.key.id) \(.params.port) \(.params.dmac)"] | join(", ")')" \
	"1 eth1 $CLOS_H1_MAC, 2 eth2 $CLOS_H2_MAC"
clos_check_eq "  ... both ports are host ports" \
	"$(ctl -j port show | jq -r '[.[].role] | join(",")')" "host,host"
clos_check "  ... and h1 reaches h2 through them" \
	ip netns exec "$H1" ping -c 2 -i 0.2 -W 2 10.0.2.2

# ---- stdin -------------------------------------------------------------------

out=$(printf '%s\n' 'group set 1 kind modulo members eth1,eth2' \
	'table add route_v4 10.8.0.0/16 => ecmp 1' | ctl batch - 2>&1)
clos_check_eq "batch - (stdin) succeeds silently" "$?:$out" "0:"
clos_check_eq "  ... group 1 is modulo over nexthops 1 and 2" \
	"$(ctl -j group show 1 | jq -r '.[0] | "\(.kind) \([.members[].nexthop] | join(","))"')" \
	"modulo 1,2"
clos_check_eq "  ... 10.8.0.0/16 goes to ecmp 1" \
	"$(routes route_v4 | grep '^10.8.0.0/16')" "10.8.0.0/16 => ecmp 1"

# ---- backslash escapes (any interface name can be written) ------------------

# As sh: '\' makes the next character plain outside quotes and in "...",
# not in '...'; quoted and plain parts of a word join.
cat >"$TMP/escape.batch" <<'EOF'
table add nexthop 3 => fwd e\t\h1 02:00:00:00:00:03
table add nexthop 4 => fwd "et\h2" 02:00:00:00:00:04
table add nexthop 5 => fwd 'e'"th"\1 02:00:00:00:00:05   # a comment
EOF
out=$(ctl batch "$TMP/escape.batch" 2>&1)
clos_check_eq "batch with escaped words succeeds silently" "$?:$out" "0:"
clos_check_eq "  ... the words came out as eth1, eth2, eth1" \
	"$(ctl -j table show nexthop | jq -r '[.[] | select(.key.id >= 3) | "\(.key.id) \(.params.port)"] | join(", ")')" \
	"3 eth1, 4 eth2, 5 eth1"
printf '%s\n' 'table del nexthop 3' 'table del nexthop 4' 'table del nexthop 5' | ctl batch -
clos_check_eq "  ... and are deleted again" "$(ctl -j table show nexthop | jq length)" 2
cat >"$TMP/quotes.batch" <<'EOF'
port set "q'\"1" role host
EOF
batch_fails "a name with both quotes, escaped, is that name" "$TMP/quotes.batch" 1 \
	"port 'q'\"1' does not exist"
printf '%s\n' 'table add nexthop 6 => fwd eth1 \' >"$TMP/backslash.batch"
batch_fails "a '\\' at the end of a line" "$TMP/backslash.batch" 1 "a '\\' ends the line"
printf '%s\n' 'table add nexthop 6 => fwd "eth1\" 02:00:00:00:00:06' >"$TMP/escquote.batch"
batch_fails "an escaped closing quote leaves the quote open" "$TMP/escquote.batch" 1 \
	'unterminated "'

# ---- a bad line stops the batch ----------------------------------------------

cat >"$TMP/bad-route.batch" <<'EOF'
# lines 2 and 4 are applied, line 5 is refused, line 6 never runs
table add route_v4 10.9.1.0/24 => nexthop 1

table add route_v6 fd00:9::/64 => nexthop 2
table add route_v4 10.9.3.0/24 => nexthop 77
table add route_v4 10.9.4.0/24 => nexthop 1
EOF
batch_fails "a route to a missing nexthop" "$TMP/bad-route.batch" 5 \
	"route_v4 10.9.3.0/24: nexthop '77' does not exist"
clos_check_eq "  ... lines 2 and 4 are applied" \
	"$(has_route route_v4 10.9.1.0/24) $(has_route route_v6 fd00:9::/64)" "1 1"
clos_check_eq "  ... lines 5 and 6 are not" \
	"$(has_route route_v4 10.9.3.0/24) $(has_route route_v4 10.9.4.0/24)" "0 0"

printf '%s\n' 'table add route_v4 10.9.5.0/24 => nexthop 1' \
	'group set 2 kind weighted members eth1' 'group set 3 members eth1' \
	>"$TMP/bad-group.batch"
batch_fails "a group of an unknown kind" "$TMP/bad-group.batch" 2 \
	"group 2: kind 'weighted': not one of resilient|modulo"
clos_check_eq "  ... line 1 is applied, groups 2 and 3 do not exist" \
	"$(has_route route_v4 10.9.5.0/24) $(ctl -j group show | jq -c '[.[].group]')" "1 [1]"

# One command with several changes, one of them refused: none is made.
printf '%s\n' 'port set eth2 rate 100mbit' 'port set eth1 rate 10mbit role fabric vlan 10' \
	>"$TMP/bad-port.batch"
batch_fails "a fabric port with a VLAN" "$TMP/bad-port.batch" 2 \
	"port eth1: a fabric port cannot have a VLAN"
clos_check_eq "  ... eth2 has its new rate; eth1 no new rate, role or VLAN" \
	"$(ctl -j port show | jq -c '[.[] | [.name, .rate_bps, .role, .vlan]]')" \
	'[["eth1",0,"host",0],["eth2",100000000,"host",0]]'
sched_tc3() { ctl -j qos show | jq -c '.classes[3] | [.strict, .weight, .lossless]'; }
before=$(sched_tc3)
printf '%s\n' '# a strict class has no weight' 'qos set tc 3 strict on lossless off weight 60' \
	>"$TMP/bad-qos.batch"
batch_fails "a class made strict with a weight" "$TMP/bad-qos.batch" 2 \
	"tc 3: a strict class has no weight"
clos_check_eq "  ... tc 3 is as it was" "$(sched_tc3)" "$before"

printf '%s\n' 'table add route_v4 10.9.6.0/24 => nexthop 1' \
	"table add route_v4 10.9.7.0/24 => nexthop 'unterminated" \
	>"$TMP/bad-quote.batch"
batch_fails "an unterminated quote" "$TMP/bad-quote.batch" 2 "unterminated '"
clos_check_eq "  ... line 1 is applied, line 2 is not" \
	"$(has_route route_v4 10.9.6.0/24) $(has_route route_v4 10.9.7.0/24)" "1 0"

printf '\n\nroutes add 10.9.8.0/24\n' >"$TMP/bad-object.batch"
batch_fails "an unknown object" "$TMP/bad-object.batch" 3 \
	"unknown object 'routes' (OBJECT := { tables | table | group | port | qos | queue | route | stats | fib | capture | trace | counters | batch }); try 'closctl help'"
printf 'batch %s\n' "$TMP/hosts.batch" >"$TMP/nested.batch"
batch_fails "a nested batch" "$TMP/nested.batch" 1 "'batch' cannot run inside a batch"
printf 'queue show\nqueue watch count 1\n' >"$TMP/watch.batch"
batch_fails "queue watch" "$TMP/watch.batch" 2 \
	"'queue watch' cannot run inside a batch (it runs until stopped); run it alone"
# An option on a line would choose the switch of the whole batch on line
# 1 and be ignored later: refused, and the line not applied.
printf '%s\n' 'table show route_v4' \
	'table add route_v4 10.9.11.0/24 => drop -s other' >"$TMP/option.batch"
batch_fails "an option on a line" "$TMP/option.batch" 2 \
	"option '-s' goes before 'batch' (options hold for every line)"
clos_check_eq "  ... its route is not added" "$(has_route route_v4 10.9.11.0/24)" 0
out=$(ctl batch "$TMP/nonexistent" 2>&1)
clos_check_eq "a missing file is refused" "$?:$out" \
	"1:Error: batch: cannot open $TMP/nonexistent: No such file or directory"

# ---- JSON --------------------------------------------------------------------

printf '%s\n' '# JSON: one document' 'table add route_v4 10.9.9.0/24 => nexthop 2' '' \
	'table show route_v4' 'group show 1' >"$TMP/json.batch"
ctl -j batch "$TMP/json.batch" >"$TMP/out.json" 2>"$TMP/err"
clos_check_eq "-j batch exits 0, nothing on stderr" "$?:$(cat "$TMP/err")" "0:"
clos_check "  ... prints one JSON document" jq -e . "$TMP/out.json"
clos_check_eq "  ... one object per command, with its line" \
	"$(jq -c '[.[].line]' "$TMP/out.json")" "[2,4,5]"
clos_check_eq "  ... and its words" "$(jq -r '.[0].command' "$TMP/out.json")" \
	"table add route_v4 10.9.9.0/24 => nexthop 2"
clos_check_eq "  ... an add has output null" "$(jq -c '.[0].output' "$TMP/out.json")" "null"
clos_check_eq "  ... table show's output is the table, with line 2's route" \
	"$(jq -r '.[1].output[] | select(.key.prefix == "10.9.9.0/24") | .params.nexthop' "$TMP/out.json")" 2
clos_check_eq "  ... group show's output is group 1" \
	"$(jq -r '.[2].output[0] | "\(.group) \(.kind)"' "$TMP/out.json")" "1 modulo"

out=$(printf 'table add route_v4 10.9.10.0/24 => nexthop 1\ngroup del 1\n' | ctl -j batch - 2>"$TMP/err")
clos_check_eq "-j: a failing line is one document {\"error\": \"line N: ...\"}" \
	"$?:$(jq -r .error <<<"$out"):$(cat "$TMP/err")" \
	"1:line 2: group 1 is in use by route_v4 10.8.0.0/16; change or delete it first:"
clos_check_eq "  ... line 1 is applied" "$(has_route route_v4 10.9.10.0/24)" 1

clos_summary batch
