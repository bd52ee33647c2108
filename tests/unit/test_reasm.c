// SPDX-License-Identifier: GPL-2.0
/*
 * proto/reasm.c with real bytes: each frag is a test buffer embedding
 * struct reasm_frag, delivered payloads are compared with the original, and
 * the books (stats, memory, frees) are checked after every test.
 *
 * Each frag made from payload bytes carries a fingerprint of them in
 * frag->sum (as the kernel passes the SCLP checksum), unless use_sums is
 * off: then the engine sees sum 0, "unknown".
 */
#include "check.h"
#include "proto/reasm.h"

struct tfrag {
	struct reasm_frag f; /* first: the engine's pointer is the buffer's */
	u8 data[];
};

/* What the test saw, kept independently of the engine's own counters. */
struct tctx {
	u64 freed;          /* frags handed to free_frag */
	u64 truesize_in;    /* offered */
	u64 truesize_freed; /* given back through free_frag */
	u64 truesize_out;   /* delivered in completed payloads */
};

static struct reasm R;
static struct tctx C;
static struct reasm_frag *last_out;
static u32 last_size;

static const struct reasm_limits DEF = {
	.max_mem = 4 << 20, .low_mem = 3 << 20, .max_flows = 1024,
	.timeout_ms = 30000, .max_size = 65535,
};

static u64 rng_state;
static bool use_sums = true;

static u32 rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (u32)((rng_state * 0x2545F4914F6CDD1DULL) >> 32);
}

static void tfree(struct reasm_frag *f, void *ctx)
{
	struct tctx *c = ctx;

	c->freed++;
	c->truesize_freed += f->truesize;
	free(f);
}

static const struct reasm_ops OPS = { .free_frag = tfree };

static u64 drops_total(void)
{
	u64 n = 0;
	int i;

	for (i = 0; i < REASM_DROP_MAX; i++)
		n += R.stats.drops[i];
	return n;
}

/* Everything the engine holds or gave back adds up, by two ledgers. */
static void check_books(void)
{
	CHECK(sclp_reasm_consistent(&R));
	CHECK_EQ(R.stats.frags_in, R.stats.frags_out + R.nfrags + drops_total());
	CHECK_EQ(C.freed, drops_total());
	CHECK_EQ(sclp_reasm_mem(&R), C.truesize_in - C.truesize_freed - C.truesize_out +
				(u64)R.nflows * sclp_reasm_flow_overhead());
	CHECK(R.nflows <= R.lim.max_flows);
	CHECK(R.mem <= R.lim.max_mem);
}

static void start(const struct reasm_limits *lim, u32 nbuckets)
{
	memset(&C, 0, sizeof(C));
	CHECK_EQ(sclp_reasm_init(&R, lim ? lim : &DEF, nbuckets, 0x5eed, &OPS, &C), 0);
}

static void finish(void)
{
	u64 held = R.nfrags, before = C.freed;

	check_books();
	sclp_reasm_destroy(&R);
	CHECK_EQ(C.freed - before, held);
	CHECK(R.buckets == NULL);
}

static struct reasm_key key_n(u32 n)
{
	struct reasm_key k;

	memset(&k, 0, sizeof(k));
	k.family = 4;
	k.proto = 234;
	k.saddr[0] = 10;
	k.saddr[3] = (u8)(n >> 8);
	k.daddr[0] = 10;
	k.daddr[3] = (u8)n;
	k.sport = (u16)(n * 7);
	k.dport = 4789;
	k.id = (n & 0xffff) << 1;
	return k;
}

static struct tfrag *mkraw(u32 tail, u32 len, u32 truesize)
{
	struct tfrag *t = malloc(sizeof(*t) + (len <= 65536 ? len : 0));

	t->f.next = NULL;
	t->f.tail = tail;
	t->f.len = len;
	t->f.truesize = truesize;
	t->f.sum = 0;
	t->f.flags = 0;
	return t;
}

/* FNV-1a over the bytes and the position: never 0. */
static u32 fingerprint(const u8 *p, u32 len, u32 tail)
{
	u32 h = 2166136261U ^ tail;

	while (len--)
		h = (h ^ *p++) * 16777619U;
	return h | 1;
}

/* Bytes [off, off+len) of a payload of size bytes, charged len + extra. */
static struct tfrag *mkfrag(const u8 *payload, u32 size, u32 off, u32 len,
			    u32 extra)
{
	struct tfrag *t = mkraw(size - off - len, len, len + extra);

	memcpy(t->data, payload + off, len);
	if (use_sums)
		t->f.sum = fingerprint(t->data, len, t->f.tail);
	return t;
}

static enum reasm_result offer(const struct reasm_key *k, bool first,
			       struct tfrag *t, u64 now)
{
	C.truesize_in += t->f.truesize;
	return sclp_reasm_add(&R, k, first, &t->f, now, &last_out, &last_size);
}

/*
 * Walk the last delivered payload: positions contiguous from size down to
 * 0, bytes equal to payload. Frees it. Returns the frag count, -1 if wrong.
 */
static int take_output(const u8 *payload, u32 size)
{
	struct reasm_frag *f = last_out, *next;
	u32 pos = size;
	int n = 0, bad = last_size != size || !f;

	for (; f; f = next) {
		next = f->next;
		if (f->tail + f->len != pos)
			bad = 1;
		else if (memcmp(((struct tfrag *)f)->data, payload + (size - pos), f->len))
			bad = 1;
		pos = f->tail;
		C.truesize_out += f->truesize;
		free(f);
		n++;
	}
	last_out = NULL;
	return bad || pos ? -1 : n;
}

static void fill(u8 *p, u32 n)
{
	while (n--)
		*p++ = (u8)rnd();
}

/* Segments of payload in order; returns how many (first at index 0). */
static u32 segment(const u8 *payload, u32 size, u32 mss, struct tfrag **segs,
		   u32 extra)
{
	u32 off, n = 0;

	for (off = 0; off < size; off += mss)
		segs[n++] = mkfrag(payload, size, off,
				   size - off < mss ? size - off : mss, extra);
	return n;
}

static void shuffle(u32 *order, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		order[i] = i;
	for (i = n; i > 1; i--) {
		u32 j = rnd() % i, t = order[i - 1];

		order[i - 1] = order[j];
		order[j] = t;
	}
}

static u8 pay[65536], pay2[65536];
static struct tfrag *segs[65536];
static u32 order[65536];

TEST(in_order_fig4)
{
	struct reasm_key k = key_n(1);

	rng_state = 1;
	fill(pay, 3000);
	start(NULL, 64);
	CHECK_EQ(segment(pay, 3000, 1468, segs, 0), 3);
	CHECK_EQ(offer(&k, true, segs[0], 0), REASM_HELD);
	CHECK_EQ(R.mem, sclp_reasm_flow_overhead() + 1468);
	CHECK_EQ(offer(&k, false, segs[1], 1), REASM_HELD);
	CHECK_EQ(offer(&k, false, segs[2], 2), REASM_DONE);
	CHECK_EQ(take_output(pay, 3000), 3);
	CHECK_EQ(R.stats.completed, 1);
	CHECK_EQ(R.stats.frags_out, 3);
	CHECK_EQ(R.stats.ooo_queued, 0);
	CHECK_EQ(R.mem, 0);
	CHECK_EQ(R.nflows, 0);
	finish();
}

