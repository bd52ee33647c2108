// SPDX-License-Identifier: GPL-2.0
/*
 * Second-level reassembly (paper section 4, eqs. 1-3, with the out-of-order
 * list the paper describes). See reasm.h for the contract and the policies.
 *
 * Per payload ("flow") two lists of frags, both in payload order, i.e. by
 * descending tail distance:
 *  - chain: from the first segment down, contiguous, covering
 *    [chain_low, size). A segment ending exactly at chain_low is appended in
 *    O(1) (the in-order case the paper handles with its offset variable).
 *  - ooo: everything else, sorted and disjoint, all below chain_low with a
 *    gap in between once the first is known. When a segment closes the gap,
 *    the ooo head is pulled into the chain for as long as it fits.
 * The payload is complete when the first is held and chain_low reaches 0.
 */
#include "reasm.h"

#define FLOW_OVERHEAD ((u32)sizeof(struct reasm_flow))
#define MAX_BUCKETS (1U << 16)
#define DEFAULT_FLOW_SLACK (16U * 1024)

struct reasm_flow {
	struct reasm_flow *hnext;
	struct reasm_flow **hpprev;
	struct reasm_flow *lru_prev, *lru_next;
	struct reasm_key key;
	u64 start_ms;
	u32 mem;       /* FLOW_OVERHEAD + truesize of the frags held */
	u32 nfrags;
	u32 size;      /* payload size, known once has_first */
	u32 chain_low; /* the chain covers [chain_low, size) */
	bool has_first;
	struct reasm_frag *chain, *chain_last;
	struct reasm_frag *ooo, *ooo_last;
};

/* Where an offered frag goes; decided before any memory is committed. */
enum place {
	PLACE_DROP,
	PLACE_FIRST,   /* starts the chain */
	PLACE_RESTART, /* drop what is held, then PLACE_FIRST */
	PLACE_CHAIN,   /* appends to the chain */
	PLACE_OOO,     /* into the ooo list after ->after (NULL: at its head) */
};

struct placement {
	enum place place;
	enum reasm_drop reason;   /* for PLACE_DROP */
	struct reasm_frag *after; /* for PLACE_OOO */
};

_Static_assert(sizeof(struct reasm_key) % 4 == 0, "key is hashed as u32 words");

static u32 rotl(u32 w, unsigned int s)
{
	return (w << s) | (w >> (32 - s));
}

/* Bob Jenkins' lookup3 mix and final, as the kernel's jhash2(). */
static void jmix(u32 *a, u32 *b, u32 *c)
{
	*a -= *c; *a ^= rotl(*c, 4);  *c += *b;
	*b -= *a; *b ^= rotl(*a, 6);  *a += *c;
	*c -= *b; *c ^= rotl(*b, 8);  *b += *a;
	*a -= *c; *a ^= rotl(*c, 16); *c += *b;
	*b -= *a; *b ^= rotl(*a, 19); *a += *c;
	*c -= *b; *c ^= rotl(*b, 4);  *b += *a;
}

static void jfinal(u32 *a, u32 *b, u32 *c)
{
	*c ^= *b; *c -= rotl(*b, 14);
	*a ^= *c; *a -= rotl(*c, 11);
	*b ^= *a; *b -= rotl(*a, 25);
	*c ^= *b; *c -= rotl(*b, 16);
	*a ^= *c; *a -= rotl(*c, 4);
	*b ^= *a; *b -= rotl(*a, 14);
	*c ^= *b; *c -= rotl(*b, 24);
}

static u32 key_hash(const struct reasm_key *key, u32 seed)
{
	u32 w[sizeof(*key) / 4];
	u32 a, b, c, i = 0, n = ARRAY_SIZE(w);

	memcpy(w, key, sizeof(w));
	a = b = c = 0xdeadbeef + (n << 2) + seed;
	while (n > 3) {
		a += w[i];
		b += w[i + 1];
		c += w[i + 2];
		jmix(&a, &b, &c);
		i += 3;
		n -= 3;
	}
	if (n == 3)
		c += w[i + 2];
	if (n >= 2)
		b += w[i + 1];
	a += w[i];
	jfinal(&a, &b, &c);
	return c;
}

static struct reasm_flow **bucket_of(const struct reasm *r,
				     const struct reasm_key *key)
{
	return &r->buckets[key_hash(key, r->hash_seed) & (r->nbuckets - 1)];
}

