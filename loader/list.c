// SPDX-License-Identifier: GPL-2.0
/* clos-loader list */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "log.h"
#include "rate.h"
#include "switch.h"
#include "port_hook.h"
#include "loader.h"

const char list_doc[] =
"\n"
"List the attached switches (pin directories under " CLOS_PIN_ROOT "/)\n"
"with their netns, role, mode, ECMP seed and ports: each port's hook as\n"
"the kernel reports it (xdp native, xdp generic, tc; none when the program\n"
"is missing; unknown when the switch's netns is the current one of another\n"
"process, i.e. attached without --netns somewhere else) and its rate.\n"
"JSON gives netns \"\" for a switch attached without --netns.\n";

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
	jout_close_array();
	if (err) {
		jout_error("cannot list switches: %s", e.msg);
		return 1;
	}
	return 0;
}
