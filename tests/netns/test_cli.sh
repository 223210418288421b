#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The command line of every tool (lib/os/cli.c), without namespaces or
# switches: --help exits 0 and lists every command; options are taken
# before and after the command and its arguments (clos-topo show FILE -j);
# `--` ends them; an unknown or misplaced option is refused by name with a
# non-zero exit.
set -u

cd "$(dirname "$0")/../.."
. netns-scripts/lib.sh

B=$CLOS_BUILD
TOPO_BIN=$B/clos-topo
TMP=$(mktemp -d /tmp/clos-cli.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

clos_require cli jq -- "$CLOS_CTL" "$CLOS_LOADER" "$TOPO_BIN" "$B/clos-roce" "$B/clos-flows" \
	"$B/bench/clos-bench"

# help_lists TOOL CMD...: `TOOL --help` and `TOOL help` exit 0 with the
# same text, a row "TOOL CMD ..." for every command, and `TOOL help CMD`
# starts with CMD's usage.
help_lists() {
	local tool=$1 name missing="" bad="" c
	name=$(basename "$tool")
	shift
	if ! "$tool" --help >"$TMP/help" 2>&1; then
		clos_fail "$name --help exits 0" "$(head -n 3 "$TMP/help")"
		return
	fi
	for c in "$@"; do
		grep -Eq "^  $name (help )?$c( |$)" "$TMP/help" || missing="$missing $c"
		"$tool" help "$c" 2>&1 | head -n 1 | grep -q "^Usage: $name $c\b" ||
			bad="$bad $c"
	done
	if [ -n "$missing" ]; then
		clos_fail "$name --help lists every command" "missing:$missing"
	else
		clos_pass "$name --help lists every command"
	fi
	if [ -n "$bad" ]; then
		clos_fail "$name help CMD gives CMD's usage" "not for:$bad"
	else
		clos_pass "$name help CMD gives CMD's usage"
	fi
	if "$tool" help 2>&1 | cmp -s - "$TMP/help"; then
		clos_pass "$name help is $name --help"
	else
		clos_fail "$name help is $name --help"
	fi
}

# ---- help -------------------------------------------------------------------

help_lists "$CLOS_CTL" tables table group port qos queue route stats fib counters
help_lists "$CLOS_LOADER" attach detach list watch
help_lists "$TOPO_BIN" up down status show exec link
help_lists "$B/clos-roce" server client check
help_lists "$B/clos-flows" paths send recv
clos_check "clos-bench --help lists every command" sh -c \
	"'$B/bench/clos-bench' --help | tr -s ' \\n' '  ' | grep -q 'COMMAND := { rate | minfwd | pipeline | scale | ecmp | failover | ecn | lines | help }'"
clos_check "clos-bench help CMD is the command's own help" sh -c \
	"'$B/bench/clos-bench' help ecn | grep -q '^Usage: clos-bench ecn'"
clos_check "closctl help OBJECT COMMAND is the command's help" sh -c \
	"'$CLOS_CTL' help port set | grep -q '^Usage: closctl port set PORT'"
clos_check "closctl OBJECT COMMAND -h after its arguments is its help" sh -c \
	"'$CLOS_CTL' queue set eth1 tc 3 -h | grep -q 'PERCENT := 0..100'"
clos_check "clos-roce help COMMAND lists the command's options" sh -c \
	"'$B/clos-roce' help server | grep -q '^  --sessions N  '"

# ---- options where users put them -------------------------------------------

F=examples/fabric-2x4.yaml
"$TOPO_BIN" -j show "$F" >"$TMP/before.json" 2>&1
"$TOPO_BIN" show "$F" -j >"$TMP/after.json" 2>&1
clos_check_eq "clos-topo show FILE -j prints the JSON plan" \
	"$(jq -r .fabric "$TMP/after.json" 2>&1)" "f2x4"
clos_check "clos-topo show FILE -j is clos-topo -j show FILE" cmp "$TMP/before.json" "$TMP/after.json"
clos_check "clos-topo show --json FILE too" sh -c \
	"'$TOPO_BIN' show --json '$F' | cmp - '$TMP/before.json'"

# -j after the object and after the command: the error is JSON on stdout.
for args in "port show -j --bogus" "port -j show --bogus" "-j port show --bogus"; do
	# shellcheck disable=SC2086
	out=$("$CLOS_CTL" $args 2>"$TMP/err")
	clos_check_eq "closctl $args: a JSON error naming it, nothing on stderr" \
		"$(jq -r .error <<<"$out" 2>&1)$(cat "$TMP/err")" \
		"unknown option '--bogus'; try 'closctl help port show'"
done

# After `--`, -j is CMD's: the (text) error comes from exec, not as JSON.
cat >"$TMP/cli.yaml" <<EOF
name: clicheck
fabric: {spines: 1, leaves: 1, hosts_per_leaf: 1}
EOF
out=$("$TOPO_BIN" exec "$TMP/cli.yaml" h1-1 -- echo -j 2>"$TMP/err")
clos_check_eq "clos-topo exec FILE NODE -- CMD -j: -j is CMD's" \
	"$out|$(cat "$TMP/err")" \
	"|Error: fabric clicheck is not up: node h1-1 has no namespace (clos-topo up $TMP/cli.yaml)"

# A command's options before the command are still the command's.
clos_check_refused "clos-roce: a client option before the command is the client's" \
	"--qps '0': want a number in 1..1024" "$B/clos-roce" --qps 0 client 10.0.0.1

# ---- refusals ---------------------------------------------------------------

clos_check_refused "closctl: an unknown option, by name" "unknown option '--bogus'" \
	"$CLOS_CTL" port show --bogus
clos_check_refused "closctl: an unknown short option, by name" "unknown option '-x'" \
	"$CLOS_CTL" -x port show
clos_check_refused "closctl: a missing option argument" "option '-s' needs an argument" \
	"$CLOS_CTL" port show -s
clos_check_refused "clos-loader: an unknown option, by name" "unknown option '--bogus'" \
	"$CLOS_LOADER" list --bogus
clos_check_refused "clos-loader: another command's option, by name" \
	"option --netns is not one of detach's; try 'clos-loader help detach'" \
	"$CLOS_LOADER" detach sw1 --netns ns1
clos_check_refused "clos-loader: --ports twice" "--ports given twice" \
	"$CLOS_LOADER" attach sw1 --netns ns1 --ports eth1 --ports eth2
clos_check_refused "clos-loader: a port name the kernel refuses, with the rule" \
	"--ports: port name 'a:b' is not an interface name: it holds ':' at byte 2" \
	"$CLOS_LOADER" attach sw1 --netns ns1 --ports eth1,a:b
clos_check_refused "clos-loader: a newline in a port name, shown escaped" \
	"--ports: port name 'x\\x0anetns' is not an interface name: it holds white space (0x0a) at byte 2" \
	"$CLOS_LOADER" attach sw1 --netns ns1 --ports "$(printf 'x\nnetns')"
# --port and --rate take one name whole (',' and '=' included); the same
# rules and the same refusals as --ports and --rates.
clos_check_refused "clos-loader: --port, a name the kernel refuses" \
	"--port: port name 'a:b' is not an interface name: it holds ':' at byte 2" \
	"$CLOS_LOADER" attach sw1 --netns ns1 --port eth1 --port a:b
clos_check_refused "clos-loader: a port in --ports and --port" "--port: port eth1 is listed twice" \
	"$CLOS_LOADER" attach sw1 --netns ns1 --ports eth1,eth2 --port eth1
clos_check_refused "clos-loader: --port 'e,1' is one port, not e and 1" "--rates: e is not one of the ports" \
	"$CLOS_LOADER" attach sw1 --netns ns1 --port e,1 --rates e=1mbit
clos_check_refused "clos-loader: --rate splits at the last '='" "--rate: a=b is not one of the ports" \
	"$CLOS_LOADER" attach sw1 --netns ns1 --port e,1 --rate a=b=1mbit
clos_check_refused "clos-loader: --rate of a port --rates named" "--rate: port e,1 is listed twice" \
	"$CLOS_LOADER" attach sw1 --netns ns1 --port e,1 --port eth2 --rates eth2=1mbit --rate e,1=1mbit --rate e,1=2mbit
clos_check_refused "clos-loader: --rate with a bad rate, by port" \
	"--rate: rate 'fast' of port e,1:" \
	"$CLOS_LOADER" attach sw1 --netns ns1 --port e,1 --rate e,1=fast
clos_check_refused "clos-loader: --rate without IF=" "--rate '100mbit': '100mbit' is not IF=RATE" \
	"$CLOS_LOADER" attach sw1 --netns ns1 --port e,1 --rate 100mbit
clos_check_refused "clos-loader: neither --ports nor --port" "--ports IF[,IF...] or --port IF is required" \
	"$CLOS_LOADER" attach sw1 --netns ns1
# Past the checks of the arguments: only the namespace is missing.
clos_check_refused "clos-loader: --port 'e,1' and --rate 'e,1=1mbit' are taken" \
	"netns ns-names2-none" \
	"$CLOS_LOADER" attach sw1 --netns ns-names2-none --port e,1 --port "q'\"1" --rate e,1=1mbit --rate "q'\"1=2mbit"
clos_check_refused "clos-topo: an unknown option, by name" "unknown option '--bogus'" \
	"$TOPO_BIN" show "$F" --bogus
clos_check_refused "clos-topo: an unknown command, by name" "unknown command 'shw'" \
	"$TOPO_BIN" shw "$F"
clos_check_refused "clos-roce: a server option given to the client" \
	"option --sessions is not one of client's; try 'clos-roce help client'" \
	"$B/clos-roce" client 10.0.0.1 --sessions 2
clos_check_refused "clos-flows: an unknown option, by name" "unknown option '--rate'" \
	"$B/clos-flows" send --rate 5
clos_check_refused "clos-flows: a sender's option given to recv" \
	"option --pps is not one of recv's" "$B/clos-flows" recv --pps 5
clos_check_refused "clos-bench: an unknown command, by name" "unknown command 'rat'" \
	"$B/bench/clos-bench" rat
clos_check_refused "clos-bench: another command's option, by name" \
	"option --flows is not one of pipeline's; try 'clos-bench help pipeline'" \
	"$B/bench/clos-bench" pipeline --flows 100
clos_check_refused "clos-bench: a bad option value, by name" "--rounds '0': expected 1 to 64" \
	"$B/bench/clos-bench" --rounds 0 pipeline

# The model floor: each run claims the time and adds its frame to the
# backlog, which clos-bench checks after the round (it fails otherwise).
clos_check "clos-bench pipeline: the model floor queues every frame it is timed with" \
	sh -c "'$B/bench/clos-bench' pipeline --only model_floor --rounds 1 --calls 3 |
		jq -e '.name == \"model_floor\" and .ns_per_pkt.median > 0' >/dev/null"

# The drain floor serves the frame before each one: clos-bench checks
# after the round that the class holds one frame and nothing was marked.
clos_check "clos-bench pipeline: the drain floor serves each frame before the next" \
	sh -c "'$B/bench/clos-bench' pipeline --only model_drain_floor --rounds 2 --calls 3 |
		jq -e '.name == \"model_drain_floor\" and .ns_per_pkt.median > 0' >/dev/null"

# The semantic floor admits the frame (its port's MAC, its checksum, no
# martian) and sends it, counted: clos-bench checks the verdict and the
# counters after the round (it fails otherwise).
clos_check "clos-bench pipeline: the semantic floor forwards and counts every frame" \
	sh -c "'$B/bench/clos-bench' pipeline --only semantic_floor --rounds 1 --calls 3 |
		jq -e '.name == \"semantic_floor\" and .ns_per_pkt.median > 0' >/dev/null"

# ---- clos-bench lines: samples by source line ---------------------------------

# The pipeline's line table (the kernel's JIT line info of the loaded
# programs), then perf-script lines through it: two samples at the code of
# one ingress.h line, one in a kernel symbol, one outside every program.
bench_lines() {
	local t=$TMP/lines.tsv addr where out

	if ! "$B/bench/clos-bench" pipeline --only clos_base --rounds 1 --calls 1 \
		--lines "$t" >"$TMP/lines.out" 2>&1; then
		clos_fail "clos-bench pipeline --lines" "$(tail -n 2 "$TMP/lines.out")"
		return
	fi
	clos_check "clos-bench pipeline --lines: the programs' functions and lines" \
		sh -c "grep -q '^F	' '$t' && grep -q '	ingress.h:[1-9][0-9]*	' '$t'"
	# A line of ingress.h whose address no other line shares.
	read -r addr where < <(awk -F'\t' '$1 != "F" { n[$1]++; w[$1] = $2 }
		END { for (a in n) if (n[a] == 1 && w[a] ~ /^ingress\.h:[1-9]/) print a, w[a] }' \
		"$t" | sort | head -n 1)
	if [ -z "$addr" ]; then
		clos_fail "clos-bench lines: an ingress.h line of its own address in the table"
		return
	fi
	out=$(printf '%s bpf_prog_0123_bench_pipeline\n%s bpf_prog_0123_bench_pipeline\n%s trie_lookup_elem\n1 bpf_prog_0123_bench_pipeline\n' \
		"$addr" "$addr" "$addr" | "$B/bench/clos-bench" lines --table "$t" --top 3)
	clos_check_eq "clos-bench lines: samples, and those in the programs" \
		"$(printf '%s' "$out" | jq -c '[.samples, .in_programs]')" "[4,2]"
	clos_check_eq "clos-bench lines: the line the samples fell in" \
		"$(printf '%s' "$out" | jq -c '[.lines[] | [.where, .samples, .percent]]')" \
		"[[\"$where\",2,100]]"
	clos_check_eq "clos-bench lines: by file" \
		"$(printf '%s' "$out" | jq -c '[.files[] | [.file, .percent]]')" '[["ingress.h",100]]'
	clos_check_refused "clos-bench lines: no table" "--table '': expected the file of lines" \
		"$B/bench/clos-bench" lines
}
bench_lines

clos_summary cli
