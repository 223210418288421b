/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the sync did and what it holds, for closctl fib show / fib stats:
 * its counters, its last errors, and a summary of the synced state
 * (routes by action, by source, punted routes by reason with the first
 * few named), written as JSON to /run/clos/SWITCH/fibsync.json by write
 * and rename, so a reader never sees half a file.
 */
#ifndef FS_STATUS_H
#define FS_STATUS_H

#include <stdbool.h>
#include <time.h>
#include <json-c/json.h>
#include "writer.h"

/* The kinds of error counted. */
#define FS_ERROR_KINDS(X)						\
	X(NETLINK,	"netlink")	/* a socket read or dump failed */ \
	X(MALFORMED,	"malformed")	/* a message that did not parse */ \
	X(OVERRUN,	"overrun")	/* events lost: read all again */ \
	X(ROUTE_WRITE,	"route_write")					\
	X(ROUTE_DELETE,	"route_delete")					\
	X(TABLE_FULL,	"table_full")					\
	X(NH_WRITE,	"nexthop_write")				\
	X(NH_DELETE,	"nexthop_delete")				\
	X(GROUP_WRITE,	"group_write")					\
	X(GROUP_DELETE,	"group_delete")					\
	X(PORT_STATE,	"port_state")					\
	X(SOLICIT,	"solicit")					\
	X(MEMORY,	"memory")					\
	X(BUSY,		"busy")		/* another writer held the switch */

enum fs_error_kind {
#define FS_ERROR_ENUM(id, name) FS_ERR_##id,
	FS_ERROR_KINDS(FS_ERROR_ENUM)
#undef FS_ERROR_ENUM
	FS_ERR_MAX
};

extern const char *const fs_error_names[FS_ERR_MAX];

struct fs_counters {
	unsigned long nl_messages;	/* events and dump answers */
	unsigned long nl_links, nl_neighs, nl_nexthops, nl_routes;
	unsigned long nl_ignored;	/* other tables, types, families */
	unsigned long full_syncs;	/* the first, and after each resync */
	unsigned long resyncs;		/* forced: overrun, admin link change */
	unsigned long batches;		/* incremental passes */
	unsigned long port_changes;	/* ports set up or down */
	unsigned long solicits;		/* neighbours the kernel was asked for */
	struct fs_write_stats w;
	unsigned long errors[FS_ERR_MAX];
	double last_full_ms;		/* dump to tables written */
	double last_batch_ms;		/* events read to tables written */
	double max_batch_ms;
	double busy_ms;			/* all batches together */
	time_t last_full;
	time_t last_change;
};

#define FS_ERRLOG_SIZE	16

struct fs_errlog {
	struct {
		time_t t;
		int kind;
		char msg[200];
	} e[FS_ERRLOG_SIZE];
	unsigned int n;		/* ever logged; the last FS_ERRLOG_SIZE kept */
};

void fs_errlog_add(struct fs_errlog *l, int kind, const char *msg);
/* The error kind of a writer error ("route_write" ...). */
int fs_error_kind(const char *name);

/* The process's peak resident memory. */
unsigned long fs_max_rss_kib(void);

/* Milliseconds as a JSON number with three decimals. */
json_object *fs_json_ms(double ms);

/* The counters as a JSON object. */
json_object *fs_status_counters(const struct fs_counters *c);
/* The last errors, oldest first, as a JSON array. */
json_object *fs_status_errors(const struct fs_errlog *l);

/* Write o to path atomically (a temporary file renamed over it). */
int fs_status_save(json_object *o, const char *path);

struct fs_model;
struct fs_ids;

/* Punted routes named in the status file; the rest are counted. */
#define FS_STATUS_PUNTED_MAX	200

/* The synced state: routes by action, by source, punted by reason (the
 * first FS_STATUS_PUNTED_MAX named, in prefix order), ids in use. */
json_object *fs_status_synced(const struct fs_model *m, const struct fs_ids *ids,
			      json_object **punted);

#endif /* FS_STATUS_H */
