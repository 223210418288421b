#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make test-san: the unit suites and some namespace tests with the programs
# built under ASan and UBSan (the Makefile builds them into SAN_BUILD).
#   tests/san/run.sh SAN_BUILD NETNS_TEST...
# Every sanitizer report (an ASan error, a leak, a UBSan error) is written
# to SAN_BUILD/logs/ instead of stderr: a report anywhere, in a test process
# or a tool a test runs, fails the run even where the test itself would pass
# (Criterion counts a leak found at a worker's exit as a pass; a test
# script may expect a tool to fail). Leaks of third-party libraries are
# suppressed by tests/san/lsan.supp, which says why for each.
# Prints "san: N passed, N failed" (suites and scripts, then reports).
set -u

cd "$(dirname "$0")/../.."
build=${1:?usage: tests/san/run.sh SAN_BUILD NETNS_TEST...}
shift
case $build in
/*) logs=$build/logs ;;
*) logs=$PWD/$build/logs ;;
esac
passed=0
failed=0

rm -rf "$logs"
mkdir -p "$logs"
export ASAN_OPTIONS="detect_leaks=1:log_path=$logs/asan"
export LSAN_OPTIONS="suppressions=$PWD/tests/san/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:log_path=$logs/ubsan"
export CLOS_BUILD=$build

# step NAME CMD...: one suite or script; its exit status counts.
step() {
	local name=$1
	shift
	echo "== san: $name"
	if "$@"; then
		passed=$((passed + 1))
	else
		echo "== san: $name failed"
		failed=$((failed + 1))
	fi
}

step unit-tests "$build/tests/unit-tests" --jobs 2
step roce-tests "$build/tests/roce-tests" --jobs 2
# As tests/netns/run.sh bounds them (TEST_TIMEOUT).
for t in "$@"; do
	step "$t" timeout --kill-after=10 "${TEST_TIMEOUT:-600}" bash "tests/netns/$t.sh"
done

reports=$(find "$logs" -type f | sort)
if [ -n "$reports" ]; then
	for r in $reports; do
		echo "== san: report $(basename "$r")"
		cat "$r"
	done
	failed=$((failed + $(echo "$reports" | wc -l)))
fi
echo "san: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
