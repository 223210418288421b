// SPDX-License-Identifier: GPL-2.0
/*
 * clos-bench minfwd: a reference forwarder as a switch of the fabric
 * benchmark. One of bpf/floor.bpf.c's programs is attached to every port of
 * one switch, in the switch's namespace, with the routes, nexthops, ECMP
 * groups and class map clos had there (--prog):
 *
 *   minfwd  bench_minfwd, the minimal forwarder: LPM, nexthop, MAC and TTL
 *           rewrite, devmap redirect
 *   ecmp    bench_minfwd_ecmp: + per-flow ECMP over a route's group
 *   feat    bench_featfwd, the feature floor: + DSCP class and a counter
 *           block per port
 *   sem     bench_semfwd, the semantic floor: + clos's checks and counts
 *           beyond those (port MAC, VLAN and up, IPv4 header checksum,
 *           martians, ECMP seed and finalizer, RoCEv2 and CNPs, the
 *           switch's and ECMP members' counters)
 *   tc      bench_minfwd_tc, the minimal forwarder at TC ingress (tcx
 *           where the kernel has it, as clos's queue mode; else clsact)
 *           on the socket buffer, bpf_redirect() by ifindex: clos queue
 *           mode's hook and path with the least program
 *   sem-tc  bench_semfwd_tc, the semantic floor at TC ingress, the same
 *           way: clos queue mode's semantics on its hook in the least code
 *
 * tests/bench/run.sh reads the tables with closctl before it detaches clos
 * and hands them over as a small JSON document (--fib FILE):
 *
 *   {"ports":    [{"port": 0, "name": "eth1", "mac": "02:..", "vlan": 0}, ..],
 *    "nexthops": [{"id": 1, "port": "eth1", "dmac": "02:.."}, ..],
 *    "groups":   [{"id": 1, "nexthops": [1, 2]}, ..],
 *    "routes":   [{"prefix": "10.1.2.0/24", "nexthop": 1, "group": 1}, ..],
 *    "dscp_tc":  [0, 0, .., 7]}
 *
 * A route to nexthop 0 and no group is the switch's own kernel's (clos's
 * local and kernel routes). A route with a group names its group's active
 * members, and one of them as its nexthop: the minimal forwarder has no
 * ECMP and takes that one. "groups" and "dscp_tc" may be left out.
 *
 * The programs are attached through netlink or BPF_PROG_ATTACH, not a BPF
 * link (XDP, a tcx program, or a cls_bpf filter on a clsact qdisc): they
 * stay when clos-bench exits, and go with the namespace (clos-topo down).
 * On a failure, what was attached and made goes again.
 */
#include <errno.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bench.h"
#include "floor.h"
#include "frames.h"
#include "netns.h"
#include "port_hook.h"	/* CLOS_BPF_TCX_INGRESS */
#include "floor.skel.h"

#define MINFWD_CMD		"minfwd"
/* The TC forwarder's filter: one, at a fixed place, so that it is found
 * again to be removed, and an old one is never silently replaced. */
#define MINFWD_TC_HANDLE	1
#define MINFWD_TC_PRIO		1

struct minfwd_port {
	char name[IF_NAMESIZE];
	__u32 port;
	int ifindex;
	__u8 mac[6];
	__u16 vlan;		/* the port's VLAN in clos (0: none) */
	bool clsact_made;	/* TC: the clsact qdisc is ours, to remove */
	bool tcx;		/* TC: the program is on tcx */
};

enum minfwd_prog { PROG_MINFWD, PROG_ECMP, PROG_FEAT, PROG_SEM, PROG_TC, PROG_SEM_TC };

static const char *const prog_names[] = {
	[PROG_MINFWD] = "minfwd", [PROG_ECMP] = "ecmp", [PROG_FEAT] = "feat",
	[PROG_SEM] = "sem", [PROG_TC] = "tc", [PROG_SEM_TC] = "sem-tc",
};

/* On the skb path, at TC ingress; else XDP. */
static bool is_tc(enum minfwd_prog prog)
{
	return prog == PROG_TC || prog == PROG_SEM_TC;
}

/* The semantic floors' port table (floor_ports, by ifindex). */
static bool has_ports_table(enum minfwd_prog prog)
{
	return prog == PROG_SEM || prog == PROG_SEM_TC;
}

