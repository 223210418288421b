// SPDX-License-Identifier: GPL-2.0
/*
 * The FIB sync's translation (fibsync/xlate.c over fibsync/model.c): the
 * kernel's routes, nexthop objects and neighbours into the clos entries
 * the sync wants, without netlink. Single nexthops, multipath (modulo),
 * nexthop objects and resilient groups, punts with their reasons, host
 * routes from neighbours, which route of a prefix wins, and the kernel's
 * own ways of announcing IPv6 siblings.
 */
#include <stdio.h>
#include <string.h>
#include <linux/if.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <criterion/criterion.h>
#include "fibsync.h"
#include "fibsync_fx.h"
#include "xlate.h"

#define IF1	FSX_IFINDEX(0)	/* port 0 */
#define IF2	FSX_IFINDEX(1)
#define IF3	FSX_IFINDEX(2)
#define IF4	FSX_IFINDEX(3)

static struct fsx *x;

static void setup(void)
{
	x = fsx_new();
}

static void teardown(void)
{
	fsx_free(x);
}

TestSuite(fibsync, .init = setup, .fini = teardown);

static void expect_want(const char *prefix, __u32 action, enum fs_reason why)
{
	struct fs_prefix *p = fsx_prefix(x, prefix);

	cr_assert(p->want.on, "%s: nothing wanted", prefix);
	cr_assert_eq(p->want.rt.action, action, "%s: action %u, want %u", prefix,
		     p->want.rt.action, action);
	cr_assert_eq(p->reason, why, "%s: reason %s, want %s", prefix,
		     fs_reason_names[p->reason], fs_reason_names[why]);
}

/* The nexthop a route's id stands for: port and neighbour byte. */
static void expect_nh(__u32 id, __u32 port, __u8 mac_byte)
{
	__u8 mac[6];

	fsx_mac(mac_byte, mac);
	cr_assert(clos_fibsync_nh_id(id), "nexthop %u outside the sync's range", id);
	cr_assert(x->nh[id].valid, "nexthop %u not written", id);
	cr_assert_eq(x->nh[id].port, port, "nexthop %u: port %u, want %u", id,
		     x->nh[id].port, port);
	cr_assert_arr_eq(x->nh[id].dmac, mac, 6, "nexthop %u: another MAC", id);
}

/* Group gid in the table: kind and members (ports, in any order). */
static void expect_group(__u32 gid, __u8 kind, int n, const __u32 *ports)
{
	int i, j;

	cr_assert(clos_fibsync_group_id(gid), "group %u outside the sync's range", gid);
	cr_assert(x->group_on[gid], "group %u not written", gid);
	cr_assert_eq(x->group_kind[gid], kind, "group %u: kind %u, want %u", gid,
		     x->group_kind[gid], kind);
	cr_assert_eq(x->group_n[gid], n, "group %u: %d members, want %d", gid,
		     x->group_n[gid], n);
	for (i = 0; i < n; i++) {
		for (j = 0; j < n; j++)
			if (x->nh[x->group_member[gid][j]].port == ports[i])
				break;
		cr_assert_lt(j, n, "group %u has no member on port %u", gid, ports[i]);
	}
}

/* Gateways 10.0.N.2 on IF1..IF3, resolved, as nexthop objects 1..3. */
static void three_nexthop_objects(void)
{
	fsx_neigh(x, "10.0.1.2", IF1, 1, NUD_REACHABLE);
	fsx_neigh(x, "10.0.2.2", IF2, 2, NUD_REACHABLE);
	fsx_neigh(x, "10.0.3.2", IF3, 3, NUD_REACHABLE);
	fsx_nh(x, 1, "10.0.1.2", IF1);
	fsx_nh(x, 2, "10.0.2.2", IF2);
	fsx_nh(x, 3, "10.0.3.2", IF3);
}

static const struct clos_route *table(const char *prefix)
{
	const struct clos_route *r = fsx_table_route(x, prefix);

	cr_assert_not_null(r, "%s not in the table", prefix);
	return r;
}

/* --- single nexthops -------------------------------------------------------- */

