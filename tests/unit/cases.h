/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Table-driven cases (Katran / selftests style): a description, the tables
 * beyond the standard switch, an input frame, the expected verdict, side
 * counters and, for a forwarded frame, the expected egress and output bytes.
 * Each case runs in its own Criterion process with its own switch.
 *
 * Every case also checks the per (port, class) counters: nothing moves for
 * a frame that does not reach egress; a frame the switch forwards counts
 * once, in one class of its egress port (the one in .tc when .want_tc),
 * as CE-marked when .want_ce; one the egress traffic manager drops
 * (drop_queue_full) counts as dropped in class .tc of port .nh.
 *
 * Kinds: FX_PIPELINE runs fast mode's ingress and egress (XDP_REDIRECT
 * for a frame sent, with its bytes as it leaves), FX_GENERAL the same
 * without the lane (each fast-mode table runs on both); FX_QUEUE and FX_TC_TEST
 * run queue mode's ingress program on an skb coming in on lo and, for a
 * frame it redirects, the egress program of its port (TC_ACT_REDIRECT for
 * a frame sent, TC_ACT_OK for a punt, TC_ACT_SHOT for a drop). All three
 * count as the switch does: one terminal counter per frame. FX_PROD runs
 * fast mode's ingress program alone: a forwarded frame leaves it
 * redirected, counted by no terminal counter yet.
 */
#ifndef CLOS_TEST_CASES_H
#define CLOS_TEST_CASES_H

#include "fixture.h"

struct fx_case {
	const char *desc;
	/* Tables beyond the standard switch (may be NULL). */
	void (*setup)(struct fx *fx);
	/* The input frame: a spec, or raw bytes, then optional edits. */
	void (*build)(struct pkt_spec *s);
	size_t (*raw)(__u8 *buf, size_t cap);
	void (*poke)(__u8 *frame, size_t *len, const struct pkt_layout *lay);
	__u32 in_port;			/* ingress port id, FX_NO_PORT: none */
	enum clos_stat verdict;
	unsigned int side;		/* FX_SIDE() mask */
	/* Forwarded frames: the nexthop taken (standard switch: nexthop n is
	 * on port n); the expected frame is the input with the neighbour's
	 * MAC, the port's MAC and TTL - 1, then edited by expect() (VLAN). */
	__u32 nh;
	void (*expect)(struct pkt_spec *s);
	/* Forwarded frames that meet egress: the traffic class expected,
	 * and whether this switch marks the frame CE. */
	bool want_tc;
	__u32 tc;
	bool want_ce;
};

void fx_case_run(enum fx_prog kind, const struct fx_case *c);

/* Queue mode's ingress then, for a frame it redirects, its port's egress
 * (cases.c says how); *mark, *priority: the skb's after (may be NULL). */
void fx_run_tc_chain(struct fx *fx, __u32 in_port, const __u8 *in, size_t len,
		     struct fx_result *res, __u32 *mark, __u32 *priority);

/* The nexthop MAC / port MAC of the standard switch, as bytes. */
void fx_nh_mac(__u8 mac[6], __u32 nh);
void fx_port_mac_of(__u8 mac[6], __u32 port);

/* Criterion parameters: the indices 0..n-1 of a case table. */
#define FX_CASE_PARAMS(suite, name, table)				\
	ParameterizedTestParameters(suite, name)			\
	{								\
		static int idx[sizeof(table) / sizeof(table[0])];	\
		size_t i;						\
									\
		for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)	\
			idx[i] = i;					\
		return cr_make_param_array(int, idx, i);		\
	}

#endif /* CLOS_TEST_CASES_H */
