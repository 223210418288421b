// SPDX-License-Identifier: GPL-2.0
/*
 * clos-bench failover: how long from a link going down to the ECMP group
 * that used it being rewritten by the fabric's link watcher
 * (`clos-loader watch`, lib/linkwatch.c), in a running fabric.
 *
 * Each trial takes the link down with one SIOCSIFFLAGS ioctl (from the
 * switch's side: admin down; or with --peer-netns from the far side: the
 * switch sees its carrier go), then reads the switch's pinned group until
 * the member on that port is inactive, the clock running from just before
 * the ioctl. Then the link comes back, the member must come back, and the
 * next trial starts after --settle ms. The watcher's own time (netlink
 * message in -> map written, its update_us) is read from its log.
 */
#include <errno.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <bpf/bpf.h>
#include "bench.h"
#include "ecmp.h"
#include "group.h"
#include "netns.h"
#include "switch.h"

#define FO_CMD		"failover"
#define FO_MAX_TRIALS	200
#define FO_TIMEOUT_NS	2000000000ull

struct fo_params {
	const char *sw, *netns, *port, *peer_netns, *peer_port, *log;
	__u64 gid, trials, settle_ms;
};

/* The options as given; cmd_failover() checks them. */
static struct {
	const char *sw, *netns, *port, *peer_netns, *peer_port, *group, *trials,
		*settle, *log;
} given;

const struct cli_opt failover_opts[] = {
	CLI_OPT_STRING("switch", 0, "SW", &given.sw, "the switch (clos-loader name)"),
	CLI_OPT_STRING("netns", 0, "NS", &given.netns, "the switch's namespace"),
	CLI_OPT_STRING("port", 0, "IF", &given.port, "the switch's port that goes down"),
	CLI_OPT_STRING("peer-netns", 0, "NS", &given.peer_netns,
		       "take the far end of the link down instead, in NS"),
	CLI_OPT_STRING("peer-port", 0, "IF", &given.peer_port,
		       "the far end's interface (with --peer-netns)"),
	CLI_OPT_STRING("group", 0, "GID", &given.group,
		       "the ECMP group with a member on IF (default 1)"),
	CLI_OPT_STRING("trials", 0, "N", &given.trials,
		       "down and up again N times (1..200, default 20)"),
	CLI_OPT_STRING("settle", 0, "MS", &given.settle,
		       "pause after each change (0..10000, default 100)"),
	CLI_OPT_STRING("log", 0, "FILE", &given.log,
		       "the link watcher's log, for its own update times"),
	{}
};

const char failover_doc[] =
"\n"
"Take switch SW's port IF down and up --trials times and time link down ->\n"
"the port's member of group GID inactive in the pinned map, and link up ->\n"
"active again. With --peer-netns and --peer-port the far end of the link\n"
"goes down instead (carrier loss). Prints JSON.\n";

/* The slot of gid whose nexthop is on port id, or -1. */
static int port_slot(const struct clos_switch *sw, __u32 gid, __u32 id)
{
	struct clos_ecmp_group g;
	struct clos_nexthop nh;
	int s;

	if (clos_group_get(sw, gid, &g))
		return -1;
	for (s = 0; s < g.num_slots && s < CLOS_MAX_MEMBERS; s++) {
		if (g.nexthop[s] == CLOS_NH_NONE)
			continue;
		if (!bpf_map_lookup_elem(sw->fd[CLOS_MAP_NEXTHOP], &g.nexthop[s], &nh) &&
		    nh.port == id)
			return s;
	}
	return -1;
}

static int slot_active(const struct clos_switch *sw, __u32 gid, int slot)
{
	struct clos_ecmp_group g;

	if (clos_group_get(sw, gid, &g))
		return -1;
	return clos_ecmp_slot_active(&g, slot);
}

/* A datagram socket in netns: ioctls on it act on that namespace's links. */
static int ns_socket(const char *netns)
{
	int saved, fd, err;

	err = clos_netns_enter(netns, &saved);
	if (err)
		return err;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	err = fd < 0 ? -errno : fd;
	clos_netns_leave(saved);
	return err;
}

static int link_set(int fd, const char *ifname, bool up)
{
	struct ifreq ifr = {};

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr))
		return -errno;
	if (up)
		ifr.ifr_flags |= IFF_UP;
	else
		ifr.ifr_flags &= ~IFF_UP;
	return ioctl(fd, SIOCSIFFLAGS, &ifr) ? -errno : 0;
}

/* Wait until the slot is (in)active; ns from t0, or < 0 on timeout. */
static double wait_slot(const struct clos_switch *sw, __u32 gid, int slot,
			bool active, __u64 t0)
{
	__u64 now;

	for (;;) {
		now = bench_now_ns();
		if (slot_active(sw, gid, slot) == active)
			return (now - t0) / 1e6;
		if (now - t0 > FO_TIMEOUT_NS)
			return -1;
		/* Let the watcher have the CPU if it shares ours. */
		sched_yield();
	}
}

