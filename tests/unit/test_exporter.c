// SPDX-License-Identifier: GPL-2.0
/*
 * clos-exporter's exposition text (tools/exporter/metrics.c): samples of a
 * family grouped under one HELP and TYPE whatever order they come in,
 * label values escaped (port names may hold quotes and backslashes),
 * counters exact to 2^64 - 1; and --listen refused by name
 * (tools/exporter/listen.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <criterion/criterion.h>
#include "listen.h"
#include "metrics.h"

static const struct mx_def RX = { "clos_port_receive_packets_total", MX_COUNTER,
				  "Packets received" };
static const struct mx_def UP = { "clos_switch_up", MX_GAUGE, "1 when read\nwhole \\ ok" };

static char *render(struct mx *m)
{
	size_t len;
	char *text;

	cr_assert_eq(mx_render(m, &text, &len), 0);
	cr_assert_eq(strlen(text), len);
	mx_free(m);
	return text;
}

Test(exporter, families_grouped_in_first_seen_order)
{
	struct mx m = {};
	char *text;

	mx_add_u64(&m, &RX, (const char *[]){ "switch", "a", "port", "eth1", NULL }, 1);
	mx_add_u64(&m, &UP, (const char *[]){ "switch", "a", NULL }, 1);
	mx_add_u64(&m, &RX, (const char *[]){ "switch", "b", "port", "eth1", NULL }, 2);
	mx_add(&m, &UP, NULL, 0.25);
	text = render(&m);
	cr_assert_str_eq(text,
		"# HELP clos_port_receive_packets_total Packets received\n"
		"# TYPE clos_port_receive_packets_total counter\n"
		"clos_port_receive_packets_total{switch=\"a\",port=\"eth1\"} 1\n"
		"clos_port_receive_packets_total{switch=\"b\",port=\"eth1\"} 2\n"
		"# HELP clos_switch_up 1 when read\\nwhole \\\\ ok\n"
		"# TYPE clos_switch_up gauge\n"
		"clos_switch_up{switch=\"a\"} 1\n"
		"clos_switch_up 0.25\n");
	free(text);
}

Test(exporter, label_values_escaped)
{
	struct mx m = {};
	char *text;

	mx_add_u64(&m, &RX, (const char *[]){ "switch", "s", "port", "e\"t\\h\n1", NULL }, 7);
	text = render(&m);
	cr_assert(strstr(text, "clos_port_receive_packets_total{switch=\"s\","
			 "port=\"e\\\"t\\\\h\\n1\"} 7\n"), "%s", text);
	free(text);
}

Test(exporter, counters_exact)
{
	struct mx m = {};
	char *text;

	mx_add_u64(&m, &RX, NULL, 18446744073709551615ull);
	mx_add_u64(&m, &RX, (const char *[]){ "port", "x", NULL }, 9007199254740993ull);
	text = render(&m);
	cr_assert(strstr(text, "clos_port_receive_packets_total 18446744073709551615\n"), "%s", text);
	cr_assert(strstr(text, "{port=\"x\"} 9007199254740993\n"), "%s", text);
	free(text);
}

Test(exporter, empty)
{
	struct mx m = {};
	char *text = render(&m);

	cr_assert_str_eq(text, "");
	free(text);
}

static void listen_refused(const char *spec, const char *msg)
{
	struct clos_err why = {};

	cr_assert_eq(exporter_listen(spec, &why), -EINVAL, "'%s' was taken", spec);
	cr_assert_str_eq(why.msg, msg, "'%s'", spec);
}

#define USAGE	"want ADDR:PORT, ADDR an IPv4 address or [IPv6], PORT 1..65535 " \
		"(e.g. 127.0.0.1:9850, [::1]:9850, 0.0.0.0:9850)"

Test(exporter, bad_listen_refused_by_name)
{
	listen_refused("9850", "--listen '9850': no port; " USAGE);
	listen_refused(":9850", "--listen ':9850': no address; " USAGE);
	listen_refused("[]:9850", "--listen '[]:9850': no address; " USAGE);
	listen_refused("127.0.0.1:", "--listen '127.0.0.1:': port '' is not 1..65535");
	listen_refused("127.0.0.1:0", "--listen '127.0.0.1:0': port '0' is not 1..65535");
	listen_refused("127.0.0.1:65536", "--listen '127.0.0.1:65536': port '65536' is not 1..65535");
	listen_refused("127.0.0.1:+80", "--listen '127.0.0.1:+80': port '+80' is not 1..65535");
	listen_refused("127.0.0.1:80x", "--listen '127.0.0.1:80x': port '80x' is not 1..65535");
	listen_refused("localhost:80", "--listen 'localhost:80': 'localhost' is not an IPv4 address; " USAGE);
	listen_refused("::1:80", "--listen '::1:80': an IPv6 address goes in brackets: [::1]:80");
	listen_refused("[127.0.0.1]:80", "--listen '[127.0.0.1]:80': '127.0.0.1' is not an IPv6 address; " USAGE);
}
