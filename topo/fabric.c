// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "exec.h"
#include "fabric.h"
#include "ifname.h"
#include "log.h"
#include "netns.h"
#include "plan.h"
#include "proc.h"
#include "rate.h"
#include "routing.h"
#include "run.h"
#include "switch.h"
#include "tunnel.h"

#define OUT_LEN		4096
/* The watcher stops at once on SIGTERM; it is killed after this. */
#define WATCHER_STOP_MS	2000

/* "link set dev e#1 up" for a message, names shown escaped. */
static const char *cmd_text(char **words, char *buf, size_t len)
{
	char shown[CLOS_IFNAME_SHOWLEN];
	size_t off = 0;

	buf[0] = '\0';
	for (; *words && off < len; words++)
		off += snprintf(buf + off, len - off, "%s%s", off ? " " : "",
				clos_ifname_show(*words, shown, sizeof(shown)));
	return buf;
}

/* ip -n NS WORDS... for each command of ip, one process each (never
 * -batch: that splits lines again, and a name may hold '#'); stops at the
 * first that fails. */
static int ip_run(const char *ns, const struct topo_cmds *ip,
		  struct clos_err *err)
{
	char *argv[TOPO_CMD_MAX_WORDS + 4], out[OUT_LEN], text[512];
	char **words;
	int i, ret;

	if (ip->err)
		return clos_err_set(err, ip->err, "out of memory");
	for (words = topo_cmd_next(ip, NULL); words; words = topo_cmd_next(ip, words)) {
		argv[0] = "ip";
		argv[1] = "-n";
		argv[2] = (char *)ns;
		for (i = 0; words[i]; i++) {
			if (i == TOPO_CMD_MAX_WORDS)
				return clos_err_set(err, -E2BIG, "ip -n %s: more than %d words",
						    ns, TOPO_CMD_MAX_WORDS);
			argv[3 + i] = words[i];
		}
		argv[3 + i] = NULL;
		ret = run_cmd(argv, NULL, out, sizeof(out));
		if (ret)
			return clos_err_set(err, ret, "ip -n %s %s: %s", ns,
					    cmd_text(words, text, sizeof(text)), out);
	}
	return 0;
}

static int create_namespaces(struct topo *t, struct clos_err *err)
{
	char ns[TOPO_NETNS_STRLEN], out[OUT_LEN];
	int i, ret;

	for (i = 0; i < t->num_nodes; i++) {
		char *argv[] = { "ip", "netns", "add", ns, NULL };

		if (!topo_node_here(t, &t->nodes[i]))
			continue;
		topo_netns_name(t, &t->nodes[i], ns, sizeof(ns));
		ret = run_cmd(argv, NULL, out, sizeof(out));
		if (ret)
			return clos_err_set(err, ret, "ip netns add %s: %s", ns,
					    out);
	}
	return 0;
}

/* "ff", "3", "ffffffff,ffffffff": CPUs 0..n-1 as the kernel's cpumask. */
static void cpus_mask(long n, char *buf, size_t len)
{
	long digits = (n + 3) / 4, d;
	size_t o = 0;

	for (d = digits - 1; d >= 0 && o + 2 < len; d--) {
		long bits = n - 4 * d;

		buf[o++] = "0123456789abcdef"[bits >= 4 ? 15 : (1 << bits) - 1];
		if (d && d % 8 == 0)
			buf[o++] = ',';
	}
	buf[o] = '\0';
}

/*
 * A queue-mode switch's HTB is dequeued by whichever CPU runs the qdisc,
 * and a veth hands a socket's UDP frames to the backlog of the CPU that
 * sent them (the peer's NAPI path is only for GRO-able frames): two frames
 * of one flow sent from two CPUs can then be received in the wrong order,
 * which RoCE's go-back-N takes for a loss. RPS on every veth near a
 * queue-mode switch hashes each flow to one CPU's backlog, so frames keep
 * the order they were sent in, as on a wire. The namespaces' default RPS
 * mask applies to the veths created after it; kernels whose namespaces
 * have no net.core.rps_default_mask go without.
 */
