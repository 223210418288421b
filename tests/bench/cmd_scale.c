// SPDX-License-Identifier: GPL-2.0
/*
 * clos-bench scale: the route_v4 table at 1, 1k, 100k and 1M entries.
 *
 * For each size, a bench switch (bswitch.h) gets that many IPv4 routes,
 * all to the uplink ECMP group: 10.1.2.0/24 (the destination of the timed
 * frame) and then a deterministic mix of /24 and /32 prefixes spread over
 * the address space (a bijection of the index, so no two collide).
 *
 *   insert rate   the routes go in with BPF_MAP_UPDATE_BATCH (chunks of
 *                 --chunk); the same routes one update syscall each go
 *                 into a fresh LPM map of the same shape, for comparison
 *   memory        the map's memlock in /proc/self/fdinfo (what bpftool map
 *                 show prints; for LPM tries the kernel's own accounting:
 *                 entries x (node + key + value)), and how much the
 *                 kernel's slab grew meanwhile (intermediate nodes and
 *                 allocator overhead included; other tenants' allocations
 *                 too, so only the large sizes say much)
 *   per packet    the full pipeline (ECMP, QoS, model) with R rounds per
 *                 call on one frame ("hot": the same lookup path again
 *                 and again), and one round per call to a random route
 *                 ("random": a different path through the trie each call;
 *                 one round also times the test run's own loop, the same
 *                 for every size)
 *
 * The switches stay loaded side by side and are timed in turn, round after
 * round. A size above the production table (CLOS_ROUTE_V4_MAX) gets a
 * bench-only load with a larger max_entries.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bench.h"
#include "bswitch.h"
#include "frames.h"
#include "hold.h"

#define SCALE_CMD	"scale"
#define SCALE_MAX_SIZES	8
#define SCALE_MAX_ROUNDS 32
#define SCALE_TTL	255
#define SCALE_TARGET	0x0a010200u	/* 10.1.2.0/24, host order */

struct scale_params {
	__u64 sizes[SCALE_MAX_SIZES];
	int nsizes;
	__u64 rounds, calls, random_calls, repeat, chunk;
};

struct scale_table {
	struct bsw bsw;
	__u64 n;
	struct clos_lpm_v4 *keys;
	struct clos_route *vals;
	double batch_s, single_s;
	__u64 memlock;
	long long slab_delta;
	double hot[SCALE_MAX_ROUNDS], rnd[SCALE_MAX_ROUNDS];
};

/* The options as given; cmd_scale() checks them. */
static struct {
	const char *sizes, *rounds, *calls, *random_calls, *repeat, *chunk;
} given;

const struct cli_opt scale_opts[] = {
	CLI_OPT_STRING("sizes", 0, "N,...", &given.sizes,
		       "route table sizes, up to 8 of 1..16m\n"
		       "(default 1,1k,100k,1m)"),
	CLI_OPT_STRING("rounds", 0, "N", &given.rounds,
		       "rounds, each timing every size in turn (1..32,\n"
		       "default 3)"),
	CLI_OPT_STRING("calls", 0, "N", &given.calls,
		       "calls of R rounds to one destination, per size and\n"
		       "round (1..10m, default 1000)"),
	CLI_OPT_STRING("random-calls", 0, "N", &given.random_calls,
		       "single rounds to random routes, per size and round\n"
		       "(1..10m, default 20000)"),
	CLI_OPT_STRING("repeat", 0, "R", &given.repeat,
		       "rounds per call to one destination (1..253,\n"
		       "default 200)"),
	CLI_OPT_STRING("chunk", 0, "N", &given.chunk,
		       "routes per batch map update (1..1m, default 10k)"),
	{}
};

const char scale_doc[] =
"\n"
"Fill route_v4 with each of --sizes routes and measure the insert rate\n"
"(batch map updates in chunks of --chunk, and single updates), the map's\n"
"memory and the pipeline's cost per packet: --calls calls of R rounds on\n"
"one destination, and --random-calls single rounds to random routes, in\n"
"each of --rounds rounds. Prints JSON.\n";

