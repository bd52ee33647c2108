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
 *
 * Frags held when the first arrives are marked FRAG_PREFIRST (suspects: they
 * may be leftovers of an older payload with the same id). Conflicts are
 * resolved on the rare path by walking the lists; the common path (in
 * order, reversed, shuffled, no conflict) stays O(1) or O(ooo) per frag.
 *
 * Every flow belongs to a source (key->saddr + family); a source keeps its
 * flows in its own LRU list and the sum of their memory, for fair eviction.
 */
#include "reasm.h"

#define MAX_BUCKETS (1U << 16)
/* Recent-key entries: nbuckets, within these (16 bytes each). */
#define MIN_RECENT 64U
#define MAX_RECENT 512U
#define RECENT_WAYS 4U
/* Flows looked at from the LRU head for one over its source's share. */
#define FAIR_SCAN 32U

#define FRAG_PREFIRST 1U

struct reasm_source {
	struct reasm_source *hnext, **hpprev;
	struct reasm_source *next, *prev;    /* r->src_list */
	struct reasm_flow *lru_head, *lru_tail; /* its flows, oldest first */
	u32 mem;     /* sum of its flows' mem */
	u32 nflows;
	u8 saddr[16];
	u8 family;
	bool pinned; /* a new flow is being admitted for it: keep when empty */
};

struct reasm_flow {
	struct reasm_flow *hnext;
	struct reasm_flow **hpprev;
	struct reasm_flow *lru_prev, *lru_next;
	struct reasm_flow *src_prev, *src_next;
	struct reasm_source *src;
	struct reasm_key key;
	u64 start_ms;
	u32 hash;      /* key_hash(key): bucket and recent-key table */
	u32 mem;       /* FLOW_OVERHEAD + truesize of the frags held */
	u32 nfrags;
	u32 nprefirst; /* frags marked FRAG_PREFIRST */
	u32 size;      /* payload size, known once has_first */
	u32 chain_low; /* the chain covers [chain_low, size) */
	bool has_first;
	struct reasm_frag *chain, *chain_last;
	struct reasm_frag *ooo, *ooo_last;
};

/* A key whose payload completed or was evicted at `when` (ms, mod 2^32). */
struct reasm_recent {
	u32 hash;
	u32 id;
	u32 when;
	u32 used;
};

/*
 * Charged per flow: the flow and one source (there are never more sources
 * than flows, so this bounds what both take).
 */
#define FLOW_OVERHEAD ((u32)(sizeof(struct reasm_flow) + sizeof(struct reasm_source)))

