// SPDX-License-Identifier: GPL-2.0
/*
 * The schema of every table closctl knows. Offsets and sizes come from the
 * ABI structs themselves, so a layout change in clos/abi.h is picked up here
 * by the compiler, not by hand.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include "ecmp_store.h"
#include "parse_util.h"
#include "schema.h"

#define ARRAY_LEN(a)	((int)(sizeof(a) / sizeof((a)[0])))
#define MEMBER_SIZE(st, m)	sizeof(((st *)0)->m)
/* A field that is member m of struct st. */
#define FIELD_OF(n, ft, st, m)						\
	.name = (n), .type = (ft), .offset = offsetof(st, m),		\
	.size = MEMBER_SIZE(st, m)
#define ENUM_OF(n, st, m, list)						\
	FIELD_OF(n, CLOS_FT_ENUM, st, m),				\
	.names = (list), .num_names = ARRAY_LEN(list)
#define COUNTER_OF(n, st, m)	{ FIELD_OF(n, CLOS_FT_COUNTER, st, m) }
#define PACKETS_BYTES							\
	{ FIELD_OF("packets", CLOS_FT_U64, struct clos_counter, packets) }, \
	{ FIELD_OF("bytes", CLOS_FT_U64, struct clos_counter, bytes) }
#define ACTIONS(list)	.actions = (list), .num_actions = ARRAY_LEN(list)
#define KEYS(list)	.keys = (list), .num_keys = ARRAY_LEN(list)
#define ATTRS(list)	.attrs = (list), .num_attrs = ARRAY_LEN(list)
#define PARAMS(list)	.params = (list), .num_params = ARRAY_LEN(list)

/* --- ports ---------------------------------------------------------------- */

static const struct clos_field port_key[] = {
	{ .name = "port", .type = CLOS_FT_PORT, .size = sizeof(__u32),
	  .match = CLOS_MATCH_EXACT, .max = CLOS_MAX_PORTS - 1 },
};

static const struct clos_field port_host_params[] = {
	{ FIELD_OF("vlan", CLOS_FT_VLAN, struct clos_port, vlan) },
};

static const struct clos_action port_actions[] = {
	{ .name = "host", .value = CLOS_PORT_HOST, PARAMS(port_host_params),
	  .doc = "server-facing port, untagged (vlan 0) or 802.1Q tagged" },
	{ .name = "fabric", .value = CLOS_PORT_FABRIC,
	  .doc = "switch-facing routed port, always untagged" },
};

static const char *const port_state_names[] = { "down", "up" };
static const char *const port_trust_names[] = {
	[CLOS_TRUST_PCP] = "pcp",
	[CLOS_TRUST_DSCP] = "dscp",
};

static const struct clos_field port_attrs[] = {
	{ FIELD_OF("ifindex", CLOS_FT_U32, struct clos_port, ifindex) },
	{ FIELD_OF("mac", CLOS_FT_MAC, struct clos_port, mac) },
	{ ENUM_OF("state", struct clos_port, up, port_state_names) },
	{ ENUM_OF("trust", struct clos_port, trust, port_trust_names) },
	{ FIELD_OF("rate_bps", CLOS_FT_RATE, struct clos_port, rate_bps) },
};

static const struct clos_field port_present = {
	FIELD_OF("ifindex", CLOS_FT_U32, struct clos_port, ifindex)
};

/* --- routes --------------------------------------------------------------- */

static const struct clos_field route_v4_key[] = {
	{ .name = "prefix", .type = CLOS_FT_PREFIX4,
	  .size = sizeof(struct clos_lpm_v4), .match = CLOS_MATCH_LPM },
};

static const struct clos_field route_v6_key[] = {
	{ .name = "prefix", .type = CLOS_FT_PREFIX6,
	  .size = sizeof(struct clos_lpm_v6), .match = CLOS_MATCH_LPM },
};

static const struct clos_field route_nh_params[] = {
	{ FIELD_OF("nexthop", CLOS_FT_U32, struct clos_route, id),
	  .max = CLOS_MAX_NEXTHOPS - 1, .ref = "nexthop" },
};

