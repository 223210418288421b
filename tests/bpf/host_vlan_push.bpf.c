// SPDX-License-Identifier: GPL-2.0
/* Test host helper (clsact egress): tag every frame with VLAN 10, PCP 3.
 * It stands in for a VLAN interface with egress-qos-map 0:3, which this
 * lab's kernel cannot make (CONFIG_VLAN_8021Q is off). */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define HOST_VID	10
#define HOST_PCP	3

SEC("tc")
int host_vlan_push(struct __sk_buff *skb)
{
	bpf_skb_vlan_push(skb, bpf_htons(0x8100), (HOST_PCP << 13) | HOST_VID);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
