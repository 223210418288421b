/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Queue mode's programs on the ports: a clsact qdisc on each port, the
 * ingress program on its ingress hook and the egress program on its egress
 * hook, as direct-action cls_bpf filters (libbpf's bpf_tc_* netlink API).
 * Call from inside the switch's network namespace.
 *
 * The clsact qdisc belongs to the switch: attach refuses a port that has
 * one already (another tool's TC programs), and detach removes it with
 * everything on it.
 */
#ifndef CLOS_LOADER_PORT_TC_H
#define CLOS_LOADER_PORT_TC_H

#include <stdbool.h>
#include "clos/abi.h"
#include "port_hook.h"	/* CLOS_TC_HANDLE, CLOS_TC_PRIO: where our filters sit */

#define CLOS_TC_INGRESS_PROG	"clos_ingress_tc"
#define CLOS_TC_EGRESS_PROG	"clos_egress_tc"

/* Create ifindex's clsact qdisc. -EEXIST: the port has one already. */
int port_tc_hook_create(int ifindex);

/* Remove ifindex's clsact qdisc and every filter on it. */
int port_tc_hook_destroy(int ifindex);

/* Attach prog_fd to ifindex's ingress or egress hook. */
int port_tc_attach(int ifindex, bool egress, int prog_fd);

/* The id of the program at our place in ifindex's ingress or egress hook;
 * 0 when there is none. */
__u32 port_tc_prog_id(int ifindex, bool egress);

/* Does a clos ingress program sit on ifindex's ingress hook? With prog_id
 * 0 any clos switch's program counts, else only that one. */
bool port_tc_has_clos(int ifindex, __u32 prog_id);

#endif /* CLOS_LOADER_PORT_TC_H */
