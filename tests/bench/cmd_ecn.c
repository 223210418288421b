// SPDX-License-Identifier: GPL-2.0
/*
 * clos-bench ecn: the CE fraction the real pipeline marks at a given
 * backlog, against the WRED curve it is configured with.
 *
 * A bench switch (bswitch.h) routes RoCEv2 frames (class 3, ECT(0)) out of
 * uplink 1. Before every frame the port's queue model (tm_state) is set
 * to backlog B in class 3, with its drain clock a second ahead, so the
 * model drains nothing before it decides and the frame sees exactly B. The frame then goes through the
 * pipeline once, and the CE bits of the frame that comes out are counted.
 * Two profiles: the default of a 10 Gbit/s port (the RoCE thresholds
 * scaled to the rate) and a steeper one like the QoS fabric test's.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include "bench.h"
#include "bswitch.h"
#include "frames.h"
#include "hold.h"

#define ECN_CMD		"ecn"
#define ECN_PORT	1
#define ECN_TC		3
#define ECN_RATE	10000000000ull
#define ECN_MAX_POINTS	200

struct ecn_params {
	__u64 packets, points;
};

struct ecn_profile {
	const char *name;
	struct clos_tm_profile p;
};

/* The options as given; cmd_ecn() checks them. */
static struct {
	const char *packets, *points;
} given;

const struct cli_opt ecn_opts[] = {
	CLI_OPT_STRING("packets", 0, "N", &given.packets,
		       "frames per backlog (10..1000000, default 4000)"),
	CLI_OPT_STRING("points", 0, "N", &given.points,
		       "backlogs per profile (2..200, default 31)"),
	{}
};

const char ecn_doc[] =
"\n"
"At --points backlogs from 0 to 1.25 x Kmax of each profile, send\n"
"--packets RoCEv2 frames through the pipeline with the port's queue model\n"
"set to that backlog, and count the CE marks. Prints JSON: measured and\n"
"configured marking probability per backlog, and each point's distance\n"
"from the curve in binomial standard deviations.\n";

static double wred(const struct clos_tm_profile *p, __u64 b)
{
	if (!p->ecn || b < p->kmin)
		return 0;
	if (b >= p->kmax)
		return 1;
	/* The data path's integer probability, then its [0, 65536) draw. */
	return (double)((__u64)p->pmax * (b - p->kmin) / (p->kmax - p->kmin)) /
	       CLOS_PMAX_ONE;
}

static int set_backlog(struct bsw *b, __u64 backlog)
{
	struct clos_tm_port st = {};
	__u32 port = ECN_PORT;

	st.last_ns = bench_now_ns() + 1000000000ull;
	st.backlog[ECN_TC] = backlog;
	if (bpf_map_update_elem(b->sw.fd[CLOS_MAP_TM_STATE], &port, &st, BPF_ANY)) {
		bench_err("ecn: cannot set the queue model: %s", strerror(errno));
		return -errno;
	}
	return 0;
}

static struct json_object *ecn_profile_run(struct bsw *b, const struct ecn_profile *prof,
					   const struct ecn_params *o, const __u8 *frame,
					   size_t len)
{
	__u32 key = ECN_PORT * CLOS_NUM_TC + ECN_TC, olen, ret;
	struct json_object *r, *pts = json_object_new_array();
	const struct clos_tm_profile *p = &prof->p;
	double zmax = 0;
	__u8 out[BENCH_FRAME_MAX];
	__u64 i, k;
	int within = 0;

	if (bpf_map_update_elem(b->sw.fd[CLOS_MAP_TM_PROFILE], &key, p, BPF_ANY)) {
		bench_err("ecn: cannot write the profile: %s", strerror(errno));
		json_object_put(pts);
		return NULL;
	}
	for (i = 0; i < o->points; i++) {
		__u64 backlog = (__u64)p->kmax * 5 / 4 * i / (o->points - 1), ce = 0;
		struct json_object *pt = json_object_new_object();
		double exp = wred(p, backlog), meas, sd, z;

		for (k = 0; k < o->packets; k++) {
			if (set_backlog(b, backlog) ||
			    bsw_run(b->prog_fd, frame, len, 1, out, &olen, &ret, NULL) ||
			    ret != XDP_REDIRECT) {
				bench_err("ecn: the frame was not forwarded (verdict %u)", ret);
				json_object_put(pt);
				json_object_put(pts);
				return NULL;
			}
			ce += (out[BENCH_OFF_TOS] & 3) == 3;
		}
		meas = (double)ce / o->packets;
		sd = sqrt(exp * (1 - exp) / o->packets);
		z = sd > 0 ? (meas - exp) / sd : (meas == exp ? 0 : INFINITY);
		within += fabs(z) <= 3;
		zmax = fabs(z) > zmax ? fabs(z) : zmax;
		bench_jadd_u64(pt, "backlog", backlog);
		bench_jadd_u64(pt, "packets", o->packets);
		bench_jadd_u64(pt, "ce", ce);
		json_object_object_add(pt, "measured", json_object_new_double(round(meas * 1e5) / 1e5));
		json_object_object_add(pt, "configured", json_object_new_double(round(exp * 1e5) / 1e5));
		bench_jadd_double(pt, "z", isfinite(z) ? z : 999);
		json_object_array_add(pts, pt);
	}
	r = json_object_new_object();
	bench_jadd_str(r, "name", prof->name);
	bench_jadd_u64(r, "kmin", p->kmin);
	bench_jadd_u64(r, "kmax", p->kmax);
	bench_jadd_double(r, "pmax", (double)p->pmax / CLOS_PMAX_ONE);
	json_object_object_add(r, "points", pts);
	bench_jadd_int(r, "points_within_3_sigma", within);
	bench_jadd_double(r, "max_abs_z", isfinite(zmax) ? zmax : 999);
	return r;
}

