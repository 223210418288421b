// SPDX-License-Identifier: GPL-2.0
/*
 * clos-roce's connection messages (proto.h): what one side builds the
 * other parses back to the same values; malformed or hostile lines are
 * refused with a reason, and the server's {"error": ...} reaches the
 * client as its message.
 */
#include <string.h>
#include <criterion/criterion.h>
#include "proto.h"

/* Through text, as on the connection. */
static json_object *reparse(json_object *o)
{
	json_object *back = json_tokener_parse(
		json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));

	json_object_put(o);
	cr_assert_not_null(back);
	return back;
}

static struct roce_hello h, h2;

Test(roce_proto, hello_round_trip)
{
	struct clos_err err = {};
	json_object *o;
	uint32_t i;

	h.roce_port = 4792;
	h.verb = ROCE_VERB_WRITE;
	h.msg_size = 65536;
	h.mtu = 1024;
	h.nqps = 3;
	for (i = 0; i < 3; i++) {
		h.qps[i].qpn = 0x100 + i;
		h.qps[i].psn0 = 0xfffffe - i;
		h.qps[i].sport = 49152 + i;
	}
	o = reparse(roce_hello_build(&h));
	cr_assert_eq(roce_hello_parse(o, &h2, &err), 0, "%s", err.msg);
	json_object_put(o);
	cr_expect_eq(h2.roce_port, 4792);
	cr_expect_eq(h2.verb, ROCE_VERB_WRITE);
	cr_expect_eq(h2.msg_size, 65536);
	cr_expect_eq(h2.mtu, 1024);
	cr_assert_eq(h2.nqps, 3);
	for (i = 0; i < 3; i++) {
		cr_expect_eq(h2.qps[i].qpn, h.qps[i].qpn);
		cr_expect_eq(h2.qps[i].psn0, h.qps[i].psn0);
		cr_expect_eq(h2.qps[i].sport, h.qps[i].sport);
	}
}

Test(roce_proto, hello_refused)
{
	static const char *const bad[] = {
		"{\"hello\":\"other\"}",
		"{\"hello\":\"clos-roce\",\"version\":2}",
		"{\"hello\":\"clos-roce\",\"version\":1,\"roce_port\":70000}",
		"{\"hello\":\"clos-roce\",\"version\":1,\"roce_port\":4791,\"verb\":\"read\"}",
		"{\"hello\":\"clos-roce\",\"version\":1,\"roce_port\":4791,\"verb\":\"send\","
		"\"msg_size\":0,\"mtu\":1024,\"qps\":[]}",
		"{\"hello\":\"clos-roce\",\"version\":1,\"roce_port\":4791,\"verb\":\"send\","
		"\"msg_size\":10,\"mtu\":1024,\"qps\":[]}",
		"{\"hello\":\"clos-roce\",\"version\":1,\"roce_port\":4791,\"verb\":\"send\","
		"\"msg_size\":10,\"mtu\":1024,\"qps\":[{\"qpn\":16777216,\"psn\":0,\"sport\":1}]}",
		"{\"hello\":\"clos-roce\",\"version\":1,\"roce_port\":4791,\"verb\":\"send\","
		"\"msg_size\":10,\"mtu\":1024,\"qps\":[{\"qpn\":1,\"psn\":\"x\",\"sport\":1}]}",
	};
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct clos_err err = {};
		json_object *o = json_tokener_parse(bad[i]);

		cr_assert_not_null(o, "%s", bad[i]);
		cr_expect_lt(roce_hello_parse(o, &h2, &err), 0, "%s", bad[i]);
		cr_expect_neq(err.msg[0], 0, "a reason for %s", bad[i]);
		json_object_put(o);
	}
}

Test(roce_proto, accept_and_stats_round_trip)
{
	struct roce_accept_qp a[2], b[2];
	struct roce_peer_stats s[2] = {}, t[2];
	struct clos_err err = {};
	unsigned int k;
	json_object *o;

	a[0] = (struct roce_accept_qp){ 0x1000, 50000, 0x1000ull << 32, 0xdeadbeef };
	a[1] = (struct roce_accept_qp){ 0x1001, 50001, 0x1001ull << 32, 7 };
	o = reparse(roce_accept_build(a, 2));
	cr_assert_eq(roce_accept_parse(o, b, 2, &err), 0, "%s", err.msg);
	for (k = 0; k < 2; k++) {
		cr_expect_eq(b[k].qpn, a[k].qpn);
		cr_expect_eq(b[k].sport, a[k].sport);
		cr_expect_eq(b[k].va, a[k].va);
		cr_expect_eq(b[k].rkey, a[k].rkey);
	}
	cr_expect_lt(roce_accept_parse(o, b, 3, &err), 0, "3 QPs asked, 2 given");
	json_object_put(o);

	for (k = 0; k < roce_peer_nfields; k++)
		*(uint64_t *)((char *)&s[1] + roce_peer_fields[k].off) =
			(1ull << 40) + k;
	s[0].qpn = 0x1000;
	s[0].peer_qpn = 0x100;
	s[1].qpn = 0x1001;
	s[1].peer_qpn = 0x101;
	o = reparse(roce_stats_build(s, 2));
	cr_assert_eq(roce_stats_parse(o, t, 2, &err), 0, "%s", err.msg);
	json_object_put(o);
	cr_expect_eq(t[1].peer_qpn, 0x101);
	for (k = 0; k < roce_peer_nfields; k++)
		cr_expect_eq(*(uint64_t *)((char *)&t[1] + roce_peer_fields[k].off),
			     (1ull << 40) + k, "%s", roce_peer_fields[k].name);
}

Test(roce_proto, server_error_reaches_the_client)
{
	struct roce_accept_qp b[1];
	struct clos_err err = {};
	json_object *o = reparse(roce_error_build("no room for 3 QPs"));

	cr_expect_lt(roce_accept_parse(o, b, 1, &err), 0);
	cr_expect_str_eq(err.msg, "server: no room for 3 QPs");
	json_object_put(o);
	o = reparse(roce_done_build());
	cr_expect(roce_is_done(o));
	json_object_put(o);
}
