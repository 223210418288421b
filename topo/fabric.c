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
#include "log.h"
#include "netns.h"
#include "plan.h"
#include "rate.h"
#include "run.h"
#include "switch.h"
#include "tables.h"

#define OUT_LEN		4096

/* Text accumulated for one `ip -batch` run. */
struct batch {
	char *buf;
	size_t len, cap;
	int err;
};

static void batch_add(struct batch *b, const char *line)
{
	size_t n = strlen(line);

	if (b->err)
		return;
	if (b->len + n + 2 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 4096;
		char *nb;

		while (cap < b->len + n + 2)
			cap *= 2;
		nb = realloc(b->buf, cap);
		if (!nb) {
			b->err = -ENOMEM;
			return;
		}
		b->buf = nb;
		b->cap = cap;
	}
	memcpy(b->buf + b->len, line, n);
	b->len += n;
	b->buf[b->len++] = '\n';
	b->buf[b->len] = '\0';
}

/* ip -n NS -batch -: one process per namespace, stops at the first error. */
static int batch_run(struct batch *b, const char *ns, struct topo_err *err)
{
	char out[OUT_LEN];
	char *argv[] = { "ip", "-n", (char *)ns, "-batch", "-", NULL };
	char *argv_root[] = { "ip", "-batch", "-", NULL };
	int ret;

	if (b->err)
		return b->err;
	if (!b->len)
		return 0;
	ret = run_cmd(ns ? argv : argv_root, b->buf, out, sizeof(out));
	if (ret)
		topo_errf(err, "ip%s%s: %s", ns ? " -n " : "",
			 ns ? ns : "", out);
	b->len = 0;
	return ret;
}

struct node_ctx {
	const struct topo *t;
	struct batch ip;
	char ns[64];
	struct topo_err *err;
};

static int node_emit(void *ctx, const struct topo_node *n,
		     enum topo_line_kind kind, const char *line)
{
	struct node_ctx *c = ctx;
	int ret;

	switch (kind) {
	case TOPO_LINE_IP:
		batch_add(&c->ip, line);
		return c->ip.err;
	case TOPO_LINE_SYSCTL:
		ret = sysctl_in_netns(c->ns, line);
		if (ret)
			topo_errf(c->err, "%s: sysctl %s: %s",
				 n->name, line, strerror(-ret));
		return ret;
	default:
		return 0;
	}
}

static int run_plan_step(struct topo *t,
			 int (*step)(const struct topo *, const struct topo_node *,
				     topo_emit_fn, void *),
			 struct topo_err *err)
{
	struct node_ctx c = { .t = t, .err = err };
	int i, ret = 0;

	for (i = 0; i < t->num_nodes && !ret; i++) {
		const struct topo_node *n = &t->nodes[i];

		topo_netns_name(t, n, c.ns, sizeof(c.ns));
		ret = step(t, n, node_emit, &c);
		if (!ret)
			ret = batch_run(&c.ip, c.ns, err);
	}
	free(c.ip.buf);
	return ret;
}

static int create_namespaces(struct topo *t, struct topo_err *err)
{
	char ns[64], out[OUT_LEN];
	int i, ret;

	for (i = 0; i < t->num_nodes; i++) {
		char *argv[] = { "ip", "netns", "add", ns, NULL };

		topo_netns_name(t, &t->nodes[i], ns, sizeof(ns));
		ret = run_cmd(argv, NULL, out, sizeof(out));
		if (ret) {
			topo_errf(err, "ip netns add %s: %s", ns, out);
			return ret;
		}
	}
	return 0;
}

