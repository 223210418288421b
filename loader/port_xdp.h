/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ingress program on the ports, through libxdp. Call from inside the
 * switch's network namespace: ifindexes are per namespace.
 *
 * libxdp puts a dispatcher on each interface and links our program into it
 * as an freplace (BPF_PROG_TYPE_EXT) extension. One loaded program can be
 * linked into the dispatchers of many interfaces (the kernel allows an
 * extension program several targets), so every port of a switch runs the
 * same program, with one program id.
 */
#ifndef CLOS_LOADER_PORT_XDP_H
#define CLOS_LOADER_PORT_XDP_H

#include <stdbool.h>
#include <xdp/libxdp.h>
#include "clos/abi.h"

#define CLOS_INGRESS_PROG	"clos_ingress_xdp"

/* Attach prog to ifindex in mode (XDP_MODE_NATIVE or XDP_MODE_SKB).
 * -EBUSY or -EEXIST: another XDP program is on the port; in native mode,
 * any other error means the driver cannot run it there. */
int port_xdp_attach(struct xdp_program *prog, int ifindex,
		    enum xdp_attach_mode mode);

/* Is a clos ingress program attached to ifindex? With prog_id 0 any clos
 * switch's program counts, else only that one. */
bool port_xdp_has_clos(int ifindex, __u32 prog_id);

/* The id of a clos ingress program attached to ifindex, or 0. */
__u32 port_xdp_clos_id(int ifindex);

/* Does ifindex run an XDP program outside a libxdp dispatcher (so that
 * ours cannot be added next to it)? */
bool port_xdp_taken(int ifindex);

/* Detach the clos ingress program (prog_id, or any clos program with
 * prog_id 0) from ifindex. -ENOENT when it is not attached there. */
int port_xdp_detach(int ifindex, __u32 prog_id);

/* Remove libxdp's pins (/sys/fs/bpf/xdp/dispatch-*) that still hold
 * prog_id after its interfaces went away with their namespace; left alone
 * they keep the program, and through it the switch's maps, alive. Call only
 * once every live port has been detached. Returns the number removed. */
int port_xdp_clean_stale(__u32 prog_id);

#endif /* CLOS_LOADER_PORT_XDP_H */
