#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/bench/fib_scale.sh: clos-fibsync at scale, one JSON document on
# stdout (tests/bench/run.sh section 7, reported by report.sh).
#
# A leaf namespace with a switch on 4 ports, a static neighbour behind
# each; BENCH_FIB_ROUTES (default 100000) kernel routes put in with one
# `ip -batch`: /24s, 90% over one of the 4 gateways, 10% multipath over
# two. Measured:
#   incremental  the daemon running while the routes go in: from the
#                batch's start until the table holds the last route (the
#                events come in order), routes per second; the kernel's
#                own insert time beside it; the daemon's busy time
#   cold         clos-fibsync --once on a switch attached afresh (empty
#                tables) over the kernel's routes: the full sync's time
#   warm         --once again, the tables already right (a restart)
#   memory       the daemon's peak RSS, the tables' memlock
# Needs root and the built binaries. Everything it makes goes on exit.
set -u

BENCH_NAME=fib_scale
# shellcheck source=tests/bench/lib.sh
. "$(dirname "$0")/lib.sh"

N=${BENCH_FIB_ROUTES:-100000}
P=clos-bfib-
LEAF=${P}leaf
PEER=${P}peer
SW=bfib-leaf
FIBSYNC=$CLOS_ROOT/build/clos-fibsync
STATUS=/run/clos/$SW/fibsync.json
TMP=$(mktemp -d /tmp/clos-bfib.XXXXXX)
DAEMON=

now_ms() { echo $(($(date +%s%N) / 1000000)); }

cleanup() {
	if [ -n "$DAEMON" ]; then
		kill "$DAEMON" 2>/dev/null
		wait "$DAEMON" 2>/dev/null
	fi
	clos_cleanup_prefix "$P" >/dev/null 2>&1
	"$CLOS_LOADER" detach "$SW" >/dev/null 2>&1
	rm -rf "$TMP" "/run/clos/$SW"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bench_require "make all" "$FIBSYNC" "$CLOS_LOADER" "$CLOS_CTL"

attach() {
	"$CLOS_LOADER" attach "$SW" --netns "$LEAF" --ports eth1,eth2,eth3,eth4 \
		--role leaf >/dev/null || die "clos-loader attach failed"
}

# ---- the leaf ---------------------------------------------------------------

clos_cleanup_prefix "$P" >/dev/null 2>&1
"$CLOS_LOADER" detach "$SW" >/dev/null 2>&1
rm -rf "/run/clos/$SW"
clos_ns_add "$LEAF" && clos_ns_add "$PEER" || die "namespaces"
for k in 1 2 3 4; do
	clos_veth_add "$LEAF" "eth$k" "$PEER" "p$k" "02:c1:00:00:0$k:01" "02:c1:00:00:0$k:02" &&
	ip -n "$LEAF" addr add "10.0.$k.1/24" dev "eth$k" &&
	ip -n "$LEAF" neigh replace "10.0.$k.2" dev "eth$k" lladdr "02:c1:00:00:0$k:02" nud permanent ||
		die "ports"
done
attach

# The batch: N /24s from 20.0.0.0 on; every tenth multipath over two
# neighbouring gateways (4 sets).
awk -v n="$N" 'BEGIN {
	for (i = 0; i < n; i++) {
		p = sprintf("%d.%d.%d.0/24", 20 + int(i / 65536), int(i / 256) % 256, i % 256)
		g = i % 4 + 1
		m = int(i / 10) % 4 + 1		# the multipath sets: 4 pairs
		if (i % 10 == 9)
			printf "route add %s nexthop via 10.0.%d.2 nexthop via 10.0.%d.2\n", p, m, m % 4 + 1
		else
			printf "route add %s via 10.0.%d.2\n", p, g
	}
}' >"$TMP/routes.batch"
last=$(tail -n 1 "$TMP/routes.batch" | awk '{ print $3 }')
last_addr=${last%.0/24}.1

# ---- incremental ----------------------------------------------------------------

"$FIBSYNC" "$SW" >"$TMP/daemon.log" 2>&1 &
DAEMON=$!
clos_wait_for 10 sh -c "[ \"\$(jq -r .state $STATUS 2>/dev/null)\" = running ]" ||
	die "the daemon did not start: $(cat "$TMP/daemon.log")"
