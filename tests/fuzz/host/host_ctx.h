/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The program contexts of the host build: the fields the pipeline reads,
 * by their uapi names, with data/data_end as real pointers (long), and
 * what the host helpers need to move them (the buffer's bounds).
 */
#ifndef CLOS_FUZZ_HOST_CTX_H
#define CLOS_FUZZ_HOST_CTX_H

#include <linux/types.h>

struct xdp_md {
	long data;
	long data_end;
	long data_meta;
	__u32 ingress_ifindex;
	__u32 rx_queue_index;
	__u32 egress_ifindex;
	/* Host only: where bpf_xdp_adjust_head() may move data to. */
	long data_start;	/* the kernel's xdp_frame_end (+ no metadata) */
};

struct __sk_buff {
	__u32 len;
	__u32 mark;
	__u32 protocol;		/* network order, as eth_type_trans() sets it */
	__u32 vlan_present;
	__u32 vlan_tci;
	__u32 vlan_proto;	/* network order */
	__u32 priority;
	__u32 ingress_ifindex;
	__u32 ifindex;
	long data;
	long data_end;
	/* Host only: the buffer, for the VLAN helpers' push and pull. */
	long head;
	long end;
};

/* skb->protocol as eth_type_trans() sets it for the frame in skb. */
void host_skb_set_protocol(struct __sk_buff *skb);

#endif /* CLOS_FUZZ_HOST_CTX_H */
