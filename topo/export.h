/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A fabric out as a containerlab topology (clos-topo export
 * --containerlab): the same nodes, links and plan, run by containerlab.
 * Every node is a `kind: linux` container without a management network
 * (network-mode: none: its interfaces are the fabric's, eth0 included).
 * Its exec lines do what clos-topo up does in a namespace: sysctls,
 * addresses and MACs, kernel routes, offloads; a switch also mounts the
 * machine's bpffs (binds), attaches clos-loader to its interfaces, fills
 * its tables with closctl and starts its link watcher. Labels clos-role
 * and clos-mode say what each node is, so that clos-topo reads the file
 * back as the same fabric (clab.h). A bgp fabric's switches run FRR's
 * daemons and clos-fibsync instead of the link watcher, with the FRR
 * configuration clos-topo up writes, from OUT.frr/NODE/ beside the
 * topology (bound into each switch).
 */
#ifndef CLOS_TOPO_EXPORT_H
#define CLOS_TOPO_EXPORT_H

#include "err.h"
#include "model.h"

/* The image every node runs unless --image says otherwise: one with
 * clos-loader, closctl and clos-fibsync on its PATH, iproute2, ethtool,
 * procps, and for routing bgp Debian's frr. */
#define TOPO_CLAB_IMAGE		"clos:latest"
/* Where the machine's bpffs is, outside and inside the containers. */
#define TOPO_CLAB_BPFFS		"/sys/fs/bpf"
/* Where a switch finds its FRR configuration (routing bgp). */
#define TOPO_CLAB_FRR_DIR	"/etc/clos/frr"

/* Write t to path ("-": stdout, static fabrics only); image NULL:
 * TOPO_CLAB_IMAGE. */
int topo_export_clab(const struct topo *t, const char *path, const char *image,
		     struct clos_err *err);

#endif /* CLOS_TOPO_EXPORT_H */
