/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The test programs of tests/bpf/ built for the host (prog_fast.c,
 * prog_tc.c), as the harness calls them: plain buffers in and out, so
 * that the harness, which sees the uapi contexts through libbpf, never
 * meets the host's (host_ctx.h).
 */
#ifndef CLOS_FUZZ_HOST_PROG_H
#define CLOS_FUZZ_HOST_PROG_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>
#include "host_map.h"
#include "../../unit/tc_view.h"

/* A frame in a buffer: data at buf + off, len bytes, room up to cap. */
struct host_frame {
	__u8 *buf;
	size_t cap;
	size_t off;
	size_t len;
};

/* How far in front of the data an XDP program may move it: test_run's
 * XDP_PACKET_HEADROOM less the struct xdp_frame kept there. */
#define HOST_XDP_HEADROOM	256
#define HOST_XDP_FRAME_SIZE	40
/* The host frame starts this far into its buffer, so that the IP header
 * after a 14-byte Ethernet header is 4-byte aligned (NET_IP_ALIGN): BPF
 * reads packet data unaligned by design, C may not, and UBSan says so. */
#define HOST_IP_ALIGN		2

/* tests/bpf/pipeline_test.bpf.c on f (data at HOST_IP_ALIGN +
 * HOST_XDP_HEADROOM): returns its XDP action, *egress_port as it published it; f
 * becomes the frame as the program left it. */
int host_pipeline_test(struct host_prog *prog, struct host_frame *f,
		       __u32 ingress_ifindex, __u32 *egress_port);

/* The skb fields test_run takes in ctx_in and gives back in ctx_out. */
struct host_skb_io {
	__u32 mark;
	__u32 priority;
	__u32 ingress_ifindex;
	__u32 ifindex;
};

/* tests/bpf/tc_test.bpf.c's ingress (egress false) or egress program on
 * f, with the tag hw_tci_in (-1: none) beside the data first: returns its
 * TC action, io and view as the program left them. */
int host_tc_test(struct host_prog *prog, bool egress, struct host_frame *f,
		 __s32 hw_tci_in, __u32 hw_proto_in, struct host_skb_io *io,
		 struct clos_tc_view *view);

#endif /* CLOS_FUZZ_HOST_PROG_H */
