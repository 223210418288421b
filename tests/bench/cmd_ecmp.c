// SPDX-License-Identifier: GPL-2.0
/*
 * clos-bench ecmp: how evenly ECMP spreads flows, and how many flows a
 * member failure moves, for clos's resilient groups, clos's modulo groups
 * (the seed's hash % n) and the Linux kernel's hash-threshold multipath.
 *
 * The same flows (random RoCE-like 5-tuples: rack 1 hosts to rack 2 hosts,
 * random UDP source ports, port 4791) go through each:
 *   clos    the real pipeline (bench switch, 16 uplinks, route to group 1)
 *           by BPF_PROG_TEST_RUN, one run per flow; the member is the
 *           egress port, read off the frame's new source MAC. A member
 *           fails as a link down does: the link watcher's code
 *           (clos_port_set_state) marks its port down and rebuilds the
 *           group.
 *   kernel  `ip route get` in a namespace (ecmp_kernel.h).
 * For each group size, every member in turn fails from a fresh group;
 * "moved" is the share of the flows that were not on the failed member
 * and yet changed member. Spread is the busiest member's flows over the
 * mean (1 = perfect).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <bpf/bpf.h>
#include "bench.h"
#include "bswitch.h"
#include "ecmp_kernel.h"
#include "frames.h"
#include "hold.h"

#define ECMP_CMD	"ecmp"
#define ECMP_MAX_SIZES	4
#define ECMP_MAX_FLOWS	100000

enum ecmp_method { M_RESILIENT, M_MODULO, M_KERNEL, M_NUM };

static const char *const method_names[M_NUM] = {
	[M_RESILIENT] = "clos_resilient",
	[M_MODULO] = "clos_modulo",
	[M_KERNEL] = "kernel_hash_threshold",
};

struct ecmp_params {
	__u64 flows, seed;
	int sizes[ECMP_MAX_SIZES];
	int nsizes;
};

struct ecmp_ctx {
	const struct ecmp_params *o;
	struct bench_flow *flows;
	struct bsw bsw;
	struct bench_hold hold;
	struct kecmp kern;
	int *base, *after;
};

/* What one method did at one group size. */
struct ecmp_res {
	double spread_max, spread_min;	/* over the mean */
	double moved_mean, moved_max;	/* surviving flows that moved */
	double lost_mean;		/* failed member's flows not re-placed */
};

/* The options as given; cmd_ecmp() checks them. */
static struct {
	const char *flows, *sizes, *seed;
} given;

const struct cli_opt ecmp_opts[] = {
	CLI_OPT_STRING("flows", 0, "N", &given.flows,
		       "random UDP flows (100..100000, default 10000)"),
	CLI_OPT_STRING("sizes", 0, "N,...", &given.sizes,
		       "group sizes, up to 4 of 2..16 (default 2,4,8,16)"),
	CLI_OPT_STRING("seed", 0, "N", &given.seed,
		       "seed of the flows' addresses and ports (default 1)"),
	{}
};

const char ecmp_doc[] =
"\n"
"Spread --flows random UDP flows over groups of --sizes members and fail\n"
"each member in turn: clos resilient, clos modulo (through the real\n"
"pipeline) and the kernel's multipath (ip route get). Prints JSON: busiest\n"
"member over the mean, and the share of surviving flows that moved.\n";

