// SPDX-License-Identifier: GPL-2.0
/*
 * closctl's entry parser under libFuzzer: each line of an input runs as a
 * line of `closctl batch` (ctl/cmd_batch.c: the words, lib/os/cli.c: the
 * command, ctl/cmd_*.c and lib/table: the entry) against the real maps of
 * a loaded clos_fast object, built as clos-loader builds a switch. Every map
 * is read before and after each line:
 *   - a refused line leaves every map as it was;
 *   - an accepted one changes only the maps its command may write, and
 *     `table add|del`, `group set|del` and `port set` at most one entry of
 *     the map they name.
 * A breach aborts with the line, the map and the entry. After an input the
 * maps are put back as they were, so each input starts from one state.
 *
 * Odd-length inputs run under -j. Output goes to /dev/null. Needs root (BPF).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <sanitizer/common_interface_defs.h>
#include "build.h"
#include "ctl.h"
#include "jsonout.h"
#include "schema.h"
#include "clos_fast.skel.h"

#define MAX_LINES	16
#define MAX_LINE	1024
#define MAX_WORDS	8	/* enough to tell which maps a line may write */

/* ---- one map's content ---------------------------------------------------- */

struct map_snap {
	__u32 type, key_size, value_size, max_entries;
	__u32 n;		/* records */
	size_t rec;		/* key + value, value per CPU for per-CPU maps */
	__u8 *buf;		/* n records, sorted by key */
};

struct snap {
	struct map_snap m[CLOS_MAP_MAX];
};

static struct clos_fast *skel;
/* base: the switch as built; known: what the maps held when last read;
 * scratch: a read to compare with known. */
static struct snap base, known, scratch;
static int ncpus;

static bool percpu(__u32 type)
{
	return type == BPF_MAP_TYPE_PERCPU_ARRAY || type == BPF_MAP_TYPE_PERCPU_HASH;
}

static size_t value_len(const struct map_snap *s)
{
	return percpu(s->type) ? ((s->value_size + 7) & ~7u) * ncpus : s->value_size;
}

static size_t key_len;		/* for rec_cmp */

static int rec_cmp(const void *a, const void *b)
{
	return memcmp(a, b, key_len);
}

static void die(const char *what, const char *map)
{
	fprintf(stderr, "fuzz_closctl_entry: %s (map %s): %s\n", what, map,
		strerror(errno));
	abort();
}

/* Arrays by batch lookup (keys 0..max-1 in order); the others key by key,
 * then sorted, as hash order says nothing. */
static void map_read(int fd, const char *name, struct map_snap *s)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info), i;
	size_t vlen;

	if (!s->rec) {
		if (bpf_obj_get_info_by_fd(fd, &info, &len))
			die("cannot read map info", name);
		s->type = info.type;
		s->key_size = info.key_size;
		s->value_size = info.value_size;
		s->max_entries = info.max_entries;
		s->rec = s->key_size + value_len(s);
		/* A ring buffer (obs_ring) has no keys or values: nothing
		 * a table line can change. */
		if (!s->rec) {
			s->n = 0;
			return;
		}
		s->buf = calloc(s->max_entries, s->rec);
		if (!s->buf)
			die("out of memory", name);
	}
	vlen = value_len(s);
	s->n = 0;
	if (s->type == BPF_MAP_TYPE_ARRAY || s->type == BPF_MAP_TYPE_PERCPU_ARRAY) {
		/* Keys into the first max*4 bytes, values after them; then
		 * interleaved into records. */
		static __u8 *keys, *vals;
		static size_t cap;
		__u32 out = 0, count;
		DECLARE_LIBBPF_OPTS(bpf_map_batch_opts, opts);
		bool first = true;

		if (cap < (size_t)s->max_entries * (vlen + 4)) {
			cap = (size_t)s->max_entries * (vlen + 4);
			free(keys);
			free(vals);
			keys = malloc(s->max_entries * 4);
			vals = malloc(cap);
			if (!keys || !vals)
				die("out of memory", name);
		}
		while (s->n < s->max_entries) {
			int err;

			count = s->max_entries - s->n;
			err = bpf_map_lookup_batch(fd, first ? NULL : &out, &out,
						   keys + s->n * 4, vals + s->n * vlen,
						   &count, &opts);
			if (err && errno != ENOENT)
				die("cannot read", name);
			first = false;
			s->n += count;
			if (err || !count)	/* ENOENT: no more */
				break;
		}
		for (i = 0; i < s->n; i++) {
			memcpy(s->buf + i * s->rec, keys + i * 4, 4);
			memcpy(s->buf + i * s->rec + 4, vals + i * vlen, vlen);
		}
		return;
	}
	{
		__u8 key[64], next[64];
		void *prev = NULL;

		while (!bpf_map_get_next_key(fd, prev, next)) {
			__u8 *r = s->buf + (size_t)s->n * s->rec;

			memcpy(key, next, s->key_size);
			prev = key;
			if (bpf_map_lookup_elem(fd, key, r + s->key_size)) {
				if (errno == ENOENT)	/* a devmap's empty slot */
					continue;
				die("cannot look up", name);
			}
			memcpy(r, key, s->key_size);
			if (++s->n == s->max_entries)
				break;
		}
		key_len = s->key_size;
		qsort(s->buf, s->n, s->rec, rec_cmp);
	}
}

