// SPDX-License-Identifier: GPL-2.0
/* clos-topo: spine-leaf fabrics in network namespaces, from a topology file. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "fabric.h"
#include "graph.h"
#include "jsonout.h"
#include "load.h"
#include "log.h"
#include "netns.h"
#include "run.h"
#include "status.h"

static bool json_out, verbose, graph_stats;
static const char *graph_out;
static struct topo fabric;	/* large: keep it off the stack */

#define error(...)	jout_fail(1, __VA_ARGS__)

static void error_msg(const char *msg)
{
	error("%s", msg);
}

/* argv[0] is the topology FILE: load and plan it. */
static int load(const char *cmd, int argc, char **argv)
{
	struct clos_err err;

	if (argc < 1)
		return error("%s needs a topology FILE", cmd);
	if (topo_load(&fabric, argv[0], &err))
		return error("%s", err.msg);
	return 0;
}

/* The same for a command that takes nothing but FILE. */
static int load_only(const char *cmd, int argc, char **argv)
{
	if (load(cmd, argc, argv))
		return 1;
	return argc > 1 ? error("%s takes only FILE", cmd) : 0;
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

static int do_up(int argc, char **argv)
{
	return load_only("up", argc, argv) ?: cmd_up(&fabric);
}

static int do_down(int argc, char **argv)
{
	if (load_only("down", argc, argv))
		return 1;
	return topo_down(&fabric, verbose) ? 1 : 0;
}

static int do_status(int argc, char **argv)
{
	return load_only("status", argc, argv) ?: topo_status(&fabric);
}

static int do_show(int argc, char **argv)
{
	return load_only("show", argc, argv) ?: topo_show(&fabric);
}

static int do_exec(int argc, char **argv)
{
	return load("exec", argc, argv) ?: cmd_exec(&fabric, argc - 1, argv + 1);
}

static int do_link(int argc, char **argv)
{
	return load("link", argc, argv) ?: cmd_link(&fabric, argc - 1, argv + 1);
}

static int do_graph(int argc, char **argv)
{
	struct clos_err err;

	if (load_only("graph", argc, argv))
		return 1;
	if (!graph_out)
		return error("graph needs -o FILE.svg, FILE.dot or - (DOT on stdout)");
	if (topo_graph(&fabric, graph_stats, graph_out, &err))
		return error("fabric %s: %s", fabric.name, err.msg);
	return 0;
}

static void start(void)
{
	clos_log_init(verbose ? CLOS_LOG_INFO : CLOS_LOG_WARN);
	/* show and status build one JSON document, printed at the end. */
	jout_init(json_out, true);
}

static const struct cli_opt options[] = {
	CLI_OPT_FLAG("json", 'j', &json_out, "JSON output (status, show)"),
	CLI_OPT_FLAG("verbose", 'v', &verbose, "print what is done"),
	{}
};

static const struct cli_opt graph_opts[] = {
	CLI_OPT_FLAG("stats", 0, &graph_stats,
		     "each link's packets (both ways) and drops, from the switches'\n"
		     "port counters"),
	CLI_OPT_STRING("output", 'o', "FILE", &graph_out,
		       "FILE.svg (drawn by graphviz's dot), FILE.dot, or - (DOT on stdout)"),
	{}
};

static const char graph_doc[] =
	"\n"
	"The fabric as a graphviz picture: one row per tier (spines on top,\n"
	"then leaves, then hosts), every link labelled with its ports and its\n"
	"rate from FILE and, when the fabric is up, its state: up (both ends up\n"
	"and running, green), down (red, dashed) or unknown (a namespace is\n"
	"missing, grey, dotted). With --stats each link also has the packets\n"
	"that crossed it downwards and upwards (what a switch sent into it, or\n"
	"at a host's end what the leaf received) and the drops at its switch\n"
	"ends (packets that came in over it and were dropped): the port\n"
	"counters of 'closctl stats'. The DOT carries the same as attributes\n"
	"(clos_state, clos_rate_bps, clos_packets_down, clos_packets_up,\n"
	"clos_drops) for scripts.\n";

static const struct cli_cmd cmds[] = {
	{ "up", do_up, "FILE",
	  "create the fabric: namespaces, links, switches, tables, link watcher "
	  "(routing bgp: FRR and clos-fibsync per switch instead of the last two)" },
	{ "down", do_down, "FILE",
	  "remove everything of the fabric (idempotent, also after a crash)" },
	{ "status", do_status, "FILE",
	  "what is up: nodes, switches, ports (routing bgp: daemons, BGP, BFD)" },
	{ "show", do_show, "FILE", "the plan: every node's addresses and MACs" },
	{ "exec", do_exec, "FILE NODE -- CMD...", "run CMD inside NODE's namespace",
	  .flags = CLI_DASHDASH },
	{ "link", do_link, "FILE NODE:IF up|down", "set a link state (both ends see it)" },
	{ "graph", do_graph, "FILE [--stats] -o FILE.svg|FILE.dot|-",
	  "draw the fabric (graphviz): tiers in rows, links with state and rate",
	  .opts = graph_opts, .doc = graph_doc },
	{}
};

static const struct cli topo_cli = {
	.prog = "clos-topo",
	.opts = options,
	.cmds = cmds,
	.doc = "Topology files: see docs/fabric.md and examples/.\n",
	.json = &json_out,
	.start = start,
	.error = error_msg,
};

int main(int argc, char **argv)
{
	return cli_main(&topo_cli, argc, argv);
}
