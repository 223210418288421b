#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/bench/report.sh RAW OUT: turn the JSON documents tests/bench/run.sh
# collected in RAW into OUT/benchmarks.json (everything, one document),
# OUT/benchmarks.md (the report) and the plots OUT/bench/*.svg (gnuplot).
#
# RAW/sections lists the sections that ran (run.sh's SECTIONS); each has
# json_NAME (its part of benchmarks.json) and report_NAME (its part of
# benchmarks.md) here, and a section that did not run is left out. The
# targets of issue 14 (TARGETS below) are checked in every run that
# measured them; BENCH_BEFORE (default docs/bench/before-issue14.json) is
# the run on record the before/after tables compare with.
set -eu

RAW=$1
OUT=$2
HERE=$(cd "$(dirname "$0")" && pwd)
JSON=$OUT/benchmarks.json
MD=$OUT/benchmarks.md
BEFORE=${BENCH_BEFORE:-$HERE/../../docs/bench/before-issue14.json}
mkdir -p "$OUT/bench"
[ -s "$RAW/sections" ] || { echo "Error: report: no section ran" >&2; exit 1; }
SECTIONS=$(cat "$RAW/sections")
ran() { grep -qx "$1" "$RAW/sections"; }

# Summaries in jq: median, {min, median, max}, 3 decimals. The fabric's
# and the pipeline's figures, taken the same way from this run and from
# the one on record (whose JSON may lack the newer ones: null).
# shellcheck disable=SC2016 # jq's variables, not the shell's
JQLIB='
def median: sort | if length == 0 then null
	elif length % 2 == 1 then .[length / 2 | floor]
	else (.[length / 2 - 1] + .[length / 2]) / 2 end;
def r3: if . == null then null else (. * 1000 | round) / 1000 end;
def summ: {min: (min | r3), median: (median | r3), max: (max | r3)};
def fab($m; $what): .fabric_rate.summary[$m][$what].median?;
def fab_ratio($k): .fabric_rate.ratios[$k].median?;
def pipe_rounds($c): [.pipeline.configs[]? | select(.name == $c) | .per_round][0];
def pipe_ns($c): [.pipeline.configs[]? | select(.name == $c) | .ns_per_pkt.median][0];
def pipe_zip($a; $b): [pipe_rounds($a), pipe_rounds($b)]
	| if .[0] == null or .[1] == null then [] else transpose end;
def pipe_ratio($a; $b): [pipe_zip($a; $b)[] | .[0] / .[1]] | median | r3;
def pipe_delta($a; $b): [pipe_zip($a; $b)[] | .[0] - .[1]] | median | r3;
'

# The targets of issue 14: each a figure of this run, the bound and its
# direction, and its floor: the same figure with clos in the least code
# that keeps its semantics (the semantic floors, the model floor). A floor
# past the bound says the bound is below what those semantics cost on this
# machine. A section that did not run leaves its targets out. A fabric
# ratio of rates is also given as the inverse ratio of the CPU time per
# packet (by_cpu): what the rates would be on CPUs of their own, which the
# load of other jobs on the machine does not move (see section 1).
TARGETS='[
  {section: "fabric", what: "fabric packet rate, clos fast / minimal forwarder",
   value: fab_ratio("fast_over_minfwd"), by_cpu: fab_ratio("minfwd_cpu_over_fast_cpu"),
   op: ">=", target: 0.9, unit: "x",
   floor: {what: "semantic floor / minimal forwarder", value: fab_ratio("semfwd_over_minfwd")}},
  {section: "fabric", what: "fabric packet rate, clos fast / kernel",
   value: fab_ratio("fast_over_kernel"), by_cpu: fab_ratio("kernel_cpu_over_fast_cpu"),
   op: ">=", target: 4.5, unit: "x",
   floor: {what: "semantic floor / kernel", value: fab_ratio("semfwd_over_kernel")}},
  {section: "fabric", what: "fabric packet rate, clos queue / kernel",
   value: fab_ratio("queue_over_kernel"), by_cpu: fab_ratio("kernel_cpu_over_queue_cpu"),
   op: ">=", target: 1.5, unit: "x",
   floor: {what: "semantic floor at TC, flows steered / kernel",
	   value: fab_ratio("semfwd_tc_steer_over_kernel")}},
  {section: "pipeline", what: "per packet, unshaped pipeline (clos_qos_ecmp) / minimal forwarder",
   value: pipe_ratio("clos_qos_ecmp"; "minimal_forwarder"), op: "<=", target: 2, unit: "x",
   floor: {what: "semantic_floor / minimal_forwarder",
	   value: pipe_ratio("semantic_floor"; "minimal_forwarder")}},
  {section: "pipeline", what: "per packet, queue model on a shaped port over unshaped (clos_full - clos_qos_ecmp)",
   value: pipe_delta("clos_full"; "clos_qos_ecmp"), op: "<=", target: 60, unit: " ns",
   floor: {what: "model_drain_floor - xdp_pass", value: pipe_delta("model_drain_floor"; "xdp_pass")}}
]'

# ---- benchmarks.json: the sections' parts ------------------------------------

FABRIC_MODES='["fast", "queue", "minfwd", "minfwd-ecmp", "featfwd", "semfwd", "minfwd-tc", "minfwd-tc-steer", "semfwd-tc-steer", "kernel", "kernel-tc", "gen"]'

# What clos-bench minfwd --prog PROG wrote on each switch: {netns: {..}}.
ref_switches() {
	local f=("$RAW"/ref-"$1"-*.json)

	[ -e "${f[0]}" ] || { echo '{}'; return; }
	jq -s 'map({key: .netns, value: del(.netns, .prog)}) | from_entries' "${f[@]}"
}

json_fabric() {
	jq -n "$JQLIB"'
	($windows) as $w
	| ($w | map(.round) | unique) as $rounds
	| def mode($m): $w | map(select(.label == $m));
	  def per_round($a; $b; $f): [$rounds[] as $r
		| (mode($a) | map(select(.round == $r))[0][$f]) as $x
		| (mode($b) | map(select(.round == $r))[0][$f]) as $y
		| select($x != null and $y != null and $y > 0) | $x / $y]
		| if length == 0 then null else summ end;
	{fabric_rate: {
	    method: "XDP generator (BPF_F_TEST_XDP_LIVE_FRAMES, one call, pinned thread) h1-1 -> leaf1 -> spine -> leaf2 -> h2-1, 60-byte UDP frames (64 with FCS), XDP_DROP sink on h2-1; ports unshaped (rate 0)",
	    rounds: ($rounds | length),
	    window_s: ($window | tonumber),
	    minfwd: {what: "bench_minfwd (tests/bench/bpf/floor.bpf.c) on every switch port, clos detached: LPM, nexthop MAC + TTL rewrite, devmap redirect; the routes and nexthops of clos tables, an ECMP route with one member (no ECMP)",
		     switches: $minfwd},
	    minfwd_ecmp: {what: "bench_minfwd_ecmp: bench_minfwd + per-flow ECMP, clos CRC-32 of the 5-tuple picking a slot of the route group (its active members round-robin over 64 slots)",
		     switches: $minfwd_ecmp},
	    featfwd: {what: "bench_featfwd, the feature floor: bench_minfwd_ecmp + DSCP -> class by a 64-entry table in global data (clos class map) + one per-CPU counter block per port (rx on the ingress port, tx and tx per class on the egress port)",
		     switches: $featfwd},
	    semfwd: {what: "bench_semfwd, the semantic floor: bench_featfwd + what clos lane checks and counts beyond those features, each in the least code: the frame addressed to its port MAC, both ports without a VLAN and the egress port up (one port table keyed by ifindex), the IPv4 header checksum verified, no martian address, the switch ECMP seed and clos hash finalizer, RoCEv2 and CNPs told apart, the switch forwarded, ECMP and RoCE counters and a counter per ECMP member, a global observation flag",
		     switches: $semfwd},
	    minfwd_tc: {what: "bench_minfwd_tc at TC ingress (tcx where the kernel has it, as clos, else clsact) of every switch port (the skb path, as clos queue mode), clos detached: the same LPM, nexthop, MAC + TTL rewrite and tables as bench_minfwd, then bpf_redirect to the egress port ifindex; no egress program, no ECMP",
		     switches: $minfwd_tc},
	    semfwd_tc: {what: "bench_semfwd_tc, the semantic floor at TC ingress (as bench_minfwd_tc is attached), on the namespaces of clos queue mode (flow steering on, as clos-topo sets it for queue mode): bench_semfwd on the skb path, bpf_redirect to the egress port ifindex; no egress program",
		     switches: $semfwd_tc},
	    summary: ($modes | map(. as $m | select(mode($m) | length > 0) | {key: $m, value: {
		mpps: (mode($m) | map(.mpps) | summ),
		cpu_ns_per_pkt: (mode($m) | map(.cpu_ns_per_pkt) | summ),
		loss: (mode($m) | map(.loss) | summ)}}) | from_entries),
	    ratios: {
	      fast_over_kernel: per_round("fast"; "kernel"; "mpps"),
	      queue_over_kernel: per_round("queue"; "kernel"; "mpps"),
	      fast_over_minfwd: per_round("fast"; "minfwd"; "mpps"),
	      minfwd_over_kernel: per_round("minfwd"; "kernel"; "mpps"),
	      fast_over_queue: per_round("fast"; "queue"; "mpps"),
	      fast_over_featfwd: per_round("fast"; "featfwd"; "mpps"),
	      featfwd_over_minfwd: per_round("featfwd"; "minfwd"; "mpps"),
	      fast_over_semfwd: per_round("fast"; "semfwd"; "mpps"),
	      semfwd_over_minfwd: per_round("semfwd"; "minfwd"; "mpps"),
	      semfwd_cpu_over_fast_cpu: per_round("semfwd"; "fast"; "cpu_ns_per_pkt"),
	      minfwd_cpu_over_semfwd_cpu: per_round("minfwd"; "semfwd"; "cpu_ns_per_pkt"),
	      minfwd_ecmp_over_minfwd: per_round("minfwd-ecmp"; "minfwd"; "mpps"),
	      kernel_cpu_over_fast_cpu: per_round("kernel"; "fast"; "cpu_ns_per_pkt"),
	      minfwd_cpu_over_fast_cpu: per_round("minfwd"; "fast"; "cpu_ns_per_pkt"),
	      kernel_cpu_over_queue_cpu: per_round("kernel"; "queue"; "cpu_ns_per_pkt"),
	      featfwd_cpu_over_fast_cpu: per_round("featfwd"; "fast"; "cpu_ns_per_pkt"),
	      minfwd_cpu_over_featfwd_cpu: per_round("minfwd"; "featfwd"; "cpu_ns_per_pkt"),
	      minfwd_cpu_over_minfwd_ecmp_cpu: per_round("minfwd"; "minfwd-ecmp"; "cpu_ns_per_pkt"),
	      queue_over_minfwd_tc: per_round("queue"; "minfwd-tc"; "mpps"),
	      minfwd_tc_over_kernel: per_round("minfwd-tc"; "kernel"; "mpps"),
	      minfwd_tc_cpu_over_queue_cpu: per_round("minfwd-tc"; "queue"; "cpu_ns_per_pkt"),
	      kernel_cpu_over_minfwd_tc_cpu: per_round("kernel"; "minfwd-tc"; "cpu_ns_per_pkt"),
	      semfwd_over_kernel: per_round("semfwd"; "kernel"; "mpps"),
	      minfwd_tc_steer_over_kernel: per_round("minfwd-tc-steer"; "kernel"; "mpps"),
	      semfwd_tc_steer_over_kernel: per_round("semfwd-tc-steer"; "kernel"; "mpps"),
	      queue_over_semfwd_tc_steer: per_round("queue"; "semfwd-tc-steer"; "mpps"),
	      semfwd_tc_steer_cpu_over_queue_cpu: per_round("semfwd-tc-steer"; "queue"; "cpu_ns_per_pkt"),
	      fast_over_kernel_best_windows:
		((mode("fast") | map(.mpps) | max) / (mode("kernel") | map(.mpps) | max) | r3)
	    },
	    windows: $w
	}}' --argjson windows "$(jq -s '.' "$RAW"/rate-*.json)" --argjson modes "$FABRIC_MODES" \
		--argjson minfwd "$(ref_switches minfwd)" --argjson minfwd_ecmp "$(ref_switches ecmp)" \
		--argjson featfwd "$(ref_switches feat)" --argjson semfwd "$(ref_switches sem)" \
		--argjson minfwd_tc "$(ref_switches tc)" --argjson semfwd_tc "$(ref_switches sem-tc)" \
		--arg window "${BENCH_WINDOW:-3}"
}

