// SPDX-License-Identifier: GPL-2.0
/*
 * The BPF helpers the pipeline calls, as host functions that do what the
 * kernel's do to the frame and its context (net/core/filter.c,
 * skb_vlan_push/pop in net/core/skbuff.c), for the frames of
 * BPF_PROG_TEST_RUN: all data linear, data at the MAC header.
 *
 * Deterministic on purpose: the fuzz switch is unshaped, so the traffic
 * manager's model (the only user of the clock and the dice) never runs;
 * should it run, the dice are a constant.
 */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

#define HOST_VLAN_HLEN	4

long bpf_xdp_adjust_head(struct xdp_md *ctx, int delta)
{
	long data = ctx->data + delta;

	if (data < ctx->data_start || data > ctx->data_end - ETH_HLEN)
		return -EINVAL;
	ctx->data = data;
	ctx->data_meta = data;
	return 0;
}

long bpf_redirect(__u32 ifindex, __u64 flags)
{
	if (flags & ~(__u64)BPF_F_INGRESS)
		return TC_ACT_SHOT;
	return TC_ACT_REDIRECT;
}

long bpf_skb_pull_data(struct __sk_buff *skb, __u32 len)
{
	return len > skb->len ? -ENOMEM : 0;
}

static int host_eth_type_vlan(__u32 proto)
{
	return proto == htons(ETH_P_8021Q) || proto == htons(ETH_P_8021AD);
}

/* vlan_set_encap_proto(): the protocol behind a tag whose inner type is
 * at pos (the two bytes after it decide 802.3 raw against 802.2). */
static __u32 host_encap_proto(const struct __sk_buff *skb, const __u8 *pos)
{
	__u16 proto, raw = 0;

	memcpy(&proto, pos, 2);
	if (ntohs(proto) >= ETH_P_802_3_MIN)
		return proto;
	/* Past the data the kernel's zeroed test_run buffer reads 0. */
	if (pos + 4 <= (const __u8 *)skb->data_end)
		memcpy(&raw, pos + 2, 2);
	return raw == 0xffff ? htons(ETH_P_802_3) : htons(ETH_P_802_2);
}

/* What eth_type_trans() makes skb->protocol for the frame in skb. */
void host_skb_set_protocol(struct __sk_buff *skb)
{
	skb->protocol = host_encap_proto(skb, (const __u8 *)skb->data + 2 * ETH_ALEN);
}

/* __skb_vlan_pop(): take the tag after the MAC addresses out of the data. */
static long host_skb_data_pop(struct __sk_buff *skb, __u16 *tci)
{
	__u8 *data = (__u8 *)skb->data;

	if (skb->len < ETH_HLEN + HOST_VLAN_HLEN)
		return -ENOMEM;
	memcpy(tci, data + ETH_HLEN, 2);
	*tci = ntohs(*tci);
	memmove(data + HOST_VLAN_HLEN, data, 2 * ETH_ALEN);
	skb->protocol = host_encap_proto(skb, data + ETH_HLEN + 2);
	skb->data += HOST_VLAN_HLEN;
	skb->len -= HOST_VLAN_HLEN;
	return 0;
}

long bpf_skb_vlan_pop(struct __sk_buff *skb)
{
	__u32 proto;
	__u16 tci;
	long err;

	if (skb->vlan_present) {
		skb->vlan_present = 0;
		skb->vlan_tci = 0;
		skb->vlan_proto = 0;
	} else {
		if (!host_eth_type_vlan(skb->protocol))
			return 0;
		err = host_skb_data_pop(skb, &tci);
		if (err)
			return err;
	}
	/* The next tag in the data moves beside it. */
	if (!host_eth_type_vlan(skb->protocol))
		return 0;
	proto = skb->protocol;
	err = host_skb_data_pop(skb, &tci);
	if (err)
		return err;
	skb->vlan_present = 1;
	skb->vlan_proto = proto;
	skb->vlan_tci = tci;
	return 0;
}

long bpf_skb_vlan_push(struct __sk_buff *skb, __be16 proto, __u16 tci)
{
	__u8 *data;

	if (proto != htons(ETH_P_8021Q) && proto != htons(ETH_P_8021AD))
		proto = htons(ETH_P_8021Q);
	if (skb->vlan_present) {
		/* __vlan_insert_tag(): the tag beside the data goes in. */
		__u16 old_tci = htons(skb->vlan_tci);
		__u16 old_proto = skb->vlan_proto;

		if (skb->data - skb->head < HOST_VLAN_HLEN)
			return -ENOMEM;
		skb->data -= HOST_VLAN_HLEN;
		skb->len += HOST_VLAN_HLEN;
		data = (__u8 *)skb->data;
		memmove(data, data + HOST_VLAN_HLEN, 2 * ETH_ALEN);
		memcpy(data + 2 * ETH_ALEN, &old_proto, 2);
		memcpy(data + 2 * ETH_ALEN + 2, &old_tci, 2);
		skb->protocol = skb->vlan_proto;
	}
	skb->vlan_present = 1;
	skb->vlan_proto = proto;
	skb->vlan_tci = tci;
	return 0;
}

__u64 bpf_ktime_get_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

__u32 bpf_get_prandom_u32(void)
{
	return 0x12345678u;
}

__u32 bpf_get_smp_processor_id(void)
{
	return 0;
}

long bpf_spin_lock(void *lock)
{
	return 0;
}

long bpf_spin_unlock(void *lock)
{
	return 0;
}

/* The frame's bytes, for a capture (bpf/lib/observe.h): all linear here. */
long bpf_xdp_load_bytes(struct xdp_md *ctx, __u32 off, void *to, __u32 len)
{
	if (off > ctx->data_end - ctx->data || len > ctx->data_end - ctx->data - off)
		return -EFAULT;
	memcpy(to, (void *)(ctx->data + off), len);
	return 0;
}

long bpf_skb_load_bytes(const void *ctx, __u32 off, void *to, __u32 len)
{
	const struct __sk_buff *skb = ctx;

	if (off > skb->data_end - skb->data || len > skb->data_end - skb->data - off)
		return -EFAULT;
	memcpy(to, (void *)(skb->data + off), len);
	return 0;
}

/* The host has no ring for a capture to fill: like a full ring (the data
 * path counts the record as lost). A fuzz switch never turns one on. */
long bpf_ringbuf_output(void *ringbuf, void *data, __u64 size, __u64 flags)
{
	return -ENOSPC;
}
