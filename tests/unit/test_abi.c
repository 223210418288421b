// SPDX-License-Identifier: GPL-2.0
/*
 * The ABI between the BPF objects and user space: every map that
 * lib/switch.h names exists in each object (fast, queue, pipeline test)
 * with the type, key, value and size include/clos/abi.h says, as
 * clos_map_specs (which every pin is checked against) holds them; the
 * skeletons load and pin nothing; the model's state carries its spin lock;
 * the stat names match the enum and the punt range the pipeline uses.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <criterion/criterion.h>
#include "err.h"
#include "fixture.h"

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
	cr_assert_eq(offsetof(struct clos_tm_port, races), 0);
	cr_assert_eq(offsetof(struct clos_tm_port, last_ns), 8);
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
		const struct clos_map_spec *abi = &clos_map_specs[i];
		const char *name = clos_map_obj_name(i);
		struct bpf_map *m = bpf_object__find_map_by_name(fx->obj, name);
		struct bpf_map_info info = {};
		__u32 len = sizeof(info);

		cr_assert_not_null(m, "%s: no map %s", obj, name);
		cr_assert_neq(abi->type, BPF_MAP_TYPE_UNSPEC,
			      "map %s has no entry in clos_map_specs", name);
		cr_assert_eq(bpf_map__type(m), abi->type, "%s: %s type", obj, name);
		cr_assert_eq(bpf_map__key_size(m), abi->key_size, "%s: %s key", obj, name);
		cr_assert_eq(bpf_map__value_size(m), abi->value_size,
			     "%s: %s value size %u, ABI %u", obj, name,
			     bpf_map__value_size(m), abi->value_size);
		cr_assert_eq(bpf_map__max_entries(m), abi->max_entries,
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
	/* One pass: the one XDP program, no devmap egress program. */
	bpf_object__for_each_program(p, fx->obj) {
		cr_assert_eq(bpf_program__type(p), BPF_PROG_TYPE_XDP);
		cr_assert_neq(bpf_program__expected_attach_type(p), BPF_XDP_DEVMAP,
			      "%s is a devmap program", bpf_program__name(p));
		cr_assert_str_eq(bpf_program__name(p), "clos_ingress_xdp");
		cr_assert_geq(bpf_program__fd(p), 0, "%s not loaded",
			      bpf_program__name(p));
		progs++;
	}
	cr_assert_eq(progs, 1, "the one-pass XDP program");
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
	/* The model takes no lock (tm_model.h); BPF_F_LOCK is refused
	 * unless the value has a bpf_spin_lock. */
	cr_assert_lt(bpf_map_lookup_elem_flags(fx->sw.fd[CLOS_MAP_TM_STATE], &key,
					       &st, BPF_F_LOCK), 0,
		     "tm_state has a spin lock");
	cr_assert_eq(errno, EINVAL);
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

/* A pin is taken for a switch's map only when it is the map clos_map_specs
 * says: each map made to spec passes, and each one with one thing off (a
 * foreign or stale pin) is refused, naming the map and what it is. */
Test(abi, pinned_maps_checked)
{
	static const struct {
		const char *what;
		__u32 dkey, dvalue, dmax, type;
	} off[] = {
		{ "key size", 4, 0, 0, 0 },
		{ "value size", 0, 8, 0, 0 },
		{ "max entries", 0, 0, 1, 0 },
		{ "type", 0, 0, 0, BPF_MAP_TYPE_HASH },
	};
	LIBBPF_OPTS(bpf_map_create_opts, opts);
	struct clos_err err;
	unsigned int i, k, checked, total = 0;
	char want[256];
	int fd;

	for (i = 0; i < CLOS_MAP_MAX; i++) {
		const struct clos_map_spec *s = &clos_map_specs[i];

		opts.map_flags = s->type == BPF_MAP_TYPE_LPM_TRIE ? BPF_F_NO_PREALLOC : 0;
		fd = bpf_map_create(s->type, clos_map_names[i], s->key_size,
				    s->value_size, s->max_entries, &opts);
		cr_assert_geq(fd, 0, "map %s: %s", clos_map_names[i], strerror(errno));
		cr_assert_eq(clos_map_check(fd, i, &err), 0, "%s", err.msg);
		close(fd);
		checked = 0;
		for (k = 0; k < sizeof(off) / sizeof(off[0]); k++) {
			__u32 type = off[k].type ? off[k].type : s->type;
			/* A ring buffer's size is a power of two. */
			__u32 max = s->type == BPF_MAP_TYPE_RINGBUF && off[k].dmax ?
				    2 * s->max_entries : s->max_entries + off[k].dmax;

			if (type == BPF_MAP_TYPE_HASH && s->type == BPF_MAP_TYPE_HASH)
				type = BPF_MAP_TYPE_ARRAY;
			opts.map_flags = type == BPF_MAP_TYPE_LPM_TRIE ||
					 type == BPF_MAP_TYPE_HASH ? BPF_F_NO_PREALLOC : 0;
			fd = bpf_map_create(type, clos_map_names[i], s->key_size + off[k].dkey,
					    s->value_size + off[k].dvalue,
					    max, &opts);
			/* The kernel has no such map (an array with 8-byte
			 * keys, a devmap with 16-byte values): none to pin. */
			if (fd < 0 && errno == EINVAL)
				continue;
			cr_assert_geq(fd, 0, "map %s, %s off: %s", clos_map_names[i],
				      off[k].what, strerror(errno));
			checked++;
			cr_assert_eq(clos_map_check(fd, i, &err), -EPROTO, "map %s, %s off",
				     clos_map_names[i], off[k].what);
			snprintf(want, sizeof(want), "map %s is pinned as %s, key size %u, value size %u, %u entries; this clos needs %s, key size %u, value size %u, %u entries",
				 clos_map_names[i], libbpf_bpf_map_type_str(type),
				 s->key_size + off[k].dkey, s->value_size + off[k].dvalue,
				 max, libbpf_bpf_map_type_str(s->type),
				 s->key_size, s->value_size, s->max_entries);
			cr_assert(strstr(err.msg, want), "got: %s\nwant: %s", err.msg, want);
			close(fd);
		}
		cr_assert_geq(checked, 1, "map %s: no wrong map made", clos_map_names[i]);
		total += checked;
	}
	/* A ring buffer has no key or value: only its size can be off. */
	cr_assert_geq(total, 3 * (CLOS_MAP_MAX - 1), "only %u wrong maps made", total);
}