static void lru_unlink(struct reasm *r, struct reasm_flow *f)
{
	if (f->lru_prev)
		f->lru_prev->lru_next = f->lru_next;
	else
		r->lru_head = f->lru_next;
	if (f->lru_next)
		f->lru_next->lru_prev = f->lru_prev;
	else
		r->lru_tail = f->lru_prev;
	f->lru_prev = f->lru_next = NULL;
}

static void lru_append(struct reasm *r, struct reasm_flow *f)
{
	f->lru_prev = r->lru_tail;
	f->lru_next = NULL;
	if (r->lru_tail)
		r->lru_tail->lru_next = f;
	else
		r->lru_head = f;
	r->lru_tail = f;
}

static void lru_touch(struct reasm *r, struct reasm_flow *f)
{
	if (r->lru_tail != f) {
		lru_unlink(r, f);
		lru_append(r, f);
	}
}

static void hash_unlink(struct reasm_flow *f)
{
	*f->hpprev = f->hnext;
	if (f->hnext)
		f->hnext->hpprev = f->hpprev;
}

static void hash_insert(struct reasm_flow **bucket, struct reasm_flow *f)
{
	f->hnext = *bucket;
	if (*bucket)
		(*bucket)->hpprev = &f->hnext;
	*bucket = f;
	f->hpprev = bucket;
}

static void drop_frag(struct reasm *r, struct reasm_frag *frag,
		      enum reasm_drop reason)
{
	r->stats.drops[reason]++;
	frag->next = NULL;
	r->ops->free_frag(frag, r->ctx);
}

static void free_chain(struct reasm *r, struct reasm_frag *frag)
{
	while (frag) {
		struct reasm_frag *next = frag->next;

		frag->next = NULL;
		r->ops->free_frag(frag, r->ctx);
		frag = next;
	}
}

/* Free every frag of f, leaving an empty flow; returns how many. */
static u32 flow_clear(struct reasm *r, struct reasm_flow *f)
{
	u32 n = f->nfrags;

	free_chain(r, f->chain);
	free_chain(r, f->ooo);
	r->mem -= f->mem - FLOW_OVERHEAD;
	r->nfrags -= n;
	f->mem = FLOW_OVERHEAD;
	f->nfrags = 0;
	f->has_first = false;
	f->size = 0;
	f->chain_low = 0;
	f->chain = f->chain_last = NULL;
	f->ooo = f->ooo_last = NULL;
	return n;
}

/* Unlink an empty flow (or one whose frags the caller took) and free it. */
static void flow_free(struct reasm *r, struct reasm_flow *f)
{
	hash_unlink(f);
	lru_unlink(r, f);
	r->mem -= f->mem;
	r->nfrags -= f->nfrags;
	r->nflows--;
	cvsw_free(f);
}

static void flow_drop(struct reasm *r, struct reasm_flow *f,
		      enum reasm_drop reason)
{
	r->stats.drops[reason] += flow_clear(r, f);
	flow_free(r, f);
}

static bool flow_expired(const struct reasm *r, const struct reasm_flow *f,
			 u64 now_ms)
{
	/* A clock that went backwards expires nothing. */
	return r->lim.timeout_ms && now_ms > f->start_ms &&
	       now_ms - f->start_ms >= r->lim.timeout_ms;
}

static void flow_expire(struct reasm *r, struct reasm_flow *f)
{
	r->stats.expired++;
	flow_drop(r, f, REASM_DROP_TIMEOUT);
}

static void flow_evict(struct reasm *r, struct reasm_flow *f)
{
	r->stats.evicted++;
	flow_drop(r, f, REASM_DROP_MEMLIMIT);
}

static struct reasm_flow *flow_find(struct reasm_flow *bucket,
				    const struct reasm_key *key)
{
	for (; bucket; bucket = bucket->hnext)
		if (!memcmp(&bucket->key, key, sizeof(*key)))
			return bucket;
	return NULL;
}

static struct placement drop_for(enum reasm_drop reason)
{
	return (struct placement){ .place = PLACE_DROP, .reason = reason };
}

/* A duplicate if some held frag is exactly [tail, tail+len), else overlap. */
static struct placement same_or_overlap(const struct reasm_frag *held,
					u32 tail, u32 len)
{
	return drop_for(held->tail == tail && held->len == len ?
			REASM_DROP_DUPLICATE : REASM_DROP_OVERLAP);
}

