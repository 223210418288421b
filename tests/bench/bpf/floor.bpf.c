// SPDX-License-Identifier: GPL-2.0
/*
 * Reference programs for the cost of the pipeline, timed by
 * BPF_PROG_TEST_RUN beside it (tests/bench/cmd_pipeline.c) and run as the
 * switches of the fabric benchmark (tests/bench/cmd_minfwd.c):
 *
 *   bench_pass         XDP_PASS and nothing else: what a run costs at all.
 *   bench_clock        bench_pass and one bpf_ktime_get_ns(): the clock read
 *                      that clos's queue model needs per packet.
 *   bench_model_floor  bench_clock and the least a queue model shared by the
 *                      CPUs (clos's, tm_model.h) does with it: claim the
 *                      time since the last drain by a compare-and-swap, add
 *                      the frame to the backlog by an atomic add. No
 *                      drain, classes or decision: what the model costs at
 *                      the least, clock included.
 *   bench_model_drain_floor
 *                      bench_model_floor, and the drain and the decision
 *                      of a model with eight classes where it runs most,
 *                      on a port that keeps up: the eight backlogs read,
 *                      whether the claimed time serves all of them (one
 *                      multiply a side), the class's backlog after the
 *                      drain against Kmin, and the class settled, served
 *                      and the frame added, in one atomic add or none.
 *                      No scheduler, split or dice: the least clos's
 *                      model (tm_model.h) does for the frames it sees
 *                      most, clock included.
 *   bench_floor        the bare redirect: bounds-check Ethernet and IPv4,
 *                      then bpf_redirect_map(). The least any XDP forwarder
 *                      does.
 *   bench_minfwd       a minimal router: LPM lookup, nexthop, MAC rewrite,
 *                      TTL decrement with incremental checksum, redirect. No
 *                      VLANs, ECMP, classes, queue model or counters.
 *   bench_minfwd_ecmp  bench_minfwd with per-flow ECMP: a route to a group
 *                      takes the member its flow hashes to (clos's CRC-32 of
 *                      the 5-tuple, bpf/lib/hash.h).
 *   bench_featfwd      the feature floor: bench_minfwd_ecmp with traffic
 *                      classes and counters, the per-hop work of clos's fast
 *                      mode (ECMP, classes, counters on) and nothing more:
 *                      DSCP -> class by a table in global data, and one
 *                      per-CPU counter block per port, rx on the ingress
 *                      port, tx and tx by class on the egress port.
 *   bench_semfwd       the semantic floor: bench_featfwd with the checks and
 *                      counts clos's lane makes (bpf/lib/lane_v4.h) beyond
 *                      those features, each in the least code: the frame
 *                      addressed to the ingress port's MAC, both ports
 *                      without a VLAN and the egress port up (one port
 *                      table keyed by ifindex), the IPv4 header checksum
 *                      verified and no martian address (RFC 1812), the
 *                      switch's ECMP seed and clos's hash finalizer,
 *                      RoCEv2 and its CNPs told apart, the switch's
 *                      forwarded, ECMP and RoCE counters and a counter per
 *                      ECMP member, and a global flag that would send the
 *                      frame elsewhere (capture, trace). What clos's
 *                      fast-mode semantics cost at the least.
 *   bench_minfwd_tc    bench_minfwd at TC (clsact ingress) on the socket
 *                      buffer: the same lookups and rewrite, then
 *                      bpf_redirect() to the egress port's ifindex. What a
 *                      forwarder on clos's queue-mode hook costs at the least.
 *   bench_semfwd_tc    bench_semfwd at TC ingress, the same way: what clos's
 *                      queue-mode semantics cost at the least on its hook.
 *
 * The forwarders are one function (floor_forward) with the features and the
 * hook, XDP or TC, as constants, so each program is the one before it plus
 * its feature's code. Written flat, without clos's pipeline: no VLAN tags
 * or queue model, and a group is one table of nexthops by hash (clos's
 * resilient groups keep a bucket table of member slots, two copies of it
 * and a word naming the live one). The port, VLAN, martian and checksum
 * checks, the seed, finalizer, RoCE and the switch's counters only in the
 * semantic floor.
 *
 * Tables (floor.h): a route to nexthop 0 and no group, or no route, is the
 * switch's own kernel's (XDP_PASS), as a FIB miss is in the kernel's
 * xdp_fwd sample. floor_tx is indexed by clos's port id, floor_nexthops and
 * floor_groups by the ids clos-bench gives them (1..), floor_port_ctr and
 * floor_ports by ifindex, floor_member_ctr by group * FLOOR_GROUP_SLOTS +
 * slot.
 */
