// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only entry point: the fast-mode switch as it ships, ingress then
 * the chosen port's egress (fast_chain.h). The egress port of a frame that
 * is sent is published in a global.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "fast_chain.h"

#define CLOS_TEST_NO_PORT	0xffffffffu

__u32 egress_port = CLOS_TEST_NO_PORT;

SEC("xdp")
int clos_pipeline_test(struct xdp_md *ctx)
{
	__u32 port = CLOS_TEST_NO_PORT;
	int ret = fast_chain(ctx, &port, true);

	if (ret == XDP_REDIRECT)
		egress_port = port;
	return ret;
}

char LICENSE[] SEC("license") = "GPL";
