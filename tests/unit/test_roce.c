// SPDX-License-Identifier: GPL-2.0
/*
 * RoCEv2: UDP port 4791 with a whole BTH is counted as roce_v2 (and CNPs,
 * opcode 0x81, as roce_cnp too) whatever the verdict; what is not RoCE is
 * not counted (a datagram to 4791 too short for a BTH is plain UDP,
 * forwarded as any other); the BTH fields parse (opcode, 24-bit QP and PSN
 * with the flag bits masked); a queue pair keeps its path across PSNs.
 */
#include <stdio.h>
#include <string.h>
#include <netinet/in.h>
#include <linux/bpf.h>
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include "cases.h"
#include "flows.h"
#include "ecmp.h"

#define IN_MAC		FX_PORT_MAC(0)
#define ROCE		FX_SIDE(CLOS_STAT_ROCE)
#define CNP		(FX_SIDE(CLOS_STAT_ROCE) | FX_SIDE(CLOS_STAT_ROCE_CNP))

static void routes(struct fx *fx)
{
	fx_route4(fx, "10.1.0.0", 16, CLOS_RT_NEXTHOP, 1);
	fx_route6(fx, "2001:db8:1::", 48, CLOS_RT_NEXTHOP, 1);
}

#define R4(name, dst, extra)						\
	static void name(struct pkt_spec *s)				\
	{								\
		pkt_udp4(s, IN_MAC, "10.0.0.1", dst);			\
		s->sport = 49152;					\
		extra;							\
	}
#define R6(name, dst, extra)						\
	static void name(struct pkt_spec *s)				\
	{								\
		pkt_udp6(s, IN_MAC, "2001:db8::1", dst);		\
		s->sport = 49152;					\
		extra;							\
	}

R4(send4, "10.1.0.9", pkt_roce(s, PKT_BTH_SEND_ONLY, 0x12, 7);
   s->payload_len = 64)
R4(cnp4, "10.1.0.9", pkt_roce(s, PKT_BTH_CNP, 0x12, 0); s->payload_len = 20;
   s->tos = 0xc2)
R4(write4_ecn, "10.1.0.9", pkt_roce(s, 0x0a, 0x345, 99); s->tos = 0x6b)
R6(send6, "2001:db8:1::9", pkt_roce(s, PKT_BTH_SEND_ONLY, 0x99, 1))
R6(cnp6, "2001:db8:1::9", pkt_roce(s, PKT_BTH_CNP, 0x99, 0))
R4(send4_ttl1, "10.1.0.9", pkt_roce(s, PKT_BTH_SEND_ONLY, 1, 1); s->ttl = 1)
R4(cnp4_noroute, "192.0.2.9", pkt_roce(s, PKT_BTH_CNP, 1, 1))
R4(send4_mcast, "239.0.0.1", pkt_roce(s, PKT_BTH_SEND_ONLY, 1, 1))
R4(bth_short, "10.1.0.9", s->dport = PKT_ROCE_PORT; s->payload_len = 11)
R4(op80, "10.1.0.9", pkt_roce(s, 0x80, 0x12, 7))
R4(bth_none, "10.1.0.9", s->dport = PKT_ROCE_PORT; s->payload_len = 0)
R4(sport_4791, "10.1.0.9", s->sport = PKT_ROCE_PORT; s->dport = 5000)
R4(tcp_4791, "10.1.0.9", s->l4 = IPPROTO_TCP; s->dport = PKT_ROCE_PORT)
R4(frag_4791, "10.1.0.9", pkt_roce(s, PKT_BTH_SEND_ONLY, 1, 1);
   s->frag_off = 0x2000)
R4(dmac_other, "10.1.0.9", pkt_roce(s, PKT_BTH_CNP, 1, 1);
   pkt_mac(s->dmac, FX_PORT_MAC(3)))

#define CASE(d, b, v, sd, n)	{ .desc = d, .setup = routes, .build = b, \
				  .verdict = v, .side = sd, .nh = n }

