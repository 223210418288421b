// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
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

/* The program at our place on ifindex's clsact hook; 0: none. */
static __u32 clsact_prog_id(int ifindex, bool egress)
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

__u32 port_tc_prog_id(int ifindex, bool egress)
{
	__u32 id;

	id = clos_tcx_prog_id(ifindex, egress,
			      egress ? CLOS_TC_EGRESS_PROG : CLOS_TC_INGRESS_PROG,
			      0);
	return id ?: clsact_prog_id(ifindex, egress);
}

bool port_tc_has_clos(int ifindex, __u32 prog_id)
{
	__u32 id = port_tc_prog_id(ifindex, false), eg;

	if (prog_id)
		return id == prog_id;
	if (id && clos_prog_has_name(id, CLOS_TC_INGRESS_PROG))
		return true;
	/* An attach killed before its ingress program left the egress one. */
	eg = port_tc_prog_id(ifindex, true);
	return eg && clos_prog_has_name(eg, CLOS_TC_EGRESS_PROG);
}

static enum bpf_attach_type tcx_type(bool egress)
{
	return egress ? CLOS_BPF_TCX_EGRESS : CLOS_BPF_TCX_INGRESS;
}

bool port_tcx_supported(void)
{
	__u32 cnt = 0;

	/* A query of lo (ifindex 1 in every netns) changes nothing; a
	 * kernel without tcx refuses the attach type. */
	return !bpf_prog_query(1, tcx_type(false), 0, NULL, NULL, &cnt);
}

int port_tcx_attach(int ifindex, bool egress, int prog_fd)
{
	/* No flags: after the programs already there, which run first. */
	return bpf_prog_attach(prog_fd, ifindex, tcx_type(egress), 0);
}

int port_tcx_prog_count(int ifindex, bool egress)
{
	__u32 cnt = 0;
	int err;

	err = bpf_prog_query(ifindex, tcx_type(egress), 0, NULL, NULL, &cnt);
	if (err == -EINVAL)
		return 0;	/* no tcx: nothing there */
	return err ? err : (int)cnt;
}

static int tcx_detach(int ifindex, bool egress, __u32 id)
{
	int fd, err;

	fd = bpf_prog_get_fd_by_id(id);
	if (fd < 0)
		return -errno;
	err = bpf_prog_detach2(fd, ifindex, tcx_type(egress));
	close(fd);
	return err;
}

int port_tcx_unhook(int ifindex, __u32 ingress_id, __u32 egress_id, bool *found)
{
	__u32 in, eg;
	int err;

	in = clos_tcx_prog_id(ifindex, false, CLOS_TC_INGRESS_PROG, ingress_id);
	eg = clos_tcx_prog_id(ifindex, true, CLOS_TC_EGRESS_PROG, egress_id);
	*found = in || eg;
	/* Ingress first: no frame is redirected to an egress half gone. */
	if (in && (err = tcx_detach(ifindex, false, in)))
		return err;
	if (eg && (err = tcx_detach(ifindex, true, eg)))
		return err;
	return 0;
}

/* Send one request, read its answers to the end: fn sees each message;
 * 0, or the kernel's error for the request. */
static int nl_dump(int fd, void *req, size_t len,
		   void (*fn)(const struct nlmsghdr *nh, void *arg), void *arg)
{
	char buf[8192] __attribute__((aligned(8)));
	struct nlmsghdr *nh;
	ssize_t n;

	if (send(fd, req, len, 0) < 0)
		return -errno;
	for (;;) {
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		for (nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, (size_t)n);
		     nh = NLMSG_NEXT(nh, n)) {
			if (nh->nlmsg_type == NLMSG_DONE)
				return 0;
			if (nh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(nh);

				return e->error ? e->error : 0;
			}
			fn(nh, arg);
		}
	}
}

/* A netlink route socket and one dump request on it. */
static int dump(__u16 type, int ifindex, __u32 parent,
		void (*fn)(const struct nlmsghdr *nh, void *arg), void *arg)
{
	struct {
		struct nlmsghdr nh;
		struct tcmsg tcm;
	} req = {
		.nh = { .nlmsg_len = sizeof(req), .nlmsg_type = type,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = 1 },
		.tcm = { .tcm_family = AF_UNSPEC, .tcm_ifindex = ifindex,
			 .tcm_parent = parent },
	};
	int fd, ret;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return -errno;
	ret = nl_dump(fd, &req, sizeof(req), fn, arg);
	close(fd);
	return ret;
}

