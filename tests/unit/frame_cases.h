/* SPDX-License-Identifier: GPL-2.0 */
/* Frame builders for table-driven cases: V4/V6 define a builder of a UDP
 * frame from the fixture's host 10.10.0.5 / 2001:db8:10::5 into in_port,
 * then apply extra (CTAG, STAG, DSCP, or any statement on s). */
#ifndef CLOS_TEST_FRAME_CASES_H
#define CLOS_TEST_FRAME_CASES_H

#include "packet.h"
#include "fixture.h"

#define V4(name, in_port, dst, extra)					\
	static void name(struct pkt_spec *s)				\
	{								\
		pkt_udp4(s, FX_PORT_MAC(in_port), "10.10.0.5", dst);	\
		extra;							\
	}
#define V6(name, in_port, dst, extra)					\
	static void name(struct pkt_spec *s)				\
	{								\
		pkt_udp6(s, FX_PORT_MAC(in_port), "2001:db8:10::5", dst); \
		extra;							\
	}
#define CTAG(v, p)	s->ctag = true; s->vid = v; s->pcp = p
#define STAG(v)		s->stag = true; s->stag_vid = v
#define QTAG(v)		s->stag = true; s->stag_8021q = true; s->stag_vid = v
#define DSCP(d)		s->tos = (d) << 2

#endif /* CLOS_TEST_FRAME_CASES_H */
