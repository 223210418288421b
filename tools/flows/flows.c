// SPDX-License-Identifier: GPL-2.0
/*
 * clos-flows: UDP flows through a fabric, for tests and the demo.
 *
 *   paths --netns NS --dst IP --flows N [--port P] --via SW[,SW...]
 *       send each flow (source port base+i) alone and see which of the
 *       switches forwarded it (their `forwarded` counters): per-flow path.
 *   send --netns NS --dst IP --flows N --pps R --seconds S [--port P]
 *       a paced stream over N flows, each packet carrying (flow, seq).
 *   recv --netns NS --seconds S [--port P]
 *       count what arrives per flow: packets, lost sequence numbers, the
 *       longest gap in time.
 *
 * It enters host namespaces with setns() only (not `ip netns exec`), so the
 * root bpffs with the switches' pins stays visible for `paths`.
 *
 * Source ports: distinct, drawn from 1024..65535 by a seeded shuffle
 * (--seed, default 1), like the per-QP random ports of RoCE NICs; the same
 * seed gives every command the same port for flow i. --seed 0 uses
 * 20000+i: consecutive ports are kinder to a CRC than real traffic is.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <json-c/json.h>
#include "clos/abi.h"
#include "cli.h"
#include "err.h"
#include "netns.h"
#include "switch.h"

#define SPORT_BASE	20000
#define MAX_FLOWS	10000
#define MAX_VIA		16
#define STR(x)		#x
#define XSTR(x)		STR(x)

struct payload {
	__u32 magic;
	__u32 flow;
	__u32 seq;
	__u32 pad;
	__u64 sent_ns;
};
#define PAYLOAD_MAGIC	0xc105f10a

struct opts {
	unsigned int seed;
	int tos;		/* IP TOS byte of sent packets (DSCP << 2 | ECN) */
	int size;		/* UDP payload bytes */
	int hist_us;		/* recv: latency histogram bin width */
	int burst;		/* send: most packets sent back to back */
	const char *netns;
	const char *dst;
	int port;
	int flows;
	int pps;
	double seconds;
	char *via[MAX_VIA];
	int num_via;
};

static __u16 sports[MAX_FLOWS];

/* Flow i -> its source port: a partial Fisher-Yates shuffle of 1024..65535
 * driven by a 64-bit LCG, so ports are distinct and repeatable. */
static void pick_sports(unsigned int seed, int n)
{
	static __u16 pool[65536 - 1024];
	__u64 x = seed;
	int i, size = 65536 - 1024;

	for (i = 0; i < n && !seed; i++)
		sports[i] = SPORT_BASE + i;
	if (!seed)
		return;
	for (i = 0; i < size; i++)
		pool[i] = 1024 + i;
	for (i = 0; i < n; i++) {
		int j;
		__u16 t;

		x = x * 6364136223846793005ull + 1442695040888963407ull;
		j = i + (int)((x >> 33) % (__u64)(size - i));
		t = pool[i];
		pool[i] = pool[j];
		pool[j] = t;
		sports[i] = pool[i];
	}
}

static __u64 clock_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (__u64)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static __u64 now_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

static int die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "Error: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	return 1;
}

/* One UDP socket per flow, bound to its source port so the 5-tuple is
 * fixed, created inside the sender's namespace. */
