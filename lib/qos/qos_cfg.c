// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <bpf/bpf.h>
#include "log.h"
#include "parse_util.h"
#include "qos_cfg.h"
#include "qos_defaults.h"
#include "queue.h"
#include "schema.h"

/* --- classification ----------------------------------------------------- */

int clos_qos_classify_set(struct clos_switch *sw, enum clos_map_id map,
			  __u64 keys, __u32 tc, struct clos_err *err)
{
	const char *what = map == CLOS_MAP_PCP_TC ? "pcp" : "dscp";
	__u32 max = (map == CLOS_MAP_PCP_TC ? CLOS_NUM_PCP : CLOS_NUM_DSCP) - 1, k;
	struct clos_tc_val old[CLOS_NUM_DSCP], v = { tc };
	int fd = sw->fd[map], ret = 0;
	char list[256];

	if (map != CLOS_MAP_PCP_TC && map != CLOS_MAP_DSCP_TC)
		return clos_err_set(err, -EINVAL, "not a classification map");
	if (tc >= CLOS_NUM_TC)
		return clos_err_set(err, -EINVAL, "tc %u: out of range (0..%d)",
				    tc, CLOS_NUM_TC - 1);
	if (!keys || keys >> max >> 1)
		return clos_err_set(err, -EINVAL, "%s: out of range (0..%u)",
				    what, max);
	for (k = 0; k <= max; k++)
		if (bpf_map_lookup_elem(fd, &k, &old[k]))
			return clos_err_set(err, -errno, "%s %u: cannot read: %s",
					    what, k, strerror(errno));
	for (k = 0; k <= max && !ret; k++) {
		if (!(keys & (1ull << k)))
			continue;
		if (bpf_map_update_elem(fd, &k, &v, BPF_EXIST))
			ret = clos_err_set(err, -errno, "%s %u: cannot write: %s",
					   what, k, strerror(errno));
	}
	if (ret) {
		/* Put back what was (rewriting the unwritten ones is harmless). */
		for (k = 0; k <= max; k++)
			if (keys & (1ull << k))
				bpf_map_update_elem(fd, &k, &old[k], BPF_EXIST);
		return ret;
	}
	pr_info("%s_tc: %s -> tc %u\n", what,
		clos_fmt_set(keys, list, sizeof(list)), tc);
	return 0;
}

/* --- classes ------------------------------------------------------------ */

struct class_state {
	struct clos_tc_sched sched[CLOS_NUM_TC];
	struct clos_tc_val pcp[CLOS_NUM_TC];
};

static int classes_read(const struct clos_switch *sw, struct class_state *s,
			struct clos_err *err)
{
	__u32 tc;

	for (tc = 0; tc < CLOS_NUM_TC; tc++)
		if (bpf_map_lookup_elem(sw->fd[CLOS_MAP_TC_SCHED], &tc,
					&s->sched[tc]) ||
		    bpf_map_lookup_elem(sw->fd[CLOS_MAP_TC_PCP], &tc,
					&s->pcp[tc]))
			return clos_err_set(err, -errno, "tc %u: cannot read: %s",
					    tc, strerror(errno));
	return 0;
}

static int classes_write(const struct clos_switch *sw,
			 const struct class_state *s, struct clos_err *err)
{
	__u32 tc;

	for (tc = 0; tc < CLOS_NUM_TC; tc++)
		if (bpf_map_update_elem(sw->fd[CLOS_MAP_TC_SCHED], &tc,
					&s->sched[tc], BPF_EXIST) ||
		    bpf_map_update_elem(sw->fd[CLOS_MAP_TC_PCP], &tc,
					&s->pcp[tc], BPF_EXIST))
			return clos_err_set(err, -errno, "tc %u: cannot write: %s",
					    tc, strerror(errno));
	return 0;
}

