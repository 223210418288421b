// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "log.h"
#include "netns.h"
#include "pindir.h"
#include "switch.h"
#include "ifinfo.h"
#include "loader.h"
#include "pins.h"
#include "port_tc.h"
#include "port_xdp.h"
#include "queue.h"
#include "hooks.h"
#include "teardown.h"


static __u32 pinned_prog_id(const char *dir, const char *file)
{
	char path[PATH_MAX];

	if (snprintf(path, sizeof(path), "%s/%s", dir, file) >= (int)sizeof(path))
		return 0;
	return clos_pin_obj_id(path);
}

/* A map an attach never got to pin is not there; one that is there but
 * not the switch's (clos_map_check) is refused: its values would be read
 * into our structs. */
int switch_read_pins(const char *dir, struct pinned_switch *ps,
		     struct clos_err *why)
{
	__u32 key = 0, i;
	int fd;

	memset(ps, 0, sizeof(*ps));
	fd = clos_map_open_pinned(dir, CLOS_MAP_SWITCH_CFG, why);
	if (fd == -EPROTO)
		return fd;
	if (fd >= 0) {
		ps->have_cfg = !bpf_map_lookup_elem(fd, &key, &ps->cfg);
		close(fd);
	}
	fd = clos_map_open_pinned(dir, CLOS_MAP_PORTS, why);
	if (fd == -EPROTO)
		return fd;
	if (fd >= 0) {
		for (i = 0; i < CLOS_MAX_PORTS; i++)
			if (bpf_map_lookup_elem(fd, &i, &ps->ports[i]))
				ps->ports[i].ifindex = 0;
		close(fd);
	}
	ps->prog_id = pinned_prog_id(dir, CLOS_PIN_PROG_INGRESS);
	ps->egress_id = pinned_prog_id(dir, CLOS_PIN_PROG_EGRESS);
	ps->have_hooks = !hooks_read(dir, ps->hooks);
	/* One XDP program on every port: unpinned if the attach died right
	 * after making it, but written down. */
	for (i = 0; i < CLOS_MAX_PORTS && !ps->prog_id; i++)
		if (ps->hooks[i].kinds & HOOK_XDP)
			ps->prog_id = ps->hooks[i].prog_id;
	ps->cfg.netns[sizeof(ps->cfg.netns) - 1] = '\0';
	return 0;
}

static int live_prog(const char *name, void *arg)
{
	char path[PATH_MAX];

	if (clos_switch_path(path, sizeof(path), name, CLOS_PIN_PROG_INGRESS))
		return 0;
	return clos_pin_obj_id(path) == *(__u32 *)arg;
}

/* Does a switch that is attached run program id? */
static bool prog_is_live(__u32 id)
{
	return clos_switch_foreach(live_prog, &id, NULL) > 0;
}

static void note_port(struct teardown_report *rep, __u32 id, const char *name,
		      const char *result)
{
	if (!rep || rep->num_ports == CLOS_MAX_PORTS)
		return;
	rep->ports[rep->num_ports].port = id;
	snprintf(rep->ports[rep->num_ports].name, CLOS_IFNAMSIZ, "%.*s",
		 CLOS_IFNAMSIZ - 1, name);
	rep->ports[rep->num_ports].result = result;
	rep->num_ports++;
}

/* Queue mode: our TC programs (on tcx, or on a clsact qdisc, which goes
 * too when it is ours and nothing else is on it), and the HTB tree. With a
 * hook record, what it says was made (or about to be); without (a switch
 * attached by an older loader), our programs where they are found. */
static int detach_port_tc(const struct pinned_switch *ps, const char *label,
			  __u32 i, bool *found)
{
	const struct clos_port *p = &ps->ports[i];
	bool kept = false, on_clsact, on_tcx, found_tcx = false;
	struct clos_err cerr;
	__u32 in_id, eg_id;
	int err = 0;

	if (ps->have_hooks) {
		on_clsact = ps->hooks[i].kinds & HOOK_CLSACT;
		on_tcx = ps->hooks[i].kinds & (HOOK_TCX_EGRESS | HOOK_TCX_INGRESS);
	} else {
		in_id = port_tc_prog_id(p->ifindex, false);
		eg_id = port_tc_prog_id(p->ifindex, true);
		on_clsact = (in_id && in_id == ps->prog_id) ||
			    (eg_id && eg_id == ps->egress_id);
		on_tcx = on_clsact;
	}
	*found = false;
	if (on_tcx)
		err = port_tcx_unhook(p->ifindex, ps->prog_id, ps->egress_id, &found_tcx);
	if (!err && on_clsact)
		err = port_tc_unhook(p->ifindex, ps->prog_id, ps->egress_id, found, &kept);
	*found = *found || found_tcx;
	if (err) {
		jout_error("%s: cannot take the TC programs off port %s: %s",
			   label, p->name, strerror(-err));
		return err;
	}
	if (kept)
		pr_warn("Note: %s: port %s keeps its clsact qdisc: other filters are on it\n",
			label, p->name);
	/* The tree is the switch's whether or not its programs were still
	 * there (a tree without them would shape for nobody). */
	err = clos_queue_remove(NULL, p->name, &cerr);
	if (err) {
		jout_error("%s: %s", label, cerr.msg);
		return err;
	}
	return 0;
}

