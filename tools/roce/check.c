// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <pcap/pcap.h>
#include "check.h"
#include "frame.h"
#include "jsonout.h"
#include "wire.h"

static void print_fields(const struct roce_frame *f, const struct roce_pkt *p)
{
	char src[INET_ADDRSTRLEN], dst[INET_ADDRSTRLEN], op[32];
	unsigned int fl = roce_op_flags(p->bth.opcode);

	inet_ntop(AF_INET, &f->saddr, src, sizeof(src));
	inet_ntop(AF_INET, &f->daddr, dst, sizeof(dst));
	jout_string(JOUT_ANY, "src", " %s", src);
	jout_uint(JOUT_ANY, "sport", ":%llu", f->sport);
	jout_string(JOUT_ANY, "dst", " > %s", dst);
	jout_uint(JOUT_JSON, "dport", NULL, f->dport);
	jout_uint(JOUT_ANY, "tos", " tos %#llx", f->tos);
	jout_uint(JOUT_JSON, "ip_id", NULL, f->ip_id);
	jout_bool(JOUT_JSON, "df", NULL, f->ip[6] & 0x40);
	jout_uint(JOUT_JSON, "opcode", NULL, p->bth.opcode);
	jout_string(JOUT_ANY, "name", " %s", roce_op_name(p->bth.opcode, op, sizeof(op)));
	jout_uint(JOUT_ANY, "dqpn", " QP %#llx", p->bth.dqpn);
	jout_uint(JOUT_ANY, "psn", " PSN %llu", p->bth.psn);
	jout_bool(JOUT_JSON, "ackreq", NULL, p->bth.ackreq);
	if (p->bth.ackreq)
		jout_text(" A");
	jout_bool(JOUT_JSON, "becn", NULL, p->bth.becn);
	if (p->bth.becn)
		jout_text(" BECN");
	jout_uint(JOUT_JSON, "pad", NULL, p->bth.pad);
	if (fl & ROCE_F_RETH) {
		jout_uint(JOUT_ANY, "va", " VA %#llx", p->reth.va);
		jout_uint(JOUT_ANY, "rkey", " rkey %#llx", p->reth.rkey);
		jout_uint(JOUT_ANY, "dma_len", " len %llu", p->reth.dma_len);
	}
	if (fl & ROCE_F_IMM)
		jout_uint(JOUT_ANY, "imm", " imm %#llx", p->imm);
	if (fl & ROCE_F_AETH) {
		jout_uint(JOUT_ANY, "syndrome", " syndrome %#llx", p->aeth.syndrome);
		jout_uint(JOUT_ANY, "msn", " MSN %llu", p->aeth.msn);
	}
	jout_uint(JOUT_ANY, "payload", " payload %llu", p->payload_len);
}

/* One RoCE frame: decode, check the ICRC, print. */
static void check_frame(uint64_t n, const struct roce_frame *f,
			bool verbose, struct roce_check_sum *sum)
{
	struct roce_pkt pkt;
	uint32_t icrc = 0;
	int err;

	sum->roce++;
	err = roce_decode(f->roce, f->roce_len, &pkt);
	if (!err)
		err = roce_frame_check_icrc(f, &icrc);
	if (err && err != -ROCE_ERR_ICRC)
		sum->refused++;
	else if (err)
		sum->icrc_bad++;
	else
		sum->icrc_ok++;
	if (!verbose && !jout_is_json() && (!err || err == -ROCE_ERR_ICRC))
		return;
	jout_open_object(NULL);
	jout_uint(JOUT_ANY, "frame", "  frame %llu:", n);
	if (!err || err == -ROCE_ERR_ICRC) {
		print_fields(f, &pkt);
		jout_bool(JOUT_JSON, "icrc_ok", NULL, !err);
		jout_uint(JOUT_JSON, "icrc", NULL, pkt.icrc);
		jout_text(" ICRC %#010x %s", pkt.icrc, err ? "BAD" : "ok");
		if (err)
			jout_uint(JOUT_ANY, "icrc_computed", " (computed %#010llx)", icrc);
	} else {
		jout_string(JOUT_ANY, "refused", " refused: %s", roce_strerror(err));
	}
	jout_text("\n");
	jout_close_object();
}

