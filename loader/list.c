// SPDX-License-Identifier: GPL-2.0
/* clos-loader list */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "log.h"
#include "pindir.h"
#include "netns.h"
#include "rate.h"
#include "switch.h"
#include "port_hook.h"
#include "loader.h"
#include "pins.h"
#include "port_tc.h"
#include "teardown.h"

const char list_doc[] =
"\n"
"List the attached switches (pin directories under " CLOS_PIN_ROOT "/)\n"
"with their netns, role, mode, ECMP seed and ports: each port's hook as\n"
"the kernel reports it (xdp native, xdp generic, tc; none when the program\n"
"is missing; unknown when the switch's netns is the current one of another\n"
"process, i.e. attached without --netns somewhere else) and its rate.\n"
"JSON gives netns \"\" for a switch attached without --netns.\n"
"\n"
"An attach that was killed leaves its hooks written down (status\n"
"interrupted): each port with the hooks noted and what the kernel has\n"
"there now; clos-loader detach SWITCH removes them. Status attaching: an\n"
"attach (or a detach) holds the lock now; list again once it is done.\n";

/* " xdp native", " tc", " none": text; "hook" and "xdp_mode": JSON. */
static void print_hook(enum clos_port_hook h)
{
	if (clos_port_hook_is_xdp(h)) {
		jout_string(JOUT_JSON, "hook", NULL, "xdp");
		jout_string(JOUT_ANY, "xdp_mode", " xdp %s", clos_port_hook_names[h]);
	} else {
		jout_string(JOUT_ANY, "hook", " %s", clos_port_hook_names[h]);
	}
}

static int list_one(const char *name, void *arg)
{
	enum clos_port_hook hooks[CLOS_MAX_PORTS];
	struct clos_switch_cfg cfg;
	struct clos_switch sw;
	struct clos_err e;
	char rate[CLOS_RATE_STRLEN];
	struct clos_port p;
	__u32 i;
	int err;

	err = clos_switch_open(&sw, name, &e);
	if (err) {
		pr_warn("Warning: %s\n", e.msg);
		goto out;
	}
	err = clos_switch_cfg_get(&sw, &cfg);
	if (err) {
		pr_warn("Warning: switch %s: cannot read its pins: %s\n", name,
			strerror(-err));
		goto out;
	}

	cfg.netns[sizeof(cfg.netns) - 1] = '\0';
	if (clos_port_hooks(&sw, &cfg, hooks))
		pr_warn("Warning: switch %s: cannot enter netns %s to read its ports' hooks\n",
			name, cfg.netns);

	jout_open_object(NULL);
	jout_string(JOUT_ANY, "switch", "%s:", name);
	jout_string(JOUT_JSON, "status", NULL, "attached");
	jout_string(JOUT_JSON, "netns", NULL, cfg.netns);
	if (*cfg.netns)
		jout_text(" netns %s", cfg.netns);
	else
		jout_text(" current netns");
	jout_string(JOUT_ANY, "role", " role %s", loader_role_name(cfg.role));
	jout_string(JOUT_ANY, "mode", " mode %s", loader_mode_name(cfg.mode));
	jout_uint(JOUT_ANY, "seed", " seed 0x%08llx\n", cfg.seed);
	jout_open_array("ports");
	for (i = 0; i < cfg.num_ports; i++) {
		if (clos_port_get(&sw, i, &p))
			continue;
		/* The loader wrote the name; still, never trust a NUL. */
		p.name[sizeof(p.name) - 1] = '\0';
		jout_open_object(NULL);
		jout_uint(JOUT_ANY, "port", "    port %llu", i);
		jout_string(JOUT_ANY, "name", " %s", p.name);
		jout_uint(JOUT_ANY, "ifindex", " ifindex %llu", p.ifindex);
		print_hook(hooks[i]);
		jout_uint(JOUT_JSON, "rate_bps", NULL, p.rate_bps);
		if (p.rate_bps)
			jout_text(" rate %s\n", clos_fmt_rate(p.rate_bps, rate, sizeof(rate)));
		else
			jout_text(" unshaped\n");
		jout_close_object();
	}
	jout_close_array();
	jout_close_object();
out:
	clos_switch_close(&sw);
	return 0;
}

/* What the kernel has on port p of an interrupted attach now: its clos
 * hook; in queue mode without our ingress program, "tcx-egress" for our
 * egress program on tcx, or "clsact" for a clsact qdisc. Inside the
 * switch's netns. */
static const char *leftover_hook(__u8 mode, const struct clos_port *p)
{
	enum clos_port_hook h = clos_port_hook_here(mode, p);

	if (h != CLOS_HOOK_NONE || mode != CLOS_MODE_QUEUE)
		return clos_port_hook_names[h];
	if (clos_tcx_prog_id(p->ifindex, true, CLOS_TC_EGRESS_PROG, 0))
		return "tcx-egress";
	if (port_tc_has_clsact(p->ifindex) > 0)
		return "clsact";
	return clos_port_hook_names[h];
}

