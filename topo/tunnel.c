// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include "ifname.h"
#include "run.h"
#include "tunnel.h"

#define OUT_LEN		4096

/* "ip [-n UNDERLAY] WORDS...": argv from words (NULL-terminated). */
static int underlay_ip(const struct topo *t, char **words, char *out, size_t len)
{
	char *argv[32];
	int c = 0;

	argv[c++] = "ip";
	if (t->underlay_netns[0]) {
		argv[c++] = "-n";
		argv[c++] = (char *)t->underlay_netns;
	}
	while (*words && c < 31)
		argv[c++] = *words++;
	argv[c] = NULL;
	return run_cmd(argv, NULL, out, len);
}

int topo_tunnel_create(const struct topo *t, const struct topo_link *lk,
		       struct clos_err *err)
{
	char tmp[CLOS_IFNAMSIZ], vni[16], port[8], mtu[8], ns[TOPO_NETNS_STRLEN];
	char out[OUT_LEN], shown[CLOS_IFNAME_SHOWLEN];
	const struct topo_node *n, *peer;
	const struct topo_port *p;
	int e = topo_link_local_end(t, lk), ret;

	if (e < 0)
		return 0;
	n = topo_end_node(t, lk, e);
	peer = topo_end_node(t, lk, !e);
	p = topo_end_port(t, lk, e);
	/* Unique in the underlay namespace while it is there: VNIs are. */
	snprintf(tmp, sizeof(tmp), "clos%u", lk->vni);
	snprintf(vni, sizeof(vni), "%u", lk->vni);
	snprintf(port, sizeof(port), "%u", lk->udp_port);
	snprintf(mtu, sizeof(mtu), "%d", lk->mtu);
	topo_netns_name(t, n, ns, sizeof(ns));
	clos_ifname_show(p->ifname, shown, sizeof(shown));
	{
		/* nolearning: one peer, the remote; nothing to learn. */
		char *add[] = { "link", "add", "name", tmp, "mtu", mtu, "type", "vxlan",
				"id", vni, "local", (char *)t->boxes[n->box].addr_str,
				"remote", (char *)t->boxes[peer->box].addr_str,
				"dstport", port, "nolearning", NULL };
		char *move[] = { "link", "set", "dev", tmp, "netns", ns, "name",
				 (char *)p->ifname, NULL };
		char *del[] = { "link", "del", "dev", tmp, NULL };

		ret = underlay_ip(t, add, out, sizeof(out));
		if (ret)
			return clos_err_set(err, ret, "link %s:%s - %s:%s: vxlan %s to box %s: ip link add: %s",
					    n->name, shown,
					    peer->name, topo_end_port(t, lk, !e)->ifname,
					    vni, t->boxes[peer->box].name, out);
		ret = underlay_ip(t, move, out, sizeof(out));
		if (ret) {
			char keep[OUT_LEN];

			snprintf(keep, sizeof(keep), "%s", out);
			underlay_ip(t, del, out, sizeof(out));
			return clos_err_set(err, ret, "link %s:%s - %s:%s: vxlan into %s: %s",
					    n->name, shown, peer->name,
					    topo_end_port(t, lk, !e)->ifname, ns, keep);
		}
	}
	return 0;
}
