// SPDX-License-Identifier: GPL-2.0
/*
 * The FIB sync's reconciler (fibsync/writer.c, fibsync/ids.c): what the
 * tables hold against what the sync wants. The order of the writes (make
 * before break), a restart that finds its entries again and removes the
 * stale ones, entries that are not the sync's, a full route table, and a
 * resync that rebuilds the model without touching a table.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <criterion/criterion.h>
#include "fibsync.h"
#include "fibsync_fx.h"
#include "xlate.h"

#define IF1	FSX_IFINDEX(0)
#define IF2	FSX_IFINDEX(1)

static struct fsx *x;

static void setup(void)
{
	x = fsx_new();
}

static void teardown(void)
{
	fsx_free(x);
}

TestSuite(fibsync_write, .init = setup, .fini = teardown);

static __u32 table_id(const char *prefix)
{
	const struct clos_route *r = fsx_table_route(x, prefix);

	cr_assert_not_null(r, "%s not in the table", prefix);
	return r->id;
}

static void two_neighbours(void)
{
	fsx_neigh(x, "10.0.1.2", IF1, 1, NUD_REACHABLE);
	fsx_neigh(x, "10.0.2.2", IF2, 2, NUD_REACHABLE);
}

/* What the tables held before the sync started: prefix -> route, and the
 * model told so (as fibsync/tables.c reads them). */
static void held(const char *prefix, __u32 action, __u32 id)
{
	struct clos_route rt = { .action = action, .id = id };
	struct fs_prefix *p;
	__u8 addr[16] = {}, plen;
	char a[64], *slash;
	int i;

	snprintf(a, sizeof(a), "%s", prefix);
	slash = strchr(a, '/');
	*slash = '\0';
	plen = atoi(slash + 1);
	cr_assert_eq(inet_pton(AF_INET, a, addr), 1);
	for (i = 0; i < FSX_ROUTES_MAX && x->routes[i].on; i++)
		;
	x->routes[i].on = true;
	x->routes[i].family = AF_INET;
	x->routes[i].plen = plen;
	memcpy(x->routes[i].addr, addr, 16);
	x->routes[i].rt = rt;
	cr_assert_eq(fs_model_applied(&x->m, AF_INET, plen, addr, &rt,
				      clos_fibsync_owns_route(&rt)), 0);
	p = fs_model_prefix_get(&x->m, AF_INET, plen, addr);
	cr_assert_not_null(p);
}

static void held_nh(__u32 id, __u32 port, __u8 mac_byte)
{
	struct clos_nexthop nh = { .port = port, .valid = 1 };

	fsx_mac(mac_byte, nh.dmac);
	x->nh[id] = nh;
	if (clos_fibsync_nh_id(id))
		fs_ids_nh_applied(&x->ids, id, &nh);
}

static void held_group(__u32 gid, __u8 kind, const __u32 *nh, int n)
{
	x->group_on[gid] = true;
	x->group_kind[gid] = kind;
	x->group_n[gid] = n;
	memcpy(x->group_member[gid], nh, n * sizeof(*nh));
	if (clos_fibsync_group_id(gid))
		fs_ids_group_applied(&x->ids, gid, kind, nh, n);
}

Test(fibsync_write, make_before_break_on_a_change_of_path)
{
	two_neighbours();
	fsx_route(x, "10.8.0.0/16", "10.0.1.2@2,10.0.2.2@3");
	fsx_route(x, "10.9.0.0/16", "10.0.1.2@2,10.0.2.2@3");
	fsx_sync(x);
	/* Both routes leave the group for one nexthop of a new neighbour. */
	fsx_neigh(x, "10.0.1.3", IF1, 3, NUD_REACHABLE);
	fsx_route(x, "10.8.0.0/16", "10.0.1.3@2");
	fsx_route(x, "10.9.0.0/16", "10.0.1.3@2");
	fsx_sync(x);
	cr_assert_eq(x->errors, 0, "%s", x->log[0]);
	cr_assert_eq(fsx_logged(x, "nh+ "), 0, "the new nexthop first");
	cr_assert_lt(fsx_logged(x, "nh+ "), fsx_logged(x, "rt+ 10.8.0.0/16"));
	cr_assert_lt(fsx_logged(x, "rt+ 10.9.0.0/16"), fsx_logged(x, "grp- "),
		     "the group went while a route used it");
	cr_assert_eq(fsx_logged(x, "nh- "), -1, "the old nexthops have host routes");
	cr_assert_eq(x->ids.groups_used, 0);
}

