/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Martians: addresses a router must not forward, whatever its routes say.
 * Checked only for a packet about to be forwarded (by the data path, or by
 * the switch's kernel through a kernel route): what is addressed to the
 * switch itself, or to a multicast group or link-local address (punted
 * before routing), is the kernel's to accept or refuse, and a link-local
 * or unspecified source is normal there (ARP, ND, DAD, DHCP).
 *
 * IPv4 (RFC 1812 5.3.7, RFC 3927 7, RFC 6890):
 *   source      0/8 ("this network"), 127/8 (loopback), 169.254/16
 *               (link-local), 224/4 (multicast), 240/4 (reserved, and
 *               255.255.255.255);
 *   destination 0/8, 127/8, 169.254/16, 240/4 (multicast and the limited
 *               broadcast never get here: they are punted).
 * IPv6 (RFC 4291 2.5.2, 2.5.3, 2.5.6, 2.7):
 *   source      :: (unspecified), ::1 (loopback), fe80::/10 (link-local),
 *               ff00::/8 (multicast);
 *   destination ::, ::1 (fe80::/10 and ff00::/8 are punted before).
 * A martian source is counted as drop_martian_source, a martian
 * destination as drop_martian_destination. The parser classifies the
 * addresses from the header it reads (clos_pkt.martian); ingress drops
 * the packet once the route says it would be forwarded.
 */
#ifndef CLOS_MARTIAN_H
#define CLOS_MARTIAN_H

#include <linux/types.h>
#include "clos/abi.h"

static __always_inline int clos_martian_v4_addr(const __u8 *a)
{
	return a[0] == 0 || a[0] == 127 || a[0] >= 224 ||
	       (a[0] == 169 && a[1] == 254);
}

/* 0, or the martian drop that an IPv4 packet from s to d is. */
static __always_inline __u8 clos_martian_v4(const __u8 *s, const __u8 *d)
{
	if (clos_martian_v4_addr(s))
		return CLOS_STAT_DROP_MARTIAN_SRC;
	if (clos_martian_v4_addr(d))
		return CLOS_STAT_DROP_MARTIAN_DST;
	return 0;
}

/* :: or ::1: bytes 0..14 zero and byte 15 at most 1. */
static __always_inline int clos_v6_unspec_or_loopback(const __u8 *a)
{
	__u32 w[4];

	__builtin_memcpy(w, a, sizeof(w));
	return (w[0] | w[1] | w[2]) == 0 &&
	       (a[12] | a[13] | a[14] | (a[15] & 0xfe)) == 0;
}

/* 0, or the martian drop that an IPv6 packet from s to d is. */
static __always_inline __u8 clos_martian_v6(const __u8 *s, const __u8 *d)
{
	if (clos_v6_unspec_or_loopback(s) || s[0] == 0xff ||
	    (s[0] == 0xfe && (s[1] & 0xc0) == 0x80))
		return CLOS_STAT_DROP_MARTIAN_SRC;
	if (clos_v6_unspec_or_loopback(d))
		return CLOS_STAT_DROP_MARTIAN_DST;
	return 0;
}

#endif /* CLOS_MARTIAN_H */