# perf profiles: {config: [{percent, symbol}]}, and of clos's programs by
# source line {config: clos-bench lines}; {} without perf.
json_pipeline() {
	local profile='{}' lines='{}' f cfg

	for cfg in $(jq -r '.configs[].name' "$RAW/pipeline.json"); do
		f=$RAW/profile-$cfg.tsv
		[ -s "$f" ] || continue
		profile=$(jq -R -s --argjson p "$profile" --arg c "$cfg" '$p + {($c): (split("\n")
			| map(select(length > 0) | split("\t")
			| {percent: (.[0] | rtrimstr("%") | tonumber), symbol: .[1]}))}' "$f")
		f=$RAW/lines-$cfg.json
		[ -s "$f" ] || continue
		lines=$(jq --argjson l "$lines" --arg c "$cfg" '$l + {($c): .}' "$f")
	done
	jq --argjson profile "$profile" --argjson lines "$lines" \
		'{pipeline: ., pipeline_profile: $profile, pipeline_lines: $lines}' \
		"$RAW/pipeline.json"
}

json_scale() { jq '{scale: .}' "$RAW/scale.json"; }
json_ecmp() { jq '{ecmp: .}' "$RAW/ecmp.json"; }
json_ecn() { jq '{ecn: .}' "$RAW/ecn.json"; }
json_failover() {
	jq -n '{failover: {admin_down: $fa[0], carrier_loss: $fc[0], carrier_flapping: $ff[0]}}' \
		--slurpfile fa "$RAW/failover-admin.json" --slurpfile fc "$RAW/failover-carrier.json" \
		--slurpfile ff "$RAW/failover-flap.json"
}
json_fibsync() { jq '{fibsync: .}' "$RAW/fibsync.json"; }
json_boxes() { jq '{boxes: .}' "$RAW/boxes.json"; }

{
	jq -n '{date: $date, sections: ($sections | split("\n") | map(select(length > 0))),
		machine: {cpu: $cpu, cpus: ($cpus | tonumber), kernel: $kernel,
			  memory_gib: ($mem | tonumber), load_average_at_start: $load},
		duration_s: ($secs | tonumber)}' \
		--arg date "$(date -u '+%Y-%m-%d %H:%M UTC')" --arg sections "$SECTIONS" \
		--arg cpu "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)" \
		--arg cpus "$(nproc)" --arg kernel "$(uname -r)" \
		--arg mem "$(awk '/^MemTotal/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)" \
		--arg load "$(cut -d' ' -f1-3 /proc/loadavg)" --arg secs "${BENCH_SECONDS:-0}"
	for s in $SECTIONS; do
		"json_$s"
	done
} | jq -s "$JQLIB"'add | . as $d | . + {targets: ['"$TARGETS"'[]
	| select(.section as $s | $d.sections | index($s))
	| def meets($v): if $v == null then null
		elif .op == ">=" then $v >= .target else $v <= .target end;
	  . + {met: (meets(.value) // false), by_cpu_met: meets(.by_cpu),
	       floor: (.floor + {meets: meets(.floor.value)})}]}' >"$JSON"

j() { jq -r "$JQLIB $1" "$JSON"; }

# ---- plots -------------------------------------------------------------------

plot_fabric() {
	j '.fabric_rate.summary | to_entries[] | select(.key | IN("fast", "queue", "minfwd", "minfwd-ecmp", "featfwd", "semfwd", "minfwd-tc", "semfwd-tc-steer", "kernel"))
	   | [({fast: "clos fast (XDP)", queue: "clos queue (TC)", minfwd: "minimal fwd", "minfwd-ecmp": "min. fwd + ECMP",
		featfwd: "feature floor", semfwd: "semantic floor", "minfwd-tc": "min. fwd at TC",
		"semfwd-tc-steer": "sem. floor at TC, steered", kernel: "Linux kernel"}[.key]),
	      .value.mpps.median, .value.mpps.min, .value.mpps.max,
	      .value.cpu_ns_per_pkt.median, .value.cpu_ns_per_pkt.min, .value.cpu_ns_per_pkt.max]
	   | @tsv' >"$RAW/fabric.tsv"
	gnuplot -e "data='$RAW/fabric.tsv'; out='$OUT/bench/fabric-rate.svg'; kernel='$(j '.machine.kernel')'" \
		"$HERE/plot-fabric.gp"
}

plot_scale() {
	j '.scale.sizes[] | [.entries, .ns_per_pkt_hot.median, .ns_per_pkt_random.median,
	   .batch_insert_per_s, .single_insert_per_s, .bytes_per_entry] | @tsv' >"$RAW/scale.tsv"
	gnuplot -e "data='$RAW/scale.tsv'; out='$OUT/bench/scale.svg'" "$HERE/plot-scale.gp"
}

plot_ecn() {
	local i

	for i in 0 1; do
		j ".ecn.profiles[$i].points[] | [.backlog, .measured, .configured,
		   ((.configured * (1 - .configured) / .packets) | sqrt)] | @tsv" >"$RAW/ecn$i.tsv"
	done
	gnuplot -e "data0='$RAW/ecn0.tsv'; data1='$RAW/ecn1.tsv'; out='$OUT/bench/ecn.svg';
		    t0='$(j '.ecn.profiles[0].name')'; t1='$(j '.ecn.profiles[1].name')';
		    kmin0=$(j '.ecn.profiles[0].kmin'); kmax0=$(j '.ecn.profiles[0].kmax'); pmax0=$(j '.ecn.profiles[0].pmax');
		    kmin1=$(j '.ecn.profiles[1].kmin'); kmax1=$(j '.ecn.profiles[1].kmax'); pmax1=$(j '.ecn.profiles[1].pmax')" \
		"$HERE/plot-ecn.gp"
}

ran fabric && plot_fabric
ran scale && plot_scale
ran ecn && plot_ecn

# ---- the report: summary, before and after -------------------------------------

fr() { j ".fabric_rate.summary[\"$1\"].$2.$3"; }
ratio() { j ".fabric_rate.ratios.$1.$2"; }
# A ratio's rounds as "min / median / max"; the median in bold with "**".
spread() { echo "$(ratio "$1" min) / ${2-}$(ratio "$1" median)${2-} / $(ratio "$1" max)"; }
pipe() { j ".pipeline.configs[]? | select(.name == \"$1\") | .ns_per_pkt.$2"; }
fo() { j ".failover.$1.$2"; }

