// SPDX-License-Identifier: GPL-2.0
/*
 * Differential fuzzer of the data path: every input runs through the
 * real BPF program (BPF_PROG_TEST_RUN of the test wrappers the unit tests
 * load: tests/bpf/pipeline_test.bpf.c for fast mode, tc_test.bpf.c for
 * queue mode) and through the same C compiled for the host
 * (tests/fuzz/host/), under ASan and UBSan, on the same tables: the host
 * maps are copied from the real ones by name. Any difference in verdict,
 * egress port, output bytes, what queue mode leaves beside the data or a
 * counter (every per-CPU map, summed) aborts with both outputs.
 *
 * Input: byte 0 picks the mode (bit 7: queue) and the ingress port (low
 * bits mod 10; 8: an ifindex that is no port, 9: one mapped to a port
 * slot the switch does not use); byte 1 bit 0 puts the VLAN
 * tag of bytes 2-3 beside the data (queue mode: skb->vlan_tci, as the
 * kernel's receive path does), bit 1 makes it an 802.1ad tag; the rest is
 * the frame.
 *
 * The switch is unshaped (pipeline_switch.h), so nothing depends on time
 * or chance: one input gives one result, on either side.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "pipeline_switch.h"
#include "host/host_prog.h"
#include "pipeline_test.skel.h"
#include "tc_test.skel.h"

#define FZ_HDR_LEN	4
/* Largest frame test_run takes into a single-buffer XDP program
 * (tests/unit/fixture.h FX_MAX_FRAME); queue mode takes the same. */
#define FZ_MAX_FRAME	3520
#define FZ_NO_PORT	0xffffffffu
#define FZ_BUF		(HOST_IP_ALIGN + HOST_XDP_HEADROOM + FZ_MAX_FRAME + 64)

/* One side's result. */
struct fz_out {
	int ret;
	__u32 port;
	__u8 buf[FZ_BUF];
	size_t off, len;
	struct host_skb_io io;		/* queue mode */
	struct clos_tc_view view;	/* queue mode, after the last program */
	__u32 hw_proto;			/* queue mode: the TPID of the tag put beside */
};

/* A real object, its switch and its host twin. */
struct fz_side {
	const char *name;
	struct bpf_object *obj;
	struct clos_switch sw;
	struct host_prog host;
};

static struct pipeline_test *fz_fast_skel;
static struct tc_test *fz_tc_skel;
static struct fz_side fz_fast = { .name = "pipeline_test (fast mode)" };
static struct fz_side fz_queue = { .name = "tc_test (queue mode)" };
static int fz_ncpus;
/* Queue-mode inputs test_run refused (EINVAL: 6.x kernels refuse an skb
 * whose ethertype says IP with less than an IP header behind it). */
static unsigned long fz_refused;
/* Inputs compared, per mode (the rest were too short or too long). */
static unsigned long fz_compared_fast, fz_compared_queue;
/* How often the big counter maps are checked: fz_counters_diff(). */
static unsigned long fz_full_every = 4096;

static void fz_die(const char *what, int err)
{
	fprintf(stderr, "fuzz_pipeline: %s: %s\n", what, strerror(err < 0 ? -err : err));
	abort();
}

/* host_prog.fill: copy the real map of hm's name into hm. Per-CPU maps
 * are counters: both sides start from zero. */
