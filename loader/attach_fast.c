// SPDX-License-Identifier: GPL-2.0
/*
 * clos-loader attach, fast mode: XDP ingress through libxdp, the egress
 * control as the devmap's per-entry program.
 *
 * Two copies of the object: "tables" loads the maps and the devmap egress
 * program, and is filled and pinned; "ingress" holds only the ingress
 * program, on the tables' maps. libxdp loads the ingress program as an
 * extension of its dispatcher at attach time, and a bpf_object loads all
 * at once: the tables must exist (and be filled) before that.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <xdp/libxdp.h>
#include "clos_fast.skel.h"
#include "jsonout.h"
#include "log.h"
#include "switch.h"
#include "port_xdp.h"
#include "attach_build.h"
#include "attach_modes.h"

int attach_fast_build(const struct attach_req *req, struct attach_state *st,
		      __u32 seed)
{
	int egress_fd, err;

	st->tables = clos_fast__open();
	if (!st->tables) {
		err = -errno;
		jout_error("cannot open the BPF object: %s", strerror(-err));
		return err;
	}
	bpf_program__set_autoload(st->tables->progs.clos_ingress_xdp, false);
	err = clos_fast__load(st->tables);
	if (err) {
		jout_error("cannot load the BPF tables and egress program: %s (run with -v for the verifier log)",
			   strerror(-err));
		return err;
	}
	egress_fd = bpf_program__fd(st->tables->progs.clos_egress_xdp);
	err = attach_maps(req->name, st->tables->obj, &st->sw);
	if (!err)
		err = attach_fill_tables(req, st, egress_fd, seed);
	if (!err)
		err = attach_pin(st, -1, egress_fd);
	return err;
}

/* Open the ingress program on the tables' maps and attach it to every
 * port. Inside the switch's netns. */
int attach_fast_ports(const struct attach_req *req, struct attach_state *st)
{
	DECLARE_LIBXDP_OPTS(xdp_program_opts, xopts);
	struct bpf_map *map;
	int i, err;

	st->ingress = clos_fast__open();
	if (!st->ingress) {
		err = -errno;
		jout_error("cannot open the BPF object: %s", strerror(-err));
		return err;
	}
	bpf_program__set_autoload(st->ingress->progs.clos_egress_xdp, false);
	for (i = 0; i < CLOS_MAP_MAX; i++) {
		map = bpf_object__find_map_by_name(st->ingress->obj, clos_map_names[i]);
		err = map ? bpf_map__reuse_fd(map, st->sw.fd[i]) : -ENOENT;
		if (err) {
			jout_error("cannot share map %s: %s", clos_map_names[i], strerror(-err));
			return err;
		}
	}

	xopts.obj = st->ingress->obj;
	xopts.prog_name = CLOS_INGRESS_PROG;
	st->prog = xdp_program__create(&xopts);
	err = libxdp_get_error(st->prog);
	if (err) {
		st->prog = NULL;
		jout_error("libxdp cannot take program %s: %s", CLOS_INGRESS_PROG,
			   strerror(-err));
		return err;
	}

	for (i = 0; i < req->num_ports; i++) {
		err = port_xdp_attach(st->prog, st->ifs[i].ifindex, st->ifs[i].name,
				      &st->modes[i]);
		if (err == -EBUSY || err == -EEXIST) {
			jout_error("port %s in netns %s already has an XDP program that libxdp cannot share; remove it first",
				   st->ifs[i].name, req->netns);
			return err;
		}
		if (err) {
			jout_error("cannot attach XDP to port %s in netns %s: %s (run with -v for details)",
				   st->ifs[i].name, req->netns, strerror(-err));
			return err;
		}
		st->attached++;
		if (i)
			continue;
		/* Loaded by the first attach: one program for all ports. */
		st->prog_id = xdp_program__id(st->prog);
		err = attach_pin_ingress(st, xdp_program__fd(st->prog));
		if (err)
			return err;
	}
	return 0;
}

void attach_fast_rollback(const char *name, struct attach_state *st)
{
	int i, err;

	for (i = st->attached - 1; i >= 0; i--) {
		err = port_xdp_detach(st->ifs[i].ifindex, st->prog_id);
		if (err)
			pr_warn("Warning: %s: rollback cannot detach port %s: %s\n",
				name, st->ifs[i].name, strerror(-err));
	}
}

void attach_fast_free(struct attach_state *st)
{
	/* The program is attached or detached by now: closing our handles
	 * leaves the kernel objects to the pins and the interfaces. */
	xdp_program__close(st->prog);
	clos_fast__destroy(st->ingress);
	clos_fast__destroy(st->tables);
}
