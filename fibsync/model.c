// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/if.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include "model.h"

const char *const fs_reason_names[FS_WHY_MAX] = {
#define FS_REASON_NAME(id, name) [FS_WHY_##id] = name,
	FS_REASONS(FS_REASON_NAME)
#undef FS_REASON_NAME
};

void fs_model_init(struct fs_model *m)
{
	memset(m, 0, sizeof(*m));
	fs_htab_init(&m->links);
	fs_htab_init(&m->neighs);
	fs_htab_init(&m->nhobjs);
	fs_htab_init(&m->pathsets);
	fs_htab_init(&m->prefixes);
	memset(m->port_of, 0xff, sizeof(m->port_of));
}

int fs_model_port(const struct fs_model *m, __u32 ifindex)
{
	return ifindex < CLOS_MAX_IFINDEX ? m->port_of[ifindex] : -1;
}

/* The kernel's NUD_VALID: states with a usable MAC (STALE is one: the
 * kernel would send to it and check it on the way). */
#define FS_NUD_VALID	(NUD_PERMANENT | NUD_NOARP | NUD_REACHABLE | NUD_PROBE | \
			 NUD_STALE | NUD_DELAY)

bool fs_neigh_resolved(const struct fs_neigh *n)
{
	return n && n->has_mac && (n->state & FS_NUD_VALID);
}

/* --- dirty lists ---------------------------------------------------------- */

void fs_model_mark_dirty(struct fs_model *m, struct fs_prefix *p)
{
	if (p->dirty)
		return;
	p->dirty = true;
	p->dirty_next = m->dirty;
	m->dirty = p;
	m->ndirty++;
}

void fs_model_mark_ps_dirty(struct fs_model *m, struct fs_pathset *ps)
{
	if (ps->dirty)
		return;
	ps->dirty = true;
	ps->dirty_next = m->ps_dirty;
	m->ps_dirty = ps;
}

/* A device with carrier, as the kernel's nexthop code tells it. */
#define CARRIER		(IFF_RUNNING | IFF_LOWER_UP)

static bool nhobj_on(const struct fs_model *m, __u32 ifindex)
{
	const struct fs_nhobj *o;

	FS_HTAB_FOR_EACH(&m->nhobjs, o, struct fs_nhobj, h)
		if (!o->m.group && o->m.path.oif == ifindex)
			return true;
	return false;
}

/* --- links ---------------------------------------------------------------- */

struct fs_link *fs_model_link_get(const struct fs_model *m, __u32 ifindex)
{
	__u32 hash = fs_hash(&ifindex, sizeof(ifindex), 1);
	struct fs_link *l;

	FS_HTAB_FOR_HASH(&m->links, hash, l, struct fs_link, h)
		if (l->ifindex == ifindex)
			return l;
	return NULL;
}

int fs_model_link(struct fs_model *m, const struct fs_link_msg *msg)
{
	struct fs_link *l = fs_model_link_get(m, msg->ifindex);

	if (msg->del) {
		if (!l)
			return 0;
		fs_htab_del(&m->links, &l->h);
		free(l);
		/* Routes and nexthop objects on it go without a word. */
		m->resync = true;
		return 0;
	}
	if (!l) {
		l = calloc(1, sizeof(*l));
		if (!l)
			return -ENOMEM;
		l->ifindex = msg->ifindex;
		l->flags = msg->flags;
		fs_htab_add(&m->links, &l->h, fs_hash(&l->ifindex, sizeof(l->ifindex), 1));
	} else if ((l->flags ^ msg->flags) & IFF_UP) {
		/* Admin down flushes the device's IPv4 routes and its nexthop
		 * objects, admin up brings connected routes back, and neither
		 * is announced on netlink: read the tables again. */
		m->resync = true;
	} else if ((l->flags & CARRIER) && !(msg->flags & CARRIER) &&
		   nhobj_on(m, msg->ifindex)) {
		/* Carrier loss flushes the nexthop objects on the device, and
		 * the routes on them, just as silently. */
		m->resync = true;
	}
	l->flags = msg->flags;
	memcpy(l->name, msg->name, sizeof(l->name));
	return 0;
}

/* --- prefixes and their routes --------------------------------------------- */

static __u32 prefix_hash(__u8 family, __u8 plen, const __u8 *addr)
{
	__u8 k[18] = { family, plen };

	memcpy(k + 2, addr, fs_addr_len(family));
	return fs_hash(k, 2 + fs_addr_len(family), 2);
}

