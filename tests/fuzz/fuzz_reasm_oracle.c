// SPDX-License-Identifier: GPL-2.0
/*
 * proto/reasm.c against an oracle: 2-4 senders send real payloads (distinct
 * random bytes, the sender's serial number in front) cut into segments of
 * random sizes, through a channel that loses, duplicates and reorders them
 * while the clock advances (expiry) and ids are reused from a pool of 1, 2,
 * 3 or 64 per sender, including while pieces of the older payload are held.
 *
 * Checked after every engine call: every delivered payload is byte for byte
 * one payload that sender sent with that id (never a mix of two), its frags
 * are that payload's, sclp_reasm_mem() <= max_mem, sclp_reasm_consistent(), and an
 * independent ledger of frags and truesize agrees with the engine's books.
 *
 * The channel model is what the engine guarantees (reasm.h): when a sender
 * reuses an id, either
 *  - T: the new payload comes more than timeout_ms after the last piece of
 *    the older one (pieces of the older one still in the channel are lost),
 *    and then anything goes; or
 *  - W: at once, provided every copy of the older payload was delivered, its
 *    first segment was held by the engine, no piece of it was held after
 *    its payload ended (completed, evicted, expired or restarted: the
 *    oracle sees this in free_frag and in the results), and the new first
 *    differs in len/remaining or, with sums, in its sum. The new payload's
 *    first segment is then never lost and arrives before its other pieces;
 *    the engine may refuse it only for memory (MEMLIMIT), and then the rest
 *    of that payload is lost.
 * Within those rules the fuzzer picks losses, duplicates, order, time,
 * memory limits lowered or raised at run time (sclp_reasm_set_limits), sums
 * known or not, and interleaving with the other senders and ids freely.
 *
 * Input: a stream of bytes read on demand (0 once exhausted): a header,
 * then operations until the input is used up.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "proto/reasm.h"

#define REQUIRE(c) do { if (!(c)) { \
	fprintf(stderr, "oracle: %s:%d: %s\n", __FILE__, __LINE__, #c); \
	__builtin_trap(); } } while (0)

#define MAX_SENDERS 4
#define MAX_IDS 64
#define MAX_PAYLOADS 192
#define MAX_PENDING 4096
#define MAX_BYTES (12U << 20) /* payload bytes per input */
#define TIMEOUT_MS 1000

struct in {
	const u8 *p;
	size_t n;
};

static u32 take(struct in *in, u32 nbytes)
{
	u32 v = 0, i;

	for (i = 0; i < nbytes && in->n; i++, in->p++, in->n--)
		v |= (u32)*in->p << (8 * i);
	return v;
}

struct seg {
	u32 off, len;
};

struct payload {
	u32 sender, id, size, nsegs;
	u8 *bytes;
	struct seg *segs;
	u32 pending;      /* copies in the channel */
	bool first_held;  /* the engine held (or completed with) its first */
	bool ended;       /* completed, or a held frag of it was freed */
	bool held_after_end;
	bool lead;        /* W: its first must arrive before its other pieces */
	bool first_sent;  /* for lead: the first was delivered */
	bool delivered;
};

/* A copy in the channel: which segment, and how many more duplicates. */
struct copy {
	u16 payload, seg;
	u8 dups;
};

struct ofrag {
	struct reasm_frag f; /* first: the engine's pointer is ours */
	u32 payload, seg;
	u8 data[];
};

struct oracle {
	struct reasm r;
	struct reasm_limits lim;
	u64 now;
	bool sums;
	u32 nsenders, nids;
	struct payload pay[MAX_PAYLOADS];
	u32 npay, bytes;
	int cur[MAX_SENDERS][MAX_IDS]; /* latest payload per (sender, id) */
	struct copy pending[MAX_PENDING];
	u32 npending;
	struct ofrag *offering; /* the frag offered in the current call */
	u64 truesize_in, truesize_freed, truesize_out, freed;
	u64 done;
};

static struct oracle O;

