#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# One incast run with clos-roce on a fabric that is up (docs/roce.md):
# h1-1, h1-2, h1-3 and h2-2 send RC SENDs to h2-1, one QP each, each at the
# host link's rate, for SECONDS; leaf2's port to h2-1 (eth3) is the
# bottleneck, where class 3 queues and is ECN-marked.
#
#   tests/roce/incast.sh [--seconds S] [--sndbuf SIZE] TOPO OUTDIR on|off
#
# on: DCQCN at both ends with the lab parameters below; off: --no-dcqcn at
# both ends (no CNPs, every QP paced at the line rate). --sndbuf SIZE is
# each QP's socket buffer: by default the kernel's, which lets a full switch
# queue stop its senders as a PFC pause would (the veths keep the sender's
# socket on the frames); 4m lets the queue overflow, as without PFC.
#
# OUTDIR gets: server.json and h*.json (clos-roce -j, with a 100 ms
# timeline), samples.tsv (the bottleneck's class 3 every 100 ms from
# closctl queue watch: the traffic manager's model and the HTB class) and
# summary.json (goodput per sender, Jain fairness, utilisation, backlog
# after the warm-up, CE marks, CNPs, retransmits, drops).
set -u

cd "$(dirname "$0")/../.." || exit 1
# shellcheck source=netns-scripts/lib.sh
. netns-scripts/lib.sh

TOPO_BIN=$CLOS_ROOT/build/clos-topo
ROCE_BIN=$CLOS_ROOT/build/clos-roce
SENDERS=(h1-1 h1-2 h1-3 h2-2)
RECEIVER=h2-1
BOTTLENECK=eth3			# leaf2's port to h2-1
SECONDS_RUN=6
WARMUP_S=1.5			# samples before this (after the start) are the warm-up
SAMPLE_MS=100
SNDBUF=

# Class 3's ECN profile at the bottleneck: Kmin 1 ms and Kmax 4 ms of the
# 100 Mbit/s port. The default at this rate (3000/6000 B, the floors) is
# under 0.5 ms: the software senders' and veths' jitter alone (ms) fills it.
KMIN=12500
KMAX=50000
PMAX=20

# The lab's DCQCN parameters (docs/roce.md explains each). The NIC
# defaults are tuned for 100 Gbit/s and a feedback loop of a few us; here
# the port is 1000 times slower and the loop (queueing, a software receiver
# on a shared VM) takes ms, so the time constants are 100 times the NIC's
# (the DCQCN paper's alpha period 55 us and the CNP gap 50 us: 5.5 ms and
# 5 ms; the timer 300 us: 30 ms; the rate-cut period 4 us: 400 us). The
# additive step is the smallest one, 1 Mb/s (1% of the port, against
# 0.005% on the NIC). The byte counter is off: 32 KB is a few ms here,
# and the faster QP would count more events and climb faster (unfair);
# the timer raises every QP alike. Every cut sets the target rate to the
# current one, as in the paper.
RP_PARAMS=(clamp_tgt_rate=1 dce_tcp_rtt=5500 rpg_time_reset=30000
	   rate_reduce_monitor_period=400 rpg_ai_rate=1 rpg_byte_reset=0)
NP_PARAMS=(min_time_between_cnps=5000)
# Each QP's pacing bucket: two frames, as a NIC paces packet by packet.
BURST=2k

usage() {
	echo "Usage: $0 [--seconds S] [--sndbuf SIZE] TOPO OUTDIR on|off" >&2
	exit 2
}

while [ $# -gt 0 ]; do
	case $1 in
	--seconds) SECONDS_RUN=$2; shift 2 ;;
	--sndbuf) SNDBUF=$2; shift 2 ;;
	-h|--help) usage ;;
	*) break ;;
	esac
done
[ $# -eq 3 ] || usage
TOPO=$1 OUT=$2 MODE=$3
case $MODE in on|off) ;; *) usage ;; esac
mkdir -p "$OUT" || exit 1

plan() { "$TOPO_BIN" -j show "$TOPO" | jq -r "$1"; }
FABRIC=$(plan .fabric)
SW=$(plan '.nodes[] | select(.name == "leaf2") | .switch')
NS=$(plan '.nodes[] | select(.name == "leaf2") | .netns')
SERVER=$(plan ".nodes[] | select(.name == \"$RECEIVER\") | .ports[0].ipv4 | sub(\"/.*\"; \"\")")
RATE_BPS=$("$CLOS_CTL" -s "$SW" -j port show "$BOTTLENECK" 2>/dev/null | jq '.[0].rate_bps' 2>/dev/null)
[ -n "$SERVER" ] && [ "$RATE_BPS" -gt 0 ] 2>/dev/null || {
	echo "Error: fabric $FABRIC is not up, or $SW $BOTTLENECK has no rate" >&2
	exit 1
}

