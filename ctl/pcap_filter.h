/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tcpdump's filter language over captured frames: libpcap's pcap_compile
 * for Ethernet, run with pcap_offline_filter. A file of its own because
 * libpcap's pcap/bpf.h and the kernel's linux/bpf.h (libbpf) cannot be
 * included together.
 */
#ifndef CLOSCTL_PCAP_FILTER_H
#define CLOSCTL_PCAP_FILTER_H

#include <stdbool.h>
#include <stddef.h>

struct pcap_filter;

/* Compile expr; NULL with err filled (libpcap's message) when it is not
 * a filter. */
struct pcap_filter *pcap_filter_new(const char *expr, unsigned int snaplen,
				    char *err, size_t errlen);
/* Whether the frame (caplen of its len bytes) passes. */
bool pcap_filter_match(const struct pcap_filter *f, const void *data,
		       unsigned int caplen, unsigned int len);
void pcap_filter_free(struct pcap_filter *f);

#endif /* CLOSCTL_PCAP_FILTER_H */
