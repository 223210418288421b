// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include "ctrl.h"

void roce_ctrl_init(struct roce_ctrl *c, int fd)
{
	memset(c, 0, sizeof(*c));
	c->fd = fd;
}

void roce_ctrl_close(struct roce_ctrl *c)
{
	if (c->fd >= 0)
		close(c->fd);
	free(c->buf);
	memset(c, 0, sizeof(*c));
	c->fd = -1;
}

int roce_ctrl_listen(uint16_t port, struct clos_err *err)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	int fd, one = 1, e;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return clos_err_set(err, -errno, "socket: %s", strerror(errno));
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) || listen(fd, 64)) {
		e = -errno;
		close(fd);
		return clos_err_set(err, e, "TCP port %u: %s", port, strerror(-e));
	}
	return fd;
}

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ull + ts.tv_nsec / 1000000;
}

int roce_ctrl_connect(uint32_t daddr, uint16_t port, int timeout_ms,
		      struct clos_err *err)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port),
				 .sin_addr.s_addr = daddr };
	uint64_t end = mono_ms() + timeout_ms;
	char addr[INET_ADDRSTRLEN];
	int fd, e, one = 1;

	for (;;) {
		fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0)
			return clos_err_set(err, -errno, "socket: %s",
					    strerror(errno));
		if (!connect(fd, (struct sockaddr *)&a, sizeof(a))) {
			setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
			return fd;
		}
		e = -errno;
		close(fd);
		if (e != -ECONNREFUSED || mono_ms() >= end)
			break;
		usleep(50000);
	}
	inet_ntop(AF_INET, &daddr, addr, sizeof(addr));
	return clos_err_set(err, e, "cannot connect to the server at %s TCP port %u: %s",
			    addr, port, strerror(-e));
}

int roce_ctrl_send(struct roce_ctrl *c, json_object *msg,
		   struct clos_err *err)
{
	const char *s = json_object_to_json_string_ext(msg, JSON_C_TO_STRING_PLAIN);
	size_t len = strlen(s), off = 0;
	char *line = malloc(len + 1);

	if (!line)
		return clos_err_set(err, -ENOMEM, "out of memory");
	memcpy(line, s, len);
	line[len++] = '\n';
	while (off < len) {
		ssize_t n = send(c->fd, line + off, len - off, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = -errno;

			free(line);
			return clos_err_set(err, e, "connection: %s", strerror(-e));
		}
		off += n;
	}
	free(line);
	return 0;
}

/* A whole line in the buffer: parse it and drop it from the buffer. */
static int take_line(struct roce_ctrl *c, json_object **msg,
		     struct clos_err *err)
{
	char *nl = memchr(c->buf, '\n', c->len);
	size_t used;

	if (!nl)
		return 0;
	*nl = 0;
	used = nl - c->buf + 1;
	*msg = json_tokener_parse(c->buf);
	memmove(c->buf, c->buf + used, c->len - used);
	c->len -= used;
	if (!*msg || !json_object_is_type(*msg, json_type_object)) {
		json_object_put(*msg);
		*msg = NULL;
		return clos_err_set(err, -EBADMSG, "connection: a line that is not a JSON object");
	}
	return 1;
}

int roce_ctrl_read(struct roce_ctrl *c, json_object **msg,
		   struct clos_err *err)
{
	ssize_t n;
	int ret;

	*msg = NULL;
	ret = take_line(c, msg, err);
	if (ret)
		return ret;
	if (c->cap - c->len < 65536) {
		size_t cap = c->cap ? c->cap * 2 : 131072;
		char *b;

		if (cap > ROCE_CTRL_MAX_LINE)
			return clos_err_set(err, -EMSGSIZE, "connection: line longer than %d bytes",
					    ROCE_CTRL_MAX_LINE);
		b = realloc(c->buf, cap);
		if (!b)
			return clos_err_set(err, -ENOMEM, "out of memory");
		c->buf = b;
		c->cap = cap;
	}
	n = recv(c->fd, c->buf + c->len, c->cap - c->len - 1, MSG_DONTWAIT);
	if (n == 0)
		return clos_err_set(err, -ECONNRESET, "connection closed by the peer");
	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 :
		       clos_err_set(err, -errno, "connection: %s", strerror(errno));
	c->len += n;
	return take_line(c, msg, err);
}

int roce_ctrl_wait(struct roce_ctrl *c, int timeout_ms, json_object **msg,
		   struct clos_err *err)
{
	uint64_t end = mono_ms() + timeout_ms;
	int ret;

	for (;;) {
		struct pollfd p = { .fd = c->fd, .events = POLLIN };
		uint64_t now = mono_ms();

		ret = roce_ctrl_read(c, msg, err);
		if (ret)
			return ret < 0 ? ret : 0;
		if (now >= end)
			return clos_err_set(err, -ETIMEDOUT, "no answer from the peer in %d ms",
					    timeout_ms);
		poll(&p, 1, end - now);
	}
}
