/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fast mode's program as a function (bpf/clos_fast.bpf.c is its section and
 * nothing else), so that the test and bench programs run what ships:
 *   clos_fast_pipeline()  clos_ingress_xdp, XDP on every port.
 *
 * One pass: the frame is parsed and its ingress port looked up once, and
 * everything is decided here, the egress port's part too (egress_xdp.h:
 * class, PCP, queue model, CE or drop, VLAN tag, counters). The tx_ports
 * devmap then only sends; its entries carry no program.
 *
 * Every frame tries the lane first (lane_v4.h): the common
 * frame in one flat pass, with the same result. What the lane leaves,
 * untouched, goes through the general pipeline below (clos_fast_pass).
 *
 * One function, ingress inlined: a BPF-to-BPF call in between kept the
 * whole parse and both ports in memory across it, 15-20 ns a packet. The
 * queue model's frames are what is left of the 512 bytes of the call
 * chain (its working memory is the per-CPU tm_scratch, qos.h).
 *
 * Every frame ends in exactly one terminal counter: ingress counts the
 * punts and drops it decides (clos_ingress), a redirect that fails, and
 * then the egress verdict: forwarded, or the drop the egress control
 * decided. The redirect is tried before the egress control runs, so a
 * frame whose egress port has no devmap entry never reaches the model or
 * the egress port's counters.
 */
#ifndef CLOS_ENTRY_FAST_H
#define CLOS_ENTRY_FAST_H

#include <stdbool.h>
#include "ingress.h"
#include "egress_xdp.h"
#include "observe.h"
#include "lane_v4.h"

/* The general pipeline, for any frame; as clos_fast_pipeline(). */
static __always_inline int clos_fast_pass(struct xdp_md *ctx, __u32 *port,
					  const bool qos)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u32 len = data_end - data;
	struct clos_ingress_res r;
	long ret;

	clos_obs_rx(ctx, true, ctx->ingress_ifindex);
	/* Set by ingress when it forwards: what tells the verifier, which
	 * cannot tie every return value to that path, that r is filled. */
	r.out = NULL;
	ret = clos_ingress(data, data_end, len, CLOS_NO_HW_TAG,
			   ctx->ingress_ifindex, &r);
	if (ret != CLOS_PARSE_OK || !r.out) {
		clos_obs_verdict(ret, 0);
		return clos_stat_is_punt(ret) ? XDP_PASS : XDP_DROP;
	}

	if (bpf_redirect_map(&tx_ports, r.port, 0) != XDP_REDIRECT) {
		clos_stat_add(r.stats, CLOS_STAT_DROP_REDIRECT, len);
		if (r.in_ctr)
			clos_count(&r.in_ctr->port.drop, len);
		clos_obs_verdict(CLOS_STAT_DROP_REDIRECT, 0);
		return XDP_DROP;
	}
	ret = clos_egress_stage_xdp(ctx, &r, qos);
	clos_stat_add(r.stats, ret, len);
	if (ret != CLOS_STAT_FWD) {
		clos_obs_verdict(ret, 0);
		return XDP_DROP;
	}
	clos_obs_verdict(CLOS_STAT_FWD, r.port);
	clos_obs_tx(ctx, true, r.port);
	*port = r.port;
	return XDP_REDIRECT;
}

/* *port: the egress port, when the frame is redirected (XDP_REDIRECT). qos
 * is a constant: false only for the bench's measure of what the QoS stage
 * costs. */
static __always_inline int clos_fast_pipeline(struct xdp_md *ctx, __u32 *port,
					      const bool qos)
{
	int ret = clos_lane_v4_xdp(ctx, port, qos);

	if (ret != CLOS_LANE_MISS)
		return ret;
	return clos_fast_pass(ctx, port, qos);
}

#endif /* CLOS_ENTRY_FAST_H */
