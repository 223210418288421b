/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Queue mode's programs on the ports: the ingress program on each port's
 * TC ingress hook, the egress program on its egress hook. Where the kernel
 * has tcx (Linux 6.6), on its tcx hooks: no qdisc, no classifier around
 * them (8-19% less CPU a frame in the fabric benchmark). Else on a
 * clsact qdisc, as direct-action cls_bpf filters (libbpf's bpf_tc_*
 * netlink API). Call from inside the switch's network namespace.
 *
 * The clsact qdisc is the switch's when it made it: attach refuses a port
 * whose clsact carries filters (another tool's TC programs) and takes over
 * an empty one (an attach that was killed may have left it). Detach takes
 * off only our filters, and the clsact only when nothing else is on it.
 */
#ifndef CLOS_LOADER_PORT_TC_H
#define CLOS_LOADER_PORT_TC_H

#include <stdbool.h>
#include "clos/abi.h"
#include "port_hook.h"	/* CLOS_TC_*: our filters and programs */

/* Create ifindex's clsact qdisc. -EEXIST: the port has one already. */
int port_tc_hook_create(int ifindex);

/* Remove ifindex's clsact qdisc and every filter on it. */
int port_tc_hook_destroy(int ifindex);

/* 1 when ifindex has a clsact qdisc, 0 when not, or a negative errno. */
int port_tc_has_clsact(int ifindex);

/* The number of filters on ifindex's clsact ingress or egress hook (0
 * without a clsact), or a negative errno. */
int port_tc_filter_count(int ifindex, bool egress);

/* Take a switch's programs off ifindex: the filter at our handle and
 * priority on each hook when it runs ingress_id or egress_id (0: a clos
 * program of that hook's name), then the clsact qdisc if nothing else is
 * on it. *found: something was removed (a filter of ours, or the clsact);
 * *kept: the clsact stays for other users' filters. 0, or a negative
 * errno. */
int port_tc_unhook(int ifindex, __u32 ingress_id, __u32 egress_id,
		   bool *found, bool *kept);

/* Attach prog_fd to ifindex's clsact ingress or egress hook. */
int port_tc_attach(int ifindex, bool egress, int prog_fd);

/* Does this kernel have tcx? */
bool port_tcx_supported(void);

/* Attach prog_fd to ifindex's tcx ingress or egress hook, after the
 * programs already there. 0, or a negative errno. */
int port_tcx_attach(int ifindex, bool egress, int prog_fd);

/* How many programs are on ifindex's tcx ingress or egress hook (0
 * without tcx), or a negative errno. */
int port_tcx_prog_count(int ifindex, bool egress);

/* Take a switch's programs off ifindex's tcx hooks: ingress_id and
 * egress_id (0: a clos program of that hook's name), ingress first.
 * *found: one was there. 0, or a negative errno. */
int port_tcx_unhook(int ifindex, __u32 ingress_id, __u32 egress_id, bool *found);

/* The id of our program on ifindex's ingress or egress hook: a clos
 * program of that hook on tcx, else the program at our place on the
 * clsact; 0 when there is none. */
__u32 port_tc_prog_id(int ifindex, bool egress);

/* Does a clos ingress program sit on ifindex's ingress hook? With prog_id
 * 0 any clos switch's program counts, on either hook, else only that one
 * on the ingress hook. */
bool port_tc_has_clos(int ifindex, __u32 prog_id);

#endif /* CLOS_LOADER_PORT_TC_H */
