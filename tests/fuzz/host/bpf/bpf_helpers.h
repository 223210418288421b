/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host build of the BPF pipeline: libbpf's bpf_helpers.h for a program
 * compiled as plain C. The map definitions keep libbpf's macros, so a
 * map's type, key and value size and max_entries stay readable with
 * sizeof (__uint(x, N) is int (*x)[N], __type(k, T) is T *k): HOST_MAP()
 * gives each map its host copy (host_map.h) on first use, by its address
 * and name, and the helpers are host functions (host_helpers.c).
 */
#ifndef __BPF_HELPERS__
#define __BPF_HELPERS__

#include <stddef.h>
#include "host_map.h"

#define __uint(name, val)	int (*name)[val]
#define __type(name, val)	typeof(val) *name
#define __array(name, val)	typeof(val) *name[]

/* Sections mean nothing here; each program's globals are made local to
 * its object (-fvisibility=hidden, objcopy --localize-hidden), so two
 * programs' maps of the same name stay apart, as in the kernel. */
#define SEC(name)
#undef __always_inline
#define __always_inline		inline __attribute__((always_inline))
#define __noinline		__attribute__((noinline))
#define __weak			__attribute__((weak))
#define __hidden		__attribute__((visibility("hidden")))
#define barrier()		asm volatile("" ::: "memory")
#define barrier_var(var)	asm volatile("" : "=r"(var) : "0"(var))

#define HOST_MAP(m)							\
	host_map_of((const void *)(m), #m,				\
		    sizeof(*(m)->type) / sizeof(int),			\
		    sizeof(*(m)->key), sizeof(*(m)->value),		\
		    sizeof(*(m)->max_entries) / sizeof(int))

#define bpf_map_lookup_elem(m, k)	host_map_lookup(HOST_MAP(m), (k))
#define bpf_map_update_elem(m, k, v, f)	host_map_update(HOST_MAP(m), (k), (v), (f))
#define bpf_map_delete_elem(m, k)	host_map_delete(HOST_MAP(m), (k))
#define bpf_redirect_map(m, k, f)	host_redirect_map(HOST_MAP(m), (k), (f))

struct xdp_md;
struct __sk_buff;

long bpf_xdp_adjust_head(struct xdp_md *ctx, int delta);
long bpf_redirect(__u32 ifindex, __u64 flags);
long bpf_skb_pull_data(struct __sk_buff *skb, __u32 len);
long bpf_skb_vlan_push(struct __sk_buff *skb, __be16 proto, __u16 tci);
long bpf_skb_vlan_pop(struct __sk_buff *skb);
__u64 bpf_ktime_get_ns(void);
__u32 bpf_get_prandom_u32(void);
__u32 bpf_get_smp_processor_id(void);
long bpf_spin_lock(void *lock);
long bpf_spin_unlock(void *lock);
long bpf_xdp_load_bytes(struct xdp_md *ctx, __u32 off, void *to, __u32 len);
long bpf_skb_load_bytes(const void *skb, __u32 off, void *to, __u32 len);
long bpf_ringbuf_output(void *ringbuf, void *data, __u64 size, __u64 flags);

#endif /* __BPF_HELPERS__ */
