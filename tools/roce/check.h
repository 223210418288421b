/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `clos-roce check FILE...`: every RoCEv2 frame of a capture through
 * clos-roce's own decoder and ICRC check, with the fields it decoded, so
 * a capture can be compared with what tshark shows (tshark does not check
 * ICRCs).
 */
#ifndef CLOS_ROCE_CHECK_H
#define CLOS_ROCE_CHECK_H

#include <stdbool.h>
#include <stdint.h>
#include "err.h"

struct roce_check_sum {
	uint64_t frames;
	uint64_t roce;		/* IPv4/UDP to port 4791 */
	uint64_t icrc_ok;
	uint64_t icrc_bad;
	uint64_t refused;	/* truncated or undecodable */
};

/* Check one pcap file (Ethernet, Linux cooked or raw IPv4); print its frames (text: one line per
 * RoCE frame with verbose, JSON: always) and add to *sum. 0, or -errno
 * when the file cannot be read. */
int roce_check_file(const char *path, bool verbose,
		    struct roce_check_sum *sum, struct clos_err *err);

#endif /* CLOS_ROCE_CHECK_H */
