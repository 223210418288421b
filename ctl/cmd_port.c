// SPDX-License-Identifier: GPL-2.0
/* closctl port show|set: port role, VLAN, state, trust mode, rate and punt
 * policer. */
#include <stdio.h>
#include <string.h>
#include "ctl.h"
#include "jsonout.h"
#include "parse_util.h"
#include "port_cfg.h"
#include "port_hook.h"
#include "punt_police.h"
#include "rate.h"

void port_doc(FILE *f)
{
	fprintf(f, "where  ROLE := { host | fabric }\n"
	           "       VID := { 1..4094 | 0 }\n"
	           "       STATE := { up | down }\n"
	           "       TRUST := { pcp | dscp }\n"
	           "       RATE := { 0 | NUMBER[UNIT] }   UNIT := { bit | kbit | mbit | gbit | tbit |\n"
	           "                                             k | m | g | t }\n"
	           "       (0: unshaped; else 8kbit to 1tbit)\n"
	           "       PPS := { 0 | 1..%u }   BURST := { 1..%u }\n"
	           "\n"
	           "Ports are created by clos-loader; here their role, VLAN (0 = untagged)\n"
	           "and state change. A fabric port is always untagged. A port that goes\n"
	           "down leaves its ECMP groups (its flows move to the other members) and\n"
	           "comes back when it is up again.\n"
	           "trust says how frames received on the port are classified: pcp (the\n"
	           "default) takes the 802.1Q PCP of tagged frames and the DSCP of the\n"
	           "others, dscp takes the DSCP of every IP packet (closctl qos show).\n"
	           "rate is the port's egress rate in bit/s (decimal units, up to 1tbit;\n"
	           "0 = unshaped): the rate the traffic manager's model drains the port's\n"
	           "queues at, and in queue mode the rate of its HTB qdisc. Setting it\n"
	           "puts the port's ECN/WRED profiles back to the defaults for that rate\n"
	           "(closctl queue show -v). JSON gives rate_bps in bit/s.\n"
	           "hook is where the port runs the switch, as the kernel says: xdp native\n"
	           "(in the driver), xdp generic (on the skb, for drivers without XDP), tc\n"
	           "(queue mode); none when the program is missing, unknown when the port\n"
	           "is not in the netns closctl runs in (a switch attached without --netns\n"
	           "is looked up in the current one).\n"
	           "punt-rate and punt-burst police what the port sends to the switch's\n"
	           "kernel (ARP, ND, TTL expiry, multicast, its own addresses, kernel\n"
	           "routes): a token bucket of punt-burst packets refilled at punt-rate\n"
	           "packets/s (0 = unlimited; default %u/s, burst %u). A punt that finds\n"
	           "the bucket empty is dropped and counted (drop_punt_policed, and the\n"
	           "port's policed). JSON gives punt_rate_pps, punt_burst, punt_policed.\n"
	           "Examples:\n"
	           "       closctl port set eth1 role host vlan 10\n"
	           "       closctl port set eth3 state down\n"
	           "       closctl port set eth1 rate 100mbit trust dscp\n"
	           "       closctl port set eth1 punt-rate 500 punt-burst 50\n",
	        CLOS_PUNT_RATE_MAX, CLOS_PUNT_BURST_MAX, CLOS_PUNT_RATE_DEFAULT,
	        CLOS_PUNT_BURST_DEFAULT);
}