TEST(reverse_order_fig6)
{
	struct reasm_key k = key_n(2);

	rng_state = 2;
	fill(pay, 3000);
	start(NULL, 64);
	segment(pay, 3000, 1468, segs, 100);
	CHECK_EQ(offer(&k, false, segs[2], 0), REASM_HELD);
	CHECK_EQ(offer(&k, false, segs[1], 0), REASM_HELD);
	CHECK_EQ(R.mem, sclp_reasm_flow_overhead() + 1568 + 164);
	CHECK_EQ(offer(&k, true, segs[0], 0), REASM_DONE);
	CHECK_EQ(take_output(pay, 3000), 3);
	CHECK_EQ(R.stats.ooo_queued, 2);
	CHECK_EQ(R.mem, 0);
	finish();
}

TEST(first_then_gap_then_fill)
{
	struct reasm_key k = key_n(3);
	u32 n;

	rng_state = 3;
	fill(pay, 10000);
	start(NULL, 64);
	n = segment(pay, 10000, 1000, segs, 0);
	CHECK_EQ(n, 10);
	CHECK_EQ(offer(&k, true, segs[0], 0), REASM_HELD);
	CHECK_EQ(offer(&k, false, segs[5], 0), REASM_HELD);
	CHECK_EQ(offer(&k, false, segs[9], 0), REASM_HELD);
	CHECK_EQ(offer(&k, false, segs[3], 0), REASM_HELD);
	CHECK_EQ(offer(&k, false, segs[1], 0), REASM_HELD);
	CHECK_EQ(offer(&k, false, segs[2], 0), REASM_HELD); /* pulls 3 */
	CHECK(sclp_reasm_consistent(&R));
	CHECK_EQ(offer(&k, false, segs[4], 0), REASM_HELD); /* pulls 5 */
	CHECK_EQ(offer(&k, false, segs[6], 0), REASM_HELD);
	CHECK_EQ(offer(&k, false, segs[8], 0), REASM_HELD);
	CHECK_EQ(offer(&k, false, segs[7], 0), REASM_DONE); /* pulls 8, 9 */
	CHECK_EQ(take_output(pay, 10000), 10);
	CHECK_EQ(R.stats.ooo_queued, 4); /* 5, 9, 3, 8 */
	finish();
}

/* Offer every segment in the given order; only the last may complete. */
static int run_order(const struct reasm_key *k, u32 size, u32 n)
{
	u32 i;
	int bad = 0;

	for (i = 0; i < n; i++) {
		enum reasm_result res = offer(k, order[i] == 0, segs[order[i]], 0);

		bad += res != (i + 1 == n ? REASM_DONE : REASM_HELD);
	}
	if (bad)
		return -1;
	return take_output(pay, size) == (int)n ? 0 : -1;
}

TEST(random_permutations)
{
	int iter, bad = 0;
	u64 done = 0;

	rng_state = 0xc0ffee;
	start(NULL, 256);
	for (iter = 0; iter < 600; iter++) {
		struct reasm_key k = key_n((u32)iter);
		u32 mss = 1 + rnd() % 1500, size, n;

		/* Keep tiny-MSS runs to a few thousand segments. */
		size = 1 + rnd() % (mss * 3000 < 65535 ? mss * 3000 : 65535);
		if (iter % 50 == 0) {
			size = 65535;
			mss += mss < 64 ? 64 : 0;
		}
		if (iter % 50 == 1)
			size = 1;
		fill(pay, size);
		/* Overheads up to 512 per frag, within the per-payload cap. */
		n = (size + mss - 1) / mss;
		CHECK_EQ(segment(pay, size, mss, segs, rnd() % (60000 / n < 512 ?
								 60000 / n + 1 : 512)), n);
		shuffle(order, n);
		bad += run_order(&k, size, n) != 0;
		done++;
	}
	CHECK_EQ(bad, 0);
	CHECK_EQ(R.stats.completed, done);
	CHECK_EQ(drops_total(), 0);
	CHECK_EQ(R.nflows, 0);
	finish();
}

TEST(max_payload_one_byte_segments)
{
	struct reasm_key k = key_n(9);
	u32 i, n;
	int bad = 0;

	rng_state = 9;
	fill(pay, 65535);
	start(NULL, 64);
	/* In order: 65535 O(1) appends. */
	n = segment(pay, 65535, 1, segs, 0);
	for (i = 0; i < n; i++)
		order[i] = i;
	CHECK_EQ(run_order(&k, 65535, n), 0);
	CHECK_EQ(R.stats.ooo_queued, 0);
	/*
	 * Reversed: every segment queues, the first pulls them all. Another
	 * payload, so another id: the id just completed is remembered and its
	 * late pieces are dropped.
	 */
	k.id += 2;
	n = segment(pay, 65535, 1, segs, 0);
	for (i = 0; i < n; i++)
		order[i] = n - 1 - i;
	CHECK_EQ(run_order(&k, 65535, n), 0);
	CHECK_EQ(R.stats.ooo_queued, 65534);
	bad += R.stats.completed != 2;
	CHECK_EQ(bad, 0);
	finish();
}

TEST(duplicates)
{
	struct reasm_key k = key_n(4);

	rng_state = 4;
	fill(pay, 5000);
	start(NULL, 64);
	segment(pay, 5000, 1000, segs, 0);
	CHECK_EQ(offer(&k, true, segs[0], 0), REASM_HELD);
	CHECK_EQ(offer(&k, true, mkfrag(pay, 5000, 0, 1000, 0), 0), REASM_DROPPED);
	CHECK_EQ(offer(&k, false, segs[1], 0), REASM_HELD);
	CHECK_EQ(offer(&k, false, mkfrag(pay, 5000, 1000, 1000, 0), 0), REASM_DROPPED);
	CHECK_EQ(offer(&k, false, segs[3], 0), REASM_HELD);
	CHECK_EQ(offer(&k, false, mkfrag(pay, 5000, 3000, 1000, 0), 0), REASM_DROPPED);
	CHECK_EQ(R.stats.drops[REASM_DROP_DUPLICATE], 3);
	CHECK_EQ(offer(&k, false, segs[4], 0), REASM_HELD);
	CHECK_EQ(offer(&k, false, segs[2], 0), REASM_DONE);
	CHECK_EQ(take_output(pay, 5000), 5);
	/* A late duplicate after completion is not held for the next payload. */
	CHECK_EQ(offer(&k, false, mkfrag(pay, 5000, 2000, 1000, 0), 10), REASM_DROPPED);
	CHECK_EQ(R.stats.drops[REASM_DROP_STALE], 1);
	CHECK_EQ(R.nflows, 0);
	/* The key is remembered for the timeout: later, a piece starts a payload. */
	CHECK_EQ(offer(&k, false, mkfrag(pay, 5000, 2000, 1000, 0), DEF.timeout_ms),
		 REASM_HELD);
	CHECK_EQ(sclp_reasm_expire(&R, 2ULL * DEF.timeout_ms), 1);
	CHECK_EQ(R.stats.drops[REASM_DROP_TIMEOUT], 1);
	CHECK_EQ(R.stats.drops[REASM_DROP_DUPLICATE], 3);
	finish();
}

