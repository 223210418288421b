// SPDX-License-Identifier: GPL-2.0
/* clos-loader detach SWITCH */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "pindir.h"
#include "switch.h"
#include "loader.h"
#include "pins.h"
#include "teardown.h"

const char detach_doc[] =
"\n"
"Take SWITCH off every port (inside its netns): in fast mode its XDP\n"
"ingress program; in queue mode the clsact qdisc with its TC programs and\n"
"the HTB tree of rated ports. Then remove its pins under\n"
CLOS_PIN_ROOT "/SWITCH/ with the tables and programs they hold. Ports or\n"
"a netns that no longer exist are noted and skipped. What an attach that\n"
"was killed left (clos-loader list: interrupted) is removed the same way,\n"
"as its hook record says. A switch that is not attached is an error.\n";

static void print_result(const char *name, const struct teardown_report *rep,
			 bool leftovers)
{
	int i;

	jout_open_object(NULL);
	jout_string(JOUT_ANY, "switch", "%s:", name);
	jout_string(JOUT_JSON, "status", NULL, leftovers ? "leftovers removed" : "detached");
	jout_text(leftovers ? " removed the leftovers of an interrupted attach" : " detached");
	jout_open_array("ports");
	for (i = 0; i < rep->num_ports; i++) {
		jout_open_object(NULL);
		jout_uint(JOUT_JSON, "port", NULL, rep->ports[i].port);
		jout_string(JOUT_ANY, "name", i ? ", %s" : " from %s",
			    rep->ports[i].name);
		jout_string(JOUT_JSON, "result", NULL, rep->ports[i].result);
		if (strcmp(rep->ports[i].result, "detached"))
			jout_text(" (%s)", rep->ports[i].result);
		jout_close_object();
	}
	jout_close_array();
	jout_text("; pins removed\n");
	jout_close_object();
}

int cmd_detach(int argc, char **argv)
{
	char path[PATH_MAX], stage[PATH_MAX];
	struct teardown_report rep;
	const char *name, *why;
	int lock_fd = -1, dir_fd, ret = 1;
	struct clos_err err;
	struct stat st;

	if (argc != 1) {
		jout_error("detach takes exactly one SWITCH (see clos-loader detach --help)");
		return EXIT_USAGE;
	}
	name = argv[0];
	if (clos_switch_name_check(name, &why)) {
		jout_error("switch name '%s' %s", name, why);
		return EXIT_USAGE;
	}

	lock_fd = pins_begin(name, path, sizeof(path), stage, sizeof(stage));
	if (lock_fd < 0)
		return 1;

	if (!clos_switch_exists(name)) {
		/* Under the lock a staging directory is the leftover of an
		 * attach that died: what it hooked, by its record. */
		if (stat(stage, &st)) {
			jout_error("switch %s is not attached", name);
			goto out;
		}
		if (switch_teardown(stage, name, &rep))
			goto out;
		pins_stage_done();
		print_result(name, &rep, true);
		ret = 0;
		goto out;
	}
	/* What teardown reads and removes is in a directory only we write. */
	dir_fd = clos_pin_dir_open(lock_fd, name, path, &err);
	if (dir_fd < 0) {
		jout_error("%s", err.msg);
		goto out;
	}
	close(dir_fd);
	if (switch_teardown(path, name, &rep))
		goto out;
	print_result(name, &rep, false);
	ret = 0;
out:
	pins_unlock(lock_fd);
	return ret;
}
