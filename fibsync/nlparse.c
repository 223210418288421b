// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>
#include "nlparse.h"

/* An address attribute of family into ip; false if its length is wrong. */
static bool get_addr(const struct nlattr *a, __u8 family, struct fs_ip *ip)
{
	int len = family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;

	if (!len || mnl_attr_get_payload_len(a) != len)
		return false;
	memset(ip, 0, sizeof(*ip));
	ip->family = family;
	memcpy(ip->a, mnl_attr_get_payload(a), len);
	return true;
}

/* RTA_VIA: a gateway of another family (IPv4 routes via IPv6 neighbours). */
static bool get_via(const struct nlattr *a, struct fs_ip *ip)
{
	const struct rtvia *via = mnl_attr_get_payload(a);
	size_t len = mnl_attr_get_payload_len(a);

	if (len < sizeof(*via))
		return false;
	if (via->rtvia_family == AF_INET && len >= sizeof(*via) + 4) {
		memset(ip, 0, sizeof(*ip));
		ip->family = AF_INET;
		memcpy(ip->a, via->rtvia_addr, 4);
		return true;
	}
	if (via->rtvia_family == AF_INET6 && len >= sizeof(*via) + 16) {
		memset(ip, 0, sizeof(*ip));
		ip->family = AF_INET6;
		memcpy(ip->a, via->rtvia_addr, 16);
		return true;
	}
	return false;
}

/* --- links --------------------------------------------------------------- */

static int parse_link(const struct nlmsghdr *nlh, struct fs_link_msg *l)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifi))
		return -EINVAL;
	memset(l, 0, sizeof(*l));
	l->del = nlh->nlmsg_type == RTM_DELLINK;
	l->ifindex = ifi->ifi_index;
	l->flags = ifi->ifi_flags;
	mnl_attr_for_each(a, nlh, sizeof(*ifi))
		if (mnl_attr_get_type(a) == IFLA_IFNAME &&
		    !mnl_attr_validate(a, MNL_TYPE_NUL_STRING))
			snprintf(l->name, sizeof(l->name), "%s", mnl_attr_get_str(a));
	return 0;
}

/* --- neighbours -------------------------------------------------------------- */

static int parse_neigh(const struct nlmsghdr *nlh, struct fs_nl_msg *out)
{
	const struct ndmsg *ndm = mnl_nlmsg_get_payload(nlh);
	struct fs_neigh_msg *n = &out->neigh;
	const struct nlattr *a;
	struct fs_ip dst = {};

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*ndm))
		return -EINVAL;
	if ((ndm->ndm_family != AF_INET && ndm->ndm_family != AF_INET6) ||
	    (ndm->ndm_flags & NTF_PROXY))
		return 0;	/* bridge fdb, proxy entries */
	memset(n, 0, sizeof(*n));
	n->del = nlh->nlmsg_type == RTM_DELNEIGH;
	n->family = ndm->ndm_family;
	n->ifindex = ndm->ndm_ifindex;
	n->state = ndm->ndm_state;
	mnl_attr_for_each(a, nlh, sizeof(*ndm)) {
		switch (mnl_attr_get_type(a)) {
		case NDA_DST:
			if (!get_addr(a, n->family, &dst))
				return -EINVAL;
			break;
		case NDA_LLADDR:
			/* Ethernet only: a clos port is one. */
			if (mnl_attr_get_payload_len(a) == 6) {
				memcpy(n->mac, mnl_attr_get_payload(a), 6);
				n->has_mac = true;
			}
			break;
		}
	}
	if (!dst.family)
		return -EINVAL;
	memcpy(n->addr, dst.a, sizeof(n->addr));
	out->kind = FS_NL_NEIGH;
	return 0;
}

/* --- nexthop objects ------------------------------------------------------------ */

static int parse_nexthop(const struct nlmsghdr *nlh, struct fs_nh_msg *nh)
{
	const struct nhmsg *nhm = mnl_nlmsg_get_payload(nlh);
	const struct nexthop_grp *grp;
	const struct nlattr *a;
	size_t i, n;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*nhm))
		return -EINVAL;
	memset(nh, 0, sizeof(*nh));
	nh->del = nlh->nlmsg_type == RTM_DELNEXTHOP;
	nh->path.weight = 1;
	mnl_attr_for_each(a, nlh, sizeof(*nhm)) {
		switch (mnl_attr_get_type(a)) {
		case NHA_ID:
			if (mnl_attr_validate(a, MNL_TYPE_U32))
				return -EINVAL;
			nh->id = mnl_attr_get_u32(a);
			break;
		case NHA_GROUP:
			grp = mnl_attr_get_payload(a);
			n = mnl_attr_get_payload_len(a) / sizeof(*grp);
			nh->group = true;
			for (i = 0; i < n; i++) {
				if (i == FS_MAX_PATHS) {
					nh->truncated = true;
					break;
				}
				nh->m[i].id = grp[i].id;
				nh->m[i].weight = ((grp[i].weight_high << 8) | grp[i].weight) + 1;
			}
			nh->n = i;
			break;
		case NHA_GROUP_TYPE:
			if (mnl_attr_validate(a, MNL_TYPE_U16))
				return -EINVAL;
			nh->resilient = mnl_attr_get_u16(a) == NEXTHOP_GRP_TYPE_RES;
			break;
		case NHA_BLACKHOLE:
			nh->blackhole = true;
			break;
		case NHA_FDB:
			nh->fdb = true;
			break;
		case NHA_ENCAP:
		case NHA_ENCAP_TYPE:
			nh->encap = true;
			break;
		case NHA_OIF:
			if (mnl_attr_validate(a, MNL_TYPE_U32))
				return -EINVAL;
			nh->path.oif = mnl_attr_get_u32(a);
			break;
		case NHA_GATEWAY:
			if (!get_addr(a, nhm->nh_family, &nh->path.gw))
				return -EINVAL;
			break;
		}
	}
	return nh->id ? 0 : -EINVAL;
}