/* The maps in mask; the others keep what they had. */
static void snap_take(struct snap *sn, unsigned int mask)
{
	int i;

	for (i = 0; i < CLOS_MAP_MAX; i++)
		if (mask & (1u << i))
			map_read(ctl.sw.fd[i], clos_map_names[i], &sn->m[i]);
}

/* Keys present in one and not the other, or with other values. Sets *at
 * to the first such record (of a, else of b). */
static __u32 map_diff(const struct map_snap *a, const struct map_snap *b,
		      const __u8 **at)
{
	__u32 i = 0, j = 0, n = 0;
	int c;

	*at = NULL;
	while (i < a->n || j < b->n) {
		const __u8 *ra = a->buf + (size_t)i * a->rec;
		const __u8 *rb = b->buf + (size_t)j * b->rec;

		c = i == a->n ? 1 : j == b->n ? -1 : memcmp(ra, rb, a->key_size);
		if (c < 0) {
			*at = *at ? *at : ra;
			i++, n++;
		} else if (c > 0) {
			*at = *at ? *at : rb;
			j++, n++;
		} else {
			if (memcmp(ra, rb, a->rec)) {
				*at = *at ? *at : ra;
				n++;
			}
			i++, j++;
		}
	}
	return n;
}

/* ---- what a line may write ------------------------------------------------ */

/* The first words of line, as closctl batch splits them (quotes, '#'),
 * without options (lib/os/cli.c: '-' then not a digit). */
static int first_words(const char *line, char words[MAX_WORDS][64])
{
	const char *cp = line;
	int n = 0;
	size_t len;

	while (n < MAX_WORDS) {
		cp += strspn(cp, " \t\r\n");
		if (!*cp || *cp == '#')
			break;
		if (*cp == '\'' || *cp == '"') {
			const char *end = strchr(cp + 1, *cp);

			if (!end)
				break;
			len = end - cp - 1;
			cp++;
		} else {
			len = strcspn(cp, " \t\r\n#'\"");
		}
		if (len < 64 && !(cp[0] == '-' && len > 1 &&
				  !(cp[1] >= '0' && cp[1] <= '9'))) {
			memcpy(words[n], cp, len);
			words[n++][len] = '\0';
		}
		cp += len + (cp[len] == '\'' || cp[len] == '"');
	}
	return n;
}

#define BIT(m)	(1u << CLOS_MAP_##m)

/* The bit of a map known by name only: one a later ABI adds (0: none). */
static unsigned int map_bit(const char *name)
{
	int i;

	for (i = 0; i < CLOS_MAP_MAX; i++)
		if (!strcmp(clos_map_names[i], name))
			return 1u << i;
	return 0;
}

