// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <net/if.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <bpf/bpf.h>
#include <json-c/json.h>
#include "jsonout.h"
#include "linkwatch.h"
#include "netns.h"
#include "pindir.h"
#include "portstate.h"

/* How long one port change waits for the switch's writer lock before it
 * is retried from a new dump (other switches' events wait meanwhile). */
#define WATCH_LOCK_WAIT_MS	500

/*
 * A watched switch is the maps it was opened on, and those outlive its
 * pins: after `detach` and `attach` of the same name, writes to the maps
 * we hold would reach no data path. So each switch is known by its
 * switch_cfg map's id (a new attach makes new maps, with new ids), and
 * every wakeup compares it with the pinned one: a switch replaced is
 * reopened, and its ports resynced from a fresh link dump; a switch gone
 * is let go (its maps freed) until a switch of that name comes back.
 */
struct watched {
	char name[CLOS_SWITCH_NAMSIZ];
	struct clos_switch sw;
	__u32 cfg_id;		/* the switch_cfg map we hold; 0: none */
	int fd;
	bool retry;		/* a change found the lock busy: dump again */
};

struct clos_linkwatch {
	int n;
	struct watched *w;
};

static __u64 now_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (__u64)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* Ask for every link's state; the answers arrive like events. */
static int request_dump(int fd)
{
	struct {
		struct nlmsghdr nh;
		struct ifinfomsg ifi;
	} req = {
		.nh = { .nlmsg_len = sizeof(req), .nlmsg_type = RTM_GETLINK,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = 1 },
		.ifi = { .ifi_family = AF_UNSPEC },
	};

	return send(fd, &req, sizeof(req), 0) < 0 ? -errno : 0;
}

/* A link socket inside the switch's namespace, with a dump request sent so
 * the first reads report every link's current state. */
static int open_socket(const struct clos_switch_cfg *cfg, struct clos_err *err)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = RTMGRP_LINK };
	char where[CLOS_NETNS_NAMSIZ + 16];
	int saved, fd, ret;

	ret = clos_netns_enter(cfg->netns, &saved);
	if (ret)
		return clos_err_set(err, ret, "%s: %s",
				    clos_netns_desc(cfg->netns, where, sizeof(where)),
				    strerror(-ret));
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	ret = fd < 0 ? -errno : 0;
	clos_netns_leave(saved);
	if (ret)
		return clos_err_set(err, ret, "netlink socket: %s", strerror(-ret));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || request_dump(fd)) {
		ret = -errno;
		close(fd);
		return clos_err_set(err, ret, "netlink: %s", strerror(-ret));
	}
	return fd;
}

/* The id of the map pinned at the switch's switch_cfg, or 0. */
static __u32 pinned_cfg_id(const char *name)
{
	char path[PATH_MAX];

	if (clos_switch_path(path, sizeof(path), name,
			    clos_map_names[CLOS_MAP_SWITCH_CFG]))
		return 0;
	return clos_pin_obj_id(path);
}

static __u32 map_id(int fd)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);

	return bpf_obj_get_info_by_fd(fd, &info, &len) ? 0 : info.id;
}

/* Let go of w's maps and socket. */
static void release(struct watched *w)
{
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
	clos_switch_close(&w->sw);
	w->cfg_id = 0;
}

/* Open the switch named w->name: its maps, and a link socket in its
 * netns with a dump asked for, so the first reads bring every port in line
 * with its link. */
static int watch_switch(struct watched *w, struct clos_err *err)
{
	struct clos_switch_cfg cfg;
	int ret;

	ret = clos_switch_open(&w->sw, w->name, err);
	if (ret)
		return ret;
	ret = clos_switch_cfg_get(&w->sw, &cfg);
	if (ret) {
		clos_switch_close(&w->sw);
		return clos_err_set(err, ret, "switch %s: config: %s", w->name,
				    strerror(-ret));
	}
	cfg.netns[sizeof(cfg.netns) - 1] = '\0';
	w->fd = open_socket(&cfg, err);
	if (w->fd < 0) {
		ret = w->fd;
		clos_switch_close(&w->sw);
		return ret;
	}
	w->cfg_id = map_id(w->sw.fd[CLOS_MAP_SWITCH_CFG]);
	w->retry = false;	/* the new socket's dump brings every link */
	return 0;
}

