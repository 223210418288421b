// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pcap/pcap.h>
#include "pcap_filter.h"

struct pcap_filter {
	struct bpf_program prog;
};

struct pcap_filter *pcap_filter_new(const char *expr, unsigned int snaplen,
				    char *err, size_t errlen)
{
	struct pcap_filter *f;
	pcap_t *p;

	p = pcap_open_dead(DLT_EN10MB, snaplen);
	if (!p) {
		snprintf(err, errlen, "libpcap: cannot open a dead handle");
		return NULL;
	}
	f = calloc(1, sizeof(*f));
	if (!f) {
		snprintf(err, errlen, "out of memory");
		pcap_close(p);
		return NULL;
	}
	if (pcap_compile(p, &f->prog, expr, 1, PCAP_NETMASK_UNKNOWN)) {
		snprintf(err, errlen, "%s", pcap_geterr(p));
		free(f);
		pcap_close(p);
		return NULL;
	}
	pcap_close(p);
	return f;
}

bool pcap_filter_match(const struct pcap_filter *f, const void *data,
		       unsigned int caplen, unsigned int len)
{
	struct pcap_pkthdr h = { .caplen = caplen, .len = len };

	return pcap_offline_filter(&f->prog, &h, data) != 0;
}

void pcap_filter_free(struct pcap_filter *f)
{
	if (!f)
		return;
	pcap_freecode(&f->prog);
	free(f);
}