# One summary row per section (what | result | target | met), after the
# targets' rows.
summary_fabric() {
	echo "| fabric packet rate, minimal forwarder / kernel | $(ratio minfwd_over_kernel median)x ($(ratio minfwd_over_kernel min)-$(ratio minfwd_over_kernel max)x) | | |"
	[ "$(j '.fabric_rate.ratios.fast_over_featfwd != null')" = true ] || return 0
	echo "| fabric packet rate, clos fast / feature floor (minimal forwarder + ECMP, classes, counters) | $(ratio fast_over_featfwd median)x ($(ratio fast_over_featfwd min)-$(ratio fast_over_featfwd max)x); by CPU time per packet $(ratio featfwd_cpu_over_fast_cpu median)x | | |"
	echo "| fabric packet rate, feature floor / minimal forwarder | $(ratio featfwd_over_minfwd median)x ($(ratio featfwd_over_minfwd min)-$(ratio featfwd_over_minfwd max)x); by CPU time per packet $(ratio minfwd_cpu_over_featfwd_cpu median)x | | |"
	[ "$(j '.fabric_rate.ratios.fast_over_semfwd != null')" = true ] || return 0
	echo "| fabric packet rate, clos fast / semantic floor (the feature floor + clos's checks and counts) | $(ratio fast_over_semfwd median)x ($(ratio fast_over_semfwd min)-$(ratio fast_over_semfwd max)x); by CPU time per packet $(ratio semfwd_cpu_over_fast_cpu median)x | | |"
	echo "| fabric packet rate, semantic floor / minimal forwarder (what clos's semantics cost at the least) | $(ratio semfwd_over_minfwd median)x ($(ratio semfwd_over_minfwd min)-$(ratio semfwd_over_minfwd max)x); by CPU time per packet $(ratio minfwd_cpu_over_semfwd_cpu median)x | | |"
	[ "$(j '.fabric_rate.ratios.queue_over_minfwd_tc != null')" = true ] || return 0
	echo "| fabric packet rate, clos queue / minimal forwarder at TC (skb path) | $(ratio queue_over_minfwd_tc median)x ($(ratio queue_over_minfwd_tc min)-$(ratio queue_over_minfwd_tc max)x); by CPU time per packet $(ratio minfwd_tc_cpu_over_queue_cpu median)x | | |"
	echo "| fabric packet rate, minimal forwarder at TC (skb path) / kernel | $(ratio minfwd_tc_over_kernel median)x ($(ratio minfwd_tc_over_kernel min)-$(ratio minfwd_tc_over_kernel max)x); by CPU time per packet $(ratio kernel_cpu_over_minfwd_tc_cpu median)x | | |"
	[ "$(j '.fabric_rate.ratios.queue_over_semfwd_tc_steer != null')" = true ] || return 0
	echo "| fabric packet rate, clos queue / semantic floor at TC, flows steered as in queue mode | $(ratio queue_over_semfwd_tc_steer median)x ($(ratio queue_over_semfwd_tc_steer min)-$(ratio queue_over_semfwd_tc_steer max)x); by CPU time per packet $(ratio semfwd_tc_steer_cpu_over_queue_cpu median)x | | |"
	echo "| fabric packet rate, semantic floor at TC, flows steered / kernel (what queue mode's semantics cost at the least on its path) | $(ratio semfwd_tc_steer_over_kernel median)x ($(ratio semfwd_tc_steer_over_kernel min)-$(ratio semfwd_tc_steer_over_kernel max)x) | | |"
	echo "| fabric packet rate, minimal forwarder at TC, flows steered / kernel | $(ratio minfwd_tc_steer_over_kernel median)x ($(ratio minfwd_tc_steer_over_kernel min)-$(ratio minfwd_tc_steer_over_kernel max)x) | | |"
}
summary_pipeline() {
	echo "| pipeline per packet, full leaf / bare redirect | $(j '.pipeline.full_over_floor.median')x ($(pipe clos_full median) ns vs $(pipe floor median) ns) | | |"
}
summary_scale() {
	echo "| route_v4 at 1M entries | $(j '.scale.sizes[-1].batch_insert_per_s | floor') inserts/s, $(j '.scale.sizes[-1].memlock_bytes / 1048576 | r3') MiB, $(j '.scale.sizes[-1].ns_per_pkt_hot.median') ns/pkt | | |"
}
summary_ecmp() {
	echo "| flows moved when 1 of 4 members fails | resilient $(j '.ecmp.sizes[] | select(.members == 4) | .clos_resilient.moved_mean'), modulo $(j '.ecmp.sizes[] | select(.members == 4) | .clos_modulo.moved_mean'), kernel $(j '.ecmp.sizes[] | select(.members == 4) | .kernel_hash_threshold.moved_mean') | | |"
}
summary_failover() {
	echo "| failover, link down -> group updated | median $(fo admin_down down_to_group_ms.median) ms, max $(fo admin_down down_to_group_ms.max) ms (20 trials) | milliseconds | |"
}
summary_ecn() {
	echo "| ECN marking vs WRED curve | $(j '[.ecn.profiles[].points_within_3_sigma] | add') of $(j '[.ecn.profiles[].points | length] | add') points within 3 sigma | on the curve | $(j 'if ([.ecn.profiles[].points_within_3_sigma] | add) == ([.ecn.profiles[].points | length] | add) then "met" else "not met" end') |"
}
summary_fibsync() {
	echo "| FIB sync, $(j '.fibsync.routes / 1000 | floor')k kernel routes | $(j .fibsync.incremental.routes_per_s) routes/s while they go in, full sync $(j '.fibsync.cold_full_sync.sync_ms / 1000 | r3') s, peak RSS $(j '.fibsync.memory.daemon_max_rss_kib / 1024 | r3') MiB | | |"
}

