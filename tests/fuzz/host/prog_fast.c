// SPDX-License-Identifier: GPL-2.0
/* tests/bpf/pipeline_test.bpf.c, compiled as host C: fast mode's shipped
 * pipeline (entry_fast.h), as the unit tests load it. */
#include "../../bpf/pipeline_test.bpf.c"
#include "host_prog.h"

__attribute__((visibility("default")))
int host_pipeline_test(struct host_prog *prog, struct host_frame *f,
		       __u32 ingress_ifindex, __u32 *port)
{
	struct xdp_md ctx = {
		.data = (long)(f->buf + f->off),
		.data_end = (long)(f->buf + f->off + f->len),
		.data_start = (long)(f->buf + HOST_IP_ALIGN + HOST_XDP_FRAME_SIZE),
		.ingress_ifindex = ingress_ifindex,
	};
	int ret;

	ctx.data_meta = ctx.data;
	host_prog_current = prog;
	host_global_fill(CLOS_SWITCH_CFG_SECTION, clos_cfg_words, sizeof(clos_cfg_words));
	egress_port = CLOS_TEST_NO_PORT;
	ret = clos_pipeline_test(&ctx);
	*port = egress_port;
	f->off = (__u8 *)ctx.data - f->buf;
	f->len = ctx.data_end - ctx.data;
	host_prog_current = NULL;
	return ret;
}
