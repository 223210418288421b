#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: measure clos against the baselines a user would use instead
# (Linux kernel forwarding, a minimal XDP forwarder), side by side in one
# run, and write docs/benchmarks.{md,json} and the plots in docs/bench/
# (tests/bench/report.sh). The sections, in the order they run (SECTIONS
# below; each is a function section_NAME that leaves its JSON in $RAW):
#
#   fabric    fabric packet rate: clos fast mode, clos queue mode, the
#             minimal forwarder, it with ECMP, the feature floor (it with
#             ECMP, classes and counters), the semantic floor (that with
#             clos's checks and counts), the minimal forwarder at TC
#             (queue mode's skb path), it and the semantic floor at TC
#             with queue mode's flow steering, and Linux kernel forwarding
#             on the same namespaces (examples/bench-2x2*.yaml),
#             interleaved windows
#   pipeline  per-packet pipeline cost vs a bare XDP redirect, the minimal
#             forwarder and the feature floor (clos-bench pipeline), and
#             perf profiles
#   scale     route_v4 scale (clos-bench scale)
#   ecmp      ECMP quality vs the kernel's multipath (clos-bench ecmp)
#   ecn       ECN marking vs the WRED curve (clos-bench ecn)
#   failover  failover time with the fabric's link watcher (clos-bench failover)
#   fibsync   FIB sync at scale: 100k kernel routes into a switch's tables
#             (tests/bench/fib_scale.sh, clos-fibsync)
#   boxes     a fabric across two boxes (VXLAN) vs the same on one box
#             (tests/bench/boxes.sh)
#
# Knobs (environment):
#   BENCH_ONLY        sections to run, comma-separated (default: all). With
#                     it, the report goes to build/bench/report unless
#                     BENCH_OUT says otherwise: a partial run does not
#                     overwrite the full one in docs/.
#   BENCH_ROUNDS      fabric window rounds (default 4)
#   BENCH_FABRIC_MODES the fabric section's modes, space-separated (default
#                     all, and the kernel-tc and gen references after each
#                     round); for a quick A/B, as the report wants them all
#   BENCH_WINDOW      seconds per fabric window (default 3)
#   BENCH_PIPE_ROUNDS rounds of the pipeline section, each timing every
#                     configuration (default 15; with 5, the queue model's
#                     cost read 52 ns in one run and 67 ns in the next)
#   BENCH_FIB_ROUTES  kernel routes of the fibsync section (default 100000)
#   BENCH_OUT         directory of the report (default docs)
#   BENCH_BEFORE      the run on record to compare with (default
#                     docs/bench/before-issue14.json)
#   BENCH_KEEP        keep the raw JSON directory
# Needs root. Everything it makes is removed on exit, even on failure.
set -u

BENCH_NAME=bench
# shellcheck source=tests/bench/lib.sh
. "$(dirname "$0")/lib.sh"

FAST_FILE=examples/bench-2x2.yaml
QUEUE_FILE=examples/bench-2x2-queue.yaml
FABRIC=bench				# the files' name:
NSP=clos-$FABRIC			# their namespaces' prefix
ROUNDS=${BENCH_ROUNDS:-4}
WINDOW=${BENCH_WINDOW:-3}
PIPE_ROUNDS=${BENCH_PIPE_ROUNDS:-15}
WARMUP=1
START=$(date +%s)

# Every section, in the order they run. A new section: a function
# section_NAME in this file that leaves its JSON in $RAW and prints a line
# or two of what it measured, its name here, and json_NAME (its part of
# benchmarks.json) and report_NAME (of benchmarks.md) in report.sh.
SECTIONS="fabric pipeline scale ecmp ecn failover fibsync boxes"

say() { printf '== %s\n' "$*"; }

ONLY=$(echo "${BENCH_ONLY:-$SECTIONS}" | tr ',' ' ')
for s in $ONLY; do
	case " $SECTIONS " in
	*" $s "*) ;;
	*) die "BENCH_ONLY: no section '$s' (sections: $SECTIONS)" ;;
	esac