Test(fibsync, a_route_via_a_resolved_gateway_is_its_nexthop)
{
	fsx_neigh(x, "10.0.1.2", IF1, 1, NUD_REACHABLE);
	fsx_route(x, "10.8.0.0/16", "10.0.1.2@3");	/* ifindex 3: port 1 */
	fsx_route(x, "10.7.0.0/16", "10.0.1.2@2");
	fsx_sync(x);

	expect_want("10.7.0.0/16", CLOS_RT_NEXTHOP, FS_WHY_NONE);
	expect_nh(table("10.7.0.0/16")->id, 0, 1);
	/* 10.0.1.2 is not known on ifindex 3: a gateway is per device. */
	expect_want("10.8.0.0/16", CLOS_RT_KERNEL, FS_WHY_UNRESOLVED);
	cr_assert_eq(table("10.8.0.0/16")->action, CLOS_RT_KERNEL);
	cr_assert_eq(x->errors, 0);
}

Test(fibsync, stale_and_permanent_neighbours_are_resolved_incomplete_is_not)
{
	fsx_neigh(x, "10.0.1.2", IF1, 1, NUD_STALE);
	fsx_neigh(x, "10.0.1.3", IF1, 2, NUD_PERMANENT);
	fsx_neigh(x, "10.0.1.4", IF1, 3, NUD_INCOMPLETE);
	fsx_neigh(x, "10.0.1.5", IF1, 4, NUD_FAILED);
	fsx_route(x, "10.1.0.0/16", "10.0.1.2@2");
	fsx_route(x, "10.2.0.0/16", "10.0.1.3@2");
	fsx_route(x, "10.3.0.0/16", "10.0.1.4@2");
	fsx_route(x, "10.4.0.0/16", "10.0.1.5@2");
	fsx_sync(x);

	expect_want("10.1.0.0/16", CLOS_RT_NEXTHOP, FS_WHY_NONE);
	expect_want("10.2.0.0/16", CLOS_RT_NEXTHOP, FS_WHY_NONE);
	expect_want("10.3.0.0/16", CLOS_RT_KERNEL, FS_WHY_UNRESOLVED);
	expect_want("10.4.0.0/16", CLOS_RT_KERNEL, FS_WHY_UNRESOLVED);
}

Test(fibsync, an_unresolved_gateway_punts_until_its_neighbour_resolves)
{
	struct fs_neigh *ne;
	__u8 gw[16] = { 10, 0, 1, 9 };

	fsx_route(x, "10.66.0.0/24", "10.0.1.9@2");
	fsx_sync(x);
	expect_want("10.66.0.0/24", CLOS_RT_KERNEL, FS_WHY_UNRESOLVED);
	cr_assert_eq(table("10.66.0.0/24")->action, CLOS_RT_KERNEL);
	/* The sync asks the kernel to resolve it. */
	ne = fs_model_neigh_get(&x->m, AF_INET, IF1, gw);
	cr_assert_not_null(ne, "the gateway is not waited for");
	cr_assert(ne->wanted);
	cr_assert(x->m.want_solicit);

	fsx_neigh(x, "10.0.1.9", IF1, 9, NUD_REACHABLE);
	fsx_sync(x);
	expect_want("10.66.0.0/24", CLOS_RT_NEXTHOP, FS_WHY_NONE);
	expect_nh(table("10.66.0.0/24")->id, 0, 9);
	cr_assert_geq(fsx_logged(x, "rt+ 10.66.0.0/24"), 0, "the route was not rewritten");

	/* Gone again: back to the kernel, and the nexthop goes after it. */
	fsx_neigh_del(x, "10.0.1.9", IF1);
	fsx_sync(x);
	expect_want("10.66.0.0/24", CLOS_RT_KERNEL, FS_WHY_UNRESOLVED);
	cr_assert_eq(table("10.66.0.0/24")->action, CLOS_RT_KERNEL);
	cr_assert_gt(fsx_logged(x, "nh- "), fsx_logged(x, "rt+ 10.66.0.0/24"),
		     "nexthop deleted before the route left it");
}

Test(fibsync, a_neighbours_new_mac_moves_its_routes_to_a_new_nexthop)
{
	__u32 before;

	fsx_neigh(x, "10.0.1.2", IF1, 1, NUD_REACHABLE);
	fsx_route(x, "10.8.0.0/16", "10.0.1.2@2");
	fsx_sync(x);
	before = table("10.8.0.0/16")->id;
	fsx_neigh(x, "10.0.1.2", IF1, 7, NUD_REACHABLE);
	fsx_sync(x);
	expect_nh(table("10.8.0.0/16")->id, 0, 7);
	cr_assert_neq(table("10.8.0.0/16")->id, before);
	expect_nh(table("10.0.1.2/32")->id, 0, 7);
	cr_assert(!x->nh[before].valid, "the old nexthop stayed");
}

