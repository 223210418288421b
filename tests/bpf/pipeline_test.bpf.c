// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only entry points of fast mode, with the egress port of a frame
 * that is sent published in a global:
 *   clos_pipeline_test  the switch as it ships (clos_fast_pipeline(), the
 *                       program of bpf/clos_fast.bpf.c): the lane, then
 *                       the general pipeline for what the lane leaves
 *   clos_general_test   the general pipeline alone (clos_fast_pass()),
 *                       which the case tables run too: the lane must give
 *                       every frame it takes the general pipeline's result
 *   clos_lane_test      the lane alone (clos_lane_v4_xdp()): XDP_PASS with
 *                       lane_missed set for a frame it leaves
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "lib/entry_fast.h"

#define CLOS_TEST_NO_PORT	0xffffffffu

__u32 egress_port = CLOS_TEST_NO_PORT;
__u32 lane_missed;

static __always_inline int clos_test_sent(int ret, __u32 port)
{
	if (ret == XDP_REDIRECT)
		egress_port = port;
	return ret;
}

SEC("xdp")
int clos_pipeline_test(struct xdp_md *ctx)
{
	__u32 port = CLOS_TEST_NO_PORT;
	int ret = clos_fast_pipeline(ctx, &port, true);

	return clos_test_sent(ret, port);
}

SEC("xdp")
int clos_general_test(struct xdp_md *ctx)
{
	__u32 port = CLOS_TEST_NO_PORT;
	int ret = clos_fast_pass(ctx, &port, true);

	return clos_test_sent(ret, port);
}

SEC("xdp")
int clos_lane_test(struct xdp_md *ctx)
{
	__u32 port = CLOS_TEST_NO_PORT;
	int ret;

	lane_missed = 1;
	ret = clos_lane_v4_xdp(ctx, &port, true);
	if (ret == CLOS_LANE_MISS)
		return XDP_PASS;
	lane_missed = 0;
	return clos_test_sent(ret, port);
}

char LICENSE[] SEC("license") = "GPL";