static const struct clos_field route_ecmp_params[] = {
	{ FIELD_OF("group", CLOS_FT_U32, struct clos_route, id),
	  .max = CLOS_MAX_GROUPS - 1, .ref = "ecmp_groups" },
};

static const struct clos_action route_actions[] = {
	{ .name = "nexthop", .value = CLOS_RT_NEXTHOP, PARAMS(route_nh_params),
	  .doc = "forward to one nexthop" },
	{ .name = "ecmp", .value = CLOS_RT_ECMP, PARAMS(route_ecmp_params),
	  .doc = "spread flows over an ECMP group" },
	{ .name = "local", .value = CLOS_RT_LOCAL,
	  .doc = "hand to the switch's kernel stack (its own address)" },
	{ .name = "kernel", .value = CLOS_RT_KERNEL,
	  .doc = "let the switch's kernel forward it (connected, unresolved)" },
	{ .name = "drop", .value = CLOS_RT_DROP,
	  .doc = "blackhole: drop and count" },
};

#define ROUTE_ACTION_FIELD						\
	{ FIELD_OF("action", CLOS_FT_U32, struct clos_route, action) }

/* --- nexthop -------------------------------------------------------------- */

static const struct clos_field nexthop_key[] = {
	{ .name = "id", .type = CLOS_FT_U32, .size = sizeof(__u32),
	  .match = CLOS_MATCH_EXACT, .max = CLOS_MAX_NEXTHOPS - 1 },
};

static const struct clos_field nexthop_fwd_params[] = {
	{ FIELD_OF("port", CLOS_FT_PORT, struct clos_nexthop, port) },
	{ FIELD_OF("dmac", CLOS_FT_MAC, struct clos_nexthop, dmac) },
};

static const struct clos_action nexthop_actions[] = {
	{ .name = "fwd", .value = 1, PARAMS(nexthop_fwd_params),
	  .doc = "send out of port to the neighbour with MAC dmac" },
};

static const struct clos_field nexthop_present = {
	FIELD_OF("valid", CLOS_FT_U32, struct clos_nexthop, valid)
};

/* --- ecmp_groups ---------------------------------------------------------- */

static const struct clos_field group_key[] = {
	{ .name = "group", .type = CLOS_FT_U32, .size = sizeof(__u32),
	  .match = CLOS_MATCH_EXACT, .max = CLOS_MAX_GROUPS - 1 },
};

static const struct clos_action group_actions[] = {
	{ .name = "resilient", .value = CLOS_ECMP_RESILIENT,
	  .doc = "bucket table: a member change moves only its own flows" },
	{ .name = "modulo", .value = CLOS_ECMP_MODULO,
	  .doc = "hash % n over the active members" },
};

static const struct clos_field group_attrs[] = {
	{ FIELD_OF("members", CLOS_FT_MEMBERS, struct clos_ecmp_group, nexthop),
	  .ref = "nexthop" },
	{ FIELD_OF("active", CLOS_FT_U32, struct clos_ecmp_group, num_active) },
};

/* The live copy of the group (lib/ecmp_store.h). */
static int group_read(const struct clos_switch *sw, const void *key,
		      void *value)
{
	__u32 gid;

	memcpy(&gid, key, sizeof(gid));
	return clos_ecmp_store_get(sw->fd[CLOS_MAP_ECMP_GROUPS], gid, value);
}

/* --- switch_cfg ----------------------------------------------------------- */

static const struct clos_field index_key[] = {
	{ .name = "index", .type = CLOS_FT_U32, .size = sizeof(__u32),
	  .match = CLOS_MATCH_EXACT },
};

static const char *const switch_role_names[] = { "leaf", "spine" };
static const char *const switch_mode_names[] = { "fast", "queue" };

