/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An open-addressing hash table of pointers for the classifier: one writer
 * (serialised by the caller) and lock-free readers (RCU, see proto/platform.h).
 *
 * Slots hold (hash, pointer) and are probed linearly. The table stores only
 * pointers: callers compare their own keys (a hash match is just a candidate).
 *
 * Reader safety, slot by slot:
 *   - hash 0 marks a never used slot and ends a probe. A slot's hash, once
 *     non-zero, stays non-zero until the array is replaced, so an entry that
 *     stays in the table is always reached by its probe sequence.
 *   - removal leaves a tombstone (pointer NULL, hash kept); an insert writes
 *     the hash, then publishes the pointer. A reader that sees a torn pair
 *     (old hash, new pointer or the reverse) gets a candidate its key compare
 *     rejects, or skips an entry whose insert is still in flight.
 *   - growing, shrinking and purging tombstones build a new array, publish it
 *     and free the old one after a grace period; readers still on the old
 *     array see the table as it was (the entries themselves are shared).
 * Load (live + tombstones) stays at most 1/2, so a probe always ends; after a
 * rebuild it is at most 3/8, and a table shrinks below 1/16: each rebuild is
 * paid for by capacity/8 operations (amortised O(1)).
 */
#ifndef CVSW_FLOWTABLE_CLS_HMAP_H
#define CVSW_FLOWTABLE_CLS_HMAP_H

#include "proto/platform.h"

struct cls_slot {
	u32 hash;               /* 0: never used */
	void __cvsw_rcu *ptr;   /* NULL with a non-zero hash: a tombstone */
};

struct cls_buckets {
	struct cvsw_rcu_head rcu;
	u32 mask;               /* capacity - 1, capacity a power of two */
	struct cls_slot s[];
};

struct cls_hmap {
	struct cls_buckets __cvsw_rcu *b;
	/* Writer only. */
	u32 n;                  /* live entries */
	u32 tombs;
};

/* A reader's position in one probe sequence. */
struct cls_hmap_pos {
	const struct cls_buckets *b;
	u32 i, left, hash;
};

/* Candidates for hash (never 0), in probe order; NULL at the end. Readers and writer. */
void *cvsw_cls_hmap_first(const struct cls_hmap *m, u32 hash, struct cls_hmap_pos *pos);
void *cvsw_cls_hmap_next(struct cls_hmap_pos *pos);
/* Start loading the first slot hash probes: overlaps cache misses across tables. */
void cvsw_cls_hmap_prefetch(const struct cls_hmap *m, u32 hash);

/*
 * Writer side. mem accumulates the bytes allocated (and freed) for the caller's
 * accounting. Allocations may sleep (cvsw_alloc_sleepable).
 */
int cvsw_cls_hmap_init(struct cls_hmap *m, size_t *mem);
/* Tear down now that no reader can reach m: frees the array after a grace period. */
void cvsw_cls_hmap_destroy(struct cls_hmap *m, size_t *mem);
/* Add p (not yet in m). -ENOMEM leaves m unchanged. */
int cvsw_cls_hmap_insert(struct cls_hmap *m, u32 hash, void *p, size_t *mem);
/* Swap p (in m under hash) for q in place: readers see one or the other. */
void cvsw_cls_hmap_replace(struct cls_hmap *m, u32 hash, const void *p, void *q);
/* Remove p (in m under hash); may shrink the array (skipped on ENOMEM). */
void cvsw_cls_hmap_remove(struct cls_hmap *m, u32 hash, const void *p, size_t *mem);
/* Every live pointer, writer side: for (i = 0; (p = cvsw_cls_hmap_at(m, &i)); ) */
void *cvsw_cls_hmap_at(const struct cls_hmap *m, u32 *i);

#endif /* CVSW_FLOWTABLE_CLS_HMAP_H */
