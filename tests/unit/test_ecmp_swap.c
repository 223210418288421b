// SPDX-License-Identifier: GPL-2.0
/*
 * ECMP groups replaced while packets run (lib/table/ecmp_store.h): a
 * packet, and a user-space reader, sees the old group or the new one,
 * never a mix of the two.
 *
 * The two versions are built so that any mix goes somewhere neither
 * sends a flow: version A is resilient, its buckets on slots 0-1 (nexthops
 * 1, 2); version B is modulo, its active slots 2-3 (nexthops 3, 4). Each
 * holds the poison nexthops 5, 6 in the slots the other one uses, its
 * unused selector (B's buckets, A's active list) points at those, and the
 * kind picks the selector. A packet that took kind, selector or nexthop
 * from different versions lands on nexthop 5 or 6, or is dropped.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>
#include <linux/bpf.h>
#include <criterion/criterion.h>
#include "fixture.h"
#include "flows.h"
#include "ecmp_store.h"
#include "group.h"

#define GID		1
#define RUN_NS		2000000000ull	/* packets run this long */
#define MIN_FLIPS	20		/* ~10 ms a flip of one group */

static void version_a(struct clos_ecmp_group *g)
{
	static const __u32 nh[] = { 1, 2, 5, 6 };
	int i;

	memset(g, 0, sizeof(*g));
	g->kind = CLOS_ECMP_RESILIENT;
	g->num_slots = 4;
	memset(g->nexthop, 0xff, sizeof(g->nexthop));
	memcpy(g->nexthop, nh, sizeof(nh));
	memset(g->active, CLOS_SLOT_EMPTY, sizeof(g->active));
	g->num_active = 2;
	g->active[0] = 2;	/* poison: A is resilient, never reads it */
	g->active[1] = 3;
	for (i = 0; i < CLOS_ECMP_BUCKETS; i++)
		g->bucket[i] = i % 2;
}

static void version_b(struct clos_ecmp_group *g)
{
	static const __u32 nh[] = { 5, 6, 3, 4 };
	int i;

	memset(g, 0, sizeof(*g));
	g->kind = CLOS_ECMP_MODULO;
	g->num_slots = 4;
	memset(g->nexthop, 0xff, sizeof(g->nexthop));
	memcpy(g->nexthop, nh, sizeof(nh));
	memset(g->active, CLOS_SLOT_EMPTY, sizeof(g->active));
	g->num_active = 2;
	g->active[0] = 2;
	g->active[1] = 3;
	for (i = 0; i < CLOS_ECMP_BUCKETS; i++)
		g->bucket[i] = i % 2;	/* poison: B is modulo */
}

struct flipper {
	struct clos_ecmp_entry *tab;
	atomic_bool stop;
	atomic_uint flips;
	int err;		/* the first write that failed */
};

/* The writer: A, B, A, ... until told to stop. */
static void *flip(void *arg)
{
	struct flipper *f = arg;
	struct clos_ecmp_group a, b;
	unsigned int n = 0;
	int err;

	version_a(&a);
	version_b(&b);
	while (!atomic_load(&f->stop)) {
		err = clos_ecmp_store_write(f->tab, GID, n % 2 ? &a : &b);
		if (err) {
			f->err = err;
			break;
		}
		atomic_store(&f->flips, ++n);
	}
	return NULL;
}

static void flipper_start(struct flipper *f, pthread_t *t, int fd)
{
	memset(f, 0, sizeof(*f));
	f->tab = clos_ecmp_store_map(fd);
	cr_assert_not_null(f->tab, "mapping ecmp_groups: %s", strerror(errno));
	cr_assert_eq(pthread_create(t, NULL, flip, f), 0);
}

static unsigned int flipper_stop(struct flipper *f, pthread_t t)
{
	atomic_store(&f->stop, true);
	cr_assert_eq(pthread_join(t, NULL), 0);
	clos_ecmp_store_unmap(f->tab);
	cr_assert_eq(f->err, 0, "writing the group: %s", strerror(-f->err));
	return atomic_load(&f->flips);
}

