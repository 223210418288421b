/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Observation points for closctl capture and closctl trace: the frame as
 * received with the verdict it met (IN), the frame as sent (OUT), and for
 * a trace the decisions in between. Off, each point is one read of
 * the flags of its configuration (global data) and a branch; the pipeline calls them as one line each:
 *
 *   clos_obs_rx()       entry: the frame as received, kept in this CPU's
 *                       IN slot ("armed") until its verdict is known;
 *   clos_obs_route()    after the route: route, ECMP hash, bucket, member,
 *                       nexthop (trace only);
 *   clos_obs_qos()      after the egress port's model: class, backlog,
 *                       CE mark (trace only);
 *   clos_obs_verdict()  the terminal counter: the IN record goes out;
 *   clos_obs_tx()       the frame as it leaves (OUT).
 *
 * A record is built in a per-CPU slot (obs_buf) and copied into the ring
 * (obs_ring) with its real length, so a 60-byte frame takes 60 bytes of
 * ring, not CLOS_OBS_SNAP. The slot carries the IN record from entry to
 * verdict: both run on one CPU with no other frame between them (an XDP
 * or TC program runs to its end; queue mode's bpf_redirect runs the
 * egress program before returning). A record the ring has no room for,
 * or an armed one whose verdict never came, counts in the slot's lost.
 *
 * The frame bytes are copied with bpf_xdp_load_bytes / bpf_skb_load_bytes
 * (xdp, a constant, picks one); in TC a VLAN tag the kernel holds beside
 * the data is put back in, so the bytes are those on the wire.
 */
#ifndef CLOS_OBSERVE_H
#define CLOS_OBSERVE_H

#include <stdbool.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "maps.h"
#include "route.h"
#include "clos/tm_model.h"

/* Global data, not a map lookup: off, a point is a load and a branch.
 * Its section is a one-entry array map of its own, which user space
 * writes and the loader pins as obs_cfg (CLOS_OBS_CFG_SECTION). Words,
 * not the struct: the skeletons would need abi.h before them. */
volatile __u64 clos_obs_words[sizeof(struct clos_obs_cfg) / 8] SEC(".data.obs");
#define CLOS_OBS	(*(volatile struct clos_obs_cfg *)clos_obs_words)

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, struct clos_obs_slot);
} obs_buf SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, CLOS_OBS_RING_SIZE);
} obs_ring SEC(".maps");

/* The configuration when anything observes, else NULL. */
static __always_inline const volatile struct clos_obs_cfg *clos_obs_on(void)
{
	return CLOS_OBS.flags ? &CLOS_OBS : NULL;
}

static __always_inline struct clos_obs_slot *clos_obs_slot(__u32 dir)
{
	return bpf_map_lookup_elem(&obs_buf, &dir);
}

/* This CPU's armed IN record when a trace runs, else NULL. */
static __always_inline struct clos_obs_rec *clos_obs_traced(void)
{
	const volatile struct clos_obs_cfg *c = clos_obs_on();
	struct clos_obs_slot *s;

	if (!c || !(c->flags & CLOS_OBS_TRACE))
		return NULL;
	s = clos_obs_slot(CLOS_OBS_IN);
	return s && s->rec.armed ? &s->rec : NULL;
}

/* n (already at most max) as a load size the verifier accepts: 1..max.
 * The load helpers refuse a size of 0, and older verifiers (6.1) learn no
 * lower bound from n != 0, so the bound is checked on n - 1, which the
 * compiler may not fold back (barrier_var). Returns 0 for n == 0. */
static __always_inline __u32 clos_obs_size(__u32 n, __u32 max)
{
	__u32 m = n - 1;

	barrier_var(m);
	if (m >= max)
		return 0;
	return m + 1;
}

