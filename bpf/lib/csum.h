/* SPDX-License-Identifier: GPL-2.0 */
/* Incremental Internet checksum updates (RFC 1624: HC' = ~(~HC + ~m + m')). */
#ifndef CLOS_CSUM_H
#define CLOS_CSUM_H

#include <linux/types.h>

static __always_inline __u16 clos_csum_fold(__u32 sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__u16)sum;
}

/* Replace one 16-bit word (network order) covered by checksum *csum. */
static __always_inline void clos_csum_replace2(__sum16 *csum, __be16 old,
					       __be16 new)
{
	__u32 sum = (__u16)~*csum;

	sum += (__u16)~old;
	sum += (__u16)new;
	*csum = ~clos_csum_fold(sum);
}

/* Does the IPv4 header at iph (IHL already checked to be >= 5 and to lie
 * below data_end) carry a valid checksum? The one's complement sum of its
 * 32-bit words, folded, is 0xffff then (RFC 1071); the sum is the same in
 * either byte order, so the words are added as they are in memory. The
 * header is 5 to 15 words: the loop is unrolled, and each word past the
 * fixed 20 bytes is bounds-checked on its own for the verifier. */
static __always_inline int clos_ipv4_csum_ok(const void *iph, const void *data_end)
{
	const __u32 *w = iph;
	__u32 ihl = *(const __u8 *)iph & 0x0f;
	__u64 sum;
	int i, ok = 1;

	if ((const void *)(w + 5) > data_end)
		return 0;
	sum = (__u64)w[0] + w[1] + w[2] + w[3] + w[4];
#pragma unroll
	for (i = 5; i < 15; i++) {
		if ((__u32)i < ihl) {
			if ((const void *)(w + i + 1) > data_end)
				ok = 0;
			else
				sum += w[i];
		}
	}
	sum = (sum & 0xffffffff) + (sum >> 32);
	sum = (sum & 0xffffffff) + (sum >> 32);
	return ok && clos_csum_fold(sum) == 0xffff;
}

#endif /* CLOS_CSUM_H */
