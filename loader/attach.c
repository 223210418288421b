// SPDX-License-Identifier: GPL-2.0
/*
 * clos-loader attach SWITCH [--netns NS] --ports IF[,IF...] [--role R]
 *                          [--seed N] [--mode fast|queue] [--rates IF=RATE,...]
 *                          [--xdp-mode MODE[,IF=MODE...]]
 *
 * Validation, the order of work and the output: the top of the attach
 * files. attach_modes.h says what is done in which order, attach_fast.c
 * and attach_queue.c how per mode.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <zlib.h>
#include "log.h"
#include "parse_util.h"
#include "netns.h"
#include "rate.h"
#include "pindir.h"
#include "switch.h"
#include "ifinfo.h"
#include "port_hook.h"
#include "loader.h"
#include "pins.h"
#include "port_tc.h"
#include "port_xdp.h"
#include "teardown.h"
#include "attach.h"
#include "attach_modes.h"

/* ---- validation, inside the switch's netns ---------------------------- */

static int check_ports(const struct attach_req *req, struct attach_state *st)
{
	int i, err;

	for (i = 0; i < req->num_ports; i++) {
		err = ifinfo_get(req->ports[i], &st->ifs[i]);
		if (err == -ENODEV) {
			jout_error("port %s does not exist in %s",
				   req->ports[i], req->where);
			return err;
		}
		if (err == -EPROTONOSUPPORT) {
			jout_error("port %s in %s is not an Ethernet interface",
				   req->ports[i], req->where);
			return err;
		}
		if (err) {
			jout_error("port %s in %s: %s", req->ports[i],
				   req->where, strerror(-err));
			return err;
		}
		if (st->ifs[i].ifindex >= CLOS_MAX_IFINDEX) {
			jout_error("port %s in %s has ifindex %u; clos takes ports with an ifindex below %u (interfaces in a namespace of their own have small ones)",
				   req->ports[i], req->where, st->ifs[i].ifindex,
				   CLOS_MAX_IFINDEX);
			return -ERANGE;
		}
		if (port_xdp_has_clos(st->ifs[i].ifindex, 0) ||
		    port_tc_has_clos(st->ifs[i].ifindex, 0)) {
			jout_error("port %s in %s already carries a clos switch (see clos-loader list)",
				   req->ports[i], req->where);
			return -EBUSY;
		}
		if (attach_mode(req) == CLOS_MODE_FAST &&
		    port_xdp_taken(st->ifs[i].ifindex)) {
			jout_error("port %s in %s already has an XDP program that libxdp cannot share; remove it first",
				   req->ports[i], req->where);
			return -EBUSY;
		}
	}
	err = ifinfo_local_addrs(st->ifs, req->num_ports, &st->addrs, &st->num_addrs);
	if (err)
		jout_error("cannot read the addresses in %s: %s",
			   req->where, strerror(-err));
	return err;
}

static __u32 pinned_prog_id(const char *sw, const char *file)
{
	char path[PATH_MAX];

	if (clos_switch_path(path, sizeof(path), sw, file))
		return 0;
	return clos_pin_obj_id(path);
}

/* Does port carry the switch's programs (pinned ids)? */
static bool port_runs(__u8 mode, __u32 ifindex, __u32 ingress_id, __u32 egress_id)
{
	if (!ingress_id)
		return false;
	if (mode == CLOS_MODE_FAST)
		return port_xdp_has_clos(ifindex, ingress_id);
	return egress_id && port_tc_prog_id(ifindex, false) == ingress_id &&
	       port_tc_prog_id(ifindex, true) == egress_id;
}

/* Does port i run in the XDP mode --xdp-mode asked for (auto: any)? */
static bool xdp_mode_matches(const struct attach_req *req, int i,
			     const struct clos_port *p)
{
	enum clos_port_hook h;

	if (!req->xdp_given || req->xdp[i] == ATTACH_XDP_AUTO)
		return true;
	h = clos_port_hook_here(CLOS_MODE_FAST, p);
	return h == (req->xdp[i] == ATTACH_XDP_NATIVE ? CLOS_HOOK_XDP_NATIVE :
						      CLOS_HOOK_XDP_GENERIC);
}

