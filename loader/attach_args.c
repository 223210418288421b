// SPDX-License-Identifier: GPL-2.0
/* clos-loader attach: its options and their checks. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ifname.h"
#include "netns.h"
#include "rate.h"
#include "switch.h"
#include "loader.h"
#include "attach.h"

/* The options as given; attach_parse_args() checks them. */
static const char *port_v[CLOS_MAX_PORTS], *rate_v[CLOS_MAX_PORTS];
static struct {
	const char *netns, *ports, *role, *seed, *mode, *rates, *xdp, *tc_hook;
	struct cli_list port, rate;	/* --port, --rate: each one whole */
} given = {
	.port = { port_v, 0, CLOS_MAX_PORTS },
	.rate = { rate_v, 0, CLOS_MAX_PORTS },
};

const struct cli_opt attach_opts[] = {
	CLI_OPT_STRING("netns", 0, "NS", &given.netns,
		       "the namespace (ip netns name) that holds the ports;\n"
		       "without it, the one clos-loader runs in (a box's NICs)"),
	{ .name = "ports", .kind = CLI_STRING, .dest = &given.ports, .arg = "IF,...",
	  .flags = CLI_ONCE,
	  .help = "the switch's ports, numbered 0, 1, ... in this order\n"
		  "(at most 64); they start as untagged fabric ports" },
	CLI_OPT_LIST("port", 0, "IF", &given.port,
		     "one port, its name taken whole (a name may hold ','),\n"
		     "repeatable; numbered after the ports of --ports, in order"),
	CLI_OPT_STRING("role", 0, "leaf|spine", &given.role,
		       "the switch's tier (default leaf)"),
	CLI_OPT_STRING("seed", 0, "N", &given.seed,
		       "ECMP hash seed, decimal or 0x hex (default: CRC32 of\n"
		       "SWITCH, so that tiers do not polarise)"),
	CLI_OPT_STRING("mode", 0, "fast|queue", &given.mode,
		       "fast (default): XDP with libxdp, the whole pipeline\n"
		       "in one pass at ingress (egress port's QoS and VLAN\n"
		       "included), no kernel queue; queue: the same pipeline as TC programs on\n"
		       "every port (tcx or clsact, --tc-hook; ingress: bpf_redirect to\n"
		       "the egress port; egress: QoS, VLAN, HTB class), and on\n"
		       "every port with a rate an HTB tree at that rate with\n"
		       "one class per traffic class (replacing its root qdisc)"),
	{ .name = "rates", .kind = CLI_STRING, .dest = &given.rates,
	  .arg = "IF=RATE,...", .flags = CLI_ONCE,
	  .help = "ports' egress rates, e.g. eth1=100mbit,eth2=1gbit\n"
		  "(units bit, kbit, mbit, gbit, tbit; 8kbit to 1tbit, or\n"
		  "0 = unshaped, the default). The traffic manager's model\n"
		  "drains each rated port at its rate (in both modes) and its default\n"
		  "ECN/drop profiles are scaled to it; change it later\n"
		  "with closctl port set IF rate RATE" },
	CLI_OPT_LIST("rate", 0, "IF=RATE", &given.rate,
		     "one port's rate, split at the last '=' (IF may hold ','\n"
		     "or '='), repeatable; beside --rates, a port at most once"),
	{ .name = "xdp-mode", .kind = CLI_STRING, .dest = &given.xdp,
	  .arg = "MODE[,IF=MODE...]", .flags = CLI_ONCE,
	  .help = "fast mode: how XDP runs on the ports; MODE is auto (the\n"
		  "default: native where the driver has it, else generic),\n"
		  "native (refused where the driver has none) or generic\n"
		  "(skb mode, any interface). A bare MODE is for every port,\n"
		  "IF=MODE for one: --xdp-mode native,eth3=generic" },
	{ .name = "tc-hook", .kind = CLI_STRING, .dest = &given.tc_hook,
	  .arg = "auto|tcx|clsact", .flags = CLI_ONCE,
	  .help = "queue mode: where the TC programs go; auto (the default):\n"
		  "tcx where the kernel has it (Linux 6.6; no qdisc or\n"
		  "classifier around the programs, less CPU a frame), else a\n"
		  "clsact qdisc; tcx (refused on an older kernel) or clsact" },
	{}
};

