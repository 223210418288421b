#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make roce-plot: the incast of docs/roce.md with DCQCN on, off with the
# kernel's socket buffers, and off with 4 MB buffers (tests/roce/incast.sh)
# on examples/fabric-incast.yaml (renamed roceplot), then the plot of each
# sender's goodput and rate and of the bottleneck's backlog over time.
# Writes ROCE_OUT (default docs)/roce/{on,pause,drop}/ (the clos-roce JSON
# with its timeline, samples.tsv, summary.json, SENDER.tsv) and
# ROCE_OUT/roce-incast.png. Needs root and gnuplot.
set -u

cd "$(dirname "$0")/../.." || exit 1
# shellcheck source=netns-scripts/lib.sh
. netns-scripts/lib.sh

OUT=${ROCE_OUT:-docs}
TMP=$(mktemp -d /tmp/clos-roceplot.XXXXXX)
TOPO=$TMP/fabric.yaml

cleanup() {
	build/clos-topo down "$TOPO" >/dev/null 2>&1
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for c in gnuplot jq tc; do
	command -v $c >/dev/null || { echo "Error: $c is missing (make roce-plot installs gnuplot-nox)" >&2; exit 1; }
done
sed 's/^name: .*/name: roceplot/' examples/fabric-incast.yaml >"$TOPO"
build/clos-topo down "$TOPO" >/dev/null 2>&1
build/clos-topo up "$TOPO" || exit 1

# The order matters: the model's class 3 is lossless, so what the HTB
# drops in the last run stays in the model's backlog until it drains.
mkdir -p "$OUT/roce"
run() { # NAME on|off OPTIONS...: one incast into OUT/roce/NAME
	local name=$1 mode=$2 d=$OUT/roce/$1 h
	shift 2
	rm -rf "$d"
	echo "  INCAST   $name: DCQCN $mode $*"
	tests/roce/incast.sh "$@" "$TOPO" "$d" "$mode" || exit 1
	rm -f "$d/samples.raw"
	find "$d" -name "*.err" -empty -delete
	for h in h1-1 h1-2 h1-3 h2-2; do
		jq -r '.timeline.samples[] | [.t_ms / 1000, .goodput_bps[0] / 1e6, .rate_bps[0] / 1e6] | @tsv' \
			"$d/$h.json" >"$d/$h.tsv"
	done
	jq -r '"           goodput \(.goodput_bps | map(. / 1e6 * 10 | floor / 10)) Mbit/s, Jain \(.jain * 1000 | floor / 1000), utilisation \(.utilisation_wire * 1000 | floor / 10)%",
	       "           backlog after warm-up: model mean \(.model.backlog_after_warmup.mean) max \(.model.backlog_after_warmup.max) B, HTB mean \(.qdisc.backlog_after_warmup.mean) max \(.qdisc.backlog_after_warmup.max) B",
	       "           CE \(.model.ce_marked), CNPs \(.cnps_sent)/\(.cnps_received), retransmits \(.retransmits), timeouts \(.timeouts), HTB drops \(.qdisc.dropped), held back \(.tx_blocked)"' \
		"$d/summary.json"
}
run on on --seconds 8 --sndbuf 4m
run pause off --seconds 8
run drop off --seconds 8 --sndbuf 4m

read -r kmin kmax <<<"$(jq -r '.profile | "\(.kmin) \(.kmax)"' "$OUT/roce/on/summary.json")"
gnuplot -e "dir='$OUT/roce'; out='$OUT/roce-incast.png'; kmin=$kmin; kmax=$kmax" \
	tests/roce/incast.gp || exit 1
echo "  PLOT     $OUT/roce-incast.png"
