/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RoCEv2 over ordinary UDP sockets (IPv4).
 *
 * Sending: one socket per QP, bound to the local address and the QP's own
 * source port (the ECMP entropy RoCE NICs put there), never connected,
 * IP_PMTUDISC_DO, no UDP checksum (RoCE NICs send 0; the ICRC protects
 * the data). Unconnected with DF, Linux writes IPv4 ID 0
 * (ip_select_ident_segs(): only connected sockets count IDs), so the
 * receiver knows the whole IP header the ICRC covered: addresses from
 * recvmsg() and IP_PKTINFO, ID 0, DF.
 *
 * Receiving: one socket per endpoint on the RoCE port (4791); packets are
 * told apart by the destination QP in their BTH, as in a NIC. IP_RECVTOS
 * gives each packet's TOS byte, and so its ECN bits (CE = 3).
 */
#ifndef CLOS_ROCE_SOCK_H
#define CLOS_ROCE_SOCK_H

#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>
#include "err.h"

#define ROCE_TOS_DATA	0x6a	/* DSCP 26, ECT(0) */
#define ROCE_ECN_MASK	0x03
#define ROCE_ECN_CE	0x03
#define ROCE_SPORT_MIN	0xc000	/* rxe: 0xC000 + 14-bit hash of the QPN */
#define ROCE_RX_BATCH	64
#define ROCE_MAX_PKT	9216

/* The source port of a QP, as Soft-RoCE picks it (rxe_qp.c:
 * hash_32(qpn, 14)), before any clash is resolved. */
uint16_t roce_qp_sport(uint32_t qpn);

/* A sending socket bound to laddr (network order) and *sport, or the
 * next free port above it in 0xC000..0xFFFF (wrapping); *sport gets the
 * port used. tos is the IP TOS byte of every packet. Returns the fd or a
 * negative errno (err says which step failed). */
int roce_sock_tx(uint32_t laddr, uint16_t *sport, int tos,
		 struct clos_err *err);

/* Set fd's send buffer to bytes (SO_SNDBUFFORCE as root, past
 * net.core.wmem_max; else SO_SNDBUF). */
int roce_sock_sndbuf(int fd, int bytes, struct clos_err *err);

/* The receiving socket on port (any address). */
int roce_sock_rx(uint16_t port, struct clos_err *err);

/* Send len bytes to daddr:dport; tos >= 0 overrides the socket's TOS for
 * this packet (CNPs). 0, or a negative errno (-EAGAIN: try later). */
int roce_sock_send(int fd, uint32_t daddr, uint16_t dport, const void *buf,
		   size_t len, int tos);

/* One received datagram. */
struct roce_rx_msg {
	uint32_t saddr;		/* network order */
	uint32_t daddr;		/* the IP header's destination */
	uint16_t sport;		/* host order */
	uint8_t tos;
	uint32_t len;
	uint8_t *data;
};

struct roce_rx_batch {
	unsigned int n;
	struct roce_rx_msg msg[ROCE_RX_BATCH];
	/* recvmmsg's buffers */
	uint8_t buf[ROCE_RX_BATCH][ROCE_MAX_PKT];
	uint8_t cbuf[ROCE_RX_BATCH][64];
	struct sockaddr_in from[ROCE_RX_BATCH];
};

/* Whatever is queued, up to ROCE_RX_BATCH datagrams, without waiting.
 * Returns how many (0: none), or a negative errno. */
int roce_sock_recv(int fd, struct roce_rx_batch *b);

/* The source address the kernel picks towards daddr. */
int roce_route_src(uint32_t daddr, uint32_t *saddr);

#endif /* CLOS_ROCE_SOCK_H */
