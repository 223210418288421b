/* SPDX-License-Identifier: GPL-2.0 */
/* ECMP flow hash: CRC-32 (zlib-compatible: crc32(seed, tuple)) over the
 * 5-tuple in wire order, so user space can predict a flow's path with zlib. */
#ifndef CLOS_HASH_H
#define CLOS_HASH_H

#include <linux/types.h>
#include "crc32_table.h"
#include "parse.h"

static const __u32 clos_crc32_tab[256] = CLOS_CRC32_TABLE_INIT;

static __always_inline __u32 clos_crc32_byte(__u32 c, __u8 b)
{
	__u32 i = c ^ b;

	/* Mask after the xor, where the verifier sees it: clang would mask c
	 * first, and a 6.1 verifier loses the bound through the 32-bit xor. */
	barrier_var(i);
	return clos_crc32_tab[i & 0xff] ^ (c >> 8);
}

static __always_inline __u32 clos_flow_hash(const struct clos_pkt *p, __u32 seed)
{
	const __u8 *b = (const __u8 *)&p->flow;
	__u32 c = ~seed;
	int i;

	if (p->proto == ETH_P_IP) {
#pragma unroll
		for (i = 0; i < (int)sizeof(struct clos_flow_v4); i++)
			c = clos_crc32_byte(c, b[i]);
	} else {
#pragma unroll
		for (i = 0; i < (int)sizeof(struct clos_flow_v6); i++)
			c = clos_crc32_byte(c, b[i]);
	}
	return ~c;
}

#endif /* CLOS_HASH_H */