TEST(overlaps)
{
	struct reasm_key k = key_n(5);

	rng_state = 5;
	fill(pay, 6000);
	start(NULL, 64);
	segment(pay, 6000, 1000, segs, 0);
	CHECK_EQ(offer(&k, true, segs[0], 0), REASM_HELD);   /* chain [0,1000) */
	CHECK_EQ(offer(&k, false, segs[3], 0), REASM_HELD);  /* ooo [3000,4000) */
	/* Inside the chain, not matching a segment. */
	CHECK_EQ(offer(&k, false, mkfrag(pay, 6000, 500, 200, 0), 0), REASM_DROPPED);
	/* Straddling the chain's end. */
	CHECK_EQ(offer(&k, false, mkfrag(pay, 6000, 900, 200, 0), 0), REASM_DROPPED);
	/* Into the ooo frag from above and from below, and covering it. */
	CHECK_EQ(offer(&k, false, mkfrag(pay, 6000, 2500, 600, 0), 0), REASM_DROPPED);
	CHECK_EQ(offer(&k, false, mkfrag(pay, 6000, 3900, 600, 0), 0), REASM_DROPPED);
	CHECK_EQ(offer(&k, false, mkfrag(pay, 6000, 2900, 1200, 0), 0), REASM_DROPPED);
	/* Same start as the ooo frag, other length. */
	CHECK_EQ(offer(&k, false, mkfrag(pay, 6000, 3000, 500, 0), 0), REASM_DROPPED);
	/* Ends at the chain but runs into the ooo frag below. */
	CHECK_EQ(offer(&k, false, mkfrag(pay, 6000, 1000, 2100, 0), 0), REASM_DROPPED);
	CHECK_EQ(R.stats.drops[REASM_DROP_OVERLAP], 7);
	CHECK_EQ(R.stats.drops[REASM_DROP_DUPLICATE], 0);
	CHECK(sclp_reasm_consistent(&R));
	CHECK_EQ(offer(&k, false, segs[5], 0), REASM_HELD);
	CHECK_EQ(offer(&k, false, segs[4], 0), REASM_HELD);
	CHECK_EQ(offer(&k, false, segs[1], 0), REASM_HELD);
	CHECK_EQ(offer(&k, false, segs[2], 0), REASM_DONE);
	CHECK_EQ(take_output(pay, 6000), 6);
	finish();
}

TEST(overlaps_before_first)
{
	struct reasm_key k = key_n(6);

	rng_state = 6;
	fill(pay, 4000);
	start(NULL, 64);
	segment(pay, 4000, 1000, segs, 0);
	CHECK_EQ(offer(&k, false, segs[2], 0), REASM_HELD);
	CHECK_EQ(offer(&k, false, mkfrag(pay, 4000, 1500, 1000, 0), 0), REASM_DROPPED);
	CHECK_EQ(offer(&k, false, mkfrag(pay, 4000, 2500, 1000, 0), 0), REASM_DROPPED);
	CHECK_EQ(offer(&k, false, mkfrag(pay, 4000, 2000, 1000, 0), 0), REASM_DROPPED);
	CHECK_EQ(R.stats.drops[REASM_DROP_OVERLAP], 2);
	CHECK_EQ(R.stats.drops[REASM_DROP_DUPLICATE], 1);
	CHECK_EQ(offer(&k, false, segs[3], 0), REASM_HELD);
	CHECK_EQ(offer(&k, false, segs[1], 0), REASM_HELD);
	CHECK_EQ(offer(&k, true, segs[0], 0), REASM_DONE);
	CHECK_EQ(take_output(pay, 4000), 4);
	finish();
}

TEST(malformed)
{
	struct reasm_key k = key_n(7);
	struct reasm_limits lim = DEF;

	lim.max_size = 9000;
	start(&lim, 64);
	CHECK_EQ(offer(&k, true, mkraw(0, 0, 1), 0), REASM_DROPPED);
	CHECK_EQ(offer(&k, false, mkraw(8000, 1001, 1001), 0), REASM_DROPPED);
	CHECK_EQ(offer(&k, false, mkraw(0xffffffffU, 2, 2), 0), REASM_DROPPED);
	CHECK_EQ(offer(&k, true, mkraw(1, 0xffffffffU, 2), 0), REASM_DROPPED);
	CHECK_EQ(R.stats.drops[REASM_DROP_MALFORMED], 4);
	CHECK_EQ(R.nflows, 0);
	/* max_size exactly is fine. */
	CHECK_EQ(offer(&k, false, mkraw(8000, 1000, 1000), 0), REASM_HELD);
	finish();
}

TEST(missing_first_expires)
{
	struct reasm_key k = key_n(8);
	u32 i, n;

	rng_state = 8;
	fill(pay, 20000);
	start(NULL, 64);
	n = segment(pay, 20000, 1468, segs, 0);
	free(segs[0]); /* lost on the wire */
	for (i = 1; i < n; i++)
		CHECK_EQ(offer(&k, false, segs[i], 1000 + i), REASM_HELD);
	CHECK_EQ(R.nfrags, n - 1);
	/* The payload's clock started with its first frag, at 1001. */
	CHECK_EQ(sclp_reasm_expire(&R, 1001 + DEF.timeout_ms - 1), 0);
	CHECK_EQ(sclp_reasm_expire(&R, 500), 0); /* clock going back expires nothing */
	CHECK_EQ(R.nflows, 1);
	CHECK_EQ(sclp_reasm_expire(&R, 1001 + DEF.timeout_ms), 1);
	CHECK_EQ(R.stats.expired, 1);
	CHECK_EQ(R.stats.drops[REASM_DROP_TIMEOUT], n - 1);
	CHECK_EQ(R.mem, 0);
	CHECK_EQ(R.nflows, 0);
	finish();
}

TEST(lazy_timeout_on_add)
{
	struct reasm_key a = key_n(10), b = key_n(11);

	rng_state = 10;
	fill(pay, 3000);
	start(NULL, 64);
	segment(pay, 3000, 1000, segs, 0);
	CHECK_EQ(offer(&a, true, segs[0], 0), REASM_HELD);
	CHECK_EQ(offer(&b, true, mkfrag(pay, 3000, 0, 1000, 0), 100), REASM_HELD);
	/* a is the LRU head and stale: expired by b's next segment. */
	CHECK_EQ(offer(&b, false, mkfrag(pay, 3000, 1000, 1000, 0), DEF.timeout_ms),
		 REASM_HELD);
	CHECK_EQ(R.stats.expired, 1);
	CHECK_EQ(R.nflows, 1);
	/* b's own late segment finds b stale: b is dropped, a new payload starts. */
	CHECK_EQ(offer(&b, false, mkfrag(pay, 3000, 2000, 1000, 0), 100 + DEF.timeout_ms),
		 REASM_HELD);
	CHECK_EQ(R.stats.expired, 2);
	CHECK_EQ(R.stats.drops[REASM_DROP_TIMEOUT], 3);
	CHECK_EQ(R.nflows, 1);
	CHECK_EQ(R.nfrags, 1);
	free(segs[1]);
	free(segs[2]);
	finish();
}

TEST(timeout_zero_disables)
{
	struct reasm_key k = key_n(12);
	struct reasm_limits lim = DEF;

	lim.timeout_ms = 0;
	start(&lim, 64);
	CHECK_EQ(offer(&k, false, mkraw(0, 10, 10), 0), REASM_HELD);
	CHECK_EQ(sclp_reasm_expire(&R, 1ULL << 50), 0);
	CHECK_EQ(R.nflows, 1);
	finish();
}

