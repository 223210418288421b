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

#endif /* CLOS_CSUM_H */
