// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <net/if.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <linux/rtnetlink.h>
#include "fibsync.h"
#include "jsonout.h"
#include "log.h"
#include "netns.h"
#include "nlparse.h"
#include "portstate.h"
#include "sync.h"
#include "tables.h"
#include "xlate.h"

#define NS_PER_SEC		1000000000ull
#define EVENTS_PER_BATCH	8192
#define SOLICIT_EVERY_NS	(3 * NS_PER_SEC)	/* per neighbour */
#define FULL_SYNC_TRIES		5

static __u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * NS_PER_SEC + ts.tv_nsec;
}

static double ms_since(__u64 t0)
{
	return (now_ns() - t0) / 1e6;
}

static void error(struct fibsync *fs, int kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void error(struct fibsync *fs, int kind, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fs->c.errors[kind]++;
	fs_errlog_add(&fs->errs, kind, msg);
	fs->status_dirty = true;
	pr_warn("%s: %s\n", fs->sw.name, msg);
}

static void on_write_error(void *arg, const char *kind, const char *msg)
{
	struct fibsync *fs = arg;

	error(fs, fs_error_kind(kind), "%s", msg);
}

/* --- open ----------------------------------------------------------------- */

static int mkdir_p(const char *dir)
{
	char buf[PATH_MAX], *s;

	snprintf(buf, sizeof(buf), "%s", dir);
	for (s = buf + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -errno;
		*s = '/';
	}
	return mkdir(buf, 0755) && errno != EEXIST ? -errno : 0;
}

int fs_sync_open(struct fibsync *fs, const char *name, struct clos_err *err)
{
	char dir[PATH_MAX];
	int ret, saved;

	memset(fs, 0, sizeof(*fs));
	fs_model_init(&fs->m);
	fs_ids_init(&fs->ids);
	for (ret = 0; ret < CLOS_MAP_MAX; ret++)
		fs->sw.fd[ret] = -1;
	fs->state = "syncing";
	fs->started = time(NULL);
	ret = clos_switch_open(&fs->sw, name, err);
	if (ret)
		return ret;
	ret = clos_switch_cfg_get(&fs->sw, &fs->cfg);
	if (ret)
		return clos_err_set(err, ret, "switch %s: its config: %s", name,
				    strerror(-ret));
	fs->cfg.netns[sizeof(fs->cfg.netns) - 1] = '\0';
	ret = fs_tables_ports(&fs->sw, &fs->m, err);
	if (ret)
		return ret;
	/* The whole process moves: its sockets and /proc/sys/net are the
	 * switch's; the pins stay visible (another namespace kind). */
	ret = clos_netns_enter(fs->cfg.netns, &saved);
	if (ret)
		return clos_err_set(err, ret, "switch %s: netns %s: %s", name,
				    fs->cfg.netns, strerror(-ret));
	if (saved >= 0)
		close(saved);
	ret = fs_nl_open(&fs->nl, err);
	if (ret)
		return ret;
	if (clos_fibsync_status_path(dir, sizeof(dir), name, true) ||
	    clos_fibsync_status_path(fs->status_path, sizeof(fs->status_path), name, false))
		return clos_err_set(err, -ENAMETOOLONG, "switch %s: status path too long", name);
	ret = mkdir_p(dir);
	if (ret)
		return clos_err_set(err, ret, "%s: %s", dir, strerror(-ret));
	fs_tables_backend(&fs->sw, &fs->be);
	fs->be.error = on_write_error;
	fs->be.error_arg = fs;
	fs->opened = true;
	return 0;
}

void fs_sync_close(struct fibsync *fs)
{
	fs_nl_close(&fs->nl);
	fs_model_free(&fs->m);
	fs_ids_free(&fs->ids);
	clos_switch_close(&fs->sw);
}

/* --- messages ------------------------------------------------------------- */

/* A port's link: its state in the tables at once (ECMP groups fail it
 * out), before any route the kernel changes because of it. */
static void port_state(struct fibsync *fs, const struct fs_link_msg *l)
{
	int id = fs_model_port(&fs->m, l->ifindex), ret;
	struct clos_port port;
	struct clos_err err;
	bool up;

	if (id < 0 || clos_port_get(&fs->sw, id, &port))
		return;
	/* Usable = administratively up and carrier, as the watcher says. */
	up = !l->del && (l->flags & IFF_UP) && (l->flags & IFF_RUNNING);
	if (port.up == up)
		return;
	ret = clos_port_set_state(&fs->sw, id, up, &err);
	if (ret < 0) {
		error(fs, FS_ERR_PORT_STATE, "%s", err.msg);
		return;
	}
	fs->c.port_changes++;
	fs->status_dirty = true;
	pr_info("%s: port %s %s, %d group%s changed\n", fs->sw.name, port.name,
		up ? "up" : "down", ret, ret == 1 ? "" : "s");
}

static int on_msg(const struct nlmsghdr *nlh, void *arg)
{
	static struct fs_nl_msg msg;
	struct fibsync *fs = arg;
	int ret = 0;

	fs->c.nl_messages++;
	if (fs_nl_parse(nlh, &msg)) {
		error(fs, FS_ERR_MALFORMED, "netlink message type %u: malformed",
		      nlh->nlmsg_type);
		return 0;
	}
	switch (msg.kind) {
	case FS_NL_LINK:
		fs->c.nl_links++;
		port_state(fs, &msg.link);
		ret = fs_model_link(&fs->m, &msg.link);
		break;
	case FS_NL_NEIGH:
		fs->c.nl_neighs++;
		ret = fs_model_neigh(&fs->m, &msg.neigh);
		break;
	case FS_NL_NEXTHOP:
		fs->c.nl_nexthops++;
		ret = fs_model_nexthop(&fs->m, &msg.nh);
		break;
	case FS_NL_ROUTE:
		fs->c.nl_routes++;
		ret = fs_model_route(&fs->m, &msg.route);
		break;
	case FS_NL_NONE:
		fs->c.nl_ignored++;
		break;
	}
	if (ret) {
		/* The model lost something: only a full sync brings it back. */
		error(fs, FS_ERR_MEMORY, "out of memory");
		fs->m.resync = true;
	}
	return 0;
}

/* Translate and write what changed. */
static void apply(struct fibsync *fs)
{
	struct fs_model *m = &fs->m;
	struct fs_write_stats before = fs->c.w;
	int i;

	for (i = 0; i < 3 && (m->dirty || m->ps_dirty || m->ps_dead || m->resolve_all); i++) {
		fs_xlate_run(m, &fs->ids);
		fs_write(m, &fs->ids, &fs->be, &fs->c.w);
	}
	if (memcmp(&before, &fs->c.w, sizeof(before))) {
		fs->c.last_change = time(NULL);
		fs->status_dirty = true;
	}
}

/* --- full sync -------------------------------------------------------------- */

static int dump_all(struct fibsync *fs, struct clos_err *err)
{
	static const struct {
		int type, family;
	} dumps[] = {
		{ RTM_GETLINK, AF_UNSPEC }, { RTM_GETNEIGH, AF_UNSPEC },
		{ RTM_GETNEXTHOP, AF_UNSPEC }, { RTM_GETROUTE, AF_INET },
		{ RTM_GETROUTE, AF_INET6 },
	};
	unsigned int i;
	int ret;

	for (i = 0; i < sizeof(dumps) / sizeof(dumps[0]); i++) {
		ret = fs_nl_dump(&fs->nl, dumps[i].type, dumps[i].family, on_msg, fs, err);
		/* A kernel without nexthop objects has none to tell. */
		if (ret == -EOPNOTSUPP && dumps[i].type == RTM_GETNEXTHOP)
			continue;
		if (ret)
			return ret;
	}
	return 0;
}

/* Apply the events queued now; -ENOBUFS when some were lost. */
static int drain(struct fibsync *fs)
{
	int n, ret;

	do {
		ret = fs_nl_events(&fs->nl, on_msg, fs, EVENTS_PER_BATCH, &n);
	} while (!ret && n);
	return ret;
}

static int full_sync(struct fibsync *fs, struct clos_err *err)
{
	__u64 t0 = now_ns();
	int ret, tries;

	fs->state = "syncing";
	fs->last_full_w = fs->c.w;
	if (!fs->c.full_syncs) {
		ret = fs_tables_read(&fs->sw, &fs->m, &fs->ids, err);
		if (ret)
			return ret;
	}
	for (tries = 0; tries < FULL_SYNC_TRIES; tries++) {
		if (tries || fs->c.full_syncs)
			fs_model_forget(&fs->m);
		fs->m.resync = false;
		ret = dump_all(fs, err);
		if (ret) {
			error(fs, FS_ERR_NETLINK, "%s", err->msg);
			return ret;
		}
		ret = drain(fs);
		if (ret == -ENOBUFS) {
			error(fs, FS_ERR_OVERRUN, "netlink events lost during the dump; dumping again");
			continue;
		}
		if (ret) {
			error(fs, FS_ERR_NETLINK, "netlink events: %s", strerror(-ret));
			return clos_err_set(err, ret, "netlink events: %s", strerror(-ret));
		}
		if (!fs->m.resync)
			break;
	}
	apply(fs);
	fs->c.full_syncs++;
	fs->c.last_full = time(NULL);
	fs->c.last_full_ms = ms_since(t0);
	fs->state = "running";
	fs_sync_status(fs, NULL);
	return 0;
}

/* The sync writes under the switch's writer lock (clos_switch_lock), as
 * closctl and the link watcher do: its port state changes and group
 * rewrites are read-modify-writes of what they also write. */
static int lock_switch(struct fibsync *fs, struct clos_err *err)
{
	int ret = clos_switch_lock(&fs->sw, CLOS_LOCK_WAIT_MS, err);

	if (ret)
		error(fs, FS_ERR_BUSY, "%s", err->msg);
	return ret;
}

int fs_sync_full(struct fibsync *fs, struct clos_err *err)
{
	int ret = lock_switch(fs, err);

	if (ret)
		return ret;
	ret = full_sync(fs, err);
	clos_switch_unlock(&fs->sw);
	return ret;
}

/* --- steps ------------------------------------------------------------------- */

/* Ask the kernel for the gateways the sets wait for, each at most every
 * few seconds (the kernel itself tries a few times, then gives up). */
static void solicit(struct fibsync *fs)
{
	__u64 now = now_ns();
	struct fs_neigh *n;
	bool any = false;
	int ret;

	if (!fs->m.want_solicit || now - fs->solicit_ns < NS_PER_SEC)
		return;
	fs->solicit_ns = now;
	FS_HTAB_FOR_EACH(&fs->m.neighs, n, struct fs_neigh, h) {
		if (!n->wanted || fs_neigh_resolved(n))
			continue;
		any = true;
		if (n->solicited_ns && now - n->solicited_ns < SOLICIT_EVERY_NS)
			continue;
		n->solicited_ns = now;
		ret = fs_nl_solicit(&fs->nl, n->family, n->ifindex, n->addr);
		if (ret)
			error(fs, FS_ERR_SOLICIT, "asking the kernel to resolve a neighbour: %s",
			      strerror(-ret));
		else
			fs->c.solicits++;
	}
	fs->m.want_solicit = any;
}

int fs_sync_step(struct fibsync *fs, int timeout_ms, struct clos_err *err)
{
	struct pollfd pfd = { .fd = fs_nl_event_fd(&fs->nl), .events = POLLIN };
	__u64 t0;
	double ms;
	int ret, n;

	ret = poll(&pfd, 1, timeout_ms);
	if (ret < 0 && errno != EINTR)
		return clos_err_set(err, -errno, "poll: %s", strerror(errno));
	/* Busy: the events wait in the socket for the next step (a full
	 * sync if they overflow it). */
	if (ret > 0 && !lock_switch(fs, err)) {
		t0 = now_ns();
		ret = fs_nl_events(&fs->nl, on_msg, fs, EVENTS_PER_BATCH, &n);
		if (ret == -ENOBUFS) {
			error(fs, FS_ERR_OVERRUN, "netlink events lost; syncing again in full");
			fs->m.resync = true;
		} else if (ret) {
			error(fs, FS_ERR_NETLINK, "netlink events: %s", strerror(-ret));
		}
		if (fs->m.resync) {
			fs->c.resyncs++;
			ret = fs_sync_full(fs, err);
			if (ret) {
				clos_switch_unlock(&fs->sw);
				return ret;
			}
			fs_sync_report(fs, stdout);
		} else {
			apply(fs);
			fs->c.batches++;
			ms = ms_since(t0);
			fs->c.last_batch_ms = ms;
			fs->c.busy_ms += ms;
			if (ms > fs->c.max_batch_ms)
				fs->c.max_batch_ms = ms;
			pr_info("%s: %d messages in %.3f ms\n", fs->sw.name, n, ms);
		}
		clos_switch_unlock(&fs->sw);
	}
	solicit(fs);
	t0 = now_ns();
	if (t0 - fs->tick_ns < NS_PER_SEC)
		return 0;
	fs->tick_ns = t0;
	/* Detached: the maps written are no switch's any more. */
	if (!clos_switch_exists(fs->sw.name))
		return clos_err_set(err, -ENODEV, "switch %s: detached (its pins are gone)",
				    fs->sw.name);
	if (fs->status_dirty)
		fs_sync_status(fs, NULL);
	return 0;
}

/* --- status ------------------------------------------------------------------ */

static int read_flag(const char *path)
{
	FILE *f = fopen(path, "r");
	int v = -1;

	if (!f)
		return -1;
	if (fscanf(f, "%d", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

int fs_sync_status(struct fibsync *fs, const char *state)
{
	json_object *o = json_object_new_object(), *fwd, *ranges, *r, *punted, *c, *nl;
	int ret;

	if (state)
		fs->state = state;
	json_object_object_add(o, "switch", json_object_new_string(fs->sw.name));
	json_object_object_add(o, "netns", jout_json_string(fs->cfg.netns));
	json_object_object_add(o, "pid", json_object_new_int(getpid()));
	json_object_object_add(o, "state", json_object_new_string(fs->state));
	json_object_object_add(o, "started", json_object_new_int64(fs->started));
	json_object_object_add(o, "updated", json_object_new_int64(time(NULL)));
	/* Punted routes need the kernel to forward. */
	fwd = json_object_new_object();
	json_object_object_add(fwd, "ipv4", json_object_new_boolean(
		read_flag("/proc/sys/net/ipv4/ip_forward") == 1));
	json_object_object_add(fwd, "ipv6", json_object_new_boolean(
		read_flag("/proc/sys/net/ipv6/conf/all/forwarding") == 1));
	json_object_object_add(o, "kernel_forwarding", fwd);
	ranges = json_object_new_object();
	r = json_object_new_array();
	json_object_array_add(r, json_object_new_int(CLOS_FIBSYNC_NH_FIRST));
	json_object_array_add(r, json_object_new_int(CLOS_MAX_NEXTHOPS - 1));
	json_object_object_add(ranges, "nexthop", r);
	r = json_object_new_array();
	json_object_array_add(r, json_object_new_int(CLOS_FIBSYNC_GROUP_FIRST));
	json_object_array_add(r, json_object_new_int(CLOS_MAX_GROUPS - 1));
	json_object_object_add(ranges, "group", r);
	json_object_object_add(o, "ranges", ranges);
	json_object_object_add(o, "synced", fs_status_synced(&fs->m, &fs->ids, &punted));
	json_object_object_add(o, "punted_routes", punted);
	c = fs_status_counters(&fs->c);
	if (json_object_object_get_ex(c, "netlink", &nl))
		json_object_object_add(nl, "ignored", json_object_new_uint64(
			fs->c.nl_ignored + fs->m.ignored));
	json_object_object_add(o, "counters", c);
	json_object_object_add(o, "errors", fs_status_errors(&fs->errs));
	ret = fs_status_save(o, fs->status_path);
	json_object_put(o);
	fs->status_dirty = false;
	fs->status_ns = now_ns();
	if (ret)
		pr_warn("%s: status file %s: %s\n", fs->sw.name, fs->status_path,
			strerror(-ret));
	return ret;
}

void fs_sync_report(struct fibsync *fs, FILE *f)
{
	const struct fs_write_stats *w = &fs->c.w, *b = &fs->last_full_w;
	json_object *synced, *punted, *o, *v;
	unsigned long routes = 0;

	synced = fs_status_synced(&fs->m, &fs->ids, &punted);
	json_object_put(punted);
	if (json_object_object_get_ex(synced, "routes", &v))
		routes = json_object_get_int64(json_object_object_get(v, "ipv4")) +
			 json_object_get_int64(json_object_object_get(v, "ipv6"));
	if (fs->json) {
		o = json_object_new_object();
		json_object_object_add(o, "switch", json_object_new_string(fs->sw.name));
		json_object_object_add(o, "sync", json_object_new_string(
			fs->c.full_syncs > 1 ? "resync" : "full"));
		json_object_object_add(o, "duration_ms", fs_json_ms(fs->c.last_full_ms));
		json_object_object_add(o, "routes_added", json_object_new_uint64(
			w->routes_added - b->routes_added));
		json_object_object_add(o, "routes_replaced", json_object_new_uint64(
			w->routes_replaced - b->routes_replaced));
		json_object_object_add(o, "routes_deleted", json_object_new_uint64(
			w->routes_deleted - b->routes_deleted));
		json_object_object_add(o, "max_rss_kib", json_object_new_uint64(fs_max_rss_kib()));
		json_object_object_add(o, "synced", synced);
		fprintf(f, "%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
			JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(o);
	} else {
		fprintf(f, "%s: %s in %.1f ms: %lu routes (%lu added, %lu replaced, "
			"%lu deleted), %d nexthops, %d groups, %ld punted\n",
			fs->sw.name, fs->c.full_syncs > 1 ? "resync" : "full sync",
			fs->c.last_full_ms,
			routes, w->routes_added - b->routes_added,
			w->routes_replaced - b->routes_replaced,
			w->routes_deleted - b->routes_deleted, fs->ids.nh_used,
			fs->ids.groups_used,
			(long)json_object_get_int64(json_object_object_get(
				json_object_object_get(synced, "punted"), "total")));
		json_object_put(synced);
	}
	fflush(f);
}