/* --- punts ------------------------------------------------------------------ */

Test(fibsync, connected_subnets_and_dev_routes_go_to_the_kernel)
{
	fsx_route(x, "10.0.1.0/24", "@2");
	fsx_route(x, "2001:db8:1::/64", "@2");
	fsx_sync(x);
	expect_want("10.0.1.0/24", CLOS_RT_KERNEL, FS_WHY_CONNECTED);
	expect_want("2001:db8:1::/64", CLOS_RT_KERNEL, FS_WHY_CONNECTED);
	cr_assert_eq(table("10.0.1.0/24")->action, CLOS_RT_KERNEL);
}

Test(fibsync, a_nexthop_off_the_clos_ports_punts_and_says_where)
{
	char why[128];

	fsx_neigh(x, "10.99.0.2", FSX_NOT_PORT, 5, NUD_REACHABLE);
	fsx_neigh(x, "10.0.1.2", IF1, 1, NUD_REACHABLE);
	fsx_route(x, "10.77.0.0/24", "10.99.0.2@9");
	/* One member off the ports: the whole route, not part of it. */
	fsx_route(x, "10.78.0.0/24", "10.0.1.2@2,10.99.0.2@9");
	fsx_sync(x);
	expect_want("10.77.0.0/24", CLOS_RT_KERNEL, FS_WHY_NOT_PORT);
	expect_want("10.78.0.0/24", CLOS_RT_KERNEL, FS_WHY_NOT_PORT);
	cr_assert_str_eq(fs_xlate_explain(&x->m, fsx_prefix(x, "10.77.0.0/24"), why,
					  sizeof(why)), "via 10.99.0.2 dev ifindex 9");
	/* Its neighbour gets no host route either: not a clos port. */
	cr_assert_null(fsx_table_route(x, "10.99.0.2/32"));
}

Test(fibsync, route_types)
{
	fsx_route_type(x, "10.55.0.0/16", RT_TABLE_MAIN, RTN_BLACKHOLE);
	fsx_route_type(x, "10.44.0.0/16", RT_TABLE_MAIN, RTN_UNREACHABLE);
	fsx_route_type(x, "10.45.0.0/16", RT_TABLE_MAIN, RTN_PROHIBIT);
	fsx_route_type(x, "10.0.1.1/32", RT_TABLE_LOCAL, RTN_LOCAL);
	fsx_route_type(x, "10.0.1.255/32", RT_TABLE_LOCAL, RTN_BROADCAST);
	fsx_route_type(x, "2001:db8:1::/128", RT_TABLE_LOCAL, RTN_ANYCAST);
	fsx_route_type(x, "224.0.0.0/4", RT_TABLE_MAIN, RTN_MULTICAST);
	fsx_sync(x);
	expect_want("10.55.0.0/16", CLOS_RT_DROP, FS_WHY_NONE);
	expect_want("10.44.0.0/16", CLOS_RT_KERNEL, FS_WHY_ROUTE_TYPE);
	expect_want("10.45.0.0/16", CLOS_RT_KERNEL, FS_WHY_ROUTE_TYPE);
	expect_want("10.0.1.1/32", CLOS_RT_LOCAL, FS_WHY_NONE);
	expect_want("2001:db8:1::/128", CLOS_RT_LOCAL, FS_WHY_NONE);
	cr_assert_null(fsx_table_route(x, "10.0.1.255/32"), "broadcast is not synced");
	cr_assert_null(fsx_table_route(x, "224.0.0.0/4"), "multicast is not synced");
	cr_assert_eq(fsx_table_routes(x), 5);
}

Test(fibsync, other_tables_and_tos_routes_are_not_synced)
{
	struct fs_route_msg r = {
		.family = AF_INET, .plen = 16, .dst = { 10, 9 }, .table = 100,
		.type = RTN_UNICAST, .n = 1, .p = { { .oif = IF1 } },
	};

	cr_assert_eq(fs_model_route(&x->m, &r), 0);
	r.table = RT_TABLE_MAIN;
	r.tos = 0x10;
	cr_assert_eq(fs_model_route(&x->m, &r), 0);
	fsx_sync(x);
	cr_assert_eq(fsx_table_routes(x), 0);
	cr_assert_eq(x->m.ignored, 2);
}

