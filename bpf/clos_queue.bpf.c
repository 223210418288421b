// SPDX-License-Identifier: GPL-2.0
/* Queue mode: the same ingress pipeline as a TC (clsact ingress) program,
 * bpf_redirect to the egress port, whose clsact egress program runs the
 * egress control before the port's HTB queues. All logic is in lib/. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "lib/ingress.h"
#include "lib/egress_tc.h"

SEC("tc")
int clos_ingress_tc(struct __sk_buff *skb)
{
	const struct clos_port *out;
	void *data, *data_end;
	__u32 port = 0, len = skb->len;
	int ret;

	clos_tc_pull(skb);
	data = (void *)(long)skb->data;
	data_end = (void *)(long)skb->data_end;
	ret = clos_ingress(data, data_end, len, clos_tc_hw_tci(skb),
			   skb->ingress_ifindex, &port);
	if (ret != CLOS_PARSE_OK)
		return clos_stat_is_punt(ret) ? TC_ACT_OK : TC_ACT_SHOT;

	out = bpf_map_lookup_elem(&ports, &port);
	if (!out || bpf_redirect(out->ifindex, 0) != TC_ACT_REDIRECT) {
		clos_stat(CLOS_STAT_DROP_REDIRECT, len);
		clos_port_drop(skb->ingress_ifindex, len);
		return TC_ACT_SHOT;
	}
	clos_stat(CLOS_STAT_FWD, len);
	return TC_ACT_REDIRECT;
}

SEC("tc")
int clos_egress_tc(struct __sk_buff *skb)
{
	__u32 ifindex = skb->ifindex;
	__u32 id;

	if (clos_port_of_ifindex(ifindex, &id)) {
		clos_stat(CLOS_STAT_DROP_EGRESS, skb->len);
		return TC_ACT_SHOT;
	}
	return clos_egress_stage_tc(skb, id);
}

char LICENSE[] SEC("license") = "GPL";