/* Copy the frame in ctx into r->data: at most snaplen bytes. */
static __always_inline void clos_obs_copy(struct clos_obs_rec *r, void *ctx,
					  const bool xdp, __u32 snaplen)
{
	__u32 len, n;

	if (snaplen > CLOS_OBS_SNAP)
		snaplen = CLOS_OBS_SNAP;
	r->caplen = 0;
	if (xdp) {
		struct xdp_md *x = ctx;

		len = x->data_end - x->data;
	} else {
		struct __sk_buff *skb = ctx;

		len = skb->len;
		/* The tag beside the data goes back in after the MACs. */
		if (skb->vlan_present) {
			__be16 tag[2] = { (__be16)skb->vlan_proto,
					  bpf_htons(skb->vlan_tci) };

			r->len = len + 4;
			if (len < 12 || snaplen < 16 ||
			    bpf_skb_load_bytes(skb, 0, r->data, 12))
				return;
			__builtin_memcpy(r->data + 12, tag, sizeof(tag));
			n = len - 12;
			if (n > snaplen - 16)
				n = snaplen - 16;
			if (n > CLOS_OBS_SNAP - 16)
				n = CLOS_OBS_SNAP - 16;
			n = clos_obs_size(n, CLOS_OBS_SNAP - 16);
			if (!n || bpf_skb_load_bytes(skb, 12, r->data + 16, n))
				return;
			r->caplen = n + 16;
			return;
		}
	}
	r->len = len;
	n = len < snaplen ? len : snaplen;
	n = clos_obs_size(n, CLOS_OBS_SNAP);
	if (!n)
		return;
	if (xdp ? bpf_xdp_load_bytes(ctx, 0, r->data, n)
		: bpf_skb_load_bytes(ctx, 0, r->data, n))
		return;
	r->caplen = n;
}

static __always_inline void clos_obs_send(struct clos_obs_slot *s)
{
	__u32 n = s->rec.caplen;

	if (n > CLOS_OBS_SNAP)
		n = CLOS_OBS_SNAP;
	if (bpf_ringbuf_output(&obs_ring, &s->rec, CLOS_OBS_REC_HDR + n, 0))
		s->lost++;
}

/*
 * Each point is an inline gate (one read of flags and a branch) in front of
 * a global function that does the work. The verifier checks a global
 * function once, on its own, instead of on every path through the
 * pipeline that reaches it: inline, these bodies more than doubled the
 * instructions it walked, and so the time every load takes. Global
 * functions return a scalar and take scalars, the context, or pointers to
 * memory (hence one of each per context type).
 */

/* A point that copies the frame: its body (clos_obs_NAME_body(ctx, xdp,
 * arg)) as a global function per context type, and the gate
 * clos_obs_NAME(ctx, xdp, arg) in front of them. */
#define CLOS_OBS_CTX_POINT(name)						\
__noinline int clos_obs_##name##_xdp(struct xdp_md *ctx, __u32 arg)		\
{										\
	clos_obs_##name##_body(ctx, true, arg);					\
	return 0;								\
}										\
__noinline int clos_obs_##name##_skb(struct __sk_buff *skb, __u32 arg)		\
{										\
	clos_obs_##name##_body(skb, false, arg);				\
	return 0;								\
}										\
static __always_inline void clos_obs_##name(void *ctx, const bool xdp,		\
					    __u32 arg)				\
{										\
	if (!clos_obs_on())							\
		return;								\
	if (xdp)								\
		clos_obs_##name##_xdp(ctx, arg);				\
	else									\
		clos_obs_##name##_skb(ctx, arg);				\
}

static __always_inline void clos_obs_rx_body(void *ctx, const bool xdp,
					     __u32 ifindex)
{
	const volatile struct clos_obs_cfg *c = clos_obs_on();
	struct clos_obs_slot *s;
	__u32 port;

	if (!c)
		return;
	if (clos_port_of_ifindex(ifindex, &port))
		return;
	if (!(c->flags & CLOS_OBS_TRACE) &&
	    !(c->in_ports & (1ull << (port & (CLOS_MAX_PORTS - 1)))))
		return;
	s = clos_obs_slot(CLOS_OBS_IN);
	if (!s)
		return;
	if (s->rec.armed)
		s->lost++;	/* the last one's verdict never came */
	s->rec.ts_ns = bpf_ktime_get_ns();
	s->rec.dir = CLOS_OBS_IN;
	s->rec.port = port;
	s->rec.out_port = CLOS_OBS_NO_PORT;
	s->rec.flags = 0;
	s->rec.tc = 0;
	s->rec.backlog = 0;
	clos_obs_copy(&s->rec, ctx, xdp, c->snaplen);
	s->rec.armed = 1;
}

/* Entry: clos_obs_rx(ctx, xdp, ifindex) keeps the frame as received on
 * ifindex, when a capture of that port's received frames or a trace runs. */
CLOS_OBS_CTX_POINT(rx)