/* A staging directory: an attach under way, or one that was killed, with
 * the hooks its record has and what the kernel has on those ports. */
static void list_stage(const char *name, bool busy)
{
	char dir[PATH_MAX], kinds[64], where[CLOS_NETNS_NAMSIZ + 16];
	const char *hook[CLOS_MAX_PORTS];
	struct pinned_switch ps;
	struct clos_err why;
	int saved = -1;
	__u32 i;

	if (pins_stage_path(dir, sizeof(dir), name))
		return;
	if (switch_read_pins(dir, &ps, &why)) {
		pr_warn("Warning: %s: %s\n", dir, why.msg);
		return;
	}
	for (i = 0; i < CLOS_MAX_PORTS; i++)
		hook[i] = clos_port_hook_names[CLOS_HOOK_UNKNOWN];
	if (ps.have_cfg && clos_netns_exists(ps.cfg.netns) &&
	    !clos_netns_enter(ps.cfg.netns, &saved)) {
		for (i = 0; i < CLOS_MAX_PORTS; i++)
			if (ps.ports[i].ifindex)
				hook[i] = leftover_hook(ps.cfg.mode, &ps.ports[i]);
		clos_netns_leave(saved);
	}

	jout_open_object(NULL);
	jout_string(JOUT_ANY, "switch", "%s:", name);
	jout_string(JOUT_ANY, "status", " %s attach", busy ? "attaching" : "interrupted");
	jout_string(JOUT_JSON, "netns", NULL, ps.cfg.netns);
	if (ps.have_cfg) {
		jout_text(" in %s", clos_netns_desc(ps.cfg.netns, where, sizeof(where)));
		jout_string(JOUT_ANY, "mode", ", mode %s", loader_mode_name(ps.cfg.mode));
	}
	if (!busy)
		jout_text("; clos-loader detach %s removes what it left", name);
	jout_text("\n");
	jout_open_array("ports");
	for (i = 0; i < CLOS_MAX_PORTS; i++) {
		struct clos_port *p = &ps.ports[i];

		if (!p->ifindex)
			continue;
		p->name[sizeof(p->name) - 1] = '\0';
		jout_open_object(NULL);
		jout_uint(JOUT_ANY, "port", "    port %llu", i);
		jout_string(JOUT_ANY, "name", " %s", p->name);
		jout_uint(JOUT_ANY, "ifindex", " ifindex %llu", p->ifindex);
		jout_string(JOUT_ANY, "noted", " noted %s",
			    ps.have_hooks ? hooks_kinds_str(ps.hooks[i].kinds, kinds, sizeof(kinds))
					  : "unknown");
		jout_string(JOUT_ANY, "hook", ", hook now %s\n", hook[i]);
		jout_close_object();
	}
	jout_close_array();
	jout_close_object();
}

/* ".", "..", and nothing of ours are not staged switches. */
static bool is_switch_name(const char *name)
{
	const char *bad;

	return !clos_switch_name_check(name, &bad);
}

static int list_stages(struct clos_err *why)
{
	char *names[256];
	int n, i, fd;
	bool busy;

	/* Only a staging root no other user may write (lib/switch/pindir.h). */
	fd = clos_pin_dir_open(AT_FDCWD, CLOS_PIN_STAGE_ROOT, CLOS_PIN_STAGE_ROOT, why);
	if (fd == -ENOENT)
		return 0;
	if (fd < 0)
		return fd;
	n = clos_pin_dir_names(fd, CLOS_PIN_STAGE_ROOT, is_switch_name, names,
			       sizeof(names) / sizeof(names[0]), why);
	if (n < 0)
		return n;
	/* With no one holding the lock no attach runs: what is staged was
	 * left by one that died. */
	busy = n && pins_busy();
	for (i = 0; i < n; i++) {
		list_stage(names[i], busy);
		free(names[i]);
	}
	return 0;
}

int cmd_list(int argc, char **argv)
{
	struct clos_err e;
	int err;

	if (argc) {
		jout_error("list takes no arguments (see clos-loader list --help)");
		return EXIT_USAGE;
	}
	err = clos_bpffs_ensure();
	if (err) {
		jout_error("cannot mount a bpffs at %s: %s", CLOS_BPFFS, strerror(-err));
		return 1;
	}
	jout_open_array(NULL);
	err = clos_switch_foreach(list_one, NULL, &e);
	if (!err)
		err = list_stages(&e);
	jout_close_array();
	if (err) {
		jout_error("cannot list switches: %s", e.msg);
		return 1;
	}
	return 0;
}
