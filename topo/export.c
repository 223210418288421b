// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "clab.h"
#include "export.h"
#include "frr_conf.h"
#include "plan.h"
#include "rate.h"
#include "routing.h"
#include "switch.h"
#include "words.h"

/* Where a bgp fabric's FRR files go: a directory beside the topology. */
struct export_dirs {
	char abs[PATH_MAX];	/* as export writes it */
	char rel[NAME_MAX + 1];	/* as the topology's binds name it */
};

/* A YAML double-quoted scalar: any text, control bytes escaped. */
static void yaml_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* Can word go bare into an exec line (containerlab splits it as sh does)? */
static bool plain_word(const char *w)
{
	if (!*w)
		return false;
	for (; *w; w++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789._/:=,@+-%", *w))
			return false;
	return true;
}

/* One exec line, built a word at a time. */
struct exec_line {
	char buf[4096];
	size_t len;
	bool overflow;
};

static void line_word(struct exec_line *x, const char *w)
{
	char q[CLOS_QUOTED_LEN(256)];
	const char *s = plain_word(w) ? w : clos_quote_word(w, q, sizeof(q));
	int n;

	if (!s) {
		x->overflow = true;
		return;
	}
	n = snprintf(x->buf + x->len, sizeof(x->buf) - x->len, "%s%s",
		     x->len ? " " : "", s);
	if (n < 0 || (size_t)n >= sizeof(x->buf) - x->len)
		x->overflow = true;
	else
		x->len += n;
}

static int line_emit(FILE *f, struct exec_line *x, struct clos_err *err)
{
	if (x->overflow)
		return clos_err_set(err, -E2BIG, "an exec line is longer than %zu bytes",
				    sizeof(x->buf));
	fputs("        - ", f);
	yaml_str(f, x->buf);
	fputc('\n', f);
	x->len = 0;
	x->buf[0] = '\0';
	return 0;
}

/* An exec line of words (NULL-terminated). */
static int exec_words(FILE *f, char *const *words, struct clos_err *err)
{
	struct exec_line x = {};

	for (; *words; words++)
		line_word(&x, *words);
	return line_emit(f, &x, err);
}

/* Sysctls, addresses and MACs, kernel routes: what clos-topo up runs in
 * the node's namespace (fabric.c), from the same plan. */
static int exec_node_config(FILE *f, const struct topo *t,
			    const struct topo_node *n, struct clos_err *err)
{
	const char *const *lists[] = { topo_plan_early_sysctls(t, n),
				       topo_plan_sysctls(t, n) };
	struct topo_cmds ip = {};
	struct exec_line x = {};
	char **w;
	size_t i;
	int ret = 0;

	for (i = 0; i < sizeof(lists) / sizeof(lists[0]) && !ret; i++) {
		const char *const *s;

		for (s = lists[i]; *s && !ret; s++) {
			line_word(&x, "sysctl");
			line_word(&x, "-w");
			line_word(&x, *s);
			ret = line_emit(f, &x, err);
		}
	}
	topo_plan_ip_config(t, n, &ip);
	topo_plan_ip_routes(t, n, &ip);
	if (ip.err && !ret)
		ret = clos_err_set(err, ip.err, "out of memory");
	for (w = topo_cmd_next(&ip, NULL); w && !ret; w = topo_cmd_next(&ip, w)) {
		char **word;

		line_word(&x, "ip");
		for (word = w; *word; word++)
			line_word(&x, *word);
		ret = line_emit(f, &x, err);
	}
	topo_cmds_free(&ip);
	return ret;
}

/*
 * Offloads, as clos-topo up sets them (fabric.c): a host's port takes XDP
 * redirects with GRO on and sends real checksums and VLAN tags; a
 * queue-mode switch's port that faces a fast-mode switch has GRO on.
 */
static int exec_offloads(FILE *f, const struct topo *t, const struct topo_node *n,
			 struct clos_err *err)
{
	int p, ret = 0;

	if (!topo_is_switch(n)) {
		char *argv[] = { "ethtool", "-K", (char *)n->ports[0].ifname, "gro",
				 "on", "tx", "off", "txvlan", "off", NULL };

		return exec_words(f, argv, err);
	}
	for (p = 0; p < n->num_ports && !ret; p++) {
		const struct topo_node *peer = topo_peer(t, &n->ports[p]);
		char *argv[] = { "ethtool", "-K", (char *)n->ports[p].ifname, "gro",
				 "on", NULL };

		if (topo_is_switch(peer) && topo_node_mode(t, n) == CLOS_MODE_QUEUE &&
		    topo_node_mode(t, peer) == CLOS_MODE_FAST)
			ret = exec_words(f, argv, err);
	}
	return ret;
}

/*
 * routing bgp: FRR's daemons as the image installs them (user frr), each
 * with its configuration from the files export wrote beside the topology
 * (bound to TOPO_CLAB_FRR_DIR), then clos-fibsync in the background, which
 * fills the tables from the FIB zebra writes (no link watcher: it follows
 * the links itself).
 */
static int exec_routing(FILE *f, const char *sw, struct clos_err *err)
{
	char bin[96], conf[96], pid[96], bg[256];
	char *mkdir_run[] = { "mkdir", "-p", "/run/frr", NULL };
	char *chown_run[] = { "chown", "frr:frr", "/run/frr", NULL };
	char *fibsync[] = { "sh", "-c", bg, NULL };
	int d, ret;

	ret = exec_words(f, mkdir_run, err);
	if (!ret)
		ret = exec_words(f, chown_run, err);
	for (d = 0; d < TOPO_FRR_DAEMONS && !ret; d++) {
		const char *name = topo_frr_daemon_name(d);
		char *argv[] = { bin, "-d", "-P", "0", "-i", pid, "-f", conf, NULL };

		snprintf(bin, sizeof(bin), "%s/%s", TOPO_FRR_SBIN, name);
		snprintf(pid, sizeof(pid), "/run/frr/%s.pid", name);
		snprintf(conf, sizeof(conf), "%s/%s.conf", TOPO_CLAB_FRR_DIR, name);
		ret = exec_words(f, argv, err);
	}
	/* A background process needs a shell; the switch's name is plain. */
	snprintf(bg, sizeof(bg), "clos-fibsync %s >/var/log/clos-fibsync.log 2>&1 &", sw);
	return ret ? ret : exec_words(f, fibsync, err);
}

/* clos-loader attach in the container's own namespace, then the tables
 * (each closctl batch line as its own closctl command: the batch's
 * quoting is sh's, as containerlab's splitting of exec lines is), then
 * the link watcher. */
static int exec_switch(FILE *f, const struct topo *t, const struct topo_node *n,
		       struct clos_err *err)
{
	char sw[CLOS_SWITCH_NAMSIZ], seed[16], rate[CLOS_RATE_STRLEN];
	char ratearg[CLOS_IFNAMSIZ + CLOS_RATE_STRLEN + 1];
	struct topo_text batch = {};
	struct exec_line x = {};
	char *line, *end;
	int p, ret;

	topo_switch_name(t, n, sw, sizeof(sw));
	snprintf(seed, sizeof(seed), "%u", n->seed);
	line_word(&x, "clos-loader");
	line_word(&x, "attach");
	line_word(&x, sw);
	line_word(&x, "--role");
	line_word(&x, n->kind == TOPO_SPINE ? "spine" : "leaf");
	line_word(&x, "--seed");
	line_word(&x, seed);
	line_word(&x, "--mode");
	line_word(&x, topo_mode_name(topo_node_mode(t, n)));
	for (p = 0; p < n->num_ports; p++) {
		line_word(&x, "--port");
		line_word(&x, n->ports[p].ifname);
	}
	for (p = 0; p < n->num_ports; p++) {
		if (!n->ports[p].rate_bps)
			continue;
		snprintf(ratearg, sizeof(ratearg), "%s=%s", n->ports[p].ifname,
			 clos_fmt_rate(n->ports[p].rate_bps, rate, sizeof(rate)));
		line_word(&x, "--rate");
		line_word(&x, ratearg);
	}
	ret = line_emit(f, &x, err);
	if (ret)
		return ret;

	topo_plan_tables(t, n, &batch);
	if (batch.err)
		return clos_err_set(err, batch.err, "out of memory");
	for (line = batch.buf; line && *line && !ret; line = end + 1) {
		end = strchr(line, '\n');
		*end = '\0';
		line_word(&x, "closctl");
		line_word(&x, "-s");
		line_word(&x, sw);
		/* Already words as closctl splits them: appended as they are. */
		if (x.len + 1 + strlen(line) >= sizeof(x.buf))
			x.overflow = true;
		else
			x.len += sprintf(x.buf + x.len, " %s", line);
		ret = line_emit(f, &x, err);
	}
	topo_text_free(&batch);
	if (ret)
		return ret;
	if (t->routing == TOPO_ROUTING_BGP)
		return exec_routing(f, sw, err);
	line_word(&x, "clos-loader");
	line_word(&x, "watch");
	line_word(&x, "--daemon");
	line_word(&x, "/run/clos-watch.pid");
	line_word(&x, "--log");
	line_word(&x, "/run/clos-watch.log");
	line_word(&x, sw);
	return line_emit(f, &x, err);
}

/* dir/node/daemon.conf for every daemon of switch n, readable by the
 * container's user frr. */
static int write_frr_files(const struct topo *t, const struct topo_node *n,
			   const char *dir, struct clos_err *err)
{
	char path[PATH_MAX + TOPO_NODE_NAME_MAX + 32], log[96];
	struct topo_text text = {};
	int d, ret = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, n->name);
	if (mkdir(path, 0755) && errno != EEXIST)
		return clos_err_set(err, -errno, "%s: %s", path, strerror(errno));
	for (d = 0; d < TOPO_FRR_DAEMONS && !ret; d++) {
		snprintf(path, sizeof(path), "%s/%s/%s.conf", dir, n->name,
			 topo_frr_daemon_name(d));
		snprintf(log, sizeof(log), "/var/log/frr/%s.log", topo_frr_daemon_name(d));
		topo_text_reset(&text);
		topo_frr_conf(t, n, d, log, &text);
		if (text.err) {
			ret = clos_err_set(err, text.err, "out of memory");
			break;
		}
		f = fopen(path, "we");
		if (!f || fwrite(text.buf, 1, text.len, f) != text.len)
			ret = clos_err_set(err, -errno, "%s: %s", path, strerror(errno));
		if (f && fclose(f) && !ret)
			ret = clos_err_set(err, -errno, "%s: %s", path, strerror(errno));
	}
	topo_text_free(&text);
	return ret;
}

