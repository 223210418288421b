/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The bench switch: bpf/pipeline_bench.bpf.c loaded through its skeleton
 * (nothing pinned) as a leaf of rack 1, built as clos-loader builds a
 * switch (lib/switch/build.h), its tables then written through the library
 * closctl uses (lib/table.h, lib/ecmp.h, lib/port_cfg.h, lib/portstate.h),
 * frames pushed through BPF_PROG_TEST_RUN.
 *
 *   port 0      "host1"            host port: where the frames come in
 *   port 1..N   "up1".."upN"       fabric ports to the spines (N <= 16)
 *
 * Port p has MAC 02:c1:be:00:00:pp. Nexthop p (1..N) is on port p; its
 * neighbour MAC is port 0's own MAC, so a forwarded frame comes out
 * addressed to the switch again and a repeated test run (which reuses one
 * buffer) is admitted round after round. Every port's ifindex is lo's: a
 * test run needs a real device. Routes: none; callers add them.
 */
#ifndef CLOS_BENCH_BSWITCH_H
#define CLOS_BENCH_BSWITCH_H

#include <stdbool.h>
#include <stddef.h>
#include "clos/abi.h"
#include "switch.h"

#define BSW_IFINDEX		1	/* lo */
#define BSW_HOST_PORT		0
#define BSW_MAX_UPLINKS		CLOS_MAX_MEMBERS
#define BSW_SEED		0x5eedbe7cu
#define BSW_PORT_MAC(p)		{ 0x02, 0xc1, 0xbe, 0x00, 0x00, (p) }

struct pipeline_bench;

struct bsw {
	struct pipeline_bench *skel;
	struct clos_switch sw;
	int prog_fd;		/* bench_pipeline: the whole pipeline */
	int noqos_fd;		/* bench_pipeline_noqos: without egress QoS */
	int uplinks;
};

/* Load and fill the switch with uplinks fabric ports; route_v4 gets room
 * for route_v4_max entries (0: as in production). Errors are printed. */
int bsw_open(struct bsw *b, int uplinks, __u32 route_v4_max);
void bsw_close(struct bsw *b);

/* closctl's `table add TABLE ENTRY`, e.g. ("route_v4", "10.1.2.0/24 =>
 * ecmp 1"). */
int bsw_table_add(struct bsw *b, const char *table, const char *entry);
/* Group gid over nexthops 1..n (uplinks 1..n), built fresh. */
int bsw_group(struct bsw *b, __u32 gid, enum clos_ecmp_kind kind, int n);
/* closctl's `port set upP rate RATE` (default profiles for the rate). */
int bsw_port_rate(struct bsw *b, __u32 port, __u64 rate_bps);
/* A port's link going down or up, as the link watcher applies it. */
int bsw_port_state(struct bsw *b, __u32 port, bool up);

/* One test run of frame (len bytes) through prog_fd, repeated repeat
 * times on the same buffer. out (BENCH_FRAME_MAX bytes) gets the frame as
 * it is after the last round, *out_len its length; *duration_ns is the
 * kernel's mean time per round. Returns 0 or a negative errno. */
int bsw_run(int prog_fd, const void *frame, size_t len, __u32 repeat,
	    void *out, __u32 *out_len, __u32 *retval, __u32 *duration_ns);

/* A stat counter (packets, all CPUs). */
__u64 bsw_stat(struct bsw *b, enum clos_stat stat);

/* Pin the calling thread to the last online CPU (steadier timings). */
void bsw_pin_cpu(void);

#endif /* CLOS_BENCH_BSWITCH_H */
