// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "ecmp.h"
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

static int route_lookup(const struct clos_switch *sw, const struct clos_flow_key *k,
			struct clos_route *rt)
{
	if (k->family == AF_INET6) {
		struct clos_lpm_v6 key = { .prefixlen = 128 };

		memcpy(key.addr, k->daddr, 16);
		return bpf_map_lookup_elem(sw->fd[CLOS_MAP_ROUTE_V6], &key, rt);
	} else {
		struct clos_lpm_v4 key = { .prefixlen = 32 };

		memcpy(key.addr, k->daddr, 4);
		return bpf_map_lookup_elem(sw->fd[CLOS_MAP_ROUTE_V4], &key, rt);
	}
}

int clos_path_resolve(const struct clos_switch *sw, const struct clos_flow_key *k,
		      struct clos_path *out, struct clos_err *why)
{
	struct clos_switch_cfg cfg;
	struct clos_nexthop nh;
	struct clos_route rt;
	struct clos_port port;
	__u32 nh_id;
	int err;

	memset(out, 0, sizeof(*out));
	out->slot = -1;
	err = clos_switch_cfg_get(sw, &cfg);
	if (err)
		return clos_err_set(why, err, "cannot read switch_cfg: %s", strerror(-err));
	if (route_lookup(sw, k, &rt)) {
		out->verdict = CLOS_STAT_DROP_NO_ROUTE;
		snprintf(out->prefix, sizeof(out->prefix), "-");
		return 0;
	}
	matched_prefix(sw->fd[k->family == AF_INET6 ? CLOS_MAP_ROUTE_V6 : CLOS_MAP_ROUTE_V4],
		       k, out->prefix, sizeof(out->prefix));
	out->action = rt.action;
	out->id = rt.id;

	/* The same steps and verdicts as clos_route_resolve() in BPF. */
	switch (rt.action) {
	case CLOS_RT_NEXTHOP:
		nh_id = rt.id;
		break;
	case CLOS_RT_ECMP: {
		struct clos_ecmp_group g;

		out->hash = clos_flow_key_hash(k, cfg.seed);
		if (bpf_map_lookup_elem(sw->fd[CLOS_MAP_ECMP_GROUPS], &rt.id, &g)) {
			out->verdict = CLOS_STAT_DROP_NO_GROUP;
			return 0;
		}
		out->slot = clos_ecmp_pick(&g, out->hash);
		if (out->slot < 0) {
			out->verdict = CLOS_STAT_DROP_NO_GROUP;
			return 0;
		}
		nh_id = g.nexthop[out->slot];
		break;
	}
	case CLOS_RT_LOCAL:
		out->verdict = CLOS_STAT_PUNT_LOCAL;
		return 0;
	default:
		out->verdict = CLOS_STAT_DROP_BLACKHOLE;
		return 0;
	}
	out->nexthop = nh_id;
	if (bpf_map_lookup_elem(sw->fd[CLOS_MAP_NEXTHOP], &nh_id, &nh) || !nh.valid ||
	    clos_port_get(sw, nh.port, &port) || !port.ifindex) {
		out->verdict = CLOS_STAT_DROP_NO_NEXTHOP;
		return 0;
	}
	out->port = nh.port;
	memcpy(out->dmac, nh.dmac, 6);
	out->verdict = !port.up ? CLOS_STAT_DROP_PORT_DOWN :
		       rt.action == CLOS_RT_ECMP ? CLOS_STAT_FWD_ECMP : CLOS_STAT_FWD;
	return 0;
}
