/* SPDX-License-Identifier: GPL-2.0 */
/*
 * clos ABI: every struct, enum and limit shared between the BPF pipeline and
 * user space. Nothing here is defined anywhere else; layouts that cross the
 * boundary are pinned down with _Static_assert.
 *
 * Byte order: IP addresses, ports and MACs are stored in network order,
 * exactly as on the wire; all other integers are host order.
 */
#ifndef CLOS_ABI_H
#define CLOS_ABI_H

#include <linux/types.h>
#ifdef __bpf__
#include <linux/bpf.h>
/* The verifier knows a lock by its BTF type; user space only needs its size
 * (and must not pull linux/bpf.h in beside libpcap's bpf.h). */
#define CLOS_SPIN_LOCK	struct bpf_spin_lock
#else
#define CLOS_SPIN_LOCK	struct { __u32 val; }
#endif

/* Limits. Port ids are the switch's own numbering (0..CLOS_MAX_PORTS-1), in
 * the order the loader was given the interfaces; they index the devmap. */
#define CLOS_MAX_PORTS		64
#define CLOS_MAX_NEXTHOPS	4096
#define CLOS_MAX_GROUPS		256
#define CLOS_MAX_MEMBERS	16	/* slots per ECMP group */
#define CLOS_ECMP_BUCKETS	128	/* resilient bucket table size */
#define CLOS_ROUTE_V4_MAX	(1u << 20)
#define CLOS_ROUTE_V6_MAX	(1u << 18)
#define CLOS_IFNAMSIZ		16
#define CLOS_NETNS_NAMSIZ	64
#define CLOS_NUM_TC		8	/* traffic classes */
#define CLOS_NUM_PCP		8	/* 802.1Q priority code points */
#define CLOS_NUM_DSCP		64	/* DiffServ code points */
/* port_by_ifindex is an array indexed by ifindex (an array lookup is
 * inlined, a hash lookup is a call and a hash): ports must have an ifindex
 * below this, which interfaces in a namespace of their own do. The value is
 * the port id + 1; 0 marks an ifindex that is no port of the switch. */
#define CLOS_MAX_IFINDEX	4096
#define CLOS_IFINDEX_NO_PORT	0
#define CLOS_IFINDEX_PORT(id)	((id) + 1)

#define CLOS_ROCE_UDP_PORT	4791
#define CLOS_BTH_OP_CNP		0x81

/* Switch role. */
enum clos_role {
	CLOS_ROLE_LEAF = 0,
	CLOS_ROLE_SPINE = 1,
};

/* Port role: host ports face servers (may carry a VLAN), fabric ports face
 * other switches (always untagged, routed). */
enum clos_port_role {
	CLOS_PORT_FABRIC = 0,
	CLOS_PORT_HOST = 1,
};

/* How a port's traffic is classified into a traffic class. */
enum clos_trust {
	CLOS_TRUST_PCP = 0,	/* 802.1Q PCP when tagged, else DSCP (default) */
	CLOS_TRUST_DSCP = 1,	/* DSCP of IP packets, whatever the tag says */
};

/* ports table: key = __u32 port id. Written by the loader; role, vlan,
 * trust and rate may be changed by closctl. vlan 0 = untagged, else 802.1Q
 * tagged with vid. rate_bps is the port's egress rate: the HTB shaper in
 * queue mode, the drain rate of the traffic manager's model in both modes;
 * 0 = unshaped (no model, no marking). */
struct clos_port {
	__u32 ifindex;		/* in the switch's netns; 0 = slot unused */
	__u8 role;		/* enum clos_port_role */
	__u8 up;		/* 1 = usable as an egress/ECMP member */
	__u16 vlan;
	__u8 mac[6];		/* the port's own MAC: src MAC of routed frames */
	__u8 trust;		/* enum clos_trust, of frames received here */
	__u8 pad;
	char name[CLOS_IFNAMSIZ];
	__u64 rate_bps;
};
_Static_assert(sizeof(struct clos_port) == 40, "clos_port layout");

/* route_v4 / route_v6: LPM trie keys. prefixlen first, as BPF LPM requires. */
struct clos_lpm_v4 {
	__u32 prefixlen;
	__u8 addr[4];
};
_Static_assert(sizeof(struct clos_lpm_v4) == 8, "clos_lpm_v4 layout");

