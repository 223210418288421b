// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <bpf/libbpf.h>
#include <xdp/libxdp.h>
#include "log.h"

static enum clos_log_level log_level = CLOS_LOG_WARN;

static void vlog(enum clos_log_level level, const char *fmt, va_list ap)
{
	if (level > log_level)
		return;
	vfprintf(stderr, fmt, ap);
}

void clos_log(enum clos_log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(level, fmt, ap);
	va_end(ap);
}

/* libbpf's warnings are our debug output unless asked for: a failed load is
 * reported by us with its reason, its verifier log only under -v. */
static int libbpf_print(enum libbpf_print_level level, const char *fmt,
			va_list ap)
{
	enum clos_log_level l = level == LIBBPF_WARN ? CLOS_LOG_INFO
						      : CLOS_LOG_DEBUG;

	vlog(l, fmt, ap);
	return 0;
}

static int libxdp_print(enum libxdp_print_level level, const char *fmt,
			va_list ap)
{
	enum clos_log_level l = level == LIBXDP_WARN ? CLOS_LOG_INFO
						      : CLOS_LOG_DEBUG;

	vlog(l, fmt, ap);
	return 0;
}

void clos_log_init(enum clos_log_level level)
{
	log_level = level;
	libbpf_set_print(libbpf_print);
	libxdp_set_print(libxdp_print);
}
