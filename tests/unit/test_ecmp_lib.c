// SPDX-License-Identifier: GPL-2.0
/*
 * lib/table/ecmp.c on its own: group building, balanced and minimal bucket
 * moves on every membership change, member up/down, input validation; and
 * the member choice (include/clos/ecmp_slot.h) for both kinds.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <criterion/criterion.h>
#include "clos/ecmp_slot.h"
#include "ecmp.h"
#include "flows.h"

static void build(struct clos_ecmp_group *g, const struct clos_ecmp_group *old,
		  enum clos_ecmp_kind kind, const __u32 *nh, int n)
{
	const char *why = "";
	int err = clos_ecmp_group_build(g, old, kind, nh, n, &why);

	cr_assert_eq(err, 0, "build of %d members: %s", n, why);
}

/* Every bucket belongs to an active slot, and the active slots' shares
 * differ by at most one bucket. */
static void expect_balanced(const struct clos_ecmp_group *g, const char *what)
{
	int b, i, min = CLOS_ECMP_BUCKETS, max = 0, sum = 0;

	cr_assert(g->num_active > 0, "%s: no active member", what);
	for (b = 0; b < CLOS_ECMP_BUCKETS; b++)
		cr_assert(clos_ecmp_slot_active(g, g->bucket[b]),
			  "%s: bucket %d -> inactive slot %u", what, b,
			  g->bucket[b]);
	for (i = 0; i < g->num_active; i++) {
		int n = clos_ecmp_slot_buckets(g, g->active[i]);

		min = n < min ? n : min;
		max = n > max ? n : max;
		sum += n;
	}
	cr_assert_eq(sum, CLOS_ECMP_BUCKETS, "%s", what);
	cr_assert_leq(max - min, 1, "%s: shares %d..%d", what, min, max);
}

static int slot_of(const struct clos_ecmp_group *g, __u32 nh)
{
	int s;

	for (s = 0; s < CLOS_MAX_MEMBERS; s++)
		if (g->nexthop[s] == nh)
			return s;
	return -1;
}

Test(ecmp_lib, four_members_even)
{
	static const __u32 nh[] = { 11, 12, 13, 14 };
	struct clos_ecmp_group g;
	int s;

	build(&g, NULL, CLOS_ECMP_RESILIENT, nh, 4);
	cr_assert_eq(g.kind, CLOS_ECMP_RESILIENT);
	cr_assert_eq(g.num_active, 4);
	cr_assert_eq(g.num_slots, 4);
	for (s = 0; s < 4; s++) {
		cr_assert_eq(g.nexthop[s], nh[s]);
		cr_assert_eq(g.active[s], s);
		cr_assert_eq(clos_ecmp_slot_buckets(&g, s), 32);
	}
	for (; s < CLOS_MAX_MEMBERS; s++) {
		cr_assert_eq(g.nexthop[s], CLOS_NH_NONE);
		cr_assert_eq(g.active[s], CLOS_SLOT_EMPTY);
	}
}

Test(ecmp_lib, every_size_balanced)
{
	__u32 nh[CLOS_MAX_MEMBERS];
	struct clos_ecmp_group g;
	char what[32];
	int n, i;

	for (n = 1; n <= CLOS_MAX_MEMBERS; n++) {
		for (i = 0; i < n; i++)
			nh[i] = 100 + i;
		build(&g, NULL, CLOS_ECMP_RESILIENT, nh, n);
		snprintf(what, sizeof(what), "%d members", n);
		expect_balanced(&g, what);
		cr_assert_eq(g.num_active, n);
	}
}

/* Removing one of four: survivors keep all their buckets and slots, the
 * leaver's 32 buckets go 11/11/10 to them, its slot is freed. */
