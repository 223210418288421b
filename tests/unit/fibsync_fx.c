// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <criterion/criterion.h>
#include "fibsync_fx.h"
#include "xlate.h"

void fsx_mac(__u8 b, __u8 mac[6])
{
	static const __u8 base[6] = { 0x02, 0xee, 0, 0, 0, 0 };

	memcpy(mac, base, 6);
	mac[5] = b;
}

/* --- the in-memory backend --------------------------------------------------- */

static void logf_(struct fsx *x, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void logf_(struct fsx *x, const char *fmt, ...)
{
	va_list ap;

	cr_assert_lt(x->nlog, FSX_LOG_MAX, "operation log full");
	va_start(ap, fmt);
	vsnprintf(x->log[x->nlog++], sizeof(x->log[0]), fmt, ap);
	va_end(ap);
}

static const char *pfx_str(__u8 family, __u8 plen, const __u8 *addr, char *buf,
			   size_t len)
{
	char a[INET6_ADDRSTRLEN];

	inet_ntop(family, addr, a, sizeof(a));
	snprintf(buf, len, "%s/%u", a, plen);
	return buf;
}

static int be_nh_write(void *ctx, __u32 id, const struct clos_nexthop *nh,
		       struct clos_err *err)
{
	struct fsx *x = ctx;

	x->nh[id] = *nh;
	logf_(x, "nh+ %u", id);
	return 0;
}

static int be_nh_clear(void *ctx, __u32 id, struct clos_err *err)
{
	struct fsx *x = ctx;

	memset(&x->nh[id], 0, sizeof(x->nh[id]));
	logf_(x, "nh- %u", id);
	return 0;
}

static int be_group_write(void *ctx, __u32 gid, __u32 like, __u8 kind,
			  const __u32 *nh, int n, struct clos_err *err)
{
	struct fsx *x = ctx;
	int i;

	/* As the map refuses it: every member must exist. */
	for (i = 0; i < n; i++)
		if (!x->nh[nh[i]].valid)
			return clos_err_set(err, -ENOENT, "group %u: nexthop %u does not exist",
					    gid, nh[i]);
	x->group_on[gid] = true;
	x->group_kind[gid] = kind;
	x->group_n[gid] = n;
	x->group_like[gid] = like;
	memcpy(x->group_member[gid], nh, n * sizeof(*nh));
	logf_(x, "grp+ %u", gid);
	return 0;
}

static int be_group_del(void *ctx, __u32 gid, struct clos_err *err)
{
	struct fsx *x = ctx;
	int i;

	for (i = 0; i < FSX_ROUTES_MAX; i++)
		if (x->routes[i].on && x->routes[i].rt.action == CLOS_RT_ECMP &&
		    x->routes[i].rt.id == gid)
			return clos_err_set(err, -EBUSY, "group %u in use", gid);
	x->group_on[gid] = false;
	logf_(x, "grp- %u", gid);
	return 0;
}

static struct fsx_route *find(struct fsx *x, __u8 family, __u8 plen,
			      const __u8 *addr)
{
	int i;

	for (i = 0; i < FSX_ROUTES_MAX; i++)
		if (x->routes[i].on && x->routes[i].family == family &&
		    x->routes[i].plen == plen && !memcmp(x->routes[i].addr, addr, 16))
			return &x->routes[i];
	return NULL;
}

static int be_route_write(void *ctx, const struct fs_prefix *p,
			  const struct clos_route *rt, struct clos_err *err)
{
	struct fsx *x = ctx;
	struct fsx_route *r = find(x, p->family, p->plen, p->addr);
	int i, room = x->route_room ? x->route_room : FSX_ROUTES_MAX;
	char s[64];

	pfx_str(p->family, p->plen, p->addr, s, sizeof(s));
	/* Make before break: what a route points to exists. */
	if (rt->action == CLOS_RT_NEXTHOP && !x->nh[rt->id].valid)
		return clos_err_set(err, -ENOENT, "route %s: nexthop %u missing", s, rt->id);
	if (rt->action == CLOS_RT_ECMP && !x->group_on[rt->id])
		return clos_err_set(err, -ENOENT, "route %s: group %u missing", s, rt->id);
	if (!r) {
		if (fsx_table_routes(x) >= room)
			return clos_err_set(err, -ENOSPC, "route %s: the table is full", s);
		for (i = 0; i < FSX_ROUTES_MAX && x->routes[i].on; i++)
			;
		cr_assert_lt(i, FSX_ROUTES_MAX);
		r = &x->routes[i];
		memset(r, 0, sizeof(*r));
		r->on = true;
		r->family = p->family;
		r->plen = p->plen;
		memcpy(r->addr, p->addr, fs_addr_len(p->family));
	}
	r->rt = *rt;
	logf_(x, "rt+ %s", s);
	return 0;
}

static int be_route_del(void *ctx, const struct fs_prefix *p, struct clos_err *err)
{
	struct fsx *x = ctx;
	struct fsx_route *r = find(x, p->family, p->plen, p->addr);
	char s[64];

	if (r)
		r->on = false;
	logf_(x, "rt- %s", pfx_str(p->family, p->plen, p->addr, s, sizeof(s)));
	return 0;
}

static void be_error(void *arg, const char *kind, const char *msg)
{
	struct fsx *x = arg;

	x->errors++;
	logf_(x, "error %s: %s", kind, msg);
}

struct fsx *fsx_new(void)
{
	struct fsx *x = calloc(1, sizeof(*x));
	int p;

	cr_assert_not_null(x);
	fs_model_init(&x->m);
	fs_ids_init(&x->ids);
	for (p = 0; p < FSX_PORTS; p++)
		x->m.port_of[FSX_IFINDEX(p)] = p;
	x->be = (struct fs_backend){
		.nh_write = be_nh_write, .nh_clear = be_nh_clear,
		.group_write = be_group_write, .group_del = be_group_del,
		.route_write = be_route_write, .route_del = be_route_del,
		.ctx = x, .error = be_error, .error_arg = x,
	};
	return x;
}

void fsx_free(struct fsx *x)
{
	fs_model_free(&x->m);
	fs_ids_free(&x->ids);
	free(x);
}

/* --- messages ----------------------------------------------------------------- */

static __u8 parse_prefix(const char *s, __u8 *addr, __u8 *plen)
{
	char buf[64], *slash;
	__u8 family;

	snprintf(buf, sizeof(buf), "%s", s);
	slash = strchr(buf, '/');
	cr_assert_not_null(slash, "prefix '%s' without /LEN", s);
	*slash = '\0';
	family = strchr(buf, ':') ? AF_INET6 : AF_INET;
	memset(addr, 0, 16);
	cr_assert_eq(inet_pton(family, buf, addr), 1, "address '%s'", buf);
	*plen = atoi(slash + 1);
	return family;
}

static void parse_gw(const char *s, struct fs_ip *ip)
{
	memset(ip, 0, sizeof(*ip));
	if (!*s)
		return;
	ip->family = strchr(s, ':') ? AF_INET6 : AF_INET;
	cr_assert_eq(inet_pton(ip->family, s, ip->a), 1, "gateway '%s'", s);
}

/* "GW@IF[*W],..." into p; returns the count. */
static int parse_paths(const char *s, struct fs_path *p)
{
	char buf[1024], *tok, *save = NULL, *at, *star;
	int n = 0;

	snprintf(buf, sizeof(buf), "%s", s);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		cr_assert_lt(n, FS_MAX_PATHS);
		memset(&p[n], 0, sizeof(p[n]));
		at = strchr(tok, '@');
		cr_assert_not_null(at, "path '%s' without @IFINDEX", tok);
		*at = '\0';
		star = strchr(at + 1, '*');
		p[n].weight = 1;
		if (star) {
			*star = '\0';
			p[n].weight = atoi(star + 1);
		}
		p[n].oif = atoi(at + 1);
		parse_gw(tok, &p[n].gw);
		n++;
	}
	return n;
}

