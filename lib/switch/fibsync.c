// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include "fibsync.h"

bool clos_fibsync_owns_route(const struct clos_route *r)
{
	switch (r->action) {
	case CLOS_RT_NEXTHOP:
		return clos_fibsync_nh_id(r->id);
	case CLOS_RT_ECMP:
		return clos_fibsync_group_id(r->id);
	default:
		/* local, kernel, drop: the kernel has the same or nothing. */
		return true;
	}
}

int clos_fibsync_status_path(char *buf, size_t len, const char *sw,
			     bool dir_only)
{
	int n;

	if (dir_only)
		n = snprintf(buf, len, "%s/%s", CLOS_RUN_DIR, sw);
	else
		n = snprintf(buf, len, "%s/%s/%s", CLOS_RUN_DIR, sw,
			     CLOS_FIBSYNC_STATUS);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}