static void log_event(FILE *log, const char *sw, const char *event,
		      const char *what)
{
	json_object *o;

	if (!log)
		return;
	o = json_object_new_object();
	json_object_object_add(o, "time_ns", json_object_new_uint64(now_ns(CLOCK_REALTIME)));
	json_object_object_add(o, "switch", json_object_new_string(sw));
	json_object_object_add(o, "event", json_object_new_string(event));
	json_object_object_add(o, "message", jout_json_string(what));
	fprintf(log, "%s\n", json_object_to_json_string(o));
	fflush(log);
	json_object_put(o);
}

/* Is w still serving the switch pinned under its name? If not, follow:
 * let the old maps go, and open the new switch when there is one. Returns
 * true when w's socket changed (its pollfd must be renewed). */
static bool follow_switch(struct watched *w, FILE *log)
{
	__u32 pinned = pinned_cfg_id(w->name);
	struct clos_err err;
	char msg[256];
	bool had = w->cfg_id != 0;

	if (pinned && pinned == w->cfg_id)
		return false;
	if (!pinned) {
		if (!had)
			return false;
		release(w);
		log_event(log, w->name, "detached",
			  "switch detached: its maps are let go; watching for it to be attached again");
		return true;
	}
	release(w);
	if (watch_switch(w, &err)) {
		/* Half attached or half detached: look again next time. */
		log_event(log, w->name, "error", err.msg);
		return true;
	}
	snprintf(msg, sizeof(msg), "%s: watching its new maps (switch_cfg map id %u); ports resynced from their links",
		 had ? "switch replaced by a new attach" : "switch attached again",
		 w->cfg_id);
	log_event(log, w->name, had ? "replaced" : "attached", msg);
	return true;
}

static void log_change(FILE *log, const struct clos_switch *sw,
		       const struct clos_port *port, bool up, int groups,
		       __u64 rx_ns, __u64 done_ns)
{
	json_object *o;

	if (!log)
		return;
	o = json_object_new_object();
	json_object_object_add(o, "time_ns", json_object_new_uint64(now_ns(CLOCK_REALTIME)));
	json_object_object_add(o, "switch", jout_json_string(sw->name));
	json_object_object_add(o, "port", jout_json_string_len(port->name,
							       strnlen(port->name, sizeof(port->name))));
	json_object_object_add(o, "state", json_object_new_string(up ? "up" : "down"));
	json_object_object_add(o, "groups_changed", json_object_new_int(groups));
	json_object_object_add(o, "update_us",
			       json_object_new_double((done_ns - rx_ns) / 1000.0));
	fprintf(log, "%s\n", json_object_to_json_string(o));
	fflush(log);
	json_object_put(o);
}

/* {"error": "[SWITCH: ]MSG"} */
static void log_error(FILE *log, const char *sw, const char *msg)
{
	char line[CLOS_ERR_LEN + CLOS_SWITCH_NAMSIZ + 2];
	json_object *o;

	if (!log)
		return;
	snprintf(line, sizeof(line), "%s%s%s", sw ? sw : "", sw ? ": " : "", msg);
	o = json_object_new_object();
	json_object_object_add(o, "error", jout_json_string(line));
	fprintf(log, "%s\n", json_object_to_json_string(o));
	fflush(log);
	json_object_put(o);
}

static void handle_link(struct watched *w, const struct ifinfomsg *ifi,
			bool deleted, __u64 rx_ns, FILE *log)
{
	__u32 ifindex = ifi->ifi_index, id, ref;
	struct clos_port port;
	struct clos_err err;
	bool up, changed;
	int ret = 0;

	if (bpf_map_lookup_elem(w->sw.fd[CLOS_MAP_PORT_BY_IFINDEX], &ifindex, &ref) ||
	    ref == CLOS_IFINDEX_NO_PORT)
		return;		/* not one of our ports */
	id = ref - 1;
	if (clos_port_get(&w->sw, id, &port))
		return;
	/* Usable = administratively up and carrier (IFF_RUNNING). */
	up = !deleted && (ifi->ifi_flags & IFF_UP) && (ifi->ifi_flags & IFF_RUNNING);
	if (port.up == up)
		return;
	/* Read again and write under the switch's writer lock: closctl
	 * never writes back the `up` it read before this change. */
	if (clos_switch_lock(&w->sw, WATCH_LOCK_WAIT_MS, &err)) {
		log_error(log, NULL, err.msg);	/* "switch S: ..." */
		w->retry = true;
		return;
	}
	changed = !clos_port_get(&w->sw, id, &port) && port.up != up;
	if (changed)
		ret = clos_port_set_state(&w->sw, id, up, &err);
	clos_switch_unlock(&w->sw);
	if (!changed)
		return;
	if (ret < 0) {
		log_error(log, w->sw.name, err.msg);
		return;
	}
	log_change(log, &w->sw, &port, up, ret, rx_ns, now_ns(CLOCK_MONOTONIC));
}

