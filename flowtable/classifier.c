// SPDX-License-Identifier: GPL-2.0
/*
 * Tuple-space-search classifier: subtables per mask, searched in order of
 * their highest priority. See classifier.h for the semantics and the
 * concurrency rules, cls_hmap.h for the hash tables.
 *
 * Writer-side invariants readers rely on:
 *   - a rule is linked into its subtable before a vector that covers its
 *     priority is published, and a vector entry's max_prio is lowered only
 *     after the rules above it are unlinked: every vector a reader can see
 *     bounds the priorities of the rules that are present throughout its
 *     search, so stopping at a smaller max_prio is sound;
 *   - vectors are immutable: a change publishes a new one (copy-on-write of a
 *     small array) and frees the old one after a grace period; subtables and
 *     rule nodes likewise outlive the readers that may hold them.
 */
#include "cls_priv.h"

#define LIVE_MIN 64u
#define PRIOS_MIN 4u

/* ---- subtables ---------------------------------------------------------- */

static u32 subtable_hash(const struct cls_subtable *st, const struct flow_key *k, u32 seed)
{
	u64 h = seed;
	u32 i;

	for (i = 0; i < st->n_words; i++) {
		u32 w = st->words[i];

		h = cls_hash_mix(h, flow_key_word(k, w) & st->mask[w]);
	}
	return cls_hash_finish(h);
}

/* rkey is a rule's key: already masked, zero outside the mask. */
static bool subtable_equal(const struct cls_subtable *st, const struct flow_key *k,
			   const struct flow_key *rkey)
{
	u32 i;

	for (i = 0; i < st->n_words; i++) {
		u32 w = st->words[i];

		if ((flow_key_word(k, w) & st->mask[w]) != flow_key_word(rkey, w))
			return false;
	}
	return true;
}

/* The head of the list of rules whose masked key equals key's, or NULL. Reader. */
static struct cls_rule *subtable_find(const struct cls_subtable *st,
				      const struct flow_key *key, u32 hash)
{
	struct cls_hmap_pos pos;
	struct cls_rule *c;

	for (c = cvsw_cls_hmap_first(&st->map, hash, &pos); c; c = cvsw_cls_hmap_next(&pos))
		if (subtable_equal(st, key, &c->rule->key))
			return c;
	return NULL;
}

static bool subtable_has_mask(const struct cls_subtable *st, const struct flow_key *mask)
{
	u32 i;

	for (i = 0; i < CLS_KEY_WORDS; i++)
		if (st->mask[i] != flow_key_word(mask, i))
			return false;
	return true;
}

/* Writer: the subtable for mask, or NULL. Linear: there are few masks. */
static struct cls_subtable *subtable_of(const struct flow_cls *cls, const struct flow_key *mask)
{
	const struct cls_vec *v = cvsw_rcu_deref(cls->vec);
	u32 i;

	for (i = 0; v && i < v->n; i++)
		if (subtable_has_mask(v->e[i].st, mask))
			return v->e[i].st;
	return NULL;
}

static struct cls_subtable *subtable_new(struct flow_cls *cls, const struct flow_key *mask)
{
	struct cls_subtable *st = cvsw_alloc_sleepable(sizeof(*st));
	u32 i;

	if (!st)
		return NULL;
	if (cvsw_cls_hmap_init(&st->map, &cls->mem)) {
		cvsw_free_sleepable(st);
		return NULL;
	}
	for (i = 0; i < CLS_KEY_WORDS; i++) {
		st->mask[i] = flow_key_word(mask, i);
		if (st->mask[i])
			st->words[st->n_words++] = i;
	}
	cls->mem += sizeof(*st);
	return st;
}

static void subtable_free(struct flow_cls *cls, struct cls_subtable *st)
{
	cvsw_cls_hmap_destroy(&st->map, &cls->mem);
	cls->mem -= st->cap_prios * sizeof(st->prios[0]) + sizeof(*st);
	cvsw_free_sleepable(st->prios);	/* writer only: no grace period */
	cvsw_free_deferred(st, rcu);
}

/* ---- per-subtable priorities (writer only) ------------------------------ */

static u32 subtable_max(const struct cls_subtable *st)
{
	return st->n_prios ? st->prios[st->n_prios - 1].prio : 0;
}

