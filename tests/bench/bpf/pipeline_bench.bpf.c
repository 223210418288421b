// SPDX-License-Identifier: GPL-2.0
/*
 * The fast-mode pipeline as `make bench` times it with BPF_PROG_TEST_RUN:
 * the shipped program (clos_fast_pipeline(): ingress, the egress port's
 * control, the redirect into tx_ports), in one pass as it runs on a port.
 *
 *   bench_pipeline        the whole of it.
 *   bench_pipeline_noqos  the same without the QoS stage (class, traffic-
 *                         manager model, ECN, per-class counters), left out
 *                         by the constant the shipped function takes: what
 *                         the QoS stage costs is the difference.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "lib/entry_fast.h"

SEC("xdp")
int bench_pipeline(struct xdp_md *ctx)
{
	__u32 port = 0;

	return clos_fast_pipeline(ctx, &port, true);
}

SEC("xdp")
int bench_pipeline_noqos(struct xdp_md *ctx)
{
	__u32 port = 0;

	return clos_fast_pipeline(ctx, &port, false);
}

char LICENSE[] SEC("license") = "GPL";