static void free_frag(struct reasm_frag *f, void *ctx)
{
	struct oracle *o = ctx;
	struct ofrag *of = (struct ofrag *)f;

	o->freed++;
	o->truesize_freed += f->truesize;
	/* A held frag freed: its payload is gone from the engine. */
	if (of != o->offering)
		o->pay[of->payload].ended = true;
	free(of);
}

static const struct reasm_ops ops = { .free_frag = free_frag };

static u32 fnv(const u8 *p, u32 len, u32 h)
{
	while (len--)
		h = (h ^ *p++) * 16777619U;
	return h;
}

static struct reasm_key key_of(const struct oracle *o, u32 sender, u32 id)
{
	struct reasm_key k;

	(void)o;
	memset(&k, 0, sizeof(k));
	k.family = sender & 1 ? 6 : 4;
	k.proto = 234;
	k.saddr[0] = 10;
	k.saddr[3] = (u8)sender;
	k.daddr[0] = 10;
	k.daddr[3] = 200;
	k.sport = 4789;
	k.dport = 4789;
	k.id = id << 1;
	return k;
}

static void check(struct oracle *o)
{
	struct reasm *r = &o->r;
	u64 drops = 0;
	int i;

	for (i = 0; i < REASM_DROP_MAX; i++)
		drops += r->stats.drops[i];
	REQUIRE(sclp_reasm_consistent(r));
	REQUIRE(sclp_reasm_mem(r) <= r->lim.max_mem);
	REQUIRE(r->nflows <= r->lim.max_flows);
	REQUIRE(r->stats.frags_in == r->stats.frags_out + r->nfrags + drops);
	REQUIRE(o->freed == drops);
	REQUIRE(r->mem == o->truesize_in - o->truesize_freed - o->truesize_out +
			  (u64)r->nflows * sclp_reasm_flow_overhead());
}

/* A delivered payload must be one that sender sent with that id. */
static void verify(struct oracle *o, u32 sender, u32 id, struct reasm_frag *out,
		   u32 size)
{
	static u8 buf[65536];
	struct reasm_frag *f, *next;
	u32 pos = 0, i, owner, matches = 0;

	REQUIRE(out && size && size <= o->lim.max_size);
	owner = ((struct ofrag *)out)->payload;
	for (f = out; f; f = next) {
		struct ofrag *of = (struct ofrag *)f;

		next = f->next;
		REQUIRE(f->len && pos + f->len <= size && f->tail == size - pos - f->len);
		memcpy(buf + pos, of->data, f->len);
		pos += f->len;
		/* Every frag is a copy of a segment of one and the same payload. */
		REQUIRE(of->payload == owner);
		o->truesize_out += f->truesize;
		free(of);
	}
	REQUIRE(pos == size);
	for (i = 0; i < o->npay; i++) {
		const struct payload *p = &o->pay[i];

		if (p->sender == sender && p->id == id && p->size == size &&
		    !memcmp(p->bytes, buf, size)) {
			matches++;
			REQUIRE(i == owner);
		}
	}
	REQUIRE(matches == 1);
	o->pay[owner].ended = true;
	o->pay[owner].delivered = true;
	o->done++;
}

static void pending_remove(struct oracle *o, u32 i)
{
	o->pay[o->pending[i].payload].pending--;
	memmove(&o->pending[i], &o->pending[i + 1],
		(o->npending - i - 1) * sizeof(o->pending[0]));
	o->npending--;
}

static void pending_drop_payload(struct oracle *o, u32 p)
{
	u32 i = 0;

	while (i < o->npending) {
		if (o->pending[i].payload == p)
			pending_remove(o, i);
		else
			i++;
	}
}

