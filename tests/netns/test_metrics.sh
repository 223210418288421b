#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# clos-exporter scraped by a real Prometheus, and clos-topo graph, on a
# small fabric "mtr" (2 spines, 2 leaves, leaf2 in queue mode, a host
# each; namespaces clos-mtr-*) after ping traffic and a few packets to nowhere (no route):
#   - clos-exporter and Debian's prometheus run in a namespace of their
#     own (clos-mtrprom), on 127.0.0.1; Prometheus scrapes every second and
#     its HTTP API must return the counters closctl -j prints;
#   - promtool check metrics finds nothing wrong with a scrape, which holds
#     every switch counter, every port and class, every ECMP member and,
#     once clos-fibsync has run, the FIB sync's counters as closctl fib
#     stats has them;
#   - bad --listen is refused by name, a busy one too; SIGTERM stops it;
#   - the graph's DOT has every node in its tier's row, every link with
#     its rate and state (a link set down is drawn down), --stats numbers
#     equal to closctl's port counters; svg output is an SVG.
# Runs as root from anywhere; cleans up on any exit.
set -u

cd "$(dirname "$0")/../.."
. netns-scripts/lib.sh

TOPO_BIN=$CLOS_BUILD/clos-topo
EXPORTER=$CLOS_BUILD/clos-exporter
FIBSYNC=$CLOS_BUILD/clos-fibsync
TMP=$(mktemp -d /tmp/clos-metrics.XXXXXX)
FILE=$TMP/mtr.yaml
PROM_NS=clos-mtrprom
EXP_ADDR=127.0.0.1:9850
PROM_ADDR=127.0.0.1:9090
SWITCHES="mtr-spine1 mtr-spine2 mtr-leaf1 mtr-leaf2"
BG_PIDS=()

# leaf2 in queue mode, for the kernel queues' metrics.
cat >"$FILE" <<EOF
name: mtr
topology:
  nodes:
    spine1: {kind: spine}
    spine2: {kind: spine}
    leaf1: {kind: leaf}
    leaf2: {kind: leaf, mode: queue}
    h1-1: {kind: host}
    h2-1: {kind: host}
  links:
    - endpoints: ["leaf1:eth1", "spine1:eth1"]
    - endpoints: ["leaf1:eth2", "spine2:eth1"]
    - endpoints: ["leaf2:eth1", "spine1:eth2"]
    - endpoints: ["leaf2:eth2", "spine2:eth2"]
    - endpoints: ["h1-1:eth0", "leaf1:eth3"]
    - endpoints: ["h2-1:eth0", "leaf2:eth3"]
EOF

cleanup() {
	clos_stop "${BG_PIDS[@]}"
	"$TOPO_BIN" down "$FILE" >/dev/null 2>&1
	ip netns del "$PROM_NS" 2>/dev/null
	rm -rf "$TMP" /run/clos/mtr-leaf1
}
trap cleanup EXIT
trap 'exit 130' INT TERM

clos_require metrics jq curl prometheus promtool dot -- "$TOPO_BIN" "$EXPORTER" \
	"$FIBSYNC" "$CLOS_CTL" "$CLOS_LOADER"
echo "metrics: clos-exporter, Prometheus and clos-topo graph on fabric mtr (namespaces clos-mtr-*, $PROM_NS)"

"$TOPO_BIN" down "$FILE" >/dev/null 2>&1
ip netns del "$PROM_NS" 2>/dev/null
if ! "$TOPO_BIN" up "$FILE" >/dev/null || ! clos_ns_add "$PROM_NS"; then
	clos_fail "fabric mtr up, namespace $PROM_NS"
	clos_summary metrics
	exit 1
fi
clos_pass "fabric mtr up, namespace $PROM_NS"

in_prom() { ip netns exec "$PROM_NS" "$@"; }

# ---- traffic ---------------------------------------------------------------

clos_check "h1-1 pings h2-1 (20 packets)" \
	"$TOPO_BIN" exec "$FILE" h1-1 -- ping -c 20 -i 0.02 -W 2 10.1.2.1
# Nothing routes 10.99/16: leaf1 drops these as drop_no_route.
"$TOPO_BIN" exec "$FILE" h1-1 -- ping -c 5 -i 0.02 -W 1 10.99.0.1 >/dev/null 2>&1
no_route=$("$CLOS_CTL" -s mtr-leaf1 -j stats | jq '.stats.drop_no_route.packets')
clos_check "leaf1 dropped the 5 packets to 10.99.0.1 as drop_no_route ($no_route)" \
	test "$no_route" -ge 5

