// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <json-c/json.h>
#include "exec.h"
#include "queue.h"

#define TC_OUT_LEN	8192
#define HTB_MTU		1514	/* one full frame: the quantum of weight 10 */

/* Bytes a class may send at once above its rate: 100 us of the port, at
 * least two full frames. Small, so that the tree serves the port at a
 * steady rate as the traffic manager's model assumes. */
static __u32 htb_burst(__u64 rate_bps)
{
	__u64 b = rate_bps / 80000;

	return b < 2 * HTB_MTU ? 2 * HTB_MTU : b > 0xffffffu ? 0xffffffu : (__u32)b;
}

void clos_queue_plan(__u64 rate_bps, const struct clos_tc_sched *sched,
		     struct clos_queue_class cls[CLOS_NUM_TC])
{
	__u64 strict_rate, left, wsum = 0;
	int tc, higher, nstrict = 0;

	strict_rate = rate_bps * CLOS_HTB_STRICT_PCT / 100;
	if (!strict_rate)
		strict_rate = 1;
	for (tc = 0; tc < CLOS_NUM_TC; tc++) {
		if (sched[tc].strict)
			nstrict++;
		else
			wsum += sched[tc].weight ? sched[tc].weight : 1;
	}
	left = rate_bps > nstrict * strict_rate ? rate_bps - nstrict * strict_rate : 1;
	/* Strict classes first, highest class first (as the model serves
	 * them); the weighted ones after all of them. */
	for (tc = CLOS_NUM_TC - 1, higher = 0; tc >= 0; tc--) {
		struct clos_queue_class *c = &cls[tc];
		__u32 w = sched[tc].weight ? sched[tc].weight : 1;

		c->ceil_bps = rate_bps;
		if (sched[tc].strict) {
			c->rate_bps = strict_rate;
			c->prio = higher++;
			c->quantum = HTB_MTU;
			continue;
		}
		c->rate_bps = left * w / wsum;
		if (!c->rate_bps)
			c->rate_bps = 1;
		c->prio = nstrict < CLOS_NUM_TC ? nstrict : CLOS_NUM_TC - 1;
		c->quantum = (__u64)w * HTB_MTU / 10 ? (__u32)((__u64)w * HTB_MTU / 10) : 1;
	}
}

/* tc's complaint on one line: its own "Error: " prefixes go (the caller
 * says which port and what failed), lines are joined with "; ". In
 * place. */
static void tidy_tc_message(char *msg, size_t len)
{
	char *line, *save, *src, buf[TC_OUT_LEN];
	size_t n = 0;

	if (!len)
		return;
	snprintf(buf, sizeof(buf), "%s", msg);
	msg[0] = '\0';
	for (src = buf; (line = strtok_r(src, "\n", &save)); src = NULL) {
		if (!strncmp(line, "Error: ", 7))
			line += 7;
		n += snprintf(msg + n, len - n, "%s%s", n ? "; " : "", line);
		if (n >= len) {
			n = len - 1;
			break;
		}
	}
	while (n && (msg[n - 1] == ' ' || msg[n - 1] == '.'))
		msg[--n] = '\0';
}

/* Run `tc ARGS...` in netns; on failure err says what tc said. */
static int run_tc(const char *netns, char *const argv[], const char *input,
		  char *out, size_t outlen, const char *ifname,
		  struct clos_err *err)
{
	int ret;

	ret = clos_exec(netns, argv, input, out, outlen);
	if (!ret)
		return 0;
	if (ret != -ECHILD)
		return clos_err_set(err, ret, "port %s: cannot run tc: %s", ifname,
				    strerror(-ret));
	tidy_tc_message(out, outlen);
	return clos_err_set(err, -EIO, "port %s: tc failed: %s", ifname,
			    *out ? out : "no message");
}