static void route_msg(struct fs_route_msg *r, const char *prefix, bool del)
{
	memset(r, 0, sizeof(*r));
	r->del = del;
	r->family = parse_prefix(prefix, r->dst, &r->plen);
	r->table = RT_TABLE_MAIN;
	r->type = RTN_UNICAST;
	r->proto = RTPROT_STATIC;
	r->priority = r->family == AF_INET6 ? 1024 : 0;
}

static void apply_route(struct fsx *x, struct fs_route_msg *r)
{
	cr_assert_eq(fs_model_route(&x->m, r), 0);
}

void fsx_route_metric(struct fsx *x, const char *prefix, const char *paths,
		      __u32 metric)
{
	struct fs_route_msg r;

	route_msg(&r, prefix, false);
	r.priority = metric;
	r.n = parse_paths(paths, r.p);
	/* A route replaced (ip route replace), as FRR's zebra writes. */
	r.replace = true;
	apply_route(x, &r);
}

void fsx_route(struct fsx *x, const char *prefix, const char *paths)
{
	struct fs_route_msg r;

	route_msg(&r, prefix, false);
	fsx_route_metric(x, prefix, paths, r.priority);
}

void fsx_route_nhid(struct fsx *x, const char *prefix, __u32 nhid)
{
	struct fs_route_msg r;

	route_msg(&r, prefix, false);
	r.nhid = nhid;
	r.replace = true;
	apply_route(x, &r);
}

