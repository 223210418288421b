// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <criterion/criterion.h>
#include "fixture.h"
#include "build.h"
#include "ecmp_store.h"
#include "qos_defaults.h"
#include "clos_fast.skel.h"
#include "clos_queue.skel.h"
#include "pipeline_test.skel.h"
#include "parser_test.skel.h"
#include "tc_test.skel.h"

static const char *const fx_port_names[FX_NUM_PORTS] = {
	"host0", "spine1", "spine2", "spine3", "spine4", "host5", "host6",
	"spare7",
};

/* Load only the programs of obj a test runs (a and b, b may be NULL): the
 * verifier takes most of a test's time, and a test object holds several
 * variants of one pipeline. */
static void only_load(struct bpf_object *obj, const struct bpf_program *a,
		      const struct bpf_program *b)
{
	struct bpf_program *p;

	bpf_object__for_each_program(p, obj)
		bpf_program__set_autoload(p, p == a || p == b);
}

static int fx_load(struct fx *fx, enum fx_prog kind)
{
	int err;

	switch (kind) {
	case FX_PROD: {
		struct clos_fast *s = clos_fast__open_and_load();

		if (!s)
			return -errno;
		fx->skel = s;
		fx->obj = s->obj;
		fx->prog_fd = bpf_program__fd(s->progs.clos_ingress_xdp);
		return 0;
	}
	case FX_PIPELINE:
	case FX_GENERAL:
	case FX_LANE: {
		struct pipeline_test *s = pipeline_test__open();
		struct bpf_program *prog;

		if (!s)
			return -errno;
		prog = kind == FX_GENERAL ? s->progs.clos_general_test :
		       kind == FX_LANE ? s->progs.clos_lane_test :
		       s->progs.clos_pipeline_test;
		only_load(s->obj, prog, NULL);
		err = pipeline_test__load(s);
		if (err) {
			pipeline_test__destroy(s);
			return err;
		}
		fx->skel = s;
		fx->obj = s->obj;
		fx->prog_fd = bpf_program__fd(prog);
		fx->egress_port = &s->data->egress_port;
		fx->lane_missed = &s->bss->lane_missed;
		return 0;
	}
	case FX_PARSER: {
		struct parser_test *s = parser_test__open();

		if (!s)
			return -errno;
		s->rodata->hash_seed = FX_SEED;
		err = parser_test__load(s);
		if (err) {
			parser_test__destroy(s);
			return err;
		}
		fx->skel = s;
		fx->obj = s->obj;
		fx->prog_fd = bpf_program__fd(s->progs.clos_parse_test);
		fx->view = &s->bss->view;
		return 0;
	}
	case FX_QUEUE: {
		struct clos_queue *s = clos_queue__open_and_load();

		if (!s)
			return -errno;
		fx->skel = s;
		fx->obj = s->obj;
		fx->prog_fd = bpf_program__fd(s->progs.clos_ingress_tc);
		fx->egress_fd = bpf_program__fd(s->progs.clos_egress_tc);
		return 0;
	}
	case FX_TC_TEST:
	case FX_TC_GENERAL:
	case FX_TC_LANE: {
		struct tc_test *s = tc_test__open();
		struct bpf_program *prog;

		if (!s)
			return -errno;
		prog = kind == FX_TC_GENERAL ? s->progs.clos_tc_general_test :
		       kind == FX_TC_LANE ? s->progs.clos_tc_lane_test :
		       s->progs.clos_tc_ingress_test;
		only_load(s->obj, prog, s->progs.clos_tc_egress_test);
		err = tc_test__load(s);
		if (err) {
			tc_test__destroy(s);
			return err;
		}
		fx->skel = s;
		fx->obj = s->obj;
		fx->prog_fd = bpf_program__fd(prog);
		fx->lane_missed = &s->bss->lane_missed;
		fx->egress_fd = bpf_program__fd(s->progs.clos_tc_egress_test);
		fx->tc_hw_tci = &s->data->hw_tci_in;
		fx->tc_hw_proto = &s->data->hw_proto_in;
		fx->tc_view = &s->bss->view;
		return 0;
	}
	}
	return -EINVAL;
}