/* --- multipath ------------------------------------------------------------- */

Test(fibsync, multipath_becomes_a_modulo_group)
{
	static const __u32 ports[] = { 0, 1, 2 };
	const struct clos_route *r;

	fsx_neigh(x, "10.0.1.2", IF1, 1, NUD_REACHABLE);
	fsx_neigh(x, "10.0.2.2", IF2, 2, NUD_REACHABLE);
	fsx_neigh(x, "10.0.3.2", IF3, 3, NUD_REACHABLE);
	fsx_route(x, "10.9.0.0/16", "10.0.1.2@2,10.0.2.2@3,10.0.3.2@4");
	fsx_sync(x);
	expect_want("10.9.0.0/16", CLOS_RT_ECMP, FS_WHY_NONE);
	r = table("10.9.0.0/16");
	expect_group(r->id, CLOS_ECMP_MODULO, 3, ports);
	/* Nexthops, then the group, then the route. */
	cr_assert_lt(fsx_logged(x, "nh+ "), fsx_logged(x, "grp+ "));
	cr_assert_lt(fsx_logged(x, "grp+ "), fsx_logged(x, "rt+ 10.9.0.0/16"));
}

Test(fibsync, unresolved_members_are_left_out)
{
	const struct clos_route *r;

	fsx_neigh(x, "10.0.1.2", IF1, 1, NUD_REACHABLE);
	fsx_route(x, "10.9.0.0/16", "10.0.1.2@2,10.0.2.2@3");
	fsx_sync(x);
	/* One member resolved: that nexthop alone, no group. */
	expect_want("10.9.0.0/16", CLOS_RT_NEXTHOP, FS_WHY_NONE);
	expect_nh(table("10.9.0.0/16")->id, 0, 1);

	fsx_neigh(x, "10.0.2.2", IF2, 2, NUD_REACHABLE);
	fsx_sync(x);
	r = table("10.9.0.0/16");
	cr_assert_eq(r->action, CLOS_RT_ECMP);
	cr_assert_eq(x->group_n[r->id], 2);
}

Test(fibsync, two_gateways_of_one_neighbour_are_one_member)
{
	fsx_neigh(x, "10.0.1.2", IF1, 1, NUD_REACHABLE);
	fsx_neigh(x, "10.0.1.3", IF1, 1, NUD_REACHABLE);
	fsx_route(x, "10.9.0.0/16", "10.0.1.2@2,10.0.1.3@2");
	fsx_sync(x);
	expect_want("10.9.0.0/16", CLOS_RT_NEXTHOP, FS_WHY_NONE);
}

Test(fibsync, more_members_than_a_group_holds_punt)
{
	char gws[1024] = "", gw[32];
	int i, off = 0;

	for (i = 0; i < CLOS_MAX_MEMBERS + 1; i++) {
		snprintf(gw, sizeof(gw), "10.0.1.%d", 10 + i);
		fsx_neigh(x, gw, IF1, 10 + i, NUD_REACHABLE);
		off += snprintf(gws + off, sizeof(gws) - off, "%s%s@2", i ? "," : "", gw);
		if (i == CLOS_MAX_MEMBERS - 1)
			fsx_route(x, "10.16.0.0/16", gws);
	}
	fsx_route(x, "10.17.0.0/16", gws);
	fsx_sync(x);
	expect_want("10.16.0.0/16", CLOS_RT_ECMP, FS_WHY_NONE);
	cr_assert_eq(x->group_n[table("10.16.0.0/16")->id], CLOS_MAX_MEMBERS);
	expect_want("10.17.0.0/16", CLOS_RT_KERNEL, FS_WHY_TOO_MANY);
	cr_assert_eq(table("10.17.0.0/16")->action, CLOS_RT_KERNEL);
}

