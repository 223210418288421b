/* SPDX-License-Identifier: GPL-2.0 */
/*
 * clos-loader attach: what the command was asked (attach_req), what it has
 * built so far (attach_state, so that one path can undo it), and the steps
 * shared by the two modes.
 *
 * Order of work, so that no packet ever sees empty tables and a failure
 * leaves nothing behind:
 *   1. validate everything (name, netns, ports, rates, existing switches);
 *   2. load the mode's BPF object, fill its tables (ports, local routes,
 *      QoS defaults and profiles, switch_cfg) and pin them and its
 *      programs in a staging directory;
 *   3. put the programs on every port (fast: XDP through libxdp; queue:
 *      clsact TC hooks, then each rated port's HTB tree);
 *   4. rename the staging directory to the switch's pin directory.
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

struct attach_req {
	const char *name;
	const char *netns;
	char ports[CLOS_MAX_PORTS][CLOS_IFNAMSIZ];
	int num_ports;
	int role;		/* enum clos_role; -1: not given */
	int mode;		/* enum clos_mode; -1: not given (fast) */
	bool seed_given;
	__u32 seed;
	const char *rates_arg;	/* --rates as given, resolved into: */
	__u64 rate_bps[CLOS_MAX_PORTS];
	bool rate_given[CLOS_MAX_PORTS];
};

/* Everything an attach builds, so that one path can undo it. */
struct attach_state {
	struct ifinfo ifs[CLOS_MAX_PORTS];
	struct clos_local_addr *addrs;
	int num_addrs;
	struct clos_switch sw;		/* the loaded object's maps */
	char stage[PATH_MAX];
	bool staged;
	/* fast mode */
	struct clos_fast *tables;	/* the maps and the egress program */
	struct clos_fast *ingress;	/* the ingress program, on those maps */
	struct xdp_program *prog;
	enum xdp_attach_mode modes[CLOS_MAX_PORTS];
	__u32 prog_id;
	int attached;			/* ports 0..attached-1 carry prog */
	/* queue mode */
	struct clos_queue *queue;	/* maps and both TC programs */
	int hooked;			/* ports 0..hooked-1 have our clsact */
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

/* st->sw as the maps of obj, the freshly loaded object of switch name.
 * Says why not. */
int attach_maps(const char *name, struct bpf_object *obj, struct clos_switch *sw);

/* Fill the tables of st->sw through lib/switch/build.h. egress_xdp_fd:
 * the devmap egress program (fast mode), or 0 (queue mode, where tx_ports
 * only names the interfaces). Says why it failed. */
int attach_fill_tables(const struct attach_req *req, const struct attach_state *st,
		       int egress_xdp_fd, __u32 seed);

/* Create the staging directory and pin the maps of st->sw in it, and the
 * programs as prog_ingress (if ingress_fd >= 0) and prog_egress. Says why
 * it failed. */
int attach_pin(struct attach_state *st, int ingress_fd, int egress_fd);

/* Pin the ingress program in the staging directory (fast mode: libxdp
 * loads it at the first port's attach). */
int attach_pin_ingress(struct attach_state *st, int fd);

/* Per mode, inside the switch's netns: build and pin (step 2), attach
 * (step 3), undo, free. */
int attach_fast_build(const struct attach_req *req, struct attach_state *st, __u32 seed);
int attach_fast_ports(const struct attach_req *req, struct attach_state *st);
void attach_fast_rollback(const char *name, struct attach_state *st);
void attach_fast_free(struct attach_state *st);

int attach_queue_build(const struct attach_req *req, struct attach_state *st, __u32 seed);
int attach_queue_ports(const struct attach_req *req, struct attach_state *st);
void attach_queue_rollback(const char *name, struct attach_state *st);
void attach_queue_free(struct attach_state *st);

#endif /* CLOS_LOADER_ATTACH_H */
