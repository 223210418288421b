// SPDX-License-Identifier: GPL-2.0
/*
 * Two ECMP stages in a row, as a 5-stage Clos has them (a leaf's uplinks,
 * then a spine's): the second switch's choice must not follow from the
 * first's. The flow hash is a CRC, linear in the seed; without
 * clos_ecmp_mix() every flow a leaf sent to one spine left that spine by
 * the same superspine.
 */
#include <criterion/criterion.h>
#include "clos/ecmp_slot.h"
#include "ecmp.h"
#include "flows.h"

#define FLOWS	4000

static void group(struct clos_ecmp_group *g, enum clos_ecmp_kind kind)
{
	static const __u32 two[] = { 1, 2 };
	const char *why = "";

	cr_assert_eq(clos_ecmp_group_build(g, NULL, kind, two, 2, &why), 0, "%s", why);
}

/* Of the flows the first switch (seed a) sends to each of its two members,
 * the second (seed b) sends within 45..55% to each of its own. */
static void expect_independent(enum clos_ecmp_kind kind, __u32 a, __u32 b)
{
	struct clos_ecmp_group g1, g2;
	int count[2][2] = {}, i, x, y;
	struct rng r = { 7 };

	group(&g1, kind);
	group(&g2, kind);
	for (i = 0; i < FLOWS; i++) {
		struct pkt_spec s;

		flow_random(&r, &s, i % 2, false, "02:00:00:00:00:01");
		x = clos_ecmp_slot(&g1, flow_hash(&s, a));
		y = clos_ecmp_slot(&g2, flow_hash(&s, b));
		cr_assert(x >= 0 && x < 2 && y >= 0 && y < 2);
		count[x][y]++;
	}
	for (x = 0; x < 2; x++) {
		int n = count[x][0] + count[x][1];

		cr_assert(n > FLOWS / 3, "first stage: %d of %d on member %d", n, FLOWS, x);
		for (y = 0; y < 2; y++)
			cr_assert(count[x][y] * 100 >= n * 45 && count[x][y] * 100 <= n * 55,
				  "seeds %#x, %#x: of %d flows on first member %d, %d on second "
				  "member %d", a, b, n, x, count[x][y], y);
	}
}

Test(ecmp_tiers, resilient_stages_choose_independently)
{
	/* The seeds of the 5-stage example's leaf1 and spine1. */
	expect_independent(CLOS_ECMP_RESILIENT, 3343604333u, 4293456051u);
	expect_independent(CLOS_ECMP_RESILIENT, 1, 2);
}

Test(ecmp_tiers, modulo_stages_choose_independently)
{
	expect_independent(CLOS_ECMP_MODULO, 3343604333u, 4293456051u);
	expect_independent(CLOS_ECMP_MODULO, 0, 0x80000000u);
}