Test(fibsync_write, nothing_is_written_when_nothing_changed)
{
	two_neighbours();
	fsx_route(x, "10.8.0.0/16", "10.0.1.2@2,10.0.2.2@3");
	fsx_sync(x);
	cr_assert_gt(x->nlog, 0);
	/* The same again, and a neighbour going from REACHABLE to STALE. */
	fsx_route(x, "10.8.0.0/16", "10.0.2.2@3,10.0.1.2@2");
	fsx_neigh(x, "10.0.1.2", IF1, 1, NUD_STALE);
	fsx_sync(x);
	cr_assert_eq(x->nlog, 0, "wrote %s", x->log[0]);
}

Test(fibsync_write, a_restart_keeps_what_is_right_and_removes_what_is_stale)
{
	static const __u32 members[] = { 2048, 2049 }, stale_members[] = { 2049, 2050 };

	/* The tables after an earlier run: 10.8.0.0/16 over group 130 of
	 * nexthops 2048 (port 0) and 2049 (port 1); 10.5.0.0/16 to 2050,
	 * whose route the kernel has lost while the sync was down; a
	 * closctl user's nexthop 7 and its route; the loader's local route. */
	held_nh(2048, 0, 1);
	held_nh(2049, 1, 2);
	held_nh(2050, 1, 5);
	held_nh(7, 0, 9);
	held_group(130, CLOS_ECMP_MODULO, members, 2);
	held_group(140, CLOS_ECMP_MODULO, stale_members, 2);
	held("10.8.0.0/16", CLOS_RT_ECMP, 130);
	held("10.5.0.0/16", CLOS_RT_NEXTHOP, 2050);
	held("10.6.0.0/16", CLOS_RT_ECMP, 140);
	held("10.70.0.0/16", CLOS_RT_NEXTHOP, 7);
	held("10.0.1.1/32", CLOS_RT_LOCAL, 0);
	held("10.0.9.1/32", CLOS_RT_LOCAL, 0);

	/* The kernel now. */
	two_neighbours();
	fsx_route(x, "10.8.0.0/16", "10.0.1.2@2,10.0.2.2@3");
	fsx_route_type(x, "10.0.1.1/32", RT_TABLE_LOCAL, RTN_LOCAL);
	fsx_route(x, "10.4.0.0/16", "10.0.1.2@2");
	fsx_sync(x);
	cr_assert_eq(x->errors, 0, "%s", x->log[0]);

	/* Found again: no write of the group, its nexthops, its route. */
	cr_assert_eq(table_id("10.8.0.0/16"), 130);
	cr_assert_eq(fsx_logged(x, "rt+ 10.8.0.0/16"), -1);
	cr_assert_eq(fsx_logged(x, "grp+ "), -1);
	cr_assert_eq(fsx_logged(x, "nh+ "), -1, "wrote %s", x->log[0]);
	cr_assert_eq(fsx_logged(x, "rt+ 10.0.1.1/32"), -1);
	cr_assert_eq(fsx_table_route(x, "10.4.0.0/16")->id, 2048);
	/* Stale: deleted, routes first. */
	cr_assert_null(fsx_table_route(x, "10.5.0.0/16"));
	cr_assert_null(fsx_table_route(x, "10.6.0.0/16"));
	cr_assert_null(fsx_table_route(x, "10.0.9.1/32"), "a local route the kernel lost");
	cr_assert(!x->group_on[140]);
	cr_assert(!x->nh[2050].valid);
	cr_assert_lt(fsx_logged(x, "rt- 10.6.0.0/16"), fsx_logged(x, "grp- 140"));
	cr_assert_lt(fsx_logged(x, "grp- 140"), fsx_logged(x, "nh- 2050"));
	/* Not the sync's: untouched. */
	cr_assert_eq(fsx_table_route(x, "10.70.0.0/16")->id, 7);
	cr_assert(x->nh[7].valid);
	cr_assert_eq(fsx_logged(x, "rt- 10.70.0.0/16"), -1);
}

Test(fibsync_write, the_kernel_wins_over_a_manual_route_of_the_same_prefix)
{
	held_nh(7, 0, 9);
	held("10.70.0.0/16", CLOS_RT_NEXTHOP, 7);
	two_neighbours();
	fsx_route(x, "10.70.0.0/16", "10.0.2.2@3");
	fsx_sync(x);
	cr_assert(clos_fibsync_nh_id(fsx_table_route(x, "10.70.0.0/16")->id));
	cr_assert(x->nh[7].valid, "the user's nexthop stays");
	/* Now the sync's: it goes with the kernel's route. */
	fsx_route_del(x, "10.70.0.0/16", "10.0.2.2@3");
	fsx_sync(x);
	cr_assert_null(fsx_table_route(x, "10.70.0.0/16"));
}

