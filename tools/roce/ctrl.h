/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The connection channel: before and after the RoCE traffic, client and
 * server talk over TCP (the server's port number, TCP instead of UDP), one
 * JSON object per line, as perftest exchanges QP numbers over TCP in place
 * of the RDMA connection manager. proto.h says what the lines contain.
 */
#ifndef CLOS_ROCE_CTRL_H
#define CLOS_ROCE_CTRL_H

#include <stddef.h>
#include <stdint.h>
#include <json-c/json.h>
#include "err.h"

#define ROCE_CTRL_MAX_LINE	(4 << 20)

struct roce_ctrl {
	int fd;
	char *buf;		/* bytes read, not yet a whole line */
	size_t len;
	size_t cap;
};

void roce_ctrl_init(struct roce_ctrl *c, int fd);
/* Close the socket, free the buffer. */
void roce_ctrl_close(struct roce_ctrl *c);

/* Listen on TCP port (any address). Returns the fd or -errno. */
int roce_ctrl_listen(uint16_t port, struct clos_err *err);
/* Connect to daddr:port, retrying while refused (the server may still be
 * starting) for up to timeout_ms. Returns the fd or -errno. */
int roce_ctrl_connect(uint32_t daddr, uint16_t port, int timeout_ms,
		      struct clos_err *err);

/* Send one object as a line (blocking). */
int roce_ctrl_send(struct roce_ctrl *c, json_object *msg,
		   struct clos_err *err);
/* Read what the socket has (call when poll says readable): 1 and *msg
 * (the caller puts it) when a whole line is there, 0 when not yet,
 * -ECONNRESET when the peer closed, other -errno on errors. */
int roce_ctrl_read(struct roce_ctrl *c, json_object **msg,
		   struct clos_err *err);
/* Wait up to timeout_ms for the next line. */
int roce_ctrl_wait(struct roce_ctrl *c, int timeout_ms, json_object **msg,
		   struct clos_err *err);

#endif /* CLOS_ROCE_CTRL_H */