/* The root qdisc of ifname: its kind and handle ("htb", "1:"). */
static int root_qdisc(const char *netns, const char *ifname, char *kind,
		      char *handle, size_t len, struct clos_err *err)
{
	char *argv[] = { "tc", "-j", "qdisc", "show", "dev", (char *)ifname,
			 "root", NULL };
	char out[TC_OUT_LEN];
	json_object *arr, *q, *v;
	int ret;

	*kind = *handle = '\0';
	ret = run_tc(netns, argv, NULL, out, sizeof(out), ifname, err);
	if (ret)
		return ret;
	arr = json_tokener_parse(out);
	if (!arr || !json_object_is_type(arr, json_type_array)) {
		json_object_put(arr);
		return clos_err_set(err, -EIO, "port %s: cannot read tc's qdisc list",
				    ifname);
	}
	if (json_object_array_length(arr) > 0) {
		q = json_object_array_get_idx(arr, 0);
		if (json_object_object_get_ex(q, "kind", &v))
			snprintf(kind, len, "%s", json_object_get_string(v));
		if (json_object_object_get_ex(q, "handle", &v))
			snprintf(handle, len, "%s", json_object_get_string(v));
	}
	json_object_put(arr);
	return 0;
}

static bool is_ours(const char *kind, const char *handle)
{
	char want[16];

	snprintf(want, sizeof(want), "%x:", CLOS_HTB_MAJOR);
	return !strcmp(kind, "htb") && !strcmp(handle, want);
}

int clos_queue_present(const char *netns, const char *ifname, bool *present,
		       struct clos_err *err)
{
	char kind[32], handle[32];
	int ret;

	ret = root_qdisc(netns, ifname, kind, handle, sizeof(kind), err);
	*present = !ret && is_ours(kind, handle);
	return ret;
}

int clos_queue_remove(const char *netns, const char *ifname,
		      struct clos_err *err)
{
	char *argv[] = { "tc", "qdisc", "del", "dev", (char *)ifname, "root", NULL };
	char out[TC_OUT_LEN];
	bool present;
	int ret;

	ret = clos_queue_present(netns, ifname, &present, err);
	if (ret || !present)
		return ret;
	return run_tc(netns, argv, NULL, out, sizeof(out), ifname, err);
}

/* tc class replace dev IF parent P classid C htb rate R ceil R burst B
 * cburst B [prio N] quantum Q: one argv, the numbers formatted here. */
static int class_replace(const char *netns, const char *ifname,
			 const char *parent, const char *classid, __u64 rate,
			 __u64 ceil, __u32 burst, int prio, __u32 quantum,
			 struct clos_err *err)
{
	char r[32], c[32], b[16], q[16], pr[16], out[TC_OUT_LEN];
	char *argv[] = { "tc", "class", "replace", "dev", (char *)ifname,
			 "parent", (char *)parent, "classid", (char *)classid,
			 "htb", "rate", r, "ceil", c, "burst", b, "cburst", b,
			 "quantum", q, "prio", pr, NULL };

	snprintf(r, sizeof(r), "%llubit", (unsigned long long)rate);
	snprintf(c, sizeof(c), "%llubit", (unsigned long long)ceil);
	snprintf(b, sizeof(b), "%u", burst);
	snprintf(q, sizeof(q), "%u", quantum);
	snprintf(pr, sizeof(pr), "%d", prio);
	if (prio < 0)
		argv[20] = NULL;	/* no "prio": the parent class */
	return run_tc(netns, argv, NULL, out, sizeof(out), ifname, err);
}

/*
 * Each tc command is its own process with the port's name as one argv
 * element: `tc -batch` splits its lines again, and there '#' starts a
 * comment, so port "e#1" became "e". Stops at the first that fails, as
 * the batch did.
 */