static void print_port(__u32 id, const struct clos_port *p, enum clos_port_hook hook,
		       const struct clos_punt_police *pp)
{
	char mac[CLOS_MAC_STRLEN], rate[CLOS_RATE_STRLEN], punt[32];

	jout_open_object(NULL);
	jout_uint(JOUT_ANY, "port", "%-4llu", id);
	jout_string(JOUT_ANY, "name", "  %-15.15s", p->name);
	jout_uint(JOUT_ANY, "ifindex", "  %-7llu", p->ifindex);
	jout_string(JOUT_ANY, "role", "  %-6s",
		    p->role < 2 ? clos_port_role_names[p->role] : "?");
	jout_uint(JOUT_ANY, "vlan", "  %-4llu", p->vlan);
	jout_string(JOUT_ANY, "mac", "  %s",
		    clos_fmt_mac(p->mac, mac, sizeof(mac)));
	jout_string(JOUT_ANY, "state", "  %-5s",
		    clos_port_state_names[!!p->up]);
	jout_string(JOUT_ANY, "trust", "  %-5s",
		    p->trust < 2 ? clos_port_trust_names[p->trust] : "?");
	jout_uint(JOUT_JSON, "rate_bps", NULL, p->rate_bps);
	jout_text("  %-7s", clos_fmt_rate(p->rate_bps, rate, sizeof(rate)));
	jout_uint(JOUT_JSON, "punt_rate_pps", NULL, pp->rate_pps);
	jout_uint(JOUT_JSON, "punt_burst", NULL, pp->burst);
	if (pp->rate_pps)
		snprintf(punt, sizeof(punt), "%u/%u", pp->rate_pps, pp->burst);
	else
		snprintf(punt, sizeof(punt), "off");
	jout_text("  %-14s", punt);
	jout_uint(JOUT_ANY, "punt_policed", "  %-10llu", pp->policed);
	if (clos_port_hook_is_xdp(hook)) {
		jout_string(JOUT_JSON, "hook", NULL, "xdp");
		jout_string(JOUT_ANY, "xdp_mode", "  xdp %s", clos_port_hook_names[hook]);
	} else {
		jout_string(JOUT_ANY, "hook", "  %s", clos_port_hook_names[hook]);
	}
	jout_text("\n");
	jout_close_object();
}

static int port_show(int argc, char **argv)
{
	enum clos_port_hook hooks[CLOS_MAX_PORTS];
	struct clos_punt_police pp;
	struct clos_switch_cfg cfg;
	struct clos_port p;
	struct clos_err err;
	__u32 id;

	if (argc > 1)
		return ctl_error("port show: unexpected argument '%s'", argv[1]);
	if (ctl_switch())
		return -1;
	if (argc && (clos_port_resolve(&ctl.sw, argv[0], &id, &err) ||
		     clos_port_get(&ctl.sw, id, &p)))
		return ctl_error("port '%s' does not exist", argv[0]);
	/* The hooks as the kernel reports them, in the switch's netns. */
	if (clos_switch_cfg_get(&ctl.sw, &cfg) || clos_port_hooks(&ctl.sw, &cfg, hooks))
		for (id = 0; id < CLOS_MAX_PORTS; id++)
			hooks[id] = CLOS_HOOK_UNKNOWN;
	if (argc && clos_punt_police_get(&ctl.sw, id, &pp, &err))
		return ctl_error("%s", err.msg);
	jout_text("port  name             ifindex  role    vlan  mac                state  trust  rate     punt pps/burst  policed     hook\n");
	jout_open_array(NULL);
	if (argc) {
		print_port(id, &p, hooks[id], &pp);
	} else {
		for (id = 0; id < CLOS_MAX_PORTS; id++) {
			if (clos_port_get(&ctl.sw, id, &p))
				continue;
			if (clos_punt_police_get(&ctl.sw, id, &pp, &err)) {
				jout_close_array();
				return ctl_error("%s", err.msg);
			}
			print_port(id, &p, hooks[id], &pp);
		}
	}
	jout_close_array();
	return 0;
}

enum { KW_ROLE, KW_VLAN, KW_STATE, KW_TRUST, KW_RATE, KW_PUNT_RATE,
       KW_PUNT_BURST, KW_NUM };

/* punt-rate and punt-burst as given (CLOS_KEEP: not given), checked
 * before anything is written. */
static int punt_parse(const char *port, const char **val, long long *rate,
		      long long *burst)
{
	struct clos_err why;
	__u32 v;

	*rate = *burst = CLOS_KEEP;
	if (val[KW_PUNT_RATE]) {
		if (clos_parse_u32(val[KW_PUNT_RATE], CLOS_PUNT_RATE_MAX, &v, &why))
			return ctl_error("port %s: punt-rate '%s': %s (packets/s, 0 = unlimited)",
					 port, val[KW_PUNT_RATE], why.msg);
		*rate = v;
	}
	if (val[KW_PUNT_BURST]) {
		if (clos_parse_u32(val[KW_PUNT_BURST], CLOS_PUNT_BURST_MAX, &v, &why))
			return ctl_error("port %s: punt-burst '%s': %s (packets)",
					 port, val[KW_PUNT_BURST], why.msg);
		if (!v)
			return ctl_error("port %s: punt-burst '0': out of range (1..%u packets)",
					 port, CLOS_PUNT_BURST_MAX);
		*burst = v;
	}
	return 0;
}

