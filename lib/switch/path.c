// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "clos/fib.h"
#include "ecmp_store.h"
#include "path.h"

static bool prefix_holds(const __u8 *pfx, unsigned int plen, const __u8 *addr)
{
	unsigned int full = plen / 8, rest = plen % 8;

	if (memcmp(pfx, addr, full))
		return false;
	return !rest || !((pfx[full] ^ addr[full]) & (0xff << (8 - rest)));
}

/* The longest prefix of the route table holding dst, for display: the
 * kernel's LPM lookup returns the value, not the key it matched. */
static void matched_prefix(int fd, const struct clos_flow_key *k, char *buf,
			   size_t len)
{
	unsigned int maxlen = k->family == AF_INET6 ? 128 : 32;
	struct clos_lpm_v6 cur, best;	/* an IPv4 key is a prefix of this */
	char addr[INET6_ADDRSTRLEN];
	bool found = false, first = true;

	memset(&best, 0, sizeof(best));
	while (!bpf_map_get_next_key(fd, first ? NULL : &cur, &cur)) {
		first = false;
		if (cur.prefixlen > maxlen || !prefix_holds(cur.addr, cur.prefixlen, k->daddr))
			continue;
		if (!found || cur.prefixlen > best.prefixlen)
			best = cur;
		found = true;
	}
	if (!found) {
		snprintf(buf, len, "-");
		return;
	}
	inet_ntop(k->family, best.addr, addr, sizeof(addr));
	snprintf(buf, len, "%s/%u", addr, best.prefixlen);
}

void clos_path_prefix(const struct clos_switch *sw, const struct clos_flow_key *k,
		      char *buf, size_t len)
{
	matched_prefix(sw->fd[k->family == AF_INET6 ? CLOS_MAP_ROUTE_V6 : CLOS_MAP_ROUTE_V4],
		       k, buf, len);
}

/* The table reads of include/clos/fib.h: one bpf syscall each, into room
 * in the context that the pointer returned points to. */
struct clos_fib_ctx {
	const struct clos_switch *sw;
	const struct clos_flow_key *k;
	__u32 seed;
	__u32 hash;		/* once clos_fib_hash() was asked */
	struct clos_route rt;
	struct clos_ecmp_group group;
	struct clos_nexthop nh;
	struct clos_port port;
};

static inline const void *fib_read(const struct clos_fib_ctx *c, enum clos_map_id map,
				   const void *key, void *val)
{
	return bpf_map_lookup_elem(c->sw->fd[map], key, val) ? NULL : val;
}

static __always_inline const struct clos_route *
clos_fib_route_v4(struct clos_fib_ctx *c, const struct clos_lpm_v4 *key)
{
	return fib_read(c, CLOS_MAP_ROUTE_V4, key, &c->rt);
}

static __always_inline const struct clos_route *
clos_fib_route_v6(struct clos_fib_ctx *c, const struct clos_lpm_v6 *key)
{
	return fib_read(c, CLOS_MAP_ROUTE_V6, key, &c->rt);
}

static __always_inline const struct clos_ecmp_group *
clos_fib_group(struct clos_fib_ctx *c, const __u32 *gid)
{
	return clos_ecmp_store_get(c->sw->fd[CLOS_MAP_ECMP_GROUPS], *gid,
				   &c->group) ? NULL : &c->group;
}

static __always_inline const struct clos_nexthop *
clos_fib_nexthop(struct clos_fib_ctx *c, const __u32 *id)
{
	return fib_read(c, CLOS_MAP_NEXTHOP, id, &c->nh);
}

static __always_inline const struct clos_port *
clos_fib_port(struct clos_fib_ctx *c, const __u32 *id)
{
	return fib_read(c, CLOS_MAP_PORTS, id, &c->port);
}

static __always_inline __u32 clos_fib_hash(struct clos_fib_ctx *c)
{
	c->hash = clos_flow_key_hash(c->k, c->seed);
	return c->hash;
}

int clos_path_resolve(const struct clos_switch *sw, const struct clos_flow_key *k,
		      struct clos_path *out, struct clos_err *why)
{
	struct clos_fib_ctx c = { .sw = sw, .k = k };
	struct clos_switch_cfg cfg;
	const struct clos_route *rt;
	struct clos_fwd fwd = {};
	int err;

	memset(out, 0, sizeof(*out));
	out->slot = -1;
	err = clos_switch_cfg_get(sw, &cfg);
	if (err)
		return clos_err_set(why, err, "cannot read switch_cfg: %s", strerror(-err));
	c.seed = cfg.seed;
	rt = k->family == AF_INET6 ? clos_fib_lookup_v6(&c, k->daddr)
				   : clos_fib_lookup_v4(&c, k->daddr);
	if (!rt) {
		out->verdict = CLOS_STAT_DROP_NO_ROUTE;
		snprintf(out->prefix, sizeof(out->prefix), "-");
		return 0;
	}
	matched_prefix(sw->fd[k->family == AF_INET6 ? CLOS_MAP_ROUTE_V6 : CLOS_MAP_ROUTE_V4],
		       k, out->prefix, sizeof(out->prefix));
	out->action = rt->action;
	out->id = rt->id;

	out->verdict = clos_fib_resolve(&c, rt, &fwd);
	if (out->verdict == CLOS_STAT_FWD && fwd.ecmp)
		out->verdict = CLOS_STAT_FWD_ECMP;
	out->hash = c.hash;
	if (fwd.ecmp)
		out->slot = fwd.slot;
	out->nexthop = fwd.nh_id;
	out->port = fwd.port;
	memcpy(out->dmac, fwd.dmac, sizeof(out->dmac));
	return 0;
}