static int open_flow_sockets(const struct opts *o, int *fds)
{
	struct sockaddr_in dst = { .sin_family = AF_INET, .sin_port = htons(o->port) };
	int i;

	/* What failed half-way is closed by close_fds(): only what opened. */
	for (i = 0; i < o->flows; i++)
		fds[i] = -1;
	if (inet_pton(AF_INET, o->dst, &dst.sin_addr) != 1)
		return die("--dst '%s' is not an IPv4 address", o->dst);
	for (i = 0; i < o->flows; i++) {
		struct sockaddr_in src = { .sin_family = AF_INET,
					   .sin_port = htons(sports[i]) };
		int one = 1;

		fds[i] = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (fds[i] < 0)
			return die("socket: %s", strerror(errno));
		setsockopt(fds[i], SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (o->tos && setsockopt(fds[i], IPPROTO_IP, IP_TOS, &o->tos, sizeof(o->tos)))
			return die("IP_TOS %#x: %s", o->tos, strerror(errno));
		if (bind(fds[i], (struct sockaddr *)&src, sizeof(src)) ||
		    connect(fds[i], (struct sockaddr *)&dst, sizeof(dst)))
			return die("flow %d: %s", i, strerror(errno));
	}
	return 0;
}

static void close_fds(int *fds, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

static int send_one(int fd, __u32 flow, __u32 seq, int size)
{
	char buf[9000] = {};
	struct payload *p = (struct payload *)buf;

	p->magic = PAYLOAD_MAGIC;
	p->flow = flow;
	p->seq = seq;
	p->sent_ns = now_ns();	/* CLOCK_MONOTONIC: one clock for every netns */
	return send(fd, buf, size, 0) < 0 ? -errno : 0;
}
static __u64 forwarded(struct clos_switch *sw)
{
	struct clos_counter c;

	if (clos_stat_get(sw, CLOS_STAT_FWD, &c))
		return 0;
	return c.packets;
}

/* Each flow alone, 2 packets (the first may wait for ARP): the switch
 * whose forwarded counter rose by them carried it. */
static int cmd_paths(const struct opts *o)
{
	struct clos_switch sw[MAX_VIA];
	json_object *out, *flows;
	struct clos_err e;
	int *fds, i, v, err, ret = 1, saved, opened = 0, per[MAX_VIA] = {}, unknown = 0;
	const int pkts = 2;

	fds = calloc(o->flows, sizeof(*fds));
	if (!fds || !o->num_via) {
		free(fds);
		return die("paths needs --flows and --via");
	}
	for (; opened < o->num_via; opened++)
		if (clos_switch_open(&sw[opened], o->via[opened], &e)) {
			die("%s", e.msg);
			goto out;
		}
	if ((err = clos_netns_enter(o->netns, &saved))) {
		die("netns %s: %s", o->netns, strerror(-err));
		goto out;
	}
	if (open_flow_sockets(o, fds)) {
		clos_netns_leave(saved);
		goto out_fds;
	}
	out = json_object_new_object();
	flows = json_object_new_array();
	for (i = 0; i < o->flows; i++) {
		__u64 before[MAX_VIA];
		json_object *f = json_object_new_object();
		int hit = -1, s, tries;

		for (v = 0; v < o->num_via; v++)
			before[v] = forwarded(&sw[v]);
		for (s = 0; s < pkts; s++)
			send_one(fds[i], i, s, o->size);
		/* veth delivery is asynchronous; wait for the counters. */
		for (tries = 0; tries < 200 && hit < 0; tries++) {
			for (v = 0; v < o->num_via; v++)
				if (forwarded(&sw[v]) - before[v] >= (__u64)pkts)
					hit = v;
			if (hit < 0)
				usleep(500);
		}
		json_object_object_add(f, "sport", json_object_new_int(sports[i]));
		json_object_object_add(f, "via", hit < 0 ? NULL : json_object_new_string(o->via[hit]));
		/* A flow seen by two switches would be split per packet. */
		for (v = 0; v < o->num_via; v++)
			if (v != hit && forwarded(&sw[v]) != before[v])
				json_object_object_add(f, "also_via",
						       json_object_new_string(o->via[v]));
		json_object_array_add(flows, f);
		if (hit < 0)
			unknown++;
		else
			per[hit]++;
	}
	clos_netns_leave(saved);
	{
		json_object *share = json_object_new_object();

		for (v = 0; v < o->num_via; v++)
			json_object_object_add(share, o->via[v], json_object_new_int(per[v]));
		json_object_object_add(out, "per_switch", share);
	}
	json_object_object_add(out, "unseen", json_object_new_int(unknown));
	json_object_object_add(out, "flows", flows);
	printf("%s\n", json_object_to_json_string_ext(out, JSON_C_TO_STRING_PLAIN));
	json_object_put(out);
	ret = 0;
out_fds:
	close_fds(fds, o->flows);
out:
	free(fds);
	for (v = 0; v < opened; v++)
		clos_switch_close(&sw[v]);
	return ret;
}

static int cmd_send(const struct opts *o)
{
	__u64 start, next, gap, end;
	__u32 *seq;
	int *fds, saved, ret, i = 0;
	long sent = 0;

	if (o->pps <= 0 || o->seconds <= 0)
		return die("send needs --pps and --seconds");
	fds = calloc(o->flows, sizeof(*fds));
	seq = calloc(o->flows, sizeof(*seq));
	if (!fds || !seq) {
		ret = die("out of memory");
		goto out;
	}
	if ((ret = clos_netns_enter(o->netns, &saved))) {
		ret = die("netns %s: %s", o->netns, strerror(-ret));
		goto out;
	}
	if (open_flow_sockets(o, fds)) {
		clos_netns_leave(saved);
		ret = 1;
		goto out_fds;
	}
	gap = 1000000000ull / o->pps;
	start = next = now_ns();
	end = start + (__u64)(o->seconds * 1e9);
	while (next < end) {
		__u64 t = now_ns();
		int burst = 0;

		if (t < next) {
			struct timespec ts = { 0, (long)(next - t) };

			nanosleep(&ts, NULL);
			continue;
		}
		/* Send what is due, in bursts of at most --burst packets: a
		 * wakeup costs more than a packet, so pacing each one alone
		 * caps the rate far below a port's. Time lost beyond that to
		 * the scheduler is not made up (a burst is a queue, and this
		 * tool measures queues). */
		while (next <= t && burst < o->burst && next < end) {
			send_one(fds[i], i, seq[i]++, o->size);
			sent++;
			burst++;
			i = (i + 1) % o->flows;
			next += gap;
		}
		if (next <= t)
			next = t + gap;
	}
	clos_netns_leave(saved);
	printf("{\"sent\":%ld,\"flows\":%d}\n", sent, o->flows);
	ret = 0;
out_fds:
	close_fds(fds, o->flows);
out:
	free(fds);
	free(seq);
	return ret;
}

struct flow_rx {
	__u32 packets;
	__u32 ce;
	__u32 next_seq;
	__u32 lost;
	__u64 last_ns;
	__u64 max_gap_ns;
};

#define MAX_BINS	4096
#define MAX_SAMPLES	(1 << 20)

static int cmp_u64(const void *a, const void *b)
{
	__u64 x = *(const __u64 *)a, y = *(const __u64 *)b;

	return x < y ? -1 : x > y;
}

/* Receive until --seconds pass: per flow packets, CE marks, lost sequence
 * numbers and the longest silence; one-way latency percentiles (from the
 * sender's CLOCK_MONOTONIC stamp to the kernel's arrival stamp); with --hist-us, packets and CE marks by
 * latency bin -- in a queue served at rate R, latency is backlog / R, so
 * this is the marking curve against the backlog the packet found. */
static int cmd_recv(const struct opts *o)
{
	struct sockaddr_in any = { .sin_family = AF_INET, .sin_port = htons(o->port) };
	struct timeval tv = { 0, 100000 };
	__u64 mono_minus_real;
	__u32 bins[MAX_BINS][2] = {};
	struct flow_rx *rx;
	json_object *out, *flows, *hist;
	__u64 end, max_gap = 0, total = 0, lost = 0, ce = 0, *lat, nlat = 0;
	int fd, saved, ret, i, seen = 0, one = 1, top_bin = -1;

	rx = calloc(MAX_FLOWS, sizeof(*rx));
	lat = calloc(MAX_SAMPLES, sizeof(*lat));
	if (!rx || !lat || o->seconds <= 0) {
		ret = die("recv needs --seconds");
		goto out;
	}
	if ((ret = clos_netns_enter(o->netns, &saved))) {
		ret = die("netns %s: %s", o->netns, strerror(-ret));
		goto out;
	}
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&any, sizeof(any))) {
		ret = die("udp port %d: %s", o->port, strerror(errno));
		if (fd >= 0)
			close(fd);
		clos_netns_leave(saved);
		goto out;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, IPPROTO_IP, IP_RECVTOS, &one, sizeof(one));
	/* The kernel's arrival time, not ours: a receiver the scheduler
	 * runs late would add its own wait to every packet's latency. The
	 * stamp is CLOCK_REALTIME; the senders stamp CLOCK_MONOTONIC. */
	setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof(one));
	mono_minus_real = now_ns() - clock_ns(CLOCK_REALTIME);
	/* Ready: tests wait for this line before they start sending. */
	fprintf(stderr, "listening on udp port %d\n", o->port);
	end = now_ns() + (__u64)(o->seconds * 1e9);
	while (now_ns() < end) {
		char buf[9000], cbuf[CMSG_SPACE(sizeof(int)) +
				     CMSG_SPACE(sizeof(struct timespec))];
		struct iovec iov = { buf, sizeof(buf) };
		struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
				      .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
		const struct payload *p = (const struct payload *)buf;
		struct cmsghdr *cm;
		struct flow_rx *f;
		ssize_t n = recvmsg(fd, &msg, 0);
		__u64 t = now_ns(), l, k;
		int tos = 0, is_ce;

		if (n < (ssize_t)sizeof(*p) || p->magic != PAYLOAD_MAGIC || p->flow >= MAX_FLOWS)
			continue;
		for (cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm))
			if (cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_TOS) {
				tos = *(unsigned char *)CMSG_DATA(cm);
			} else if (cm->cmsg_level == SOL_SOCKET &&
				   cm->cmsg_type == SCM_TIMESTAMPNS) {
				struct timespec ts;

				memcpy(&ts, CMSG_DATA(cm), sizeof(ts));
				k = (__u64)ts.tv_sec * 1000000000ull + ts.tv_nsec +
				    mono_minus_real;
				/* a stamp outside (sent, now] is a clock step */
				if (k > p->sent_ns && k <= t)
					t = k;
			}
		is_ce = (tos & 3) == 3;
		f = &rx[p->flow];
		if (f->packets && f->last_ns && t > f->last_ns &&
		    t - f->last_ns > f->max_gap_ns)
			f->max_gap_ns = t - f->last_ns;
		if (p->seq > f->next_seq)
			f->lost += p->seq - f->next_seq;
		if (p->seq >= f->next_seq)
			f->next_seq = p->seq + 1;
		f->packets++;
		f->ce += is_ce;
		f->last_ns = t;
		l = t > p->sent_ns ? t - p->sent_ns : 0;
		if (nlat < MAX_SAMPLES)
			lat[nlat++] = l;
		if (o->hist_us > 0) {
			__u64 b = l / 1000 / o->hist_us;

			if (b >= MAX_BINS)
				b = MAX_BINS - 1;
			bins[b][0]++;
			bins[b][1] += is_ce;
			if ((int)b > top_bin)
				top_bin = b;
		}
	}
	close(fd);
	clos_netns_leave(saved);

	out = json_object_new_object();
	flows = json_object_new_array();
	for (i = 0; i < MAX_FLOWS; i++) {
		json_object *fo;

		if (!rx[i].packets)
			continue;
		seen++;
		total += rx[i].packets;
		lost += rx[i].lost;
		ce += rx[i].ce;
		if (rx[i].max_gap_ns > max_gap)
			max_gap = rx[i].max_gap_ns;
		fo = json_object_new_object();
		json_object_object_add(fo, "flow", json_object_new_int(i));
		json_object_object_add(fo, "packets", json_object_new_int(rx[i].packets));
		json_object_object_add(fo, "ce", json_object_new_int(rx[i].ce));
		json_object_object_add(fo, "lost", json_object_new_int(rx[i].lost));
		json_object_object_add(fo, "max_gap_ms",
				       json_object_new_double(rx[i].max_gap_ns / 1e6));
		json_object_array_add(flows, fo);
	}
	json_object_object_add(out, "flows_seen", json_object_new_int(seen));
	json_object_object_add(out, "packets", json_object_new_uint64(total));
	json_object_object_add(out, "ce", json_object_new_uint64(ce));
	json_object_object_add(out, "lost", json_object_new_uint64(lost));
	json_object_object_add(out, "max_gap_ms", json_object_new_double(max_gap / 1e6));
	if (nlat) {
		qsort(lat, nlat, sizeof(*lat), cmp_u64);
		json_object_object_add(out, "latency_us_p50",
				       json_object_new_double(lat[nlat / 2] / 1e3));
		json_object_object_add(out, "latency_us_p99",
				       json_object_new_double(lat[nlat * 99 / 100] / 1e3));
		json_object_object_add(out, "latency_us_max",
				       json_object_new_double(lat[nlat - 1] / 1e3));
	}
	if (o->hist_us > 0) {
		hist = json_object_new_array();
		for (i = 0; i <= top_bin; i++) {
			json_object *b;

			if (!bins[i][0])
				continue;
			b = json_object_new_object();
			json_object_object_add(b, "from_us", json_object_new_int(i * o->hist_us));
			json_object_object_add(b, "packets", json_object_new_int(bins[i][0]));
			json_object_object_add(b, "ce", json_object_new_int(bins[i][1]));
			json_object_array_add(hist, b);
		}
		json_object_object_add(out, "latency_hist", hist);
	}
	json_object_object_add(out, "flows", flows);
	printf("%s\n", json_object_to_json_string_ext(out, JSON_C_TO_STRING_PLAIN));
	json_object_put(out);
	ret = 0;
