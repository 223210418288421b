// SPDX-License-Identifier: GPL-2.0
/*
 * clos-bench pipeline: what one packet costs in the pipeline, and what each
 * feature adds, against a bare XDP redirect timed in the same run.
 *
 * A RoCEv2 frame (DSCP 26, ECT(0)) from the host port of a leaf to another
 * rack goes through BPF_PROG_TEST_RUN with repeat = R on one buffer, and
 * the kernel's own time per round is taken (the syscall is outside it).
 * Reusing the buffer would change the path: the TTL falls by one a round
 * (at 1 the packet is the kernel's: punt_ttl_expired) and the destination
 * MAC becomes the neighbour's (drop_dmac_mismatch). So the frame starts
 * with TTL 255 and R stays below 254, and the neighbour's MAC is the
 * switch's own (bswitch.h); the counters must then show every round
 * forwarded and nothing punted or dropped, and the frame that comes out
 * must have TTL 255 - R and no CE mark, or the run is refused. Each call
 * uses a new UDP source port (a new flow for the ECMP hash).
 *
 * The configurations run in turn, round after round, so that a noisy
 * neighbour on the machine hits all of them alike; each result is the
 * median over rounds, and the ratios and deltas are taken within a round.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bench.h"
#include "bswitch.h"
#include "frames.h"
#include "floor.h"
#include "hold.h"
#include "jitlines.h"
#include "floor.skel.h"

#define PIPE_CMD	"pipeline"
#define PIPE_FRAME_LEN	128
#define PIPE_TTL	255
#define PIPE_ROUTE	"10.1.2.0/24"
#define PIPE_FAST_RATE	100000000000ull	/* the model runs, nothing queues */

enum pipe_prog {
	P_PASS, P_CLOCK, P_MODEL_FLOOR, P_MODEL_DRAIN_FLOOR, P_FLOOR, P_MINFWD,
	P_MINFWD_ECMP, P_FEATFWD, P_SEMFWD, P_NOQOS, P_FULL
};

struct pipe_cfg {
	const char *name;
	const char *what;
	enum pipe_prog prog;
	bool ecmp;		/* route to the ECMP group, else to nexthop 1 */
	bool model;		/* uplinks at 100gbit: the queue model runs */
	bool capture;		/* closctl capture all: every frame in and out */
};

static const struct pipe_cfg cfgs[] = {
	{ "xdp_pass", "XDP_PASS, nothing else (cost of a run)", P_PASS },
	{ "clock_read", "XDP_PASS after one bpf_ktime_get_ns() (the model's clock)", P_CLOCK },
	{ "model_floor", "+ compare-and-swap of the drain time, atomic add to the backlog",
	  P_MODEL_FLOOR },
	{ "model_drain_floor", "+ 8 class backlogs drained at 100 Gbit/s, the class against Kmin",
	  P_MODEL_DRAIN_FLOOR },
	{ "floor", "bare redirect: bounds check, bpf_redirect_map()", P_FLOOR },
	{ "minimal_forwarder", "LPM, nexthop, MAC + TTL rewrite, redirect", P_MINFWD },
	{ "minimal_forwarder_ecmp", "+ ECMP: CRC-32 5-tuple hash, group of 2 nexthops",
	  P_MINFWD_ECMP, true },
	{ "feature_floor", "+ DSCP class, rx/tx/per-class counter block per port",
	  P_FEATFWD, true },
	{ "semantic_floor", "+ port MAC, VLAN and up, IPv4 checksum, martians, seed and finalizer, RoCE, switch and member counters",
	  P_SEMFWD, true },
	{ "clos_base", "clos ingress + egress, route to a nexthop, no QoS stage", P_NOQOS },
	{ "clos_qos", "+ QoS stage: class, PCP, per-class counters (model off)", P_FULL },
	{ "clos_qos_ecmp", "+ ECMP: resilient group of 2 uplinks", P_FULL, true },
	{ "clos_full", "+ ECN/queue model on the uplinks (100gbit)", P_FULL, true, true },
	{ "clos_full_capture", "clos_full with a capture of every port, in and out",
	  P_FULL, true, true, true },
};