const char attach_doc[] =
"\n"
"Load the pipeline for SWITCH (1-31 of: letters, digits, '-', '_'), put it\n"
"on the interfaces IF... of network namespace NS (without --netns: of the\n"
"namespace clos-loader runs in), and pin its tables and programs under\n"
CLOS_PIN_ROOT "/SWITCH/. A switch without --netns is found in the\n"
"namespace the tools run in: run closctl, detach and watch there too.\n"
"\n"
"In fast mode a port that runs native XDP hands frames straight to the\n"
"egress port's driver, which only drivers with XDP transmit can take. When\n"
"a port has no native XDP, auto runs every port in generic mode, since\n"
"generic mode sends through the kernel's transmit path to any device; a\n"
"port forced to generic (on a driver that has native XDP) leaves the\n"
"others native. clos-loader list and closctl port show say which mode\n"
"each port runs in.\n"
"\n"
"Every IPv4 address and global IPv6 address on the ports gets a 'local'\n"
"route, so packets for the switch itself reach its kernel. The QoS tables\n"
"start with the defaults (closctl qos show). Attaching an attached switch\n"
"again with the same netns, ports and mode does nothing; a different\n"
"mode, role, seed or rate is refused (detach first).\n";

/* Port name (len bytes at p) of option opt as the next port. */
static int add_port(const char *opt, const char *p, size_t len,
		    struct attach_req *req)
{
	char name[CLOS_IFNAMSIZ], shown[CLOS_IFNAME_SHOWLEN];
	struct clos_err why;
	int i;

	if (len == 0) {
		jout_error("%s: empty port name", opt);
		return -EINVAL;
	}
	if (len >= CLOS_IFNAMSIZ) {
		jout_error("%s: port name '%.*s' is longer than %d characters",
			   opt, (int)len, p, CLOS_IFNAMSIZ - 1);
		return -EINVAL;
	}
	memcpy(name, p, len);
	name[len] = '\0';
	if (clos_ifname_check(name, &why)) {
		jout_error("%s: port name '%s' is not an interface name: it %s",
			   opt, clos_ifname_show(name, shown, sizeof(shown)), why.msg);
		return -EINVAL;
	}
	if (req->num_ports == CLOS_MAX_PORTS) {
		jout_error("%s: more than %d ports", opt, CLOS_MAX_PORTS);
		return -EINVAL;
	}
	for (i = 0; i < req->num_ports; i++) {
		if (!strcmp(req->ports[i], name)) {
			jout_error("%s: port %s is listed twice", opt,
				   clos_ifname_show(name, shown, sizeof(shown)));
			return -EINVAL;
		}
	}
	memcpy(req->ports[req->num_ports++], name, len + 1);
	return 0;
}

/* --ports IF,...: split at every ','. */
static int parse_ports(const char *arg, struct attach_req *req)
{
	const char *p = arg, *end;

	for (;;) {
		end = strchrnul(p, ',');
		if (end == p) {
			jout_error("--ports '%s': empty port name", arg);
			return -EINVAL;
		}
		if (add_port("--ports", p, end - p, req))
			return -EINVAL;
		if (!*end)
			return 0;
		p = end + 1;
	}
}

/* One IF=RATE of --rates or --rate (item, written over): split at the last
 * '=', since a rate holds none and a port name may. */
static int add_rate(const char *opt, const char *arg, char *item,
		    struct attach_req *req)
{
	char *eq = strrchr(item, '=');
	struct clos_err why;
	int i;