/* The class tc after change c, or an error saying why it cannot be. */
static int class_change(__u32 tc, const struct clos_class_change *c,
			struct clos_tc_sched *s, struct clos_tc_val *pcp,
			struct clos_err *err)
{
	if (c->weight != CLOS_QOS_KEEP &&
	    (c->weight < 1 || c->weight > CLOS_QOS_WEIGHT_MAX))
		return clos_err_set(err, -EINVAL,
				    "tc %u: weight %d: out of range (1..%d)", tc,
				    c->weight, CLOS_QOS_WEIGHT_MAX);
	if (c->pcp != CLOS_QOS_KEEP && (c->pcp < 0 || c->pcp >= CLOS_NUM_PCP))
		return clos_err_set(err, -EINVAL,
				    "tc %u: pcp %d: out of range (0..%d)", tc,
				    c->pcp, CLOS_NUM_PCP - 1);
	if (c->strict != CLOS_QOS_KEEP)
		s->strict = !!c->strict;
	if (c->lossless != CLOS_QOS_KEEP)
		s->lossless = !!c->lossless;
	if (c->pcp != CLOS_QOS_KEEP)
		pcp->val = c->pcp;
	/* Strict classes are served before any weight counts: a weight
	 * there would be a setting that does nothing. */
	if (s->strict && c->weight != CLOS_QOS_KEEP)
		return clos_err_set(err, -EINVAL,
				    "tc %u: a strict class has no weight%s", tc,
				    c->strict == CLOS_QOS_KEEP ?
				    " (add 'strict off' to make it weighted)" : "");
	if (s->strict) {
		s->weight = 0;
		return 0;
	}
	if (c->weight != CLOS_QOS_KEEP)
		s->weight = c->weight;
	if (!s->weight)
		return clos_err_set(err, -EINVAL,
				    "tc %u: a weighted class needs a weight (add 'weight 1..%d')",
				    tc, CLOS_QOS_WEIGHT_MAX);
	return 0;
}

int clos_qos_class_set(struct clos_switch *sw, __u8 tcs,
		       const struct clos_class_change *c, struct clos_err *err)
{
	struct class_state old, s;
	struct clos_err why;
	__u32 tc;
	int ret;

	if (!tcs)
		return clos_err_set(err, -EINVAL, "no class given");
	ret = classes_read(sw, &old, err);
	if (ret)
		return ret;
	s = old;
	for (tc = 0; tc < CLOS_NUM_TC; tc++) {
		if (!(tcs & (1u << tc)))
			continue;
		ret = class_change(tc, c, &s.sched[tc], &s.pcp[tc], err);
		if (ret)
			return ret;
	}
	/* Queue mode: the qdiscs follow the classes (a fast-mode switch
	 * has none, and clos_queue_apply_all() does nothing there). */
	ret = classes_write(sw, &s, err);
	if (!ret && memcmp(old.sched, s.sched, sizeof(s.sched)))
		ret = clos_queue_apply_all(sw, err);
	if (ret) {
		/* Back to what was, qdiscs included. */
		classes_write(sw, &old, &why);
		clos_queue_apply_all(sw, &why);
		return ret;
	}
	for (tc = 0; tc < CLOS_NUM_TC; tc++)
		if (tcs & (1u << tc))
			pr_info("tc %u: %s weight %u%s pcp %u\n", tc,
				s.sched[tc].strict ? "strict" : "weighted",
				s.sched[tc].weight,
				s.sched[tc].lossless ? " lossless" : "",
				s.pcp[tc].val);
	return 0;
}

/* --- profiles ----------------------------------------------------------- */

int clos_qos_profiles_read(const struct clos_switch *sw, __u32 port,
			   struct clos_tm_profile prof[CLOS_NUM_TC])
{
	__u32 tc, key;

	for (tc = 0; tc < CLOS_NUM_TC; tc++) {
		key = port * CLOS_NUM_TC + tc;
		if (bpf_map_lookup_elem(sw->fd[CLOS_MAP_TM_PROFILE], &key,
					&prof[tc]))
			return -errno;
	}
	return 0;
}

int clos_qos_profiles_write(const struct clos_switch *sw, __u32 port,
			    const struct clos_tm_profile prof[CLOS_NUM_TC])
{
	__u32 tc, key;

	for (tc = 0; tc < CLOS_NUM_TC; tc++) {
		key = port * CLOS_NUM_TC + tc;
		if (bpf_map_update_elem(sw->fd[CLOS_MAP_TM_PROFILE], &key,
					&prof[tc], BPF_EXIST))
			return -errno;
	}
	return 0;
}

bool clos_qos_profile_is_default(const struct clos_tm_profile *p,
				 __u64 rate_bps, __u32 tc)
{
	struct clos_tm_profile d = clos_qos_default_profile(rate_bps, tc);

	return p->ecn == d.ecn && p->kmin == d.kmin && p->kmax == d.kmax &&
	       p->pmax == d.pmax && p->limit == d.limit;
}

