// SPDX-License-Identifier: GPL-2.0
/* closctl port show|set: port role, VLAN and state. */
#include <stdio.h>
#include <string.h>
#include "ctl.h"
#include "jsonout.h"
#include "parse_util.h"
#include "port_cfg.h"

static void port_help(void)
{
	printf("Usage: closctl port show [PORT]\n"
	       "       closctl port set PORT [ role ROLE ] [ vlan VID ] [ state STATE ]\n"
	       "       closctl port help\n"
	       "where  ROLE := { host | fabric }\n"
	       "       VID := { 1..4094 | 0 }\n"
	       "       STATE := { up | down }\n"
	       "\n"
	       "Ports are created by clos-loader; here their role, VLAN (0 = untagged)\n"
	       "and state change. A fabric port is always untagged. A port that goes\n"
	       "down leaves its ECMP groups (its flows move to the other members) and\n"
	       "comes back when it is up again.\n"
	       "Examples:\n"
	       "       closctl port set eth1 role host vlan 10\n"
	       "       closctl port set eth3 state down\n");
}

static void print_port(__u32 id, const struct clos_port *p)
{
	char mac[CLOS_MAC_STRLEN];

	jout_open_object(NULL);
	jout_uint(JOUT_ANY, "port", "%-4llu", id);
	jout_string(JOUT_ANY, "name", "  %-15.15s", p->name);
	jout_uint(JOUT_ANY, "ifindex", "  %-7llu", p->ifindex);
	jout_string(JOUT_ANY, "role", "  %-6s",
		    p->role < 2 ? clos_port_role_names[p->role] : "?");
	jout_uint(JOUT_ANY, "vlan", "  %-4llu", p->vlan);
	jout_string(JOUT_ANY, "mac", "  %s",
		    clos_fmt_mac(p->mac, mac, sizeof(mac)));
	jout_string(JOUT_ANY, "state", "  %s\n",
		    clos_port_state_names[!!p->up]);
	jout_close_object();
}

static int port_show(int argc, char **argv)
{
	struct clos_port p;
	struct clos_err err;
	__u32 id;

	if (argc > 1)
		return ctl_error("port show: unexpected argument '%s'", argv[1]);
	if (ctl_switch())
		return -1;
	jout_text("port  name             ifindex  role    vlan  mac                state\n");
	jout_open_array(NULL);
	if (argc) {
		if (clos_port_resolve(&ctl.sw, argv[0], &id, &err) ||
		    clos_port_get(&ctl.sw, id, &p))
			return ctl_error("port '%s' does not exist", argv[0]);
		print_port(id, &p);
	} else {
		for (id = 0; id < CLOS_MAX_PORTS; id++)
			if (!clos_port_get(&ctl.sw, id, &p))
				print_port(id, &p);
	}
	jout_close_array();
	return 0;
}

static int port_set(int argc, char **argv)
{
	struct clos_port_change c = {
		.role = CLOS_KEEP, .vlan = CLOS_KEEP, .up = CLOS_KEEP,
	};
	struct clos_err err, why;
	__u16 vid;
	__u32 id;
	int i, v;

	if (argc < 1)
		return ctl_error("port set: missing PORT; try 'closctl port help'");
	if (argc == 1)
		return ctl_error("port set %s: nothing to change (role, vlan or state)",
				 argv[0]);
	for (i = 1; i < argc; i += 2) {
		const char *kw = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(kw, "role") && strcmp(kw, "vlan") && strcmp(kw, "state"))
			return ctl_error("port set %s: unknown argument '%s' (want role, vlan or state)",
					 argv[0], kw);
		if (!val)
			return ctl_error("port set %s: '%s' needs a value", argv[0],
					 kw);
		if (!strcmp(kw, "role")) {
			v = clos_parse_keyword(val, clos_port_role_names, 2);
			if (v < 0)
				return ctl_error("port %s: role '%s': not one of host|fabric",
						 argv[0], val);
			if (c.role != CLOS_KEEP)
				return ctl_error("port set %s: 'role' given twice", argv[0]);
			c.role = v;
		} else if (!strcmp(kw, "vlan")) {
			if (clos_parse_vlan(val, &vid, &why))
				return ctl_error("port %s: vlan '%s': %s", argv[0],
						 val, why.msg);
			if (c.vlan != CLOS_KEEP)
				return ctl_error("port set %s: 'vlan' given twice", argv[0]);
			c.vlan = vid;
		} else {
			v = clos_parse_keyword(val, clos_port_state_names, 2);
			if (v < 0)
				return ctl_error("port %s: state '%s': not one of up|down",
						 argv[0], val);
			if (c.up != CLOS_KEEP)
				return ctl_error("port set %s: 'state' given twice", argv[0]);
			c.up = v;
		}
	}
	if (ctl_switch())
		return -1;
	if (clos_port_resolve(&ctl.sw, argv[0], &id, &err) ||
	    clos_port_update(&ctl.sw, id, &c, &err))
		return ctl_error("%s", err.msg);
	return 0;
}

int do_port(int argc, char **argv)
{
	static const struct cmd cmds[] = {
		{ "show", port_show },
		{ "set", port_set },
		{ NULL, NULL },
	};

	return cmd_select(cmds, argc, argv, "port", port_help);
}