static void fx_update(struct fx *fx, enum clos_map_id map, const void *key,
		      const void *val)
{
	int err = bpf_map_update_elem(fx->sw.fd[map], key, val, BPF_ANY);

	cr_assert_eq(err, 0, "update of map %s: %s", clos_map_names[map],
		     strerror(errno));
}

/* The standard switch of fixture.h, built as clos-loader builds one. */
static void fx_build(struct fx *fx)
{
	struct clos_port ports[FX_NUM_PORTS];
	struct clos_switch_desc d = {
		.ports = ports,
		.num_ports = FX_NUM_PORTS,
		.seed = FX_SEED,
		/* Fast mode: closctl's qdisc work stays off, the unit switch
		 * has no interfaces of its own. */
		.role = CLOS_ROLE_LEAF,
		.mode = CLOS_MODE_FAST,
	};
	struct clos_err cerr = {};
	char mac[32];
	__u32 p;
	int err;

	err = clos_switch_of_object(&fx->sw, fx->obj, "unit", &cerr);
	cr_assert_eq(err, 0, "%s", cerr.msg);
	for (p = 0; p < FX_NUM_PORTS; p++) {
		ports[p] = (struct clos_port){
			.ifindex = FX_IFINDEX,
			.role = (p == FX_PORT_HOST || p == FX_PORT_VLAN10 ||
				 p == FX_PORT_VLAN20) ? CLOS_PORT_HOST
						      : CLOS_PORT_FABRIC,
			.up = p != FX_PORT_DOWN,
			.vlan = p == FX_PORT_VLAN10 ? 10 :
				p == FX_PORT_VLAN20 ? 20 : 0,
			.trust = CLOS_TRUST_PCP,
		};
		snprintf(mac, sizeof(mac), "02:c1:05:00:00:%02x", p);
		pkt_mac(ports[p].mac, mac);
		snprintf(ports[p].name, sizeof(ports[p].name), "%s", fx_port_names[p]);
	}
	err = clos_switch_build(&fx->sw, &d, &cerr);
	cr_assert_eq(err, 0, "building the unit switch: %s", cerr.msg);

	/* Every port is on lo: frames come in on the host port. */
	fx_ingress(fx, FX_PORT_HOST);
	for (p = 1; p < FX_NUM_PORTS; p++) {
		snprintf(mac, sizeof(mac), "02:ee:00:00:00:%02x", p);
		fx_nexthop(fx, p, p, mac, true);
	}
}

void fx_open(struct fx *fx, enum fx_prog kind)
{
	int err;

	memset(fx, 0, sizeof(*fx));
	fx->kind = kind;
	fx->egress_fd = -1;
	err = fx_load(fx, kind);
	cr_assert_eq(err, 0, "loading BPF object %d: %s (run as root)", kind,
		     strerror(-err));
	if (kind == FX_PARSER)
		return;		/* the parser alone has no tables */
	fx_build(fx);
}

void fx_close(struct fx *fx)
{
	if (!fx->skel)
		return;
	switch (fx->kind) {
	case FX_PROD:
		clos_fast__destroy(fx->skel);
		break;
	case FX_PIPELINE:
	case FX_GENERAL:
	case FX_LANE:
		pipeline_test__destroy(fx->skel);
		break;
	case FX_PARSER:
		parser_test__destroy(fx->skel);
		break;
	case FX_QUEUE:
		clos_queue__destroy(fx->skel);
		break;
	case FX_TC_TEST:
	case FX_TC_GENERAL:
	case FX_TC_LANE:
		tc_test__destroy(fx->skel);
		break;
	}
	fx->skel = NULL;
}

static struct fx fx_current;

struct fx *fx_setup(enum fx_prog kind)
{
	fx_open(&fx_current, kind);
	return &fx_current;
}

void fx_teardown(void)
{
	fx_close(&fx_current);
}

void fx_ingress(struct fx *fx, __u32 port)
{
	__u32 ifindex = FX_IFINDEX, ref = CLOS_IFINDEX_PORT(port);

	fx_update(fx, CLOS_MAP_PORT_BY_IFINDEX, &ifindex, &ref);
}

void fx_port_get(struct fx *fx, __u32 id, struct clos_port *port)
{
	int err = clos_port_get(&fx->sw, id, port);

	cr_assert_eq(err, 0, "reading port %u: %s", id, strerror(-err));
}

