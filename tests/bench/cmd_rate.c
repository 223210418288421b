// SPDX-License-Identifier: GPL-2.0
/*
 * clos-bench rate: one measuring window of the fabric packet rate.
 *
 * The generator (bpf/pktgen.bpf.c) runs in one long BPF_PROG_TEST_RUN call
 * with BPF_F_TEST_XDP_LIVE_FRAMES on a thread pinned to one CPU, inside the
 * sending host's namespace, and XDP_TXes 64-byte UDP frames out of its
 * veth. The sink (bpf/sink.bpf.c) counts and drops them on the receiving
 * host's veth: an XDP program attached through a BPF link that goes away
 * with us, or with --sink tc a TC ingress filter.
 *
 * After a warm-up (neighbours resolve, pages settle) the window is timed by
 * the sink's counters; then a signal ends the test run (the kernel checks
 * for one between batches and returns EINTR). Short calls would spend most
 * of their time in the test run's setup and teardown (synchronize_rcu).
 */
#include <errno.h>
#include <net/if.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bench.h"
#include "cputime.h"
#include "frames.h"
#include "netns.h"
#include "pktgen.skel.h"
#include "sink.skel.h"

#define RATE_CMD	"rate"

struct rate_params {
	const char *tx_netns, *tx_dev, *rx_netns, *rx_dev, *label;
	bool tc_sink;		/* the sink at TC ingress instead of XDP */
	struct bench_frame_spec frame;
	__u64 seconds_ms, warmup_ms, cpu, batch, ttl;
};

/* The generator thread's side. */
struct gen {
	pthread_t thread;
	int prog_fd;
	const struct rate_params *o;
	__u8 frame[BENCH_FRAME_MAX];
	size_t len;
	pid_t tid;
	volatile int started;	/* 1 running, -errno failed */
	volatile int stop;
	volatile int done;
	int err;
};

/* The options as given; cmd_rate() checks them. */
static struct {
	const char *tx_netns, *tx_dev, *rx_netns, *rx_dev, *smac, *dmac, *src, *dst,
		*seconds, *warmup, *cpu, *ttl, *batch, *sink, *label;
} given;

const struct cli_opt rate_opts[] = {
	CLI_OPT_STRING("tx-netns", 0, "NS", &given.tx_netns, "the sending host's namespace"),
	CLI_OPT_STRING("tx-dev", 0, "IF", &given.tx_dev, "its interface to the switch"),
	CLI_OPT_STRING("smac", 0, "MAC", &given.smac, "source MAC of the frames (IF's)"),
	CLI_OPT_STRING("dmac", 0, "MAC", &given.dmac, "their destination: the switch port's MAC"),
	CLI_OPT_STRING("src", 0, "IP", &given.src, "source IPv4 address"),
	CLI_OPT_STRING("dst", 0, "IP", &given.dst, "destination IPv4 address"),
	CLI_OPT_STRING("rx-netns", 0, "NS", &given.rx_netns,
		       "the receiving host's namespace"),
	CLI_OPT_STRING("rx-dev", 0, "IF", &given.rx_dev, "its interface, where the sink counts"),
	CLI_OPT_STRING("seconds", 0, "S", &given.seconds,
		       "the timed window (0.1..600, default 3)"),
	CLI_OPT_STRING("warmup", 0, "S", &given.warmup,
		       "sending before the window (0..600, default 1)"),
	CLI_OPT_STRING("cpu", 0, "N", &given.cpu, "the generator's CPU (default: the last)"),
	CLI_OPT_STRING("ttl", 0, "T", &given.ttl,
		       "the TTL received frames should show (1..255,\n"
		       "default 61: three routed hops)"),
	CLI_OPT_STRING("batch", 0, "N", &given.batch,
		       "frames per batch of the live-frames test run\n"
		       "(1..256, default: the kernel's)"),
	CLI_OPT_STRING("sink", 0, "xdp|tc", &given.sink,
		       "count at XDP (default) or at TC ingress (for frames\n"
		       "that arrive as socket buffers)"),
	CLI_OPT_STRING("label", 0, "TEXT", &given.label, "the window's name in the JSON"),
	{}
};

const char rate_doc[] =
"\n"
"Send 64-byte UDP frames (60 bytes + FCS) from IF in NS (source MAC\n"
"SMAC, to the switch port DMAC, SRC -> DST, UDP port 9, a new source\n"
"port per packet) with an XDP generator in live-frames mode, pinned to\n"
"CPU N, and count what reaches the sink on the receiving host. After\n"
"--warmup, time --seconds. Prints JSON: packets sent and received, the\n"
"rate, the received packets whose TTL shows --ttl, and the data path's\n"
"CPU time per packet (generator thread + ksoftirqd, see cputime.h).\n";

