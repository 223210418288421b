// SPDX-License-Identifier: GPL-2.0
/* The pipeline fuzzer's switch: see pipeline_switch.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <bpf/bpf.h>
#include "build.h"
#include "ecmp_store.h"
#include "group.h"
#include "punt_police.h"
#include "pipeline_switch.h"

static const char *const fz_port_names[FZ_NUM_PORTS] = {
	"host0", "spine1", "spine2", "spine3", "spine4", "host5", "host6",
	"spare7",
};

struct fz_nexthop {
	__u32 id, port;
	__u8 valid;
};

static const struct fz_nexthop fz_nexthops[] = {
	{ 1, 1, 1 }, { 2, 2, 1 }, { 3, 3, 1 }, { 4, 4, 1 }, { 5, 5, 1 },
	{ 6, 6, 1 }, { 7, 7, 1 }, { 8, 0, 1 }, { 20, 1, 0 }, { 21, 9, 1 },
};

struct fz_route {
	__u8 net;		/* 10.net.0.0/16, 2001:db8:net::/48 */
	__u8 sub;		/* with sub_len: 10.net.1.sub/sub_len */
	__u8 sub_len;
	__u32 action, id;
};

static const struct fz_route fz_routes[] = {
	{ 1, 0, 0, CLOS_RT_NEXTHOP, 1 },
	{ 1, 0, 24, CLOS_RT_DROP, 0 },
	{ 1, 128, 25, CLOS_RT_NEXTHOP, 2 },
	{ 2, 0, 0, CLOS_RT_ECMP, 2 },
	{ 3, 0, 0, CLOS_RT_ECMP, 3 },
	{ 4, 0, 0, CLOS_RT_LOCAL, 0 },
	{ 5, 0, 0, CLOS_RT_KERNEL, 0 },
	{ 6, 0, 0, CLOS_RT_DROP, 0 },
	{ 7, 0, 0, CLOS_RT_ECMP, 99 },
	{ 8, 0, 0, CLOS_RT_NEXTHOP, 20 },
	{ 9, 0, 0, CLOS_RT_NEXTHOP, 7 },
	{ 10, 0, 0, CLOS_RT_NEXTHOP, 5 },
	{ 11, 0, 0, CLOS_RT_NEXTHOP, 6 },
	{ 12, 0, 0, CLOS_RT_NEXTHOP, 21 },
	{ 13, 0, 0, CLOS_RT_NEXTHOP, 5000 },
	{ 14, 0, 0, CLOS_RT_ECMP, 5 },
	{ 15, 0, 0, CLOS_RT_ECMP, 6 },
	{ 16, 0, 0, CLOS_RT_NEXTHOP, 8 },
};

static int fz_update(const struct clos_switch *sw, enum clos_map_id map,
		     const void *key, const void *val)
{
	if (!bpf_map_update_elem(sw->fd[map], key, val, BPF_ANY))
		return 0;
	fprintf(stderr, "fuzz switch: update of %s: %s\n", clos_map_names[map],
		strerror(errno));
	return -1;
}

static int fz_group(const struct clos_switch *sw, __u32 gid,
		    const struct clos_ecmp_group *g)
{
	int err = clos_ecmp_store_put(sw->fd[CLOS_MAP_ECMP_GROUPS], gid, g);

	if (!err)
		return 0;
	fprintf(stderr, "fuzz switch: group %u: %s\n", gid, strerror(-err));
	return -1;
}

static int fz_routes_add(const struct clos_switch *sw)
{
	struct clos_lpm_v4 k4 = { .prefixlen = 0 };
	struct clos_lpm_v6 k6;
	struct clos_route rt = { CLOS_RT_ECMP, 1 };
	size_t i;

	/* A default route for IPv4 only: IPv6 outside 2001:db8::/32 has no
	 * route. */
	if (fz_update(sw, CLOS_MAP_ROUTE_V4, &k4, &rt))
		return -1;
	for (i = 0; i < sizeof(fz_routes) / sizeof(fz_routes[0]); i++) {
		const struct fz_route *r = &fz_routes[i];

		rt = (struct clos_route){ r->action, r->id };
		memset(&k4, 0, sizeof(k4));
		memset(&k6, 0, sizeof(k6));
		k4.addr[0] = 10;
		k4.addr[1] = r->net;
		k4.prefixlen = 16;
		k6.addr[0] = 0x20;
		k6.addr[1] = 0x01;
		k6.addr[2] = 0x0d;
		k6.addr[3] = 0xb8;
		k6.addr[5] = r->net;
		k6.prefixlen = 48;
		if (r->sub_len) {
			k4.addr[2] = 1;
			k4.addr[3] = r->sub;
			k4.prefixlen = r->sub_len;
			k6.addr[7] = 1;
			k6.addr[8] = r->sub;
			k6.prefixlen = 48 + 16 + (r->sub_len - 24);
		}
		if (fz_update(sw, CLOS_MAP_ROUTE_V4, &k4, &rt) ||
		    fz_update(sw, CLOS_MAP_ROUTE_V6, &k6, &rt))
			return -1;
	}
	return 0;
}

