// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include "jitlines.h"

/* The source text on one line: tabs to spaces, leading blanks off. */
static void put_source(FILE *out, const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	for (; *s && *s != '\n'; s++)
		fputc(*s == '\t' ? ' ' : *s, out);
}

int bench_jit_lines_write(int prog_fd, FILE *out)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info), nl, nf, rec, i;
	__u64 *addr = NULL, *start = NULL;
	__u32 *size = NULL;
	struct btf *btf = NULL;
	char *lines = NULL;
	int err = 0;

	/* Once for the counts, once for the arrays. */
	if (bpf_obj_get_info_by_fd(prog_fd, &info, &len))
		return -errno;
	nl = info.nr_line_info;
	rec = info.line_info_rec_size;
	nf = info.nr_jited_ksyms;
	/* The JIT's addresses come one per line_info record. */
	if (!nl || info.nr_jited_line_info != nl || rec < sizeof(struct bpf_line_info) ||
	    !nf || info.nr_jited_func_lens != nf || !info.btf_id)
		return -ENOENT;
	lines = calloc(nl, rec);
	addr = calloc(nl, sizeof(*addr));
	start = calloc(nf, sizeof(*start));
	size = calloc(nf, sizeof(*size));
	if (!lines || !addr || !start || !size) {
		err = -ENOMEM;
		goto out;
	}
	memset(&info, 0, sizeof(info));
	info.nr_line_info = nl;
	info.line_info_rec_size = rec;
	info.line_info = (__u64)(unsigned long)lines;
	info.nr_jited_line_info = nl;
	info.jited_line_info_rec_size = sizeof(*addr);
	info.jited_line_info = (__u64)(unsigned long)addr;
	info.nr_jited_ksyms = nf;
	info.jited_ksyms = (__u64)(unsigned long)start;
	info.nr_jited_func_lens = nf;
	info.jited_func_lens = (__u64)(unsigned long)size;
	len = sizeof(info);
	if (bpf_obj_get_info_by_fd(prog_fd, &info, &len)) {
		err = -errno;
		goto out;
	}
	btf = btf__load_from_kernel_by_id(info.btf_id);
	if (!btf) {
		err = -errno;
		goto out;
	}
	/* Each function's extent: a sample counts for a line only inside
	 * one of them. */
	for (i = 0; i < nf; i++)
		fprintf(out, "F\t%llx\t%u\n", (unsigned long long)start[i], size[i]);
	for (i = 0; i < nl; i++) {
		const struct bpf_line_info *l = (const void *)(lines + (size_t)i * rec);
		const char *file = btf__name_by_offset(btf, l->file_name_off);
		const char *src = btf__name_by_offset(btf, l->line_off);
		const char *base = file ? strrchr(file, '/') : NULL;

		fprintf(out, "%llx\t%s:%u\t", (unsigned long long)addr[i],
			base ? base + 1 : file ? file : "?",
			BPF_LINE_INFO_LINE_NUM(l->line_col));
		put_source(out, src ? src : "");
		fputc('\n', out);
	}
out:
	btf__free(btf);
	free(size);
	free(start);
	free(addr);
	free(lines);
	return err;
}