out:
	free(rx);
	free(lat);
	return ret;
}

/* The options as given; setup() checks them into struct opts. */
static const char *via_args[MAX_VIA];
static struct {
	const char *netns, *dst, *port, *flows, *pps, *seconds, *seed, *tos,
		*size, *hist_us, *burst;
	struct cli_list via;
} given = { .via = { via_args, 0, MAX_VIA } };

/* The options of several commands. */
#define OPT_NETNS(who) \
	CLI_OPT_STRING("netns", 0, "NS", &given.netns, "the " who "'s namespace (ip netns name)")
#define OPT_DST \
	CLI_OPT_STRING("dst", 0, "IPV4", &given.dst, "where the flows go")
#define OPT_FLOWS \
	CLI_OPT_STRING("flows", 0, "N", &given.flows, "how many flows (1.." XSTR(MAX_FLOWS) ", default 1)")
#define OPT_PORT \
	CLI_OPT_STRING("port", 0, "P", &given.port, "UDP destination port (default 7000)")
#define OPT_SECONDS(what) \
	CLI_OPT_STRING("seconds", 0, "S", &given.seconds, what)
#define OPT_SEED \
	CLI_OPT_STRING("seed", 0, "N", &given.seed, \
		       "source ports of the flows: a seeded shuffle of 1024..65535\n" \
		       "(default seed 1); --seed 0 uses " XSTR(SPORT_BASE) "+i")
