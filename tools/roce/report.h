/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The results of a run, as text (a table per QP and totals) or, under -j,
 * one JSON document (jsonout.h). The JSON shape is documented in main.c's
 * help and kept stable for scripts and plots.
 */
#ifndef CLOS_ROCE_REPORT_H
#define CLOS_ROCE_REPORT_H

#include <stddef.h>
#include "client.h"
#include "server.h"

/* Returns 1 when a QP failed or the server's counts did not come (the
 * exit status), with a summary in why (size n); else 0. */
int roce_report_client(const struct roce_client *c, char *why, size_t n);
void roce_report_server(const struct roce_server *s);

#endif /* CLOS_ROCE_REPORT_H */
