/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fast mode's two shipped programs chained in one, for BPF_PROG_TEST_RUN,
 * which cannot run a devmap program (it refuses BPF_XDP_DEVMAP, and
 * egress_ifindex is readable only there): clos_fast_ingress() and, for a
 * frame it redirects, the egress of the port it chose
 * (clos_fast_egress_port(), which the devmap program reaches through the
 * entry's ifindex). Used by the unit tests (tests/bpf/pipeline_test.bpf.c)
 * and the bench (tests/bench/bpf/pipeline_bench.bpf.c).
 *
 * Ingress and egress are separate BPF functions, as they are separate
 * programs in production: each gets its own stack frame (together they
 * would not fit in one 512-byte frame).
 */
#ifndef CLOS_TEST_FAST_CHAIN_H
#define CLOS_TEST_FAST_CHAIN_H

#include "lib/entry_fast.h"

static __noinline int fast_chain_ingress(struct xdp_md *ctx, __u32 *port)
{
	return clos_fast_ingress(ctx, port);
}

static __noinline int fast_chain_egress(struct xdp_md *ctx, __u32 port)
{
	return clos_fast_egress_port(ctx, port, true);
}

static __noinline int fast_chain_egress_noqos(struct xdp_md *ctx, __u32 port)
{
	return clos_fast_egress_port(ctx, port, false);
}

/* What the switch does with the frame: XDP_REDIRECT when it is sent out
 * of *port (the frame is then as it leaves), otherwise what ingress
 * returned (a punt, a drop), or XDP_DROP when egress dropped it. qos
 * false leaves out the egress QoS stage (the bench's measure of it). */
static __always_inline int fast_chain(struct xdp_md *ctx, __u32 *port,
				      const bool qos)
{
	int ret = fast_chain_ingress(ctx, port);

	if (ret != XDP_REDIRECT)
		return ret;
	ret = qos ? fast_chain_egress(ctx, *port)
		  : fast_chain_egress_noqos(ctx, *port);
	return ret == XDP_PASS ? XDP_REDIRECT : XDP_DROP;
}

#endif /* CLOS_TEST_FAST_CHAIN_H */
