// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "group.h"
#include "port_cfg.h"
#include "table.h"
#include "tables.h"

#define MAX_WORDS	16

static int fail(struct topo_err *err, const struct clos_switch *sw,
		const char *line, const char *why)
{
	topo_errf(err, "%s: '%s': %s", sw->name, line, why);
	return -EINVAL;
}

static int group_set(struct clos_switch *sw, int argc, char **argv,
		     struct clos_err *cerr)
{
	__u32 nh[CLOS_MAX_MEMBERS], gid;
	enum clos_ecmp_kind kind;
	int n = 0, ret;

	/* group set GID kind K members LIST */
	if (argc != 7 || strcmp(argv[3], "kind") || strcmp(argv[5], "members"))
		return clos_err_set(cerr, -EINVAL, "expected: group set GID kind K members LIST");
	gid = strtoul(argv[2], NULL, 10);
	kind = !strcmp(argv[4], "modulo") ? CLOS_ECMP_MODULO : CLOS_ECMP_RESILIENT;
	ret = clos_group_members_parse(sw, gid, argv[6], nh, &n, cerr);
	return ret ? ret : clos_group_set(sw, gid, kind, nh, n, cerr);
}

static int port_set_role(struct clos_switch *sw, int argc, char **argv,
			 struct clos_err *cerr)
{
	struct clos_port_change c = { CLOS_KEEP, CLOS_KEEP, CLOS_KEEP };
	__u32 id;

	/* port set PORT role R */
	if (argc != 5 || strcmp(argv[3], "role"))
		return clos_err_set(cerr, -EINVAL, "expected: port set PORT role R");
	if (clos_port_by_name(sw, argv[2], &id, NULL))
		return clos_err_set(cerr, -ENOENT, "port '%s' does not exist", argv[2]);
	c.role = !strcmp(argv[4], "host") ? CLOS_PORT_HOST : CLOS_PORT_FABRIC;
	return clos_port_update(sw, id, &c, cerr);
}

int topo_tables_apply(struct clos_switch *sw, const char *line,
		      struct topo_err *err)
{
	char copy[512], *argv[MAX_WORDS], *save, *tok;
	struct clos_err cerr = {};
	int argc = 0, ret;

	if (strlen(line) >= sizeof(copy))
		return fail(err, sw, line, "line too long");
	strcpy(copy, line);
	for (tok = strtok_r(copy, " ", &save); tok && argc < MAX_WORDS;
	     tok = strtok_r(NULL, " ", &save))
		argv[argc++] = tok;
	if (argc < 3)
		return fail(err, sw, line, "too short");

	if (!strcmp(argv[0], "table") && !strcmp(argv[1], "add"))
		ret = clos_table_add(sw, argv[2], argc - 3, argv + 3, &cerr);
	else if (!strcmp(argv[0], "group") && !strcmp(argv[1], "set"))
		ret = group_set(sw, argc, argv, &cerr);
	else if (!strcmp(argv[0], "port") && !strcmp(argv[1], "set"))
		ret = port_set_role(sw, argc, argv, &cerr);
	else
		return fail(err, sw, line, "not a table, group or port command");
	if (ret)
		return fail(err, sw, line, cerr.msg);
	return 0;
}