Test(fibsync, unequal_weights_punt)
{
	fsx_neigh(x, "10.0.1.2", IF1, 1, NUD_REACHABLE);
	fsx_neigh(x, "10.0.2.2", IF2, 2, NUD_REACHABLE);
	fsx_route(x, "10.9.0.0/16", "10.0.1.2@2*1,10.0.2.2@3*3");
	fsx_route(x, "10.10.0.0/16", "10.0.1.2@2*2,10.0.2.2@3*2");
	fsx_sync(x);
	expect_want("10.9.0.0/16", CLOS_RT_KERNEL, FS_WHY_WEIGHTED);
	expect_want("10.10.0.0/16", CLOS_RT_ECMP, FS_WHY_NONE);
}

/* --- nexthop objects ------------------------------------------------------------ */

Test(fibsync, nexthop_objects_single_group_and_resilient)
{
	static const __u32 ports[] = { 0, 1 };
	const struct clos_route *mp, *res;

	fsx_neigh(x, "10.0.1.2", IF1, 1, NUD_REACHABLE);
	fsx_neigh(x, "10.0.2.2", IF2, 2, NUD_REACHABLE);
	fsx_nh(x, 1, "10.0.1.2", IF1);
	fsx_nh(x, 2, "10.0.2.2", IF2);
	fsx_nh_group(x, 10, "1,2", false);
	fsx_nh_group(x, 11, "1,2", true);
	fsx_route_nhid(x, "10.19.0.0/16", 1);
	fsx_route_nhid(x, "10.20.0.0/16", 10);
	fsx_route_nhid(x, "10.21.0.0/16", 11);
	fsx_sync(x);
	expect_want("10.19.0.0/16", CLOS_RT_NEXTHOP, FS_WHY_NONE);
	expect_nh(table("10.19.0.0/16")->id, 0, 1);
	mp = table("10.20.0.0/16");
	res = table("10.21.0.0/16");
	cr_assert_eq(mp->action, CLOS_RT_ECMP);
	cr_assert_eq(res->action, CLOS_RT_ECMP);
	expect_group(mp->id, CLOS_ECMP_MODULO, 2, ports);
	expect_group(res->id, CLOS_ECMP_RESILIENT, 2, ports);
	cr_assert_neq(mp->id, res->id, "kinds differ: two groups");
}

Test(fibsync, a_blackhole_object_drops_an_unknown_object_punts)
{
	struct fs_nh_msg bh = { .id = 5, .blackhole = true };

	cr_assert_eq(fs_model_nexthop(&x->m, &bh), 0);
	fsx_route_nhid(x, "10.30.0.0/16", 5);
	fsx_route_nhid(x, "10.31.0.0/16", 77);
	fsx_sync(x);
	expect_want("10.30.0.0/16", CLOS_RT_DROP, FS_WHY_NONE);
	expect_want("10.31.0.0/16", CLOS_RT_KERNEL, FS_WHY_NO_NHOBJ);
	/* The object arrives after the route (a dump's order): it resolves. */
	fsx_neigh(x, "10.0.1.2", IF1, 1, NUD_REACHABLE);
	fsx_nh(x, 77, "10.0.1.2", IF1);
	fsx_sync(x);
	expect_want("10.31.0.0/16", CLOS_RT_NEXTHOP, FS_WHY_NONE);
}

Test(fibsync, a_group_object_changed_in_place_keeps_its_clos_group)
{
	const struct clos_route *r;
	__u32 gid;

	three_nexthop_objects();
	fsx_nh_group(x, 11, "1,2,3", true);
	fsx_route_nhid(x, "10.21.0.0/16", 11);
	fsx_route_nhid(x, "10.22.0.0/16", 11);
	fsx_sync(x);
	gid = table("10.21.0.0/16")->id;

	/* A member leaves the kernel's group: the same clos group, rewritten;
	 * its routes are not touched (a resilient group moves only the
	 * flows of the member that left). */
	fsx_nh_group(x, 11, "1,3", true);
	fsx_sync(x);
	r = table("10.21.0.0/16");
	cr_assert_eq(r->id, gid);
	cr_assert_eq(x->group_n[gid], 2);
	cr_assert_eq(fsx_logged_count(x, "grp+ "), 1);
	cr_assert_eq(fsx_logged_count(x, "rt+ "), 0, "routes rewritten");
	/* Its nexthop stays: 10.0.2.2's host route goes by it. */
	cr_assert_eq(fsx_logged(x, "nh- "), -1);
	cr_assert_eq(table("10.0.2.2/32")->action, CLOS_RT_NEXTHOP);
}

