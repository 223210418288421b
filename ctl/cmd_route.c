// SPDX-License-Identifier: GPL-2.0
/* closctl route get: the path the data path gives one flow, like `ip route
 * get` (route, ECMP hash and member, nexthop, port, verdict). */
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include "ctl.h"
#include "jsonout.h"
#include "parse_util.h"
#include "path.h"

void route_doc(FILE *f)
{
	fprintf(f, "where  PROTO := { udp | tcp | NUMBER }   (default udp)\n"
	           "\n"
	           "Which route, ECMP member, nexthop and egress port a packet of this\n"
	           "flow takes, computed from the switch's tables with the data path's\n"
	           "CRC32 hash and seed; 'verdict' is the counter the packet would meet.\n"
	           "Ports count for UDP and TCP only. RoCEv2 is UDP dport 4791.\n"
	           "Example:\n"
	           "       closctl -s f-leaf1 route get 10.1.2.2 from 10.1.1.2 sport 49152 dport 4791\n");
}

const char *ctl_route_action_name(__u32 action)
{
	static const char *const names[] = {
		[CLOS_RT_DROP] = "drop", [CLOS_RT_NEXTHOP] = "nexthop",
		[CLOS_RT_ECMP] = "ecmp", [CLOS_RT_LOCAL] = "local",
		[CLOS_RT_KERNEL] = "kernel",
	};

	return action < sizeof(names) / sizeof(names[0]) ? names[action] : "?";
}

int ctl_flow_port(const char *ctx, const char *what, const char *s, __u16 *port)
{
	struct clos_err why;
	__u32 v;

	if (clos_parse_u32(s, 65535, &v, &why))
		return ctl_error("%s: %s '%s': %s", ctx, what, s, why.msg);
	*port = v;
	return 0;
}

int ctl_flow_proto(const char *ctx, const char *s, __u8 *proto)
{
	struct protoent *pe;
	struct clos_err why;
	__u32 v;

	if (!strcmp(s, "udp") || !strcmp(s, "tcp")) {
		*proto = s[0] == 'u' ? IPPROTO_UDP : IPPROTO_TCP;
		return 0;
	}
	if (!clos_parse_u32(s, 255, &v, &why)) {
		*proto = v;
		return 0;
	}
	pe = getprotobyname(s);
	if (!pe)
		return ctl_error("%s: proto '%s': not udp, tcp or a number 0..255", ctx, s);
	*proto = pe->p_proto;
	return 0;
}

enum { KW_FROM, KW_PROTO, KW_SPORT, KW_DPORT, KW_NUM };

static int route_get(int argc, char **argv)
{
	static const char *const kws[KW_NUM] = { "from", "proto", "sport", "dport" };
	struct clos_flow_key k = { .proto = IPPROTO_UDP };
	char port[CLOS_PORT_STRLEN], mac[CLOS_MAC_STRLEN];
	const char *val[KW_NUM];
	struct clos_port p;
	struct clos_path path;
	struct clos_err why;

	if (argc < 1)
		return ctl_error("route get: missing ADDRESS; try 'closctl route help'");
	if (ctl_keywords("route get", argc - 1, argv + 1, kws, val, KW_NUM))
		return -1;
	if (clos_flow_key_addr(&k, true, argv[0], &why))
		return ctl_error("route get: %s", why.msg);
	if (val[KW_FROM] && clos_flow_key_addr(&k, false, val[KW_FROM], &why))
		return ctl_error("route get: from: %s", why.msg);
	if ((val[KW_PROTO] && ctl_flow_proto("route get", val[KW_PROTO], &k.proto)) ||
	    (val[KW_SPORT] && ctl_flow_port("route get", "sport", val[KW_SPORT], &k.sport)) ||
	    (val[KW_DPORT] && ctl_flow_port("route get", "dport", val[KW_DPORT], &k.dport)))
		return -1;
	if (ctl_switch())
		return -1;
	if (clos_path_resolve(&ctl.sw, &k, &path, &why))
		return ctl_error("route get %s: %s", argv[0], why.msg);

	jout_open_object(NULL);
	jout_string(JOUT_ANY, "dst", "%s", argv[0]);
	jout_string(JOUT_ANY, "src", " from %s", val[KW_FROM] ? val[KW_FROM] : "any");
	jout_uint(JOUT_ANY, "proto", " proto %llu", k.proto);
	jout_uint(JOUT_ANY, "sport", " sport %llu", k.sport);
	jout_uint(JOUT_ANY, "dport", " dport %llu\n", k.dport);
	jout_string(JOUT_ANY, "route", "  route   %s", path.prefix);
	if (path.verdict != CLOS_STAT_DROP_NO_ROUTE) {
		jout_string(JOUT_ANY, "action", " => %s", ctl_route_action_name(path.action));
		if (path.action == CLOS_RT_NEXTHOP || path.action == CLOS_RT_ECMP)
			jout_uint(JOUT_ANY, path.action == CLOS_RT_ECMP ? "group" : "nexthop",
				  " %llu", path.id);
	}
	jout_text("\n");
	if (path.slot >= 0) {
		jout_uint(JOUT_ANY, "hash", "  hash    0x%08llx", path.hash);
		jout_uint(JOUT_ANY, "slot", " -> slot %llu", path.slot);
		jout_uint(JOUT_ANY, "member_nexthop", ", nexthop %llu\n", path.nexthop);
	}
	if (path.verdict == CLOS_STAT_FWD || path.verdict == CLOS_STAT_FWD_ECMP ||
	    path.verdict == CLOS_STAT_DROP_PORT_DOWN) {
		if (clos_port_get(&ctl.sw, path.port, &p))
			snprintf(port, sizeof(port), "%u", path.port);
		else
			snprintf(port, sizeof(port), "%s", p.name);
		jout_string(JOUT_ANY, "port", "  out     %s", port);
		jout_string(JOUT_ANY, "dmac", " dmac %s\n", clos_fmt_mac(path.dmac, mac, sizeof(mac)));
	}
	jout_string(JOUT_ANY, "verdict", "  verdict %s\n", clos_stat_names[path.verdict]);
	jout_close_object();
	return 0;
}

const struct cli_cmd route_cmds[] = {
	{ "get", route_get, "ADDRESS [ from ADDRESS ] [ proto PROTO ]\n"
			    " [ sport PORT ] [ dport PORT ]" },
	{}
};