# ---- the exporter on its own --------------------------------------------------

clos_check_eq "--listen without a port is refused by name" \
	"$("$EXPORTER" --listen 127.0.0.1 2>&1 >/dev/null; echo "rc=$?")" \
	"Error: --listen '127.0.0.1': no port; want ADDR:PORT, ADDR an IPv4 address or [IPv6], PORT 1..65535 (e.g. 127.0.0.1:9850, [::1]:9850, 0.0.0.0:9850)
rc=2"
clos_check_eq "--listen with port 70000 is refused by name" \
	"$("$EXPORTER" --listen 127.0.0.1:70000 2>&1 >/dev/null; echo "rc=$?")" \
	"Error: --listen '127.0.0.1:70000': port '70000' is not 1..65535
rc=2"
clos_check_eq "--listen with a bad address is refused by name" \
	"$("$EXPORTER" --listen 10.1.2:9850 2>&1 >/dev/null | cut -d';' -f1; echo "rc=${PIPESTATUS[0]}")" \
	"Error: --listen '10.1.2:9850': '10.1.2' is not an IPv4 address
rc=2"
clos_check_eq "-s with a bad switch name is refused" \
	"$("$EXPORTER" -s 'a/b' >/dev/null 2>&1; echo "rc=$?")" "rc=2"

# ip netns exec execs the program: $! is the exporter itself.
ip netns exec "$PROM_NS" "$EXPORTER" --listen $EXP_ADDR >"$TMP/exporter.out" 2>"$TMP/exporter.err" &
EXP_PID=$!
BG_PIDS+=($EXP_PID)
clos_check "clos-exporter serves in $PROM_NS on $EXP_ADDR" \
	clos_wait_for 5 grep -q "serving http://$EXP_ADDR/metrics" "$TMP/exporter.out"
clos_check_eq "a second exporter on the same address is refused" \
	"$(in_prom "$EXPORTER" --listen $EXP_ADDR 2>&1 >/dev/null; echo "rc=$?")" \
	"Error: --listen $EXP_ADDR: cannot listen: Address already in use
rc=1"
clos_check_eq "GET /nothing: 404" \
	"$(in_prom curl -s -o /dev/null -w '%{http_code}' "http://$EXP_ADDR/nothing")" 404
clos_check_eq "POST /metrics: 405" \
	"$(in_prom curl -s -o /dev/null -w '%{http_code}' -X POST "http://$EXP_ADDR/metrics")" 405

in_prom curl -sf "http://$EXP_ADDR/metrics" >"$TMP/scrape.txt"
clos_check_eq "the scrape is text/plain version 0.0.4" \
	"$(in_prom curl -sf -o /dev/null -w '%{content_type}' "http://$EXP_ADDR/metrics")" \
	"text/plain; version=0.0.4; charset=utf-8"
clos_check "promtool check metrics finds nothing to say" \
	bash -c "out=\$(promtool check metrics <'$TMP/scrape.txt' 2>&1) && [ -z \"\$out\" ] || { echo \"\$out\"; false; }"