TEST(inconsistent_first_smaller_than_held)
{
	struct reasm_key k = key_n(13);

	rng_state = 13;
	fill(pay2, 3000);
	fill(pay, 1500);
	start(NULL, 64);
	/* Leftovers of an older 3000-byte payload whose first was lost. */
	CHECK_EQ(offer(&k, false, mkfrag(pay2, 3000, 1000, 1000, 0), 0), REASM_HELD);
	CHECK_EQ(offer(&k, false, mkfrag(pay2, 3000, 2000, 1000, 0), 0), REASM_HELD);
	/* A new 1500-byte payload: its first reaches tail 500 + 1000 < 2000. */
	CHECK_EQ(offer(&k, true, mkfrag(pay, 1500, 0, 1000, 0), 1), REASM_HELD);
	CHECK_EQ(R.stats.drops[REASM_DROP_STALE], 2);
	CHECK_EQ(R.nfrags, 1);
	CHECK_EQ(offer(&k, false, mkfrag(pay, 1500, 1000, 500, 0), 2), REASM_DONE);
	CHECK_EQ(take_output(pay, 1500), 2);
	finish();
}

TEST(inconsistent_first_overlapping_held)
{
	struct reasm_key k = key_n(14);

	rng_state = 14;
	fill(pay2, 3000);
	fill(pay, 3000);
	start(NULL, 64);
	/* Held [1000,2000) of an older payload; the new first covers [0,1500). */
	CHECK_EQ(offer(&k, false, mkfrag(pay2, 3000, 1000, 1000, 0), 0), REASM_HELD);
	CHECK_EQ(offer(&k, true, mkfrag(pay, 3000, 0, 1500, 0), 1), REASM_HELD);
	CHECK_EQ(R.stats.drops[REASM_DROP_STALE], 1);
	/* Beyond the size the first announced: that frag alone is dropped. */
	CHECK_EQ(offer(&k, false, mkraw(2000, 1001, 1001), 1), REASM_DROPPED);
	CHECK_EQ(R.stats.drops[REASM_DROP_INCONSISTENT], 1);
	CHECK_EQ(offer(&k, false, mkfrag(pay, 3000, 1500, 1500, 0), 2), REASM_DONE);
	CHECK_EQ(take_output(pay, 3000), 2);
	finish();
}

TEST(id_reuse_restarts)
{
	struct reasm_key k = key_n(15);

	rng_state = 15;
	fill(pay2, 3000);
	fill(pay, 2000);
	start(NULL, 64);
	/* Payload A: 3000 bytes, last segment lost. */
	CHECK_EQ(offer(&k, true, mkfrag(pay2, 3000, 0, 1468, 0), 0), REASM_HELD);
	CHECK_EQ(offer(&k, false, mkfrag(pay2, 3000, 1468, 1468, 0), 0), REASM_HELD);
	/* Payload B reuses the id: different first, A is dropped. */
	CHECK_EQ(offer(&k, true, mkfrag(pay, 2000, 0, 1000, 0), 5), REASM_HELD);
	CHECK_EQ(R.stats.drops[REASM_DROP_RESTART], 2);
	CHECK_EQ(R.stats.restarted, 1);
	CHECK_EQ(R.nfrags, 1);
	CHECK_EQ(R.mem, sclp_reasm_flow_overhead() + 1000);
	/* The restarted payload's clock starts at B's first. */
	CHECK_EQ(sclp_reasm_expire(&R, DEF.timeout_ms), 0);
	CHECK_EQ(offer(&k, false, mkfrag(pay, 2000, 1000, 1000, 0), 6), REASM_DONE);
	CHECK_EQ(take_output(pay, 2000), 2);
	CHECK_EQ(R.stats.completed, 1);
	finish();
}

TEST(memory_eviction_lru)
{
	struct reasm_limits lim = DEF;
	u32 ov, i;
	struct reasm_key k;
	u64 evicted_before;

	start(NULL, 64);
	ov = sclp_reasm_flow_overhead();
	sclp_reasm_destroy(&R);
	lim.max_mem = 10 * (ov + 1000);
	lim.low_mem = 6 * (ov + 1000);
	start(&lim, 16);
	/* Ten incomplete payloads of one 1000-byte frag fill max_mem exactly. */
	for (i = 0; i < 10; i++) {
		k = key_n(100 + i);
		CHECK_EQ(offer(&k, false, mkraw(0, 1000, 1000), i), REASM_HELD);
	}
	CHECK_EQ(R.mem, lim.max_mem);
	CHECK_EQ(R.stats.evicted, 0);
	/* Touch payload 0 so payload 1 is now the least recently used. */
	k = key_n(100);
	CHECK_EQ(offer(&k, false, mkraw(1000, 1, 0), 20), REASM_HELD);
	/* One more payload: evict down to low_mem (5 payloads: 1..5). */
	k = key_n(200);
	CHECK_EQ(offer(&k, false, mkraw(0, 1000, 1000), 21), REASM_HELD);
	CHECK_EQ(R.stats.evicted, 5);
	/* One source: over its share (all of max_mem), it evicts its own. */
	CHECK_EQ(R.stats.evicted_source, 5);
	CHECK_EQ(R.stats.drops[REASM_DROP_EVICT_SOURCE], 5);
	CHECK(R.mem <= lim.low_mem);
	CHECK_EQ(R.nflows, 6);
	check_books();
	/*
	 * 1..5 are gone: their late pieces are stale, a first starts a new
	 * payload; 0 and 6..9 are held.
	 */
	evicted_before = R.stats.evicted;
	k = key_n(101);
	CHECK_EQ(offer(&k, false, mkraw(5000, 1, 1), 22), REASM_DROPPED);
	CHECK_EQ(R.stats.drops[REASM_DROP_STALE], 1);
	CHECK_EQ(R.nflows, 6);
	CHECK_EQ(offer(&k, true, mkraw(5000, 1, 1), 22), REASM_HELD);
	CHECK_EQ(R.nflows, 7);
	k = key_n(100);
	CHECK_EQ(offer(&k, false, mkraw(3000, 1, 1), 23), REASM_HELD);
	CHECK_EQ(R.nflows, 7);
	CHECK_EQ(R.stats.evicted, evicted_before);
	/* Frags that can never fit are refused without evicting anything. */
	k = key_n(300);
	CHECK_EQ(offer(&k, false, mkraw(0, 100, lim.max_mem), 24), REASM_DROPPED);
	CHECK_EQ(offer(&k, false, mkraw(0, lim.max_mem, lim.max_mem), 24), REASM_DROPPED);
	CHECK_EQ(R.stats.evicted, evicted_before);
	CHECK_EQ(R.stats.drops[REASM_DROP_MEMLIMIT], 2);
	finish();
}

