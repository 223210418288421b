#!/usr/bin/env bash
# Boot the Soft-RoCE VM (image.sh builds it) with this tree's binaries, BPF
# objects and scripts inside, run the in-VM test and report its result.
#
# usage: tests/softroce/vm.sh [--cache DIR] [--timeout SECONDS] [--log FILE]
#                             [--cmd 'SHELL COMMAND']
# Exit 0 only when the VM printed "softroce: N passed, 0 failed" with N > 0
# and finished within the timeout.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cache=${CLOS_SOFTROCE_CACHE:-/var/cache/clos/softroce}
timeout=900
log=
cmd=

usage() {
	sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
}
while [ $# -gt 0 ]; do
	case $1 in
	--cache) cache=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--log) log=$2; shift 2 ;;
	--cmd) cmd=$2; shift 2 ;;
	-h|--help) usage; exit 0 ;;
	*) echo "Error: unknown option '$1'" >&2; usage >&2; exit 2 ;;
	esac
done
[ -e "$cache/image.ok" ] || { echo "Error: no VM image in $cache: run tests/softroce/image.sh $cache" >&2; exit 1; }
command -v qemu-system-x86_64 >/dev/null || { echo "Error: qemu-system-x86_64 not found (make deps-softroce)" >&2; exit 1; }

work=$(mktemp -d /tmp/clos-softroce.XXXXXX)
qemu_pid=
cleanup() {
	[ -n "$qemu_pid" ] && kill "$qemu_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
[ -n "$log" ] || log=$work/console.log

# The second initramfs: /init and the project under /clos. The kernel
# unpacks it over the cached root.
overlay=$work/overlay
mkdir -p "$overlay/clos/build" "$overlay/clos/tests"
install -m 755 "$root/tests/softroce/init" "$overlay/init"
for prog in clos-loader closctl clos-topo clos-flows; do
	[ -x "$root/build/$prog" ] || { echo "Error: build/$prog missing: run make first" >&2; exit 1; }
	cp "$root/build/$prog" "$overlay/clos/build/"
done
cp -r "$root/netns-scripts" "$root/examples" "$overlay/clos/"
cp -r "$root/tests/softroce" "$overlay/clos/tests/"
if [ -n "$cmd" ]; then
	printf '#!/bin/sh\n%s\n' "$cmd" > "$overlay/clos/vm-cmd"
	chmod +x "$overlay/clos/vm-cmd"
fi
(cd "$overlay" && find . -print0 | cpio --null -o -H newc --quiet) > "$work/overlay.cpio"
# The kernel takes an uncompressed archive only at a 4-byte aligned offset:
# pad the compressed root with zeros (which it skips).
cp "$cache/rootfs.cpio.gz" "$work/initrd"
truncate -s %4 "$work/initrd"
cat "$work/overlay.cpio" >> "$work/initrd"

# No KVM on this machine: TCG, one host thread per vCPU.
: > "$log"
start=$(date +%s)
qemu-system-x86_64 -accel tcg,thread=multi -cpu max -smp 2 -m 2048 \
	-nodefaults -display none -no-reboot -nic none \
	-serial "file:$log" -kernel "$cache/vmlinuz" -initrd "$work/initrd" \
	-append "console=ttyS0 rdinit=/init panic=-1 quiet" &
qemu_pid=$!

# Follow the console until the VM powers off or the time is up.
tail -n +1 -f "$log" --pid "$qemu_pid" | sed -u 's/\r$//; s/^/  vm  /' &
tail_pid=$!
timed_out=0
while kill -0 "$qemu_pid" 2>/dev/null; do
	if [ $(( $(date +%s) - start )) -ge "$timeout" ]; then
		timed_out=1
		kill "$qemu_pid" 2>/dev/null
		break
	fi
	sleep 1
done
wait "$qemu_pid" 2>/dev/null || true
qemu_pid=
sleep 0.5
kill "$tail_pid" 2>/dev/null || true
wait "$tail_pid" 2>/dev/null || true
elapsed=$(( $(date +%s) - start ))

if [ "$timed_out" = 1 ]; then
	echo "softroce: FAIL: the VM did not finish within ${timeout}s"
	exit 1
fi
result=$(tr -d '\r' < "$log" | grep -E '^softroce: [0-9]+ passed, [0-9]+ failed' | tail -1 || true)
if [ -z "$result" ]; then
	echo "softroce: FAIL: the VM finished after ${elapsed}s without a result line"
	exit 1
fi
echo "$result (VM run ${elapsed}s)"
read -r passed failed < <(echo "$result" | awk '{print $2, $4}')
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
