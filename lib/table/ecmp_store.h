/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ecmp_groups map (struct clos_ecmp_entry in clos/abi.h): two copies of
 * each group and a state word naming the live one. Every writer of groups
 * goes through here; so do user-space readers.
 *
 * Replacing group g:
 *   1. write the new group into the copy state does not name;
 *   2. flip state (live copy, present bit, generation) with one release
 *      store: a packet that reads state after it uses the new copy, one
 *      that read it before goes on with the old copy, which still holds
 *      the old group whole;
 *   3. note the flip's time in flipped_ns.
 * Deleting clears the present bit the same way, without step 1.
 *
 * The rule that makes this safe: step 1 never writes a copy a packet may
 * still be reading. The copy it writes became inactive at g's last flip;
 * a packet reads state once and the copy it names only until its program
 * ends, and programs run inside an RCU read-side section (XDP and TC in
 * softirq, BPF_PROG_TEST_RUN and map syscalls under rcu_read_lock()). So
 * once an RCU grace period has passed after the flip, no reader of the old
 * copy is left, and the copy may be written again.
 *
 * flipped_ns says whether that is known: 0 once a grace period has passed
 * since g's last flip, else the flip's CLOCK_MONOTONIC time (the same
 * clock in every process; UINT64_MAX while a flip is under way, so a
 * writer that died there leaves "unknown"). After its changes a writer
 * settles them (clos_ecmp_store_settle(): one wait, about 10 ms, for all
 * of them, then flipped_ns 0), so the group is already in place while it
 * waits and the next writer finds nothing to wait for. Before step 1 a
 * writer that finds a flip not yet settled waits itself, unless a wait of
 * its own began after that flip. Writers are one at a time (the switch's
 * writer lock).
 *
 * The wait: an update of a map-in-map returns only after a grace period,
 * the kernel's own way of telling user space that the programs running
 * before the update have ended (maybe_wait_bpf_programs() in
 * kernel/bpf/syscall.c). clos has no sleepable programs, which that wait
 * does not cover.
 *
 * User-space readers are no RCU readers: they copy the live copy and
 * retry when state moved meanwhile (a seqcount: a copy is rewritten only
 * after a flip away from it, which changes the generation).
 */
#ifndef CLOS_ECMP_STORE_H
#define CLOS_ECMP_STORE_H

#include "clos/abi.h"

/* The map behind fd in this process's memory, writable (or read-only, as
 * a read-only fd allows); NULL with errno set when it cannot be mapped
 * (EPROTO: not an ecmp_groups map). */
struct clos_ecmp_entry *clos_ecmp_store_map(int fd);
const struct clos_ecmp_entry *clos_ecmp_store_map_ro(int fd);
void clos_ecmp_store_unmap(const struct clos_ecmp_entry *tab);

/* Group gid's live copy into g: 0, or -ENOENT when there is no such group
 * (or gid is out of range). */
int clos_ecmp_store_read(const struct clos_ecmp_entry *tab, __u32 gid,
			 struct clos_ecmp_group *g);
/* Make g group gid, created or replaced; g NULL deletes it (-ENOENT when
 * there is none). -EINVAL for gid out of range, or the wait's error. */
int clos_ecmp_store_write(struct clos_ecmp_entry *tab, __u32 gid,
			  const struct clos_ecmp_group *g);

/* The same on the map behind fd, mapping it for the call. */
int clos_ecmp_store_get(int fd, __u32 gid, struct clos_ecmp_group *g);
int clos_ecmp_store_put(int fd, __u32 gid, const struct clos_ecmp_group *g);

/* After changes: wait for a grace period, then mark every flip from
 * before it settled. Nothing to wait for, nothing done. 0 or the wait's
 * error (the flips then stay unsettled: the next writer waits). */
int clos_ecmp_store_settle(struct clos_ecmp_entry *tab);
int clos_ecmp_store_settle_fd(int fd);

/* Wait until every BPF program that runs now has ended (a grace period). */
int clos_ecmp_store_wait_readers(void);

#endif /* CLOS_ECMP_STORE_H */
