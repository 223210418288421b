/* SPDX-License-Identifier: GPL-2.0 */
/* --listen ADDR:PORT: parsed, and a socket bound and listening on it. */
#ifndef CLOS_EXPORTER_LISTEN_H
#define CLOS_EXPORTER_LISTEN_H

#include "err.h"

#define EXPORTER_LISTEN_DEFAULT	"127.0.0.1:9850"

/* A listening TCP socket on spec: "IPV4:PORT" or "[IPV6]:PORT", PORT
 * 1..65535. The fd, or a negative errno with err naming spec and why. */
int exporter_listen(const char *spec, struct clos_err *err);

#endif /* CLOS_EXPORTER_LISTEN_H */