struct find_clsact {
	int ifindex;
	bool found;
};

static void find_clsact(const struct nlmsghdr *nh, void *arg)
{
	const struct tcmsg *tcm = NLMSG_DATA(nh);
	struct find_clsact *f = arg;
	const struct rtattr *a;
	int len;

	if (nh->nlmsg_type != RTM_NEWQDISC ||
	    nh->nlmsg_len < NLMSG_LENGTH(sizeof(*tcm)) ||
	    tcm->tcm_ifindex != f->ifindex || tcm->tcm_parent != TC_H_CLSACT)
		return;
	len = nh->nlmsg_len - NLMSG_LENGTH(sizeof(*tcm));
	for (a = TCA_RTA(tcm); RTA_OK(a, len); a = RTA_NEXT(a, len))
		if (a->rta_type == TCA_KIND &&
		    !strncmp(RTA_DATA(a), "clsact", RTA_PAYLOAD(a)))
			f->found = true;
}

int port_tc_has_clsact(int ifindex)
{
	struct find_clsact f = { .ifindex = ifindex };
	int err;

	/* Older kernels dump every interface's qdiscs: find_clsact picks. */
	err = dump(RTM_GETQDISC, ifindex, 0, find_clsact, &f);
	return err ? err : f.found;
}

/* A dump tells each priority's classifier (handle 0) before its filters. */
struct count {
	int msgs, filters;
};

static void count_filter(const struct nlmsghdr *nh, void *arg)
{
	const struct tcmsg *tcm = NLMSG_DATA(nh);
	struct count *c = arg;

	if (nh->nlmsg_type != RTM_NEWTFILTER ||
	    nh->nlmsg_len < NLMSG_LENGTH(sizeof(*tcm)))
		return;
	c->msgs++;
	if (tcm->tcm_handle)
		c->filters++;
}

int port_tc_filter_count(int ifindex, bool egress)
{
	struct count c = {};
	int err;

	err = dump(RTM_GETTFILTER, ifindex,
		   TC_H_MAKE(TC_H_CLSACT, egress ? TC_H_MIN_EGRESS : TC_H_MIN_INGRESS),
		   count_filter, &c);
	if (err)
		return err;
	return c.filters ?: (c.msgs ? 1 : 0);
}

/* Is the program at our place on ifindex's hook the one we look for (id,
 * or with id 0, a program of that name)? Its id into *at. */
static bool ours_at(int ifindex, bool egress, __u32 id, const char *name,
		    __u32 *at)
{
	*at = clsact_prog_id(ifindex, egress);
	if (!*at)
		return false;
	return id ? *at == id : clos_prog_has_name(*at, name);
}

static int detach_filter(int ifindex, bool egress)
{
	DECLARE_LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex,
			    .attach_point = egress ? BPF_TC_EGRESS : BPF_TC_INGRESS);
	DECLARE_LIBBPF_OPTS(bpf_tc_opts, opts, .handle = CLOS_TC_HANDLE,
			    .priority = CLOS_TC_PRIO);

	return bpf_tc_detach(&hook, &opts);
}

int port_tc_unhook(int ifindex, __u32 ingress_id, __u32 egress_id,
		   bool *found, bool *kept)
{
	bool in, eg;
	__u32 at;
	int err, n_in, n_eg;

	*found = *kept = false;
	/* Ingress first: no frame is redirected to an egress half gone. */
	in = ours_at(ifindex, false, ingress_id, CLOS_TC_INGRESS_PROG, &at);
	eg = ours_at(ifindex, true, egress_id, CLOS_TC_EGRESS_PROG, &at);
	if (in && (err = detach_filter(ifindex, false)))
		return err;
	if (eg && (err = detach_filter(ifindex, true)))
		return err;
	*found = in || eg;
	err = port_tc_has_clsact(ifindex);
	if (err <= 0)
		return err;
	n_in = port_tc_filter_count(ifindex, false);
	n_eg = port_tc_filter_count(ifindex, true);
	if (n_in < 0 || n_eg < 0)
		return n_in < 0 ? n_in : n_eg;
	if (n_in || n_eg) {
		*kept = true;	/* other users' filters: their qdisc too */
		return 0;
	}
	err = port_tc_hook_destroy(ifindex);
	if (!err)
		*found = true;
	return err;
}
