/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fast mode's programs as functions (bpf/clos_fast.bpf.c is their sections
 * and nothing else), so that the test and bench programs run what ships:
 *   clos_fast_ingress()  clos_ingress_xdp, XDP on every port;
 *   clos_fast_egress()   clos_egress_xdp, the tx_ports devmap's program.
 *
 * Every frame ends in exactly one terminal counter. Ingress counts the
 * punts and drops it decides, and a redirect that fails; a redirected
 * frame is counted by egress, as forwarded once the egress control has
 * passed it, or as the drop that control decided.
 */
#ifndef CLOS_ENTRY_FAST_H
#define CLOS_ENTRY_FAST_H

#include "ingress.h"
#include "egress_xdp.h"
#include "observe.h"

/* *port: the egress port, when the frame is redirected (XDP_REDIRECT). */
static __always_inline int clos_fast_ingress(struct xdp_md *ctx, __u32 *port)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	long ret;

	clos_obs_rx(ctx, true, ctx->ingress_ifindex);
	ret = clos_ingress(data, data_end, data_end - data, CLOS_NO_HW_TAG,
			   ctx->ingress_ifindex, port);
	if (ret != CLOS_PARSE_OK) {
		clos_obs_verdict(ret, 0);
		return clos_stat_is_punt(ret) ? XDP_PASS : XDP_DROP;
	}

	ret = bpf_redirect_map(&tx_ports, *port, 0);
	if (ret != XDP_REDIRECT) {
		clos_stat(CLOS_STAT_DROP_REDIRECT, data_end - data);
		clos_port_drop(ctx->ingress_ifindex, data_end - data);
		clos_obs_verdict(CLOS_STAT_DROP_REDIRECT, 0);
		return XDP_DROP;
	}
	clos_obs_verdict(CLOS_STAT_FWD, *port);
	return XDP_REDIRECT;
}

/* The egress of port_id; qos is a constant: false only for the bench's
 * measure of what the QoS stage costs. */
static __always_inline int clos_fast_egress_port(struct xdp_md *ctx,
						 __u32 port_id, const bool qos)
{
	__u32 len = ctx->data_end - ctx->data;
	int ret = clos_egress_stage_xdp(ctx, port_id, qos);

	clos_stat(ret, len);
	if (ret == CLOS_STAT_FWD)
		clos_obs_tx(ctx, true, port_id);
	return ret == CLOS_STAT_FWD ? XDP_PASS : XDP_DROP;
}

/* The egress of the port on ifindex (the devmap entry's device). */
static __always_inline int clos_fast_egress(struct xdp_md *ctx, __u32 ifindex)
{
	__u32 id;

	if (clos_port_of_ifindex(ifindex, &id)) {
		clos_stat(CLOS_STAT_DROP_EGRESS, ctx->data_end - ctx->data);
		return XDP_DROP;
	}
	return clos_fast_egress_port(ctx, id, true);
}

#endif /* CLOS_ENTRY_FAST_H */