#define NUM_CFGS	(sizeof(cfgs) / sizeof(cfgs[0]))
#define CFG_PASS	0
#define CFG_CLOCK	1
#define CFG_MODEL_FLOOR	2
#define CFG_MODEL_DRAIN_FLOOR	3
#define CFG_FLOOR	4
#define CFG_MINFWD	5
#define CFG_MINFWD_ECMP	6
#define CFG_FEATFWD	7
#define CFG_SEMFWD	8
#define CFG_BASE	9
#define CFG_QOS		10
#define CFG_ECMP	11
#define CFG_FULL	12
#define CFG_CAPTURE	13

struct pipe_params {
	__u64 rounds, calls, repeat;
	int only;		/* one configuration's index, or -1: all */
	const char *lines;	/* where to write the programs' lines, or NULL */
};

struct pipe_ctx {
	struct bsw bsw;
	struct bench_hold hold;
	struct floor *floor;
	__u8 frame[BENCH_FRAME_MAX];
	size_t len;
	struct ring_buffer *rb;		/* the capture's records, drained */
	__u64 records;
	int ncpus;
};

/* The options as given; cmd_pipeline() checks them. */
static struct {
	const char *rounds, *calls, *repeat, *only, *lines;
} given;

const struct cli_opt pipeline_opts[] = {
	CLI_OPT_STRING("rounds", 0, "N", &given.rounds,
		       "rounds, each timing every configuration in turn\n"
		       "(1..64, default 5)"),
	CLI_OPT_STRING("calls", 0, "N", &given.calls,
		       "calls per configuration and round (1..1000000,\n"
		       "default 2000)"),
	CLI_OPT_STRING("repeat", 0, "R", &given.repeat,
		       "rounds of the frame per call, on one buffer\n"
		       "(1..253, default 200)"),
	CLI_OPT_STRING("only", 0, "NAME", &given.only,
		       "run this configuration only (for a profiler)"),
	CLI_OPT_STRING("lines", 0, "FILE", &given.lines,
		       "write the JIT address of each source line of clos's\n"
		       "programs to FILE, for clos-bench lines"),
	{}
};

const char pipeline_doc[] =
"\n"
"Time a RoCEv2 frame through the leaf pipeline with BPF_PROG_TEST_RUN,\n"
"against XDP_PASS, a bare redirect and a minimal forwarder, and with the\n"
"features added one at a time (QoS stage, ECMP, queue model). Prints JSON:\n"
"ns per packet for each configuration (min/median/max over rounds), the\n"
"cost of each feature and the full pipeline over the bare redirect.\n"
"\n"
"NAME := { xdp_pass | clock_read | model_floor | model_drain_floor | floor |\n"
"          minimal_forwarder | minimal_forwarder_ecmp | feature_floor |\n"
"          semantic_floor | clos_base | clos_qos | clos_qos_ecmp |\n"
"          clos_full | clos_full_capture }\n";

/* The reference programs' tables, shaped as the switch's: PIPE_ROUTE to
 * group 1 of nexthops 1 and 2 on uplinks 1 and 2 (bench_minfwd takes
 * nexthop 1), each uplink's MAC its nexthop's source, so the frame that
 * comes out tells the member; bench_floor redirects to port 0. Every port
 * sends to BSW_IFINDEX, and counts there. */