	if (!eq || eq == item || !eq[1]) {
		jout_error("%s '%s': '%s' is not IF=RATE", opt, arg, item);
		return -EINVAL;
	}
	*eq = '\0';
	for (i = 0; i < req->num_ports; i++)
		if (!strcmp(req->ports[i], item))
			break;
	if (i == req->num_ports) {
		jout_error("%s: %s is not one of the ports", opt, item);
		return -EINVAL;
	}
	if (req->rate_given[i]) {
		jout_error("%s: port %s is listed twice", opt, item);
		return -EINVAL;
	}
	if (clos_parse_rate(eq + 1, &req->rate_bps[i], &why)) {
		jout_error("%s: rate '%s' of port %s: %s", opt, eq + 1, item,
			   why.msg);
		return -EINVAL;
	}
	req->rate_given[i] = true;
	return 0;
}

/* Item of option opt, copied to item[64]: refused, not cut, when longer
 * (a cut "eth1=000...001gbit" is a rate of 0). */
static int copy_item(const char *opt, const char *p, size_t len, char *item,
		     size_t size)
{
	if (len >= size) {
		jout_error("%s: '%.*s...' is longer than %zu characters", opt,
			   20, p, size - 1);
		return -EINVAL;
	}
	memcpy(item, p, len);
	item[len] = '\0';
	return 0;
}

/* --rates IF=RATE,... and each --rate IF=RATE: every IF a port, once. */
static int parse_rates(const char *arg, const struct cli_list *one,
		       struct attach_req *req)
{
	const char *p = arg, *end;
	char item[64];
	int i;

	while (p) {
		end = strchrnul(p, ',');
		if (copy_item("--rates", p, end - p, item, sizeof(item)) ||
		    add_rate("--rates", arg, item, req))
			return -EINVAL;
		p = *end ? end + 1 : NULL;
	}
	for (i = 0; i < one->n; i++)
		if (copy_item("--rate", one->v[i], strlen(one->v[i]), item,
			      sizeof(item)) ||
		    add_rate("--rate", one->v[i], item, req))
			return -EINVAL;
	return 0;
}

static int add_ports(const struct cli_list *one, struct attach_req *req)
{
	int i;

	for (i = 0; i < one->n; i++)
		if (add_port("--port", one->v[i], strlen(one->v[i]), req))
			return -EINVAL;
	return 0;
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

static int parse_xdp_keyword(const char *arg, enum attach_xdp *out)
{
	static const char *const names[] = {
		[ATTACH_XDP_AUTO] = "auto",
		[ATTACH_XDP_NATIVE] = "native",
		[ATTACH_XDP_GENERIC] = "generic",
	};
	unsigned int i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(arg, names[i])) {
			*out = i;
			return 0;
		}
	}
	return -EINVAL;
}

/* --xdp-mode MODE[,IF=MODE...]: a bare MODE once, for the ports not
 * named; IF one of --ports, once. */
static int parse_xdp_modes(const char *arg, struct attach_req *req)
{
	bool named[CLOS_MAX_PORTS] = {}, all_given = false;
	enum attach_xdp all = ATTACH_XDP_AUTO, m;
	const char *p = arg, *end;
	char item[64], *eq;
	size_t len;
	int i;

	for (;;) {
		end = strchrnul(p, ',');
		len = end - p;
		if (len >= sizeof(item))
			len = sizeof(item) - 1;
		memcpy(item, p, len);
		item[len] = '\0';
		/* The last '=': a rate holds none, a port name may. */
		eq = strrchr(item, '=');
		if (eq)
			*eq++ = '\0';
		if (parse_xdp_keyword(eq ? eq : item, &m)) {
			jout_error("--xdp-mode '%s': '%s' is not auto, native or generic",
				   arg, eq ? eq : item);
			return -EINVAL;
		}
		if (!eq) {
			if (all_given) {
				jout_error("--xdp-mode '%s': more than one mode for all ports", arg);
				return -EINVAL;
			}
			all = m;
			all_given = true;
		} else {
			for (i = 0; i < req->num_ports; i++)
				if (!strcmp(req->ports[i], item))
					break;
			if (i == req->num_ports) {
				jout_error("--xdp-mode: %s is not one of --ports", item);
				return -EINVAL;
			}
			if (named[i]) {
				jout_error("--xdp-mode: port %s is listed twice", item);
				return -EINVAL;
			}
			named[i] = true;
			req->xdp[i] = m;
		}
		if (!*end)
			break;
		p = end + 1;
	}
	for (i = 0; i < req->num_ports; i++)
		if (!named[i])
			req->xdp[i] = all;
	req->xdp_given = true;
	return 0;
}

