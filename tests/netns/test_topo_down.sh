#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# clos-topo down removes exactly what up made: two fabrics, "tdn" and
# "tdn-2", whose names share a prefix (and so do their namespaces,
# clos-tdn-* and clos-tdn-2-*). Down of "tdn" must leave "tdn-2" whole and
# working, and "tdn" can come up again. Runs as root from anywhere; cleans
# up on any exit.
set -u

cd "$(dirname "$0")/../.."
. netns-scripts/lib.sh

TOPO_BIN=$CLOS_BUILD/clos-topo
TMP=$(mktemp -d /tmp/clos-topodown.XXXXXX)
A=$TMP/tdn.yaml
B=$TMP/tdn-2.yaml

for f in tdn tdn-2; do
	cat >"$TMP/$f.yaml" <<EOF
name: $f
fabric: {spines: 1, leaves: 2, hosts_per_leaf: 1}
EOF
done

cleanup() {
	"$TOPO_BIN" down "$A" >/dev/null 2>&1
	"$TOPO_BIN" down "$B" >/dev/null 2>&1
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

clos_require topo_down jq -- "$TOPO_BIN" "$CLOS_LOADER"
echo "topo_down: fabrics tdn and tdn-2 side by side (namespaces clos-tdn-*)"

# The fabric's namespaces and switches, as sorted lists.
netns_of() { ip netns list | awk '{print $1}' | grep -E "^clos-$1-(spine|leaf|h)[0-9]" | sort | tr '\n' ' '; }
switches_of() { "$CLOS_LOADER" -j list | jq -r '.[].switch' | grep -E "^$1-(spine|leaf)[0-9]" | sort | tr '\n' ' '; }
status_line() { "$TOPO_BIN" status "$1" | tail -n 1; }

"$TOPO_BIN" down "$A" >/dev/null 2>&1
"$TOPO_BIN" down "$B" >/dev/null 2>&1
clos_check "up tdn" "$TOPO_BIN" up "$A"
clos_check "up tdn-2 beside it" "$TOPO_BIN" up "$B"
b_netns=$(netns_of tdn-2)
b_switches=$(switches_of tdn-2)
clos_check_eq "tdn-2 has its 5 namespaces" "$(echo $b_netns | wc -w)" 5
clos_check_eq "tdn-2 has its 3 switches" "$(echo $b_switches | wc -w)" 3

clos_check "down tdn" "$TOPO_BIN" down "$A"
clos_check_eq "tdn's namespaces are gone" "$(netns_of tdn)" ""
clos_check_eq "tdn's switches are gone" "$(switches_of tdn)" ""
clos_check_eq "tdn-2's namespaces are all there" "$(netns_of tdn-2)" "$b_netns"
clos_check_eq "tdn-2's switches are all attached" "$(switches_of tdn-2)" "$b_switches"
clos_check_eq "clos-topo status tdn-2: up" "$(status_line "$B")" \
	"fabric tdn-2: up (5/5 namespaces, 3/3 switches attached)"
clos_check "tdn-2 still forwards: h1-1 pings h2-1" \
	"$TOPO_BIN" exec "$B" h1-1 -- ping -c 2 -i 0.2 -W 2 10.1.2.1

clos_check "up tdn again (not refused as already up)" "$TOPO_BIN" up "$A"
clos_check "tdn forwards: h1-1 pings h2-1" \
	"$TOPO_BIN" exec "$A" h1-1 -- ping -c 2 -i 0.2 -W 2 10.1.2.1
clos_check "down tdn-2" "$TOPO_BIN" down "$B"
clos_check_eq "clos-topo status tdn: still up" "$(status_line "$A")" \
	"fabric tdn: up (5/5 namespaces, 3/3 switches attached)"
clos_check "down tdn" "$TOPO_BIN" down "$A"
clos_check_eq "nothing of either is left" "$(netns_of tdn)$(netns_of tdn-2)$(switches_of tdn)$(switches_of tdn-2)" ""

clos_summary topo_down