static int floor_setup(struct pipe_ctx *c)
{
	struct bpf_devmap_val dv = { .ifindex = BSW_IFINDEX };
	struct floor_lpm_key key = { 24, { 10, 1, 2, 0 } };
	struct floor_route rt = { .nexthop = 1, .group = 1 };
	struct floor_nexthop nh[2] = {
		{ .port = 1, .ifindex = BSW_IFINDEX, .smac = BSW_PORT_MAC(1),
		  .dmac = BSW_PORT_MAC(BSW_HOST_PORT) },
		{ .port = 2, .ifindex = BSW_IFINDEX, .smac = BSW_PORT_MAC(2),
		  .dmac = BSW_PORT_MAC(BSW_HOST_PORT) },
	};
	struct floor_port port = { .mac = BSW_PORT_MAC(BSW_HOST_PORT), .up = 1 };
	__u32 i, one = 1, port_key = BSW_IFINDEX;
	struct floor_group g;
	int err = 0;

	c->floor = floor__open_and_load();
	if (!c->floor) {
		bench_err("pipeline: cannot load the reference programs: %s", strerror(errno));
		return -errno;
	}
	for (i = 0; i < FLOOR_GROUP_SLOTS; i++)
		g.nexthop[i] = 1 + i % 2;
	for (i = 0; !err && i <= 2; i++)
		err = bpf_map_update_elem(bpf_map__fd(c->floor->maps.floor_tx), &i, &dv, BPF_ANY);
	for (i = 1; !err && i <= 2; i++)
		err = bpf_map_update_elem(bpf_map__fd(c->floor->maps.floor_nexthops), &i,
					  &nh[i - 1], BPF_ANY);
	if (!err)
		err = bpf_map_update_elem(bpf_map__fd(c->floor->maps.floor_groups), &one, &g,
					  BPF_ANY);
	if (!err)
		err = bpf_map_update_elem(bpf_map__fd(c->floor->maps.floor_routes), &key, &rt,
					  BPF_ANY);
	/* The semantic floor's port table: every port is lo here, and the
	 * frame is addressed to the host port. */
	if (!err)
		err = bpf_map_update_elem(bpf_map__fd(c->floor->maps.floor_ports), &port_key,
					  &port, BPF_ANY);
	if (err) {
		bench_err("pipeline: cannot fill the reference tables: %s", strerror(errno));
		return -errno;
	}
	c->ncpus = libbpf_num_possible_cpus();
	return c->ncpus > 0 ? 0 : c->ncpus;
}

/* Entry key of one of the floors' per-CPU maps of u64 counters, summed
 * over the CPUs into sum (size bytes); what: the map, for the message. */
static int floor_percpu_sum(struct pipe_ctx *c, const struct bpf_map *map,
			    __u32 key, void *sum, size_t size, const char *what)
{
	__u64 *v = calloc(c->ncpus, size), *s = sum;
	size_t words = size / sizeof(__u64), w;
	int cpu, err = 0;

	memset(sum, 0, size);
	if (!v || bpf_map_lookup_elem(bpf_map__fd(map), &key, v)) {
		err = -errno;
		bench_err("pipeline: cannot read %s: %s", what, strerror(errno));
		goto out;
	}
	for (cpu = 0; cpu < c->ncpus; cpu++)
		for (w = 0; w < words; w++)
			s[w] += v[cpu * words + w];
out:
	free(v);
	return err;
}

/* What the feature and semantic floors count: the counters of the port
 * BSW_IFINDEX (the test run's ingress is lo, as BSW_IFINDEX), and the
 * switch's own (the semantic floor only). */
struct floor_counts {
	struct floor_port_ctr port;
	struct floor_stats sw;
};

static int floor_counts(struct pipe_ctx *c, struct floor_counts *n)
{
	return floor_percpu_sum(c, c->floor->maps.floor_port_ctr, BSW_IFINDEX,
				&n->port, sizeof(n->port), "the floor's port counters") ||
	       floor_percpu_sum(c, c->floor->maps.floor_stats, 0, &n->sw,
				sizeof(n->sw), "the floor's switch counters") ? -1 : 0;
}

#define FLOOR_DELTA(field)	(after.field.packets - before->field.packets)

/* The feature floor counted each round as received and sent, and sent in
 * the frame's class; the semantic floor, each as forwarded by ECMP and as
 * RoCE but no CNP, too: 0, or -1 after saying what they counted. */
