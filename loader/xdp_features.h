/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Whether an interface's driver runs XDP itself (native), as the kernel
 * says through the "netdev" generic netlink family (Linux 6.3 and later).
 * Asking does not attach anything, so no NIC resets its rings for it.
 * Call from inside the switch's network namespace.
 */
#ifndef CLOS_LOADER_XDP_FEATURES_H
#define CLOS_LOADER_XDP_FEATURES_H

#include <stdbool.h>

/* *native: the driver has native XDP (NETDEV_XDP_ACT_BASIC). 0, or
 * -EOPNOTSUPP when the kernel cannot say (no netdev family). */
int xdp_features_native(int ifindex, bool *native);

#endif /* CLOS_LOADER_XDP_FEATURES_H */
