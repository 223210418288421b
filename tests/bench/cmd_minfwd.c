// SPDX-License-Identifier: GPL-2.0
/*
 * clos-bench minfwd: the minimal forwarder as a switch of the fabric
 * benchmark. bench_minfwd (bpf/floor.bpf.c: LPM, nexthop, MAC and TTL
 * rewrite, devmap redirect) is attached to every port of one switch, in
 * the switch's namespace, with the routes and nexthops clos had there.
 *
 * tests/bench/run.sh reads them with closctl before it detaches clos and
 * hands them over as a small JSON document (--fib FILE):
 *
 *   {"ports":    [{"port": 0, "name": "eth1", "mac": "02:.."}, ..],
 *    "nexthops": [{"id": 1, "port": "eth1", "dmac": "02:.."}, ..],
 *    "routes":   [{"prefix": "10.1.2.0/24", "nexthop": 1}, ..]}
 *
 * A route to nexthop 0 is the switch's own kernel's (clos's local and
 * kernel routes). A minimal forwarder has no ECMP, so run.sh gives an ECMP
 * route of clos one member of its group.
 *
 * The programs are attached through netlink, not a BPF link: they stay
 * when clos-bench exits, and go with the namespace (clos-topo down).
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bench.h"
#include "frames.h"
#include "netns.h"
#include "floor.skel.h"

#define MINFWD_CMD		"minfwd"
#define MINFWD_MAX_PORTS	64	/* floor_tx */
#define MINFWD_MAX_NEXTHOPS	255	/* floor_nexthops, 0 unused */

/* As floor.bpf.c has them. */
struct minfwd_key {
	__u32 prefixlen;
	__u8 addr[4];
};

struct minfwd_nexthop {
	__u32 port;
	__u8 smac[6];
	__u8 dmac[6];
};

struct minfwd_port {
	char name[IF_NAMESIZE];
	__u32 port;
	int ifindex;
	__u8 mac[6];
};

struct minfwd {
	struct floor *skel;
	struct minfwd_port ports[MINFWD_MAX_PORTS];
	int num_ports;
	__u32 nh_clos[MINFWD_MAX_NEXTHOPS + 1];	/* our id -> clos's */
	int num_nexthops, num_routes, num_local;
};

static struct {
	const char *netns, *fib;
} given;

const struct cli_opt minfwd_opts[] = {
	CLI_OPT_STRING("netns", 0, "NS", &given.netns, "the switch's namespace"),
	CLI_OPT_STRING("fib", 0, "FILE", &given.fib,
		       "its ports, nexthops and routes (JSON, see below)"),
	{}
};

const char minfwd_doc[] =
"\n"
"Attach the minimal forwarder (bench_minfwd: LPM, nexthop, MAC + TTL\n"
"rewrite, devmap redirect) in native XDP mode to every port listed in\n"
"FILE, in namespace NS, with FILE's nexthops and routes:\n"
"  {\"ports\": [{\"port\": ID, \"name\": IF, \"mac\": MAC}],\n"
"   \"nexthops\": [{\"id\": N, \"port\": IF, \"dmac\": MAC}],\n"
"   \"routes\": [{\"prefix\": A.B.C.D/LEN, \"nexthop\": N}]}\n"
"nexthop 0: the switch's kernel (XDP_PASS). The ports must have no XDP\n"
"program. The programs stay attached after the command; they go with the\n"
"namespace. Prints JSON: what was attached and written.\n";

static const char *jstr(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static int jint(struct json_object *o, const char *key, long long *out)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_int))
		return -EINVAL;
	*out = json_object_get_int64(v);
	return 0;
}

static struct json_object *jarr(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_array))
		return NULL;
	return v;
}

static struct minfwd_port *port_by_name(struct minfwd *m, const char *name)
{
	int i;

	for (i = 0; i < m->num_ports; i++)
		if (!strcmp(m->ports[i].name, name))
			return &m->ports[i];
	return NULL;
}