static const struct fx_case cases[] = {
	CASE("RC SEND over IPv4: forwarded, roce_v2", send4, CLOS_STAT_FWD,
	     ROCE, 1),
	CASE("CNP over IPv4: forwarded, roce_v2 and roce_cnp", cnp4,
	     CLOS_STAT_FWD, CNP, 1),
	CASE("RDMA WRITE with ECN CE: forwarded, roce_v2", write4_ecn,
	     CLOS_STAT_FWD, ROCE, 1),
	CASE("RC SEND over IPv6: forwarded, roce_v2", send6, CLOS_STAT_FWD,
	     ROCE, 1),
	CASE("CNP over IPv6: roce_v2 and roce_cnp", cnp6, CLOS_STAT_FWD, CNP, 1),
	CASE("RoCE with TTL 1: punted, still counted as RoCE", send4_ttl1,
	     CLOS_STAT_PUNT_TTL, ROCE, 0),
	CASE("CNP without a route: dropped, still counted as CNP", cnp4_noroute,
	     CLOS_STAT_DROP_NO_ROUTE, CNP, 0),
	CASE("CNP for another MAC: dropped, still counted", dmac_other,
	     CLOS_STAT_DROP_DMAC, CNP, 0),
	CASE("RoCE to a multicast group: punted before L4, not counted",
	     send4_mcast, CLOS_STAT_PUNT_MCAST, 0, 0),
	CASE("UDP 4791 with 11 bytes (no whole BTH): plain UDP, forwarded",
	     bth_short, CLOS_STAT_FWD, 0, 1),
	CASE("UDP 4791 with no payload: plain UDP, forwarded", bth_none,
	     CLOS_STAT_FWD, 0, 1),
	CASE("opcode 0x80: RoCE, not a CNP", op80, CLOS_STAT_FWD, ROCE, 1),
	CASE("UDP from port 4791 is not RoCE", sport_4791, CLOS_STAT_FWD, 0, 1),
	CASE("TCP to port 4791 is not RoCE", tcp_4791, CLOS_STAT_FWD, 0, 1),
	CASE("IPv4 fragment to 4791: L4 not parsed, not RoCE", frag_4791,
	     CLOS_STAT_FWD, 0, 1),
};

FX_CASE_PARAMS(roce, table, cases)

ParameterizedTest(int *i, roce, table, .fini = fx_teardown)
{
	fx_case_run(FX_PIPELINE, &cases[*i]);
}

/* The same without the lane: the general pipeline's results, which the
 * lane must give too. */
FX_CASE_PARAMS(roce, table_general, cases)

ParameterizedTest(int *i, roce, table_general, .fini = fx_teardown)
{
	fx_case_run(FX_GENERAL, &cases[*i]);
}

/* UDP to 4791 with no payload, padded to the 60-byte minimum as a NIC
 * pads it: the padding is no BTH. The datagram is plain UDP, forwarded
 * with its padding, and not counted as RoCE. */
Test(roce, padding_is_no_bth, .fini = fx_teardown)
{
	static __u8 in[PKT_MAX], want[PKT_MAX];
	static struct fx_result res;
	struct fx_counts before, after;
	struct fx *fx = fx_setup(FX_PIPELINE);
	struct pkt_spec s;
	size_t len;

	routes(fx);
	bth_none(&s);
	len = pkt_build(&s, in, sizeof(in), NULL);
	cr_assert_lt(len, 60);
	memset(in + len, 0, 60 - len);
	fx_nh_mac(s.dmac, 1);
	fx_port_mac_of(s.smac, 1);
	s.ttl--;
	pkt_build(&s, want, sizeof(want), NULL);
	memset(want + len, 0, 60 - len);

	fx_counts(fx, &before);
	fx_run(fx, in, 60, &res);
	fx_counts(fx, &after);
	cr_assert_eq(res.retval, XDP_REDIRECT, "%s", fx_xdp_name(res.retval));
	fx_expect_counts("UDP 4791 padded to 60", &before, &after, CLOS_STAT_FWD,
			 0, 60, FX_PORT_HOST);
	fx_expect_frame("UDP 4791 padded to 60", res.out, res.out_len, want, 60);
}

/* The BTH fields as the parser reads them: the opcode, the 24-bit
 * destination QP under the FECN/BECN bits and the 24-bit PSN under the
 * AckReq bit (the builder sets AckReq; FECN/BECN are set here). */
