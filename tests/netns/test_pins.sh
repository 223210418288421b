#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The pins and their writers against other users and foreign input:
# - a pin root, staging root or switch folder another user made or may
#   write (on a bpffs as a plain `mount -t bpf` leaves it, mode 1777, with
#   a real unprivileged user) is refused by every tool, naming path, owner
#   and mode, and a lock held elsewhere is refused as busy within
#   CLOS_LOCK_WAIT_MS, never waited on for ever;
# - a pin of the wrong type or size under a switch's folder is refused by
#   every command, naming the map and the difference;
# - closctl, the link watcher and the FIB sync write under one lock per
#   switch: while another process holds it nobody writes, and closctl
#   rewriting a port never undoes the watcher's link-down;
# - -j prints valid UTF-8 whatever bytes a name or a batch line holds.
#
# Runs in a private mount namespace with its own bpffs, so it neither sees
# nor disturbs other switches, and its pins vanish with it.
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/netns-scripts/lib.sh"
CLOSCTL=${CLOSCTL:-$CLOS_CTL}
FIBSYNC=${CLOS_FIBSYNC:-$CLOS_ROOT/build/clos-fibsync}
SW=pintest
BPF=/sys/fs/bpf
PIN=$BPF/clos/$SW
NOBODY=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
WAIT_S=3		# CLOS_LOCK_WAIT_MS
FLAPS=${PINS_FLAPS:-40}

if [ -z "${CLOS_PINSTEST_PRIVATE:-}" ]; then
	export CLOS_PINSTEST_PRIVATE=1
	exec unshare -m --propagation private bash "$0" "$@"
fi

TMP=$(mktemp -d /tmp/clos-pins.XXXXXX)
NS=clos-pins-$$
HOLDER=
BATCH=
passed=0
failed=0

