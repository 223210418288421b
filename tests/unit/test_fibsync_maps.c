// SPDX-License-Identifier: GPL-2.0
/*
 * The FIB sync's backend (fibsync/tables.c) on a real switch's maps (the
 * unit-test fixture, nothing pinned): nexthops, groups through
 * lib/table/group.c (a member on a port that is down joins inactive; a
 * new group laid out like another), routes, and reading it all back as
 * the reconciler's starting point, with the sync's entries told from a
 * closctl user's.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <criterion/criterion.h>
#include "ecmp.h"
#include "fibsync.h"
#include "fixture.h"
#include "group.h"
#include "table.h"
#include "tables.h"

TestSuite(fibsync_maps, .fini = fx_teardown);

static struct fs_prefix prefix4(const char *addr, __u8 plen)
{
	struct fs_prefix p = { .family = AF_INET, .plen = plen };

	cr_assert_eq(inet_pton(AF_INET, addr, p.addr), 1);
	return p;
}

static struct clos_route route_at(struct fx *fx, const char *addr, __u8 plen)
{
	struct clos_lpm_v4 key = { .prefixlen = plen };
	struct clos_route rt = { .action = 0xff };

	cr_assert_eq(inet_pton(AF_INET, addr, key.addr), 1);
	bpf_map_lookup_elem(fx->sw.fd[CLOS_MAP_ROUTE_V4], &key, &rt);
	return rt;
}

Test(fibsync_maps, the_backend_writes_the_tables_and_reads_them_back)
{
	struct fx *fx = fx_setup(FX_PROD);
	struct clos_nexthop nh1 = { .port = 1, .dmac = { 2, 0xee, 0, 0, 0, 0x21 }, .valid = 1 };
	struct clos_nexthop nh7 = { .port = FX_PORT_DOWN, .dmac = { 2, 0xee, 0, 0, 0, 0x27 }, .valid = 1 };
	struct fs_prefix p8 = prefix4("10.8.0.0", 16), p9 = prefix4("10.9.0.0", 16);
	struct clos_route ecmp = { .action = CLOS_RT_ECMP, .id = 130 };
	struct clos_route kern = { .action = CLOS_RT_KERNEL };
	const __u32 members[] = { 2048, 2049 }, swapped[] = { 2049, 2048 };
	struct clos_ecmp_group g, g2;
	struct fs_backend be = {};
	struct clos_err err;
	struct fs_model *m = calloc(1, sizeof(*m));
	struct fs_ids *ids = calloc(1, sizeof(*ids));
	struct fs_prefix *p;
	int s;

	cr_assert(m && ids);
	fs_tables_backend(&fx->sw, &be);
	cr_assert_eq(be.nh_write(be.ctx, 2048, &nh1, &err), 0, "%s", err.msg);
	cr_assert_eq(be.nh_write(be.ctx, 2049, &nh7, &err), 0, "%s", err.msg);
	cr_assert_eq(be.group_write(be.ctx, 130, CLOS_NH_NONE, CLOS_ECMP_RESILIENT,
				    members, 2, &err), 0, "%s", err.msg);
	cr_assert_eq(clos_group_get(&fx->sw, 130, &g), 0);
	cr_assert_eq(g.kind, CLOS_ECMP_RESILIENT);
	cr_assert_eq(g.num_active, 1, "the member on the port that is down is active");
	cr_assert_eq(clos_ecmp_slot_buckets(&g, 0), CLOS_ECMP_BUCKETS);
	cr_assert_eq(be.route_write(be.ctx, &p8, &ecmp, &err), 0, "%s", err.msg);
	cr_assert_eq(be.route_write(be.ctx, &p9, &kern, &err), 0, "%s", err.msg);
	cr_assert_eq(route_at(fx, "10.8.0.0", 16).action, CLOS_RT_ECMP);
	cr_assert_eq(route_at(fx, "10.8.0.0", 16).id, 130);
	cr_assert_eq(route_at(fx, "10.9.0.0", 16).action, CLOS_RT_KERNEL);
	/* A closctl user's route, to its own nexthop 1. */
	fx_route4(fx, "10.70.0.0", 16, CLOS_RT_NEXTHOP, 1);

	/* A new group laid out like 130: each member in its slot there. */
	cr_assert_eq(be.group_write(be.ctx, 131, 130, CLOS_ECMP_RESILIENT, swapped, 2,
				    &err), 0, "%s", err.msg);
	cr_assert_eq(clos_group_get(&fx->sw, 131, &g2), 0);
	for (s = 0; s < CLOS_MAX_MEMBERS; s++)
		cr_assert_eq(g2.nexthop[s], g.nexthop[s], "slot %d", s);
	cr_assert_arr_eq(g2.bucket, g.bucket, sizeof(g.bucket));

	/* Read back: what the reconciler starts from. */
	fs_model_init(m);
	fs_ids_init(ids);
	cr_assert_eq(fs_tables_read(&fx->sw, m, ids, &err), 0, "%s", err.msg);
	cr_assert(fs_ids_nh(ids, 2048)->have);
	cr_assert_eq(fs_ids_nh(ids, 2049)->have_nh.port, FX_PORT_DOWN);
	cr_assert_not(fs_ids_nh(ids, 2050)->have);
	cr_assert(fs_ids_group(ids, 130)->have);
	cr_assert_eq(fs_ids_group(ids, 130)->have_n, 2);
	cr_assert_eq(fs_ids_group(ids, 130)->have_member[0], 2048, "sorted");
	p = fs_model_prefix_get(m, AF_INET, 16, p8.addr);
	cr_assert_not_null(p);
	cr_assert(p->have.on && p->ours && p->dirty);
	cr_assert_eq(p->have.rt.id, 130);
	p = fs_model_prefix_get(m, AF_INET, 16, prefix4("10.70.0.0", 16).addr);
	cr_assert_not_null(p);
	cr_assert(p->have.on);
	cr_assert_not(p->ours, "a closctl user's route is not the sync's");

	/* Deletes. */
	cr_assert_eq(be.route_del(be.ctx, &p8, &err), 0, "%s", err.msg);
	cr_assert_eq(route_at(fx, "10.8.0.0", 16).action, 0xff);
	cr_assert_eq(be.route_del(be.ctx, &p8, &err), 0, "deleting again is no error");
	cr_assert_eq(be.group_del(be.ctx, 130, &err), 0, "%s", err.msg);
	cr_assert_neq(clos_group_get(&fx->sw, 130, &g), 0);
	cr_assert_eq(be.nh_clear(be.ctx, 2048, &err), 0, "%s", err.msg);
	cr_assert_not(clos_table_has_id(&fx->sw, "nexthop", 2048));

	fs_model_free(m);
	fs_ids_free(ids);
	free(m);
	free(ids);
}

Test(fibsync_maps, ports_by_ifindex)
{
	struct fx *fx = fx_setup(FX_PROD);
	struct fs_model *m = calloc(1, sizeof(*m));
	struct clos_port port;
	struct clos_err err;

	cr_assert_not_null(m);
	fs_model_init(m);
	/* Port 2 on an ifindex of its own (the fixture's ports are all lo). */
	fx_port_get(fx, 2, &port);
	port.ifindex = 42;
	fx_port_set(fx, 2, &port);
	cr_assert_eq(fs_tables_ports(&fx->sw, m, &err), 0, "%s", err.msg);
	cr_assert_eq(fs_model_port(m, 42), 2);
	cr_assert_eq(fs_model_port(m, 43), -1);
	cr_assert_eq(fs_model_port(m, CLOS_MAX_IFINDEX + 5), -1);
	fs_model_free(m);
	free(m);
}
