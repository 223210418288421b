// SPDX-License-Identifier: GPL-2.0
/*
 * clos-bench lines: perf's samples of BPF programs by source line and by
 * file, through the table clos-bench pipeline --lines wrote (jitlines.h).
 * Reads `perf script -F ip,sym` on stdin.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "bench.h"
#include "jitlines.h"

#define LINES_CMD	"lines"
#define LINES_MAX	(1 << 20)

struct jit_line {
	unsigned long long addr;
	char *where;		/* file:line */
	char *source;
	__u64 hits;
};

struct jit_func {
	unsigned long long start, len;
};

struct jit_table {
	struct jit_line *line;
	size_t n, cap;
	struct jit_func *func;
	size_t nfunc, fcap;
};

static struct {
	const char *table, *top;
} given;

const struct cli_opt lines_opts[] = {
	CLI_OPT_STRING("table", 0, "FILE", &given.table,
		       "the programs' lines (clos-bench pipeline --lines)"),
	CLI_OPT_STRING("top", 0, "N", &given.top,
		       "the N lines with most samples (1..200, default 25)"),
	{}
};

const char lines_doc[] =
"\n"
"Reads `perf script -F ip,sym` on stdin. Each sample in a BPF program\n"
"(a bpf_prog_ symbol) counts for the source line whose JIT code it\n"
"falls in. Prints JSON: the samples, those in BPF programs, and their\n"
"shares (percent of the BPF programs' samples) by line and by file.\n";

static void table_free(struct jit_table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->line[i].where);
		free(t->line[i].source);
	}
	free(t->line);
	free(t->func);
}

static int grow(void **p, size_t *cap, size_t n, size_t size)
{
	void *q;

	if (n < *cap)
		return 0;
	if (n >= LINES_MAX)
		return -E2BIG;
	q = realloc(*p, (*cap ? *cap * 2 : 256) * size);
	if (!q)
		return -ENOMEM;
	*p = q;
	*cap = *cap ? *cap * 2 : 256;
	return 0;
}

static int by_addr(const void *a, const void *b)
{
	const struct jit_line *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static int table_read(struct jit_table *t, const char *path)
{
	char buf[1024], *tab, *tab2;
	unsigned long lineno = 0;
	FILE *f = fopen(path, "r");
	int err = 0;

	if (!f)
		return -errno;
	while (!err && fgets(buf, sizeof(buf), f)) {
		lineno++;
		buf[strcspn(buf, "\n")] = '\0';
		tab = strchr(buf, '\t');
		tab2 = tab ? strchr(tab + 1, '\t') : NULL;
		if (!tab2) {
			bench_err("%s line %lu: expected three tab-separated fields",
				  path, lineno);
			err = -EINVAL;
			break;
		}
		*tab = *tab2 = '\0';
		if (!strcmp(buf, "F")) {
			err = grow((void **)&t->func, &t->fcap, t->nfunc, sizeof(*t->func));
			if (err)
				break;
			t->func[t->nfunc].start = strtoull(tab + 1, NULL, 16);
			t->func[t->nfunc++].len = strtoull(tab2 + 1, NULL, 10);
			continue;
		}
		err = grow((void **)&t->line, &t->cap, t->n, sizeof(*t->line));
		if (err)
			break;
		t->line[t->n] = (struct jit_line){
			.addr = strtoull(buf, NULL, 16),
			.where = strdup(tab + 1), .source = strdup(tab2 + 1),
		};
		if (!t->line[t->n].where || !t->line[t->n].source)
			err = -ENOMEM;
		t->n++;
	}
	fclose(f);
	if (!err && !t->n) {
		bench_err("%s: no lines", path);
		err = -EINVAL;
	}
	qsort(t->line, t->n, sizeof(*t->line), by_addr);
	return err;
}

static bool in_func(const struct jit_table *t, unsigned long long ip)
{
	size_t i;

	for (i = 0; i < t->nfunc; i++)
		if (ip >= t->func[i].start && ip - t->func[i].start < t->func[i].len)
			return true;
	return false;
}

/* The line whose code holds ip: the last one starting at or before it. */
static struct jit_line *line_of(struct jit_table *t, unsigned long long ip)
{
	size_t lo = 0, hi = t->n;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->line[mid].addr <= ip)
			lo = mid;
		else
			hi = mid;
	}
	return t->line[lo].addr <= ip ? &t->line[lo] : NULL;
}

