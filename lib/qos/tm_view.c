// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <time.h>
#include <bpf/bpf.h>
#include "tm_view.h"
/* The model itself, shared with the data path. */
#include "clos/tm_model.h"

__u64 clos_tm_now_ns(void)
{
	struct timespec ts;

	/* bpf_ktime_get_ns() is CLOCK_MONOTONIC. */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

int clos_tm_state_read(const struct clos_switch *sw, __u32 port,
		       __u64 rate_bps, __u64 now_ns, struct clos_tm_port *st)
{
	struct clos_tc_sched sched[CLOS_NUM_TC];
	__u32 tc;

	/* No lock: the data path updates the words one by one with atomic
	 * instructions, so this is each word as it was at one moment (a
	 * word a drain overdrew for a moment reads as empty). */
	if (bpf_map_lookup_elem(sw->fd[CLOS_MAP_TM_STATE], &port, st))
		return -errno;
	for (tc = 0; tc < CLOS_NUM_TC; tc++)
		st->backlog[tc] = clos_tm_level(st->backlog[tc]);
	if (!rate_bps)
		return 0;	/* unshaped: no model runs */
	for (tc = 0; tc < CLOS_NUM_TC; tc++)
		if (bpf_map_lookup_elem(sw->fd[CLOS_MAP_TC_SCHED], &tc,
					&sched[tc]))
			return -errno;
	clos_tm_advance(&st->last_ns, st->backlog, sched, now_ns, rate_bps);
	return 0;
}

int clos_tm_clear(const struct clos_switch *sw, struct clos_err *err)
{
	int fd = sw->fd[CLOS_MAP_TM_STATE], ret;
	struct clos_tm_port st;
	__u32 port;

	ret = clos_percpu_clear(sw, CLOS_MAP_TM_STATS,
				sizeof(struct clos_tm_stats));
	if (ret)
		return clos_err_set(err, ret, "cannot clear tm_stats: %s",
				    strerror(-ret));
	/* Read-modify-write: the data path may update the port between the
	 * two, and what it changed is lost (a packet's bytes, or a drain;
	 * the backlog is then off by that much until the class next drains
	 * empty); the high-water mark is what is cleared. */
	for (port = 0; port < CLOS_MAX_PORTS; port++) {
		if (bpf_map_lookup_elem(fd, &port, &st))
			return clos_err_set(err, -errno,
					    "tm_state %u: cannot read: %s",
					    port, strerror(errno));
		memset(st.max_backlog, 0, sizeof(st.max_backlog));
		if (bpf_map_update_elem(fd, &port, &st, BPF_ANY))
			return clos_err_set(err, -errno,
					    "tm_state %u: cannot write: %s",
					    port, strerror(errno));
	}
	return 0;
}