/* Maps the line's command may write; *one: the map of which it writes at
 * most one entry (CLOS_MAP_MAX: none such). */
static unsigned int may_write(const char *line, enum clos_map_id *one)
{
	char w[MAX_WORDS][64];
	int n = first_words(line, w);
	const struct clos_table *t;

	*one = CLOS_MAP_MAX;
	if (n < 2)
		return 0;
	if (!strcmp(w[0], "table") && (!strcmp(w[1], "add") || !strcmp(w[1], "del")) &&
	    n >= 3 && (t = clos_table_find(w[2]))) {
		*one = t->map;
		return 1u << t->map;
	}
	if (!strcmp(w[0], "group") && (!strcmp(w[1], "set") || !strcmp(w[1], "del"))) {
		*one = CLOS_MAP_ECMP_GROUPS;
		/* A member's counter starts from zero. */
		return BIT(ECMP_GROUPS) | BIT(ECMP_STATS);
	}
	if (!strcmp(w[0], "port") && !strcmp(w[1], "set")) {
		*one = CLOS_MAP_PORTS;
		/* rate: the port's profiles; state: its ECMP members;
		 * punt-rate, punt-burst: its punt policer. */
		return BIT(PORTS) | BIT(TM_PROFILE) | BIT(ECMP_GROUPS) |
		       map_bit("punt_police");
	}
	if (!strcmp(w[0], "qos") && !strcmp(w[1], "set"))
		return BIT(PCP_TC) | BIT(DSCP_TC) | BIT(TC_PCP) | BIT(TC_SCHED) |
		       BIT(TM_PROFILE);
	if (!strcmp(w[0], "queue") && !strcmp(w[1], "set"))
		return BIT(TM_PROFILE);
	if (!strcmp(w[0], "counters") && !strcmp(w[1], "clear"))
		return BIT(STATS) | BIT(PORT_CTR) | BIT(ECMP_STATS);
	return 0;
}

/* Maps cheap to read after every line: hash and LPM maps (as many
 * records as entries) and small arrays. The big arrays (nexthop,
 * port_by_ifindex, ecmp_stats, tm_profile: 512 to 4096 slots,
 * each a copy in the kernel) are read after the lines that may write them,
 * and before such a line and at the end of the input when an earlier line
 * ran without reading them: a change found then is that earlier line's. */
static unsigned int cheap;

static void cheap_init(void)
{
	int i;

	for (i = 0; i < CLOS_MAP_MAX; i++)
		if (base.m[i].type != BPF_MAP_TYPE_ARRAY &&
		    base.m[i].type != BPF_MAP_TYPE_PERCPU_ARRAY ?
		    true : base.m[i].max_entries <= 256)
			cheap |= 1u << i;
}

static void breach(const char *line, int ret, const struct snap *before,
		   int map, const __u8 *at, const char *what)
{
	const struct map_snap *s = &before->m[map];
	size_t i;

	fprintf(stderr, "fuzz_closctl_entry: %s '%s' (%s) %s map %s; entry:",
		ret < 0 ? "a line before" : "line", line,
		ret < 0 ? "not read since" : ret ? "refused" : "accepted", what,
		clos_map_names[map]);
	for (i = 0; at && i < s->key_size; i++)
		fprintf(stderr, " %02x", at[i]);
	fprintf(stderr, "\n");
	abort();
}

static void check(const char *line, int ret, const struct snap *before,
		  const struct snap *after, unsigned int mask)
{
	enum clos_map_id one = CLOS_MAP_MAX;
	/* ret < 0: what lines before line changed, which no line may. */
	unsigned int allowed = ret ? 0 : may_write(line, &one);
	const __u8 *at;
	__u32 n;
	int i;

	for (i = 0; i < CLOS_MAP_MAX; i++) {
		if (!(mask & (1u << i)))
			continue;
		n = map_diff(&before->m[i], &after->m[i], &at);
		if (!n)
			continue;
		if (!(allowed & (1u << i)))
			breach(line, ret, before, i, at, "changed");
		if ((int)one == i && n > 1)
			breach(line, ret, before, i, at, "changed more than one entry of");
	}
}

