// SPDX-License-Identifier: GPL-2.0
/* Test-only entry point: runs the real parser (bpf/lib/parse.h) and flow hash
 * (bpf/lib/hash.h) and publishes what they found in a global, so unit tests
 * can check parsed fields (VLAN, DSCP, BTH QP/PSN, the 5-tuple) that the
 * forwarding verdict alone does not reveal. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "lib/parse.h"
#include "lib/hash.h"
#include "../unit/parse_view.h"

const volatile __u32 hash_seed = 0;	/* set through skel->rodata */

struct clos_parse_view view;

SEC("xdp")
int clos_parse_test(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct clos_pkt p;

	/* The view copies every field, also those a failed parse leaves
	 * unwritten: make them zero, not stack garbage. */
	__builtin_memset(&p, 0, sizeof(p));
	view.ret = clos_parse(&p, data, data_end, data_end - data, CLOS_NO_HW_TAG);
	view.len = p.len;
	view.l3_off = p.l3_off;
	view.proto = p.proto;
	view.num_tags = p.num_tags;
	view.tagged = p.tagged;
	view.vlan_bad = p.vlan_bad;
	view.martian = p.martian;
	view.vid = p.vid;
	view.pcp = p.pcp;
	view.dscp = p.dscp;
	view.ecn = p.ecn;
	view.ttl = p.ttl;
	view.l4_proto = p.l4_proto;
	view.is_frag = p.is_frag;
	view.roce = p.roce;
	view.bth_opcode = p.bth_opcode;
	view.bth_qpn = p.bth_qpn;
	view.bth_psn = p.bth_psn;
	view.hash = clos_flow_hash(&p, hash_seed);
	__builtin_memcpy(view.flow, &p.flow, sizeof(view.flow));
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
