// SPDX-License-Identifier: GPL-2.0
/* clos-loader attach: the tables of a new switch, and its pins. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/bpf.h>
#include "build.h"
#include "jsonout.h"
#include "pins.h"
#include "attach_build.h"

int attach_maps(const char *name, struct bpf_object *obj, struct clos_switch *sw)
{
	struct clos_err cerr;
	int err = clos_switch_of_object(sw, obj, name, &cerr);

	if (err)
		jout_error("%s", cerr.msg);
	return err;
}

/* The new switch as lib/switch/build.h describes it: every port an
 * untagged fabric port, trusting PCP, at its --rates rate. */
int attach_fill_tables(const struct attach_req *req, const struct attach_state *st,
		       __u32 seed)
{
	struct clos_port ports[CLOS_MAX_PORTS];
	struct clos_switch_desc d = {
		.ports = ports,
		.num_ports = req->num_ports,
		.seed = seed,
		.role = attach_role(req),
		.mode = attach_mode(req),
		.netns = req->netns,
		.local = st->addrs,
		.num_local = st->num_addrs,
	};
	struct clos_err cerr;
	int i, err;

	for (i = 0; i < req->num_ports; i++) {
		ports[i] = (struct clos_port){
			.ifindex = st->ifs[i].ifindex,
			.role = CLOS_PORT_FABRIC,
			.up = st->ifs[i].up,
			.trust = CLOS_TRUST_PCP,
			.rate_bps = req->rate_bps[i],
		};
		memcpy(ports[i].mac, st->ifs[i].mac, sizeof(ports[i].mac));
		memcpy(ports[i].name, st->ifs[i].name, sizeof(ports[i].name));
	}
	err = clos_switch_build(&st->sw, &d, &cerr);
	if (err)
		jout_error("cannot fill the tables: %s", cerr.msg);
	return err;
}

static int pin_fd(const char *dir, const char *file, int fd)
{
	char path[PATH_MAX];

	if (snprintf(path, sizeof(path), "%s/%s", dir, file) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	return bpf_obj_pin(fd, path) ? -errno : 0;
}

int attach_pin(struct attach_state *st, int ingress_fd, int egress_fd)
{
	struct clos_err why;
	int i, err;

	err = pins_stage_create(st->stage, &why);
	if (err) {
		jout_error("%s", why.msg);
		return err;
	}
	st->staged = true;
	st->hooks_fd = hooks_create(st->stage);
	if (st->hooks_fd < 0) {
		err = st->hooks_fd;
		jout_error("cannot pin the hook record in %s: %s", st->stage, strerror(-err));
		return err;
	}
	for (i = 0; i < CLOS_MAP_MAX; i++) {
		err = pin_fd(st->stage, clos_map_names[i], st->sw.fd[i]);
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
	if (egress_fd < 0)
		return 0;
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

int attach_note(struct attach_state *st, int i, enum hook_kind kind)
{
	char what[32];
	int err = hooks_note(st->hooks_fd, i, &st->ifs[i], kind);

	if (err)
		jout_error("port %s: cannot write down its %s hook before making it: %s",
			   st->ifs[i].name, hooks_kinds_str(kind, what, sizeof(what)),
			   strerror(-err));
	return err;
}

int attach_made(struct attach_state *st, int i, __u32 prog_id)
{
	int err = hooks_made(st->hooks_fd, i, prog_id);

	if (err)
		jout_error("port %s: cannot write down its hook: %s",
			   st->ifs[i].name, strerror(-err));
	return err;
}