struct fs_prefix *fs_model_prefix_get(const struct fs_model *m, __u8 family,
				      __u8 plen, const __u8 *addr)
{
	__u32 hash = prefix_hash(family, plen, addr);
	struct fs_prefix *p;

	FS_HTAB_FOR_HASH(&m->prefixes, hash, p, struct fs_prefix, h)
		if (p->family == family && p->plen == plen &&
		    !memcmp(p->addr, addr, fs_addr_len(family)))
			return p;
	return NULL;
}

static struct fs_prefix *prefix_get_or_add(struct fs_model *m, __u8 family,
					   __u8 plen, const __u8 *addr)
{
	struct fs_prefix *p = fs_model_prefix_get(m, family, plen, addr);

	if (p)
		return p;
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->family = family;
	p->plen = plen;
	memcpy(p->addr, addr, fs_addr_len(family));
	fs_htab_add(&m->prefixes, &p->h, prefix_hash(family, plen, addr));
	return p;
}

void fs_model_prefix_gc(struct fs_model *m, struct fs_prefix *p)
{
	if (p->routes || p->want.on || p->have.on || p->dirty)
		return;
	fs_htab_del(&m->prefixes, &p->h);
	free(p);
}

int fs_model_applied(struct fs_model *m, __u8 family, __u8 plen,
		     const __u8 *addr, const struct clos_route *rt, bool ours)
{
	struct fs_prefix *p = prefix_get_or_add(m, family, plen, addr);

	if (!p)
		return -ENOMEM;
	p->have.on = true;
	p->have.rt = *rt;
	p->ours = ours;
	fs_model_mark_dirty(m, p);
	return 0;
}

/* --- nexthop sets -------------------------------------------------------- */

static int path_cmp(const void *a, const void *b)
{
	const struct fs_path *x = a, *y = b;

	if (x->oif != y->oif)
		return x->oif < y->oif ? -1 : 1;
	if (x->gw.family != y->gw.family)
		return x->gw.family < y->gw.family ? -1 : 1;
	return memcmp(x->gw.a, y->gw.a, sizeof(x->gw.a)) ?:
	       (x->weight > y->weight) - (x->weight < y->weight);
}

static bool path_eq(const struct fs_path *x, const struct fs_path *y)
{
	return path_cmp(x, y) == 0;
}

/* Paths in their canonical form: unused address bytes zero, sorted. */
static void paths_canon(struct fs_path *p, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (!p[i].gw.family)
			memset(p[i].gw.a, 0, sizeof(p[i].gw.a));
		else if (p[i].gw.family == AF_INET)
			memset(p[i].gw.a + 4, 0, 12);
		if (!p[i].weight)
			p[i].weight = 1;
	}
	qsort(p, n, sizeof(*p), path_cmp);
}

static __u32 pathset_hash(__u32 nhid, bool truncated, const struct fs_path *p, int n)
{
	__u32 h = fs_hash(&nhid, sizeof(nhid), 3);

	h = fs_hash(&truncated, sizeof(truncated), h);
	return fs_hash(p, n * sizeof(*p), h);
}

/* The interned set (nhid, or paths p[0..n-1] in canonical form); a new
 * one is dirty, to be resolved. */
static struct fs_pathset *pathset_get(struct fs_model *m, __u32 nhid,
				      bool truncated, const struct fs_path *p,
				      int n)
{
	__u32 hash = pathset_hash(nhid, truncated, p, n);
	struct fs_pathset *ps;

	FS_HTAB_FOR_HASH(&m->pathsets, hash, ps, struct fs_pathset, h)
		if (ps->nhid == nhid && ps->truncated == truncated && ps->n == n &&
		    (n == 0 || !memcmp(ps->p, p, n * sizeof(*p))))
			return ps;
	ps = calloc(1, sizeof(*ps));
	if (!ps)
		return NULL;
	if (n) {
		ps->p = malloc(n * sizeof(*p));
		if (!ps->p) {
			free(ps);
			return NULL;
		}
		memcpy(ps->p, p, n * sizeof(*p));
	}
	ps->nhid = nhid;
	ps->truncated = truncated;
	ps->n = n;
	ps->like = CLOS_NH_NONE;
	fs_htab_add(&m->pathsets, &ps->h, hash);
	fs_model_mark_ps_dirty(m, ps);
	return ps;
}