/* Sorted, disjoint insertion into the ooo list: O(1) below everything held. */
static struct placement place_ooo(const struct reasm_flow *f, u32 tail,
				  u32 len)
{
	struct reasm_frag *prev = NULL, *cur;
	u32 end = tail + len;

	if (f->ooo_last && f->ooo_last->tail >= end)
		return (struct placement){ .place = PLACE_OOO,
					   .after = f->ooo_last };

	/* Find the first frag not above this one. */
	for (cur = f->ooo; cur && cur->tail > tail; cur = cur->next)
		prev = cur;
	if (cur && cur->tail + cur->len > tail)
		return same_or_overlap(cur, tail, len);
	if (prev && prev->tail < end)
		return drop_for(REASM_DROP_OVERLAP);
	return (struct placement){ .place = PLACE_OOO, .after = prev };
}

static struct placement place_first(const struct reasm_flow *f, u32 tail,
				    u32 len)
{
	if (f->has_first) {
		if (f->chain->tail == tail && f->chain->len == len)
			return drop_for(REASM_DROP_DUPLICATE);
		return (struct placement){ .place = PLACE_RESTART };
	}
	/* Held bytes at or above the first's tail cannot be this payload's. */
	if (f->ooo && f->ooo->tail + f->ooo->len > tail)
		return (struct placement){ .place = PLACE_RESTART };
	return (struct placement){ .place = PLACE_FIRST };
}

static struct placement place_frag(const struct reasm_flow *f, bool first,
				   u32 tail, u32 len)
{
	const struct reasm_frag *cur;
	u32 end = tail + len;

	if (first)
		return place_first(f, tail, len);
	if (!f->has_first)
		return place_ooo(f, tail, len);
	if (end > f->size)
		return drop_for(REASM_DROP_INCONSISTENT);
	if (end > f->chain_low) {
		if (tail < f->chain_low)
			return drop_for(REASM_DROP_OVERLAP);
		/* Wholly inside the covered range: a repeat or a misfit. */
		for (cur = f->chain; cur->tail > tail; cur = cur->next)
			;
		return same_or_overlap(cur, tail, len);
	}
	if (end == f->chain_low) {
		/* The ooo head ends strictly below chain_low (else pulled). */
		if (f->ooo && f->ooo->tail + f->ooo->len > tail)
			return drop_for(REASM_DROP_OVERLAP);
		return (struct placement){ .place = PLACE_CHAIN };
	}
	return place_ooo(f, tail, len);
}

static void chain_append(struct reasm_flow *f, struct reasm_frag *frag)
{
	frag->next = NULL;
	if (f->chain_last)
		f->chain_last->next = frag;
	else
		f->chain = frag;
	f->chain_last = frag;
	f->chain_low = frag->tail;
}

/* Move ooo frags that now continue the chain. */
static void chain_pull(struct reasm_flow *f)
{
	while (f->ooo && f->ooo->tail + f->ooo->len == f->chain_low) {
		struct reasm_frag *frag = f->ooo;

		f->ooo = frag->next;
		if (!f->ooo)
			f->ooo_last = NULL;
		chain_append(f, frag);
	}
}

static void ooo_insert(struct reasm_flow *f, struct reasm_frag *frag,
		       struct reasm_frag *after)
{
	if (after) {
		frag->next = after->next;
		after->next = frag;
	} else {
		frag->next = f->ooo;
		f->ooo = frag;
	}
	if (!frag->next)
		f->ooo_last = frag;
}

/* Evict LRU payloads other than keep until need more bytes fit under low_mem. */
static void make_room(struct reasm *r, const struct reasm_flow *keep, u32 need)
{
	while ((u64)r->mem + need > r->lim.low_mem) {
		struct reasm_flow *victim = r->lru_head;

		if (victim == keep)
			victim = victim->lru_next;
		if (!victim)
			return;
		flow_evict(r, victim);
	}
}

static struct reasm_flow *flow_new(struct reasm *r, struct reasm_flow **bucket,
				   const struct reasm_key *key, u64 now_ms)
{
	struct reasm_flow *f = cvsw_alloc(sizeof(*f));

	if (!f)
		return NULL;
	f->key = *key;
	f->start_ms = now_ms;
	f->mem = FLOW_OVERHEAD;
	hash_insert(bucket, f);
	lru_append(r, f);
	r->nflows++;
	r->mem += FLOW_OVERHEAD;
	return f;
}