static int parse_keyword(const char *opt, const char *arg, const char *a,
			 int va, const char *b, int vb, int *out)
{
	if (!strcmp(arg, a)) {
		*out = va;
	} else if (!strcmp(arg, b)) {
		*out = vb;
	} else {
		jout_error("%s '%s': must be %s or %s", opt, arg, a, b);
		return -EINVAL;
	}
	return 0;
}

/* --tc-hook auto|tcx|clsact */
static int parse_tc_hook(const char *arg, struct attach_req *req)
{
	static const char *const names[] = {
		[ATTACH_TC_AUTO] = "auto", [ATTACH_TC_TCX] = "tcx",
		[ATTACH_TC_CLSACT] = "clsact",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(arg, names[i])) {
			req->tc_hook = i;
			return 0;
		}
	}
	jout_error("--tc-hook '%s': must be auto, tcx or clsact", arg);
	return -EINVAL;
}

int attach_parse_args(int argc, char **argv, struct attach_req *req)
{
	const char *why;

	memset(req, 0, sizeof(*req));
	req->role = -1;
	req->mode = -1;
	if ((given.ports && parse_ports(given.ports, req)) ||
	    add_ports(&given.port, req) ||
	    (given.role && parse_keyword("--role", given.role, "leaf", CLOS_ROLE_LEAF,
					 "spine", CLOS_ROLE_SPINE, &req->role)) ||
	    (given.seed && parse_seed(given.seed, req)) ||
	    (given.mode && parse_keyword("--mode", given.mode, "fast", CLOS_MODE_FAST,
					 "queue", CLOS_MODE_QUEUE, &req->mode)))
		return -EINVAL;
	if (argc != 1) {
		jout_error("attach takes exactly one SWITCH (see clos-loader attach --help)");
		return -EINVAL;
	}
	req->name = argv[0];
	if (clos_switch_name_check(req->name, &why)) {
		jout_error("switch name '%s' %s", req->name, why);
		return -EINVAL;
	}
	req->netns = given.netns ? given.netns : "";
	if (given.netns && check_netns_name(req->netns))
		return -EINVAL;
	clos_netns_desc(req->netns, req->where, sizeof(req->where));
	if (!req->num_ports) {
		jout_error("attach %s: --ports IF[,IF...] or --port IF is required",
			   req->name);
		return -EINVAL;
	}
	req->rates_arg = given.rates;
	/* After the ports: --rates, --rate and --xdp-mode name ports. */
	if ((req->rates_arg || given.rate.n) &&
	    parse_rates(req->rates_arg, &given.rate, req))
		return -EINVAL;
	if (given.xdp && attach_mode(req) == CLOS_MODE_QUEUE) {
		jout_error("attach %s: --xdp-mode is for fast mode; queue mode runs TC programs",
			   req->name);
		return -EINVAL;
	}
	if (given.xdp && parse_xdp_modes(given.xdp, req))
		return -EINVAL;
	if (given.tc_hook && attach_mode(req) != CLOS_MODE_QUEUE) {
		jout_error("attach %s: --tc-hook is for queue mode; fast mode runs XDP",
			   req->name);
		return -EINVAL;
	}
	return given.tc_hook ? parse_tc_hook(given.tc_hook, req) : 0;
}
