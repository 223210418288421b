// SPDX-License-Identifier: GPL-2.0
/*
 * clos-loader attach SWITCH --netns NS --ports IF[,IF...] [--role R] [--seed N]
 *
 * Order of work, so that no packet ever sees empty tables and a failure
 * leaves nothing behind:
 *   1. validate everything (name, netns, ports, existing switches);
 *   2. load the tables and the devmap egress program (object "tables"),
 *      fill them and pin them in a staging directory;
 *   3. open the object again for the ingress program only ("ingress"),
 *      reusing the tables' maps, and let libxdp load it and attach it to
 *      every port;
 *   4. rename the staging directory to the switch's pin directory.
 * Two objects because libxdp loads the ingress program as an extension of
 * its dispatcher at attach time, and a bpf_object loads all at once: the
 * tables must exist (and be filled) before that.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <arpa/inet.h>
#include <zlib.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <xdp/libxdp.h>
#include "clos_fast.skel.h"
#include "log.h"
#include "parse_util.h"
#include "netns.h"
#include "switch.h"
#include "ifinfo.h"
#include "loader.h"
#include "pins.h"
#include "port_xdp.h"
#include "teardown.h"

static const char attach_usage[] =
"Usage: clos-loader [-j] [-p] [-v] attach SWITCH --netns NS --ports IF[,IF...]\n"
"                                  [--role leaf|spine] [--seed N]\n"
"\n"
"Load the fast-mode pipeline (XDP ingress, devmap egress) for SWITCH, attach\n"
"it with libxdp to the interfaces IF... of network namespace NS, and pin its\n"
"tables and programs under " CLOS_PIN_ROOT "/SWITCH/.\n"
"\n"
"  SWITCH            1-31 of: letters, digits, '-', '_'\n"
"  --netns NS        the namespace (ip netns name) that holds the ports\n"
"  --ports IF,...    the switch's ports, numbered 0, 1, ... in this order\n"
"                    (at most 64); they start as untagged fabric ports\n"
"  --role leaf|spine the switch's tier (default leaf)\n"
"  --seed N          ECMP hash seed, decimal or 0x hex (default: CRC32 of\n"
"                    SWITCH, so that tiers do not polarise)\n"
"\n"
"Every IPv4 address and global IPv6 address on the ports gets a 'local'\n"
"route, so packets for the switch itself reach its kernel. Attaching an\n"
"attached switch again with the same netns and ports does nothing.\n";

struct attach_req {
	const char *name;
	const char *netns;
	char ports[CLOS_MAX_PORTS][CLOS_IFNAMSIZ];
	int num_ports;
	int role;		/* enum clos_role; -1: not given */
	bool seed_given;
	__u32 seed;
};

/* Everything an attach builds, so that one path can undo it. */
struct attach_state {
	struct ifinfo ifs[CLOS_MAX_PORTS];
	enum xdp_attach_mode modes[CLOS_MAX_PORTS];
	struct ifinfo_addr *addrs;
	int num_addrs;
	struct clos_fast *tables;	/* the maps and the egress program */
	struct clos_fast *ingress;	/* the ingress program, on those maps */
	struct xdp_program *prog;
	__u32 prog_id;
	int attached;			/* ports 0..attached-1 carry prog */
	char stage[PATH_MAX];
	bool staged;
};

/* ---- command line ---------------------------------------------------- */

static int parse_ports(const char *arg, struct attach_req *req)
{
	const char *p = arg, *end;
	size_t len;
	int i;

	for (;;) {
		end = strchrnul(p, ',');
		len = end - p;
		if (len == 0) {
			jout_error("--ports '%s': empty port name", arg);
			return -EINVAL;
		}
		if (len >= CLOS_IFNAMSIZ) {
			jout_error("--ports: port name '%.*s' is longer than %d characters",
				   (int)len, p, CLOS_IFNAMSIZ - 1);
			return -EINVAL;
		}
		if (req->num_ports == CLOS_MAX_PORTS) {
			jout_error("--ports: more than %d ports", CLOS_MAX_PORTS);
			return -EINVAL;
		}
		for (i = 0; i < req->num_ports; i++) {
			if (strlen(req->ports[i]) == len && !strncmp(req->ports[i], p, len)) {
				jout_error("--ports: port %.*s is listed twice", (int)len, p);
				return -EINVAL;
			}
		}
		memcpy(req->ports[req->num_ports], p, len);
		req->ports[req->num_ports][len] = '\0';
		req->num_ports++;
		if (!*end)
			return 0;
		p = end + 1;
	}
}

