/* SPDX-License-Identifier: GPL-2.0 */
/* ECMP flow hash: CRC-32 (zlib-compatible: crc32(seed, tuple)) over the
 * 5-tuple in wire order, so user space can predict a flow's path with zlib.
 * Slicing-by-4: one step per 4 bytes, four table reads independent of
 * each other, instead of four dependent byte steps. */
#ifndef CLOS_HASH_H
#define CLOS_HASH_H

#include <linux/types.h>
#include "crc32_tables.h"	/* generated: tools/gen_crc32_tables.c */
#include "parse.h"

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "clos_crc32_word() reads the tuple as little-endian words"
#endif

static const __u32 clos_crc32_tab[CLOS_CRC32_SLICES][256] = CLOS_CRC32_TABLES_INIT;

/* Byte shift/8 of c as a table index. Mask after the shift, where the
 * verifier sees it: a 6.1 verifier loses the bound of some 32-bit ALU
 * results, and clang would otherwise fold the mask away. */
static __always_inline __u32 clos_crc32_idx(__u32 c, int shift)
{
	__u32 i = c >> shift;

	barrier_var(i);
	return i & 0xff;
}

static __always_inline __u32 clos_crc32_byte(__u32 c, __u8 b)
{
	return clos_crc32_tab[0][clos_crc32_idx(c ^ b, 0)] ^ (c >> 8);
}

/* Four bytes at once; w holds them as a little-endian word. */
static __always_inline __u32 clos_crc32_word(__u32 c, __u32 w)
{
	c ^= w;
	return clos_crc32_tab[3][clos_crc32_idx(c, 0)] ^
	       clos_crc32_tab[2][clos_crc32_idx(c, 8)] ^
	       clos_crc32_tab[1][clos_crc32_idx(c, 16)] ^
	       clos_crc32_tab[0][clos_crc32_idx(c, 24)];
}

static __always_inline __u32 clos_flow_hash(const struct clos_pkt *p, __u32 seed)
{
	/* The flow is 4-byte aligned in struct clos_pkt (stack reads must be
	 * aligned): 13 bytes (v4) or 37 (v6) are words and one last byte. */
	const __u32 *w = (const __u32 *)&p->flow;
	const __u8 *b = (const __u8 *)&p->flow;
	__u32 c = ~seed;
	int i;

	if (p->proto == ETH_P_IP) {
#pragma unroll
		for (i = 0; i < (int)sizeof(struct clos_flow_v4) / 4; i++)
			c = clos_crc32_word(c, w[i]);
		c = clos_crc32_byte(c, b[sizeof(struct clos_flow_v4) - 1]);
	} else {
#pragma unroll
		for (i = 0; i < (int)sizeof(struct clos_flow_v6) / 4; i++)
			c = clos_crc32_word(c, w[i]);
		c = clos_crc32_byte(c, b[sizeof(struct clos_flow_v6) - 1]);
	}
	return ~c;
}

#endif /* CLOS_HASH_H */
