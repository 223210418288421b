// SPDX-License-Identifier: GPL-2.0
/*
 * clos-loader attach, queue mode: the ingress pipeline and the egress
 * control as TC programs on every port, on its tcx hooks where the kernel
 * has them or on a clsact qdisc (port_tc.h, --tc-hook), and an HTB tree on
 * every port with a rate (lib/queue.h).
 *
 * One object: both programs load with the maps, so everything is filled
 * and pinned before any port sees a program. Ports get, in this order, the
 * egress program (on its clsact qdisc, or on tcx; frames still leave as
 * before: nothing is redirected yet), their HTB tree, and only then the
 * ingress program, so that the first redirected frame finds its egress
 * ready.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/bpf.h>
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
		err = attach_fill_tables(req, st, seed);
	if (!err)
		err = attach_pin(st, bpf_program__fd(st->queue->progs.clos_ingress_tc),
				 bpf_program__fd(st->queue->progs.clos_egress_tc));
	return err;
}

/* Port i's clsact filters, another user's: 0 when there are none (or no
 * clsact), else refused: -EEXIST (said why), or the error reading them. */
static int clsact_filters(const struct attach_req *req, struct attach_state *st, int i)
{
	int ifindex = st->ifs[i].ifindex, n_in, n_eg;

	n_in = port_tc_filter_count(ifindex, false);
	n_eg = port_tc_filter_count(ifindex, true);
	if (n_in == 0 && n_eg == 0)
		return 0;
	if (n_in < 0 || n_eg < 0) {
		jout_error("cannot read the TC filters of port %s in %s: %s",
			   st->ifs[i].name, req->where, strerror(-(n_in < 0 ? n_in : n_eg)));
		return n_in < 0 ? n_in : n_eg;
	}
	jout_error("port %s in %s already has a clsact qdisc with %d TC filter%s; remove them first (tc filter show dev %s ingress; ... egress)",
		   st->ifs[i].name, req->where, n_in + n_eg, n_in + n_eg == 1 ? "" : "s",
		   st->ifs[i].name);
	return -EEXIST;
}

/* A clsact qdisc that is there already: an empty one (what an attach
 * killed between making it and its first filter leaves) is taken over;
 * one with filters is another user's, and refused. */
static int take_clsact(const struct attach_req *req, struct attach_state *st, int i)
{
	int err = clsact_filters(req, st, i);

	if (!err) {
		pr_warn("Note: port %s has an empty clsact qdisc (an attach that was killed may have left it): taking it over\n",
			st->ifs[i].name);
		return 0;
	}
	/* Not ours to make, nor to remove. */
	hooks_forget(st->hooks_fd, i, HOOK_CLSACT);
	return err;
}

/* Another user's TC programs on port i: on tcx they would run before
 * ours; on a clsact they would no longer see the frames ours decide (tcx
 * runs first). Refused, as a clsact with filters is in clsact mode. An
 * empty clsact is left alone. */
static int foreign_tc(const struct attach_req *req, struct attach_state *st, int i)
{
	int ifindex = st->ifs[i].ifindex, n_in, n_eg;

	n_in = port_tcx_prog_count(ifindex, false);
	n_eg = port_tcx_prog_count(ifindex, true);
	if (n_in < 0 || n_eg < 0) {
		jout_error("cannot read the tcx programs of port %s in %s: %s",
			   st->ifs[i].name, req->where, strerror(-(n_in < 0 ? n_in : n_eg)));
		return n_in < 0 ? n_in : n_eg;
	}
	if (n_in || n_eg) {
		jout_error("port %s in %s already has %d tcx program%s; remove them first",
			   st->ifs[i].name, req->where, n_in + n_eg,
			   n_in + n_eg == 1 ? "" : "s");
		return -EEXIST;
	}
	return clsact_filters(req, st, i);
}

/* Port i's egress or ingress program onto its TC hook, tcx or clsact as
 * st->tcx says. 0, or a negative errno (said why). */