/* The ports: their devmap entries, indexed by clos's port id. */
static int minfwd_ports(struct minfwd *m, struct json_object *arr)
{
	int fd = bpf_map__fd(m->skel->maps.floor_tx);
	size_t i, n = json_object_array_length(arr);

	if (!n || n > MINFWD_MAX_PORTS) {
		bench_err(MINFWD_CMD ": %zu ports; 1 to %d", n, MINFWD_MAX_PORTS);
		return -EINVAL;
	}
	for (i = 0; i < n; i++) {
		struct json_object *o = json_object_array_get_idx(arr, i);
		struct minfwd_port *p = &m->ports[m->num_ports];
		const char *name = jstr(o, "name"), *mac = jstr(o, "mac");
		struct bpf_devmap_val dv = {};
		long long id;

		if (!name || !mac || strlen(name) >= IF_NAMESIZE || jint(o, "port", &id) ||
		    id < 0 || id >= MINFWD_MAX_PORTS || bench_parse_mac(mac, p->mac)) {
			bench_err(MINFWD_CMD ": ports[%zu]: wants name, port (0..%d) and mac",
				  i, MINFWD_MAX_PORTS - 1);
			return -EINVAL;
		}
		strcpy(p->name, name);
		p->port = id;
		p->ifindex = if_nametoindex(name);
		if (!p->ifindex) {
			bench_err(MINFWD_CMD ": no port %s here", name);
			return -ENODEV;
		}
		dv.ifindex = p->ifindex;
		if (bpf_map_update_elem(fd, &p->port, &dv, BPF_ANY)) {
			bench_err(MINFWD_CMD ": devmap entry of %s: %s", name, strerror(errno));
			return -errno;
		}
		m->num_ports++;
	}
	return 0;
}

/* Our nexthop id (1..) of clos's nexthop id, or 0. */
static __u32 nh_ours(const struct minfwd *m, __u32 clos_id)
{
	int i;

	for (i = 1; i <= m->num_nexthops; i++)
		if (m->nh_clos[i] == clos_id)
			return i;
	return 0;
}

static int minfwd_nexthops(struct minfwd *m, struct json_object *arr)
{
	int fd = bpf_map__fd(m->skel->maps.floor_nexthops);
	size_t i, n = json_object_array_length(arr);

	if (n > MINFWD_MAX_NEXTHOPS) {
		bench_err(MINFWD_CMD ": %zu nexthops; at most %d", n, MINFWD_MAX_NEXTHOPS);
		return -EINVAL;
	}
	for (i = 0; i < n; i++) {
		struct json_object *o = json_object_array_get_idx(arr, i);
		const char *port = jstr(o, "port"), *dmac = jstr(o, "dmac");
		struct minfwd_nexthop nh = {};
		struct minfwd_port *p;
		__u32 ours = m->num_nexthops + 1;
		long long id;

		if (!port || !dmac || jint(o, "id", &id) || id <= 0 || id > 0xffffffffll ||
		    bench_parse_mac(dmac, nh.dmac)) {
			bench_err(MINFWD_CMD ": nexthops[%zu]: wants id (1..), port and dmac", i);
			return -EINVAL;
		}
		p = port_by_name(m, port);
		if (!p) {
			bench_err(MINFWD_CMD ": nexthop %lld: port %s is not in ports", id, port);
			return -EINVAL;
		}
		nh.port = p->port;
		memcpy(nh.smac, p->mac, 6);
		if (bpf_map_update_elem(fd, &ours, &nh, BPF_ANY)) {
			bench_err(MINFWD_CMD ": nexthop %lld: %s", id, strerror(errno));
			return -errno;
		}
		m->nh_clos[ours] = id;
		m->num_nexthops++;
	}
	return 0;
}

static int parse_prefix(const char *s, struct minfwd_key *k)
{
	char addr[INET_ADDRSTRLEN];
	const char *slash = strchr(s, '/');
	__u64 len;

	if (!slash || slash - s >= (long)sizeof(addr) ||
	    bench_parse_u64(slash + 1, 0, 32, &len))
		return -EINVAL;
	memcpy(addr, s, slash - s);
	addr[slash - s] = '\0';
	if (inet_pton(AF_INET, addr, k->addr) != 1)
		return -EINVAL;
	k->prefixlen = len;
	return 0;
}

