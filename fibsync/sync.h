/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One switch's FIB sync, from start to stop:
 *
 *   open     the switch's pinned maps, its namespace (the process moves
 *            into it), the rtnetlink sockets (events joined first)
 *   full     what the tables hold (applied), a dump of links, neighbours,
 *            nexthop objects and routes, the events queued meanwhile, then
 *            one reconcile: the first sync after a start, and a resync
 *            when the kernel dropped events or flushed routes unannounced
 *   step     wait for events; a link of a port goes to the port's state
 *            at once (lib/switch/portstate.c: ECMP groups fail it out),
 *            the rest to the model, then translate and write what changed
 *   status   the status file, at most once a second, and on stop
 */
#ifndef FS_SYNC_H
#define FS_SYNC_H

#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include "err.h"
#include "ids.h"
#include "model.h"
#include "nlsock.h"
#include "status.h"
#include "switch.h"
#include "writer.h"

struct fibsync {
	struct clos_switch sw;
	struct clos_switch_cfg cfg;
	struct fs_model m;
	struct fs_ids ids;
	struct fs_nl nl;
	struct fs_backend be;
	struct fs_counters c;
	struct fs_write_stats last_full_w;	/* c.w when the last full began */
	struct fs_errlog errs;
	char status_path[PATH_MAX];
	time_t started;
	const char *state;	/* "syncing", "running", "stopped" */
	bool json;		/* report each sync as a JSON line */
	bool opened;
	bool status_dirty;
	__u64 status_ns;	/* when the status file was last written */
	__u64 tick_ns;		/* when the once-a-second work last ran */
	__u64 solicit_ns;	/* when neighbours were last asked for */
};

/* Open switch name and enter its namespace. */
int fs_sync_open(struct fibsync *fs, const char *name, struct clos_err *err);
void fs_sync_close(struct fibsync *fs);

/* A full sync (see above). */
int fs_sync_full(struct fibsync *fs, struct clos_err *err);

/* Wait up to timeout_ms for events and apply them (a resync when needed);
 * periodic work (solicitations, the status file) too. 0, or a negative
 * errno when the sync cannot go on. */
int fs_sync_step(struct fibsync *fs, int timeout_ms, struct clos_err *err);

/* Write the status file now, in state (NULL: as it is). */
int fs_sync_status(struct fibsync *fs, const char *state);

/* One line about the last full sync: text, or JSON under fs->json. */
void fs_sync_report(struct fibsync *fs, FILE *f);

#endif /* FS_SYNC_H */
