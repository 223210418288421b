// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only entry point: the fast-mode switch as it ships
 * (clos_fast_pipeline(), the program of bpf/clos_fast.bpf.c), with the
 * egress port of a frame that is sent published in a global.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "lib/entry_fast.h"

#define CLOS_TEST_NO_PORT	0xffffffffu

__u32 egress_port = CLOS_TEST_NO_PORT;

SEC("xdp")
int clos_pipeline_test(struct xdp_md *ctx)
{
	__u32 port = CLOS_TEST_NO_PORT;
	int ret = clos_fast_pipeline(ctx, &port, true);

	if (ret == XDP_REDIRECT)
		egress_port = port;
	return ret;
}

char LICENSE[] SEC("license") = "GPL";
