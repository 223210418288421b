// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include "proto.h"

#define F(name, field) { name, offsetof(struct roce_peer_stats, field) }

const struct roce_stat_field roce_peer_fields[] = {
	F("packets", rx.packets),
	F("bytes", rx.bytes),
	F("messages", rx.messages),
	F("goodput_bps", goodput_bps),
	F("out_of_order", rx.out_of_order),
	F("duplicates", rx.duplicates),
	F("icrc_errors", icrc_errors),
	F("ce", ce),
	F("cnps", cnps),
	F("acks", rx.acks),
	F("naks", rx.naks),
	F("invalid", rx.invalid),
	F("access_errors", rx.access),
	F("bad_payload", rx.bad_payload),
};

const unsigned int roce_peer_nfields =
	sizeof(roce_peer_fields) / sizeof(roce_peer_fields[0]);

static const char *const verbs[] = {
	[ROCE_VERB_SEND] = "send",
	[ROCE_VERB_WRITE] = "write",
};

const char *roce_verb_name(enum roce_verb v)
{
	return verbs[v];
}

static void add_u64(json_object *o, const char *k, uint64_t v)
{
	json_object_object_add(o, k, json_object_new_uint64(v));
}

/* An unsigned integer member no larger than max. */
static int get_u64(json_object *o, const char *k, uint64_t max, uint64_t *v,
		   struct clos_err *err)
{
	json_object *m;

	if (!json_object_object_get_ex(o, k, &m) ||
	    !json_object_is_type(m, json_type_int))
		return clos_err_set(err, -EBADMSG, "connection: '%s' missing or not a number", k);
	errno = 0;
	*v = json_object_get_uint64(m);
	if (errno || *v > max)
		return clos_err_set(err, -EBADMSG, "connection: '%s' out of range", k);
	return 0;
}

static int get_u32(json_object *o, const char *k, uint32_t max, uint32_t *v,
		   struct clos_err *err)
{
	uint64_t x;
	int ret = get_u64(o, k, max, &x, err);

	*v = x;
	return ret;
}

/* The "qps" array of o, of exactly n elements when n > 0. */
static int get_qps(json_object *o, uint32_t n, json_object **arr,
		   struct clos_err *err)
{
	if (!json_object_object_get_ex(o, "qps", arr) ||
	    !json_object_is_type(*arr, json_type_array))
		return clos_err_set(err, -EBADMSG, "connection: no 'qps' array");
	if (n && json_object_array_length(*arr) != n)
		return clos_err_set(err, -EBADMSG, "connection: %zu QPs, want %u",
				    json_object_array_length(*arr), n);
	return 0;
}

/* {"error": ...} from the peer. */
static int peer_error(json_object *o, struct clos_err *err)
{
	json_object *e;

	if (!json_object_object_get_ex(o, "error", &e))
		return 0;
	return clos_err_set(err, -EREMOTEIO, "server: %s", json_object_get_string(e));
}

json_object *roce_hello_build(const struct roce_hello *h)
{
	json_object *o = json_object_new_object(), *qps = json_object_new_array();
	uint32_t i;

	json_object_object_add(o, "hello", json_object_new_string("clos-roce"));
	add_u64(o, "version", ROCE_PROTO_VERSION);
	add_u64(o, "roce_port", h->roce_port);
	json_object_object_add(o, "verb", json_object_new_string(roce_verb_name(h->verb)));
	add_u64(o, "msg_size", h->msg_size);
	add_u64(o, "mtu", h->mtu);
	for (i = 0; i < h->nqps; i++) {
		json_object *q = json_object_new_object();

		add_u64(q, "qpn", h->qps[i].qpn);
		add_u64(q, "psn", h->qps[i].psn0);
		add_u64(q, "sport", h->qps[i].sport);
		json_object_array_add(qps, q);
	}
	json_object_object_add(o, "qps", qps);
	return o;
}

int roce_hello_parse(json_object *o, struct roce_hello *h,
		     struct clos_err *err)
{
	json_object *m, *arr;
	uint32_t v, i;
	const char *verb;
	int ret;

