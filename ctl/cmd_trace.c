// SPDX-License-Identifier: GPL-2.0
/*
 * closctl trace: what the data path decided for each packet it received,
 * the way BMv2's log reads: ingress port, the headers parsed, the route
 * hit, the ECMP hash, bucket and member, the nexthop, the class, the
 * queue's backlog, CE or not, the egress port, and the counter the packet
 * ended in. The data path records its own values (bpf/lib/observe.h);
 * only the route's prefix is looked up here, since an LPM lookup returns
 * the entry's value, not its key. MATCH takes route get's fields.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "ctl.h"
#include "jsonout.h"
#include "obs.h"
#include "parse_util.h"
#include "path.h"
#include "pktview.h"

const char trace_doc[] =
	"where  ADDRESS := an IPv4 or IPv6 address or prefix (the destination\n"
	"                  when it comes first, the source after from)\n"
	"       PROTO := { udp | tcp | NAME | NUMBER }\n"
	"\n"
	"One record for each packet that any port receives and that matches\n"
	"(all of them without MATCH): the ingress port, the headers parsed,\n"
	"the route hit, the ECMP group, hash, bucket and member slot, the\n"
	"nexthop, the traffic class, the class's queue backlog after the\n"
	"packet (in bytes), whether it was marked CE, the egress port, and the\n"
	"counter it ended in (forwarded, punt_*, drop_*), as the data path saw\n"
	"them. Stops on Ctrl-C or after N records. One capture or trace per\n"
	"switch at a time.\n"
	"Example:\n"
	"       closctl -s f-leaf1 trace 10.1.2.0/24 proto udp dport 4791 count 5\n";

struct addr_match {
	bool set;
	int family;
	__u8 addr[16];
	unsigned int plen;
};

struct trace {
	struct obs obs;
	struct addr_match dst, src;
	int proto;			/* -1: any */
	int sport, dport;		/* -1: any */
	__u64 count, shown;
	char names[CLOS_MAX_PORTS][CLOS_IFNAMSIZ + 1];
};

static int parse_addr(const char *what, const char *s, struct addr_match *m)
{
	char buf[INET6_ADDRSTRLEN + 8], *slash;
	struct clos_err why;
	__u32 plen;

	if (strlen(s) >= sizeof(buf))
		return ctl_error("trace: %s '%s': not an address", what, s);
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (slash)
		*slash = '\0';
	if (inet_pton(AF_INET, buf, m->addr) == 1)
		m->family = AF_INET;
	else if (inet_pton(AF_INET6, buf, m->addr) == 1)
		m->family = AF_INET6;
	else
		return ctl_error("trace: %s '%s': not an IPv4 or IPv6 address", what, s);
	m->plen = m->family == AF_INET ? 32 : 128;
	if (slash) {
		if (clos_parse_u32(slash + 1, m->plen, &plen, &why))
			return ctl_error("trace: %s '%s': prefix length: %s", what, s, why.msg);
		m->plen = plen;
	}
	m->set = true;
	return 0;
}

static bool addr_holds(const struct addr_match *m, int family, const __u8 *a)
{
	unsigned int full = m->plen / 8, rest = m->plen % 8;

	if (!m->set)
		return true;
	if (family != m->family || memcmp(m->addr, a, full))
		return false;
	return !rest || !((m->addr[full] ^ a[full]) & (0xff << (8 - rest)));
}

static bool matches(const struct trace *t, const struct pktview *v)
{
	if (!t->dst.set && !t->src.set && t->proto < 0 && t->sport < 0 && t->dport < 0)
		return true;
	if (!v->ip)
		return false;
	if (!addr_holds(&t->dst, v->k.family, v->k.daddr) ||
	    !addr_holds(&t->src, v->k.family, v->k.saddr))
		return false;
	if (t->proto >= 0 && v->k.proto != t->proto)
		return false;
	if ((t->sport >= 0 || t->dport >= 0) && !v->ports)
		return false;
	return (t->sport < 0 || v->k.sport == t->sport) &&
	       (t->dport < 0 || v->k.dport == t->dport);
}

static const char *port_name(const struct trace *t, __u32 id)
{
	return id < CLOS_MAX_PORTS && t->names[id][0] ? t->names[id] : "?";
}

