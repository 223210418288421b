// SPDX-License-Identifier: GPL-2.0
/* Fast mode: XDP ingress on every port, redirect through the tx_ports devmap
 * whose per-entry program is the egress control. The programs are
 * lib/entry_fast.h. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "lib/entry_fast.h"

SEC("xdp")
int clos_ingress_xdp(struct xdp_md *ctx)
{
	__u32 port = 0;

	return clos_fast_ingress(ctx, &port);
}

SEC("xdp/devmap")
int clos_egress_xdp(struct xdp_md *ctx)
{
	return clos_fast_egress(ctx, ctx->egress_ifindex);
}

char LICENSE[] SEC("license") = "GPL";