static void profile_apply(struct clos_tm_profile *p,
			  const struct clos_profile_change *c)
{
	if (c->ecn != CLOS_QOS_KEEP)
		p->ecn = !!c->ecn;
	if (c->kmin != CLOS_QOS_KEEP)
		p->kmin = c->kmin;
	if (c->kmax != CLOS_QOS_KEEP)
		p->kmax = c->kmax;
	if (c->pmax != CLOS_QOS_KEEP)
		p->pmax = c->pmax;
	if (c->limit != CLOS_QOS_KEEP)
		p->limit = c->limit;
}

static int profile_check(const struct clos_switch *sw, __u32 port, __u32 tc,
			 const struct clos_tm_profile *p, struct clos_err *err)
{
	char name[CLOS_PORT_STRLEN], kmin[32], kmax[32];

	/* Below kmin nothing is marked, at kmax everything: an empty or
	 * backwards range is a mistake. Unused thresholds may stay 0. */
	if (p->kmax > p->kmin || (!p->ecn && !p->kmin && !p->kmax))
		return 0;
	return clos_err_set(err, -EINVAL,
			    "port %s tc %u: kmax %s must exceed kmin %s (set kmin and kmax together)",
			    clos_port_name(sw, port, name, sizeof(name)), tc,
			    clos_fmt_size(p->kmax, kmax, sizeof(kmax)),
			    clos_fmt_size(p->kmin, kmin, sizeof(kmin)));
}

static bool range_ok(long long v, long long max)
{
	return v == CLOS_QOS_KEEP || (v >= 0 && v <= max);
}

int clos_qos_profile_set(struct clos_switch *sw, __u64 ports, __u8 tcs,
			 const struct clos_profile_change *c,
			 struct clos_err *err)
{
	struct clos_tm_profile old[CLOS_MAX_PORTS][CLOS_NUM_TC];
	struct clos_tm_profile p[CLOS_MAX_PORTS][CLOS_NUM_TC];
	char kmin[32], kmax[32];
	struct clos_port port;
	__u32 id, tc, n = 0;
	int ret = 0;

	if (!ports || !tcs)
		return clos_err_set(err, -EINVAL, "no port or class given");
	if (!range_ok(c->kmin, 0xffffffffll) || !range_ok(c->kmax, 0xffffffffll) ||
	    !range_ok(c->limit, 0xffffffffll) || !range_ok(c->pmax, CLOS_PMAX_ONE))
		return clos_err_set(err, -EINVAL, "a threshold is out of range");
	/* Both thresholds given: wrong whatever the port. */
	if (c->kmin != CLOS_QOS_KEEP && c->kmax != CLOS_QOS_KEEP &&
	    c->kmax <= c->kmin)
		return clos_err_set(err, -EINVAL, "kmax %s must exceed kmin %s",
				    clos_fmt_size(c->kmax, kmax, sizeof(kmax)),
				    clos_fmt_size(c->kmin, kmin, sizeof(kmin)));
	for (id = 0; id < CLOS_MAX_PORTS; id++) {
		if (!(ports & (1ull << id)))
			continue;
		if (clos_port_get(sw, id, &port))
			return clos_err_set(err, -ENOENT,
					    "port %u does not exist", id);
		ret = clos_qos_profiles_read(sw, id, old[id]);
		if (ret)
			return clos_err_set(err, ret,
					    "port %s: cannot read its profiles: %s",
					    port.name, strerror(-ret));
		memcpy(p[id], old[id], sizeof(p[id]));
		for (tc = 0; tc < CLOS_NUM_TC; tc++) {
			if (!(tcs & (1u << tc)))
				continue;
			profile_apply(&p[id][tc], c);
			ret = profile_check(sw, id, tc, &p[id][tc], err);
			if (ret)
				return ret;
		}
	}
	for (id = 0; id < CLOS_MAX_PORTS && !ret; id++) {
		if (!(ports & (1ull << id)))
			continue;
		ret = clos_qos_profiles_write(sw, id, p[id]);
		if (ret)
			clos_err_set(err, ret, "port %u: cannot write its profiles: %s",
				     id, strerror(-ret));
		n++;
	}
	if (ret) {
		/* Put back what was (rewriting the unwritten is harmless). */
		for (id = 0; id < CLOS_MAX_PORTS; id++)
			if (ports & (1ull << id))
				clos_qos_profiles_write(sw, id, old[id]);
		return ret;
	}
	pr_info("profiles of %u port%s changed\n", n, n == 1 ? "" : "s");
	return 0;
}