/* A set no route uses leaves the table at once (so it is not found
 * again) and waits on ps_dead until the translation releases what its
 * verdict holds. */
static void pathset_put(struct fs_model *m, struct fs_pathset *ps)
{
	if (--ps->refs > 0)
		return;
	fs_htab_del(&m->pathsets, &ps->h);
	ps->dead_next = m->ps_dead;
	m->ps_dead = ps;
}

static void kroute_unlink_ps(struct fs_model *m, struct fs_kroute *r)
{
	struct fs_pathset *ps = r->ps;

	if (!ps)
		return;
	if (r->ps_prev)
		r->ps_prev->ps_next = r->ps_next;
	else
		ps->users = r->ps_next;
	if (r->ps_next)
		r->ps_next->ps_prev = r->ps_prev;
	r->ps = NULL;
	r->ps_next = r->ps_prev = NULL;
	pathset_put(m, ps);
}

/* Put route r on set ps (NULL: none). */
static void kroute_set_ps(struct fs_model *m, struct fs_kroute *r,
			  struct fs_pathset *ps)
{
	struct fs_pathset *old = r->ps;

	if (old == ps)
		return;
	if (ps) {
		ps->refs++;
		/* A new set for routes that used a group: lay its group out
		 * like that one, so the flows both share stay put. */
		if (!ps->resolved && ps->like == CLOS_NH_NONE && old &&
		    old->resolved && old->v.action == CLOS_RT_ECMP)
			ps->like = old->v.id;
	}
	kroute_unlink_ps(m, r);
	if (ps) {
		r->ps = ps;
		r->ps_next = ps->users;
		if (ps->users)
			ps->users->ps_prev = r;
		ps->users = r;
	}
}

static void kroute_free(struct fs_model *m, struct fs_kroute *r)
{
	struct fs_kroute **pp;

	for (pp = &r->pfx->routes; *pp; pp = &(*pp)->next)
		if (*pp == r) {
			*pp = r->next;
			break;
		}
	kroute_unlink_ps(m, r);
	fs_model_mark_dirty(m, r->pfx);
	free(r);
}

static struct fs_kroute *kroute_find(struct fs_prefix *p, __u8 src, __u32 table,
				     __u8 tos, __u32 priority)
{
	struct fs_kroute *r;

	for (r = p->routes; r; r = r->next)
		if (r->src == src && r->table == table && r->tos == tos &&
		    r->priority == priority)
			return r;
	return NULL;
}

static struct fs_kroute *kroute_add(struct fs_prefix *p, __u8 src, __u32 table,
				    __u8 tos, __u32 priority)
{
	struct fs_kroute *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->pfx = p;
	r->src = src;
	r->table = table;
	r->tos = tos;
	r->priority = priority;
	r->next = p->routes;
	p->routes = r;
	return r;
}

/* --- neighbours ----------------------------------------------------------- */

static __u32 neigh_hash(__u8 family, __u32 ifindex, const __u8 *addr)
{
	__u8 k[21] = { family };

	memcpy(k + 1, &ifindex, 4);
	memcpy(k + 5, addr, fs_addr_len(family));
	return fs_hash(k, 5 + fs_addr_len(family), 4);
}

struct fs_neigh *fs_model_neigh_get(const struct fs_model *m, __u8 family,
				    __u32 ifindex, const __u8 *addr)
{
	__u32 hash = neigh_hash(family, ifindex, addr);
	struct fs_neigh *n;

	FS_HTAB_FOR_HASH(&m->neighs, hash, n, struct fs_neigh, h)
		if (n->family == family && n->ifindex == ifindex &&
		    !memcmp(n->addr, addr, fs_addr_len(family)))
			return n;
	return NULL;
}

static struct fs_neigh *neigh_add(struct fs_model *m, __u8 family,
				  __u32 ifindex, const __u8 *addr)
{
	struct fs_neigh *n = calloc(1, sizeof(*n));

	if (!n)
		return NULL;
	n->family = family;
	n->ifindex = ifindex;
	memcpy(n->addr, addr, fs_addr_len(family));
	fs_htab_add(&m->neighs, &n->h, neigh_hash(family, ifindex, addr));
	return n;
}

struct fs_neigh *fs_model_want_neigh(struct fs_model *m, __u8 family,
				     __u32 ifindex, const __u8 *addr)
{
	struct fs_neigh *n = fs_model_neigh_get(m, family, ifindex, addr);

	if (!n)
		n = neigh_add(m, family, ifindex, addr);
	if (n && !n->wanted) {
		n->wanted = true;
		m->want_solicit = true;
	}
	return n;
}