Test(fibsync, routes_moving_to_a_new_set_get_a_group_laid_out_like_their_old)
{
	__u32 g1, g2;

	three_nexthop_objects();
	fsx_nh_group(x, 11, "1,2,3", true);
	fsx_nh_group(x, 12, "1,2", true);
	fsx_route_nhid(x, "10.21.0.0/16", 11);
	fsx_route_nhid(x, "10.22.0.0/16", 11);
	fsx_sync(x);
	g1 = table("10.21.0.0/16")->id;

	/* zebra's way: a new object, routes moved to it one by one. */
	fsx_route_nhid(x, "10.21.0.0/16", 12);
	fsx_sync(x);
	g2 = table("10.21.0.0/16")->id;
	cr_assert_neq(g2, g1, "group 1 still has 10.22.0.0/16");
	cr_assert_eq(x->group_like[g2], g1, "the new group is not laid out like the old");
	fsx_route_nhid(x, "10.22.0.0/16", 12);
	fsx_sync(x);
	cr_assert_eq(table("10.22.0.0/16")->id, g2, "one group for one set");
	cr_assert(!x->group_on[g1], "the old group stayed");
}

/* --- sharing -------------------------------------------------------------------- */

Test(fibsync, prefixes_with_one_nexthop_set_share_one_group)
{
	char pfx[32];
	int i, used;

	fsx_neigh(x, "10.0.1.2", IF1, 1, NUD_REACHABLE);
	fsx_neigh(x, "10.0.2.2", IF2, 2, NUD_REACHABLE);
	fsx_neigh(x, "2001:db8:1::2", IF1, 1, NUD_REACHABLE);
	fsx_neigh(x, "2001:db8:2::2", IF2, 2, NUD_REACHABLE);
	for (i = 0; i < 1000; i++) {
		snprintf(pfx, sizeof(pfx), "10.%d.%d.0/24", 100 + i / 256, i % 256);
		fsx_route(x, pfx, "10.0.1.2@2,10.0.2.2@3");
	}
	/* IPv6 over the same neighbours: the same two nexthops, one group. */
	fsx_route(x, "2001:db8:9::/64", "2001:db8:1::2@2,2001:db8:2::2@3");
	fsx_sync(x);
	cr_assert_eq(x->ids.groups_used, 1);
	/* Two nexthops: shared by the group, v4, v6 and the host routes. */
	cr_assert_eq(x->ids.nh_used, 2);
	cr_assert_eq(fsx_logged_count(x, "grp+ "), 1);
	cr_assert_eq(table("2001:db8:9::/64")->id, table("10.100.0.0/24")->id);
	used = x->ids.g[table("10.100.0.0/24")->id - CLOS_FIBSYNC_GROUP_FIRST].refs;
	cr_assert_eq(used, 2, "the group's users: the v4 and the v6 set");

	for (i = 0; i < 1000; i++) {
		snprintf(pfx, sizeof(pfx), "10.%d.%d.0/24", 100 + i / 256, i % 256);
		fsx_route_del(x, pfx, "10.0.1.2@2,10.0.2.2@3");
	}
	fsx_sync(x);
	cr_assert_eq(x->ids.groups_used, 1, "the v6 route still uses it");
	fsx_route_del(x, "2001:db8:9::/64", "");
	fsx_sync(x);
	cr_assert_eq(x->ids.groups_used, 0);
	cr_assert_eq(fsx_logged_count(x, "grp- "), 1);
	cr_assert_eq(x->ids.nh_used, 2, "the host routes keep the nexthops");
}