/* Deliver one copy of segment s of payload p (the channel keeps dups). */
static void deliver(struct oracle *o, u32 p, u32 s, u32 extra)
{
	struct payload *pl = &o->pay[p];
	const struct seg *sg = &pl->segs[s];
	struct reasm_key key = key_of(o, pl->sender, pl->id);
	struct ofrag *of = malloc(sizeof(*of) + sg->len);
	struct reasm_frag *out;
	enum reasm_result res;
	bool was_ended = pl->ended;
	u64 memlimit = o->r.stats.drops[REASM_DROP_MEMLIMIT];
	u32 size;

	REQUIRE(of);
	memset(&of->f, 0, sizeof(of->f));
	of->payload = p;
	of->seg = s;
	memcpy(of->data, pl->bytes + sg->off, sg->len);
	of->f.tail = pl->size - sg->off - sg->len;
	of->f.len = sg->len;
	of->f.truesize = sg->len + extra;
	of->f.sum = o->sums ? fnv(of->data, sg->len, 2166136261U ^ of->f.tail) | 1 : 0;
	o->truesize_in += of->f.truesize;
	o->offering = of;
	res = sclp_reasm_add(&o->r, &key, s == 0, &of->f, o->now, &out, &size);
	o->offering = NULL;
	if (res == REASM_DONE) {
		verify(o, pl->sender, pl->id, out, size);
		if (s == 0)
			pl->first_held = true;
	} else {
		REQUIRE(!out && !size);
	}
	if (res == REASM_HELD) {
		if (s == 0)
			pl->first_held = true;
		if (was_ended)
			pl->held_after_end = true;
	}
	if (pl->lead && s == 0 && !pl->first_sent) {
		pl->first_sent = true;
		/*
		 * W: this first differs from the older one, so only memory may
		 * refuse it (never DUPLICATE); then the rest is lost, else it
		 * could join the older payload.
		 */
		if (res == REASM_DROPPED) {
			REQUIRE(o->r.stats.drops[REASM_DROP_MEMLIMIT] == memlimit + 1);
			pending_drop_payload(o, p);
		}
	}
	check(o);
}

static void deliver_at(struct oracle *o, u32 i, u32 extra);

static bool shapes_differ(const struct payload *a, const struct payload *b)
{
	return a->segs[0].len != b->segs[0].len || a->size != b->size;
}

/* A new payload of sender s with id `id`; false when out of room. */
static bool send_payload(struct oracle *o, struct in *in, u32 s, u32 id)
{
	struct payload *p, *prev;
	u32 n = o->npay, size, off, i, cut, maxseg, mode, want_w, x, gap;
	int pi = o->cur[s][id];

	/*
	 * Fixed layout: size 2, seed 2, mode 1, segment size 2, gap 1, then a
	 * cut byte per segment, then a fate byte per segment.
	 */
	size = 1 + take(in, 2) % o->lim.max_size;
	x = 0x9e3779b9U * (n + 1) ^ take(in, 2);
	mode = take(in, 1);
	maxseg = take(in, 2);
	gap = take(in, 1);
	if (n >= MAX_PAYLOADS || o->bytes + size > MAX_BYTES)
		return false;
	p = &o->pay[n];
	memset(p, 0, sizeof(*p));
	p->sender = s;
	p->id = id;
	p->size = size;
	p->bytes = malloc(size);
	p->segs = malloc(sizeof(*p->segs) * size);
	REQUIRE(p->bytes && p->segs);
	for (i = 0; i < size; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		p->bytes[i] = (u8)x;
	}
	/* The serial number in front keeps every payload distinct. */
	for (i = 0; i < 4 && i < size; i++)
		p->bytes[i] = (u8)(n >> (8 * i));
	if (size <= 4)
		p->bytes[0] ^= (u8)(s << 4 | id);
	/*
	 * Segments: a base size (mode 0x80: up to 2048, else 8-135), each cut
	 * that size (mode 0x40) or a random part of it.
	 */
	maxseg = 1 + (mode & 0x80 ? maxseg % 2048 : maxseg % 128 + 8);
	for (off = 0; off < size; off += cut) {
		u32 c = take(in, 1);

		cut = mode & 0x40 ? maxseg : 1 + c * maxseg / 256;
		if (cut > size - off)
			cut = size - off;
		p->segs[p->nsegs].off = off;
		p->segs[p->nsegs].len = cut;
		p->nsegs++;
	}
	if (p->nsegs > MAX_PENDING - o->npending) {
		free(p->bytes);
		free(p->segs);
		return false;
	}

	/*
	 * Reuse of the id: at once (W) when safe, else after the timeout (T).
	 * For W, copies of the older payload still in the channel arrive first.
	 */
	want_w = mode & 0x20;
	if (pi >= 0) {
		prev = &o->pay[pi];
		while (want_w && prev->pending) {
			for (i = 0; o->pending[i].payload != pi; i++)
				;
			deliver_at(o, i, 0);
		}
		if (!(want_w && !prev->pending && prev->first_held &&
		      !prev->held_after_end && (o->sums || shapes_differ(p, prev)))) {
			pending_drop_payload(o, pi);
			o->now += TIMEOUT_MS + 1 + gap;
			want_w = 0;
		}
		p->lead = want_w;
	}
	o->npay++;
	o->bytes += size;
	o->cur[s][id] = n;

	/* Into the channel: lost (never a leading first), once, or with dups. */
	for (i = 0; i < p->nsegs; i++) {
		u32 fate = take(in, 1);

		if ((fate & 0x7) == 0 && !(p->lead && i == 0))
			continue;
		o->pending[o->npending].payload = (u16)n;
		o->pending[o->npending].seg = (u16)i;
		o->pending[o->npending].dups = (fate >> 3 & 0x3) == 3 ? (fate >> 5) % 3 : 0;
		o->npending++;
		p->pending++;
	}
	return true;
}