static int write_node(FILE *f, const struct topo *t, const struct topo_node *n,
		      const struct export_dirs *dirs, struct clos_err *err)
{
	char tier[24], bind[PATH_MAX + 64];
	bool sw = topo_is_switch(n);
	int ret;

	fprintf(f, "    %s:\n", n->name);
	fprintf(f, "      kind: linux\n");
	fprintf(f, "      network-mode: none\n");
	fprintf(f, "      labels:\n");
	fprintf(f, "        %s: %s\n", TOPO_CLAB_ROLE_LABEL, sw ? "switch" : "host");
	if (sw) {
		fprintf(f, "        %s: %s\n", TOPO_CLAB_MODE_LABEL,
			topo_mode_name(topo_node_mode(t, n)));
		fprintf(f, "        clos-tier: %s\n", topo_tier_name(n, tier, sizeof(tier)));
		if (t->routing == TOPO_ROUTING_BGP)
			fprintf(f, "        %s: bgp\n", TOPO_CLAB_ROUTING_LABEL);
		fprintf(f, "      binds:\n");
		fprintf(f, "        - %s:%s\n", TOPO_CLAB_BPFFS, TOPO_CLAB_BPFFS);
		if (t->routing == TOPO_ROUTING_BGP) {
			/* Relative to the topology file, as containerlab
			 * takes binds. */
			fprintf(f, "        - ");
			snprintf(bind, sizeof(bind), "%s/%s:%s:ro", dirs->rel, n->name,
				 TOPO_CLAB_FRR_DIR);
			yaml_str(f, bind);
			fputc('\n', f);
			ret = write_frr_files(t, n, dirs->abs, err);
			if (ret)
				return ret;
		}
	}
	fprintf(f, "      exec:\n");
	ret = exec_node_config(f, t, n, err);
	if (!ret)
		ret = exec_offloads(f, t, n, err);
	if (!ret && sw)
		ret = exec_switch(f, t, n, err);
	return ret;
}

