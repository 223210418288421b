// SPDX-License-Identifier: GPL-2.0
/* clos-topo: spine-leaf fabrics in network namespaces, from a topology file. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fabric.h"
#include "jsonout.h"
#include "load.h"
#include "log.h"
#include "netns.h"
#include "run.h"
#include "status.h"

static bool json_out;

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: clos-topo [-j] [-v] COMMAND FILE [ARGS]\n"
		"       COMMAND := { up | down | status | show | exec | link }\n"
		"\n"
		"  up FILE                      create the fabric: namespaces, links, addresses,\n"
		"                               switches, tables, link watcher\n"
		"  down FILE                    remove everything of the fabric (idempotent,\n"
		"                               also after a crash)\n"
		"  status FILE                  what is up: nodes, switches, ports\n"
		"  show FILE                    the plan: every node's addresses and MACs\n"
		"  exec FILE NODE -- CMD...     run CMD inside NODE's namespace\n"
		"  link FILE NODE:IF up|down    set a link state (both ends see it)\n"
		"\n"
		"  -j, --json     JSON output (status, show)\n"
		"  -v, --verbose  print what is done\n"
		"  -h, --help     this text\n"
		"\n"
		"Topology files: see docs/fabric.md and examples/.\n");
}

static int error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int error(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	jout_error("%s", msg);
	return 1;
}

static int load(struct topo *t, const char *file)
{
	struct clos_err err;

	if (topo_load(t, file, &err))
		return error("%s", err.msg);
	return 0;
}

static int cmd_up(struct topo *t)
{
	struct clos_err err;

	if (topo_up(t, &err))
		return error("fabric %s: %s", t->name, err.msg);
	printf("fabric %s is up: %d nodes, %d links\n", t->name, t->num_nodes,
	       t->num_links);
	return 0;
}

static int cmd_exec(struct topo *t, int argc, char **argv)
{
	char ns[TOPO_NETNS_STRLEN];
	char **args;
	int n, i;

	if (argc < 3 || strcmp(argv[1], "--"))
		return error("usage: clos-topo exec FILE NODE -- CMD [ARGS...]");
	n = topo_node_find(t, argv[0]);
	if (n < 0)
		return error("node '%s' is not in %s", argv[0], t->file);
	topo_netns_name(t, &t->nodes[n], ns, sizeof(ns));
	if (!clos_netns_exists(ns))
		return error("fabric %s is not up: node %s has no namespace (clos-topo up %s)",
			     t->name, argv[0], t->file);
	args = calloc(argc + 4, sizeof(*args));
	if (!args)
		return error("out of memory");
	args[0] = "ip";
	args[1] = "netns";
	args[2] = "exec";
	args[3] = ns;
	for (i = 2; i < argc; i++)
		args[i + 2] = argv[i];
	execvp("ip", args);
	free(args);
	return error("cannot run ip: %s", strerror(errno));
}

static int cmd_link(struct topo *t, int argc, char **argv)
{
	char ns[TOPO_NETNS_STRLEN], node[TOPO_NODE_NAME_MAX], out[1024];
	const char *ifname;
	int n;

	if (argc != 2 || (strcmp(argv[1], "up") && strcmp(argv[1], "down")))
		return error("usage: clos-topo link FILE NODE:IF up|down");
	if (topo_endpoint_split(argv[0], node, &ifname))
		return error("link endpoint '%s' must be NODE:IF", argv[0]);
	n = topo_node_find(t, node);
	if (n < 0)
		return error("node '%s' is not in %s", node, t->file);
	if (topo_port_find(&t->nodes[n], ifname) < 0)
		return error("node '%s' has no interface '%s'", node, ifname);
	topo_netns_name(t, &t->nodes[n], ns, sizeof(ns));
	{
		char *args[] = { "ip", "-n", ns, "link", "set", "dev", (char *)ifname,
				 argv[1], NULL };

		if (run_cmd(args, NULL, out, sizeof(out)))
			return error("ip -n %s link set %s %s: %s", ns, ifname,
				     argv[1], out);
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	static struct topo t;	/* large: keep it off the stack */
	bool verbose = false;
	const char *cmd;
	int c;

	while ((c = getopt_long(argc, argv, "+jvh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json_out = true;
			break;
		case 'v':
			verbose = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 1;
		}
	}
	clos_log_init(verbose ? CLOS_LOG_INFO : CLOS_LOG_WARN);
	/* show and status build their JSON document until exit. */
	jout_init(json_out, true);
	atexit(jout_finish);
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		usage(stderr);
		return 1;
	}
	cmd = argv[0];
	if (!strcmp(cmd, "help")) {
		usage(stdout);
		return 0;
	}
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		usage(stdout);
		return 0;
	}
	if (strcmp(cmd, "up") && strcmp(cmd, "down") && strcmp(cmd, "status") &&
	    strcmp(cmd, "show") && strcmp(cmd, "exec") && strcmp(cmd, "link"))
		return error("unknown command '%s' (try clos-topo --help)", cmd);
	if (argc < 2)
		return error("%s needs a topology FILE", cmd);
	if (load(&t, argv[1]))
		return 1;
	argc -= 2;
	argv += 2;

	if (!strcmp(cmd, "up"))
		return argc ? error("up takes only FILE") : cmd_up(&t);
	if (!strcmp(cmd, "down")) {
		if (argc)
			return error("down takes only FILE");
		return topo_down(t.name, verbose) ? 1 : 0;
	}
	if (!strcmp(cmd, "status"))
		return argc ? error("status takes only FILE") : topo_status(&t);
	if (!strcmp(cmd, "show"))
		return argc ? error("show takes only FILE") : topo_show(&t);
	if (!strcmp(cmd, "exec"))
		return cmd_exec(&t, argc, argv);
	return cmd_link(&t, argc, argv);
}
