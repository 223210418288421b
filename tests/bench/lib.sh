# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
#
# The start every bench script shares: run from the top of the tree with
# netns-scripts/lib.sh, the programs' paths, die and the preconditions.
# Set BENCH_NAME (how errors name the script), then source it:
#
#   BENCH_NAME="bench boxes"
#   . "$(dirname "$0")/lib.sh"

cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 1
# shellcheck source=netns-scripts/lib.sh
. netns-scripts/lib.sh

BENCH=build/bench/clos-bench
TOPO=build/clos-topo

# die MESSAGE: "Error: BENCH_NAME: MESSAGE" and exit 1.
die() { echo "Error: $BENCH_NAME: $*" >&2; exit 1; }

# bench_require HINT FILE...: root, and every FILE built, or die saying
# what is missing (a FILE with HINT, how to build it).
bench_require() {
	local hint=$1 f
	shift

	[ "$(id -u)" -eq 0 ] || die "needs root (namespaces, XDP, BPF maps)"
	for f in "$@"; do
		[ -x "$f" ] || die "$f is missing ($hint)"
	done
}
