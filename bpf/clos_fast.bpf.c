// SPDX-License-Identifier: GPL-2.0
/* Fast mode: XDP on every port, the whole pipeline in one pass, then a
 * redirect through the tx_ports devmap (entries without a program). The
 * program is lib/entry_fast.h. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "lib/entry_fast.h"

SEC("xdp")
int clos_ingress_xdp(struct xdp_md *ctx)
{
	__u32 port = 0;

	return clos_fast_pipeline(ctx, &port, true);
}

char LICENSE[] SEC("license") = "GPL";
