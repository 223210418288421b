// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "netns.h"
#include "port_hook.h"

const char *const clos_port_hook_names[CLOS_HOOK_MAX] = {
	[CLOS_HOOK_UNKNOWN] = "unknown",
	[CLOS_HOOK_NONE] = "none",
	[CLOS_HOOK_XDP_NATIVE] = "native",
	[CLOS_HOOK_XDP_GENERIC] = "generic",
	[CLOS_HOOK_XDP_HW] = "hw",
	[CLOS_HOOK_TC] = "tc",
	[CLOS_HOOK_TCX] = "tcx",
};

/* The kernel keeps BPF_OBJ_NAME_LEN - 1 characters of a program name. */
bool clos_prog_has_name(__u32 id, const char *name)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	bool named = false;
	int fd;

	if (!id)
		return false;
	fd = bpf_prog_get_fd_by_id(id);
	if (fd < 0)
		return false;
	if (!bpf_obj_get_info_by_fd(fd, &info, &len))
		named = !strncmp(info.name, name, BPF_OBJ_NAME_LEN - 1);
	close(fd);
	return named;
}

/* A port of a switch carries a handful of programs at most. */
#define TCX_QUERY_MAX	64

__u32 clos_tcx_prog_id(int ifindex, bool egress, const char *name, __u32 id)
{
	__u32 ids[TCX_QUERY_MAX], cnt = TCX_QUERY_MAX, i;

	/* Without tcx the kernel refuses the attach type (EINVAL). */
	if (bpf_prog_query(ifindex,
			   egress ? CLOS_BPF_TCX_EGRESS : CLOS_BPF_TCX_INGRESS, 0, NULL,
			   ids, &cnt))
		return 0;
	for (i = 0; i < cnt && i < TCX_QUERY_MAX; i++)
		if (id ? ids[i] == id : clos_prog_has_name(ids[i], name))
			return ids[i];
	return 0;
}

static enum clos_port_hook xdp_hook(__u32 ifindex)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);

	if (bpf_xdp_query(ifindex, 0, &q))
		return CLOS_HOOK_UNKNOWN;
	switch (q.attach_mode) {
	case XDP_ATTACHED_DRV:
		return CLOS_HOOK_XDP_NATIVE;
	case XDP_ATTACHED_SKB:
		return CLOS_HOOK_XDP_GENERIC;
	case XDP_ATTACHED_HW:
		return CLOS_HOOK_XDP_HW;
	case XDP_ATTACHED_MULTI:
		/* Programs in several modes at once: the driver's runs first. */
		return q.drv_prog_id ? CLOS_HOOK_XDP_NATIVE :
		       q.skb_prog_id ? CLOS_HOOK_XDP_GENERIC : CLOS_HOOK_XDP_HW;
	default:
		return CLOS_HOOK_NONE;
	}
}

static enum clos_port_hook tc_hook(__u32 ifindex)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex,
		    .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = CLOS_TC_HANDLE,
		    .priority = CLOS_TC_PRIO);

	if (clos_tcx_prog_id(ifindex, false, CLOS_TC_INGRESS_PROG, 0))
		return CLOS_HOOK_TCX;
	return bpf_tc_query(&hook, &opts) ? CLOS_HOOK_NONE : CLOS_HOOK_TC;
}

enum clos_port_hook clos_port_hook_here(__u8 mode, const struct clos_port *p)
{
	char name[IF_NAMESIZE];

	/* An ifindex means something only in the switch's own netns. */
	if (!p->ifindex || !if_indextoname(p->ifindex, name) ||
	    strncmp(name, p->name, sizeof(p->name)))
		return CLOS_HOOK_UNKNOWN;
	return mode == CLOS_MODE_QUEUE ? tc_hook(p->ifindex) : xdp_hook(p->ifindex);
}

int clos_port_hooks(const struct clos_switch *sw,
		    const struct clos_switch_cfg *cfg,
		    enum clos_port_hook hooks[CLOS_MAX_PORTS])
{
	char netns[sizeof(cfg->netns)];
	struct clos_port p;
	int saved, err;
	__u32 i;

	for (i = 0; i < CLOS_MAX_PORTS; i++)
		hooks[i] = CLOS_HOOK_UNKNOWN;
	snprintf(netns, sizeof(netns), "%.*s", (int)sizeof(netns) - 1, cfg->netns);
	err = clos_netns_enter(netns, &saved);
	if (err)
		return err;
	for (i = 0; i < cfg->num_ports && i < CLOS_MAX_PORTS; i++)
		if (!clos_port_get(sw, i, &p))
			hooks[i] = clos_port_hook_here(cfg->mode, &p);
	clos_netns_leave(saved);
	return 0;
}