static const struct clos_field switch_cfg_attrs[] = {
	{ FIELD_OF("seed", CLOS_FT_U32, struct clos_switch_cfg, seed) },
	{ ENUM_OF("role", struct clos_switch_cfg, role, switch_role_names) },
	{ ENUM_OF("mode", struct clos_switch_cfg, mode, switch_mode_names) },
	{ FIELD_OF("ports", CLOS_FT_U32, struct clos_switch_cfg, num_ports) },
	{ FIELD_OF("netns", CLOS_FT_STRING, struct clos_switch_cfg, netns) },
};

/* --- counters ------------------------------------------------------------- */

static const struct clos_field port_stats_attrs[] = {
	COUNTER_OF("rx", struct clos_port_stats, rx),
	COUNTER_OF("tx", struct clos_port_stats, tx),
	COUNTER_OF("drop", struct clos_port_stats, drop),
	COUNTER_OF("punt", struct clos_port_stats, punt),
};

static const struct clos_field stats_key[] = {
	{ .name = "counter", .type = CLOS_FT_ENUM, .size = sizeof(__u32),
	  .match = CLOS_MATCH_EXACT, .names = clos_stat_names,
	  .num_names = CLOS_STAT_MAX },
};

static const struct clos_field counter_attrs[] = { PACKETS_BYTES };

/* ecmp_stats key = group * CLOS_MAX_MEMBERS + slot, shown as two fields. */
static const struct clos_field ecmp_stats_key[] = {
	{ .name = "group", .type = CLOS_FT_U32, .size = sizeof(__u32),
	  .match = CLOS_MATCH_EXACT, .max = CLOS_MAX_GROUPS - 1,
	  .unit = CLOS_MAX_MEMBERS },
	{ .name = "slot", .type = CLOS_FT_U32, .size = sizeof(__u32),
	  .match = CLOS_MATCH_EXACT, .max = CLOS_MAX_MEMBERS - 1, .unit = 1 },
};

/* --- QoS: classes ---------------------------------------------------------- */

static const struct clos_field pcp_key[] = {
	{ .name = "pcp", .type = CLOS_FT_U32, .size = sizeof(__u32),
	  .match = CLOS_MATCH_EXACT, .max = CLOS_NUM_PCP - 1 },
};

static const struct clos_field dscp_key[] = {
	{ .name = "dscp", .type = CLOS_FT_U32, .size = sizeof(__u32),
	  .match = CLOS_MATCH_EXACT, .max = CLOS_NUM_DSCP - 1 },
};

static const struct clos_field tc_key[] = {
	{ .name = "tc", .type = CLOS_FT_U32, .size = sizeof(__u32),
	  .match = CLOS_MATCH_EXACT, .max = CLOS_NUM_TC - 1 },
};

static const struct clos_field to_tc_params[] = {
	{ FIELD_OF("tc", CLOS_FT_U32, struct clos_tc_val, val),
	  .max = CLOS_NUM_TC - 1 },
};

/* One action and no field naming it: every entry is "=> tc T". */
static const struct clos_action to_tc_actions[] = {
	{ .name = "tc", PARAMS(to_tc_params),
	  .doc = "classify into traffic class tc" },
};

static const struct clos_field to_pcp_params[] = {
	{ FIELD_OF("pcp", CLOS_FT_U32, struct clos_tc_val, val),
	  .max = CLOS_NUM_PCP - 1 },
};

static const struct clos_action to_pcp_actions[] = {
	{ .name = "pcp", PARAMS(to_pcp_params),
	  .doc = "802.1Q PCP written on tagged egress ports" },
};

static const struct clos_field tc_sched_attrs[] = {
	{ FIELD_OF("strict", CLOS_FT_BOOL, struct clos_tc_sched, strict) },
	{ FIELD_OF("lossless", CLOS_FT_BOOL, struct clos_tc_sched, lossless) },
	{ FIELD_OF("weight", CLOS_FT_U32, struct clos_tc_sched, weight),
	  .max = CLOS_QOS_WEIGHT_MAX },
};

#define CLASS_HINT	"every entry exists; change it with 'table add' or 'closctl qos set'"

