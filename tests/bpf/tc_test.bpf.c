// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only TC entry points around the queue-mode pipeline (the same
 * bpf/lib code as bpf/clos_queue.bpf.c), for what BPF_PROG_TEST_RUN on an
 * skb cannot show or set:
 *   - a VLAN tag beside the data (skb->vlan_tci), where the kernel's
 *     receive path puts an 802.1Q tag and where bpf_skb_vlan_push() leaves
 *     one: test_run neither takes it from ctx_in nor copies it to ctx_out.
 *     hw_tci_in >= 0 puts that tag beside the data before the pipeline
 *     runs; what the skb carries beside the data after it is published.
 *   - the egress port: the production egress program finds it by
 *     skb->ifindex, which test_run ties to a real device; here the test
 *     names it (egress_port).
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "lib/ingress.h"
#include "lib/egress_tc.h"
#include "../unit/tc_view.h"

__s32 hw_tci_in = -1;
__u32 egress_port;
struct clos_tc_view view;

static __always_inline int put_hw_tag(struct __sk_buff *skb)
{
	if (hw_tci_in < 0)
		return 0;
	return bpf_skb_vlan_push(skb, bpf_htons(ETH_P_8021Q), hw_tci_in);
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

/* clos_ingress_tc, after an optional tag beside the data. */
SEC("tc")
int clos_tc_ingress_test(struct __sk_buff *skb)
{
	const struct clos_port *out;
	void *data, *data_end;
	__u32 port = CLOS_TC_VIEW_NO_PORT, len;
	int ret;

	if (put_hw_tag(skb))
		return TC_ACT_SHOT;
	len = skb->len;
	clos_tc_pull(skb);
	data = (void *)(long)skb->data;
	data_end = (void *)(long)skb->data_end;
	ret = clos_ingress(data, data_end, len, clos_tc_hw_tci(skb),
			   skb->ingress_ifindex, &port);
	if (ret != CLOS_PARSE_OK) {
		ret = clos_stat_is_punt(ret) ? TC_ACT_OK : TC_ACT_SHOT;
		publish(skb, ret, CLOS_TC_VIEW_NO_PORT);
		return ret;
	}
	out = bpf_map_lookup_elem(&ports, &port);
	if (!out || bpf_redirect(out->ifindex, 0) != TC_ACT_REDIRECT) {
		clos_stat(CLOS_STAT_DROP_REDIRECT, len);
		clos_port_drop(skb->ingress_ifindex, len);
		publish(skb, TC_ACT_SHOT, port);
		return TC_ACT_SHOT;
	}
	clos_stat(CLOS_STAT_FWD, len);
	publish(skb, TC_ACT_REDIRECT, port);
	return TC_ACT_REDIRECT;
}

/* The egress control of egress_port, after an optional tag beside the
 * data. */
SEC("tc")
int clos_tc_egress_test(struct __sk_buff *skb)
{
	int ret;

	if (put_hw_tag(skb))
		return TC_ACT_SHOT;
	ret = clos_egress_stage_tc(skb, egress_port);
	publish(skb, ret, egress_port);
	return ret;
}

char LICENSE[] SEC("license") = "GPL";
