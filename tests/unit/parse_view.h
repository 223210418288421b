/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What tests/bpf/parser_test.bpf.c saw: the scalar fields of struct clos_pkt
 * (the packet pointers cannot leave the program) plus the flow hash. Shared
 * by that BPF program and the unit tests, which read it through the
 * skeleton's bss.
 */
#ifndef CLOS_TEST_PARSE_VIEW_H
#define CLOS_TEST_PARSE_VIEW_H

#include <linux/types.h>
#include "clos/abi.h"

struct clos_parse_view {
	__s32 ret;		/* CLOS_PARSE_OK (= CLOS_STAT_MAX) or a clos_stat */
	__u32 len;
	__u16 l3_off;
	__u16 proto;
	__u8 num_tags;
	__u8 tagged;
	__u16 vid;
	__u8 pcp;
	__u8 dscp;
	__u8 ecn;
	__u8 ttl;
	__u8 l4_proto;
	__u8 is_frag;
	__u8 roce;
	__u8 bth_opcode;
	__u32 bth_qpn;
	__u32 bth_psn;
	__u32 hash;		/* clos_flow_hash() with the hash_seed knob */
	__u8 flow[sizeof(struct clos_flow_v6)];	/* the hash input, as parsed */
	__u8 vlan_bad;		/* an 802.1ad tag or stacked tags */
	__u8 martian;		/* 0 or DROP_MARTIAN_SRC/DST */
	__u8 pad[1];
};

#endif /* CLOS_TEST_PARSE_VIEW_H */