/* --- QoS: the traffic manager -------------------------------------------- */

/* tm_profile and tm_stats key = port * CLOS_NUM_TC + tc, as two fields. */
static const struct clos_field port_tc_key[] = {
	{ .name = "port", .type = CLOS_FT_PORT, .size = sizeof(__u32),
	  .match = CLOS_MATCH_EXACT, .max = CLOS_MAX_PORTS - 1,
	  .unit = CLOS_NUM_TC },
	{ .name = "tc", .type = CLOS_FT_U32, .size = sizeof(__u32),
	  .match = CLOS_MATCH_EXACT, .max = CLOS_NUM_TC - 1, .unit = 1 },
};

static const struct clos_field tm_profile_attrs[] = {
	{ FIELD_OF("ecn", CLOS_FT_BOOL, struct clos_tm_profile, ecn) },
	{ FIELD_OF("kmin", CLOS_FT_BYTES, struct clos_tm_profile, kmin) },
	{ FIELD_OF("kmax", CLOS_FT_BYTES, struct clos_tm_profile, kmax) },
	{ FIELD_OF("pmax", CLOS_FT_PCT, struct clos_tm_profile, pmax) },
	{ FIELD_OF("limit", CLOS_FT_BYTES, struct clos_tm_profile, limit) },
};

static const struct clos_field tm_state_attrs[] = {
	{ FIELD_OF("last_ns", CLOS_FT_U64, struct clos_tm_port, last_ns) },
	{ FIELD_OF("backlog", CLOS_FT_PER_TC, struct clos_tm_port, backlog) },
	{ FIELD_OF("max_backlog", CLOS_FT_PER_TC, struct clos_tm_port,
		   max_backlog) },
	{ FIELD_OF("races", CLOS_FT_U64, struct clos_tm_port, races) },
};

static const struct clos_field tm_stats_attrs[] = {
	{ FIELD_OF("packets", CLOS_FT_U64, struct clos_tm_stats, packets) },
	{ FIELD_OF("bytes", CLOS_FT_U64, struct clos_tm_stats, bytes) },
	{ FIELD_OF("ce_marked", CLOS_FT_U64, struct clos_tm_stats, ce_marked) },
	{ FIELD_OF("dropped", CLOS_FT_U64, struct clos_tm_stats, dropped) },
};

#define COUNTERS_HINT	"counters are reset with 'closctl counters clear'"

