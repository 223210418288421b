// SPDX-License-Identifier: GPL-2.0
/* closctl group show|set|del: ECMP groups. */
#include <stdio.h>
#include <string.h>
#include "ctl.h"
#include "ecmp.h"
#include "group.h"
#include "jsonout.h"
#include "parse_util.h"
#include "table.h"

void group_doc(FILE *f)
{
	fprintf(f, "where  GID := 0..%d\n"
	           "       KIND := { resilient | modulo }\n"
	           "       MEMBER := { PORT | NEXTHOP_ID }\n"
	           "\n"
	           "A PORT member is the one valid nexthop whose port it is. KIND defaults\n"
	           "to the group's current kind, or resilient for a new group. 'set' keeps\n"
	           "each remaining member's slot and buckets, so only flows of members\n"
	           "that leave move (resilient). At most %d members; 'del' is refused\n"
	           "while a route uses the group.\n"
	           "Examples:\n"
	           "       closctl group set 1 kind resilient members eth3,eth4\n"
	           "       closctl group set 1 members 3,4,5\n",
	           CLOS_MAX_GROUPS - 1, CLOS_MAX_MEMBERS);
}

static int parse_gid(const char *s, __u32 *gid)
{
	struct clos_err why;

	if (clos_parse_u32(s, CLOS_MAX_GROUPS - 1, gid, &why))
		return ctl_error("group '%s': %s", s, why.msg);
	return 0;
}

/* --- show ----------------------------------------------------------------- */

/* One hex digit per bucket: the slot that owns it ('.' for none). */
static void print_bucket_map(const struct clos_ecmp_group *g)
{
	int b;

	for (b = 0; b < CLOS_ECMP_BUCKETS; b++) {
		if (b % 64 == 0)
			jout_text(b ? "\n           " : "  buckets  ");
		if (g->bucket[b] < CLOS_MAX_MEMBERS)
			jout_text("%x", g->bucket[b]);
		else
			jout_text(".");
	}
	jout_text("\n");
}

static void print_group(__u32 gid, const struct clos_ecmp_group *g)
{
	const struct clos_table *nht = clos_table_find("nexthop");
	bool resilient = g->kind == CLOS_ECMP_RESILIENT;
	char port[CLOS_PORT_STRLEN], mac[CLOS_MAC_STRLEN];
	struct clos_nexthop nh;
	int s, members = 0;

	for (s = 0; s < CLOS_MAX_MEMBERS; s++)
		members += g->nexthop[s] != CLOS_NH_NONE;
	jout_open_object(NULL);
	jout_uint(JOUT_ANY, "group", "group %llu", gid);
	jout_string(JOUT_ANY, "kind", " %s",
		    g->kind < 2 ? clos_ecmp_kind_names[g->kind] : "?");
	jout_text(": %d member%s, %d active\n", members,
		  members == 1 ? "" : "s", g->num_active);
	jout_text("  slot  nexthop  port              dmac               active  buckets\n");
	jout_open_array("members");
	for (s = 0; s < CLOS_MAX_MEMBERS; s++) {
		if (g->nexthop[s] == CLOS_NH_NONE)
			continue;
		if (clos_table_lookup(&ctl.sw, nht, &g->nexthop[s], &nh)) {
			snprintf(port, sizeof(port), "?");
			snprintf(mac, sizeof(mac), "?");
		} else {
			clos_port_name(&ctl.sw, nh.port, port, sizeof(port));
			clos_fmt_mac(nh.dmac, mac, sizeof(mac));
		}
		jout_open_object(NULL);
		jout_uint(JOUT_ANY, "slot", "  %-4llu", s);
		jout_uint(JOUT_ANY, "nexthop", "  %-7llu", g->nexthop[s]);
		jout_string(JOUT_ANY, "port", "  %-16s", port);
		jout_string(JOUT_ANY, "dmac", "  %-17s", mac);
		jout_bool(JOUT_ANY, "active", "  %-6s",
			  clos_ecmp_slot_active(g, s));
		/* Buckets only steer resilient groups. */
		if (resilient)
			jout_uint(JOUT_ANY, "buckets", "  %llu",
				  clos_ecmp_slot_buckets(g, s));
		else
			jout_text("  -");
		jout_text("\n");
		jout_close_object();
	}
	jout_close_array();
	if (ctl.verbose && resilient)
		print_bucket_map(g);
	jout_close_object();
}

