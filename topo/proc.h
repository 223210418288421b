/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Background processes clos-topo starts and stops by pid file (FRR's
 * daemons, clos-fibsync, the link watcher). A pid file alone is not proof:
 * the process is taken as ours only while its name is the program's and its
 * command line still holds what it was started with (a recycled pid, or a
 * pid written there by someone else, is not killed), and as running only while it is not
 * a zombie. A killed daemon whose parent was init stays a zombie here when
 * PID 1 does not reap, so "kill -0 works" means nothing.
 */
#ifndef CLOS_TOPO_PROC_H
#define CLOS_TOPO_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* The pid in pidfile when that process is still ours: its comm (as in
 * /proc/PID/stat) is comm and its /proc/PID/cmdline holds the argument
 * mark; 0 otherwise (no file, a stranger, gone). Running or a zombie. */
pid_t proc_pidfile_pid(const char *pidfile, const char *comm, const char *mark);

/* Is pid alive: there, and neither a zombie nor dead? */
bool proc_running(pid_t pid);

/* Stop the process of pidfile if it is ours (see proc_pidfile_pid):
 * SIGTERM, then SIGKILL after timeout_ms; waits until it is gone or a
 * zombie. A stranger is left alone. Removes the pid file. Returns the pid
 * stopped, or 0. */
pid_t proc_stop(const char *pidfile, const char *comm, const char *mark,
		int timeout_ms);

/* Run argv with stdin from /dev/null and stdout and stderr appended to
 * logfile, and wait for it: for daemons that fork into the background
 * themselves and would otherwise hold a capture pipe open. 0 on exit
 * status 0, -ECHILD on another, or a negative errno. */
int proc_run_logged(char *const argv[], const char *logfile);

/* Start argv in the background in a session of its own (stdin /dev/null,
 * stdout and stderr to logfile), and write its pid to pidfile. */
int proc_spawn(char *const argv[], const char *logfile, const char *pidfile);

#endif /* CLOS_TOPO_PROC_H */