TEST(flow_count_eviction)
{
	struct reasm_limits lim = DEF;
	struct reasm_key k;
	u32 i;

	lim.max_flows = 4;
	start(&lim, 4);
	for (i = 0; i < 50; i++) {
		k = key_n(i);
		CHECK_EQ(offer(&k, false, mkraw(0, 10, 10), i), REASM_HELD);
		CHECK(R.nflows <= 4);
	}
	CHECK_EQ(R.nflows, 4);
	CHECK_EQ(R.stats.evicted, 46);
	CHECK_EQ(R.stats.evicted_flows + R.stats.evicted_source, 46);
	CHECK_EQ(R.stats.drops[REASM_DROP_EVICT_SOURCE], 46);
	/* The survivors are the four newest. */
	k = key_n(49);
	CHECK_EQ(offer(&k, false, mkraw(10, 10, 10), 60), REASM_HELD);
	CHECK_EQ(R.stats.evicted, 46);
	finish();
}

TEST(per_payload_cap)
{
	struct reasm_limits lim = DEF;
	struct reasm_key k = key_n(20), k2 = key_n(21);
	u32 i, held;

	/*
	 * No cap by default but max_mem: one-byte segments charged 256 bytes
	 * each, as tiny skbs would be, fill 4 MiB before the payload is whole.
	 */
	start(NULL, 64);
	CHECK_EQ(R.lim.max_flow_mem, 0);
	for (i = 0; R.stats.drops[REASM_DROP_MEMLIMIT] == 0 && i < 65535; i++)
		offer(&k, false, mkraw(i, 1, 256), 0);
	held = i - 1;
	CHECK_EQ(held, (DEF.max_mem - sclp_reasm_flow_overhead()) / 256);
	CHECK_EQ(R.stats.refused, 1);
	/* The whole payload went, with the frag that overflowed it. */
	CHECK_EQ(R.stats.drops[REASM_DROP_MEMLIMIT], held + 1);
	CHECK_EQ(R.nflows, 0);
	CHECK_EQ(R.mem, 0);
	CHECK_EQ(R.stats.evicted, 0);
	finish();

	/* An explicit cap; other payloads are untouched. */
	lim.max_flow_mem = sclp_reasm_flow_overhead() + 5000;
	start(&lim, 64);
	CHECK_EQ(offer(&k2, false, mkraw(0, 10, 10), 0), REASM_HELD);
	for (i = 0; i < 5; i++)
		CHECK_EQ(offer(&k, false, mkraw(100 * i, 100, 1000), 0), REASM_HELD);
	CHECK_EQ(offer(&k, false, mkraw(500, 100, 1), 0), REASM_DROPPED);
	CHECK_EQ(R.stats.drops[REASM_DROP_MEMLIMIT], 6);
	CHECK_EQ(R.nflows, 1);
	CHECK_EQ(R.mem, sclp_reasm_flow_overhead() + 10);
	/* A first frag alone over the cap is refused outright. */
	CHECK_EQ(offer(&k, true, mkraw(0, 100, 5001), 0), REASM_DROPPED);
	CHECK_EQ(R.nflows, 1);
	finish();
}

TEST(many_payloads_interleaved)
{
	enum { NPAY = 200 };
	static u8 bufs[NPAY][20000];
	static u32 sizes[NPAY], base[NPAY + 1];
	static struct tfrag *all[NPAY * 200];
	static u32 owner[NPAY * 200];
	struct reasm_limits lim = DEF;
	u32 p, i, total = 0;
	int bad = 0;

	rng_state = 0xabcdef;
	lim.max_mem = 64 << 20;
	lim.low_mem = 48 << 20;
	start(&lim, 16); /* few buckets: long collision chains */
	for (p = 0; p < NPAY; p++) {
		u32 mss = 100 + rnd() % 1400;

		sizes[p] = 1 + rnd() % 20000;
		fill(bufs[p], sizes[p]);
		base[p] = total;
		total += segment(bufs[p], sizes[p], mss, all + total, rnd() % 300);
		for (i = base[p]; i < total; i++)
			owner[i] = p;
	}
	base[NPAY] = total;
	shuffle(order, total);
	for (i = 0; i < total; i++) {
		u32 s = order[i];
		/* Keys differ only in the id's low bits, or only in an address byte. */
		struct reasm_key k = key_n(owner[s] % 100);
		enum reasm_result res;

		if (owner[s] >= 100)
			k.saddr[15] = 1;
		res = offer(&k, s == base[owner[s]], all[s], i / 8);
		if (res == REASM_DONE)
			bad += take_output(bufs[owner[s]], sizes[owner[s]]) !=
			       (int)(base[owner[s] + 1] - base[owner[s]]);
		else
			bad += res != REASM_HELD;
	}
	CHECK_EQ(bad, 0);
	CHECK_EQ(R.stats.completed, NPAY);
	CHECK_EQ(R.stats.frags_out, total);
	CHECK_EQ(drops_total(), 0);
	CHECK_EQ(R.nflows, 0);
	CHECK_EQ(R.mem, 0);
	finish();
}

/* ---- id reuse: never the wrong bytes (issue 9) ---- */

/* A key of source src (an address of its own) with payload id id. */
static struct reasm_key key_src(u32 src, u32 id)
{
	struct reasm_key k;

	memset(&k, 0, sizeof(k));
	k.family = 4;
	k.proto = 234;
	k.saddr[0] = 192;
	k.saddr[2] = 2;
	k.saddr[3] = (u8)src;
	k.daddr[0] = 10;
	k.daddr[3] = 1;
	k.sport = 4789;
	k.dport = 4789;
	k.id = id << 1;
	return k;
}

/* Offer segs[from..n) in order; only the last may complete. */
static int offer_rest(const struct reasm_key *k, u32 from, u32 n, u64 now)
{
	int bad = 0;
	u32 i;

	for (i = from; i < n; i++)
		bad += offer(k, i == 0, segs[i], now) !=
		       (i + 1 == n ? REASM_DONE : REASM_HELD);
	return bad;
}

TEST(reuse_same_shape_first_restarts)
{
	struct reasm_key k = key_src(1, 7);
	u32 n;

	rng_state = 21;
	fill(pay2, 5000); /* the old payload */
	fill(pay, 5000);  /* the new one: same size, same segment size */
	start(NULL, 64);
	n = segment(pay2, 5000, 1000, segs, 0);
	CHECK_EQ(offer(&k, true, segs[0], 0), REASM_HELD);
	CHECK_EQ(offer(&k, false, segs[1], 0), REASM_HELD);
	CHECK_EQ(offer(&k, false, segs[2], 0), REASM_HELD);
	free(segs[3]); /* lost */
	free(segs[4]);
	/* The new first has the old one's len and remaining, not its sum. */
	n = segment(pay, 5000, 1000, segs, 0);
	CHECK_EQ(offer(&k, true, segs[0], 100), REASM_HELD);
	CHECK_EQ(R.stats.restarted, 1);
	CHECK_EQ(R.stats.drops[REASM_DROP_RESTART], 3);
	CHECK_EQ(R.nfrags, 1);
	/* An exact repeat of it (len, remaining and sum) is a duplicate. */
	CHECK_EQ(offer(&k, true, mkfrag(pay, 5000, 0, 1000, 0), 100), REASM_DROPPED);
	CHECK_EQ(R.stats.drops[REASM_DROP_DUPLICATE], 1);
	CHECK_EQ(offer_rest(&k, 1, n, 101), 0);
	CHECK_EQ(take_output(pay, 5000), 5);
	finish();
}

