// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/rtnetlink.h>
#include "xlate.h"

static void verdict_kernel(struct fs_verdict *v, enum fs_reason why)
{
	v->action = CLOS_RT_KERNEL;
	v->id = 0;
	v->reason = why;
}

static void verdict_put(struct fs_ids *ids, const struct fs_verdict *v)
{
	if (v->action == CLOS_RT_NEXTHOP)
		fs_ids_nh_put(ids, v->id);
	else if (v->action == CLOS_RT_ECMP)
		fs_ids_group_put(ids, v->id);
}

static bool verdict_eq(const struct fs_verdict *a, const struct fs_verdict *b)
{
	return a->action == b->action && a->id == b->id && a->reason == b->reason;
}

/* The paths' members: nexthop ids of the resolved gateways, distinct. */
static void resolve_paths(struct fs_model *m, struct fs_ids *ids,
			  const struct fs_path *p, int n, __u8 kind, __u32 like,
			  bool like_sole, struct fs_verdict *v)
{
	__u32 nh[CLOS_MAX_MEMBERS], id;
	struct fs_neigh *ne;
	int i, j, k = 0, port, err;

	for (i = 0; i < n; i++)
		if (fs_model_port(m, p[i].oif) < 0)
			return verdict_kernel(v, FS_WHY_NOT_PORT);
	for (i = 0; i < n; i++)
		if (!p[i].gw.family)
			return verdict_kernel(v, FS_WHY_CONNECTED);
	for (i = 1; i < n; i++)
		if (p[i].weight != p[0].weight)
			return verdict_kernel(v, FS_WHY_WEIGHTED);
	for (i = 0; i < n; i++) {
		ne = fs_model_neigh_get(m, p[i].gw.family, p[i].oif, p[i].gw.a);
		if (!fs_neigh_resolved(ne)) {
			/* Left out until the kernel knows its MAC. */
			fs_model_want_neigh(m, p[i].gw.family, p[i].oif, p[i].gw.a);
			continue;
		}
		port = fs_model_port(m, p[i].oif);
		err = fs_ids_nh_get(ids, port, ne->mac, &id);
		if (!err) {
			for (j = 0; j < k && nh[j] != id; j++)
				;
			if (j < k) {		/* the same neighbour again */
				fs_ids_nh_put(ids, id);
				continue;
			}
			if (k < CLOS_MAX_MEMBERS) {
				nh[k++] = id;
				continue;
			}
			fs_ids_nh_put(ids, id);
		}
		for (j = 0; j < k; j++)
			fs_ids_nh_put(ids, nh[j]);
		return verdict_kernel(v, err ? FS_WHY_NH_FULL : FS_WHY_TOO_MANY);
	}
	if (!k)
		return verdict_kernel(v, FS_WHY_UNRESOLVED);
	if (k == 1) {
		v->action = CLOS_RT_NEXTHOP;
		v->id = nh[0];
		v->reason = FS_WHY_NONE;
		return;
	}
	if (fs_ids_group_get(ids, kind, nh, k, like, like_sole, &id))
		return verdict_kernel(v, FS_WHY_GROUPS_FULL);
	v->action = CLOS_RT_ECMP;
	v->id = id;
	v->reason = FS_WHY_NONE;
}

/* A nexthop object's paths into p; 0, or the reason it cannot be taken
 * (blackhole: -1). */
static int object_paths(const struct fs_model *m, const struct fs_nhobj *o,
			struct fs_path *p, int *n, __u8 *kind)
{
	const struct fs_nhobj *mo;
	int i;

	*kind = CLOS_ECMP_MODULO;
	if (o->m.blackhole)
		return -1;
	if (o->m.encap)
		return FS_WHY_ENCAP;
	if (o->m.fdb)
		return FS_WHY_NO_NHOBJ;
	if (!o->m.group) {
		p[0] = o->m.path;
		*n = 1;
		return 0;
	}
	if (o->m.truncated)
		return FS_WHY_TOO_MANY;
	if (o->m.resilient)
		*kind = CLOS_ECMP_RESILIENT;
	for (i = 0; i < o->m.n; i++) {
		mo = fs_model_nhobj_get(m, o->m.m[i].id);
		if (!mo || mo->m.group || mo->m.fdb || mo->m.blackhole)
			return FS_WHY_NO_NHOBJ;
		if (mo->m.encap)
			return FS_WHY_ENCAP;
		p[i] = mo->m.path;
		p[i].weight = o->m.m[i].weight;
	}
	*n = o->m.n;
	return 0;
}