/* An attached switch is only "unchanged" if it still runs: its programs
 * on every one of its ports. */
static int check_alive(const struct attach_req *req, __u8 mode,
		       const struct clos_port *ports)
{
	__u32 ingress_id = pinned_prog_id(req->name, CLOS_PIN_PROG_INGRESS);
	__u32 egress_id = pinned_prog_id(req->name, CLOS_PIN_PROG_EGRESS);
	char name[IF_NAMESIZE];
	int i, saved, err;

	if (!clos_netns_exists(req->netns)) {
		jout_error("switch %s is attached but its %s is gone; detach it first",
			   req->name, req->where);
		return -ENOENT;
	}
	err = clos_netns_enter(req->netns, &saved);
	if (err) {
		jout_error("cannot enter %s: %s", req->where, strerror(-err));
		return err;
	}
	for (i = 0; i < req->num_ports && !err; i++) {
		if (ifinfo_name(ports[i].ifindex, name) ||
		    strncmp(name, ports[i].name, sizeof(ports[i].name)) ||
		    !port_runs(mode, ports[i].ifindex, ingress_id, egress_id)) {
			jout_error("switch %s is attached but its program is missing on port %s; detach it first",
				   req->name, req->ports[i]);
			err = -ENOENT;
		} else if (!xdp_mode_matches(req, i, &ports[i])) {
			jout_error("switch %s is attached with port %s in %s XDP mode; detach it first",
				   req->name, req->ports[i],
				   clos_port_hook_names[clos_port_hook_here(mode, &ports[i])]);
			err = -EEXIST;
		}
	}
	clos_netns_leave(saved);
	return err;
}

/* The switch exists: the same netns, ports and mode make this a no-op;
 * anything else given that differs is refused. */
static int check_existing(const struct attach_req *req,
			  struct clos_switch_cfg *cfg,
			  struct clos_port *ports)
{
	char have[CLOS_RATE_STRLEN];
	struct clos_switch sw;
	struct clos_err e;
	int i, err;
	bool same;

	err = clos_switch_open(&sw, req->name, &e);
	if (err) {
		jout_error("%s; detach it first", e.msg);
		return err;
	}
	err = clos_switch_cfg_get(&sw, cfg);
	if (err) {
		jout_error("switch %s exists but its pins cannot be read (%s); detach it first",
			   req->name, strerror(-err));
		clos_switch_close(&sw);
		return err;
	}
	same = !strncmp(cfg->netns, req->netns, sizeof(cfg->netns)) &&
	       cfg->num_ports == req->num_ports;
	for (i = 0; same && i < req->num_ports; i++)
		same = !clos_port_get(&sw, i, &ports[i]) &&
		       !strncmp(ports[i].name, req->ports[i], sizeof(ports[i].name));
	clos_switch_close(&sw);
	if (!same) {
		jout_error("switch %s is already attached with other ports or in another netns (see clos-loader list); detach it first",
			   req->name);
		return -EEXIST;
	}
	if (req->mode >= 0 && req->mode != cfg->mode) {
		jout_error("switch %s is already attached in %s mode; detach first to attach it in %s mode",
			   req->name, loader_mode_name(cfg->mode),
			   loader_mode_name(req->mode));
		return -EEXIST;
	}
	if (req->role >= 0 && req->role != cfg->role) {
		jout_error("switch %s is already attached as a %s; detach it first",
			   req->name, loader_role_name(cfg->role));
		return -EEXIST;
	}
	if (req->seed_given && req->seed != cfg->seed) {
		jout_error("switch %s is already attached with seed 0x%08x; detach it first",
			   req->name, cfg->seed);
		return -EEXIST;
	}
	for (i = 0; i < req->num_ports; i++) {
		if (!req->rate_given[i] || req->rate_bps[i] == ports[i].rate_bps)
			continue;
		jout_error("switch %s is already attached with port %s at rate %s; change it with closctl -s %s port set %s rate RATE, or detach first",
			   req->name, req->ports[i],
			   clos_fmt_rate(ports[i].rate_bps, have, sizeof(have)),
			   req->name, req->ports[i]);
		return -EEXIST;
	}
	return check_alive(req, cfg->mode, ports);
}