#define OPT_TOS \
	CLI_OPT_STRING("tos", 0, "N", &given.tos, "IP TOS byte (e.g. 0x6a: DSCP 26, ECT(0))")
#define OPT_SIZE \
	CLI_OPT_STRING("size", 0, "B", &given.size, "UDP payload bytes (default 64)")

static const struct cli_opt paths_opts[] = {
	OPT_NETNS("sender"), OPT_DST, OPT_FLOWS,
	CLI_OPT_LIST("via", 0, "SW[,SW...]", &given.via,
		     "the switches (clos-loader names) a flow may cross"),
	OPT_PORT, OPT_SEED, OPT_TOS, OPT_SIZE,
	{}
};

static const struct cli_opt send_opts[] = {
	OPT_NETNS("sender"), OPT_DST, OPT_FLOWS,
	CLI_OPT_STRING("pps", 0, "R", &given.pps, "packets per second, over all flows"),
	OPT_SECONDS("how long to send"), OPT_PORT, OPT_SEED, OPT_TOS, OPT_SIZE,
	CLI_OPT_STRING("burst", 0, "N", &given.burst,
		       "most packets sent back to back (1..64, default 4)"),
	{}
};

static const struct cli_opt recv_opts[] = {
	OPT_NETNS("receiver"), OPT_SECONDS("how long to listen"), OPT_PORT,
	CLI_OPT_STRING("hist-us", 0, "W", &given.hist_us,
		       "packets and CE marks by one-way latency, in bins W us wide"),
	{}
};