static int floor_counted(struct pipe_ctx *c, const struct pipe_cfg *cfg,
			 const struct floor_counts *before, __u64 rounds)
{
	__u32 tc = BENCH_DSCP_ROCE >> 3;	/* floor_dscp_tc's default */
	struct floor_counts after;

	if (floor_counts(c, &after))
		return -1;
	if (FLOOR_DELTA(port.rx) != rounds || FLOOR_DELTA(port.tx) != rounds ||
	    FLOOR_DELTA(port.tc_tx[tc]) != rounds ||
	    after.port.tx.bytes - before->port.tx.bytes != rounds * c->len) {
		bench_err("pipeline: %s: %llu rounds, counted %llu received, %llu sent, "
			  "%llu sent in class %u", cfg->name, (unsigned long long)rounds,
			  (unsigned long long)FLOOR_DELTA(port.rx),
			  (unsigned long long)FLOOR_DELTA(port.tx),
			  (unsigned long long)FLOOR_DELTA(port.tc_tx[tc]), tc);
		return -1;
	}
	if (cfg->prog == P_SEMFWD &&
	    (FLOOR_DELTA(sw.fwd) != rounds || FLOOR_DELTA(sw.fwd_ecmp) != rounds ||
	     FLOOR_DELTA(sw.roce) != rounds || FLOOR_DELTA(sw.roce_cnp))) {
		bench_err("pipeline: %s: %llu rounds, counted %llu forwarded, %llu by ECMP, "
			  "%llu RoCE, %llu CNPs", cfg->name, (unsigned long long)rounds,
			  (unsigned long long)FLOOR_DELTA(sw.fwd),
			  (unsigned long long)FLOOR_DELTA(sw.fwd_ecmp),
			  (unsigned long long)FLOOR_DELTA(sw.roce),
			  (unsigned long long)FLOOR_DELTA(sw.roce_cnp));
		return -1;
	}
	return 0;
}

/* The one entry of a model floor's map (floor_tm, floor_tm8) into v;
 * what: the map's name in the message. */
static int floor_model_read(const struct bpf_map *map, void *v, const char *what)
{
	__u32 zero = 0;

	if (bpf_map_lookup_elem(bpf_map__fd(map), &zero, v)) {
		bench_err("pipeline: cannot read %s: %s", what, strerror(errno));
		return -1;
	}
	return 0;
}

/* The model floor's backlog (floor_tm), which each run adds its frame to. */
static int floor_backlog(struct pipe_ctx *c, __u64 *backlog)
{
	struct floor_tm t;

	if (floor_model_read(c->floor->maps.floor_tm, &t, "the model floor's backlog"))
		return -1;
	*backlog = t.backlog;
	return 0;
}

static int prog_fd(struct pipe_ctx *c, enum pipe_prog p)
{
	switch (p) {
	case P_PASS:
		return bpf_program__fd(c->floor->progs.bench_pass);
	case P_CLOCK:
		return bpf_program__fd(c->floor->progs.bench_clock);
	case P_MODEL_FLOOR:
		return bpf_program__fd(c->floor->progs.bench_model_floor);
	case P_MODEL_DRAIN_FLOOR:
		return bpf_program__fd(c->floor->progs.bench_model_drain_floor);
	case P_FLOOR:
		return bpf_program__fd(c->floor->progs.bench_floor);
	case P_MINFWD:
		return bpf_program__fd(c->floor->progs.bench_minfwd);
	case P_MINFWD_ECMP:
		return bpf_program__fd(c->floor->progs.bench_minfwd_ecmp);
	case P_FEATFWD:
		return bpf_program__fd(c->floor->progs.bench_featfwd);
	case P_SEMFWD:
		return bpf_program__fd(c->floor->progs.bench_semfwd);
	case P_NOQOS:
		return c->bsw.noqos_fd;
	case P_FULL:
		return c->bsw.prog_fd;
	}
	return -1;
}

static int pipe_setup(struct pipe_ctx *c)
{
	struct bench_frame_spec spec = {
		.dmac = BSW_PORT_MAC(BSW_HOST_PORT),
		.smac = { 0x02, 0xc1, 0xbe, 0xaa, 0x00, 0x01 },
		.sport = 49152, .dport = BENCH_ROCE_PORT,
		.tos = BENCH_DSCP_ROCE << 2 | BENCH_ECT0, .ttl = PIPE_TTL,
		.len = PIPE_FRAME_LEN, .roce = true,
	};
	int err, p;

	bench_parse_ipv4("10.1.1.1", &spec.saddr);
	bench_parse_ipv4("10.1.2.1", &spec.daddr);
	c->len = bench_frame_build(c->frame, &spec);
	err = bsw_open(&c->bsw, 2, 0);
	if (!err)
		err = bsw_group(&c->bsw, 1, CLOS_ECMP_RESILIENT, 2);
	if (!err)
		err = floor_setup(c);
	if (!err)
		err = bench_hold_open(&c->hold);
	for (p = P_PASS; !err && p <= P_FULL; p++)
		err = bench_hold_prog(&c->hold, prog_fd(c, p));
	return err;
}

