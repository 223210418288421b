/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Keeping XDP programs in the kernel's XDP dispatcher while they are timed.
 *
 * BPF_PROG_TEST_RUN of an XDP program adds it to the dispatcher and takes
 * it out again; when it was not there, each step rebuilds the dispatcher
 * and waits for an RCU grace period: milliseconds per call, which would
 * make a benchmark of many short calls take hours. A program attached to a
 * device stays in the dispatcher, and the test run's add and remove only
 * count users. So clos-bench attaches every XDP program it runs many times
 * to a veth end of a namespace of its own (generic mode: nothing flows
 * there) for as long as it runs.
 */
#ifndef CLOS_BENCH_HOLD_H
#define CLOS_BENCH_HOLD_H

#define BENCH_HOLD_MAX		12	/* veth pairs: even */

struct bench_hold {
	int nsfd;			/* the namespace: 0 when not open */
	int links[BENCH_HOLD_MAX];	/* links[0..n-1] are ours */
	int n;
};

/* A namespace of no name with room for BENCH_HOLD_MAX programs. Only this
 * process holds it (nsfd), so it goes, devices and programs with it, when
 * clos-bench ends, however it ends: killed or interrupted, it leaves
 * nothing behind. A zeroed struct bench_hold may be closed without being
 * opened. */
int bench_hold_open(struct bench_hold *h);
/* Attach prog_fd (an XDP program) to the next free device. */
int bench_hold_prog(struct bench_hold *h, int prog_fd);
/* Detach everything and let the namespace go. */
void bench_hold_close(struct bench_hold *h);

#endif /* CLOS_BENCH_HOLD_H */