done
if [ -n "${BENCH_ONLY:-}" ]; then
	OUT=${BENCH_OUT:-build/bench/report}
else
	OUT=${BENCH_OUT:-docs}
fi

bench_require "run make bench, not this script" "$BENCH" "$TOPO" build/closctl build/clos-loader
if "$TOPO" status "$FAST_FILE" 2>/dev/null | grep -q 'netns present'; then
	die "fabric '$FABRIC' is up already (clos-topo down $FAST_FILE)"
fi
mkdir -p "$OUT/bench" || die "cannot create $OUT/bench"

# From here on, whatever happens, everything the run made goes again.
RAW=$(mktemp -d /tmp/clos-bench.XXXXXX)
PLAN=$RAW/plan.json
cleanup() {
	"$TOPO" down "$FAST_FILE" >/dev/null 2>&1
	# clos-bench removes its own namespaces; this is for a killed one.
	clos_cleanup_prefix "$NSP-" >/dev/null 2>&1
	rm -f /tmp/clos-bench-rg.* /tmp/clos-bench-rgout.*
	if [ -n "${BENCH_KEEP:-}" ]; then
		echo "raw results kept in $RAW"
	else
		rm -rf "$RAW"
	fi
}
trap cleanup EXIT
trap 'echo "bench: interrupted" >&2; exit 130' INT TERM

"$TOPO" -j show "$FAST_FILE" >"$PLAN" || die "clos-topo show $FAST_FILE failed"
# node NAME FIELD / port NAME IF FIELD out of the plan.
node() { jq -r --arg n "$1" ".nodes[] | select(.name == \$n) | .$2" "$PLAN"; }
port() { jq -r --arg n "$1" --arg p "$2" ".nodes[] | select(.name == \$n) | .ports[] | select(.ifname == \$p) | .$3" "$PLAN"; }
SWITCHES=$(jq -r '.nodes[] | select(.kind != "host") | .switch' "$PLAN")
H1_NS=$(node h1-1 netns)
H2_NS=$(node h2-1 netns)
H1_MAC=$(port h1-1 eth0 mac)
H1_IP=$(port h1-1 eth0 ipv4 | cut -d/ -f1)
H2_IP=$(port h2-1 eth0 ipv4 | cut -d/ -f1)
LEAF1_NS=$(node leaf1 netns)
LEAF1_SW=$(node leaf1 switch)
LEAF1_HOSTPORT=$(port leaf1 eth3 peer)	# sanity: eth3 faces h1-1
[ "$LEAF1_HOSTPORT" = "h1-1:eth0" ] || die "unexpected plan: leaf1:eth3 faces $LEAF1_HOSTPORT"
LEAF1_MAC=$(port leaf1 eth3 mac)

# ---- fabric: packet rate ---------------------------------------------------

# Ports unshaped: rate 0 takes the queue model off and, in queue mode,
# the HTB trees; what is measured is forwarding.
unshape() {
	local sw p

	for sw in $SWITCHES; do
		for p in $(build/closctl -s "$sw" -j port show | jq -r '.[].name'); do
			build/closctl -s "$sw" port set "$p" rate 0 >/dev/null || return 1
		done
	done
}

detach_all() {
	local sw

	for sw in $SWITCHES; do
		build/clos-loader detach "$sw" >/dev/null || return 1
	done
}

# The same namespaces, addresses and kernel routes as clos-topo made them
# (a leaf has a multipath default over its spines, a spine a route per
# rack), with the switches taken off: the kernel forwards.
to_kernel() {
	local n

	detach_all || return 1
	for n in $(jq -r '.nodes[] | select(.kind != "host") | .netns' "$PLAN"); do
		ip netns exec "$n" sysctl -qw net.ipv4.fib_multipath_hash_policy=1 \
			net.ipv4.ip_forward=1 || return 1
	done
}