TEST(reuse_other_size_first_restarts_without_sums)
{
	struct reasm_key k = key_src(1, 8);
	u32 n;

	rng_state = 22;
	use_sums = false;
	fill(pay2, 5000);
	fill(pay, 4000);
	start(NULL, 64);
	n = segment(pay2, 5000, 1000, segs, 0);
	CHECK_EQ(offer(&k, true, segs[0], 0), REASM_HELD);
	CHECK_EQ(offer(&k, false, segs[1], 0), REASM_HELD);
	while (n-- > 2)
		free(segs[n]);
	/* Same len, another remaining: a new payload even with sums unknown. */
	n = segment(pay, 4000, 1000, segs, 0);
	CHECK_EQ(offer(&k, true, segs[0], 1), REASM_HELD);
	CHECK_EQ(R.stats.drops[REASM_DROP_RESTART], 2);
	/* Its segment 1 is at the old segment 2's place: no conflict left. */
	CHECK_EQ(offer_rest(&k, 1, n, 2), 0);
	CHECK_EQ(take_output(pay, 4000), 4);
	use_sums = true;
	finish();
}

TEST(reuse_late_duplicate_after_completion)
{
	struct reasm_key k = key_src(1, 9);
	u32 n;

	rng_state = 23;
	fill(pay2, 5000);
	fill(pay, 5000);
	start(NULL, 64);
	n = segment(pay2, 5000, 1000, segs, 0);
	CHECK_EQ(offer_rest(&k, 0, n, 0), 0);
	CHECK_EQ(take_output(pay2, 5000), 5);
	/* Late copies of the old segments 2 and 4 (a duplicating network). */
	CHECK_EQ(offer(&k, false, mkfrag(pay2, 5000, 2000, 1000, 0), 5), REASM_DROPPED);
	CHECK_EQ(offer(&k, false, mkfrag(pay2, 5000, 4000, 1000, 0), 6), REASM_DROPPED);
	CHECK_EQ(R.stats.drops[REASM_DROP_STALE], 2);
	CHECK_EQ(R.nflows, 0);
	/* The next payload with the id gets its own bytes only. */
	n = segment(pay, 5000, 1000, segs, 0);
	CHECK_EQ(offer_rest(&k, 0, n, 10), 0);
	CHECK_EQ(take_output(pay, 5000), 5);
	finish();
}

TEST(reuse_stale_pieces_other_size_evicted)
{
	struct reasm_key k = key_src(1, 10);
	u32 n;

	rng_state = 24;
	fill(pay2, 3000);
	fill(pay, 2500);
	start(NULL, 64);
	/* Held: the old 3000-byte payload's last 1000 bytes (tail [0, 1000)). */
	CHECK_EQ(offer(&k, false, mkfrag(pay2, 3000, 2000, 1000, 0), 0), REASM_HELD);
	/* New 2500 bytes at 1000: the first ([1500, 2500)) fits above it... */
	n = segment(pay, 2500, 1000, segs, 0);
	CHECK_EQ(n, 3);
	CHECK_EQ(offer(&k, true, segs[0], 1), REASM_HELD);
	CHECK_EQ(R.nfrags, 2);
	/* ... but [500, 1500) overlaps it: the suspect goes, not the new piece. */
	CHECK_EQ(offer(&k, false, segs[1], 1), REASM_HELD);
	CHECK_EQ(R.stats.drops[REASM_DROP_STALE], 1);
	CHECK_EQ(R.stats.drops[REASM_DROP_OVERLAP], 0);
	CHECK_EQ(offer(&k, false, segs[2], 1), REASM_DONE);
	CHECK_EQ(take_output(pay, 2500), 3);
	finish();
}

TEST(reuse_stale_pieces_dropped_with_misfits)
{
	struct reasm_key k = key_src(1, 11);
	u32 n;

	rng_state = 25;
	fill(pay2, 3000);
	fill(pay, 2000);
	start(NULL, 64);
	/* Held: the old payload's [1000, 3000), i.e. tails [0, 2000). */
	CHECK_EQ(offer(&k, false, mkfrag(pay2, 3000, 1000, 1000, 0), 0), REASM_HELD);
	CHECK_EQ(offer(&k, false, mkfrag(pay2, 3000, 2000, 1000, 0), 0), REASM_HELD);
	/*
	 * New 2000 bytes: its first covers tails [1000, 2000), held already:
	 * every held piece goes, also tail [0, 1000), which would fit and
	 * complete the new payload with the old payload's last bytes.
	 */
	n = segment(pay, 2000, 1000, segs, 0);
	CHECK_EQ(offer(&k, true, segs[0], 1), REASM_HELD);
	CHECK_EQ(R.stats.drops[REASM_DROP_STALE], 2);
	CHECK_EQ(R.nfrags, 1);
	CHECK_EQ(offer_rest(&k, 1, n, 2), 0);
	CHECK_EQ(take_output(pay, 2000), 2);
	finish();
}

TEST(reuse_same_range_other_sum_restarts)
{
	struct reasm_key k = key_src(1, 12);

	rng_state = 26;
	fill(pay2, 5000);
	fill(pay, 5000);
	start(NULL, 64);
	/* Old: first and segment 1 held, the rest lost. */
	CHECK_EQ(offer(&k, true, mkfrag(pay2, 5000, 0, 1000, 0), 0), REASM_HELD);
	CHECK_EQ(offer(&k, false, mkfrag(pay2, 5000, 1000, 1000, 0), 0), REASM_HELD);
	/*
	 * New, reordered so that its first comes last. Its segment 1 repeats
	 * the held range with other bytes: the old pieces go. (Had they stayed,
	 * segments 2-4 would have completed the old first with new bytes.)
	 */
	CHECK_EQ(segment(pay, 5000, 1000, segs, 0), 5);
	CHECK_EQ(offer(&k, false, segs[1], 1), REASM_HELD);
	CHECK_EQ(R.stats.restarted, 1);
	CHECK_EQ(R.stats.drops[REASM_DROP_RESTART], 2);
	CHECK_EQ(offer(&k, false, segs[3], 1), REASM_HELD);
	CHECK_EQ(offer(&k, false, segs[4], 1), REASM_HELD);
	CHECK_EQ(offer(&k, false, segs[2], 1), REASM_HELD);
	CHECK_EQ(offer(&k, true, segs[0], 1), REASM_DONE);
	CHECK_EQ(take_output(pay, 5000), 5);

	/*
	 * When a new piece first fills a hole of the old payload, the later
	 * conflict still drops everything: the new payload is lost, no old
	 * byte is delivered with it.
	 */
	k = key_src(1, 13);
	CHECK_EQ(offer(&k, true, mkfrag(pay2, 5000, 0, 1000, 0), 10), REASM_HELD);
	CHECK_EQ(offer(&k, false, mkfrag(pay2, 5000, 1000, 1000, 0), 10), REASM_HELD);
	CHECK_EQ(segment(pay, 5000, 1000, segs, 0), 5);
	CHECK_EQ(offer(&k, false, segs[2], 11), REASM_HELD); /* old chain + new */
	CHECK_EQ(offer(&k, false, segs[1], 11), REASM_HELD); /* conflict */
	CHECK_EQ(R.stats.drops[REASM_DROP_RESTART], 5);
	CHECK_EQ(offer(&k, false, segs[3], 11), REASM_HELD);
	CHECK_EQ(offer(&k, false, segs[4], 11), REASM_HELD);
	CHECK_EQ(offer(&k, true, segs[0], 11), REASM_HELD); /* segment 2 is gone */
	CHECK_EQ(R.stats.completed, 1);
	CHECK_EQ(sclp_reasm_expire(&R, 11 + DEF.timeout_ms), 1);
	finish();
}