struct minfwd {
	struct floor *skel;
	enum minfwd_prog prog;
	struct minfwd_port ports[FLOOR_MAX_PORTS];
	int num_ports;
	__u32 nh_clos[FLOOR_MAX_NEXTHOPS];	/* our id -> clos's */
	__u32 group_clos[FLOOR_MAX_GROUPS];
	int num_nexthops, num_groups, num_routes, num_local, num_ecmp;
};

static struct {
	const char *netns, *fib, *prog;
} given;

const struct cli_opt minfwd_opts[] = {
	CLI_OPT_STRING("netns", 0, "NS", &given.netns, "the switch's namespace"),
	CLI_OPT_STRING("fib", 0, "FILE", &given.fib,
		       "its ports, nexthops, groups and routes (JSON, see below)"),
	CLI_OPT_STRING("prog", 0, "PROG", &given.prog,
		       "the forwarder: minfwd (default), ecmp, feat, sem, tc or\n"
		       "sem-tc"),
	{}
};

const char minfwd_doc[] =
"\n"
"Attach a reference forwarder of tests/bench/bpf/floor.bpf.c (native XDP, or\n"
"TC ingress: tcx where the kernel has it, else clsact) to every port listed\n"
"in FILE, in namespace NS, with\n"
"FILE's tables:\n"
"  {\"ports\": [{\"port\": ID, \"name\": IF, \"mac\": MAC, \"vlan\": V}],\n"
"   \"nexthops\": [{\"id\": N, \"port\": IF, \"dmac\": MAC}],\n"
"   \"groups\": [{\"id\": G, \"nexthops\": [N, ..]}],\n"
"   \"routes\": [{\"prefix\": A.B.C.D/LEN, \"nexthop\": N, \"group\": G}],\n"
"   \"dscp_tc\": [TC, .. (64)]}\n"
"PROG := { minfwd | ecmp | feat | sem | tc }\n"
"  minfwd  bench_minfwd: LPM, nexthop, MAC + TTL rewrite, devmap redirect;\n"
"          a route's nexthop, never its group\n"
"  ecmp    bench_minfwd_ecmp: + per-flow ECMP (CRC-32 of the 5-tuple) over\n"
"          the route's group\n"
"  feat    bench_featfwd: + DSCP -> class by dscp_tc (default: DSCP >> 3),\n"
"          rx, tx and per-class tx counters per port\n"
"  sem     bench_semfwd: + the frame addressed to its port's MAC, both\n"
"          ports untagged and the egress port up (a port table), the IPv4\n"
"          header checksum, no martian address, the ECMP seed and hash\n"
"          finalizer, RoCEv2 and CNP detection, the switch's forwarded,\n"
"          ECMP and RoCE counters and a counter per ECMP member\n"
"  tc      bench_minfwd_tc: minfwd at TC ingress (skb path), bpf_redirect\n"
"          to the egress port's ifindex; a filter at handle 1, prio 1\n"
"A route to nexthop 0 and no group: the switch's kernel (XDP_PASS,\n"
"TC_ACT_OK); groups, group and vlan (0) are optional. The ports must\n"
"have no XDP program (and for tc no filter at its place). The programs\n"
"stay attached after the command; they go with the namespace. On a\n"
"failure, what was attached goes again. Prints JSON: what was attached\n"
"and written.\n";

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

	if (!n || n > FLOOR_MAX_PORTS) {
		bench_err(MINFWD_CMD ": %zu ports; 1 to %d", n, FLOOR_MAX_PORTS);
		return -EINVAL;
	}
	for (i = 0; i < n; i++) {
		struct json_object *o = json_object_array_get_idx(arr, i);
		struct minfwd_port *p = &m->ports[m->num_ports];
		const char *name = jstr(o, "name"), *mac = jstr(o, "mac");
		struct bpf_devmap_val dv = {};
		long long id, vlan = 0;

		if (!name || !mac || strlen(name) >= IF_NAMESIZE || jint(o, "port", &id) ||
		    id < 0 || id >= FLOOR_MAX_PORTS || bench_parse_mac(mac, p->mac)) {
			bench_err(MINFWD_CMD ": ports[%zu]: wants name, port (0..%d) and mac",
				  i, FLOOR_MAX_PORTS - 1);
			return -EINVAL;
		}
		if (json_object_object_get_ex(o, "vlan", NULL) &&
		    (jint(o, "vlan", &vlan) || vlan < 0 || vlan > 4094)) {
			bench_err(MINFWD_CMD ": ports[%zu]: vlan wants 0 to 4094", i);
			return -EINVAL;
		}
		p->vlan = vlan;
		strcpy(p->name, name);
		p->port = id;
		p->ifindex = if_nametoindex(name);
		if (!p->ifindex) {
			bench_err(MINFWD_CMD ": no port %s here", name);
			return -ENODEV;
		}
		/* The feature floor's counters (and the semantic floor's
		 * port table) are indexed by it. */
		if ((m->prog == PROG_FEAT || has_ports_table(m->prog)) &&
		    p->ifindex >= FLOOR_MAX_IFINDEX) {
			bench_err(MINFWD_CMD ": port %s: ifindex %d; the counters take 1 to %d",
				  name, p->ifindex, FLOOR_MAX_IFINDEX - 1);
			return -ERANGE;
		}
		dv.ifindex = p->ifindex;
		if (bpf_map_update_elem(fd, &p->port, &dv, BPF_ANY)) {
			bench_err(MINFWD_CMD ": devmap entry of %s: %s", name, strerror(errno));
			return -errno;
		}
		if (has_ports_table(m->prog)) {
			struct floor_port fp = { .up = 1, .vlan = p->vlan };
			__u32 key = p->ifindex;

			memcpy(fp.mac, p->mac, sizeof(fp.mac));
			if (bpf_map_update_elem(bpf_map__fd(m->skel->maps.floor_ports),
						&key, &fp, BPF_ANY)) {
				bench_err(MINFWD_CMD ": port table entry of %s: %s", name,
					  strerror(errno));
				return -errno;
			}
		}
		m->num_ports++;
	}
	return 0;
}