static int pipe_record(void *ctx, void *data, size_t size)
{
	((struct pipe_ctx *)ctx)->records++;
	return 0;
}

/* Capture on (every port, in and out: as closctl capture all does) or
 * off; the ring is drained between calls, outside the timed runs. */
static int pipe_capture(struct pipe_ctx *c, bool on)
{
	struct clos_obs_cfg cfg = {
		.flags = on ? CLOS_OBS_CAPTURE : 0, .snaplen = CLOS_OBS_SNAP,
		.in_ports = ~0ull, .out_ports = ~0ull,
	};
	__u32 zero = 0;

	if (!c->rb)
		c->rb = ring_buffer__new(c->bsw.sw.fd[CLOS_MAP_OBS_RING], pipe_record, c, NULL);
	if (!c->rb || bpf_map_update_elem(c->bsw.sw.fd[CLOS_MAP_OBS_CFG], &zero, &cfg, BPF_ANY)) {
		bench_err("pipeline: cannot switch the capture %s: %s", on ? "on" : "off",
			  strerror(errno));
		return -errno;
	}
	return 0;
}

/* Records the capture could not keep (a full ring). */
static __u64 pipe_lost(struct pipe_ctx *c)
{
	struct clos_obs_slot s;
	__u64 lost = 0;
	__u32 dir;

	for (dir = CLOS_OBS_IN; dir <= CLOS_OBS_OUT; dir++)
		if (!clos_percpu_sum(&c->bsw.sw, CLOS_MAP_OBS_BUF, dir, &s, sizeof(s)))
			lost += s.lost;
	return lost;
}

/* Tables as configuration i wants them. */
static int pipe_apply(struct pipe_ctx *c, const struct pipe_cfg *cfg)
{
	__u64 rate = cfg->model ? PIPE_FAST_RATE : 0;
	int err;

	if (cfg->prog < P_NOQOS)
		return 0;
	err = pipe_capture(c, cfg->capture);
	if (err)
		return err;
	err = bsw_table_add(&c->bsw, "route_v4", cfg->ecmp ? PIPE_ROUTE " => ecmp 1"
							    : PIPE_ROUTE " => nexthop 1");
	if (!err)
		err = bsw_port_rate(&c->bsw, 1, rate);
	if (!err)
		err = bsw_port_rate(&c->bsw, 2, rate);
	return err;
}

/* The counters that say where the rounds ended. */
struct pipe_counts {
	__u64 fwd, punt, drop;
};

static void pipe_counts(struct pipe_ctx *c, struct pipe_counts *n)
{
	int s;

	memset(n, 0, sizeof(*n));
	for (s = 0; s < CLOS_STAT_MAX; s++) {
		__u64 v = bsw_stat(&c->bsw, s);

		if (s == CLOS_STAT_FWD)
			n->fwd += v;
		else if (s >= CLOS_STAT_PUNT_LOCAL && s <= CLOS_STAT_PUNT_V6_HBH)
			n->punt += v;
		else if (s >= CLOS_STAT_DROP_TRUNCATED)
			n->drop += v;
	}
}

