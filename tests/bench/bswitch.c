// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bench.h"
#include "bswitch.h"
#include "build.h"
#include "frames.h"
#include "ecmp.h"
#include "ecmp_store.h"
#include "port_cfg.h"
#include "portstate.h"
#include "table.h"
#include "pipeline_bench.skel.h"

#define MAX_WORDS	16

static int bsw_update(struct bsw *b, enum clos_map_id map, const void *key,
		      const void *val)
{
	if (bpf_map_update_elem(b->sw.fd[map], key, val, BPF_ANY)) {
		bench_err("bench switch: cannot write map %s: %s",
			  clos_map_names[map], strerror(errno));
		return -errno;
	}
	return 0;
}

/* The ports of bswitch.h, built as clos-loader builds a switch; frames
 * come in on the host port. */
static int bsw_build(struct bsw *b)
{
	struct clos_port ports[BSW_MAX_UPLINKS + 1];
	struct clos_switch_desc d = {
		.ports = ports,
		.num_ports = b->uplinks + 1,
		.seed = BSW_SEED,
		.role = CLOS_ROLE_LEAF,
		.mode = CLOS_MODE_FAST,
	};
	__u32 p, ifindex = BSW_IFINDEX;
	__u32 host_ref = CLOS_IFINDEX_PORT(BSW_HOST_PORT);
	struct clos_err cerr;
	int err;

	if (b->uplinks < 1 || b->uplinks > BSW_MAX_UPLINKS) {
		bench_err("bench switch: %d uplinks, want 1..%d", b->uplinks,
			  BSW_MAX_UPLINKS);
		return -EINVAL;
	}
	for (p = 0; p <= (__u32)b->uplinks; p++) {
		ports[p] = (struct clos_port){
			.ifindex = BSW_IFINDEX,
			.role = p == BSW_HOST_PORT ? CLOS_PORT_HOST : CLOS_PORT_FABRIC,
			.up = 1,
			.mac = BSW_PORT_MAC(p),
			.trust = CLOS_TRUST_PCP,
		};
		if (p == BSW_HOST_PORT)
			snprintf(ports[p].name, sizeof(ports[p].name), "host1");
		else
			snprintf(ports[p].name, sizeof(ports[p].name), "up%u", p);
	}
	err = clos_switch_build(&b->sw, &d, &cerr);
	if (err) {
		bench_err("bench switch: %s", cerr.msg);
		return err;
	}
	return bsw_update(b, CLOS_MAP_PORT_BY_IFINDEX, &ifindex, &host_ref);
}

int bsw_open(struct bsw *b, int uplinks, __u32 route_v4_max)
{
	struct clos_err cerr;
	char entry[64];
	int i, err;

	memset(b, 0, sizeof(*b));
	b->uplinks = uplinks;
	b->skel = pipeline_bench__open();
	if (!b->skel) {
		bench_err("bench switch: cannot open the pipeline: %s", strerror(errno));
		return -errno;
	}
	if (route_v4_max > CLOS_ROUTE_V4_MAX) {
		/* A bench-only load: production keeps CLOS_ROUTE_V4_MAX. */
		err = bpf_map__set_max_entries(b->skel->maps.route_v4, route_v4_max);
		if (err)
			goto fail;
	}
	err = pipeline_bench__load(b->skel);
	if (err) {
		bench_err("bench switch: cannot load the pipeline: %s (run as root)",
			  strerror(-err));
		goto fail_quiet;
	}
	b->prog_fd = bpf_program__fd(b->skel->progs.bench_pipeline);
	b->noqos_fd = bpf_program__fd(b->skel->progs.bench_pipeline_noqos);
	err = clos_switch_of_object(&b->sw, b->skel->obj, "bench", &cerr);
	if (err) {
		bench_err("bench switch: %s", cerr.msg);
		goto fail_quiet;
	}
	err = bsw_build(b);
	for (i = 1; !err && i <= uplinks; i++) {
		/* Neighbour MAC = port 0's: see bswitch.h. */
		snprintf(entry, sizeof(entry), "%d => fwd up%d 02:c1:be:00:00:00", i, i);
		err = bsw_table_add(b, "nexthop", entry);
	}
	if (err)
		goto fail_quiet;
	return 0;
fail:
	bench_err("bench switch: %s", strerror(-err));
fail_quiet:
	bsw_close(b);
	return err;
}

