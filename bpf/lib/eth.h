/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Ethernet header by words. struct ethhdr is packed, and a MAC is six
 * bytes, so clang reads and writes both a byte at a time: 12 loads to
 * compare two MACs, 24 loads and stores to write the pair. These take a
 * MAC as one 32-bit and one 16-bit access.
 *
 * The words need not be aligned in memory: a packet's header may sit at
 * any offset, and a MAC at an even one in a map value. The verifier takes
 * unaligned packet and map value accesses where the CPU does them at full
 * speed (CONFIG_HAVE_EFFICIENT_UNALIGNED_ACCESS: x86, arm64). The types
 * may alias anything: the same bytes are read as u8 elsewhere.
 */
#ifndef CLOS_ETH_H
#define CLOS_ETH_H

#include <linux/types.h>
#include <linux/if_ether.h>

#ifdef __bpf__
typedef __u32 __attribute__((__may_alias__)) clos_word32;
typedef __u16 __attribute__((__may_alias__)) clos_word16;
#else
/* The same headers as host C (the fuzz target's model, tests/fuzz/host),
 * where an unaligned word must be declared so. A BPF load declared so
 * would be split into bytes. */
typedef __u32 __attribute__((__may_alias__, __aligned__(1))) clos_word32;
typedef __u16 __attribute__((__may_alias__, __aligned__(1))) clos_word16;
#endif

static __always_inline int clos_mac_is_mcast(const __u8 *mac)
{
	return mac[0] & 1;
}

static __always_inline int clos_mac_equal(const __u8 *a, const __u8 *b)
{
	return ((*(const clos_word32 *)a ^ *(const clos_word32 *)b) |
		(*(const clos_word16 *)(a + 4) ^
		 *(const clos_word16 *)(b + 4))) == 0;
}

/* The EtherType, network order. */
static __always_inline __be16 clos_eth_proto(const struct ethhdr *eth)
{
	return *(const clos_word16 *)((const __u8 *)eth + 12);
}

/* Destination and source MAC: two words each, the source's halves where
 * it starts, at byte 6. */
static __always_inline void clos_eth_set_macs(struct ethhdr *eth,
					      const __u8 *dmac,
					      const __u8 *smac)
{
	__u8 *h = (__u8 *)eth;

	*(clos_word32 *)h = *(const clos_word32 *)dmac;
	*(clos_word16 *)(h + 4) = *(const clos_word16 *)(dmac + 4);
	*(clos_word16 *)(h + 6) = *(const clos_word16 *)smac;
	*(clos_word32 *)(h + 8) = *(const clos_word32 *)(smac + 2);
}

#endif /* CLOS_ETH_H */