#include <stdbool.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "lib/eth.h"
#include "lib/hash.h"
#include "clos/ecmp_slot.h"
#include "lib/csum.h"
#include "lib/martian.h"
#include "../floor.h"

/* DSCP -> traffic class. clos-bench writes the switch's own map before the
 * load; until then, clos's default: the class selector (DSCP >> 3). */
const volatile __u8 floor_dscp_tc[FLOOR_NUM_DSCP] = {
	[0 ... 7] = 0, [8 ... 15] = 1, [16 ... 23] = 2, [24 ... 31] = 3,
	[32 ... 39] = 4, [40 ... 47] = 5, [48 ... 55] = 6, [56 ... 63] = 7,
};

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, FLOOR_MAX_PORTS);
	__type(key, __u32);
	__type(value, struct bpf_devmap_val);
} floor_tx SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, 1024);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct floor_lpm_key);
	__type(value, struct floor_route);
} floor_routes SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, FLOOR_MAX_NEXTHOPS);
	__type(key, __u32);
	__type(value, struct floor_nexthop);
} floor_nexthops SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, FLOOR_MAX_GROUPS);
	__type(key, __u32);
	__type(value, struct floor_group);
} floor_groups SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, FLOOR_MAX_IFINDEX);
	__type(key, __u32);
	__type(value, struct floor_port_ctr);
} floor_port_ctr SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct floor_tm);
} floor_tm SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct floor_tm8);
} floor_tm8 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, FLOOR_MAX_IFINDEX);
	__type(key, __u32);
	__type(value, struct floor_port);
} floor_ports SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct floor_stats);
} floor_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, FLOOR_MAX_GROUPS * FLOOR_GROUP_SLOTS);
	__type(key, __u32);
	__type(value, struct floor_counter);
} floor_member_ctr SEC(".maps");

/* The semantic floor's observation switch: nonzero sends every frame to
 * the kernel (XDP_PASS), as clos's lane leaves it to its general
 * pipeline. clos-bench leaves it 0. */
volatile __u32 floor_observe;

/* The semantic floor's ECMP seed, as its key (clos_flow_hash_v4_hdr()),
 * read per frame as clos reads its own. clos-bench leaves it 0: its value
 * costs nothing. */
volatile __u32 floor_seed_key;

SEC("xdp")
int bench_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("xdp")
int bench_clock(struct xdp_md *ctx)
{
	/* Keep the value: the read is what is timed, not optimised away. */
	__u64 now = bpf_ktime_get_ns();

	return now ? XDP_PASS : XDP_ABORTED;
}

SEC("xdp")
int bench_model_floor(struct xdp_md *ctx)
{
	__u32 zero = 0, len = ctx->data_end - ctx->data;
	struct floor_tm *t = bpf_map_lookup_elem(&floor_tm, &zero);
	__u64 now = bpf_ktime_get_ns(), last;

	if (!t)
		return XDP_ABORTED;
	last = t->last_ns;
	if (now > last)
		__sync_val_compare_and_swap(&t->last_ns, last, now);
	__sync_fetch_and_add(&t->backlog, len);
	return XDP_PASS;
}

#define FLOOR_READ(x)	(*(volatile __u64 *)&(x))