/* ---- output ------------------------------------------------------------ */

static void print_head(const struct attach_req *req, const char *status,
		       __u8 role, __u8 mode, __u32 seed)
{
	jout_open_object(NULL);
	jout_string(JOUT_ANY, "switch", "%s:", req->name);
	jout_string(JOUT_JSON, "status", NULL, status);
	jout_string(JOUT_JSON, "netns", NULL, req->netns);
	jout_text(strcmp(status, "attached") ? " already attached in %s" :
		  " attached in %s", req->where);
	jout_string(JOUT_ANY, "role", ", role %s", loader_role_name(role));
	jout_string(JOUT_ANY, "mode", ", mode %s", loader_mode_name(mode));
	jout_uint(JOUT_ANY, "seed", ", seed 0x%08llx", seed);
}

static void print_rate(__u64 rate_bps)
{
	char buf[CLOS_RATE_STRLEN];

	jout_uint(JOUT_JSON, "rate_bps", NULL, rate_bps);
	if (rate_bps)
		jout_text(" rate %s", clos_fmt_rate(rate_bps, buf, sizeof(buf)));
	else
		jout_text(" unshaped");
}

static void print_attached(const struct attach_req *req,
			   const struct attach_state *st, __u32 seed)
{
	bool queue = attach_mode(req) == CLOS_MODE_QUEUE;
	char buf[64];
	int i;

	print_head(req, "attached", attach_role(req), attach_mode(req), seed);
	jout_text("%s\n", req->seed_given ? "" : " (crc32 of the name)");
	jout_open_array("ports");
	for (i = 0; i < req->num_ports; i++) {
		jout_open_object(NULL);
		jout_uint(JOUT_ANY, "port", "    port %llu", i);
		jout_string(JOUT_ANY, "name", " %s", st->ifs[i].name);
		jout_uint(JOUT_ANY, "ifindex", " ifindex %llu", st->ifs[i].ifindex);
		jout_string(JOUT_ANY, "mac", " mac %s",
			    clos_fmt_mac(st->ifs[i].mac, buf, sizeof(buf)));
		jout_string(JOUT_ANY, "state", " %s", st->ifs[i].up ? "up" : "down");
		if (queue) {
			jout_string(JOUT_ANY, "hook", " %s", st->tcx ? "tcx" : "tc");
			jout_string(JOUT_ANY, "qdisc", " qdisc %s",
				    req->rate_bps[i] ? "htb" : "none");
		} else {
			jout_string(JOUT_JSON, "hook", NULL, "xdp");
			jout_string(JOUT_ANY, "xdp_mode", " xdp %s",
				    loader_xdp_mode_name(st->modes[i]));
		}
		print_rate(req->rate_bps[i]);
		jout_text("\n");
		jout_close_object();
	}
	jout_close_array();
	jout_text("    local routes:%s", st->num_addrs ? "" : " none");
	jout_open_array("local_routes");
	for (i = 0; i < st->num_addrs; i++) {
		ifinfo_addr_str(&st->addrs[i], buf, sizeof(buf));
		jout_string(JOUT_ANY, NULL, " %s", buf);
	}
	jout_close_array();
	jout_text("\n");
	snprintf(buf, sizeof(buf), "%s/%s", CLOS_PIN_ROOT, req->name);
	jout_string(JOUT_ANY, "pins", "    pins: %s\n", buf);
	jout_close_object();
}