Test(fibsync_write, a_full_table_punts_counts_and_retries_when_room_frees)
{
	static const char *const prefixes[] = {
		"10.0.1.2/32", "10.0.2.2/32", "10.8.0.0/16", "10.9.0.0/16",
	};
	const char *left_out = NULL, *victim = NULL;
	struct fs_prefix *p;
	int i;

	two_neighbours();
	x->route_room = 3;	/* of the four */
	fsx_route(x, "10.8.0.0/16", "10.0.1.2@2");
	fsx_route(x, "10.9.0.0/16", "10.0.2.2@3");
	fsx_sync(x);
	cr_assert_eq(fsx_table_routes(x), 3);
	cr_assert_eq(x->st.table_full, 1);
	cr_assert_eq(x->m.nfailed, 1);
	cr_assert_geq(fsx_logged(x, "error table_full"), 0);
	for (i = 0; i < 4; i++) {
		p = fsx_prefix(x, prefixes[i]);
		if (!fsx_table_route(x, prefixes[i])) {
			left_out = prefixes[i];
			cr_assert(p->failed);
			cr_assert_eq(p->reason, FS_WHY_TABLE_FULL);
		} else if (i >= 2) {
			victim = prefixes[i];
		}
	}
	cr_assert_not_null(left_out);

	/* A route goes: the one left out gets its place. */
	fsx_route_del(x, victim, !strcmp(victim, "10.8.0.0/16") ? "10.0.1.2@2"
							       : "10.0.2.2@3");
	fsx_sync(x);
	cr_assert_not_null(fsx_table_route(x, left_out), "not tried again");
	cr_assert_not(fsx_prefix(x, left_out)->failed);
	cr_assert_eq(x->m.nfailed, 0);
}

Test(fibsync_write, a_resync_rebuilds_the_model_and_writes_nothing)
{
	char pfx[32];
	int i;

	two_neighbours();
	fsx_nh(x, 1, "10.0.1.2", IF1);
	fsx_nh(x, 2, "10.0.2.2", IF2);
	fsx_nh_group(x, 11, "1,2", true);
	for (i = 0; i < 50; i++) {
		snprintf(pfx, sizeof(pfx), "10.%d.0.0/16", 100 + i);
		if (i % 2)
			fsx_route_nhid(x, pfx, 11);
		else
			fsx_route(x, pfx, "10.0.1.2@2,10.0.2.2@3");
	}
	fsx_sync(x);
	cr_assert_eq(x->ids.groups_used, 2);

	/* As after lost events: forget, and the same dump again. */
	fs_model_forget(&x->m);
	two_neighbours();
	fsx_nh(x, 1, "10.0.1.2", IF1);
	fsx_nh(x, 2, "10.0.2.2", IF2);
	fsx_nh_group(x, 11, "1,2", true);
	for (i = 0; i < 50; i++) {
		snprintf(pfx, sizeof(pfx), "10.%d.0.0/16", 100 + i);
		if (i % 2)
			fsx_route_nhid(x, pfx, 11);
		else
			fsx_route(x, pfx, "10.0.1.2@2,10.0.2.2@3");
	}
	fsx_sync(x);
	cr_assert_eq(x->nlog, 0, "wrote %s", x->log[0]);
	cr_assert_eq(x->ids.groups_used, 2);
	cr_assert_eq(x->ids.nh_used, 2);
}

Test(fibsync_write, a_sole_resilient_group_changes_in_place)
{
	__u32 gid;

	two_neighbours();
	fsx_neigh(x, "10.0.3.2", FSX_IFINDEX(2), 3, NUD_REACHABLE);
	fsx_route(x, "10.8.0.0/16", "10.0.1.2@2,10.0.2.2@3,10.0.3.2@4");
	fsx_sync(x);
	gid = fsx_table_route(x, "10.8.0.0/16")->id;
	/* A member's neighbour goes: the group shrinks where it is. */
	fsx_neigh_del(x, "10.0.3.2", FSX_IFINDEX(2));
	fsx_sync(x);
	cr_assert_eq(fsx_table_route(x, "10.8.0.0/16")->id, gid);
	cr_assert_eq(x->group_n[gid], 2);
	cr_assert_eq(fsx_logged(x, "rt+ 10.8.0.0/16"), -1);
	cr_assert_lt(fsx_logged(x, "grp+ "), fsx_logged(x, "nh- "));
}
