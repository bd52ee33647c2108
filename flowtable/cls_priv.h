/* SPDX-License-Identifier: GPL-2.0 */
/* Classifier internals shared by classifier.c, cls_tun.c and cls_emc.c. */
#ifndef CVSW_FLOWTABLE_CLS_PRIV_H
#define CVSW_FLOWTABLE_CLS_PRIV_H

#include "classifier.h"
#include "cls_hmap.h"

#define CLS_KEY_WORDS (sizeof(struct flow_key) / sizeof(u64))
_Static_assert(sizeof(struct flow_key) % sizeof(u64) == 0, "flow_key is whole words");

/* Priority bands for the EMC's insert invalidation (see classifier.h). */
#define CLS_BAND_SHIFT 8
#define CLS_BANDS (65536 >> CLS_BAND_SHIFT)

/* One rule in the classifier. Readers use the head of a match's list only. */
struct cls_rule {
	struct cvsw_rcu_head rcu;
	struct cvsw_flow_rule *rule;
	struct cls_rule *next;  /* same key and mask, lower priority: writer only */
	u64 seq;                /* age: smaller is older */
	u64 stamp;              /* unique per insert or replace: the EMC's identity */
	u32 id;                 /* index into cls->live */
	u16 prio;
};

/* Does a come first in lookup order? Priority descending, then age. */
static inline bool cls_before(const struct cls_rule *a, const struct cls_rule *b)
{
	return a->prio > b->prio || (a->prio == b->prio && a->seq < b->seq);
}

/* The rules of one mask: a hash of masked keys to a list by priority. */
struct cls_subtable {
	struct cvsw_rcu_head rcu;
	struct cls_hmap map;
	u64 mask[CLS_KEY_WORDS];
	u8 words[CLS_KEY_WORDS];  /* indexes of the non-zero mask words */
	u8 n_words;
	/* Writer only: the priorities present, ascending, with their rule counts. */
	u32 n_rules;
	u32 n_prios, cap_prios;
	struct cls_prio_count {
		u16 prio;
		u32 count;
	} *prios;
};

/* Subtables ordered by max_prio, descending. Immutable once published. */
struct cls_vec {
	struct cvsw_rcu_head rcu;
	u32 n;
	struct cls_vec_entry {
		u32 max_prio;  /* at publication: no rule present then had more */
		struct cls_subtable *st;
	} e[];
};

/* stamp[id] of each live rule, 0 for a free id. Replaced, never resized in place. */
struct cls_live {
	struct cvsw_rcu_head rcu;
	u32 n;
	u64 stamp[];
};

struct cls_tun_vec;

struct flow_cls {
	struct cvsw_rcu_head rcu;
	struct cls_vec __cvsw_rcu *vec;         /* NULL: no subtable */
	struct cls_live __cvsw_rcu *live;       /* NULL: no id handed out */
	struct cls_tun_vec __cvsw_rcu *tun;     /* NULL: no tun_id mask */
	/* EMC insert invalidation: see classifier.h. */
	u64 add_gen;
	u64 band_gen[CLS_BANDS];
	u32 seed;
	/* Writer only. */
	u32 n_rules;
	u64 next_seq;
	size_t mem;
	u32 n_ids;              /* ids handed out at least once */
	u32 n_free;
	u32 *free_ids;          /* a stack, as large as live->n */
};

/* Hashing of 64-bit words (the masked key, a tun_id): mix each, finish once. */
static inline u64 cls_hash_mix(u64 h, u64 w)
{
	h ^= w;
	h *= 0x9e3779b97f4a7c15ull;
	return h ^ (h >> 29);
}

/* Never 0: 0 marks a free hash slot. */
static inline u32 cls_hash_finish(u64 h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 33;
	return (u32)h ? (u32)h : 1;
}

/* The best rule for key (NULL if none), as cvsw_flow_cls_lookup. Reader. */
const struct cls_rule *cvsw_cls_lookup_rule(const struct flow_cls *cls, const struct flow_key *key);

/* The tun_id index (cls_tun.c). add may fail with -ENOMEM; del never fails. */
int cvsw_cls_tun_add(struct flow_cls *cls, const struct cvsw_flow_rule *r);
void cvsw_cls_tun_del(struct flow_cls *cls, const struct cvsw_flow_rule *r);
void cvsw_cls_tun_destroy(struct flow_cls *cls);

#endif /* CVSW_FLOWTABLE_CLS_PRIV_H */
