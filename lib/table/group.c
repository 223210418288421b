// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include "ecmp.h"
#include "ecmp_store.h"
#include "group.h"
#include "log.h"
#include "parse_util.h"
#include "portstate.h"
#include "table.h"

const char *const clos_ecmp_kind_names[2] = {
	[CLOS_ECMP_RESILIENT] = "resilient",
	[CLOS_ECMP_MODULO] = "modulo",
};

int clos_group_get(const struct clos_switch *sw, __u32 gid,
		   struct clos_ecmp_group *g)
{
	return clos_ecmp_store_get(sw->fd[CLOS_MAP_ECMP_GROUPS], gid, g);
}

/* Valid nexthops per port: how many, and the first two ids. */
struct port_nexthops {
	int count[CLOS_MAX_PORTS];
	__u32 id[CLOS_MAX_PORTS][2];
};

static int note_nexthop(const struct clos_table *t, const void *key,
			const void *value, void *arg)
{
	const struct clos_nexthop *nh = value;
	struct port_nexthops *pn = arg;
	__u32 id;

	memcpy(&id, key, sizeof(id));
	if (nh->port >= CLOS_MAX_PORTS)
		return 0;
	if (pn->count[nh->port] < 2)
		pn->id[nh->port][pn->count[nh->port]] = id;
	pn->count[nh->port]++;
	return 0;
}

static int resolve_member(const struct clos_switch *sw, __u32 gid,
			  const char *m, const struct port_nexthops *pn,
			  __u32 *nh, struct clos_err *err)
{
	struct clos_err why;
	__u32 port;

	if (*m >= '0' && *m <= '9') {
		if (clos_parse_u32(m, CLOS_MAX_NEXTHOPS - 1, nh, &why))
			return clos_err_set(err, -EINVAL,
					    "group %u: member '%s': %s", gid, m,
					    why.msg);
		if (!clos_table_has_id(sw, "nexthop", *nh))
			return clos_err_set(err, -ENOENT,
					    "group %u: nexthop %u does not exist",
					    gid, *nh);
		return 0;
	}
	if (clos_port_resolve(sw, m, &port, &why))
		return clos_err_set(err, -ENOENT, "group %u: %s", gid, why.msg);
	switch (pn->count[port]) {
	case 0:
		return clos_err_set(err, -ENOENT,
				    "group %u: no nexthop uses port '%s' (add one with 'table add nexthop ID => fwd %s MAC')",
				    gid, m, m);
	case 1:
		*nh = pn->id[port][0];
		return 0;
	default:
		return clos_err_set(err, -EINVAL,
				    "group %u: port '%s' has %d nexthops (%u, %u%s); name the nexthop id instead",
				    gid, m, pn->count[port], pn->id[port][0],
				    pn->id[port][1],
				    pn->count[port] > 2 ? ", ..." : "");
	}
}

int clos_group_members_parse(const struct clos_switch *sw, __u32 gid,
			     const char *list, __u32 *nh, int *n,
			     struct clos_err *err)
{
	const struct clos_table *t = clos_table_find("nexthop");
	char *copy, *tok, *save = NULL;
	const char *names[CLOS_MAX_MEMBERS];
	struct port_nexthops *pn;
	size_t len = strlen(list);
	int ret = 0, i;

	*n = 0;
	if (!len || list[0] == ',' || list[len - 1] == ',' ||
	    strstr(list, ",,"))
		return clos_err_set(err, -EINVAL,
				    "group %u: empty member in '%s'", gid, list);
	copy = strdup(list);
	pn = calloc(1, sizeof(*pn));
	if (!copy || !pn) {
		ret = clos_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	ret = clos_table_foreach(sw, t, note_nexthop, pn, err);
	if (ret)
		goto out;
	for (tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (*n == CLOS_MAX_MEMBERS) {
			ret = clos_err_set(err, -EINVAL,
					   "group %u: at most %d members",
					   gid, CLOS_MAX_MEMBERS);
			goto out;
		}
		ret = resolve_member(sw, gid, tok, pn, &nh[*n], err);
		if (ret)
			goto out;
		for (i = 0; i < *n; i++)
			if (nh[i] == nh[*n]) {
				ret = clos_err_set(err, -EINVAL,
						   "group %u: members '%s' and '%s' are both nexthop %u",
						   gid, names[i], tok, nh[i]);
				goto out;
			}
		names[(*n)++] = tok;
	}
out:
	free(pn);
	free(copy);
	return ret;
}

/* Per-member counters belong to the member in that slot: when a slot
 * changes hands (or its group goes), its counters start again at zero. */
static int clear_slot_stats(struct clos_switch *sw, __u32 gid, int slot)
{
	__u32 key = gid * CLOS_MAX_MEMBERS + slot;
	void *zeros;
	int err = 0;

	zeros = calloc(sw->ncpus, sizeof(struct clos_counter));
	if (!zeros)
		return -ENOMEM;
	if (bpf_map_update_elem(sw->fd[CLOS_MAP_ECMP_STATS], &key, zeros,
				BPF_ANY))
		err = -errno;
	free(zeros);
	return err;
}

/* The change is in place: settle it now, so that the next writer of the
 * group does not wait (ecmp_store.h). A wait that fails leaves that to
 * the next writer, which is safe. */
static void settle(const struct clos_switch *sw)
{
	int err = clos_ecmp_store_settle_fd(sw->fd[CLOS_MAP_ECMP_GROUPS]);

	if (err)
		pr_debug("ecmp_groups: not settled: %s\n", strerror(-err));
}

int clos_group_set(struct clos_switch *sw, __u32 gid, enum clos_ecmp_kind kind,
		   const __u32 *nh, int n, struct clos_err *err)
{
	return clos_group_set_like(sw, gid, gid, kind, nh, n, err);
}

int clos_group_set_like(struct clos_switch *sw, __u32 gid, __u32 like,
			enum clos_ecmp_kind kind, const __u32 *nh, int n,
			struct clos_err *err)
{
	struct clos_ecmp_group old, base, g;
	bool have_old, have_base;
	const char *why;
	int i, s, ret;

