/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Source lines of JITed BPF programs, for a profile by line: the kernel
 * keeps, per program, the address its JIT gave each line_info record
 * (jited_line_info); a perf sample's address then falls in one source
 * line. clos-bench pipeline --lines writes the table while its programs
 * are loaded; clos-bench lines maps perf's samples through it.
 */
#ifndef CLOS_BENCH_JITLINES_H
#define CLOS_BENCH_JITLINES_H

#include <stdio.h>

/* Append prog_fd's table to out: "F<TAB>START<TAB>LEN" for each function
 * of its JIT image, then "ADDR<TAB>FILE:LINE<TAB>SOURCE" for each source
 * line (addresses in hex). 0 or a negative errno. */
int bench_jit_lines_write(int prog_fd, FILE *out);

#endif /* CLOS_BENCH_JITLINES_H */