struct clos_lpm_v6 {
	__u32 prefixlen;
	__u8 addr[16];
};
_Static_assert(sizeof(struct clos_lpm_v6) == 20, "clos_lpm_v6 layout");

/* What a route does with a packet. */
enum clos_route_action {
	CLOS_RT_DROP = 0,	/* blackhole: drop and count */
	CLOS_RT_NEXTHOP = 1,	/* id = nexthop id */
	CLOS_RT_ECMP = 2,	/* id = ECMP group id */
	CLOS_RT_LOCAL = 3,	/* to the switch's kernel stack: its own addresses */
	CLOS_RT_KERNEL = 4,	/* the switch's kernel forwards it: a connected
				 * subnet, an unresolved neighbour, a route the
				 * data path cannot take (FIB sync) */
};

struct clos_route {
	__u32 action;		/* enum clos_route_action */
	__u32 id;
};
_Static_assert(sizeof(struct clos_route) == 8, "clos_route layout");

/* nexthop table: key = __u32 nexthop id. */
struct clos_nexthop {
	__u32 port;		/* egress port id */
	__u8 dmac[6];		/* neighbour's MAC */
	__u8 valid;
	__u8 pad;
};
_Static_assert(sizeof(struct clos_nexthop) == 12, "clos_nexthop layout");

/* ECMP groups: key = __u32 group id, the array ecmp_groups of struct
 * clos_ecmp_entry below: two copies of the group and a state word naming
 * the live one, so an update replaces the whole group atomically (readers
 * see the old or the new group, never a mix).
 *
 * Members live in stable slots (slot = index into nexthop[]) so that
 * per-member counters and bucket assignments survive membership changes.
 * resilient: bucket[mix(hash) % CLOS_ECMP_BUCKETS] is the slot.
 * modulo:    active[mix(hash) % num_active] is the slot (textbook hash % n).
 * mix: clos_ecmp_mix() (ecmp_slot.h), so ECMP stages in a row choose apart. */
enum clos_ecmp_kind {
	CLOS_ECMP_RESILIENT = 0,
	CLOS_ECMP_MODULO = 1,
};

#define CLOS_SLOT_EMPTY		0xff		/* bucket / active[] entry unused */
#define CLOS_NH_NONE		0xffffffffu	/* nexthop[] slot unused */

struct clos_ecmp_group {
	__u8 kind;		/* enum clos_ecmp_kind */
	__u8 num_slots;		/* slots in use (highest used + 1) */
	__u8 num_active;	/* entries valid in active[] */
	__u8 pad;
	__u32 nexthop[CLOS_MAX_MEMBERS];	/* slot -> nexthop id */
	__u8 active[CLOS_MAX_MEMBERS];		/* live slots, in slot order */
	__u8 bucket[CLOS_ECMP_BUCKETS];		/* bucket -> slot */
};
_Static_assert(sizeof(struct clos_ecmp_group) == 4 + 64 + 16 + 128,
	       "clos_ecmp_group layout");

/* One slot of ecmp_groups. The data path reads state once and then only
 * the copy it names; the writer (lib/table/ecmp_store.h, which says why
 * this is safe) fills the other copy and flips state with one store.
 * state: CLOS_ECMP_PRESENT set when the group exists, CLOS_ECMP_COPY the
 * live copy's index, the bits from CLOS_ECMP_GEN_ONE up count the flips
 * (user-space readers retry when it moved under them). */
#define CLOS_ECMP_COPY		(1u << 0)
#define CLOS_ECMP_PRESENT	(1u << 1)
#define CLOS_ECMP_GEN_ONE	(1u << 2)

struct clos_ecmp_entry {
	__u32 state;
	__u32 pad;
	__u64 flipped_ns;	/* CLOCK_MONOTONIC of the last flip; writers only */
	struct clos_ecmp_group copy[2];
};
_Static_assert(sizeof(struct clos_ecmp_entry) == 16 + 2 * 212,
	       "clos_ecmp_entry layout");