/* One configuration for one round: mean ns per packet, or < 0. */
static double pipe_measure(struct pipe_ctx *c, const struct pipe_cfg *cfg,
			   const struct pipe_params *o)
{
	__u32 expect = cfg->prog <= P_MODEL_DRAIN_FLOOR ? XDP_PASS : XDP_REDIRECT;
	bool clos = cfg->prog >= P_NOQOS, rewrites = cfg->prog >= P_MINFWD;
	bool reference = rewrites && !clos;
	struct pipe_counts before, after;
	struct floor_counts floor_before;
	struct floor_tm8 tm8;
	__u8 out[BENCH_FRAME_MAX];
	__u64 sum = 0, i, member[2] = {}, backlog_before = 0, backlog;
	__u32 olen, ret, dur;
	int err;

	__u64 lost = pipe_lost(c);

	c->records = 0;
	pipe_counts(c, &before);
	if ((cfg->prog == P_FEATFWD || cfg->prog == P_SEMFWD) &&
	    floor_counts(c, &floor_before))
		return -1;
	if (cfg->prog == P_MODEL_FLOOR && floor_backlog(c, &backlog_before))
		return -1;
	for (i = 0; i < o->calls; i++) {
		__u16 sport = htons(49152 + i % 16384);

		memcpy(c->frame + BENCH_OFF_SPORT, &sport, 2);
		err = bsw_run(prog_fd(c, cfg->prog), c->frame, c->len, o->repeat,
			      out, &olen, &ret, &dur);
		if (err) {
			bench_err("pipeline: %s: test run: %s", cfg->name, strerror(-err));
			return -1;
		}
		if (ret != expect) {
			bench_err("pipeline: %s: verdict %u, expected %u", cfg->name, ret, expect);
			return -1;
		}
		if (rewrites && out[BENCH_OFF_TTL] != PIPE_TTL - o->repeat) {
			bench_err("pipeline: %s: TTL %u after %llu rounds, expected %llu",
				  cfg->name, out[BENCH_OFF_TTL], (unsigned long long)o->repeat,
				  (unsigned long long)(PIPE_TTL - o->repeat));
			return -1;
		}
		if ((out[BENCH_OFF_TOS] & 3) != BENCH_ECT0) {
			bench_err("pipeline: %s: the frame was marked CE: the model queued", cfg->name);
			return -1;
		}
		/* A reference program's member: its uplink's MAC as the source. */
		if (reference) {
			__u8 up = out[ETH_ALEN + 5];

			if ((up != 1 && up != 2) || (!cfg->ecmp && up != 1)) {
				bench_err("pipeline: %s: sent by port %u", cfg->name, up);
				return -1;
			}
			member[up - 1]++;
		}
		sum += dur;
		if (cfg->capture)
			ring_buffer__consume(c->rb);
	}
	/* Each call is a new flow: 32 or more cannot all hash to one of two
	 * members but by a broken hash (2^-31). */
	if (reference && cfg->ecmp && o->calls >= 32 && (!member[0] || !member[1])) {
		bench_err("pipeline: %s: %llu flows took member 1, %llu member 2",
			  cfg->name, (unsigned long long)member[0],
			  (unsigned long long)member[1]);
		return -1;
	}
	if ((cfg->prog == P_FEATFWD || cfg->prog == P_SEMFWD) &&
	    floor_counted(c, cfg, &floor_before, o->calls * o->repeat))
		return -1;
	/* Every run claimed the time and served the frame before its own:
	 * the class holds one frame, and nothing was marked. */
	if (cfg->prog == P_MODEL_DRAIN_FLOOR) {
		if (floor_model_read(c->floor->maps.floor_tm8, &tm8,
				     "the drain floor's port"))
			return -1;
		if (tm8.backlog[FLOOR_TM_TC] != c->len || tm8.marked) {
			bench_err("pipeline: %s: class %d holds %llu bytes, expected %zu; %llu marked",
				  cfg->name, FLOOR_TM_TC,
				  (unsigned long long)tm8.backlog[FLOOR_TM_TC], c->len,
				  (unsigned long long)tm8.marked);
			return -1;
		}
	}
	/* Every run claimed the time and queued its frame. */
	if (cfg->prog == P_MODEL_FLOOR) {
		if (floor_backlog(c, &backlog))
			return -1;
		if (backlog - backlog_before != o->calls * o->repeat * c->len) {
			bench_err("pipeline: %s: backlog grew by %llu bytes, expected %llu",
				  cfg->name, (unsigned long long)(backlog - backlog_before),
				  (unsigned long long)(o->calls * o->repeat * c->len));
			return -1;
		}
	}
	if (cfg->capture && (c->records != 2 * o->calls * o->repeat ||
			     pipe_lost(c) != lost)) {
		bench_err("pipeline: %s: %llu records of %llu, %llu lost",
			  cfg->name, (unsigned long long)c->records,
			  (unsigned long long)(2 * o->calls * o->repeat),
			  (unsigned long long)(pipe_lost(c) - lost));
		return -1;
	}
	pipe_counts(c, &after);
	if (clos && (after.fwd - before.fwd != o->calls * o->repeat ||
		     after.punt != before.punt || after.drop != before.drop)) {
		bench_err("pipeline: %s: %llu of %llu rounds forwarded, %llu punted, %llu dropped",
			  cfg->name, (unsigned long long)(after.fwd - before.fwd),
			  (unsigned long long)(o->calls * o->repeat),
			  (unsigned long long)(after.punt - before.punt),
			  (unsigned long long)(after.drop - before.drop));
		return -1;
	}
	return (double)sum / o->calls;
}