Test(ecmp_lib, remove_is_minimal)
{
	static const __u32 four[] = { 1, 2, 3, 4 }, three[] = { 4, 1, 2 };
	struct clos_ecmp_group g4, g3;
	int b, moved = 0;

	build(&g4, NULL, CLOS_ECMP_RESILIENT, four, 4);
	build(&g3, &g4, CLOS_ECMP_RESILIENT, three, 3);
	expect_balanced(&g3, "after removal");
	cr_assert_eq(g3.nexthop[0], 1);
	cr_assert_eq(g3.nexthop[1], 2);
	cr_assert_eq(g3.nexthop[2], CLOS_NH_NONE);
	cr_assert_eq(g3.nexthop[3], 4);
	cr_assert_not(clos_ecmp_slot_active(&g3, 2));
	for (b = 0; b < CLOS_ECMP_BUCKETS; b++) {
		if (g4.bucket[b] == 2)
			moved++;
		else
			cr_assert_eq(g3.bucket[b], g4.bucket[b],
				     "bucket %d of a survivor moved", b);
	}
	cr_assert_eq(moved, 32);
}

/* A member joining takes the free slot and its fair share, only from the
 * members above their share; nothing else moves. */
Test(ecmp_lib, join_is_minimal)
{
	static const __u32 three[] = { 1, 2, 4 }, four[] = { 1, 2, 4, 9 };
	struct clos_ecmp_group g3, g4;
	int b, s9, moved = 0;

	build(&g3, NULL, CLOS_ECMP_RESILIENT, three, 3);
	build(&g4, &g3, CLOS_ECMP_RESILIENT, four, 4);
	expect_balanced(&g4, "after join");
	s9 = slot_of(&g4, 9);
	cr_assert_eq(s9, 3, "the new member takes the first free slot");
	for (b = 0; b < CLOS_ECMP_BUCKETS; b++) {
		if (g4.bucket[b] == g3.bucket[b])
			continue;
		cr_assert_eq(g4.bucket[b], s9, "bucket %d moved to slot %u", b,
			     g4.bucket[b]);
		moved++;
	}
	cr_assert_eq(moved, 32);
}

/*
 * A random walk of joins and leaves (1..16 members): after every change the
 * group is balanced, surviving members keep their slot, and exactly the
 * buckets that must move do: those of leavers, plus on a net join the
 * joiners' shares, all taken by joiners.
 */
Test(ecmp_lib, random_changes_balanced_and_minimal)
{
	struct clos_ecmp_group old, g;
	struct rng r = { 99 };
	__u32 nh[CLOS_MAX_MEMBERS], cur[CLOS_MAX_MEMBERS];
	int n = 4, m, i, j, b, step;
	char what[48];

	for (i = 0; i < n; i++)
		cur[i] = i + 1;
	build(&g, NULL, CLOS_ECMP_RESILIENT, cur, n);
	for (step = 0; step < 300; step++) {
		/* Keep each member with p = 3/4, add up to 2 new ones. */
		m = 0;
		for (i = 0; i < n; i++)
			if (rng_next(&r) % 4)
				nh[m++] = cur[i];
		for (j = rng_next(&r) % 3; j > 0 && m < CLOS_MAX_MEMBERS; j--)
			nh[m++] = 1000 + step * 4 + j;
		if (m == 0)
			nh[m++] = 3000 + step;
		old = g;
		build(&g, &old, CLOS_ECMP_RESILIENT, nh, m);
		snprintf(what, sizeof(what), "step %d (%d -> %d)", step, n, m);
		expect_balanced(&g, what);
		for (i = 0; i < m; i++) {
			int so = slot_of(&old, nh[i]);

			if (so >= 0)
				cr_assert_eq(slot_of(&g, nh[i]), so,
					     "%s: a survivor changed slot", what);
		}
		for (b = 0; b < CLOS_ECMP_BUCKETS; b++) {
			__u32 was = old.nexthop[old.bucket[b]];
			__u32 now = g.nexthop[g.bucket[b]];
			bool was_kept = slot_of(&g, was) >= 0;
			bool now_new = slot_of(&old, now) < 0;

			/* A bucket that moved left a leaver, or went from a
			 * member above its new share to a joiner. */
			if (was != now)
				cr_assert(!was_kept || now_new,
					  "%s: bucket %d moved %u -> %u between members that stayed",
					  what, b, was, now);
		}
		memcpy(cur, nh, sizeof(nh));
		n = m;
	}
}

