// SPDX-License-Identifier: GPL-2.0
/*
 * ECMP through the fast-mode switch: the member chosen for each flow (read
 * from the rewritten dst MAC) is the one the user-space reference (zlib
 * CRC32 over the ABI 5-tuple, then clos_ecmp_slot()) and closctl route get
 * (clos_path_resolve()) name, a flow keeps its member, per-member counters
 * add up, and a membership change moves exactly the flows it must:
 * resilient groups only the removed member's flows, modulo groups about
 * three quarters of all flows.
 */
#include <stdio.h>
#include <string.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include <criterion/criterion.h>
#include "fixture.h"
#include "cases.h"
#include "flows.h"
#include "ecmp.h"
#include "path.h"

#define GID		1
#define FLOWS		1000

static const __u32 four[] = { 1, 2, 3, 4 };
static const __u32 three[] = { 1, 2, 4 };	/* nexthop 3 (spine3) gone */

static void group_load(struct fx *fx, struct clos_ecmp_group *g,
		       enum clos_ecmp_kind kind, const __u32 *nh, int n,
		       const struct clos_ecmp_group *old)
{
	const char *why = "";
	int err = clos_ecmp_group_build(g, old, kind, nh, n, &why);

	cr_assert_eq(err, 0, "building the group: %s", why);
	fx_group(fx, GID, g);
}

static struct fx *ecmp_switch(void)
{
	struct fx *fx = fx_setup(FX_PIPELINE);

	fx_route4(fx, "0.0.0.0", 0, CLOS_RT_ECMP, GID);
	fx_route6(fx, "::", 0, CLOS_RT_ECMP, GID);
	return fx;
}

/* Send s; return the nexthop the switch chose, checking the rest of the
 * rewrite (src MAC = that nexthop's port, since nexthop n is on port n). */
static int send_flow(struct fx *fx, const struct pkt_spec *s, size_t *len)
{
	static __u8 in[PKT_MAX];
	static struct fx_result res;
	__u8 port_mac[6];
	int nh;

	*len = pkt_build(s, in, sizeof(in), NULL);
	fx_run(fx, in, *len, &res);
	cr_assert_eq(res.retval, XDP_REDIRECT, "flow not forwarded: %s",
		     fx_xdp_name(res.retval));
	nh = flow_nh_of_mac(res.out);
	cr_assert(nh >= 1 && nh <= 4, "dst MAC is no member's: %02x:..:%02x",
		  res.out[0], res.out[5]);
	fx_port_mac_of(port_mac, nh);
	cr_assert(memcmp(res.out + 6, port_mac, 6) == 0,
		  "src MAC is not port %d's", nh);
	return nh;
}

/* The member the reference predicts for s under g and seed. */
static int expect_nh(const struct clos_ecmp_group *g, const struct pkt_spec *s,
		     __u32 seed)
{
	int slot = clos_ecmp_slot(g, flow_hash(s, seed));

	cr_assert(slot >= 0, "reference picks no slot");
	return g->nexthop[slot];
}

/* closctl route get (the data path's decision over the tables) names the
 * member the data path took for s, and the hash the reference computes. */
static void expect_path(struct fx *fx, const struct pkt_spec *s, int nh)
{
	struct clos_flow_key k;
	struct clos_path path;
	struct clos_err why;

	flow_key(s, &k);
	cr_assert_eq(clos_path_resolve(&fx->sw, &k, &path, &why), 0, "%s", why.msg);
	cr_assert_eq(path.verdict, CLOS_STAT_FWD_ECMP, "route get: %s",
		     fx_stat_name(path.verdict));
	cr_assert(path.nexthop == (__u32)nh && path.port == (__u32)nh,
		  "route get: nexthop %u on port %u, the data path took %d",
		  path.nexthop, path.port, nh);
	cr_assert_eq(path.hash, flow_hash(s, FX_SEED));
}

static void slot_of_nh(const struct clos_ecmp_group *g, int nh, int *slot)
{
	for (*slot = 0; *slot < CLOS_MAX_MEMBERS; (*slot)++)
		if (g->nexthop[*slot] == (__u32)nh)
			return;
	cr_assert_fail("nexthop %d is in no slot", nh);
}

/*
 * Every flow of a mix (IPv4, IPv6, fragments of both) goes where the
 * reference says, twice: the second packet of a flow differs in TTL and
 * payload length, which must not move it. The per-member counters then
 * hold exactly the packets and bytes sent to each member.
 */
