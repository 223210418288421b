// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include "listen.h"

#define USAGE	"want ADDR:PORT, ADDR an IPv4 address or [IPv6], PORT 1..65535 " \
		"(e.g. " EXPORTER_LISTEN_DEFAULT ", [::1]:9850, 0.0.0.0:9850)"

static int parse(const char *spec, struct sockaddr_storage *ss, socklen_t *len,
		 struct clos_err *err)
{
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	char addr[INET6_ADDRSTRLEN];
	const char *colon, *a = spec;
	unsigned long port;
	size_t n;
	char *end;

	colon = strrchr(spec, ':');
	if (!colon)
		return clos_err_set(err, -EINVAL, "--listen '%s': no port; %s", spec, USAGE);
	n = colon - spec;
	if (n && spec[0] == '[' && spec[n - 1] == ']') {
		a++;
		n -= 2;
	}
	if (!n || n >= sizeof(addr))
		return clos_err_set(err, -EINVAL, "--listen '%s': no address; %s", spec, USAGE);
	memcpy(addr, a, n);
	addr[n] = '\0';
	errno = 0;
	port = strtoul(colon + 1, &end, 10);
	if (colon[1] < '0' || colon[1] > '9' || *end || errno || !port || port > 65535)
		return clos_err_set(err, -EINVAL, "--listen '%s': port '%s' is not 1..65535",
				    spec, colon + 1);
	memset(ss, 0, sizeof(*ss));
	if (a == spec && inet_pton(AF_INET, addr, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		*len = sizeof(*s4);
		return 0;
	}
	if (a != spec && inet_pton(AF_INET6, addr, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		*len = sizeof(*s6);
		return 0;
	}
	if (a == spec && strchr(addr, ':'))
		return clos_err_set(err, -EINVAL, "--listen '%s': an IPv6 address goes in "
				    "brackets: [%s]:%s", spec, addr, colon + 1);
	return clos_err_set(err, -EINVAL, "--listen '%s': '%s' is not an %s address; %s",
			    spec, addr, a == spec ? "IPv4" : "IPv6", USAGE);
}

int exporter_listen(const char *spec, struct clos_err *err)
{
	struct sockaddr_storage ss;
	socklen_t len = 0;
	int fd, one = 1, ret;

	ret = parse(spec, &ss, &len, err);
	if (ret)
		return ret;
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return clos_err_set(err, -errno, "--listen %s: cannot make a socket: %s",
				    spec, strerror(errno));
	/* A restart binds again at once, past the old socket's TIME_WAIT. */
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(fd, (struct sockaddr *)&ss, len) || listen(fd, 64)) {
		ret = clos_err_set(err, -errno, "--listen %s: cannot listen: %s", spec,
				   strerror(errno));
		close(fd);
		return ret;
	}
	return fd;
}