Test(ecmp_lib, set_member_down_up)
{
	static const __u32 four[] = { 1, 2, 3, 4 };
	struct clos_ecmp_group g, down;
	int b;

	build(&g, NULL, CLOS_ECMP_RESILIENT, four, 4);
	down = g;
	cr_assert_eq(clos_ecmp_group_set_member(&down, 3, false), 0);
	cr_assert_not(clos_ecmp_slot_active(&down, 2));
	cr_assert_eq(down.nexthop[2], 3, "a down member keeps its slot");
	cr_assert_eq(down.num_active, 3);
	expect_balanced(&down, "member down");
	for (b = 0; b < CLOS_ECMP_BUCKETS; b++)
		if (g.bucket[b] != 2)
			cr_assert_eq(down.bucket[b], g.bucket[b]);
	cr_assert_eq(clos_ecmp_group_set_member(&down, 3, true), 0);
	cr_assert(clos_ecmp_slot_active(&down, 2));
	expect_balanced(&down, "member up");
	cr_assert_eq(clos_ecmp_slot_buckets(&down, 2), 32);
	cr_assert_eq(clos_ecmp_group_set_member(&down, 77, false), -ENOENT);

	/* All members down: an empty group picks nothing. */
	for (b = 1; b <= 4; b++)
		cr_assert_eq(clos_ecmp_group_set_member(&down, b, false), 0);
	cr_assert_eq(down.num_active, 0);
	cr_assert_eq(clos_ecmp_slot(&down, 12345), -1);
}

Test(ecmp_lib, bad_input_rejected_untouched)
{
	static const __u32 dup[] = { 1, 2, 1 }, big[] = { 1, CLOS_MAX_NEXTHOPS };
	__u32 many[CLOS_MAX_MEMBERS + 1];
	struct clos_ecmp_group g, orig;
	const char *why;
	int i;

	for (i = 0; i <= CLOS_MAX_MEMBERS; i++)
		many[i] = i + 1;
	memset(&g, 0x5a, sizeof(g));
	orig = g;
#define REJECT(kind, nh, n)						\
	do {								\
		why = NULL;						\
		cr_assert_eq(clos_ecmp_group_build(&g, NULL, kind, nh, n, &why), \
			     -EINVAL, #nh " n=" #n);			\
		cr_assert(why && *why, "no reason given");		\
		cr_assert(memcmp(&g, &orig, sizeof(g)) == 0,		\
			  "group written on error");			\
	} while (0)
	REJECT(CLOS_ECMP_RESILIENT, many, 0);
	REJECT(CLOS_ECMP_RESILIENT, many, CLOS_MAX_MEMBERS + 1);
	REJECT(CLOS_ECMP_MODULO, dup, 3);
	REJECT(CLOS_ECMP_MODULO, big, 2);
	REJECT((enum clos_ecmp_kind)7, many, 2);
#undef REJECT
}

/* clos_ecmp_slot() is the textbook form of each kind, of the mixed hash. */
Test(ecmp_lib, pick_both_kinds)
{
	static const __u32 five[] = { 5, 6, 7, 8, 9 }, less[] = { 5, 7, 9 };
	struct clos_ecmp_group res, mod, mod3;
	struct rng r = { 3 };
	int i;

	build(&res, NULL, CLOS_ECMP_RESILIENT, five, 5);
	build(&mod, NULL, CLOS_ECMP_MODULO, five, 5);
	build(&mod3, &mod, CLOS_ECMP_MODULO, less, 3);
	cr_assert_eq(mod3.num_active, 3);
	for (i = 0; i < 10000; i++) {
		__u32 raw = rng_next(&r), h = clos_ecmp_mix(raw);

		cr_assert_eq(clos_ecmp_slot(&res, raw), res.bucket[h % 128]);
		cr_assert_eq(clos_ecmp_slot(&mod, raw), (int)(h % 5));
		/* Slots 0, 2, 4 survive: active = {0, 2, 4}. */
		cr_assert_eq(clos_ecmp_slot(&mod3, raw), (int)(h % 3) * 2);
	}
}