static int parse_seed(const char *arg, struct attach_req *req)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(arg, &end, 0);
	if (!*arg || *end || errno || arg[0] == '-' || v > 0xffffffffull) {
		jout_error("--seed '%s': not a number from 0 to 0xffffffff", arg);
		return -EINVAL;
	}
	req->seed = v;
	req->seed_given = true;
	return 0;
}

static int check_netns_name(const char *ns)
{
	if (!*ns || strlen(ns) >= CLOS_NETNS_NAMSIZ || strchr(ns, '/') ||
	    !strcmp(ns, ".") || !strcmp(ns, "..")) {
		jout_error("--netns '%s': not a netns name (1-%d characters, no '/')",
			   ns, CLOS_NETNS_NAMSIZ - 1);
		return -EINVAL;
	}
	return 0;
}

/* Returns 0, 1 for --help (done), or -EINVAL (message printed). */
static int parse_args(int argc, char **argv, struct attach_req *req)
{
	enum { OPT_NETNS = 256, OPT_PORTS, OPT_ROLE, OPT_SEED };
	static const struct option longopts[] = {
		LOADER_COMMON_LONGOPTS,
		{ "netns",	required_argument, NULL, OPT_NETNS },
		{ "ports",	required_argument, NULL, OPT_PORTS },
		{ "role",	required_argument, NULL, OPT_ROLE },
		{ "seed",	required_argument, NULL, OPT_SEED },
		{}
	};
	const char *why;
	int c;

	memset(req, 0, sizeof(*req));
	req->role = -1;
	optind = 0;
	while ((c = getopt_long(argc, argv, LOADER_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(attach_usage, stdout);
			return 1;
		case OPT_NETNS:
			req->netns = optarg;
			break;
		case OPT_PORTS:
			if (req->num_ports) {
				jout_error("--ports given twice");
				return -EINVAL;
			}
			if (parse_ports(optarg, req))
				return -EINVAL;
			break;
		case OPT_ROLE:
			if (!strcmp(optarg, "leaf")) {
				req->role = CLOS_ROLE_LEAF;
			} else if (!strcmp(optarg, "spine")) {
				req->role = CLOS_ROLE_SPINE;
			} else {
				jout_error("--role '%s': must be leaf or spine", optarg);
				return -EINVAL;
			}
			break;
		case OPT_SEED:
			if (parse_seed(optarg, req))
				return -EINVAL;
			break;
		default:
			if (!loader_common_opt(c)) {
				fputs(attach_usage, stderr);
				return -EINVAL;
			}
		}
	}
	if (argc - optind != 1) {
		jout_error("attach takes exactly one SWITCH (see clos-loader attach --help)");
		return -EINVAL;
	}
	req->name = argv[optind];
	if (clos_switch_name_check(req->name, &why)) {
		jout_error("switch name '%s' %s", req->name, why);
		return -EINVAL;
	}
	if (!req->netns) {
		jout_error("attach %s: --netns NS is required", req->name);
		return -EINVAL;
	}
	if (check_netns_name(req->netns))
		return -EINVAL;
	if (!req->num_ports) {
		jout_error("attach %s: --ports IF[,IF...] is required", req->name);
		return -EINVAL;
	}
	return 0;
}

/* ---- validation, inside the switch's netns ---------------------------- */

static int check_ports(const struct attach_req *req, struct attach_state *st)
{
	int i, err;

	for (i = 0; i < req->num_ports; i++) {
		err = ifinfo_get(req->ports[i], &st->ifs[i]);
		if (err == -ENODEV) {
			jout_error("port %s does not exist in netns %s",
				   req->ports[i], req->netns);
			return err;
		}
		if (err == -EPROTONOSUPPORT) {
			jout_error("port %s in netns %s is not an Ethernet interface",
				   req->ports[i], req->netns);
			return err;
		}
		if (err) {
			jout_error("port %s in netns %s: %s", req->ports[i],
				   req->netns, strerror(-err));
			return err;
		}
		if (port_xdp_has_clos(st->ifs[i].ifindex, 0)) {
			jout_error("port %s in netns %s already carries a clos switch (see clos-loader list)",
				   req->ports[i], req->netns);
			return -EBUSY;
		}
		if (port_xdp_taken(st->ifs[i].ifindex)) {
			jout_error("port %s in netns %s already has an XDP program that libxdp cannot share; remove it first",
				   req->ports[i], req->netns);
			return -EBUSY;
		}
	}
	err = ifinfo_local_addrs(st->ifs, req->num_ports, &st->addrs, &st->num_addrs);
	if (err)
		jout_error("cannot read the addresses in netns %s: %s",
			   req->netns, strerror(-err));
	return err;
}

static __u32 pinned_ingress_id(const char *sw)
{
	char path[PATH_MAX];

	if (clos_switch_path(path, sizeof(path), sw, CLOS_PIN_PROG_INGRESS))
		return 0;
	return pins_prog_id(path);
}

/* An attached switch is only "unchanged" if it still runs: its program on
 * every one of its ports. */
static int check_alive(const struct attach_req *req, const struct clos_port *ports)
{
	__u32 prog_id = pinned_ingress_id(req->name);
	char name[IF_NAMESIZE];
	int i, saved, err;

	if (!clos_netns_exists(req->netns)) {
		jout_error("switch %s is attached but its netns %s is gone; detach it first",
			   req->name, req->netns);
		return -ENOENT;
	}
	err = clos_netns_enter(req->netns, &saved);
	if (err) {
		jout_error("cannot enter netns %s: %s", req->netns, strerror(-err));
		return err;
	}
	for (i = 0; i < req->num_ports && !err; i++) {
		if (ifinfo_name(ports[i].ifindex, name) ||
		    strncmp(name, ports[i].name, sizeof(ports[i].name)) ||
		    !prog_id || !port_xdp_has_clos(ports[i].ifindex, prog_id)) {
			jout_error("switch %s is attached but its program is missing on port %s; detach it first",
				   req->name, req->ports[i]);
			err = -ENOENT;
		}
	}
	clos_netns_leave(saved);
	return err;
}

/* The switch exists: the same netns and ports make this a no-op, anything
 * else is a different switch under the same name. */
static int check_existing(const struct attach_req *req,
			  struct clos_switch_cfg *cfg)
{
	struct clos_port ports[CLOS_MAX_PORTS];
	struct clos_switch sw;
	int i, err;
	bool same;

	err = clos_switch_open(&sw, req->name);
	if (!err)
		err = clos_switch_cfg_get(&sw, cfg);
	if (err) {
		jout_error("switch %s exists but its pins cannot be read (%s); detach it first",
			   req->name, strerror(-err));
		clos_switch_close(&sw);
		return err;
	}
	same = !strncmp(cfg->netns, req->netns, sizeof(cfg->netns)) &&
	       cfg->num_ports == req->num_ports;
	for (i = 0; same && i < req->num_ports; i++)
		same = !clos_port_get(&sw, i, &ports[i]) &&
		       !strncmp(ports[i].name, req->ports[i], sizeof(ports[i].name));
	clos_switch_close(&sw);
	if (!same) {
		jout_error("switch %s is already attached with other ports or netns (see clos-loader list); detach it first",
			   req->name);
		return -EEXIST;
	}
	if (req->role >= 0 && req->role != cfg->role) {
		jout_error("switch %s is already attached as a %s; detach it first",
			   req->name, loader_role_name(cfg->role));
		return -EEXIST;
	}
	if (req->seed_given && req->seed != cfg->seed) {
		jout_error("switch %s is already attached with seed 0x%08x; detach it first",
			   req->name, cfg->seed);
		return -EEXIST;
	}
	return check_alive(req, ports);
}

/* ---- building --------------------------------------------------------- */

static int fill_tables(const struct attach_req *req, struct attach_state *st,
		       __u32 seed)
{
	struct clos_fast *t = st->tables;
	struct clos_switch_cfg cfg = {
		.seed = seed,
		.role = req->role < 0 ? CLOS_ROLE_LEAF : req->role,
		.mode = CLOS_MODE_FAST,
		.num_ports = req->num_ports,
	};
	struct clos_route local = { .action = CLOS_RT_LOCAL };
	int egress_fd = bpf_program__fd(t->progs.clos_egress_xdp);
	__u32 i, zero = 0;
	int k;

	snprintf(cfg.netns, sizeof(cfg.netns), "%s", req->netns);
	for (i = 0; i < (__u32)req->num_ports; i++) {
		struct clos_port port = {
			.ifindex = st->ifs[i].ifindex,
			.role = CLOS_PORT_FABRIC,
			.up = st->ifs[i].up,
		};
		struct bpf_devmap_val dev = {
			.ifindex = st->ifs[i].ifindex,
			.bpf_prog.fd = egress_fd,
		};

		memcpy(port.mac, st->ifs[i].mac, sizeof(port.mac));
		memcpy(port.name, st->ifs[i].name, sizeof(port.name));
		if (bpf_map__update_elem(t->maps.ports, &i, sizeof(i), &port,
					 sizeof(port), BPF_ANY) ||
		    bpf_map__update_elem(t->maps.port_by_ifindex, &port.ifindex,
					 sizeof(port.ifindex), &i, sizeof(i), BPF_ANY) ||
		    bpf_map__update_elem(t->maps.tx_ports, &i, sizeof(i), &dev,
					 sizeof(dev), BPF_ANY))
			goto fail;
	}
	for (k = 0; k < st->num_addrs; k++) {
		const struct ifinfo_addr *a = &st->addrs[k];

		if (a->family == AF_INET) {
			struct clos_lpm_v4 key = { .prefixlen = 32 };

			memcpy(key.addr, a->addr, 4);
			if (bpf_map__update_elem(t->maps.route_v4, &key, sizeof(key),
						 &local, sizeof(local), BPF_ANY))
				goto fail;
		} else {
			struct clos_lpm_v6 key = { .prefixlen = 128 };

			memcpy(key.addr, a->addr, 16);
			if (bpf_map__update_elem(t->maps.route_v6, &key, sizeof(key),
						 &local, sizeof(local), BPF_ANY))
				goto fail;
		}
	}
	if (bpf_map__update_elem(t->maps.switch_cfg, &zero, sizeof(zero), &cfg,
				 sizeof(cfg), BPF_ANY))
		goto fail;
	return 0;
fail:
	return -errno;
}

static int pin_fd(const char *dir, const char *file, int fd)
{
	char path[PATH_MAX];

	if (snprintf(path, sizeof(path), "%s/%s", dir, file) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	return bpf_obj_pin(fd, path) ? -errno : 0;
}

/* Load the tables and the egress program, fill and pin them. */
static int build_tables(const struct attach_req *req, struct attach_state *st,
			__u32 seed)
{
	struct bpf_map *map;
	int i, err;

	st->tables = clos_fast__open();
	if (!st->tables) {
		err = -errno;
		jout_error("cannot open the BPF object: %s", strerror(-err));
		return err;
	}
	bpf_program__set_autoload(st->tables->progs.clos_ingress_xdp, false);
	err = clos_fast__load(st->tables);
	if (err) {
		jout_error("cannot load the BPF tables and egress program: %s (run with -v for the verifier log)",
			   strerror(-err));
		return err;
	}
	err = fill_tables(req, st, seed);
	if (err) {
		jout_error("cannot fill the tables: %s", strerror(-err));
		return err;
	}

	err = pins_stage_create(st->stage);
	if (err) {
		jout_error("cannot create %s: %s", st->stage, strerror(-err));
		return err;
	}
	st->staged = true;
	for (i = 0; i < CLOS_MAP_MAX; i++) {
		map = bpf_object__find_map_by_name(st->tables->obj, clos_map_names[i]);
		err = map ? pin_fd(st->stage, clos_map_names[i], bpf_map__fd(map)) : -ENOENT;
		if (err) {
			jout_error("cannot pin map %s: %s", clos_map_names[i], strerror(-err));
			return err;
		}
	}
	err = pin_fd(st->stage, CLOS_PIN_PROG_EGRESS,
		     bpf_program__fd(st->tables->progs.clos_egress_xdp));
	if (err)
		jout_error("cannot pin the egress program: %s", strerror(-err));
	return err;
}

/* Open the ingress program on the tables' maps and attach it to every
 * port. Inside the switch's netns. */
static int attach_ports(const struct attach_req *req, struct attach_state *st)
{
	DECLARE_LIBXDP_OPTS(xdp_program_opts, xopts);
	struct bpf_map *map;
	int i, err;

	st->ingress = clos_fast__open();
	if (!st->ingress) {
		err = -errno;
		jout_error("cannot open the BPF object: %s", strerror(-err));
		return err;
	}
	bpf_program__set_autoload(st->ingress->progs.clos_egress_xdp, false);
	for (i = 0; i < CLOS_MAP_MAX; i++) {
		map = bpf_object__find_map_by_name(st->ingress->obj, clos_map_names[i]);
		err = bpf_map__reuse_fd(map, bpf_map__fd(
			bpf_object__find_map_by_name(st->tables->obj, clos_map_names[i])));
		if (err) {
			jout_error("cannot share map %s: %s", clos_map_names[i], strerror(-err));
			return err;
		}
	}

	xopts.obj = st->ingress->obj;
	xopts.prog_name = CLOS_INGRESS_PROG;
	st->prog = xdp_program__create(&xopts);
	err = libxdp_get_error(st->prog);
	if (err) {
		st->prog = NULL;
		jout_error("libxdp cannot take program %s: %s", CLOS_INGRESS_PROG,
			   strerror(-err));
		return err;
	}

	for (i = 0; i < req->num_ports; i++) {
		err = port_xdp_attach(st->prog, st->ifs[i].ifindex, st->ifs[i].name,
				      &st->modes[i]);
		if (err == -EBUSY || err == -EEXIST) {
			jout_error("port %s in netns %s already has an XDP program that libxdp cannot share; remove it first",
				   st->ifs[i].name, req->netns);
			return err;
		}
		if (err) {
			jout_error("cannot attach XDP to port %s in netns %s: %s (run with -v for details)",
				   st->ifs[i].name, req->netns, strerror(-err));
			return err;
		}
		st->attached++;
		if (i)
			continue;
		/* Loaded by the first attach: one program for all ports. */
		st->prog_id = xdp_program__id(st->prog);
		err = pin_fd(st->stage, CLOS_PIN_PROG_INGRESS, xdp_program__fd(st->prog));
		if (err) {
			jout_error("cannot pin the ingress program: %s", strerror(-err));
			return err;
		}
	}
	return 0;
}

/* Undo whatever was built. Inside the switch's netns. */
static void rollback(const char *name, struct attach_state *st)
{
	int i, err;

	for (i = st->attached - 1; i >= 0; i--) {
		err = port_xdp_detach(st->ifs[i].ifindex, st->prog_id);
		if (err)
			pr_warn("Warning: %s: rollback cannot detach port %s: %s\n",
				name, st->ifs[i].name, strerror(-err));
	}
	if (st->staged) {
		err = pins_remove_dir(st->stage);
		if (err)
			pr_warn("Warning: %s: rollback cannot remove %s: %s\n",
				name, st->stage, strerror(-err));
	}
}

static void free_state(struct attach_state *st)
{
	/* The program is attached or detached by now: closing our handles
	 * leaves the kernel objects to the pins and the interfaces. */
	xdp_program__close(st->prog);
	clos_fast__destroy(st->ingress);
	clos_fast__destroy(st->tables);
	free(st->addrs);
}

/* ---- output ------------------------------------------------------------ */

static void print_head(const struct attach_req *req, const char *status,
		       __u8 role, __u32 seed)
{
	jout_open_object(NULL);
	jout_string(JOUT_ANY, "switch", "%s:", req->name);
	jout_string(JOUT_JSON, "status", NULL, status);
	jout_string(JOUT_ANY, "netns", strcmp(status, "attached") ?
		    " already attached in netns %s" : " attached in netns %s",
		    req->netns);
	jout_string(JOUT_ANY, "role", ", role %s", loader_role_name(role));
	jout_string(JOUT_ANY, "mode", ", mode %s", loader_mode_name(CLOS_MODE_FAST));
	jout_uint(JOUT_ANY, "seed", ", seed 0x%08llx", seed);
}

static void print_attached(const struct attach_req *req,
			   const struct attach_state *st, __u32 seed)
{
	char buf[64];
	int i;

	print_head(req, "attached", req->role < 0 ? CLOS_ROLE_LEAF : req->role, seed);
	jout_text("%s\n", req->seed_given ? "" : " (crc32 of the name)");
	jout_open_array("ports");
	for (i = 0; i < req->num_ports; i++) {
		jout_open_object(NULL);
		jout_uint(JOUT_ANY, "port", "    port %llu", i);
		jout_string(JOUT_ANY, "name", " %s", st->ifs[i].name);
		jout_uint(JOUT_ANY, "ifindex", " ifindex %llu", st->ifs[i].ifindex);
		jout_string(JOUT_ANY, "mac", " mac %s",
			    clos_fmt_mac(st->ifs[i].mac, buf, sizeof(buf)));
		jout_string(JOUT_ANY, "state", " %s", st->ifs[i].up ? "up" : "down");
		jout_string(JOUT_ANY, "xdp_mode", " xdp %s\n",
			    loader_xdp_mode_name(st->modes[i]));
		jout_close_object();
	}
	jout_close_array();
	jout_text("    local routes:%s", st->num_addrs ? "" : " none");
	jout_open_array("local_routes");
	for (i = 0; i < st->num_addrs; i++) {
		ifinfo_addr_str(&st->addrs[i], buf, sizeof(buf));
		jout_string(JOUT_ANY, NULL, " %s", buf);
	}
	jout_close_array();
	jout_text("\n");
	snprintf(buf, sizeof(buf), "%s/%s", CLOS_PIN_ROOT, req->name);
	jout_string(JOUT_ANY, "pins", "    pins: %s\n", buf);
	jout_close_object();
}

static void print_unchanged(const struct attach_req *req,
			    const struct clos_switch_cfg *cfg)
{
	int i;

	print_head(req, "unchanged", cfg->role, cfg->seed);
	jout_text(" on");
	jout_open_array("ports");
	for (i = 0; i < req->num_ports; i++) {
		jout_open_object(NULL);
		jout_uint(JOUT_JSON, "port", NULL, i);
		jout_string(JOUT_ANY, "name", i ? ",%s" : " %s", req->ports[i]);
		jout_close_object();
	}
	jout_close_array();
	jout_text("; nothing to do\n");
	jout_close_object();
}

/* ---- the command -------------------------------------------------------- */

int cmd_attach(int argc, char **argv)
{
	struct attach_state st = {};
	struct attach_req req;
	struct clos_switch_cfg cfg;
	char final[PATH_MAX];
	int err, lock_fd, saved = -1, ret = 1;
	struct stat sb;
	__u32 seed;

	err = parse_args(argc, argv, &req);
	if (err)
		return err > 0 ? 0 : EXIT_USAGE;
	seed = req.seed_given ? req.seed
			      : crc32(0L, (const Bytef *)req.name, strlen(req.name));

	lock_fd = pins_begin(req.name, final, sizeof(final), st.stage, sizeof(st.stage));
	if (lock_fd < 0)
		return 1;
	/* Holding the lock, a staging directory is an attach that died. */
	if (stat(st.stage, &sb) == 0) {
		pr_warn("Note: %s: removing the leftovers of an interrupted attach\n",
			req.name);
		if (switch_teardown(st.stage, req.name, NULL))
			goto out;
	}
	if (clos_switch_exists(req.name)) {
		if (check_existing(&req, &cfg))
			goto out;
		print_unchanged(&req, &cfg);
		ret = 0;
		goto out;
	}
	if (stat(final, &sb) == 0) {
		jout_error("%s exists but is not a switch's pin directory; remove it first",
			   final);
		goto out;
	}

	if (!clos_netns_exists(req.netns)) {
		jout_error("netns %s does not exist (see ip netns list)", req.netns);
		goto out;
	}
	err = clos_netns_enter(req.netns, &saved);
	if (err) {
		jout_error("cannot enter netns %s: %s", req.netns, strerror(-err));
		goto out;
	}
	if (check_ports(&req, &st))
		goto out_ns;

	if (build_tables(&req, &st, seed) || attach_ports(&req, &st))
		goto fail;
	if (rename(st.stage, final)) {
		err = -errno;
		jout_error("cannot rename %s to %s: %s", st.stage, final, strerror(-err));
		goto fail;
	}
	print_attached(&req, &st, seed);
	ret = 0;
	goto out_ns;
fail:
	rollback(req.name, &st);
out_ns:
	clos_netns_leave(saved);
out:
	free_state(&st);
	pins_stage_done();
	pins_unlock(lock_fd);
	return ret;
}
