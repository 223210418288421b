// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include "exec.h"
#include "frr_state.h"

#define VTYSH_OUT	(256 * 1024)

/* One vtysh command's JSON answer, or NULL. vtysh may first complain on
 * stderr (no vtysh.conf for the pathspace): the document starts at the
 * first '{' or '['. */
static json_object *vtysh_json(const char *ns, const char *cmd)
{
	char *argv[] = { "vtysh", "-N", (char *)ns, "-c", (char *)cmd, NULL };
	char *out = malloc(VTYSH_OUT), *doc;
	json_object *j = NULL;

	if (!out)
		return NULL;
	if (clos_exec(NULL, argv, NULL, out, VTYSH_OUT) == 0) {
		doc = strpbrk(out, "{[");
		if (doc)
			j = json_tokener_parse(doc);
	}
	free(out);
	return j;
}

static const char *jstr(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_string(v) : "";
}

static int64_t jint(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_int64(v) : 0;
}

/* Each session's BFD status from show bfd peers json, by peer address. */
static void add_bfd(const char *ns, struct topo_bgp_session *s, int n)
{
	json_object *peers = vtysh_json(ns, "show bfd peers json");
	size_t i;
	int k;

	if (!peers || !json_object_is_type(peers, json_type_array)) {
		json_object_put(peers);
		return;
	}
	for (i = 0; i < json_object_array_length(peers); i++) {
		json_object *p = json_object_array_get_idx(peers, i);

		for (k = 0; k < n; k++)
			if (!strcmp(s[k].peer, jstr(p, "peer")))
				snprintf(s[k].bfd, sizeof(s[k].bfd), "%s",
					 jstr(p, "status"));
	}
	json_object_put(peers);
}

int topo_frr_sessions(const char *ns, struct topo_bgp_session *s, int max)
{
	static const struct { const char *key, *afi; } afs[] = {
		{ "ipv4Unicast", "ipv4" }, { "ipv6Unicast", "ipv6" },
	};
	json_object *sum = vtysh_json(ns, "show bgp summary json"), *af, *peers;
	unsigned int a;
	int n = 0;

	if (!sum)
		return -ECONNREFUSED;
	for (a = 0; a < sizeof(afs) / sizeof(afs[0]); a++) {
		if (!json_object_object_get_ex(sum, afs[a].key, &af) ||
		    !json_object_object_get_ex(af, "peers", &peers))
			continue;
		json_object_object_foreach(peers, addr, p) {
			struct topo_bgp_session *x = &s[n];

			if (n == max)
				break;
			memset(x, 0, sizeof(*x));
			snprintf(x->peer, sizeof(x->peer), "%s", addr);
			snprintf(x->afi, sizeof(x->afi), "%s", afs[a].afi);
			snprintf(x->state, sizeof(x->state), "%s", jstr(p, "state"));
			x->remote_as = jint(p, "remoteAs");
			x->prefixes = jint(p, "pfxRcd");
			n++;
		}
	}
	json_object_put(sum);
	add_bfd(ns, s, n);
	return n;
}