static void print_parse(const struct pktview *v)
{
	char s[INET6_ADDRSTRLEN], buf[160];

	pktview_fmt(v, buf, sizeof(buf));
	jout_text("  parse    %s\n", buf);
	jout_open_object("parse");
	jout_uint(JOUT_JSON, "ethertype", NULL, v->ethertype);
	if (v->tags)
		jout_uint(JOUT_JSON, "vlan", NULL, v->vid);
	if (v->ip) {
		jout_string(JOUT_JSON, "family", NULL, v->k.family == AF_INET6 ? "ipv6" : "ipv4");
		jout_string(JOUT_JSON, "src", NULL, inet_ntop(v->k.family, v->k.saddr, s, sizeof(s)));
		jout_string(JOUT_JSON, "dst", NULL, inet_ntop(v->k.family, v->k.daddr, s, sizeof(s)));
		jout_uint(JOUT_JSON, "proto", NULL, v->k.proto);
		if (v->ports) {
			jout_uint(JOUT_JSON, "sport", NULL, v->k.sport);
			jout_uint(JOUT_JSON, "dport", NULL, v->k.dport);
		}
		jout_uint(JOUT_JSON, "ttl", NULL, v->ttl);
		jout_uint(JOUT_JSON, "dscp", NULL, v->dscp);
		jout_uint(JOUT_JSON, "ecn", NULL, v->ecn);
	}
	jout_close_object();
}

static void print_record(struct trace *t, const struct clos_obs_rec *r,
			 const struct pktview *v)
{
	const char *counter = r->verdict < CLOS_STAT_MAX ? clos_stat_names[r->verdict] : "?";
	const char *fate = r->verdict == CLOS_STAT_FWD ? "forward" :
			   !strncmp(counter, "punt_", 5) ? "punt" : "drop";
	__u64 wall = obs_wall_ns(&t->obs, r->ts_ns);
	time_t sec = wall / 1000000000ull;
	char when[32], prefix[48];
	struct tm tm;

	localtime_r(&sec, &tm);
	strftime(when, sizeof(when), "%H:%M:%S", &tm);
	jout_open_object(NULL);
	jout_uint(JOUT_ANY, "packet", "packet %llu", ++t->shown);
	jout_text("  %s.%09llu", when, (unsigned long long)(wall % 1000000000ull));
	jout_uint(JOUT_JSON, "time_ns", NULL, wall);
	jout_string(JOUT_ANY, "in_port", "  in %s", port_name(t, r->port));
	jout_uint(JOUT_ANY, "len", ", %llu bytes\n", r->len);
	print_parse(v);

	if (r->flags & CLOS_OBS_F_ROUTE) {
		if (v->ip)
			clos_path_prefix(&ctl.sw, &v->k, prefix, sizeof(prefix));
		else
			snprintf(prefix, sizeof(prefix), "?");
		jout_string(JOUT_ANY, "route", "  route    %s", prefix);
		jout_string(JOUT_ANY, "action", " => %s", ctl_route_action_name(r->rt_action));
		if (r->rt_action == CLOS_RT_NEXTHOP || r->rt_action == CLOS_RT_ECMP)
			jout_uint(JOUT_ANY, r->rt_action == CLOS_RT_ECMP ? "group" : "id",
				  " %llu", r->rt_id);
		jout_text("\n");
	} else {
		jout_text("  route    none\n");
		jout_null("route");
	}
	if (r->flags & CLOS_OBS_F_ECMP) {
		jout_uint(JOUT_ANY, "hash", "  ecmp     hash 0x%08llx", r->hash);
		jout_uint(JOUT_ANY, "bucket", " bucket %llu", r->bucket);
		jout_uint(JOUT_ANY, "slot", " -> slot %llu\n", r->slot);
	}
	if (r->flags & CLOS_OBS_F_NEXTHOP) {
		jout_uint(JOUT_ANY, "nexthop", "  nexthop  %llu", r->nexthop);
		if (r->out_port != CLOS_OBS_NO_PORT)
			jout_string(JOUT_ANY, "port", " -> port %s", port_name(t, r->out_port));
		jout_text("\n");
	}
	if (r->flags & CLOS_OBS_F_QOS) {
		jout_uint(JOUT_ANY, "class", "  qos      class %llu", r->tc);
		jout_uint(JOUT_ANY, "backlog", ", backlog %llu bytes", r->backlog);
		jout_bool(JOUT_ANY, "ce_marked", ", CE marked: %s\n", r->flags & CLOS_OBS_F_CE);
	}
	jout_string(JOUT_ANY, "fate", "  verdict  %s", fate);
	jout_string(JOUT_ANY, "verdict", " (counter %s)", counter);
	if (r->verdict == CLOS_STAT_FWD)
		jout_string(JOUT_ANY, "out_port", ", out %s", port_name(t, r->out_port));
	jout_text("\n\n");
	jout_close_object();
	if (!jout_is_json())
		fflush(stdout);
}