/* Deliver the copy at i (or the leading first it must wait for). */
static void deliver_at(struct oracle *o, u32 i, u32 extra)
{
	struct copy c = o->pending[i];
	struct payload *p = &o->pay[c.payload];

	if (p->lead && !p->first_sent && c.seg != 0) {
		for (i = 0; i < o->npending; i++)
			if (o->pending[i].payload == c.payload && o->pending[i].seg == 0)
				break;
		REQUIRE(i < o->npending);
		c = o->pending[i];
	}
	if (c.dups)
		o->pending[i].dups--;
	else
		pending_remove(o, i);
	deliver(o, c.payload, c.seg, extra);
}

static void set_limits(struct oracle *o, struct in *in)
{
	struct reasm_limits lim = o->lim;
	u32 v = take(in, 2);

	lim.max_mem = 2048 + v % (1U << 20);
	lim.low_mem = lim.max_mem / 4 * (1 + take(in, 1) % 4);
	lim.max_flows = 1 + take(in, 1) % 64;
	REQUIRE(sclp_reasm_set_limits(&o->r, &lim) == 0);
	o->lim = o->r.lim;
	/* At once, not at the next segment. */
	REQUIRE(sclp_reasm_mem(&o->r) <= lim.max_mem);
	REQUIRE(o->r.nflows <= lim.max_flows);
	check(o);
}

#ifdef ORACLE_STATS
/* A driver build (see the Makefile's oracle-stats) sums what inputs reach. */
static u64 st_runs, st_pay, st_w, st_done, st_drops[REASM_DROP_MAX], st_restarted,
	   st_evicted[3], st_frags;

static void oracle_stats(const struct oracle *o)
{
	u32 i;

	st_runs++;
	st_pay += o->npay;
	st_done += o->done;
	st_frags += o->r.stats.frags_in;
	for (i = 0; i < o->npay; i++)
		st_w += o->pay[i].lead;
	for (i = 0; i < REASM_DROP_MAX; i++)
		st_drops[i] += o->r.stats.drops[i];
	st_restarted += o->r.stats.restarted;
	st_evicted[0] += o->r.stats.evicted_source;
	st_evicted[1] += o->r.stats.evicted_mem;
	st_evicted[2] += o->r.stats.evicted_flows;
}

