/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Link-state watching for failover: one rtnetlink socket per switch, opened
 * inside the switch's namespace (a socket stays bound to the namespace it
 * was created in, so one process can watch every switch of a fabric). A
 * port whose link goes down is failed out of its ECMP groups within the
 * time of one netlink message and one map update.
 */
#ifndef CLOS_LINKWATCH_H
#define CLOS_LINKWATCH_H

#include <signal.h>
#include <stdio.h>
#include "err.h"
#include "switch.h"

struct clos_linkwatch;

/* Open watch sockets for the named switches and bring their port states in
 * line with the links now. */
int clos_linkwatch_open(struct clos_linkwatch **lw, char *const *switches,
			int n, struct clos_err *err);

/* Handle events until *stop is set. Every change is logged to log (if not
 * NULL) as one JSON object per line, with the time it was applied. */
int clos_linkwatch_run(struct clos_linkwatch *lw, volatile sig_atomic_t *stop,
		       FILE *log);

void clos_linkwatch_close(struct clos_linkwatch *lw);

#endif /* CLOS_LINKWATCH_H */
