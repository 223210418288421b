// SPDX-License-Identifier: GPL-2.0
#include "qos_fixture.h"

void qf_classes(struct fx *fx)
{
	__u32 t;

	fx_class_map(fx, CLOS_MAP_PCP_TC, 5, 2);
	fx_class_map(fx, CLOS_MAP_PCP_TC, 3, 6);
	fx_class_map(fx, CLOS_MAP_DSCP_TC, 26, 4);
	fx_class_map(fx, CLOS_MAP_DSCP_TC, 46, 1);
	for (t = 0; t < CLOS_NUM_TC; t++)
		fx_class_map(fx, CLOS_MAP_TC_PCP, t, (t + 1) % CLOS_NUM_PCP);
}

void qf_congest(struct fx *fx, __u32 port)
{
	const struct clos_tm_profile ecn = {
		.ecn = 1, .kmin = QF_KMIN, .kmax = QF_KMAX,
		.pmax = CLOS_PMAX_ONE * 5 / 100,
	};
	const struct clos_tm_profile no_ecn = { .ecn = 0 };
	struct clos_tm_profile pr;
	struct clos_tm_port st = {};
	int tc;

	fx_port_rate(fx, port, QF_RATE);
	fx_tm_profile(fx, port, 0, &ecn);
	pr = ecn;
	pr.limit = QF_TC1_LIMIT;
	fx_tm_profile(fx, port, 1, &pr);
	fx_tm_profile(fx, port, 2, &no_ecn);
	pr = ecn;
	pr.limit = QF_TC3_LIMIT;
	fx_tm_profile(fx, port, 3, &pr);
	fx_tm_profile(fx, port, 4, &ecn);
	for (tc = 0; tc <= 3; tc++)
		st.backlog[tc] = st.max_backlog[tc] = QF_FULL;
	st.last_ns = fx_now_ns();
	fx_tm_state_set(fx, port, &st);
}

void qf_unshaped_trap(struct fx *fx, __u32 port)
{
	const struct clos_tm_profile all = { .ecn = 1, .kmin = 0, .kmax = 0,
					     .limit = 1 };
	struct clos_tm_port st = { .backlog = { QF_FULL }, .last_ns = fx_now_ns() };

	fx_port_rate(fx, port, 0);
	fx_tm_profile(fx, port, 0, &all);
	fx_tm_state_set(fx, port, &st);
}