Test(fibsync, group_ids_run_out_and_punt)
{
	char gw[32], pfx[32], paths[64];
	int i, sets = CLOS_FIBSYNC_GROUP_COUNT + 2;

	/* Each set: neighbour i and neighbour i + 1 (i + 1 on port 1). */
	for (i = 0; i <= sets; i++) {
		snprintf(gw, sizeof(gw), "10.0.%d.%d", i % 2 ? 2 : 1, 10 + i);
		fsx_neigh(x, gw, i % 2 ? IF2 : IF1, i, NUD_REACHABLE);
	}
	for (i = 0; i < sets; i++) {
		snprintf(pfx, sizeof(pfx), "10.%d.0.0/16", 100 + i);
		snprintf(paths, sizeof(paths), "10.0.%d.%d@%d,10.0.%d.%d@%d",
			 i % 2 ? 2 : 1, 10 + i, i % 2 ? IF2 : IF1,
			 (i + 1) % 2 ? 2 : 1, 11 + i, (i + 1) % 2 ? IF2 : IF1);
		fsx_route(x, pfx, paths);
	}
	fsx_sync(x);
	cr_assert_eq(x->ids.groups_used, CLOS_FIBSYNC_GROUP_COUNT);
	cr_assert_eq(fsx_logged_count(x, "grp+ "), CLOS_FIBSYNC_GROUP_COUNT);
	for (i = 0, sets = 0; i < CLOS_FIBSYNC_GROUP_COUNT + 2; i++) {
		snprintf(pfx, sizeof(pfx), "10.%d.0.0/16", 100 + i);
		if (fsx_prefix(x, pfx)->reason == FS_WHY_GROUPS_FULL) {
			sets++;
			cr_assert_eq(table(pfx)->action, CLOS_RT_KERNEL);
		}
	}
	cr_assert_eq(sets, 2, "routes punted for want of a group id");
}

/* --- host routes ------------------------------------------------------------------ */

Test(fibsync, resolved_neighbours_get_host_routes)
{
	fsx_route(x, "10.0.1.0/24", "@2");
	fsx_neigh(x, "10.0.1.2", IF1, 1, NUD_REACHABLE);
	fsx_neigh(x, "2001:db8:1::2", IF1, 1, NUD_STALE);
	fsx_neigh(x, "fe80::2", IF1, 1, NUD_REACHABLE);
	fsx_neigh(x, "10.0.1.3", IF1, 3, NUD_INCOMPLETE);
	fsx_neigh(x, "10.99.0.2", FSX_NOT_PORT, 4, NUD_REACHABLE);
	fsx_sync(x);
	expect_want("10.0.1.2/32", CLOS_RT_NEXTHOP, FS_WHY_NONE);
	expect_want("2001:db8:1::2/128", CLOS_RT_NEXTHOP, FS_WHY_NONE);
	cr_assert_eq(table("10.0.1.2/32")->id, table("2001:db8:1::2/128")->id,
		     "one neighbour, one nexthop");
	cr_assert_null(fsx_table_route(x, "fe80::2/128"), "link-local is per link");
	cr_assert_null(fsx_table_route(x, "10.0.1.3/32"), "unresolved");
	cr_assert_null(fsx_table_route(x, "10.99.0.2/32"), "not on a clos port");
	cr_assert_eq(fsx_prefix(x, "10.0.1.2/32")->src, FS_SRC_NEIGH);

	fsx_neigh_del(x, "10.0.1.2", IF1);
	fsx_neigh(x, "2001:db8:1::2", IF1, 1, NUD_FAILED);
	fsx_sync(x);
	cr_assert_null(fsx_table_route(x, "10.0.1.2/32"), "removed with its neighbour");
	cr_assert_null(fsx_table_route(x, "2001:db8:1::2/128"));
	cr_assert_eq(fsx_table_routes(x), 1);
	cr_assert_eq(x->ids.nh_used, 0);
}

Test(fibsync, which_route_of_a_prefix_wins)
{
	fsx_neigh(x, "10.0.1.2", IF1, 1, NUD_REACHABLE);
	fsx_neigh(x, "10.0.2.2", IF2, 2, NUD_REACHABLE);
	/* A kernel route to the neighbour's own /32 beats its host route. */
	fsx_route(x, "10.0.1.2/32", "10.0.2.2@3");
	/* Lower metric wins; its removal falls back to the next. */
	fsx_route_metric(x, "10.8.0.0/16", "10.0.1.2@2", 20);
	fsx_route_metric(x, "10.8.0.0/16", "10.0.2.2@3", 10);
	fsx_sync(x);
	expect_nh(table("10.0.1.2/32")->id, 1, 2);
	cr_assert_eq(fsx_prefix(x, "10.0.1.2/32")->src, FS_SRC_ROUTE);
	expect_nh(table("10.8.0.0/16")->id, 1, 2);

	fsx_route_del_metric(x, "10.8.0.0/16", 10);
	fsx_route_del(x, "10.0.1.2/32", "10.0.2.2@3");
	fsx_sync(x);
	expect_nh(table("10.8.0.0/16")->id, 0, 1);
	expect_nh(table("10.0.1.2/32")->id, 0, 1);
	cr_assert_eq(fsx_prefix(x, "10.0.1.2/32")->src, FS_SRC_NEIGH);

	/* The switch's own address: local, whatever else says. */
	fsx_route_type(x, "10.0.1.2/32", RT_TABLE_LOCAL, RTN_LOCAL);
	fsx_sync(x);
	cr_assert_eq(table("10.0.1.2/32")->action, CLOS_RT_LOCAL);
}

