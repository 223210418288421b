// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include "ecmp.h"

bool clos_ecmp_slot_active(const struct clos_ecmp_group *g, int slot)
{
	int i;

	for (i = 0; i < g->num_active && i < CLOS_MAX_MEMBERS; i++)
		if (g->active[i] == slot)
			return true;
	return false;
}

int clos_ecmp_slot_buckets(const struct clos_ecmp_group *g, int slot)
{
	int b, n = 0;

	for (b = 0; b < CLOS_ECMP_BUCKETS; b++)
		n += g->bucket[b] == slot;
	return n;
}

/* Reassign buckets so that exactly the slots in mask own them, evenly,
 * moving as few buckets as possible. */
static void rebalance(struct clos_ecmp_group *g, unsigned int mask)
{
	int count[CLOS_MAX_MEMBERS] = {}, target[CLOS_MAX_MEMBERS] = {};
	int order[CLOS_MAX_MEMBERS], n = 0, base, extra, i, j, b, s;

	g->num_active = 0;
	memset(g->active, CLOS_SLOT_EMPTY, sizeof(g->active));
	for (s = 0; s < CLOS_MAX_MEMBERS; s++)
		if (mask & (1u << s))
			g->active[g->num_active++] = s;
	n = g->num_active;
	if (n == 0) {
		memset(g->bucket, CLOS_SLOT_EMPTY, sizeof(g->bucket));
		return;
	}

	/* Buckets of inactive slots are free; count the rest. */
	for (b = 0; b < CLOS_ECMP_BUCKETS; b++) {
		s = g->bucket[b];
		if (s >= CLOS_MAX_MEMBERS || !(mask & (1u << s)))
			g->bucket[b] = CLOS_SLOT_EMPTY;
		else
			count[s]++;
	}

	/* Targets: the remainder goes to those holding most (ties: lower slot),
	 * so that nothing moves that need not. */
	for (i = 0; i < n; i++)
		order[i] = g->active[i];
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && count[order[j]] > count[order[j - 1]]; j--) {
			int t = order[j];

			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	base = CLOS_ECMP_BUCKETS / n;
	extra = CLOS_ECMP_BUCKETS % n;
	for (i = 0; i < n; i++)
		target[order[i]] = base + (i < extra);

	/* Over-full members give up their highest buckets. */
	for (b = CLOS_ECMP_BUCKETS - 1; b >= 0; b--) {
		s = g->bucket[b];
		if (s < CLOS_MAX_MEMBERS && count[s] > target[s]) {
			count[s]--;
			g->bucket[b] = CLOS_SLOT_EMPTY;
		}
	}
	/* Free buckets go, in order, to the members short of their share. */
	i = 0;
	for (b = 0; b < CLOS_ECMP_BUCKETS; b++) {
		if (g->bucket[b] != CLOS_SLOT_EMPTY)
			continue;
		while (i < n && count[g->active[i]] >= target[g->active[i]])
			i++;
		if (i == n)
			break;
		s = g->active[i];
		g->bucket[b] = s;
		count[s]++;
	}
}

static unsigned int active_mask(const struct clos_ecmp_group *g)
{
	unsigned int mask = 0;
	int i;

	for (i = 0; i < g->num_active && i < CLOS_MAX_MEMBERS; i++)
		if (g->active[i] < CLOS_MAX_MEMBERS)
			mask |= 1u << g->active[i];
	return mask;
}

int clos_ecmp_group_build(struct clos_ecmp_group *out,
			  const struct clos_ecmp_group *old,
			  enum clos_ecmp_kind kind, const __u32 *nh, int n,
			  const char **why)
{
	struct clos_ecmp_group g;
	unsigned int mask = 0;
	int i, j, s;

	if (kind != CLOS_ECMP_RESILIENT && kind != CLOS_ECMP_MODULO) {
		*why = "kind must be resilient or modulo";
		return -EINVAL;
	}
	if (n < 1) {
		*why = "a group needs at least one member";
		return -EINVAL;
	}
	if (n > CLOS_MAX_MEMBERS) {
		*why = "a group has at most 16 members";
		return -EINVAL;
	}
	for (i = 0; i < n; i++) {
		if (nh[i] >= CLOS_MAX_NEXTHOPS) {
			*why = "nexthop id out of range";
			return -EINVAL;
		}
		for (j = 0; j < i; j++)
			if (nh[i] == nh[j]) {
				*why = "a member is listed twice";
				return -EINVAL;
			}
	}

	memset(&g, 0, sizeof(g));
	for (s = 0; s < CLOS_MAX_MEMBERS; s++)
		g.nexthop[s] = CLOS_NH_NONE;
	memset(g.bucket, CLOS_SLOT_EMPTY, sizeof(g.bucket));
	if (old) {
		/* Survivors keep their slot and their buckets. */
		for (s = 0; s < CLOS_MAX_MEMBERS; s++)
			for (i = 0; i < n; i++)
				if (old->nexthop[s] == nh[i]) {
					g.nexthop[s] = nh[i];
					break;
				}
		memcpy(g.bucket, old->bucket, sizeof(g.bucket));
	}
	for (i = 0; i < n; i++) {
		for (s = 0; s < CLOS_MAX_MEMBERS; s++)
			if (g.nexthop[s] == nh[i])
				break;
		if (s < CLOS_MAX_MEMBERS)
			continue;
		for (s = 0; s < CLOS_MAX_MEMBERS; s++)
			if (g.nexthop[s] == CLOS_NH_NONE) {
				g.nexthop[s] = nh[i];
				break;
			}
	}
	for (s = 0; s < CLOS_MAX_MEMBERS; s++) {
		if (g.nexthop[s] == CLOS_NH_NONE)
			continue;
		mask |= 1u << s;
		g.num_slots = s + 1;
	}
	g.kind = kind;
	rebalance(&g, mask);
	*out = g;
	return 0;
}

int clos_ecmp_group_set_member(struct clos_ecmp_group *g, __u32 nh_id, bool up)
{
	unsigned int mask = active_mask(g);
	int s;

	for (s = 0; s < CLOS_MAX_MEMBERS; s++)
		if (g->nexthop[s] == nh_id)
			break;
	if (s == CLOS_MAX_MEMBERS)
		return -ENOENT;
	if (up)
		mask |= 1u << s;
	else
		mask &= ~(1u << s);
	rebalance(g, mask);
	return 0;
}
