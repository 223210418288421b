// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <bpf/bpf.h>
#include "punt_police.h"

struct clos_punt_police clos_punt_police_default(void)
{
	return (struct clos_punt_police){
		.rate_pps = CLOS_PUNT_RATE_DEFAULT,
		.burst = CLOS_PUNT_BURST_DEFAULT,
		.tokens = (__u64)CLOS_PUNT_BURST_DEFAULT * CLOS_NSEC_PER_SEC,
	};
}

int clos_punt_police_check(__u32 rate_pps, __u32 burst, struct clos_err *err)
{
	if (rate_pps > CLOS_PUNT_RATE_MAX)
		return clos_err_set(err, -EINVAL,
				    "punt-rate %u: out of range (0 = unlimited, 1..%u packets/s)",
				    rate_pps, CLOS_PUNT_RATE_MAX);
	if (burst < 1 || burst > CLOS_PUNT_BURST_MAX)
		return clos_err_set(err, -EINVAL,
				    "punt-burst %u: out of range (1..%u packets)",
				    burst, CLOS_PUNT_BURST_MAX);
	return 0;
}

int clos_punt_police_get(const struct clos_switch *sw, __u32 id,
			 struct clos_punt_police *pp, struct clos_err *err)
{
	if (bpf_map_lookup_elem_flags(sw->fd[CLOS_MAP_PUNT_POLICE], &id, pp,
				      BPF_F_LOCK))
		return clos_err_set(err, -errno, "port %u: cannot read its punt policer: %s",
				    id, strerror(errno));
	return 0;
}

int clos_punt_police_set(const struct clos_switch *sw, __u32 id, __u32 rate_pps,
			 __u32 burst, struct clos_err *err)
{
	struct clos_punt_police pp;
	int ret;

	ret = clos_punt_police_check(rate_pps, burst, err);
	if (!ret)
		ret = clos_punt_police_get(sw, id, &pp, err);
	if (ret)
		return ret;
	pp.rate_pps = rate_pps;
	pp.burst = burst;
	pp.tokens = (__u64)burst * CLOS_NSEC_PER_SEC;
	/* The data path may count a policed frame between the read and this
	 * write; the global drop_punt_policed counter still has it. */
	if (bpf_map_update_elem(sw->fd[CLOS_MAP_PUNT_POLICE], &id, &pp, BPF_F_LOCK))
		return clos_err_set(err, -errno, "port %u: cannot write its punt policer: %s",
				    id, strerror(errno));
	return 0;
}
