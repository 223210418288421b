// SPDX-License-Identifier: GPL-2.0
/*
 * clos-loader attach, queue mode: the ingress pipeline and the egress
 * control as TC programs on a clsact qdisc of every port, and an HTB tree
 * on every port with a rate (lib/queue.h).
 *
 * One object: both programs load with the maps, so everything is filled
 * and pinned before any port sees a program. Ports get, in this order, the
 * clsact qdisc with the egress program (frames still leave as before:
 * nothing is redirected yet), their HTB tree, and only then the ingress
 * program, so that the first redirected frame finds its egress ready.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>
#include "clos_queue.skel.h"
#include "jsonout.h"
#include "log.h"
#include "qos_defaults.h"
#include "queue.h"
#include "switch.h"
#include "port_tc.h"
#include "attach_build.h"
#include "attach_modes.h"

int attach_queue_build(const struct attach_req *req, struct attach_state *st,
		       __u32 seed)
{
	int err;

	st->queue = clos_queue__open();
	if (!st->queue) {
		err = -errno;
		jout_error("cannot open the BPF object: %s", strerror(-err));
		return err;
	}
	err = clos_queue__load(st->queue);
	if (err) {
		jout_error("cannot load the BPF tables and TC programs: %s (run with -v for the verifier log)",
			   strerror(-err));
		return err;
	}
	err = attach_maps(req->name, st->queue->obj, &st->sw);
	if (!err)
		err = attach_fill_tables(req, st, 0, seed);
	if (!err)
		err = attach_pin(st, bpf_program__fd(st->queue->progs.clos_ingress_tc),
				 bpf_program__fd(st->queue->progs.clos_egress_tc));
	return err;
}

static int hook_port(const struct attach_req *req, struct attach_state *st, int i)
{
	int err;

	err = port_tc_hook_create(st->ifs[i].ifindex);
	if (err == -EEXIST) {
		jout_error("port %s in %s already has a clsact qdisc (TC programs); remove it first (tc qdisc del dev %s clsact)",
			   st->ifs[i].name, req->where, st->ifs[i].name);
		return err;
	}
	if (err) {
		jout_error("cannot add a clsact qdisc to port %s in %s: %s",
			   st->ifs[i].name, req->where, strerror(-err));
		return err;
	}
	st->hooked++;
	err = port_tc_attach(st->ifs[i].ifindex, true,
			     bpf_program__fd(st->queue->progs.clos_egress_tc));
	if (err)
		jout_error("cannot attach the egress program to port %s in %s: %s",
			   st->ifs[i].name, req->where, strerror(-err));
	return err;
}

int attach_queue_ports(const struct attach_req *req, struct attach_state *st)
{
	struct clos_tc_sched sched[CLOS_NUM_TC];
	struct clos_err cerr;
	int i, err;

	for (i = 0; i < req->num_ports; i++) {
		err = hook_port(req, st, i);
		if (err)
			return err;
	}
	/* What clos_switch_build wrote to tc_sched. */
	for (i = 0; i < CLOS_NUM_TC; i++)
		sched[i] = clos_qos_default_sched(i);
	for (i = 0; i < req->num_ports; i++) {
		if (!req->rate_bps[i])
			continue;
		/* Marked first: a failed tc may have left half a tree. */
		st->shaped[i] = true;
		err = clos_queue_apply(req->netns, st->ifs[i].name, req->rate_bps[i],
				       sched, &cerr);
		if (err) {
			jout_error("%s: %s", req->where, cerr.msg);
			return err;
		}
	}
	for (i = 0; i < req->num_ports; i++) {
		err = port_tc_attach(st->ifs[i].ifindex, false,
				     bpf_program__fd(st->queue->progs.clos_ingress_tc));
		if (err) {
			jout_error("cannot attach the ingress program to port %s in %s: %s",
				   st->ifs[i].name, req->where, strerror(-err));
			return err;
		}
	}
	return 0;
}

void attach_queue_rollback(const char *name, struct attach_state *st)
{
	struct clos_err cerr;
	int i, err;

	for (i = st->hooked - 1; i >= 0; i--) {
		err = port_tc_hook_destroy(st->ifs[i].ifindex);
		if (err)
			pr_warn("Warning: %s: rollback cannot remove the clsact qdisc of port %s: %s\n",
				name, st->ifs[i].name, strerror(-err));
	}
	for (i = 0; i < CLOS_MAX_PORTS; i++) {
		if (st->shaped[i] && clos_queue_remove(NULL, st->ifs[i].name, &cerr))
			pr_warn("Warning: %s: rollback: %s\n", name, cerr.msg);
	}
}

void attach_queue_free(struct attach_state *st)
{
	/* Attached programs stay with their filters and pins. */
	clos_queue__destroy(st->queue);
}
