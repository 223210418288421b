#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make install into a DESTDIR, then a box run from the installed files
# alone: PATH holds only DESTDIR's bin for the clos tools, the working
# directory is outside the source tree, and the processes that stay up are
# checked to run the installed binaries (/proc/PID/exe).
#
# - install writes the programs, the BPF objects, the units, the conf
#   example, the topology examples and the docs, with the units' paths
#   substituted; every program answers --help;
# - the box (namespace clos-inst-box, the tools run in it with ip netns
#   exec): the installed clos-switch@ unit's ExecStart and ExecStartPost,
#   run as systemd would (its Environment= defaults, then the conf file;
#   paths under DESTDIR), attach the switch and load its tables from a
#   batch file; traffic crosses it; the clos-watch@ unit's command runs
#   the installed clos-loader; ExecStop detaches it, leaving nothing;
# - clos-topo from DESTDIR brings up an installed example fabric, and the
#   link watcher it starts is its sibling, the installed clos-loader;
# - systemd-analyze verify (from Debian's systemd package; PID 1 need not be
#   systemd) passes every installed unit without a word, inside a root made
#   of the installed tree;
# - make uninstall removes every file install wrote, and clos's own
#   directories.
set -u

cd "$(dirname "$0")/../.."
SRC=$(pwd)
. netns-scripts/lib.sh

PREFIX=clos-inst-
BOX=${PREFIX}box
H1=${PREFIX}h1
H2=${PREFIX}h2
SW=ibox
N=100
PAYLOAD=10
TOPO_FABRIC=lab2x2	# examples/explicit-2x2.yaml

TMP=$(mktemp -d /tmp/clos-install.XXXXXX)
DEST=$TMP/dest		# the DESTDIR
USR=/usr/local		# the PREFIX, the default
BIN=$DEST$USR/bin
BG_PIDS=()

# mapped PATH: where a path the installed files name lies under DESTDIR.
mapped() { echo "$DEST$1"; }

# unit_line UNIT KEY INSTANCE: KEY's value as systemd runs it: %i is the
# instance, $$ a literal $, and the installed paths under DESTDIR.
unit_line() {
	sed -n "s/^$2=//p" "$DEST$USR/lib/systemd/system/$1" |
		sed -e "s/%i/$3/g" -e 's/\$\$/$/g' \
		    -e "s|$USR/|$DEST$USR/|g" -e "s|/etc/clos/|$DEST/etc/clos/|g"
}

# unit_run UNIT KEY INSTANCE: run that command in the box with the unit's
# Environment= defaults and then its conf file, as systemd would.
unit_run() {
	local cmd env
	cmd=$(unit_line "$1" "$2" "$3")
	env=$(unit_line "$1" Environment "$3")
	(
		set -a
		eval "$env"
		. "$DEST/etc/clos/$3.conf"
		set +a
		eval "ip netns exec $BOX $cmd"
	)
}