static int read_socket(struct watched *w, FILE *log)
{
	char buf[16384] __attribute__((aligned(8)));
	struct nlmsghdr *nh;
	ssize_t len;
	__u64 rx_ns;

	len = recv(w->fd, buf, sizeof(buf), MSG_DONTWAIT);
	if (len < 0 && errno == ENOBUFS)
		return request_dump(w->fd);	/* events lost: read the truth */
	if (len < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -errno;
	rx_ns = now_ns(CLOCK_MONOTONIC);
	for (nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, (size_t)len);
	     nh = NLMSG_NEXT(nh, len)) {
		if (nh->nlmsg_type == RTM_NEWLINK || nh->nlmsg_type == RTM_DELLINK)
			handle_link(w, NLMSG_DATA(nh), nh->nlmsg_type == RTM_DELLINK,
				    rx_ns, log);
		/* A dump asked for while one ran is refused: ask again. */
		else if (nh->nlmsg_type == NLMSG_ERROR &&
			 ((struct nlmsgerr *)NLMSG_DATA(nh))->error == -EBUSY)
			w->retry = true;
	}
	return 0;
}

int clos_linkwatch_open(struct clos_linkwatch **out, char *const *switches,
			int n, struct clos_err *err)
{
	struct clos_linkwatch *lw;
	int i, j, ret = 0;

	lw = calloc(1, sizeof(*lw));
	if (!lw || !(lw->w = calloc(n, sizeof(*lw->w)))) {
		free(lw);
		return clos_err_set(err, -ENOMEM, "out of memory");
	}
	for (i = 0; i < n; i++) {
		lw->w[i].fd = -1;
		/* Nothing open yet: release() and close must not close fd 0. */
		for (j = 0; j < CLOS_MAP_MAX; j++)
			lw->w[i].sw.fd[j] = -1;
	}
	lw->n = n;
	for (i = 0; i < n && !ret; i++) {
		struct watched *w = &lw->w[i];

		snprintf(w->name, sizeof(w->name), "%s", switches[i]);
		ret = watch_switch(w, err);
	}
	if (ret) {
		clos_linkwatch_close(lw);
		return ret;
	}
	*out = lw;
	return 0;
}

int clos_linkwatch_run(struct clos_linkwatch *lw, volatile sig_atomic_t *stop,
		       FILE *log)
{
	struct pollfd *pfd;
	int i, ret = 0;

	pfd = calloc(lw->n, sizeof(*pfd));
	if (!pfd)
		return -ENOMEM;
	for (i = 0; i < lw->n; i++)
		pfd[i] = (struct pollfd){ .fd = lw->w[i].fd, .events = POLLIN };
	while (!*stop) {
		if (poll(pfd, lw->n, 200) < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			break;
		}
		for (i = 0; i < lw->n && !ret; i++) {
			/* Before an event is applied, and at least every
			 * 200 ms: is the switch still the one we hold? A
			 * new socket's dump brings what this one had. */
			if (follow_switch(&lw->w[i], log)) {
				pfd[i] = (struct pollfd){ .fd = lw->w[i].fd, .events = POLLIN };
				continue;
			}
			if (pfd[i].revents & POLLIN)
				ret = read_socket(&lw->w[i], log);
		}
		if (ret)
			break;
		for (i = 0; i < lw->n; i++)
			if (lw->w[i].retry && lw->w[i].fd >= 0)
				lw->w[i].retry = request_dump(lw->w[i].fd) != 0;
	}
	free(pfd);
	return ret;
}

void clos_linkwatch_close(struct clos_linkwatch *lw)
{
	int i;

	if (!lw)
		return;
	for (i = 0; i < lw->n; i++)
		release(&lw->w[i]);
	free(lw->w);
	free(lw);
}
