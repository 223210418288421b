// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include "sock.h"

uint16_t roce_qp_sport(uint32_t qpn)
{
	/* include/linux/hash.h: GOLDEN_RATIO_32, top 14 bits. */
	return ROCE_SPORT_MIN + ((uint32_t)(qpn * 0x61C88647u) >> 18);
}

static int fail(int fd, struct clos_err *err, const char *what)
{
	int e = -errno;

	clos_err_set(err, e, "%s: %s", what, strerror(-e));
	if (fd >= 0)
		close(fd);
	return e;
}

int roce_sock_tx(uint32_t laddr, uint16_t *sport, int tos,
		 struct clos_err *err)
{
	int fd, one = 1, pmtu = IP_PMTUDISC_DO, tries;
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = laddr };
	uint16_t port = *sport;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return fail(-1, err, "socket");
	if (setsockopt(fd, SOL_SOCKET, SO_NO_CHECK, &one, sizeof(one)))
		return fail(fd, err, "SO_NO_CHECK");
	if (setsockopt(fd, IPPROTO_IP, IP_MTU_DISCOVER, &pmtu, sizeof(pmtu)))
		return fail(fd, err, "IP_MTU_DISCOVER");
	if (setsockopt(fd, IPPROTO_IP, IP_TOS, &tos, sizeof(tos)))
		return fail(fd, err, "IP_TOS");
	/* Another QP (of this process or another) may hold the port: take
	 * the next one, as a NIC would pick another hash. */
	for (tries = 0; tries < 0x4000; tries++) {
		a.sin_port = htons(port);
		if (!bind(fd, (struct sockaddr *)&a, sizeof(a))) {
			*sport = port;
			return fd;
		}
		if (errno != EADDRINUSE)
			break;
		port = port == 0xffff ? ROCE_SPORT_MIN : port + 1;
	}
	return fail(fd, err, "bind to a UDP source port");
}

int roce_sock_sndbuf(int fd, int bytes, struct clos_err *err)
{
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &bytes, sizeof(bytes)) &&
	    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &bytes, sizeof(bytes)))
		return clos_err_set(err, -errno, "SO_SNDBUF: %s", strerror(errno));
	return 0;
}

int roce_sock_rx(uint16_t port, struct clos_err *err)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	int fd, one = 1, rcvbuf = 8 << 20;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return fail(-1, err, "socket");
	if (setsockopt(fd, IPPROTO_IP, IP_RECVTOS, &one, sizeof(one)) ||
	    setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one)))
		return fail(fd, err, "IP_RECVTOS/IP_PKTINFO");
	/* A deep buffer: a late wakeup must not look like a lossy fabric.
	 * FORCE (root) passes net.core.rmem_max; the plain call is the
	 * fallback without CAP_NET_ADMIN. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (bind(fd, (struct sockaddr *)&a, sizeof(a))) {
		char what[64];

		snprintf(what, sizeof(what), "bind to UDP port %u", port);
		return fail(fd, err, what);
	}
	return fd;
}

int roce_sock_send(int fd, uint32_t daddr, uint16_t dport, const void *buf,
		   size_t len, int tos)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(dport),
				  .sin_addr.s_addr = daddr };
	struct iovec iov = { (void *)buf, len };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} c;
	struct msghdr m = { .msg_name = &to, .msg_namelen = sizeof(to),
			    .msg_iov = &iov, .msg_iovlen = 1 };

	if (tos >= 0) {
		struct cmsghdr *cm;

		memset(&c, 0, sizeof(c));
		m.msg_control = c.buf;
		m.msg_controllen = sizeof(c.buf);
		cm = CMSG_FIRSTHDR(&m);
		cm->cmsg_level = IPPROTO_IP;
		cm->cmsg_type = IP_TOS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &tos, sizeof(int));
	}
	return sendmsg(fd, &m, 0) < 0 ? -errno : 0;
}

int roce_sock_recv(int fd, struct roce_rx_batch *b)
{
	struct mmsghdr mm[ROCE_RX_BATCH];
	struct iovec iov[ROCE_RX_BATCH];
	int i, n;

	for (i = 0; i < ROCE_RX_BATCH; i++) {
		iov[i].iov_base = b->buf[i];
		iov[i].iov_len = sizeof(b->buf[i]);
		memset(&mm[i], 0, sizeof(mm[i]));
		mm[i].msg_hdr.msg_name = &b->from[i];
		mm[i].msg_hdr.msg_namelen = sizeof(b->from[i]);
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
		mm[i].msg_hdr.msg_control = b->cbuf[i];
		mm[i].msg_hdr.msg_controllen = sizeof(b->cbuf[i]);
	}
	b->n = 0;
	n = recvmmsg(fd, mm, ROCE_RX_BATCH, MSG_DONTWAIT, NULL);
	if (n < 0)
		return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -errno;
	for (i = 0; i < n; i++) {
		struct roce_rx_msg *m = &b->msg[b->n];
		struct cmsghdr *cm;

		/* A datagram cut by the buffer is no packet. */
		if (mm[i].msg_hdr.msg_flags & MSG_TRUNC)
			continue;
		memset(m, 0, sizeof(*m));
		m->saddr = b->from[i].sin_addr.s_addr;
		m->sport = ntohs(b->from[i].sin_port);
		m->len = mm[i].msg_len;
		m->data = b->buf[i];
		for (cm = CMSG_FIRSTHDR(&mm[i].msg_hdr); cm;
		     cm = CMSG_NXTHDR(&mm[i].msg_hdr, cm)) {
			if (cm->cmsg_level != IPPROTO_IP)
				continue;
			if (cm->cmsg_type == IP_TOS)
				m->tos = *(uint8_t *)CMSG_DATA(cm);
			else if (cm->cmsg_type == IP_PKTINFO)
				m->daddr = ((struct in_pktinfo *)
					    CMSG_DATA(cm))->ipi_addr.s_addr;
		}
		b->n++;
	}
	return b->n;
}

int roce_route_src(uint32_t daddr, uint32_t *saddr)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(9),
				 .sin_addr.s_addr = daddr };
	socklen_t len = sizeof(a);
	int fd, err = 0;

	/* connect() on UDP sends nothing: it only looks the route up. */
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) ||
	    getsockname(fd, (struct sockaddr *)&a, &len))
		err = -errno;
	else
		*saddr = a.sin_addr.s_addr;
	close(fd);
	return err;
}