static void resolve(struct fs_model *m, struct fs_ids *ids, struct fs_pathset *ps,
		    __u32 like, bool like_sole, struct fs_verdict *v)
{
	struct fs_path p[FS_MAX_PATHS];
	const struct fs_nhobj *o;
	__u8 kind = CLOS_ECMP_MODULO;
	int n = ps->n, why;

	if (ps->truncated)
		return verdict_kernel(v, FS_WHY_TOO_MANY);
	if (ps->nhid) {
		o = fs_model_nhobj_get(m, ps->nhid);
		if (!o)
			return verdict_kernel(v, FS_WHY_NO_NHOBJ);
		why = object_paths(m, o, p, &n, &kind);
		if (why < 0) {
			v->action = CLOS_RT_DROP;
			v->id = 0;
			v->reason = FS_WHY_NONE;
			return;
		}
		if (why)
			return verdict_kernel(v, why);
	} else if (n) {	/* an empty set has no array */
		memcpy(p, ps->p, n * sizeof(*p));
	}
	resolve_paths(m, ids, p, n, kind, like, like_sole, v);
}

void fs_xlate_run(struct fs_model *m, struct fs_ids *ids)
{
	struct fs_pathset *ps;
	struct fs_verdict v, old;
	struct fs_prefix *p;
	struct fs_kroute *r;
	bool was, sole;
	__u32 like;

	bool all = m->resolve_all;
	struct fs_neigh *ne;

	if (all) {
		m->resolve_all = false;
		/* Which gateways are wanted is found again. */
		FS_HTAB_FOR_EACH(&m->neighs, ne, struct fs_neigh, h)
			ne->wanted = false;
		FS_HTAB_FOR_EACH(&m->pathsets, ps, struct fs_pathset, h)
			fs_model_mark_ps_dirty(m, ps);
	}
	while ((ps = m->ps_dirty)) {
		m->ps_dirty = ps->dirty_next;
		ps->dirty = false;
		if (!ps->refs)
			continue;	/* dead: released below */
		was = ps->resolved;
		old = ps->v;
		/* Its own group changes in place when it is the only user;
		 * a new set's group is laid out like its routes' last one. */
		sole = was && old.action == CLOS_RT_ECMP;
		like = sole ? old.id : ps->like;
		resolve(m, ids, ps, like, sole, &v);
		ps->v = v;
		ps->resolved = true;
		ps->like = CLOS_NH_NONE;
		if (was)
			verdict_put(ids, &old);
		if (was && verdict_eq(&old, &v))
			continue;
		for (r = ps->users; r; r = r->ps_next)
			fs_model_mark_dirty(m, r->pfx);
	}
	while ((ps = m->ps_dead)) {
		m->ps_dead = ps->dead_next;
		if (ps->resolved)
			verdict_put(ids, &ps->v);
		free(ps->p);
		free(ps);
	}
	/* Gateways no set waits for any more, that the kernel does not have
	 * either, are forgotten. */
	if (all)
		fs_model_neigh_gc(m);
	for (p = m->dirty; p; p = p->dirty_next)
		fs_xlate_prefix(m, p);
}

const struct fs_kroute *fs_xlate_best(const struct fs_prefix *p)
{
	const struct fs_kroute *r, *best = NULL;

	for (r = p->routes; r; r = r->next) {
		if (r->src == FS_SRC_LOCAL)
			return r;
		if (!best || (r->src == FS_SRC_ROUTE &&
			      (best->src != FS_SRC_ROUTE || r->priority < best->priority)))
			best = r;
	}
	return best;
}