/*
 * Admit truesize more bytes for f (NULL: a new flow), evicting others as
 * needed. Returns the drop reason, or REASM_DROP_MAX when admitted. A flow
 * that cannot take the frag is dropped whole: it could never complete.
 */
static enum reasm_drop admit(struct reasm *r, struct reasm_flow *f,
			     u32 truesize)
{
	u64 need = (u64)truesize + (f ? 0 : FLOW_OVERHEAD);
	u64 flow_after = (f ? f->mem : 0) + need;

	if (flow_after > r->lim.max_flow_mem || flow_after > r->lim.max_mem) {
		if (f)
			flow_drop(r, f, REASM_DROP_MEMLIMIT);
		return REASM_DROP_MEMLIMIT;
	}
	if (!f && r->nflows >= r->lim.max_flows)
		flow_evict(r, r->lru_head);
	if (r->mem + need > r->lim.max_mem)
		make_room(r, f, (u32)need);
	return REASM_DROP_MAX;
}

enum reasm_result reasm_add(struct reasm *r, const struct reasm_key *key,
			    bool first, struct reasm_frag *frag, u64 now_ms,
			    struct reasm_frag **out, u32 *out_size)
{
	struct reasm_flow **bucket, *f;
	struct placement pl = { .place = first ? PLACE_FIRST : PLACE_OOO };
	enum reasm_drop reason;

	*out = NULL;
	*out_size = 0;
	r->stats.frags_in++;
	if (!frag->len || (u64)frag->tail + frag->len > r->lim.max_size) {
		drop_frag(r, frag, REASM_DROP_MALFORMED);
		return REASM_DROPPED;
	}

	if (r->lru_head && flow_expired(r, r->lru_head, now_ms))
		flow_expire(r, r->lru_head);

	/* A payload's segments mostly arrive in a row: try the flow used
	 * last (the LRU tail) before hashing the key.
	 */
	bucket = NULL;
	f = r->lru_tail;
	if (!f || memcmp(&f->key, key, sizeof(*key))) {
		bucket = bucket_of(r, key);
		f = flow_find(*bucket, key);
	}
	if (f && flow_expired(r, f, now_ms)) {
		flow_expire(r, f);
		f = NULL;
	}

	if (f) {
		pl = place_frag(f, first, frag->tail, frag->len);
		if (pl.place == PLACE_DROP) {
			drop_frag(r, frag, pl.reason);
			return REASM_DROPPED;
		}
		if (pl.place == PLACE_RESTART) {
			r->stats.drops[REASM_DROP_INCONSISTENT] += flow_clear(r, f);
			f->start_ms = now_ms;
			pl.place = PLACE_FIRST;
		}
		lru_touch(r, f);
	}

	reason = admit(r, f, frag->truesize);
	if (reason != REASM_DROP_MAX) {
		drop_frag(r, frag, reason);
		return REASM_DROPPED;
	}
	if (!f) {
		if (!bucket)
			bucket = bucket_of(r, key);
		f = flow_new(r, bucket, key, now_ms);
		if (!f) {
			drop_frag(r, frag, REASM_DROP_NOMEM);
			return REASM_DROPPED;
		}
	}

	f->mem += frag->truesize;
	r->mem += frag->truesize;
	f->nfrags++;
	r->nfrags++;
	switch (pl.place) {
	case PLACE_FIRST:
		f->has_first = true;
		f->size = frag->tail + frag->len; /* eq. 1 */
		chain_append(f, frag);
		chain_pull(f);
		break;
	case PLACE_CHAIN:
		chain_append(f, frag);
		chain_pull(f);
		break;
	default: /* PLACE_OOO; drops and restarts were resolved above */
		r->stats.ooo_queued++;
		ooo_insert(f, frag, pl.after);
		break;
	}

	if (!f->has_first || f->chain_low)
		return REASM_HELD;
	*out = f->chain;
	*out_size = f->size;
	r->stats.completed++;
	r->stats.frags_out += f->nfrags;
	flow_free(r, f);
	return REASM_DONE;
}