static void sleep_ms(__u64 ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* The watcher's update_us of our port's down events, from offset on. */
static int watcher_times(const struct fo_params *o, long offset, double *us, int max)
{
	char line[1024];
	int n = 0;
	FILE *f;

	if (!o->log)
		return 0;
	f = fopen(o->log, "r");
	if (!f)
		return 0;
	fseek(f, offset, SEEK_SET);
	while (n < max && fgets(line, sizeof(line), f)) {
		struct json_object *j = json_tokener_parse(line), *v;
		const char *sw = NULL, *port = NULL, *state = NULL;

		if (!j)
			continue;
		if (json_object_object_get_ex(j, "switch", &v))
			sw = json_object_get_string(v);
		if (json_object_object_get_ex(j, "port", &v))
			port = json_object_get_string(v);
		if (json_object_object_get_ex(j, "state", &v))
			state = json_object_get_string(v);
		if (sw && port && state && !strcmp(sw, o->sw) && !strcmp(port, o->port) &&
		    !strcmp(state, "down") && json_object_object_get_ex(j, "update_us", &v))
			us[n++] = json_object_get_double(v);
		json_object_put(j);
	}
	fclose(f);
	return n;
}

static struct json_object *fo_run(const struct fo_params *o)
{
	static double down[FO_MAX_TRIALS], up[FO_MAX_TRIALS], sys[FO_MAX_TRIALS],
		      wus[FO_MAX_TRIALS];
	const char *ns = o->peer_netns ? o->peer_netns : o->netns;
	const char *dev = o->peer_port ? o->peer_port : o->port;
	struct json_object *res = NULL;
	struct clos_switch sw;
	struct clos_err e;
	struct stat st;
	long offset = 0;
	__u64 i, t0;
	int fd, err, slot, nw;
	__u32 id;

	err = clos_switch_open(&sw, o->sw, &e);
	if (err) {
		bench_err("failover: %s", e.msg);
		return NULL;
	}
	fd = ns_socket(ns);
	if (fd < 0) {
		bench_err("failover: netns %s: %s", ns, strerror(-fd));
		goto out_sw;
	}
	if (clos_port_by_name(&sw, o->port, &id, NULL) ||
	    (slot = port_slot(&sw, o->gid, id)) < 0) {
		bench_err("failover: %s has no member of group %llu on port %s", o->sw,
			  (unsigned long long)o->gid, o->port);
		goto out;
	}
	if (o->log && !stat(o->log, &st))
		offset = st.st_size;
	for (i = 0; i < o->trials; i++) {
		if (slot_active(&sw, o->gid, slot) != 1) {
			bench_err("failover: trial %llu: the member is not active to start with",
				  (unsigned long long)i + 1);
			goto out;
		}
		t0 = bench_now_ns();
		err = link_set(fd, dev, false);
		sys[i] = (bench_now_ns() - t0) / 1e6;
		down[i] = err ? -1 : wait_slot(&sw, o->gid, slot, false, t0);
		sleep_ms(o->settle_ms);
		t0 = bench_now_ns();
		err = err ? err : link_set(fd, dev, true);
		up[i] = err ? -1 : wait_slot(&sw, o->gid, slot, true, t0);
		if (err || down[i] < 0 || up[i] < 0) {
			bench_err("failover: trial %llu: %s", (unsigned long long)i + 1,
				  err ? strerror(-err) : "the group did not follow the link in 2 s");
			link_set(fd, dev, true);
			goto out;
		}
		sleep_ms(o->settle_ms);
	}
	nw = watcher_times(o, offset, wus, FO_MAX_TRIALS);
	res = json_object_new_object();
	bench_jadd_str(res, "switch", o->sw);
	bench_jadd_str(res, "port", o->port);
	bench_jadd_str(res, "how", o->peer_netns ? "far end admin down (carrier loss)"
					       : "admin down");
	bench_jadd_u64(res, "trials", o->trials);
	json_object_object_add(res, "down_to_group_ms", bench_summary(down, o->trials));
	json_object_object_add(res, "ioctl_ms", bench_summary(sys, o->trials));
	json_object_object_add(res, "up_to_group_ms", bench_summary(up, o->trials));
	if (nw)
		json_object_object_add(res, "watcher_update_us", bench_summary(wus, nw));
out:
	close(fd);
out_sw:
	clos_switch_close(&sw);
	return res;
}

int cmd_failover(int argc, char **argv)
{
	struct fo_params o = {
		.sw = given.sw, .netns = given.netns, .port = given.port,
		.peer_netns = given.peer_netns, .peer_port = given.peer_port,
		.log = given.log, .gid = 1, .trials = 20, .settle_ms = 100,
	};

	if (bench_no_args(FO_CMD, argc, argv) ||
	    bench_opt_u64(FO_CMD, "group", given.group, 0, 0xffffffffu, "a group id",
			  &o.gid) ||
	    bench_opt_u64(FO_CMD, "trials", given.trials, 1, FO_MAX_TRIALS, "1 to 200",
			  &o.trials) ||
	    bench_opt_u64(FO_CMD, "settle", given.settle, 0, 10000, "0 to 10000 ms",
			  &o.settle_ms))
		return BENCH_EXIT_USAGE;
	if (!o.sw || !o.netns || !o.port || !o.peer_netns != !o.peer_port) {
		bench_err("failover: --switch, --netns and --port are needed, and --peer-netns goes with --peer-port; try 'clos-bench help failover'");
		return BENCH_EXIT_USAGE;
	}
	return bench_print(fo_run(&o));
}