static void fz_fill(struct host_prog *prog, struct host_map *hm)
{
	struct bpf_map *m = bpf_object__find_map_by_name(prog->real, hm->name);
	__u8 key[64], next[64], *val;
	int fd, err;
	__u32 i;

	if (!m) {
		fprintf(stderr, "fuzz_pipeline: host map %s: %s has no such map\n",
			hm->name, prog->name);
		abort();
	}
	if (bpf_map__type(m) != hm->type || bpf_map__key_size(m) != hm->key_size ||
	    bpf_map__value_size(m) != hm->value_size ||
	    bpf_map__max_entries(m) != hm->max_entries) {
		fprintf(stderr, "fuzz_pipeline: map %s: host type %u key %u value %u "
			"entries %u, real %u %u %u %u\n", hm->name, hm->type,
			hm->key_size, hm->value_size, hm->max_entries,
			bpf_map__type(m), bpf_map__key_size(m),
			bpf_map__value_size(m), bpf_map__max_entries(m));
		abort();
	}
	if (host_map_is_percpu(hm))
		return;
	if (hm->key_size > sizeof(key))
		fz_die("map key too long", E2BIG);
	fd = bpf_map__fd(m);
	val = calloc(1, hm->value_size);
	if (!val)
		fz_die("fill", ENOMEM);
	if (host_map_is_array(hm)) {
		for (i = 0; i < hm->max_entries; i++) {
			if (bpf_map_lookup_elem(fd, &i, val))
				continue;	/* an empty devmap slot */
			host_map_update(hm, &i, val, BPF_ANY);
		}
	} else {
		void *prev = NULL;

		while (!bpf_map_get_next_key(fd, prev, next)) {
			memcpy(key, next, hm->key_size);
			prev = key;
			err = bpf_map_lookup_elem(fd, key, val);
			if (err)
				fz_die(hm->name, errno);
			if (host_map_update(hm, key, val, BPF_ANY))
				fz_die("host map full", E2BIG);
		}
	}
	free(val);
}

static void fz_side_open(struct fz_side *s, struct bpf_object *obj)
{
	s->obj = obj;
	s->host = (struct host_prog){ .name = s->name, .real = obj, .fill = fz_fill };
	if (fz_switch_build(&s->sw, obj))
		abort();
}

static int fz_quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return level == LIBBPF_WARN ? vfprintf(stderr, fmt, ap) : 0;
}

static int fz_counters_diff(struct fz_side *s, bool full);

/* At exit: every counter of both programs, and what test_run refused. */
static void fz_report(void)
{
	int diffs = fz_counters_diff(&fz_fast, true) + fz_counters_diff(&fz_queue, true);

	fprintf(stderr, "fuzz_pipeline: frames compared: %lu fast mode, %lu queue mode; "
		"%lu queue-mode inputs refused by test_run\n",
		fz_compared_fast, fz_compared_queue, fz_refused);
	if (!diffs)
		return;
	fprintf(stderr, "==== DIVERGENCE: %d counter words differ at exit "
		"(an input since the last full check) ====\n", diffs);
	_exit(1);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *every = getenv("FZ_FULL_EVERY");

	if (every && strtoul(every, NULL, 0))
		fz_full_every = strtoul(every, NULL, 0);
	atexit(fz_report);
	libbpf_set_print(fz_quiet);
	fz_ncpus = libbpf_num_possible_cpus();
	if (fz_ncpus < 0)
		fz_die("possible CPUs", fz_ncpus);
	fz_fast_skel = pipeline_test__open_and_load();
	if (!fz_fast_skel)
		fz_die("loading pipeline_test (run as root)", errno);
	fz_tc_skel = tc_test__open_and_load();
	if (!fz_tc_skel)
		fz_die("loading tc_test (run as root)", errno);
	fz_side_open(&fz_fast, fz_fast_skel->obj);
	fz_side_open(&fz_queue, fz_tc_skel->obj);
	return 0;
}

/* port_by_ifindex[ifindex] = port (FZ_NO_PORT: none), on both sides. */
static void fz_map_ifindex(struct fz_side *s, __u32 ifindex, __u32 port)
{
	__u32 ref = port == FZ_NO_PORT ? CLOS_IFINDEX_NO_PORT : CLOS_IFINDEX_PORT(port);
	struct host_map *hm = host_map_find(&s->host, "port_by_ifindex");

	if (bpf_map_update_elem(s->sw.fd[CLOS_MAP_PORT_BY_IFINDEX], &ifindex, &ref, BPF_ANY))
		fz_die("port_by_ifindex", errno);
	if (hm)
		host_map_update(hm, &ifindex, &ref, BPF_ANY);
}

static void fz_frame_in(struct fz_out *o, const __u8 *frame, size_t len)
{
	memset(o, 0, offsetof(struct fz_out, buf));
	o->port = FZ_NO_PORT;
	o->off = HOST_IP_ALIGN + HOST_XDP_HEADROOM;
	o->len = len;
	memcpy(o->buf + o->off, frame, len);
}

/* ---- fast mode ---- */

