// SPDX-License-Identifier: GPL-2.0
/*
 * The fast-mode pipeline as `make bench` times it with BPF_PROG_TEST_RUN:
 * the shipped ingress (redirect into tx_ports included) and the shipped
 * egress of the chosen port, chained as tests/bpf/fast_chain.h does for
 * the unit tests (test_run cannot run a devmap program).
 *
 *   bench_pipeline        the whole of it.
 *   bench_pipeline_noqos  the same without the egress QoS stage (class,
 *                         traffic-manager model, ECN, per-class counters),
 *                         left out by the constant the shipped egress
 *                         takes: what the QoS stage costs is the difference.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "../../bpf/fast_chain.h"

SEC("xdp")
int bench_pipeline(struct xdp_md *ctx)
{
	__u32 port = 0;

	return fast_chain(ctx, &port, true);
}

SEC("xdp")
int bench_pipeline_noqos(struct xdp_md *ctx)
{
	__u32 port = 0;

	return fast_chain(ctx, &port, false);
}

char LICENSE[] SEC("license") = "GPL";
