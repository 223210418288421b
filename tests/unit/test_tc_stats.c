// SPDX-License-Identifier: GPL-2.0
/*
 * lib/tc_stats.c: RTM_NEWTCLASS messages as the kernel builds them
 * (tc_fill_tclass: tcmsg, TCA_KIND, TCA_STATS2 nesting TCA_STATS_BASIC,
 * TCA_STATS_QUEUE and, past 2^32 packets, TCA_STATS_PKT64), crafted here,
 * into the counters closctl prints; then one real dump of lo (no classes).
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/gen_stats.h>
#include <linux/rtnetlink.h>
#include <criterion/criterion.h>
#include "tc_stats.h"

#define MSG_MAX	512

struct msg {
	union {
		struct nlmsghdr nh;
		char buf[MSG_MAX];
	};
	struct rtattr *nest;	/* the open TCA_STATS2, if any */
};

static void msg_init(struct msg *m, __u32 classid)
{
	struct tcmsg *tcm;

	memset(m, 0, sizeof(*m));
	m->nh.nlmsg_type = RTM_NEWTCLASS;
	m->nh.nlmsg_len = NLMSG_LENGTH(sizeof(*tcm));
	tcm = NLMSG_DATA(&m->nh);
	tcm->tcm_family = AF_UNSPEC;
	tcm->tcm_ifindex = 7;
	tcm->tcm_handle = classid;
	tcm->tcm_parent = 0x10100;
}

static struct rtattr *put(struct msg *m, unsigned short type, const void *data,
			  size_t len)
{
	struct rtattr *a = (struct rtattr *)(m->buf + NLMSG_ALIGN(m->nh.nlmsg_len));

	cr_assert_leq(NLMSG_ALIGN(m->nh.nlmsg_len) + RTA_SPACE(len), MSG_MAX);
	a->rta_type = type;
	a->rta_len = RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(a), data, len);
	m->nh.nlmsg_len = NLMSG_ALIGN(m->nh.nlmsg_len) + RTA_ALIGN(a->rta_len);
	if (m->nest)
		m->nest->rta_len = m->buf + m->nh.nlmsg_len - (char *)m->nest;
	return a;
}

static void open_stats2(struct msg *m, unsigned short flags)
{
	m->nest = put(m, TCA_STATS2 | flags, NULL, 0);
}

static void put_basic(struct msg *m, __u64 bytes, __u32 packets)
{
	struct gnet_stats_basic b = { .bytes = bytes, .packets = packets };

	put(m, TCA_STATS_BASIC, &b, sizeof(b));
}

static void put_queue(struct msg *m, __u32 qlen, __u32 backlog, __u32 drops,
		      __u32 overlimits)
{
	struct gnet_stats_queue q = {
		.qlen = qlen, .backlog = backlog, .drops = drops,
		.requeues = 99, .overlimits = overlimits,
	};

	put(m, TCA_STATS_QUEUE, &q, sizeof(q));
}

Test(tc_stats, basic_and_queue)
{
	struct clos_tc_class_stats s = { .classid = 0x10002 };
	struct msg m;

	msg_init(&m, 0x10002);
	put(&m, TCA_KIND, "htb", 4);
	open_stats2(&m, 0);
	put_basic(&m, 3576160, 2480);
	put_queue(&m, 4, 5768, 412, 3977);
	cr_assert_eq(clos_tc_class_msg_parse(&m.nh, &s), 0);
	cr_assert_eq(s.classid, 0x10002, "classid is the caller's");
	cr_assert_eq(s.sent_bytes, 3576160);
	cr_assert_eq(s.sent_packets, 2480);
	cr_assert_eq(s.dropped, 412);
	cr_assert_eq(s.overlimits, 3977);
	cr_assert_eq(s.backlog_bytes, 5768);
	cr_assert_eq(s.backlog_packets, 4);
}

/* Past 2^32 packets the 32-bit count wraps and PKT64 has the truth,
 * whichever comes first in the nest. */
