// SPDX-License-Identifier: GPL-2.0
/*
 * The receiving end of the fabric benchmark: counts and drops the
 * generator's UDP packets (by destination port) on the host's veth, and
 * passes anything else (ARP, ND) to the host's kernel, which the kernel
 * forwarding baseline needs to resolve its neighbours.
 *
 * Packets arriving with the TTL the path should leave (64 minus one per
 * routed hop) are counted apart: proof that they crossed leaf, spine and
 * leaf, whichever forwarder carried them.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <linux/udp.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

enum sink_counter {
	SINK_PACKETS,
	SINK_BYTES,
	SINK_TTL_OK,
	SINK_COUNTERS,
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SINK_COUNTERS);
	__type(key, __u32);
	__type(value, __u64);
} sink_counts SEC(".maps");

const volatile __u16 dport = 9;		/* host order */
const volatile __u8 ttl_expect = 61;

static __always_inline void sink_add(__u32 key, __u64 n)
{
	__u64 *c = bpf_map_lookup_elem(&sink_counts, &key);

	if (c)
		*c += n;
}

/* Count the frame if it is one of the generator's: 1 if it was. */
static __always_inline int sink_count(void *data, void *data_end)
{
	struct ethhdr *eth = data;
	struct iphdr *iph = (void *)(eth + 1);
	struct udphdr *uh = (void *)(iph + 1);

	/* The generator sends option-less IPv4: nothing else is ours. */
	if ((void *)(uh + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP) ||
	    iph->ihl != 5 || iph->protocol != IPPROTO_UDP ||
	    uh->dest != bpf_htons(dport))
		return 0;
	sink_add(SINK_PACKETS, 1);
	sink_add(SINK_BYTES, data_end - data);
	if (iph->ttl == ttl_expect)
		sink_add(SINK_TTL_OK, 1);
	return 1;
}

SEC("xdp")
int bench_sink(struct xdp_md *ctx)
{
	return sink_count((void *)(long)ctx->data, (void *)(long)ctx->data_end) ?
	       XDP_DROP : XDP_PASS;
}

/* The same at TC ingress: for frames that arrive as socket buffers, an XDP
 * program on a veth may first have to copy them into a page of their own
 * (too little headroom); a TC program takes them as they are. */
SEC("tc")
int bench_sink_tc(struct __sk_buff *skb)
{
	return sink_count((void *)(long)skb->data, (void *)(long)skb->data_end) ?
	       TC_ACT_SHOT : TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
