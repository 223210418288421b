/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What tests/bpf/tc_test.bpf.c saw of the skb after the pipeline ran: the
 * verdict, the port, and the fields test_run's ctx_out leaves out (the
 * VLAN tag beside the data). Shared by that BPF program and the unit tests,
 * which read it through the skeleton's bss.
 */
#ifndef CLOS_TEST_TC_VIEW_H
#define CLOS_TEST_TC_VIEW_H

#include <linux/types.h>

#define CLOS_TC_VIEW_NO_PORT	0xffffffffu

struct clos_tc_view {
	__s32 ret;		/* TC_ACT_* */
	__u32 port;		/* egress port, CLOS_TC_VIEW_NO_PORT: none */
	__u32 vlan_present;
	__u32 vlan_tci;		/* host order */
	__u32 vlan_proto;	/* host order */
	__u32 priority;
};

#endif /* CLOS_TEST_TC_VIEW_H */
