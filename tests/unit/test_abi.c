// SPDX-License-Identifier: GPL-2.0
/*
 * The ABI between the BPF objects and user space: every map that
 * lib/switch.h names exists in each object with the type, key, value and
 * size include/clos_abi.h says; the skeletons load and pin nothing; the
 * stat names match the enum and the punt range the pipeline uses.
 */
#include <stddef.h>
#include <string.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <criterion/criterion.h>
#include "fixture.h"

struct map_abi {
	enum bpf_map_type type;
	__u32 key, value, max;
};

static const struct map_abi abi[CLOS_MAP_MAX] = {
	[CLOS_MAP_PORTS] = { BPF_MAP_TYPE_ARRAY, 4, sizeof(struct clos_port),
			     CLOS_MAX_PORTS },
	[CLOS_MAP_PORT_BY_IFINDEX] = { BPF_MAP_TYPE_HASH, 4, 4, CLOS_MAX_PORTS },
	[CLOS_MAP_TX_PORTS] = { BPF_MAP_TYPE_DEVMAP, 4,
				sizeof(struct bpf_devmap_val), CLOS_MAX_PORTS },
	[CLOS_MAP_ROUTE_V4] = { BPF_MAP_TYPE_LPM_TRIE, sizeof(struct clos_lpm_v4),
				sizeof(struct clos_route), CLOS_ROUTE_V4_MAX },
	[CLOS_MAP_ROUTE_V6] = { BPF_MAP_TYPE_LPM_TRIE, sizeof(struct clos_lpm_v6),
				sizeof(struct clos_route), CLOS_ROUTE_V6_MAX },
	[CLOS_MAP_NEXTHOP] = { BPF_MAP_TYPE_ARRAY, 4, sizeof(struct clos_nexthop),
			       CLOS_MAX_NEXTHOPS },
	[CLOS_MAP_ECMP_GROUPS] = { BPF_MAP_TYPE_HASH, 4,
				   sizeof(struct clos_ecmp_group),
				   CLOS_MAX_GROUPS },
	[CLOS_MAP_SWITCH_CFG] = { BPF_MAP_TYPE_ARRAY, 4,
				  sizeof(struct clos_switch_cfg), 1 },
	[CLOS_MAP_PORT_STATS] = { BPF_MAP_TYPE_PERCPU_ARRAY, 4,
				  sizeof(struct clos_port_stats),
				  CLOS_MAX_PORTS },
	[CLOS_MAP_STATS] = { BPF_MAP_TYPE_PERCPU_ARRAY, 4,
			     sizeof(struct clos_counter), CLOS_STAT_MAX },
	[CLOS_MAP_ECMP_STATS] = { BPF_MAP_TYPE_PERCPU_ARRAY, 4,
				  sizeof(struct clos_counter),
				  CLOS_ECMP_STATS_MAX },
};

static void expect_maps(struct fx *fx, const char *obj)
{
	int i;

	for (i = 0; i < CLOS_MAP_MAX; i++) {
		const char *name = clos_map_names[i];
		struct bpf_map *m = bpf_object__find_map_by_name(fx->obj, name);
		struct bpf_map_info info = {};
		__u32 len = sizeof(info);

		cr_assert_not_null(m, "%s: no map %s", obj, name);
		cr_assert_eq(bpf_map__type(m), abi[i].type, "%s: %s type", obj, name);
		cr_assert_eq(bpf_map__key_size(m), abi[i].key, "%s: %s key", obj, name);
		cr_assert_eq(bpf_map__value_size(m), abi[i].value,
			     "%s: %s value size %u, ABI %u", obj, name,
			     bpf_map__value_size(m), abi[i].value);
		cr_assert_eq(bpf_map__max_entries(m), abi[i].max,
			     "%s: %s max entries", obj, name);
		/* Loaded, and not pinned: the loader pins, not the object. */
		cr_assert_null(bpf_map__pin_path(m), "%s: %s has a pin path", obj,
			       name);
		cr_assert_not(bpf_map__is_pinned(m), "%s: %s pinned", obj, name);
		cr_assert_eq(bpf_obj_get_info_by_fd(bpf_map__fd(m), &info, &len), 0);
		cr_assert_str_eq(info.name, name, "%s: kernel name %s", obj, info.name);
	}
}

