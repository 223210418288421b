/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generic table entries over a schema (lib/schema.h): one code path parses,
 * validates, writes, deletes, lists and prints entries of every table.
 *
 * Entries are written simple_switch_CLI style, as argv words:
 *	KEY... => ACTION [PARAM...]	e.g. 10.0.2.0/24 => ecmp 1
 * Everything is checked before any map is written: syntax and ranges,
 * prefixes without host bits, ports and referenced entries that exist.
 */
#ifndef CLOS_TABLE_H
#define CLOS_TABLE_H

#include <stddef.h>
#include "err.h"
#include "schema.h"
#include "switch.h"

/* Largest key and value of any table (checked by clos_table_check()). */
#define CLOS_TABLE_KEY_MAX	32
#define CLOS_TABLE_VALUE_MAX	256

/* The table by name; -ENOENT with err listing the tables. */
int clos_table_get(const char *name, const struct clos_table **t,
		   struct clos_err *err);

/* The pinned map has the key and value sizes the schema expects. */
int clos_table_check(const struct clos_switch *sw, const struct clos_table *t,
		     struct clos_err *err);

/* Read one entry (per-CPU values summed). -ENOENT when absent. For an LPM
 * table this is the data path's lookup: the longest matching prefix. */
int clos_table_lookup(const struct clos_switch *sw, const struct clos_table *t,
		      const void *key, void *value);

/* Is id a present entry of the table named table (e.g. "nexthop")? */
bool clos_table_has_id(const struct clos_switch *sw, const char *table,
		       __u32 id);

typedef int (*clos_entry_fn)(const struct clos_table *t, const void *key,
			     const void *value, void *arg);

/* Call fn for each present entry, in key order; stops when fn returns
 * non-zero and returns that. */
int clos_table_foreach(const struct clos_switch *sw, const struct clos_table *t,
		       clos_entry_fn fn, void *arg, struct clos_err *err);

/* The key as the user types it: "10.0.2.0/24", "eth1", "group 1 slot 0". */
const char *clos_table_key_str(const struct clos_switch *sw,
			       const struct clos_table *t, const void *key,
			       char *buf, size_t len);

/* Entries of other tables that refer to entry id of t (a route to a
 * nexthop, a group holding it): their count, the first few named in buf. */
int clos_table_users(const struct clos_switch *sw, const struct clos_table *t,
		     __u32 id, char *buf, size_t len, struct clos_err *err);

/* table add NAME KEY... => ACTION [PARAM...]: creates or replaces the
 * entry (modify-only tables: changes the existing one). */
int clos_table_add(struct clos_switch *sw, const char *table, int argc,
		   char **argv, struct clos_err *err);
/* table del NAME KEY...: refused while another entry refers to it. */
int clos_table_del(struct clos_switch *sw, const char *table, int argc,
		   char **argv, struct clos_err *err);
/* Print every entry through jout: a JSON array, or one line per entry in
 * the add syntax (KEY => ACTION PARAM...) followed by the attributes. */
int clos_table_show(const struct clos_switch *sw, const char *table,
		    struct clos_err *err);

#endif /* CLOS_TABLE_H */