void fx_port_set(struct fx *fx, __u32 id, const struct clos_port *port)
{
	fx_update(fx, CLOS_MAP_PORTS, &id, port);
}

void fx_port_vlan(struct fx *fx, __u32 id, __u16 vlan)
{
	struct clos_port port;

	fx_port_get(fx, id, &port);
	port.vlan = vlan;
	fx_port_set(fx, id, &port);
}

void fx_port_mac(struct fx *fx, __u32 id, const __u8 mac[6])
{
	struct clos_port port;

	fx_port_get(fx, id, &port);
	memcpy(port.mac, mac, 6);
	fx_port_set(fx, id, &port);
}

void fx_port_up(struct fx *fx, __u32 id, bool up)
{
	struct clos_port port;

	fx_port_get(fx, id, &port);
	port.up = up;
	fx_port_set(fx, id, &port);
}

void fx_nexthop(struct fx *fx, __u32 id, __u32 port, const char *mac,
		bool valid)
{
	struct clos_nexthop nh = { .port = port, .valid = valid };

	pkt_mac(nh.dmac, mac);
	fx_update(fx, CLOS_MAP_NEXTHOP, &id, &nh);
}

void fx_route4(struct fx *fx, const char *addr, int plen,
	       enum clos_route_action action, __u32 id)
{
	struct clos_lpm_v4 key = { .prefixlen = plen };
	struct clos_route rt = { .action = action, .id = id };
	__u8 a[16];

	pkt_addr4(a, addr);
	memcpy(key.addr, a, 4);
	fx_update(fx, CLOS_MAP_ROUTE_V4, &key, &rt);
}

void fx_route6(struct fx *fx, const char *addr, int plen,
	       enum clos_route_action action, __u32 id)
{
	struct clos_lpm_v6 key = { .prefixlen = plen };
	struct clos_route rt = { .action = action, .id = id };

	pkt_addr6(key.addr, addr);
	fx_update(fx, CLOS_MAP_ROUTE_V6, &key, &rt);
}

void fx_group(struct fx *fx, __u32 gid, const struct clos_ecmp_group *g)
{
	int err = clos_ecmp_store_put(fx->sw.fd[CLOS_MAP_ECMP_GROUPS], gid, g);

	cr_assert_eq(err, 0, "writing group %u: %s", gid, strerror(-err));
}

void fx_tx_port_del(struct fx *fx, __u32 port)
{
	int err = bpf_map_delete_elem(fx->sw.fd[CLOS_MAP_TX_PORTS], &port);

	cr_assert_eq(err, 0, "deleting tx_ports[%u]: %s", port, strerror(errno));
}

void fx_ifindex_port(struct fx *fx, __u32 ifindex, __u32 port)
{
	__u32 ref = CLOS_IFINDEX_PORT(port);

	fx_update(fx, CLOS_MAP_PORT_BY_IFINDEX, &ifindex, &ref);
}

void fx_port_trust(struct fx *fx, __u32 id, enum clos_trust trust)
{
	struct clos_port port;

	fx_port_get(fx, id, &port);
	port.trust = trust;
	fx_port_set(fx, id, &port);
}

/* As closctl's `port set PORT rate`: the rate and the port's default
 * profiles for it (tests override single classes afterwards). */
void fx_port_rate(struct fx *fx, __u32 id, __u64 rate_bps)
{
	struct clos_port port;
	int err;

	fx_port_get(fx, id, &port);
	port.rate_bps = rate_bps;
	fx_port_set(fx, id, &port);
	err = clos_qos_write_port_profiles(fx->sw.fd[CLOS_MAP_TM_PROFILE], id,
					   rate_bps);
	cr_assert_eq(err, 0, "profiles of port %u: %s", id, strerror(-err));
}

void fx_class_map(struct fx *fx, enum clos_map_id map, __u32 key, __u32 val)
{
	struct clos_tc_val v = { val };

	cr_assert(map == CLOS_MAP_PCP_TC || map == CLOS_MAP_DSCP_TC ||
		  map == CLOS_MAP_TC_PCP, "%s is no class map", clos_map_names[map]);
	fx_update(fx, map, &key, &v);
}

void fx_tm_profile(struct fx *fx, __u32 port, __u32 tc,
		   const struct clos_tm_profile *pr)
{
	__u32 key = port * CLOS_NUM_TC + tc;

	fx_update(fx, CLOS_MAP_TM_PROFILE, &key, pr);
}

