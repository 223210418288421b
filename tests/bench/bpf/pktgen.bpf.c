// SPDX-License-Identifier: GPL-2.0
/*
 * The packet generator of `make bench`: run by BPF_PROG_TEST_RUN with
 * BPF_F_TEST_XDP_LIVE_FRAMES in one long call, it sends each frame out of
 * the host's veth with XDP_TX.
 *
 * Every run writes the whole header from the template: the kernel recycles
 * the frame's page, and a recycled page holds what the fabric left in it
 * (rewritten MACs, a lower TTL). Each packet gets a new UDP source port
 * from a linear congruential sequence, so the flows spread over the ECMP
 * members as RoCE queue pairs do (ports 49152..65535, like RoCE NICs).
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define GEN_HDR_LEN	(sizeof(struct ethhdr) + sizeof(struct iphdr) + \
			 sizeof(struct udphdr))

/* Set by user space before the run: Ethernet + IPv4 (checksum included:
 * nothing in it changes) + UDP (checksum 0). Writable data, not rodata, so
 * that clang reads it at run time instead of folding the zeros it starts
 * with. */
__u8 tmpl[GEN_HDR_LEN];

/* Only one thread runs the program at a time: plain counters will do. */
__u64 sent;
__u32 lcg = 1;

SEC("xdp")
int bench_pktgen(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct udphdr *uh;

	if (data + GEN_HDR_LEN > data_end)
		return XDP_ABORTED;
	__builtin_memcpy(data, tmpl, GEN_HDR_LEN);
	lcg = lcg * 1103515245 + 12345;
	uh = data + sizeof(struct ethhdr) + sizeof(struct iphdr);
	uh->source = bpf_htons(0xc000 | (lcg >> 18));
	sent++;
	return XDP_TX;
}

char LICENSE[] SEC("license") = "GPL";