/* The route rt, and where fwd got (ret its verdict). */
__noinline int clos_obs_route_rec(const struct clos_route *rt,
				  const struct clos_fwd *fwd, int ret)
{
	struct clos_obs_rec *r = clos_obs_traced();
	const struct clos_ecmp_group *g;
	struct clos_fib_ctx fc = {};

	if (!r || !rt || !fwd)
		return 0;
	r->flags |= CLOS_OBS_F_ROUTE;
	r->rt_action = rt->action;
	r->rt_id = rt->id;
	if (fwd->ecmp) {
		__u32 gid = fwd->group;

		r->flags |= CLOS_OBS_F_ECMP;
		r->hash = fwd->hash;
		r->group = gid;
		r->slot = fwd->slot;
		g = clos_fib_group(&fc, &gid);
		if (g && g->kind == CLOS_ECMP_MODULO && g->num_active)
			r->bucket = fwd->hash % g->num_active;
		else
			r->bucket = fwd->hash % CLOS_ECMP_BUCKETS;
	}
	/* fib.h fills in the nexthop, then the port, as far as it got. */
	if (ret == CLOS_STAT_FWD || ret == CLOS_STAT_DROP_PORT_DOWN ||
	    ret == CLOS_STAT_DROP_NO_NEXTHOP) {
		r->flags |= CLOS_OBS_F_NEXTHOP;
		r->nexthop = fwd->nh_id;
		if (ret != CLOS_STAT_DROP_NO_NEXTHOP)
			r->out_port = fwd->port;
	}
	return 0;
}

/* After clos_fib_resolve(): the route rt, and where fwd got (ret its
 * verdict). Trace only. */
static __always_inline void clos_obs_route(struct clos_fib_ctx *fc,
					   const struct clos_route *rt,
					   const struct clos_fwd *fwd, int ret)
{
	const volatile struct clos_obs_cfg *c = clos_obs_on();

	if (!c || !(c->flags & CLOS_OBS_TRACE))
		return;
	clos_obs_route_rec(rt, fwd, ret);
}

__noinline int clos_obs_qos_rec(__u32 port_id, __u32 tc, int tm_verdict)
{
	struct clos_obs_rec *r = clos_obs_traced();
	const struct clos_tm_port *st;
	__u32 port = port_id & (CLOS_MAX_PORTS - 1);

	if (!r)
		return 0;
	r->flags |= CLOS_OBS_F_QOS | (tm_verdict == CLOS_TM_MARK ? CLOS_OBS_F_CE : 0);
	r->tc = tc;
	/* Each word as it is now (tm_model.h): a trace shows, it does not
	 * decide. */
	st = bpf_map_lookup_elem(&tm_state, &port);
	if (st)
		r->backlog = clos_tm_level(CLOS_TM_READ(st->backlog[tc & (CLOS_NUM_TC - 1)]));
	return 0;
}

/* After the egress port's model: the class tc, and whether it marked CE
 * (tm_verdict, enum clos_tm_verdict). Trace only. */
static __always_inline void clos_obs_qos(__u32 port_id, __u32 tc, int tm_verdict)
{
	const volatile struct clos_obs_cfg *c = clos_obs_on();

	if (!c || !(c->flags & CLOS_OBS_TRACE))
		return;
	clos_obs_qos_rec(port_id, tc, tm_verdict);
}

__noinline int clos_obs_verdict_rec(int verdict, __u32 out_port)
{
	struct clos_obs_slot *s = clos_obs_slot(CLOS_OBS_IN);

	if (!s || !s->rec.armed)
		return 0;
	s->rec.armed = 0;
	s->rec.verdict = verdict;
	if (verdict == CLOS_STAT_FWD)
		s->rec.out_port = out_port;
	clos_obs_send(s);
	return 0;
}

/* The frame's terminal counter: its IN record goes out. out_port: where
 * a forwarded frame went. */
static __always_inline void clos_obs_verdict(int verdict, __u32 out_port)
{
	if (clos_obs_on())
		clos_obs_verdict_rec(verdict, out_port);
}

static __always_inline void clos_obs_tx_body(void *ctx, const bool xdp,
					     __u32 port_id)
{
	const volatile struct clos_obs_cfg *c = clos_obs_on();
	__u32 port = port_id & (CLOS_MAX_PORTS - 1);
	struct clos_obs_slot *s;

	if (!c || !(c->flags & CLOS_OBS_CAPTURE) || !(c->out_ports & (1ull << port)))
		return;
	s = clos_obs_slot(CLOS_OBS_OUT);
	if (!s)
		return;
	s->rec.ts_ns = bpf_ktime_get_ns();
	s->rec.dir = CLOS_OBS_OUT;
	s->rec.port = port;
	s->rec.out_port = port;
	s->rec.flags = 0;
	s->rec.verdict = CLOS_STAT_FWD;
	clos_obs_copy(&s->rec, ctx, xdp, c->snaplen);
	clos_obs_send(s);
}

/* clos_obs_tx(ctx, xdp, port_id): the frame in ctx as it leaves port_id,
 * when a capture of that port's sent frames runs. */
CLOS_OBS_CTX_POINT(tx)

#endif /* CLOS_OBSERVE_H */
