// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "qos_defaults.h"
#include "build.h"
#include "punt_police.h"
#include "flowkey.h"

int clos_switch_of_object(struct clos_switch *sw, struct bpf_object *obj,
			  const char *name, struct clos_err *err)
{
	int i;

	memset(sw, 0, sizeof(*sw));
	sw->dir_fd = -1;	/* not pinned: no pin directory, no lock */
	snprintf(sw->name, sizeof(sw->name), "%s", name);
	for (i = 0; i < CLOS_MAP_MAX; i++) {
		sw->fd[i] = bpf_object__find_map_fd_by_name(obj, clos_map_obj_name(i));
		if (sw->fd[i] < 0)
			return clos_err_set(err, -ENOENT, "the BPF object has no map %s",
					    clos_map_names[i]);
	}
	sw->ncpus = libbpf_num_possible_cpus();
	if (sw->ncpus < 0)
		return clos_err_set(err, sw->ncpus, "cannot count the possible CPUs: %s",
				    strerror(-sw->ncpus));
	return 0;
}

static int put(const struct clos_switch *sw, enum clos_map_id map,
	       const void *key, const void *val, const char *what,
	       struct clos_err *err)
{
	int ret = bpf_map_update_elem(sw->fd[map], key, val, BPF_ANY) ? -errno : 0;

	if (ret)
		clos_err_set(err, ret, "cannot write %s to map %s: %s", what,
			     clos_map_names[map], strerror(-ret));
	return ret;
}

static int build_port(const struct clos_switch *sw, const struct clos_switch_desc *d,
		      __u32 id, struct clos_err *err)
{
	const struct clos_port *port = &d->ports[id];
	/* No program on the entry: the devmap only sends (fast mode decides
	 * the egress port's part at ingress). */
	struct bpf_devmap_val dev = { .ifindex = port->ifindex };
	struct clos_punt_police police = clos_punt_police_default();
	__u32 ref = CLOS_IFINDEX_PORT(id);
	char what[64];
	int ret;

	snprintf(what, sizeof(what), "port %u (%s)", id, port->name);
	ret = put(sw, CLOS_MAP_PORTS, &id, port, what, err);
	if (!ret)
		ret = put(sw, CLOS_MAP_PORT_BY_IFINDEX, &port->ifindex, &ref, what, err);
	if (!ret)
		ret = put(sw, CLOS_MAP_TX_PORTS, &id, &dev, what, err);
	if (!ret)
		ret = put(sw, CLOS_MAP_PUNT_POLICE, &id, &police, what, err);
	if (ret)
		return ret;
	/* Profiles scaled to the port's rate: shaped from its first packet. */
	ret = clos_qos_write_port_profiles(sw->fd[CLOS_MAP_TM_PROFILE], id,
					   port->rate_bps);
	if (ret)
		return clos_err_set(err, ret, "cannot write the QoS profiles of %s: %s",
				    what, strerror(-ret));
	return 0;
}

static int build_local_route(const struct clos_switch *sw,
			     const struct clos_local_addr *a, struct clos_err *err)
{
	struct clos_route local = { .action = CLOS_RT_LOCAL };
	char what[INET6_ADDRSTRLEN + 16], ip[INET6_ADDRSTRLEN];

	inet_ntop(a->family, a->addr, ip, sizeof(ip));
	snprintf(what, sizeof(what), "local route %s", ip);
	if (a->family == AF_INET) {
		struct clos_lpm_v4 key = { .prefixlen = 32 };

		memcpy(key.addr, a->addr, sizeof(key.addr));
		return put(sw, CLOS_MAP_ROUTE_V4, &key, &local, what, err);
	}
	if (a->family == AF_INET6) {
		struct clos_lpm_v6 key = { .prefixlen = 128 };

		memcpy(key.addr, a->addr, sizeof(key.addr));
		return put(sw, CLOS_MAP_ROUTE_V6, &key, &local, what, err);
	}
	return clos_err_set(err, -EAFNOSUPPORT, "local address of family %d: not IPv4 or IPv6",
			    a->family);
}

int clos_switch_build(const struct clos_switch *sw,
		      const struct clos_switch_desc *d, struct clos_err *err)
{
	struct clos_switch_cfg cfg = {
		.seed = d->seed,
		.seed_key = clos_flow_seed_key(d->seed),
		.role = d->role,
		.mode = d->mode,
		.num_ports = d->num_ports,
	};
	__u32 i, zero = 0;
	int ret;

	if (d->num_ports < 0 || d->num_ports > CLOS_MAX_PORTS)
		return clos_err_set(err, -EINVAL, "%d ports: a switch has 0..%d",
				    d->num_ports, CLOS_MAX_PORTS);
	if (d->netns && strlen(d->netns) >= sizeof(cfg.netns))
		return clos_err_set(err, -ENAMETOOLONG, "netns name '%s' is longer than %zu characters",
				    d->netns, sizeof(cfg.netns) - 1);
	snprintf(cfg.netns, sizeof(cfg.netns), "%s", d->netns ? d->netns : "");

	for (i = 0; i < (__u32)d->num_ports; i++) {
		ret = build_port(sw, d, i, err);
		if (ret)
			return ret;
	}
	for (i = 0; i < (__u32)d->num_local; i++) {
		ret = build_local_route(sw, &d->local[i], err);
		if (ret)
			return ret;
	}
	/* Classes and schedulers at their defaults: traffic is classified
	 * from its first packet. */
	ret = clos_qos_write_defaults(sw->fd[CLOS_MAP_PCP_TC], sw->fd[CLOS_MAP_DSCP_TC],
				      sw->fd[CLOS_MAP_TC_PCP], sw->fd[CLOS_MAP_TC_SCHED]);
	if (ret)
		return clos_err_set(err, ret, "cannot write the QoS class defaults: %s",
				    strerror(-ret));
	/* Last: its pin is what makes a directory a switch. */
	return put(sw, CLOS_MAP_SWITCH_CFG, &zero, &cfg, "the switch's configuration", err);
}
