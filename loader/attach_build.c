// SPDX-License-Identifier: GPL-2.0
/* clos-loader attach: the tables of a new switch, and its pins. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "qos_defaults.h"
#include "switch.h"
#include "loader.h"
#include "pins.h"
#include "attach.h"

int attach_map_fds(struct bpf_object *obj, int *fds)
{
	struct bpf_map *map;
	int i;

	for (i = 0; i < CLOS_MAP_MAX; i++) {
		map = bpf_object__find_map_by_name(obj, clos_map_names[i]);
		if (!map) {
			jout_error("the BPF object has no map %s", clos_map_names[i]);
			return -ENOENT;
		}
		fds[i] = bpf_map__fd(map);
	}
	return 0;
}

static int fill_ports(const struct attach_req *req, const struct attach_state *st,
		      const int *fds, int egress_xdp_fd)
{
	__u32 i;

	for (i = 0; i < (__u32)req->num_ports; i++) {
		__u32 ref = CLOS_IFINDEX_PORT(i);
		struct clos_port port = {
			.ifindex = st->ifs[i].ifindex,
			.role = CLOS_PORT_FABRIC,
			.up = st->ifs[i].up,
			.trust = CLOS_TRUST_PCP,
			.rate_bps = req->rate_bps[i],
		};
		struct bpf_devmap_val dev = {
			.ifindex = st->ifs[i].ifindex,
			.bpf_prog.fd = egress_xdp_fd,
		};

		memcpy(port.mac, st->ifs[i].mac, sizeof(port.mac));
		memcpy(port.name, st->ifs[i].name, sizeof(port.name));
		if (bpf_map_update_elem(fds[CLOS_MAP_PORTS], &i, &port, BPF_ANY) ||
		    bpf_map_update_elem(fds[CLOS_MAP_PORT_BY_IFINDEX], &port.ifindex,
					&ref, BPF_ANY) ||
		    bpf_map_update_elem(fds[CLOS_MAP_TX_PORTS], &i, &dev, BPF_ANY))
			return -errno;
	}
	return 0;
}

static int fill_local_routes(const struct attach_state *st, const int *fds)
{
	struct clos_route local = { .action = CLOS_RT_LOCAL };
	int k;

	for (k = 0; k < st->num_addrs; k++) {
		const struct ifinfo_addr *a = &st->addrs[k];

		if (a->family == AF_INET) {
			struct clos_lpm_v4 key = { .prefixlen = 32 };

			memcpy(key.addr, a->addr, 4);
			if (bpf_map_update_elem(fds[CLOS_MAP_ROUTE_V4], &key, &local, BPF_ANY))
				return -errno;
		} else {
			struct clos_lpm_v6 key = { .prefixlen = 128 };

			memcpy(key.addr, a->addr, 16);
			if (bpf_map_update_elem(fds[CLOS_MAP_ROUTE_V6], &key, &local, BPF_ANY))
				return -errno;
		}
	}
	return 0;
}

/* Classes and schedulers at their defaults, each port's profiles scaled to
 * its rate: traffic is classified and shaped from its first packet. */
static int fill_qos(const struct attach_req *req, const int *fds)
{
	int i, err;

	err = clos_qos_write_defaults(fds[CLOS_MAP_PCP_TC], fds[CLOS_MAP_DSCP_TC],
				      fds[CLOS_MAP_TC_PCP], fds[CLOS_MAP_TC_SCHED]);
	for (i = 0; i < req->num_ports && !err; i++)
		err = clos_qos_write_port_profiles(fds[CLOS_MAP_TM_PROFILE], i,
						   req->rate_bps[i]);
	return err;
}

int attach_fill_tables(const struct attach_req *req, const struct attach_state *st,
		       const int *fds, int egress_xdp_fd, __u32 seed)
{
	struct clos_switch_cfg cfg = {
		.seed = seed,
		.role = attach_role(req),
		.mode = attach_mode(req),
		.num_ports = req->num_ports,
	};
	__u32 zero = 0;
	int err;

	snprintf(cfg.netns, sizeof(cfg.netns), "%s", req->netns);
	err = fill_ports(req, st, fds, egress_xdp_fd);
	if (!err)
		err = fill_local_routes(st, fds);
	if (!err)
		err = fill_qos(req, fds);
	/* switch_cfg last: its pin is what makes a directory a switch. */
	if (!err && bpf_map_update_elem(fds[CLOS_MAP_SWITCH_CFG], &zero, &cfg, BPF_ANY))
		err = -errno;
	if (err)
		jout_error("cannot fill the tables: %s", strerror(-err));
	return err;
}

static int pin_fd(const char *dir, const char *file, int fd)
{
	char path[PATH_MAX];

	if (snprintf(path, sizeof(path), "%s/%s", dir, file) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	return bpf_obj_pin(fd, path) ? -errno : 0;
}

int attach_pin(struct attach_state *st, struct bpf_object *obj, int ingress_fd,
	       int egress_fd)
{
	int fds[CLOS_MAP_MAX];
	int i, err;

	err = attach_map_fds(obj, fds);
	if (err)
		return err;
	err = pins_stage_create(st->stage);
	if (err) {
		jout_error("cannot create %s: %s", st->stage, strerror(-err));
		return err;
	}
	st->staged = true;
	for (i = 0; i < CLOS_MAP_MAX; i++) {
		err = pin_fd(st->stage, clos_map_names[i], fds[i]);
		if (err) {
			jout_error("cannot pin map %s: %s", clos_map_names[i], strerror(-err));
			return err;
		}
	}
	if (ingress_fd >= 0) {
		err = pin_fd(st->stage, CLOS_PIN_PROG_INGRESS, ingress_fd);
		if (err) {
			jout_error("cannot pin the ingress program: %s", strerror(-err));
			return err;
		}
	}
	err = pin_fd(st->stage, CLOS_PIN_PROG_EGRESS, egress_fd);
	if (err)
		jout_error("cannot pin the egress program: %s", strerror(-err));
	return err;
}

/* Pinning the ingress program once libxdp has loaded it (fast mode). */
int attach_pin_ingress(struct attach_state *st, int fd)
{
	int err = pin_fd(st->stage, CLOS_PIN_PROG_INGRESS, fd);

	if (err)
		jout_error("cannot pin the ingress program: %s", strerror(-err));
	return err;
}