static struct json_object *ecn_run(const struct ecn_params *o)
{
	struct bench_frame_spec spec = {
		.dmac = BSW_PORT_MAC(BSW_HOST_PORT),
		.smac = { 0x02, 0xc1, 0xbe, 0xaa, 0x00, 0x01 },
		.sport = 49152, .dport = BENCH_ROCE_PORT,
		.tos = BENCH_DSCP_ROCE << 2 | BENCH_ECT0, .ttl = 64,
		.len = 128, .roce = true,
	};
	struct ecn_profile profs[2] = {
		{ "default, 10 Gbit/s port" },
		{ "steep: Kmin 30 KB, Kmax 90 KB, Pmax 20%" },
	};
	struct json_object *res = NULL, *arr, *one;
	struct bench_hold hold = {};
	__u8 frame[BENCH_FRAME_MAX];
	__u32 key = ECN_PORT * CLOS_NUM_TC + ECN_TC;
	struct bsw b = {};
	size_t len;
	int i, err;

	bsw_pin_cpu();
	bench_parse_ipv4("10.1.1.1", &spec.saddr);
	bench_parse_ipv4("10.1.2.1", &spec.daddr);
	len = bench_frame_build(frame, &spec);
	err = bsw_open(&b, 2, 0);
	if (!err)
		err = bsw_table_add(&b, "route_v4", "10.1.2.0/24 => nexthop 1");
	if (!err)
		err = bsw_port_rate(&b, ECN_PORT, ECN_RATE);
	if (!err)
		err = bench_hold_open(&hold);
	if (!err)
		err = bench_hold_prog(&hold, b.prog_fd);
	if (err)
		goto out;
	/* The default profile is what setting the rate just wrote. */
	if (bpf_map_lookup_elem(b.sw.fd[CLOS_MAP_TM_PROFILE], &key, &profs[0].p)) {
		bench_err("ecn: cannot read the profile: %s", strerror(errno));
		goto out;
	}
	profs[1].p = profs[0].p;
	profs[1].p.kmin = 30000;
	profs[1].p.kmax = 90000;
	profs[1].p.pmax = CLOS_PMAX_ONE / 5;

	arr = json_object_new_array();
	for (i = 0; i < 2; i++) {
		one = ecn_profile_run(&b, &profs[i], o, frame, len);
		if (!one) {
			json_object_put(arr);
			goto out;
		}
		json_object_array_add(arr, one);
	}
	res = json_object_new_object();
	bench_jadd_str(res, "method",
		"queue model set to the backlog before each frame (drain clock ahead), "
		"one BPF_PROG_TEST_RUN each, CE read from the frame out");
	bench_jadd_u64(res, "port_rate_bps", ECN_RATE);
	bench_jadd_int(res, "traffic_class", ECN_TC);
	json_object_object_add(res, "profiles", arr);
out:
	bench_hold_close(&hold);
	bsw_close(&b);
	return res;
}

int cmd_ecn(int argc, char **argv)
{
	struct ecn_params o = { .packets = 4000, .points = 31 };

	if (bench_no_args(ECN_CMD, argc, argv) ||
	    bench_opt_u64(ECN_CMD, "packets", given.packets, 10, 1000000, "10 to 1000000",
			  &o.packets) ||
	    bench_opt_u64(ECN_CMD, "points", given.points, 2, ECN_MAX_POINTS, "2 to 200",
			  &o.points))
		return BENCH_EXIT_USAGE;
	return bench_print(ecn_run(&o));
}