/* switch_cfg: a single entry, key 0. It is the programs' global data
 * section CLOS_SWITCH_CFG_SECTION, pinned as switch_cfg, so that a packet
 * reads the seed with one load instead of a map lookup. */
#define CLOS_SWITCH_CFG_SECTION	".data.cfg"

struct clos_switch_cfg {
	__u32 seed;		/* ECMP hash seed (CRC32 initial value) */
	__u8 role;		/* enum clos_role */
	__u8 mode;		/* enum clos_mode */
	__u8 num_ports;
	__u8 pad;
	char netns[CLOS_NETNS_NAMSIZ];	/* where the ports live ("" = root) */
	/* What the seed adds to the CRC of every IPv4 flow (13 bytes):
	 * ~crc32(seed, 13 zero bytes), clos_flow_seed_key(). Written with
	 * the seed; bpf/lib/hash.h says why. */
	__u32 seed_key;
	__u32 pad2;
};
_Static_assert(sizeof(struct clos_switch_cfg) == 80, "clos_switch_cfg layout");

enum clos_mode {
	CLOS_MODE_FAST = 0,	/* XDP ingress + devmap egress */
	CLOS_MODE_QUEUE = 1,	/* TC ingress/egress + kernel queues (later) */
};

/* ---- QoS: classification, scheduling, the traffic manager's model ---- */

/* pcp_tc (key: PCP, CLOS_NUM_PCP), dscp_tc (key: DSCP, CLOS_NUM_DSCP): the
 * traffic class of a frame; tc_pcp (key: class, CLOS_NUM_TC): the PCP a
 * tagged egress port writes for a class. */
struct clos_tc_val {
	__u32 val;
};

/* tc_sched: key = traffic class. Strict classes are served first, highest
 * class first; the others share what is left by weight. A lossless class
 * is never dropped by the model (ECN marking is its only signal). */
struct clos_tc_sched {
	__u8 strict;
	__u8 lossless;
	__u16 weight;		/* 1..1000, weighted classes only */
};
_Static_assert(sizeof(struct clos_tc_sched) == 4, "clos_tc_sched layout");

/* Queue mode's kernel queue on a shaped port (lib/qos/queue.c builds it):
 * HTB root CLOS_HTB_MAJOR:, one class major:CLOS_HTB_PARENT_MINOR at the
 * port's rate, under it one leaf class per traffic class. The TC egress
 * program picks the leaf with skb->priority = CLOS_HTB_CLASS(tc); the
 * root's default is TC0's leaf. */
#define CLOS_HTB_MAJOR		1
#define CLOS_HTB_PARENT_MINOR	0x100
#define CLOS_HTB_MINOR(tc)	((tc) + 1)
#define CLOS_HTB_CLASS(tc)	(((__u32)CLOS_HTB_MAJOR << 16) | CLOS_HTB_MINOR(tc))

/* skb->mark of a frame queue mode's ingress redirected to a port: that
 * port's egress program counts it as forwarded, unlike the frames the
 * switch's own kernel sends (bpf/lib/entry_queue.h). */
#define CLOS_MARK_FORWARDED	0xc105f0d0u
/* skb->mark of a frame queue mode's ingress lane (bpf/lib/lane_v4.h) sent
 * with the egress port's part done there: class, model, counters and
 * skb->priority. That port's egress program lets it pass untouched. */
#define CLOS_MARK_LANE		0xc105f0d1u

/* tm_profile: key = port * CLOS_NUM_TC + tc. WRED/ECN on the class's
 * backlog (bytes, instantaneous, as DCQCN wants): below kmin nothing, from
 * kmin to kmax ECT packets are marked CE with a probability rising linearly
 * to pmax, at and above kmax every ECT packet is marked. A lossy class
 * drops what would take its backlog past limit (0 = no limit). */
#define CLOS_PMAX_ONE	65536	/* pmax scale: 65536 = 100% */
struct clos_tm_profile {
	__u8 ecn;		/* 1 = mark ECT packets */
	__u8 pad[3];
	__u32 kmin;		/* bytes */
	__u32 kmax;		/* bytes, > kmin */
	__u32 pmax;		/* marking probability at kmax, of CLOS_PMAX_ONE */
	__u32 limit;		/* bytes; lossy classes only */
};
_Static_assert(sizeof(struct clos_tm_profile) == 20, "clos_tm_profile layout");

