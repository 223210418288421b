// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <bpf/bpf.h>
#include "qos_defaults.h"

__u32 clos_qos_default_pcp_tc(__u32 pcp)
{
	return pcp % CLOS_NUM_TC;
}

__u32 clos_qos_default_dscp_tc(__u32 dscp)
{
	return (dscp >> 3) % CLOS_NUM_TC;	/* the class selector */
}

__u32 clos_qos_default_tc_pcp(__u32 tc)
{
	return tc % CLOS_NUM_PCP;
}

struct clos_tc_sched clos_qos_default_sched(__u32 tc)
{
	struct clos_tc_sched s = { .weight = 10 };

	if (tc == 6 || tc == 7) {
		s.strict = 1;
		s.weight = 0;
	}
	if (tc == 3) {
		s.lossless = 1;
		s.weight = 50;
	}
	return s;
}

static __u32 scale(__u64 ref_bytes, __u64 rate_bps)
{
	/* ref * rate / 100G without overflow for rates up to 1.6 Tbit/s */
	return (__u32)(ref_bytes * (rate_bps / 1000000) / (CLOS_QOS_REF_RATE / 1000000));
}

struct clos_tm_profile clos_qos_default_profile(__u64 rate_bps, __u32 tc)
{
	struct clos_tc_sched s = clos_qos_default_sched(tc);
	struct clos_tm_profile p = {};
	__u64 limit;

	if (s.lossless) {
		p.ecn = 1;
		p.kmin = scale(CLOS_QOS_KMIN_REF, rate_bps);
		if (p.kmin < CLOS_QOS_MIN_BYTES)
			p.kmin = CLOS_QOS_MIN_BYTES;
		p.kmax = scale(CLOS_QOS_KMAX_REF, rate_bps);
		if (p.kmax < p.kmin + CLOS_QOS_MIN_BYTES)
			p.kmax = p.kmin + CLOS_QOS_MIN_BYTES;
		p.pmax = CLOS_PMAX_ONE * CLOS_QOS_PMAX_PCT / 100;
		return p;
	}
	limit = rate_bps / 8 * CLOS_QOS_LIMIT_NS / 1000000000ull;
	p.limit = limit < CLOS_QOS_LIMIT_MIN ? CLOS_QOS_LIMIT_MIN :
		  limit > 0xffffffffu ? 0xffffffffu : (__u32)limit;
	return p;
}

static int write_u32_map(int fd, __u32 n, __u32 (*fn)(__u32))
{
	__u32 k;

	for (k = 0; k < n; k++) {
		struct clos_tc_val v = { fn(k) };

		if (bpf_map_update_elem(fd, &k, &v, 0))
			return -errno;
	}
	return 0;
}

int clos_qos_write_defaults(int pcp_tc_fd, int dscp_tc_fd, int tc_pcp_fd,
			    int tc_sched_fd)
{
	__u32 tc;
	int err;

	err = write_u32_map(pcp_tc_fd, CLOS_NUM_PCP, clos_qos_default_pcp_tc);
	if (!err)
		err = write_u32_map(dscp_tc_fd, CLOS_NUM_DSCP, clos_qos_default_dscp_tc);
	if (!err)
		err = write_u32_map(tc_pcp_fd, CLOS_NUM_TC, clos_qos_default_tc_pcp);
	for (tc = 0; tc < CLOS_NUM_TC && !err; tc++) {
		struct clos_tc_sched s = clos_qos_default_sched(tc);

		if (bpf_map_update_elem(tc_sched_fd, &tc, &s, 0))
			err = -errno;
	}
	return err;
}

int clos_qos_write_port_profiles(int tm_profile_fd, __u32 port, __u64 rate_bps)
{
	__u32 tc;

	if (port >= CLOS_MAX_PORTS)
		return -EINVAL;
	for (tc = 0; tc < CLOS_NUM_TC; tc++) {
		struct clos_tm_profile p = clos_qos_default_profile(rate_bps, tc);
		__u32 key = port * CLOS_NUM_TC + tc;

		if (bpf_map_update_elem(tm_profile_fd, &key, &p, 0))
			return -errno;
	}
	return 0;
}
