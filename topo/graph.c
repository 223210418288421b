// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include "graph.h"
#include "netns.h"
#include "rate.h"
#include "run.h"
#include "switch.h"

/* The rows, bottom to top. A node's tier is where its kind stands in the
 * fabric: hosts, then the switches above them tier by tier. */
static int tier_of(const struct topo_node *n)
{
	switch (n->kind) {
	case TOPO_HOST:
		return 0;
	case TOPO_LEAF:
		return 1;
	case TOPO_SPINE:
		return 2;
	}
	return 0;
}

#define MAX_TIERS	8

static const char *tier_name(int tier, char *buf, size_t len)
{
	static const char *const names[] = { "hosts", "leaves", "spines", "superspines" };

	if (tier < 4)
		return names[tier];
	snprintf(buf, len, "tier %d", tier);
	return buf;
}

static const char *const fill[MAX_TIERS] = {
	"#f3f3f3", "#d9ead3", "#cfe2f3", "#fff2cc", "#f4cccc",
	"#d9d2e9", "#fce5cd", "#d0e0e3",
};

enum link_state {
	LINK_UNKNOWN,		/* a namespace of the fabric is missing */
	LINK_UP,
	LINK_DOWN,
};

static const char *const state_names[] = { "unknown", "up", "down" };

struct link_info {
	enum link_state state;
	/* stats: packets from end e into the link, drops at switch ends */
	bool counted[2];
	unsigned long long packets[2];
	unsigned long long drops;
};

/* Is ifname up and running (carrier: the veth's peer is up too) in
 * node n's namespace? -ENOENT when the namespace or interface is missing. */
static int if_running(const struct topo *t, const struct topo_node *n,
		      const char *ifname, bool *running)
{
	char ns[TOPO_NETNS_STRLEN];
	struct ifreq ifr = {};
	int saved, fd, err = 0;

	topo_netns_name(t, n, ns, sizeof(ns));
	if (!clos_netns_exists(ns))
		return -ENOENT;
	err = clos_netns_enter(ns, &saved);
	if (err)
		return err;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		err = -errno;
	clos_netns_leave(saved);
	if (err)
		return err;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr))
		err = errno == ENODEV ? -ENOENT : -errno;
	else
		*running = (ifr.ifr_flags & IFF_UP) && (ifr.ifr_flags & IFF_RUNNING);
	close(fd);
	return err;
}

static enum link_state link_state(const struct topo *t, const struct topo_link *lk)
{
	bool running[2];
	int e;

	for (e = 0; e < 2; e++)
		if (if_running(t, topo_end_node(t, lk, e), topo_end_port(t, lk, e)->ifname,
			       &running[e]))
			return LINK_UNKNOWN;
	return running[0] && running[1] ? LINK_UP : LINK_DOWN;
}

/* The port counters of end e's switch (closctl stats reads them alike). */
static int end_counters(const struct topo *t, const struct topo_link *lk, int e,
			struct clos_port_stats *ps, struct clos_err *err)
{
	const struct topo_node *n = topo_end_node(t, lk, e);
	const char *ifname = topo_end_port(t, lk, e)->ifname;
	char name[CLOS_SWITCH_NAMSIZ];
	struct clos_switch sw;
	struct clos_port p;
	__u32 id;
	int ret;

	topo_switch_name(t, n, name, sizeof(name));
	ret = clos_switch_open(&sw, name, err);
	if (ret)
		return ret;
	ret = clos_port_by_name(&sw, ifname, &id, &p);
	if (ret)
		clos_err_set(err, ret, "switch %s has no port %s", name, ifname);
	else if ((ret = clos_percpu_sum(&sw, CLOS_MAP_PORT_STATS, id, ps, sizeof(*ps))))
		clos_err_set(err, ret, "switch %s port %s: cannot read its counters: %s",
			     name, ifname, strerror(-ret));
	clos_switch_close(&sw);
	return ret;
}

/* Packets each way and drops of link lk: what a switch end sent into it
 * (tx), or, at a host's end, what the switch at the other end received
 * (rx); drops are what came in over the link and a switch at its end
 * dropped (the port's drop counter). */