/* Our id (1..n) of clos's id, from ours[] (our id -> clos's), or 0. */
static __u32 id_ours(const __u32 *ours, int n, __u32 clos_id)
{
	int i;

	for (i = 1; i <= n; i++)
		if (ours[i] == clos_id)
			return i;
	return 0;
}

static int minfwd_nexthops(struct minfwd *m, struct json_object *arr)
{
	int fd = bpf_map__fd(m->skel->maps.floor_nexthops);
	size_t i, n = json_object_array_length(arr);

	if (n >= FLOOR_MAX_NEXTHOPS) {
		bench_err(MINFWD_CMD ": %zu nexthops; at most %d", n, FLOOR_MAX_NEXTHOPS - 1);
		return -EINVAL;
	}
	for (i = 0; i < n; i++) {
		struct json_object *o = json_object_array_get_idx(arr, i);
		const char *port = jstr(o, "port"), *dmac = jstr(o, "dmac");
		struct floor_nexthop nh = {};
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
		nh.ifindex = p->ifindex;
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

/* Each group's members dealt round-robin over its slots. */
static int minfwd_groups(struct minfwd *m, struct json_object *arr)
{
	int fd = bpf_map__fd(m->skel->maps.floor_groups);
	size_t i, n = arr ? json_object_array_length(arr) : 0;

	if (n >= FLOOR_MAX_GROUPS) {
		bench_err(MINFWD_CMD ": %zu groups; at most %d", n, FLOOR_MAX_GROUPS - 1);
		return -EINVAL;
	}
	for (i = 0; i < n; i++) {
		struct json_object *o = json_object_array_get_idx(arr, i);
		struct json_object *nhs = jarr(o, "nexthops");
		__u32 ours = m->num_groups + 1, members[FLOOR_GROUP_SLOTS];
		struct floor_group g;
		size_t k, num = nhs ? json_object_array_length(nhs) : 0;
		long long id;

		if (jint(o, "id", &id) || id <= 0 || id > 0xffffffffll || !num ||
		    num > FLOOR_GROUP_SLOTS) {
			bench_err(MINFWD_CMD ": groups[%zu]: wants id (1..) and nexthops "
				  "(1 to %d)", i, FLOOR_GROUP_SLOTS);
			return -EINVAL;
		}
		for (k = 0; k < num; k++) {
			struct json_object *v = json_object_array_get_idx(nhs, k);

			members[k] = !json_object_is_type(v, json_type_int) ? 0 :
				     id_ours(m->nh_clos, m->num_nexthops,
					     json_object_get_int64(v));
			if (!members[k]) {
				bench_err(MINFWD_CMD ": group %lld: nexthops[%zu] is no nexthop",
					  id, k);
				return -EINVAL;
			}
		}
		for (k = 0; k < FLOOR_GROUP_SLOTS; k++)
			g.nexthop[k] = members[k % num];
		if (bpf_map_update_elem(fd, &ours, &g, BPF_ANY)) {
			bench_err(MINFWD_CMD ": group %lld: %s", id, strerror(errno));
			return -errno;
		}
		m->group_clos[ours] = id;
		m->num_groups++;
	}
	return 0;
}

static int parse_prefix(const char *s, struct floor_lpm_key *k)
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
		struct floor_lpm_key key;
		struct floor_route rt = {};
		long long id, gid = 0;

		if (!prefix || parse_prefix(prefix, &key) || jint(o, "nexthop", &id) || id < 0 ||
		    (json_object_object_get_ex(o, "group", NULL) &&
		     (jint(o, "group", &gid) || gid < 0))) {
			bench_err(MINFWD_CMD ": routes[%zu]: wants prefix (IPv4), nexthop and "
				  "maybe group", i);
			return -EINVAL;
		}
		rt.nexthop = id ? id_ours(m->nh_clos, m->num_nexthops, id) : 0;
		if (id && !rt.nexthop) {
			bench_err(MINFWD_CMD ": route %s: no nexthop %lld", prefix, id);
			return -EINVAL;
		}
		rt.group = gid ? id_ours(m->group_clos, m->num_groups, gid) : 0;
		if (gid && !rt.group) {
			bench_err(MINFWD_CMD ": route %s: no group %lld", prefix, gid);
			return -EINVAL;
		}
		if (bpf_map_update_elem(fd, &key, &rt, BPF_ANY)) {
			bench_err(MINFWD_CMD ": route %s: %s", prefix, strerror(errno));
			return -errno;
		}
		m->num_routes++;
		m->num_local += !rt.nexthop && !rt.group;
		m->num_ecmp += !!rt.group;
	}
	return 0;
}