/* The options given, checked, into o; the flows' source ports drawn. */
static int setup(int argc, char **argv, struct opts *o)
{
	char *tok, *save;
	int i;

	*o = (struct opts){ .port = 7000, .flows = 1, .seed = 1, .size = 64, .burst = 4 };
	if (argc)
		return die("unexpected argument '%s' (every value follows its --option)",
			   argv[0]);
	o->netns = given.netns;
	o->dst = given.dst;
	if (given.port)
		o->port = atoi(given.port);
	if (given.flows)
		o->flows = atoi(given.flows);
	if (given.pps)
		o->pps = atoi(given.pps);
	if (given.seconds)
		o->seconds = atof(given.seconds);
	if (given.seed)
		o->seed = strtoul(given.seed, NULL, 0);
	if (given.tos)
		o->tos = strtol(given.tos, NULL, 0);
	if (given.size)
		o->size = atoi(given.size);
	if (given.hist_us)
		o->hist_us = atoi(given.hist_us);
	if (given.burst)
		o->burst = atoi(given.burst);
	for (i = 0; i < given.via.n; i++)
		for (tok = strtok_r((char *)given.via.v[i], ",", &save);
		     tok && o->num_via < MAX_VIA; tok = strtok_r(NULL, ",", &save))
			o->via[o->num_via++] = tok;
	if (!o->netns)
		return die("--netns is required");
	if (o->size < (int)sizeof(struct payload) || o->size > 8972)
		return die("--size must be %zu..8972", sizeof(struct payload));
	if (o->tos < 0 || o->tos > 255)
		return die("--tos must be 0..255");
	if (o->burst < 1 || o->burst > 64)
		return die("--burst must be 1..64");
	if (o->port <= 0 || o->port > 65535)
		return die("--port must be 1..65535");
	if (o->flows < 1 || o->flows > MAX_FLOWS || SPORT_BASE + o->flows > 65535)
		return die("--flows must be 1..%d", MAX_FLOWS);
	pick_sports(o->seed, o->flows);
	return 0;
}