void fx_tm_state_get(struct fx *fx, __u32 port, struct clos_tm_port *st)
{
	int err = bpf_map_lookup_elem(fx->sw.fd[CLOS_MAP_TM_STATE], &port, st);

	cr_assert_eq(err, 0, "reading tm_state[%u]: %s", port, strerror(errno));
}

void fx_tm_state_set(struct fx *fx, __u32 port, const struct clos_tm_port *st)
{
	int err = bpf_map_update_elem(fx->sw.fd[CLOS_MAP_TM_STATE], &port, st,
				      BPF_ANY);

	cr_assert_eq(err, 0, "writing tm_state[%u]: %s", port, strerror(errno));
}

void fx_punt_police_get(struct fx *fx, __u32 port, struct clos_punt_police *pp)
{
	int err = bpf_map_lookup_elem_flags(fx->sw.fd[CLOS_MAP_PUNT_POLICE], &port,
					    pp, BPF_F_LOCK);

	cr_assert_eq(err, 0, "reading punt_police[%u]: %s", port, strerror(errno));
}

void fx_punt_police_set(struct fx *fx, __u32 port,
			const struct clos_punt_police *pp)
{
	int err = bpf_map_update_elem(fx->sw.fd[CLOS_MAP_PUNT_POLICE], &port, pp,
				      BPF_F_LOCK);

	cr_assert_eq(err, 0, "writing punt_police[%u]: %s", port, strerror(errno));
}

struct clos_tm_stats fx_tm_stats(struct fx *fx, __u32 port, __u32 tc)
{
	struct clos_tm_stats t;
	int err;

	err = clos_tm_stats_get(&fx->sw, port, tc, &t);
	cr_assert_eq(err, 0, "reading tm_stats[%u/%u]: %s", port, tc,
		     strerror(-err));
	return t;
}

__u64 fx_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

void fx_run_skb(struct fx *fx, int prog_fd, const void *frame, size_t len,
		struct __sk_buff *skb, struct fx_result *res)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts,
		.data_in = frame,
		.data_size_in = len,
		.data_out = res->out,
		.data_size_out = sizeof(res->out),
		.ctx_in = skb,
		.ctx_size_in = sizeof(*skb),
		.ctx_out = skb,
		.ctx_size_out = sizeof(*skb),
		.repeat = 1,
	);
	int err;

	res->retval = ~0u;
	res->out_len = 0;
	res->egress_port = FX_NO_PORT;
	err = bpf_prog_test_run_opts(prog_fd, &opts);
	cr_assert_eq(err, 0, "skb test_run of a %zu byte frame: %s", len,
		     strerror(-err));
	res->retval = opts.retval;
	res->out_len = opts.data_size_out;
}

int fx_try_run(struct fx *fx, const void *frame, size_t len,
	       struct fx_result *res)
{
	/* test_run resolves ingress_ifindex to a device and requires data_end
	 * to be the frame length. */
	struct xdp_md ctx = { .data_end = len, .ingress_ifindex = FX_IFINDEX };
	LIBBPF_OPTS(bpf_test_run_opts, opts,
		.data_in = frame,
		.data_size_in = len,
		.data_out = res->out,
		.data_size_out = sizeof(res->out),
		.ctx_in = &ctx,
		.ctx_size_in = sizeof(ctx),
		.repeat = 1,
	);
	int err;

	res->retval = ~0u;
	res->out_len = 0;
	res->egress_port = FX_NO_PORT;
	if (fx->egress_port)
		*fx->egress_port = FX_NO_PORT;
	err = bpf_prog_test_run_opts(fx->prog_fd, &opts);
	if (err)
		return err;
	res->retval = opts.retval;
	res->out_len = opts.data_size_out;
	if (fx->egress_port)
		res->egress_port = *fx->egress_port;
	return 0;
}

void fx_run(struct fx *fx, const void *frame, size_t len,
	    struct fx_result *res)
{
	int err = fx_try_run(fx, frame, len, res);

	cr_assert_eq(err, 0, "test_run of a %zu byte frame: %s", len,
		     strerror(-err));
}

