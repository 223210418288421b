// SPDX-License-Identifier: GPL-2.0
/*
 * closctl capture: the frames a switch's data path receives and sends, as
 * pcapng (ctl/pcapng.c), redirected frames included, which tcpdump on a
 * port cannot see. The data path picks ports and directions
 * (bpf/lib/observe.h); tcpdump's filter runs here (ctl/pcap_filter.c).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "ctl.h"
#include "jsonout.h"
#include "obs.h"
#include "parse_util.h"
#include "pcap_filter.h"
#include "pcapng.h"

static const char *capture_file;

const char capture_doc[] =
	"where  PORT := a port's name, or all\n"
	"       FILTER := tcpdump's filter language (pcap-filter(7))\n"
	"\n"
	"Writes pcapng to FILE (- : standard output), one interface per port:\n"
	"the frames received on the ports (in: as received, with the verdict\n"
	"the switch gave them as the packet's comment: forwarded, a punt_* or\n"
	"drop_* counter) and the frames sent (out: as sent, after rewrite,\n"
	"VLAN and ECN), both by default. Stops on Ctrl-C or after N frames\n"
	"kept, then says how many were kept, filtered out, and lost (the ring\n"
	"buffer was full). One capture or trace per switch at a time.\n"
	"Example:\n"
	"       closctl -s f-leaf1 capture eth1 in icmp count 10 -w leaf1.pcapng\n"
	"       closctl -s f-leaf1 capture all -w - | tshark -r -\n";

const struct cli_opt capture_opts[] = {
	{ .name = "write", .short_name = 'w', .kind = CLI_STRING, .dest = &capture_file,
	  .arg = "FILE", .help = "write pcapng to FILE (- : standard output)",
	  .flags = CLI_ONCE },
	{}
};

struct capture {
	FILE *f;
	bool to_stdout;
	struct obs obs;
	struct pcap_filter *filter;
	__u32 ifid[CLOS_MAX_PORTS];	/* port -> its interface block */
	char names[CLOS_MAX_PORTS][CLOS_IFNAMSIZ + 1];
	__u64 in_ports, out_ports;
	__u64 count, kept, filtered;
};

static int on_frame(const struct clos_obs_rec *r, size_t size, void *arg)
{
	struct capture *c = arg;
	__u32 port = r->port & (CLOS_MAX_PORTS - 1);
	__u32 caplen = r->caplen;
	bool out = r->dir == CLOS_OBS_OUT;
	char comment[96];
	const char *verdict;

	if (!((out ? c->out_ports : c->in_ports) & (1ull << port)))
		return 0;
	if (caplen > size - CLOS_OBS_REC_HDR)
		caplen = size - CLOS_OBS_REC_HDR;
	if (c->filter && !pcap_filter_match(c->filter, r->data, caplen, r->len)) {
		c->filtered++;
		return 0;
	}
	verdict = r->verdict < CLOS_STAT_MAX ? clos_stat_names[r->verdict] : "?";
	if (!out && r->verdict == CLOS_STAT_FWD && r->out_port < CLOS_MAX_PORTS)
		snprintf(comment, sizeof(comment), "%s to %s", verdict,
			 c->names[r->out_port][0] ? c->names[r->out_port] : "?");
	else
		snprintf(comment, sizeof(comment), "%s", verdict);
	if (pcapng_packet(c->f, c->ifid[port], obs_wall_ns(&c->obs, r->ts_ns), r->data,
			  caplen, r->len, out, comment) ||
	    (c->to_stdout && fflush(c->f))) {
		ctl_error("capture: cannot write %s: %s",
			  c->to_stdout ? "to standard output" : capture_file, strerror(errno));
		return -EIO;
	}
	c->kept++;
	return c->count && c->kept >= c->count ? 1 : 0;
}

/* Which ports (PORT or all) and directions; the names of every port. */
static int pick_ports(struct capture *c, const char *port, const char *dir)
{
	struct clos_port p;
	__u64 ports = 0;
	__u32 id;

	for (id = 0; id < CLOS_MAX_PORTS; id++)
		if (!clos_port_get(&ctl.sw, id, &p))
			memcpy(c->names[id], p.name, CLOS_IFNAMSIZ);
	if (!strcmp(port, "all")) {
		for (id = 0; id < CLOS_MAX_PORTS; id++)
			if (c->names[id][0])
				ports |= 1ull << id;
	} else if (!clos_port_by_name(&ctl.sw, port, &id, NULL)) {
		ports = 1ull << id;
	} else {
		return ctl_error("capture: switch %s has no port '%s'", ctl.sw.name, port);
	}
	c->in_ports = strcmp(dir, "out") ? ports : 0;
	c->out_ports = strcmp(dir, "in") ? ports : 0;
	return 0;
}