void fsx_route_type(struct fsx *x, const char *prefix, __u8 table, __u8 type)
{
	struct fs_route_msg r;

	route_msg(&r, prefix, false);
	r.table = table;
	r.type = type;
	if (table == RT_TABLE_LOCAL) {
		r.proto = RTPROT_KERNEL;
		r.priority = 0;
	}
	apply_route(x, &r);
}

void fsx_route6_append(struct fsx *x, const char *prefix, const char *path)
{
	struct fs_route_msg r;

	route_msg(&r, prefix, false);
	r.n = parse_paths(path, r.p);
	apply_route(x, &r);
}

void fsx_route_del(struct fsx *x, const char *prefix, const char *paths)
{
	struct fs_route_msg r;

	route_msg(&r, prefix, true);
	r.n = parse_paths(paths, r.p);
	apply_route(x, &r);
}

void fsx_route_del_metric(struct fsx *x, const char *prefix, __u32 metric)
{
	struct fs_route_msg r;

	route_msg(&r, prefix, true);
	r.priority = metric;
	apply_route(x, &r);
}

void fsx_neigh(struct fsx *x, const char *addr, __u32 ifindex, __u8 mac_byte,
	       __u16 state)
{
	struct fs_neigh_msg n = { .ifindex = ifindex, .state = state };
	struct fs_ip ip;

	parse_gw(addr, &ip);
	n.family = ip.family;
	memcpy(n.addr, ip.a, 16);
	if (state & ~(NUD_INCOMPLETE | NUD_FAILED | NUD_NONE)) {
		n.has_mac = true;
		fsx_mac(mac_byte, n.mac);
	}
	cr_assert_eq(fs_model_neigh(&x->m, &n), 0);
}

void fsx_neigh_del(struct fsx *x, const char *addr, __u32 ifindex)
{
	struct fs_neigh_msg n = { .del = true, .ifindex = ifindex };
	struct fs_ip ip;

	parse_gw(addr, &ip);
	n.family = ip.family;
	memcpy(n.addr, ip.a, 16);
	cr_assert_eq(fs_model_neigh(&x->m, &n), 0);
}

void fsx_nh(struct fsx *x, __u32 id, const char *gw, __u32 ifindex)
{
	struct fs_nh_msg nh = { .id = id };

	nh.path.oif = ifindex;
	nh.path.weight = 1;
	parse_gw(gw, &nh.path.gw);
	cr_assert_eq(fs_model_nexthop(&x->m, &nh), 0);
}

void fsx_nh_group(struct fsx *x, __u32 id, const char *members, bool resilient)
{
	struct fs_nh_msg nh = { .id = id, .group = true, .resilient = resilient };
	char buf[256], *tok, *save = NULL, *star;

	snprintf(buf, sizeof(buf), "%s", members);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		star = strchr(tok, '*');
		nh.m[nh.n].weight = star ? atoi(star + 1) : 1;
		nh.m[nh.n++].id = atoi(tok);
	}
	cr_assert_eq(fs_model_nexthop(&x->m, &nh), 0);
}

void fsx_nh_del(struct fsx *x, __u32 id)
{
	struct fs_nh_msg nh = { .id = id, .del = true };

	cr_assert_eq(fs_model_nexthop(&x->m, &nh), 0);
}

void fsx_sync(struct fsx *x)
{
	int i;

	x->nlog = 0;
	for (i = 0; i < 3 && (x->m.dirty || x->m.ps_dirty || x->m.ps_dead ||
			      x->m.resolve_all); i++) {
		fs_xlate_run(&x->m, &x->ids);
		fs_write(&x->m, &x->ids, &x->be, &x->st);
	}
}

/* --- looking --------------------------------------------------------------------- */

struct fs_prefix *fsx_prefix(struct fsx *x, const char *prefix)
{
	__u8 addr[16], plen, family = parse_prefix(prefix, addr, &plen);
	struct fs_prefix *p = fs_model_prefix_get(&x->m, family, plen, addr);

	cr_assert_not_null(p, "no prefix %s in the model", prefix);
	return p;
}

const struct clos_route *fsx_table_route(struct fsx *x, const char *prefix)
{
	__u8 addr[16], plen, family = parse_prefix(prefix, addr, &plen);
	struct fsx_route *r = find(x, family, plen, addr);

	return r ? &r->rt : NULL;
}

int fsx_logged(const struct fsx *x, const char *s)
{
	int i;

	for (i = 0; i < x->nlog; i++)
		if (!strncmp(x->log[i], s, strlen(s)))
			return i;
	return -1;
}

int fsx_logged_count(const struct fsx *x, const char *s)
{
	int i, n = 0;

	for (i = 0; i < x->nlog; i++)
		n += !strncmp(x->log[i], s, strlen(s));
	return n;
}

int fsx_table_routes(const struct fsx *x)
{
	int i, n = 0;

	for (i = 0; i < FSX_ROUTES_MAX; i++)
		n += x->routes[i].on;
	return n;
}