static void fz_fast_real(struct fz_out *o)
{
	struct xdp_md ctx = { .data_end = o->len, .ingress_ifindex = FZ_IFINDEX };
	static __u8 out[FZ_BUF];
	LIBBPF_OPTS(bpf_test_run_opts, opts,
		.data_in = o->buf + o->off,
		.data_size_in = o->len,
		.data_out = out,
		.data_size_out = sizeof(out),
		.ctx_in = &ctx,
		.ctx_size_in = sizeof(ctx),
		.repeat = 1,
	);
	int err;

	fz_fast_skel->data->egress_port = FZ_NO_PORT;
	err = bpf_prog_test_run_opts(bpf_program__fd(fz_fast_skel->progs.clos_pipeline_test),
				     &opts);
	if (err)
		fz_die("test_run of pipeline_test", err);
	o->ret = opts.retval;
	o->port = fz_fast_skel->data->egress_port;
	o->len = opts.data_size_out;
	memcpy(o->buf + o->off, out, o->len);
}

/* The host runs on a copy of o's buffer that ends where the frame ends,
 * so that ASan reports any read past data_end (the verifier's job in the
 * kernel). Frames only grow at the front. */
static void fz_host_frame(const struct fz_out *o, struct host_frame *f)
{
	size_t cap = o->off + o->len;

	*f = (struct host_frame){ malloc(cap), cap, o->off, o->len };
	if (!f->buf)
		fz_die("host frame", ENOMEM);
	memcpy(f->buf, o->buf, cap);
}

/* Back into o, for the comparison. */
static void fz_host_frame_done(struct fz_out *o, struct host_frame *f)
{
	o->off = f->off;
	o->len = f->len;
	memcpy(o->buf + o->off, f->buf + f->off, f->len);
	free(f->buf);
}

static void fz_fast_host(struct fz_out *o)
{
	struct host_frame f;

	fz_host_frame(o, &f);
	o->ret = host_pipeline_test(&fz_fast.host, &f, FZ_IFINDEX, &o->port);
	fz_host_frame_done(o, &f);
}

/* ---- queue mode: ingress, then the egress of the port it chose ---- */

/* Returns the TC action, or -1 when test_run refused the ingress frame. */
static int fz_tc_real_one(bool egress, struct fz_out *o, __s32 tci)
{
	struct __sk_buff skb = {
		.mark = o->io.mark, .priority = o->io.priority,
		.ingress_ifindex = o->io.ingress_ifindex, .ifindex = o->io.ifindex,
	};
	static __u8 out[FZ_BUF];
	LIBBPF_OPTS(bpf_test_run_opts, opts,
		.data_in = o->buf + o->off,
		.data_size_in = o->len,
		.data_out = out,
		.data_size_out = sizeof(out),
		.ctx_in = &skb,
		.ctx_size_in = sizeof(skb),
		.ctx_out = &skb,
		.ctx_size_out = sizeof(skb),
		.repeat = 1,
	);
	struct bpf_program *prog = egress ? fz_tc_skel->progs.clos_tc_egress_test
					  : fz_tc_skel->progs.clos_tc_ingress_test;
	int err;

	fz_tc_skel->data->hw_tci_in = tci;
	fz_tc_skel->data->hw_proto_in = o->hw_proto;
	memset(&fz_tc_skel->bss->view, 0, sizeof(fz_tc_skel->bss->view));
	err = bpf_prog_test_run_opts(bpf_program__fd(prog), &opts);
	if (err == -EINVAL && !egress)
		return -1;
	if (err)
		fz_die(egress ? "test_run of tc_test egress" : "test_run of tc_test", err);
	o->io.mark = skb.mark;
	o->io.priority = skb.priority;
	o->view = fz_tc_skel->bss->view;
	o->len = opts.data_size_out;
	memcpy(o->buf + o->off, out, o->len);
	return opts.retval;
}

static int fz_tc_host_one(bool egress, struct fz_out *o, __s32 tci)
{
	struct host_frame f;
	int ret;

	fz_host_frame(o, &f);
	ret = host_tc_test(&fz_queue.host, egress, &f, tci, o->hw_proto, &o->io, &o->view);
	fz_host_frame_done(o, &f);
	return ret;
}