# ctl_ports SW, scrape_ports SW: rx tx drop punt packets of every port,
# from closctl and from a scrape.
ctl_ports() {
	"$CLOS_CTL" -s "$1" -j stats |
		jq -r '.ports[] | "\(.rx.packets) \(.tx.packets) \(.drop.packets) \(.punt.packets)"'
}
scrape_ports() {
	local scrape p m
	scrape=$(in_prom curl -sf "http://$EXP_ADDR/metrics") || return 1
	for p in $(jq -r '.ports[].name' "$TMP/$1.json"); do
		for m in receive transmit dropped punted; do
			printf '%s\n' "$scrape" |
				sed -n "s/^clos_port_${m}_packets_total{switch=\"$1\",port=\"$p\"} //p"
		done | tr '\n' ' ' | sed 's/ $//'
		echo
	done
}
# ports_agree SW: closctl, a scrape, closctl again, all equal: the
# kernels' ARP and ND come and go, so only a quiet moment compares.
ports_agree() {
	local a b s
	a=$(ctl_ports "$1") && s=$(scrape_ports "$1") && b=$(ctl_ports "$1") || return 1
	[ -n "$a" ] && [ "$a" = "$b" ] && [ "$s" = "$a" ]
}
# series NAME SWITCH: how many samples of metric NAME the scrape has for SWITCH.
series() { grep -c "^$1{switch=\"$2\"" "$TMP/scrape.txt"; }
for sw in $SWITCHES; do
	"$CLOS_CTL" -s "$sw" -j stats >"$TMP/$sw.json"
	nstats=$(jq '.stats | length' "$TMP/$sw.json")
	nports=$(jq '.ports | length' "$TMP/$sw.json")
	nmembers=$(jq '.ecmp | length' "$TMP/$sw.json")
	clos_check_eq "$sw: clos_switch_up 1" \
		"$(grep -c "^clos_switch_up{switch=\"$sw\"} 1$" "$TMP/scrape.txt")" 1
	clos_check_eq "$sw: every switch counter ($nstats) is a series" \
		"$(grep -E "^clos_[a-z0-9_]+_packets_total\\{switch=\"$sw\"(,reason=\"[a-z0-9_]+\")?\\} " \
		   "$TMP/scrape.txt" | grep -vc '^clos_\(port\|queue\|qdisc\|ecmp\|punt_policed\)_')" \
		"$nstats"
	clos_check_eq "$sw: every port ($nports) has rx/tx/drop/punt" \
		"$(( $(series clos_port_receive_packets_total "$sw") + $(series clos_port_transmit_packets_total "$sw") +
		     $(series clos_port_dropped_packets_total "$sw") + $(series clos_port_punted_packets_total "$sw") ))" \
		"$((4 * nports))"
	clos_check_eq "$sw: every port and class has packets, bytes, CE marks, drops, backlog" \
		"$(( $(series clos_queue_transmit_packets_total "$sw") + $(series clos_queue_transmit_bytes_total "$sw") +
		     $(series clos_queue_ecn_marked_packets_total "$sw") + $(series clos_queue_dropped_packets_total "$sw") +
		     $(series clos_queue_backlog_bytes "$sw") ))" "$((5 * 8 * nports))"
	clos_check_eq "$sw: every ECMP member ($nmembers) has packets" \
		"$(series clos_ecmp_member_packets_total "$sw")" "$nmembers"
	clos_check_eq "$sw: every port has its punt policer" \
		"$(series clos_punt_policed_packets_total "$sw")" "$nports"
	clos_check "$sw: the scrape's port counters are closctl's" \
		clos_wait_for 5 ports_agree "$sw"
done
# scrape_qdisc / closctl_qdisc: leaf2's kernel queues, "port class sent
# dropped" a line each; compared at a quiet moment as ports_agree does.
scrape_qdisc() {
	in_prom curl -sf "http://$EXP_ADDR/metrics" |
	sed -n 's/^clos_qdisc_\(transmit_packets\|dropped_packets\)_total{switch="mtr-leaf2",port="\([^"]*\)",class="\([0-7]\)"} /\2 \3 \1 /p' |
	awk '{v[$1" "$2] = v[$1" "$2] " " $4} END {for (k in v) print k v[k]}' | sort
}
closctl_qdisc() {
	"$CLOS_CTL" -s mtr-leaf2 -v -j queue show |
	jq -r '.[] | "\(.port) \(.tc) \(.qdisc.sent_packets) \(.qdisc.dropped)"' | sort
}
qdisc_agree() {
	local a b s
	a=$(closctl_qdisc) && s=$(scrape_qdisc) && b=$(closctl_qdisc) || return 1
	[ -n "$a" ] && [ "$a" = "$b" ] && [ "$s" = "$a" ]
}
clos_check_eq "leaf2 (queue mode): every port and class has its kernel queue" \
	"$(series clos_qdisc_transmit_packets_total mtr-leaf2) $(series clos_qdisc_backlog_bytes mtr-leaf2)" \
	"$((8 * $(jq '.ports | length' "$TMP/mtr-leaf2.json"))) $((8 * $(jq '.ports | length' "$TMP/mtr-leaf2.json")))"
clos_check "leaf2's kernel queues: sent and dropped per port and class are closctl queue show's" \
	clos_wait_for 3 qdisc_agree