static int write_topology(FILE *f, const struct topo *t, const char *image,
			  const struct export_dirs *dirs, struct clos_err *err)
{
	char a[TOPO_NODE_NAME_MAX + CLOS_IFNAMSIZ + 1], rate[CLOS_RATE_STRLEN];
	int i, e, ret = 0;

	fprintf(f, "# The clos fabric %s of %s as a containerlab topology, written by\n"
		"# clos-topo export: switches are linux containers that run clos-loader\n"
		"# on their interfaces, hosts plain linux containers (docs/fabric.md).\n",
		t->name, t->file);
	fprintf(f, "name: %s\n", t->name);
	fprintf(f, "topology:\n");
	fprintf(f, "  kinds:\n");
	fprintf(f, "    linux:\n");
	fprintf(f, "      image: ");
	yaml_str(f, image);
	fprintf(f, "\n");
	fprintf(f, "  nodes:\n");
	for (i = 0; i < t->num_nodes && !ret; i++)
		ret = write_node(f, t, &t->nodes[i], dirs, err);
	if (ret)
		return ret;
	fprintf(f, "  links:\n");
	for (i = 0; i < t->num_links; i++) {
		fprintf(f, "    - endpoints: [");
		for (e = 0; e < 2; e++) {
			snprintf(a, sizeof(a), "%s:%s", topo_end_node(t, &t->links[i], e)->name,
				 topo_end_port(t, &t->links[i], e)->ifname);
			yaml_str(f, a);
			fprintf(f, e ? "]\n" : ", ");
		}
		/* The rate clos-topo gives the link, read back by clab.c. */
		fprintf(f, "      vars: {%s: %s}\n", TOPO_CLAB_RATE_VAR,
			clos_fmt_rate(topo_end_port(t, &t->links[i], 0)->rate_bps,
				      rate, sizeof(rate)));
	}
	return 0;
}

