// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only entry point: the whole fast-mode pipeline in one program.
 * The devmap egress program cannot be run by BPF_PROG_TEST_RUN, so this runs
 * clos_ingress() and then, for a forwarded frame, the egress control of the
 * chosen port, and returns XDP_TX so the test gets the frame as it would
 * leave the switch. The egress port id is published in a global. Punts and
 * drops return XDP_PASS / XDP_DROP as the production program does.
 *
 * Ingress and egress are separate BPF functions, as they are separate
 * programs in production: each gets its own stack frame (together they
 * would not fit in one 512-byte frame) laid out as in production.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "lib/ingress.h"
#include "lib/egress_xdp.h"

#define CLOS_TEST_NO_PORT	0xffffffffu

__u32 egress_port = CLOS_TEST_NO_PORT;

static __noinline int pipeline_ingress(struct xdp_md *ctx, __u32 *port)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;

	return clos_ingress(data, data_end, data_end - data, CLOS_NO_HW_TAG,
			    ctx->ingress_ifindex, port);
}

static __noinline int pipeline_egress(struct xdp_md *ctx, __u32 port)
{
	return clos_egress_stage_xdp(ctx, port);
}

SEC("xdp")
int clos_pipeline_test(struct xdp_md *ctx)
{
	__u32 port = 0, len = ctx->data_end - ctx->data;
	int ret;

	ret = pipeline_ingress(ctx, &port);
	if (ret != CLOS_PARSE_OK)
		return clos_stat_is_punt(ret) ? XDP_PASS : XDP_DROP;

	if (pipeline_egress(ctx, port) != XDP_PASS)
		return XDP_DROP;
	clos_stat(CLOS_STAT_FWD, len);
	egress_port = port;
	return XDP_TX;
}

char LICENSE[] SEC("license") = "GPL";
