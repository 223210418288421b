/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where a port runs its switch's ingress program, as the kernel says right
 * now: XDP in native (driver) or generic (skb) mode, or a TC hook (tcx, or
 * a filter on a clsact qdisc). For clos-loader list and closctl port show.
 */
#ifndef CLOS_PORT_HOOK_H
#define CLOS_PORT_HOOK_H

#include "clos/abi.h"
#include "switch.h"

/* Queue mode's filters: one handle, the first priority, on both clsact
 * hooks of each port (clos-loader puts them there). */
#define CLOS_TC_HANDLE		0xc105
#define CLOS_TC_PRIO		1

/* Queue mode's programs, by name (the kernel keeps 15 characters). */
#define CLOS_TC_INGRESS_PROG	"clos_ingress_tc"
#define CLOS_TC_EGRESS_PROG	"clos_egress_tc"

/* tcx (Linux 6.6): TC's BPF hooks without a qdisc or classifier around
 * them. The attach types, which Debian 12's headers (Linux 6.1) lack. */
#define CLOS_BPF_TCX_INGRESS	46
#define CLOS_BPF_TCX_EGRESS	47

enum clos_port_hook {
	CLOS_HOOK_UNKNOWN,	/* no interface with the port's ifindex and name
				 * here: the switch lives in another netns */
	CLOS_HOOK_NONE,		/* the interface runs no clos program */
	CLOS_HOOK_XDP_NATIVE,	/* XDP in the driver */
	CLOS_HOOK_XDP_GENERIC,	/* XDP on the skb, for drivers without it */
	CLOS_HOOK_XDP_HW,	/* XDP offloaded to the NIC */
	CLOS_HOOK_TC,		/* clsact ingress and egress (queue mode) */
	CLOS_HOOK_TCX,		/* tcx ingress and egress (queue mode) */
	CLOS_HOOK_MAX
};

/* "unknown", "none", "native", "generic", "hw", "tc", "tcx" */
extern const char *const clos_port_hook_names[CLOS_HOOK_MAX];

static inline bool clos_port_hook_is_xdp(enum clos_port_hook h)
{
	return h == CLOS_HOOK_XDP_NATIVE || h == CLOS_HOOK_XDP_GENERIC ||
	       h == CLOS_HOOK_XDP_HW;
}

/* Is program id (0: none) named name? */
bool clos_prog_has_name(__u32 id, const char *name);

/* The id of the program named name (id, when not 0, that one) on
 * ifindex's tcx ingress or egress hook; 0 when none is, or the kernel
 * has no tcx. */
__u32 clos_tcx_prog_id(int ifindex, bool egress, const char *name, __u32 id);

/* The hook of port p of a switch in mode (enum clos_mode), looked up in
 * the current network namespace. */
enum clos_port_hook clos_port_hook_here(__u8 mode, const struct clos_port *p);

/* The hooks of ports 0..cfg->num_ports-1 of sw, looked up in the switch's
 * netns (cfg->netns; "" is the current one). A port without an entry gets
 * CLOS_HOOK_UNKNOWN. 0, or a negative errno when the netns cannot be
 * entered (then every port is unknown). */
int clos_port_hooks(const struct clos_switch *sw,
		    const struct clos_switch_cfg *cfg,
		    enum clos_port_hook hooks[CLOS_MAX_PORTS]);

#endif /* CLOS_PORT_HOOK_H */