Test(roce, bth_fields_parse, .fini = fx_teardown)
{
	static const struct { __u8 op; __u32 qpn, psn; } t[] = {
		{ 0x04, 0x000001, 0x000000 },	/* RC SEND only */
		{ 0x0a, 0xabcdef, 0x123456 },	/* RC RDMA WRITE only */
		{ 0x11, 0xffffff, 0xffffff },	/* RC ACK */
		{ 0x64, 0x800000, 0x7fffff },	/* UD SEND only */
		{ 0x81, 0x000abc, 0x000000 },	/* CNP */
	};
	struct fx *fx = fx_setup(FX_PARSER);
	static __u8 frame[PKT_MAX];
	static struct fx_result res;
	struct pkt_layout lay;
	struct pkt_spec s;
	size_t k, len;
	int v6;

	for (v6 = 0; v6 < 2; v6++) {
		for (k = 0; k < sizeof(t) / sizeof(t[0]); k++) {
			if (v6)
				pkt_udp6(&s, IN_MAC, "2001:db8::1", "2001:db8:1::2");
			else
				pkt_udp4(&s, IN_MAC, "10.0.0.1", "10.1.0.2");
			pkt_roce(&s, t[k].op, t[k].qpn, t[k].psn);
			len = pkt_build(&s, frame, sizeof(frame), &lay);
			frame[lay.bth + 4] = 0xc0;	/* FECN, BECN */
			fx_run(fx, frame, len, &res);
			cr_assert_eq(fx->view->ret, CLOS_STAT_MAX, "opcode 0x%02x: %s",
				     t[k].op, fx_stat_name(fx->view->ret));
			cr_assert_eq(fx->view->roce, 1);
			cr_assert_eq(fx->view->bth_opcode, t[k].op);
			cr_assert_eq(fx->view->bth_qpn, t[k].qpn, "qpn 0x%06x, want 0x%06x",
				     fx->view->bth_qpn, t[k].qpn);
			cr_assert_eq(fx->view->bth_psn, t[k].psn, "psn 0x%06x, want 0x%06x",
				     fx->view->bth_psn, t[k].psn);
		}
	}
}

/*
 * RoCEv2 carries its entropy in the UDP source port: 64 queue pairs (one
 * source port each) spread over a 4-member group as the reference says,
 * and each QP stays on its member for 50 PSNs. 300 packets of which 1 in
 * 10 a CNP, counted exactly.
 */
Test(roce, queue_pairs_spread_and_stick, .fini = fx_teardown)
{
	static const __u32 four[] = { 1, 2, 3, 4 };
	struct fx *fx = fx_setup(FX_PIPELINE);
	static __u8 frame[PKT_MAX];
	static struct fx_result res;
	struct clos_ecmp_group g;
	int qp, psn, used[5] = {}, n = 0, cnps = 0;
	const char *why = "";
	struct pkt_spec s;
	size_t len;

	cr_assert_eq(clos_ecmp_group_build(&g, NULL, CLOS_ECMP_RESILIENT, four,
					   4, &why), 0, "%s", why);
	fx_group(fx, 1, &g);
	fx_route4(fx, "10.1.0.0", 16, CLOS_RT_ECMP, 1);
	for (qp = 0; qp < 64; qp++) {
		int first = -1;

		for (psn = 0; psn < 50; psn++) {
			bool cnp = (qp * 50 + psn) % 10 == 0;
			int nh, want;

			pkt_udp4(&s, IN_MAC, "10.0.0.1", "10.1.0.2");
			pkt_roce(&s, cnp ? PKT_BTH_CNP : PKT_BTH_SEND_ONLY,
				 0x100 + qp, psn);
			s.sport = 0xc000 + qp * 97;
			len = pkt_build(&s, frame, sizeof(frame), NULL);
			fx_run(fx, frame, len, &res);
			cr_assert_eq(res.retval, XDP_REDIRECT);
			nh = flow_nh_of_mac(res.out);
			want = g.nexthop[clos_ecmp_slot(&g, flow_hash(&s, FX_SEED))];
			cr_assert_eq(nh, want, "QP %d PSN %d: member %d, reference %d",
				     qp, psn, nh, want);
			if (first < 0)
				first = nh;
			cr_assert_eq(nh, first, "QP %d changed path at PSN %d", qp, psn);
			n++;
			cnps += cnp;
		}
		used[first]++;
	}
	for (qp = 1; qp <= 4; qp++)
		cr_assert_gt(used[qp], 0, "no QP on member %d", qp);
	cr_assert_eq(fx_stat(fx, CLOS_STAT_ROCE), (__u64)n);
	cr_assert_eq(fx_stat(fx, CLOS_STAT_ROCE_CNP), (__u64)cnps);
	cr_assert_eq(fx_stat(fx, CLOS_STAT_FWD), (__u64)n);
}