clos_check_eq "leaf1 (fast mode) has no kernel queue" "$(series clos_qdisc_transmit_packets_total mtr-leaf1)" 0
clos_check_eq "leaf1's drop_no_route is clos_dropped_packets_total{reason=\"no_route\"}" \
	"$(sed -n 's/^clos_dropped_packets_total{switch="mtr-leaf1",reason="no_route"} //p' "$TMP/scrape.txt")" \
	"$(jq '.stats.drop_no_route.packets' "$TMP/mtr-leaf1.json")"
clos_check_eq "leaf1's ECMP members: closctl's packets" \
	"$(grep '^clos_ecmp_member_packets_total{switch="mtr-leaf1"' "$TMP/scrape.txt" | awk '{print $2}' | tr '\n' ' ')" \
	"$(jq -r '.ecmp[].packets' "$TMP/mtr-leaf1.json" | tr '\n' ' ')"

# ---- Prometheus --------------------------------------------------------------

cat >"$TMP/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: clos
    static_configs:
      - targets: ['$EXP_ADDR']
EOF
mkdir -p "$TMP/tsdb"
ip netns exec "$PROM_NS" prometheus --config.file="$TMP/prometheus.yml" --storage.tsdb.path="$TMP/tsdb" \
	--web.listen-address=$PROM_ADDR --log.level=warn >"$TMP/prometheus.log" 2>&1 &
BG_PIDS+=($!)
clos_check "prometheus is ready on $PROM_ADDR in $PROM_NS" \
	clos_wait_for 30 in_prom curl -sf "http://$PROM_ADDR/-/ready"

# query PROMQL: the first sample's value, or nothing.
query() {
	in_prom curl -sf -G "http://$PROM_ADDR/api/v1/query" --data-urlencode "query=$1" |
		jq -r '.data.result[0].value[1] // empty'
}
# prom_equals PROMQL WANT: poll until Prometheus has WANT (a scrape a second).
prom_equals() { [ "$(query "$1")" = "$2" ]; }

clos_check "Prometheus scraped the exporter: up{job=\"clos\"} is 1" \
	clos_wait_for 15 prom_equals 'up{job="clos"}' 1
want=$("$CLOS_CTL" -s mtr-leaf1 -j stats | jq '.ports[] | select(.name == "eth3") | .tx.packets')
clos_wait_for 10 prom_equals 'clos_port_transmit_packets_total{switch="mtr-leaf1",port="eth3"}' "$want"
clos_check_eq "Prometheus: leaf1 eth3 transmit packets = closctl's" \
	"$(query 'clos_port_transmit_packets_total{switch="mtr-leaf1",port="eth3"}')" "$want"
want=$("$CLOS_CTL" -s mtr-leaf1 -j stats | jq '.stats.drop_no_route.packets')
clos_wait_for 10 prom_equals 'clos_dropped_packets_total{switch="mtr-leaf1",reason="no_route"}' "$want"
clos_check_eq "Prometheus: leaf1 drops by reason no_route = closctl's" \
	"$(query 'clos_dropped_packets_total{switch="mtr-leaf1",reason="no_route"}')" "$want"
want=$("$CLOS_CTL" -s mtr-spine1 -j stats | jq '.stats.forwarded.packets')
clos_wait_for 10 prom_equals 'clos_forwarded_packets_total{switch="mtr-spine1"}' "$want"
clos_check_eq "Prometheus: spine1 forwarded packets = closctl's" \
	"$(query 'clos_forwarded_packets_total{switch="mtr-spine1"}')" "$want"
clos_check_eq "Prometheus: sum of drops by reason = the port drops, on leaf1" \
	"$(query 'sum(clos_dropped_packets_total{switch="mtr-leaf1"})')" \
	"$(query 'sum(clos_port_dropped_packets_total{switch="mtr-leaf1"})')"

# ---- FIB sync counters -------------------------------------------------------

clos_check "clos-fibsync mtr-leaf1 --once" "$FIBSYNC" mtr-leaf1 --once
in_prom curl -sf "http://$EXP_ADDR/metrics" >"$TMP/scrape2.txt"
"$CLOS_CTL" -s mtr-leaf1 -j fib stats >"$TMP/fib.json"
clos_check_eq "FIB sync: routes added, netlink messages, full syncs = closctl fib stats" \
	"$(for m in 'clos_fibsync_route_writes_total{switch="mtr-leaf1",op="added"}' \
		    'clos_fibsync_netlink_messages_total{switch="mtr-leaf1"}' \
		    'clos_fibsync_full_syncs_total{switch="mtr-leaf1"}'; do
		grep -F "$m " "$TMP/scrape2.txt" | awk '{print $2}'
	   done | tr '\n' ' ')" \
	"$(jq -r '.counters | "\(.tables.routes_added) \(.netlink.messages) \(.full_syncs) "' "$TMP/fib.json")"
