/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pin directories no other user can take over, and locks that never hang.
 *
 * A bpffs mounted without options has mode 1777: any user may make
 * /sys/fs/bpf/clos before root does, then rename what root puts in it or
 * hold its lock. So each pin directory clos uses is opened without
 * following a symlink and refused unless it is a directory owned by root
 * (or by us) that only its owner may write; and a lock is tried for a
 * bounded time, then refused as busy, naming who holds it.
 */
#ifndef CLOS_PINDIR_H
#define CLOS_PINDIR_H

#include <stdbool.h>
#include <linux/types.h>
#include "err.h"

/* Open name (relative to the directory fd at, or AT_FDCWD) as a trusted
 * pin directory: no symlink, a directory, owned by root or our euid, not
 * writable by group or others. path names it in messages. Returns the fd
 * (O_RDONLY, close-on-exec), or a negative errno with why set: -ENOENT
 * when it does not exist, -EPERM when it is not to be trusted. */
int clos_pin_dir_open(int at, const char *name, const char *path,
		      struct clos_err *why);

/* The pin root (CLOS_PIN_ROOT) through clos_pin_dir_open(); create makes
 * it (mode 0700) when missing. The bpffs itself must not let other users
 * rename it: not writable by others, or sticky. */
int clos_pin_root_open(bool create, struct clos_err *why);

/* Take an exclusive flock on the directory fd, trying for up to wait_ms
 * (CLOS_LOCK_WAIT_MS, switch.h).
 * -EBUSY with why saying "PATH is busy: held by another process (pid N)"
 * when another process holds it that long. */
int clos_pin_dir_lock(int fd, const char *path, int wait_ms,
		      struct clos_err *why);

/* The names in the pin directory open on fd (which this closes) that keep
 * takes, sorted, at most max of them, each malloc'ed for the caller to
 * free. path names it in messages. Returns how many, or a negative errno
 * with why set. */
int clos_pin_dir_names(int fd, const char *path, bool (*keep)(const char *name),
		       char **names, int max, struct clos_err *why);

/* The kernel's id of the BPF object (map or program) pinned at path, or 0
 * when there is none. */
__u32 clos_pin_obj_id(const char *path);

#endif /* CLOS_PINDIR_H */