srv_opts=(--no-dcqcn)
cli_opts=(--no-dcqcn)
if [ "$MODE" = on ]; then
	srv_opts=()
	cli_opts=()
	for p in "${NP_PARAMS[@]}"; do srv_opts+=(--dcqcn "$p"); done
	for p in "${RP_PARAMS[@]}"; do cli_opts+=(--dcqcn "$p"); done
fi
[ -n "$SNDBUF" ] && cli_opts+=(--sndbuf "$SNDBUF")

# Class 3 at the bottleneck now: the model's row, with the HTB class's.
class3() { "$CLOS_CTL" -s "$SW" -j queue show "$BOTTLENECK" | jq -c '.[] | select(.tc == 3)'; }
# CLOCK_MONOTONIC now, as queue watch stamps its samples.
mono_ns() { "$CLOS_CTL" -s "$SW" -j queue watch "$BOTTLENECK" count 1 | jq .time_ns; }

PIDS=()
stop_all() { clos_stop "${PIDS[@]}"; }
trap stop_all EXIT

"$CLOS_CTL" -s "$SW" queue set "$BOTTLENECK" tc 3 ecn on kmin $KMIN kmax $KMAX pmax $PMAX &&
"$CLOS_CTL" -s "$SW" counters clear || exit 1
q0=$(class3)

