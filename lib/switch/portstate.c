// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <bpf/bpf.h>
#include "ecmp.h"
#include "ecmp_store.h"
#include "portstate.h"

static int nexthop_port(const struct clos_switch *sw, __u32 nh_id, __u32 *port)
{
	struct clos_nexthop nh;

	if (bpf_map_lookup_elem(sw->fd[CLOS_MAP_NEXTHOP], &nh_id, &nh) || !nh.valid)
		return -ENOENT;
	*port = nh.port;
	return 0;
}

/* Set every member of g on port to up; returns whether g changed. */
static bool group_set_port(const struct clos_switch *sw,
			   struct clos_ecmp_group *g, __u32 port, bool up)
{
	bool changed = false;
	__u32 p;
	int s;

	for (s = 0; s < CLOS_MAX_MEMBERS; s++) {
		if (g->nexthop[s] == CLOS_NH_NONE ||
		    nexthop_port(sw, g->nexthop[s], &p) || p != port)
			continue;
		if (clos_ecmp_slot_active(g, s) == up)
			continue;
		clos_ecmp_group_set_member(g, g->nexthop[s], up);
		changed = true;
	}
	return changed;
}

static int update_groups(const struct clos_switch *sw, __u32 port, bool up,
			 struct clos_err *err)
{
	struct clos_ecmp_entry *tab;
	struct clos_ecmp_group g;
	int changed = 0, ret = 0;
	__u32 gid;

	tab = clos_ecmp_store_map(sw->fd[CLOS_MAP_ECMP_GROUPS]);
	if (!tab)
		return clos_err_set(err, -errno, "ecmp_groups: cannot map: %s",
				    strerror(errno));
	for (gid = 0; gid < CLOS_MAX_GROUPS; gid++) {
		if (clos_ecmp_store_read(tab, gid, &g) ||
		    !group_set_port(sw, &g, port, up))
			continue;
		/* The group swapped whole (lib/table/ecmp_store.h). */
		ret = clos_ecmp_store_write(tab, gid, &g);
		if (ret) {
			ret = clos_err_set(err, ret, "ecmp group %u: update: %s",
					   gid, strerror(-ret));
			break;
		}
		changed++;
	}
	clos_ecmp_store_unmap(tab);
	return ret ? ret : changed;
}

static int write_port(const struct clos_switch *sw, __u32 id,
		      const struct clos_port *port, struct clos_err *err)
{
	if (bpf_map_update_elem(sw->fd[CLOS_MAP_PORTS], &id, port, BPF_EXIST))
		return clos_err_set(err, -errno, "port %s: update: %s", port->name,
				    strerror(errno));
	return 0;
}

int clos_port_set_state(const struct clos_switch *sw, __u32 id, bool up,
			struct clos_err *err)
{
	struct clos_port port;
	int ret;

	ret = clos_port_get(sw, id, &port);
	if (ret)
		return clos_err_set(err, ret, "port %u does not exist", id);
	port.up = up;
	/* Down: steer flows away first, then stop the port. Up: the reverse,
	 * so no flow is ever hashed to a port marked down. */
	if (up) {
		ret = write_port(sw, id, &port, err);
		if (!ret)
			ret = update_groups(sw, id, true, err);
	} else {
		ret = update_groups(sw, id, false, err);
		if (ret >= 0)
			ret = write_port(sw, id, &port, err) ?: ret;
	}
	/* With everything in place, one wait settles the groups' flips, so
	 * the next change of them need not wait (lib/table/ecmp_store.h); a
	 * failed wait leaves that to the next writer. */
	if (ret > 0)
		clos_ecmp_store_settle_fd(sw->fd[CLOS_MAP_ECMP_GROUPS]);
	return ret;
}

int clos_ecmp_group_apply_port_state(const struct clos_switch *sw,
				     struct clos_ecmp_group *g)
{
	struct clos_port port;
	__u32 p;
	int s, down = 0;

	for (s = 0; s < CLOS_MAX_MEMBERS; s++) {
		if (g->nexthop[s] == CLOS_NH_NONE || nexthop_port(sw, g->nexthop[s], &p) ||
		    clos_port_get(sw, p, &port) || port.up)
			continue;
		clos_ecmp_group_set_member(g, g->nexthop[s], false);
		down++;
	}
	return down;
}
