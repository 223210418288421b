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

/*
 * The flow hash is a CRC, which is linear: a switch's seed only XORs a
 * constant into it. Two ECMP stages in a row (a leaf's uplinks, then a
 * spine's, in a 5-stage Clos) then take the same low bits and choose
 * alike: every flow a leaf sent to spine1 also left spine1 by the same
 * superspine (1000 of 1000 flows on one of two, test_clab.sh). A
 * multiply-xorshift finalizer (MurmurHash3's fmix32, a bijection) before
 * the choice makes each switch's choice depend on the whole hash, seed
 * included, nonlinearly.
 */
static __always_inline __u32 clos_ecmp_mix(__u32 h)
{
	h ^= h >> 16;
	h *= 0x85ebca6b;
	h ^= h >> 13;
	h *= 0xc2b2ae35;
	h ^= h >> 16;
	return h;
}

/* The member slot a flow with this hash takes in g, or -1 when the group
 * has none active. With m = clos_ecmp_mix(hash): resilient:
 * bucket[m % CLOS_ECMP_BUCKETS]; modulo: active[m % num_active] (abi.h). */
static __always_inline int clos_ecmp_slot(const struct clos_ecmp_group *g,
					  __u32 hash)
{
	__u32 slot;

	hash = clos_ecmp_mix(hash);

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