cleanup() {
	clos_stop "${BG_PIDS[@]}"
	if [ -x "$BIN/clos-topo" ]; then
		"$BIN/clos-topo" down "$(mapped $USR/share/clos/examples/explicit-2x2.yaml)" >/dev/null 2>&1
	fi
	if [ -e "/sys/fs/bpf/clos/$SW" ] && [ -x "$BIN/clos-loader" ]; then
		ip netns exec "$BOX" "$BIN/clos-loader" detach "$SW" >/dev/null 2>&1
	fi
	clos_cleanup_prefix "$PREFIX" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "install: make install DESTDIR=$DEST, a box from the installed files"

clos_require install jq socat ethtool ss make -- "$SRC/build/clos-loader"

# ---- make install ------------------------------------------------------------------

clos_check "make install DESTDIR=... (PREFIX $USR)" \
	make -C "$SRC" --no-print-directory install DESTDIR="$DEST"
(cd "$DEST" && find . -type f | sort) >"$TMP/installed.txt"
want_progs=$(make -C "$SRC" --no-print-directory -s --eval 'print-progs: ; @echo $(notdir $(PROGS))' print-progs |
	tr ' ' '\n' | sort | tr '\n' ' ')
got_progs=$(ls "$BIN" | sort | tr '\n' ' ')
clos_check_eq "the programs of PROGS in $USR/bin" "$got_progs" "$want_progs"
clos_check_eq "the BPF objects in $USR/lib/clos/bpf" \
	"$(ls "$DEST$USR/lib/clos/bpf" | tr '\n' ' ')" "clos_fast.bpf.o clos_queue.bpf.o "
units="clos-switch@.service clos-watch@.service"
[ -x "$BIN/clos-fibsync" ] && units="clos-fibsync@.service $units"
clos_check_eq "the units in $USR/lib/systemd/system (fibsync's with its program)" \
	"$(ls "$DEST$USR/lib/systemd/system" | tr '\n' ' ')" "$units "
clos_check_eq "no @VAR@ left in the units or the conf example" \
	"$(cat "$DEST$USR"/lib/systemd/system/* "$DEST$USR/share/clos/switch.conf.example" | grep -c '@[A-Z]*@')" 0
clos_check_eq "the units run the installed clos-loader" \
	"$(grep -h '^ExecStop=' "$DEST$USR/lib/systemd/system/clos-switch@.service")" \
	"ExecStop=$USR/bin/clos-loader detach %i"
clos_check "the conf example, topology examples, docs (boxes.md among them)" \
	test -f "$DEST$USR/share/clos/switch.conf.example" -a \
	     -f "$DEST$USR/share/clos/examples/explicit-2x2.yaml" -a \
	     -f "$DEST$USR/share/doc/clos/README.md" -a \
	     -f "$DEST$USR/share/doc/clos/boxes.md"
clos_check_eq "nothing outside $USR and nothing in /etc" \
	"$(grep -vc "^\./${USR#/}/" "$TMP/installed.txt")" 0

# ---- from here on: the installed files alone ---------------------------------------

mkdir -p "$TMP/elsewhere"
cd "$TMP/elsewhere" || exit 1
export PATH="$BIN:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin"
CLOS_LOADER=$(command -v clos-loader)
CLOS_CTL=$(command -v closctl)
clos_check_eq "clos-loader on PATH is the installed one" "$CLOS_LOADER" "$BIN/clos-loader"
clos_check_eq "closctl on PATH is the installed one" "$CLOS_CTL" "$BIN/closctl"
for p in $(ls "$BIN"); do
	clos_check_eq "$p --help answers with its usage" \
		"$("$p" --help 2>&1 | head -n 1 | cut -d' ' -f1-2)" "Usage: $p"
done

# ---- the box ------------------------------------------------------------------------

# The one-leaf topology (netns-scripts/lib.sh), with its leaf called $BOX.
box_up() {
	clos_ns_add "$BOX" && clos_ns_add "$H1" && clos_ns_add "$H2" &&
	clos_veth_add "$BOX" eth1 "$H1" eth0 $CLOS_LEAF_MAC1 $CLOS_H1_MAC &&
	clos_veth_add "$BOX" eth2 "$H2" eth0 $CLOS_LEAF_MAC2 $CLOS_H2_MAC &&
	ip -n "$BOX" addr add 10.0.1.1/24 dev eth1 &&
	ip -n "$BOX" addr add 10.0.2.1/24 dev eth2 &&
	ip netns exec "$BOX" sysctl -qw net.ipv4.ip_forward=0 &&
	clos_host_setup "$H1" eth0 10.0.1.2/24 10.0.1.1 2001:db8:1::2/64 2001:db8:1::1 &&
	clos_host_setup "$H2" eth0 10.0.2.2/24 10.0.2.1 2001:db8:2::2/64 2001:db8:2::1
}
clos_cleanup_prefix "$PREFIX"
if box_up; then
	clos_pass "build the box: h1 -- eth1 [$BOX] eth2 -- h2"
else
	clos_fail "build the box"
	clos_summary install
	exit 1
fi

# The switch's conf and static tables, where the unit reads them.
mkdir -p "$DEST/etc/clos"
cat >"$DEST/etc/clos/$SW.conf" <<EOF
PORTS=eth1,eth2
ROLE=leaf
XDP_MODE=auto
BATCH=$DEST/etc/clos/$SW.batch
EOF
cat >"$DEST/etc/clos/$SW.batch" <<EOF
port set eth1 role host
port set eth2 role host
table add nexthop 1 => fwd eth1 $CLOS_H1_MAC
table add nexthop 2 => fwd eth2 $CLOS_H2_MAC
table add route_v4 10.0.1.2/32 => nexthop 1
table add route_v4 10.0.2.2/32 => nexthop 2
EOF

unit_run clos-switch@.service ExecStart $SW >"$TMP/start.out" 2>&1
clos_check_eq "clos-switch@$SW ExecStart: attach as the conf says" "$?" 0
unit_run clos-switch@.service ExecStartPost $SW >>"$TMP/start.out" 2>&1
clos_check_eq "clos-switch@$SW ExecStartPost: the batch file's tables" "$?" 0
clos_check_eq "clos-loader list (in the box): $SW on eth1, eth2, both xdp native, current netns" \
	"$(ip netns exec "$BOX" clos-loader -j list | jq -c --arg s $SW '.[] | select(.switch == $s) | [.netns, .role, [.ports[] | .name + "=" + .xdp_mode]]')" \
	'["","leaf",["eth1=native","eth2=native"]]'
clos_check_eq "closctl: the batch file's routes" \
	"$(ip netns exec "$BOX" closctl -s $SW -j table show route_v4 | jq -c '[.[] | select(.action == "nexthop") | .key.prefix]')" \
	'["10.0.1.2/32","10.0.2.2/32"]'

ip netns exec "$H2" socat -u UDP4-RECV:9100 OPEN:"$TMP/udp.bin",creat,append &
BG_PIDS+=($!)
clos_wait_for 5 sh -c "ip netns exec $H2 ss -Hlun | grep -q ':9100 '"
f0=$(ip netns exec "$BOX" closctl -s $SW -j stats | jq .stats.forwarded.packets)
clos_udp_burst "$H1" 10.0.2.2 9100 $N
clos_wait_for 5 clos_file_size_is "$TMP/udp.bin" $((N * PAYLOAD))
f1=$(ip netns exec "$BOX" closctl -s $SW -j stats | jq .stats.forwarded.packets)
clos_check_eq "h1 -> h2: $N datagrams arrive" \
	"$(( $(stat -c %s "$TMP/udp.bin" 2>/dev/null || echo 0) / PAYLOAD ))" $N
clos_check_eq "  ... all forwarded by the installed switch" "$((f1 - f0))" $N
clos_check "ping h2 -> h1" ip netns exec "$H2" ping -c 2 -i 0.2 -W 2 10.0.1.2

# clos-watch@: a process that stays, so its binary can be seen.
# The watcher checked is this run's own, a descendant of the background job.
# It outlives a detach (it waits for the switch to come back), so it is
# stopped here and by cleanup.
unit_run clos-watch@.service ExecStart $SW >"$TMP/watch.out" 2>&1 &
bg=$!
BG_PIDS+=($bg)
watcher_pid() {
	local p a
	for p in $(pgrep -f "clos-loader watch $SW"); do
		a=$p
		while [ "$a" -gt 1 ]; do
			[ "$a" = "$1" ] && { echo "$p"; return 0; }
			a=$(awk '{print $4}' "/proc/$a/stat" 2>/dev/null || echo 1)
		done
	done
	return 1
}
clos_wait_for 5 watcher_pid $bg
wpid=$(watcher_pid $bg)
[ -n "$wpid" ] && BG_PIDS+=($wpid)
clos_check_eq "clos-watch@$SW runs the installed clos-loader (/proc/PID/exe)" \
	"$(readlink "/proc/${wpid:-0}/exe")" "$BIN/clos-loader"
[ -n "$wpid" ] && kill "$wpid"

unit_run clos-switch@.service ExecStop $SW >"$TMP/stop.out" 2>&1
clos_check_eq "clos-switch@$SW ExecStop: detach" "$?" 0
clos_check "  ... no pins, no XDP left" sh -c \
	"test ! -e /sys/fs/bpf/clos/$SW && test \$(ip -n $BOX -d link show | grep -c xdp) -eq 0"
clos_check_fails "  ... and h1 no longer reaches h2" ip netns exec "$H1" ping -c 1 -W 1 10.0.2.2

# ---- clos-topo finds its siblings in DESTDIR --------------------------------------

topo_file=$(mapped $USR/share/clos/examples/explicit-2x2.yaml)
clos_check "clos-topo up, the installed example explicit-2x2.yaml" clos-topo up "$topo_file"
wpid=$(cat "/run/clos/$TOPO_FABRIC.watch.pid" 2>/dev/null)
clos_check_eq "  ... its link watcher is the installed clos-loader, beside it" \
	"$(readlink "/proc/${wpid:-0}/exe")" "$BIN/clos-loader"
clos_check "  ... its host h1 pings h2 (10.1.2.1) across it" \
	clos-topo exec "$topo_file" h1 -- ping -c 2 -i 0.2 -W 2 10.1.2.1
clos_check "clos-topo down" clos-topo down "$topo_file"

# ---- the units, as systemd reads them ------------------------------------------------

if command -v systemd-analyze >/dev/null; then
	# A root made of the installed tree, plus what the units lean on:
	# /bin/sh and the targets. verify resolves every path inside it.
	vroot=$TMP/vroot
	mkdir -p "$vroot/bin" "$vroot/lib/systemd/system" "$vroot/etc/clos"
	cp -a "$DEST/." "$vroot/"
	cp /bin/dash "$vroot/bin/sh"
	for t in sysinit basic shutdown multi-user network network-online network-pre; do
		cp "/lib/systemd/system/$t.target" "$vroot/lib/systemd/system/"
	done
	for u in $units; do
		out=$(systemd-analyze verify --root="$vroot" "${u/@/@$SW}" 2>&1)
		rc=$?
		clos_check_eq "systemd-analyze verify ${u/@/@$SW}: clean" "$rc:$out" "0:"
	done
else
	# Without systemd-analyze: the keys systemd needs, and executables.
	for u in $units; do
		f=$DEST$USR/lib/systemd/system/$u
		ok=1
		for k in '^\[Unit\]' '^\[Service\]' '^\[Install\]' '^Description=' '^ExecStart='; do
			grep -q "$k" "$f" || ok=0
		done
		for exe in $(grep -ho "$USR/bin/[a-z-]*" "$f" | sort -u); do
			[ -x "$DEST$exe" ] || ok=0
		done
		clos_check_eq "$u: sections, keys, and its programs installed" $ok 1
	done
fi

# ---- make uninstall -------------------------------------------------------------------

rm -rf "$DEST/etc"	# the test's own conf, not installed
clos_check "make uninstall DESTDIR=..." \
	make -C "$SRC" --no-print-directory uninstall DESTDIR="$DEST"
clos_check_eq "no file left in DESTDIR" "$(find "$DEST" -type f | wc -l)" 0
clos_check_eq "clos's own directories are gone" \
	"$(ls -d "$DEST$USR/lib/clos" "$DEST$USR/share/clos" "$DEST$USR/share/doc/clos" 2>/dev/null | wc -l)" 0

clos_cleanup_prefix "$PREFIX"
clos_check_eq "namespaces deleted" "$(ip netns list | grep -c "^$PREFIX")" 0

clos_summary install
