/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The unit-test switch: one of the real BPF objects loaded through its
 * skeleton (nothing pinned), its tables built by lib/switch/build.h as
 * clos-loader builds them, and frames pushed through BPF_PROG_TEST_RUN.
 *
 * The standard switch (fx_open):
 *   port 0  "host0"   host,   untagged  (ingress unless fx_ingress says else)
 *   port 1-4 "spine1".."spine4" fabric
 *   port 5  "host5"   host,   VLAN 10
 *   port 6  "host6"   host,   VLAN 20
 *   port 7  "spare7"  fabric, down
 * Port p has MAC 02:c1:05:00:00:0p. Nexthop n (1..7) is on port n with
 * neighbour MAC 02:ee:00:00:00:0n. No routes. Every port's ifindex and the
 * devmap entries are lo's (1): test_run needs a real device, and a
 * non-live run only returns the verdict of a redirect.
 * QoS as the loader leaves it (lib/qos/qos_defaults.h): default class maps
 * and schedulers, every port trust pcp, rate 0 (no model) and the default
 * profiles of rate 0.
 */
#ifndef CLOS_TEST_FIXTURE_H
#define CLOS_TEST_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include "clos/abi.h"
#include "switch.h"
#include "packet.h"
#include "parse_view.h"
#include "tc_view.h"

#define FX_IFINDEX		1	/* lo */
#define FX_NUM_PORTS		8
#define FX_SEED			0x5eed1234u
#define FX_PORT_MAC(p)		"02:c1:05:00:00:0" #p
#define FX_NH_MAC(n)		"02:ee:00:00:00:0" #n
#define FX_PORT_HOST		0
#define FX_PORT_VLAN10		5
#define FX_PORT_VLAN20		6
#define FX_PORT_DOWN		7
#define FX_NO_PORT		0xffffffffu
/* An ifindex no device has: skb test runs take ingress_ifindex as given,
 * so TC egress tests map it to the port a frame "came in on". */
#define FX_IFINDEX_OTHER	4042	/* below CLOS_MAX_IFINDEX */
/* Largest frame test_run takes into a single-buffer XDP program: a page
 * minus XDP_PACKET_HEADROOM (256) minus struct skb_shared_info (320). */
#define FX_MAX_FRAME		3520

enum fx_prog {
	FX_PROD,	/* bpf/clos_fast.bpf.c clos_ingress_xdp: the one pass */
	FX_PIPELINE,	/* tests/bpf/pipeline_test.bpf.c: fast mode's shipped
			 * ingress, then the chosen port's shipped egress */
	FX_GENERAL,	/* the same, the general pipeline alone (no lane) */
	FX_LANE,	/* the same, the lane alone (lane_missed: it left
			 * the frame, untouched) */
	FX_PARSER,	/* tests/bpf/parser_test.bpf.c: parser + hash, no tables */
	FX_QUEUE,	/* bpf/clos_queue.bpf.c: clos_ingress_tc (prog_fd) and
			 * clos_egress_tc (egress_fd) */
	FX_TC_TEST,	/* tests/bpf/tc_test.bpf.c: the same two with a VLAN tag
			 * beside the data in and out (tc_view) */
	FX_TC_GENERAL,	/* the same, ingress the general pipeline alone */
	FX_TC_LANE,	/* the same, ingress the lane alone (lane_missed) */
};

struct fx {
	enum fx_prog kind;
	void *skel;
	struct bpf_object *obj;
	int prog_fd;
	int egress_fd;		/* FX_QUEUE, FX_TC_TEST: the TC egress
				 * program, else -1 */
	struct clos_switch sw;	/* the object's map fds, for lib/switch.c */
	__u32 *egress_port;	/* FX_PIPELINE, FX_GENERAL, FX_LANE: the port
				 * it sent to */
	__u32 *lane_missed;	/* FX_LANE, FX_TC_LANE */
	struct clos_parse_view *view;	/* FX_PARSER */
	/* FX_TC_TEST: the tag put beside the data first (-1: none), what
	 * the skb looked like after. The egress program's port is the one
	 * port_by_ifindex gives lo (skb->ifindex). */
	__s32 *tc_hw_tci;
	__u32 *tc_hw_proto;	/* its TPID, host order (default 0x8100) */
	struct clos_tc_view *tc_view;
};

struct fx_result {
	__u32 retval;
	__u8 out[PKT_MAX];
	size_t out_len;
	__u32 egress_port;	/* the port a sent frame left by: FX_PIPELINE,
				 * and the TC chain of cases.c; else FX_NO_PORT */
};

/* Every counter of the switch at one moment. */
struct fx_counts {
	struct clos_counter stat[CLOS_STAT_MAX];
	struct clos_port_stats port[FX_NUM_PORTS];
	struct clos_tm_stats tm[FX_NUM_PORTS][CLOS_NUM_TC];
};

/* Load kind and build the standard switch; aborts the test on failure. */
void fx_open(struct fx *fx, enum fx_prog kind);
void fx_close(struct fx *fx);

/* The test's own switch: fx_setup() opens it, fx_teardown() (every suite's
 * .fini, run even when an assertion failed) closes it. */
struct fx *fx_setup(enum fx_prog kind);
void fx_teardown(void);

void fx_ingress(struct fx *fx, __u32 port);
void fx_port_get(struct fx *fx, __u32 id, struct clos_port *port);
void fx_port_set(struct fx *fx, __u32 id, const struct clos_port *port);
void fx_port_vlan(struct fx *fx, __u32 id, __u16 vlan);
void fx_port_mac(struct fx *fx, __u32 id, const __u8 mac[6]);
void fx_port_up(struct fx *fx, __u32 id, bool up);
void fx_nexthop(struct fx *fx, __u32 id, __u32 port, const char *mac,
		bool valid);
