/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The bpffs under `ip netns exec`. That command gives the program a mount
 * namespace of its own with a new /sys for the network namespace, and the
 * bpffs that was mounted below the old /sys is not in it. A bpffs mounted
 * there would be a new, empty instance that goes away with the process,
 * taking a switch's pins with it. So the tools join a mount namespace that
 * still has the real one.
 */
#ifndef CLOS_MNTNS_H
#define CLOS_MNTNS_H

/* Join the mount namespace of pid 1, or else of our parent (the shell that
 * ran ip netns exec), when path is a bpffs there and the namespace is not
 * ours. The working directory stays the same directory, so relative paths
 * still work; the network namespace does not change. Only for a process
 * with one thread (setns() refuses others). Returns 1 when it joined one,
 * 0 when none has such a bpffs (a machine booted without one), or a
 * negative errno. */
int clos_mntns_join_bpffs(const char *path);

#endif /* CLOS_MNTNS_H */
