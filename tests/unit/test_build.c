// SPDX-License-Identifier: GPL-2.0
/*
 * lib/switch/build.h, the one way a new switch's tables are written
 * (clos-loader, the unit fixture, the bench): on the empty maps of a
 * freshly loaded production object, every table holds what the
 * description says, and a failure names what failed and writes no
 * switch_cfg (whose pin is what makes a directory a switch).
 */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <criterion/criterion.h>
#include "build.h"
#include "qos_defaults.h"
#include "clos_fast.skel.h"

#define LO	1	/* a devmap entry needs a real device */

static struct clos_fast *skel;
static struct clos_switch sw;

static void load(void)
{
	struct clos_err err = {};

	skel = clos_fast__open_and_load();
	cr_assert_not_null(skel, "loading clos_fast: %s (run as root)",
			   strerror(errno));
	cr_assert_eq(clos_switch_of_object(&sw, skel->obj, "built", &err), 0,
		     "%s", err.msg);
}

static void unload(void)
{
	clos_fast__destroy(skel);
	skel = NULL;
}

static const struct clos_port ports[] = {
	{ .ifindex = LO, .role = CLOS_PORT_HOST, .up = 1, .vlan = 10,
	  .mac = { 0x02, 0xb0, 0, 0, 0, 0 }, .trust = CLOS_TRUST_DSCP,
	  .name = "h0" },
	{ .ifindex = LO, .role = CLOS_PORT_FABRIC, .up = 1,
	  .mac = { 0x02, 0xb0, 0, 0, 0, 1 }, .name = "f1",
	  .rate_bps = 10000000000ull },
	{ .ifindex = LO, .role = CLOS_PORT_FABRIC, .up = 0,
	  .mac = { 0x02, 0xb0, 0, 0, 0, 2 }, .name = "f2" },
};

static struct clos_local_addr addr(int family, const char *s)
{
	struct clos_local_addr a = { .family = family };

	cr_assert_eq(inet_pton(family, s, a.addr), 1, "%s", s);
	return a;
}

static struct clos_switch_cfg read_cfg(void)
{
	struct clos_switch_cfg cfg;

	cr_assert_eq(clos_switch_cfg_get(&sw, &cfg), 0);
	return cfg;
}

Test(build, of_object, .init = load, .fini = unload)
{
	int i;

	cr_assert_str_eq(sw.name, "built");
	cr_assert_eq(sw.ncpus, libbpf_num_possible_cpus());
	for (i = 0; i < CLOS_MAP_MAX; i++)
		cr_assert_eq(sw.fd[i], bpf_object__find_map_fd_by_name(skel->obj,
									clos_map_obj_name(i)),
			     "map %s", clos_map_names[i]);
}

