// SPDX-License-Identifier: GPL-2.0
/*
 * The FIB sync's rtnetlink parser (fibsync/nlparse.c) on messages built
 * here as the kernel sends them (libmnl): multipath routes with weights,
 * routes on nexthop objects, IPv4 via an IPv6 gateway, nexthop groups,
 * neighbours, links; and what it leaves alone or refuses.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>
#include <criterion/criterion.h>
#include "nlparse.h"

static char buf[8192] __attribute__((aligned(8)));
static struct fs_nl_msg msg;

static struct nlmsghdr *route_hdr(__u16 type, __u8 family, __u8 plen,
				  struct rtmsg **rtm)
{
	struct nlmsghdr *nlh;

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	*rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(**rtm));
	(*rtm)->rtm_family = family;
	(*rtm)->rtm_dst_len = plen;
	(*rtm)->rtm_table = RT_TABLE_MAIN;
	(*rtm)->rtm_type = RTN_UNICAST;
	(*rtm)->rtm_protocol = RTPROT_BGP;
	return nlh;
}

static void put_v4(struct nlmsghdr *nlh, __u16 type, const char *addr)
{
	__u8 a[4];

	cr_assert_eq(inet_pton(AF_INET, addr, a), 1);
	mnl_attr_put(nlh, type, 4, a);
}

/* One rtnexthop of RTA_MULTIPATH with its gateway. */
static void put_hop(struct nlmsghdr *nlh, int ifindex, int hops, const char *gw)
{
	struct rtnexthop *nh = mnl_nlmsg_get_payload_tail(nlh);
	__u8 a[4];

	nlh->nlmsg_len += RTNH_ALIGN(sizeof(*nh));
	memset(nh, 0, sizeof(*nh));
	nh->rtnh_ifindex = ifindex;
	nh->rtnh_hops = hops;
	cr_assert_eq(inet_pton(AF_INET, gw, a), 1);
	mnl_attr_put(nlh, RTA_GATEWAY, 4, a);
	nh->rtnh_len = (char *)mnl_nlmsg_get_payload_tail(nlh) - (char *)nh;
}

static void parse_ok(struct nlmsghdr *nlh, enum fs_nl_kind kind)
{
	cr_assert_eq(fs_nl_parse(nlh, &msg), 0);
	cr_assert_eq(msg.kind, kind, "kind %d, want %d", msg.kind, kind);
}

/* An RTM_NEWNEXTHOP of family in buf, for its attributes to follow. */
static struct nlmsghdr *nexthop_msg(int family)
{
	struct nlmsghdr *nlh;
	struct nhmsg *nhm;

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWNEXTHOP;
	nhm = mnl_nlmsg_put_extra_header(nlh, sizeof(*nhm));
	nhm->nh_family = family;
	return nlh;
}

Test(fibsync_nl, a_multipath_route_with_weights)
{
	struct rtmsg *rtm;
	struct nlmsghdr *nlh = route_hdr(RTM_NEWROUTE, AF_INET, 16, &rtm);
	struct nlattr *mp;

	nlh->nlmsg_flags = NLM_F_REPLACE;
	put_v4(nlh, RTA_DST, "10.9.0.0");
	mnl_attr_put_u32(nlh, RTA_PRIORITY, 20);
	mnl_attr_put_u32(nlh, RTA_TABLE, RT_TABLE_MAIN);
	mp = mnl_attr_nest_start(nlh, RTA_MULTIPATH);
	put_hop(nlh, 2, 0, "10.0.1.2");
	put_hop(nlh, 3, 2, "10.0.2.2");
	mnl_attr_nest_end(nlh, mp);
	parse_ok(nlh, FS_NL_ROUTE);
	cr_assert_not(msg.route.del);
	cr_assert(msg.route.replace);
	cr_assert_eq(msg.route.family, AF_INET);
	cr_assert_eq(msg.route.plen, 16);
	cr_assert_eq(msg.route.dst[0], 10);
	cr_assert_eq(msg.route.dst[1], 9);
	cr_assert_eq(msg.route.priority, 20);
	cr_assert_eq(msg.route.proto, RTPROT_BGP);
	cr_assert_eq(msg.route.n, 2);
	cr_assert_eq(msg.route.p[0].oif, 2);
	cr_assert_eq(msg.route.p[0].weight, 1);
	cr_assert_eq(msg.route.p[0].gw.family, AF_INET);
	cr_assert_eq(msg.route.p[0].gw.a[3], 2);
	cr_assert_eq(msg.route.p[1].oif, 3);
	cr_assert_eq(msg.route.p[1].weight, 3);
	cr_assert_eq(msg.route.p[1].gw.a[2], 2);
}