cleanup() {
	release
	[ -n "$BATCH" ] && kill "$BATCH" 2>/dev/null
	[ -s "$TMP/watch.pid" ] && kill "$(cat "$TMP/watch.pid")" 2>/dev/null
	"$CLOS_LOADER" detach "$SW" >/dev/null 2>&1
	clos_ns_del "$NS"
	umount "$BPF" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pass() { passed=$((passed + 1)); }
fail() {
	failed=$((failed + 1))
	echo "FAIL: $1"
	[ -n "${2:-}" ] && sed 's/^/      | /' <<<"$2"
}

# check SECONDS RC TEXT CMD...: CMD exits RC within SECONDS and prints TEXT
# (stdout or stderr; empty TEXT: anything). A command still running after
# 10 s is stopped and fails: it hung.
check() {
	local max=$1 want=$2 text=$3 out rc t0 ms
	shift 3
	t0=$(date +%s%N)
	out=$(timeout 10 "$@" 2>&1)
	rc=$?
	ms=$((($(date +%s%N) - t0) / 1000000))
	if [ "$rc" = 124 ]; then
		fail "$*: still running after 10 s (hangs)" "$out"
	elif [ "$rc" != "$want" ]; then
		fail "$*: exit $rc, want $want" "$out"
	elif [ -n "$text" ] && ! grep -qF -- "$text" <<<"$out"; then
		fail "$*: output lacks \"$text\"" "$out"
	elif [ "$ms" -gt $((max * 1000)) ]; then
		fail "$*: took $ms ms, want at most $max s" "$out"
	else
		pass
	fi
}

# hold PATH [AS...]: a process (run as AS..., default root), HOLDER, that
# holds an flock on PATH until release. flock -o: its command (a sleep)
# does not share the lock, so killing HOLDER frees it.
hold() {
	local path=$1 i
	shift
	"$@" flock -o "$path" sleep 120 &
	HOLDER=$!
	for i in $(seq 100); do
		flock -n "$path" true 2>/dev/null || return 0
		sleep 0.05
	done
	echo "cannot hold $path" >&2
	return 1
}

release() {
	[ -n "$HOLDER" ] || return 0
	pkill -P "$HOLDER" sleep
	kill "$HOLDER" 2>/dev/null
	wait "$HOLDER" 2>/dev/null
	HOLDER=
}

ports_add() {
	local i

	clos_ns_add "$NS" &&
	ip netns exec "$NS" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 || return 1
	for i in 1 2 3 4; do
		clos_veth_add "$NS" eth$i "$NS" peer$i 02:00:00:00:00:0$i || return 1
	done
	# A name as the kernel allows it: any byte but '/', ':' and blanks.
	clos_veth_add "$NS" $'e\xff\xfe' "$NS" peer5
}

attach() {
	"$CLOS_LOADER" attach "$SW" --netns "$NS" \
		--ports "eth1,eth2,eth3,eth4,"$'e\xff\xfe' >"$TMP/attach.log" 2>&1 ||
		{ cat "$TMP/attach.log"; return 1; }
}

state() {
	"$CLOSCTL" -j -s "$SW" port show "$1" | jq -r '.[0].state'
}

# valid_json CMD...: CMD's standard output is one JSON document in valid
# UTF-8 (jq alone takes bad bytes, replacing them).
valid_json() {
	local out

	out=$("$@" 2>/dev/null)
	if ! iconv -f UTF-8 -t UTF-8 <<<"$out" >/dev/null 2>&1; then
		fail "$*: output is not valid UTF-8" "$(od -c <<<"$out" | head -5)"
	elif ! jq -e . <<<"$out" >/dev/null 2>&1; then
		fail "$*: output is not JSON" "$out"
	else
		pass
	fi
}

for tool in jq iconv setpriv flock bpftool unshare ip; do
	command -v $tool >/dev/null || { echo "pins: $tool is missing"; exit 1; }
done
[ -x "$CLOSCTL" ] && [ -x "$CLOS_LOADER" ] && [ -x "$FIBSYNC" ] || {
	echo "pins: build first ($CLOSCTL, $CLOS_LOADER, $FIBSYNC)"
	exit 1
}
ports_add || { echo "pins: cannot make the ports in $NS"; exit 1; }

# --- another user on a bpffs everyone may write ----------------------------

# What a plain mount gives: 1777. The other tests mount theirs 0700.
mount -t bpf bpf "$BPF" || { echo "pins: cannot mount a bpffs"; exit 1; }
OWNED="owned by uid 65534 (nobody) with mode 0755"

"${NOBODY[@]}" mkdir "$BPF/clos"
check 2 1 "pin directory $BPF/clos is $OWNED" "$CLOS_LOADER" attach "$SW" \
	--netns "$NS" --ports eth1
check 2 1 "pin directory $BPF/clos is $OWNED" "$CLOS_LOADER" detach "$SW"
check 2 1 "pin directory $BPF/clos is $OWNED" "$CLOS_LOADER" list
check 2 1 "pin directory $BPF/clos is $OWNED" "$CLOSCTL" port show
check 2 1 "pin directory $BPF/clos is $OWNED" "$CLOSCTL" -s "$SW" stats
check 2 1 "pin directory $BPF/clos is $OWNED" "$CLOS_LOADER" watch "$SW"
check 2 1 "pin directory $BPF/clos is $OWNED" "$FIBSYNC" "$SW" --once
# Its owner holds its lock: detach used to wait for it for ever.
hold "$BPF/clos" "${NOBODY[@]}"
check 2 1 "pin directory $BPF/clos is $OWNED" "$CLOS_LOADER" detach "$SW"
release
rmdir "$BPF/clos"

"${NOBODY[@]}" ln -s /sys/fs/bpf/elsewhere "$BPF/clos"
check 2 1 "pin directory $BPF/clos is a symbolic link" "$CLOS_LOADER" attach "$SW" \
	--netns "$NS" --ports eth1
check 2 1 "pin directory $BPF/clos is a symbolic link" "$CLOSCTL" port show
rm "$BPF/clos"

# The staging root: a switch staged where another user may rename it.
"${NOBODY[@]}" mkdir "$BPF/clos_attaching"
check 2 1 "pin directory $BPF/clos_attaching is $OWNED" "$CLOS_LOADER" attach "$SW" \
	--netns "$NS" --ports eth1
check 2 1 "pin directory $BPF/clos_attaching is $OWNED" "$CLOS_LOADER" detach "$SW"
rmdir "$BPF/clos_attaching"

# Root's own, but writable by others.
mkdir -p "$BPF/clos" && chmod 0777 "$BPF/clos"
check 2 1 "pin directory $BPF/clos is owned by uid 0 (root) with mode 0777" \
	"$CLOSCTL" port show
rmdir "$BPF/clos"

# A bpffs root others may write without the sticky bit: they could rename
# the pin root away.
chmod 0777 "$BPF"
check 2 1 "$BPF has mode 0777: every user may rename what is in it" \
	"$CLOS_LOADER" attach "$SW" --netns "$NS" --ports eth1
chmod 1777 "$BPF"

# Attached as root: the pin root is root's, 0700, and other users can do
# nothing in it.
if attach; then pass; else fail "attach $SW"; fi
[ "$(stat -c '%U %a' "$BPF/clos")" = "root 700" ] && pass ||
	fail "pin root: $(stat -c '%U %a' "$BPF/clos"), want root 700"
"${NOBODY[@]}" mkdir "$BPF/clos/x" 2>/dev/null &&
	fail "nobody made a directory in the pin root" || pass

# A switch folder others may write.
chmod 0777 "$PIN"
check 2 1 "pin directory $PIN is owned by uid 0 (root) with mode 0777" \
	"$CLOSCTL" -s "$SW" port show
check 2 1 "pin directory $PIN is owned by uid 0 (root) with mode 0777" \
	"$CLOS_LOADER" detach "$SW"
chmod 0700 "$PIN"

# The pin root's lock held by another process (an attach that hangs):
# detach says so after the bounded wait.
hold "$BPF/clos"
check $((WAIT_S + 2)) 1 "$BPF/clos is busy: held by another process (pid $HOLDER)" \
	"$CLOS_LOADER" detach "$SW"
release
check 2 0 "$SW:" "$CLOS_LOADER" list

# --- foreign pins: every command refuses them -------------------------------

MAPMSG="map nexthop is pinned as array, key size 4, value size 8, 4096 entries; this clos needs array, key size 4, value size 12, 4096 entries"
mv "$PIN/nexthop" "$BPF/keep_nexthop"
bpftool map create "$PIN/nexthop" type array key 4 value 8 entries 4096 name nexthop
for cmd in "port show" "stats" "table show route_v4" "table show ports" "group show" \
	   "route get 10.0.0.1" "qos show" "queue show" "fib stats" "counters clear" \
	   "port set eth1 vlan 5" "table add nexthop 1 => fwd eth1 02:00:00:00:01:02"; do
	# shellcheck disable=SC2086
	check 2 1 "switch $SW: $MAPMSG" "$CLOSCTL" -s "$SW" $cmd
done
check 2 1 "line 1: switch $SW: $MAPMSG" "$CLOSCTL" -s "$SW" batch - <<<"stats"
out=$("$CLOSCTL" -j -s "$SW" stats)
jq -e '.error | startswith("switch '$SW': map nexthop is pinned as array")' <<<"$out" >/dev/null &&
	pass || fail "closctl -j stats: $out"
check 2 1 "switch $SW: $MAPMSG" "$CLOS_LOADER" attach "$SW" --netns "$NS" \
	--ports "eth1,eth2,eth3,eth4,"$'e\xff\xfe'
check 2 1 "switch $SW: $MAPMSG" "$CLOS_LOADER" watch "$SW"
check 2 1 "switch $SW: $MAPMSG" "$FIBSYNC" "$SW" --once
check 2 0 "Warning: switch $SW: $MAPMSG" "$CLOS_LOADER" list
rm "$PIN/nexthop"
mv "$BPF/keep_nexthop" "$PIN/nexthop"
# A hash where an array is (an older clos's groups): the type differs.
mv "$PIN/ecmp_groups" "$BPF/keep_ecmp_groups"
bpftool map create "$PIN/ecmp_groups" type hash key 4 value 212 entries 256 name ecmp_groups
check 2 1 "map ecmp_groups is pinned as hash, key size 4, value size 212, 256 entries; this clos needs array" \
	"$CLOSCTL" -s "$SW" group show
rm "$PIN/ecmp_groups"
mv "$BPF/keep_ecmp_groups" "$PIN/ecmp_groups"
# Detach reads the ports: a value larger than a port would overrun it.
mv "$PIN/ports" "$BPF/keep_ports"
bpftool map create "$PIN/ports" type array key 4 value 4096 entries 64 name ports
check 2 1 "$SW: map ports is pinned as array, key size 4, value size 4096" \
	"$CLOS_LOADER" detach "$SW"
rm "$PIN/ports"
mv "$BPF/keep_ports" "$PIN/ports"
check 2 0 "eth1" "$CLOSCTL" -s "$SW" port show

# --- one writer lock per switch ----------------------------------------------

# Held by another process: closctl refuses to write, and writes nothing.
hold "$PIN"
check $((WAIT_S + 2)) 1 "switch $SW: $PIN is busy: held by another process (pid $HOLDER)" \
	"$CLOSCTL" -s "$SW" port set eth2 vlan 0 role host trust dscp
[ "$("$CLOSCTL" -j -s "$SW" port show eth2 | jq -r '.[0].trust')" = pcp ] && pass ||
	fail "port eth2 changed while another process held the lock"
check 2 0 "eth2" "$CLOSCTL" -s "$SW" port show eth2	# reading needs no lock
release

# The watcher waits for it too: a link that goes down while the lock is
# held shows in the table only once it is free.
"$CLOS_LOADER" watch "$SW" --daemon "$TMP/watch.pid" --log "$TMP/watch.log"
hold "$PIN"
ip -n "$NS" link set peer2 down
sleep 1
[ "$(state eth2)" = up ] && pass ||
	fail "the watcher wrote port eth2 while another process held the lock"
jq -r .error "$TMP/watch.log" |
	grep -qF "switch $SW: $PIN is busy: held by another process (pid $HOLDER)" && pass ||
	fail "the watcher logs no busy lock" "$(cat "$TMP/watch.log")"
release
for i in $(seq 40); do
	[ "$(state eth2)" = down ] && break
	sleep 0.05
done
[ "$(state eth2)" = down ] && pass ||
	fail "port eth2 is not down 2 s after the lock was freed" "$(cat "$TMP/watch.log")"
ip -n "$NS" link set peer2 up

# closctl rewriting port eth1 over and over (trust pcp <-> dscp, each a
# read-modify-write of the whole entry) while its link flaps: each time
# the link settles, the table comes to say what the link is (the watcher
# may wait for the lock a while: within 2 s). Without the lock, closctl
# writes back an `up` it read just before the watcher's down (or a down
# before its up), and the table stays wrong until the link changes again.
yes $'port set eth1 trust dscp\nport set eth1 trust pcp' |
	"$CLOSCTL" -s "$SW" batch - >/dev/null 2>&1 &
BATCH=$!
wrong=0
: >"$TMP/wrong"
for i in $(seq "$FLAPS"); do
	for to in down up; do
		ip -n "$NS" link set peer1 $to
		for t in $(seq 20); do
			sleep 0.1
			[ "$(state eth1)" = $to ] && break
		done
		[ "$(state eth1)" = $to ] && continue
		wrong=$((wrong + 1))
		echo "flap $i: link $to, port $(state eth1)" >>"$TMP/wrong"
	done
done
kill "$BATCH" 2>/dev/null
wait "$BATCH" 2>/dev/null
BATCH=
[ "$wrong" = 0 ] && pass ||
	fail "port eth1 disagreed with its link $wrong times in $((2 * FLAPS)) flaps" \
	     "$(cat "$TMP/wrong"; grep -v groups_changed "$TMP/watch.log" | tail -5)"
kill "$(cat "$TMP/watch.pid")"
for i in $(seq 40); do
	[ -e "$TMP/watch.pid" ] || break
	sleep 0.05
done

# --- -j is valid UTF-8, whatever the bytes --------------------------------

valid_json "$CLOSCTL" -j -s "$SW" port show
valid_json "$CLOS_LOADER" -j list
valid_json "$CLOSCTL" -j -s "$SW" port show $'\xff\xfe'
valid_json "$CLOSCTL" -j -s "$SW" batch - <<<$'port show \xff\xfe'
valid_json "$CLOSCTL" -j -s "$SW" batch - <<<$'port show \'e\xff\xfe\''
valid_json "$CLOSCTL" -j -s $'\xff' port show
out=$("$CLOSCTL" -j -s "$SW" batch - <<<$'port show \xff\xfe\xe2\x82')
[ "$(jq -r .error <<<"$out")" = "line 1: port '"$'\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd'"' does not exist" ] &&
	pass || fail "each bad byte is not one U+FFFD" "$out"
[ "$("$CLOSCTL" -j -s "$SW" port show | jq -r '.[4].name')" = $'e\xef\xbf\xbd\xef\xbf\xbd' ] &&
	pass || fail "port 4's name is not e + two U+FFFD"

# libxdp's directory locked by another process: detach used to wait for
# it for ever; now it detaches after the bounded wait and says what it left.
mkdir -p "$BPF/xdp"
hold "$BPF/xdp"
check $((WAIT_S + 2)) 0 "stale libxdp pins left: $BPF/xdp is busy: held by another process (pid $HOLDER)" \
	"$CLOS_LOADER" detach "$SW"
release
[ -e "$PIN" ] && fail "detach left $PIN" || pass

echo "pins: $passed passed, $failed failed"
[ "$failed" == 0 ]