/* As tests/unit/cases.c run_tc_chain(): the ingress program on lo; for a
 * frame it redirects, the egress program of its port on what ingress
 * left (bytes, mark, the tag beside the data), lo being that port and
 * FZ_IFINDEX_OTHER the ingress port. ret: TC_ACT_REDIRECT when egress
 * sent it, TC_ACT_SHOT when egress dropped it, else ingress's verdict. */
static void fz_tc_chain(bool real, struct fz_out *o, __u32 in_port, __s32 tci)
{
	struct fz_side *s = &fz_queue;
	int (*run)(bool, struct fz_out *, __s32) = real ? fz_tc_real_one : fz_tc_host_one;
	__s32 mid_tci;

	o->io = (struct host_skb_io){ .ingress_ifindex = FZ_IFINDEX };
	o->ret = run(false, o, tci);
	if (o->ret != TC_ACT_REDIRECT)
		return;
	o->port = o->view.port;
	if (o->port >= FZ_NUM_PORTS)
		return;		/* compared, and reported, as it is */
	mid_tci = o->view.vlan_present ? (__s32)o->view.vlan_tci : -1;
	o->hw_proto = o->view.vlan_proto;
	o->io.ingress_ifindex = FZ_IFINDEX_OTHER;
	o->io.ifindex = FZ_IFINDEX;
	fz_map_ifindex(s, FZ_IFINDEX_OTHER, in_port);
	fz_map_ifindex(s, FZ_IFINDEX, o->port);
	o->ret = run(true, o, mid_tci) == TC_ACT_OK ? TC_ACT_REDIRECT : TC_ACT_SHOT;
	fz_map_ifindex(s, FZ_IFINDEX, in_port);
}

/* ---- the comparison ---- */

static void fz_hex(const char *what, const __u8 *p, size_t len)
{
	size_t i;

	fprintf(stderr, "%s (%zu bytes):", what, len);
	for (i = 0; i < len; i++)
		fprintf(stderr, "%s%02x", i % 32 ? (i % 4 ? "" : " ") : "\n  ", p[i]);
	fprintf(stderr, "\n");
}

static void fz_out_print(const char *side, const struct fz_out *o, bool tc)
{
	fprintf(stderr, "%s: verdict %d, egress port %d", side, o->ret, (int)o->port);
	if (tc)
		fprintf(stderr, ", mark 0x%x, priority 0x%x, tag beside the data %u "
			"(tci 0x%04x proto 0x%04x)", o->io.mark, o->io.priority,
			o->view.vlan_present, o->view.vlan_tci, o->view.vlan_proto);
	fprintf(stderr, "\n");
	fz_hex(side, o->buf + o->off, o->len);
}

/* Every per-CPU map of s, summed, against its host copy (0 when the host
 * never used it). Both start at 0 and every input so far matched, so a
 * difference is this input's. Reading a per-CPU map costs the kernel a
 * copy per key and CPU, so each input checks the maps of at most
 * FZ_SMALL_MAP keys (stats: the verdict; port_ctr), and the big ones
 * (per-class, per-ECMP-member) are checked every fz_full_every inputs
 * (environment FZ_FULL_EVERY, default 4096; 1 pins a divergence found
 * there to its input on a replay) and at exit. Prints each difference
 * and returns how many. */
#define FZ_SMALL_MAP	64

static __u64 fz_real_vals[1 << 17];
static __u32 fz_keys[1 << 14];