static int show_one(const struct clos_table *t, const void *key,
		    const void *value, void *arg)
{
	bool *first = arg;
	__u32 gid;

	memcpy(&gid, key, sizeof(gid));
	jout_text(*first ? "" : "\n");
	*first = false;
	print_group(gid, value);
	return 0;
}

static int group_show(int argc, char **argv)
{
	struct clos_ecmp_group g;
	struct clos_err err;
	bool first = true;
	__u32 gid;

	if (argc > 1)
		return ctl_error("group show: unexpected argument '%s'", argv[1]);
	if (argc && parse_gid(argv[0], &gid))
		return -1;
	if (ctl_switch())
		return -1;
	jout_open_array(NULL);
	if (argc) {
		if (clos_group_get(&ctl.sw, gid, &g))
			return ctl_error("group %u does not exist", gid);
		print_group(gid, &g);
	} else if (clos_table_foreach(&ctl.sw, clos_table_find("ecmp_groups"),
				      show_one, &first, &err)) {
		return ctl_error("%s", err.msg);
	}
	jout_close_array();
	return 0;
}

/* --- set / del ------------------------------------------------------------ */

static int group_set(int argc, char **argv)
{
	const char *kind_arg = NULL, *members = NULL;
	__u32 gid, nh[CLOS_MAX_MEMBERS];
	struct clos_ecmp_group old;
	struct clos_err err;
	int i, n, kind;

	if (argc < 1)
		return ctl_error("group set: missing GID; try 'closctl group help'");
	if (parse_gid(argv[0], &gid))
		return -1;
	for (i = 1; i < argc; i += 2) {
		const char **slot;

		if (!strcmp(argv[i], "kind"))
			slot = &kind_arg;
		else if (!strcmp(argv[i], "members"))
			slot = &members;
		else
			return ctl_error("group set: unknown argument '%s' (want kind or members)",
					 argv[i]);
		if (*slot)
			return ctl_error("group set: '%s' given twice", argv[i]);
		if (i + 1 == argc)
			return ctl_error("group set: '%s' needs a value", argv[i]);
		*slot = argv[i + 1];
	}
	if (!members)
		return ctl_error("group set %u: missing 'members MEMBER[,MEMBER...]'",
				 gid);
	kind = CLOS_ECMP_RESILIENT;
	if (kind_arg) {
		kind = clos_parse_keyword(kind_arg, clos_ecmp_kind_names, 2);
		if (kind < 0)
			return ctl_error("group %u: kind '%s': not one of resilient|modulo",
					 gid, kind_arg);
	}
	if (ctl_switch_write())
		return -1;
	if (!kind_arg && !clos_group_get(&ctl.sw, gid, &old) && old.kind < 2)
		kind = old.kind;
	if (clos_group_members_parse(&ctl.sw, gid, members, nh, &n, &err) ||
	    clos_group_set(&ctl.sw, gid, kind, nh, n, &err))
		return ctl_error("%s", err.msg);
	return 0;
}

static int group_del(int argc, char **argv)
{
	struct clos_err err;
	__u32 gid;

	if (argc != 1)
		return ctl_error("group del: want exactly one GID; try 'closctl group help'");
	if (parse_gid(argv[0], &gid) || ctl_switch_write())
		return -1;
	if (clos_group_del(&ctl.sw, gid, &err))
		return ctl_error("%s", err.msg);
	return 0;
}

const struct cli_cmd group_cmds[] = {
	{ "show", group_show, "[GID]", .flags = CLI_DEFAULT },
	{ "set", group_set, "GID [ kind KIND ] members MEMBER[,MEMBER...]" },
	{ "del", group_del, "GID" },
	{}
};