Test(tc_stats, pkt64_wins_in_either_order)
{
	__u64 big = (1ull << 32) + 5;
	struct clos_tc_class_stats s;
	struct msg m;
	int order;

	for (order = 0; order < 2; order++) {
		memset(&s, 0, sizeof(s));
		msg_init(&m, 0x10001);
		open_stats2(&m, 0);
		if (order)
			put(&m, TCA_STATS_PKT64, &big, sizeof(big));
		put_basic(&m, 1ull << 40, 5);
		if (!order)
			put(&m, TCA_STATS_PKT64, &big, sizeof(big));
		cr_assert_eq(clos_tc_class_msg_parse(&m.nh, &s), 0);
		cr_assert_eq(s.sent_packets, big, "order %d", order);
		cr_assert_eq(s.sent_bytes, 1ull << 40, "order %d", order);
	}
}

Test(tc_stats, nested_flag_and_unknown_attributes)
{
	struct clos_tc_class_stats s = { 0 };
	__u32 junk = 0xdeadbeef;
	struct msg m;

	msg_init(&m, 0x10001);
	put(&m, TCA_OPTIONS, &junk, sizeof(junk));
	open_stats2(&m, NLA_F_NESTED);
	put(&m, TCA_STATS_RATE_EST, &junk, sizeof(junk));
	put_queue(&m, 0, 0, 7, 0);
	cr_assert_eq(clos_tc_class_msg_parse(&m.nh, &s), 0);
	cr_assert_eq(s.dropped, 7);
	cr_assert_eq(s.sent_packets, 0);
}

/* An attribute shorter than the struct (an older kernel's): what it has
 * is read, the rest is zero. */
Test(tc_stats, short_attribute)
{
	struct clos_tc_class_stats s = { .dropped = 1 };
	__u32 qlen_backlog_drops[3] = { 2, 3028, 9 };
	struct msg m;

	msg_init(&m, 0x10001);
	open_stats2(&m, 0);
	put(&m, TCA_STATS_QUEUE, qlen_backlog_drops, sizeof(qlen_backlog_drops));
	cr_assert_eq(clos_tc_class_msg_parse(&m.nh, &s), 0);
	cr_assert_eq(s.backlog_packets, 2);
	cr_assert_eq(s.backlog_bytes, 3028);
	cr_assert_eq(s.dropped, 9);
	cr_assert_eq(s.overlimits, 0);
}

Test(tc_stats, refused)
{
	struct clos_tc_class_stats s = { 0 };
	struct msg m;

	msg_init(&m, 0x10001);
	put(&m, TCA_KIND, "htb", 4);
	cr_assert_eq(clos_tc_class_msg_parse(&m.nh, &s), -EINVAL,
		     "no TCA_STATS2");
	m.nh.nlmsg_len = NLMSG_LENGTH(sizeof(struct tcmsg)) - 1;
	cr_assert_eq(clos_tc_class_msg_parse(&m.nh, &s), -EINVAL,
		     "shorter than a tcmsg");
}

/* A real dump: lo has no qdisc classes, so nothing is found and the dump
 * still ends cleanly (NLMSG_DONE). */
Test(tc_stats, lo_has_no_classes)
{
	struct clos_tc_class_stats cls[2] = {
		{ .classid = 0x10001, .found = true, .dropped = 3 },
		{ .classid = 0x10002 },
	};
	struct clos_err err = { "" };
	int fd, ret;

	fd = clos_tc_stats_open(NULL, &err);
	cr_assert_geq(fd, 0, "%s", err.msg);
	ret = clos_tc_class_stats_read(fd, 1, cls, 2, &err);
	close(fd);
	cr_assert_eq(ret, 0, "%s", err.msg);
	cr_assert(!cls[0].found && !cls[1].found);
	cr_assert_eq(cls[0].dropped, 0, "reset before the read");
	cr_assert_eq(cls[0].classid, 0x10001, "classid kept");
}
