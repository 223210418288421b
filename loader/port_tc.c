// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "port_tc.h"

int port_tc_hook_create(int ifindex)
{
	DECLARE_LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex,
			    .attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS);

	return bpf_tc_hook_create(&hook);
}

int port_tc_hook_destroy(int ifindex)
{
	/* Both points at once: libbpf deletes the clsact qdisc itself. */
	DECLARE_LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex,
			    .attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS);

	return bpf_tc_hook_destroy(&hook);
}

int port_tc_attach(int ifindex, bool egress, int prog_fd)
{
	DECLARE_LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex,
			    .attach_point = egress ? BPF_TC_EGRESS : BPF_TC_INGRESS);
	DECLARE_LIBBPF_OPTS(bpf_tc_opts, opts, .prog_fd = prog_fd,
			    .handle = CLOS_TC_HANDLE, .priority = CLOS_TC_PRIO);

	return bpf_tc_attach(&hook, &opts);
}

__u32 port_tc_prog_id(int ifindex, bool egress)
{
	DECLARE_LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex,
			    .attach_point = egress ? BPF_TC_EGRESS : BPF_TC_INGRESS);
	DECLARE_LIBBPF_OPTS(bpf_tc_opts, opts, .handle = CLOS_TC_HANDLE,
			    .priority = CLOS_TC_PRIO);

	/* No clsact, no filter there: either way, nothing of ours. */
	if (bpf_tc_query(&hook, &opts))
		return 0;
	return opts.prog_id;
}

/* The kernel keeps BPF_OBJ_NAME_LEN - 1 characters of a program name. */
static bool prog_is_clos_ingress(__u32 id)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	bool ours = false;
	int fd;

	fd = bpf_prog_get_fd_by_id(id);
	if (fd < 0)
		return false;
	if (!bpf_obj_get_info_by_fd(fd, &info, &len))
		ours = !strncmp(info.name, CLOS_TC_INGRESS_PROG, BPF_OBJ_NAME_LEN - 1);
	close(fd);
	return ours;
}

bool port_tc_has_clos(int ifindex, __u32 prog_id)
{
	__u32 id = port_tc_prog_id(ifindex, false);

	if (!id)
		return false;
	return prog_id ? id == prog_id : prog_is_clos_ingress(id);
}