/* A host route to a neighbour: resolved, on a clos port, and an address
 * that routes (not multicast, not IPv6 link-local: those are per link). */
static bool neigh_host_route(const struct fs_model *m, const struct fs_neigh *n)
{
	if (!fs_neigh_resolved(n) || (n->state & NUD_NOARP) ||
	    fs_model_port(m, n->ifindex) < 0)
		return false;
	if (n->family == AF_INET)
		return n->addr[0] < 224 && n->addr[0] != 0;
	return n->addr[0] != 0xff && !(n->addr[0] == 0xfe && (n->addr[1] & 0xc0) == 0x80);
}

static int neigh_host_update(struct fs_model *m, struct fs_neigh *n)
{
	struct fs_path path = { .oif = n->ifindex, .weight = 1 };
	struct fs_pathset *ps;
	struct fs_prefix *p;

	if (!neigh_host_route(m, n)) {
		if (n->host) {
			kroute_free(m, n->host);
			n->host = NULL;
		}
		return 0;
	}
	if (n->host)
		return 0;
	path.gw.family = n->family;
	memcpy(path.gw.a, n->addr, fs_addr_len(n->family));
	p = prefix_get_or_add(m, n->family, fs_addr_len(n->family) * 8, n->addr);
	if (!p)
		return -ENOMEM;
	ps = pathset_get(m, 0, false, &path, 1);
	n->host = ps ? kroute_add(p, FS_SRC_NEIGH, 0, 0, 0) : NULL;
	if (!n->host)
		return -ENOMEM;
	n->host->type = RTN_UNICAST;
	kroute_set_ps(m, n->host, ps);
	fs_model_mark_dirty(m, p);
	return 0;
}

static void neigh_free(struct fs_model *m, struct fs_neigh *n)
{
	if (n->host)
		kroute_free(m, n->host);
	fs_htab_del(&m->neighs, &n->h);
	free(n);
}

int fs_model_neigh(struct fs_model *m, const struct fs_neigh_msg *msg)
{
	struct fs_neigh *n;
	bool was, mac_changed;

	if (msg->family != AF_INET && msg->family != AF_INET6) {
		m->ignored++;
		return 0;
	}
	n = fs_model_neigh_get(m, msg->family, msg->ifindex, msg->addr);
	if (msg->del) {
		if (!n)
			return 0;
		if (fs_neigh_resolved(n))
			m->resolve_all = true;
		if (!n->wanted) {
			neigh_free(m, n);
			return 0;
		}
		/* Still a gateway: keep it, unresolved, to be asked for. */
		n->state = NUD_NONE;
		n->has_mac = false;
		m->want_solicit = true;
		return neigh_host_update(m, n);
	}
	if (!n) {
		n = neigh_add(m, msg->family, msg->ifindex, msg->addr);
		if (!n)
			return -ENOMEM;
	}
	was = fs_neigh_resolved(n);
	mac_changed = msg->has_mac && memcmp(n->mac, msg->mac, 6);
	n->state = msg->state;
	if (msg->has_mac) {
		memcpy(n->mac, msg->mac, 6);
		n->has_mac = true;
	}
	if (was != fs_neigh_resolved(n) || (was && mac_changed)) {
		m->resolve_all = true;
		/* A new MAC: its host route's nexthop is another one. */
		if (n->host && mac_changed)
			fs_model_mark_ps_dirty(m, n->host->ps);
	}
	if (!fs_neigh_resolved(n) && n->wanted)
		m->want_solicit = true;
	return neigh_host_update(m, n);
}

void fs_model_neigh_gc(struct fs_model *m)
{
	struct fs_neigh *n;

	FS_HTAB_FOR_EACH(&m->neighs, n, struct fs_neigh, h)
		if (n->state == NUD_NONE && !n->wanted && !n->host)
			neigh_free(m, n);
}

/* --- nexthop objects -------------------------------------------------------- */

struct fs_nhobj *fs_model_nhobj_get(const struct fs_model *m, __u32 id)
{
	__u32 hash = fs_hash(&id, sizeof(id), 5);
	struct fs_nhobj *o;

	FS_HTAB_FOR_HASH(&m->nhobjs, hash, o, struct fs_nhobj, h)
		if (o->m.id == id)
			return o;
	return NULL;
}