static int minfwd_routes(struct minfwd *m, struct json_object *arr)
{
	int fd = bpf_map__fd(m->skel->maps.floor_routes);
	size_t i, n = json_object_array_length(arr);

	for (i = 0; i < n; i++) {
		struct json_object *o = json_object_array_get_idx(arr, i);
		const char *prefix = jstr(o, "prefix");
		struct minfwd_key key;
		long long id;
		__u32 ours;

		if (!prefix || parse_prefix(prefix, &key) || jint(o, "nexthop", &id) || id < 0) {
			bench_err(MINFWD_CMD ": routes[%zu]: wants prefix (IPv4) and nexthop", i);
			return -EINVAL;
		}
		ours = id ? nh_ours(m, id) : 0;
		if (id && !ours) {
			bench_err(MINFWD_CMD ": route %s: no nexthop %lld", prefix, id);
			return -EINVAL;
		}
		if (bpf_map_update_elem(fd, &key, &ours, BPF_ANY)) {
			bench_err(MINFWD_CMD ": route %s: %s", prefix, strerror(errno));
			return -errno;
		}
		m->num_routes++;
		m->num_local += !ours;
	}
	return 0;
}

/* Attach to every port; on failure, take off what was attached. */
static int minfwd_attach(struct minfwd *m)
{
	int fd = bpf_program__fd(m->skel->progs.bench_minfwd), i, err;
	__u32 flags = XDP_FLAGS_DRV_MODE | XDP_FLAGS_UPDATE_IF_NOEXIST;

	for (i = 0; i < m->num_ports; i++) {
		err = bpf_xdp_attach(m->ports[i].ifindex, fd, flags, NULL);
		if (err) {
			bench_err(MINFWD_CMD ": cannot attach to %s: %s", m->ports[i].name,
				  strerror(-err));
			while (i--)
				bpf_xdp_detach(m->ports[i].ifindex, XDP_FLAGS_DRV_MODE, NULL);
			return err;
		}
	}
	return 0;
}

static struct json_object *minfwd_run(const char *netns, const char *file)
{
	struct json_object *fib, *ports, *nexthops, *routes, *res = NULL;
	struct minfwd m = {};
	int saved = -1, err;

	fib = json_object_from_file(file);
	if (!fib) {
		bench_err(MINFWD_CMD ": %s: %s", file, json_util_get_last_err());
		return NULL;
	}
	ports = jarr(fib, "ports");
	nexthops = jarr(fib, "nexthops");
	routes = jarr(fib, "routes");
	if (!ports || !nexthops || !routes) {
		bench_err(MINFWD_CMD ": %s: wants arrays ports, nexthops and routes", file);
		goto out;
	}
	/* The devmap's ifindexes and the attach are the namespace's. */
	err = clos_netns_enter(netns, &saved);
	if (err) {
		bench_err(MINFWD_CMD ": cannot enter netns %s: %s", netns, strerror(-err));
		goto out;
	}
	m.skel = floor__open_and_load();
	if (!m.skel) {
		bench_err(MINFWD_CMD ": cannot load the minimal forwarder: %s", strerror(errno));
		goto out;
	}
	if (minfwd_ports(&m, ports) || minfwd_nexthops(&m, nexthops) ||
	    minfwd_routes(&m, routes) || minfwd_attach(&m))
		goto out;
	res = json_object_new_object();
	bench_jadd_str(res, "netns", netns);
	bench_jadd_int(res, "ports", m.num_ports);
	bench_jadd_int(res, "nexthops", m.num_nexthops);
	bench_jadd_int(res, "routes", m.num_routes);
	bench_jadd_int(res, "routes_to_kernel", m.num_local);
out:
	/* The attached programs hold what they use. */
	floor__destroy(m.skel);
	if (saved >= 0)
		clos_netns_leave(saved);
	json_object_put(fib);
	return res;
}

int cmd_minfwd(int argc, char **argv)
{
	if (bench_no_args(MINFWD_CMD, argc, argv))
		return BENCH_EXIT_USAGE;
	if (!given.netns || !given.fib) {
		bench_err(MINFWD_CMD ": --netns and --fib are required");
		return BENCH_EXIT_USAGE;
	}
	return bench_print(minfwd_run(given.netns, given.fib));
}