	if (gid >= CLOS_MAX_GROUPS)
		return clos_err_set(err, -EINVAL,
				    "group %u: out of range (0..%d)", gid,
				    CLOS_MAX_GROUPS - 1);
	for (i = 0; i < n; i++)
		if (!clos_table_has_id(sw, "nexthop", nh[i]))
			return clos_err_set(err, -ENOENT,
					    "group %u: nexthop %u does not exist",
					    gid, nh[i]);
	have_old = clos_group_get(sw, gid, &old) == 0;
	/* A new group takes its members' slots and buckets from group like,
	 * so flows of the members both share stay where they were. */
	base = old;
	have_base = have_old;
	if (!have_old && like != gid && like < CLOS_MAX_GROUPS)
		have_base = clos_group_get(sw, like, &base) == 0;
	ret = clos_ecmp_group_build(&g, have_base ? &base : NULL, kind, nh, n,
				    &why);
	if (ret)
		return clos_err_set(err, ret, "group %u: %s", gid, why);
	/* A member whose port is down joins inactive, as the link watcher
	 * would have left it. */
	clos_ecmp_group_apply_port_state(sw, &g);

	ret = clos_ecmp_store_put(sw->fd[CLOS_MAP_ECMP_GROUPS], gid, &g);
	if (ret)
		return clos_err_set(err, ret, "group %u: cannot write: %s",
				    gid, strerror(-ret));
	for (s = 0; s < CLOS_MAX_MEMBERS; s++) {
		if (have_old ? old.nexthop[s] == g.nexthop[s]
			     : g.nexthop[s] == CLOS_NH_NONE)
			continue;
		ret = clear_slot_stats(sw, gid, s);
		if (ret) {
			/* All or nothing: the group as it was. */
			clos_ecmp_store_put(sw->fd[CLOS_MAP_ECMP_GROUPS], gid,
					    have_old ? &old : NULL);
			return clos_err_set(err, ret,
					    "group %u: cannot reset slot %d counters: %s",
					    gid, s, strerror(-ret));
		}
	}
	settle(sw);
	pr_info("group %u: %s, %d member%s\n", gid, clos_ecmp_kind_names[kind],
		n, n == 1 ? "" : "s");
	return 0;
}

int clos_group_del(struct clos_switch *sw, __u32 gid, struct clos_err *err)
{
	const struct clos_table *t = clos_table_find("ecmp_groups");
	struct clos_ecmp_group g;
	char users[256];
	int ret;

	if (clos_group_get(sw, gid, &g))
		return clos_err_set(err, -ENOENT, "group %u does not exist",
				    gid);
	ret = clos_table_users(sw, t, gid, users, sizeof(users), err);
	if (ret < 0)
		return ret;
	if (ret > 0)
		return clos_err_set(err, -EBUSY,
				    "group %u is in use by %s; change or delete %s first",
				    gid, users, ret == 1 ? "it" : "them");
	return clos_group_remove(sw, gid, err);
}

int clos_group_remove(struct clos_switch *sw, __u32 gid, struct clos_err *err)
{
	struct clos_ecmp_group g;
	int ret, s;

	if (clos_group_get(sw, gid, &g))
		return clos_err_set(err, -ENOENT, "group %u does not exist",
				    gid);
	ret = clos_ecmp_store_put(sw->fd[CLOS_MAP_ECMP_GROUPS], gid, NULL);
	if (ret)
		return clos_err_set(err, ret, "group %u: cannot delete: %s",
				    gid, strerror(-ret));
	for (s = 0; s < CLOS_MAX_MEMBERS; s++) {
		ret = clear_slot_stats(sw, gid, s);
		if (ret) {
			/* All or nothing: the group back. */
			clos_ecmp_store_put(sw->fd[CLOS_MAP_ECMP_GROUPS], gid, &g);
			return clos_err_set(err, ret,
					    "group %u: cannot reset counters: %s",
					    gid, strerror(-ret));
		}
	}
	settle(sw);
	pr_info("group %u: deleted\n", gid);
	return 0;
}
