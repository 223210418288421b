// SPDX-License-Identifier: GPL-2.0
/* closctl tables | table show|add|del: every table through the schema. */
#include <stdio.h>
#include <string.h>
#include <bpf/bpf.h>
#include "ctl.h"
#include "jsonout.h"
#include "parse_util.h"
#include "schema.h"
#include "table.h"

void table_doc(FILE *f)
{
	char names[256];
	int i;

	fprintf(f, "where  TABLE := { %s }\n"
	           "       KEY, ACTION and PARAM are per table: see 'closctl tables'\n"
	           "\n"
	           "'add' creates or replaces an entry; 'show' prints entries in the\n"
	           "add syntax. Nothing is written unless the whole entry is valid.\n"
	           "Quote '=>' for the shell (or leave it out: the key ends after the\n"
	           "table's key fields).\n"
	           "Examples:\n",
	           clos_table_names(names, sizeof(names)));
	for (i = 0; i < clos_num_tables; i++)
		if (!(clos_tables[i].flags & CLOS_TF_READ_ONLY))
			fprintf(f, "       closctl %s\n", clos_tables[i].example);
	fprintf(f, "       closctl table del route_v4 10.0.2.0/24\n");
}

const char tables_doc[] =
	"Lists every table with its map, key fields (match kind), actions\n"
	"with their parameters, and the attributes shown with entries.\n"
	"Map ids and sizes are shown when a switch is chosen (-s SWITCH,\n"
	"or the only one attached).\n";

/* --- closctl tables ------------------------------------------------------- */

/* A field as text: name:type, then its range, values or referenced table,
 * e.g. "group:u32(0..255)->ecmp_groups", "state:{down|up}". */
static const char *field_decl(const struct clos_field *f, char *buf, size_t len)
{
	char list[512];
	int n;

	n = snprintf(buf, len, "%s:%s", f->name, clos_ftype_name(f->type));
	if (f->type == CLOS_FT_ENUM && f->num_names <= 4)
		n = snprintf(buf, len, "%s:{%s}", f->name,
			     clos_keywords_join(f->names, f->num_names, list,
						sizeof(list)));
	else if (f->type == CLOS_FT_ENUM)
		n += snprintf(buf + n, len - n, "(%d names)", f->num_names);
	else if (f->type == CLOS_FT_BOOL)
		n = snprintf(buf, len, "%s:{on|off}", f->name);
	else if (f->max && f->type != CLOS_FT_PORT)
		n += snprintf(buf + n, len - n, "(0..%u)", f->max);
	if (f->ref && n < (int)len)
		snprintf(buf + n, len - n, "->%s", f->ref);
	return buf;
}

static void fields_text(const struct clos_field *f, int n, bool match)
{
	char decl[128];
	int i;

	for (i = 0; i < n; i++)
		jout_text("%s%s%s%s", i ? " " : "",
			  field_decl(&f[i], decl, sizeof(decl)),
			  match ? " " : "",
			  match ? clos_match_name(f[i].match) : "");
}

/* The same facts as JSON members. */
static void fields_json(const char *key, const struct clos_field *f, int n)
{
	int i, j;

	jout_open_array(key);
	for (i = 0; i < n; i++) {
		jout_open_object(NULL);
		jout_string(JOUT_JSON, "name", NULL, f[i].name);
		jout_string(JOUT_JSON, "type", NULL, clos_ftype_name(f[i].type));
		jout_uint(JOUT_JSON, "offset", NULL, f[i].offset);
		jout_uint(JOUT_JSON, "size", NULL, f[i].size);
		if (f[i].match != CLOS_MATCH_NONE)
			jout_string(JOUT_JSON, "match", NULL,
				    clos_match_name(f[i].match));
		if (f[i].max && f[i].type != CLOS_FT_PORT)
			jout_uint(JOUT_JSON, "max", NULL, f[i].max);
		if (f[i].unit)
			jout_uint(JOUT_JSON, "unit", NULL, f[i].unit);
		if (f[i].ref)
			jout_string(JOUT_JSON, "ref", NULL, f[i].ref);
		if (f[i].type == CLOS_FT_ENUM) {
			jout_open_array("values");
			for (j = 0; j < f[i].num_names; j++)
				jout_string(JOUT_JSON, NULL, NULL, f[i].names[j]);
			jout_close_array();
		}
		jout_close_object();
	}
	jout_close_array();
}

/* "host vlan:vlan": an action as it is typed after '=>'. */
static int action_decl(const struct clos_action *a, char *buf, size_t len)
{
	char decl[128];
	int i, n;

	n = snprintf(buf, len, "%s", a->name);
	for (i = 0; i < a->num_params && n < (int)len; i++)
		n += snprintf(buf + n, len - n, " %s",
			      field_decl(&a->params[i], decl, sizeof(decl)));
	return n;
}