/* Where an offered frag goes; decided before any memory is committed. */
enum place {
	PLACE_DROP,
	PLACE_FIRST,        /* starts the chain */
	PLACE_RESTART_FIRST,/* drop what is held (RESTART), then PLACE_FIRST */
	PLACE_STALE_FIRST,  /* drop what is held (STALE), then PLACE_FIRST */
	PLACE_RESTART_OOO,  /* drop what is held (RESTART), then PLACE_OOO */
	PLACE_EVICT_SUSPECTS, /* drop FRAG_PREFIRST frags (STALE), place again */
	PLACE_CHAIN,        /* appends to the chain */
	PLACE_OOO,          /* into the ooo list after ->after (NULL: at its head) */
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

static u32 jhash_words(const u32 *w, u32 n, u32 seed)
{
	u32 a, b, c, i = 0;

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

static u32 key_hash(const struct reasm_key *key, u32 seed)
{
	u32 w[sizeof(*key) / 4];

	memcpy(w, key, sizeof(w));
	return jhash_words(w, ARRAY_SIZE(w), seed);
}

static u32 source_hash(const struct reasm_key *key, u32 seed)
{
	u32 w[5];

	memcpy(w, key->saddr, sizeof(key->saddr));
	w[4] = key->family;
	return jhash_words(w, ARRAY_SIZE(w), seed ^ 0x5a5a5a5a);
}

static bool source_is(const struct reasm_source *s, const struct reasm_key *key)
{
	return s->family == key->family &&
	       !memcmp(s->saddr, key->saddr, sizeof(s->saddr));
}

/* ---- lists ---- */

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

static void src_unlink(struct reasm_source *s, struct reasm_flow *f)
{
	if (f->src_prev)
		f->src_prev->src_next = f->src_next;
	else
		s->lru_head = f->src_next;
	if (f->src_next)
		f->src_next->src_prev = f->src_prev;
	else
		s->lru_tail = f->src_prev;
	f->src_prev = f->src_next = NULL;
}

static void src_append(struct reasm_source *s, struct reasm_flow *f)
{
	f->src_prev = s->lru_tail;
	f->src_next = NULL;
	if (s->lru_tail)
		s->lru_tail->src_next = f;
	else
		s->lru_head = f;
	s->lru_tail = f;
}

static void lru_touch(struct reasm *r, struct reasm_flow *f)
{
	if (r->lru_tail != f) {
		lru_unlink(r, f);
		lru_append(r, f);
	}
	if (f->src->lru_tail != f) {
		src_unlink(f->src, f);
		src_append(f->src, f);
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

/* ---- sources ---- */

static struct reasm_source *source_find(const struct reasm *r,
					const struct reasm_key *key, u32 h)
{
	struct reasm_source *s = r->src_buckets[h & (r->nbuckets - 1)];

	for (; s; s = s->hnext)
		if (source_is(s, key))
			return s;
	return NULL;
}

/* Find or create the source of key, pinned until source_unpin(). */
static struct reasm_source *source_get(struct reasm *r,
				       const struct reasm_key *key)
{
	u32 h = source_hash(key, r->hash_seed);
	struct reasm_source *s = source_find(r, key, h), **bucket;

	if (s) {
		s->pinned = true;
		return s;
	}
	if (r->src_spare) {
		s = r->src_spare;
		r->src_spare = NULL;
		memset(s, 0, sizeof(*s));
	} else {
		s = cvsw_alloc(sizeof(*s));
		if (!s)
			return NULL;
	}
	memcpy(s->saddr, key->saddr, sizeof(s->saddr));
	s->family = key->family;
	s->pinned = true;
	bucket = &r->src_buckets[h & (r->nbuckets - 1)];
	s->hnext = *bucket;
	if (*bucket)
		(*bucket)->hpprev = &s->hnext;
	*bucket = s;
	s->hpprev = bucket;
	s->next = r->src_list;
	s->prev = NULL;
	if (r->src_list)
		r->src_list->prev = s;
	r->src_list = s;
	r->nsources++;
	return s;
}

static void source_free(struct reasm *r, struct reasm_source *s)
{
	*s->hpprev = s->hnext;
	if (s->hnext)
		s->hnext->hpprev = s->hpprev;
	if (s->prev)
		s->prev->next = s->next;
	else
		r->src_list = s->next;
	if (s->next)
		s->next->prev = s->prev;
	r->nsources--;
	if (!r->src_spare)
		r->src_spare = s;
	else
		cvsw_free(s);
}

static void source_unpin(struct reasm *r, struct reasm_source *s)
{
	s->pinned = false;
	if (!s->nflows)
		source_free(r, s);
}

/* ---- memory ---- */

static void charge(struct reasm *r, struct reasm_flow *f, u32 bytes)
{
	f->mem += bytes;
	f->src->mem += bytes;
	r->mem += bytes;
}

static void uncharge(struct reasm *r, struct reasm_flow *f, u32 bytes)
{
	f->mem -= bytes;
	f->src->mem -= bytes;
	r->mem -= bytes;
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
	uncharge(r, f, f->mem - FLOW_OVERHEAD);
	r->nfrags -= n;
	f->nfrags = 0;
	f->nprefirst = 0;
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
	struct reasm_source *s = f->src;

	hash_unlink(f);
	lru_unlink(r, f);
	src_unlink(s, f);
	uncharge(r, f, f->mem);
	s->nflows--;
	r->nfrags -= f->nfrags;
	r->nflows--;
	cvsw_free(f);
	if (!s->nflows && !s->pinned)
		source_free(r, s);
}

/* ---- recently completed or evicted keys ---- */

static struct reasm_recent *recent_set(const struct reasm *r, u32 hash)
{
	u32 nsets = r->nrecent / RECENT_WAYS;

	return &r->recent[(rotl(hash, 16) & (nsets - 1)) * RECENT_WAYS];
}

static bool recent_valid(const struct reasm *r, const struct reasm_recent *e,
			 u64 now_ms)
{
	if (!e->used)
		return false;
	/* A clock that went backwards makes entries look ancient: ignored. */
	return !r->lim.timeout_ms ||
	       (u32)((u32)now_ms - e->when) < min_t(u32, r->lim.timeout_ms, 1U << 30);
}

static void recent_add(struct reasm *r, const struct reasm_flow *f)
{
	struct reasm_recent *set = recent_set(r, f->hash), *e = &set[0];
	u32 i, now = (u32)r->now_ms;

	for (i = 0; i < RECENT_WAYS; i++) {
		struct reasm_recent *c = &set[i];

		if (c->used && c->hash == f->hash && c->id == f->key.id) {
			e = c;
			break;
		}
		/* Else the unused or the least recent entry. */
		if (!c->used || (e->used && (u32)(now - c->when) > (u32)(now - e->when)))
			e = c;
	}
	e->hash = f->hash;
	e->id = f->key.id;
	e->when = now;
	e->used = 1;
}

static bool recent_hit(const struct reasm *r, const struct reasm_key *key,
		       u32 hash, u64 now_ms)
{
	const struct reasm_recent *set = recent_set(r, hash);
	u32 i;

	for (i = 0; i < RECENT_WAYS; i++)
		if (set[i].hash == hash && set[i].id == key->id &&
		    recent_valid(r, &set[i], now_ms))
			return true;
	return false;
}

/* ---- dropping whole flows ---- */

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

/* Evicted and refused payloads are remembered: their late pieces are stale. */
static void flow_evict(struct reasm *r, struct reasm_flow *f,
		       enum reasm_drop reason)
{
	r->stats.evicted++;
	if (reason == REASM_DROP_EVICT_SOURCE)
		r->stats.evicted_source++;
	else if (reason == REASM_DROP_EVICT_FLOWS)
		r->stats.evicted_flows++;
	else
		r->stats.evicted_mem++;
	recent_add(r, f);
	flow_drop(r, f, reason);
}

static void flow_refuse(struct reasm *r, struct reasm_flow *f)
{
	r->stats.refused++;
	recent_add(r, f);
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

/* ---- placement ---- */

static struct placement place_as(enum place place)
{
	return (struct placement){ .place = place };
}

static struct placement drop_for(enum reasm_drop reason)
{
	return (struct placement){ .place = PLACE_DROP, .reason = reason };
}

static bool overlaps(const struct reasm_frag *a, u32 tail, u32 end)
{
	return a->tail < end && tail < a->tail + a->len;
}

/* Does [tail, end) overlap a held frag marked FRAG_PREFIRST? Rare path. */
static bool hits_suspect(const struct reasm_flow *f, u32 tail, u32 end)
{
	const struct reasm_frag *c;

	if (!f->nprefirst)
		return false;
	for (c = f->chain; c; c = c->next)
		if ((c->flags & FRAG_PREFIRST) && overlaps(c, tail, end))
			return true;
	for (c = f->ooo; c; c = c->next)
		if ((c->flags & FRAG_PREFIRST) && overlaps(c, tail, end))
			return true;
	return false;
}

/* frag overlaps the held frag h (and maybe others). */
static struct placement conflict(const struct reasm_flow *f,
				 const struct reasm_frag *h,
				 const struct reasm_frag *frag)
{
	u32 end = frag->tail + frag->len;

	if (h->tail == frag->tail && h->len == frag->len) {
		if (!h->sum || !frag->sum || h->sum == frag->sum)
			return drop_for(REASM_DROP_DUPLICATE);
		/* The same range with other bytes: another payload's piece. */
		if (h->flags & FRAG_PREFIRST)
			return place_as(PLACE_EVICT_SUSPECTS);
		return place_as(PLACE_RESTART_OOO);
	}
	if (hits_suspect(f, frag->tail, end))
		return place_as(PLACE_EVICT_SUSPECTS);
	return drop_for(REASM_DROP_OVERLAP);
}

/* Sorted, disjoint insertion into the ooo list: O(1) below everything held. */
static struct placement place_ooo(const struct reasm_flow *f,
				  const struct reasm_frag *frag)
{
	struct reasm_frag *prev = NULL, *cur;
	u32 tail = frag->tail, end = tail + frag->len;

	if (f->ooo_last && f->ooo_last->tail >= end)
		return (struct placement){ .place = PLACE_OOO,
					   .after = f->ooo_last };

	/* Find the first frag not above this one. */
	for (cur = f->ooo; cur && cur->tail > tail; cur = cur->next)
		prev = cur;
	if (cur && cur->tail + cur->len > tail)
		return conflict(f, cur, frag);
	if (prev && prev->tail < end)
		return conflict(f, prev, frag);
	return (struct placement){ .place = PLACE_OOO, .after = prev };
}

static struct placement place_first(const struct reasm_flow *f,
				    const struct reasm_frag *frag)
{
	const struct reasm_frag *held = f->chain;

	if (f->has_first) {
		if (held->tail == frag->tail && held->len == frag->len &&
		    (!held->sum || !frag->sum || held->sum == frag->sum))
			return drop_for(REASM_DROP_DUPLICATE);
		return place_as(PLACE_RESTART_FIRST);
	}
	/* Held bytes at or above the first's tail cannot be this payload's. */
	if (f->ooo && f->ooo->tail + f->ooo->len > frag->tail)
		return place_as(PLACE_STALE_FIRST);
	return place_as(PLACE_FIRST);
}

static struct placement place_frag(const struct reasm_flow *f, bool first,
				   const struct reasm_frag *frag)
{
	const struct reasm_frag *cur;
	u32 tail = frag->tail, end = tail + frag->len;

	if (first)
		return place_first(f, frag);
	if (!f->has_first)
		return place_ooo(f, frag);
	if (end > f->size)
		return drop_for(REASM_DROP_INCONSISTENT);
	if (end > f->chain_low) {
		/* The chain frag holding the byte at tail (or at chain_low). */
		if (tail < f->chain_low)
			cur = f->chain_last;
		else
			for (cur = f->chain; cur->tail > tail; cur = cur->next)
				;
		return conflict(f, cur, frag);
	}
	if (end == f->chain_low) {
		/* The ooo head ends strictly below chain_low (else pulled). */
		if (f->ooo && f->ooo->tail + f->ooo->len > tail)
			return conflict(f, f->ooo, frag);
		return place_as(PLACE_CHAIN);
	}
	return place_ooo(f, frag);
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

static void ooo_append(struct reasm_flow *f, struct reasm_frag *frag)
{
	frag->next = NULL;
	if (f->ooo_last)
		f->ooo_last->next = frag;
	else
		f->ooo = frag;
	f->ooo_last = frag;
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

/*
 * Drop every FRAG_PREFIRST frag of a flow that has its first, then rebuild
 * chain and ooo from what is left (all of it is sorted: chain, then ooo).
 */
static void evict_suspects(struct reasm *r, struct reasm_flow *f)
{
	struct reasm_frag *rest, *frag, *next;

	f->chain_last->next = f->ooo;
	rest = f->chain->next;
	f->chain->next = NULL;
	f->chain_last = f->chain;
	f->chain_low = f->chain->tail;
	f->ooo = f->ooo_last = NULL;
	for (frag = rest; frag; frag = next) {
		next = frag->next;
		if (frag->flags & FRAG_PREFIRST) {
			uncharge(r, f, frag->truesize);
			f->nfrags--;
			r->nfrags--;
			drop_frag(r, frag, REASM_DROP_STALE);
		} else if (!f->ooo && frag->tail + frag->len == f->chain_low) {
			chain_append(f, frag);
		} else {
			ooo_append(f, frag);
		}
	}
	f->nprefirst = 0;
}

/* ---- eviction ---- */

/* Memory is evicted down to this once max_mem is hit. */
static u32 mem_target(const struct reasm *r)
{
	return min_t(u32, r->lim.low_mem, r->lim.max_mem);
}

/*
 * Is s over its share of the limit being enforced (need: what it asks for
 * on top)? Shares are of max_flows, or of base bytes of memory (what memory
 * is being evicted down to).
 */
static bool over_share(const struct reasm *r, const struct reasm_source *s,
		       bool count, u64 need, u32 base)
{
	u32 n = r->nsources ? r->nsources : 1;

	if (count)
		return (u64)s->nflows + need > r->lim.max_flows / n;
	return (u64)s->mem + need > base / n;
}

/* The least recently used flow of s other than keep. */
static struct reasm_flow *oldest_of(const struct reasm_source *s,
				    const struct reasm_flow *keep)
{
	struct reasm_flow *f = s->lru_head;

	if (f && f == keep)
		f = f->src_next;
	return f;
}

/*
 * Pick a flow to evict for the memory (count false; shares of base bytes)
 * or payload count limit. req: the source asking for room (NULL: none, the
 * limits were lowered), need: what it asks for; keep: a flow that must stay.
 */
static struct reasm_flow *pick_victim(const struct reasm *r,
				      const struct reasm_source *req,
				      const struct reasm_flow *keep,
				      bool count, u64 need, u32 base,
				      enum reasm_drop *why)
{
	const struct reasm_source *s, *hog = NULL;
	struct reasm_flow *f;
	u32 i;

	/* A source over its share makes room from its own payloads. */
	if (req && over_share(r, req, count, need, base)) {
		f = oldest_of(req, keep);
		if (f) {
			*why = REASM_DROP_EVICT_SOURCE;
			return f;
		}
	}
	*why = count ? REASM_DROP_EVICT_FLOWS : REASM_DROP_EVICT_MEM;
	/* The oldest payload of a source over its share: near the LRU head... */
	for (f = r->lru_head, i = 0; f && i < FAIR_SCAN; f = f->lru_next, i++)
		if (f != keep && over_share(r, f->src, count, 0, base))
			return f;
	/* ... or else that of the source most over it. */
	for (s = r->src_list; s; s = s->next) {
		if (!over_share(r, s, count, 0, base) || !oldest_of(s, keep))
			continue;
		if (!hog || (count ? s->nflows > hog->nflows : s->mem > hog->mem))
			hog = s;
	}
	if (hog)
		return oldest_of(hog, keep);
	/* Nobody is over its share: the globally least recently used. */
	f = r->lru_head;
	if (f && f == keep)
		f = f->lru_next;
	return f;
}

/* Evict until need more bytes fit under low_mem (or under max_mem at least). */
static void make_room(struct reasm *r, const struct reasm_source *req,
		      const struct reasm_flow *keep, u64 need)
{
	enum reasm_drop why;

	while ((u64)r->mem + need > mem_target(r)) {
		struct reasm_flow *victim = pick_victim(r, req, keep, false, need,
							 mem_target(r), &why);

		if (!victim)
			return;
		flow_evict(r, victim, why);
	}
}

/* Enforce the limits as they are now (lowered at run time). */
static void shrink(struct reasm *r)
{
	enum reasm_drop why;

	while (r->nflows > r->lim.max_flows) {
		struct reasm_flow *victim = pick_victim(r, NULL, NULL, true, 0, 0, &why);

		flow_evict(r, victim, why);
	}
	if (r->mem > r->lim.max_mem)
		make_room(r, NULL, NULL, 0);
}

u32 sclp_reasm_shrink_to(struct reasm *r, u32 mem)
{
	enum reasm_drop why;
	u32 n = 0;

	while (r->mem > mem) {
		struct reasm_flow *victim = pick_victim(r, NULL, NULL, false, 0, mem, &why);

		if (!victim)
			break;
		flow_evict(r, victim, why);
		n++;
	}
	return n;
}

static struct reasm_flow *flow_new(struct reasm *r, struct reasm_source *s,
				   const struct reasm_key *key, u32 hash,
				   u64 now_ms)
{
	struct reasm_flow *f = cvsw_alloc(sizeof(*f));

	if (!f)
		return NULL;
	f->key = *key;
	f->hash = hash;
	f->start_ms = now_ms;
	f->src = s;
	hash_insert(&r->buckets[hash & (r->nbuckets - 1)], f);
	lru_append(r, f);
	src_append(s, f);
	s->nflows++;
	r->nflows++;
	charge(r, f, FLOW_OVERHEAD);
	return f;
}

/*
 * Admit truesize more bytes for f (NULL: a new flow of source s), evicting
 * others as needed. Returns the drop reason, or REASM_DROP_MAX when
 * admitted. A flow that cannot take the frag is dropped whole: it could
 * never complete.
 */
static enum reasm_drop admit(struct reasm *r, struct reasm_flow *f,
			     struct reasm_source *s, u32 truesize)
{
	u64 need = (u64)truesize + (f ? 0 : FLOW_OVERHEAD);
	u64 flow_after = (f ? f->mem : 0) + need;
	enum reasm_drop why;

	if (flow_after > r->lim.max_mem ||
	    (r->lim.max_flow_mem && flow_after > r->lim.max_flow_mem)) {
		if (f)
			flow_refuse(r, f);
		return REASM_DROP_MEMLIMIT;
	}
	if (!f && r->nflows >= r->lim.max_flows) {
		struct reasm_flow *victim = pick_victim(r, s, NULL, true, 1, 0, &why);

		if (victim)
			flow_evict(r, victim, why);
	}
	if ((u64)r->mem + need > r->lim.max_mem)
		make_room(r, s, f, need);
	if ((u64)r->mem + need > r->lim.max_mem ||
	    (!f && r->nflows >= r->lim.max_flows)) {
		/* Not reached: everything else can be evicted. */
		if (f)
			flow_refuse(r, f);
		return REASM_DROP_MEMLIMIT;
	}
	return REASM_DROP_MAX;
}

/* A segment charging far more than its bytes (see reasm.h). */
static bool truesize_absurd(const struct reasm_frag *frag)
{
	return frag->truesize >
	       (u64)frag->len * REASM_TRUESIZE_RATIO + REASM_TRUESIZE_SLACK;
}

/* Mark the frags held before the first as suspects. */
static void mark_suspects(struct reasm_flow *f)
{
	struct reasm_frag *c;

	for (c = f->ooo; c; c = c->next) {
		c->flags |= FRAG_PREFIRST;
		f->nprefirst++;
	}
}

static void flow_restart(struct reasm *r, struct reasm_flow *f,
			 enum reasm_drop reason, u64 now_ms)
{
	if (reason == REASM_DROP_RESTART)
		r->stats.restarted++;
	r->stats.drops[reason] += flow_clear(r, f);
	f->start_ms = now_ms;
}

enum reasm_result sclp_reasm_add(struct reasm *r, const struct reasm_key *key,
			    bool first, struct reasm_frag *frag, u64 now_ms,
			    struct reasm_frag **out, u32 *out_size)
{
	struct reasm_flow *f;
	struct reasm_source *s = NULL;
	struct placement pl = { .place = first ? PLACE_FIRST : PLACE_OOO };
	enum reasm_drop reason;
	u32 hash = 0;

	*out = NULL;
	*out_size = 0;
	r->stats.frags_in++;
	if (now_ms > r->now_ms)
		r->now_ms = now_ms;
	frag->flags = 0;
	if (!frag->len || (u64)frag->tail + frag->len > r->lim.max_size) {
		drop_frag(r, frag, REASM_DROP_MALFORMED);
		return REASM_DROPPED;
	}
	if (truesize_absurd(frag)) {
		drop_frag(r, frag, REASM_DROP_MEMLIMIT);
		return REASM_DROPPED;
	}
	if (unlikely(r->mem > r->lim.max_mem || r->nflows > r->lim.max_flows))
		shrink(r);

	if (r->lru_head && flow_expired(r, r->lru_head, now_ms))
		flow_expire(r, r->lru_head);

	/* A payload's segments mostly arrive in a row: try the flow used
	 * last (the LRU tail) before hashing the key.
	 */
	f = r->lru_tail;
	if (!f || memcmp(&f->key, key, sizeof(*key))) {
		hash = key_hash(key, r->hash_seed);
		f = flow_find(r->buckets[hash & (r->nbuckets - 1)], key);
	} else {
		hash = f->hash;
	}
	if (f && flow_expired(r, f, now_ms)) {
		flow_expire(r, f);
		f = NULL;
	}

	if (f) {
		pl = place_frag(f, first, frag);
		if (pl.place == PLACE_EVICT_SUSPECTS) {
			evict_suspects(r, f);
			pl = place_frag(f, first, frag);
			if (pl.place == PLACE_EVICT_SUSPECTS) /* not reached */
				pl = drop_for(REASM_DROP_OVERLAP);
		}
		switch (pl.place) {
		case PLACE_DROP:
			drop_frag(r, frag, pl.reason);
			return REASM_DROPPED;
		case PLACE_RESTART_FIRST:
			flow_restart(r, f, REASM_DROP_RESTART, now_ms);
			pl.place = PLACE_FIRST;
			break;
		case PLACE_STALE_FIRST:
			flow_restart(r, f, REASM_DROP_STALE, now_ms);
			pl.place = PLACE_FIRST;
			break;
		case PLACE_RESTART_OOO:
			flow_restart(r, f, REASM_DROP_RESTART, now_ms);
			pl.place = PLACE_OOO;
			pl.after = NULL;
			break;
		default:
			break;
		}
		lru_touch(r, f);
		s = f->src;
		s->pinned = true; /* f may be refused below */
	} else {
		/* Nothing held: a late piece of a payload just finished? */
		if (!first && recent_hit(r, key, hash, now_ms)) {
			drop_frag(r, frag, REASM_DROP_STALE);
			return REASM_DROPPED;
		}
		s = source_get(r, key);
		if (!s) {
			drop_frag(r, frag, REASM_DROP_NOMEM);
			return REASM_DROPPED;
		}
	}

	reason = admit(r, f, s, frag->truesize);
	if (reason == REASM_DROP_MAX && !f) {
		f = flow_new(r, s, key, hash, now_ms);
		if (!f)
			reason = REASM_DROP_NOMEM;
	}
	source_unpin(r, s);
	if (reason != REASM_DROP_MAX) {
		drop_frag(r, frag, reason);
		return REASM_DROPPED;
	}

	charge(r, f, frag->truesize);
	f->nfrags++;
	r->nfrags++;
	switch (pl.place) {
	case PLACE_FIRST:
		f->has_first = true;
		f->size = frag->tail + frag->len; /* eq. 1 */
		mark_suspects(f);
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
	recent_add(r, f);
	flow_free(r, f);
	return REASM_DONE;
}

u32 sclp_reasm_expire(struct reasm *r, u64 now_ms)
{
	struct reasm_flow *f = r->lru_head, *next;
	u32 n = 0;

	if (now_ms > r->now_ms)
		r->now_ms = now_ms;
	/* LRU order is by last use, not by age: look at every payload. */
	for (; f; f = next) {
		next = f->lru_next;
		if (flow_expired(r, f, now_ms)) {
			flow_expire(r, f);
			n++;
		}
	}
	if (r->mem > r->lim.max_mem || r->nflows > r->lim.max_flows)
		shrink(r);
	return n;
}

static bool limits_ok(const struct reasm_limits *lim)
{
	return lim && lim->max_mem && lim->low_mem <= lim->max_mem &&
	       lim->max_flows && lim->max_size;
}

/* The highest byte a flow holds or announces (tail distance). */
static u32 flow_top(const struct reasm_flow *f)
{
	if (f->has_first)
		return f->size;
	return f->ooo->tail + f->ooo->len;
}

int sclp_reasm_set_limits(struct reasm *r, const struct reasm_limits *lim)
{
	struct reasm_flow *f, *next;

	if (!limits_ok(lim))
		return -EINVAL;
	r->lim = *lim;
	/* Payloads above a lowered max_size, or a lowered per-payload cap. */
	for (f = r->lru_head; f; f = next) {
		next = f->lru_next;
		if (flow_top(f) > lim->max_size ||
		    (lim->max_flow_mem && f->mem > lim->max_flow_mem))
			flow_refuse(r, f);
	}
	shrink(r);
	return 0;
}

int sclp_reasm_init(struct reasm *r, const struct reasm_limits *lim,
	       u32 nbuckets, u32 hash_seed, const struct reasm_ops *ops, void *ctx)
{
	if (!limits_ok(lim) || !ops || !ops->free_frag || !nbuckets ||
	    nbuckets > MAX_BUCKETS || (nbuckets & (nbuckets - 1)))
		return -EINVAL;

	memset(r, 0, sizeof(*r));
	r->nrecent = nbuckets < MIN_RECENT ? MIN_RECENT :
		     nbuckets > MAX_RECENT ? MAX_RECENT : nbuckets;
	/* The tables: once, in process context (per-payload memory is atomic). */
	r->buckets = cvsw_alloc_sleepable(nbuckets * sizeof(*r->buckets));
	r->src_buckets = cvsw_alloc_sleepable(nbuckets * sizeof(*r->src_buckets));
	r->recent = cvsw_alloc_sleepable(r->nrecent * sizeof(*r->recent));
	if (!r->buckets || !r->src_buckets || !r->recent) {
		cvsw_free_sleepable(r->buckets);
		cvsw_free_sleepable(r->src_buckets);
		cvsw_free_sleepable(r->recent);
		r->buckets = NULL;
		r->src_buckets = NULL;
		r->recent = NULL;
		return -ENOMEM;
	}
	r->lim = *lim;
	r->ops = ops;
	r->ctx = ctx;
	r->nbuckets = nbuckets;
	r->hash_seed = hash_seed;
	return 0;
}

void sclp_reasm_destroy(struct reasm *r)
{
	while (r->lru_head) {
		struct reasm_flow *f = r->lru_head;

		flow_clear(r, f);
		flow_free(r, f);
	}
	cvsw_free(r->src_spare);
	cvsw_free_sleepable(r->buckets);
	cvsw_free_sleepable(r->src_buckets);
	cvsw_free_sleepable(r->recent);
	r->src_spare = NULL;
	r->buckets = NULL;
	r->src_buckets = NULL;
	r->recent = NULL;
	r->nbuckets = 0;
	r->nrecent = 0;
}

/*
 * ---- for tests and benchmarks ----
 * Accessors and the invariant checker: the unit tests, fuzzers and
 * benchmarks call them, and proto_selftest.ko (which defines
 * CVSW_PROTO_SELFTEST); cvsw.ko never does, so they are left out of it.
 * They stay in this file because the checker reads the engine's private
 * structures and static helpers.
 */
#if !defined(__KERNEL__) || defined(CVSW_PROTO_SELFTEST)

u32 sclp_reasm_mem(const struct reasm *r)
{
	return r->mem;
}

u32 sclp_reasm_flow_overhead(void)
{
	return FLOW_OVERHEAD;
}

u32 sclp_reasm_table_bytes(const struct reasm *r)
{
	return r->nbuckets * (u32)(sizeof(*r->buckets) + sizeof(*r->src_buckets)) +
	       r->nrecent * (u32)sizeof(*r->recent);
}

/* invariants */

/* Check one list of a flow: sorted, disjoint, within max_size; sums it up. */
static bool list_ok(const struct reasm *r, const struct reasm_frag *frag,
		    const struct reasm_frag *last, u32 *mem, u32 *n,
		    u32 *lowest, u32 *suspects, u32 *bytes)
{
	const struct reasm_frag *prev = NULL;

	for (; frag; prev = frag, frag = frag->next) {
		if (++*n > r->nfrags || !frag->len ||
		    (u64)frag->tail + frag->len > r->lim.max_size ||
		    truesize_absurd(frag) || (frag->flags & ~FRAG_PREFIRST))
			return false;
		if (prev && frag->tail + frag->len > prev->tail)
			return false;
		*mem += frag->truesize;
		*bytes += frag->len;
		*lowest = frag->tail;
		*suspects += frag->flags & FRAG_PREFIRST;
	}
	return prev == last;
}

static bool flow_ok(const struct reasm *r, const struct reasm_flow *f)
{
	const struct reasm_frag *c;
	u32 mem = FLOW_OVERHEAD, n = 0, low = 0, suspects = 0, bytes = 0;

	if (!list_ok(r, f->chain, f->chain_last, &mem, &n, &low, &suspects, &bytes))
		return false;
	if (f->has_first != !!f->chain)
		return false;
	if (f->has_first) {
		if (low != f->chain_low || f->chain->tail + f->chain->len != f->size ||
		    (f->chain->flags & FRAG_PREFIRST))
			return false;
		/* The chain is contiguous. */
		for (c = f->chain; c->next; c = c->next)
			if (c->next->tail + c->next->len != c->tail)
				return false;
		/* A gap separates the ooo list from the chain. */
		if (f->ooo && f->ooo->tail + f->ooo->len >= f->chain_low)
			return false;
	}
	if (!list_ok(r, f->ooo, f->ooo_last, &mem, &n, &low, &suspects, &bytes))
		return false;
	/* The per-payload limit is in payload bytes: at most max_size. */
	if (bytes > r->lim.max_size || (f->has_first && bytes > f->size))
		return false;
	/* Suspects exist only once a first arrived after them. */
	if (suspects != f->nprefirst || (suspects && !f->has_first))
		return false;
	if (f->hash != key_hash(&f->key, r->hash_seed) || !f->src ||
	    !source_is(f->src, &f->key))
		return false;
	return mem == f->mem && n == f->nfrags && f->mem <= r->lim.max_mem &&
	       (!r->lim.max_flow_mem || f->mem <= r->lim.max_flow_mem) &&
	       *f->hpprev == f;
}

static bool sources_ok(const struct reasm *r)
{
	const struct reasm_source *s, *sprev = NULL;
	const struct reasm_flow *f, *prev;
	u32 nsrc = 0, nflows = 0;
	u64 mem = 0;

	for (s = r->src_list; s; sprev = s, s = s->next) {
		u32 n = 0;
		u64 smem = 0;
		struct reasm_key k;

		if (++nsrc > r->nsources || s->prev != sprev || s->pinned ||
		    *s->hpprev != s)
			return false;
		memset(&k, 0, sizeof(k));
		memcpy(k.saddr, s->saddr, sizeof(k.saddr));
		k.family = s->family;
		if (source_find(r, &k, source_hash(&k, r->hash_seed)) != s)
			return false;
		for (prev = NULL, f = s->lru_head; f; prev = f, f = f->src_next) {
			if (++n > s->nflows || f->src != s || f->src_prev != prev)
				return false;
			smem += f->mem;
		}
		if (prev != s->lru_tail || n != s->nflows || !n || smem != s->mem)
			return false;
		nflows += n;
		mem += smem;
	}
	return nsrc == r->nsources && nflows == r->nflows && mem == r->mem &&
	       nsrc <= r->lim.max_flows;
}

bool sclp_reasm_consistent(const struct reasm *r)
{
	const struct reasm_flow *f, *prev = NULL;
	u32 nflows = 0, nfrags = 0, i;
	u64 mem = 0, drops = 0;

	for (f = r->lru_head; f; prev = f, f = f->lru_next) {
		if (++nflows > r->nflows || f->lru_prev != prev || !flow_ok(r, f))
			return false;
		if (flow_find(r->buckets[f->hash & (r->nbuckets - 1)], &f->key) != f)
			return false;
		mem += f->mem;
		nfrags += f->nfrags;
	}
	for (i = 0; i < REASM_DROP_MAX; i++)
		drops += r->stats.drops[i];
	return prev == r->lru_tail && nflows == r->nflows &&
	       nflows <= r->lim.max_flows && mem == r->mem &&
	       mem <= r->lim.max_mem && nfrags == r->nfrags && sources_ok(r) &&
	       r->stats.frags_in == r->stats.frags_out + r->nfrags + drops &&
	       r->stats.evicted == r->stats.evicted_source + r->stats.evicted_mem +
				   r->stats.evicted_flows;
}

#endif /* !__KERNEL__ || CVSW_PROTO_SELFTEST */
