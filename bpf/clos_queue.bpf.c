// SPDX-License-Identifier: GPL-2.0
/* Queue mode: the same ingress pipeline as a TC (clsact ingress) program,
 * bpf_redirect to the egress port, whose clsact egress program runs the
 * egress control before the port's HTB queues. The programs are
 * lib/entry_queue.h. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "lib/entry_queue.h"

SEC("tc")
int clos_ingress_tc(struct __sk_buff *skb)
{
	__u32 port = 0;

	return clos_queue_ingress(skb, &port);
}

SEC("tc")
int clos_egress_tc(struct __sk_buff *skb)
{
	return clos_queue_egress(skb);
}

char LICENSE[] SEC("license") = "GPL";