/* --- the kernel's IPv6 ways ------------------------------------------------------- */

Test(fibsync, ipv6_siblings_come_and_go_one_by_one)
{
	const struct clos_route *r;

	fsx_neigh(x, "2001:db8:1::2", IF1, 1, NUD_REACHABLE);
	fsx_neigh(x, "2001:db8:2::2", IF2, 2, NUD_REACHABLE);
	fsx_route6_append(x, "2001:db8:9::/64", "2001:db8:1::2@2");
	fsx_route6_append(x, "2001:db8:9::/64", "2001:db8:2::2@3");
	fsx_sync(x);
	r = table("2001:db8:9::/64");
	cr_assert_eq(r->action, CLOS_RT_ECMP, "siblings added one by one");
	cr_assert_eq(x->group_n[r->id], 2);

	/* ip -6 route del ... via one sibling: the other stays. */
	fsx_route_del(x, "2001:db8:9::/64", "2001:db8:1::2@2");
	fsx_sync(x);
	expect_nh(table("2001:db8:9::/64")->id, 1, 2);
	fsx_route_del(x, "2001:db8:9::/64", "2001:db8:2::2@3");
	fsx_sync(x);
	cr_assert_null(fsx_table_route(x, "2001:db8:9::/64"));
}

Test(fibsync, an_ipv4_route_announced_again_by_a_dump_changes_nothing)
{
	struct fs_route_msg r = {
		.family = AF_INET, .plen = 16, .dst = { 10, 8 }, .table = RT_TABLE_MAIN,
		.type = RTN_UNICAST, .proto = RTPROT_STATIC, .n = 1,
		.p = { { .oif = IF1, .weight = 1, .gw = { AF_INET, { 10, 0, 1, 2 } } } },
	};

	fsx_neigh(x, "10.0.1.2", IF1, 1, NUD_REACHABLE);
	cr_assert_eq(fs_model_route(&x->m, &r), 0);
	cr_assert_eq(fs_model_route(&x->m, &r), 0);
	fsx_sync(x);
	cr_assert_not(fsx_prefix(x, "10.8.0.0/16")->routes->aliased);
	/* ip route prepend: a new route in front, the old one behind it;
	 * deleting the front one leaves what is behind unknown: resync. */
	r.p[0].gw.a[3] = 3;
	cr_assert_eq(fs_model_route(&x->m, &r), 0);
	cr_assert(fsx_prefix(x, "10.8.0.0/16")->routes->aliased);
	r.del = true;
	cr_assert_eq(fs_model_route(&x->m, &r), 0);
	cr_assert(x->m.resync, "no resync asked for");
}

/* --- what the kernel does not announce ---------------------------------------------- */

static void link(__u32 ifindex, __u32 flags)
{
	struct fs_link_msg l = { .ifindex = ifindex, .flags = flags };

	cr_assert_eq(fs_model_link(&x->m, &l), 0);
}

Test(fibsync, link_changes_the_kernel_keeps_quiet_about_ask_for_a_resync)
{
	const __u32 up = IFF_UP | IFF_RUNNING | IFF_LOWER_UP;

	link(IF1, up);
	link(IF2, up);
	cr_assert_not(x->m.resync, "a new link");
	/* Carrier loss without nexthop objects on the device: routes stay. */
	link(IF2, IFF_UP);
	cr_assert_not(x->m.resync);
	link(IF2, up);
	/* With one: the kernel flushes it and the routes on it, unsaid. */
	fsx_nh(x, 1, "10.0.1.2", IF1);
	link(IF1, IFF_UP);
	cr_assert(x->m.resync, "carrier loss under a nexthop object");
	x->m.resync = false;
	/* Admin down or up: routes flushed, connected routes back. */
	link(IF2, up & ~IFF_UP);
	cr_assert(x->m.resync, "admin down");
}
