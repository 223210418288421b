/* SPDX-License-Identifier: GPL-2.0 */
/* ECMP flow hash: CRC-32 (zlib-compatible: crc32(seed, tuple)) over the
 * 5-tuple in wire order, so user space can predict a flow's path with zlib.
 *
 * What a table-driven CRC costs is its chain of dependent steps, each a
 * table read indexed by the result of the one before. The CRC is linear
 * (table[a ^ b] = table[a] ^ table[b]), so n >= 4 bytes are one step: the
 * CRC register goes into the first four, and byte i of the n adds table
 * n-1-i (the byte followed by n-1-i zero bytes). With 13 tables an IPv4
 * tuple (13 bytes) is one step of 13 independent reads and an IPv6 tuple
 * (37) three: 12, 12, 13; slicing-by-4 took 4 and 10 steps (measured by
 * BPF_PROG_TEST_RUN, 16 hashes chained: IPv4 13.4 -> 6.8 ns a hash, IPv6
 * 35 -> 20 ns). The price is 13 KB of tables instead of 4. */
#ifndef CLOS_HASH_H
#define CLOS_HASH_H

#include <linux/types.h>
#include "crc32_tables.h"	/* generated: tools/gen_crc32_tables.c */
#include "parse.h"

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "clos_flow_hash() reads the tuple as little-endian words"
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

/* Word w (little-endian: its first byte in the low bits) as bytes i..i+3
 * of an n-byte step: tables n-1-i down to n-4-i. */
#define CLOS_CRC32_W(w, n, i)						\
	(clos_crc32_tab[(n) - 1 - (i)][clos_crc32_idx(w, 0)] ^		\
	 clos_crc32_tab[(n) - 2 - (i)][clos_crc32_idx(w, 8)] ^		\
	 clos_crc32_tab[(n) - 3 - (i)][clos_crc32_idx(w, 16)] ^		\
	 clos_crc32_tab[(n) - 4 - (i)][clos_crc32_idx(w, 24)])

/* CRC register c over the 12 bytes of w0..w2. */
static __always_inline __u32 clos_crc32_12(__u32 c, __u32 w0, __u32 w1,
					   __u32 w2)
{
	c ^= w0;
	return CLOS_CRC32_W(c, 12, 0) ^ CLOS_CRC32_W(w1, 12, 4) ^
	       CLOS_CRC32_W(w2, 12, 8);
}

/* CRC register c over the 13 bytes of w0..w2 and b. */
static __always_inline __u32 clos_crc32_13(__u32 c, __u32 w0, __u32 w1,
					   __u32 w2, __u8 b)
{
	c ^= w0;
	return CLOS_CRC32_W(c, 13, 0) ^ CLOS_CRC32_W(w1, 13, 4) ^
	       CLOS_CRC32_W(w2, 13, 8) ^ clos_crc32_tab[0][b];
}

/* The hash of an IPv4 flow given as the words of struct clos_flow_v4:
 * source, destination, the two ports (0 when none), and the protocol. */
static __always_inline __u32 clos_flow_hash_v4(__u32 seed, __u32 saddr,
					       __u32 daddr, __u32 l4_ports,
					       __u8 proto)
{
	return ~clos_crc32_13(~seed, saddr, daddr, l4_ports, proto);
}

/*
 * The hash of the IPv4 flow of header iph, its bytes read where they are:
 * key is the switch's seed_key (abi.h struct clos_switch_cfg), l4_ports
 * as for clos_flow_hash_v4(), which this equals with the seed.
 *
 * The seed enters a CRC only as its register, XORed into the first four
 * bytes, and every table is linear, so its part of the sum is the same for
 * every 13-byte flow: ~crc32(seed, 13 zero bytes), which user space works
 * out once. What is left is a table read per byte, and a byte read from
 * the header is an index as it is: no shift or mask to cut it out of a
 * word (an address byte cost 8 instructions that way, 5 this way).
 */
static __always_inline __u32 clos_flow_hash_v4_hdr(__u32 key,
						   const struct iphdr *iph,
						   __u32 l4_ports)
{
	const __u8 *a = (const __u8 *)&iph->saddr;	/* then daddr */

	return ~(key ^ clos_crc32_tab[12][a[0]] ^ clos_crc32_tab[11][a[1]] ^
		 clos_crc32_tab[10][a[2]] ^ clos_crc32_tab[9][a[3]] ^
		 clos_crc32_tab[8][a[4]] ^ clos_crc32_tab[7][a[5]] ^
		 clos_crc32_tab[6][a[6]] ^ clos_crc32_tab[5][a[7]] ^
		 CLOS_CRC32_W(l4_ports, 13, 8) ^
		 clos_crc32_tab[0][iph->protocol]);
}

/* The flow is 4-byte aligned in struct clos_pkt (stack reads must be
 * aligned), read as words and the one last byte. */
_Static_assert(sizeof(struct clos_flow_v4) == 13 &&
	       sizeof(struct clos_flow_v6) == 37, "clos_flow_hash() steps");
_Static_assert(CLOS_CRC32_SLICES == 13, "clos_flow_hash() tables");

static __always_inline __u32 clos_flow_hash(const struct clos_pkt *p, __u32 seed)
{
	const __u32 *w = (const __u32 *)&p->flow;
	const __u8 *b = (const __u8 *)&p->flow;
	__u32 c;

	/* Read the tuple from the stack, not from registers the parser left:
	 * the compiler knows which parse path filled which words, but a
	 * verifier that cannot tell p->proto after a narrow spill (6.1) walks
	 * the IPv6 steps with the IPv4 path's registers, one holding a packet
	 * pointer, and refuses the program. */
	asm volatile("" : : "r"(p) : "memory");
	if (p->proto == ETH_P_IP)
		return clos_flow_hash_v4(seed, w[0], w[1], w[2], b[12]);
	c = clos_crc32_12(~seed, w[0], w[1], w[2]);
	c = clos_crc32_12(c, w[3], w[4], w[5]);
	return ~clos_crc32_13(c, w[6], w[7], w[8], b[36]);
}

#endif /* CLOS_HASH_H */