/* Route i of a table: 0 is the timed destination's, then /24s and /32s
 * alternately, each family a bijection of i (odd multipliers), outside
 * 10.1.2.0/24. */
static void scale_route(__u64 i, struct clos_lpm_v4 *k)
{
	__u32 a;

	if (i == 0) {
		a = SCALE_TARGET;
		k->prefixlen = 24;
	} else if (i % 2) {
		a = (__u32)((i * 0x9e3779b1ull + 0x01234567ull) & 0xffffff) << 8;
		k->prefixlen = 24;
		if (a == SCALE_TARGET)
			a = 0x0a010300u;	/* the one collision: move it */
	} else {
		a = (__u32)(i * 0x85ebca6bull + 0x2545f491ull);
		k->prefixlen = 32;
		if ((a & 0xffffff00u) == SCALE_TARGET)
			a ^= 0x00000100u;
	}
	a = htonl(a);
	memcpy(k->addr, &a, 4);
}

/* A destination the data path forwards: no martian (bpf/lib/martian.h:
 * 0/8, 127/8, 169.254/16, 224/3). */
static bool scale_unicast(const struct clos_lpm_v4 *k)
{
	return k->addr[0] && k->addr[0] != 127 && k->addr[0] < 224 &&
	       !(k->addr[0] == 169 && k->addr[1] == 254);
}

static __u64 fd_memlock(int fd)
{
	char path[64], line[128];
	unsigned long long v = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "memlock: %llu", &v) == 1)
			break;
	fclose(f);
	return v;
}

/* The kernel's slab memory now, in bytes (Slab: of /proc/meminfo). */
static long long slab_bytes(void)
{
	char line[128];
	long long kb = 0;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Slab: %lld kB", &kb) == 1)
			break;
	fclose(f);
	return kb * 1024;
}

static int scale_fill(struct scale_table *t, const struct scale_params *o)
{
	LIBBPF_OPTS(bpf_map_batch_opts, bopts);
	LIBBPF_OPTS(bpf_map_create_opts, copts, .map_flags = BPF_F_NO_PREALLOC);
	int fd = t->bsw.sw.fd[CLOS_MAP_ROUTE_V4], single;
	long long slab0;
	__u64 i, t0;
	__u32 count;

	t->keys = calloc(t->n, sizeof(*t->keys));
	t->vals = calloc(t->n, sizeof(*t->vals));
	if (!t->keys || !t->vals)
		return -ENOMEM;
	for (i = 0; i < t->n; i++) {
		scale_route(i, &t->keys[i]);
		t->vals[i].action = CLOS_RT_ECMP;
		t->vals[i].id = 1;
	}

	slab0 = slab_bytes();
	t0 = bench_now_ns();
	for (i = 0; i < t->n; i += count) {
		count = t->n - i < o->chunk ? t->n - i : o->chunk;
		if (bpf_map_update_batch(fd, &t->keys[i], &t->vals[i], &count, &bopts)) {
			bench_err("scale: batch update of %llu routes: %s",
				  (unsigned long long)t->n, strerror(errno));
			return -errno;
		}
	}
	t->batch_s = (bench_now_ns() - t0) / 1e9;
	t->slab_delta = slab_bytes() - slab0;
	t->memlock = fd_memlock(fd);

	/* The same routes one syscall each, into a map of their own. */
	single = bpf_map_create(BPF_MAP_TYPE_LPM_TRIE, "bench_lpm", sizeof(struct clos_lpm_v4),
				sizeof(struct clos_route), t->n > CLOS_ROUTE_V4_MAX ? t->n : CLOS_ROUTE_V4_MAX,
				&copts);
	if (single < 0) {
		bench_err("scale: cannot create an LPM map: %s", strerror(-single));
		return single;
	}
	t0 = bench_now_ns();
	for (i = 0; i < t->n; i++) {
		if (bpf_map_update_elem(single, &t->keys[i], &t->vals[i], BPF_ANY)) {
			bench_err("scale: update: %s", strerror(errno));
			close(single);
			return -errno;
		}
	}
	t->single_s = (bench_now_ns() - t0) / 1e9;
	close(single);
	return 0;
}