int fs_model_nexthop(struct fs_model *m, const struct fs_nh_msg *msg)
{
	struct fs_nhobj *o = fs_model_nhobj_get(m, msg->id);

	m->resolve_all = true;
	if (msg->del) {
		if (o) {
			fs_htab_del(&m->nhobjs, &o->h);
			free(o);
		}
		return 0;
	}
	if (!o) {
		o = calloc(1, sizeof(*o));
		if (!o)
			return -ENOMEM;
		fs_htab_add(&m->nhobjs, &o->h, fs_hash(&msg->id, sizeof(msg->id), 5));
	}
	o->m = *msg;
	return 0;
}

/* --- routes ------------------------------------------------------------------- */

/* Is the route one the sync mirrors; its source. */
static bool route_wanted(const struct fs_route_msg *r, __u8 *src)
{
	if (r->family != AF_INET && r->family != AF_INET6)
		return false;
	if (r->tos)
		return false;	/* clos routes by destination alone */
	if (r->table == RT_TABLE_LOCAL) {
		*src = FS_SRC_LOCAL;
		return r->type == RTN_LOCAL || r->type == RTN_ANYCAST;
	}
	if (r->table != RT_TABLE_MAIN)
		return false;
	*src = FS_SRC_ROUTE;
	switch (r->type) {
	case RTN_UNICAST:
	case RTN_BLACKHOLE:
	case RTN_UNREACHABLE:
	case RTN_PROHIBIT:
	case RTN_THROW:
		return true;
	default:
		return false;
	}
}

/* Give route r the paths p[0..n-1] (or nexthop object nhid). */
static int kroute_set_paths(struct fs_model *m, struct fs_kroute *r, __u32 nhid,
			    bool truncated, struct fs_path *p, int n)
{
	struct fs_pathset *ps;

	if (r->type != RTN_UNICAST || r->encap) {
		kroute_set_ps(m, r, NULL);
		return 0;
	}
	paths_canon(p, n);
	ps = pathset_get(m, nhid, truncated, p, n);
	if (!ps)
		return -ENOMEM;
	kroute_set_ps(m, r, ps);
	return 0;
}

/* IPv6 lists one path when it adds a route beside others of the same
 * metric (a sibling, or another device): add it to the route's. */
static int kroute_add_path(struct fs_model *m, struct fs_kroute *r,
			   const struct fs_path *add)
{
	struct fs_path p[FS_MAX_PATHS], one = *add;
	int i, n = 0;

	paths_canon(&one, 1);
	if (r->ps && !r->ps->nhid) {
		n = r->ps->n;
		if (n)	/* an empty set has no array */
			memcpy(p, r->ps->p, n * sizeof(*p));
	}
	for (i = 0; i < n; i++)
		if (path_eq(&p[i], &one))
			return 0;
	if (n == FS_MAX_PATHS)
		return kroute_set_paths(m, r, 0, true, p, n);
	p[n++] = one;
	return kroute_set_paths(m, r, 0, r->ps && r->ps->truncated, p, n);
}

/* IPv6 deletes one sibling at a time: take its paths off the route;
 * returns whether any is left. */
static bool kroute_del_paths(struct fs_model *m, struct fs_kroute *r,
			     const struct fs_route_msg *msg)
{
	struct fs_path p[FS_MAX_PATHS], del[FS_MAX_PATHS];
	int i, j, n = 0;

	if (!r->ps || r->ps->nhid || msg->nhid || !msg->n)
		return false;
	memcpy(del, msg->p, msg->n * sizeof(*del));
	paths_canon(del, msg->n);
	for (i = 0; i < r->ps->n; i++) {
		for (j = 0; j < msg->n; j++)
			if (path_eq(&r->ps->p[i], &del[j]))
				break;
		if (j == msg->n)
			p[n++] = r->ps->p[i];
	}
	if (!n)
		return false;
	if (n != r->ps->n)
		kroute_set_paths(m, r, 0, r->ps->truncated, p, n);
	return true;
}

/* Does r say what msg says (its paths p in canonical form)? */
static bool kroute_same(const struct fs_kroute *r, const struct fs_route_msg *msg,
			const struct fs_path *p)
{
	const struct fs_pathset *ps = r->ps;

	if (r->type != msg->type || r->encap != msg->encap || r->proto != msg->proto)
		return false;
	if (r->type != RTN_UNICAST || r->encap)
		return true;
	return ps && ps->nhid == msg->nhid && ps->truncated == msg->truncated &&
	       ps->n == msg->n &&
	       (msg->n == 0 || !memcmp(ps->p, p, msg->n * sizeof(*p)));
}