static int attach_prog(const struct attach_req *req, struct attach_state *st,
		       int i, bool egress)
{
	const struct bpf_program *prog = egress ? st->queue->progs.clos_egress_tc :
					 st->queue->progs.clos_ingress_tc;
	int ifindex = st->ifs[i].ifindex, fd = bpf_program__fd(prog), err;

	err = st->tcx ? port_tcx_attach(ifindex, egress, fd) :
			port_tc_attach(ifindex, egress, fd);
	if (err)
		jout_error("cannot attach the %s program to port %s in %s (%s): %s",
			   egress ? "egress" : "ingress", st->ifs[i].name, req->where,
			   st->tcx ? "tcx" : "clsact", strerror(-err));
	return err;
}

/* Port i's egress program, on tcx or with its clsact qdisc; each hook
 * written down before it is made (hooks.h). */
static int hook_port(const struct attach_req *req, struct attach_state *st, int i)
{
	int err;

	if (st->tcx) {
		err = foreign_tc(req, st, i) ?:
		      attach_note(st, i, HOOK_TCX_EGRESS) ?:
		      attach_prog(req, st, i, true);
		if (err)
			return err;
		st->hooked++;
		return attach_made(st, i, 0);
	}
	err = attach_note(st, i, HOOK_CLSACT);
	if (err)
		return err;
	err = port_tc_hook_create(st->ifs[i].ifindex);
	if (err == -EEXIST)
		err = take_clsact(req, st, i);
	else if (err)
		jout_error("cannot add a clsact qdisc to port %s in %s: %s",
			   st->ifs[i].name, req->where, strerror(-err));
	if (err)
		return err;
	st->hooked++;
	return attach_made(st, i, 0) ?: attach_note(st, i, HOOK_TC_EGRESS) ?:
	       attach_prog(req, st, i, true) ?: attach_made(st, i, 0);
}

/* tcx or clsact, by --tc-hook and what the kernel has. */
static int choose_tc_hook(const struct attach_req *req, struct attach_state *st)
{
	bool have = port_tcx_supported();

	if (req->tc_hook == ATTACH_TC_TCX && !have) {
		jout_error("attach %s: --tc-hook tcx: this kernel has no tcx (Linux 6.6 or later); --tc-hook clsact puts the programs on a clsact qdisc",
			   req->name);
		return -EOPNOTSUPP;
	}
	st->tcx = have && req->tc_hook != ATTACH_TC_CLSACT;
	return 0;
}

int attach_queue_ports(const struct attach_req *req, struct attach_state *st)
{
	struct clos_tc_sched sched[CLOS_NUM_TC];
	struct clos_err cerr;
	int i, err;

	err = choose_tc_hook(req, st);
	if (err)
		return err;
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
		err = attach_note(st, i, HOOK_HTB);
		if (err)
			return err;
		err = clos_queue_apply(req->netns, st->ifs[i].name, req->rate_bps[i],
				       sched, &cerr);
		if (err) {
			jout_error("%s: %s", req->where, cerr.msg);
			return err;
		}
		err = attach_made(st, i, 0);
		if (err)
			return err;
	}
	for (i = 0; i < req->num_ports; i++) {
		err = attach_note(st, i, st->tcx ? HOOK_TCX_INGRESS : HOOK_TC_INGRESS) ?:
		      attach_prog(req, st, i, false) ?: attach_made(st, i, 0);
		if (err)
			return err;
	}
	return 0;
}

static __u32 prog_id(const struct bpf_program *prog)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);

	return bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &len) ? 0 : info.id;
}

void attach_queue_rollback(const char *name, struct attach_state *st)
{
	struct clos_err cerr;
	__u32 in_id = 0, eg_id = 0;
	bool found, kept;
	int i, err;

	/* Ports are hooked only once the programs are loaded. */
	if (st->hooked) {
		in_id = prog_id(st->queue->progs.clos_ingress_tc);
		eg_id = prog_id(st->queue->progs.clos_egress_tc);
	}
	for (i = st->hooked - 1; i >= 0; i--) {
		err = st->tcx ?
		      port_tcx_unhook(st->ifs[i].ifindex, in_id, eg_id, &found) :
		      port_tc_unhook(st->ifs[i].ifindex, in_id, eg_id, &found, &kept);
		if (err)
			pr_warn("Warning: %s: rollback cannot take the TC programs off port %s: %s\n",
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
