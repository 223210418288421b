// SPDX-License-Identifier: GPL-2.0
/*
 * clos-loader attach, fast mode: XDP through libxdp, the whole pipeline in
 * it (the egress port's control included); the devmap's entries carry no
 * program.
 *
 * Two copies of the object: "tables" loads the maps, and is filled and
 * pinned; "ingress" holds the program, on the tables' maps. libxdp loads the ingress program as an
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
#include "xdp_features.h"
#include "attach_build.h"
#include "attach_modes.h"

int attach_fast_build(const struct attach_req *req, struct attach_state *st,
		      __u32 seed)
{
	int err;

	st->tables = clos_fast__open();
	if (!st->tables) {
		err = -errno;
		jout_error("cannot open the BPF object: %s", strerror(-err));
		return err;
	}
	bpf_program__set_autoload(st->tables->progs.clos_ingress_xdp, false);
	err = clos_fast__load(st->tables);
	if (err) {
		jout_error("cannot load the BPF tables: %s (run with -v for the verifier log)",
			   strerror(-err));
		return err;
	}
	err = attach_maps(req->name, st->tables->obj, &st->sw);
	if (!err)
		err = attach_fill_tables(req, st, seed);
	if (!err)
		err = attach_pin(st, -1, -1);
	return err;
}

/* Port i carries the program in mode now. The first port's attach loads
 * it: one program for all ports, pinned then. */
static int attached(struct attach_state *st, int i, enum xdp_attach_mode mode)
{
	int err;

	st->modes[i] = mode;
	st->attached++;
	if (!i)
		st->prog_id = xdp_program__id(st->prog);
	err = attach_made(st, i, st->prog_id);
	if (err || i)
		return err;
	return attach_pin_ingress(st, xdp_program__fd(st->prog));
}

static int attach_failed(const struct attach_req *req, const struct attach_state *st,
			 int i, int err)
{
	if (err == -EBUSY || err == -EEXIST)
		jout_error("port %s in %s already has an XDP program that libxdp cannot share; remove it first",
			   st->ifs[i].name, req->where);
	else
		jout_error("cannot attach XDP to port %s in %s: %s (run with -v for details)",
			   st->ifs[i].name, req->where, strerror(-err));
	return err;
}

/* Port i in the mode --xdp-mode asks: auto tries native first, and takes
 * generic where the driver has no native XDP (noted in st->no_native, as
 * is a port forced to generic whose driver the kernel says has none). */
static int attach_one(const struct attach_req *req, struct attach_state *st, int i)
{
	int ifindex = st->ifs[i].ifindex, err;
	bool native;

	err = attach_note(st, i, HOOK_XDP);
	if (err)
		return err;
	if (req->xdp[i] == ATTACH_XDP_GENERIC) {
		st->no_native[i] = !xdp_features_native(ifindex, &native) && !native;
	} else {
		err = port_xdp_attach(st->prog, ifindex, XDP_MODE_NATIVE);
		if (!err)
			return attached(st, i, XDP_MODE_NATIVE);
		if (err == -EBUSY || err == -EEXIST)
			return attach_failed(req, st, i, err);
		if (req->xdp[i] == ATTACH_XDP_NATIVE) {
			jout_error("port %s in %s has no native XDP (the driver refuses it: %s); attach it with --xdp-mode %s=generic, or auto",
				   st->ifs[i].name, req->where, strerror(-err),
				   st->ifs[i].name);
			return err;
		}
		pr_warn("Note: port %s has no native XDP (%s): generic mode\n",
			st->ifs[i].name, strerror(-err));
		st->no_native[i] = true;
	}
	err = port_xdp_attach(st->prog, ifindex, XDP_MODE_SKB);
	return err ? attach_failed(req, st, i, err) : attached(st, i, XDP_MODE_SKB);
}

/*
 * A native port hands each frame it forwards to the egress port's driver
 * (ndo_xdp_xmit), and a driver without native XDP has no such entry: the
 * frame would be lost. Generic mode sends through the kernel's transmit
 * path, which any device takes. So once a port has no native XDP, every
 * port runs generic (auto), or the attach is refused (native was asked).
 * A port forced to generic whose driver has native XDP, and so XDP
 * transmit, leaves the other ports native; so does one on a kernel too
 * old to say (before 6.3), where the loader takes the user's word.
 */
static int settle_modes(const struct attach_req *req, struct attach_state *st)
{
	int i, lacking = -1, moved = 0, err;

	for (i = 0; i < req->num_ports && lacking < 0; i++)
		if (st->no_native[i])
			lacking = i;
	if (lacking < 0)
		return 0;
	for (i = 0; i < req->num_ports; i++) {
		if (st->modes[i] != XDP_MODE_NATIVE || req->xdp[i] != ATTACH_XDP_NATIVE)
			continue;
		jout_error("port %s would run native XDP, which cannot hand frames to port %s (no native XDP there, so no XDP transmit); use --xdp-mode generic for both, or auto",
			   st->ifs[i].name, st->ifs[lacking].name);
		return -EOPNOTSUPP;
	}
	for (i = 0; i < req->num_ports; i++) {
		if (st->modes[i] != XDP_MODE_NATIVE)
			continue;
		err = port_xdp_detach(st->ifs[i].ifindex, st->prog_id);
		if (!err)
			err = port_xdp_attach(st->prog, st->ifs[i].ifindex, XDP_MODE_SKB);
		if (err)
			return attach_failed(req, st, i, err);
		err = attach_made(st, i, st->prog_id);
		if (err)
			return err;
		st->modes[i] = XDP_MODE_SKB;
		moved++;
	}
	if (moved)
		pr_warn("Note: port %s has no native XDP, so every port runs generic XDP (a native port could not hand frames to it)\n",
			st->ifs[lacking].name);
	return 0;
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
	for (i = 0; i < CLOS_MAP_MAX; i++) {
		map = bpf_object__find_map_by_name(st->ingress->obj, clos_map_obj_name(i));
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
		err = attach_one(req, st, i);
		if (err)
			return err;
	}
	return settle_modes(req, st);
}

void attach_fast_rollback(const char *name, struct attach_state *st)
{
	int i, err;

	for (i = st->attached - 1; i >= 0; i--) {
		err = port_xdp_detach(st->ifs[i].ifindex, st->prog_id);
		/* -ENOENT: a mode change (settle_modes) failed half way. */
		if (err && err != -ENOENT)
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