/* ---- the switch ----------------------------------------------------------- */

/* Entries for the lines to change, delete and refer to. */
static const char setup[] =
	"table add nexthop 1 => fwd eth3 02:00:00:00:03:02\n"
	"table add nexthop 2 => fwd eth4 02:00:00:00:04:02\n"
	"table add nexthop 3 => fwd eth1 02:00:00:00:01:02\n"
	"group set 1 kind resilient members eth3,eth4\n"
	"table add route_v4 10.8.0.0/16 => ecmp 1\n"
	"table add route_v4 10.1.0.2/32 => nexthop 3\n"
	"table add route_v6 2001:db8::/32 => ecmp 1\n"
	"table add route_v6 2001:db8:1::2/128 => drop\n"
	"port set eth4 rate 10gbit\n";

static void switch_build(void)
{
	static const char *const names[] = { "eth1", "eth2", "eth3", "eth4" };
	struct clos_port ports[4];
	struct clos_local_addr local[2] = {
		{ .family = AF_INET }, { .family = AF_INET6 },
	};
	struct clos_switch_desc d = {
		.ports = ports, .num_ports = 4, .seed = 0x12345678,
		.role = CLOS_ROLE_LEAF, .mode = CLOS_MODE_FAST,
		.local = local, .num_local = 2,
	};
	struct clos_err err = {};
	FILE *f;
	__u32 p;

	inet_pton(AF_INET, "10.1.0.1", local[0].addr);
	inet_pton(AF_INET6, "2001:db8:1::1", local[1].addr);
	for (p = 0; p < 4; p++) {
		/* Every port on lo (ifindex 1), as the unit tests' switch. */
		ports[p] = (struct clos_port){
			.ifindex = 1, .up = 1, .trust = CLOS_TRUST_PCP,
			.role = p < 2 ? CLOS_PORT_HOST : CLOS_PORT_FABRIC,
			.vlan = p == 1 ? 10 : 0,
			.mac = { 0x02, 0xc1, 0x05, 0, 0, p },
		};
		snprintf(ports[p].name, sizeof(ports[p].name), "%s", names[p]);
	}
	skel = clos_fast__open_and_load();
	if (!skel)
		die("cannot load clos_fast", "-");
	if (clos_switch_of_object(&ctl.sw, skel->obj, "fuzz", &err) ||
	    clos_switch_build(&ctl.sw, &d, &err)) {
		fprintf(stderr, "fuzz_closctl_entry: %s\n", err.msg);
		abort();
	}
	ncpus = ctl.sw.ncpus;
	ctl.switch_name = "fuzz";
	ctl.sw_open = true;
	jout_init(false, false);
	f = fmemopen((void *)setup, sizeof(setup) - 1, "r");
	if (!f || ctl_batch(f, "setup")) {
		fprintf(stderr, "fuzz_closctl_entry: the setup lines failed\n");
		abort();
	}
	fclose(f);
	jout_finish();
}

static void copy_map(struct map_snap *to, const struct map_snap *from)
{
	memcpy(to->buf, from->buf, (size_t)from->n * from->rec);
	to->n = from->n;
}

static void swap_map(struct map_snap *a, struct map_snap *b)
{
	struct map_snap t = *a;

	*a = *b;
	*b = t;
}

/* Put the maps back from known to base: arrays slot by slot, the others
 * by deleting what base lacks and writing what it has. Then known = base. */