void bsw_close(struct bsw *b)
{
	pipeline_bench__destroy(b->skel);
	b->skel = NULL;
}

int bsw_table_add(struct bsw *b, const char *table, const char *entry)
{
	char copy[256], *argv[MAX_WORDS], *save, *tok;
	struct clos_err err = {};
	int argc = 0, ret;

	snprintf(copy, sizeof(copy), "%s", entry);
	for (tok = strtok_r(copy, " ", &save); tok && argc < MAX_WORDS;
	     tok = strtok_r(NULL, " ", &save))
		argv[argc++] = tok;
	ret = clos_table_add(&b->sw, table, argc, argv, &err);
	if (ret)
		bench_err("bench switch: table add %s %s: %s", table, entry, err.msg);
	return ret;
}

int bsw_group(struct bsw *b, __u32 gid, enum clos_ecmp_kind kind, int n)
{
	struct clos_ecmp_group g;
	__u32 nh[CLOS_MAX_MEMBERS];
	const char *why = "";
	int i, ret;

	for (i = 0; i < n; i++)
		nh[i] = i + 1;
	/* Built fresh, as `closctl group set` builds a new group: a trial
	 * must not inherit the bucket layout an earlier failure left. */
	ret = clos_ecmp_group_build(&g, NULL, kind, nh, n, &why);
	if (ret) {
		bench_err("bench switch: group %u: %s", gid, why);
		return ret;
	}
	ret = clos_ecmp_store_put(b->sw.fd[CLOS_MAP_ECMP_GROUPS], gid, &g);
	if (ret)
		bench_err("bench switch: group %u: %s", gid, strerror(-ret));
	return ret;
}

int bsw_port_rate(struct bsw *b, __u32 port, __u64 rate_bps)
{
	struct clos_port_change c = { CLOS_KEEP, CLOS_KEEP, CLOS_KEEP,
				      .set_rate = true, .rate_bps = rate_bps };
	struct clos_err err = {};
	int ret = clos_port_update(&b->sw, port, &c, &err);

	if (ret)
		bench_err("bench switch: port %u rate: %s", port, err.msg);
	return ret;
}

int bsw_port_state(struct bsw *b, __u32 port, bool up)
{
	struct clos_err err = {};
	int ret = clos_port_set_state(&b->sw, port, up, &err);

	if (ret < 0)
		bench_err("bench switch: port %u %s: %s", port, up ? "up" : "down", err.msg);
	return ret < 0 ? ret : 0;
}

int bsw_run(int prog_fd, const void *frame, size_t len, __u32 repeat,
	    void *out, __u32 *out_len, __u32 *retval, __u32 *duration_ns)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts,
		.data_in = frame,
		.data_size_in = len,
		.data_out = out,
		.data_size_out = out ? BENCH_FRAME_MAX : 0,
		.repeat = repeat);
	int err = bpf_prog_test_run_opts(prog_fd, &opts);

	if (err)
		return err;
	if (out_len)
		*out_len = opts.data_size_out;
	if (retval)
		*retval = opts.retval;
	if (duration_ns)
		*duration_ns = opts.duration;
	return 0;
}

__u64 bsw_stat(struct bsw *b, enum clos_stat stat)
{
	struct clos_counter c;

	if (clos_stat_get(&b->sw, stat, &c))
		return 0;
	return c.packets;
}

void bsw_pin_cpu(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(n > 0 ? n - 1 : 0, &set);
	sched_setaffinity(0, sizeof(set), &set);
}