static void print_unchanged(const struct attach_req *req,
			    const struct clos_switch_cfg *cfg,
			    const struct clos_port *ports)
{
	int i;

	print_head(req, "unchanged", cfg->role, cfg->mode, cfg->seed);
	jout_text(" on");
	jout_open_array("ports");
	for (i = 0; i < req->num_ports; i++) {
		jout_open_object(NULL);
		jout_uint(JOUT_JSON, "port", NULL, i);
		jout_string(JOUT_ANY, "name", i ? ",%s" : " %s", req->ports[i]);
		jout_uint(JOUT_JSON, "rate_bps", NULL, ports[i].rate_bps);
		jout_close_object();
	}
	jout_close_array();
	jout_text("; nothing to do\n");
	jout_close_object();
}

/* ---- the command -------------------------------------------------------- */

static int build_and_attach(const struct attach_req *req, struct attach_state *st,
			    __u32 seed)
{
	if (attach_mode(req) == CLOS_MODE_QUEUE)
		return attach_queue_build(req, st, seed) ||
		       attach_queue_ports(req, st) ? -1 : 0;
	return attach_fast_build(req, st, seed) ||
	       attach_fast_ports(req, st) ? -1 : 0;
}

/* Undo whatever was built. Inside the switch's netns. */
static void rollback(const struct attach_req *req, struct attach_state *st)
{
	int err;

	if (attach_mode(req) == CLOS_MODE_QUEUE)
		attach_queue_rollback(req->name, st);
	else
		attach_fast_rollback(req->name, st);
	if (st->staged) {
		err = pins_remove_dir(st->stage);
		if (err)
			pr_warn("Warning: %s: rollback cannot remove %s: %s\n",
				req->name, st->stage, strerror(-err));
	}
}

static void free_state(struct attach_state *st)
{
	attach_queue_free(st);
	attach_fast_free(st);
	free(st->addrs);
	if (st->hooks_fd >= 0)
		close(st->hooks_fd);
}

int cmd_attach(int argc, char **argv)
{
	struct clos_port ports[CLOS_MAX_PORTS];
	struct attach_state st = {};
	struct attach_req req;
	struct clos_switch_cfg cfg;
	char final[PATH_MAX];
	int err, lock_fd, saved = -1, ret = 1;
	struct stat sb;
	__u32 seed;

	st.hooks_fd = -1;
	err = attach_parse_args(argc, argv, &req);
	if (err)
		return err > 0 ? 0 : EXIT_USAGE;
	seed = req.seed_given ? req.seed
			      : crc32(0L, (const Bytef *)req.name, strlen(req.name));

	lock_fd = pins_begin(req.name, final, sizeof(final), st.stage, sizeof(st.stage));
	if (lock_fd < 0)
		return 1;
	/* Holding the lock, a staging directory is an attach that died. */
	if (stat(st.stage, &sb) == 0) {
		pr_warn("Note: %s: removing the leftovers of an interrupted attach\n",
			req.name);
		if (switch_teardown(st.stage, req.name, NULL))
			goto out;
	}
	if (clos_switch_exists(req.name)) {
		if (check_existing(&req, &cfg, ports))
			goto out;
		print_unchanged(&req, &cfg, ports);
		ret = 0;
		goto out;
	}
	if (stat(final, &sb) == 0) {
		jout_error("%s exists but is not a switch's pin directory; remove it first",
			   final);
		goto out;
	}

	if (!clos_netns_exists(req.netns)) {
		jout_error("netns %s does not exist (see ip netns list)", req.netns);
		goto out;
	}
	err = clos_netns_enter(req.netns, &saved);
	if (err) {
		jout_error("cannot enter %s: %s", req.where, strerror(-err));
		goto out;
	}
	if (check_ports(&req, &st))
		goto out_ns;

	if (build_and_attach(&req, &st, seed))
		goto fail;
	if (rename(st.stage, final)) {
		err = -errno;
		jout_error("cannot rename %s to %s: %s", st.stage, final, strerror(-err));
		goto fail;
	}
	print_attached(&req, &st, seed);
	ret = 0;
	goto out_ns;
fail:
	rollback(&req, &st);
out_ns:
	clos_netns_leave(saved);
out:
	free_state(&st);
	pins_stage_done();
	pins_unlock(lock_fd);
	return ret;
}
