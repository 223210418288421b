// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only TC entry points: queue mode's shipped programs
 * (bpf/lib/entry_queue.h) with what BPF_PROG_TEST_RUN on an skb cannot
 * do itself: put a VLAN tag beside the data (skb->vlan_tci), where the
 * kernel's receive path puts an 802.1Q tag (test_run takes none from
 * ctx_in), and show what the skb carries beside the data afterwards,
 * where bpf_skb_vlan_push() leaves a tag (test_run copies none to ctx_out
 * or the output bytes). hw_tci_in >= 0 is the tag put there first (with
 * TPID hw_proto_in); view is the skb after the program.
 *
 * clos_tc_general_test runs the general pipeline's ingress alone
 * (clos_queue_pass()), clos_tc_lane_test the lane alone
 * (clos_lane_v4_tc(); TC_ACT_OK with lane_missed set for a frame it
 * leaves): the lane must give every frame it takes the general
 * pipeline's result.
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "lib/entry_queue.h"
#include "../unit/tc_view.h"

__s32 hw_tci_in = -1;
__u32 hw_proto_in = ETH_P_8021Q;	/* its TPID: 802.1Q or 802.1ad */
struct clos_tc_view view;
__u32 lane_missed;

static __always_inline int put_hw_tag(struct __sk_buff *skb)
{
	if (hw_tci_in < 0)
		return 0;
	return bpf_skb_vlan_push(skb, bpf_htons(hw_proto_in), hw_tci_in);
}

static __always_inline void publish(struct __sk_buff *skb, int ret, __u32 port)
{
	view.ret = ret;
	view.port = port;
	view.vlan_present = skb->vlan_present;
	view.vlan_tci = skb->vlan_tci;
	view.vlan_proto = bpf_ntohs(skb->vlan_proto);
	view.priority = skb->priority;
}

/* publish() for an ingress program's verdict ret, port its egress port. */
static __always_inline int publish_ingress(struct __sk_buff *skb, int ret,
					   __u32 port)
{
	publish(skb, ret, ret == TC_ACT_REDIRECT ? port : CLOS_TC_VIEW_NO_PORT);
	return ret;
}

SEC("tc")
int clos_tc_ingress_test(struct __sk_buff *skb)
{
	__u32 port = CLOS_TC_VIEW_NO_PORT;
	int ret;

	if (put_hw_tag(skb))
		return TC_ACT_SHOT;
	ret = clos_queue_ingress(skb, &port);
	return publish_ingress(skb, ret, port);
}

SEC("tc")
int clos_tc_general_test(struct __sk_buff *skb)
{
	__u32 port = CLOS_TC_VIEW_NO_PORT;
	int ret;

	if (put_hw_tag(skb))
		return TC_ACT_SHOT;
	clos_tc_pull(skb);
	ret = clos_queue_pass(skb, &port);
	return publish_ingress(skb, ret, port);
}

SEC("tc")
int clos_tc_lane_test(struct __sk_buff *skb)
{
	__u32 port = CLOS_TC_VIEW_NO_PORT;
	int ret;

	if (put_hw_tag(skb))
		return TC_ACT_SHOT;
	clos_tc_pull(skb);
	lane_missed = 0;
	ret = clos_lane_v4_tc(skb, &port);
	if (ret == CLOS_LANE_MISS) {
		lane_missed = 1;
		ret = TC_ACT_OK;
	}
	return publish_ingress(skb, ret, port);
}

SEC("tc")
int clos_tc_egress_test(struct __sk_buff *skb)
{
	int ret;

	if (put_hw_tag(skb))
		return TC_ACT_SHOT;
	ret = clos_queue_egress(skb);
	publish(skb, ret, CLOS_TC_VIEW_NO_PORT);
	return ret;
}

char LICENSE[] SEC("license") = "GPL";
