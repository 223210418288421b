// SPDX-License-Identifier: GPL-2.0
/*
 * Reference programs for the per-packet cost of the pipeline, timed by
 * BPF_PROG_TEST_RUN beside it (tests/bench/cmd_pipeline.c):
 *
 *   bench_pass    XDP_PASS and nothing else: what a run costs at all.
 *   bench_floor   the bare redirect: bounds-check Ethernet and IPv4, then
 *                 bpf_redirect_map(). The least any XDP forwarder does.
 *   bench_minfwd  a minimal router: LPM lookup, nexthop, MAC rewrite, TTL
 *                 decrement with incremental checksum, redirect. No VLANs,
 *                 ECMP, classes, queue model or counters.
 *
 * bench_minfwd is also the "minimal forwarder" row of the fabric benchmark
 * (clos-bench minfwd attaches it to every port of a switch, its tables
 * filled from clos's): a route to nexthop 0, or no route, is the switch's
 * own kernel's (XDP_PASS), as a FIB miss is in the kernel's xdp_fwd sample.
 * floor_tx is indexed by clos's port id, floor_nexthops by the nexthop ids
 * clos-bench gives them (1..).
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct floor_lpm_key {
	__u32 prefixlen;
	__u8 addr[4];
};

struct floor_nexthop {
	__u32 port;
	__u8 smac[6];
	__u8 dmac[6];
};

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, struct bpf_devmap_val);
} floor_tx SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, 1024);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct floor_lpm_key);
	__type(value, __u32);		/* nexthop id */
} floor_routes SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, struct floor_nexthop);
} floor_nexthops SEC(".maps");

SEC("xdp")
int bench_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("xdp")
int bench_floor(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *iph = (void *)(eth + 1);

	if ((void *)(iph + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	return bpf_redirect_map(&floor_tx, 0, 0);
}

SEC("xdp")
int bench_minfwd(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *iph = (void *)(eth + 1);
	struct floor_lpm_key key = { .prefixlen = 32 };
	struct floor_nexthop *nh;
	__u32 *nh_id, sum;

	if ((void *)(iph + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP) ||
	    iph->ihl != 5 || iph->ttl <= 1)
		return XDP_PASS;
	__builtin_memcpy(key.addr, &iph->daddr, 4);
	nh_id = bpf_map_lookup_elem(&floor_routes, &key);
	if (!nh_id || !*nh_id)
		return XDP_PASS;
	nh = bpf_map_lookup_elem(&floor_nexthops, nh_id);
	if (!nh)
		return XDP_DROP;
	__builtin_memcpy(eth->h_dest, nh->dmac, ETH_ALEN);
	__builtin_memcpy(eth->h_source, nh->smac, ETH_ALEN);
	/* As the kernel's ip_decrease_ttl(): TTL is the high byte of its
	 * 16-bit word, so the checksum grows by 0x0100 (RFC 1624). */
	sum = (__u32)iph->check + bpf_htons(0x0100);
	iph->check = (__u16)(sum + (sum >= 0xffff));
	iph->ttl--;
	return bpf_redirect_map(&floor_tx, nh->port, 0);
}

char LICENSE[] SEC("license") = "GPL";
