// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <criterion/criterion.h>
#include "cases.h"

void fx_nh_mac(__u8 mac[6], __u32 nh)
{
	char str[32];

	snprintf(str, sizeof(str), "02:ee:00:00:00:%02x", nh);
	pkt_mac(mac, str);
}

void fx_port_mac_of(__u8 mac[6], __u32 port)
{
	char str[32];

	snprintf(str, sizeof(str), "02:c1:05:00:00:%02x", port);
	pkt_mac(mac, str);
}

void fx_case_run(enum fx_prog kind, const struct fx_case *c)
{
	static __u8 in[PKT_MAX], want[PKT_MAX];
	static struct fx_result res;
	struct fx_counts before, after;
	struct pkt_layout lay = {};
	struct pkt_spec s, e;
	size_t len, wlen;
	__u32 action;
	struct fx *fx;

	fx = fx_setup(kind);
	/* FX_NO_PORT maps lo to a port id out of range; setup may also
	 * remove the mapping. */
	fx_ingress(fx, c->in_port);
	if (c->setup)
		c->setup(fx);

	if (c->raw) {
		len = c->raw(in, sizeof(in));
	} else {
		c->build(&s);
		len = pkt_build(&s, in, sizeof(in), &lay);
	}
	if (c->poke)
		c->poke(in, &len, &lay);

	fx_counts(fx, &before);
	fx_run(fx, in, len, &res);
	fx_counts(fx, &after);

	if (c->verdict == CLOS_STAT_FWD)
		action = kind == FX_PIPELINE ? XDP_TX : XDP_REDIRECT;
	else
		action = fx_verdict_action(c->verdict);
	cr_assert_eq(res.retval, action, "%s: returned %s, want %s (%s)",
		     c->desc, fx_xdp_name(res.retval), fx_xdp_name(action),
		     fx_stat_name(c->verdict));
	fx_expect_counts(c->desc, &before, &after, c->verdict, c->side, len,
			 c->in_port);

	if (c->verdict != CLOS_STAT_FWD) {
		/* The kernel (punt) gets the frame exactly as it came in, and
		 * nothing is rewritten before ingress decides to drop. (A
		 * failed redirect or egress comes after the rewrite.) */
		if (c->verdict != CLOS_STAT_DROP_REDIRECT &&
		    c->verdict != CLOS_STAT_DROP_EGRESS)
			fx_expect_frame(c->desc, res.out, res.out_len, in, len);
		return;
	}

	cr_assert(!c->raw && !c->poke, "%s: forwarded cases are built", c->desc);
	e = s;
	fx_nh_mac(e.dmac, c->nh);
	fx_port_mac_of(e.smac, c->nh);
	e.ttl = s.ttl - 1;
	if (c->expect)
		c->expect(&e);
	wlen = pkt_build(&e, want, sizeof(want), &lay);
	fx_expect_frame(c->desc, res.out, res.out_len, want, wlen);
	if (e.ethertype == ETH_P_IP)
		fx_expect_ipv4_csum(c->desc, res.out, res.out_len, lay.l3);
	if (kind == FX_PIPELINE) {
		const struct clos_counter *b = &before.port[c->nh].tx;
		const struct clos_counter *a = &after.port[c->nh].tx;

		cr_assert_eq(res.egress_port, c->nh, "%s: sent to port %u, want %u",
			     c->desc, res.egress_port, c->nh);
		cr_assert(a->packets - b->packets == 1 && a->bytes - b->bytes == wlen,
			  "%s: port %u tx moved by %llu packets / %llu bytes, want 1 / %zu",
			  c->desc, c->nh, (unsigned long long)(a->packets - b->packets),
			  (unsigned long long)(a->bytes - b->bytes), wlen);
	}
}