Test(build, every_table, .init = load, .fini = unload)
{
	const struct clos_local_addr local[] = {
		addr(AF_INET, "10.0.0.1"), addr(AF_INET6, "2001:db8::1"),
	};
	const struct clos_switch_desc d = {
		.ports = ports, .num_ports = 3, .seed = 0xabcd1234,
		.role = CLOS_ROLE_SPINE, .mode = CLOS_MODE_FAST,
		.netns = "clos-built", .local = local, .num_local = 2,
	};
	__u32 k, tc, ref;
	struct clos_lpm_v4 k4 = { .prefixlen = 32 };
	struct clos_lpm_v6 k6 = { .prefixlen = 128 };
	struct clos_err err = {};
	struct clos_switch_cfg cfg;
	struct clos_route rt;

	cr_assert_eq(clos_switch_build(&sw, &d, &err), 0, "%s", err.msg);
	for (k = 0; k < 3; k++) {
		struct bpf_devmap_val dev;
		struct clos_port p;

		cr_assert_eq(clos_port_get(&sw, k, &p), 0);
		cr_assert_eq(memcmp(&p, &ports[k], sizeof(p)), 0, "port %u as described", k);
		cr_assert_eq(bpf_map_lookup_elem(sw.fd[CLOS_MAP_TX_PORTS], &k, &dev), 0);
		cr_assert_eq(dev.ifindex, LO);
		cr_assert_eq(dev.bpf_prog.id, 0, "tx_ports[%u] runs no program: one pass", k);
		for (tc = 0; tc < CLOS_NUM_TC; tc++) {
			struct clos_tm_profile got, want;
			__u32 key = k * CLOS_NUM_TC + tc;

			want = clos_qos_default_profile(ports[k].rate_bps, tc);
			cr_assert_eq(bpf_map_lookup_elem(sw.fd[CLOS_MAP_TM_PROFILE], &key,
							 &got), 0);
			cr_assert_eq(memcmp(&got, &want, sizeof(got)), 0,
				     "port %u tc %u: the default profile of its rate", k, tc);
		}
	}
	/* Three ports on one ifindex: the last one holds it. */
	k = LO;
	cr_assert_eq(bpf_map_lookup_elem(sw.fd[CLOS_MAP_PORT_BY_IFINDEX], &k, &ref), 0);
	cr_assert_eq(ref, CLOS_IFINDEX_PORT(2));

	memcpy(k4.addr, local[0].addr, 4);
	cr_assert_eq(bpf_map_lookup_elem(sw.fd[CLOS_MAP_ROUTE_V4], &k4, &rt), 0);
	cr_assert_eq(rt.action, CLOS_RT_LOCAL);
	memcpy(k6.addr, local[1].addr, 16);
	cr_assert_eq(bpf_map_lookup_elem(sw.fd[CLOS_MAP_ROUTE_V6], &k6, &rt), 0);
	cr_assert_eq(rt.action, CLOS_RT_LOCAL);

	for (k = 0; k < CLOS_NUM_DSCP; k++) {
		struct clos_tc_val v;

		cr_assert_eq(bpf_map_lookup_elem(sw.fd[CLOS_MAP_DSCP_TC], &k, &v), 0);
		cr_assert_eq(v.val, clos_qos_default_dscp_tc(k), "dscp %u", k);
	}
	for (k = 0; k < CLOS_NUM_TC; k++) {
		struct clos_tc_sched got, want = clos_qos_default_sched(k);
		struct clos_tc_val v;

		cr_assert_eq(bpf_map_lookup_elem(sw.fd[CLOS_MAP_PCP_TC], &k, &v), 0);
		cr_assert_eq(v.val, clos_qos_default_pcp_tc(k), "pcp %u", k);
		cr_assert_eq(bpf_map_lookup_elem(sw.fd[CLOS_MAP_TC_PCP], &k, &v), 0);
		cr_assert_eq(v.val, clos_qos_default_tc_pcp(k), "tc %u", k);
		cr_assert_eq(bpf_map_lookup_elem(sw.fd[CLOS_MAP_TC_SCHED], &k, &got), 0);
		cr_assert_eq(memcmp(&got, &want, sizeof(got)), 0, "tc_sched[%u]", k);
	}

	cfg = read_cfg();
	cr_assert_eq(cfg.seed, 0xabcd1234);
	cr_assert_eq(cfg.role, CLOS_ROLE_SPINE);
	cr_assert_eq(cfg.mode, CLOS_MODE_FAST);
	cr_assert_eq(cfg.num_ports, 3);
	cr_assert_str_eq(cfg.netns, "clos-built");
}

/* A failure says what failed, and leaves switch_cfg as it was: empty. */
static void expect_refused(const struct clos_switch_desc *d, int code,
			   const char *msg)
{
	const struct clos_switch_cfg empty = {};
	struct clos_switch_cfg cfg;
	struct clos_err err = {};
	int ret = clos_switch_build(&sw, d, &err);

	cr_assert_eq(ret, code, "returned %d (%s), want %d", ret, err.msg, code);
	cr_assert(strstr(err.msg, msg), "message '%s' lacks '%s'", err.msg, msg);
	cfg = read_cfg();
	cr_assert_eq(memcmp(&cfg, &empty, sizeof(cfg)), 0, "switch_cfg written");
}

Test(build, refused, .init = load, .fini = unload)
{
	const struct clos_local_addr bad_family = { .family = AF_UNIX };
	struct clos_port gone = ports[1];
	struct clos_switch_desc d = { .ports = ports, .num_ports = 3 };
	char netns[CLOS_NETNS_NAMSIZ + 1], name[IF_NAMESIZE];

	d.num_ports = CLOS_MAX_PORTS + 1;
	expect_refused(&d, -EINVAL, "65 ports: a switch has 0..64");
	d.num_ports = 3;

	memset(netns, 'n', sizeof(netns) - 1);
	netns[sizeof(netns) - 1] = '\0';
	d.netns = netns;
	expect_refused(&d, -ENAMETOOLONG, "is longer than 63 characters");
	d.netns = NULL;

	d.local = &bad_family;
	d.num_local = 1;
	expect_refused(&d, -EAFNOSUPPORT, "local address of family 1");
	d.local = NULL;
	d.num_local = 0;

	/* A devmap entry needs the device (the kernel says EINVAL): the
	 * error names the port and the map. */
	gone.ifindex = CLOS_MAX_IFINDEX - 1;
	while (if_indextoname(gone.ifindex, name))
		gone.ifindex--;
	d.ports = &gone;
	d.num_ports = 1;
	expect_refused(&d, -EINVAL, "cannot write port 0 (f1) to map tx_ports");
}