/* --- routes ---------------------------------------------------------------------- */

/* The paths of RTA_MULTIPATH. */
static int parse_multipath(const struct nlattr *mp, struct fs_route_msg *r)
{
	const char *p = mnl_attr_get_payload(mp);
	size_t left = mnl_attr_get_payload_len(mp), len;
	const struct rtnexthop *nh;
	const struct nlattr *attr;	/* the name mnl_attr_for_each_payload uses */
	struct fs_path *path;

	while (left >= sizeof(*nh)) {
		nh = (const struct rtnexthop *)p;
		if (nh->rtnh_len < sizeof(*nh) || nh->rtnh_len > left)
			return -EINVAL;
		if (r->n == FS_MAX_PATHS) {
			r->truncated = true;
			return 0;
		}
		path = &r->p[r->n++];
		memset(path, 0, sizeof(*path));
		path->oif = nh->rtnh_ifindex;
		path->weight = nh->rtnh_hops + 1;
		mnl_attr_for_each_payload((const void *)RTNH_DATA(nh),
					  nh->rtnh_len - sizeof(*nh)) {
			if (mnl_attr_get_type(attr) == RTA_GATEWAY &&
			    !get_addr(attr, r->family, &path->gw))
				return -EINVAL;
			if (mnl_attr_get_type(attr) == RTA_VIA && !get_via(attr, &path->gw))
				return -EINVAL;
			if (mnl_attr_get_type(attr) == RTA_ENCAP)
				r->encap = true;
		}
		len = RTNH_ALIGN(nh->rtnh_len);
		if (len >= left)
			break;
		p += len;
		left -= len;
	}
	return 0;
}

static int parse_route(const struct nlmsghdr *nlh, struct fs_nl_msg *out)
{
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	struct fs_route_msg *r = &out->route;
	struct fs_path one = { .weight = 1 };
	const struct nlattr *a;
	struct fs_ip dst = {};
	int ret;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*rtm))
		return -EINVAL;
	if ((rtm->rtm_family != AF_INET && rtm->rtm_family != AF_INET6) ||
	    (rtm->rtm_flags & RTM_F_CLONED))
		return 0;	/* MPLS, route cache entries */
	memset(r, 0, offsetof(struct fs_route_msg, p));
	r->del = nlh->nlmsg_type == RTM_DELROUTE;
	r->replace = !r->del && (nlh->nlmsg_flags & NLM_F_REPLACE);
	r->append = !r->del && (nlh->nlmsg_flags & NLM_F_APPEND);
	r->family = rtm->rtm_family;
	r->plen = rtm->rtm_dst_len;
	r->tos = rtm->rtm_tos;
	r->type = rtm->rtm_type;
	r->proto = rtm->rtm_protocol;
	r->scope = rtm->rtm_scope;
	r->table = rtm->rtm_table;
	if (r->plen > (r->family == AF_INET ? 32 : 128))
		return -EINVAL;
	mnl_attr_for_each(a, nlh, sizeof(*rtm)) {
		switch (mnl_attr_get_type(a)) {
		case RTA_TABLE:
			if (mnl_attr_validate(a, MNL_TYPE_U32))
				return -EINVAL;
			r->table = mnl_attr_get_u32(a);
			break;
		case RTA_DST:
			if (!get_addr(a, r->family, &dst))
				return -EINVAL;
			break;
		case RTA_PRIORITY:
			if (mnl_attr_validate(a, MNL_TYPE_U32))
				return -EINVAL;
			r->priority = mnl_attr_get_u32(a);
			break;
		case RTA_OIF:
			if (mnl_attr_validate(a, MNL_TYPE_U32))
				return -EINVAL;
			one.oif = mnl_attr_get_u32(a);
			break;
		case RTA_GATEWAY:
			if (!get_addr(a, r->family, &one.gw))
				return -EINVAL;
			break;
		case RTA_VIA:
			if (!get_via(a, &one.gw))
				return -EINVAL;
			break;
		case RTA_NH_ID:
			if (mnl_attr_validate(a, MNL_TYPE_U32))
				return -EINVAL;
			r->nhid = mnl_attr_get_u32(a);
			break;
		case RTA_ENCAP:
			r->encap = true;
			break;
		case RTA_MULTIPATH:
			ret = parse_multipath(a, r);
			if (ret)
				return ret;
			break;
		}
	}
	memcpy(r->dst, dst.a, sizeof(r->dst));
	/* A route on a nexthop object lists the object's paths too (dumps
	 * and events both): the object is what counts. */
	if (r->nhid)
		r->n = 0;
	else if (!r->n && one.oif)
		r->p[r->n++] = one;
	out->kind = FS_NL_ROUTE;
	return 0;
}

int fs_nl_parse(const struct nlmsghdr *nlh, struct fs_nl_msg *out)
{
	int ret;

	out->kind = FS_NL_NONE;
	switch (nlh->nlmsg_type) {
	case RTM_NEWLINK:
	case RTM_DELLINK:
		ret = parse_link(nlh, &out->link);
		if (!ret)
			out->kind = FS_NL_LINK;
		return ret;
	case RTM_NEWNEIGH:
	case RTM_DELNEIGH:
		return parse_neigh(nlh, out);
	case RTM_NEWNEXTHOP:
	case RTM_DELNEXTHOP:
		ret = parse_nexthop(nlh, &out->nh);
		if (!ret)
			out->kind = FS_NL_NEXTHOP;
		return ret;
	case RTM_NEWROUTE:
	case RTM_DELROUTE:
		return parse_route(nlh, out);
	default:
		return 0;
	}
}