static void print_actions(const struct clos_table *t)
{
	char decl[256];
	int i, n, width = 0;

	for (i = 0; i < t->num_actions; i++) {
		n = action_decl(&t->actions[i], decl, sizeof(decl));
		if (n > width)
			width = n;
	}
	if (t->action_field.size) {
		jout_open_object("action_field");
		jout_string(JOUT_JSON, "name", NULL, t->action_field.name);
		jout_uint(JOUT_JSON, "offset", NULL, t->action_field.offset);
		jout_uint(JOUT_JSON, "size", NULL, t->action_field.size);
		jout_close_object();
	}
	jout_open_array("actions");
	for (i = 0; i < t->num_actions; i++) {
		const struct clos_action *a = &t->actions[i];

		action_decl(a, decl, sizeof(decl));
		jout_text("  %-9s%-*s  # ", i ? "" : "actions", width, decl);
		jout_open_object(NULL);
		jout_string(JOUT_JSON, "name", NULL, a->name);
		jout_uint(JOUT_JSON, "value", NULL, a->value);
		fields_json("params", a->params, a->num_params);
		jout_string(JOUT_ANY, "doc", "%s\n", a->doc);
		jout_close_object();
	}
	jout_close_array();
}

static void print_schema(const struct clos_table *t)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	char pin[256];
	int i, n = 0;

	jout_open_object(NULL);
	jout_string(JOUT_ANY, "name", "%s:", t->name);
	jout_string(JOUT_JSON, "map", NULL, clos_map_names[t->map]);
	jout_string(JOUT_ANY, "kind", " %s", clos_map_kind_name(t->kind));
	if (ctl.sw_open && !bpf_obj_get_info_by_fd(ctl.sw.fd[t->map], &info,
						   &len)) {
		jout_uint(JOUT_ANY, "max_entries", ", max %llu",
			  clos_table_entries(t, info.max_entries));
		jout_uint(JOUT_ANY, "map_id", ", map id %llu", info.id);
		if (!clos_switch_path(pin, sizeof(pin), ctl.sw.name,
				      clos_map_names[t->map]))
			jout_string(JOUT_JSON, "pinned", NULL, pin);
	}
	jout_uint(JOUT_JSON, "key_size", NULL, t->key_size);
	jout_uint(JOUT_JSON, "value_size", NULL, t->value_size);
	jout_open_array("flags");
	for (i = 0; i < CLOS_TF_NUM; i++)
		if (t->flags & (1u << i))
			jout_string(JOUT_ANY, NULL, n++ ? ", %s" : " (%s",
				    clos_table_flag_name(i));
	jout_close_array();
	jout_text(n ? ")\n" : "\n");
	jout_string(JOUT_ANY, "doc", "  %s\n", t->doc);

	jout_text("  %-9s", "key");
	fields_text(t->keys, t->num_keys, true);
	jout_text("\n");
	fields_json("keys", t->keys, t->num_keys);
	print_actions(t);
	if (t->num_attrs) {
		jout_text("  %-9s", "shows");
		fields_text(t->attrs, t->num_attrs, false);
		jout_text("\n");
		fields_json("attrs", t->attrs, t->num_attrs);
	}
	jout_string(JOUT_ANY, "example", "  e.g.     closctl %s\n", t->example);
	if (t->hint)
		jout_string(JOUT_ANY, "hint", "  note     %s\n", t->hint);
	jout_close_object();
}

int do_tables(int argc, char **argv)
{
	int i;

	if (argc)
		return ctl_error("tables takes no arguments; try 'closctl tables help'");
	/* The schema stands alone; map ids come with a switch when one is
	 * chosen, but an explicit -s that does not exist is an error. */
	if (ctl_switch_optional() && ctl.switch_name)
		return -1;
	jout_open_array(NULL);
	for (i = 0; i < clos_num_tables; i++) {
		jout_text(i ? "\n" : "");
		print_schema(&clos_tables[i]);
	}
	jout_close_array();
	return 0;
}

/* --- closctl table ... ---------------------------------------------------- */

/* Validate the table name before looking for a switch, so a typo gets the
 * right message on any machine. */
static int table_arg(int argc, char **argv, const char *cmd, bool write)
{
	const struct clos_table *t;
	struct clos_err err;
	char names[256];

	if (argc < 1)
		return ctl_error("table %s: missing TABLE (TABLE := { %s })", cmd,
				 clos_table_names(names, sizeof(names)));
	if (clos_table_get(argv[0], &t, &err))
		return ctl_error("%s", err.msg);
	return write ? ctl_switch_write() : ctl_switch();
}

static int table_show(int argc, char **argv)
{
	struct clos_err err;

	if (table_arg(argc, argv, "show", false))
		return -1;
	if (argc > 1)
		return ctl_error("table show %s: unexpected argument '%s'",
				 argv[0], argv[1]);
	if (clos_table_show(&ctl.sw, argv[0], &err))
		return ctl_error("%s", err.msg);
	return 0;
}

static int table_add(int argc, char **argv)
{
	struct clos_err err;

	if (table_arg(argc, argv, "add", true))
		return -1;
	if (clos_table_add(&ctl.sw, argv[0], argc - 1, argv + 1, &err))
		return ctl_error("%s", err.msg);
	return 0;
}

static int table_del(int argc, char **argv)
{
	struct clos_err err;

	if (table_arg(argc, argv, "del", true))
		return -1;
	if (clos_table_del(&ctl.sw, argv[0], argc - 1, argv + 1, &err))
		return ctl_error("%s", err.msg);
	return 0;
}

const struct cli_cmd table_cmds[] = {
	{ "show", table_show, "TABLE" },
	{ "add", table_add, "TABLE KEY... => ACTION [PARAM...]" },
	{ "del", table_del, "TABLE KEY..." },
	{}
};