static int steer_flows(struct topo *t, struct clos_err *err)
{
	long ncpu = sysconf(_SC_NPROCESSORS_CONF);
	char ns[TOPO_NETNS_STRLEN], set[96];
	int i, ret;

	if (ncpu < 2)
		return 0;
	strcpy(set, "net.core.rps_default_mask=");
	cpus_mask(ncpu, set + strlen(set), sizeof(set) - strlen(set));
	for (i = 0; i < t->num_nodes; i++) {
		if (!topo_node_here(t, &t->nodes[i]) ||
		    !topo_near_queue_switch(t, &t->nodes[i]))
			continue;
		topo_netns_name(t, &t->nodes[i], ns, sizeof(ns));
		ret = sysctl_in_netns(ns, set);
		if (ret == -ENOENT)
			return 0;
		if (ret)
			return clos_err_set(err, ret, "%s: %s: %s",
					    t->nodes[i].name, set, strerror(-ret));
	}
	return 0;
}

/* The sysctls that the links of a namespace are created under. */
static int preset_namespaces(struct topo *t, struct clos_err *err)
{
	char ns[TOPO_NETNS_STRLEN];
	const char *const *sysctl;
	int i, ret;

	for (i = 0; i < t->num_nodes; i++) {
		if (!topo_node_here(t, &t->nodes[i]))
			continue;
		topo_netns_name(t, &t->nodes[i], ns, sizeof(ns));
		for (sysctl = topo_plan_early_sysctls(t, &t->nodes[i]); *sysctl; sysctl++) {
			ret = sysctl_in_netns(ns, *sysctl);
			if (ret)
				return clos_err_set(err, ret, "%s: sysctl %s: %s",
						    t->nodes[i].name, *sysctl,
						    strerror(-ret));
		}
	}
	return 0;
}

/* Every veth, made directly inside its two namespaces: one ip each, the
 * names as argv words ("name" spelled out: a port may be called "type").
 * A box's part: the veths between its own nodes, and its end of each
 * tunnel (tunnel.c). */
static int create_links(struct topo *t, struct clos_err *err)
{
	char nsa[TOPO_NETNS_STRLEN], nsb[TOPO_NETNS_STRLEN], out[OUT_LEN];
	char a[CLOS_IFNAME_SHOWLEN], b[CLOS_IFNAME_SHOWLEN];
	int i, ret;

	for (i = 0; i < t->num_links; i++) {
		const struct topo_link *lk = &t->links[i];
		char *argv[] = { "ip", "link", "add", "name",
				 (char *)topo_end_port(t, lk, 0)->ifname, "netns", nsa,
				 "type", "veth", "peer", "name",
				 (char *)topo_end_port(t, lk, 1)->ifname, "netns", nsb,
				 NULL };

		if (topo_link_tunnel(t, lk)) {
			ret = topo_tunnel_create(t, lk, err);
			if (ret)
				return ret;
			continue;
		}
		if (!topo_node_here(t, topo_end_node(t, lk, 0)))
			continue;
		topo_netns_name(t, topo_end_node(t, lk, 0), nsa, sizeof(nsa));
		topo_netns_name(t, topo_end_node(t, lk, 1), nsb, sizeof(nsb));
		ret = run_cmd(argv, NULL, out, sizeof(out));
		if (ret)
			return clos_err_set(err, ret, "link %s:%s - %s:%s: ip link add: %s",
					    topo_end_node(t, lk, 0)->name,
					    clos_ifname_show(argv[4], a, sizeof(a)),
					    topo_end_node(t, lk, 1)->name,
					    clos_ifname_show(argv[11], b, sizeof(b)), out);
	}
	return 0;
}

/* Every node's sysctls, then its addresses, MACs and links up. */
static int configure_nodes(struct topo *t, struct clos_err *err)
{
	char ns[TOPO_NETNS_STRLEN];
	const char *const *sysctl;
	struct topo_cmds ip = {};
	int i, ret = 0;

	for (i = 0; i < t->num_nodes && !ret; i++) {
		const struct topo_node *n = &t->nodes[i];

		if (!topo_node_here(t, n))
			continue;
		topo_netns_name(t, n, ns, sizeof(ns));
		for (sysctl = topo_plan_sysctls(t, n); *sysctl && !ret; sysctl++) {
			ret = sysctl_in_netns(ns, *sysctl);
			if (ret)
				clos_err_set(err, ret, "%s: sysctl %s: %s",
					     n->name, *sysctl, strerror(-ret));
		}
		if (ret)
			break;
		topo_cmds_reset(&ip);
		topo_plan_ip_config(t, n, &ip);
		ret = ip_run(ns, &ip, err);
	}
	topo_cmds_free(&ip);
	return ret;
}