int fs_model_route(struct fs_model *m, const struct fs_route_msg *msg)
{
	struct fs_path p[FS_MAX_PATHS];
	struct fs_kroute *r;
	struct fs_prefix *pfx;
	__u8 src = FS_SRC_ROUTE;
	bool set = true;

	if (!route_wanted(msg, &src)) {
		m->ignored++;
		return 0;
	}
	pfx = msg->del ? fs_model_prefix_get(m, msg->family, msg->plen, msg->dst)
		       : prefix_get_or_add(m, msg->family, msg->plen, msg->dst);
	if (!pfx)
		return msg->del ? 0 : -ENOMEM;
	r = kroute_find(pfx, src, msg->table, msg->tos, msg->priority);
	if (msg->del) {
		if (!r)
			return 0;
		if (msg->family == AF_INET6 && kroute_del_paths(m, r, msg)) {
			fs_model_mark_dirty(m, pfx);
			return 0;
		}
		/* What an appended IPv4 route left behind is not known. */
		if (r->aliased)
			m->resync = true;
		kroute_free(m, r);
		return 0;
	}
	memcpy(p, msg->p, msg->n * sizeof(*p));
	paths_canon(p, msg->n);
	if (!r) {
		r = kroute_add(pfx, src, msg->table, msg->tos, msg->priority);
		if (!r)
			return -ENOMEM;
	} else if (msg->family == AF_INET && !msg->replace) {
		/* The same route again (an event that a dump had already
		 * shown) changes nothing. Else an appended route hides behind
		 * this one; a prepended one takes its place, the old behind. */
		if (kroute_same(r, msg, p))
			return 0;
		r->aliased = true;
		set = !msg->append;
	} else if (msg->family == AF_INET6 && !msg->replace && !msg->nhid &&
		   msg->n == 1 && r->type == RTN_UNICAST && msg->type == RTN_UNICAST &&
		   !r->encap && !msg->encap) {
		fs_model_mark_dirty(m, pfx);
		return kroute_add_path(m, r, &msg->p[0]);
	}
	if (!set)
		return 0;
	r->type = msg->type;
	r->proto = msg->proto;
	r->encap = msg->encap;
	fs_model_mark_dirty(m, pfx);
	return kroute_set_paths(m, r, msg->nhid, msg->truncated, p, msg->n);
}

/* --- forgetting ------------------------------------------------------------- */

void fs_model_forget(struct fs_model *m)
{
	struct fs_link *l;
	struct fs_neigh *n;
	struct fs_nhobj *o;
	struct fs_prefix *p;

	FS_HTAB_FOR_EACH(&m->neighs, n, struct fs_neigh, h) {
		n->host = NULL;		/* freed with its prefix's routes */
		fs_htab_del(&m->neighs, &n->h);
		free(n);
	}
	FS_HTAB_FOR_EACH(&m->prefixes, p, struct fs_prefix, h) {
		while (p->routes)
			kroute_free(m, p->routes);
		fs_model_mark_dirty(m, p);
	}
	FS_HTAB_FOR_EACH(&m->links, l, struct fs_link, h) {
		fs_htab_del(&m->links, &l->h);
		free(l);
	}
	FS_HTAB_FOR_EACH(&m->nhobjs, o, struct fs_nhobj, h) {
		fs_htab_del(&m->nhobjs, &o->h);
		free(o);
	}
	m->resolve_all = true;
	m->want_solicit = false;
}

void fs_model_free(struct fs_model *m)
{
	struct fs_prefix *p;
	struct fs_pathset *ps;

	fs_model_forget(m);
	FS_HTAB_FOR_EACH(&m->prefixes, p, struct fs_prefix, h)
		free(p);
	/* Sets are all dead by now (no routes): their verdicts' ids go
	 * with the ids table. */
	m->ps_dirty = NULL;
	while ((ps = m->ps_dead)) {
		m->ps_dead = ps->dead_next;
		free(ps->p);
		free(ps);
	}
	fs_htab_free(&m->links);
	fs_htab_free(&m->neighs);
	fs_htab_free(&m->nhobjs);
	fs_htab_free(&m->pathsets);
	fs_htab_free(&m->prefixes);
}
