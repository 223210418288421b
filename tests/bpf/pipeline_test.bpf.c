// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only entry point: the whole fast-mode pipeline in one program.
 * The devmap egress program cannot be run by BPF_PROG_TEST_RUN, so this runs
 * clos_ingress() and then, for a forwarded frame, the egress control of the
 * chosen port, and returns XDP_TX so the test gets the frame as it would
 * leave the switch. The egress port id is published in a global. Punts and
 * drops return XDP_PASS / XDP_DROP as the production program does.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "lib/ingress.h"
#include "lib/egress_xdp.h"

#define CLOS_TEST_NO_PORT	0xffffffffu

__u32 egress_port = CLOS_TEST_NO_PORT;

SEC("xdp")
int clos_pipeline_test(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	const struct clos_port *out;
	struct clos_port_stats *ps;
	__u32 port = 0, len = data_end - data;
	int ret;

	ret = clos_ingress(data, data_end, ctx->ingress_ifindex, &port);
	if (ret != CLOS_PARSE_OK)
		return clos_stat_is_punt(ret) ? XDP_PASS : XDP_DROP;

	out = bpf_map_lookup_elem(&ports, &port);
	if (!out || clos_egress_vlan_xdp(ctx, out)) {
		clos_stat(CLOS_STAT_DROP_EGRESS, len);
		return XDP_DROP;
	}
	ps = clos_port_stats(port);
	if (ps)
		clos_count(&ps->tx, ctx->data_end - ctx->data);
	clos_stat(CLOS_STAT_FWD, len);
	egress_port = port;
	return XDP_TX;
}

char LICENSE[] SEC("license") = "GPL";