Test(fibsync_nl, a_route_on_a_nexthop_object_is_the_object)
{
	struct rtmsg *rtm;
	struct nlmsghdr *nlh = route_hdr(RTM_NEWROUTE, AF_INET, 24, &rtm);
	struct nlattr *mp;

	put_v4(nlh, RTA_DST, "10.200.0.0");
	mnl_attr_put_u32(nlh, RTA_NH_ID, 6);
	/* The kernel lists the object's paths as well. */
	mp = mnl_attr_nest_start(nlh, RTA_MULTIPATH);
	put_hop(nlh, 2, 0, "10.0.1.2");
	mnl_attr_nest_end(nlh, mp);
	parse_ok(nlh, FS_NL_ROUTE);
	cr_assert_eq(msg.route.nhid, 6);
	cr_assert_eq(msg.route.n, 0);
}

Test(fibsync_nl, an_ipv4_route_via_an_ipv6_gateway)
{
	struct rtmsg *rtm;
	struct nlmsghdr *nlh = route_hdr(RTM_DELROUTE, AF_INET, 0, &rtm);
	char via[sizeof(struct rtvia) + 16];
	struct rtvia *v = (struct rtvia *)via;

	v->rtvia_family = AF_INET6;
	cr_assert_eq(inet_pton(AF_INET6, "fe80::1", v->rtvia_addr), 1);
	mnl_attr_put(nlh, RTA_VIA, sizeof(via), via);
	mnl_attr_put_u32(nlh, RTA_OIF, 4);
	parse_ok(nlh, FS_NL_ROUTE);
	cr_assert(msg.route.del);
	cr_assert_eq(msg.route.plen, 0, "the default route");
	cr_assert_eq(msg.route.n, 1);
	cr_assert_eq(msg.route.p[0].oif, 4);
	cr_assert_eq(msg.route.p[0].gw.family, AF_INET6);
	cr_assert_eq(msg.route.p[0].gw.a[0], 0xfe);
	cr_assert_eq(msg.route.p[0].gw.a[15], 1);
}

Test(fibsync_nl, cloned_routes_and_other_families_are_left_alone)
{
	struct rtmsg *rtm;
	struct nlmsghdr *nlh = route_hdr(RTM_NEWROUTE, AF_INET6, 128, &rtm);

	rtm->rtm_flags = RTM_F_CLONED;
	parse_ok(nlh, FS_NL_NONE);
	nlh = route_hdr(RTM_NEWROUTE, AF_MPLS, 20, &rtm);
	parse_ok(nlh, FS_NL_NONE);
}

Test(fibsync_nl, malformed_routes_are_refused)
{
	struct rtmsg *rtm;
	struct nlmsghdr *nlh = route_hdr(RTM_NEWROUTE, AF_INET, 16, &rtm);
	__u8 six[6] = { 10, 9 };

	mnl_attr_put(nlh, RTA_DST, sizeof(six), six);
	cr_assert_eq(fs_nl_parse(nlh, &msg), -EINVAL);
	nlh = route_hdr(RTM_NEWROUTE, AF_INET, 33, &rtm);
	cr_assert_eq(fs_nl_parse(nlh, &msg), -EINVAL);
}