	memset(h, 0, sizeof(*h));
	if (!json_object_object_get_ex(o, "hello", &m) ||
	    strcmp(json_object_get_string(m), "clos-roce"))
		return clos_err_set(err, -EBADMSG, "connection: not a clos-roce client");
	if ((ret = get_u32(o, "version", UINT32_MAX, &v, err)))
		return ret;
	if (v != ROCE_PROTO_VERSION)
		return clos_err_set(err, -EPROTONOSUPPORT, "client speaks version %u, server %u",
				    v, ROCE_PROTO_VERSION);
	if ((ret = get_u32(o, "roce_port", 65535, &v, err)))
		return ret;
	h->roce_port = v;
	if (!json_object_object_get_ex(o, "verb", &m))
		return clos_err_set(err, -EBADMSG, "connection: no 'verb'");
	verb = json_object_get_string(m);
	if (!strcmp(verb, "send"))
		h->verb = ROCE_VERB_SEND;
	else if (!strcmp(verb, "write"))
		h->verb = ROCE_VERB_WRITE;
	else
		return clos_err_set(err, -EBADMSG, "connection: verb '%s'", verb);
	if ((ret = get_u32(o, "msg_size", UINT32_MAX, &h->msg_size, err)) ||
	    (ret = get_u32(o, "mtu", 4096, &h->mtu, err)))
		return ret;
	if (!h->msg_size || h->mtu < 256)
		return clos_err_set(err, -EBADMSG, "connection: bad msg_size or mtu");
	if ((ret = get_qps(o, 0, &arr, err)))
		return ret;
	h->nqps = json_object_array_length(arr);
	if (!h->nqps || h->nqps > ROCE_MAX_QPS)
		return clos_err_set(err, -EBADMSG, "connection: %u QPs (1..%d)",
				    h->nqps, ROCE_MAX_QPS);
	for (i = 0; i < h->nqps; i++) {
		json_object *q = json_object_array_get_idx(arr, i);

		if ((ret = get_u32(q, "qpn", ROCE_QPN_MASK, &h->qps[i].qpn, err)) ||
		    (ret = get_u32(q, "psn", ROCE_PSN_MASK, &h->qps[i].psn0, err)) ||
		    (ret = get_u32(q, "sport", 65535, &v, err)))
			return ret;
		h->qps[i].sport = v;
	}
	return 0;
}

json_object *roce_accept_build(const struct roce_accept_qp *qps, uint32_t n)
{
	json_object *o = json_object_new_object(), *arr = json_object_new_array();
	uint32_t i;

	for (i = 0; i < n; i++) {
		json_object *q = json_object_new_object();

		add_u64(q, "qpn", qps[i].qpn);
		add_u64(q, "sport", qps[i].sport);
		add_u64(q, "va", qps[i].va);
		add_u64(q, "rkey", qps[i].rkey);
		json_object_array_add(arr, q);
	}
	json_object_object_add(o, "qps", arr);
	return o;
}

int roce_accept_parse(json_object *o, struct roce_accept_qp *qps, uint32_t n,
		      struct clos_err *err)
{
	json_object *arr;
	uint32_t i, v;
	int ret;

	if ((ret = peer_error(o, err)) || (ret = get_qps(o, n, &arr, err)))
		return ret;
	for (i = 0; i < n; i++) {
		json_object *q = json_object_array_get_idx(arr, i);

		if ((ret = get_u32(q, "qpn", ROCE_QPN_MASK, &qps[i].qpn, err)) ||
		    (ret = get_u32(q, "sport", 65535, &v, err)) ||
		    (ret = get_u64(q, "va", UINT64_MAX, &qps[i].va, err)) ||
		    (ret = get_u32(q, "rkey", UINT32_MAX, &qps[i].rkey, err)))
			return ret;
		qps[i].sport = v;
	}
	return 0;
}

json_object *roce_error_build(const char *msg)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "error", json_object_new_string(msg));
	return o;
}

json_object *roce_done_build(void)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "done", json_object_new_boolean(1));
	return o;
}

bool roce_is_done(json_object *o)
{
	json_object *m;

	return json_object_object_get_ex(o, "done", &m) &&
	       json_object_get_boolean(m);
}

json_object *roce_stats_build(const struct roce_peer_stats *s, uint32_t n)
{
	json_object *o = json_object_new_object(), *arr = json_object_new_array();
	uint32_t i, k;

	for (i = 0; i < n; i++) {
		json_object *q = json_object_new_object();

		add_u64(q, "qpn", s[i].qpn);
		add_u64(q, "peer_qpn", s[i].peer_qpn);
		for (k = 0; k < roce_peer_nfields; k++)
			add_u64(q, roce_peer_fields[k].name,
				*(const uint64_t *)((const char *)&s[i] +
						    roce_peer_fields[k].off));
		json_object_array_add(arr, q);
	}
	json_object_object_add(o, "qps", arr);
	return o;
}

int roce_stats_parse(json_object *o, struct roce_peer_stats *s, uint32_t n,
		     struct clos_err *err)
{
	json_object *arr;
	uint32_t i, k;
	int ret;

	if ((ret = peer_error(o, err)) || (ret = get_qps(o, n, &arr, err)))
		return ret;
	for (i = 0; i < n; i++) {
		json_object *q = json_object_array_get_idx(arr, i);

		memset(&s[i], 0, sizeof(s[i]));
		if ((ret = get_u32(q, "qpn", ROCE_QPN_MASK, &s[i].qpn, err)) ||
		    (ret = get_u32(q, "peer_qpn", ROCE_QPN_MASK, &s[i].peer_qpn, err)))
			return ret;
		for (k = 0; k < roce_peer_nfields; k++) {
			uint64_t *v = (uint64_t *)((char *)&s[i] +
						   roce_peer_fields[k].off);

			if ((ret = get_u64(q, roce_peer_fields[k].name,
					   UINT64_MAX, v, err)))
				return ret;
		}
	}
	return 0;
}