static int fz_counters_diff(struct fz_side *s, bool full)
{
	struct bpf_map *m;
	int diffs = 0;

	bpf_object__for_each_map(m, s->obj) {
		__u32 vs = bpf_map__value_size(m), n = bpf_map__max_entries(m);
		__u32 words = vs / 8, stride = (vs + 7) / 8, k, c, w, count, outb;
		struct host_map *hm;
		int err;

		if (bpf_map__type(m) != BPF_MAP_TYPE_PERCPU_ARRAY)
			continue;
		if (vs % 8) {
			fprintf(stderr, "fuzz_pipeline: per-CPU map %s: %u-byte values "
				"are no __u64 counters\n", bpf_map__name(m), vs);
			abort();
		}
		if (!full && n > FZ_SMALL_MAP)
			continue;
		count = n;
		if ((size_t)count * stride * fz_ncpus > sizeof(fz_real_vals) / 8 ||
		    count > sizeof(fz_keys) / sizeof(fz_keys[0]))
			fz_die(bpf_map__name(m), E2BIG);
		err = bpf_map_lookup_batch(bpf_map__fd(m), NULL, &outb, fz_keys,
					   fz_real_vals, &count, NULL);
		if (err && errno != ENOENT)
			fz_die(bpf_map__name(m), errno);
		hm = host_map_find(&s->host, bpf_map__name(m));
		for (k = 0; k < count; k++) {
			const __u64 *host = hm ? (const __u64 *)(hm->values +
						 (size_t)fz_keys[k] * vs) : NULL;

			for (w = 0; w < words; w++) {
				__u64 real = 0, h = host ? host[w] : 0;

				for (c = 0; c < (__u32)fz_ncpus; c++)
					real += fz_real_vals[((size_t)k * fz_ncpus + c) * stride + w];
				if (real == h)
					continue;
				if (diffs++ < 20)
					fprintf(stderr, "counter %s[%u] word %u: real %llu, host %llu\n",
						bpf_map__name(m), fz_keys[k], w,
						(unsigned long long)real,
						(unsigned long long)h);
			}
		}
	}
	return diffs;
}

static void fz_compare(struct fz_side *s, bool tc, const __u8 *data, size_t size,
		       const struct fz_out *real, const struct fz_out *host)
{
	bool same = real->ret == host->ret && real->port == host->port &&
		    real->len == host->len &&
		    !memcmp(real->buf + real->off, host->buf + host->off, real->len);
	static unsigned long runs;
	int counters;

	if (tc)
		same = same && real->io.mark == host->io.mark &&
		       real->io.priority == host->io.priority &&
		       real->view.vlan_present == host->view.vlan_present &&
		       real->view.vlan_tci == host->view.vlan_tci &&
		       real->view.vlan_proto == host->view.vlan_proto &&
		       real->view.priority == host->view.priority;
	if (same && !(counters = fz_counters_diff(s, ++runs % fz_full_every == 0)))
		return;
	fprintf(stderr, "\n==== DIVERGENCE: %s, BPF_PROG_TEST_RUN vs host build ====\n",
		s->name);
	fz_hex("input", data, size);
	fz_out_print("real", real, tc);
	fz_out_print("host", host, tc);
	if (same)
		fprintf(stderr, "(outputs agree; %d counter words differ)\n", counters);
	else
		fz_counters_diff(s, false);
	abort();
}

int LLVMFuzzerTestOneInput(const __u8 *data, size_t size)
{
	static struct fz_out real, host;
	const __u8 *frame = data + FZ_HDR_LEN;
	size_t len = size - FZ_HDR_LEN;
	__u32 in_port;
	__s32 tci;
	bool tc;

	if (size < FZ_HDR_LEN || len > FZ_MAX_FRAME)
		return -1;
	tc = data[0] & 0x80;
	in_port = (data[0] & 0x7f) % (FZ_NUM_PORTS + 2);
	if (in_port == FZ_NUM_PORTS)
		in_port = FZ_NO_PORT;
	else if (in_port == FZ_NUM_PORTS + 1)
		in_port = FZ_UNUSED_PORT;
	tci = tc && (data[1] & 1) ? (data[2] << 8 | data[3]) : -1;

	if (len < ETH_HLEN)
		return -1;	/* test_run refuses it */
	fz_frame_in(&real, frame, len);
	fz_frame_in(&host, frame, len);
	if (!tc) {
		fz_map_ifindex(&fz_fast, FZ_IFINDEX, in_port);
		fz_fast_real(&real);
		fz_fast_host(&host);
		fz_compare(&fz_fast, false, data, size, &real, &host);
		fz_compared_fast++;
		return 0;
	}
	real.hw_proto = host.hw_proto = data[1] & 2 ? ETH_P_8021AD : ETH_P_8021Q;
	fz_map_ifindex(&fz_queue, FZ_IFINDEX, in_port);
	fz_tc_chain(true, &real, in_port, tci);
	if (real.ret == -1) {
		fz_refused++;
		return -1;
	}
	fz_tc_chain(false, &host, in_port, tci);
	fz_compare(&fz_queue, true, data, size, &real, &host);
	fz_compared_queue++;
	return 0;
}
