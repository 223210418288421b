/* SPDX-License-Identifier: GPL-2.0 */
/* Logging for every clos program: one verbosity, one libbpf/libxdp print
 * callback that puts their messages one level below ours. */
#ifndef CLOS_LOG_H
#define CLOS_LOG_H

enum clos_log_level {
	CLOS_LOG_ERROR = 0,
	CLOS_LOG_WARN,
	CLOS_LOG_INFO,
	CLOS_LOG_DEBUG,
};

void clos_log_init(enum clos_log_level level);
void clos_log(enum clos_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define pr_err(...)	clos_log(CLOS_LOG_ERROR, __VA_ARGS__)
#define pr_warn(...)	clos_log(CLOS_LOG_WARN, __VA_ARGS__)
#define pr_info(...)	clos_log(CLOS_LOG_INFO, __VA_ARGS__)
#define pr_debug(...)	clos_log(CLOS_LOG_DEBUG, __VA_ARGS__)

#endif /* CLOS_LOG_H */
