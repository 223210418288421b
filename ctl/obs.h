/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One observation of a switch's data path (bpf/lib/observe.h), for
 * closctl capture and closctl trace: switch it on with a configuration,
 * hand each record of the ring to a callback until SIGINT, SIGTERM or the
 * callback says enough, switch it off and count what was lost. One runs
 * per switch at a time; one whose closctl died is taken over.
 */
#ifndef CLOSCTL_OBS_H
#define CLOSCTL_OBS_H

#include <stdbool.h>
#include "switch.h"

/* A record of the ring; size is its whole length. Returns 0 to go on, 1
 * to stop (enough), a negative errno to stop on an error. */
typedef int (*obs_rec_fn)(const struct clos_obs_rec *r, size_t size, void *arg);

struct ring_buffer;

struct obs {
	struct clos_switch *sw;
	struct ring_buffer *rb;
	obs_rec_fn fn;
	void *arg;
	int ret;		/* what fn last returned */
	bool on;
	bool draining;		/* records of an earlier run: dropped */
	__s64 real_off_ns;	/* CLOCK_REALTIME - CLOCK_MONOTONIC */
};

/* Switch observation on with cfg (its owner is set here). Prints the
 * error and returns -1 when another live closctl observes the switch or
 * a map cannot be written. */
int obs_start(struct obs *o, struct clos_switch *sw, const struct clos_obs_cfg *cfg,
	      obs_rec_fn fn, void *arg);
/* Hand records to fn until SIGINT or SIGTERM, or fn stops it. Returns 0,
 * or -1 after printing the error. */
int obs_run(struct obs *o);
/* Switch it off, hand over what is left in the ring, and sum the records
 * the data path could not keep into *lost. Safe to call twice. */
void obs_stop(struct obs *o, __u64 *lost);
/* A data path timestamp (CLOCK_MONOTONIC) as wall-clock ns. */
__u64 obs_wall_ns(const struct obs *o, __u64 mono_ns);

#endif /* CLOSCTL_OBS_H */
