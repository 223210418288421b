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

/* How long a lock (the pin root's, a switch's writer lock) is tried before
 * it is refused as busy. Holders keep it for one attach (0.2 s), one
 * command, one port change or one FIB sync step (a full sync of 100k
 * routes: 0.3 s). */
#define CLOS_LOCK_WAIT_MS	3000

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
	X(PORT_CTR,		"port_ctr")		\
	X(STATS,		"stats")		\
	X(ECMP_STATS,		"ecmp_stats")		\
	X(PCP_TC,		"pcp_tc")		\
	X(DSCP_TC,		"dscp_tc")		\
	X(TC_PCP,		"tc_pcp")		\
	X(TC_SCHED,		"tc_sched")		\
	X(TM_PROFILE,		"tm_profile")		\
	X(TM_STATE,		"tm_state")		\
	X(PUNT_POLICE,		"punt_police")		\
	X(OBS_CFG,		"obs_cfg")		\
	X(OBS_BUF,		"obs_buf")		\
	X(OBS_RING,		"obs_ring")

enum clos_map_id {
#define CLOS_MAP_ENUM(id, name) CLOS_MAP_##id,
	CLOS_MAPS(CLOS_MAP_ENUM)
#undef CLOS_MAP_ENUM
	CLOS_MAP_MAX
};

extern const char *const clos_map_names[CLOS_MAP_MAX];
/* A map's name in the BPF object: its pin's name, but for obs_cfg and
 * switch_cfg, which are global data sections of the programs
 * (CLOS_OBS_CFG_SECTION, CLOS_SWITCH_CFG_SECTION; a pin's name may hold
 * no '.'). */
const char *clos_map_obj_name(enum clos_map_id map);
extern const char *const clos_stat_names[CLOS_STAT_MAX];

/* What a map must be to be taken for the switch's: the layouts of
 * include/clos/abi.h. Every pin is checked against it when opened;
 * tests/unit/test_abi.c checks every BPF object against it. */
struct clos_map_spec {
	__u32 type;		/* enum bpf_map_type */
	__u32 key_size;
	__u32 value_size;
	__u32 max_entries;
};

extern const struct clos_map_spec clos_map_specs[CLOS_MAP_MAX];

struct clos_switch {
	char name[CLOS_SWITCH_NAMSIZ];
	int fd[CLOS_MAP_MAX];
	int ncpus;		/* per-CPU map values have this many slots */
	int dir_fd;		/* the pin directory; -1: not pinned (tests) */
	int locks;		/* clos_switch_lock() depth */
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

struct clos_err;
/* 0 when fd is a map as clos_map_specs says map must be; else -EPROTO
 * with why naming the map and how it differs (a stale or foreign pin). */
int clos_map_check(int fd, enum clos_map_id map, struct clos_err *why);
/* Open map's pin in dir and check it. -ENOENT when it is not there. */
int clos_map_open_pinned(const char *dir, enum clos_map_id map,
			 struct clos_err *why);

/* Open every pinned map of switch name, each checked (clos_map_check), in
 * a pin directory checked as lib/switch/pindir.h says. A negative errno
 * with why set ("switch NAME: ..."); -ENOENT: no such switch. */
int clos_switch_open(struct clos_switch *sw, const char *name,
		     struct clos_err *why);
void clos_switch_close(struct clos_switch *sw);

/* The switch's writer lock: an flock on its pin directory, held by
 * whoever writes its tables (closctl for each write command, the link
 * watcher and clos-fibsync around each change), so that a
 * read-modify-write of an entry never undoes another writer's change.
 * Tried for wait_ms (CLOS_LOCK_WAIT_MS), then -EBUSY. Nests; a switch that
 * is not pinned has no lock to take. */
int clos_switch_lock(struct clos_switch *sw, int wait_ms, struct clos_err *why);
void clos_switch_unlock(struct clos_switch *sw);

/* Call fn for each attached switch (pin directories), in name order.
 * Stops and returns fn's value when it is non-zero; a pin root that
 * cannot be trusted is an error with why set. */
int clos_switch_foreach(int (*fn)(const char *name, void *arg), void *arg,
			struct clos_err *why);

/* Ports by name or id. -ENOENT when there is no such port. */
int clos_port_by_name(const struct clos_switch *sw, const char *name,
		      __u32 *id, struct clos_port *port);
int clos_port_get(const struct clos_switch *sw, __u32 id,
		  struct clos_port *port);

int clos_switch_cfg_get(const struct clos_switch *sw,
			struct clos_switch_cfg *cfg);

/* Read sw's switch_cfg into cfg for what only queue mode has (HTB queues):
 * 1 when the switch runs in queue mode, 0 when not, or a negative errno
 * with why set ("switch S: cannot read switch_cfg: ..."). */
int clos_switch_queue_cfg(const struct clos_switch *sw,
			  struct clos_switch_cfg *cfg, struct clos_err *why);

/* Sum a per-CPU value made of __u64 words (counters) into out. */
int clos_percpu_sum(const struct clos_switch *sw, enum clos_map_id map,
		    __u32 key, void *out, size_t value_size);
/* The same for size bytes from offset of a value of value_size (offset
 * and size multiples of 8). */
int clos_percpu_sum_part(const struct clos_switch *sw, enum clos_map_id map,
			 __u32 key, size_t value_size, size_t offset,
			 void *out, size_t size);
/* Zero every entry of a per-CPU counter map. */
int clos_percpu_clear(const struct clos_switch *sw, enum clos_map_id map,
		      size_t value_size);
/* Zero size bytes from offset of every entry, on every CPU, keeping the
 * rest (what the data path adds meanwhile to the part may be lost, as it
 * may be by a whole clear). */
int clos_percpu_clear_part(const struct clos_switch *sw, enum clos_map_id map,
			   size_t value_size, size_t offset, size_t size);

/* The switch's counters (stats), summed over CPUs: all of them, or one
 * (stat < CLOS_STAT_MAX); 0 or a negative errno. */
int clos_stats_get(const struct clos_switch *sw, struct clos_stats *s);
int clos_stat_get(const struct clos_switch *sw, enum clos_stat stat,
		  struct clos_counter *c);

/* A port's counters in port_ctr, summed over CPUs: its own (closctl's
 * port_stats), and one class's (tm_stats); 0 or a negative errno. */
int clos_port_stats_get(const struct clos_switch *sw, __u32 port,
			struct clos_port_stats *ps);
int clos_tm_stats_get(const struct clos_switch *sw, __u32 port, __u32 tc,
		      struct clos_tm_stats *ts);
/* Zero every port's own counters / every class's counters. */
int clos_port_stats_clear(const struct clos_switch *sw);
int clos_tm_stats_clear(const struct clos_switch *sw);

#endif /* CLOS_SWITCH_H */