/* Mean ns per round over calls: to 10.1.2.1, or with dst_of to an address
 * of a route picked from dst_of[0..ndst-1] each call. Every round must be
 * forwarded. */
static double scale_time(struct scale_table *t, __u64 calls, __u64 repeat,
			 const struct clos_lpm_v4 *dst_of, __u64 ndst)
{
	struct bench_frame_spec spec = {
		.dmac = BSW_PORT_MAC(BSW_HOST_PORT),
		.smac = { 0x02, 0xc1, 0xbe, 0xaa, 0x00, 0x01 },
		.sport = 49152, .dport = BENCH_ROCE_PORT,
		.tos = BENCH_DSCP_ROCE << 2 | BENCH_ECT0, .ttl = SCALE_TTL,
		.len = 128, .roce = true,
	};
	__u64 fwd0 = bsw_stat(&t->bsw, CLOS_STAT_FWD), sum = 0, i;
	__u8 frame[BENCH_FRAME_MAX], out[BENCH_FRAME_MAX];
	__u32 olen, ret, dur, a;
	size_t len;
	int err;

	bench_parse_ipv4("10.1.1.1", &spec.saddr);
	a = htonl(SCALE_TARGET + 1);
	spec.daddr = a;
	len = bench_frame_build(frame, &spec);
	for (i = 0; i < calls; i++) {
		if (dst_of) {
			/* An address inside a route picked at random, one the
			 * data path forwards. */
			__u64 j = (i * 2654435761ull) % ndst;

			while (!scale_unicast(&dst_of[j]))
				j = (j + 1) % ndst;
			memcpy(&a, dst_of[j].addr, 4);
			if (dst_of[j].prefixlen < 32)
				a = htonl(ntohl(a) + 1);
			spec.daddr = a;
			spec.sport = 49152 + i % 16384;
			len = bench_frame_build(frame, &spec);
		}
		err = bsw_run(t->bsw.prog_fd, frame, len, repeat, out, &olen, &ret, &dur);
		if (err || ret != XDP_REDIRECT) {
			bench_err("scale: %llu routes: test run: %s (verdict %u)",
				  (unsigned long long)t->n, strerror(-err), ret);
			return -1;
		}
		sum += dur;
	}
	if (bsw_stat(&t->bsw, CLOS_STAT_FWD) - fwd0 != calls * repeat) {
		bench_err("scale: %llu routes: not every round was forwarded",
			  (unsigned long long)t->n);
		return -1;
	}
	return (double)sum / calls;
}

static struct json_object *scale_result(const struct scale_params *o,
					struct scale_table *t)
{
	struct json_object *r = json_object_new_object(), *arr = json_object_new_array();
	int i;

	bench_jadd_str(r, "method",
		"route_v4 LPM trie; BPF_MAP_UPDATE_BATCH; memlock from fdinfo; "
		"full pipeline by BPF_PROG_TEST_RUN");
	bench_jadd_u64(r, "chunk", o->chunk);
	bench_jadd_u64(r, "repeat_hot", o->repeat);
	bench_jadd_u64(r, "production_max_entries", CLOS_ROUTE_V4_MAX);
	for (i = 0; i < o->nsizes; i++) {
		struct json_object *s = json_object_new_object();

		bench_jadd_u64(s, "entries", t[i].n);
		bench_jadd_double(s, "batch_insert_s", t[i].batch_s);
		bench_jadd_double(s, "batch_insert_per_s", t[i].n / t[i].batch_s);
		bench_jadd_double(s, "single_insert_s", t[i].single_s);
		bench_jadd_double(s, "single_insert_per_s", t[i].n / t[i].single_s);
		bench_jadd_u64(s, "memlock_bytes", t[i].memlock);
		bench_jadd_double(s, "bytes_per_entry", (double)t[i].memlock / t[i].n);
		bench_jadd_int(s, "slab_delta_bytes", t[i].slab_delta);
		json_object_object_add(s, "ns_per_pkt_hot", bench_summary(t[i].hot, o->rounds));
		json_object_object_add(s, "ns_per_pkt_random", bench_summary(t[i].rnd, o->rounds));
		json_object_array_add(arr, s);
	}
	json_object_object_add(r, "sizes", arr);
	return r;
}

