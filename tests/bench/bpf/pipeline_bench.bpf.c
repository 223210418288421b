// SPDX-License-Identifier: GPL-2.0
/*
 * The fast-mode pipeline as `make bench` times it with BPF_PROG_TEST_RUN:
 * the production ingress control (bpf/lib/ingress.h), the redirect into
 * tx_ports that the production entry makes, then the egress control the
 * devmap program would run, all in one program (test_run cannot run a
 * devmap program). Ingress and egress are separate BPF functions, as they
 * are separate programs in production, each with its own stack frame.
 *
 *   bench_pipeline        the whole of it (tests/bpf/pipeline_test.bpf.c
 *                         plus the redirect call).
 *   bench_pipeline_noqos  the same without the egress QoS stage (class,
 *                         traffic-manager model, ECN, per-class counters):
 *                         what the QoS stage costs is the difference.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "lib/ingress.h"
#include "lib/egress_xdp.h"

static __noinline int bench_ingress(struct xdp_md *ctx, __u32 *port)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;

	return clos_ingress(data, data_end, data_end - data, CLOS_NO_HW_TAG,
			    ctx->ingress_ifindex, port);
}

static __noinline int bench_egress(struct xdp_md *ctx, __u32 port)
{
	return clos_egress_stage_xdp(ctx, port);
}

/* clos_egress_stage_xdp() without clos_egress_qos(): a tagged port gets
 * PCP 0. */
static __noinline int bench_egress_noqos(struct xdp_md *ctx, __u32 port_id)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	const struct clos_port *port;
	struct clos_port_stats *ps;
	struct clos_pkt p;
	__u32 len = data_end - data;

	port = bpf_map_lookup_elem(&ports, &port_id);
	if (!port || clos_parse_l2(&p, data, data_end, len, CLOS_NO_HW_TAG) != CLOS_PARSE_OK)
		goto error;
	if (clos_egress_vlan_xdp(ctx, port, p.num_tags, 0))
		goto error;
	ps = clos_port_stats(port_id);
	if (ps)
		clos_count(&ps->tx, ctx->data_end - ctx->data);
	return XDP_PASS;
error:
	clos_stat(CLOS_STAT_DROP_EGRESS, len);
	return XDP_DROP;
}

static __always_inline int bench_run(struct xdp_md *ctx, int qos)
{
	__u32 port = 0, len = ctx->data_end - ctx->data;
	int ret;

	ret = bench_ingress(ctx, &port);
	if (ret != CLOS_PARSE_OK)
		return clos_stat_is_punt(ret) ? XDP_PASS : XDP_DROP;
	ret = bpf_redirect_map(&tx_ports, port, 0);
	if (ret != XDP_REDIRECT) {
		clos_stat(CLOS_STAT_DROP_REDIRECT, len);
		clos_port_drop(ctx->ingress_ifindex, len);
		return XDP_DROP;
	}
	clos_stat(CLOS_STAT_FWD, len);
	ret = qos ? bench_egress(ctx, port) : bench_egress_noqos(ctx, port);
	return ret == XDP_PASS ? XDP_REDIRECT : XDP_DROP;
}

SEC("xdp")
int bench_pipeline(struct xdp_md *ctx)
{
	return bench_run(ctx, 1);
}

SEC("xdp")
int bench_pipeline_noqos(struct xdp_md *ctx)
{
	return bench_run(ctx, 0);
}

char LICENSE[] SEC("license") = "GPL";