/* The RoCE packet in a frame of link type dlt: Ethernet; Linux cooked
 * (tcpdump -i any; v1: protocol at 14 of 16 bytes, v2: at 0 of 20); raw
 * IPv4. */
static int parse(int dlt, const uint8_t *d, size_t len, struct roce_frame *f)
{
	size_t hlen = dlt == DLT_LINUX_SLL ? 16 : 20;
	size_t proto = dlt == DLT_LINUX_SLL ? 14 : 0;

	if (dlt == DLT_EN10MB)
		return roce_frame_parse(d, len, f);
	if (dlt == DLT_RAW || dlt == DLT_IPV4)
		return roce_frame_parse_ipv4(d, len, f);
	memset(f, 0, sizeof(*f));
	if (len < hlen)
		return -ROCE_ERR_TRUNCATED;
	if ((d[proto] << 8 | d[proto + 1]) != 0x0800)
		return -ROCE_ERR_NOT_ROCE;
	return roce_frame_parse_ipv4(d + hlen, len - hlen, f);
}

int roce_check_file(const char *path, bool verbose,
		    struct roce_check_sum *sum, struct clos_err *err)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	struct roce_check_sum s = {};
	struct pcap_pkthdr *h;
	const u_char *data;
	pcap_t *p;
	int rc, dlt;

	p = pcap_open_offline(path, errbuf);
	if (!p)
		return clos_err_set(err, -ENOENT, "%s", errbuf);
	dlt = pcap_datalink(p);
	if (dlt != DLT_EN10MB && dlt != DLT_LINUX_SLL && dlt != DLT_LINUX_SLL2 &&
	    dlt != DLT_RAW && dlt != DLT_IPV4) {
		clos_err_set(err, -EINVAL, "%s: link type %s (Ethernet, Linux cooked or raw IP only)",
			     path, pcap_datalink_val_to_name(dlt));
		pcap_close(p);
		return -EINVAL;
	}
	jout_open_object(NULL);
	jout_string(JOUT_ANY, "file", "%s\n", path);
	jout_open_array("packets");
	while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
		struct roce_frame f;
		int ret;

		s.frames++;
		ret = parse(dlt, data, h->caplen, &f);
		if (ret == -ROCE_ERR_NOT_ROCE ||
		    (ret && f.dport != ROCE_UDP_PORT))
			continue;
		if (ret) {
			/* Cut by the snaplen, or broken below RoCE. */
			s.roce++;
			s.refused++;
			jout_open_object(NULL);
			jout_uint(JOUT_ANY, "frame", "  frame %llu:", s.frames);
			jout_string(JOUT_ANY, "refused", " refused: %s\n", roce_strerror(ret));
			jout_close_object();
			continue;
		}
		check_frame(s.frames, &f, verbose, &s);
	}
	jout_close_array();
	jout_uint(JOUT_ANY, "frames", "  %llu frames", s.frames);
	jout_uint(JOUT_ANY, "roce", ", %llu RoCEv2", s.roce);
	jout_uint(JOUT_ANY, "icrc_ok", ": ICRC ok %llu", s.icrc_ok);
	jout_uint(JOUT_ANY, "icrc_bad", ", ICRC bad %llu", s.icrc_bad);
	jout_uint(JOUT_ANY, "refused", ", refused %llu\n", s.refused);
	jout_close_object();
	if (rc != PCAP_ERROR_BREAK)
		clos_err_set(err, -EIO, "%s: after %llu frames: %s", path,
			     (unsigned long long)s.frames, pcap_geterr(p));
	pcap_close(p);
	sum->frames += s.frames;
	sum->roce += s.roce;
	sum->icrc_ok += s.icrc_ok;
	sum->icrc_bad += s.icrc_bad;
	sum->refused += s.refused;
	return rc == PCAP_ERROR_BREAK ? 0 : -EIO;
}