synced() {
	[ "$("$CLOS_CTL" -s "$SW" -j route get "$last_addr" 2>/dev/null | jq -r .route)" = "$last" ]
}
t0=$(now_ms)
ip -n "$LEAF" -batch "$TMP/routes.batch" || die "ip -batch failed"
t_kernel=$(now_ms)
while ! synced; do
	[ $(($(now_ms) - t0)) -lt 60000 ] || die "the last route never reached the table"
	sleep 0.01
done
t1=$(now_ms)
# The status file follows within a second.
clos_wait_for 5 sh -c "[ \"\$(jq '.synced.routes.ipv4' $STATUS)\" -ge $N ]" ||
	die "the status file does not count $N routes"
cp "$STATUS" "$TMP/incremental.json"
kill "$DAEMON"
wait "$DAEMON"
DAEMON=

# ---- cold and warm full syncs ------------------------------------------------------

memlock() {
	local m t=0 v
	for m in route_v4 route_v6 nexthop ecmp_groups; do
		v=$(bpftool -j map show pinned "$CLOS_PIN_ROOT/$SW/$m" | jq .bytes_memlock)
		t=$((t + v))
		printf '"%s": %s, ' "$m" "$v"
	done
	printf '"total": %s' "$t"
}
CLOS_PIN_ROOT=/sys/fs/bpf/clos
memlock_full=$(memlock)

"$CLOS_LOADER" detach "$SW" >/dev/null || die "detach failed"
attach
t=$(now_ms)
"$FIBSYNC" -j "$SW" --once >"$TMP/cold.json" || die "--once (cold) failed"
cold_wall=$(($(now_ms) - t))
t=$(now_ms)
"$FIBSYNC" -j "$SW" --once >"$TMP/warm.json" || die "--once (warm) failed"
warm_wall=$(($(now_ms) - t))

jq -n --argjson n "$N" --argjson t0 "$t0" --argjson tk "$t_kernel" --argjson t1 "$t1" \
	--slurpfile inc "$TMP/incremental.json" --slurpfile cold "$TMP/cold.json" \
	--slurpfile warm "$TMP/warm.json" --argjson cold_wall "$cold_wall" \
	--argjson warm_wall "$warm_wall" --argjson memlock "{ $memlock_full }" '
	def r3: (. * 1000 | round) / 1000;
	($inc[0].counters) as $c | {
	  routes: $n,
	  multipath: ($n / 10 | floor),
	  gateways: 4,
	  incremental: {
	    kernel_s: (($tk - $t0) / 1000),
	    synced_s: (($t1 - $t0) / 1000),
	    routes_per_s: ($n / (($t1 - $t0) / 1000) | floor),
	    kernel_routes_per_s: ($n / (($tk - $t0) / 1000) | floor),
	    after_kernel_ms: ($t1 - $tk),
	    daemon_busy_ms: $c.busy_ms,
	    daemon_routes_per_s: ($n / ($c.busy_ms / 1000) | floor),
	    batches: $c.batches,
	    max_batch_ms: $c.max_batch_ms,
	    netlink_messages: $c.netlink.messages,
	    overruns: $c.errors.overrun,
	    routes_added: $c.tables.routes_added,
	    synced: $inc[0].synced
	  },
	  cold_full_sync: {
	    wall_ms: $cold_wall,
	    sync_ms: $cold[0].duration_ms,
	    routes_added: $cold[0].routes_added,
	    routes_per_s: ($cold[0].routes_added / ($cold[0].duration_ms / 1000) | floor),
	    max_rss_kib: $cold[0].max_rss_kib
	  },
	  warm_full_sync: {
	    wall_ms: $warm_wall,
	    sync_ms: $warm[0].duration_ms,
	    routes_added: $warm[0].routes_added,
	    routes_replaced: $warm[0].routes_replaced,
	    routes_deleted: $warm[0].routes_deleted
	  },
	  memory: {
	    daemon_max_rss_kib: $c.max_rss_kib,
	    memlock_bytes: $memlock,
	    bytes_per_route: (($memlock.route_v4 / $n) | r3)
	  }
	}'