static int fz_groups_add(struct clos_switch *sw)
{
	static const __u32 g1[] = { 1, 2, 3, 4 }, g2[] = { 1, 2, 3, 4, 7 },
			   g3[] = { 2, 5, 6 };
	struct clos_ecmp_group raw;
	struct clos_err err = {};
	__u32 gid, i;

	if (clos_group_set(sw, 1, CLOS_ECMP_RESILIENT, g1, 4, &err) ||
	    clos_group_set(sw, 2, CLOS_ECMP_MODULO, g2, 5, &err) ||
	    clos_group_set(sw, 3, CLOS_ECMP_RESILIENT, g3, 3, &err)) {
		fprintf(stderr, "fuzz switch: %s\n", err.msg);
		return -1;
	}
	/* Group 5: modulo with no member active. */
	memset(&raw, 0, sizeof(raw));
	raw.kind = CLOS_ECMP_MODULO;
	memset(raw.nexthop, 0xff, sizeof(raw.nexthop));
	memset(raw.active, CLOS_SLOT_EMPTY, sizeof(raw.active));
	memset(raw.bucket, CLOS_SLOT_EMPTY, sizeof(raw.bucket));
	gid = 5;
	if (fz_group(sw, gid, &raw))
		return -1;
	/* Group 6: resilient, its buckets naming empty slots, slots past
	 * the table and a live one. */
	raw.kind = CLOS_ECMP_RESILIENT;
	raw.num_slots = 2;
	raw.nexthop[0] = 3;
	for (i = 0; i < CLOS_ECMP_BUCKETS; i++)
		raw.bucket[i] = i % 3 == 0 ? 0 : i % 3 == 1 ? 1 : 200;
	gid = 6;
	return fz_group(sw, gid, &raw);
}

int fz_switch_build(struct clos_switch *sw, struct bpf_object *obj)
{
	struct clos_port ports[FZ_NUM_PORTS];
	struct clos_local_addr local[2] = {
		{ .family = AF_INET }, { .family = AF_INET6 },
	};
	struct clos_switch_desc d = {
		.ports = ports,
		.num_ports = FZ_NUM_PORTS,
		.seed = 0x5eed1234u,
		.role = CLOS_ROLE_LEAF,
		.mode = CLOS_MODE_FAST,
		.local = local,
		.num_local = 2,
	};
	struct clos_err err = {};
	size_t i;
	__u32 p;

	inet_pton(AF_INET, "10.0.0.1", local[0].addr);
	inet_pton(AF_INET6, "2001:db8::1", local[1].addr);
	if (clos_switch_of_object(sw, obj, "fuzz", &err))
		goto fail;
	for (p = 0; p < FZ_NUM_PORTS; p++) {
		ports[p] = (struct clos_port){
			.ifindex = FZ_IFINDEX,
			.role = (p == 0 || p == 5 || p == 6) ? CLOS_PORT_HOST
							     : CLOS_PORT_FABRIC,
			.up = p != 7,
			.vlan = p == 5 ? 10 : p == 6 ? 20 : 0,
			.trust = p == 1 ? CLOS_TRUST_DSCP : CLOS_TRUST_PCP,
			.mac = { 0x02, 0xc1, 0x05, 0x00, 0x00, p },
		};
		snprintf(ports[p].name, sizeof(ports[p].name), "%s",
			 fz_port_names[p]);
	}
	if (clos_switch_build(sw, &d, &err))
		goto fail;
	/* The punt policer counts time: off (rate 0), so that both sides
	 * agree. */
	for (p = 0; p < FZ_NUM_PORTS; p++)
		if (clos_punt_police_set(sw, p, 0, 1, &err))
			goto fail;
	for (i = 0; i < sizeof(fz_nexthops) / sizeof(fz_nexthops[0]); i++) {
		const struct fz_nexthop *n = &fz_nexthops[i];
		struct clos_nexthop nh = {
			.port = n->port, .valid = n->valid,
			.dmac = { 0x02, 0xee, 0, 0, 0, n->id },
		};

		if (fz_update(sw, CLOS_MAP_NEXTHOP, &n->id, &nh))
			return -1;
	}
	if (fz_routes_add(sw) || fz_groups_add(sw))
		return -1;
	/* A port whose devmap slot is empty: fast mode's failed redirect. */
	p = 4;
	if (bpf_map_delete_elem(sw->fd[CLOS_MAP_TX_PORTS], &p)) {
		fprintf(stderr, "fuzz switch: deleting tx_ports[4]: %s\n", strerror(errno));
		return -1;
	}
	return 0;
fail:
	fprintf(stderr, "fuzz switch: %s\n", err.msg);
	return -1;
}
