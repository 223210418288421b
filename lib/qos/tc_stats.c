// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/gen_stats.h>
#include <linux/rtnetlink.h>
#include "netns.h"
#include "tc_stats.h"

/* What the kernel puts in one dump message at most (netlink_recvmsg caps
 * its dump buffers at 32 KB). */
#define TC_DUMP_BUF	32768

int clos_tc_stats_open(const char *netns, struct clos_err *err)
{
	int saved, fd, ret;

	ret = clos_netns_enter(netns, &saved);
	if (ret)
		return clos_err_set(err, ret, "netns %s: %s", netns,
				    strerror(-ret));
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	ret = fd < 0 ? -errno : 0;
	clos_netns_leave(saved);
	if (ret)
		return clos_err_set(err, ret, "netlink socket in netns %s: %s",
				    netns && *netns ? netns : "(ours)",
				    strerror(-ret));
	return fd;
}

/* Copy an attribute's payload into a struct the kernel may one day make
 * longer (or an old one shorter): what both have, the rest stays zero. */
static void attr_copy(void *dst, size_t size, const struct rtattr *a)
{
	size_t len = RTA_PAYLOAD(a);

	memset(dst, 0, size);
	memcpy(dst, RTA_DATA(a), len < size ? len : size);
}

/* TCA_STATS2's nested counters. gnet_stats_basic counts packets in 32
 * bits; the kernel adds TCA_STATS_PKT64 when that is not enough, and then
 * it is the one to believe. */
static void parse_stats2(const struct rtattr *nest,
			 struct clos_tc_class_stats *out)
{
	struct gnet_stats_basic basic;
	struct gnet_stats_queue q;
	const struct rtattr *a;
	bool pkt64 = false;
	int len = RTA_PAYLOAD(nest);
	__u64 packets;

	for (a = RTA_DATA(nest); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		switch (a->rta_type & NLA_TYPE_MASK) {
		case TCA_STATS_BASIC:
			attr_copy(&basic, sizeof(basic), a);
			out->sent_bytes = basic.bytes;
			if (!pkt64)
				out->sent_packets = basic.packets;
			break;
		case TCA_STATS_PKT64:
			attr_copy(&packets, sizeof(packets), a);
			out->sent_packets = packets;
			pkt64 = true;
			break;
		case TCA_STATS_QUEUE:
			attr_copy(&q, sizeof(q), a);
			out->dropped = q.drops;
			out->overlimits = q.overlimits;
			out->backlog_bytes = q.backlog;
			out->backlog_packets = q.qlen;
			break;
		}
	}
}

int clos_tc_class_msg_parse(const struct nlmsghdr *nh,
			    struct clos_tc_class_stats *out)
{
	const struct tcmsg *tcm = NLMSG_DATA(nh);
	const struct rtattr *a;
	int len;

	if (nh->nlmsg_len < NLMSG_LENGTH(sizeof(*tcm)))
		return -EINVAL;
	len = nh->nlmsg_len - NLMSG_LENGTH(sizeof(*tcm));
	for (a = TCA_RTA(tcm); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		if ((a->rta_type & NLA_TYPE_MASK) == TCA_STATS2) {
			parse_stats2(a, out);
			return 0;
		}
	}
	return -EINVAL;
}

static int send_dump(int fd, __u32 ifindex, __u32 seq)
{
	struct {
		struct nlmsghdr nh;
		struct tcmsg tcm;
	} req = {
		.nh = { .nlmsg_len = sizeof(req), .nlmsg_type = RTM_GETTCLASS,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
			.nlmsg_seq = seq },
		.tcm = { .tcm_family = AF_UNSPEC, .tcm_ifindex = ifindex },
	};

	return send(fd, &req, sizeof(req), 0) < 0 ? -errno : 0;
}

/* One class of the dump: into the entry of cls that wants it, if any. */
static int take_class(const struct nlmsghdr *nh, __u32 ifindex,
		      struct clos_tc_class_stats *cls, int n)
{
	const struct tcmsg *tcm = NLMSG_DATA(nh);
	int i;

	if (nh->nlmsg_len < NLMSG_LENGTH(sizeof(*tcm)) ||
	    (__u32)tcm->tcm_ifindex != ifindex)
		return 0;
	for (i = 0; i < n; i++) {
		if (cls[i].classid != tcm->tcm_handle)
			continue;
		if (clos_tc_class_msg_parse(nh, &cls[i]))
			return -EPROTO;
		cls[i].found = true;
		return 0;
	}
	return 0;
}

int clos_tc_class_stats_read(int fd, __u32 ifindex,
			     struct clos_tc_class_stats *cls, int n,
			     struct clos_err *err)
{
	/* Only this socket's own requests are answered on it. */
	static __u32 seq;
	char *buf;
	struct nlmsghdr *nh;
	__u32 want;
	ssize_t len;
	int i, ret;
	bool done = false;

	for (i = 0; i < n; i++) {
		__u32 classid = cls[i].classid;

		memset(&cls[i], 0, sizeof(cls[i]));
		cls[i].classid = classid;
	}
	want = ++seq;
	ret = send_dump(fd, ifindex, want);
	if (ret)
		return clos_err_set(err, ret, "ifindex %u: cannot ask for its classes: %s",
				    ifindex, strerror(-ret));
	buf = malloc(TC_DUMP_BUF);
	if (!buf)
		return clos_err_set(err, -ENOMEM, "out of memory");
	while (!done && !ret) {
		len = recv(fd, buf, TC_DUMP_BUF, 0);
		if (len < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			break;
		}
		for (nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, (size_t)len) && !ret;
		     nh = NLMSG_NEXT(nh, len)) {
			if (nh->nlmsg_seq != want)
				continue;	/* an answer to an earlier call */
			if (nh->nlmsg_type == NLMSG_DONE) {
				done = true;
				break;
			}
			if (nh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(nh);

				ret = e->error ? e->error : -EPROTO;
				break;
			}
			if (nh->nlmsg_type == RTM_NEWTCLASS)
				ret = take_class(nh, ifindex, cls, n);
		}
	}
	free(buf);
	if (ret)
		return clos_err_set(err, ret, "ifindex %u: cannot read its classes: %s",
				    ifindex, strerror(-ret));
	return 0;
}
