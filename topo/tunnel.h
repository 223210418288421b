/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A link between nodes on two boxes, as one box builds its end: a kernel
 * vxlan device (RFC 7348) whose underlay side, the UDP socket, lives in the
 * box's underlay namespace (topo.underlay_netns, else the current one),
 * from this box's address to the other's, on the link's VNI and UDP port.
 * It is made there under a passing name, then moved into the node's
 * namespace under the port's name: a vxlan device keeps sending from the
 * namespace it was made in, so the switch sees a port like any other and
 * the underlay never sees the fabric.
 */
#ifndef CLOS_TOPO_TUNNEL_H
#define CLOS_TOPO_TUNNEL_H

#include "err.h"
#include "model.h"

/* This box's end of tunnel lk (topo_link_tunnel()); nothing when neither
 * end is here. */
int topo_tunnel_create(const struct topo *t, const struct topo_link *lk,
		       struct clos_err *err);

#endif /* CLOS_TOPO_TUNNEL_H */
