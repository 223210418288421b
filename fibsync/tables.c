// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <bpf/bpf.h>
#include "fibsync.h"
#include "group.h"
#include "parse_util.h"
#include "tables.h"

int fs_tables_ports(const struct clos_switch *sw, struct fs_model *m,
		    struct clos_err *err)
{
	struct clos_port port;
	__u32 id;

	memset(m->port_of, 0xff, sizeof(m->port_of));
	for (id = 0; id < CLOS_MAX_PORTS; id++) {
		if (clos_port_get(sw, id, &port))
			continue;
		if (port.ifindex >= CLOS_MAX_IFINDEX)
			return clos_err_set(err, -ERANGE, "port %s: ifindex %u out of range",
					    port.name, port.ifindex);
		m->port_of[port.ifindex] = id;
	}
	return 0;
}

static int read_routes(const struct clos_switch *sw, struct fs_model *m,
		       __u8 family, struct clos_err *err)
{
	int fd = sw->fd[family == AF_INET ? CLOS_MAP_ROUTE_V4 : CLOS_MAP_ROUTE_V6];
	struct clos_lpm_v6 key, next;	/* room for either */
	struct clos_route rt;
	void *prev = NULL;
	int ret;

	while (bpf_map_get_next_key(fd, prev, &next) == 0) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, &rt))
			continue;	/* deleted meanwhile */
		ret = fs_model_applied(m, family, key.prefixlen, key.addr, &rt,
				       clos_fibsync_owns_route(&rt));
		if (ret)
			return clos_err_set(err, ret, "reading routes: out of memory");
	}
	if (errno != ENOENT)
		return clos_err_set(err, -errno, "reading route_v%c: %s",
				    family == AF_INET ? '4' : '6', strerror(errno));
	return 0;
}

int fs_tables_read(const struct clos_switch *sw, struct fs_model *m,
		   struct fs_ids *ids, struct clos_err *err)
{
	struct clos_ecmp_group g;
	struct clos_nexthop nh;
	__u32 id, members[CLOS_MAX_MEMBERS];
	int n, s, ret;

	for (id = CLOS_FIBSYNC_NH_FIRST; id < CLOS_MAX_NEXTHOPS; id++) {
		if (bpf_map_lookup_elem(sw->fd[CLOS_MAP_NEXTHOP], &id, &nh))
			return clos_err_set(err, -errno, "reading nexthop %u: %s",
					    id, strerror(errno));
		fs_ids_nh_applied(ids, id, &nh);
	}
	for (id = CLOS_FIBSYNC_GROUP_FIRST; id < CLOS_MAX_GROUPS; id++) {
		if (clos_group_get(sw, id, &g))
			continue;
		for (s = 0, n = 0; s < CLOS_MAX_MEMBERS; s++)
			if (g.nexthop[s] != CLOS_NH_NONE)
				members[n++] = g.nexthop[s];
		fs_ids_group_applied(ids, id, g.kind, members, n);
	}
	ret = read_routes(sw, m, AF_INET, err);
	return ret ? ret : read_routes(sw, m, AF_INET6, err);
}

/* --- the backend ---------------------------------------------------------- */

static int nh_write(void *ctx, __u32 id, const struct clos_nexthop *nh,
		    struct clos_err *err)
{
	struct clos_switch *sw = ctx;
	char mac[CLOS_MAC_STRLEN];

	if (bpf_map_update_elem(sw->fd[CLOS_MAP_NEXTHOP], &id, nh, BPF_ANY))
		return clos_err_set(err, -errno, "nexthop %u (port %u %s): %s", id,
				    nh->port, clos_fmt_mac(nh->dmac, mac, sizeof(mac)),
				    strerror(errno));
	return 0;
}

static int nh_clear(void *ctx, __u32 id, struct clos_err *err)
{
	struct clos_switch *sw = ctx;
	struct clos_nexthop none = {};

	/* Array slots cannot go away: an all-zero slot is absent. */
	if (bpf_map_update_elem(sw->fd[CLOS_MAP_NEXTHOP], &id, &none, BPF_ANY))
		return clos_err_set(err, -errno, "nexthop %u: delete: %s", id,
				    strerror(errno));
	return 0;
}

static int group_write(void *ctx, __u32 gid, __u32 like, __u8 kind,
		       const __u32 *nh, int n, struct clos_err *err)
{
	return clos_group_set_like(ctx, gid, like, kind, nh, n, err);
}

static int group_del(void *ctx, __u32 gid, struct clos_err *err)
{
	return clos_group_remove(ctx, gid, err);
}

static int route_key(const struct fs_prefix *p, struct clos_lpm_v6 *key)
{
	memset(key, 0, sizeof(*key));
	key->prefixlen = p->plen;
	memcpy(key->addr, p->addr, fs_addr_len(p->family));
	return p->family == AF_INET ? CLOS_MAP_ROUTE_V4 : CLOS_MAP_ROUTE_V6;
}

static const char *prefix_str(const struct fs_prefix *p, char *buf, size_t len)
{
	struct clos_lpm_v4 k4 = { .prefixlen = p->plen };
	struct clos_lpm_v6 k6 = { .prefixlen = p->plen };

	if (p->family == AF_INET) {
		memcpy(k4.addr, p->addr, 4);
		return clos_fmt_prefix4(&k4, buf, len);
	}
	memcpy(k6.addr, p->addr, 16);
	return clos_fmt_prefix6(&k6, buf, len);
}

static int route_write(void *ctx, const struct fs_prefix *p,
		       const struct clos_route *rt, struct clos_err *err)
{
	struct clos_switch *sw = ctx;
	char pfx[CLOS_PREFIX_STRLEN];
	struct clos_lpm_v6 key;
	int map = route_key(p, &key), ret;

	if (!bpf_map_update_elem(sw->fd[map], &key, rt, BPF_ANY))
		return 0;
	/* A full LPM trie says ENOSPC; E2BIG is the other maps' word. */
	ret = errno == ENOSPC || errno == E2BIG ? -ENOSPC : -errno;
	return clos_err_set(err, ret, "route %s: %s", prefix_str(p, pfx, sizeof(pfx)),
			    ret == -ENOSPC ? "the table is full" : strerror(-ret));
}

static int route_del(void *ctx, const struct fs_prefix *p, struct clos_err *err)
{
	struct clos_switch *sw = ctx;
	char pfx[CLOS_PREFIX_STRLEN];
	struct clos_lpm_v6 key;
	int map = route_key(p, &key);

	if (!bpf_map_delete_elem(sw->fd[map], &key) || errno == ENOENT)
		return 0;
	return clos_err_set(err, -errno, "route %s: delete: %s",
			    prefix_str(p, pfx, sizeof(pfx)), strerror(errno));
}

void fs_tables_backend(struct clos_switch *sw, struct fs_backend *be)
{
	be->nh_write = nh_write;
	be->nh_clear = nh_clear;
	be->group_write = group_write;
	be->group_del = group_del;
	be->route_write = route_write;
	be->route_del = route_del;
	be->ctx = sw;
}