static __u64 xorshift(__u64 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void make_flows(struct bench_flow *f, __u64 n, __u64 seed)
{
	__u64 s = seed ? seed : 1, i;

	for (i = 0; i < n; i++) {
		f[i].saddr = htonl(0x0a010100u | (1 + xorshift(&s) % 254));
		f[i].daddr = htonl(0x0a010200u | (1 + xorshift(&s) % 254));
		f[i].sport = 49152 + xorshift(&s) % 16384;
		f[i].dport = BENCH_ROCE_PORT;
	}
}

/* The uplink (1..16) each flow leaves by, through the real pipeline. */
static int clos_assign(struct ecmp_ctx *c, int *member)
{
	struct bench_frame_spec spec = {
		.dmac = BSW_PORT_MAC(BSW_HOST_PORT),
		.smac = { 0x02, 0xc1, 0xbe, 0xaa, 0x00, 0x01 },
		.tos = BENCH_DSCP_ROCE << 2 | BENCH_ECT0, .ttl = 64,
		.len = 128, .roce = true,
	};
	__u8 frame[BENCH_FRAME_MAX], out[BENCH_FRAME_MAX];
	__u32 olen, ret;
	__u64 i;
	int err;

	for (i = 0; i < c->o->flows; i++) {
		spec.saddr = c->flows[i].saddr;
		spec.daddr = c->flows[i].daddr;
		spec.sport = c->flows[i].sport;
		spec.dport = c->flows[i].dport;
		bench_frame_build(frame, &spec);
		err = bsw_run(c->bsw.prog_fd, frame, spec.len, 1, out, &olen, &ret, NULL);
		if (err || ret != XDP_REDIRECT) {
			bench_err("ecmp: flow %llu: test run %s, verdict %u",
				  (unsigned long long)i, strerror(-err), ret);
			return err ? err : -EIO;
		}
		/* Source MAC = the egress port's: 02:c1:be:00:00:pp. */
		member[i] = out[ETH_ALEN + 5];
	}
	return 0;
}

static void spread(const int *member, __u64 n, int size, struct ecmp_res *r)
{
	__u64 count[BENCH_ECMP_MAX_MEMBERS + 1] = {}, i, hi = 0, lo = ~0ull;
	double mean = (double)n / size;
	int m;

	for (i = 0; i < n; i++)
		if (member[i] >= 1 && member[i] <= BENCH_ECMP_MAX_MEMBERS)
			count[member[i]]++;
	for (m = 1; m <= size; m++) {
		hi = count[m] > hi ? count[m] : hi;
		lo = count[m] < lo ? count[m] : lo;
	}
	r->spread_max = hi / mean;
	r->spread_min = lo / mean;
}

/* Member `failed` of size failed: add to r the share of surviving flows
 * that moved and of the failed member's flows left on it (means over the
 * members, and the worst move). */
static void moved(const int *base, const int *after, __u64 n, int failed,
		  int size, struct ecmp_res *r)
{
	__u64 i, surv = 0, mv = 0, own = 0, lost = 0;
	double moved_frac;

	for (i = 0; i < n; i++) {
		if (base[i] == failed) {
			own++;
			lost += after[i] == failed;
			continue;
		}
		surv++;
		mv += after[i] != base[i];
	}
	moved_frac = surv ? (double)mv / surv : 0;
	r->moved_mean += moved_frac / size;
	r->moved_max = moved_frac > r->moved_max ? moved_frac : r->moved_max;
	r->lost_mean += (own ? (double)lost / own : 0) / size;
}

static int run_clos(struct ecmp_ctx *c, enum clos_ecmp_kind kind, int size,
		    struct ecmp_res *r)
{
	int m, err;

	memset(r, 0, sizeof(*r));
	err = bsw_group(&c->bsw, 1, kind, size);
	if (!err)
		err = clos_assign(c, c->base);
	if (err)
		return err;
	spread(c->base, c->o->flows, size, r);
	for (m = 1; m <= size; m++) {
		err = bsw_group(&c->bsw, 1, kind, size);
		if (!err)
			err = bsw_port_state(&c->bsw, m, false);
		if (!err)
			err = clos_assign(c, c->after);
		if (!err)
			err = bsw_port_state(&c->bsw, m, true);
		if (err)
			return err;
		moved(c->base, c->after, c->o->flows, m, size, r);
	}
	return 0;
}

static int run_kernel(struct ecmp_ctx *c, int size, struct ecmp_res *r)
{
	int m, err;

	memset(r, 0, sizeof(*r));
	err = kecmp_route(&c->kern, size);
	if (!err)
		err = kecmp_lookup(&c->kern, c->o->flows, c->base);
	if (err)
		return err;
	spread(c->base, c->o->flows, size, r);
	for (m = 1; m <= size; m++) {
		err = kecmp_link(&c->kern, m, 0);
		if (!err)
			err = kecmp_lookup(&c->kern, c->o->flows, c->after);
		if (!err)
			err = kecmp_link(&c->kern, m, 1);
		if (err)
			return err;
		moved(c->base, c->after, c->o->flows, m, size, r);
	}
	return 0;
}

static struct json_object *res_json(const struct ecmp_res *r)
{
	struct json_object *o = json_object_new_object();

	bench_jadd_double(o, "max_over_mean", r->spread_max);
	bench_jadd_double(o, "min_over_mean", r->spread_min);
	bench_jadd_double(o, "moved_mean", r->moved_mean);
	bench_jadd_double(o, "moved_max", r->moved_max);
	bench_jadd_double(o, "failed_flows_not_moved", r->lost_mean);
	return o;
}

static struct json_object *ecmp_run(const struct ecmp_params *o)
{
	struct json_object *res = NULL, *arr;
	struct ecmp_res r[ECMP_MAX_SIZES][M_NUM];
	struct ecmp_ctx c = { .o = o };
	int i, m, err;

	bsw_pin_cpu();
	c.flows = calloc(o->flows, sizeof(*c.flows));
	c.base = calloc(o->flows, sizeof(int));
	c.after = calloc(o->flows, sizeof(int));
	if (!c.flows || !c.base || !c.after) {
		bench_err("ecmp: out of memory");
		goto out;
	}
	make_flows(c.flows, o->flows, o->seed);
	err = bsw_open(&c.bsw, BSW_MAX_UPLINKS, 0);
	if (!err)
		err = bsw_group(&c.bsw, 1, CLOS_ECMP_RESILIENT, 2);
	if (!err)
		err = bsw_table_add(&c.bsw, "route_v4", "10.1.2.0/24 => ecmp 1");
	if (!err)
		err = bench_hold_open(&c.hold);
	if (!err)
		err = bench_hold_prog(&c.hold, c.bsw.prog_fd);
	if (!err)
		err = kecmp_open(&c.kern, c.flows, o->flows);
	for (i = 0; !err && i < o->nsizes; i++) {
		err = run_clos(&c, CLOS_ECMP_RESILIENT, o->sizes[i], &r[i][M_RESILIENT]);
		if (!err)
			err = run_clos(&c, CLOS_ECMP_MODULO, o->sizes[i], &r[i][M_MODULO]);
		if (!err)
			err = run_kernel(&c, o->sizes[i], &r[i][M_KERNEL]);
	}
	if (err)
		goto out;
	res = json_object_new_object();
	bench_jadd_str(res, "method",
		"clos: real pipeline by BPF_PROG_TEST_RUN, member = egress port; "
		"kernel: ip route get with fib_multipath_hash_policy=1");
	bench_jadd_u64(res, "flows", o->flows);
	bench_jadd_u64(res, "clos_buckets", CLOS_ECMP_BUCKETS);
	arr = json_object_new_array();
	for (i = 0; i < o->nsizes; i++) {
		struct json_object *s = json_object_new_object();

		bench_jadd_int(s, "members", o->sizes[i]);
		for (m = 0; m < M_NUM; m++)
			json_object_object_add(s, method_names[m], res_json(&r[i][m]));
		json_object_array_add(arr, s);
	}
	json_object_object_add(res, "sizes", arr);
out:
	kecmp_close(&c.kern);
	bench_hold_close(&c.hold);
	bsw_close(&c.bsw);
	free(c.flows);
	free(c.base);
	free(c.after);
	return res;
}

static int parse_sizes(const char *arg, struct ecmp_params *o)
{
	char copy[128], *tok, *save;
	__u64 v;

	snprintf(copy, sizeof(copy), "%s", arg);
	o->nsizes = 0;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (o->nsizes == ECMP_MAX_SIZES ||
		    bench_parse_u64(tok, 2, BENCH_ECMP_MAX_MEMBERS, &v))
			return -EINVAL;
		o->sizes[o->nsizes++] = v;
	}
	return o->nsizes ? 0 : -EINVAL;
}

int cmd_ecmp(int argc, char **argv)
{
	struct ecmp_params o = { .flows = 10000, .seed = 1, .sizes = { 2, 4, 8, 16 }, .nsizes = 4 };

	if (bench_no_args(ECMP_CMD, argc, argv) ||
	    bench_opt_u64(ECMP_CMD, "flows", given.flows, 100, ECMP_MAX_FLOWS,
			  "100 to 100000", &o.flows) ||
	    bench_opt_u64(ECMP_CMD, "seed", given.seed, 1, ~0ull, "a positive number",
			  &o.seed))
		return BENCH_EXIT_USAGE;
	if (given.sizes && parse_sizes(given.sizes, &o))
		return bench_bad_opt(ECMP_CMD, "sizes", given.sizes,
				     "up to 4 group sizes from 2 to 16, comma-separated");
	return bench_print(ecmp_run(&o));
}
