/* SPDX-License-Identifier: GPL-2.0 */
/* The switch's tables. User space pins each under /sys/fs/bpf/clos/<switch>/
 * by the map name given here, and closctl finds them by that name. */
#ifndef CLOS_MAPS_H
#define CLOS_MAPS_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "clos/abi.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, CLOS_MAX_PORTS);
	__type(key, __u32);
	__type(value, struct clos_port);
} ports SEC(".maps");

/* ifindex -> port id + 1 (CLOS_IFINDEX_PORT): XDP gives us the ifindex,
 * the tables speak port ids. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, CLOS_MAX_IFINDEX);
	__type(key, __u32);
	__type(value, __u32);
} port_by_ifindex SEC(".maps");

/* Egress ports; each entry carries the devmap egress program. */
struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, CLOS_MAX_PORTS);
	__type(key, __u32);
	__type(value, struct bpf_devmap_val);
} tx_ports SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, CLOS_ROUTE_V4_MAX);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct clos_lpm_v4);
	__type(value, struct clos_route);
} route_v4 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, CLOS_ROUTE_V6_MAX);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct clos_lpm_v6);
	__type(value, struct clos_route);
} route_v6 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, CLOS_MAX_NEXTHOPS);
	__type(key, __u32);
	__type(value, struct clos_nexthop);
} nexthop SEC(".maps");

/* An array (its lookup is inlined, a hash lookup is a call, a hash and a
 * key compare) of two copies per group and the live copy's index
 * (struct clos_ecmp_entry): a packet never sees half of a membership
 * change. Mapped into the writer's memory, which flips the index with one
 * store (lib/table/ecmp_store.h). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, CLOS_MAX_GROUPS);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, struct clos_ecmp_entry);
} ecmp_groups SEC(".maps");

/* The switch's configuration (abi.h struct clos_switch_cfg) as global
 * data: the ECMP seed is one load, not a map lookup (which the compiler
 * takes for a call, and spills around). Its section is a one-entry array
 * map of its own, which user space writes and the loader pins as
 * switch_cfg (CLOS_SWITCH_CFG_SECTION). Words, not the struct: the
 * skeletons would need abi.h before them. */
volatile __u64 clos_cfg_words[sizeof(struct clos_switch_cfg) / 8] SEC(".data.cfg");
#define CLOS_CFG	(*(volatile struct clos_switch_cfg *)clos_cfg_words)

/* Every counter of a port, per class included: one lookup per port. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, CLOS_MAX_PORTS);
	__type(key, __u32);
	__type(value, struct clos_port_ctr);
} port_ctr SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct clos_stats);
} stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, CLOS_ECMP_STATS_MAX);
	__type(key, __u32);
	__type(value, struct clos_counter);
} ecmp_stats SEC(".maps");

/* QoS: classification maps, per-class scheduling, the traffic manager. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, CLOS_NUM_PCP);
	__type(key, __u32);
	__type(value, struct clos_tc_val);
} pcp_tc SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, CLOS_NUM_DSCP);
	__type(key, __u32);
	__type(value, struct clos_tc_val);
} dscp_tc SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, CLOS_NUM_TC);
	__type(key, __u32);
	__type(value, struct clos_tc_val);
} tc_pcp SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, CLOS_NUM_TC);
	__type(key, __u32);
	__type(value, struct clos_tc_sched);
} tc_sched SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, CLOS_TM_KEYS);
	__type(key, __u32);
	__type(value, struct clos_tm_profile);
} tm_profile SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, CLOS_MAX_PORTS);
	__type(key, __u32);
	__type(value, struct clos_tm_port);
} tm_state SEC(".maps");

/* Per-port punt policer (abi.h struct clos_punt_police). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, CLOS_MAX_PORTS);
	__type(key, __u32);
	__type(value, struct clos_punt_police);
} punt_police SEC(".maps");

/* The port on ifindex: 0 with *id set, or -1 when it is none of ours. */
static __always_inline int clos_port_of_ifindex(__u32 ifindex, __u32 *id)
{
	__u32 *v = bpf_map_lookup_elem(&port_by_ifindex, &ifindex);

	if (!v || *v == CLOS_IFINDEX_NO_PORT)
		return -1;
	*id = *v - 1;
	return 0;
}

#endif /* CLOS_MAPS_H */
