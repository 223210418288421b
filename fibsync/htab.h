/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An intrusive chained hash table: the sync's objects (prefixes, routes'
 * nexthop sets, neighbours, links) embed a struct fs_hnode and are found
 * by a hash of their key, which the caller computes and compares. It grows
 * by doubling, so 100k routes stay O(1) a lookup.
 */
#ifndef FS_HTAB_H
#define FS_HTAB_H

#include <stddef.h>
#include <linux/types.h>

struct fs_hnode {
	struct fs_hnode *next;
	__u32 hash;
};

struct fs_htab {
	struct fs_hnode **b;
	size_t nb;		/* buckets, a power of two (0: none yet) */
	size_t n;		/* entries */
};

/* The bytes' hash (FNV-1a), seed mixed in first; chain it for keys made
 * of several parts. */
__u32 fs_hash(const void *p, size_t len, __u32 seed);

void fs_htab_init(struct fs_htab *h);
void fs_htab_free(struct fs_htab *h);	/* the buckets, not the entries */
/* -ENOMEM when the table could not grow (the entry is added all the same). */
int fs_htab_add(struct fs_htab *h, struct fs_hnode *n, __u32 hash);
void fs_htab_del(struct fs_htab *h, struct fs_hnode *n);

/* The chain hash falls in: walk it with FS_HTAB_FOR_HASH. */
static inline struct fs_hnode *fs_htab_chain(const struct fs_htab *h, __u32 hash)
{
	return h->nb ? h->b[hash & (h->nb - 1)] : NULL;
}

#define fs_container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

/* Each entry (type, by its node member) whose hash is hash. */
#define FS_HTAB_FOR_HASH(h, hash, pos, type, member)			\
	for (struct fs_hnode *_n = fs_htab_chain(h, hash);		\
	     _n && ((pos = fs_container_of(_n, type, member)), 1);	\
	     _n = _n->next)						\
		if (_n->hash == (hash))

/* Every entry; the current one may be deleted. */
#define FS_HTAB_FOR_EACH(h, pos, type, member)				\
	for (size_t _i = 0; _i < (h)->nb; _i++)				\
		for (struct fs_hnode *_n = (h)->b[_i], *_nx;		\
		     _n && ((_nx = _n->next), (pos = fs_container_of(_n, type, member)), 1); \
		     _n = _nx)

#endif /* FS_HTAB_H */