/* Is n a queue-mode switch, or linked to one? */
static bool near_queue_switch(const struct topo *t, int n)
{
	int i, e;

	for (i = 0; i < t->num_links; i++)
		for (e = 0; e < 2; e++) {
			const struct topo_node *o = &t->nodes[t->links[i].ep[e].node];

			if ((t->links[i].ep[0].node == n || t->links[i].ep[1].node == n) &&
			    o->kind != TOPO_HOST && topo_node_mode(t, o) == CLOS_MODE_QUEUE)
				return true;
		}
	return false;
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
static int steer_flows(struct topo *t, struct topo_err *err)
{
	long ncpu = sysconf(_SC_NPROCESSORS_CONF);
	char ns[64], set[96];
	int i, ret;

	if (ncpu < 2)
		return 0;
	strcpy(set, "net.core.rps_default_mask=");
	cpus_mask(ncpu, set + strlen(set), sizeof(set) - strlen(set));
	for (i = 0; i < t->num_nodes; i++) {
		if (!near_queue_switch(t, i))
			continue;
		topo_netns_name(t, &t->nodes[i], ns, sizeof(ns));
		ret = sysctl_in_netns(ns, set);
		if (ret == -ENOENT)
			return 0;
		if (ret) {
			topo_errf(err, "%s: %s: %s", t->nodes[i].name, set, strerror(-ret));
			return ret;
		}
	}
	return 0;
}

static int create_links(struct topo *t, struct topo_err *err)
{
	struct batch b = {};
	char line[256], nsa[64], nsb[64];
	int i, ret;

	for (i = 0; i < t->num_links; i++) {
		const struct topo_link *lk = &t->links[i];
		const struct topo_node *a = &t->nodes[lk->ep[0].node];
		const struct topo_node *bn = &t->nodes[lk->ep[1].node];

		topo_netns_name(t, a, nsa, sizeof(nsa));
		topo_netns_name(t, bn, nsb, sizeof(nsb));
		snprintf(line, sizeof(line), "link add %s netns %s type veth peer name %s netns %s",
			 a->ports[lk->ep[0].port].ifname, nsa,
			 bn->ports[lk->ep[1].port].ifname, nsb);
		batch_add(&b, line);
	}
	ret = batch_run(&b, NULL, err);
	free(b.buf);
	return ret;
}

/* Hosts: an XDP_REDIRECT into their veth needs NAPI there (GRO on), TCP
 * through XDP-forwarded veths needs real checksums (tx offload off), and
 * a VLAN interface on a host must put its tag in the frame, where XDP
 * reads it, not beside it (tx VLAN offload off). */
static int tune_hosts(struct topo *t, struct topo_err *err)
{
	char ns[64], out[OUT_LEN];
	int i, ret;

	for (i = 0; i < t->num_nodes; i++) {
		const struct topo_node *n = &t->nodes[i];
		char *argv[] = { "ip", "netns", "exec", ns, "ethtool", "-K",
				 (char *)n->ports[0].ifname, "gro", "on", "tx", "off",
				 "txvlan", "off", NULL };

		if (n->kind != TOPO_HOST)
			continue;
		topo_netns_name(t, n, ns, sizeof(ns));
		ret = run_cmd(argv, NULL, out, sizeof(out));
		if (ret) {
			topo_errf(err, "%s: ethtool: %s", n->name, out);
			return ret;
		}
	}
	return 0;
}

/* A fast-mode switch XDP-redirects into its veth, and the frame reaches the
 * peer only if the peer's veth runs NAPI: an XDP program there (a fast-mode
 * switch has one) or GRO on. A queue-mode switch has no XDP program, so its
 * ports facing fast-mode switches get GRO on. */
static int tune_mixed_links(struct topo *t, struct topo_err *err)
{
	char ns[64], out[OUT_LEN];
	int i, e, ret;

	for (i = 0; i < t->num_links; i++) {
		for (e = 0; e < 2; e++) {
			const struct topo_endpoint *me = &t->links[i].ep[e];
			const struct topo_node *n = &t->nodes[me->node];
			const struct topo_node *peer = &t->nodes[t->links[i].ep[!e].node];
			char *argv[] = { "ethtool", "-K", (char *)n->ports[me->port].ifname,
					 "gro", "on", NULL };

			if (n->kind == TOPO_HOST || peer->kind == TOPO_HOST ||
			    topo_node_mode(t, n) != CLOS_MODE_QUEUE ||
			    topo_node_mode(t, peer) != CLOS_MODE_FAST)
				continue;
			topo_netns_name(t, n, ns, sizeof(ns));
			ret = clos_exec(ns, argv, NULL, out, sizeof(out));
			if (ret) {
				topo_errf(err, "%s: ethtool: %s", n->name, out);
				return ret;
			}
		}
	}
	return 0;
}

/* "IF=RATE,..." of switch n's rated ports, for clos-loader --rates. */
static void port_rates(const struct topo_node *n, char *buf, size_t len)
{
	char rate[CLOS_RATE_STRLEN];
	size_t used = 0;
	int p;

	buf[0] = '\0';
	for (p = 0; p < n->num_ports; p++) {
		if (!n->ports[p].rate_bps)
			continue;
		used += snprintf(buf + used, used < len ? len - used : 0, "%s%s=%s",
				 used ? "," : "", n->ports[p].ifname,
				 clos_fmt_rate(n->ports[p].rate_bps, rate, sizeof(rate)));
	}
}

static int attach_switches(struct topo *t, struct topo_err *err)
{
	char loader[4096], sw[CLOS_SWITCH_NAMSIZ], ns[64], ports[CLOS_MAX_PORTS * CLOS_IFNAMSIZ];
	char rates[CLOS_MAX_PORTS * (CLOS_IFNAMSIZ + CLOS_RATE_STRLEN)];
	char seed[16], out[OUT_LEN];
	int i, p, ret;

	ret = sibling_path("clos-loader", loader, sizeof(loader));
	if (ret) {
		topo_errf(err, "cannot find clos-loader: %s",
			 strerror(-ret));
		return ret;
	}
	for (i = 0; i < t->num_nodes; i++) {
		const struct topo_node *n = &t->nodes[i];
		char *argv[] = { loader, "attach", sw, "--netns", ns, "--ports", ports,
				 "--role", n->kind == TOPO_SPINE ? "spine" : "leaf",
				 "--seed", seed,
				 "--mode", (char *)topo_mode_name(topo_node_mode(t, n)),
				 "--rates", rates, NULL };
		const int rates_opt = 13;	/* argv[rates_opt] is "--rates" */

		if (n->kind == TOPO_HOST)
			continue;
		topo_switch_name(t, n, sw, sizeof(sw));
		topo_netns_name(t, n, ns, sizeof(ns));
		snprintf(seed, sizeof(seed), "%u", n->seed);
		ports[0] = '\0';
		for (p = 0; p < n->num_ports; p++) {
			if (p)
				strcat(ports, ",");
			strcat(ports, n->ports[p].ifname);
		}
		port_rates(n, rates, sizeof(rates));
		/* No rated port: no --rates (it needs at least one). */
		if (!rates[0])
			argv[rates_opt] = NULL;
		ret = run_cmd(argv, NULL, out, sizeof(out));
		if (ret) {
			topo_errf(err, "%s: clos-loader attach: %s",
				 n->name, out);
			return ret;
		}
	}
	return 0;
}

struct tables_ctx {
	struct clos_switch sw;
	struct topo_err *err;
};

static int tables_emit(void *ctx, const struct topo_node *n,
		       enum topo_line_kind kind, const char *line)
{
	struct tables_ctx *c = ctx;

	if (kind != TOPO_LINE_CLOSCTL)
		return 0;
	return topo_tables_apply(&c->sw, line, c->err);
}

static int install_tables(struct topo *t, struct topo_err *err)
{
	char name[CLOS_SWITCH_NAMSIZ];
	int i, ret = 0;

	for (i = 0; i < t->num_nodes && !ret; i++) {
		const struct topo_node *n = &t->nodes[i];
		struct tables_ctx c = { .err = err };

		if (n->kind == TOPO_HOST)
			continue;
		topo_switch_name(t, n, name, sizeof(name));
		ret = clos_switch_open(&c.sw, name);
		if (ret) {
			topo_errf(err, "switch %s: %s", name,
				 strerror(-ret));
			return ret;
		}
		ret = topo_plan_switch_tables(t, n, tables_emit, &c);
		clos_switch_close(&c.sw);
	}
	return ret;
}

static void pid_path(const char *fabric, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s.watch.pid", TOPO_RUN_DIR, fabric);
}

/* The link watcher: one clos-loader process for all switches of the
 * fabric, failing ports out of their ECMP groups. */
static int start_watcher(struct topo *t, struct topo_err *err)
{
	char loader[4096], pidfile[256], logfile[256], out[OUT_LEN];
	char *argv[4 + TOPO_MAX_NODES];
	char names[TOPO_MAX_NODES][CLOS_SWITCH_NAMSIZ];
	int i, argc = 0, ret;

	ret = sibling_path("clos-loader", loader, sizeof(loader));
	if (ret)
		return ret;
	mkdir(TOPO_RUN_DIR, 0755);
	pid_path(t->name, pidfile, sizeof(pidfile));
	snprintf(logfile, sizeof(logfile), "%s/%s.watch.log", TOPO_RUN_DIR, t->name);
	argv[argc++] = loader;
	argv[argc++] = "watch";
	argv[argc++] = "--daemon";
	argv[argc++] = pidfile;
	argv[argc++] = "--log";
	argv[argc++] = logfile;
	for (i = 0; i < t->num_nodes; i++) {
		if (t->nodes[i].kind == TOPO_HOST)
			continue;
		topo_switch_name(t, &t->nodes[i], names[i], sizeof(names[i]));
		argv[argc++] = names[i];
	}
	argv[argc] = NULL;
	ret = run_cmd(argv, NULL, out, sizeof(out));
	if (ret)
		topo_errf(err, "clos-loader watch: %s", out);
	return ret;
}

bool topo_fabric_present(const char *fabric)
{
	char prefix[64];
	struct dirent *de;
	bool found = false;
	DIR *d;

	snprintf(prefix, sizeof(prefix), "clos-%s-", fabric);
	d = opendir(CLOS_NETNS_RUN_DIR);
	if (!d)
		return false;
	while ((de = readdir(d)))
		if (!strncmp(de->d_name, prefix, strlen(prefix)))
			found = true;
	closedir(d);
	return found;
}

int topo_up(struct topo *t, struct topo_err *err)
{
	int ret;

	if (topo_fabric_present(t->name)) {
		snprintf(err->msg, sizeof(err->msg),
			 "fabric '%s' is already up (clos-topo down %s first)",
			 t->name, t->file);
		return -EEXIST;
	}
	ret = clos_bpffs_ensure();
	if (ret) {
		topo_errf(err, "cannot mount bpffs: %s",
			 strerror(-ret));
		return ret;
	}
	ret = create_namespaces(t, err);
	if (!ret)
		ret = steer_flows(t, err);
	if (!ret)
		ret = create_links(t, err);
	if (!ret)
		ret = run_plan_step(t, topo_plan_node_config, err);
	if (!ret)
		ret = run_plan_step(t, topo_plan_node_routes, err);
	if (!ret)
		ret = tune_hosts(t, err);
	if (!ret)
		ret = tune_mixed_links(t, err);
	if (!ret)
		ret = attach_switches(t, err);
	if (!ret)
		ret = install_tables(t, err);
	if (!ret)
		ret = start_watcher(t, err);
	if (ret)
		topo_down(t->name, false);
	return ret;
}

static void stop_watcher(const char *fabric, bool verbose)
{
	char pidfile[256];
	FILE *f;
	int pid = 0, i;

	pid_path(fabric, pidfile, sizeof(pidfile));
	f = fopen(pidfile, "r");
	if (!f)
		return;
	if (fscanf(f, "%d", &pid) != 1)
		pid = 0;
	fclose(f);
	if (pid > 1 && kill(pid, SIGTERM) == 0) {
		/* Give it a moment to exit before its switches go away. */
		for (i = 0; i < 50 && kill(pid, 0) == 0; i++)
			usleep(20000);
		if (verbose)
			printf("stopped link watcher (pid %d)\n", pid);
	}
	unlink(pidfile);
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

static int detach_one(const char *name, void *arg)
{
	const char *prefix = arg;
	char loader[4096], out[OUT_LEN];
	char *argv[] = { loader, "detach", (char *)name, NULL };

	if (strncmp(name, prefix, strlen(prefix)))
		return 0;
	if (sibling_path("clos-loader", loader, sizeof(loader)) == 0)
		run_cmd(argv, NULL, out, sizeof(out));
	return 0;
}

/* The names in /run/netns starting with prefix, read in full before any is
 * deleted: deleting while readdir() walks the directory can skip entries,
 * and a skipped namespace would outlive `down`. Returns how many, or -1. */
static int netns_matching(const char *prefix, char ***names)
{
	struct dirent *de;
	char **v = NULL, **nv;
	int n = 0;
	DIR *d;

	*names = NULL;
	d = opendir(CLOS_NETNS_RUN_DIR);
	if (!d)
		return errno == ENOENT ? 0 : -1;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, prefix, strlen(prefix)))
			continue;
		nv = realloc(v, (n + 1) * sizeof(*v));
		if (!nv || !(nv[n] = strdup(de->d_name))) {
			v = nv ? nv : v;
			break;
		}
		v = nv;
		n++;
	}
	closedir(d);
	*names = v;
	return n;
}

int topo_down(const char *fabric, bool verbose)
{
	char prefix[64], swprefix[64], out[OUT_LEN];
	int removed = 0, n, i;
	char **names;

	stop_watcher(fabric, verbose);
	snprintf(prefix, sizeof(prefix), "%s/%s.watch.log", TOPO_RUN_DIR, fabric);
	unlink(prefix);
	snprintf(swprefix, sizeof(swprefix), "%s-", fabric);
	clos_switch_foreach(detach_one, swprefix);

	snprintf(prefix, sizeof(prefix), "clos-%s-", fabric);
	n = netns_matching(prefix, &names);
	for (i = 0; i < n; i++) {
		char *argv[] = { "ip", "netns", "del", names[i], NULL };

		kill_netns_pids(names[i]);
		if (run_cmd(argv, NULL, out, sizeof(out)) == 0)
			removed++;
		else
			pr_warn("Warning: ip netns del %s: %s", names[i], out);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (verbose)
		printf("fabric %s: %d namespaces removed\n", fabric, removed);
	return 0;
}
