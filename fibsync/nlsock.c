// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>
#include "nlsock.h"

/* Room for the bursts of 100k route events: the kernel drops events (and
 * says ENOBUFS) when the socket is full. */
#define EV_RCVBUF	(64 << 20)
#define READ_BUF	(256 << 10)

static const unsigned int groups[] = {
	RTNLGRP_LINK, RTNLGRP_NEIGH, RTNLGRP_NEXTHOP,
	RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE,
};

int fs_nl_open(struct fs_nl *nl, struct clos_err *err)
{
	int size = EV_RCVBUF, fd, ret;
	unsigned int i;

	memset(nl, 0, sizeof(*nl));
	nl->seq = time(NULL);
	nl->buflen = READ_BUF;
	nl->buf = malloc(nl->buflen);
	nl->ev = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC | SOCK_NONBLOCK);
	nl->req = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (!nl->buf || !nl->ev || !nl->req)
		goto fail;
	if (mnl_socket_bind(nl->ev, 0, MNL_SOCKET_AUTOPID) ||
	    mnl_socket_bind(nl->req, 0, MNL_SOCKET_AUTOPID))
		goto fail;
	fd = mnl_socket_get_fd(nl->ev);
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) &&
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size)))
		goto fail;
	for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		if (mnl_socket_setsockopt(nl->ev, NETLINK_ADD_MEMBERSHIP,
					  (void *)&groups[i], sizeof(groups[i])))
			goto fail;
	return 0;
fail:
	ret = errno ? -errno : -ENOMEM;
	clos_err_set(err, ret, "rtnetlink: %s", strerror(-ret));
	fs_nl_close(nl);
	return ret;
}

void fs_nl_close(struct fs_nl *nl)
{
	if (nl->ev)
		mnl_socket_close(nl->ev);
	if (nl->req)
		mnl_socket_close(nl->req);
	free(nl->buf);
	memset(nl, 0, sizeof(*nl));
}

int fs_nl_event_fd(const struct fs_nl *nl)
{
	return mnl_socket_get_fd(nl->ev);
}

int fs_nl_dump(struct fs_nl *nl, int type, int family, fs_nl_cb cb, void *arg,
	       struct clos_err *err)
{
	char req[MNL_SOCKET_BUFFER_SIZE];
	unsigned int portid = mnl_socket_get_portid(nl->req), seq = ++nl->seq;
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(req);
	const struct nlmsghdr *m;
	struct rtgenmsg *gen;
	ssize_t len;
	int left, ret;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	/* Every dump request starts with the family; the rest of its
	 * header (rtmsg, ndmsg, ...) may be zero. */
	switch (type) {
	case RTM_GETROUTE:
		gen = mnl_nlmsg_put_extra_header(nlh, sizeof(struct rtmsg));
		break;
	case RTM_GETNEIGH:
		gen = mnl_nlmsg_put_extra_header(nlh, sizeof(struct ndmsg));
		break;
	case RTM_GETNEXTHOP:
		gen = mnl_nlmsg_put_extra_header(nlh, sizeof(struct nhmsg));
		break;
	default:
		gen = mnl_nlmsg_put_extra_header(nlh, sizeof(struct ifinfomsg));
		break;
	}
	gen->rtgen_family = family;
	if (mnl_socket_sendto(nl->req, nlh, nlh->nlmsg_len) < 0)
		return clos_err_set(err, -errno, "rtnetlink dump request: %s",
				    strerror(errno));
	for (;;) {
		len = mnl_socket_recvfrom(nl->req, nl->buf, nl->buflen);
		if (len < 0) {
			if (errno == EINTR)
				continue;
			return clos_err_set(err, -errno, "rtnetlink dump: %s",
					    strerror(errno));
		}
		left = len;
		for (m = (const struct nlmsghdr *)nl->buf; mnl_nlmsg_ok(m, left);
		     m = mnl_nlmsg_next(m, &left)) {
			/* Answers to earlier requests (solicitations) go. */
			if (m->nlmsg_seq != seq || m->nlmsg_pid != portid)
				continue;
			if (m->nlmsg_type == NLMSG_DONE)
				return 0;
			if (m->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = mnl_nlmsg_get_payload(m);

				if (!e->error)
					continue;
				return clos_err_set(err, e->error, "rtnetlink dump: %s",
						    strerror(-e->error));
			}
			/* NLM_F_DUMP_INTR (the table changed while dumped) is
			 * fine: the events since say what changed. */
			ret = cb(m, arg);
			if (ret)
				return ret;
		}
	}
}

int fs_nl_events(struct fs_nl *nl, fs_nl_cb cb, void *arg, int max, int *count)
{
	int fd = mnl_socket_get_fd(nl->ev), left, ret;
	const struct nlmsghdr *m;
	ssize_t len;

	*count = 0;
	while (*count < max) {
		len = recv(fd, nl->buf, nl->buflen, MSG_DONTWAIT);
		if (len < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			if (errno == EINTR)
				continue;
			return -errno;	/* ENOBUFS: events were lost */
		}
		left = len;
		for (m = (const struct nlmsghdr *)nl->buf; mnl_nlmsg_ok(m, left);
		     m = mnl_nlmsg_next(m, &left)) {
			(*count)++;
			ret = cb(m, arg);
			if (ret)
				return ret;
		}
	}
	return 0;
}

int fs_nl_solicit(struct fs_nl *nl, __u8 family, __u32 ifindex, const __u8 *addr)
{
	char req[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(req);
	struct ndmsg *ndm;

	nlh->nlmsg_type = RTM_NEWNEIGH;
	/* Create it when the kernel has no entry yet; NTF_USE leaves an
	 * existing one's state to the kernel and starts resolving. */
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_REPLACE;
	nlh->nlmsg_seq = ++nl->seq;
	ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
	ndm->ndm_family = family;
	ndm->ndm_ifindex = ifindex;
	ndm->ndm_state = NUD_NONE;
	ndm->ndm_flags = NTF_USE;
	mnl_attr_put(nlh, NDA_DST, family == AF_INET ? 4 : 16, addr);
	if (mnl_socket_sendto(nl->req, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	return 0;
}