/* Configuration a against b within each round: a - b, or a / b. */
struct pipe_pair {
	const char *name;
	int a, b;
};

static const struct pipe_pair deltas[] = {
	{ "qos_stage", CFG_QOS, CFG_BASE },
	{ "ecmp", CFG_ECMP, CFG_QOS },
	{ "ecn_model", CFG_FULL, CFG_ECMP },
	{ "clock_read", CFG_CLOCK, CFG_PASS },
	{ "model_floor", CFG_MODEL_FLOOR, CFG_PASS },
	{ "model_drain_floor", CFG_MODEL_DRAIN_FLOOR, CFG_PASS },
	{ "base_over_floor", CFG_BASE, CFG_FLOOR },
	{ "capture_on", CFG_CAPTURE, CFG_FULL },
	{ "floor_ecmp", CFG_MINFWD_ECMP, CFG_MINFWD },
	{ "floor_classes_counters", CFG_FEATFWD, CFG_MINFWD_ECMP },
	{ "floor_checks_counts", CFG_SEMFWD, CFG_FEATFWD },
};

static const struct pipe_pair ratios[] = {
	{ "full_over_floor", CFG_FULL, CFG_FLOOR },
	{ "full_over_minimal_forwarder", CFG_FULL, CFG_MINFWD },
	{ "unshaped_over_feature_floor", CFG_ECMP, CFG_FEATFWD },
	{ "unshaped_over_semantic_floor", CFG_ECMP, CFG_SEMFWD },
};

static struct json_object *pipe_compare(double ns[][64], int a, int b, int n,
					bool ratio)
{
	double v[64];
	int k;

	for (k = 0; k < n; k++)
		v[k] = ratio ? ns[a][k] / ns[b][k] : ns[a][k] - ns[b][k];
	return bench_summary(v, n);
}

static struct json_object *pipe_result(const struct pipe_params *o, double ns[][64])
{
	struct json_object *r = json_object_new_object(), *arr, *d;
	int n = o->rounds, i, k;
	double v[64];

	bench_jadd_str(r, "method",
		"BPF_PROG_TEST_RUN, kernel-timed mean per round, one buffer reused");
	bench_jadd_u64(r, "rounds", o->rounds);
	bench_jadd_u64(r, "calls_per_round", o->calls);
	bench_jadd_u64(r, "repeat", o->repeat);
	bench_jadd_u64(r, "frame_bytes", PIPE_FRAME_LEN);
	bench_jadd_u64(r, "ttl_in", PIPE_TTL);
	arr = json_object_new_array();
	for (i = 0; i < (int)NUM_CFGS; i++) {
		struct json_object *c = json_object_new_object(), *pr = json_object_new_array();

		bench_jadd_str(c, "name", cfgs[i].name);
		bench_jadd_str(c, "what", cfgs[i].what);
		for (k = 0; k < n; k++) {
			json_object_array_add(pr, json_object_new_double(ns[i][k]));
			v[k] = ns[i][k];
		}
		json_object_object_add(c, "ns_per_pkt", bench_summary(v, n));
		json_object_object_add(c, "per_round", pr);
		json_object_array_add(arr, c);
	}
	json_object_object_add(r, "configs", arr);

