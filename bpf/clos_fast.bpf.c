// SPDX-License-Identifier: GPL-2.0
/* Fast mode: XDP ingress on every port, redirect through the tx_ports devmap
 * whose per-entry program is the egress control. All logic is in lib/. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "lib/ingress.h"
#include "lib/egress_xdp.h"

SEC("xdp")
int clos_ingress_xdp(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u32 port = 0;
	long ret;

	ret = clos_ingress(data, data_end, data_end - data, CLOS_NO_HW_TAG,
			   ctx->ingress_ifindex, &port);
	if (ret != CLOS_PARSE_OK)
		return clos_stat_is_punt(ret) ? XDP_PASS : XDP_DROP;

	ret = bpf_redirect_map(&tx_ports, port, 0);
	if (ret != XDP_REDIRECT) {
		clos_stat(CLOS_STAT_DROP_REDIRECT, data_end - data);
		clos_port_drop(ctx->ingress_ifindex, data_end - data);
		return XDP_DROP;
	}
	clos_stat(CLOS_STAT_FWD, data_end - data);
	return XDP_REDIRECT;
}

SEC("xdp/devmap")
int clos_egress_xdp(struct xdp_md *ctx)
{
	__u32 ifindex = ctx->egress_ifindex;
	__u32 id;

	if (clos_port_of_ifindex(ifindex, &id)) {
		clos_stat(CLOS_STAT_DROP_EGRESS, ctx->data_end - ctx->data);
		return XDP_DROP;
	}
	return clos_egress_stage_xdp(ctx, id);
}

char LICENSE[] SEC("license") = "GPL";
