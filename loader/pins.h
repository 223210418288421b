/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pin directories of switches under /sys/fs/bpf/clos/.
 *
 * An attach builds its pins in a staging directory, <bpffs>/clos_attaching/
 * SWITCH, and renames it to <pin root>/SWITCH only when everything is in
 * place, so a switch that exists is always complete (and never listed half
 * built). A staging directory seen while holding the lock was left by an
 * attach that died, and is torn down.
 */
#ifndef CLOS_LOADER_PINS_H
#define CLOS_LOADER_PINS_H

#include <stdbool.h>
#include <stddef.h>
#include "err.h"
#include "switch.h"

#define CLOS_PIN_STAGE_ROOT	CLOS_BPFFS "/clos_attaching"
#define CLOS_PIN_PROG_INGRESS	"prog_ingress"
#define CLOS_PIN_PROG_EGRESS	"prog_egress"

/* Take the lock that serialises attach and detach (an flock on the pin
 * root, created when missing, checked as lib/switch/pindir.h says; busy
 * after CLOS_LOCK_WAIT_MS). Returns the fd to pass to pins_unlock, or a
 * negative errno with why set. */
int pins_lock(struct clos_err *why);
void pins_unlock(int fd);

/* Is an attach or detach running now (someone holds the lock)? */
bool pins_busy(void);

/* What attach and detach do first: mount a bpffs if there is none, take
 * the lock, and name the switch's pin directory (final) and staging
 * directory (stage). Says what failed through jout_error. Returns the
 * lock fd, or -1. */
int pins_begin(const char *sw, char *final, size_t flen, char *stage,
	       size_t slen);

/* The staging directory of switch sw; pins_stage_create makes it (and
 * its parent), pins_stage_done removes the parent once it is empty. */
int pins_stage_path(char *buf, size_t len, const char *sw);
int pins_stage_create(const char *path, struct clos_err *why);
void pins_stage_done(void);

/* Unpin every file in dir and remove dir. -ENOENT when there is no dir. */
int pins_remove_dir(const char *dir);

#endif /* CLOS_LOADER_PINS_H */