static int do_paths(int argc, char **argv)
{
	struct opts o;

	if (setup(argc, argv, &o))
		return 1;
	return o.dst ? cmd_paths(&o) : die("paths needs --dst");
}

static int do_send(int argc, char **argv)
{
	struct opts o;

	if (setup(argc, argv, &o))
		return 1;
	return o.dst ? cmd_send(&o) : die("send needs --dst");
}

static int do_recv(int argc, char **argv)
{
	struct opts o;

	return setup(argc, argv, &o) ?: cmd_recv(&o);
}

static const struct cli_cmd cmds[] = {
	{ "paths", do_paths, "--netns NS --dst IPV4 --flows N --via SW[,SW...] [--port P]",
	  "which switch forwards each flow", .opts = paths_opts,
	  .doc = "\nSends each flow (its own source port) alone and sees which of the\n"
		 "switches forwarded it (their 'forwarded' counters).\n" },
	{ "send", do_send, "--netns NS --dst IPV4 --flows N --pps R --seconds S [--port P]",
	  "a paced stream over N flows", .opts = send_opts,
	  .doc = "\nEach packet carries (flow, sequence number, send time).\n" },
	{ "recv", do_recv, "--netns NS --seconds S [--port P] [--hist-us W]",
	  "count what arrives per flow", .opts = recv_opts,
	  .doc = "\nPer flow: packets, CE marks, lost sequence numbers and the longest\n"
		 "gap; one-way latency percentiles; with --hist-us packets and CE\n"
		 "marks by latency bin. Says \"listening on udp port P\" on stderr\n"
		 "when it is ready.\n" },
	{}
};

static const struct cli flows_cli = {
	.prog = "clos-flows",
	.cmds = cmds,
	.doc = "Every command prints one JSON line. It enters namespaces with setns(),\n"
	       "so the switches' pins in the root bpffs stay visible.\n",
};

int main(int argc, char **argv)
{
	return cli_main(&flows_cli, argc, argv);
}