void fx_counts(struct fx *fx, struct fx_counts *c)
{
	struct clos_stats s;
	__u32 i;
	int err;

	err = clos_stats_get(&fx->sw, &s);
	cr_assert_eq(err, 0, "reading stats: %s", strerror(-err));
	for (i = 0; i < CLOS_STAT_MAX; i++)
		c->stat[i] = s.c[i];
	for (i = 0; i < FX_NUM_PORTS; i++) {
		err = clos_port_stats_get(&fx->sw, i, &c->port[i]);
		cr_assert_eq(err, 0, "reading port_stats[%u]: %s", i,
			     strerror(-err));
	}
	for (i = 0; i < FX_NUM_PORTS * CLOS_NUM_TC; i++) {
		err = clos_tm_stats_get(&fx->sw, i / CLOS_NUM_TC, i % CLOS_NUM_TC,
					&c->tm[i / CLOS_NUM_TC][i % CLOS_NUM_TC]);
		cr_assert_eq(err, 0, "reading tm_stats[%u]: %s", i, strerror(-err));
	}
}

__u64 fx_stat(struct fx *fx, enum clos_stat stat)
{
	struct clos_counter c;
	int err;

	err = clos_stat_get(&fx->sw, stat, &c);
	cr_assert_eq(err, 0, "reading stats[%d]: %s", stat, strerror(-err));
	return c.packets;
}

struct clos_counter fx_ecmp_stat(struct fx *fx, __u32 gid, __u32 slot)
{
	struct clos_counter c;
	int err;

	err = clos_percpu_sum(&fx->sw, CLOS_MAP_ECMP_STATS,
			      gid * CLOS_MAX_MEMBERS + slot, &c, sizeof(c));
	cr_assert_eq(err, 0, "reading ecmp_stats: %s", strerror(-err));
	return c;
}

bool fx_stat_is_verdict(enum clos_stat stat)
{
	return stat != CLOS_STAT_FWD_ECMP && stat != CLOS_STAT_ROCE &&
	       stat != CLOS_STAT_ROCE_CNP && stat < CLOS_STAT_MAX;
}

bool fx_stat_is_punt(enum clos_stat stat)
{
	return strncmp(clos_stat_names[stat], "punt_", 5) == 0;
}

const char *fx_stat_name(int stat)
{
	if (stat == CLOS_STAT_MAX)
		return "parse ok";
	if (stat < 0 || stat > CLOS_STAT_MAX)
		return "?";
	return clos_stat_names[stat];
}

const char *fx_xdp_name(__u32 action)
{
	static const char *const names[] = {
		"XDP_ABORTED", "XDP_DROP", "XDP_PASS", "XDP_TX", "XDP_REDIRECT",
	};

	return action < 5 ? names[action] : "XDP_?";
}

const char *fx_tc_act_name(__u32 action)
{
	/* TC_ACT_OK 0, TC_ACT_RECLASSIFY 1, TC_ACT_SHOT 2, ... REDIRECT 7 */
	static const char *const names[] = {
		"TC_ACT_OK", "TC_ACT_RECLASSIFY", "TC_ACT_SHOT", "TC_ACT_PIPE",
		"TC_ACT_STOLEN", "TC_ACT_QUEUED", "TC_ACT_REPEAT",
		"TC_ACT_REDIRECT",
	};

	return action < 8 ? names[action] : "TC_ACT_?";
}

__u32 fx_verdict_action(enum clos_stat verdict)
{
	if (verdict == CLOS_STAT_FWD)
		return XDP_REDIRECT;
	return fx_stat_is_punt(verdict) ? XDP_PASS : XDP_DROP;
}

static void expect_counter(const char *what, const char *name,
			   const struct clos_counter *b,
			   const struct clos_counter *a, __u64 packets,
			   __u64 bytes)
{
	cr_assert_eq(a->packets - b->packets, packets,
		     "%s: %s moved by %llu packets, want %llu", what, name,
		     (unsigned long long)(a->packets - b->packets),
		     (unsigned long long)packets);
	cr_assert_eq(a->bytes - b->bytes, bytes,
		     "%s: %s moved by %llu bytes, want %llu", what, name,
		     (unsigned long long)(a->bytes - b->bytes),
		     (unsigned long long)bytes);
}