u32 reasm_expire(struct reasm *r, u64 now_ms)
{
	struct reasm_flow *f = r->lru_head, *next;
	u32 n = 0;

	/* LRU order is by last use, not by age: look at every payload. */
	for (; f; f = next) {
		next = f->lru_next;
		if (flow_expired(r, f, now_ms)) {
			flow_expire(r, f);
			n++;
		}
	}
	return n;
}

int reasm_init(struct reasm *r, const struct reasm_limits *lim,
	       u32 nbuckets, u32 hash_seed, const struct reasm_ops *ops, void *ctx)
{
	if (!lim || !ops || !ops->free_frag || !nbuckets || nbuckets > MAX_BUCKETS ||
	    (nbuckets & (nbuckets - 1)) || !lim->max_mem ||
	    lim->low_mem > lim->max_mem || !lim->max_flows || !lim->max_size)
		return -EINVAL;

	memset(r, 0, sizeof(*r));
	r->buckets = cvsw_alloc(nbuckets * sizeof(*r->buckets));
	if (!r->buckets)
		return -ENOMEM;
	r->lim = *lim;
	if (!r->lim.max_flow_mem)
		r->lim.max_flow_mem = 2 * lim->max_size + DEFAULT_FLOW_SLACK +
				      FLOW_OVERHEAD;
	r->ops = ops;
	r->ctx = ctx;
	r->nbuckets = nbuckets;
	r->hash_seed = hash_seed;
	return 0;
}

void reasm_destroy(struct reasm *r)
{
	while (r->lru_head) {
		struct reasm_flow *f = r->lru_head;

		flow_clear(r, f);
		flow_free(r, f);
	}
	cvsw_free(r->buckets);
	r->buckets = NULL;
	r->nbuckets = 0;
}

u32 reasm_mem(const struct reasm *r)
{
	return r->mem;
}

u32 reasm_flow_overhead(void)
{
	return FLOW_OVERHEAD;
}

/* Check one list of a flow: sorted, disjoint, within max_size; sums it up. */
static bool list_ok(const struct reasm *r, const struct reasm_frag *frag,
		    const struct reasm_frag *last, u32 *mem, u32 *n,
		    u32 *lowest)
{
	const struct reasm_frag *prev = NULL;

	for (; frag; prev = frag, frag = frag->next) {
		if (++*n > r->nfrags || !frag->len ||
		    (u64)frag->tail + frag->len > r->lim.max_size)
			return false;
		if (prev && frag->tail + frag->len > prev->tail)
			return false;
		*mem += frag->truesize;
		*lowest = frag->tail;
	}
	return prev == last;
}

static bool flow_ok(const struct reasm *r, const struct reasm_flow *f)
{
	const struct reasm_frag *c;
	u32 mem = FLOW_OVERHEAD, n = 0, low = 0;

	if (!list_ok(r, f->chain, f->chain_last, &mem, &n, &low))
		return false;
	if (f->has_first != !!f->chain)
		return false;
	if (f->has_first) {
		if (low != f->chain_low || f->chain->tail + f->chain->len != f->size)
			return false;
		/* The chain is contiguous. */
		for (c = f->chain; c->next; c = c->next)
			if (c->next->tail + c->next->len != c->tail)
				return false;
		/* A gap separates the ooo list from the chain. */
		if (f->ooo && f->ooo->tail + f->ooo->len >= f->chain_low)
			return false;
	}
	if (!list_ok(r, f->ooo, f->ooo_last, &mem, &n, &low))
		return false;
	return mem == f->mem && n == f->nfrags && f->mem <= r->lim.max_flow_mem &&
	       *f->hpprev == f;
}

bool reasm_consistent(const struct reasm *r)
{
	const struct reasm_flow *f, *prev = NULL;
	u32 nflows = 0, nfrags = 0;
	u64 mem = 0;

	for (f = r->lru_head; f; prev = f, f = f->lru_next) {
		if (++nflows > r->nflows || f->lru_prev != prev || !flow_ok(r, f))
			return false;
		if (flow_find(*bucket_of(r, &f->key), &f->key) != f)
			return false;
		mem += f->mem;
		nfrags += f->nfrags;
	}
	return prev == r->lru_tail && nflows == r->nflows &&
	       nflows <= r->lim.max_flows && mem == r->mem &&
	       mem <= r->lim.max_mem && nfrags == r->nfrags;
}
