/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What client and server say on the connection channel (ctrl.h):
 *
 *   client: {"hello": "clos-roce", "version": 1, "roce_port": 4791,
 *            "verb": "send", "msg_size": 65536, "mtu": 1024,
 *            "qps": [{"qpn": 256, "psn": 1234, "sport": 49321}, ...]}
 *   server: {"qps": [{"qpn": 4096, "sport": 50112, "va": N, "rkey": N}, ...]}
 *           or {"error": "why"}
 *   ... RoCE traffic ...
 *   client: {"done": true}
 *   server: {"qps": [{"qpn": 4096, "peer_qpn": 256, "packets": N, ...}]}
 *
 * The requester's first PSN is the client's; each side's QPN is its own
 * choice; roce_port is where the client receives ACKs and CNPs.
 */
#ifndef CLOS_ROCE_PROTO_H
#define CLOS_ROCE_PROTO_H

#include <stddef.h>
#include <stdint.h>
#include <json-c/json.h>
#include "err.h"
#include "qp.h"

#define ROCE_PROTO_VERSION	1
#define ROCE_MAX_QPS		1024	/* per client */

struct roce_hello_qp {
	uint32_t qpn;
	uint32_t psn0;
	uint16_t sport;
};

struct roce_hello {
	uint16_t roce_port;
	enum roce_verb verb;
	uint32_t msg_size;
	uint32_t mtu;
	uint32_t nqps;
	struct roce_hello_qp qps[ROCE_MAX_QPS];
};

struct roce_accept_qp {
	uint32_t qpn;
	uint16_t sport;
	uint64_t va;
	uint32_t rkey;
};

/* What the server counted for one QP. */
struct roce_peer_stats {
	uint32_t qpn;		/* the server's */
	uint32_t peer_qpn;	/* the client's */
	struct roce_resp_stats rx;
	uint64_t ce;		/* CE-marked packets received */
	uint64_t cnps;		/* CNPs sent */
	uint64_t icrc_errors;	/* packets for this QP with a bad ICRC */
	uint64_t goodput_bps;	/* payload accepted / active time */
};

/* The counters of roce_peer_stats, by name, for the wire and reports. */
struct roce_stat_field {
	const char *name;
	size_t off;		/* of a uint64_t in struct roce_peer_stats */
};

extern const struct roce_stat_field roce_peer_fields[];
extern const unsigned int roce_peer_nfields;

const char *roce_verb_name(enum roce_verb v);

json_object *roce_hello_build(const struct roce_hello *h);
int roce_hello_parse(json_object *o, struct roce_hello *h,
		     struct clos_err *err);
json_object *roce_accept_build(const struct roce_accept_qp *qps, uint32_t n);
/* Exactly n QPs, or the server's error. */
int roce_accept_parse(json_object *o, struct roce_accept_qp *qps, uint32_t n,
		      struct clos_err *err);
json_object *roce_error_build(const char *msg);
json_object *roce_done_build(void);
bool roce_is_done(json_object *o);
json_object *roce_stats_build(const struct roce_peer_stats *s, uint32_t n);
int roce_stats_parse(json_object *o, struct roce_peer_stats *s, uint32_t n,
		     struct clos_err *err);

#endif /* CLOS_ROCE_PROTO_H */
