/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ECMP member choice, compiled by BPF (the data path, through
 * clos/fib.h) and by user space (closctl route get, the tests): the same
 * function, so that a flow's member is predicted exactly.
 */
#ifndef CLOS_ECMP_SLOT_H
#define CLOS_ECMP_SLOT_H

#include "clos/abi.h"

/* Hide x's value from the compiler: clang drops a mask it can prove
 * useless, which the BPF verifier (6.1's) still needs to bound an index. */
#define clos_opaque(x)	__asm__ __volatile__("" : "+r"(x))

/* The member slot a flow with this hash takes in g, or -1 when the group
 * has none active. resilient: bucket[hash % CLOS_ECMP_BUCKETS]; modulo:
 * active[hash % num_active] (abi.h). */
static __always_inline int clos_ecmp_slot(const struct clos_ecmp_group *g,
					  __u32 hash)
{
	__u32 slot;

	if (g->kind == CLOS_ECMP_MODULO) {
		__u32 n = g->num_active;

		if (n == 0 || n > CLOS_MAX_MEMBERS)
			return -1;
		slot = hash % n;
		/* slot < n <= 16, which clang knows and the verifier does
		 * not: keep the mask. */
		clos_opaque(slot);
		slot = g->active[slot & (CLOS_MAX_MEMBERS - 1)];
	} else {
		slot = g->bucket[hash % CLOS_ECMP_BUCKETS];
	}
	if (slot >= CLOS_MAX_MEMBERS)
		return -1;
	return slot;
}

#endif /* CLOS_ECMP_SLOT_H */