void fs_xlate_prefix(struct fs_model *m, struct fs_prefix *p)
{
	const struct fs_kroute *r = fs_xlate_best(p);
	struct fs_verdict v = { .action = CLOS_RT_KERNEL };

	p->want.on = r != NULL;
	if (!r)
		return;
	if (r->src == FS_SRC_LOCAL)
		v.action = CLOS_RT_LOCAL;
	else if (r->encap)
		v.reason = FS_WHY_ENCAP;
	else if (r->type == RTN_BLACKHOLE)
		v.action = CLOS_RT_DROP;
	else if (r->type != RTN_UNICAST)
		v.reason = FS_WHY_ROUTE_TYPE;
	else if (r->ps && r->ps->resolved)
		v = r->ps->v;
	else
		v.reason = FS_WHY_UNRESOLVED;	/* not reached: sets resolve first */
	p->want.rt.action = v.action;
	p->want.rt.id = v.id;
	p->reason = v.reason;
	p->src = r->src;
	p->proto = r->proto;
}

/* --- explaining ----------------------------------------------------------- */

static const char *dev_name(const struct fs_model *m, __u32 ifindex, char *buf,
			    size_t len)
{
	const struct fs_link *l = fs_model_link_get(m, ifindex);

	if (l && l->name[0])
		snprintf(buf, len, "%s", l->name);
	else
		snprintf(buf, len, "ifindex %u", ifindex);
	return buf;
}

static const char *path_str(const struct fs_model *m, const struct fs_path *p,
			    char *buf, size_t len)
{
	char gw[INET6_ADDRSTRLEN], dev[32];

	dev_name(m, p->oif, dev, sizeof(dev));
	if (!p->gw.family) {
		snprintf(buf, len, "dev %s", dev);
		return buf;
	}
	inet_ntop(p->gw.family, p->gw.a, gw, sizeof(gw));
	snprintf(buf, len, "via %s dev %s", gw, dev);
	return buf;
}

const char *fs_xlate_explain(const struct fs_model *m, const struct fs_prefix *p,
			     char *buf, size_t len)
{
	const struct fs_kroute *r = fs_xlate_best(p);
	const struct fs_pathset *ps = r ? r->ps : NULL;
	struct fs_path paths[FS_MAX_PATHS];
	const struct fs_nhobj *o;
	const struct fs_neigh *ne;
	__u8 kind;
	int i, n = 0;

	buf[0] = '\0';
	if (!r)
		return buf;
	if (p->reason == FS_WHY_ROUTE_TYPE) {
		snprintf(buf, len, "%s", r->type == RTN_UNREACHABLE ? "unreachable" :
			 r->type == RTN_PROHIBIT ? "prohibit" :
			 r->type == RTN_THROW ? "throw" : "type");
		return buf;
	}
	if (!ps)
		return buf;
	if (ps->nhid) {
		o = fs_model_nhobj_get(m, ps->nhid);
		if (!o || object_paths(m, o, paths, &n, &kind)) {
			snprintf(buf, len, "nhid %u", ps->nhid);
			return buf;
		}
	} else {
		n = ps->n;
		memcpy(paths, ps->p, n * sizeof(*paths));
	}
	for (i = 0; i < n; i++) {
		switch (p->reason) {
		case FS_WHY_NOT_PORT:
			if (fs_model_port(m, paths[i].oif) >= 0)
				continue;
			break;
		case FS_WHY_CONNECTED:
			if (paths[i].gw.family)
				continue;
			break;
		case FS_WHY_UNRESOLVED:
			ne = fs_model_neigh_get(m, paths[i].gw.family, paths[i].oif,
						paths[i].gw.a);
			if (fs_neigh_resolved(ne))
				continue;
			break;
		case FS_WHY_TOO_MANY:
		case FS_WHY_WEIGHTED:
			snprintf(buf, len, "%d%s paths", n, ps->truncated ? "+" : "");
			return buf;
		default:
			return buf;
		}
		return path_str(m, &paths[i], buf, len);
	}
	return buf;
}