/* tm_state: key = port. The model: each class's backlog, drained at the
 * port's rate in the scheduler's order, updated per packet with atomic
 * instructions and no lock (tm_model.h says how, and what concurrent
 * updates can do). */
struct clos_tm_port {
	__u64 races;		/* updates that met another CPU's */
	__u64 last_ns;		/* when the backlog was last drained */
	__u64 backlog[CLOS_NUM_TC];	/* bytes */
	__u64 max_backlog[CLOS_NUM_TC];	/* high-water mark since cleared */
};
_Static_assert(sizeof(struct clos_tm_port) == 8 + 8 + 16 * CLOS_NUM_TC,
	       "clos_tm_port layout");

/* One traffic class's counters of an egress port (port_ctr; closctl's
 * table tm_stats, key = port * CLOS_NUM_TC + tc). */
struct clos_tm_stats {
	__u64 packets;		/* sent (marked included) */
	__u64 bytes;
	__u64 ce_marked;	/* ECT packets this switch marked CE */
	__u64 dropped;		/* dropped by the model (lossy, past limit) */
};
_Static_assert(sizeof(struct clos_tm_stats) == 32, "clos_tm_stats layout");

#define CLOS_TM_KEYS		(CLOS_MAX_PORTS * CLOS_NUM_TC)

/* A packets+bytes pair; counters are per-CPU, user space sums them. */
struct clos_counter {
	__u64 packets;
	__u64 bytes;
};

/* A port's own counters (port_ctr; closctl's table port_stats). */
struct clos_port_stats {
	struct clos_counter rx;
	struct clos_counter tx;
	struct clos_counter drop;	/* dropped after ingress on this port */
	struct clos_counter punt;	/* handed to the kernel */
};
_Static_assert(sizeof(struct clos_port_stats) == 64, "clos_port_stats layout");

/* port_ctr (per-CPU): key = port id. Every counter of a port in one block,
 * which the data path finds with one lookup: what it received, sent,
 * dropped and punted, and per traffic class what its egress sent, marked
 * and dropped. */
struct clos_port_ctr {
	struct clos_port_stats port;
	struct clos_tm_stats tc[CLOS_NUM_TC];
};
_Static_assert(sizeof(struct clos_port_ctr) == 64 + 32 * CLOS_NUM_TC,
	       "clos_port_ctr layout");

/* stats: one per-CPU block (struct clos_stats below) of a struct
 * clos_counter per enum clos_stat. The X-macro is the single list of
 * names, used by BPF (enum) and closctl (strings). Every way a packet can
 * leave the fast path has a counter here. */
#define CLOS_STATS(X)							\
	X(FWD,			"forwarded")				\
	X(FWD_ECMP,		"forwarded_ecmp")			\
	X(ROCE,			"roce_v2")				\
	X(ROCE_CNP,		"roce_cnp")				\
	X(PUNT_LOCAL,		"punt_local")				\
	X(PUNT_KERNEL,		"punt_kernel_route")			\
	X(PUNT_TTL,		"punt_ttl_expired")			\
	X(PUNT_ARP,		"punt_arp")				\
	X(PUNT_ICMPV6_ND,	"punt_ipv6_nd")				\
	X(PUNT_L2_OTHER,	"punt_unknown_ethertype")		\
	X(PUNT_MCAST,		"punt_multicast")			\
	X(PUNT_V6_HBH,		"punt_ipv6_hop_by_hop")			\
	X(DROP_TRUNCATED,	"drop_truncated")			\
	X(DROP_BAD_IP,		"drop_bad_ip_header")			\
	X(DROP_BAD_CSUM,	"drop_ipv4_checksum")			\
	X(DROP_MARTIAN_SRC,	"drop_martian_source")			\
	X(DROP_MARTIAN_DST,	"drop_martian_destination")		\
	X(DROP_NO_ROUTE,	"drop_no_route")			\
	X(DROP_BLACKHOLE,	"drop_blackhole_route")			\
	X(DROP_NO_NEXTHOP,	"drop_no_nexthop")			\
	X(DROP_NO_GROUP,	"drop_no_ecmp_group")			\
	X(DROP_PORT_DOWN,	"drop_egress_port_down")		\
	X(DROP_UNKNOWN_PORT,	"drop_unknown_port")			\
	X(DROP_VLAN,		"drop_vlan_mismatch")			\
	X(DROP_DMAC,		"drop_dmac_mismatch")			\
	X(DROP_PUNT_POLICED,	"drop_punt_policed")			\
	X(DROP_EGRESS,		"drop_egress_error")			\
	X(DROP_QUEUE,		"drop_queue_full")			\
	X(DROP_REDIRECT,	"drop_redirect_failed")

