/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The reference forwarders' tables (bpf/floor.bpf.c), as clos-bench fills
 * them (cmd_minfwd.c, cmd_pipeline.c). Types and limits only: compiled by
 * BPF and by user space.
 */
#ifndef BENCH_FLOOR_H
#define BENCH_FLOOR_H

#include <linux/types.h>

#define FLOOR_MAX_PORTS		64	/* floor_tx, key: clos's port id */
#define FLOOR_MAX_NEXTHOPS	256	/* floor_nexthops, id 0 unused */
#define FLOOR_MAX_GROUPS	64	/* floor_groups, id 0 unused */
#define FLOOR_GROUP_SLOTS	64	/* a power of 2: slot = hash & (n - 1) */
#define FLOOR_MAX_IFINDEX	256	/* floor_port_ctr, key: ifindex */
#define FLOOR_NUM_DSCP		64
#define FLOOR_NUM_TC		8

struct floor_lpm_key {
	__u32 prefixlen;
	__u8 addr[4];
};

/* floor_routes' value. bench_minfwd takes nexthop; the ECMP programs take
 * group's members where group is not 0. Nexthop 0 (and no group): the
 * switch's own kernel (XDP_PASS, TC_ACT_OK). */
struct floor_route {
	__u32 nexthop;
	__u32 group;
};

struct floor_nexthop {
	__u32 port;		/* floor_tx key */
	__u32 ifindex;		/* the egress port's: TC's redirect, counters */
	__u8 smac[6];
	__u8 dmac[6];
};

/* An ECMP group as a slot table: slot -> nexthop id, the active members
 * dealt round-robin over the slots. The flow's hash picks the slot. */
struct floor_group {
	__u32 nexthop[FLOOR_GROUP_SLOTS];
};

struct floor_counter {
	__u64 packets;
	__u64 bytes;
};

/* One port's counters (floor_port_ctr, per CPU): one lookup a port. */
struct floor_port_ctr {
	struct floor_counter rx;
	struct floor_counter tx;
	struct floor_counter tc_tx[FLOOR_NUM_TC];	/* tx by traffic class */
};

/* A port as the semantic floor's admission sees it (floor_ports, key:
 * ifindex): its MAC, which a routed frame must be addressed to, and
 * whether it is up, which an egress port must be. */
struct floor_port {
	__u8 mac[6];
	__u8 up;
	__u8 pad;
	__u16 vlan;		/* 0: untagged, the only kind the floor takes */
	__u16 pad2;
};

/* The switch's own counters (floor_stats, per CPU, one entry): frames
 * forwarded, and of them the ones an ECMP group sent. */
struct floor_stats {
	struct floor_counter fwd;
	struct floor_counter fwd_ecmp;
	struct floor_counter roce;
	struct floor_counter roce_cnp;
};

/* The least state a rate model shared by the CPUs keeps for a port
 * (floor_tm, bench_model_floor): when it last drained, and its backlog. */
struct floor_tm {
	__u64 last_ns;
	__u64 backlog;
};

/* The drain floor's port (floor_tm8, bench_model_drain_floor): when it
 * last drained, a backlog per class, and the frames it marked. Its port
 * runs at FLOOR_TM_BYTES_PER_S, its frames are of class FLOOR_TM_TC and
 * marked from FLOOR_TM_KMIN bytes queued: clos's uplinks in the pipeline
 * benchmark (100 Gbit/s, RoCE's class 3 and its Kmin at that rate). */
#define FLOOR_TM_BYTES_PER_S	12500000000ull
#define FLOOR_TM_TC		3
#define FLOOR_TM_KMIN		150000
struct floor_tm8 {
	__u64 last_ns;
	__u64 backlog[FLOOR_NUM_TC];
	__u64 marked;
};

#endif /* BENCH_FLOOR_H */