static void restore(void)
{
	const __u8 *at;
	__u32 i, j;
	int m;

	for (m = 0; m < CLOS_MAP_MAX; m++) {
		const struct map_snap *b = &base.m[m], *a = &known.m[m];
		int fd = ctl.sw.fd[m];

		if (!map_diff(b, a, &at))
			continue;
		if (b->type == BPF_MAP_TYPE_ARRAY || b->type == BPF_MAP_TYPE_PERCPU_ARRAY) {
			for (i = 0; i < b->n; i++)
				if (memcmp(b->buf + i * b->rec, a->buf + i * a->rec, b->rec) &&
				    bpf_map_update_elem(fd, b->buf + i * b->rec,
							b->buf + i * b->rec + 4, BPF_ANY))
					die("cannot restore", clos_map_names[m]);
		} else {
			key_len = b->key_size;
			for (j = 0; j < a->n; j++)
				if (!bsearch(a->buf + j * a->rec, b->buf, b->n, b->rec,
					     rec_cmp) &&
				    bpf_map_delete_elem(fd, a->buf + j * a->rec))
					die("cannot delete", clos_map_names[m]);
			for (i = 0; i < b->n; i++)
				if (bpf_map_update_elem(fd, b->buf + i * b->rec,
							b->buf + i * b->rec + b->key_size,
							BPF_ANY))
					die("cannot restore", clos_map_names[m]);
		}
		copy_map(&known.m[m], b);
	}
}

/* Read the maps in mask into scratch, compare them with known (as what
 * line did, returning ret), then make them known. */
static void read_check(unsigned int mask, const char *line, int ret)
{
	int m;

	snap_take(&scratch, mask);
	check(line, ret, &known, &scratch, mask);
	for (m = 0; m < CLOS_MAP_MAX; m++)
		if (mask & (1u << m))
			swap_map(&known.m[m], &scratch.m[m]);
}

/* What the lines print goes to /dev/null: stdout for good, stderr while a
 * line runs (refusals), with the sanitizers' reports still on stderr. */
static int null_fd, err_fd;

static void quiet_init(void)
{
	null_fd = open("/dev/null", O_WRONLY);
	err_fd = dup(STDERR_FILENO);
	if (null_fd < 0 || err_fd < 0 || dup2(null_fd, STDOUT_FILENO) < 0)
		die("cannot open /dev/null", "-");
	__sanitizer_set_report_fd((void *)(long)err_fd);
}

static void quiet(bool on)
{
	if (dup2(on ? null_fd : err_fd, STDERR_FILENO) < 0)
		die("cannot redirect stderr", "-");
}

static int silent(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	libbpf_set_print(silent);
	quiet_init();
	switch_build();
	snap_take(&base, ~0u);
	snap_take(&known, ~0u);
	snap_take(&scratch, ~0u);
	cheap_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const __u8 *data, size_t size)
{
	const unsigned int all = (1u << CLOS_MAP_MAX) - 1;
	char line[MAX_LINE + 2];
	size_t off = 0, len;
	int lines = 0, ret;
	bool json = size & 1;
	unsigned int stale = 0, mask;
	enum clos_map_id one;
	FILE *f;

	while (off < size && lines++ < MAX_LINES) {
		const __u8 *nl = memchr(data + off, '\n', size - off);

		len = (nl ? (size_t)(nl - data) : size) - off;
		if (len > MAX_LINE)
			len = MAX_LINE;
		memcpy(line, data + off, len);
		line[len] = '\0';
		off += len + 1;
		/* A NUL ends what getline's caller sees as the line. */
		len = strlen(line);

		mask = cheap | may_write(line, &one);
		if (mask & stale)
			read_check(mask & stale, line, -1);

		line[len] = '\n';
		ctl.json = json;
		jout_init(json, false);
		f = fmemopen(line, len + 1, "r");
		if (!f)
			die("fmemopen", "-");
		quiet(true);
		ret = ctl_batch(f, "fuzz");
		fclose(f);
		jout_finish();
		quiet(false);
		/* Options on the line must not outlive it. */
		ctl.switch_name = "fuzz";
		ctl.verbose = ctl.pretty = false;
		line[len] = '\0';

		read_check(mask, line, ret);
		stale = all & ~mask;
	}
	if (stale)
		read_check(stale, "(the end of the input)", -1);
	restore();
	return 0;
}