clos_check_eq "FIB sync: errors by kind, one series each" \
	"$(grep -c '^clos_fibsync_errors_total{switch="mtr-leaf1"' "$TMP/scrape2.txt")" \
	"$(jq '.counters.errors | length' "$TMP/fib.json")"
clos_check "promtool check metrics: the scrape with the FIB sync's" \
	bash -c "out=\$(promtool check metrics <'$TMP/scrape2.txt' 2>&1) && [ -z \"\$out\" ] || { echo \"\$out\"; false; }"

# ---- SIGTERM -------------------------------------------------------------------

kill -TERM "$EXP_PID"
wait "$EXP_PID"
clos_check_eq "SIGTERM: the exporter exits 0" "$?" 0
clos_check "SIGTERM: it says so" grep -q "stopped by SIGTERM" "$TMP/exporter.out"
clos_check_fails "SIGTERM: the port is closed" in_prom curl -sf "http://$EXP_ADDR/metrics"

# ---- clos-topo graph --------------------------------------------------------------

# A link down, to be drawn down: spine1's side of leaf2's uplink.
"$TOPO_BIN" show "$FILE" -j >"$TMP/show.json"
nlinks=$(jq '[.nodes[].ports[]] | length / 2' "$TMP/show.json")
clos_check "clos-topo link spine1:eth2 down" "$TOPO_BIN" link "$FILE" spine1:eth2 down
clos_check "graph -o FILE.dot" "$TOPO_BIN" graph "$FILE" -o "$TMP/g.dot"
dot -Tjson "$TMP/g.dot" >"$TMP/g.json"
clos_check_eq "every node is in its tier's row (tier2 spines, tier1 leaves, tier0 hosts)" \
	"$(jq -r '. as $g | .objects[] | select(.nodes) | "\(.name): " +
		([.nodes[] | $g.objects[.] | select(.clos_kind) | .clos_kind] | unique | join(","))' \
		"$TMP/g.json" | tr '\n' ' ')" \
	"tier2: spine tier1: leaf tier0: host "
clos_check_eq "every node of the fabric is drawn once" \
	"$(jq -r '[.objects[] | select(.clos_kind) | .name] | sort | join(" ")' "$TMP/g.json")" \
	"$(jq -r '[.nodes[].name] | sort | join(" ")' "$TMP/show.json")"
clos_check_eq "the rows are in order: spines above leaves above hosts, each at one height" \
	"$(jq -r '[.objects[] | select(.clos_kind)] | group_by(.clos_kind) |
		map({k: .[0].clos_kind, y: (map(.pos | split(",")[1] | tonumber) | unique)}) |
		map(select(.y | length == 1)) | sort_by(-.y[0]) | map(.k) | join(" ")' "$TMP/g.json")" \
	"spine leaf host"
# edges: "upper:port-lower:port state rate" for every link, sorted.
edges() {
	jq -r '. as $g | .edges[] | select(.clos_state) |
		"\($g.objects[.tail].name):\(.taillabel)-\($g.objects[.head].name):\(.headlabel) \(.clos_state) \(.clos_rate_bps)"' \
		"$1" | sort
}
clos_check_eq "every link is drawn, with its rate and state (spine1-leaf2 down)" \
	"$(edges "$TMP/g.json" | tr '\n' ' ')" \
	"$(jq -r '.nodes[] | select(.kind != "host") as $n | $n.ports[] |
		(.peer | split(":")) as $p |
		select(($n.kind == "spine") or ($p[0] | startswith("h"))) |
		"\($n.name):\(.ifname)-\($p[0]):\($p[1]) \(if $n.name == "spine1" and .ifname == "eth2" then "down" else "up" end) \(.rate_bps)"' \
		"$TMP/show.json" | sort | tr '\n' ' ')"
clos_check_eq "the links in the DOT: as many as the fabric has" \
	"$(edges "$TMP/g.json" | wc -l)" "$nlinks"