int clos_queue_apply(const char *netns, const char *ifname, __u64 rate_bps,
		     const struct clos_tc_sched *sched, struct clos_err *err)
{
	struct clos_queue_class cls[CLOS_NUM_TC];
	char kind[32], handle[32], want[16], dflt[16], parent[16], cid[16];
	char out[TC_OUT_LEN];
	__u32 burst = htb_burst(rate_bps);
	int ret, tc;

	if (!rate_bps)
		return clos_queue_remove(netns, ifname, err);
	ret = root_qdisc(netns, ifname, kind, handle, sizeof(kind), err);
	if (ret)
		return ret;
	/* Our tree: change its classes in place (HTB cannot change the
	 * qdisc itself, and need not). A root of another kind under our
	 * handle cannot become HTB: delete it. Any other root is replaced. */
	if (!is_ours(kind, handle)) {
		char *del[] = { "tc", "qdisc", "del", "dev", (char *)ifname, "root",
				NULL };
		char *add[] = { "tc", "qdisc", "replace", "dev", (char *)ifname,
				"root", "handle", want, "htb", "default", dflt, NULL };

		snprintf(want, sizeof(want), "%x:", CLOS_HTB_MAJOR);
		snprintf(dflt, sizeof(dflt), "%x", CLOS_HTB_MINOR(0));
		if (!strcmp(handle, want)) {
			ret = run_tc(netns, del, NULL, out, sizeof(out), ifname, err);
			if (ret)
				return ret;
		}
		ret = run_tc(netns, add, NULL, out, sizeof(out), ifname, err);
		if (ret)
			return ret;
	}
	snprintf(parent, sizeof(parent), "%x:", CLOS_HTB_MAJOR);
	snprintf(cid, sizeof(cid), "%x:%x", CLOS_HTB_MAJOR, CLOS_HTB_PARENT_MINOR);
	ret = class_replace(netns, ifname, parent, cid, rate_bps, rate_bps, burst,
			    -1, HTB_MTU, err);
	clos_queue_plan(rate_bps, sched, cls);
	snprintf(parent, sizeof(parent), "%x:%x", CLOS_HTB_MAJOR,
		 CLOS_HTB_PARENT_MINOR);
	for (tc = 0; tc < CLOS_NUM_TC && !ret; tc++) {
		snprintf(cid, sizeof(cid), "%x:%x", CLOS_HTB_MAJOR,
			 CLOS_HTB_MINOR(tc));
		ret = class_replace(netns, ifname, parent, cid, cls[tc].rate_bps,
				    cls[tc].ceil_bps, burst, cls[tc].prio,
				    cls[tc].quantum, err);
	}
	return ret;
}

int clos_queue_apply_port(const struct clos_switch *sw, __u32 port,
			  struct clos_err *err)
{
	struct clos_tc_sched sched[CLOS_NUM_TC];
	struct clos_switch_cfg cfg;
	struct clos_port p;
	__u32 tc;
	int ret;

	ret = clos_switch_queue_cfg(sw, &cfg, err);
	if (ret <= 0)
		return ret;
	if (clos_port_get(sw, port, &p))
		return clos_err_set(err, -ENOENT, "switch %s has no port %u",
				    sw->name, port);
	for (tc = 0; tc < CLOS_NUM_TC; tc++)
		if (bpf_map_lookup_elem(sw->fd[CLOS_MAP_TC_SCHED], &tc, &sched[tc]))
			return clos_err_set(err, -errno, "switch %s: cannot read tc_sched: %s",
					    sw->name, strerror(errno));
	p.name[sizeof(p.name) - 1] = '\0';
	cfg.netns[sizeof(cfg.netns) - 1] = '\0';
	return clos_queue_apply(cfg.netns, p.name, p.rate_bps, sched, err);
}

int clos_queue_apply_all(const struct clos_switch *sw, struct clos_err *err)
{
	struct clos_port p;
	int ret = 0;
	__u32 i;

	for (i = 0; i < CLOS_MAX_PORTS && !ret; i++)
		if (!clos_port_get(sw, i, &p))
			ret = clos_queue_apply_port(sw, i, err);
	return ret;
}
