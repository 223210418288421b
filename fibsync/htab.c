// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include "htab.h"

__u32 fs_hash(const void *p, size_t len, __u32 seed)
{
	const unsigned char *c = p;
	__u32 h = 2166136261u ^ seed;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= c[i];
		h *= 16777619u;
	}
	/* FNV's low bits are weak for short keys; the buckets use them. */
	h ^= h >> 15;
	h *= 0x2c1b3c6du;
	h ^= h >> 12;
	return h;
}

void fs_htab_init(struct fs_htab *h)
{
	h->b = NULL;
	h->nb = 0;
	h->n = 0;
}

void fs_htab_free(struct fs_htab *h)
{
	free(h->b);
	fs_htab_init(h);
}

static int grow(struct fs_htab *h)
{
	size_t nb = h->nb ? h->nb * 2 : 64, i;
	struct fs_hnode **b = calloc(nb, sizeof(*b)), *n, *next;

	if (!b)
		return -ENOMEM;
	for (i = 0; i < h->nb; i++)
		for (n = h->b[i]; n; n = next) {
			next = n->next;
			n->next = b[n->hash & (nb - 1)];
			b[n->hash & (nb - 1)] = n;
		}
	free(h->b);
	h->b = b;
	h->nb = nb;
	return 0;
}

int fs_htab_add(struct fs_htab *h, struct fs_hnode *n, __u32 hash)
{
	struct fs_hnode **slot;
	int err = 0;

	if (h->n >= h->nb)
		err = grow(h);
	if (!h->nb)
		return -ENOMEM;
	n->hash = hash;
	slot = &h->b[hash & (h->nb - 1)];
	n->next = *slot;
	*slot = n;
	h->n++;
	return err;
}

void fs_htab_del(struct fs_htab *h, struct fs_hnode *n)
{
	struct fs_hnode **pp;

	if (!h->nb)
		return;
	for (pp = &h->b[n->hash & (h->nb - 1)]; *pp; pp = &(*pp)->next)
		if (*pp == n) {
			*pp = n->next;
			n->next = NULL;
			h->n--;
			return;
		}
}