SEC("xdp")
int bench_model_drain_floor(struct xdp_md *ctx)
{
	__u32 zero = 0, len = ctx->data_end - ctx->data;
	struct floor_tm8 *t = bpf_map_lookup_elem(&floor_tm8, &zero);
	__u64 now = bpf_ktime_get_ns(), last, queued, own, left, dt;
	int i;

	if (!t)
		return XDP_ABORTED;
	last = FLOOR_READ(t->last_ns);
	if (now <= last ||
	    __sync_val_compare_and_swap(&t->last_ns, last, now) != last) {
		__sync_fetch_and_add(&t->backlog[FLOOR_TM_TC], len);
		return XDP_PASS;
	}
	/* Each class read once: the frame's class, then the others (i is
	 * a constant in each unrolled step, so the test costs nothing). */
	own = FLOOR_READ(t->backlog[FLOOR_TM_TC]);
	queued = own;
#pragma unroll
	for (i = 0; i < FLOOR_NUM_TC; i++)
		if (i != FLOOR_TM_TC)
			queued += FLOOR_READ(t->backlog[i]);
	/* A gap past 2^28 ns serves more than any backlog here, and keeps
	 * the product inside 64 bits (as clos_tm_surely_serves()). */
	dt = now - last;
	if (dt >> 28 || dt * FLOOR_TM_BYTES_PER_S >= queued * 1000000000ull) {
		left = 0;
	} else {
		left = own;
		own = 0;
	}
	if (left >= FLOOR_TM_KMIN)
		__sync_fetch_and_add(&t->marked, 1);
	if (len != own)
		__sync_fetch_and_add(&t->backlog[FLOOR_TM_TC], len - own);
	return XDP_PASS;
}

