/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An error message that travels back from the library to whoever talks to
 * the user. Library calls return a negative errno and say what and why in
 * a struct clos_err; the CLI decides whether that becomes "Error: ..." on
 * stderr or {"error": ...} on stdout.
 */
#ifndef CLOS_ERR_H
#define CLOS_ERR_H

#define CLOS_ERR_LEN	512

struct clos_err {
	char msg[CLOS_ERR_LEN];
};

/* Format the message into err (when err is not NULL) and return code, so
 * that a failure reads: return clos_err_set(err, -EINVAL, "..."). */
int clos_err_set(struct clos_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* CLOS_ERR_H */