void fx_expect_counts(const char *what, const struct fx_counts *before,
		      const struct fx_counts *after, enum clos_stat verdict,
		      unsigned int side_mask, size_t len, __u32 in_port)
{
	bool punt = verdict != FX_NO_VERDICT && fx_stat_is_punt(verdict);
	int i;

	for (i = 0; i < CLOS_STAT_MAX; i++) {
		bool want = i == (int)verdict || (side_mask & FX_SIDE(i));

		expect_counter(what, clos_stat_names[i], &before->stat[i],
			       &after->stat[i], want, want ? len : 0);
	}
	for (i = 0; i < FX_NUM_PORTS; i++) {
		const struct clos_port_stats *b = &before->port[i];
		const struct clos_port_stats *a = &after->port[i];
		bool in = (__u32)i == in_port;
		/* Every punt and drop on the way in, a failed redirect
		 * included, is charged to the ingress port; egress drops
		 * happen after the frame has left it. */
		bool ingress_drop = !punt && verdict != CLOS_STAT_FWD &&
				    verdict != FX_NO_VERDICT &&
				    verdict != CLOS_STAT_DROP_EGRESS &&
				    verdict != CLOS_STAT_DROP_QUEUE;

		expect_counter(what, "port rx", &b->rx, &a->rx, in, in ? len : 0);
		expect_counter(what, "port punt", &b->punt, &a->punt, in && punt,
			       in && punt ? len : 0);
		expect_counter(what, "port drop", &b->drop, &a->drop,
			       in && ingress_drop, in && ingress_drop ? len : 0);
	}
}

void fx_expect_tm(const char *what, const struct fx_counts *before,
		  const struct fx_counts *after, __u32 port, __u32 tc,
		  __u64 packets, __u64 bytes, __u64 ce_marked, __u64 dropped)
{
	__u32 p, t;

	for (p = 0; p < FX_NUM_PORTS; p++) {
		for (t = 0; t < CLOS_NUM_TC; t++) {
			const struct clos_tm_stats *b = &before->tm[p][t];
			const struct clos_tm_stats *a = &after->tm[p][t];
			bool here = p == port && t == tc;

			cr_assert(a->packets - b->packets == (here ? packets : 0) &&
				  a->bytes - b->bytes == (here ? bytes : 0) &&
				  a->ce_marked - b->ce_marked == (here ? ce_marked : 0) &&
				  a->dropped - b->dropped == (here ? dropped : 0),
				  "%s: tm_stats[port %u, tc %u] moved by %llu packets, "
				  "%llu bytes, %llu CE, %llu dropped; want %llu/%llu/%llu/%llu",
				  what, p, t,
				  (unsigned long long)(a->packets - b->packets),
				  (unsigned long long)(a->bytes - b->bytes),
				  (unsigned long long)(a->ce_marked - b->ce_marked),
				  (unsigned long long)(a->dropped - b->dropped),
				  (unsigned long long)(here ? packets : 0),
				  (unsigned long long)(here ? bytes : 0),
				  (unsigned long long)(here ? ce_marked : 0),
				  (unsigned long long)(here ? dropped : 0));
		}
	}
}

int fx_tm_moved_class(const struct fx_counts *before,
		      const struct fx_counts *after, __u32 port)
{
	int t, found = -1;

	for (t = 0; t < CLOS_NUM_TC; t++) {
		if (after->tm[port][t].packets == before->tm[port][t].packets)
			continue;
		if (found >= 0)
			return -1;
		found = t;
	}
	return found;
}

void fx_expect_frame(const char *what, const __u8 *got, size_t glen,
		     const __u8 *want, size_t wlen)
{
	char msg[512];

	if (pkt_diff(got, glen, want, wlen) < 0)
		return;
	cr_assert_fail("%s: output frame differs: %s", what,
		       pkt_diff_str(msg, sizeof(msg), got, glen, want, wlen));
}

void fx_expect_ipv4_csum(const char *what, const __u8 *frame, size_t len,
			 size_t off)
{
	size_t hlen;

	cr_assert_leq(off + PKT_IPV4_HLEN, len, "%s: no IPv4 header", what);
	hlen = (frame[off] & 0x0f) * 4;
	cr_assert_leq(off + hlen, len, "%s: IPv4 header cut", what);
	cr_assert_eq(pkt_csum(frame + off, hlen), 0,
		     "%s: IPv4 header checksum 0x%02x%02x is wrong", what,
		     frame[off + 10], frame[off + 11]);
}