# The FIB clos has on switch SW, as clos-bench minfwd takes it: its ports,
# nexthops, ECMP groups (their active members), IPv4 routes and DSCP class
# map. An ECMP route names its group and, for the minimal forwarder, which
# has no ECMP, the group's first active member; a group with none active,
# and local, kernel and drop routes, go to the switch's kernel (nexthop 0).
fib_of() {
	local c="build/closctl -s $1 -j"

	jq -n --argjson ports "$($c port show)" --argjson nh "$($c table show nexthop)" \
		--argjson rt "$($c table show route_v4)" --argjson groups "$($c group show)" \
		--argjson qos "$($c qos show)" '
		[$groups[] | {id: .group, nexthops: [.members[] | select(.active) | .nexthop]}
		 | select(.nexthops | length > 0)] as $g
		| ($g | map({key: (.id | tostring), value: .nexthops[0]}) | from_entries) as $first
		| {ports: [$ports[] | {port, name, mac, vlan}],
		   nexthops: [$nh[] | {id: .key.id, port: .params.port, dmac: .params.dmac}],
		   groups: $g,
		   routes: [$rt[] | {prefix: .key.prefix} +
			(if .action == "nexthop" then {nexthop: .params.nexthop, group: 0}
			 elif .action == "ecmp" and $first[.params.group | tostring] != null
			 then {nexthop: $first[.params.group | tostring], group: .params.group}
			 else {nexthop: 0, group: 0} end)],
		   dscp_tc: $qos.dscp_tc}'
}

# A reference forwarder on the same namespaces: clos's tables read, clos
# detached, the program (clos-bench minfwd --prog PROG: minfwd, ecmp, feat,
# sem or tc) attached to every switch port with them.
to_reference() {
	local prog=$1 n

	for n in $(jq -r '.nodes[] | select(.kind != "host") | .name' "$PLAN"); do
		fib_of "$(node "$n" switch)" >"$RAW/fib-$n.json" || return 1
	done
	detach_all || return 1
	for n in $(jq -r '.nodes[] | select(.kind != "host") | .name' "$PLAN"); do
		"$BENCH" minfwd --prog "$prog" --netns "$(node "$n" netns)" \
			--fib "$RAW/fib-$n.json" >"$RAW/ref-$prog-$n.json" || return 1
	done
}

# A reference forwarder's window must have done what the row says: every
# frame through three routed hops (TTL 61), and with ECMP, both spines
# carrying a fair part of the flows (each at least a quarter).
check_reference() {
	local mode=$1 out=$2

	jq -e '.received > 0 and .received_ttl_ok >= 0.99 * .received' "$out" >/dev/null ||
		die "the $mode window: $(jq -r '"\(.received_ttl_ok) of \(.received) frames with TTL 61"' "$out")"
	case $mode in minfwd | minfwd-tc*) return 0 ;; esac
	jq -e '.spine_packets | min >= 0.25 * add' "$out" >/dev/null ||
		die "the $mode window: the spines carried $(jq -c .spine_packets "$out") packets, not both"
}

# Packets a spine carried (share check): its clos counter, or with the
# switches detached the rx counter of its port facing leaf1.
spine_packets() {
	local mode=$1 s

	for s in spine1 spine2; do
		if [ "$mode" != fast ] && [ "$mode" != queue ]; then
			ip -n "$(node $s netns)" -j -s link show eth1 | jq '.[0].stats64.rx.packets'
		else
			build/closctl -s "$(node $s switch)" -j stats | jq '.stats.forwarded.packets'
		fi
	done | jq -s -c .
}