static void check_reference(enum clos_ecmp_kind kind)
{
	static const struct { bool v6, frag; int n; } mix[] = {
		{ false, false, FLOWS },
		{ true, false, 300 },
		{ false, true, 100 },
		{ true, true, 50 },
	};
	struct clos_counter want[CLOS_MAX_MEMBERS] = {};
	struct fx *fx = ecmp_switch();
	struct rng r = { 0x1234567887654321ull };
	struct clos_ecmp_group g;
	struct pkt_spec s;
	unsigned int m, i, total = 0;
	int nh, nh2, slot;
	size_t len;

	group_load(fx, &g, kind, four, 4, NULL);
	for (m = 0; m < sizeof(mix) / sizeof(mix[0]); m++) {
		for (i = 0; i < (unsigned int)mix[m].n; i++) {
			flow_random(&r, &s, mix[m].v6, mix[m].frag,
				    FX_PORT_MAC(0));
			nh = send_flow(fx, &s, &len);
			cr_assert_eq(nh, expect_nh(&g, &s, FX_SEED),
				     "%s flow %u (v6 %d frag %d): member %d, reference %d",
				     kind ? "modulo" : "resilient", i, mix[m].v6,
				     mix[m].frag, nh, expect_nh(&g, &s, FX_SEED));
			expect_path(fx, &s, nh);
			slot_of_nh(&g, nh, &slot);
			want[slot].packets++;
			want[slot].bytes += len;

			s.ttl = 17;
			s.payload_len = 200;
			nh2 = send_flow(fx, &s, &len);
			cr_assert_eq(nh2, nh, "flow %u moved between packets", i);
			want[slot].packets++;
			want[slot].bytes += len;
			total += 2;
		}
	}

	for (slot = 0; slot < 4; slot++) {
		struct clos_counter got = fx_ecmp_stat(fx, GID, slot);

		cr_assert(got.packets == want[slot].packets &&
			  got.bytes == want[slot].bytes,
			  "ecmp_stats slot %d: %llu packets / %llu bytes, want %llu / %llu",
			  slot, (unsigned long long)got.packets,
			  (unsigned long long)got.bytes,
			  (unsigned long long)want[slot].packets,
			  (unsigned long long)want[slot].bytes);
		/* Four members of equal weight: each gets a quarter of the
		 * flows, sd 1.1% at this size; 15..35% never fails by luck. */
		cr_assert(got.packets > total * 15 / 100 &&
			  got.packets < total * 35 / 100,
			  "slot %d got %llu of %u packets: not spread", slot,
			  (unsigned long long)got.packets, total);
	}
	cr_assert_eq(fx_stat(fx, CLOS_STAT_FWD), total);
	cr_assert_eq(fx_stat(fx, CLOS_STAT_FWD_ECMP), total);
}

Test(ecmp, resilient_matches_reference, .fini = fx_teardown)
{
	check_reference(CLOS_ECMP_RESILIENT);
}

Test(ecmp, modulo_matches_reference, .fini = fx_teardown)
{
	check_reference(CLOS_ECMP_MODULO);
}

/* The seed is the switch's: another seed gives other paths (tiers do not
 * polarize), still exactly as the reference predicts with that seed. */
Test(ecmp, seed_from_switch_cfg, .fini = fx_teardown)
{
	struct clos_switch_cfg cfg = {
		.seed = 0xc0ffee, .seed_key = clos_flow_seed_key(0xc0ffee),
	};
	struct fx *fx = ecmp_switch();
	struct rng r = { 42 };
	struct clos_ecmp_group g;
	struct pkt_spec s;
	int i, nh, differ = 0;
	size_t len;

	group_load(fx, &g, CLOS_ECMP_RESILIENT, four, 4, NULL);
	cr_assert_eq(bpf_map_update_elem(fx->sw.fd[CLOS_MAP_SWITCH_CFG],
					 &(__u32){ 0 }, &cfg, BPF_ANY), 0);
	for (i = 0; i < FLOWS; i++) {
		flow_random(&r, &s, i % 4 == 0, false, FX_PORT_MAC(0));
		nh = send_flow(fx, &s, &len);
		cr_assert_eq(nh, expect_nh(&g, &s, cfg.seed), "flow %d", i);
		differ += nh != expect_nh(&g, &s, FX_SEED);
	}
	/* Independent seeds agree on a member for 1 flow in 4. */
	cr_assert(differ > FLOWS * 60 / 100, "only %d of %d flows changed path",
		  differ, FLOWS);
}

/* Send FLOWS flows and note each one's member. */
static void send_all(struct fx *fx, int *nh, bool v6_too)
{
	struct rng r = { 0xfeedface };
	struct pkt_spec s;
	size_t len;
	int i;

	for (i = 0; i < FLOWS; i++) {
		flow_random(&r, &s, v6_too && i % 5 == 0, false, FX_PORT_MAC(0));
		nh[i] = send_flow(fx, &s, &len);
	}
}

/*
 * Resilient: rebuild the group without nexthop 3, passing the old group.
 * Exactly the flows that were on nexthop 3 move, and they spread over the
 * three survivors (each takes 10 or 11 of its 32 buckets); no other flow
 * moves.
 */
