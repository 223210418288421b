/* SPDX-License-Identifier: GPL-2.0 */
/*
 * clos-loader attach: what the command was asked (attach_req), what it has
 * built so far (attach_state, so that one path can undo it), and the small
 * queries on them. The bottom of the attach files: attach_args.c parses
 * into attach_req; attach_build.h (the tables and pins) and
 * attach_modes.h (the two modes) work on attach_state; attach.c, the
 * command, runs them (attach_modes.h says in which order).
 */
#ifndef CLOS_LOADER_ATTACH_H
#define CLOS_LOADER_ATTACH_H

#include <limits.h>
#include <stdbool.h>
#include <xdp/libxdp.h>
#include "clos/abi.h"
#include "build.h"
#include "ifinfo.h"

struct clos_fast;
struct clos_queue;

/* --xdp-mode, per port: how fast mode puts the ingress program on it. */
enum attach_xdp {
	ATTACH_XDP_AUTO,	/* native where the driver has it, else generic */
	ATTACH_XDP_NATIVE,	/* native, or refuse */
	ATTACH_XDP_GENERIC,	/* generic (skb) even where native would do */
};

/* --tc-hook: where queue mode puts its TC programs (port_tc.h). */
enum attach_tc_hook {
	ATTACH_TC_AUTO,		/* tcx where the kernel has it, else clsact */
	ATTACH_TC_TCX,		/* tcx, or refuse */
	ATTACH_TC_CLSACT,	/* a clsact qdisc even where tcx would do */
};

struct attach_req {
	const char *name;
	const char *netns;	/* "": the netns clos-loader runs in */
	char where[CLOS_NETNS_NAMSIZ + 16];	/* "netns NS" or "the current netns" */
	char ports[CLOS_MAX_PORTS][CLOS_IFNAMSIZ];
	int num_ports;
	int role;		/* enum clos_role; -1: not given */
	int mode;		/* enum clos_mode; -1: not given (fast) */
	bool seed_given;
	__u32 seed;
	const char *rates_arg;	/* --rates as given, resolved into: */
	__u64 rate_bps[CLOS_MAX_PORTS];
	bool rate_given[CLOS_MAX_PORTS];
	bool xdp_given;		/* --xdp-mode was given */
	enum attach_xdp xdp[CLOS_MAX_PORTS];
	enum attach_tc_hook tc_hook;
};

/* Everything an attach builds, so that one path can undo it. */
struct attach_state {
	struct ifinfo ifs[CLOS_MAX_PORTS];
	struct clos_local_addr *addrs;
	int num_addrs;
	struct clos_switch sw;		/* the loaded object's maps */
	char stage[PATH_MAX];
	bool staged;
	int hooks_fd;			/* the hook record (hooks.h); -1: none yet */
	/* fast mode */
	struct clos_fast *tables;	/* the maps and the egress program */
	struct clos_fast *ingress;	/* the ingress program, on those maps */
	struct xdp_program *prog;
	enum xdp_attach_mode modes[CLOS_MAX_PORTS];
	bool no_native[CLOS_MAX_PORTS];	/* the driver refused native XDP */
	__u32 prog_id;
	int attached;			/* ports 0..attached-1 carry prog */
	/* queue mode */
	struct clos_queue *queue;	/* maps and both TC programs */
	bool tcx;			/* the programs go on tcx hooks */
	int hooked;			/* ports 0..hooked-1 have our clsact
					 * (or tcx egress program) */
	bool shaped[CLOS_MAX_PORTS];	/* port has our HTB tree */
};

static inline int attach_mode(const struct attach_req *req)
{
	return req->mode < 0 ? CLOS_MODE_FAST : req->mode;
}

static inline int attach_role(const struct attach_req *req)
{
	return req->role < 0 ? CLOS_ROLE_LEAF : req->role;
}

/* The command line (argv: SWITCH); 0, or -EINVAL (said why). */
int attach_parse_args(int argc, char **argv, struct attach_req *req);

#endif /* CLOS_LOADER_ATTACH_H */
