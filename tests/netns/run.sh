#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Run every tests/netns/test_*.sh in turn (each builds and removes its own
# namespaces, so they never run in parallel), add up their closing
# "NAME: N passed, N failed" lines and print "netns: N passed, N failed".
# A test that dies without its closing line, or exits non-zero without
# reporting a failure, counts as one failure. Exit status: 1 if anything
# failed. Needs root. TEST_TIMEOUT (seconds, default 600) bounds each test.
# Each script's time is printed after it, and the slowest at the end (make
# test has a 20-minute budget; this is where it goes).
set -u

cd "$(dirname "$0")/../.."

passed=0
failed=0
timeout_s=${TEST_TIMEOUT:-600}
summary_re='^([A-Za-z0-9_.-]+): ([0-9]+) passed, ([0-9]+) failed$'

if [ "$(id -u)" -ne 0 ]; then
	echo "Error: the netns tests need root" >&2
	echo "netns: 0 passed, 1 failed"
	exit 1
fi

log=$(mktemp /tmp/clos-netns.XXXXXX)
times=$(mktemp /tmp/clos-netns-times.XXXXXX)
trap 'rm -f "$log" "$times"' EXIT
suite_start=$SECONDS

for t in tests/netns/test_*.sh; do
	[ -e "$t" ] || continue
	echo "== $t"
	start=$SECONDS
	timeout --kill-after=10 "$timeout_s" bash "$t" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	echo "== $t: $((SECONDS - start)) s"
	echo "$((SECONDS - start)) $(basename "$t" .sh)" >> "$times"
	line=$(grep -E "$summary_re" "$log" | tail -n 1)
	if [ -z "$line" ]; then
		echo "== $t: exited $rc without its summary line"
		failed=$((failed + 1))
		continue
	fi
	[[ $line =~ $summary_re ]]
	passed=$((passed + BASH_REMATCH[2]))
	failed=$((failed + BASH_REMATCH[3]))
	if [ "$rc" -ne 0 ] && [ "${BASH_REMATCH[3]}" -eq 0 ]; then
		echo "== $t: exited $rc but reported no failure"
		failed=$((failed + 1))
	fi
done

echo "== slowest: $(sort -rn "$times" | head -n 5 | awk '{printf "%s%s %d s", (NR > 1 ? ", " : ""), $2, $1}'); all $((SECONDS - suite_start)) s"
echo "netns: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