/* Every node's kernel routes, once every link is up. */
static int route_nodes(struct topo *t, struct clos_err *err)
{
	char ns[TOPO_NETNS_STRLEN];
	struct topo_cmds ip = {};
	int i, ret = 0;

	for (i = 0; i < t->num_nodes && !ret; i++) {
		const struct topo_node *n = &t->nodes[i];

		if (!topo_node_here(t, n))
			continue;
		topo_netns_name(t, n, ns, sizeof(ns));
		topo_cmds_reset(&ip);
		topo_plan_ip_routes(t, n, &ip);
		ret = ip_run(ns, &ip, err);
	}
	topo_cmds_free(&ip);
	return ret;
}

/* Hosts: an XDP_REDIRECT into their veth needs NAPI there (GRO on), TCP
 * through XDP-forwarded veths needs real checksums (tx offload off), and
 * a VLAN interface on a host must put its tag in the frame, where XDP
 * reads it, not beside it (tx VLAN offload off). */
static int tune_hosts(struct topo *t, struct clos_err *err)
{
	char ns[TOPO_NETNS_STRLEN], out[OUT_LEN];
	int i, ret;

	for (i = 0; i < t->num_nodes; i++) {
		const struct topo_node *n = &t->nodes[i];
		char *argv[] = { "ip", "netns", "exec", ns, "ethtool", "-K",
				 (char *)n->ports[0].ifname, "gro", "on", "tx", "off",
				 "txvlan", "off", NULL };

		if (topo_is_switch(n) || !topo_node_here(t, n))
			continue;
		topo_netns_name(t, n, ns, sizeof(ns));
		ret = run_cmd(argv, NULL, out, sizeof(out));
		if (ret)
			return clos_err_set(err, ret, "%s: ethtool: %s", n->name,
					    out);
	}
	return 0;
}

/*
 * Does switch n run native XDP? Fast mode does, unless a port is a tunnel
 * end: a vxlan device has no native XDP, so no XDP transmit either, and
 * clos-loader (auto) then runs every port of the switch generic
 * (docs/fabric.md, Boxes, says why and what that costs).
 */
static bool native_xdp(const struct topo *t, const struct topo_node *n)
{
	int p;

	if (!topo_is_switch(n) || topo_node_mode(t, n) != CLOS_MODE_FAST)
		return false;
	for (p = 0; p < n->num_ports; p++)
		if (topo_link_tunnel(t, &t->links[n->ports[p].link]))
			return false;
	return true;
}

/* A native-XDP switch redirects into its veth, and the frame reaches the
 * peer only if the peer's veth runs NAPI: a native XDP program there or
 * GRO on. A switch without one (queue mode, or generic XDP for a tunnel
 * port) gets GRO on at its ports facing native-XDP switches. */
static int tune_mixed_links(struct topo *t, struct clos_err *err)
{
	char ns[TOPO_NETNS_STRLEN], out[OUT_LEN];
	int i, e, ret;

	for (i = 0; i < t->num_links; i++) {
		for (e = 0; e < 2; e++) {
			const struct topo_node *n = topo_end_node(t, &t->links[i], e);
			const struct topo_node *peer = topo_end_node(t, &t->links[i], !e);
			char *argv[] = { "ethtool", "-K",
					 (char *)topo_end_port(t, &t->links[i], e)->ifname,
					 "gro", "on", NULL };

			/* A tunnel's end is no veth: no NAPI question. */
			if (!topo_is_switch(n) || !topo_node_here(t, n) ||
			    topo_link_tunnel(t, &t->links[i]) ||
			    native_xdp(t, n) || !native_xdp(t, peer))
				continue;
			topo_netns_name(t, n, ns, sizeof(ns));
			ret = clos_exec(ns, argv, NULL, out, sizeof(out));
			if (ret)
				return clos_err_set(err, ret, "%s: ethtool: %s",
						    n->name, out);
		}
	}
	return 0;
}

/*
 * clos-loader attach's argv for switch n: each port as its own --port and
 * each rate as its own --rate, so a name holding ',' (which --ports and
 * --rates split at) is one port. The strings live in a.
 */
struct attach_argv {
	char *argv[16 + 4 * CLOS_MAX_PORTS];
	char sw[CLOS_SWITCH_NAMSIZ], ns[TOPO_NETNS_STRLEN], seed[16];
	char rates[CLOS_MAX_PORTS][CLOS_IFNAMSIZ + CLOS_RATE_STRLEN + 1];
};