/* Index of prio in st->prios, or where it would go. */
static u32 prio_index(const struct cls_subtable *st, u16 prio)
{
	u32 lo = 0, hi = st->n_prios;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (st->prios[mid].prio < prio)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Room for one more priority, so that prio_add cannot fail. */
static int prio_reserve(struct flow_cls *cls, struct cls_subtable *st)
{
	u32 cap = st->cap_prios ? st->cap_prios * 2 : PRIOS_MIN;
	struct cls_prio_count *p;

	if (st->n_prios < st->cap_prios)
		return 0;
	p = cvsw_alloc_sleepable(cap * sizeof(*p));
	if (!p)
		return -ENOMEM;
	if (st->n_prios)
		memcpy(p, st->prios, st->n_prios * sizeof(*p));
	cvsw_free_sleepable(st->prios);
	cls->mem += (cap - st->cap_prios) * sizeof(*p);
	st->prios = p;
	st->cap_prios = cap;
	return 0;
}

static void prio_add(struct cls_subtable *st, u16 prio)
{
	u32 i = prio_index(st, prio);

	if (i < st->n_prios && st->prios[i].prio == prio) {
		st->prios[i].count++;
		return;
	}
	memmove(&st->prios[i + 1], &st->prios[i], (st->n_prios - i) * sizeof(st->prios[0]));
	st->prios[i].prio = prio;
	st->prios[i].count = 1;
	st->n_prios++;
}

static void prio_del(struct cls_subtable *st, u16 prio)
{
	u32 i = prio_index(st, prio);

	if (--st->prios[i].count)
		return;
	st->n_prios--;
	memmove(&st->prios[i], &st->prios[i + 1], (st->n_prios - i) * sizeof(st->prios[0]));
}

/* ---- the priority-ordered subtable vector -------------------------------- */

static size_t vec_size(u32 n)
{
	return sizeof(struct cls_vec) + (size_t)n * sizeof(struct cls_vec_entry);
}

/* Room for the current subtables plus extra more. */
static struct cls_vec *vec_alloc(const struct flow_cls *cls, u32 extra)
{
	const struct cls_vec *v = cvsw_rcu_deref(cls->vec);

	return cvsw_alloc_sleepable(vec_size((v ? v->n : 0) + extra));
}

/*
 * Publish nv (from vec_alloc): the current subtables plus add (may be NULL),
 * with their present max priorities, highest first. Empty subtables are
 * dropped and freed. Stable insertion sort: nearly sorted input, few entries.
 */
static void vec_publish(struct flow_cls *cls, struct cls_vec *nv, struct cls_subtable *add)
{
	struct cls_vec *old = cvsw_rcu_deref(cls->vec);
	u32 i, j, n = 0;

	for (i = 0; old && i < old->n; i++) {
		struct cls_subtable *st = old->e[i].st;

		if (st->n_rules)
			nv->e[n++].st = st;
		else
			subtable_free(cls, st);
	}
	if (add)
		nv->e[n++].st = add;
	for (i = 0; i < n; i++) {
		struct cls_vec_entry cur = { subtable_max(nv->e[i].st), nv->e[i].st };

		for (j = i; j > 0 && nv->e[j - 1].max_prio < cur.max_prio; j--)
			nv->e[j] = nv->e[j - 1];
		nv->e[j] = cur;
	}
	nv->n = n;
	if (!n) {
		cvsw_free_sleepable(nv);
		nv = NULL;
	} else {
		cls->mem += vec_size(n);
	}
	cvsw_rcu_assign(cls->vec, nv);
	if (old) {
		cls->mem -= vec_size(old->n);
		cvsw_free_deferred(old, rcu);
	}
}

/*
 * After a removal: publish lowered priorities and drop empty subtables. On
 * ENOMEM the old vector stays: its max_prio values are still upper bounds
 * and an empty subtable finds nothing; the next publish cleans up.
 */
static void vec_refresh(struct flow_cls *cls)
{
	struct cls_vec *v = cvsw_rcu_deref(cls->vec), *nv;
	u32 i;

	for (i = 0; i < v->n && !v->e[i].st->n_rules; i++)
		;
	if (i < v->n) {
		nv = vec_alloc(cls, 0);
		if (nv)
			vec_publish(cls, nv, NULL);
		return;
	}
	/* All empty: publish no vector, which needs no allocation. */
	cvsw_rcu_assign(cls->vec, NULL);
	for (i = 0; i < v->n; i++)
		subtable_free(cls, v->e[i].st);
	cls->mem -= vec_size(v->n);
	cvsw_free_deferred(v, rcu);
}

/* ---- rule ids and stamps (for the EMC) ----------------------------------- */

static size_t live_size(u32 n)
{
	return sizeof(struct cls_live) + (size_t)n * sizeof(u64);
}

/* Double the id space: a new stamp array for readers, a new free-id stack. */
static int live_grow(struct flow_cls *cls)
{
	struct cls_live *old = cvsw_rcu_deref(cls->live), *nl;
	u32 n = old ? old->n * 2 : LIVE_MIN, *ids;

	if (old && old->n >= (1u << 30))
		return -ENOMEM;
	nl = cvsw_alloc_sleepable(live_size(n));
	ids = cvsw_alloc_sleepable(n * sizeof(*ids));
	if (!nl || !ids) {
		cvsw_free_sleepable(nl);
		cvsw_free_sleepable(ids);
		return -ENOMEM;
	}
	nl->n = n;
	if (old) {
		memcpy(nl->stamp, old->stamp, old->n * sizeof(u64));
		memcpy(ids, cls->free_ids, cls->n_free * sizeof(*ids));
		cls->mem -= live_size(old->n) + old->n * sizeof(*ids);
	}
	cvsw_free_sleepable(cls->free_ids);
	cls->free_ids = ids;
	cls->mem += live_size(n) + n * sizeof(*ids);
	cvsw_rcu_assign(cls->live, nl);
	if (old)
		cvsw_free_deferred(old, rcu);
	return 0;
}

/* With no rule left, give the id space back (memory returns to the baseline). */
static void live_reset(struct flow_cls *cls)
{
	struct cls_live *l = cvsw_rcu_deref(cls->live);

	if (!l)
		return;
	cvsw_rcu_assign(cls->live, NULL);
	cls->mem -= live_size(l->n) + l->n * sizeof(*cls->free_ids);
	cvsw_free_deferred(l, rcu);
	cvsw_free_sleepable(cls->free_ids);
	cls->free_ids = NULL;
	cls->n_ids = 0;
	cls->n_free = 0;
}

static void live_set(struct flow_cls *cls, u32 id, u64 stamp)
{
	struct cls_live *l = cvsw_rcu_deref(cls->live);

	cvsw_write_once(l->stamp[id], stamp);
}

/* A rule node with a fresh id and stamp, not linked anywhere yet. */
static struct cls_rule *node_new(struct flow_cls *cls, struct cvsw_flow_rule *r, u64 seq)
{
	const struct cls_live *l = cvsw_rcu_deref(cls->live);
	struct cls_rule *c;

	if (!cls->n_free && (!l || cls->n_ids == l->n) && live_grow(cls))
		return NULL;
	c = cvsw_alloc_sleepable(sizeof(*c));
	if (!c)
		return NULL;
	c->id = cls->n_free ? cls->free_ids[--cls->n_free] : cls->n_ids++;
	c->rule = r;
	c->prio = r->priority;
	c->stamp = ++cls->next_seq;
	c->seq = seq ? seq : c->stamp;
	live_set(cls, c->id, c->stamp);
	cls->mem += sizeof(*c);
	return c;
}

/* Unpublished or unlinked node: clear its stamp (EMC entries die), free its id. */
static void node_retire(struct flow_cls *cls, struct cls_rule *c)
{
	live_set(cls, c->id, 0);
	cls->free_ids[cls->n_free++] = c->id;
	cls->mem -= sizeof(*c);
	cvsw_free_deferred(c, rcu);
}

/* ---- EMC insert generations ---------------------------------------------- */

/* After an insert is visible: entries in bands <= its band, and negative ones, go stale. */
static void note_insert(struct flow_cls *cls, u16 prio)
{
	u64 gen = cls->add_gen + 1;
	u32 b;

	for (b = 0; b <= (u32)(prio >> CLS_BAND_SHIFT); b++)
		cvsw_write_once(cls->band_gen[b], gen);
	cvsw_store_release(cls->add_gen, gen);
}

void cvsw_flow_cls_emc_fence(struct flow_cls *cls, const struct flow_cls *prev)
{
	u64 gen = cls->add_gen;
	u32 b;

	if (prev && prev->add_gen > gen)
		gen = prev->add_gen;
	gen++;
	for (b = 0; b < CLS_BANDS; b++)
		cvsw_write_once(cls->band_gen[b], gen);
	cvsw_store_release(cls->add_gen, gen);
}

/* ---- lookup --------------------------------------------------------------- */

/*
 * Subtables are probed in batches: hash and prefetch a batch's first slots,
 * then probe them, so that the cache misses of a large classifier overlap.
 * A batch may hash a subtable the early stop then skips: cheap next to a miss.
 */
#define CLS_BATCH 4

const struct cls_rule *cvsw_cls_lookup_rule(const struct flow_cls *cls, const struct flow_key *key)
{
	const struct cls_vec *v = cvsw_rcu_deref(cls->vec);
	const struct cls_rule *best = NULL;
	u32 hash[CLS_BATCH], i, j, nb;

	for (i = 0; v && i < v->n; i += nb) {
		nb = min_t(u32, CLS_BATCH, v->n - i);
		for (j = 0; j < nb; j++) {
			const struct cls_subtable *st = v->e[i + j].st;

			hash[j] = subtable_hash(st, key, cls->seed);
			cvsw_cls_hmap_prefetch(&st->map, hash[j]);
		}
		for (j = 0; j < nb; j++) {
			const struct cls_rule *c;

			/* Equal max_prio must still be searched: an older rule may be there. */
			if (best && v->e[i + j].max_prio < best->prio)
				return best;
			c = subtable_find(v->e[i + j].st, key, hash[j]);
			if (c && (!best || cls_before(c, best)))
				best = c;
		}
	}
	return best;
}

/* ---- writer: locate a rule by its match --------------------------------- */

struct cls_where {
	struct cls_subtable *st;
	u32 hash;
	struct cls_rule *head;  /* of r's key in st, or NULL */
	struct cls_rule *prev;  /* before the node of r's priority, NULL if head */
	struct cls_rule *node;  /* with r's priority, or NULL */
};

static void locate(const struct flow_cls *cls, const struct cvsw_flow_rule *r, struct cls_where *w)
{
	struct cls_rule *c;

	memset(w, 0, sizeof(*w));
	w->st = subtable_of(cls, &r->mask);
	if (!w->st)
		return;
	w->hash = subtable_hash(w->st, &r->key, cls->seed);
	w->head = subtable_find(w->st, &r->key, w->hash);
	for (c = w->head; c && c->prio > r->priority; c = c->next)
		w->prev = c;
	if (c && c->prio == r->priority)
		w->node = c;
}

struct cvsw_flow_rule *cvsw_flow_cls_find_same(const struct flow_cls *cls,
					       const struct cvsw_flow_rule *r)
{
	struct cls_where w;

	locate(cls, r, &w);
	return w.node ? w.node->rule : NULL;
}

/* Put c in the list at w (c->next already set for replace, computed here for insert). */
static void link_node(struct cls_subtable *st, struct cls_where *w, struct cls_rule *c)
{
	if (w->prev) {
		w->prev->next = c;	/* readers use heads only */
		return;
	}
	/* c becomes the head: its fields are set, publish it in place of the old head. */
	cvsw_cls_hmap_replace(&st->map, w->hash, w->head, c);
}

static bool key_in_mask(const struct cvsw_flow_rule *r)
{
	u32 i;

	for (i = 0; i < CLS_KEY_WORDS; i++)
		if (flow_key_word(&r->key, i) & ~flow_key_word(&r->mask, i))
			return false;
	return true;
}

int cvsw_flow_cls_insert(struct flow_cls *cls, struct cvsw_flow_rule *r)
{
	struct cls_subtable *st, *new_st = NULL;
	struct cls_vec *nv = NULL;
	struct cls_where w;
	struct cls_rule *c;
	int err = -ENOMEM;

	if (!key_in_mask(r))
		return -EINVAL;
	locate(cls, r, &w);
	if (w.node)
		return -EEXIST;
	/* Every allocation first; the rule becomes visible at the last step that can fail. */
	if (cvsw_cls_tun_add(cls, r))
		return -ENOMEM;
	c = node_new(cls, r, 0);
	if (!c)
		goto err_tun;
	st = w.st;
	if (!st) {
		st = new_st = subtable_new(cls, &r->mask);
		if (!st)
			goto err_node;
		w.hash = subtable_hash(st, &r->key, cls->seed);
	}
	if (prio_reserve(cls, st))
		goto err_st;
	if (new_st || r->priority > subtable_max(st)) {
		nv = vec_alloc(cls, new_st ? 1 : 0);
		if (!nv)
			goto err_st;
	}
	if (w.head) {
		c->next = w.prev ? w.prev->next : w.head;
		link_node(st, &w, c);
	} else {
		err = cvsw_cls_hmap_insert(&st->map, w.hash, c, &cls->mem);
		if (err)
			goto err_vec;
	}
	prio_add(st, c->prio);
	st->n_rules++;
	cls->n_rules++;
	if (nv)
		vec_publish(cls, nv, new_st);
	note_insert(cls, c->prio);
	return 0;

err_vec:
	cvsw_free_sleepable(nv);
err_st:
	if (new_st)
		subtable_free(cls, new_st);
err_node:
	node_retire(cls, c);
err_tun:
	cvsw_cls_tun_del(cls, r);
	if (!cls->n_rules)
		live_reset(cls);
	return err;
}

int cvsw_flow_cls_replace(struct flow_cls *cls, struct cvsw_flow_rule *old,
			  struct cvsw_flow_rule *new)
{
	struct cls_where w;
	struct cls_rule *c;

	if (!cvsw_flow_rule_same_match(old, new))
		return -EINVAL;
	locate(cls, old, &w);
	if (!w.node || w.node->rule != old)
		return -ENOENT;
	c = node_new(cls, new, w.node->seq);
	if (!c)
		return -ENOMEM;
	c->next = w.node->next;
	w.head = w.node;	/* for link_node: the slot holds w.node when it is the head */
	link_node(w.st, &w, c);
	node_retire(cls, w.node);
	return 0;
}

int cvsw_flow_cls_remove(struct flow_cls *cls, struct cvsw_flow_rule *r)
{
	struct cls_subtable *st;
	struct cls_where w;
	u32 old_max;

	locate(cls, r, &w);
	if (!w.node || w.node->rule != r)
		return -ENOENT;
	st = w.st;
	if (w.prev)
		w.prev->next = w.node->next;
	else if (w.node->next)
		cvsw_cls_hmap_replace(&st->map, w.hash, w.node, w.node->next);
	else
		cvsw_cls_hmap_remove(&st->map, w.hash, w.node, &cls->mem);
	old_max = subtable_max(st);
	prio_del(st, w.node->prio);
	st->n_rules--;
	cls->n_rules--;
	if (!st->n_rules || subtable_max(st) != old_max)
		vec_refresh(cls);
	cvsw_cls_tun_del(cls, r);
	node_retire(cls, w.node);
	if (!cls->n_rules)
		live_reset(cls);
	return 0;
}

/* ---- create, destroy, counters -------------------------------------------- */

struct flow_cls *cvsw_flow_cls_create(u32 seed)
{
	struct flow_cls *cls = cvsw_alloc_sleepable(sizeof(*cls));

	if (!cls)
		return NULL;
	cls->seed = seed;
	cls->mem = sizeof(*cls);
	return cls;
}

static void subtable_destroy(struct flow_cls *cls, struct cls_subtable *st)
{
	struct cls_rule *c, *next;
	u32 i = 0;

	while ((c = cvsw_cls_hmap_at(&st->map, &i))) {
		for (; c; c = next) {
			next = c->next;
			cvsw_free_deferred(c, rcu);
		}
	}
	subtable_free(cls, st);
}

void cvsw_flow_cls_destroy(struct flow_cls *cls)
{
	struct cls_vec *v;
	u32 i;

	if (!cls)
		return;
	v = cvsw_rcu_deref(cls->vec);
	cvsw_rcu_assign(cls->vec, NULL);
	for (i = 0; v && i < v->n; i++)
		subtable_destroy(cls, v->e[i].st);
	if (v)
		cvsw_free_deferred(v, rcu);
	cvsw_cls_tun_destroy(cls);
	live_reset(cls);
	cvsw_free_deferred(cls, rcu);
}

size_t cvsw_flow_cls_memory(const struct flow_cls *cls)
{
	return cvsw_read_once(cls->mem);
}
