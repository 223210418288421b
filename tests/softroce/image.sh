#!/usr/bin/env bash
# Build the Soft-RoCE VM image once, into a cache folder:
#
#   CACHE/vmlinuz          Debian's kernel (it has rdma_rxe; the lab's kernel does not)
#   CACHE/rootfs.cpio.gz   a Debian 12 minbase root with rdma-core, perftest and the
#                          libraries clos links, plus the kernel modules the test loads
#   CACHE/image.ok         written last: the image is complete
#
# A second run with image.ok present does nothing. The project's own binaries are
# not in the image: vm.sh appends them as a second initramfs on every boot.
#
# usage: tests/softroce/image.sh CACHE_DIR
set -euo pipefail

cache=${1:?usage: image.sh CACHE_DIR}
mirror=${CLOS_DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=bookworm

# What runs inside the VM: rxe tools, the libraries of clos-loader/closctl/
# clos-topo (same Debian release as the build host, so the same sonames),
# and the shell tools the test script uses.
packages=rdma-core,ibverbs-utils,perftest,rdmacm-utils,iproute2,kmod,procps,
packages+=libbpf1,libxdp1,libjson-c5,libyaml-0-2,libelf1,zlib1g,libpcap0.8,
packages+=ethtool,iputils-ping,tcpdump,jq,gawk
# Modules the test loads (init reads the list from /etc/clos-modules), with
# whatever they depend on. rxe needs the crc32 shash: without it `rdma link
# add` fails with a bare ENOENT.
modules="crc32_generic crc32_pclmul rdma_rxe rdma_ucm ib_uverbs veth sch_htb sch_ingress cls_bpf"

[ -e "$cache/image.ok" ] && { echo "softroce: image cached in $cache"; exit 0; }
for tool in debootstrap apt-get dpkg-deb depmod modprobe cpio gzip; do
	command -v "$tool" >/dev/null || { echo "Error: $tool not found (make deps-softroce)" >&2; exit 1; }
done

mkdir -p "$cache"
work=$(mktemp -d "$cache/build.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The kernel the linux-image-amd64 metapackage points at today.
kpkg=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
[ -n "$kpkg" ] || { echo "Error: no linux-image-amd64 in the apt sources (apt-get update?)" >&2; exit 1; }
echo "softroce: kernel package $kpkg"
(cd "$work" && apt-get download -q -o APT::Sandbox::User=root "$kpkg" >/dev/null)
dpkg-deb -x "$work"/"$kpkg"_*.deb "$work/kernel"
kver=$(ls "$work/kernel/lib/modules")
depmod -b "$work/kernel" "$kver"

echo "softroce: debootstrap $suite (minbase) into $work/root"
debootstrap --variant=minbase --include="$packages" "$suite" "$work/root" "$mirror" \
	>"$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log" >&2; exit 1; }

# Modules: copy exactly what modprobe would insert, then index them.
mkdir -p "$work/root/lib/modules/$kver"
cp "$work/kernel/lib/modules/$kver"/modules.{order,builtin,builtin.modinfo} \
	"$work/root/lib/modules/$kver/"
modprobe -d "$work/kernel" -S "$kver" -a --show-depends $modules |
	awk '$1 == "insmod" { print $2 }' | sort -u |
	while read -r ko; do
		rel=${ko#"$work/kernel"}
		mkdir -p "$work/root$(dirname "$rel")"
		cp "$ko" "$work/root$rel"
	done
depmod -b "$work/root" "$kver"
echo "$modules" > "$work/root/etc/clos-modules"

# Only RAM holds this root: drop what no test reads.
rm -rf "$work/root"/usr/share/{doc,man,info,locale} "$work/root"/var/cache/apt/* \
	"$work/root"/var/lib/apt/lists/*

# gzip: every Debian kernel unpacks it (a zstd root was refused by 6.1).
(cd "$work/root" && find . -print0 | cpio --null -o -H newc --quiet) |
	gzip -6 > "$work/rootfs.cpio.gz"
cp "$work/kernel/boot/vmlinuz-$kver" "$work/vmlinuz"
cp "$work/kernel/boot/config-$kver" "$work/kernel.config"
mv "$work/rootfs.cpio.gz" "$work/vmlinuz" "$work/kernel.config" "$cache/"
echo "$kver" > "$cache/kernel.version"
touch "$cache/image.ok"
echo "softroce: image ready in $cache (kernel $kver, $(du -sh "$cache/rootfs.cpio.gz" | cut -f1) root)"