__attribute__((destructor)) static void oracle_stats_print(void)
{
	static const char *const names[REASM_DROP_MAX] = {
		"malformed", "duplicate", "overlap", "inconsistent", "timeout",
		"memlimit", "nomem", "stale", "restart", "evict_source",
		"evict_mem", "evict_flows",
	};
	u32 i;

	fprintf(stderr, "oracle: %llu inputs, %llu payloads (%llu reusing an id at once), "
		"%llu delivered and verified, %llu frags, %llu restarts, evicted "
		"source/mem/flows %llu/%llu/%llu\noracle: drops",
		(unsigned long long)st_runs, (unsigned long long)st_pay,
		(unsigned long long)st_w, (unsigned long long)st_done,
		(unsigned long long)st_frags, (unsigned long long)st_restarted,
		(unsigned long long)st_evicted[0], (unsigned long long)st_evicted[1],
		(unsigned long long)st_evicted[2]);
	for (i = 0; i < REASM_DROP_MAX; i++)
		fprintf(stderr, " %s %llu", names[i], (unsigned long long)st_drops[i]);
	fprintf(stderr, "\n");
}
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const u32 max_sizes[] = { 512, 2048, 9000, 65535 };
	struct oracle *o = &O;
	struct in in = { data, size };
	u32 h, i, s;

	memset(o, 0, sizeof(*o));
	memset(o->cur, 0xff, sizeof(o->cur));
	/* Header: 4 bytes of settings (see the seed generator). */
	h = take(&in, 4);
	o->nsenders = 2 + (h & 3) % 3;
	o->nids = (h >> 2 & 3) == 3 ? MAX_IDS : 1 + (h >> 2 & 3);
	o->sums = !(h & 0x10);
	o->lim.max_size = max_sizes[h >> 6 & 3];
	o->lim.max_mem = 4096 + (h >> 8 & 63) * 8192;
	if (o->lim.max_size > 9000)
		o->lim.max_mem += 512 << 10;
	o->lim.low_mem = o->lim.max_mem / 4 * 3;
	o->lim.max_flows = 2 + (h >> 14 & 31);
	o->lim.timeout_ms = TIMEOUT_MS;
	if (!(h & 0x20))
		o->lim.max_flow_mem = o->lim.max_mem / 2 + 1;
	REQUIRE(sclp_reasm_init(&o->r, &o->lim, 1U << (h >> 19 & 7) % 5, h, &ops, o) == 0);

	while (in.n) {
		u32 op = take(&in, 1);

		switch (op % 16) {
		case 0: case 1: case 2:
			s = take(&in, 1);
			send_payload(o, &in, s % o->nsenders, take(&in, 1) % o->nids);
			break;
		case 3:
			/* Lose a copy (not a leading first still to come). */
			if (o->npending) {
				struct copy *c;

				i = take(&in, 2) % o->npending;
				c = &o->pending[i];
				if (!(o->pay[c->payload].lead && c->seg == 0 &&
				      !o->pay[c->payload].first_sent))
					pending_remove(o, i);
			}
			break;
		case 4:
			o->now += take(&in, 1);
			break;
		case 5:
			if (op & 0x10)
				o->now += TIMEOUT_MS / 2;
			sclp_reasm_expire(&o->r, o->now);
			check(o);
			break;
		case 6:
			if (op & 0xe0)
				break;
			set_limits(o, &in);
			break;
		case 7: case 8: case 9:
			/* Mostly in order: the oldest copy in the channel. */
			if (o->npending)
				deliver_at(o, 0, op >> 4 << 5);
			break;
		default:
			/* Any copy: reordering, interleaving senders and ids. */
			if (o->npending)
				deliver_at(o, take(&in, 2) % o->npending, op >> 4 << 5);
			break;
		}
	}
	/* Drain the channel in order: whatever completes must still be right. */
	while (o->npending)
		deliver_at(o, 0, 64);
#ifdef ORACLE_STATS
	oracle_stats(o);
#endif
	sclp_reasm_destroy(&o->r);
	REQUIRE(o->truesize_in == o->truesize_freed + o->truesize_out);
	for (i = 0; i < o->npay; i++) {
		free(o->pay[i].bytes);
		free(o->pay[i].segs);
	}
	return 0;
}
