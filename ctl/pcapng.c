// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include "pcapng.h"

/* Block types and option codes of the pcapng specification. */
#define PCAPNG_SHB		0x0a0d0d0au
#define PCAPNG_IDB		0x00000001u
#define PCAPNG_EPB		0x00000006u
#define PCAPNG_BYTE_ORDER	0x1a2b3c4du
#define OPT_END			0
#define OPT_COMMENT		1
#define SHB_USERAPPL		4
#define IF_NAME			2
#define IF_DESCRIPTION		3
#define IF_TSRESOL		9
#define EPB_FLAGS		2
#define LINKTYPE_ETHERNET	1
/* epb_flags bits 0-1: the direction. */
#define EPB_INBOUND		1
#define EPB_OUTBOUND		2

static __u32 pad4(__u32 n)
{
	return (n + 3) & ~3u;
}

/* A block is built in buf (host byte order: the section header's magic
 * says which), then written in one fwrite. */
struct blk {
	unsigned char buf[64 + 65536];
	__u32 len;
};

static void put(struct blk *b, const void *p, __u32 n)
{
	memcpy(b->buf + b->len, p, n);
	b->len += n;
}

static void put32(struct blk *b, __u32 v)
{
	put(b, &v, 4);
}

static void put16(struct blk *b, __u16 v)
{
	put(b, &v, 2);
}

static void put_pad(struct blk *b, __u32 n)
{
	static const unsigned char zero[4];

	put(b, zero, pad4(n) - n);
}

static void put_opt(struct blk *b, __u16 code, const void *val, __u32 len)
{
	put16(b, code);
	put16(b, len);
	put(b, val, len);
	put_pad(b, len);
}

static void put_opt_str(struct blk *b, __u16 code, const char *s)
{
	size_t n = strlen(s);

	if (n > 1024)
		n = 1024;
	put_opt(b, code, s, n);
}

static int finish(FILE *f, struct blk *b, __u32 type)
{
	__u32 total = b->len + 4;

	memcpy(b->buf, &type, 4);
	memcpy(b->buf + 4, &total, 4);
	put32(b, total);
	return fwrite(b->buf, 1, b->len, f) == b->len ? 0 : -1;
}

int pcapng_section(FILE *f, const char *app)
{
	static struct blk b;

	b.len = 8;
	put32(&b, PCAPNG_BYTE_ORDER);
	put16(&b, 1);			/* version 1.0 */
	put16(&b, 0);
	put32(&b, 0xffffffffu);		/* section length: not given */
	put32(&b, 0xffffffffu);
	put_opt_str(&b, SHB_USERAPPL, app);
	put32(&b, OPT_END);
	return finish(f, &b, PCAPNG_SHB);
}

int pcapng_interface(FILE *f, const char *name, const char *desc, __u32 snaplen)
{
	static struct blk b;
	const unsigned char tsresol = 9;	/* 10^-9 s */

	b.len = 8;
	put16(&b, LINKTYPE_ETHERNET);
	put16(&b, 0);
	put32(&b, snaplen);
	put_opt_str(&b, IF_NAME, name);
	if (desc)
		put_opt_str(&b, IF_DESCRIPTION, desc);
	put_opt(&b, IF_TSRESOL, &tsresol, 1);
	put32(&b, OPT_END);
	return finish(f, &b, PCAPNG_IDB);
}

int pcapng_packet(FILE *f, __u32 ifid, __u64 ts_ns, const void *data, __u32 caplen,
		  __u32 len, bool out, const char *comment)
{
	static struct blk b;
	__u32 flags = out ? EPB_OUTBOUND : EPB_INBOUND;

	if (caplen > 65535)
		caplen = 65535;
	b.len = 8;
	put32(&b, ifid);
	put32(&b, ts_ns >> 32);
	put32(&b, (__u32)ts_ns);
	put32(&b, caplen);
	put32(&b, len);
	put(&b, data, caplen);
	put_pad(&b, caplen);
	put_opt(&b, EPB_FLAGS, &flags, 4);
	if (comment)
		put_opt_str(&b, OPT_COMMENT, comment);
	put32(&b, OPT_END);
	return finish(f, &b, PCAPNG_EPB);
}