report_summary() {
	cat <<EOF
# Benchmarks

Written by \`make bench\` (tests/bench/run.sh) on $(j .date), in $(j .duration_s) s;
sections: $(j '.sections | join(", ")').
Machine: $(j .machine.cpu), $(j .machine.cpus) vCPUs, $(j .machine.memory_gib) GiB,
kernel $(j .machine.kernel); load average at the start $(j .machine.load_average_at_start)
(other jobs share this VM, so absolute numbers drift; ratios taken within one run hold
better). The raw numbers are in [benchmarks.json](benchmarks.json). A quicker run of
some sections: \`BENCH_ONLY=fabric,pipeline BENCH_ROUNDS=2 make bench\` (report in
build/bench/report; the knobs are at the top of tests/bench/run.sh).

The targets of issue 14, each a ratio or a difference of two figures measured side
by side in this run (medians over rounds). A fabric ratio of packet rates is also
given from the CPU time per packet (kernel / clos for "clos / kernel"): the
rates' ratio if each had a CPU of its own, which other jobs on this shared machine
do not disturb (section 1).

The last two columns are the target's floor: the same figure with clos replaced by
the least code that keeps its semantics (the semantic floors of section 1, the
semantic and model floors of section 2). Where the floor is past the bound too, the
bound is below what those semantics cost on this machine, in any code: that cost is
physical here. What lies between clos and its floor is clos's own, and could still go.

| target | result | bound | | the same by CPU time per packet | floor | the floor |
| --- | --- | --- | --- | --- | --- | --- |
EOF
	j '.targets[] | "| \(.what) | **\(.value)\(.unit)** | \(.op) \(.target)\(.unit) | \(if .met then "met" else "**not met**" end) | \(if .by_cpu == null then "" else "\(.by_cpu)\(.unit) (\(if .by_cpu_met then "met" else "not met" end))" end) | \(if .floor.value == null then "" else "\(.floor.value)\(.unit) (\(.floor.what))" end) | \(if .floor.meets == null then "" elif .floor.meets then "within the bound" else "**past the bound too**" end) |"'
	cat <<EOF

Other results:

| what | result | target | |
| --- | --- | --- | --- |
EOF
	for s in $SECTIONS; do
		if declare -F "summary_$s" >/dev/null; then
			"summary_$s"
		fi
	done
}

# "before -> after (change)" for figure F (a jq expression over a run's
# JSON) of the run on record and of this one.
ba_row() {
	jq -n -r "$JQLIB"'
		($b[0] | '"$2"' | r3) as $x | ($a[0] | '"$2"' | r3) as $y
		| def show: if . == null then "-" else "\(.)\($unit)" end;
		"| \($what) | \($x | show) | **\($y | show)** | \(if $x == null or $y == null or $x == 0 then ""
			else "\(($y - $x) / $x * 100 | round | if . > 0 then "+\(.)" elif . == 0 then "0" else tostring end)%" end) |"' \
		--arg what "$1" --arg unit "${3:-}" --slurpfile b "$BEFORE" --slurpfile a "$JSON"
}

report_before_after() {
	local c

	[ -s "$BEFORE" ] || return 0
	ran fabric || ran pipeline || return 0
	cat <<EOF

## Before and after

Before: the run on record, $(jq -r .date "$BEFORE") ($(basename "$BEFORE"), the
docs/benchmarks.json of main before issue 14); after: this run. The two ran at
different times on a shared machine, so compare the ratios rather than the absolute
rates. "-": the run did not measure it (the minimal forwarder and the feature floor had
no fabric rows before).
EOF
	if ran fabric; then
		cat <<EOF

Fabric, 64-byte frames (section 1; medians over rounds):

| figure | before | after | change |
| --- | --- | --- | --- |
EOF
		ba_row "clos fast, Mpps" 'fab("fast"; "mpps")'
		ba_row "clos queue, Mpps" 'fab("queue"; "mpps")'
		ba_row "minimal forwarder, Mpps" 'fab("minfwd"; "mpps")'
		ba_row "feature floor, Mpps" 'fab("featfwd"; "mpps")'
		ba_row "semantic floor, Mpps" 'fab("semfwd"; "mpps")'
		ba_row "Linux kernel, Mpps" 'fab("kernel"; "mpps")'
		ba_row "clos fast, CPU ns/pkt" 'fab("fast"; "cpu_ns_per_pkt")'
		ba_row "clos queue, CPU ns/pkt" 'fab("queue"; "cpu_ns_per_pkt")'
		ba_row "minimal forwarder, CPU ns/pkt" 'fab("minfwd"; "cpu_ns_per_pkt")'
		ba_row "feature floor, CPU ns/pkt" 'fab("featfwd"; "cpu_ns_per_pkt")'
		ba_row "semantic floor, CPU ns/pkt" 'fab("semfwd"; "cpu_ns_per_pkt")'
		ba_row "Linux kernel, CPU ns/pkt" 'fab("kernel"; "cpu_ns_per_pkt")'
		ba_row "clos fast / minimal forwarder" 'fab_ratio("fast_over_minfwd")' x
		ba_row "clos fast / feature floor" 'fab_ratio("fast_over_featfwd")' x
		ba_row "clos fast / kernel" 'fab_ratio("fast_over_kernel")' x
		ba_row "clos queue / kernel" 'fab_ratio("queue_over_kernel")' x
	fi
	if ran pipeline; then
		cat <<EOF

Per packet, by feature (section 2; ns per packet, medians over rounds; a feature's
cost is the difference within a round):

| figure | before | after | change |
| --- | --- | --- | --- |
EOF
		for c in $(jq -n -r '[$b[0], $a[0]] | map(.pipeline.configs[]?.name) | unique
				     | . as $all | [$a[0].pipeline.configs[]?.name] + ($all - [$a[0].pipeline.configs[]?.name]) | .[]' \
				--slurpfile b "$BEFORE" --slurpfile a "$JSON"); do
			ba_row "$c" "pipe_ns(\"$c\")" " ns"
		done
		ba_row "clos base over bare redirect (clos_base - floor)" 'pipe_delta("clos_base"; "floor")' " ns"
		ba_row "QoS stage (clos_qos - clos_base)" 'pipe_delta("clos_qos"; "clos_base")' " ns"
		ba_row "ECMP (clos_qos_ecmp - clos_qos)" 'pipe_delta("clos_qos_ecmp"; "clos_qos")' " ns"
		ba_row "queue model (clos_full - clos_qos_ecmp)" 'pipe_delta("clos_full"; "clos_qos_ecmp")' " ns"
		ba_row "unshaped / minimal forwarder" 'pipe_ratio("clos_qos_ecmp"; "minimal_forwarder")' x
		ba_row "full / bare redirect" 'pipe_ratio("clos_full"; "floor")' x
	fi
}

# ---- the report: the sections ----------------------------------------------------

report_fabric() {
	local m name

	cat <<EOF

## 1. Fabric packet rate

![fabric packet rate](bench/fabric-rate.svg)

64-byte UDP frames (60 bytes + FCS) from host h1-1 to h2-1 across leaf1 -> spine ->
leaf2 of [examples/bench-2x2.yaml](../examples/bench-2x2.yaml) (2 spines, 2 leaves, one
host per leaf). Each packet has a new UDP source port, so the leaves spread the
flows over both spines.
- Generator: an XDP program (tests/bench/bpf/pktgen.bpf.c) run by
  \`BPF_PROG_TEST_RUN\` with \`BPF_F_TEST_XDP_LIVE_FRAMES\`, in one long call on a
  thread pinned to one CPU, sending with XDP_TX out of h1-1's veth.
- Sink: an XDP program on h2-1's veth that counts and drops the frames. It also
  counts those arriving with TTL 61, which proves three routed hops.
- Each window brings the fabric up afresh with \`clos-topo up\` and takes it down
  afterwards. The switches' port rates are set to 0 (unshaped: no queue model, no
  HTB).
  - clos fast: XDP in fast mode.
  - clos queue: TC programs (on tcx where the kernel has it, else clsact) and \`bpf_redirect\`.
  - minimal forwarder: the fast fabric comes up, its switches' ports, nexthops and
    IPv4 routes are read with closctl, clos is detached (\`clos-loader detach\`), and
    \`clos-bench minfwd\` attaches bench_minfwd (tests/bench/bpf/floor.bpf.c) to every
    switch port in native XDP mode, its tables filled with what clos had: an LPM
    lookup, the nexthop's MAC and the egress port's MAC written, the TTL decremented
    with an incremental checksum, a devmap redirect. This is the least an XDP router
    does, the physical limit of this design. It has no ECMP: an ECMP route of clos
    goes to the first active member of its group, so all its packets cross spine1
    (see the spines' packets below); local and kernel routes go to the switch's
    kernel (XDP_PASS). No VLANs, classes, counters or checks beyond the TTL.
  - minimal forwarder + ECMP: the same with bench_minfwd_ecmp, which spreads an
    ECMP route over the active members of its group, per flow. The CRC-32 of the
    frame's 5-tuple, by clos's own function (bpf/lib/hash.h, seed 0), picks one of
    64 slots of the group, over which the members are dealt in turn (an array
    lookup). Both spines carry packets.
  - feature floor: bench_featfwd, the minimal forwarder + ECMP with the rest of
    what clos fast mode does per hop with classes and counters on: the frame's
    class from its DSCP by a 64-entry table in the program's global data (clos's
    class map, read with closctl), and one per-CPU counter block per port, one
    lookup per port: packets and bytes received on the ingress port, sent on the
    egress port, and sent per class. That is clos's fast-mode semantics in the
    least code, written flat without clos's pipeline: no VLANs, port or MAC
    checks, martian checks, ECMP seed or hash finalizer, queue model,
    per-verdict counters or observation points.
  - semantic floor: bench_semfwd, the feature floor with what clos's lane
    (bpf/lib/lane_v4.h, the path of these frames) checks and counts beyond those
    features, each in the least code: the frame addressed to the MAC of the port
    it came in on, both ports without a VLAN and the egress port up (one port
    table keyed by ifindex, filled from clos's); the IPv4 length, the header
    checksum verified and no martian source or destination (RFC 1812 asks both of
    a router); the switch's ECMP seed and clos's hash finalizer (each switch of a
    multi-stage fabric chooses on its own); RoCEv2 frames and their CNPs told
    apart; the switch's forwarded, ECMP-forwarded and RoCE counters and a counter
    per ECMP member; a global flag that would send the frame elsewhere (clos's
    capture and trace). What it leaves out is how clos keeps its tables (a port
    id between ifindex and port, a group's two copies and member slots) and
    what frames of other kinds need (VLAN tags, the queue model). It is the floor
    under clos fast mode: what clos fast costs above it is what could still go,
    and what the semantic floor costs above the minimal forwarder is what those
    semantics cost at the least.
  - minimal forwarder at TC (skb path): bench_minfwd_tc, the minimal forwarder
    as a TC program, attached by \`clos-bench minfwd --prog tc\` at the TC
    ingress of every switch port where clos queue mode has its ingress program:
    on tcx where the kernel has it, as clos does, else as a cls_bpf filter on a
    clsact qdisc. The same LPM lookup, nexthop, MAC and
    TTL rewrite and the same tables as the minimal forwarder, on the socket
    buffer with direct packet access, then \`bpf_redirect\` to the egress
    port's ifindex (a devmap is XDP's). No ECMP (all packets cross spine1), no
    egress program, no classes, counters or queue model. Every hop takes the
    kernel's skb path as in clos queue mode: the veth builds a socket buffer,
    the TC ingress hook runs, the redirect hands it to the egress veth and its
    peer's backlog. This is the least a forwarder on queue mode's hook costs:
    what clos queue costs above it is clos's, the rest is the design's.
  - minimal forwarder at TC, flows steered: the same on the namespaces of
    [examples/bench-2x2-queue.yaml](../examples/bench-2x2-queue.yaml), where
    clos-topo turns on RPS on every veth near a queue-mode switch (each flow
    hashed to one CPU's backlog, so that a flow sent from two CPUs keeps its
    order, which RoCE needs); clos queue mode runs on these.
  - semantic floor at TC, flows steered: bench_semfwd_tc, the semantic floor
    as a TC program attached the same way (\`clos-bench minfwd --prog sem-tc\`)
    on the same namespaces: ECMP, classes, counters and clos's checks and
    counts on queue mode's path and fabric, in the least code. It is queue
    mode's floor: what clos queue costs above it is clos's own.
  - kernel: the same namespaces and addresses with the switches detached. The kernel
    forwards with the routes clos-topo gives the switches' kernels anyway (a leaf has
    a multipath default route over its spines, a spine a route per rack), with
    \`fib_multipath_hash_policy=1\`.
  - kernel, TC sink: the kernel fabric again, with the sink as a TC ingress filter
    instead of XDP. An XDP program on a veth may first have to copy a socket buffer
    into a page of its own; this row shows whether the XDP sink penalises the
    socket-buffer paths.
  - generator alone: the sink on leaf1's port, the frames cross one veth and no
    switch. This is the cost of generating and sinking, included in every row.
- After a warm-up of 1 s, each window is timed for $(j .fabric_rate.window_s) s. There
  are $(j .fabric_rate.rounds) rounds; every round runs one window of clos fast, clos
  queue, the minimal forwarder, it with ECMP, the feature floor, the semantic
  floor, the minimal forwarder at TC, it and the semantic floor at TC with flows
  steered and the kernel in a rotating order, then the two reference
  windows. Ratios are taken within a round; the median is over rounds.
- A window of the minimal forwarder, it with ECMP, the feature or semantic floor or the
  minimal forwarder at TC fails the run unless 99% of the frames arrived with
  TTL 61, and, with ECMP, each spine carried at least a quarter of the two
  spines' packets.
- CPU ns per packet is the CPU time of the generator thread plus all ksoftirqd
  threads, per packet delivered. The whole data path runs in softirq context on the
  generator's CPU, and this kernel charges softirq work to the thread it interrupts
  (no IRQ time accounting), so the load of other jobs on the VM is not in it. It
  includes the generator and the sink.
- Loss is the share of frames sent that the sink never counted. They were dropped
  where the generator outran the path, at a full veth ring or backlog queue.

| mode | Mpps (median) | min - max | CPU ns/pkt (median) | loss (median) |
| --- | --- | --- | --- | --- |
EOF
	for m in fast queue minfwd minfwd-ecmp featfwd semfwd minfwd-tc minfwd-tc-steer semfwd-tc-steer \
		kernel kernel-tc gen; do
		case $m in
		fast) name="clos fast mode" ;;
		queue) name="clos queue mode" ;;
		minfwd) name="minimal forwarder (LPM, MAC + TTL rewrite, devmap redirect)" ;;
		minfwd-ecmp) name="minimal forwarder + ECMP" ;;
		featfwd) name="feature floor (ECMP, classes, counters)" ;;
		semfwd) name="semantic floor (+ clos's checks and counts)" ;;
		minfwd-tc) name="minimal forwarder at TC (skb path)" ;;
		minfwd-tc-steer) name="minimal forwarder at TC, flows steered as in queue mode" ;;
		semfwd-tc-steer) name="semantic floor at TC, flows steered as in queue mode" ;;
		kernel) name="Linux kernel, ECMP routes" ;;
		kernel-tc) name="Linux kernel, sink at TC ingress instead of XDP" ;;
		gen) name="generator alone (sink on leaf1's port)" ;;
		esac
		[ "$(j ".fabric_rate.summary[\"$m\"] != null")" = true ] || continue
		echo "| $name | $(fr $m mpps median) | $(fr $m mpps min) - $(fr $m mpps max) | $(fr $m cpu_ns_per_pkt median) | $(fr $m loss median) |"
	done
	cat <<EOF

Ratios, per round (min / median / max):
- clos fast / minimal forwarder: $(spread fast_over_minfwd "**"). The target is >= 0.9.
- clos fast / kernel: $(spread fast_over_kernel "**"). The target is >= 4.5.
- clos queue / kernel: $(spread queue_over_kernel "**"). The target is >= 1.5.
- minimal forwarder / kernel: $(spread minfwd_over_kernel).
EOF
	[ "$(j '.fabric_rate.ratios.fast_over_featfwd != null')" = true ] && cat <<EOF
- clos fast / feature floor: $(spread fast_over_featfwd "**"): clos fast against a forwarder with its
  semantics and nothing else.
- feature floor / minimal forwarder: $(spread featfwd_over_minfwd "**"): what ECMP, classes and counters
  cost at the least; minimal forwarder + ECMP / minimal forwarder: $(spread minfwd_ecmp_over_minfwd).
- By CPU time per packet: feature floor / clos fast $(spread featfwd_cpu_over_fast_cpu);
  minimal forwarder / feature floor $(spread minfwd_cpu_over_featfwd_cpu);
  minimal forwarder / minimal forwarder + ECMP $(spread minfwd_cpu_over_minfwd_ecmp_cpu).
EOF
	[ "$(j '.fabric_rate.ratios.fast_over_semfwd != null')" = true ] && cat <<EOF
- clos fast / semantic floor: $(spread fast_over_semfwd "**"): clos fast against its checks and
  counts written as flatly as possible; by CPU time per packet $(spread semfwd_cpu_over_fast_cpu).
- semantic floor / minimal forwarder: $(spread semfwd_over_minfwd "**"): what clos's fast-mode
  semantics cost at the least; by CPU time per packet $(spread minfwd_cpu_over_semfwd_cpu).
EOF
	[ "$(j '.fabric_rate.ratios.queue_over_minfwd_tc != null')" = true ] && cat <<EOF
- clos queue / minimal forwarder at TC: $(spread queue_over_minfwd_tc "**"); by CPU time per packet
  (minimal forwarder at TC / clos queue) $(spread minfwd_tc_cpu_over_queue_cpu): clos queue against the least
  a forwarder on its hook and path costs.
- minimal forwarder at TC / kernel: $(spread minfwd_tc_over_kernel "**"); by CPU time per packet
  (kernel / minimal forwarder at TC) $(spread kernel_cpu_over_minfwd_tc_cpu): what a forwarder on queue
  mode's hook and path gains over the kernel when its program does the least.
EOF
	[ "$(j '.fabric_rate.ratios.queue_over_semfwd_tc_steer != null')" = true ] && cat <<EOF
- clos queue / semantic floor at TC, flows steered: $(spread queue_over_semfwd_tc_steer "**"); by CPU
  time per packet $(spread semfwd_tc_steer_cpu_over_queue_cpu): clos queue against its semantics
  in the least code on its own path and fabric.
- semantic floor at TC, flows steered / kernel: $(spread semfwd_tc_steer_over_kernel "**"): queue
  mode's floor, the figure its target bounds; the minimal forwarder at TC, flows
  steered / kernel: $(spread minfwd_tc_steer_over_kernel).
EOF
	cat <<EOF
- clos fast / clos queue: $(spread fast_over_queue).
- Best window of clos fast / best window of the kernel (the windows other jobs
  disturbed least): $(j .fabric_rate.ratios.fast_over_kernel_best_windows).
- CPU cost per packet, kernel / clos fast: $(spread kernel_cpu_over_fast_cpu);
  minimal forwarder / clos fast: $(spread minfwd_cpu_over_fast_cpu);
  kernel / clos queue: $(spread kernel_cpu_over_queue_cpu).
  CPU time is charged only to the data path's own threads, so a window that other
  jobs slowed down still shows the data path's true cost. The packet rate of such a
  window, and its ratio, do not.

Per window (round, mode, Mpps, CPU ns/pkt, packets per spine):

| round | mode | Mpps | CPU ns/pkt | loss | generator's wait for CPU (s) | expected TTL | spine1, spine2 packets |
| --- | --- | --- | --- | --- | --- | --- | --- |
EOF
	j '.fabric_rate.windows | sort_by(.round) | .[] | "| \(.round) | \(.label) | \(.mpps) | \(.cpu_ns_per_pkt) | \(.loss) | \(.gen_thread_wait_s) | \(.received_ttl_ok / .received * 100 | r3)% | \(.spine_packets | map(if . == null then "-" else tostring end) | join(", ")) |"'
	if [ "$(j '.fabric_rate.minfwd.switches | length')" -gt 0 ]; then
		cat <<EOF

The minimal forwarder's tables, from clos's (per switch: ports, nexthops, routes, of
them to the switch's kernel):
EOF
		j '.fabric_rate.minfwd.switches | to_entries[] | "- \(.key): \(.value.ports) ports, \(.value.nexthops) nexthops, \(.value.routes) routes (\(.value.routes_to_kernel) to the kernel)"'
	fi
	if [ "$(j '.fabric_rate.featfwd.switches | length')" -gt 0 ]; then
		cat <<EOF

The tables of the minimal forwarder + ECMP and of the feature floor (the same),
per switch: ports, nexthops, ECMP groups (of active members), routes, of them to
a group and to the switch's kernel:
EOF
		j '.fabric_rate.featfwd.switches | to_entries[] | "- \(.key): \(.value.ports) ports, \(.value.nexthops) nexthops, \(.value.groups) group\(if .value.groups == 1 then "" else "s" end), \(.value.routes) routes (\(.value.routes_to_groups) to a group, \(.value.routes_to_kernel) to the kernel)"'
	fi
}

report_pipeline() {
	cat <<EOF

## 2. Per-packet pipeline cost

\`clos-bench pipeline\` times a RoCEv2 frame with \`BPF_PROG_TEST_RUN\`. The frame is
128 bytes, DSCP 26 (class 3), ECT(0). It goes from a leaf's host port to another rack:
route, ECMP, class, ECN model and counters, through the whole fast-mode pipeline.
- tests/bench/bpf/pipeline_bench.bpf.c runs the production fast-mode pipeline in one
  program.
- The reference programs, bench_pass, bench_floor, bench_minfwd,
  bench_minfwd_ecmp and bench_featfwd in tests/bench/bpf/floor.bpf.c, are timed in
  the same run, in turn, for $(j .pipeline.rounds) rounds. bench_minfwd is the minimal
  forwarder of the fabric rows, bench_minfwd_ecmp it with ECMP, bench_featfwd the
  feature floor (section 1). Their route goes to a group of 2 nexthops, as clos's
  does in clos_qos_ecmp and clos_full (bench_minfwd takes the first); each call's
  flow must leave by one of the two, both must be taken, and the feature floor
  must count every round received, sent, and sent in class 3.
- The time is the kernel's own mean per round. Each call runs $(j .pipeline.repeat)
  rounds; the syscall is outside the timing.

A repeated test run reuses one buffer. The TTL falls by one per round, and the MACs
are rewritten. Two things keep every round on the forwarding path:
- The frame starts with TTL $(j .pipeline.ttl_in) and a call runs
  $(j .pipeline.repeat) rounds, so it never reaches 1, where it would go to the
  switch's kernel.
- The nexthop's MAC is the ingress port's own, so the rewritten frame is addressed to
  the switch again.

Every call is checked. All rounds must count as \`forwarded\`, with no punt or drop.
The frame that comes out must have TTL $(j '.pipeline.ttl_in - .pipeline.repeat') and no
CE mark. Otherwise the run fails.

| configuration | what it does | ns/pkt (median) | min - max |
| --- | --- | --- | --- |
EOF
	j '.pipeline.configs[] | "| \(.name) | \(.what) | \(.ns_per_pkt.median) | \(.ns_per_pkt.min) - \(.ns_per_pkt.max) |"'
	cat <<EOF

Cost per feature (differences within a round, median):
- clos base (parse, port and MAC checks, route, nexthop, rewrite, counters) over the
  bare redirect: $(j 'pipe_delta("clos_base"; "floor")') ns.
- QoS stage (class, PCP, per-class counters): **$(j 'pipe_delta("clos_qos"; "clos_base")') ns**.
- ECMP (CRC32 5-tuple hash, group lookup): **$(j 'pipe_delta("clos_qos_ecmp"; "clos_qos")') ns**.
- ECN/queue model on a shaped port (at 100 Gbit/s, so nothing queues or is marked;
  this is the cost of running the model): **$(j 'pipe_delta("clos_full"; "clos_qos_ecmp")') ns**.
  The target is <= 60 ns. Of it, the one clock read a packet that a rate-based model
  needs (clock_read - xdp_pass, one \`bpf_ktime_get_ns()\`): $(j 'pipe_delta("clock_read"; "xdp_pass")') ns; the
  model's own work (claim the time, drain, decide, enqueue) is the other
  $(j '(pipe_delta("clos_full"; "clos_qos_ecmp") - pipe_delta("clock_read"; "xdp_pass")) | r3') ns.
  The least a model shared by the CPUs does (model_floor - xdp_pass: the clock
  read, a compare-and-swap that claims the time, an atomic add to the backlog):
  $(j 'pipe_delta("model_floor"; "xdp_pass")') ns. With the drain over 8 classes and the decision
  too, for a port that keeps up (model_drain_floor - xdp_pass): $(j 'pipe_delta("model_drain_floor"; "xdp_pass")') ns.
  clos's model is $(j '(pipe_delta("clos_full"; "clos_qos_ecmp") - pipe_delta("model_drain_floor"; "xdp_pass")) | r3') ns over that (a global function of its own, the
  class's profile, the port's state and the working memory looked up, what the drain
  read kept for the settling, the limit and Kmin, the high-water mark).
- A capture of every port in and out (clos_full_capture; closctl capture all copies
  each frame twice into the ring) over clos_full, where it is off: $(j 'pipe_delta("clos_full_capture"; "clos_full")') ns.

The same features at the least (the reference programs, differences within a round):
- ECMP (CRC-32 5-tuple hash, slot of the group): minimal_forwarder_ecmp -
  minimal_forwarder = **$(j 'pipe_delta("minimal_forwarder_ecmp"; "minimal_forwarder")') ns**.
- Class and counters (DSCP table in global data, one counter block per port):
  feature_floor - minimal_forwarder_ecmp = **$(j 'pipe_delta("feature_floor"; "minimal_forwarder_ecmp")') ns**.
- Unshaped clos (clos_qos_ecmp) over the feature floor: $(j 'pipe_delta("clos_qos_ecmp"; "feature_floor")') ns,
  $(j 'pipe_ratio("clos_qos_ecmp"; "feature_floor")')x.
- clos's checks and counts beyond those (port MAC, VLAN and up, IPv4 checksum,
  martians, seed and finalizer, RoCE, the switch's and the ECMP member's counters):
  semantic_floor - feature_floor =
  **$(j 'pipe_delta("semantic_floor"; "feature_floor")') ns**; unshaped clos over the semantic floor:
  $(j 'pipe_delta("clos_qos_ecmp"; "semantic_floor")') ns, $(j 'pipe_ratio("clos_qos_ecmp"; "semantic_floor")')x.

Unshaped pipeline (clos_qos_ecmp: route, ECMP, class, counters) / minimal forwarder:
**$(j 'pipe_ratio("clos_qos_ecmp"; "minimal_forwarder")')x** (target <= 2x); full pipeline /
bare redirect: $(j 'pipe_ratio("clos_full"; "floor")')x; full pipeline / minimal forwarder:
$(j 'pipe_ratio("clos_full"; "minimal_forwarder")')x.
EOF
	[ "$(j '.pipeline_profile | length')" -gt 0 ] || return 0
	cat <<EOF

Where the time goes: \`perf record -e cpu-clock\` over \`clos-bench pipeline --only
CONFIG\` (about 3 s sampled), kernel symbols with at least 1.5% of the samples.
\`bpf_prog_*\` symbols are the JIT-compiled programs' own code (parser, hash, checks,
rewrite, counters; \`clos_tm_update\`, where it is a function of its own, the queue
model). The other symbols are the helpers and map code the programs call, and the
test run's own loop (\`bpf_test_run\`): hash-map lookups show as
\`lookup_nulls_elem_raw\`, \`__htab_map_lookup_elem\`, \`htab_map_hash\` and \`memcmp\`,
array lookups as \`array_map_lookup_elem\`, the LPM route lookup as
\`trie_lookup_elem\`, a BPF spin lock as \`__bpf_spin_*\`, the clock as \`read_tsc\`
and \`ktime_get_mono_fast_ns\`.
EOF
	for cfg in $(j '.pipeline_profile | keys_unsorted[]'); do
		cat <<EOF

$cfg ($(pipe "$cfg" median) ns/pkt):

| share | symbol |
| --- | --- |
EOF
		j ".pipeline_profile.${cfg}[] | \"| \\(.percent)% | \`\\(.symbol)\` |\""
	done
	report_lines
}

# Within the programs, by source line: the JIT's address of each line
# (clos-bench pipeline --lines) and perf's samples (clos-bench lines).
report_lines() {
	local cfg

	[ "$(j '.pipeline_lines // {} | length')" -gt 0 ] || return 0
	cat <<EOF

Within clos's programs, by source file and line: the same samples, those in the
JIT-compiled programs (\`bpf_prog_*\`), each counted for the source line whose code
it falls in (the kernel's JIT line table: \`clos-bench pipeline --lines\`, then
\`clos-bench lines\`). Shares are of the programs' samples. A line is where the CPU
waited, which is often the instruction after the slow one; line 0 is code the
compiler gave no line (moves and spills between stages).
EOF
	for cfg in $(j '.pipeline_lines | keys_unsorted[]'); do
		cat <<EOF

$cfg: $(j ".pipeline_lines.${cfg}.in_programs") of $(j ".pipeline_lines.${cfg}.samples") samples in the programs.

| share | file |
| --- | --- |
EOF
		j ".pipeline_lines.${cfg}.files[] | select(.percent >= 1) | \"| \(.percent)% | \(.file) |\""
		cat <<EOF

| share | line | source |
| --- | --- | --- |
EOF
		j ".pipeline_lines.${cfg}.lines[] | \"| \(.percent)% | \(.where) | \" + (if .source == \"\" then \"\" else \"\`\(.source | gsub(\"[|]\"; \"\\\\|\"))\`\" end) + \" |\""
	done
}

# Where the targets are missed and what costs: the numbers behind it, from
# this run.
share() { j "[.pipeline_profile.$1[]? | select(.symbol | test(\"$2\")) | .percent] | add // 0 | r3"; }
report_costs() {
	local steered=''

	ran fabric || ran pipeline || return 0
	[ "$(j '.fabric_rate.summary["semfwd-tc-steer"] != null')" = true ] &&
		steered=" The semantic floor at TC on the same steered namespaces costs
  $(j '(fab("semfwd-tc-steer"; "cpu_ns_per_pkt") - fab("gen"; "cpu_ns_per_pkt")) / 3 | r3') ns a hop; clos queue costs $(j '(fab("queue"; "cpu_ns_per_pkt") - fab("semfwd-tc-steer"; "cpu_ns_per_pkt")) / 3 | r3') ns a hop more than it."
	cat <<EOF

## Where the time goes, against the limits
EOF
	if ran fabric; then
		cat <<EOF

Fabric (section 1), CPU time per packet over the three routed hops, after the
generator's and sink's $(fr gen cpu_ns_per_pkt median) ns:
- clos fast: $(j '(fab("fast"; "cpu_ns_per_pkt") - fab("gen"; "cpu_ns_per_pkt")) / 3 | r3') ns a hop;
- semantic floor: $(j '(fab("semfwd"; "cpu_ns_per_pkt") - fab("gen"; "cpu_ns_per_pkt")) / 3 | r3') ns a hop;
- feature floor: $(j '(fab("featfwd"; "cpu_ns_per_pkt") - fab("gen"; "cpu_ns_per_pkt")) / 3 | r3') ns a hop;
- minimal forwarder + ECMP: $(j '(fab("minfwd-ecmp"; "cpu_ns_per_pkt") - fab("gen"; "cpu_ns_per_pkt")) / 3 | r3') ns a hop;
- minimal forwarder: $(j '(fab("minfwd"; "cpu_ns_per_pkt") - fab("gen"; "cpu_ns_per_pkt")) / 3 | r3') ns a hop;
- clos queue: $(j '(fab("queue"; "cpu_ns_per_pkt") - fab("gen"; "cpu_ns_per_pkt")) / 3 | r3') ns a hop, beside the minimal forwarder at TC (skb path):
  $(j '(fab("minfwd-tc"; "cpu_ns_per_pkt") - fab("gen"; "cpu_ns_per_pkt")) / 3 | r3') ns a hop;
- kernel: $(j '(fab("kernel"; "cpu_ns_per_pkt") - fab("gen"; "cpu_ns_per_pkt")) / 3 | r3') ns a hop.
- On queue mode's hook, the minimal forwarder at TC costs $(j '(fab("minfwd-tc"; "cpu_ns_per_pkt") - fab("minfwd"; "cpu_ns_per_pkt")) / 3 | r3') ns a hop
  more than at XDP, with the same lookups and rewrite: that is the skb path's (the veth's
  socket buffer, the TC hook, the redirect and the peer's backlog). clos queue
  costs $(j '(fab("queue"; "cpu_ns_per_pkt") - fab("minfwd-tc"; "cpu_ns_per_pkt")) / 3 | r3') ns a hop more than the minimal forwarder at TC:
  its programs' features, and the flow steering of its namespaces (RPS, which keeps
  each flow on one CPU for RoCE).$steered For 1.5x the kernel, clos queue
  would have to stay within $(j '(fab("kernel"; "cpu_ns_per_pkt") / 1.5 - fab("gen"; "cpu_ns_per_pkt")) / 3 | r3') ns a hop.
- ECMP, classes and counters cost at the least (feature floor - minimal
  forwarder) $(j '(fab("featfwd"; "cpu_ns_per_pkt") - fab("minfwd"; "cpu_ns_per_pkt")) / 3 | r3') ns a hop; clos fast costs
  $(j '(fab("fast"; "cpu_ns_per_pkt") - fab("featfwd"; "cpu_ns_per_pkt")) / 3 | r3') ns a hop more than the feature floor.
- clos's checks and counts beyond those features cost at the least (semantic floor -
  feature floor) $(j '(fab("semfwd"; "cpu_ns_per_pkt") - fab("featfwd"; "cpu_ns_per_pkt")) / 3 | r3') ns a hop; clos fast costs
  $(j '(fab("fast"; "cpu_ns_per_pkt") - fab("semfwd"; "cpu_ns_per_pkt")) / 3 | r3') ns a hop more than the semantic floor.
- For 90% of the minimal forwarder's rate, clos fast would have to stay within
  $(j '((fab("minfwd"; "cpu_ns_per_pkt") / 0.9) - fab("gen"; "cpu_ns_per_pkt")) / 3 | r3') ns a hop; for 4.5x the kernel, within
  $(j '(fab("kernel"; "cpu_ns_per_pkt") / 4.5 - fab("gen"; "cpu_ns_per_pkt")) / 3 | r3') ns.
EOF
		ran pipeline && cat <<EOF
- Of the minimal forwarder's hop, its program takes $(pipe minimal_forwarder median) ns
  (section 2); the other
  $(j '(fab("minfwd"; "cpu_ns_per_pkt") - fab("gen"; "cpu_ns_per_pkt")) / 3 - pipe_ns("minimal_forwarder") | r3') ns
  are the hop's own work, the same for every XDP forwarder here: the devmap
  redirect and flush, the veth's ring and NAPI poll, the page.
EOF
	fi
	if ran pipeline; then
		cat <<EOF

Per packet (section 2): the bare redirect takes $(pipe floor median) ns, the minimal
forwarder $(pipe minimal_forwarder median) ns, the feature floor $(pipe feature_floor median) ns,
clos unshaped (clos_qos_ecmp) $(pipe clos_qos_ecmp median) ns, with the queue model
(clos_full) $(pipe clos_full median) ns.
- The feature floor is $(j 'pipe_ratio("feature_floor"; "minimal_forwarder")')x the minimal forwarder: the
  2x bound leaves clos $(j '2 * pipe_ns("minimal_forwarder") - pipe_ns("feature_floor") | r3') ns a packet over the least its features cost.
- The queue model costs $(j 'pipe_delta("clos_full"; "clos_qos_ecmp")') ns, of which one clock read
  (\`bpf_ktime_get_ns()\`) is $(j 'pipe_delta("clock_read"; "xdp_pass")') ns. A rate-based model cannot do without
  the time of each packet; without the clock the model's own work is
  $(j '(pipe_delta("clos_full"; "clos_qos_ecmp") - pipe_delta("clock_read"; "xdp_pass")) | r3') ns. With the clock, a
  compare-and-swap and an atomic add (model_floor), the least a model shared by
  the CPUs does is $(j 'pipe_delta("model_floor"; "xdp_pass")') ns; draining 8 classes and deciding
  as well (model_drain_floor) $(j 'pipe_delta("model_drain_floor"; "xdp_pass")') ns: the 60 ns bound leaves
  $(j '60 - pipe_delta("model_drain_floor"; "xdp_pass") | r3') ns for the rest of clos's model.
EOF
		if [ "$(j '.pipeline_profile | length')" -gt 0 ]; then
			cat <<EOF
- In the profile of clos_qos_ecmp:
  - the programs' own code has $(share clos_qos_ecmp '^bpf_prog_')% of the time;
  - hash-map lookups $(share clos_qos_ecmp '^(lookup_nulls_elem_raw|__htab_map_lookup_elem|htab_map_hash|memcmp)$')%,
    array lookups $(share clos_qos_ecmp '^array_map_lookup_elem$')%, the LPM lookup $(share clos_qos_ecmp '^trie_lookup_elem$')%;
  - the test run's own loop $(share clos_qos_ecmp '^bpf_test_run$')%.
- In the profile of clos_full:
  - the programs' own code has $(share clos_full '^bpf_prog_')% (the queue model's
    function $(share clos_full 'clos_tm_update$')%);
  - BPF spin locks $(share clos_full 'spin')% (a cpu-clock sample due while
    interrupts are off is taken when they come back on, so code run under a lock
    taken with interrupts saved shows as \`__bpf_spin_unlock_irqrestore\`);
  - the clock $(share clos_full '^(read_tsc|ktime_get_mono_fast_ns)$')%.
EOF
		fi
	fi
}

report_scale() {
	cat <<EOF

## 3. Scale: route_v4 size

![route_v4 scale](bench/scale.svg)

\`clos-bench scale\` fills route_v4 of a bench switch with N routes, all to the ECMP
group. One of them is 10.1.2.0/24, the timed destination. The rest are /24s and /32s
spread over the address space. It measures:
- insert rate: \`BPF_MAP_UPDATE_BATCH\` in chunks of $(j .scale.chunk), and, for
  comparison, one update syscall per route into a fresh map;
- memory: the map's \`memlock\` in /proc/PID/fdinfo (what \`bpftool map show\`
  prints; the kernel's accounting of the trie nodes), and how much the kernel's slab
  grew during the insert (noisy: other jobs allocate too);
- per-packet cost of the full pipeline:
  - "hot": one destination, $(j .scale.repeat_hot) rounds a call;
  - "random": one round a call to a random route, so each call walks another path
    through the trie. A single round also times the test run's own loop; compare
    sizes with each other, not with the hot column.

Production route_v4 holds $(j .scale.production_max_entries) entries; a larger size
gets a bench-only load with a larger \`max_entries\`.

| routes | batch inserts/s | single inserts/s | memlock | bytes/route | slab growth | ns/pkt hot | ns/pkt random |
| --- | --- | --- | --- | --- | --- | --- | --- |
EOF
j '.scale.sizes[] | "| \(.entries) | \(.batch_insert_per_s | floor) | \(.single_insert_per_s | floor) | \(.memlock_bytes) B | \(.bytes_per_entry) | \(.slab_delta_bytes) B | \(.ns_per_pkt_hot.median) | \(.ns_per_pkt_random.median) |"'
cat <<EOF

At $(j '.scale.sizes[-1].entries') routes the kernel's slab grew by
$(j '.scale.sizes[-1] | .slab_delta_bytes / .entries | r3') bytes per route while they went in. That is
$(j '.scale.sizes[-1] | .slab_delta_bytes / .memlock_bytes | r3') times the memlock
figure, which counts only the leaf nodes' key and value (the trie's intermediate
nodes, the allocator's caches and rounding are not in it). The slab figure also
includes whatever else the machine allocated meanwhile.
EOF
}

report_ecmp() {
	local stuck

	cat <<EOF

## 4. ECMP quality

\`clos-bench ecmp\` uses $(j .ecmp.flows) random RoCE-like flows: rack-1 hosts to
rack-2 hosts, random UDP source ports, destination port 4791. The same flows go
through three methods:
- clos resilient ($(j .ecmp.clos_buckets) buckets) and clos modulo (\`hash % n\`):
  the real pipeline, one test run per flow. The member is the egress port.
- kernel: Linux hash-threshold multipath, measured with \`ip route get DST from SRC
  iif in0 ipproto udp sport S dport 4791\` (one \`ip -batch\`). The namespace has a
  multipath route over n veths and \`fib_multipath_hash_policy=1\`.

Spread is the busiest member's flows over the mean (1 is perfect).

For "moved", each member fails in turn, starting from a fresh group:
- clos: the link watcher's own code (\`clos_port_set_state\`) marks the port down;
- kernel: the member's link goes down, and the kernel marks that nexthop dead.

The table gives the share of flows *not* on the failed member that changed member,
as the mean over members (and the worst member).

| members | spread resilient | spread modulo | spread kernel | moved resilient | moved modulo | moved kernel (worst) |
| --- | --- | --- | --- | --- | --- | --- |
EOF
j '.ecmp.sizes[] | "| \(.members) | \(.clos_resilient.max_over_mean) | \(.clos_modulo.max_over_mean) | \(.kernel_hash_threshold.max_over_mean) | \(.clos_resilient.moved_mean) | \(.clos_modulo.moved_mean) | \(.kernel_hash_threshold.moved_mean) (\(.kernel_hash_threshold.moved_max)) |"'
stuck=$(j '[.ecmp.sizes[] | .[] | objects | .failed_flows_not_moved] | max')
echo
if [ "$stuck" = 0 ]; then
	echo "Every flow of the failed member found a live member, with all three methods"
	echo "(failed_flows_not_moved = 0 in benchmarks.json)."
else
	echo "Some flows of a failed member were still sent to it: up to $stuck of them"
	echo "(failed_flows_not_moved in benchmarks.json)."
fi
}

report_failover() {
	local f name

	cat <<EOF

## 6. Failover time

\`clos-bench failover\` runs on the fabric of section 1 in fast mode, with its link
watcher (\`clos-loader watch\`, started by \`clos-topo up\`).
- One trial takes leaf1's uplink eth1 down with one ioctl, then reads leaf1's
  pinned group 1 until the member on eth1 is inactive.
- The clock runs from just before the ioctl. Then the link comes back up, and the
  member must come back too.
- "watcher" is the watcher's own time from netlink message to map written, from its
  log.

| how the link fails | trials | link down -> group updated: median | max | of it, the ioctl (median) | link up -> member back (median) | watcher (median) |
| --- | --- | --- | --- | --- | --- | --- |
EOF
for f in admin_down carrier_loss carrier_flapping; do
	case $f in
	admin_down) name="leaf1 eth1 admin down" ;;
	carrier_loss) name="spine1's end down (leaf1 loses carrier), 1.1 s apart" ;;
	carrier_flapping) name="the same, every 100 ms (flapping)" ;;
	esac
	echo "| $name | $(fo $f trials) | **$(fo $f down_to_group_ms.median) ms** | $(fo $f down_to_group_ms.max) ms | $(fo $f ioctl_ms.median) ms | $(fo $f up_to_group_ms.median) ms | $(j ".failover.$f.watcher_update_us.median // \"-\"") us |"
done
cat <<EOF

For admin down, the link-down notification goes out while the ioctl is still running:
the group was rewritten $(j '.failover.admin_down | (.down_to_group_ms.median - .ioctl_ms.median) | r3') ms
(median) after the ioctl returned.

Admin down is announced on netlink by the ioctl itself. A lost carrier is announced
by the kernel's linkwatch instead. Linkwatch handles the events it does not count as
urgent at most once a second, for all devices together. Its test for urgent is
whether the device's ifindex differs from its link's (\`ifindex != iflink\`). Here the
two veth ends are both ifindex 2, in their own namespaces, so the event is not urgent.
A physical NIC's carrier is not urgent either. So:
- an isolated failure is seen at once: median $(fo carrier_loss down_to_group_ms.median) ms;
- but one that follows another link event within a second waits for the next run:
  the worst of the isolated trials took $(fo carrier_loss down_to_group_ms.max) ms
  (other jobs on this machine change links too);
- a link that flaps every 100 ms is seen $(fo carrier_flapping down_to_group_ms.median) ms late
  (median).

That delay comes before the watcher hears of the change; the watcher itself takes
microseconds.
EOF
}

report_ecn() {
	local below above

	cat <<EOF

## 5. ECN marking against the WRED curve

![ECN marking](bench/ecn.svg)

\`clos-bench ecn\` sets uplink 1 of a bench switch to 10 Gbit/s and sends RoCEv2
frames (class 3, ECT(0)) out of it.
- Before each frame, the port's queue model (tm_state, written under its lock) is set
  to a backlog B in class 3. Its drain clock is set ahead, so the frame sees exactly
  B.
- The frame goes through the pipeline once, and the CE bits of the frame that comes
  out are counted.
- At each of $(j '.ecn.profiles[0].points | length') backlogs from 0 to 1.25 x Kmax,
  $(j '.ecn.profiles[0].points[0].packets') frames are sent.
- The configured curve is the model's:
  - 0 below Kmin;
  - Pmax x (B - Kmin) / (Kmax - Kmin) up to Kmax;
  - 1 from Kmax on.

| profile | Kmin | Kmax | Pmax | points within 3 sigma | largest deviation |
| --- | --- | --- | --- | --- | --- |
EOF
j '.ecn.profiles[] | "| \(.name) | \(.kmin) B | \(.kmax) B | \(.pmax * 100)% | \(.points_within_3_sigma) of \(.points | length) | \(.max_abs_z) sigma |"'
# shellcheck disable=SC2016 # jq variables, not the shell's
below=$(j '[.ecn.profiles[] | . as $p | .points[] | select(.backlog < $p.kmin) | .ce] | add')
# shellcheck disable=SC2016
above=$(j '[.ecn.profiles[] | . as $p | .points[] | select(.backlog >= $p.kmax) | .packets - .ce] | add')
cat <<EOF

- Below Kmin, $below frames were marked (the curve says none).
- From Kmax on, $above frames were left unmarked (the curve says every frame is
  marked).
- In between, the table gives how far the marked share strays from the line, in
  binomial standard deviations of the configured probability.

The plot has a log scale; points with 0 marks are left off it.
EOF
}

report_fibsync() {
	fi_() { j ".fibsync.$1"; }
	cat <<EOF

## 7. FIB sync at scale

\`tests/bench/fib_scale.sh\` puts $(fi_ routes) kernel routes into a leaf's namespace with one
\`ip -batch\`: /24s over $(fi_ gateways) gateways (static neighbours on the switch's 4 ports),
$(fi_ multipath) of them multipath over two. \`clos-fibsync\` mirrors them into the switch's
tables.
- Incremental: the daemon runs while the batch goes in. The time runs from the batch's
  start until the table holds the last route (the kernel's events arrive in order).
  The kernel's own insert time, \`ip -batch\` alone, is beside it.
- Cold full sync: the switch attached afresh (empty tables), then \`clos-fibsync --once\`
  over the kernel's routes: dump, translate, write.
- Warm full sync: \`--once\` again with the tables already right, as a restart finds
  them: it writes nothing.
- Memory: the daemon's peak RSS, and the memlock of route_v4, route_v6, nexthop and
  ecmp_groups.

| what | result |
| --- | --- |
| incremental: routes synced per second | **$(fi_ incremental.routes_per_s)** ($(fi_ routes) in $(fi_ incremental.synced_s) s) |
| the kernel alone (\`ip -batch\`) | $(fi_ incremental.kernel_routes_per_s) routes/s ($(fi_ incremental.kernel_s) s); the table was complete $(fi_ incremental.after_kernel_ms) ms after it |
| the daemon's own time | $(fi_ incremental.daemon_busy_ms) ms busy over $(fi_ incremental.batches) batches ($(fi_ incremental.daemon_routes_per_s) routes/s of its time; longest batch $(fi_ incremental.max_batch_ms) ms); $(fi_ incremental.overruns) netlink overruns |
| cold full sync (\`--once\`, empty tables) | **$(fi_ cold_full_sync.sync_ms) ms** for $(fi_ cold_full_sync.routes_added) routes written ($(fi_ cold_full_sync.routes_per_s) routes/s; $(fi_ cold_full_sync.wall_ms) ms with the process's start) |
| warm full sync (a restart) | $(fi_ warm_full_sync.sync_ms) ms; $(fi_ warm_full_sync.routes_added) added, $(fi_ warm_full_sync.routes_replaced) replaced, $(fi_ warm_full_sync.routes_deleted) deleted |
| groups, nexthops used | $(fi_ incremental.synced.groups.used) groups (the multipath sets), $(fi_ incremental.synced.nexthops.used) nexthops |
| daemon peak RSS | $(j '.fibsync.memory.daemon_max_rss_kib / 1024 | r3') MiB (--once: $(j '.fibsync.cold_full_sync.max_rss_kib / 1024 | r3') MiB) |
| tables' memlock | route_v4 $(j '.fibsync.memory.memlock_bytes.route_v4 / 1048576 | r3') MiB ($(fi_ memory.bytes_per_route) B a route), all four $(j '.fibsync.memory.memlock_bytes.total / 1048576 | r3') MiB |
EOF
}

# Its own script: section 8 is tests/bench/boxes.sh's, as is its table.
report_boxes() { "$HERE/boxes_report.sh" "$RAW/boxes.json"; }

# ---- benchmarks.md ------------------------------------------------------------

{
	report_summary
	report_before_after
	for s in $SECTIONS; do
		"report_$s"
		# The costs against the limits follow the sections they use.
		[ "$s" = pipeline ] || { [ "$s" = fabric ] && ! ran pipeline; } || continue
		report_costs
	done
} >"$MD"