/* The switch's class map into the feature floor's global data, before the
 * load; without one, the program's default stays. */
static int minfwd_classes(struct minfwd *m, struct json_object *arr)
{
	size_t i;

	if (!arr)
		return 0;
	if (json_object_array_length(arr) != FLOOR_NUM_DSCP) {
		bench_err(MINFWD_CMD ": dscp_tc: wants %d classes", FLOOR_NUM_DSCP);
		return -EINVAL;
	}
	for (i = 0; i < FLOOR_NUM_DSCP; i++) {
		struct json_object *v = json_object_array_get_idx(arr, i);
		long long tc = json_object_get_int64(v);

		if (!json_object_is_type(v, json_type_int) || tc < 0 || tc >= FLOOR_NUM_TC) {
			bench_err(MINFWD_CMD ": dscp_tc[%zu]: wants a class, 0 to %d", i,
				  FLOOR_NUM_TC - 1);
			return -EINVAL;
		}
		m->skel->rodata->floor_dscp_tc[i] = tc;
	}
	return 0;
}

static int prog_fd(const struct minfwd *m)
{
	switch (m->prog) {
	case PROG_ECMP:
		return bpf_program__fd(m->skel->progs.bench_minfwd_ecmp);
	case PROG_FEAT:
		return bpf_program__fd(m->skel->progs.bench_featfwd);
	case PROG_SEM:
		return bpf_program__fd(m->skel->progs.bench_semfwd);
	case PROG_TC:
		return bpf_program__fd(m->skel->progs.bench_minfwd_tc);
	case PROG_SEM_TC:
		return bpf_program__fd(m->skel->progs.bench_semfwd_tc);
	default:
		return bpf_program__fd(m->skel->progs.bench_minfwd);
	}
}

/* Take off the TC forwarder (fd) of p: from tcx, or its filter with the
 * clsact qdisc where it was made for it. */
static void tc_detach(struct minfwd_port *p, int fd)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = p->ifindex, .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = MINFWD_TC_HANDLE, .priority = MINFWD_TC_PRIO);

	if (p->tcx) {
		bpf_prog_detach2(fd, p->ifindex, CLOS_BPF_TCX_INGRESS);
		p->tcx = false;
	} else if (p->clsact_made) {
		/* Both points at once: libbpf deletes the qdisc, its filters with it. */
		hook.attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS;
		bpf_tc_hook_destroy(&hook);
		p->clsact_made = false;
	} else {
		bpf_tc_detach(&hook, &opts);
	}
}

/* The TC forwarder on p's tcx ingress where the kernel has tcx (as clos's
 * queue mode has it, so that the two compare), else as a filter on its
 * clsact ingress, the qdisc made where there was none. An XDP program
 * would see the frames first: none may be there. On a failure nothing of
 * ours stays, and nobody else's goes. */