# window MODE ROUND: bring the fabric up in MODE, time one window, take
# it down. MODE: fast, queue, minfwd (the minimal forwarder), minfwd-ecmp
# (it with ECMP), featfwd (the feature floor: it with ECMP, classes and
# counters), semfwd (the semantic floor: the feature floor with clos's
# checks and counts beyond those features), minfwd-tc (the minimal
# forwarder at TC ingress, on the skb path as clos queue mode),
# minfwd-tc-steer and semfwd-tc-steer (it, and the semantic floor at TC,
# on the queue file's namespaces, whose flow steering clos-topo sets for
# queue mode), kernel, kernel-tc (the sink at TC ingress: does an XDP
# sink cost the socket-buffer paths more?), or gen (the generator alone:
# the sink on leaf1's port, the kernel fabric around it).
window() {
	local mode=$1 round=$2 file=$FAST_FILE rx_ns=$H2_NS rx_dev=eth0 ttl=61
	local out=$RAW/rate-$mode-$round.json sink=xdp

	case $mode in queue | *-steer) file=$QUEUE_FILE ;; esac
	"$TOPO" up "$file" >/dev/null || die "clos-topo up $file failed"
	case $mode in
	fast | queue) unshape || die "cannot unshape the ports" ;;
	minfwd) to_reference minfwd || die "cannot put the minimal forwarder in clos's place" ;;
	minfwd-ecmp) to_reference ecmp || die "cannot put bench_minfwd_ecmp in clos's place" ;;
	featfwd) to_reference feat || die "cannot put the feature floor in clos's place" ;;
	semfwd) to_reference sem || die "cannot put the semantic floor in clos's place" ;;
	minfwd-tc | minfwd-tc-steer) to_reference tc || die "cannot put bench_minfwd_tc in clos's place" ;;
	semfwd-tc-steer) to_reference sem-tc || die "cannot put bench_semfwd_tc in clos's place" ;;
	kernel*| gen) to_kernel || die "cannot hand the fabric to the kernel" ;;
	esac
	# Without an XDP program there, leaf1's host port needs NAPI (GRO)
	# to take the generator's XDP_TX frames.
	case $mode in
	queue | *-tc* | kernel* | gen)
		ip netns exec "$LEAF1_NS" ethtool -K eth3 gro on >/dev/null ||
			die "ethtool in $LEAF1_NS failed"
		;;
	esac
	if [ "$mode" = gen ]; then
		rx_ns=$LEAF1_NS rx_dev=eth3 ttl=64
	fi
	[ "$mode" = kernel-tc ] && sink=tc
	"$BENCH" rate --label "$mode" --tx-netns "$H1_NS" --tx-dev eth0 \
		--smac "$H1_MAC" --dmac "$LEAF1_MAC" --src "$H1_IP" --dst "$H2_IP" \
		--rx-netns "$rx_ns" --rx-dev "$rx_dev" --ttl "$ttl" --sink "$sink" \
		--seconds "$WINDOW" --warmup "$WARMUP" >"$out.tmp" ||
		die "the $mode window failed"
	jq --argjson r "$round" --argjson s "$(spine_packets "$mode")" \
		'. + {round: $r, spine_packets: $s}' "$out.tmp" >"$out" && rm -f "$out.tmp"
	"$TOPO" down "$file" >/dev/null
	jq -r '"  round \(.round) \(.label): \(.mpps) Mpps, \(.cpu_ns_per_pkt) CPU ns/pkt, loss \(.loss), spines \(.spine_packets)"' "$out"
	case $mode in
	minfwd*| featfwd | semfwd*) check_reference "$mode" "$out" ;;
	esac
}

# The modes whose ratios are taken run in a rotating order, so that no
# mode always runs first or last; the two reference windows follow.
FABRIC_MODES=(fast queue minfwd minfwd-ecmp featfwd semfwd minfwd-tc minfwd-tc-steer
	semfwd-tc-steer kernel)
if [ -n "${BENCH_FABRIC_MODES:-}" ]; then
	for m in $BENCH_FABRIC_MODES; do
		case " ${FABRIC_MODES[*]} kernel-tc gen " in
		*" $m "*) ;;
		*) die "BENCH_FABRIC_MODES: no mode '$m' (modes: ${FABRIC_MODES[*]} kernel-tc gen)" ;;
		esac
	done
	read -ra FABRIC_MODES <<<"$BENCH_FABRIC_MODES"
