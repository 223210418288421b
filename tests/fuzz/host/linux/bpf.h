/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host build of the BPF pipeline (tests/fuzz/): the kernel's uapi
 * linux/bpf.h with the two program contexts replaced. In BPF, ctx->data is
 * a 32-bit field the verifier rewrites into a pointer; on the host the
 * pipeline's `(void *)(long)ctx->data` needs a real 64-bit pointer, so
 * struct xdp_md and struct __sk_buff are the host's own (host_ctx.h), and
 * the uapi ones are renamed out of the way.
 */
#ifndef CLOS_FUZZ_HOST_LINUX_BPF_H
#define CLOS_FUZZ_HOST_LINUX_BPF_H

#define xdp_md		clos_uapi_xdp_md
#define __sk_buff	clos_uapi___sk_buff
#include_next <linux/bpf.h>
#undef xdp_md
#undef __sk_buff

#include "host_ctx.h"

#endif /* CLOS_FUZZ_HOST_LINUX_BPF_H */