Test(abi, production_object_maps, .fini = fx_teardown)
{
	struct fx *fx = fx_setup(FX_PROD);
	struct bpf_program *p;
	int progs = 0;

	expect_maps(fx, "clos_fast");
	bpf_object__for_each_program(p, fx->obj) {
		cr_assert_eq(bpf_program__type(p), BPF_PROG_TYPE_XDP);
		cr_assert_geq(bpf_program__fd(p), 0, "%s not loaded",
			      bpf_program__name(p));
		if (!strcmp(bpf_program__name(p), "clos_egress_xdp"))
			cr_assert_eq(bpf_program__expected_attach_type(p),
				     BPF_XDP_DEVMAP);
		progs++;
	}
	cr_assert_eq(progs, 2, "ingress and devmap egress");
}

/* The test-only pipeline program must run against the same tables. */
Test(abi, pipeline_test_object_maps, .fini = fx_teardown)
{
	expect_maps(fx_setup(FX_PIPELINE), "pipeline_test");
}

Test(abi, parser_test_object_loads, .fini = fx_teardown)
{
	struct fx *fx = fx_setup(FX_PARSER);

	cr_assert_geq(fx->prog_fd, 0);
	cr_assert_not_null(fx->view);
}

/* Names: one per enum value, unique, and the PUNT_* enum range that
 * clos_stat_is_punt() tests is exactly the punt_* names; everything else
 * that is not a side counter or "forwarded" is a drop_*. */
Test(abi, stat_names)
{
	int i, j;

	for (i = 0; i < CLOS_STAT_MAX; i++) {
		const char *n = clos_stat_names[i];
		bool in_punt_range = i >= CLOS_STAT_PUNT_LOCAL &&
				     i <= CLOS_STAT_PUNT_V6_HBH;

		cr_assert_not_null(n, "stat %d has no name", i);
		for (j = 0; j < i; j++)
			cr_assert_str_neq(n, clos_stat_names[j], "duplicate %s", n);
		cr_assert_eq(in_punt_range, !strncmp(n, "punt_", 5),
			     "%s is %s the punt range", n,
			     in_punt_range ? "in" : "outside");
		if (fx_stat_is_verdict(i) && i != CLOS_STAT_FWD)
			cr_assert(in_punt_range || !strncmp(n, "drop_", 5),
				  "verdict %s is neither punt_ nor drop_", n);
	}
	cr_assert_str_eq(clos_stat_names[CLOS_STAT_FWD], "forwarded");
	cr_assert_str_eq(clos_stat_names[CLOS_STAT_ROCE], "roce_v2");
	cr_assert_str_eq(clos_stat_names[CLOS_STAT_ROCE_CNP], "roce_cnp");
}

/* The hash input layouts are the wire order the ABI documents. */
Test(abi, flow_layout)
{
	cr_assert_eq(offsetof(struct clos_flow_v4, daddr), 4);
	cr_assert_eq(offsetof(struct clos_flow_v4, sport), 8);
	cr_assert_eq(offsetof(struct clos_flow_v4, dport), 10);
	cr_assert_eq(offsetof(struct clos_flow_v4, proto), 12);
	cr_assert_eq(offsetof(struct clos_flow_v6, daddr), 16);
	cr_assert_eq(offsetof(struct clos_flow_v6, sport), 32);
	cr_assert_eq(offsetof(struct clos_flow_v6, dport), 34);
	cr_assert_eq(offsetof(struct clos_flow_v6, proto), 36);
	cr_assert_eq(CLOS_MAX_MEMBERS & (CLOS_MAX_MEMBERS - 1), 0,
		     "route.h masks slots with CLOS_MAX_MEMBERS - 1");
}