/* Fast mode: the switch's XDP program. Its id is known once it was made
 * (pinned or written down); before, any clos program on a port noted for
 * XDP is the attach's, unless an attached switch runs it. */
static int detach_port_xdp(const struct pinned_switch *ps, const char *label,
			   __u32 i)
{
	const struct clos_port *p = &ps->ports[i];
	__u32 id = ps->prog_id;

	if (!id) {
		id = port_xdp_clos_id(p->ifindex);
		if (!id)
			return -ENOENT;
		if (prog_is_live(id)) {
			pr_warn("Note: %s: the clos program on port %s is an attached switch's\n",
				label, p->name);
			return -ENOENT;
		}
	}
	return port_xdp_detach(p->ifindex, id);
}

/* Detach from every port that still exists. Inside the switch's netns. */
static int detach_ports(const struct pinned_switch *ps, const char *label,
			struct teardown_report *rep)
{
	char name[IF_NAMESIZE], where[CLOS_NETNS_NAMSIZ + 16];
	int err, ret = 0;
	__u32 i;

	for (i = 0; i < CLOS_MAX_PORTS; i++) {
		const struct clos_port *p = &ps->ports[i];

		if (!p->ifindex)
			continue;
		/* The record says what was ever hooked: nothing here. */
		if (ps->have_hooks && !ps->hooks[i].kinds) {
			note_port(rep, i, p->name, "not attached");
			continue;
		}
		/* The ifindex may have been reused by a new interface. */
		if (ifinfo_name(p->ifindex, name) ||
		    strncmp(name, p->name, sizeof(p->name))) {
			pr_warn("Note: %s: port %.*s (ifindex %u) no longer exists in %s\n",
				label, CLOS_IFNAMSIZ, p->name, p->ifindex,
				clos_netns_desc(ps->cfg.netns, where, sizeof(where)));
			note_port(rep, i, p->name, "gone");
			continue;
		}
		if (ps->cfg.mode == CLOS_MODE_QUEUE) {
			bool found;

			err = detach_port_tc(ps, label, i, &found);
			if (!err && !found)
				err = -ENOENT;
		} else {
			err = detach_port_xdp(ps, label, i);
		}
		if (err == -ENOENT) {
			pr_warn("Note: %s: port %s has no clos program attached\n",
				label, name);
			note_port(rep, i, p->name, "not attached");
			continue;
		}
		if (err) {
			/* Queue mode said what failed already. */
			if (ps->cfg.mode != CLOS_MODE_QUEUE)
				jout_error("%s: cannot detach from port %s: %s",
					   label, name, strerror(-err));
			ret = err;
			continue;
		}
		note_port(rep, i, p->name, "detached");
	}
	return ret;
}

int switch_teardown(const char *dir, const char *label,
		    struct teardown_report *rep)
{
	struct pinned_switch ps;
	int saved = -1, err, removed;
	struct clos_err why;
	__u32 i;

	if (rep)
		rep->num_ports = 0;
	err = switch_read_pins(dir, &ps, &why);
	if (err) {
		jout_error("%s: %s", label, why.msg);
		return err;
	}
	/* The maps are pinned before anything is attached: without them an
	 * attach never got as far as the ports. */
	if (ps.have_cfg) {
		if (!clos_netns_exists(ps.cfg.netns)) {
			pr_warn("Note: %s: netns %s no longer exists; its ports are gone\n",
				label, ps.cfg.netns);
			for (i = 0; i < CLOS_MAX_PORTS; i++)
				if (ps.ports[i].ifindex)
					note_port(rep, i, ps.ports[i].name, "gone");
		} else {
			err = clos_netns_enter(ps.cfg.netns, &saved);
			if (err) {
				jout_error("%s: cannot enter netns %s: %s",
					   label, ps.cfg.netns, strerror(-err));
				return err;
			}
			err = detach_ports(&ps, label, rep);
			clos_netns_leave(saved);
			if (err)
				return err;
		}
	}
	removed = ps.cfg.mode == CLOS_MODE_FAST ? port_xdp_clean_stale(ps.prog_id) : 0;
	if (removed > 0)
		pr_info("%s: removed %d stale libxdp pin director%s\n", label,
			removed, removed == 1 ? "y" : "ies");

	err = pins_remove_dir(dir);
	if (err && err != -ENOENT) {
		jout_error("%s: cannot remove pins in %s: %s", label, dir,
			   strerror(-err));
		return err;
	}
	return 0;
}