clos_check "clos-topo link spine1:eth2 up" "$TOPO_BIN" link "$FILE" spine1:eth2 up
clos_check "graph after: every link up" \
	clos_wait_for 5 bash -c "'$TOPO_BIN' graph '$FILE' -o - | grep -c 'clos_state=\"up\"' | grep -qx $nlinks"

# --stats against closctl: packets down (what the upper end sent), up (a
# switch's tx, or a host's packets as the leaf received them), drops at
# the switch ends. Read twice in a row; a stray frame (IPv6 router
# solicitation, ND) between the reads is why it may take another try.
stats_expected() {
	local sw
	for sw in $SWITCHES; do "$CLOS_CTL" -s "$sw" -j stats; done |
	jq -s --slurpfile show "$TMP/show.json" -r '
		(map({key: .switch, value: (.ports | map({key: .name, value: .}) | from_entries)}) |
		 from_entries) as $c |
		($show[0].nodes | map({key: .name, value: .}) | from_entries) as $n |
		def sw($node): "mtr-" + $node;
		def ctr($node; $ifn): $c[sw($node)][$ifn];
		$show[0].nodes[] | select(.kind != "host") as $u | $u.ports[] |
		(.peer | split(":")) as $p | select(($u.kind == "spine") or ($p[0] | startswith("h"))) |
		ctr($u.name; .ifname) as $a |
		(if $n[$p[0]].kind == "host" then null else ctr($p[0]; $p[1]) end) as $b |
		"\($u.name):\(.ifname)-\($p[0]):\($p[1]) \($a.tx.packets) " +
		"\(if $b then $b.tx.packets else $a.rx.packets end) " +
		"\($a.drop.packets + (if $b then $b.drop.packets else 0 end))"' | sort
}
stats_drawn() {
	"$TOPO_BIN" graph "$FILE" --stats -o "$TMP/s.dot" || return 1
	dot -Tjson0 "$TMP/s.dot" | jq -r '. as $g | .edges[] | select(.clos_state) |
		"\($g.objects[.tail].name):\(.taillabel)-\($g.objects[.head].name):\(.headlabel) \(.clos_packets_down) \(.clos_packets_up) \(.clos_drops)"' | sort
}
stats_agree() {
	local a b
	a=$(stats_expected) && b=$(stats_drawn) || return 1
	printf '%s\n' "$a" >"$TMP/stats.want"
	printf '%s\n' "$b" >"$TMP/stats.got"
	[ "$a" = "$b" ] && [ "$(wc -l <"$TMP/stats.got")" -eq "$nlinks" ]
}
ok=0
for try in 1 2 3; do
	stats_agree && { ok=1; break; }
done
clos_check_eq "graph --stats: every link's packets and drops are closctl's" "$ok" 1
[ "$ok" -eq 1 ] || diff "$TMP/stats.want" "$TMP/stats.got"
clos_check "graph --stats: h1-1's link carried the 20 pings down, those and 5 more up" \
	bash -c "grep -E '^leaf1:eth3-h1-1:eth0 ([2-9][0-9]|[0-9]{3,}) ([3-9][0-9]|2[5-9]|[0-9]{3,}) ' '$TMP/stats.got'"
clos_check "graph -o FILE.svg: an SVG" "$TOPO_BIN" graph "$FILE" --stats -o "$TMP/g.svg"
# svg_nodes FILE: the node names the SVG shows, sorted (dot writes '-' as &#45;).
svg_nodes() {
	grep -q '<svg' "$1" && sed -n 's/&#45;/-/g; s/^<title>\([^<]*\)<\/title>$/\1/p' "$1" |
		grep -v -- '--\|^mtr$\|^tier[0-9]* label$' | sort | tr '\n' ' '
}
clos_check_eq "the SVG holds every node" "$(svg_nodes "$TMP/g.svg")" "h1-1 h2-1 leaf1 leaf2 spine1 spine2 "
clos_check_eq "graph -o FILE.png is refused by name" \
	"$("$TOPO_BIN" graph "$FILE" -o "$TMP/g.png" 2>&1; echo "rc=$?")" \
	"Error: fabric mtr: -o '$TMP/g.png': want FILE.svg, FILE.dot or - (DOT on stdout)
rc=1"

clos_summary metrics