static void on_sigusr1(int sig)
{
}

static void *gen_main(void *arg)
{
	struct gen *g = arg;
	struct xdp_md ctx = { .data_end = g->len };
	LIBBPF_OPTS(bpf_test_run_opts, topts,
		.data_in = g->frame,
		.data_size_in = g->len,
		.ctx_in = &ctx,
		.ctx_size_in = sizeof(ctx),
		.flags = BPF_F_TEST_XDP_LIVE_FRAMES,
		.repeat = 0xffffffffu,
		.batch_size = g->o->batch);
	cpu_set_t set;
	int saved, err;

	g->tid = syscall(SYS_gettid);
	CPU_ZERO(&set);
	CPU_SET(g->o->cpu, &set);
	err = sched_setaffinity(0, sizeof(set), &set) ? -errno : 0;
	/* setns() moves this thread only: the test run's ifindex is looked up
	 * in the calling thread's namespace. */
	if (!err)
		err = clos_netns_enter(g->o->tx_netns, &saved);
	if (!err) {
		ctx.ingress_ifindex = if_nametoindex(g->o->tx_dev);
		if (!ctx.ingress_ifindex)
			err = -errno;
	}
	if (err) {
		g->done = 1;
		g->started = err;
		return NULL;
	}
	g->started = 1;
	while (!g->stop) {
		err = bpf_prog_test_run_opts(g->prog_fd, &topts);
		if (err && err != -EINTR) {
			g->err = err;
			break;
		}
	}
	g->done = 1;
	return NULL;
}

/* Sum the sink's per-CPU counters. */
static int sink_read(int fd, __u64 out[3])
{
	int ncpus = libbpf_num_possible_cpus(), i;
	__u64 vals[ncpus > 0 ? ncpus : 1];
	__u32 key;

	if (ncpus <= 0)
		return -EINVAL;
	for (key = 0; key < 3; key++) {
		out[key] = 0;
		if (bpf_map_lookup_elem(fd, &key, vals))
			return -errno;
		for (i = 0; i < ncpus; i++)
			out[key] += vals[i];
	}
	return 0;
}

/* The sink on the receiving host: an XDP link (gone when we exit) or a TC
 * ingress filter (taken off by sink_detach). */
struct sink_att {
	struct bpf_link *link;
	struct bpf_tc_hook hook;
	__u32 handle, priority;	/* of the TC filter */
	bool tc, hook_made;
};

static int sink_attach(struct sink *ss, const struct rate_params *o, struct sink_att *a)
{
	int saved, ifindex, err;

	err = clos_netns_enter(o->rx_netns, &saved);
	if (err)
		return err;
	ifindex = if_nametoindex(o->rx_dev);
	if (!ifindex) {
		err = -errno;
	} else if (!o->tc_sink) {
		a->link = bpf_program__attach_xdp(ss->progs.bench_sink, ifindex);
		err = a->link ? 0 : -errno;
	} else {
		LIBBPF_OPTS(bpf_tc_opts, topts,
			.prog_fd = bpf_program__fd(ss->progs.bench_sink_tc));

		a->hook.sz = sizeof(a->hook);
		a->hook.ifindex = ifindex;
		a->hook.attach_point = BPF_TC_INGRESS;
		err = bpf_tc_hook_create(&a->hook);
		a->hook_made = !err;
		if (err == -EEXIST)
			err = 0;
		if (!err)
			err = bpf_tc_attach(&a->hook, &topts);
		a->tc = !err;
		a->handle = topts.handle;
		a->priority = topts.priority;
	}
	clos_netns_leave(saved);
	return err;
}

static void sink_detach(const struct rate_params *o, struct sink_att *a)
{
	LIBBPF_OPTS(bpf_tc_opts, topts, .handle = a->handle, .priority = a->priority);
	int saved;

	bpf_link__destroy(a->link);
	a->link = NULL;
	if (!a->tc || clos_netns_enter(o->rx_netns, &saved))
		return;
	bpf_tc_detach(&a->hook, &topts);
	if (a->hook_made) {
		/* Both attach points: the clsact qdisc itself goes. */
		a->hook.attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS;
		bpf_tc_hook_destroy(&a->hook);
	}
	clos_netns_leave(saved);
	a->tc = false;
}

struct sample {
	__u64 t_ns, sent, sink[3];
	struct bench_cputime cpu;
};

