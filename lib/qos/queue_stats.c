// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "queue.h"
#include "queue_stats.h"

int clos_queue_stats_open(const struct clos_switch *sw,
			  struct clos_queue_stats *qs, struct clos_err *err)
{
	struct clos_switch_cfg cfg;
	int ret;

	qs->fd = -1;
	ret = clos_switch_queue_cfg(sw, &cfg, err);
	if (ret <= 0)
		return ret;
	cfg.netns[sizeof(cfg.netns) - 1] = '\0';
	ret = clos_tc_stats_open(cfg.netns, err);
	if (ret < 0)
		return ret;
	qs->fd = ret;
	return 0;
}

void clos_queue_stats_close(struct clos_queue_stats *qs)
{
	if (qs->fd >= 0)
		close(qs->fd);
	qs->fd = -1;
}

bool clos_queue_stats_queued(const struct clos_queue_stats *qs,
			     const struct clos_port *p)
{
	/* The loader and closctl build a tree exactly on these ports. */
	return qs->fd >= 0 && p->rate_bps;
}

int clos_queue_stats_port(const struct clos_queue_stats *qs,
			  const struct clos_port *p,
			  struct clos_tc_class_stats cls[CLOS_NUM_TC],
			  struct clos_err *err)
{
	struct clos_err why;
	int tc, ret;

	if (!clos_queue_stats_queued(qs, p))
		return clos_err_set(err, -ENOENT, "port %.*s has no kernel queue",
				    (int)sizeof(p->name), p->name);
	for (tc = 0; tc < CLOS_NUM_TC; tc++)
		cls[tc].classid = CLOS_HTB_CLASS(tc);
	ret = clos_tc_class_stats_read(qs->fd, p->ifindex, cls, CLOS_NUM_TC,
				       &why);
	if (ret)
		return clos_err_set(err, ret, "port %.*s: %s",
				    (int)sizeof(p->name), p->name, why.msg);
	return 0;
}