static int write_header(struct capture *c)
{
	char desc[96];
	__u32 id, n = 0;

	if (pcapng_section(c->f, "closctl capture"))
		return -1;
	for (id = 0; id < CLOS_MAX_PORTS; id++) {
		if (!((c->in_ports | c->out_ports) & (1ull << id)))
			continue;
		snprintf(desc, sizeof(desc), "switch %s port %u", ctl.sw.name, id);
		if (pcapng_interface(c->f, c->names[id], desc, CLOS_OBS_SNAP))
			return -1;
		c->ifid[id] = n++;
	}
	return fflush(c->f) ? -1 : 0;
}

/* FILTER...: the words left, joined as tcpdump joins them. */
static char *join_words(int argc, char **argv)
{
	size_t len = 1;
	char *s;
	int i;

	for (i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	s = calloc(1, len);
	if (!s)
		return NULL;
	for (i = 0; i < argc; i++) {
		if (i)
			strcat(s, " ");
		strcat(s, argv[i]);
	}
	return s;
}

static void summary(const struct capture *c, __u64 lost)
{
	if (c->to_stdout || !jout_is_json()) {
		fprintf(c->to_stdout ? stderr : stdout,
			"capture: %llu frames kept, %llu filtered out, %llu lost\n",
			(unsigned long long)c->kept, (unsigned long long)c->filtered,
			(unsigned long long)lost);
		return;
	}
	jout_open_object(NULL);
	jout_uint(JOUT_JSON, "kept", NULL, c->kept);
	jout_uint(JOUT_JSON, "filtered", NULL, c->filtered);
	jout_uint(JOUT_JSON, "lost", NULL, lost);
	jout_close_object();
}

int do_capture(int argc, char **argv)
{
	struct clos_obs_cfg cfg = { .flags = CLOS_OBS_CAPTURE, .snaplen = CLOS_OBS_SNAP };
	const char *port, *dir = "both";
	struct capture *c;
	struct clos_err why;
	char err[256], *expr = NULL;
	__u64 lost = 0;
	__u32 n;
	int ret = -1;

	if (argc < 1)
		return ctl_error("capture: missing PORT (a port's name, or all); try 'closctl help capture'");
	port = argv[0];
	argc--, argv++;
	if (argc && (!strcmp(argv[0], "in") || !strcmp(argv[0], "out") ||
		     !strcmp(argv[0], "both"))) {
		dir = argv[0];
		argc--, argv++;
	}
	c = calloc(1, sizeof(*c));
	if (!c)
		return ctl_error("capture: out of memory");
	if (argc >= 2 && !strcmp(argv[argc - 2], "count")) {
		if (clos_parse_u32(argv[argc - 1], UINT32_MAX, &n, &why)) {
			ctl_error("capture: count '%s': %s", argv[argc - 1], why.msg);
			goto out;
		}
		if (!n) {
			ctl_error("capture: count 0: must be 1 or more");
			goto out;
		}
		c->count = n;
		argc -= 2;
	} else if (argc && !strcmp(argv[argc - 1], "count")) {
		ctl_error("capture: 'count' needs a number of frames");
		goto out;
	}
	if (!capture_file) {
		ctl_error("capture: where to? -w FILE, or -w - for standard output");
		goto out;
	}
	if (argc) {
		expr = join_words(argc, argv);
		if (!expr) {
			ctl_error("capture: out of memory");
			goto out;
		}
		c->filter = pcap_filter_new(expr, CLOS_OBS_SNAP, err, sizeof(err));
		if (!c->filter) {
			ctl_error("capture: filter '%s': %s", expr, err);
			goto out;
		}
	}
	if (ctl_switch() || pick_ports(c, port, dir))
		goto out;
	c->to_stdout = !strcmp(capture_file, "-");
	c->f = c->to_stdout ? stdout : fopen(capture_file, "w");
	if (!c->f) {
		ctl_error("capture: cannot create %s: %s", capture_file, strerror(errno));
		goto out;
	}
	if (write_header(c)) {
		ctl_error("capture: cannot write %s: %s",
			  c->to_stdout ? "to standard output" : capture_file, strerror(errno));
		goto out;
	}
	cfg.in_ports = c->in_ports;
	cfg.out_ports = c->out_ports;
	if (obs_start(&c->obs, &ctl.sw, &cfg, on_frame, c))
		goto out;
	fprintf(stderr, "capture: switch %s, %s %s, into %s; Ctrl-C stops\n", ctl.sw.name,
		port, dir, c->to_stdout ? "standard output" : capture_file);
	ret = obs_run(&c->obs);
	obs_stop(&c->obs, &lost);
	if (fflush(c->f) && !ret)
		ret = ctl_error("capture: cannot write %s: %s",
				c->to_stdout ? "to standard output" : capture_file,
				strerror(errno));
	summary(c, lost);
out:
	if (c->f && !c->to_stdout)
		fclose(c->f);
	pcap_filter_free(c->filter);
	free(expr);
	free(c);
	return ret;
}
