// SPDX-License-Identifier: GPL-2.0
/*
 * The ABI between the BPF objects and user space: every map that
 * lib/switch.h names exists in each object (fast, queue, pipeline test)
 * with the type, key, value and size include/clos/abi.h says; the
 * skeletons load and pin nothing; the model's state carries its spin lock;
 * the stat names match the enum and the punt range the pipeline uses.
 */
#include <errno.h>
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
	[CLOS_MAP_PORT_BY_IFINDEX] = { BPF_MAP_TYPE_ARRAY, 4, 4, CLOS_MAX_IFINDEX },
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
	[CLOS_MAP_PCP_TC] = { BPF_MAP_TYPE_ARRAY, 4, sizeof(struct clos_tc_val),
			      CLOS_NUM_PCP },
	[CLOS_MAP_DSCP_TC] = { BPF_MAP_TYPE_ARRAY, 4, sizeof(struct clos_tc_val),
			       CLOS_NUM_DSCP },
	[CLOS_MAP_TC_PCP] = { BPF_MAP_TYPE_ARRAY, 4, sizeof(struct clos_tc_val),
			      CLOS_NUM_TC },
	[CLOS_MAP_TC_SCHED] = { BPF_MAP_TYPE_ARRAY, 4,
				sizeof(struct clos_tc_sched), CLOS_NUM_TC },
	[CLOS_MAP_TM_PROFILE] = { BPF_MAP_TYPE_ARRAY, 4,
				  sizeof(struct clos_tm_profile), CLOS_TM_KEYS },
	[CLOS_MAP_TM_STATE] = { BPF_MAP_TYPE_ARRAY, 4,
				sizeof(struct clos_tm_port), CLOS_MAX_PORTS },
	[CLOS_MAP_TM_STATS] = { BPF_MAP_TYPE_PERCPU_ARRAY, 4,
				sizeof(struct clos_tm_stats), CLOS_TM_KEYS },
	[CLOS_MAP_PUNT_POLICE] = { BPF_MAP_TYPE_ARRAY, 4,
				   sizeof(struct clos_punt_police), CLOS_MAX_PORTS },
};

/* Sizes user space relies on beyond the _Static_asserts of the header. */
Test(abi, qos_layouts)
{
	cr_assert_eq(sizeof(struct clos_port), 40);
	cr_assert_eq(offsetof(struct clos_port, trust), 14);
	cr_assert_eq(offsetof(struct clos_port, rate_bps), 32);
	cr_assert_eq(sizeof(struct clos_tc_val), 4);
	cr_assert_eq(sizeof(struct clos_tc_sched), 4);
	cr_assert_eq(sizeof(struct clos_tm_profile), 20);
	cr_assert_eq(sizeof(struct clos_tm_port), 144);
	cr_assert_eq(offsetof(struct clos_tm_port, last_ns), 8,
		     "the lock and its pad come first");
	cr_assert_eq(offsetof(struct clos_tm_port, backlog), 16);
	cr_assert_eq(offsetof(struct clos_tm_port, max_backlog), 80);
	cr_assert_eq(sizeof(struct clos_tm_stats), 32);
	cr_assert_eq(CLOS_TM_KEYS, CLOS_MAX_PORTS * CLOS_NUM_TC);
	cr_assert_eq(CLOS_NUM_TC & (CLOS_NUM_TC - 1), 0,
		     "qos.h masks classes with CLOS_NUM_TC - 1");
	cr_assert_eq(CLOS_MAX_PORTS & (CLOS_MAX_PORTS - 1), 0,
		     "qos.h masks port ids with CLOS_MAX_PORTS - 1");
	cr_assert_eq(CLOS_PMAX_ONE & (CLOS_PMAX_ONE - 1), 0,
		     "qos.h draws rnd with a CLOS_PMAX_ONE - 1 mask");
	cr_assert_str_eq(clos_stat_names[CLOS_STAT_DROP_QUEUE], "drop_queue_full");
}

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

/* Queue mode: the TC ingress and egress programs, over the same tables. */
Test(abi, queue_object_maps, .fini = fx_teardown)
{
	struct fx *fx = fx_setup(FX_QUEUE);
	struct clos_tm_port st;
	struct bpf_program *p;
	__u32 key = 0;
	int progs = 0;

	expect_maps(fx, "clos_queue");
	bpf_object__for_each_program(p, fx->obj) {
		const char *name = bpf_program__name(p);

		cr_assert_eq(bpf_program__type(p), BPF_PROG_TYPE_SCHED_CLS,
			     "%s is not a TC program", name);
		cr_assert_geq(bpf_program__fd(p), 0, "%s not loaded", name);
		cr_assert(!strcmp(name, "clos_ingress_tc") ||
			  !strcmp(name, "clos_egress_tc"), "unexpected program %s",
			  name);
		progs++;
	}
	cr_assert_eq(progs, 2, "TC ingress and egress");
	cr_assert_geq(fx->prog_fd, 0);
	cr_assert_geq(fx->egress_fd, 0);
	/* BPF_F_LOCK is refused unless the value has a bpf_spin_lock. */
	cr_assert_eq(bpf_map_lookup_elem_flags(fx->sw.fd[CLOS_MAP_TM_STATE], &key,
					       &st, BPF_F_LOCK), 0,
		     "tm_state has no spin lock: %s", strerror(errno));
}

/* The test-only pipeline program must run against the same tables. */
Test(abi, pipeline_test_object_maps, .fini = fx_teardown)
{
	expect_maps(fx_setup(FX_PIPELINE), "pipeline_test");
}

Test(abi, tc_test_object_maps, .fini = fx_teardown)
{
	struct fx *fx = fx_setup(FX_TC_TEST);

	expect_maps(fx, "tc_test");
	cr_assert_geq(fx->prog_fd, 0);
	cr_assert_geq(fx->egress_fd, 0);
	cr_assert_eq(*fx->tc_hw_tci, -1, "no tag beside the data unless asked");
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