enum clos_stat {
#define CLOS_STAT_ENUM(id, name) CLOS_STAT_##id,
	CLOS_STATS(CLOS_STAT_ENUM)
#undef CLOS_STAT_ENUM
	CLOS_STAT_MAX
};

/* The switch's counters in one block, the one entry of stats: a packet looks
 * it up once, however many of them it counts in (a RoCE frame forwarded by
 * ECMP counts in three). */
struct clos_stats {
	struct clos_counter c[CLOS_STAT_MAX];
};

/* punt_police: key = port id. The token bucket between a port and the
 * switch's kernel: every frame the data path would punt (ARP, ND, TTL
 * expiry, multicast, local and kernel routes) takes a token, and one that
 * finds none is dropped as drop_punt_policed, so no port can flood the
 * control plane. rate_pps and burst are the configuration (closctl port
 * set PORT punt-rate R punt-burst B); the rest is the data path's state,
 * written under the lock. rate_pps 0 = not policed. tokens is in units of
 * 1/CLOS_NSEC_PER_SEC packet, so that elapsed ns * rate_pps adds exactly.
 * The defaults leave room for what kernel routes carry (under BGP the
 * kernel forwards connected subnets and unresolved neighbours) and cut a
 * flood at veth line rate (about 1 Mpps) a hundredfold. */
#define CLOS_PUNT_RATE_DEFAULT	10000		/* packets/s per port */
#define CLOS_PUNT_BURST_DEFAULT	1000		/* packets */
#define CLOS_PUNT_RATE_MAX	10000000	/* packets/s */
#define CLOS_PUNT_BURST_MAX	1000000		/* packets */
#define CLOS_NSEC_PER_SEC	1000000000ull
struct clos_punt_police {
	CLOS_SPIN_LOCK lock;
	__u32 rate_pps;		/* 0 = unlimited, else 1..CLOS_PUNT_RATE_MAX */
	__u32 burst;		/* 1..CLOS_PUNT_BURST_MAX packets */
	__u32 pad;
	__u64 tokens;		/* packets * CLOS_NSEC_PER_SEC, <= burst * that */
	__u64 last_ns;		/* when tokens was last filled */
	__u64 policed;		/* frames dropped here, and their bytes */
	__u64 policed_bytes;
};
_Static_assert(sizeof(struct clos_punt_police) == 48, "clos_punt_police layout");

/* ecmp_stats: key = group id * CLOS_MAX_MEMBERS + slot. */
#define CLOS_ECMP_STATS_MAX	(CLOS_MAX_GROUPS * CLOS_MAX_MEMBERS)

/* ECMP hash input: the 5-tuple as on the wire, hashed with CRC32 (IEEE,
 * reflected, zlib-compatible) starting from the switch seed. Ports are 0 for
 * non-TCP/UDP packets and for IP fragments (so every fragment of a flow
 * hashes alike). Layout is the hash's byte order: v4 hashes 13 bytes
 * (saddr, daddr, sport, dport, proto), v6 hashes 37. */
struct clos_flow_v4 {
	__u8 saddr[4];
	__u8 daddr[4];
	__be16 sport;
	__be16 dport;
	__u8 proto;
} __attribute__((packed));
_Static_assert(sizeof(struct clos_flow_v4) == 13, "clos_flow_v4 layout");

struct clos_flow_v6 {
	__u8 saddr[16];
	__u8 daddr[16];
	__be16 sport;
	__be16 dport;
	__u8 proto;
} __attribute__((packed));
_Static_assert(sizeof(struct clos_flow_v6) == 37, "clos_flow_v6 layout");