const struct clos_table clos_tables[] = {
	{
		.name = "ports", .map = CLOS_MAP_PORTS, .kind = CLOS_MK_ARRAY,
		.key_size = sizeof(__u32),
		.value_size = sizeof(struct clos_port),
		.flags = CLOS_TF_MODIFY_ONLY | CLOS_TF_LOADER_MANAGED,
		KEYS(port_key),
		.action_field = { FIELD_OF("role", CLOS_FT_U32,
					   struct clos_port, role) },
		ACTIONS(port_actions), ATTRS(port_attrs),
		.present = &port_present,
		.doc = "switch ports: role and VLAN; trust and rate_bps change with 'closctl port set'",
		.example = "table add ports eth1 '=>' host 10",
		.hint = "ports are created and removed by clos-loader",
	},
	{
		.name = "route_v4", .map = CLOS_MAP_ROUTE_V4,
		.kind = CLOS_MK_LPM, .key_size = sizeof(struct clos_lpm_v4),
		.value_size = sizeof(struct clos_route),
		KEYS(route_v4_key), .action_field = ROUTE_ACTION_FIELD,
		ACTIONS(route_actions),
		.doc = "IPv4 routes, longest prefix match",
		.example = "table add route_v4 10.0.2.0/24 '=>' ecmp 1",
	},
	{
		.name = "route_v6", .map = CLOS_MAP_ROUTE_V6,
		.kind = CLOS_MK_LPM, .key_size = sizeof(struct clos_lpm_v6),
		.value_size = sizeof(struct clos_route),
		KEYS(route_v6_key), .action_field = ROUTE_ACTION_FIELD,
		ACTIONS(route_actions),
		.doc = "IPv6 routes, longest prefix match",
		.example = "table add route_v6 2001:db8:2::/64 '=>' nexthop 3",
	},
	{
		.name = "nexthop", .map = CLOS_MAP_NEXTHOP,
		.kind = CLOS_MK_ARRAY, .key_size = sizeof(__u32),
		.value_size = sizeof(struct clos_nexthop),
		KEYS(nexthop_key),
		.action_field = { FIELD_OF("valid", CLOS_FT_U32,
					   struct clos_nexthop, valid) },
		ACTIONS(nexthop_actions), .present = &nexthop_present,
		.doc = "neighbours: egress port and destination MAC",
		.example = "table add nexthop 3 '=>' fwd eth2 02:00:00:00:00:02",
	},
	{
		.name = "ecmp_groups", .map = CLOS_MAP_ECMP_GROUPS,
		.kind = CLOS_MK_ARRAY, .key_size = sizeof(__u32),
		.value_size = sizeof(struct clos_ecmp_group),
		.read = group_read,
		.map_value_size = sizeof(struct clos_ecmp_entry),
		.flags = CLOS_TF_READ_ONLY, KEYS(group_key),
		.action_field = { FIELD_OF("kind", CLOS_FT_U32,
					   struct clos_ecmp_group, kind) },
		ACTIONS(group_actions), ATTRS(group_attrs),
		.doc = "ECMP groups: member nexthops and bucket table",
		.example = "group set 1 kind resilient members eth3,eth4",
		.hint = "groups change with 'closctl group set' and 'closctl group del'",
	},
	{
		.name = "switch_cfg", .map = CLOS_MAP_SWITCH_CFG,
		.kind = CLOS_MK_ARRAY, .key_size = sizeof(__u32),
		.value_size = sizeof(struct clos_switch_cfg),
		.flags = CLOS_TF_READ_ONLY | CLOS_TF_LOADER_MANAGED,
		KEYS(index_key), ATTRS(switch_cfg_attrs),
		.doc = "switch settings: ECMP seed, role, mode, netns",
		.example = "table show switch_cfg",
		.hint = "the switch settings are set by clos-loader attach",
	},
	{
		.name = "port_stats", .map = CLOS_MAP_PORT_CTR,
		.kind = CLOS_MK_PERCPU_ARRAY, .key_size = sizeof(__u32),
		.value_size = sizeof(struct clos_port_stats),
		.flags = CLOS_TF_READ_ONLY | CLOS_TF_COUNTERS,
		KEYS(port_key), ATTRS(port_stats_attrs),
		.doc = "per-port counters: rx, tx, drop, punt",
		.example = "table show port_stats", .hint = COUNTERS_HINT,
		.view_size = sizeof(struct clos_port_ctr),
		.view_offset = offsetof(struct clos_port_ctr, port), .parts = 1,
	},
	{
		.name = "stats", .map = CLOS_MAP_STATS,
		.kind = CLOS_MK_PERCPU_ARRAY, .key_size = sizeof(__u32),
		.value_size = sizeof(struct clos_counter),
		.flags = CLOS_TF_READ_ONLY | CLOS_TF_COUNTERS,
		KEYS(stats_key), ATTRS(counter_attrs),
		.doc = "switch counters: every forward, punt and drop reason",
		.example = "table show stats", .hint = COUNTERS_HINT,
		.view_size = sizeof(struct clos_stats), .parts = CLOS_STAT_MAX,
	},
	{
		.name = "ecmp_stats", .map = CLOS_MAP_ECMP_STATS,
		.kind = CLOS_MK_PERCPU_ARRAY, .key_size = sizeof(__u32),
		.value_size = sizeof(struct clos_counter),
		.flags = CLOS_TF_READ_ONLY | CLOS_TF_COUNTERS |
			 CLOS_TF_HIDE_ZERO,
		KEYS(ecmp_stats_key), ATTRS(counter_attrs),
		.doc = "per ECMP member counters (non-zero entries shown)",
		.example = "table show ecmp_stats", .hint = COUNTERS_HINT,
	},
	{
		.name = "pcp_tc", .map = CLOS_MAP_PCP_TC, .kind = CLOS_MK_ARRAY,
		.key_size = sizeof(__u32),
		.value_size = sizeof(struct clos_tc_val),
		.flags = CLOS_TF_MODIFY_ONLY, KEYS(pcp_key),
		ACTIONS(to_tc_actions),
		.doc = "802.1Q PCP -> traffic class (tagged frames on trust-pcp ports)",
		.example = "table add pcp_tc 3 '=>' tc 3", .hint = CLASS_HINT,
	},
	{
		.name = "dscp_tc", .map = CLOS_MAP_DSCP_TC, .kind = CLOS_MK_ARRAY,
		.key_size = sizeof(__u32),
		.value_size = sizeof(struct clos_tc_val),
		.flags = CLOS_TF_MODIFY_ONLY, KEYS(dscp_key),
		ACTIONS(to_tc_actions),
		.doc = "DSCP -> traffic class (untagged frames, trust-dscp ports)",
		.example = "table add dscp_tc 26 '=>' tc 3", .hint = CLASS_HINT,
	},
	{
		.name = "tc_pcp", .map = CLOS_MAP_TC_PCP, .kind = CLOS_MK_ARRAY,
		.key_size = sizeof(__u32),
		.value_size = sizeof(struct clos_tc_val),
		.flags = CLOS_TF_MODIFY_ONLY, KEYS(tc_key),
		ACTIONS(to_pcp_actions),
		.doc = "traffic class -> PCP written on tagged egress ports",
		.example = "table add tc_pcp 3 '=>' pcp 3", .hint = CLASS_HINT,
	},
	{
		.name = "tc_sched", .map = CLOS_MAP_TC_SCHED,
		.kind = CLOS_MK_ARRAY, .key_size = sizeof(__u32),
		.value_size = sizeof(struct clos_tc_sched),
		.flags = CLOS_TF_READ_ONLY, KEYS(tc_key),
		ATTRS(tc_sched_attrs),
		.doc = "per class scheduling: strict priority, or weighted; lossless",
		.example = "qos set tc 3 weight 50",
		.hint = "classes change with 'closctl qos set tc T ...' (which re-applies queue-mode qdiscs)",
	},
	{
		.name = "tm_profile", .map = CLOS_MAP_TM_PROFILE,
		.kind = CLOS_MK_ARRAY, .key_size = sizeof(__u32),
		.value_size = sizeof(struct clos_tm_profile),
		.flags = CLOS_TF_READ_ONLY, KEYS(port_tc_key),
		ATTRS(tm_profile_attrs),
		.doc = "per port and class WRED/ECN profile and tail-drop limit (0: none)",
		.example = "queue set eth1 tc 3 kmin 150k kmax 1.5m pmax 5",
		.hint = "profiles change with 'closctl queue set', and back to the defaults with 'closctl port set PORT rate R'",
	},
	{
		.name = "tm_state", .map = CLOS_MAP_TM_STATE,
		.kind = CLOS_MK_ARRAY, .key_size = sizeof(__u32),
		.value_size = sizeof(struct clos_tm_port),
		.flags = CLOS_TF_READ_ONLY, KEYS(port_key),
		ATTRS(tm_state_attrs),
		.doc = "traffic manager model per port: per class backlog (bytes) as of last_ns",
		.example = "table show tm_state",
		.hint = "the data path updates it; 'closctl queue show' drains it to now, 'closctl counters clear' resets max_backlog",
	},
	{
		.name = "tm_stats", .map = CLOS_MAP_PORT_CTR,
		.kind = CLOS_MK_PERCPU_ARRAY, .key_size = sizeof(__u32),
		.value_size = sizeof(struct clos_tm_stats),
		.flags = CLOS_TF_READ_ONLY | CLOS_TF_COUNTERS |
			 CLOS_TF_HIDE_ZERO,
		KEYS(port_tc_key), ATTRS(tm_stats_attrs),
		.doc = "per port and class counters: sent, CE marked, dropped (non-zero entries shown)",
		.example = "table show tm_stats", .hint = COUNTERS_HINT,
		.view_size = sizeof(struct clos_port_ctr),
		.view_offset = offsetof(struct clos_port_ctr, tc),
		.parts = CLOS_NUM_TC,
	},
};