void fx_route4(struct fx *fx, const char *addr, int plen,
	       enum clos_route_action action, __u32 id);
void fx_route6(struct fx *fx, const char *addr, int plen,
	       enum clos_route_action action, __u32 id);
void fx_group(struct fx *fx, __u32 gid, const struct clos_ecmp_group *g);
void fx_tx_port_del(struct fx *fx, __u32 port);
/* Map one more ifindex to a port (port_by_ifindex). */
void fx_ifindex_port(struct fx *fx, __u32 ifindex, __u32 port);

/* QoS tables. */
void fx_port_trust(struct fx *fx, __u32 id, enum clos_trust trust);
void fx_port_rate(struct fx *fx, __u32 id, __u64 rate_bps);
/* map is CLOS_MAP_PCP_TC, CLOS_MAP_DSCP_TC or CLOS_MAP_TC_PCP. */
void fx_class_map(struct fx *fx, enum clos_map_id map, __u32 key, __u32 val);
void fx_tm_profile(struct fx *fx, __u32 port, __u32 tc,
		   const struct clos_tm_profile *pr);
/* The model state of a port, read and written with BPF_F_LOCK. */
void fx_tm_state_get(struct fx *fx, __u32 port, struct clos_tm_port *st);
void fx_tm_state_set(struct fx *fx, __u32 port, const struct clos_tm_port *st);
struct clos_tm_stats fx_tm_stats(struct fx *fx, __u32 port, __u32 tc);
/* Port id's punt policer, read and written whole with BPF_F_LOCK. */
void fx_punt_police_get(struct fx *fx, __u32 port, struct clos_punt_police *pp);
void fx_punt_police_set(struct fx *fx, __u32 port,
			const struct clos_punt_police *pp);
/* CLOCK_MONOTONIC in ns: the clock of bpf_ktime_get_ns(). */
__u64 fx_now_ns(void);

/* Run one frame; aborts the test if test_run itself fails. */
void fx_run(struct fx *fx, const void *frame, size_t len,
	    struct fx_result *res);
/* Same, returning test_run's error instead of aborting. */
int fx_try_run(struct fx *fx, const void *frame, size_t len,
	       struct fx_result *res);

/* Run one frame through a TC program (prog_fd: fx->prog_fd or
 * fx->egress_fd) with skb as ctx_in; skb gets ctx_out. */
struct __sk_buff;
void fx_run_skb(struct fx *fx, int prog_fd, const void *frame, size_t len,
		struct __sk_buff *skb, struct fx_result *res);

void fx_counts(struct fx *fx, struct fx_counts *c);
__u64 fx_stat(struct fx *fx, enum clos_stat stat);
struct clos_counter fx_ecmp_stat(struct fx *fx, __u32 gid, __u32 slot);

/* The stats that say where a packet ended (forwarded, punt_*, drop_*), as
 * opposed to ROCE, ROCE_CNP and FWD_ECMP, which count on the side. */
bool fx_stat_is_verdict(enum clos_stat stat);
bool fx_stat_is_punt(enum clos_stat stat);

/* The side counters a case expects, as a bit mask of 1 << clos_stat. */
#define FX_SIDE(stat)		(1u << (stat))

/* The verdict of a frame no terminal counter may count: one the ingress
 * program alone redirected (the egress program counts it), or one the
 * switch's own kernel sent (queue mode's egress sees it). */
#define FX_NO_VERDICT		CLOS_STAT_MAX

/*
 * Assert that between before and after exactly one frame of len bytes
 * ended in verdict (FX_NO_VERDICT: in none), that the side counters in
 * side_mask counted it too and no other counter moved; that the ingress
 * port counted it in rx and in punt or drop as the verdict says (in_port
 * FX_NO_PORT: none expected). Egress drops (drop_egress_error,
 * drop_queue_full) are not the ingress port's. The per-class counters (tm)
 * are checked by fx_expect_tm.
 */
void fx_expect_counts(const char *what, const struct fx_counts *before,
		      const struct fx_counts *after, enum clos_stat verdict,
		      unsigned int side_mask, size_t len, __u32 in_port);

/* Assert that between before and after the per (port, class) counters
 * moved only at (port, tc), by these amounts (port FX_NO_PORT: nowhere). */
void fx_expect_tm(const char *what, const struct fx_counts *before,
		  const struct fx_counts *after, __u32 port, __u32 tc,
		  __u64 packets, __u64 bytes, __u64 ce_marked, __u64 dropped);
/* The class (port, *) whose packets counter moved; -1 if none or several. */
int fx_tm_moved_class(const struct fx_counts *before,
		      const struct fx_counts *after, __u32 port);

/* The XDP action the production ingress program returns for a verdict. */
__u32 fx_verdict_action(enum clos_stat verdict);

const char *fx_stat_name(int stat);
const char *fx_xdp_name(__u32 action);
const char *fx_tc_act_name(__u32 action);

/* Assert that got equals want byte for byte, naming the difference. */
void fx_expect_frame(const char *what, const __u8 *got, size_t glen,
		     const __u8 *want, size_t wlen);

/* Assert that the IPv4 header at off has a valid checksum (recomputed over
 * the whole header, options included). */
void fx_expect_ipv4_csum(const char *what, const __u8 *frame, size_t len,
			 size_t off);

#endif /* CLOS_TEST_FIXTURE_H */
