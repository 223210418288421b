// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <bpf/bpf.h>
#include "log.h"
#include "port_cfg.h"
#include "portstate.h"
#include "qos_cfg.h"
#include "qos_defaults.h"
#include "queue.h"
#include "rate.h"

const char *const clos_port_role_names[2] = {
	[CLOS_PORT_FABRIC] = "fabric",
	[CLOS_PORT_HOST] = "host",
};

const char *const clos_port_state_names[2] = { "down", "up" };

const char *const clos_port_trust_names[2] = {
	[CLOS_TRUST_PCP] = "pcp",
	[CLOS_TRUST_DSCP] = "dscp",
};

static int write_port(struct clos_switch *sw, __u32 id,
		      const struct clos_port *p, struct clos_err *err)
{
	if (bpf_map_update_elem(sw->fd[CLOS_MAP_PORTS], &id, p, BPF_EXIST))
		return clos_err_set(err, -errno, "port %s: cannot write: %s",
				    p->name, strerror(errno));
	return 0;
}

static int check(const struct clos_port *p, const struct clos_port_change *c,
		 struct clos_err *err)
{
	char max[CLOS_RATE_STRLEN];

	if (p->role > CLOS_PORT_HOST || p->vlan > 4094 ||
	    p->trust > CLOS_TRUST_DSCP)
		return clos_err_set(err, -EINVAL,
				    "port %s: bad role, vlan or trust", p->name);
	if (p->rate_bps > CLOS_RATE_MAX)
		return clos_err_set(err, -EINVAL,
				    "port %s: rate out of range (0..%s)", p->name,
				    clos_fmt_rate(CLOS_RATE_MAX, max, sizeof(max)));
	/* Fabric links are routed and untagged on both ends. */
	if (p->role == CLOS_PORT_FABRIC && p->vlan) {
		if (c->vlan == CLOS_KEEP)
			return clos_err_set(err, -EINVAL,
					    "port %s: a fabric port cannot have a VLAN (it has vlan %u; add 'vlan 0')",
					    p->name, p->vlan);
		return clos_err_set(err, -EINVAL,
				    "port %s: a fabric port cannot have a VLAN",
				    p->name);
	}
	return 0;
}

/* A new rate: the port's default profiles for it, and its qdiscs. */
static int apply_rate(struct clos_switch *sw, __u32 id,
		      const struct clos_port *p, struct clos_err *err)
{
	int ret;

	ret = clos_qos_write_port_profiles(sw->fd[CLOS_MAP_TM_PROFILE], id,
					   p->rate_bps);
	if (ret)
		return clos_err_set(err, ret, "port %s: cannot write its profiles: %s",
				    p->name, strerror(-ret));
	/* Nothing to do in fast mode, where there are no qdiscs. */
	return clos_queue_apply_port(sw, id, err);
}

int clos_port_update(struct clos_switch *sw, __u32 id,
		     const struct clos_port_change *c, struct clos_err *err)
{
	struct clos_tm_profile old_prof[CLOS_NUM_TC];
	char rate_str[CLOS_RATE_STRLEN];
	bool rate = c->set_rate;
	struct clos_port p, old;
	struct clos_err why;
	int ret;

	if (clos_port_get(sw, id, &old))
		return clos_err_set(err, -ENOENT, "port %u does not exist", id);
	p = old;
	if (c->role != CLOS_KEEP)
		p.role = c->role;
	if (c->vlan != CLOS_KEEP)
		p.vlan = c->vlan;
	if (c->set_trust)
		p.trust = c->trust;
	if (rate)
		p.rate_bps = c->rate_bps;
	ret = check(&p, c, err);
	if (ret)
		return ret;
	if (rate) {
		ret = clos_qos_profiles_read(sw, id, old_prof);
		if (ret)
			return clos_err_set(err, ret,
					    "port %s: cannot read its profiles: %s",
					    p.name, strerror(-ret));
	}

	/* Role, VLAN, trust and rate first; a state change then goes
	 * through clos_port_set_state(), which also (de)activates the
	 * port's ECMP members in the right order. */
	if (memcmp(&p, &old, sizeof(p))) {
		ret = write_port(sw, id, &p, err);
		if (ret)
			return ret;
	}
	if (rate) {
		ret = apply_rate(sw, id, &p, err);
		if (ret)
			goto undo;
	}
	if (c->up != CLOS_KEEP && !!c->up != old.up) {
		ret = clos_port_set_state(sw, id, c->up, err);
		if (ret < 0)
			goto undo;
		p.up = !!c->up;
	}
	pr_info("port %s: role %s vlan %u %s trust %s rate %s\n", p.name,
		clos_port_role_names[p.role], p.vlan,
		clos_port_state_names[p.up], clos_port_trust_names[p.trust],
		clos_fmt_rate(p.rate_bps, rate_str, sizeof(rate_str)));
	return 0;
undo:
	/* The port as it was, its ECMP members, profiles and qdiscs. */
	if (c->up != CLOS_KEEP && !!c->up != old.up)
		clos_port_set_state(sw, id, old.up, &why);
	write_port(sw, id, &old, &why);
	if (rate) {
		clos_qos_profiles_write(sw, id, old_prof);
		clos_queue_apply_port(sw, id, &why);
	}
	return ret;
}