/* ---- Observability: capture and trace (bpf/lib/observe.h) ----
 * closctl capture and closctl trace switch the data path's observation
 * points on through obs_cfg (key 0: the program's global data section
 * CLOS_OBS_CFG_SECTION, pinned as obs_cfg); off, each point costs one
 * read of flags. On, the selected frames go to user space through the obs_ring
 * ring buffer as struct clos_obs_rec: the header, then caplen bytes of
 * the frame. A record the ring has no room for is counted in the
 * per-CPU obs_buf entry's lost (key CLOS_OBS_IN or CLOS_OBS_OUT). */
#define CLOS_OBS_SNAP		2048		/* bytes of a frame kept, at most */
#define CLOS_OBS_RING_SIZE	(4u << 20)	/* bytes: ~2000 whole frames */
#define CLOS_OBS_CFG_SECTION	".data.obs"

enum clos_obs_flag {
	CLOS_OBS_CAPTURE = 1,	/* frames of the ports in_ports/out_ports name */
	CLOS_OBS_TRACE = 2,	/* every received frame, with the decisions */
};

struct clos_obs_cfg {
	__u32 flags;		/* enum clos_obs_flag; 0 = off */
	__u32 snaplen;		/* 1..CLOS_OBS_SNAP */
	__u64 in_ports;		/* bit p: frames received on port p */
	__u64 out_ports;	/* bit p: frames sent on port p */
	__u32 owner;		/* pid of the closctl that switched it on */
	__u32 pad;
};
_Static_assert(sizeof(struct clos_obs_cfg) == 32, "clos_obs_cfg layout");

enum clos_obs_dir {
	CLOS_OBS_IN = 0,	/* as received, with the frame's verdict */
	CLOS_OBS_OUT = 1,	/* as sent: rewritten, tagged, marked */
};

/* struct clos_obs_rec flags: which of the decisions were taken. */
#define CLOS_OBS_F_ROUTE	0x01	/* a route matched: rt_action, rt_id */
#define CLOS_OBS_F_ECMP		0x02	/* hash, bucket, group, slot */
#define CLOS_OBS_F_NEXTHOP	0x04	/* nexthop, out_port */
#define CLOS_OBS_F_QOS		0x08	/* tc, backlog */
#define CLOS_OBS_F_CE		0x10	/* this switch marked the packet CE */
#define CLOS_OBS_NO_PORT	0xff

struct clos_obs_rec {
	__u64 ts_ns;		/* bpf_ktime_get_ns() when it came in */
	__u32 len;		/* the frame's length */
	__u32 caplen;		/* bytes of it in data[] */
	__u8 dir;		/* enum clos_obs_dir */
	__u8 port;		/* IN: the ingress port; OUT: the egress port */
	__u8 out_port;		/* IN: the egress port chosen, or CLOS_OBS_NO_PORT */
	__u8 flags;		/* CLOS_OBS_F_* */
	__u16 verdict;		/* enum clos_stat: the counter it ended in */
	__u8 tc;		/* traffic class */
	__u8 armed;		/* data path only: an IN record awaits its verdict */
	__u32 rt_action;	/* enum clos_route_action */
	__u32 rt_id;		/* nexthop or group id */
	__u32 hash;		/* ECMP: the flow hash */
	__u32 group;
	__u16 bucket;		/* resilient: hash % buckets; modulo: hash % active */
	__u8 slot;		/* the member slot */
	__u8 pad;
	__u32 nexthop;
	__u64 backlog;		/* the class's queue in bytes, this packet included */
	__u8 data[CLOS_OBS_SNAP];
};
_Static_assert(sizeof(struct clos_obs_rec) == 56 + CLOS_OBS_SNAP, "clos_obs_rec layout");
#define CLOS_OBS_REC_HDR	((unsigned long)&((struct clos_obs_rec *)0)->data)

/* obs_buf (per-CPU): key = enum clos_obs_dir. The record being built on
 * this CPU, and the records the ring had no room for. */
struct clos_obs_slot {
	__u64 lost;
	struct clos_obs_rec rec;
};

#endif /* CLOS_ABI_H */