fi
section_fabric() {
	local r i n=${#FABRIC_MODES[@]}

	say "fabric packet rate: $ROUNDS rounds of ${FABRIC_MODES[*]} windows, ${WINDOW}s each"
	for r in $(seq 1 "$ROUNDS"); do
		for i in $(seq 0 $((n - 1))); do
			window "${FABRIC_MODES[$(((i + r - 1) % n))]}" "$r"
		done
		[ -n "${BENCH_FABRIC_MODES:-}" ] && continue
		window kernel-tc "$r"
		window gen "$r"
	done
}

# ---- pipeline: per packet, by BPF_PROG_TEST_RUN ------------------------------

# Where a configuration's time goes, by kernel symbol (when perf is there),
# and within clos's programs by source line (clos-bench lines).
# -D: start sampling after the programs are loaded and verified; the call
# count makes the sampled part about 3 s, whatever a packet costs.
profile() {
	local cfg=$1 ns calls

	ns=$(jq --arg c "$cfg" '.configs[] | select(.name == $c) | .ns_per_pkt.median' \
		"$RAW/pipeline.json")
	calls=$(jq -n --argjson ns "${ns:-100}" '5e9 / (200 * $ns) | floor | [., 1000000] | min')
	perf record -q -D 1500 -e cpu-clock -o "$RAW/perf-$cfg.data" -- \
		"$BENCH" pipeline --only "$cfg" --rounds 1 --calls "$calls" \
		--lines "$RAW/lines-$cfg.tsv" >/dev/null 2>&1 ||
		return 1
	# The line table holds clos's programs only.
	case $cfg in
	clos_*)	perf script -i "$RAW/perf-$cfg.data" -F ip,sym 2>/dev/null |
			"$BENCH" lines --table "$RAW/lines-$cfg.tsv" --top 15 \
			>"$RAW/lines-$cfg.json" || rm -f "$RAW/lines-$cfg.json" ;;
	esac
	perf report -q -i "$RAW/perf-$cfg.data" --no-children --sort symbol -g none \
		--percent-limit 1.5 2>/dev/null |
		awk 'NF >= 3 { pct = $1; $1 = ""; $2 = ""; sub(/^ +/, ""); sub(/ +- +-? *$/, ""); print pct "\t" $0 }' \
		>"$RAW/profile-$cfg.tsv"
	[ -s "$RAW/profile-$cfg.tsv" ] || return 1
	head -n 5 "$RAW/profile-$cfg.tsv" | sed "s/^/  $cfg /"
}

section_pipeline() {
	local cfg

	say "per-packet pipeline cost"
	"$BENCH" pipeline --rounds "$PIPE_ROUNDS" >"$RAW/pipeline.json" ||
		die "clos-bench pipeline failed"
	jq -r '.configs[] | "  \(.name): \(.ns_per_pkt.median) ns/pkt"' "$RAW/pipeline.json"
	command -v perf >/dev/null 2>&1 || return 0
	say "profiles of the pipeline (perf)"
	for cfg in feature_floor clos_qos_ecmp clos_full; do
		profile "$cfg" || echo "  perf record failed; no profile of $cfg"
	done
}

# ---- scale, ecmp, ecn: BPF_PROG_TEST_RUN and a namespace of their own -------

section_scale() {
	say "route_v4 scale"
	"$BENCH" scale >"$RAW/scale.json" || die "clos-bench scale failed"
	jq -r '.sizes[] | "  \(.entries) routes: \(.batch_insert_per_s | floor) inserts/s, \(.memlock_bytes) B, \(.ns_per_pkt_hot.median) ns/pkt hot, \(.ns_per_pkt_random.median) random"' "$RAW/scale.json"
}