Test(fibsync_nl, a_resilient_nexthop_group_with_weights)
{
	struct nexthop_grp grp[3] = {
		{ .id = 1, .weight = 0 }, { .id = 2, .weight = 2 },
		{ .id = 3, .weight = 255, .weight_high = 1 },
	};
	struct nlmsghdr *nlh;

	nlh = nexthop_msg(AF_UNSPEC);
	mnl_attr_put_u32(nlh, NHA_ID, 11);
	mnl_attr_put(nlh, NHA_GROUP, sizeof(grp), grp);
	mnl_attr_put_u16(nlh, NHA_GROUP_TYPE, NEXTHOP_GRP_TYPE_RES);
	parse_ok(nlh, FS_NL_NEXTHOP);
	cr_assert_eq(msg.nh.id, 11);
	cr_assert(msg.nh.group);
	cr_assert(msg.nh.resilient);
	cr_assert_eq(msg.nh.n, 3);
	cr_assert_eq(msg.nh.m[0].weight, 1);
	cr_assert_eq(msg.nh.m[1].weight, 3);
	cr_assert_eq(msg.nh.m[2].id, 3);
	cr_assert_eq(msg.nh.m[2].weight, 512);
}

Test(fibsync_nl, a_single_nexthop_object)
{
	struct nlmsghdr *nlh;

	nlh = nexthop_msg(AF_INET);
	mnl_attr_put_u32(nlh, NHA_ID, 1);
	mnl_attr_put_u32(nlh, NHA_OIF, 2);
	put_v4(nlh, NHA_GATEWAY, "10.0.1.2");
	parse_ok(nlh, FS_NL_NEXTHOP);
	cr_assert_not(msg.nh.group);
	cr_assert_eq(msg.nh.path.oif, 2);
	cr_assert_eq(msg.nh.path.gw.family, AF_INET);
	cr_assert_eq(msg.nh.path.gw.a[3], 2);
	/* No id: refused. */
	nlh = nexthop_msg(AF_UNSPEC);
	cr_assert_eq(fs_nl_parse(nlh, &msg), -EINVAL);
}

static struct nlmsghdr *neigh_msg(__u8 family, __u16 state, __u8 flags)
{
	static const __u8 mac[6] = { 2, 0xee, 0, 0, 0, 1 };
	struct nlmsghdr *nlh;
	struct ndmsg *ndm;

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWNEIGH;
	ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
	ndm->ndm_family = family;
	ndm->ndm_ifindex = 3;
	ndm->ndm_state = state;
	ndm->ndm_flags = flags;
	put_v4(nlh, NDA_DST, "10.0.2.2");
	mnl_attr_put(nlh, NDA_LLADDR, 6, mac);
	return nlh;
}

Test(fibsync_nl, neighbours)
{
	parse_ok(neigh_msg(AF_INET, NUD_STALE, 0), FS_NL_NEIGH);
	cr_assert_eq(msg.neigh.ifindex, 3);
	cr_assert_eq(msg.neigh.state, NUD_STALE);
	cr_assert(msg.neigh.has_mac);
	cr_assert_eq(msg.neigh.mac[5], 1);
	cr_assert_eq(msg.neigh.addr[3], 2);
	parse_ok(neigh_msg(AF_INET, NUD_REACHABLE, NTF_PROXY), FS_NL_NONE);
	parse_ok(neigh_msg(AF_BRIDGE, NUD_REACHABLE, 0), FS_NL_NONE);
}

Test(fibsync_nl, links)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_DELLINK;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_index = 5;
	ifi->ifi_flags = IFF_UP;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "eth4");
	parse_ok(nlh, FS_NL_LINK);
	cr_assert(msg.link.del);
	cr_assert_eq(msg.link.ifindex, 5);
	cr_assert_eq(msg.link.flags, IFF_UP);
	cr_assert_str_eq(msg.link.name, "eth4");
}
