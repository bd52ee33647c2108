// SPDX-License-Identifier: GPL-2.0
/* The classifier's RCU-safe open-addressing hash table: see cls_hmap.h. */
#include "cls_hmap.h"

#define HMAP_MIN_CAP 8u

static size_t buckets_size(u32 cap)
{
	return sizeof(struct cls_buckets) + (size_t)cap * sizeof(struct cls_slot);
}

static struct cls_buckets *buckets_alloc(u32 cap, size_t *mem)
{
	struct cls_buckets *b = cvsw_alloc_sleepable(buckets_size(cap));

	if (!b)
		return NULL;
	b->mask = cap - 1;
	*mem += buckets_size(cap);
	return b;
}

static struct cls_buckets *buckets_of(const struct cls_hmap *m)
{
	return cvsw_rcu_deref(m->b);
}

/* The smallest capacity that holds n entries at a load of at most 3/8. */
static u32 cap_for(u32 n)
{
	u32 cap = HMAP_MIN_CAP;

	while ((u64)n * 8 > (u64)cap * 3)
		cap <<= 1;
	return cap;
}

void *cvsw_cls_hmap_next(struct cls_hmap_pos *pos)
{
	const struct cls_buckets *b = pos->b;

	/* left bounds the walk even if a writer fills the array meanwhile. */
	for (; pos->left; pos->left--, pos->i = (pos->i + 1) & b->mask) {
		const struct cls_slot *s = &b->s[pos->i];
		u32 h = cvsw_read_once(s->hash);
		void *p;

		if (!h)
			return NULL;
		if (h != pos->hash)
			continue;
		p = cvsw_rcu_deref(s->ptr);
		if (p) {
			pos->left--;
			pos->i = (pos->i + 1) & b->mask;
			return p;
		}
	}
	return NULL;
}

void *cvsw_cls_hmap_first(const struct cls_hmap *m, u32 hash, struct cls_hmap_pos *pos)
{
	pos->b = buckets_of(m);
	pos->i = hash & pos->b->mask;
	pos->left = pos->b->mask + 1;
	pos->hash = hash;
	return cvsw_cls_hmap_next(pos);
}

void cvsw_cls_hmap_prefetch(const struct cls_hmap *m, u32 hash)
{
	const struct cls_buckets *b = buckets_of(m);

	cvsw_prefetch(&b->s[hash & b->mask]);
}

/* Writer: the slot to fill for hash: the first tombstone or free slot. */
static struct cls_slot *free_slot(struct cls_buckets *b, u32 hash)
{
	u32 i = hash & b->mask;

	while (cvsw_rcu_deref(b->s[i].ptr))
		i = (i + 1) & b->mask;
	return &b->s[i];
}

/* Writer: the slot holding p. */
static struct cls_slot *slot_of(struct cls_buckets *b, u32 hash, const void *p)
{
	u32 i = hash & b->mask;

	while (cvsw_rcu_deref(b->s[i].ptr) != p)
		i = (i + 1) & b->mask;
	return &b->s[i];
}

/* Copy the live entries into a fresh array of capacity cap and publish it. */
static int rebuild(struct cls_hmap *m, u32 cap, size_t *mem)
{
	struct cls_buckets *old = buckets_of(m), *nb;
	u32 i;

	nb = buckets_alloc(cap, mem);
	if (!nb)
		return -ENOMEM;
	for (i = 0; i <= old->mask; i++) {
		void *p = cvsw_rcu_deref(old->s[i].ptr);
		struct cls_slot *s;

		if (!p)
			continue;
		s = free_slot(nb, old->s[i].hash);
		s->hash = old->s[i].hash;
		cvsw_rcu_assign(s->ptr, p);
	}
	cvsw_rcu_assign(m->b, nb);
	m->tombs = 0;
	*mem -= buckets_size(old->mask + 1);
	cvsw_free_deferred(old, rcu);
	return 0;
}

int cvsw_cls_hmap_init(struct cls_hmap *m, size_t *mem)
{
	struct cls_buckets *b = buckets_alloc(HMAP_MIN_CAP, mem);

	if (!b)
		return -ENOMEM;
	m->n = 0;
	m->tombs = 0;
	cvsw_rcu_assign(m->b, b);
	return 0;
}

void cvsw_cls_hmap_destroy(struct cls_hmap *m, size_t *mem)
{
	struct cls_buckets *b = buckets_of(m);

	cvsw_rcu_assign(m->b, NULL);
	*mem -= buckets_size(b->mask + 1);
	cvsw_free_deferred(b, rcu);
}

int cvsw_cls_hmap_insert(struct cls_hmap *m, u32 hash, void *p, size_t *mem)
{
	struct cls_buckets *b = buckets_of(m);
	struct cls_slot *s;
	int err;

	if ((u64)(m->n + m->tombs + 1) * 2 > (u64)b->mask + 1) {
		err = rebuild(m, cap_for(m->n + 1), mem);
		if (err)
			return err;
		b = buckets_of(m);
	}
	s = free_slot(b, hash);
	if (s->hash)
		m->tombs--;
	/* Hash first: a reader that sees the pointer may still see the old hash (see .h). */
	cvsw_write_once(s->hash, hash);
	cvsw_rcu_assign(s->ptr, p);
	m->n++;
	return 0;
}

void cvsw_cls_hmap_replace(struct cls_hmap *m, u32 hash, const void *p, void *q)
{
	cvsw_rcu_assign(slot_of(buckets_of(m), hash, p)->ptr, q);
}

void cvsw_cls_hmap_remove(struct cls_hmap *m, u32 hash, const void *p, size_t *mem)
{
	struct cls_buckets *b = buckets_of(m);

	cvsw_rcu_assign(slot_of(b, hash, p)->ptr, NULL);
	m->n--;
	m->tombs++;
	/* Shrinking is an optimisation: a failed allocation keeps the big array. */
	if (b->mask + 1 > HMAP_MIN_CAP && (u64)m->n * 16 < (u64)b->mask + 1)
		rebuild(m, cap_for(m->n), mem);
}

void *cvsw_cls_hmap_at(const struct cls_hmap *m, u32 *i)
{
	const struct cls_buckets *b = buckets_of(m);

	while (*i <= b->mask) {
		void *p = cvsw_rcu_deref(b->s[(*i)++].ptr);

		if (p)
			return p;
	}
	return NULL;
}