const int clos_num_tables = ARRAY_LEN(clos_tables);

const struct clos_table *clos_table_find(const char *name)
{
	int i;

	for (i = 0; i < clos_num_tables; i++)
		if (strcmp(clos_tables[i].name, name) == 0)
			return &clos_tables[i];
	return NULL;
}

const struct clos_action *clos_action_find(const struct clos_table *t,
					   const char *name)
{
	int i;

	for (i = 0; i < t->num_actions; i++)
		if (strcmp(t->actions[i].name, name) == 0)
			return &t->actions[i];
	return NULL;
}

const struct clos_action *clos_action_by_value(const struct clos_table *t,
					       __u32 value)
{
	int i;

	for (i = 0; i < t->num_actions; i++)
		if (t->actions[i].value == value)
			return &t->actions[i];
	return NULL;
}

static const char *const ftype_names[CLOS_FT_MAX] = {
	[CLOS_FT_U32] = "u32",
	[CLOS_FT_U64] = "u64",
	[CLOS_FT_PREFIX4] = "prefix4",
	[CLOS_FT_PREFIX6] = "prefix6",
	[CLOS_FT_MAC] = "mac",
	[CLOS_FT_PORT] = "port",
	[CLOS_FT_VLAN] = "vlan",
	[CLOS_FT_ENUM] = "enum",
	[CLOS_FT_STRING] = "string",
	[CLOS_FT_COUNTER] = "counter",
	[CLOS_FT_MEMBERS] = "members",
	[CLOS_FT_BOOL] = "bool",
	[CLOS_FT_BYTES] = "bytes",
	[CLOS_FT_RATE] = "rate",
	[CLOS_FT_PCT] = "percent",
	[CLOS_FT_PER_TC] = "per_tc",
};