static struct json_object *scale_run(const struct scale_params *o)
{
	static struct scale_table t[SCALE_MAX_SIZES];
	struct json_object *res = NULL;
	struct bench_hold hold = {};
	__u64 r;
	int i, err = 0;

	bsw_pin_cpu();
	err = bench_hold_open(&hold);
	for (i = 0; !err && i < o->nsizes; i++) {
		__u64 max = o->sizes[i] + 16;

		memset(&t[i], 0, sizeof(t[i]));
		t[i].n = o->sizes[i];
		err = bsw_open(&t[i].bsw, 2, max > CLOS_ROUTE_V4_MAX ? max : 0);
		if (!err)
			err = bsw_group(&t[i].bsw, 1, CLOS_ECMP_RESILIENT, 2);
		if (!err)
			err = bsw_port_rate(&t[i].bsw, 1, 100000000000ull);
		if (!err)
			err = bsw_port_rate(&t[i].bsw, 2, 100000000000ull);
		if (!err)
			err = scale_fill(&t[i], o);
		if (!err)
			err = bench_hold_prog(&hold, t[i].bsw.prog_fd);
	}
	for (r = 0; !err && r < o->rounds; r++) {
		for (i = 0; !err && i < o->nsizes; i++) {
			t[i].hot[r] = scale_time(&t[i], o->calls, o->repeat, NULL, 0);
			t[i].rnd[r] = scale_time(&t[i], o->random_calls, 1, t[i].keys, t[i].n);
			if (t[i].hot[r] < 0 || t[i].rnd[r] < 0)
				err = -1;
		}
	}
	if (!err)
		res = scale_result(o, t);
	bench_hold_close(&hold);
	for (i = 0; i < o->nsizes; i++) {
		bsw_close(&t[i].bsw);
		free(t[i].keys);
		free(t[i].vals);
	}
	return res;
}

static int parse_sizes(const char *arg, struct scale_params *o)
{
	char copy[256], *tok, *save;

	snprintf(copy, sizeof(copy), "%s", arg);
	o->nsizes = 0;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (o->nsizes == SCALE_MAX_SIZES ||
		    bench_parse_u64(tok, 1, 16000000, &o->sizes[o->nsizes]))
			return -EINVAL;
		o->nsizes++;
	}
	return o->nsizes ? 0 : -EINVAL;
}

int cmd_scale(int argc, char **argv)
{
	struct scale_params o = {
		.sizes = { 1, 1000, 100000, 1000000 }, .nsizes = 4,
		.rounds = 3, .calls = 1000, .random_calls = 20000, .repeat = 200,
		.chunk = 10000,
	};

	if (bench_no_args(SCALE_CMD, argc, argv))
		return BENCH_EXIT_USAGE;
	if (given.sizes && parse_sizes(given.sizes, &o))
		return bench_bad_opt(SCALE_CMD, "sizes", given.sizes,
				     "up to 8 sizes from 1 to 16m, comma-separated");
	if (bench_opt_u64(SCALE_CMD, "rounds", given.rounds, 1, SCALE_MAX_ROUNDS, "1 to 32",
			  &o.rounds) ||
	    bench_opt_u64(SCALE_CMD, "calls", given.calls, 1, 10000000, "1 to 10m",
			  &o.calls) ||
	    bench_opt_u64(SCALE_CMD, "random-calls", given.random_calls, 1, 10000000,
			  "1 to 10m", &o.random_calls) ||
	    bench_opt_u64(SCALE_CMD, "repeat", given.repeat, 1, SCALE_TTL - 2, "1 to 253",
			  &o.repeat) ||
	    bench_opt_u64(SCALE_CMD, "chunk", given.chunk, 1, 1000000, "1 to 1m", &o.chunk))
		return BENCH_EXIT_USAGE;
	return bench_print(scale_run(&o));
}
