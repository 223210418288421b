/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CPU time of the threads that run a data path, from the scheduler's own
 * accounting (/proc/PID/schedstat: ns on CPU, ns waiting to run).
 *
 * The fabric benchmark's data path runs in softirq context: inline in the
 * generator thread when it re-enables bottom halves, or in a ksoftirqd
 * thread when softirqs are deferred. This kernel has no IRQ time
 * accounting (CONFIG_IRQ_TIME_ACCOUNTING off), so softirq work done inline
 * is charged to the thread it interrupted: generator thread + every
 * ksoftirqd is the data path's whole CPU time, and other tenants' load on
 * the machine is not in it.
 */
#ifndef CLOS_BENCH_CPUTIME_H
#define CLOS_BENCH_CPUTIME_H

#include <sys/types.h>
#include <linux/types.h>

#define BENCH_MAX_SOFTIRQD	64

struct bench_cputime {
	__u64 thread_run_ns;	/* the measured thread */
	__u64 thread_wait_ns;	/* runnable but not running (contention) */
	__u64 softirqd_run_ns;	/* all ksoftirqd/N together */
};

/* Sample thread tid of this process and every ksoftirqd. */
int bench_cputime_sample(pid_t tid, struct bench_cputime *c);

#endif /* CLOS_BENCH_CPUTIME_H */
