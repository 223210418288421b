// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include "xdp_features.h"

/* include/uapi/linux/netdev.h of Linux 6.3, which Debian 12's headers
 * (6.1) do not have yet. */
#define NETDEV_FAMILY_NAME		"netdev"
#define NETDEV_CMD_DEV_GET		1
#define NETDEV_A_DEV_IFINDEX		1
#define NETDEV_A_DEV_XDP_FEATURES	3
#define NETDEV_XDP_ACT_BASIC		(1ULL << 0)

#define NLA_DATA(a)	((void *)((char *)(a) + NLA_HDRLEN))

struct genl_req {
	struct nlmsghdr nh;
	struct genlmsghdr gh;
	char attrs[64];
};

static void put_attr(struct genl_req *r, __u16 type, const void *data, __u16 len)
{
	struct nlattr *a = (struct nlattr *)((char *)r + NLMSG_ALIGN(r->nh.nlmsg_len));

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	memcpy(NLA_DATA(a), data, len);
	r->nh.nlmsg_len = NLMSG_ALIGN(r->nh.nlmsg_len) + NLA_ALIGN(a->nla_len);
}

/* Send r, and find attribute type in the answer: its payload into out
 * (at most len bytes). 0, -ENOENT (no such attribute), or the kernel's
 * error. */
static int transact(int fd, struct genl_req *r, __u16 type, void *out, size_t len)
{
	char buf[8192];
	struct nlmsghdr *nh;
	struct nlattr *a;
	ssize_t n;
	int rest;

	if (send(fd, r, r->nh.nlmsg_len, 0) < 0)
		return -errno;
	n = recv(fd, buf, sizeof(buf), 0);
	if (n < 0)
		return -errno;
	nh = (struct nlmsghdr *)buf;
	if (!NLMSG_OK(nh, (size_t)n))
		return -EBADMSG;
	if (nh->nlmsg_type == NLMSG_ERROR)
		return ((struct nlmsgerr *)NLMSG_DATA(nh))->error ?: -ENOENT;
	rest = nh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	a = (struct nlattr *)((char *)NLMSG_DATA(nh) + GENL_HDRLEN);
	for (; rest >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && a->nla_len <= rest;
	     rest -= NLA_ALIGN(a->nla_len),
	     a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len))) {
		if ((a->nla_type & NLA_TYPE_MASK) != type)
			continue;
		if ((size_t)(a->nla_len - NLA_HDRLEN) < len)
			len = a->nla_len - NLA_HDRLEN;
		memcpy(out, NLA_DATA(a), len);
		return 0;
	}
	return -ENOENT;
}

static void init_req(struct genl_req *r, __u16 family, __u8 cmd)
{
	memset(r, 0, sizeof(*r));
	r->nh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	r->nh.nlmsg_type = family;
	r->nh.nlmsg_flags = NLM_F_REQUEST;
	r->gh.cmd = cmd;
	r->gh.version = 1;
}

int xdp_features_native(int ifindex, bool *native)
{
	__u32 idx = ifindex;
	__u64 features = 0;
	struct genl_req r;
	__u16 family = 0;
	int fd, err;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0)
		return -errno;
	init_req(&r, GENL_ID_CTRL, CTRL_CMD_GETFAMILY);
	put_attr(&r, CTRL_ATTR_FAMILY_NAME, NETDEV_FAMILY_NAME,
		 sizeof(NETDEV_FAMILY_NAME));
	err = transact(fd, &r, CTRL_ATTR_FAMILY_ID, &family, sizeof(family));
	if (err) {
		/* No such family: a kernel before 6.3. */
		err = -EOPNOTSUPP;
		goto out;
	}
	init_req(&r, family, NETDEV_CMD_DEV_GET);
	put_attr(&r, NETDEV_A_DEV_IFINDEX, &idx, sizeof(idx));
	err = transact(fd, &r, NETDEV_A_DEV_XDP_FEATURES, &features, sizeof(features));
	if (err == -ENOENT)
		err = -EOPNOTSUPP;
	if (!err)
		*native = features & NETDEV_XDP_ACT_BASIC;
out:
	close(fd);
	return err;
}