static int link_counters(const struct topo *t, const struct topo_link *lk,
			 struct link_info *li, struct clos_err *err)
{
	struct clos_port_stats ps[2];
	bool sw[2];
	int e, ret;

	for (e = 0; e < 2; e++) {
		sw[e] = topo_is_switch(topo_end_node(t, lk, e));
		if (sw[e] && (ret = end_counters(t, lk, e, &ps[e], err)))
			return ret;
	}
	for (e = 0; e < 2; e++) {
		li->counted[e] = sw[e] || sw[!e];
		if (sw[e])
			li->packets[e] = ps[e].tx.packets;
		else if (sw[!e])
			li->packets[e] = ps[!e].rx.packets;
		if (sw[e])
			li->drops += ps[e].drop.packets;
	}
	return 0;
}

/* A DOT ID: quoted, with quotes and backslashes escaped. */
static void put_id(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void put_node(FILE *f, const struct topo *t, const struct topo_node *n)
{
	char sw[CLOS_SWITCH_NAMSIZ];
	int tier = tier_of(n);

	fprintf(f, "\t\t");
	put_id(f, n->name);
	fprintf(f, " [shape=%s, fillcolor=\"%s\", clos_kind=\"%s\", clos_tier=%d",
		topo_is_switch(n) ? "box" : "ellipse", fill[tier % MAX_TIERS],
		topo_kind_name(n->kind), tier);
	if (topo_is_switch(n)) {
		topo_switch_name(t, n, sw, sizeof(sw));
		fprintf(f, ", clos_switch=");
		put_id(f, sw);
	}
	fprintf(f, "];\n");
}

/* Edges go from the upper tier to the lower: dot ranks an edge's tail
 * above its head, so the rows stay in order. */
static void put_link(FILE *f, const struct topo *t, const struct topo_link *lk,
		     const struct link_info *li, bool stats)
{
	static const char *const color[] = { "gray50", "darkgreen", "red" };
	static const char *const style[] = { "dotted", "solid", "dashed" };
	int top = tier_of(topo_end_node(t, lk, 0)) >= tier_of(topo_end_node(t, lk, 1)) ? 0 : 1;
	const struct topo_port *pt = topo_end_port(t, lk, top), *pb = topo_end_port(t, lk, !top);
	/* The link's rate as planned: its own, else its kind's default. */
	unsigned long long rate_bps = pt->rate_bps;
	char rate[CLOS_RATE_STRLEN];

	clos_fmt_rate(rate_bps, rate, sizeof(rate));
	fprintf(f, "\t");
	put_id(f, topo_end_node(t, lk, top)->name);
	fprintf(f, " -- ");
	put_id(f, topo_end_node(t, lk, !top)->name);
	fprintf(f, " [taillabel=");
	put_id(f, pt->ifname);
	fprintf(f, ", headlabel=");
	put_id(f, pb->ifname);
	fprintf(f, ", color=%s, style=%s, label=\"%s %s", color[li->state],
		style[li->state], rate, state_names[li->state]);
	if (stats)
		fprintf(f, "\\n\xe2\x86\x93 %llu \xe2\x86\x91 %llu pkts\\n%llu drops",
			li->packets[top], li->packets[!top], li->drops);
	fprintf(f, "\", clos_state=\"%s\", clos_rate_bps=%llu", state_names[li->state],
		rate_bps);
	/* down: from the upper node to the lower; up: the other way. */
	if (stats)
		fprintf(f, ", clos_packets_down=%llu, clos_packets_up=%llu, clos_drops=%llu",
			li->packets[top], li->packets[!top], li->drops);
	fprintf(f, "];\n");
}

static int write_dot(FILE *f, const struct topo *t, bool stats, struct clos_err *err)
{
	static struct link_info info[TOPO_MAX_LINKS];
	char name[16];
	int i, tier, top = 0, ret, up = 0, down = 0, unknown = 0;

	for (i = 0; i < t->num_links; i++) {
		info[i] = (struct link_info){ .state = link_state(t, &t->links[i]) };
		up += info[i].state == LINK_UP;
		down += info[i].state == LINK_DOWN;
		unknown += info[i].state == LINK_UNKNOWN;
		if (stats && (ret = link_counters(t, &t->links[i], &info[i], err)))
			return clos_err_set(err, ret, "--stats: %s (is fabric %s up?)",
					    err->msg, t->name);
	}
	for (i = 0; i < t->num_nodes; i++)
		if (tier_of(&t->nodes[i]) > top)
			top = tier_of(&t->nodes[i]);

	fprintf(f, "graph ");
	put_id(f, t->name);
	fprintf(f, " {\n\tgraph [label=\"fabric %s: %d nodes, %d links (%d up, %d down, "
		"%d unknown)%s\", labelloc=t, fontname=\"Helvetica\", ranksep=1.2, "
		"nodesep=0.3];\n", t->name, t->num_nodes, t->num_links, up, down, unknown,
		stats ? "\\nlinks: packets down and up, drops at the switch ends" : "");
	fprintf(f, "\tnode [style=filled, fontname=\"Helvetica\", fontsize=11];\n"
		   "\tedge [fontname=\"Helvetica\", fontsize=8, labelfontsize=8];\n");
	/* One row per tier, the top tier first. */
	for (tier = top; tier >= 0; tier--) {
		fprintf(f, "\tsubgraph \"tier%d\" {\n\t\trank=%s;\n", tier,
			tier == top ? "min" : tier == 0 ? "max" : "same");
		fprintf(f, "\t\t\"tier%d label\" [shape=plaintext, style=\"\", label=\"%s\"];\n",
			tier, tier_name(tier, name, sizeof(name)));
		for (i = 0; i < t->num_nodes; i++)
			if (tier_of(&t->nodes[i]) == tier)
				put_node(f, t, &t->nodes[i]);
		/* Invisible flat edges keep the row in the file's order, its
		 * name first. */
		fprintf(f, "\t\t\"tier%d label\"", tier);
		for (i = 0; i < t->num_nodes; i++)
			if (tier_of(&t->nodes[i]) == tier) {
				fprintf(f, " -- ");
				put_id(f, t->nodes[i].name);
			}
		fprintf(f, " [style=invis];\n\t}\n");
	}
	/* The row names in a column at the left, in order. */
	for (tier = top; tier > 0; tier--)
		fprintf(f, "\t\"tier%d label\" -- \"tier%d label\" [style=invis];\n",
			tier, tier - 1);
	for (i = 0; i < t->num_links; i++)
		put_link(f, t, &t->links[i], &info[i], stats);
	fprintf(f, "}\n");
	return ferror(f) ? -EIO : 0;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && !strcmp(s + n - m, suffix);
}

int topo_graph(const struct topo *t, bool stats, const char *out, struct clos_err *err)
{
	char *text = NULL, msg[1024];
	size_t len = 0;
	FILE *f;
	int ret;

	if (strcmp(out, "-") && !ends_with(out, ".dot") && !ends_with(out, ".svg"))
		return clos_err_set(err, -EINVAL, "-o '%s': want FILE.svg, FILE.dot or - "
				    "(DOT on stdout)", out);
	f = open_memstream(&text, &len);
	if (!f)
		return clos_err_set(err, -errno, "out of memory");
	ret = write_dot(f, t, stats, err);
	if (fclose(f) && !ret)
		ret = clos_err_set(err, -EIO, "out of memory");
	if (ret)
		goto out;
	if (!strcmp(out, "-")) {
		if (fwrite(text, 1, len, stdout) != len || fflush(stdout))
			ret = clos_err_set(err, -EIO, "cannot write the graph: %s",
					   strerror(errno));
	} else if (ends_with(out, ".dot")) {
		f = fopen(out, "w");
		if (!f) {
			ret = clos_err_set(err, -errno, "-o %s: %s", out, strerror(errno));
			goto out;
		}
		if (fwrite(text, 1, len, f) != len)
			ret = -EIO;
		if (fclose(f))
			ret = -EIO;
		if (ret)
			clos_err_set(err, ret, "-o %s: cannot write it", out);
	} else {
		char *argv[] = { "dot", "-Tsvg", "-o", (char *)out, NULL };

		if (run_cmd(argv, text, msg, sizeof(msg)))
			ret = clos_err_set(err, -ECHILD, "dot -Tsvg -o %s: %s", out,
					   msg[0] ? msg : "failed (is graphviz installed?)");
	}
out:
	free(text);
	return ret;
}
