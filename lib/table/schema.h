/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Table schemas, in the spirit of P4Info: for each pinned map, the key
 * fields with their match kind, the actions (the enum value each writes into
 * the value and its parameters with type and offset), and the read-only
 * attributes shown next to an entry. lib/table.c reads entries of every
 * table through these descriptions, so closctl has one code path for all.
 */
#ifndef CLOS_SCHEMA_H
#define CLOS_SCHEMA_H

#include <stdbool.h>
#include "clos/abi.h"
#include "switch.h"

#define CLOS_QOS_WEIGHT_MAX	1000	/* weights of weighted classes: 1..this */

/* How a field's bytes are read, typed and shown. Integers are host order. */
enum clos_ftype {
	CLOS_FT_U32,		/* unsigned integer of size 1, 2 or 4 */
	CLOS_FT_U64,		/* 8-byte counter */
	CLOS_FT_PREFIX4,	/* struct clos_lpm_v4 */
	CLOS_FT_PREFIX6,	/* struct clos_lpm_v6 */
	CLOS_FT_MAC,		/* 6 bytes */
	CLOS_FT_PORT,		/* __u32 port id, typed and shown as its name */
	CLOS_FT_VLAN,		/* __u16 VLAN id, 0 = untagged */
	CLOS_FT_ENUM,		/* integer of size 1 or 4, typed as a keyword */
	CLOS_FT_STRING,		/* NUL-padded char array */
	CLOS_FT_COUNTER,	/* struct clos_counter */
	CLOS_FT_MEMBERS,	/* __u32 nexthop[CLOS_MAX_MEMBERS] of a group */
	CLOS_FT_BOOL,		/* __u8 0/1, typed on|off */
	CLOS_FT_BYTES,		/* __u32 size in bytes, typed 150k, 1.5m */
	CLOS_FT_RATE,		/* __u64 bit/s, typed 100mbit, 10g, 0 */
	CLOS_FT_PCT,		/* __u32 of CLOS_PMAX_ONE, typed and shown in % */
	CLOS_FT_PER_TC,		/* __u64[CLOS_NUM_TC], one per traffic class */
	CLOS_FT_MAX
};

enum clos_match {
	CLOS_MATCH_NONE,	/* not a key field */
	CLOS_MATCH_EXACT,
	CLOS_MATCH_LPM,
};

struct clos_field {
	const char *name;
	enum clos_ftype type;
	__u16 offset;		/* in the key or value */
	__u16 size;		/* bytes */
	enum clos_match match;	/* key fields only */
	__u32 max;		/* integers: largest allowed value (0: any) */
	/* Packed integer keys: value = raw / unit % (max + 1); 0 = plain. */
	__u32 unit;
	/* The value is the id of an entry of this table, which must exist. */
	const char *ref;
	const char *const *names;	/* CLOS_FT_ENUM: value -> keyword */
	int num_names;
};

struct clos_action {
	const char *name;
	__u32 value;		/* written into the table's action field */
	const struct clos_field *params;
	int num_params;
	const char *doc;
};

enum clos_map_kind {
	CLOS_MK_ARRAY,		/* fixed slots: "deleting" writes zeroes */
	CLOS_MK_HASH,
	CLOS_MK_LPM,
	CLOS_MK_PERCPU_ARRAY,	/* values summed over CPUs */
};

/* Table flags. */
#define CLOS_TF_READ_ONLY	(1u << 0)	/* no add/del through `table` */
#define CLOS_TF_MODIFY_ONLY	(1u << 1)	/* add modifies an existing entry */
#define CLOS_TF_LOADER_MANAGED	(1u << 2)	/* entries come and go with the loader */
#define CLOS_TF_COUNTERS	(1u << 3)	/* per-CPU counters, shown summed */
#define CLOS_TF_HIDE_ZERO	(1u << 4)	/* show lists non-zero entries only */
#define CLOS_TF_LOCKED		(1u << 5)	/* value has a spin lock: read with BPF_F_LOCK */
#define CLOS_TF_NUM		6

struct clos_table {
	const char *name;
	enum clos_map_id map;
	enum clos_map_kind kind;
	__u32 key_size;
	__u32 value_size;
	unsigned int flags;
	const struct clos_field *keys;
	int num_keys;
	/* Where the chosen action's value goes. Size 0 with one action: the
	 * table has that one action and no field saying so (pcp_tc). */
	struct clos_field action_field;
	const struct clos_action *actions;
	int num_actions;
	/* Shown with each entry, never set through the table. */
	const struct clos_field *attrs;
	int num_attrs;
	/* Array tables: a slot holds an entry when this field is non-zero. */
	const struct clos_field *present;
	/* A table whose map value is not the entry (ecmp_groups: a state word
	 * and two copies) reads entries through this (-ENOENT: none there);
	 * its map's values are map_value_size bytes. */
	int (*read)(const struct clos_switch *sw, const void *key, void *value);
	__u32 map_value_size;
	const char *doc;
	const char *example;	/* an add (or show) command line */
	const char *hint;	/* read-only tables: how they do change */
};

extern const struct clos_table clos_tables[];
extern const int clos_num_tables;

const struct clos_table *clos_table_find(const char *name);
const struct clos_action *clos_action_find(const struct clos_table *t,
					   const char *name);
const struct clos_action *clos_action_by_value(const struct clos_table *t,
					       __u32 value);

const char *clos_ftype_name(enum clos_ftype type);
const char *clos_match_name(enum clos_match match);
const char *clos_map_kind_name(enum clos_map_kind kind);
/* Name of flag bit i (0..CLOS_TF_NUM-1). */
const char *clos_table_flag_name(int bit);

/* "a|b|c" list of the table names / a table's action names. */
const char *clos_table_names(char *buf, size_t len);
const char *clos_action_names(const struct clos_table *t, char *buf,
			      size_t len);

#endif /* CLOS_SCHEMA_H */
