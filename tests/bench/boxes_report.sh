#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/bench/boxes_report.sh BOXES.JSON: section 8 of docs/benchmarks.md
# (markdown on stdout) from what tests/bench/boxes.sh measured.
set -u

J=$1
[ -s "$J" ] || exit 0
m() { jq -r ".summary[\"$1\"].$2 // \"-\" | if type == \"number\" and . > 100 then round else . end" "$J"; }
ratio() { jq -r ".summary | if .[\"$1\"] and .[\"one-box\"] then
	(.[\"$1\"].mpps_median / .[\"one-box\"].mpps_median * 100 | round | tostring) + \"%\" else \"-\" end" "$J"; }

cat <<EOF

## 8. Across boxes: a fabric split over two machines

\`tests/bench/boxes.sh\` runs \`examples/boxes-2x4.yaml\`, the 2x4 fabric with spine1, leaf1, leaf2
on box A and spine2, leaf3, leaf4 on box B. Two underlay namespaces joined by a veth stand in
for the boxes. It sends 64-byte UDP frames from h1 (box A) to h3 (box B): every path crosses
one VXLAN tunnel. The same file brought up without \`--box\` is the same fabric on one box, every
link a veth. The windows are interleaved, $(jq '.windows | length' "$J") in all, and the table
gives the medians.

| fabric | switches | Mpps | vs one box | CPU ns/pkt | worst loss |
| --- | --- | --- | --- | --- | --- |
| one box | fast mode, native XDP on veths | $(m one-box mpps_median) | 100% | $(m one-box cpu_ns_per_pkt_median) | $(m one-box loss_max) |
| two boxes | fast mode: generic XDP on every port of a switch with a tunnel port (what \`up\` picks) | $(m boxes-fast mpps_median) | $(ratio boxes-fast) | $(m boxes-fast cpu_ns_per_pkt_median) | $(m boxes-fast loss_max) |
| two boxes | queue mode: TC programs on every port | $(m boxes-queue mpps_median) | $(ratio boxes-queue) | $(m boxes-queue cpu_ns_per_pkt_median) | $(m boxes-queue loss_max) |

- A vxlan device has no native XDP, and so no XDP transmit (\`ndo_xdp_xmit\`). A native
  port could not hand it a frame.
- So \`clos-loader attach\` (auto) runs every port of a switch with a tunnel port in
  generic XDP. Every frame is then a socket buffer on that switch, and encapsulation is
  the kernel's.
- Queue mode (TC) takes the same socket buffers, adds the clsact hooks and costs more
  per packet.
- [fabric.md](fabric.md#boxes-fabrics-across-machines) has the design.
EOF