section_ecmp() {
	say "ECMP quality"
	"$BENCH" ecmp >"$RAW/ecmp.json" || die "clos-bench ecmp failed"
	jq -r '.sizes[] | "  \(.members) members: moved resilient \(.clos_resilient.moved_mean), modulo \(.clos_modulo.moved_mean), kernel \(.kernel_hash_threshold.moved_mean)"' "$RAW/ecmp.json"
}

section_ecn() {
	say "ECN marking vs the WRED curve"
	"$BENCH" ecn >"$RAW/ecn.json" || die "clos-bench ecn failed"
	jq -r '.profiles[] | "  \(.name): \(.points_within_3_sigma) of \(.points | length) points within 3 sigma"' "$RAW/ecn.json"
}

# ---- failover ------------------------------------------------------------------

section_failover() {
	local wlog=/run/clos/$FABRIC.watch.log f

	say "failover: link down -> ECMP group updated by the link watcher"
	"$TOPO" up "$FAST_FILE" >/dev/null || die "clos-topo up $FAST_FILE failed"
	# The kernel's linkwatch sends at most one carrier event a second per
	# device unless it is urgent, so isolated failures are spaced by 1.1 s.
	"$BENCH" failover --switch "$LEAF1_SW" --netns "$LEAF1_NS" --port eth1 \
		--log "$wlog" --trials 20 --settle 100 >"$RAW/failover-admin.json" ||
		die "failover (admin down) failed"
	"$BENCH" failover --switch "$LEAF1_SW" --netns "$LEAF1_NS" --port eth1 \
		--peer-netns "$(node spine1 netns)" --peer-port eth1 --log "$wlog" \
		--trials 20 --settle 1100 >"$RAW/failover-carrier.json" ||
		die "failover (carrier loss) failed"
	"$BENCH" failover --switch "$LEAF1_SW" --netns "$LEAF1_NS" --port eth1 \
		--peer-netns "$(node spine1 netns)" --peer-port eth1 --log "$wlog" \
		--trials 10 --settle 100 >"$RAW/failover-flap.json" ||
		die "failover (flapping carrier) failed"
	"$TOPO" down "$FAST_FILE" >/dev/null
	for f in admin carrier flap; do
		jq -r --arg f "$f" '"  \($f): median \(.down_to_group_ms.median) ms, max \(.down_to_group_ms.max) ms"' \
			"$RAW/failover-$f.json"
	done
}

# ---- fibsync ---------------------------------------------------------------------

section_fibsync() {
	say "FIB sync at scale: ${BENCH_FIB_ROUTES:-100000} kernel routes (clos-fibsync)"
	tests/bench/fib_scale.sh >"$RAW/fibsync.json" || die "tests/bench/fib_scale.sh failed"
	jq -r '"  incremental \(.incremental.routes_per_s) routes/s (the kernel alone \(.incremental.kernel_routes_per_s)), cold full sync \(.cold_full_sync.sync_ms) ms, peak RSS \(.memory.daemon_max_rss_kib) KiB"' \
		"$RAW/fibsync.json"
}

# ---- boxes -----------------------------------------------------------------------

section_boxes() {
	say "across boxes: the 2x4 fabric split over two boxes vs on one"
	tests/bench/boxes.sh >"$RAW/boxes.json" || die "tests/bench/boxes.sh failed"
	jq -r '.summary | to_entries[] | "  \(.key): \(.value.mpps_median) Mpps, \(.value.cpu_ns_per_pkt_median) CPU ns/pkt"' \
		"$RAW/boxes.json"
}

# ---- the run, and the report ---------------------------------------------------

for s in $SECTIONS; do
	case " $ONLY " in
	*" $s "*) "section_$s" && echo "$s" >>"$RAW/sections" ;;
	esac
done

BENCH_SECONDS=$(($(date +%s) - START)) tests/bench/report.sh "$RAW" "$OUT" ||
	die "the report failed"
say "results: $OUT/benchmarks.md, $OUT/benchmarks.json, plots in $OUT/bench/ ($(($(date +%s) - START)) s)"
