/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A pcapng writer (draft-ietf-opsawg-pcapng) for closctl capture: libpcap
 * 1.10 writes only pcap, which has no interfaces, directions or comments.
 * One section: its header, one interface description block per port
 * (if_name, nanosecond timestamps), then an enhanced packet block per
 * frame with its direction (epb_flags) and a comment (the verdict).
 */
#ifndef CLOSCTL_PCAPNG_H
#define CLOSCTL_PCAPNG_H

#include <stdbool.h>
#include <stdio.h>
#include <linux/types.h>

/* Each returns 0, or -1 with errno set when f cannot be written. */
int pcapng_section(FILE *f, const char *app);
int pcapng_interface(FILE *f, const char *name, const char *desc, __u32 snaplen);
/* ifid: the interface's index in the order they were written; out: the
 * frame was sent (else received); comment may be NULL. */
int pcapng_packet(FILE *f, __u32 ifid, __u64 ts_ns, const void *data, __u32 caplen,
		  __u32 len, bool out, const char *comment);

#endif /* CLOSCTL_PCAPNG_H */