/* Port id's policer with what was given, the rest as it is. */
static int punt_apply(__u32 id, long long rate, long long burst,
		      struct clos_err *err)
{
	struct clos_punt_police pp;

	if (clos_punt_police_get(&ctl.sw, id, &pp, err))
		return -1;
	return clos_punt_police_set(&ctl.sw, id,
				    rate == CLOS_KEEP ? pp.rate_pps : (__u32)rate,
				    burst == CLOS_KEEP ? pp.burst : (__u32)burst, err);
}

static int port_set(int argc, char **argv)
{
	static const char *const kws[KW_NUM] = {
		"role", "vlan", "state", "trust", "rate", "punt-rate",
		"punt-burst",
	};
	struct clos_port_change c = {
		.role = CLOS_KEEP, .vlan = CLOS_KEEP, .up = CLOS_KEEP,
	};
	long long punt_rate, punt_burst;
	const char *val[KW_NUM];
	struct clos_err err, why;
	char ctx[64];
	__u16 vid;
	__u32 id;
	int v;

	if (argc < 1)
		return ctl_error("port set: missing PORT; try 'closctl port help'");
	if (argc == 1)
		return ctl_error("port set %s: nothing to change (role, vlan, state, trust, rate, punt-rate or punt-burst)",
				 argv[0]);
	snprintf(ctx, sizeof(ctx), "port set %s", argv[0]);
	if (ctl_keywords(ctx, argc - 1, argv + 1, kws, val, KW_NUM))
		return -1;
	if (val[KW_ROLE]) {
		v = clos_parse_keyword(val[KW_ROLE], clos_port_role_names, 2);
		if (v < 0)
			return ctl_error("port %s: role '%s': not one of host|fabric",
					 argv[0], val[KW_ROLE]);
		c.role = v;
	}
	if (val[KW_VLAN]) {
		if (clos_parse_vlan(val[KW_VLAN], &vid, &why))
			return ctl_error("port %s: vlan '%s': %s", argv[0],
					 val[KW_VLAN], why.msg);
		c.vlan = vid;
	}
	if (val[KW_STATE]) {
		v = clos_parse_keyword(val[KW_STATE], clos_port_state_names, 2);
		if (v < 0)
			return ctl_error("port %s: state '%s': not one of up|down",
					 argv[0], val[KW_STATE]);
		c.up = v;
	}
	if (val[KW_TRUST]) {
		v = clos_parse_keyword(val[KW_TRUST], clos_port_trust_names, 2);
		if (v < 0)
			return ctl_error("port %s: trust '%s': not one of pcp|dscp",
					 argv[0], val[KW_TRUST]);
		c.set_trust = true;
		c.trust = v;
	}
	if (val[KW_RATE]) {
		if (clos_parse_rate(val[KW_RATE], &c.rate_bps, &why))
			return ctl_error("port %s: rate '%s': %s", argv[0],
					 val[KW_RATE], why.msg);
		c.set_rate = true;
	}
	if (punt_parse(argv[0], val, &punt_rate, &punt_burst))
		return -1;
	if (ctl_switch_write())
		return -1;
	if (clos_port_resolve(&ctl.sw, argv[0], &id, &err))
		return ctl_error("%s", err.msg);
	if ((val[KW_ROLE] || val[KW_VLAN] || val[KW_STATE] || val[KW_TRUST] ||
	     val[KW_RATE]) && clos_port_update(&ctl.sw, id, &c, &err))
		return ctl_error("%s", err.msg);
	if ((punt_rate != CLOS_KEEP || punt_burst != CLOS_KEEP) &&
	    punt_apply(id, punt_rate, punt_burst, &err))
		return ctl_error("%s", err.msg);
	return 0;
}

const struct cli_cmd port_cmds[] = {
	{ "show", port_show, "[PORT]", .flags = CLI_DEFAULT },
	{ "set", port_set, "PORT [ role ROLE ] [ vlan VID ] [ state STATE ]\n"
			   " [ trust TRUST ] [ rate RATE ]\n"
			   " [ punt-rate PPS ] [ punt-burst BURST ]" },
	{}
};
