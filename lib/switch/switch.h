/* SPDX-License-Identifier: GPL-2.0 */
/* A switch as user space sees it: its pin directory and its pinned maps. */
#ifndef CLOS_SWITCH_H
#define CLOS_SWITCH_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include "clos/abi.h"

#define CLOS_BPFFS		"/sys/fs/bpf"
#define CLOS_PIN_ROOT		CLOS_BPFFS "/clos"
#define CLOS_SWITCH_NAMSIZ	32

/* The pinned maps, by the names bpf/lib/maps.h gives them (a unit test
 * checks that every name here exists in the BPF object). */
#define CLOS_MAPS(X)					\
	X(PORTS,		"ports")		\
	X(PORT_BY_IFINDEX,	"port_by_ifindex")	\
	X(TX_PORTS,		"tx_ports")		\
	X(ROUTE_V4,		"route_v4")		\
	X(ROUTE_V6,		"route_v6")		\
	X(NEXTHOP,		"nexthop")		\
	X(ECMP_GROUPS,		"ecmp_groups")		\
	X(SWITCH_CFG,		"switch_cfg")		\
	X(PORT_STATS,		"port_stats")		\
	X(STATS,		"stats")		\
	X(ECMP_STATS,		"ecmp_stats")		\
	X(PCP_TC,		"pcp_tc")		\
	X(DSCP_TC,		"dscp_tc")		\
	X(TC_PCP,		"tc_pcp")		\
	X(TC_SCHED,		"tc_sched")		\
	X(TM_PROFILE,		"tm_profile")		\
	X(TM_STATE,		"tm_state")		\
	X(TM_STATS,		"tm_stats")		\
	X(PUNT_POLICE,		"punt_police")

enum clos_map_id {
#define CLOS_MAP_ENUM(id, name) CLOS_MAP_##id,
	CLOS_MAPS(CLOS_MAP_ENUM)
#undef CLOS_MAP_ENUM
	CLOS_MAP_MAX
};

extern const char *const clos_map_names[CLOS_MAP_MAX];
extern const char *const clos_stat_names[CLOS_STAT_MAX];

struct clos_switch {
	char name[CLOS_SWITCH_NAMSIZ];
	int fd[CLOS_MAP_MAX];
	int ncpus;		/* per-CPU map values have this many slots */
};

/* Make /sys/fs/bpf the machine's bpffs: under ip netns exec, join a mount
 * namespace that has it (lib/os/mntns.h); where there is none at all, mount
 * one (lab machines boot without one). Call it before anything else looks
 * at the bpffs (libxdp remembers where it found it). */
int clos_bpffs_ensure(void);

/* 0 if name is usable as a switch name, else -EINVAL with *why set. */
int clos_switch_name_check(const char *name, const char **why);

/* <pin root>/<switch>[/<file>] into buf; -ENAMETOOLONG when it won't fit. */
int clos_switch_path(char *buf, size_t len, const char *sw, const char *file);

bool clos_switch_exists(const char *name);

/* Open every pinned map of switch name. -ENOENT: no such switch. */
int clos_switch_open(struct clos_switch *sw, const char *name);
void clos_switch_close(struct clos_switch *sw);

/* Call fn for each attached switch (pin directories), in name order.
 * Stops and returns fn's value when it is non-zero. */
int clos_switch_foreach(int (*fn)(const char *name, void *arg), void *arg);

/* Ports by name or id. -ENOENT when there is no such port. */
int clos_port_by_name(const struct clos_switch *sw, const char *name,
		      __u32 *id, struct clos_port *port);
int clos_port_get(const struct clos_switch *sw, __u32 id,
		  struct clos_port *port);

int clos_switch_cfg_get(const struct clos_switch *sw,
			struct clos_switch_cfg *cfg);

struct clos_err;
/* Read sw's switch_cfg into cfg for what only queue mode has (HTB queues):
 * 1 when the switch runs in queue mode, 0 when not, or a negative errno
 * with why set ("switch S: cannot read switch_cfg: ..."). */
int clos_switch_queue_cfg(const struct clos_switch *sw,
			  struct clos_switch_cfg *cfg, struct clos_err *why);

/* Sum a per-CPU value made of __u64 words (counters) into out. */
int clos_percpu_sum(const struct clos_switch *sw, enum clos_map_id map,
		    __u32 key, void *out, size_t value_size);
/* Zero every entry of a per-CPU counter map. */
int clos_percpu_clear(const struct clos_switch *sw, enum clos_map_id map,
		      size_t value_size);

#endif /* CLOS_SWITCH_H */