static int take(struct gen *g, struct pktgen *gs, struct sink *ss, struct sample *s)
{
	int err;

	s->t_ns = bench_now_ns();
	s->sent = gs->bss->sent;
	err = sink_read(bpf_map__fd(ss->maps.sink_counts), s->sink);
	return err ? err : bench_cputime_sample(g->tid, &s->cpu);
}

static void sleep_ms(__u64 ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static struct json_object *rate_result(const struct rate_params *o,
				       const struct sample *a,
				       const struct sample *b)
{
	struct json_object *r = json_object_new_object();
	double secs = (b->t_ns - a->t_ns) / 1e9;
	__u64 sent = b->sent - a->sent, rcvd = b->sink[0] - a->sink[0];
	__u64 thr = b->cpu.thread_run_ns - a->cpu.thread_run_ns;
	__u64 sirq = b->cpu.softirqd_run_ns - a->cpu.softirqd_run_ns;
	__u64 wait = b->cpu.thread_wait_ns - a->cpu.thread_wait_ns;

	if (o->label)
		bench_jadd_str(r, "label", o->label);
	bench_jadd_str(r, "sink", o->tc_sink ? "tc" : "xdp");
	bench_jadd_double(r, "seconds", secs);
	bench_jadd_u64(r, "sent", sent);
	bench_jadd_u64(r, "received", rcvd);
	bench_jadd_u64(r, "received_ttl_ok", b->sink[2] - a->sink[2]);
	bench_jadd_u64(r, "frame_bytes", o->frame.len);
	bench_jadd_double(r, "mpps", rcvd / secs / 1e6);
	bench_jadd_double(r, "sent_mpps", sent / secs / 1e6);
	/* The counters are read a moment apart: a window can see a few more
	 * packets arrive than leave. */
	bench_jadd_double(r, "loss", sent > rcvd ? 1.0 - (double)rcvd / sent : 0);
	bench_jadd_double(r, "cpu_ns_per_pkt", rcvd ? (double)(thr + sirq) / rcvd : 0);
	bench_jadd_double(r, "gen_thread_cpu_s", thr / 1e9);
	bench_jadd_double(r, "ksoftirqd_cpu_s", sirq / 1e9);
	bench_jadd_double(r, "gen_thread_wait_s", wait / 1e9);
	bench_jadd_int(r, "cpu", o->cpu);
	return r;
}

static struct json_object *rate_run(const struct rate_params *o)
{
	struct json_object *res = NULL;
	struct sink_att att = {};
	struct pktgen *gs = NULL;
	struct sink *ss = NULL;
	struct sample a, b;
	struct gen g = { .o = o };
	bool running = false;
	int err;

	ss = sink__open();
	if (!ss) {
		bench_err("rate: cannot open the sink: %s", strerror(errno));
		goto out;
	}
	ss->rodata->dport = o->frame.dport;
	ss->rodata->ttl_expect = o->ttl;
	err = sink__load(ss);
	if (err) {
		bench_err("rate: cannot load the sink: %s", strerror(-err));
		goto out;
	}
	err = sink_attach(ss, o, &att);
	if (err) {
		bench_err("rate: cannot attach the sink to %s in %s: %s", o->rx_dev,
			  o->rx_netns, strerror(-err));
		goto out;
	}

	gs = pktgen__open_and_load();
	if (!gs) {
		bench_err("rate: cannot load the generator: %s", strerror(errno));
		goto out;
	}
	g.len = bench_frame_build(g.frame, &o->frame);
	memcpy(gs->bss->tmpl, g.frame, sizeof(gs->bss->tmpl));
	g.prog_fd = bpf_program__fd(gs->progs.bench_pktgen);
	err = pthread_create(&g.thread, NULL, gen_main, &g);
	if (err) {
		bench_err("rate: cannot start the generator thread: %s", strerror(err));
		goto out;
	}
	running = true;
	while (!g.started)
		sleep_ms(1);
	if (g.started < 0) {
		bench_err("rate: generator thread on CPU %llu in %s (%s): %s",
			  (unsigned long long)o->cpu, o->tx_netns, o->tx_dev,
			  strerror(-g.started));
		goto out;
	}
	sleep_ms(o->warmup_ms);
	err = take(&g, gs, ss, &a);
	if (!err) {
		sleep_ms(o->seconds_ms);
		err = take(&g, gs, ss, &b);
	}
	if (err) {
		bench_err("rate: cannot read the counters: %s", strerror(-err));
		goto out;
	}
	if (g.err) {
		bench_err("rate: the generator's test run failed: %s", strerror(-g.err));
		goto out;
	}
	if (b.sent == a.sent) {
		bench_err("rate: the generator sent nothing (is %s up in %s?)",
			  o->tx_dev, o->tx_netns);
		goto out;
	}
	if (b.sink[0] == a.sink[0]) {
		/* XDP_TX into a veth whose peer has no NAPI (no XDP program,
		 * GRO off) loses every frame without a trace. */
		bench_err("rate: nothing reached the sink on %s in %s (does the port %s feeds run NAPI?)",
			  o->rx_dev, o->rx_netns, o->tx_dev);
		goto out;
	}
	res = rate_result(o, &a, &b);
out:
	if (running) {
		g.stop = 1;
		/* Until it is out: a signal that lands just before the thread
		 * enters the test run is handled and gone, and the run goes on. */
		while (!g.done) {
			pthread_kill(g.thread, SIGUSR1);
			sleep_ms(10);
		}
		pthread_join(g.thread, NULL);
	}
	sink_detach(o, &att);
	pktgen__destroy(gs);
	sink__destroy(ss);
	return res;
}

/* --seconds or --warmup, when given, into *ms. */
static int opt_secs(const char *opt, const char *arg, double min, __u64 *ms)
{
	double secs;

	if (!arg)
		return 0;
	if (bench_parse_double(arg, min, 600, &secs))
		return bench_bad_opt(RATE_CMD, opt, arg,
				     min ? "seconds (0.1 to 600)" : "seconds (0 to 600)");
	*ms = secs * 1000;
	return 0;
}

/* The frame's addresses, those given. */
static int opt_frame(struct bench_frame_spec *f)
{
	if (given.smac && bench_parse_mac(given.smac, f->smac))
		return bench_bad_opt(RATE_CMD, "smac", given.smac, "a MAC address");
	if (given.dmac && bench_parse_mac(given.dmac, f->dmac))
		return bench_bad_opt(RATE_CMD, "dmac", given.dmac, "a MAC address");
	if (given.src && bench_parse_ipv4(given.src, &f->saddr))
		return bench_bad_opt(RATE_CMD, "src", given.src, "an IPv4 address");
	if (given.dst && bench_parse_ipv4(given.dst, &f->daddr))
		return bench_bad_opt(RATE_CMD, "dst", given.dst, "an IPv4 address");
	return 0;
}

int cmd_rate(int argc, char **argv)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	struct rate_params o = {
		.tx_netns = given.tx_netns, .tx_dev = given.tx_dev,
		.rx_netns = given.rx_netns, .rx_dev = given.rx_dev, .label = given.label,
		.seconds_ms = 3000, .warmup_ms = 1000, .ttl = 61, .batch = 0,
		.cpu = ncpu > 0 ? ncpu - 1 : 0,
		.frame = { .ttl = 64, .len = 60, .sport = 49152, .dport = 9 },
	};
	struct sigaction sa = { .sa_handler = on_sigusr1 };

	if (bench_no_args(RATE_CMD, argc, argv) || opt_frame(&o.frame) ||
	    opt_secs("seconds", given.seconds, 0.1, &o.seconds_ms) ||
	    opt_secs("warmup", given.warmup, 0, &o.warmup_ms) ||
	    bench_opt_u64(RATE_CMD, "cpu", given.cpu, 0, ncpu - 1, "an online CPU number",
			  &o.cpu) ||
	    bench_opt_u64(RATE_CMD, "ttl", given.ttl, 1, 255, "1 to 255", &o.ttl) ||
	    bench_opt_u64(RATE_CMD, "batch", given.batch, 1, 256, "1 to 256", &o.batch))
		return BENCH_EXIT_USAGE;
	if (given.sink && strcmp(given.sink, "xdp") && strcmp(given.sink, "tc"))
		return bench_bad_opt(RATE_CMD, "sink", given.sink, "xdp or tc");
	o.tc_sink = given.sink && !strcmp(given.sink, "tc");
	if (!o.tx_netns || !o.tx_dev || !o.rx_netns || !o.rx_dev || !given.smac ||
	    !given.dmac || !given.src || !given.dst) {
		bench_err("rate: --tx-netns, --tx-dev, --rx-netns, --rx-dev, --smac, --dmac, --src and --dst are all needed; try 'clos-bench help rate'");
		return BENCH_EXIT_USAGE;
	}
	/* No SA_RESTART: the signal must end the test run with EINTR. */
	sigaction(SIGUSR1, &sa, NULL);
	return bench_print(rate_run(&o));
}
