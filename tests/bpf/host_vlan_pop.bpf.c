// SPDX-License-Identifier: GPL-2.0
/* Test host helper (clsact ingress): untag what the switch sends tagged,
 * the receiving half of a VLAN interface (see host_vlan_push.bpf.c). */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

SEC("tc")
int host_vlan_pop(struct __sk_buff *skb)
{
	if (skb->vlan_present)
		bpf_skb_vlan_pop(skb);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