SEC("xdp")
int bench_floor(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *iph = (void *)(eth + 1);

	if ((void *)(iph + 1) > data_end || clos_eth_proto(eth) != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	return bpf_redirect_map(&floor_tx, 0, 0);
}

/* The word of the L4 ports that clos's flow hash takes (as its lane reads
 * it, clos_flow_hash_v4_hdr()): 0 unless the datagram is unfragmented UDP
 * or TCP, as clos has them. */
static __always_inline __u32 floor_l4_ports(const struct iphdr *iph, void *data_end)
{
	const __u32 *ports = (const void *)(iph + 1);

	if ((iph->protocol == IPPROTO_UDP || iph->protocol == IPPROTO_TCP) &&
	    !(iph->frag_off & bpf_htons(CLOS_IP_MF | CLOS_IP_OFFSET)) &&
	    (void *)(ports + 1) <= data_end)
		return *ports;
	return 0;
}

static __always_inline void floor_count(struct floor_counter *c, __u32 len)
{
	c->packets++;
	c->bytes += len;
}

/* The hop's rewrite: the nexthop's MACs (by words, lib/eth.h, as clos
 * writes them), and the TTL decremented as the kernel's ip_decrease_ttl()
 * does it: TTL is the high byte of its 16-bit word, so the checksum grows
 * by 0x0100 (RFC 1624). */
static __always_inline void floor_rewrite(struct ethhdr *eth, struct iphdr *iph,
					  const struct floor_nexthop *nh)
{
	__u32 sum;

	clos_eth_set_macs(eth, nh->dmac, nh->smac);
	sum = (__u32)iph->check + bpf_htons(0x0100);
	iph->check = (__u16)(sum + (sum >= 0xffff));
	iph->ttl--;
}

/* A RoCEv2 packet (UDP to 4791, unfragmented, a whole BTH in the IP
 * packet): 1, and 2 for a CNP; 0 for any other. ports: floor_l4_ports(),
 * which has told an unfragmented datagram already (the destination port is
 * its high half). */
static __always_inline int floor_roce(const struct iphdr *iph, void *data_end,
				      __u32 ports)
{
	const struct clos_bth *bth = (const void *)(iph + 1) + sizeof(struct udphdr);

	if (iph->protocol != IPPROTO_UDP ||
	    (__u16)(ports >> 16) != bpf_htons(CLOS_ROCE_UDP_PORT) ||
	    (void *)(bth + 1) > data_end ||
	    (void *)(bth + 1) > (void *)iph + bpf_ntohs(iph->tot_len))
		return 0;
	return bth->opcode == CLOS_BTH_OP_CNP ? 2 : 1;
}

/* The semantic floor's counts of a frame sent by route rt (by ECMP slot
 * slot of its group, if it has one): the switch's and the member's, and
 * RoCE's (roce as floor_roce() says). */
static __always_inline void floor_count_sem(const struct floor_route *rt,
					    __u32 slot, __u32 len, int roce)
{
	struct floor_counter *c;
	struct floor_stats *st;
	__u32 key = 0;

	st = bpf_map_lookup_elem(&floor_stats, &key);
	if (st) {
		floor_count(&st->fwd, len);
		if (rt->group)
			floor_count(&st->fwd_ecmp, len);
		if (roce)
			floor_count(&st->roce, len);
		if (roce == 2)
			floor_count(&st->roce_cnp, len);
	}
	if (!rt->group)
		return;
	key = rt->group * FLOOR_GROUP_SLOTS + slot;
	c = bpf_map_lookup_elem(&floor_member_ctr, &key);
	if (c)
		floor_count(c, len);
}

/* The checks of the semantic floor on a frame that came in on ifindex in:
 * addressed to the port, the IPv4 header whole and its checksum good, no
 * martian address. */
static __always_inline bool floor_admit(const struct ethhdr *eth,
					const struct iphdr *iph, void *data_end,
					__u32 len, __u32 *in)
{
	const struct floor_port *p = bpf_map_lookup_elem(&floor_ports, in);

	return p && !p->vlan && clos_mac_equal(eth->h_dest, p->mac) &&
	       sizeof(*eth) + bpf_ntohs(iph->tot_len) <= len &&
	       clos_ipv4_csum_ok(iph, data_end) &&
	       !clos_martian_v4((const __u8 *)&iph->saddr,
				(const __u8 *)&iph->daddr);
}

/* The reference forwarders' pass over the frame in (data, data_end), len
 * bytes, that came in on ifindex in: XDP (a devmap redirect by clos's port
 * id) or, with tc, TC on the socket buffer (bpf_redirect() by the egress
 * port's ifindex, a devmap being XDP's). The features are constants. */
static __always_inline int floor_forward(void *data, void *data_end, __u32 len,
					 __u32 in, const bool ecmp,
					 const bool feat, const bool sem,
					 const bool tc)
{
	const int pass = tc ? TC_ACT_OK : XDP_PASS;
	const int drop = tc ? TC_ACT_SHOT : XDP_DROP;
	const long sent = tc ? TC_ACT_REDIRECT : XDP_REDIRECT;
	struct ethhdr *eth = data;
	struct iphdr *iph = (void *)(eth + 1);
	struct floor_lpm_key key = { .prefixlen = 32 };
	struct floor_port_ctr *ctr;
	struct floor_route *rt;
	struct floor_nexthop *nh;
	struct floor_group *g;
	__u32 slot = 0, *nh_id, ports = 0;
	int roce = 0;
	long ret;

	if (sem && floor_observe)
		return pass;
	if (feat) {
		ctr = bpf_map_lookup_elem(&floor_port_ctr, &in);
		if (ctr)
			floor_count(&ctr->rx, len);
	}
	if ((void *)(iph + 1) > data_end || clos_eth_proto(eth) != bpf_htons(ETH_P_IP) ||
	    iph->ihl != 5 || iph->ttl <= 1)
		return pass;
	if (sem && !floor_admit(eth, iph, data_end, len, &in))
		return drop;
	/* The L4 header is read once: for RoCE here, for the hash below. */
	if (sem) {
		ports = floor_l4_ports(iph, data_end);
		roce = floor_roce(iph, data_end, ports);
	}
	__builtin_memcpy(key.addr, &iph->daddr, 4);
	rt = bpf_map_lookup_elem(&floor_routes, &key);
	if (!rt)
		return pass;
	/* The nexthop id is the lookup's key where it is, in the route or
	 * the group: no copy on the stack. */
	nh_id = &rt->nexthop;
	if (ecmp && rt->group) {
		g = bpf_map_lookup_elem(&floor_groups, &rt->group);
		if (!g)
			return drop;
		if (!sem)
			ports = floor_l4_ports(iph, data_end);
		slot = clos_flow_hash_v4_hdr(sem ? floor_seed_key : 0, iph, ports);
		/* clos's finalizer (clos/ecmp_slot.h), for each switch's own
		 * choice in a multi-stage fabric. */
		if (sem)
			slot = clos_ecmp_mix(slot);
		slot &= FLOOR_GROUP_SLOTS - 1;
		nh_id = &g->nexthop[slot];
	}
	if (!*nh_id)
		return pass;
	nh = bpf_map_lookup_elem(&floor_nexthops, nh_id);
	if (!nh)
		return drop;
	if (sem) {
		const struct floor_port *out;

		out = bpf_map_lookup_elem(&floor_ports, &nh->ifindex);
		if (!out || !out->up || out->vlan)
			return drop;
	}
	floor_rewrite(eth, iph, nh);
	if (tc)
		ret = bpf_redirect(nh->ifindex, 0);
	else
		ret = bpf_redirect_map(&floor_tx, nh->port, 0);
	if (feat && ret == sent) {
		ctr = bpf_map_lookup_elem(&floor_port_ctr, &nh->ifindex);
		if (ctr) {
			floor_count(&ctr->tx, len);
			floor_count(&ctr->tc_tx[floor_dscp_tc[iph->tos >> 2] &
						(FLOOR_NUM_TC - 1)], len);
		}
		if (sem)
			floor_count_sem(rt, slot, len, roce);
	}
	return ret;
}

static __always_inline int floor_forward_xdp(struct xdp_md *ctx, const bool ecmp,
					     const bool feat, const bool sem)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;

	return floor_forward(data, data_end, data_end - data,
			     ctx->ingress_ifindex, ecmp, feat, sem, false);
}