Test(ecmp, resilient_remove_moves_only_that_member, .fini = fx_teardown)
{
	static int before[FLOWS], after[FLOWS];
	struct clos_ecmp_group g4, g3;
	struct fx *fx = ecmp_switch();
	int i, on3 = 0, moved = 0, to[5] = {};

	group_load(fx, &g4, CLOS_ECMP_RESILIENT, four, 4, NULL);
	send_all(fx, before, true);
	group_load(fx, &g3, CLOS_ECMP_RESILIENT, three, 3, &g4);
	send_all(fx, after, true);

	for (i = 0; i < FLOWS; i++) {
		if (before[i] == 3) {
			on3++;
			cr_assert_neq(after[i], 3, "flow %d still on the removed member", i);
		} else {
			cr_assert_eq(after[i], before[i],
				     "flow %d moved from %d to %d, its member stayed",
				     i, before[i], after[i]);
		}
		if (after[i] != before[i]) {
			moved++;
			to[after[i]]++;
		}
	}
	cr_assert_eq(moved, on3);
	cr_assert(on3 > FLOWS * 15 / 100, "only %d flows were on nexthop 3", on3);
	for (i = 1; i <= 4; i++)
		if (i != 3)
			cr_assert(to[i] > on3 / 5,
				  "nexthop %d took %d of %d moved flows", i, to[i], on3);
}

/*
 * Resilient, link down: clos_ecmp_group_set_member() takes nexthop 2 out
 * (only its flows move) and back in (flows move only onto it again, about
 * a quarter of them: the buckets it wins back from the others).
 */
Test(ecmp, resilient_member_down_up, .fini = fx_teardown)
{
	static int before[FLOWS], down[FLOWS], up[FLOWS];
	struct clos_ecmp_group g;
	struct fx *fx = ecmp_switch();
	int i, back = 0;

	group_load(fx, &g, CLOS_ECMP_RESILIENT, four, 4, NULL);
	send_all(fx, before, false);
	cr_assert_eq(clos_ecmp_group_set_member(&g, 2, false), 0);
	fx_group(fx, GID, &g);
	send_all(fx, down, false);
	cr_assert_eq(clos_ecmp_group_set_member(&g, 2, true), 0);
	fx_group(fx, GID, &g);
	send_all(fx, up, false);

	for (i = 0; i < FLOWS; i++) {
		if (before[i] == 2)
			cr_assert_neq(down[i], 2, "flow %d on a down member", i);
		else
			cr_assert_eq(down[i], before[i], "flow %d moved", i);
		if (up[i] != down[i]) {
			cr_assert_eq(up[i], 2, "flow %d moved from %d to %d on up",
				     i, down[i], up[i]);
			back++;
		}
	}
	cr_assert(back > FLOWS * 15 / 100 && back < FLOWS * 35 / 100,
		  "%d flows came back to nexthop 2", back);
}

/*
 * Modulo (hash % n): removing 1 of 4 members moves every flow whose
 * hash % 4 and hash % 3 pick different members. Over the 12 residues of
 * hash mod 12 only 3 keep their member (0, 1 and 11 here, with slots
 * {0,1,2,3} -> {0,1,3}), so 75% move. For 1000 independent flows the
 * fraction's standard deviation is sqrt(.75 * .25 / 1000) = 1.4%, and
 * 65..85% is a 7-sigma band: it fails only if the behaviour is not
 * modulo-like (a resilient group moves 25%).
 */
Test(ecmp, modulo_remove_moves_three_quarters, .fini = fx_teardown)
{
	static int before[FLOWS], after[FLOWS];
	struct clos_ecmp_group g4, g3;
	struct fx *fx = ecmp_switch();
	int i, moved = 0;

	group_load(fx, &g4, CLOS_ECMP_MODULO, four, 4, NULL);
	send_all(fx, before, true);
	group_load(fx, &g3, CLOS_ECMP_MODULO, three, 3, &g4);
	send_all(fx, after, true);

	for (i = 0; i < FLOWS; i++) {
		cr_assert_neq(after[i], 3, "flow %d on the removed member", i);
		moved += after[i] != before[i];
	}
	cr_assert(moved >= FLOWS * 65 / 100 && moved <= FLOWS * 85 / 100,
		  "modulo moved %d of %d flows, want about 75%%", moved, FLOWS);
}

/* A member whose port went down before the group was updated: its flows
 * are dropped and counted, the others still flow. */
Test(ecmp, member_port_down_drops_its_flows, .fini = fx_teardown)
{
	static __u8 in[PKT_MAX];
	static struct fx_result res;
	struct clos_ecmp_group g;
	struct fx *fx = ecmp_switch();
	struct rng r = { 7 };
	struct pkt_spec s;
	int i, want_drop = 0;
	size_t len;

	group_load(fx, &g, CLOS_ECMP_RESILIENT, four, 4, NULL);
	fx_port_up(fx, 4, false);
	for (i = 0; i < FLOWS; i++) {
		bool on4;

		flow_random(&r, &s, false, false, FX_PORT_MAC(0));
		on4 = expect_nh(&g, &s, FX_SEED) == 4;
		len = pkt_build(&s, in, sizeof(in), NULL);
		fx_run(fx, in, len, &res);
		cr_assert_eq(res.retval, on4 ? XDP_DROP : XDP_REDIRECT, "flow %d", i);
		want_drop += on4;
	}
	cr_assert_eq(fx_stat(fx, CLOS_STAT_DROP_PORT_DOWN), (__u64)want_drop);
	cr_assert_eq(fx_stat(fx, CLOS_STAT_FWD), (__u64)(FLOWS - want_drop));
	cr_assert(want_drop > 0);
}
