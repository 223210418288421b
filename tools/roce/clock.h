/* SPDX-License-Identifier: GPL-2.0 */
/* The one clock of clos-roce: CLOCK_MONOTONIC, shared by every network
 * namespace of the machine. */
#ifndef CLOS_ROCE_CLOCK_H
#define CLOS_ROCE_CLOCK_H

#include <stdint.h>
#include <time.h>

static inline uint64_t roce_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

#endif /* CLOS_ROCE_CLOCK_H */
