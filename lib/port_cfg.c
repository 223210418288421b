// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <bpf/bpf.h>
#include "log.h"
#include "port_cfg.h"
#include "portstate.h"

const char *const clos_port_role_names[2] = {
	[CLOS_PORT_FABRIC] = "fabric",
	[CLOS_PORT_HOST] = "host",
};

const char *const clos_port_state_names[2] = { "down", "up" };

static int write_port(struct clos_switch *sw, __u32 id,
		      const struct clos_port *p, struct clos_err *err)
{
	if (bpf_map_update_elem(sw->fd[CLOS_MAP_PORTS], &id, p, BPF_EXIST))
		return clos_err_set(err, -errno, "port %s: cannot write: %s",
				    p->name, strerror(errno));
	return 0;
}

int clos_port_update(struct clos_switch *sw, __u32 id,
		     const struct clos_port_change *c, struct clos_err *err)
{
	struct clos_port p, old;
	int ret;

	if (clos_port_get(sw, id, &old))
		return clos_err_set(err, -ENOENT, "port %u does not exist", id);
	p = old;
	if (c->role != CLOS_KEEP)
		p.role = c->role;
	if (c->vlan != CLOS_KEEP)
		p.vlan = c->vlan;
	if (c->up != CLOS_KEEP)
		p.up = !!c->up;
	if (p.role > CLOS_PORT_HOST || p.vlan > 4094)
		return clos_err_set(err, -EINVAL, "port %s: bad role or vlan",
				    p.name);
	/* Fabric links are routed and untagged on both ends. */
	if (p.role == CLOS_PORT_FABRIC && p.vlan) {
		if (c->vlan == CLOS_KEEP)
			return clos_err_set(err, -EINVAL,
					    "port %s: a fabric port cannot have a VLAN (it has vlan %u; add 'vlan 0')",
					    p.name, p.vlan);
		return clos_err_set(err, -EINVAL,
				    "port %s: a fabric port cannot have a VLAN",
				    p.name);
	}

	/* Role and VLAN first; a state change then goes through
	 * clos_port_set_state(), which also (de)activates the port's ECMP
	 * members in the right order. */
	if (p.role != old.role || p.vlan != old.vlan) {
		p.up = old.up;
		ret = write_port(sw, id, &p, err);
		if (ret)
			return ret;
	}
	if (c->up != CLOS_KEEP && !!c->up != old.up) {
		ret = clos_port_set_state(sw, id, c->up, err);
		if (ret < 0)
			return ret;
		p.up = !!c->up;
	}
	pr_info("port %s: role %s vlan %u %s\n", p.name,
		clos_port_role_names[p.role], p.vlan,
		clos_port_state_names[p.up]);
	return 0;
}