static void attach_argv(const struct topo *t, const struct topo_node *n,
			char *loader, struct attach_argv *a)
{
	char rate[CLOS_RATE_STRLEN];
	int c = 0, p;

	topo_switch_name(t, n, a->sw, sizeof(a->sw));
	topo_netns_name(t, n, a->ns, sizeof(a->ns));
	snprintf(a->seed, sizeof(a->seed), "%u", n->seed);
	a->argv[c++] = loader;
	a->argv[c++] = "attach";
	a->argv[c++] = a->sw;
	a->argv[c++] = "--netns";
	a->argv[c++] = a->ns;
	a->argv[c++] = "--role";
	a->argv[c++] = n->kind == TOPO_SPINE ? "spine" : "leaf";
	a->argv[c++] = "--seed";
	a->argv[c++] = a->seed;
	a->argv[c++] = "--mode";
	a->argv[c++] = (char *)topo_mode_name(topo_node_mode(t, n));
	for (p = 0; p < n->num_ports; p++) {
		a->argv[c++] = "--port";
		a->argv[c++] = (char *)n->ports[p].ifname;
	}
	for (p = 0; p < n->num_ports; p++) {
		if (!n->ports[p].rate_bps)
			continue;
		snprintf(a->rates[p], sizeof(a->rates[p]), "%s=%s",
			 n->ports[p].ifname,
			 clos_fmt_rate(n->ports[p].rate_bps, rate, sizeof(rate)));
		a->argv[c++] = "--rate";
		a->argv[c++] = a->rates[p];
	}
	a->argv[c] = NULL;
}

static int attach_switches(struct topo *t, struct clos_err *err)
{
	struct attach_argv a;
	char loader[4096], out[OUT_LEN];
	int i, ret;

	ret = sibling_path("clos-loader", loader, sizeof(loader));
	if (ret)
		return clos_err_set(err, ret, "cannot find clos-loader: %s",
				    strerror(-ret));
	for (i = 0; i < t->num_nodes; i++) {
		const struct topo_node *n = &t->nodes[i];

		if (!topo_is_switch(n) || !topo_node_here(t, n))
			continue;
		attach_argv(t, n, loader, &a);
		ret = run_cmd(a.argv, NULL, out, sizeof(out));
		if (ret)
			return clos_err_set(err, ret, "%s: clos-loader attach: %s",
					    n->name, out);
	}
	return 0;
}

/* "Error: line 3: ...\n" as "line 3: ...": closctl's message, on one line. */
static const char *closctl_message(char *out)
{
	size_t n = strlen(out);

	while (n && out[n - 1] == '\n')
		out[--n] = '\0';
	return strncmp(out, "Error: ", 7) ? out : out + 7;
}

/* Every switch's tables, as one closctl batch each: the grammar and the
 * checks of closctl itself, and lines a user can replay by hand. */
static int install_tables(struct topo *t, struct clos_err *err)
{
	char closctl[4096], sw[CLOS_SWITCH_NAMSIZ], out[OUT_LEN];
	char *argv[] = { closctl, "-s", sw, "batch", "-", NULL };
	struct topo_text batch = {};
	int i, ret;

	ret = sibling_path("closctl", closctl, sizeof(closctl));
	if (ret)
		return clos_err_set(err, ret, "cannot find closctl: %s",
				    strerror(-ret));
	for (i = 0; i < t->num_nodes && !ret; i++) {
		const struct topo_node *n = &t->nodes[i];

		if (!topo_is_switch(n) || !topo_node_here(t, n))
			continue;
		topo_switch_name(t, n, sw, sizeof(sw));
		topo_text_reset(&batch);
		topo_plan_tables(t, n, &batch);
		if (batch.err) {
			ret = clos_err_set(err, batch.err, "out of memory");
			break;
		}
		if (!batch.len)
			continue;
		ret = run_cmd(argv, batch.buf, out, sizeof(out));
		if (ret)
			clos_err_set(err, ret, "%s: closctl -s %s batch: %s",
				     n->name, sw, closctl_message(out));
	}
	topo_text_free(&batch);
	return ret;
}

/* routing: bgp: FRR on every switch, then clos-fibsync on every switch,
 * which from then on fills the tables from the FIB that zebra writes. */