static int by_where(const void *a, const void *b)
{
	return strcmp(((const struct jit_line *)a)->where,
		      ((const struct jit_line *)b)->where);
}

/* One entry per source line: a line the compiler spread over several
 * places in the code has its hits summed in the first. */
static void merge_lines(struct jit_table *t)
{
	size_t i, first = 0;

	qsort(t->line, t->n, sizeof(*t->line), by_where);
	for (i = 1; i < t->n; i++) {
		if (strcmp(t->line[i].where, t->line[first].where)) {
			first = i;
			continue;
		}
		t->line[first].hits += t->line[i].hits;
		t->line[i].hits = 0;
	}
}

/* Lines and files in order of hits, most first. */
static int by_hits(const void *a, const void *b)
{
	const struct jit_line *x = a, *y = b;

	if (x->hits != y->hits)
		return x->hits > y->hits ? -1 : 1;
	return strcmp(x->where, y->where);
}

static double pct(__u64 part, __u64 whole)
{
	return whole ? 100.0 * part / whole : 0;
}

/* The per-file sums, as jit_lines (where = the file) sorted by hits. */
static struct json_object *files_json(const struct jit_table *t, __u64 total)
{
	struct json_object *arr = json_object_new_array();
	struct jit_line *f = calloc(t->n, sizeof(*f));
	size_t i, j, nf = 0;

	if (!f)
		return arr;
	for (i = 0; i < t->n; i++) {
		size_t flen = strcspn(t->line[i].where, ":");

		if (!t->line[i].hits)
			continue;
		for (j = 0; j < nf; j++)
			if (strcspn(f[j].where, ":") == flen &&
			    !strncmp(f[j].where, t->line[i].where, flen))
				break;
		if (j == nf)
			f[nf++].where = t->line[i].where;
		f[j].hits += t->line[i].hits;
	}
	qsort(f, nf, sizeof(*f), by_hits);
	for (i = 0; i < nf; i++) {
		struct json_object *o = json_object_new_object();
		char name[256];

		snprintf(name, sizeof(name), "%.*s", (int)strcspn(f[i].where, ":"),
			 f[i].where);
		bench_jadd_str(o, "file", name);
		bench_jadd_u64(o, "samples", f[i].hits);
		bench_jadd_double(o, "percent", pct(f[i].hits, total));
		json_object_array_add(arr, o);
	}
	free(f);
	return arr;
}

int cmd_lines(int argc, char **argv)
{
	struct json_object *res, *arr;
	struct jit_table t = {};
	__u64 samples = 0, in_bpf = 0, top = 25;
	char buf[512];
	size_t i;
	int err;

	if (bench_no_args(LINES_CMD, argc, argv) ||
	    bench_opt_u64(LINES_CMD, "top", given.top, 1, 200, "1 to 200", &top))
		return BENCH_EXIT_USAGE;
	if (!given.table)
		return bench_bad_opt(LINES_CMD, "table", "", "the file of lines");
	err = table_read(&t, given.table);
	if (err) {
		if (err != -EINVAL)
			bench_err("%s: %s", given.table, strerror(-err));
		table_free(&t);
		return BENCH_EXIT_FAIL;
	}
	while (fgets(buf, sizeof(buf), stdin)) {
		unsigned long long ip;
		struct jit_line *l;
		char sym[256];

		if (sscanf(buf, "%llx %255s", &ip, sym) != 2)
			continue;
		samples++;
		if (strncmp(sym, "bpf_prog_", 9) || !in_func(&t, ip))
			continue;
		l = line_of(&t, ip);
		if (!l)
			continue;
		l->hits++;
		in_bpf++;
	}
	res = json_object_new_object();
	bench_jadd_u64(res, "samples", samples);
	bench_jadd_u64(res, "in_programs", in_bpf);
	json_object_object_add(res, "files", files_json(&t, in_bpf));
	merge_lines(&t);
	qsort(t.line, t.n, sizeof(*t.line), by_hits);
	arr = json_object_new_array();
	for (i = 0; i < t.n && i < top && t.line[i].hits; i++) {
		struct json_object *o = json_object_new_object();

		bench_jadd_str(o, "where", t.line[i].where);
		bench_jadd_str(o, "source", t.line[i].source);
		bench_jadd_u64(o, "samples", t.line[i].hits);
		bench_jadd_double(o, "percent", pct(t.line[i].hits, in_bpf));
		json_object_array_add(arr, o);
	}
	json_object_object_add(res, "lines", arr);
	table_free(&t);
	return bench_print(res);
}