SEC("xdp")
int bench_minfwd(struct xdp_md *ctx)
{
	return floor_forward_xdp(ctx, false, false, false);
}

SEC("xdp")
int bench_minfwd_ecmp(struct xdp_md *ctx)
{
	return floor_forward_xdp(ctx, true, false, false);
}

SEC("xdp")
int bench_featfwd(struct xdp_md *ctx)
{
	return floor_forward_xdp(ctx, true, true, false);
}

SEC("xdp")
int bench_semfwd(struct xdp_md *ctx)
{
	return floor_forward_xdp(ctx, true, true, true);
}

/* The headers the reference forwarders read made linear, as clos's TC
 * programs do (a veth's frames are linear: the pull is for one that is
 * not); 0, or -1 when the frame is too short. */
static __always_inline int floor_tc_pull(struct __sk_buff *skb)
{
	const __u32 hdrs = sizeof(struct ethhdr) + sizeof(struct iphdr) + 4;
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;

	if (data + hdrs <= data_end || skb->len < hdrs)
		return 0;
	return bpf_skb_pull_data(skb, hdrs) ? -1 : 0;
}

static __always_inline int floor_forward_tc(struct __sk_buff *skb,
					    const bool ecmp, const bool feat,
					    const bool sem)
{
	if (floor_tc_pull(skb))
		return TC_ACT_OK;
	return floor_forward((void *)(long)skb->data, (void *)(long)skb->data_end,
			     skb->len, skb->ingress_ifindex, ecmp, feat, sem, true);
}

/* bench_minfwd on the skb path. A devmap is XDP's: TC redirects by the
 * egress port's ifindex, which the nexthop holds. */
SEC("tc")
int bench_minfwd_tc(struct __sk_buff *skb)
{
	return floor_forward_tc(skb, false, false, false);
}

/* bench_semfwd on the skb path, at TC ingress: the semantic floor of
 * clos's queue mode, whose lane does the same at TC. */
SEC("tc")
int bench_semfwd_tc(struct __sk_buff *skb)
{
	return floor_forward_tc(skb, true, true, true);
}

char LICENSE[] SEC("license") = "GPL";