static int start_routing(struct topo *t, struct clos_err *err)
{
	int i, ret = 0;

	if (t->routing != TOPO_ROUTING_BGP)
		return 0;
	for (i = 0; i < t->num_nodes && !ret; i++)
		if (topo_is_switch(&t->nodes[i]) && topo_node_here(t, &t->nodes[i]))
			ret = topo_frr_start(t, &t->nodes[i], err);
	for (i = 0; i < t->num_nodes && !ret; i++)
		if (topo_is_switch(&t->nodes[i]) && topo_node_here(t, &t->nodes[i]))
			ret = topo_fibsync_start(t, &t->nodes[i], err);
	return ret;
}

/* The watcher's files, /run/clos/FABRIC.watch.{pid,log}; a box's part
 * has its own, FABRIC.BOX.watch.*: two boxes may be one machine. */
static void box_watch_path(const struct topo *t, int box, const char *ext,
			   char *buf, size_t len)
{
	if (box >= 0)
		snprintf(buf, len, "%s/%s.%s.watch.%s", TOPO_RUN_DIR, t->name,
			 t->boxes[box].name, ext);
	else
		snprintf(buf, len, "%s/%s.watch.%s", TOPO_RUN_DIR, t->name, ext);
}

static void watch_path(const struct topo *t, const char *ext, char *buf,
		       size_t len)
{
	box_watch_path(t, t->local_box, ext, buf, len);
}

/* The link watcher: one clos-loader process for all switches of the
 * fabric, failing ports out of their ECMP groups. */
static int start_watcher(struct topo *t, struct clos_err *err)
{
	char loader[4096], pidfile[256], logfile[256], out[OUT_LEN];
	char *argv[4 + TOPO_MAX_NODES];
	char names[TOPO_MAX_NODES][CLOS_SWITCH_NAMSIZ];
	int i, argc = 0, ret;

	ret = sibling_path("clos-loader", loader, sizeof(loader));
	if (ret)
		return clos_err_set(err, ret, "cannot find clos-loader: %s",
				    strerror(-ret));
	mkdir(TOPO_RUN_DIR, 0755);
	watch_path(t, "pid", pidfile, sizeof(pidfile));
	watch_path(t, "log", logfile, sizeof(logfile));
	argv[argc++] = loader;
	argv[argc++] = "watch";
	argv[argc++] = "--daemon";
	argv[argc++] = pidfile;
	argv[argc++] = "--log";
	argv[argc++] = logfile;
	for (i = 0; i < t->num_nodes; i++) {
		if (!topo_is_switch(&t->nodes[i]) || !topo_node_here(t, &t->nodes[i]))
			continue;
		topo_switch_name(t, &t->nodes[i], names[i], sizeof(names[i]));
		argv[argc++] = names[i];
	}
	argv[argc] = NULL;
	ret = run_cmd(argv, NULL, out, sizeof(out));
	if (ret)
		clos_err_set(err, ret, "clos-loader watch: %s", out);
	return ret;
}

static bool netns_exists(const char *name)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", CLOS_NETNS_RUN_DIR, name);
	return access(path, F_OK) == 0;
}

bool topo_fabric_present(const struct topo *t)
{
	char ns[TOPO_NETNS_STRLEN];
	int i;

	for (i = 0; i < t->num_nodes; i++) {
		if (!topo_node_here(t, &t->nodes[i]))
			continue;
		topo_netns_name(t, &t->nodes[i], ns, sizeof(ns));
		if (netns_exists(ns))
			return true;
	}
	return false;
}

