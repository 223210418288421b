/* SPDX-License-Identifier: GPL-2.0 */
/* A port's punt policer (include/clos/abi.h struct clos_punt_police): its
 * defaults, reading it, changing its rate and burst. */
#ifndef CLOS_PUNT_POLICE_H
#define CLOS_PUNT_POLICE_H

#include "err.h"
#include "switch.h"

/* A bucket at the defaults, full. */
struct clos_punt_police clos_punt_police_default(void);

/* 0 if rate (packets/s, 0 = unlimited) and burst (packets) are in range,
 * else -EINVAL with err naming the field and its range. */
int clos_punt_police_check(__u32 rate_pps, __u32 burst, struct clos_err *err);

/* Port id's bucket, read under its lock. */
int clos_punt_police_get(const struct clos_switch *sw, __u32 id,
			 struct clos_punt_police *pp, struct clos_err *err);

/* Give port id's bucket this rate and burst and fill it; its policed
 * counters are kept. */
int clos_punt_police_set(const struct clos_switch *sw, __u32 id, __u32 rate_pps,
			 __u32 burst, struct clos_err *err);

#endif /* CLOS_PUNT_POLICE_H */