/* routing bgp: OUT.frr/ beside OUT holds a directory of FRR files per
 * switch; dirs->rel is its name as the topology binds it. */
static int frr_dirs(const char *path, struct export_dirs *dirs,
		    struct clos_err *err)
{
	char copy[PATH_MAX];

	if (!strcmp(path, "-"))
		return clos_err_set(err, -EINVAL, "a bgp fabric's export writes FRR's "
				    "files beside it: --containerlab needs a file, not -");
	snprintf(dirs->abs, sizeof(dirs->abs), "%s.frr", path);
	snprintf(copy, sizeof(copy), "%s", dirs->abs);
	snprintf(dirs->rel, sizeof(dirs->rel), "%s", basename(copy));
	if (mkdir(dirs->abs, 0755) && errno != EEXIST)
		return clos_err_set(err, -errno, "%s: %s", dirs->abs, strerror(errno));
	return 0;
}

int topo_export_clab(const struct topo *t, const char *path, const char *image,
		     struct clos_err *err)
{
	bool out = !strcmp(path, "-");
	struct export_dirs dirs = {};
	FILE *f;
	int ret;

	if (t->routing == TOPO_ROUTING_BGP && (ret = frr_dirs(path, &dirs, err)))
		return ret;
	f = out ? stdout : fopen(path, "we");
	if (!f)
		return clos_err_set(err, -errno, "%s: %s", path, strerror(errno));
	ret = write_topology(f, t, image ? image : TOPO_CLAB_IMAGE, &dirs, err);
	if (fflush(f) && !ret)
		ret = clos_err_set(err, -errno, "%s: %s", path, strerror(errno));
	if (!out && fclose(f) && !ret)
		ret = clos_err_set(err, -errno, "%s: %s", path, strerror(errno));
	return ret;
}