Test(ecmp_swap, packets_see_old_or_new_group, .fini = fx_teardown,
     .timeout = 60)
{
	static __u8 in[PKT_MAX];
	static struct fx_result res;
	struct fx *fx = fx_setup(FX_PIPELINE);
	struct rng r = { 0x5a5a5a5a12345678ull };
	unsigned long long sent = 0, to[8] = {}, wrong = 0;
	struct clos_ecmp_group a;
	struct flipper f;
	struct pkt_spec s;
	unsigned int flips;
	pthread_t t;
	__u64 end;
	size_t len;
	int nh, err = 0;

	fx_route4(fx, "0.0.0.0", 0, CLOS_RT_ECMP, GID);
	fx_route6(fx, "::", 0, CLOS_RT_ECMP, GID);
	version_a(&a);
	fx_group(fx, GID, &a);
	flipper_start(&f, &t, fx->sw.fd[CLOS_MAP_ECMP_GROUPS]);
	end = fx_now_ns() + RUN_NS;
	while (fx_now_ns() < end) {
		flow_random(&r, &s, sent % 4 == 3, false, FX_PORT_MAC(0));
		len = pkt_build(&s, in, sizeof(in), NULL);
		err = fx_try_run(fx, in, len, &res);
		if (err)
			break;
		sent++;
		nh = res.retval == XDP_REDIRECT ? flow_nh_of_mac(res.out) : -1;
		if (nh >= 1 && nh <= 4)
			to[nh]++;
		else
			wrong++;
	}
	flips = flipper_stop(&f, t);

	cr_assert_eq(err, 0, "test_run: %s", strerror(-err));
	cr_assert_eq(wrong, 0,
		     "%llu of %llu packets went to neither version's members",
		     wrong, sent);
	cr_assert_eq(fx_stat(fx, CLOS_STAT_FWD_ECMP), sent);
	/* It did run against changes: both versions carried packets. */
	cr_assert_geq(flips, MIN_FLIPS, "only %u flips in %llu packets", flips,
		      sent);
	cr_assert(to[1] && to[2] && to[3] && to[4],
		  "members 1-4 got %llu/%llu/%llu/%llu of %llu packets", to[1],
		  to[2], to[3], to[4], sent);
}

/* closctl's reads (route get, group show) are no RCU readers: they copy
 * and retry when the group moved meanwhile; each copy is one version. */
Test(ecmp_swap, user_space_reads_old_or_new_group, .fini = fx_teardown,
     .timeout = 60)
{
	struct fx *fx = fx_setup(FX_PIPELINE);
	struct clos_ecmp_group a, b, got;
	struct clos_ecmp_entry *tab;
	unsigned long long reads = 0, seen_a = 0, seen_b = 0;
	struct flipper f;
	pthread_t t;
	__u64 end;

	version_a(&a);
	version_b(&b);
	fx_group(fx, GID, &a);
	tab = clos_ecmp_store_map(fx->sw.fd[CLOS_MAP_ECMP_GROUPS]);
	cr_assert_not_null(tab);
	flipper_start(&f, &t, fx->sw.fd[CLOS_MAP_ECMP_GROUPS]);
	end = fx_now_ns() + RUN_NS / 4;
	while (fx_now_ns() < end) {
		cr_assert_eq(clos_ecmp_store_read(tab, GID, &got), 0);
		reads++;
		if (!memcmp(&got, &a, sizeof(got)))
			seen_a++;
		else if (!memcmp(&got, &b, sizeof(got)))
			seen_b++;
		else
			break;
	}
	flipper_stop(&f, t);
	clos_ecmp_store_unmap(tab);
	cr_assert_eq(seen_a + seen_b, reads, "read %llu: a mix of both versions",
		     reads);
	cr_assert(seen_a && seen_b, "%llu reads of A, %llu of B", seen_a, seen_b);
}

/* A write fills the copy that is not live and flips: the old copy keeps
 * the old group whole for a packet that is still reading it. */
