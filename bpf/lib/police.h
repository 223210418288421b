/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The punt policer: a token bucket per port on the way to the switch's
 * kernel (abi.h struct clos_punt_police). Each punt takes one token;
 * tokens come back at rate_pps up to burst. Whatever the kind of punt
 * (ARP, ND, TTL expiry, multicast, local or kernel route), one port can
 * send the kernel at most burst + rate_pps * t frames in t seconds, so a
 * flood on one port neither starves the kernel nor the other ports.
 *
 * The bucket is shared by the CPUs and updated under its lock, so the
 * bound holds exactly. As with the traffic manager's model (qos.h), a
 * global function: the verifier checks it once, and the lock is taken in
 * here, where no other call is made while it is held.
 */
#ifndef CLOS_POLICE_H
#define CLOS_POLICE_H

#include "maps.h"

/* 1 when a punt of len bytes from port may go to the kernel, 0 when the
 * port's bucket is empty (then counted in the bucket's policed). */
__noinline int clos_punt_police(__u32 port, __u32 len)
{
	struct clos_punt_police *pp;
	__u64 now, cap, need, elapsed;
	int pass = 1;

	pp = bpf_map_lookup_elem(&punt_police, &port);
	if (!pp)
		return 1;
	now = bpf_ktime_get_ns();
	bpf_spin_lock(&pp->lock);
	if (!pp->rate_pps)
		goto unlock;
	cap = (__u64)pp->burst * CLOS_NSEC_PER_SEC;
	if (pp->tokens < cap) {
		/* Fill for the time since the last fill: up to cap, without
		 * overflowing however long the port was quiet. */
		elapsed = now > pp->last_ns ? now - pp->last_ns : 0;
		need = cap - pp->tokens;
		if (elapsed > need / pp->rate_pps)
			pp->tokens = cap;
		else
			pp->tokens += elapsed * pp->rate_pps;
	}
	pp->last_ns = now;
	if (pp->tokens >= CLOS_NSEC_PER_SEC) {
		pp->tokens -= CLOS_NSEC_PER_SEC;
	} else {
		pp->policed++;
		pp->policed_bytes += len;
		pass = 0;
	}
unlock:
	bpf_spin_unlock(&pp->lock);
	return pass;
}

#endif /* CLOS_POLICE_H */
