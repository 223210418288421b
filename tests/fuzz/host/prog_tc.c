// SPDX-License-Identifier: GPL-2.0
/* tests/bpf/tc_test.bpf.c, compiled as host C: queue mode's shipped
 * ingress and egress (bpf/lib/entry_queue.h), as the unit tests load
 * them. */
#include <stdbool.h>
#include <string.h>
#include "../../bpf/tc_test.bpf.c"
#include "host_prog.h"

__attribute__((visibility("default")))
int host_tc_test(struct host_prog *prog, bool egress, struct host_frame *f,
		 __s32 tci, __u32 proto, struct host_skb_io *io,
		 struct clos_tc_view *out)
{
	struct __sk_buff skb = {
		.len = f->len,
		.mark = io->mark,
		.priority = io->priority,
		.ingress_ifindex = io->ingress_ifindex,
		.ifindex = io->ifindex,
		.data = (long)(f->buf + f->off),
		.data_end = (long)(f->buf + f->off + f->len),
		.head = (long)f->buf,
		.end = (long)(f->buf + f->cap),
	};
	int ret;

	host_skb_set_protocol(&skb);
	host_prog_current = prog;
	host_global_fill(CLOS_SWITCH_CFG_SECTION, clos_cfg_words, sizeof(clos_cfg_words));
	hw_tci_in = tci;
	hw_proto_in = proto;
	memset(&view, 0, sizeof(view));
	ret = egress ? clos_tc_egress_test(&skb) : clos_tc_ingress_test(&skb);
	*out = view;
	io->mark = skb.mark;
	io->priority = skb.priority;
	f->off = (__u8 *)skb.data - f->buf;
	f->len = skb.data_end - skb.data;
	host_prog_current = NULL;
	return ret;
}