const char *clos_ftype_name(enum clos_ftype type)
{
	return type < CLOS_FT_MAX ? ftype_names[type] : "?";
}

const char *clos_match_name(enum clos_match match)
{
	switch (match) {
	case CLOS_MATCH_EXACT:
		return "exact";
	case CLOS_MATCH_LPM:
		return "lpm";
	default:
		return "none";
	}
}

const char *clos_map_kind_name(enum clos_map_kind kind)
{
	switch (kind) {
	case CLOS_MK_ARRAY:
		return "array";
	case CLOS_MK_HASH:
		return "hash";
	case CLOS_MK_LPM:
		return "lpm_trie";
	case CLOS_MK_PERCPU_ARRAY:
		return "percpu_array";
	}
	return "?";
}

const char *clos_table_flag_name(int bit)
{
	static const char *const names[CLOS_TF_NUM] = {
		"read-only", "modify-only", "loader-managed", "counters",
		"hide-zero", "locked",
	};

	return bit >= 0 && bit < CLOS_TF_NUM ? names[bit] : "?";
}

const char *clos_table_names(char *buf, size_t len)
{
	const char *names[ARRAY_LEN(clos_tables)];
	int i;

	for (i = 0; i < clos_num_tables; i++)
		names[i] = clos_tables[i].name;
	return clos_keywords_join(names, clos_num_tables, buf, len);
}

const char *clos_action_names(const struct clos_table *t, char *buf,
			      size_t len)
{
	const char *names[16];
	int i, n = t->num_actions < 16 ? t->num_actions : 16;

	for (i = 0; i < n; i++)
		names[i] = t->actions[i].name;
	return clos_keywords_join(names, n, buf, len);
}