TEST(recent_keys_bounded)
{
	struct reasm_key k;
	u32 i, bytes;

	start(NULL, 64);
	bytes = sclp_reasm_table_bytes(&R);
	CHECK_EQ(bytes, 64 * 2 * sizeof(void *) + 64 * 16);
	for (i = 0; i < 5000; i++) {
		k = key_src(3, i);
		CHECK_EQ(offer(&k, true, mkraw(0, 1, 1), i), REASM_DONE);
		free(last_out);
		C.truesize_out += 1;
	}
	/* The last ones are remembered, and the table did not grow. */
	k = key_src(3, 4999);
	CHECK_EQ(offer(&k, false, mkraw(0, 1, 1), 5000), REASM_DROPPED);
	CHECK_EQ(R.stats.drops[REASM_DROP_STALE], 1);
	CHECK_EQ(sclp_reasm_table_bytes(&R), bytes);
	CHECK_EQ(R.mem, 0);
	finish();
}

/* ---- fairness between sources ---- */

/* B floods first segments between A's first and the rest of A's payload. */
static void flood_between(u32 flood, u32 b_truesize, const struct reasm_limits *lim)
{
	struct reasm_key a = key_src(1, 1000), b;
	u32 n, i;
	int bad = 0;

	rng_state = 31;
	fill(pay, 65535);
	start(lim, 1024);
	n = segment(pay, 65535, 1468, segs, 512);
	CHECK_EQ(offer(&a, true, segs[0], 0), REASM_HELD);
	for (i = 0; i < flood; i++) {
		b = key_src(2, i);
		bad += offer(&b, true, mkraw(65535 - 1468, 1468, b_truesize), 1 + i / 1000) !=
		       REASM_HELD;
		if (i % 1000 == 0)
			check_books();
	}
	CHECK_EQ(bad, 0);
	CHECK(R.stats.evicted > 0);
	/* Only B's payloads went, evicted by B itself. */
	CHECK_EQ(R.stats.evicted_source, R.stats.evicted);
	CHECK_EQ(R.stats.evicted_mem + R.stats.evicted_flows, 0);
	CHECK_EQ(offer_rest(&a, 1, n, 30), 0);
	CHECK_EQ(take_output(pay, 65535), (int)n);
	finish();
}

TEST(fair_flood_of_firsts_payload_count)
{
	/* 1024 payloads at most: the count limit is hit first. */
	flood_between(20000, 1468 + 512, NULL);
}

TEST(fair_flood_of_firsts_memory)
{
	struct reasm_limits lim = DEF;

	/* Big segments, no count limit to speak of: memory is hit first. */
	lim.max_flows = 1 << 20;
	flood_between(20000, 9000, &lim);
	CHECK_EQ(R.stats.completed, 1);
}

TEST(fair_newcomer_evicts_the_hog)
{
	struct reasm_limits lim = DEF;
	struct reasm_key a = key_src(1, 1), b;
	u32 ov = sclp_reasm_flow_overhead(), i;

	lim.max_mem = 10 * (ov + 1000);
	lim.low_mem = 8 * (ov + 1000);
	start(&lim, 16);
	/* A holds one payload, B the rest of the memory. */
	CHECK_EQ(offer(&a, false, mkraw(0, 1000, 1000), 0), REASM_HELD);
	for (i = 0; i < 9; i++) {
		b = key_src(2, i);
		CHECK_EQ(offer(&b, false, mkraw(0, 1000, 1000), 1 + i), REASM_HELD);
	}
	CHECK_EQ(R.mem, lim.max_mem);
	/* A's second payload: A is within its share, B's oldest go. */
	a = key_src(1, 2);
	CHECK_EQ(offer(&a, false, mkraw(0, 1000, 1000), 20), REASM_HELD);
	CHECK_EQ(R.stats.evicted, 3);
	CHECK_EQ(R.stats.evicted_mem, 3);
	CHECK_EQ(R.stats.drops[REASM_DROP_EVICT_MEM], 3);
	a = key_src(1, 1);
	CHECK_EQ(offer(&a, false, mkraw(1000, 1000, 1000), 21), REASM_HELD);
	CHECK_EQ(R.stats.drops[REASM_DROP_STALE], 0);
	/* B's oldest three are gone: their late pieces are stale. */
	for (i = 0; i < 4; i++) {
		b = key_src(2, i);
		CHECK_EQ(offer(&b, false, mkraw(1000, 10, 10), 22),
			 i < 3 ? REASM_DROPPED : REASM_HELD);
	}
	CHECK_EQ(R.stats.drops[REASM_DROP_STALE], 3);
	/* A third source, C, also takes from B, the one over its share. */
	b = key_src(3, 1);
	CHECK_EQ(offer(&b, false, mkraw(0, 3000, 3000), 23), REASM_HELD);
	CHECK_EQ(R.stats.evicted, R.stats.evicted_mem);
	CHECK(R.nsources == 3);
	finish();
}

/* ---- payload-byte limit: any legal payload at any segment size ---- */

TEST(max_payload_small_segments)
{
	static const u32 mss[] = { 548, 64, 8 };
	u32 m, n, i;
	int bad = 0;

	rng_state = 41;
	start(NULL, 64);
	for (m = 0; m < ARRAY_SIZE(mss); m++) {
		struct reasm_key k = key_src(1, 100 + m);

		fill(pay, 65535);
		/* Realistic skb truesize: the bytes plus 512 (256 for 8 bytes). */
		n = segment(pay, 65535, mss[m], segs, mss[m] == 8 ? 256 : 512);
		CHECK_EQ(n, (65535 + mss[m] - 1) / mss[m]);
		if (mss[m] == 8) {
			for (i = 0; i < n; i++)
				order[i] = n - 1 - i; /* reversed: O(1) per piece */
		} else {
			shuffle(order, n);
		}
		for (i = 0; i < n; i++)
			bad += offer(&k, order[i] == 0, segs[order[i]], m) !=
			       (i + 1 == n ? REASM_DONE : REASM_HELD);
		CHECK_EQ(bad, 0);
		CHECK_EQ(take_output(pay, 65535), (int)n);
	}
	CHECK_EQ(R.stats.completed, 3);
	CHECK_EQ(drops_total(), 0);
	finish();
}

TEST(truesize_guard)
{
	struct reasm_key k = key_src(1, 1);

	start(NULL, 64);
	CHECK_EQ(offer(&k, false, mkraw(0, 64, 64 * REASM_TRUESIZE_RATIO +
				       REASM_TRUESIZE_SLACK + 1), 0), REASM_DROPPED);
	CHECK_EQ(R.stats.drops[REASM_DROP_MEMLIMIT], 1);
	CHECK_EQ(R.nflows, 0);
	CHECK_EQ(offer(&k, false, mkraw(0, 64, 64 * REASM_TRUESIZE_RATIO +
				       REASM_TRUESIZE_SLACK), 0), REASM_HELD);
	finish();
}

/* ---- limits lowered at run time ---- */