	/* Within a round: each feature's cost, and full over floor. */
	d = json_object_new_object();
	for (i = 0; i < (int)(sizeof(deltas) / sizeof(deltas[0])); i++)
		json_object_object_add(d, deltas[i].name,
				       pipe_compare(ns, deltas[i].a, deltas[i].b, n, false));
	json_object_object_add(r, "delta_ns", d);
	for (i = 0; i < (int)(sizeof(ratios) / sizeof(ratios[0])); i++)
		json_object_object_add(r, ratios[i].name,
				       pipe_compare(ns, ratios[i].a, ratios[i].b, n, true));
	return r;
}

/* The source lines of clos's programs (both builds of the pipeline), as
 * loaded now, for a profile by line (jitlines.h). */
static int pipe_write_lines(struct pipe_ctx *c, const char *path)
{
	const enum pipe_prog progs[] = { P_NOQOS, P_FULL };
	FILE *f = fopen(path, "w");
	size_t i;
	int err = 0;

	if (!f) {
		err = -errno;
		bench_err("%s: %s", path, strerror(-err));
		return err;
	}
	for (i = 0; !err && i < sizeof(progs) / sizeof(progs[0]); i++)
		err = bench_jit_lines_write(prog_fd(c, progs[i]), f);
	if (fclose(f) && !err)
		err = -errno;
	if (err)
		bench_err("%s: cannot write the programs' lines: %s", path,
			  strerror(-err));
	return err;
}

static struct json_object *pipe_run(const struct pipe_params *o)
{
	static double ns[NUM_CFGS][64];
	struct json_object *res = NULL;
	struct pipe_ctx c = {};
	__u64 r;
	size_t i;

	bsw_pin_cpu();
	if (pipe_setup(&c) || (o->lines && pipe_write_lines(&c, o->lines)))
		goto out;
	for (r = 0; r < o->rounds; r++) {
		for (i = 0; i < NUM_CFGS; i++) {
			if (o->only >= 0 && (int)i != o->only)
				continue;
			if (pipe_apply(&c, &cfgs[i]))
				goto out;
			ns[i][r] = pipe_measure(&c, &cfgs[i], o);
			if (ns[i][r] < 0)
				goto out;
		}
	}
	if (o->only < 0) {
		res = pipe_result(o, ns);
	} else {
		res = json_object_new_object();
		bench_jadd_str(res, "name", cfgs[o->only].name);
		json_object_object_add(res, "ns_per_pkt", bench_summary(ns[o->only], o->rounds));
	}
out:
	ring_buffer__free(c.rb);
	bench_hold_close(&c.hold);
	floor__destroy(c.floor);
	bsw_close(&c.bsw);
	return res;
}

/* The index of configuration name, or -1. */
static int pipe_cfg_find(const char *name)
{
	size_t i;

	for (i = 0; i < NUM_CFGS; i++)
		if (!strcmp(name, cfgs[i].name))
			return i;
	return -1;
}

int cmd_pipeline(int argc, char **argv)
{
	struct pipe_params o = { .rounds = 5, .calls = 2000, .repeat = 200, .only = -1,
				 .lines = given.lines };

	if (bench_no_args(PIPE_CMD, argc, argv) ||
	    bench_opt_u64(PIPE_CMD, "rounds", given.rounds, 1, 64, "1 to 64", &o.rounds) ||
	    bench_opt_u64(PIPE_CMD, "calls", given.calls, 1, 1000000, "1 to 1000000",
			  &o.calls) ||
	    bench_opt_u64(PIPE_CMD, "repeat", given.repeat, 1, PIPE_TTL - 2, "1 to 253",
			  &o.repeat))
		return BENCH_EXIT_USAGE;
	if (given.only) {
		o.only = pipe_cfg_find(given.only);
		if (o.only < 0)
			return bench_bad_opt(PIPE_CMD, "only", given.only, "a configuration name");
	}
	return bench_print(pipe_run(&o));
}