"$TOPO_BIN" exec "$TOPO" $RECEIVER -- "$ROCE_BIN" -j server --sessions ${#SENDERS[@]} \
	--time $((SECONDS_RUN + 30)) --timeline 100 "${srv_opts[@]}" \
	>"$OUT/server.json" 2>"$OUT/server.err" &
SERVER_PID=$!
PIDS+=($SERVER_PID)
# One process samples on a fixed schedule, each sample stamped when it
# was read (a shell loop forking closctl and tc fell to 3 samples in 4 s
# on a loaded machine).
"$CLOS_CTL" -s "$SW" -j queue watch "$BOTTLENECK" interval "$SAMPLE_MS" >"$OUT/samples.raw" &
PIDS+=($!)
T0_NS=$(mono_ns)
CLIENTS=()
for h in "${SENDERS[@]}"; do
	timeout $((SECONDS_RUN + 30)) "$TOPO_BIN" exec "$TOPO" "$h" -- "$ROCE_BIN" -j client "$SERVER" \
		--time "$SECONDS_RUN" --rate "$RATE_BPS" --burst $BURST --timeline 100 \
		"${cli_opts[@]}" >"$OUT/$h.json" 2>"$OUT/$h.err" &
	CLIENTS+=($!)
done
PIDS+=("${CLIENTS[@]}")
rcs=()
for pid in "${CLIENTS[@]}"; do
	wait "$pid"
	rcs+=($?)
done
wait "$SERVER_PID"
SERVER_RC=$?
stop_all
trap - EXIT
q1=$(class3)

# samples.tsv: t_s (from the clients' start), then the model's backlog,
# max_backlog, packets, ce_marked, dropped, then the HTB class's backlog
# (bytes), packets queued and drops so far.
jq -r --argjson t0 "$T0_NS" '.time_ns as $t | .queues[] | select(.tc == 3 and .qdisc != null) |
	[(($t - $t0) / 1e6 | floor) / 1000, .backlog, .max_backlog, .packets, .ce_marked,
	 .dropped, .qdisc.backlog_bytes, .qdisc.backlog_packets, .qdisc.dropped] | @tsv' \
	"$OUT/samples.raw" >"$OUT/samples.tsv"

drops_of() { jq '.qdisc.dropped' <<<"$1"; }
final=$q1

# Backlog statistics over the samples after the warm-up, for column c.
stats() {
	awk -v w="$WARMUP_S" -v c="$1" -v k=$KMAX '$1 >= w { v[n++] = $c; s += $c; if ($c > m) m = $c; if ($c >= k) a++ }
		END { if (!n) { print "{}"; exit }
		      for (i = 0; i < n; i++) for (j = i + 1; j < n; j++)
			if (v[j] < v[i]) { x = v[i]; v[i] = v[j]; v[j] = x }
		      printf "{\"samples\": %d, \"mean\": %.0f, \"p50\": %d, \"p90\": %d, \"p99\": %d, \"max\": %d, \"at_or_above_kmax\": %d}\n",
			n, s / n, v[int(n * 0.5)], v[int(n * 0.9)], v[int(n * 0.99)], m, a }' "$OUT/samples.tsv"
}

# The link over the steady part of the run (after the warm-up, before the
# senders stop): frames that left the port (entered, less the backlog's
# growth) from the samples, each 1082 bytes (Ethernet 14 + IPv4 20 + UDP 8
# + BTH 12 + payload 1024 + ICRC 4, what the shaper counts).
link_window() {
	awk -v w="$WARMUP_S" -v e="$SECONDS_RUN" -v r="$RATE_BPS" '
		$1 >= w && $1 <= e { if (!n++) { t0 = $1; p0 = $4; b0 = $2 } t1 = $1; p1 = $4; b1 = $2 }
		END { if (n < 2 || t1 <= t0) { print "null"; exit }
		      printf "%.4f\n", ((p1 - p0) * 1082 - (b1 - b0)) * 8 / ((t1 - t0) * r) }' "$OUT/samples.tsv"
}

client_files=()
for h in "${SENDERS[@]}"; do client_files+=("$OUT/$h.json"); done
jq -n --arg mode "$MODE" --arg sndbuf "${SNDBUF:-default}" --argjson rate "$RATE_BPS" \
	--argjson kmin $KMIN --argjson kmax $KMAX --argjson pmax $PMAX \
	--argjson warmup "$WARMUP_S" --argjson seconds "$SECONDS_RUN" \
	--argjson rcs "[$(IFS=,; echo "${rcs[*]}")]" --argjson server_rc "$SERVER_RC" \
	--argjson model "$final" --argjson model_backlog "$(stats 2)" \
	--argjson qdisc_backlog "$(stats 7)" --argjson link "$(link_window)" \
	--argjson qdisc_drops "$(( $(drops_of "$q1") - $(drops_of "$q0") ))" \
	--slurpfile server "$OUT/server.json" \
	--argjson senders "$(jq -s -c . "${client_files[@]}")" '
	# Frame bytes per 1024-byte payload: Ethernet 14 + IPv4 20 + UDP 8 +
	# BTH 12 + payload + ICRC 4, what the port shaper counts per packet.
	(1082 / 1024) as $wire |
	($senders | map(.totals.goodput_bps)) as $gp |
	($gp | add) as $sum |
	# The server'"'"'s goodput (in-order payload) over the same window.
	([$server[0].timeline.samples[] | select(.t_ms >= $warmup * 1000 and .t_ms <= $seconds * 1000) |
	  .goodput_bps | add // 0]) as $win |
	(if ($win | length) > 0 then ($win | add) / ($win | length) else 0 end) as $wgp |
	{
		mode: $mode, sndbuf: $sndbuf, seconds: $seconds, rate_bps: $rate,
		profile: {kmin: $kmin, kmax: $kmax, pmax: $pmax}, warmup_s: $warmup,
		exit_status: {clients: $rcs, server: $server_rc},
		states: [$senders[] | .qps[].state],
		goodput_bps: $gp,
		jain: (if $sum > 0 then $sum * $sum / (($gp | length) * ($gp | map(. * .) | add)) else 0 end),
		goodput_window_bps: $wgp,
		utilisation_payload: ($wgp / $rate),
		utilisation_wire: ($wgp * $wire / $rate),
		link_busy: $link,
		retransmits: ([$senders[].totals.retransmits] | add),
		timeouts: ([$senders[].totals.timeouts] | add),
		naks: ([$senders[].totals.naks] | add),
		tx_blocked: ([$senders[].qps[].tx_blocked] | add),
		cnps_received: ([$senders[].totals.cnps] | add),
		cnps_received_per_sender: [$senders[].totals.cnps],
		cnps_sent: $server[0].totals.cnps,
		ce_received: $server[0].totals.ce,
		out_of_order: $server[0].totals.out_of_order,
		latency_p99_us: [$senders[].totals.latency_us.p99],
		model: {packets: $model.packets, ce_marked: $model.ce_marked,
			dropped: $model.dropped, max_backlog: $model.max_backlog,
			backlog_after_warmup: $model_backlog},
		qdisc: {dropped: $qdisc_drops, backlog_after_warmup: $qdisc_backlog}
	}' >"$OUT/summary.json"