static int on_record(const struct clos_obs_rec *r, size_t size, void *arg)
{
	struct trace *t = arg;
	struct pktview v;
	__u32 caplen = r->caplen;

	if (r->dir != CLOS_OBS_IN)
		return 0;
	if (caplen > size - CLOS_OBS_REC_HDR)
		caplen = size - CLOS_OBS_REC_HDR;
	pktview_parse(r->data, caplen, &v);
	if (!matches(t, &v))
		return 0;
	print_record(t, r, &v);
	return t->count && t->shown >= t->count ? 1 : 0;
}

enum { KW_FROM, KW_PROTO, KW_SPORT, KW_DPORT, KW_COUNT, KW_NUM };

static int parse_match(struct trace *t, int argc, char **argv)
{
	static const char *const kws[KW_NUM] = { "from", "proto", "sport", "dport", "count" };
	const char *val[KW_NUM];
	struct clos_err why;
	__u16 port;
	__u8 proto;
	__u32 n;

	t->proto = t->sport = t->dport = -1;
	if (argc % 2) {	/* a destination first */
		if (parse_addr("destination", argv[0], &t->dst))
			return -1;
		argc--, argv++;
	}
	if (ctl_keywords("trace", argc, argv, kws, val, KW_NUM))
		return -1;
	if (val[KW_FROM] && parse_addr("from", val[KW_FROM], &t->src))
		return -1;
	if (t->src.set && t->dst.set && t->src.family != t->dst.family)
		return ctl_error("trace: from %s and %s are not of one family",
				 val[KW_FROM], argv[-1]);
	if (val[KW_PROTO]) {
		if (ctl_flow_proto("trace", val[KW_PROTO], &proto))
			return -1;
		t->proto = proto;
	}
	if (val[KW_SPORT]) {
		if (ctl_flow_port("trace", "sport", val[KW_SPORT], &port))
			return -1;
		t->sport = port;
	}
	if (val[KW_DPORT]) {
		if (ctl_flow_port("trace", "dport", val[KW_DPORT], &port))
			return -1;
		t->dport = port;
	}
	if (val[KW_COUNT]) {
		if (clos_parse_u32(val[KW_COUNT], UINT32_MAX, &n, &why))
			return ctl_error("trace: count '%s': %s", val[KW_COUNT], why.msg);
		if (!n)
			return ctl_error("trace: count 0: must be 1 or more");
		t->count = n;
	}
	return 0;
}

int do_trace(int argc, char **argv)
{
	struct clos_obs_cfg cfg = {
		.flags = CLOS_OBS_TRACE,
		.snaplen = 128,		/* the headers */
		.in_ports = ~0ull,
	};
	struct clos_port p;
	struct trace *t;
	__u64 lost = 0;
	__u32 id;
	int ret = -1;

	t = calloc(1, sizeof(*t));
	if (!t)
		return ctl_error("trace: out of memory");
	if (parse_match(t, argc, argv) || ctl_switch())
		goto out;
	for (id = 0; id < CLOS_MAX_PORTS; id++)
		if (!clos_port_get(&ctl.sw, id, &p))
			memcpy(t->names[id], p.name, CLOS_IFNAMSIZ);
	jout_open_object(NULL);
	jout_open_array("packets");
	if (obs_start(&t->obs, &ctl.sw, &cfg, on_record, t))
		goto out;
	fprintf(stderr, "trace: switch %s; Ctrl-C stops\n", ctl.sw.name);
	ret = obs_run(&t->obs);
	obs_stop(&t->obs, &lost);
	jout_close_array();
	jout_uint(JOUT_ANY, "traced", "trace: %llu packets", t->shown);
	jout_uint(JOUT_ANY, "lost", ", %llu lost\n", lost);
	jout_close_object();
out:
	free(t);
	return ret;
}