TEST(set_limits_frees_at_once)
{
	struct reasm_limits lim = DEF;
	struct reasm_key k;
	u32 i, ov = sclp_reasm_flow_overhead();

	start(NULL, 64);
	for (i = 0; i < 30; i++) {
		k = key_src(1 + i % 3, i);
		CHECK_EQ(offer(&k, false, mkraw(0, 60000, 60000), i), REASM_HELD);
	}
	CHECK_EQ(R.mem, 30 * (60000 + ov));
	/* 1 MiB: evicted down to its low mark now, oldest first. */
	lim.max_mem = 1 << 20;
	lim.low_mem = 768 << 10;
	CHECK_EQ(sclp_reasm_set_limits(&R, &lim), 0);
	CHECK(R.mem <= lim.low_mem);
	CHECK_EQ(R.nflows, (768 << 10) / (60000 + ov));
	CHECK_EQ(R.stats.evicted_mem, 30 - R.nflows);
	CHECK_EQ(R.stats.drops[REASM_DROP_EVICT_MEM], 30 - R.nflows);
	check_books();
	/* Payload count: 3 now, one per source. */
	lim.max_flows = 3;
	CHECK_EQ(sclp_reasm_set_limits(&R, &lim), 0);
	CHECK_EQ(R.nflows, 3);
	CHECK_EQ(R.nsources, 3);
	CHECK_EQ(R.stats.evicted_flows, (768 << 10) / (60000 + ov) - 3);
	/* Limits that cannot work are refused and change nothing. */
	lim.low_mem = lim.max_mem + 1;
	CHECK_EQ(sclp_reasm_set_limits(&R, &lim), -EINVAL);
	CHECK_EQ(R.lim.low_mem, 768 << 10);
	check_books();
	/* A lower max_size or per-payload cap drops what can no longer fit. */
	lim.low_mem = 768 << 10;
	lim.max_flows = 16;
	CHECK_EQ(sclp_reasm_set_limits(&R, &lim), 0);
	k = key_src(7, 1);
	CHECK_EQ(offer(&k, true, mkraw(1000, 500, 500), 30), REASM_HELD);
	CHECK_EQ(R.nflows, 4);
	lim.max_size = 1400;
	CHECK_EQ(sclp_reasm_set_limits(&R, &lim), 0);
	CHECK_EQ(R.nflows, 0); /* 60000-byte pieces and a 1500-byte payload */
	CHECK_EQ(R.stats.refused, 4);
	lim.max_size = 65535;
	CHECK_EQ(sclp_reasm_set_limits(&R, &lim), 0);
	for (i = 0; i < 3; i++) {
		k = key_src(1 + i, 100 + i);
		CHECK_EQ(offer(&k, false, mkraw(0, 60000, 60000), 31), REASM_HELD);
	}
	check_books();
	/* Written directly (as the kernel glue used to): the next call evicts. */
	R.lim.max_mem = 70000;
	R.lim.low_mem = 70000;
	CHECK_EQ(sclp_reasm_expire(&R, 40), 0);
	CHECK_EQ(R.nflows, 1);
	CHECK(R.mem <= 70000);
	finish();
}

/*
 * Several engines under one budget (cvsw's shards): the one asked to give
 * back evicts the source over its share first, down to exactly the target.
 */
TEST(shrink_to_evicts_the_hog_first)
{
	struct reasm_key k;
	u32 i, ov = sclp_reasm_flow_overhead(), mem;

	rng_state = 53;
	fill(pay, 2000);
	start(NULL, 64);
	/* Source 1: half of a 2000-byte payload, the oldest; source 2: ten of 10000. */
	k = key_src(1, 1);
	CHECK_EQ(offer(&k, false, mkfrag(pay, 2000, 1000, 1000, 0), 0), REASM_HELD);
	for (i = 0; i < 10; i++) {
		k = key_src(2, i);
		CHECK_EQ(offer(&k, false, mkraw(0, 10000, 10000), 1 + i), REASM_HELD);
	}
	mem = R.mem;
	CHECK_EQ(sclp_reasm_shrink_to(&R, mem), 0); /* nothing above the target */
	/* Give back 25000 bytes: three of source 2's payloads, its oldest. */
	CHECK_EQ(sclp_reasm_shrink_to(&R, mem - 25000), 3);
	CHECK_EQ(R.mem, mem - 3 * (10000 + ov));
	CHECK_EQ(R.stats.evicted_mem, 3);
	CHECK_EQ(R.stats.drops[REASM_DROP_EVICT_MEM], 3);
	for (i = 0; i < 4; i++) {
		k = key_src(2, i);
		CHECK_EQ(offer(&k, false, mkraw(10000, 10, 10), 20),
			 i < 3 ? REASM_DROPPED : REASM_HELD); /* late pieces: stale */
	}
	k = key_src(1, 1);
	CHECK_EQ(offer(&k, true, mkfrag(pay, 2000, 0, 1000, 0), 21), REASM_DONE);
	CHECK_EQ(take_output(pay, 2000), 2);
	check_books();
	/* Down to nothing: everything goes, the books still balance. */
	CHECK(sclp_reasm_shrink_to(&R, 0) > 0);
	CHECK_EQ(R.mem, 0);
	CHECK_EQ(R.nflows, 0);
	finish();
}

TEST(destroy_frees_everything)
{
	struct reasm_key k;
	u32 i;

	start(NULL, 8);
	for (i = 0; i < 100; i++) {
		k = key_n(i);
		offer(&k, i % 2, mkraw(i % 2 ? 300 : 0, 50, 50), 0);
		offer(&k, false, mkraw(200, 50, 50), 0);
	}
	CHECK_EQ(R.nfrags, 200);
	CHECK_EQ(R.nflows, 100);
	finish(); /* checks 200 frees */
	CHECK_EQ(C.freed, 200);
}

TEST(init_rejects_bad_limits)
{
	struct reasm_limits lim = DEF;
	static const struct reasm_ops no_free = { .free_frag = NULL };

	CHECK_EQ(sclp_reasm_init(&R, &lim, 0, 0, &OPS, &C), -EINVAL);
	CHECK_EQ(sclp_reasm_init(&R, &lim, 48, 0, &OPS, &C), -EINVAL);
	CHECK_EQ(sclp_reasm_init(&R, &lim, 1U << 17, 0, &OPS, &C), -EINVAL);
	CHECK_EQ(sclp_reasm_init(&R, &lim, 64, 0, NULL, &C), -EINVAL);
	CHECK_EQ(sclp_reasm_init(&R, &lim, 64, 0, &no_free, &C), -EINVAL);
	CHECK_EQ(sclp_reasm_init(&R, NULL, 64, 0, &OPS, &C), -EINVAL);
	lim.low_mem = lim.max_mem + 1;
	CHECK_EQ(sclp_reasm_init(&R, &lim, 64, 0, &OPS, &C), -EINVAL);
	lim = DEF;
	lim.max_flows = 0;
	CHECK_EQ(sclp_reasm_init(&R, &lim, 64, 0, &OPS, &C), -EINVAL);
	lim = DEF;
	lim.max_size = 0;
	CHECK_EQ(sclp_reasm_init(&R, &lim, 64, 0, &OPS, &C), -EINVAL);
	CHECK_EQ(sclp_reasm_init(&R, &DEF, 1, 0, &OPS, &C), 0);
	sclp_reasm_destroy(&R);
}

int main(void)
{
	return RUN_TESTS();
}