int topo_up(struct topo *t, struct clos_err *err)
{
	int ret;

	if (topo_fabric_present(t))
		return clos_err_set(err, -EEXIST,
				    "fabric '%s' is already up (clos-topo down %s first)",
				    t->name, t->file);
	if (t->underlay_netns[0] && !netns_exists(t->underlay_netns))
		return clos_err_set(err, -ENOENT, "--underlay-netns %s: no such namespace",
				    t->underlay_netns);
	ret = clos_bpffs_ensure();
	if (ret)
		return clos_err_set(err, ret, "cannot mount bpffs: %s",
				    strerror(-ret));
	/* The machine's side first (namespaces, veths, addresses, kernel
	 * routes, offloads), then the switches on it, their tables and the
	 * watcher that keeps their groups in step with the links (or,
	 * routing bgp, FRR and clos-fibsync, which do both). */
	ret = create_namespaces(t, err);
	if (!ret)
		ret = preset_namespaces(t, err);
	if (!ret)
		ret = steer_flows(t, err);
	if (!ret)
		ret = create_links(t, err);
	if (!ret)
		ret = configure_nodes(t, err);
	if (!ret)
		ret = route_nodes(t, err);
	if (!ret)
		ret = tune_hosts(t, err);
	if (!ret)
		ret = tune_mixed_links(t, err);
	if (!ret)
		ret = attach_switches(t, err);
	if (!ret)
		ret = install_tables(t, err);
	if (!ret)
		ret = start_routing(t, err);
	/* Under BGP each clos-fibsync applies its switch's link state as
	 * the watcher would (lib/switch/portstate.c): a second writer of
	 * the same groups could only race it. */
	if (!ret && t->routing == TOPO_ROUTING_STATIC)
		ret = start_watcher(t, err);
	if (ret)
		topo_down(t, false);
	return ret;
}

/* The watcher, if the pid file still names it: clos-loader with this
 * pid file on its command line. Whatever else the file names is left
 * alone (proc.h). */
static void stop_box_watcher(const struct topo *t, int box, bool verbose)
{
	char pidfile[256];
	pid_t pid;

	box_watch_path(t, box, "pid", pidfile, sizeof(pidfile));
	pid = proc_stop(pidfile, "clos-loader", pidfile, WATCHER_STOP_MS);
	if (pid && verbose)
		printf("stopped link watcher (pid %d)\n", (int)pid);
	box_watch_path(t, box, "log", pidfile, sizeof(pidfile));
	unlink(pidfile);
}

/* This run's watcher; the whole fabric's down also stops those that its
 * boxes' parts started here. */
static void stop_watcher(const struct topo *t, bool verbose)
{
	int b;

	stop_box_watcher(t, t->local_box, verbose);
	for (b = 0; t->local_box < 0 && b < t->num_boxes; b++)
		stop_box_watcher(t, b, verbose);
}

/* Kill whatever still runs inside namespace ns (iperf3 servers, ...). */
static void kill_netns_pids(const char *ns)
{
	char *argv[] = { "ip", "netns", "pids", (char *)ns, NULL };
	char out[OUT_LEN], *tok, *save;

	if (run_cmd(argv, NULL, out, sizeof(out)))
		return;
	for (tok = strtok_r(out, " \n", &save); tok; tok = strtok_r(NULL, " \n", &save)) {
		int pid = atoi(tok);

		if (pid > 1)
			kill(pid, SIGKILL);
	}
}

/* Exactly what up makes of t, by name: names are matched whole, never by
 * prefix, since fabric "lab" is a prefix of fabric "lab-2". */
int topo_down(const struct topo *t, bool verbose)
{
	char ns[TOPO_NETNS_STRLEN], sw[CLOS_SWITCH_NAMSIZ], out[OUT_LEN];
	char loader[4096];
	int removed = 0, i;

	/* The routing daemons first: nothing rewrites the tables while
	 * the switches go. */
	topo_routing_stop_here(t, verbose);
	stop_watcher(t, verbose);
	for (i = 0; i < t->num_nodes; i++) {
		char *argv[] = { loader, "detach", sw, NULL };

		if (!topo_is_switch(&t->nodes[i]) || !topo_node_here(t, &t->nodes[i]))
			continue;
		topo_switch_name(t, &t->nodes[i], sw, sizeof(sw));
		if (clos_switch_exists(sw) &&
		    sibling_path("clos-loader", loader, sizeof(loader)) == 0)
			run_cmd(argv, NULL, out, sizeof(out));
	}
	for (i = 0; i < t->num_nodes; i++) {
		char *argv[] = { "ip", "netns", "del", ns, NULL };

		if (!topo_node_here(t, &t->nodes[i]))
			continue;
		topo_netns_name(t, &t->nodes[i], ns, sizeof(ns));
		if (!netns_exists(ns))
			continue;
		kill_netns_pids(ns);
		if (run_cmd(argv, NULL, out, sizeof(out)) == 0)
			removed++;
		else
			pr_warn("Warning: ip netns del %s: %s", ns, out);
	}
	if (verbose)
		printf("fabric %s: %d namespaces removed\n", t->name, removed);
	return 0;
}