Test(ecmp_swap, write_keeps_the_old_copy, .fini = fx_teardown)
{
	struct fx *fx = fx_setup(FX_PIPELINE);
	struct clos_ecmp_group a, b, got;
	struct clos_ecmp_entry *tab, *e;
	__u32 s0, s1, s2;

	version_a(&a);
	version_b(&b);
	tab = clos_ecmp_store_map(fx->sw.fd[CLOS_MAP_ECMP_GROUPS]);
	cr_assert_not_null(tab);
	e = &tab[GID];
	cr_assert_eq(clos_ecmp_store_read(tab, GID, &got), -ENOENT);
	cr_assert_eq(clos_ecmp_store_write(tab, GID, NULL), -ENOENT);
	cr_assert_eq(clos_ecmp_store_write(tab, CLOS_MAX_GROUPS, &a), -EINVAL);

	cr_assert_eq(clos_ecmp_store_write(tab, GID, &a), 0);
	s0 = e->state;
	cr_assert(s0 & CLOS_ECMP_PRESENT);
	cr_assert_eq(memcmp(&e->copy[s0 & CLOS_ECMP_COPY], &a, sizeof(a)), 0);

	cr_assert_eq(clos_ecmp_store_write(tab, GID, &b), 0);
	s1 = e->state;
	cr_assert_neq(s1 & CLOS_ECMP_COPY, s0 & CLOS_ECMP_COPY, "no flip");
	cr_assert_eq(s1 / CLOS_ECMP_GEN_ONE, s0 / CLOS_ECMP_GEN_ONE + 1);
	cr_assert_eq(memcmp(&e->copy[s0 & CLOS_ECMP_COPY], &a, sizeof(a)), 0,
		     "the old copy was written");
	cr_assert_eq(clos_ecmp_store_read(tab, GID, &got), 0);
	cr_assert_eq(memcmp(&got, &b, sizeof(b)), 0);

	/* Delete: the group is gone for the next packet, its copies stay. */
	cr_assert_eq(clos_ecmp_store_write(tab, GID, NULL), 0);
	s2 = e->state;
	cr_assert_eq(s2 & CLOS_ECMP_PRESENT, 0);
	cr_assert_eq(memcmp(&e->copy[s1 & CLOS_ECMP_COPY], &b, sizeof(b)), 0);
	cr_assert_eq(clos_ecmp_store_read(tab, GID, &got), -ENOENT);
	cr_assert_gt(e->flipped_ns, 0);
	clos_ecmp_store_unmap(tab);
}

/* A writer settles its flips after a grace period (flipped_ns 0), so the
 * next writer of those groups has nothing to wait for; flips made after
 * the wait began stay unsettled. closctl's group writes settle. */
Test(ecmp_swap, settle_marks_earlier_flips, .fini = fx_teardown)
{
	static const __u32 nh[] = { 1, 2 };
	struct fx *fx = fx_setup(FX_PIPELINE);
	struct clos_ecmp_group a, b;
	struct clos_ecmp_entry *tab;
	struct clos_err err = {};

	version_a(&a);
	version_b(&b);
	tab = clos_ecmp_store_map(fx->sw.fd[CLOS_MAP_ECMP_GROUPS]);
	cr_assert_not_null(tab);
	cr_assert_eq(clos_ecmp_store_settle(tab), 0, "nothing to settle");

	cr_assert_eq(clos_ecmp_store_write(tab, 1, &a), 0);
	cr_assert_eq(clos_ecmp_store_write(tab, 2, &b), 0);
	cr_assert(tab[1].flipped_ns && tab[2].flipped_ns);
	cr_assert_eq(clos_ecmp_store_settle(tab), 0);
	cr_assert_eq(tab[1].flipped_ns, 0);
	cr_assert_eq(tab[2].flipped_ns, 0);
	cr_assert_eq(clos_ecmp_store_write(tab, 1, &b), 0);
	cr_assert_gt(tab[1].flipped_ns, 0);

	cr_assert_eq(clos_group_set(&fx->sw, 3, CLOS_ECMP_RESILIENT, nh, 2, &err),
		     0, "%s", err.msg);
	cr_assert_eq(tab[3].flipped_ns, 0, "group set left its flip unsettled");
	cr_assert_eq(tab[1].flipped_ns, 0, "the wait settles every earlier flip");
	cr_assert(tab[3].state & CLOS_ECMP_PRESENT);
	clos_ecmp_store_unmap(tab);
}