static int tc_attach(struct minfwd_port *p, int fd)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = p->ifindex, .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_opts, opts, .prog_fd = fd, .handle = MINFWD_TC_HANDLE,
		    .priority = MINFWD_TC_PRIO);
	__u32 xdp_id = 0;
	int err;

	err = bpf_xdp_query_id(p->ifindex, 0, &xdp_id);
	if (err)
		return err;
	if (xdp_id)
		return -EBUSY;
	err = bpf_prog_attach(fd, p->ifindex, CLOS_BPF_TCX_INGRESS, 0);
	p->tcx = !err;
	if (err != -EINVAL)	/* EINVAL: no tcx here */
		return err;
	err = bpf_tc_hook_create(&hook);
	if (err && err != -EEXIST)
		return err;
	p->clsact_made = !err;
	err = bpf_tc_attach(&hook, &opts);
	if (err && p->clsact_made) {
		hook.attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS;
		bpf_tc_hook_destroy(&hook);
		p->clsact_made = false;
	}
	return err;
}

static int port_attach(const struct minfwd *m, struct minfwd_port *p, int fd)
{
	if (is_tc(m->prog))
		return tc_attach(p, fd);
	return bpf_xdp_attach(p->ifindex, fd, XDP_FLAGS_DRV_MODE | XDP_FLAGS_UPDATE_IF_NOEXIST,
			      NULL);
}

static void port_detach(const struct minfwd *m, struct minfwd_port *p)
{
	if (is_tc(m->prog))
		tc_detach(p, prog_fd(m));
	else
		bpf_xdp_detach(p->ifindex, XDP_FLAGS_DRV_MODE, NULL);
}

/* Attach to every port; on failure, take off what was attached. */
static int minfwd_attach(struct minfwd *m)
{
	int fd = prog_fd(m), i, err;

	for (i = 0; i < m->num_ports; i++) {
		err = port_attach(m, &m->ports[i], fd);
		if (err) {
			bench_err(MINFWD_CMD ": cannot attach to %s: %s", m->ports[i].name,
				  err == -EBUSY ? "it has an XDP program" : strerror(-err));
			while (i--)
				port_detach(m, &m->ports[i]);
			return err;
		}
	}
	return 0;
}

static struct json_object *minfwd_run(const char *netns, const char *file,
				      enum minfwd_prog prog)
{
	struct json_object *fib, *ports, *nexthops, *routes, *res = NULL;
	struct minfwd m = { .prog = prog };
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
	m.skel = floor__open();
	if (!m.skel) {
		bench_err(MINFWD_CMD ": cannot open the reference programs: %s", strerror(errno));
		goto out;
	}
	if (minfwd_classes(&m, jarr(fib, "dscp_tc")))
		goto out;
	err = floor__load(m.skel);
	if (err) {
		bench_err(MINFWD_CMD ": cannot load the reference programs: %s", strerror(-err));
		goto out;
	}
	if (minfwd_ports(&m, ports) || minfwd_nexthops(&m, nexthops) ||
	    minfwd_groups(&m, jarr(fib, "groups")) || minfwd_routes(&m, routes) ||
	    minfwd_attach(&m))
		goto out;
	res = json_object_new_object();
	bench_jadd_str(res, "netns", netns);
	bench_jadd_str(res, "prog", prog_names[prog]);
	bench_jadd_str(res, "hook", !is_tc(prog) ? "xdp" :
		       m.ports[0].tcx ? "tcx ingress" : "tc ingress");
	bench_jadd_int(res, "ports", m.num_ports);
	bench_jadd_int(res, "nexthops", m.num_nexthops);
	bench_jadd_int(res, "groups", m.num_groups);
	bench_jadd_int(res, "routes", m.num_routes);
	bench_jadd_int(res, "routes_to_kernel", m.num_local);
	bench_jadd_int(res, "routes_to_groups", m.num_ecmp);
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
	enum minfwd_prog prog = PROG_MINFWD;

	if (bench_no_args(MINFWD_CMD, argc, argv))
		return BENCH_EXIT_USAGE;
	if (!given.netns || !given.fib) {
		bench_err(MINFWD_CMD ": --netns and --fib are required");
		return BENCH_EXIT_USAGE;
	}
	if (given.prog) {
		for (prog = PROG_MINFWD; prog <= PROG_SEM_TC; prog++)
			if (!strcmp(given.prog, prog_names[prog]))
				break;
		if (prog > PROG_SEM_TC)
			return bench_bad_opt(MINFWD_CMD, "prog", given.prog,
					     "minfwd, ecmp, feat, sem, tc or sem-tc");
	}
	return bench_print(minfwd_run(given.netns, given.fib, prog));
}
