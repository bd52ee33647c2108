// SPDX-License-Identifier: GPL-2.0
/* proto/csum.c against RFC vectors and a naive big-endian reference. */
#include <stdlib.h>

#include "check.h"
#include "proto/csum.h"
#include "proto/sclp.h"

/*
 * proto/csum.c once more, with the scalar bulk loop the kernel build (and
 * any target without SIMD) gets, under other names: both are tested here.
 */
#define cvsw_csum_add scalar_csum_add
#define cvsw_csum_copy scalar_csum_copy
#define cvsw_csum_fold scalar_csum_fold
#define cvsw_csum scalar_csum
#define cvsw_csum_ok scalar_csum_ok
#define cvsw_csum_replace2 scalar_csum_replace2
#define cvsw_csum_replace4 scalar_csum_replace4
#define cvsw_csum_block_add scalar_csum_block_add
#define CVSW_CSUM_SCALAR
#include "proto/csum.c"
#undef CVSW_CSUM_SCALAR
#undef cvsw_csum_add
#undef cvsw_csum_copy
#undef cvsw_csum_fold
#undef cvsw_csum
#undef cvsw_csum_ok
#undef cvsw_csum_replace2
#undef cvsw_csum_replace4
#undef cvsw_csum_block_add

static u64 rng_state;

static u32 rnd(void)
{
	/* xorshift64*: deterministic, so failures reproduce. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (u32)((rng_state * 0x2545F4914F6CDD1DULL) >> 32);
}

static void fill_random(u8 *p, size_t n)
{
	while (n--)
		*p++ = (u8)rnd();
}

/* RFC 1071 done the textbook way: big-endian words, odd byte padded. */
static u16 ref_sum(const u8 *p, size_t len)
{
	u64 s = 0; /* no carry lost below 2^48 words */
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		s += (u64)p[i] << 8 | p[i + 1];
	if (len & 1)
		s += (u64)p[len - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (u16)s;
}

/*
 * proto/csum.c's cvsw_csum_add() as it was before its bulk loops: the exact
 * 32-bit result every version must keep (bit for bit, not only once folded).
 */
static u32 plain_add(u32 sum, const void *buf, size_t len)
{
	const u8 *p = buf;
	u64 acc = 0, w8;
	u16 w;

	while (len >= 8) {
		memcpy(&w8, p, 8);
		acc += (u32)w8;
		acc += w8 >> 32;
		p += 8;
		len -= 8;
	}
	while (len >= 2) {
		memcpy(&w, p, 2);
		acc += w;
		p += 2;
		len -= 2;
	}
	if (len) {
		u8 last[2] = { p[0], 0 };

		memcpy(&w, last, 2);
		acc += w;
	}
	acc = (acc & 0xffffffffULL) + (acc >> 32);
	acc = (acc & 0xffffffffULL) + (acc >> 32);
	sum += (u32)acc;
	return sum + (sum < (u32)acc);
}

/* The stored checksum field read as the big-endian number on the wire. */
static u16 wire16(__sum16 c)
{
	u8 b[2];

	memcpy(b, &c, 2);
	return (u16)(b[0] << 8 | b[1]);
}

TEST(rfc1071_example)
{
	static const u8 v[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };

	CHECK_EQ(ref_sum(v, sizeof(v)), 0xddf2);
	CHECK_EQ(wire16(cvsw_csum(v, sizeof(v))), 0xddf2 ^ 0xffff);
	CHECK_EQ(wire16(cvsw_csum_fold(cvsw_csum_add(0, v, sizeof(v)))), 0x220d);
}

TEST(ipv4_header)
{
	/* A captured IPv4/UDP header 192.168.0.1 -> 192.168.0.199, check b861. */
	u8 h[20] = { 0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
		     0xb8, 0x61, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7 };
	__sum16 c;

	CHECK(cvsw_csum_ok(h, sizeof(h)));
	h[10] = h[11] = 0;
	CHECK(!cvsw_csum_ok(h, sizeof(h)));
	c = cvsw_csum(h, sizeof(h));
	CHECK_EQ(wire16(c), 0xb861);
	memcpy(h + 10, &c, 2);
	CHECK(cvsw_csum_ok(h, sizeof(h)));
	/* A flipped bit anywhere is caught. */
	h[13] ^= 0x10;
	CHECK(!cvsw_csum_ok(h, sizeof(h)));
}

TEST(odd_lengths_and_offsets_match_reference)
{
	static u8 buf[2100];
	int i, bad = 0;

	rng_state = 0x1071;
	for (i = 0; i < 3000; i++) {
		size_t off = rnd() % 8, len = rnd() % 2048;
		u16 want;

		if (i < 16)
			len = (size_t)i; /* every tiny length, 0 included */
		fill_random(buf + off, len);
		want = (u16)~ref_sum(buf + off, len);
		bad += wire16(cvsw_csum(buf + off, len)) != want;
	}
	CHECK_EQ(bad, 0);
}

TEST(chained_adds_and_initial_sum)
{
	static u8 buf[1500];
	int i, bad = 0;

	rng_state = 7;
	for (i = 0; i < 500; i++) {
		size_t len = 1 + rnd() % sizeof(buf), cut = (rnd() % len) & ~(size_t)1;
		u32 whole, parts;

		fill_random(buf, len);
		whole = cvsw_csum_add(0xfffe1234, buf, len);
		parts = cvsw_csum_add(cvsw_csum_add(0xfffe1234, buf, cut),
				      buf + cut, len - cut);
		bad += cvsw_csum_fold(whole) != cvsw_csum_fold(parts);
	}
	CHECK_EQ(bad, 0);
}

TEST(block_add_any_split)
{
	static u8 buf[1500];
	int i, bad = 0, odd = 0;

	rng_state = 99;
	for (i = 0; i < 1000; i++) {
		size_t len = 1 + rnd() % sizeof(buf), cut = rnd() % (len + 1);
		u32 a, b;

		fill_random(buf, len);
		a = cvsw_csum_add(0, buf, cut);
		b = cvsw_csum_add(0, buf + cut, len - cut);
		odd += cut & 1;
		bad += cvsw_csum_fold(cvsw_csum_block_add(a, b, cut)) !=
		       cvsw_csum(buf, len);
	}
	CHECK_EQ(bad, 0);
	CHECK(odd > 100); /* odd offsets really were exercised */
}

TEST(replace2_equals_recompute)
{
	u8 buf[64];
	int i, bad = 0, bad_ok = 0;

	rng_state = 1624;
	for (i = 0; i < 2000; i++) {
		size_t field = 2 * (rnd() % 31), check_at = 62;
		__be16 old, new_;
		__sum16 c;

		fill_random(buf, sizeof(buf));
		memset(buf + check_at, 0, 2);
		c = cvsw_csum(buf, sizeof(buf));
		memcpy(buf + check_at, &c, 2);

		memcpy(&old, buf + field, 2);
		new_ = (__be16)rnd();
		memcpy(buf + field, &new_, 2);
		c = cvsw_csum_replace2(c, old, new_);
		memcpy(buf + check_at, &c, 2);
		bad_ok += !cvsw_csum_ok(buf, sizeof(buf));

		memset(buf + check_at, 0, 2);
		bad += c != cvsw_csum(buf, sizeof(buf));
	}
	CHECK_EQ(bad_ok, 0);
	CHECK_EQ(bad, 0);
}

TEST(replace4_equals_recompute)
{
	u8 buf[40];
	int i, bad = 0;

	rng_state = 4;
	for (i = 0; i < 2000; i++) {
		size_t field = 2 * (rnd() % 18); /* also 2-byte aligned only */
		__be32 old, new_;
		__sum16 c;

		fill_random(buf, sizeof(buf));
		buf[38] = buf[39] = 0;
		c = cvsw_csum(buf, sizeof(buf));
		memcpy(&old, buf + field, 4);
		new_ = (__be32)rnd();
		memcpy(buf + field, &new_, 4);
		c = cvsw_csum_replace4(c, old, new_);
		bad += c != cvsw_csum(buf, sizeof(buf));
	}
	CHECK_EQ(bad, 0);
}

TEST(replace4_ipv4_address_rewrite)
{
	/* NAT-style rewrite of the source address of the header above. */
	u8 h[20] = { 0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
		     0xb8, 0x61, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7 };
	__be32 old, new_ = cpu_to_be32(0x0a000005); /* 10.0.0.5 */
	__sum16 c;

	memcpy(&old, h + 12, 4);
	memcpy(&c, h + 10, 2);
	c = cvsw_csum_replace4(c, old, new_);
	memcpy(h + 12, &new_, 4);
	memcpy(h + 10, &c, 2);
	CHECK(cvsw_csum_ok(h, sizeof(h)));
	h[10] = h[11] = 0;
	CHECK_EQ(wire16(c), wire16(cvsw_csum(h, sizeof(h))));
}

typedef u32 (*add_fn)(u32, const void *, size_t);
typedef u32 (*copy_fn)(u32, void *, const void *, size_t);

static const add_fn add_fns[] = { cvsw_csum_add, scalar_csum_add };
static const copy_fn copy_fns[] = { cvsw_csum_copy, scalar_csum_copy };

static u32 rnd_sum(void)
{
	switch (rnd() % 4) {
	case 0: return 0;
	case 1: return 0xffffffff;
	default: return rnd();
	}
}

/*
 * One buffer through every variant: the sum bit-identical to the plain loop
 * (from the initial sum given) and, folded from 0, to the textbook RFC 1071
 * sum; the copies byte-identical, nothing written past them. Returns the
 * number of mismatches.
 */
static int check_all(const u8 *src, size_t len, u32 init, u8 *dst)
{
	u32 want = plain_add(init, src, len);
	u16 want16 = (u16)~ref_sum(src, len);
	int bad = 0;
	size_t f;

	for (f = 0; f < ARRAY_SIZE(add_fns); f++) {
		bad += add_fns[f](init, src, len) != want;
		bad += wire16(cvsw_csum_fold(add_fns[f](0, src, len))) != want16;
		memset(dst, 0xa5, len + 8);
		bad += copy_fns[f](init, dst, src, len) != want;
		bad += memcmp(dst, src, len) != 0;
		bad += dst[len] != 0xa5 || dst[len + 7] != 0xa5;
	}
	bad += wire16(cvsw_csum(src, len)) != want16;
	bad += wire16(scalar_csum(src, len)) != want16;
	return bad;
}

TEST(bulk_loops_match_plain_loop_random)
{
	/* Random lengths 0..70000 at source and destination offsets 0..7. */
	enum { MAXLEN = 70000 };
	u8 *src = malloc(MAXLEN + 8), *dst = malloc(MAXLEN + 16);
	int i, bad = 0, lens_over_64k = 0;

	CHECK(src && dst);
	if (!src || !dst)
		goto out;
	rng_state = 0x14;
	for (i = 0; i < 1200; i++) {
		size_t off = rnd() % 8, doff = rnd() % 8;
		size_t len = i < 400 ? (size_t)i : rnd() % (MAXLEN + 1);

		if (i >= 400 && i < 420)
			len = MAXLEN - (size_t)(i - 400); /* the longest, every tail */
		lens_over_64k += len > 65535;
		fill_random(src + off, len);
		bad += check_all(src + off, len, rnd_sum(), dst + doff);
	}
	CHECK_EQ(bad, 0);
	CHECK(lens_over_64k > 20);
out:
	free(src);
	free(dst);
}

TEST(bulk_loops_match_plain_loop_extremes)
{
	/*
	 * All-ones data maximises every lane and carry (the SIMD loop's lanes
	 * hold at most 2^16 u32s per block: lengths around 2 MiB cross a
	 * block); all-zero data must leave the sum as it was; a single set
	 * byte must survive every path.
	 */
	static const size_t lens[] = { 63, 64, 65, 127, 128, 4095, 65535,
				       (size_t)32768 * 64 - 1, (size_t)32768 * 64,
				       (size_t)32768 * 64 + 1, (size_t)3 * 32768 * 64 + 77 };
	size_t max = (size_t)3 * 32768 * 64 + 77, i, k;
	u8 *src = malloc(max + 8), *dst = malloc(max + 8);
	int bad = 0;

	CHECK(src && dst);
	if (!src || !dst)
		goto out;
	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		for (k = 0; k < 3; k++) {
			u8 *p = src + (i + k) % 8;

			memset(p, k == 0 ? 0xff : 0, lens[i]);
			if (k == 2)
				p[lens[i] / 3] = 0x80;
			bad += check_all(p, lens[i], 0, dst);
			bad += check_all(p, lens[i], 0xffffffff, dst);
			bad += check_all(p, lens[i], 0x12345678, dst);
		}
		memset(src, 0, 8);
		bad += cvsw_csum_add(0x1234, src, lens[i] < 8 ? lens[i] : 8) != 0x1234;
	}
	CHECK_EQ(bad, 0);
out:
	free(src);
	free(dst);
}

TEST(vectors_every_variant)
{
	static const u8 v[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
	static const u8 h[20] = { 0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40,
				  0x11, 0xb8, 0x61, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8,
				  0x00, 0xc7 };
	u8 d[20];

	CHECK_EQ(wire16(scalar_csum(v, sizeof(v))), 0xddf2 ^ 0xffff);
	CHECK_EQ(wire16(cvsw_csum_fold(cvsw_csum_copy(0, d, v, sizeof(v)))), 0x220d);
	CHECK_EQ(wire16(cvsw_csum_fold(scalar_csum_copy(0, d, v, sizeof(v)))), 0x220d);
	CHECK(!memcmp(d, v, sizeof(v)));
	CHECK(scalar_csum_ok(h, sizeof(h)));
	CHECK_EQ(cvsw_csum_fold(cvsw_csum_copy(0, d, h, sizeof(h))), 0);
	CHECK(!memcmp(d, h, sizeof(h)));
}

TEST(copy_then_header_equals_whole)
{
	/* What sclp_segment_buf() may do: sum the payload while copying it
	 * behind a header, then add the (even-length) header.
	 */
	static u8 src[1500], seg[12 + 1500];
	int i, bad = 0;

	rng_state = 12;
	for (i = 0; i < 300; i++) {
		size_t len = rnd() % sizeof(src);
		u32 s;

		fill_random(seg, 12);
		fill_random(src, len);
		s = cvsw_csum_copy(0, seg + 12, src, len);
		s = cvsw_csum_add(s, seg, 12);
		bad += cvsw_csum_fold(s) != cvsw_csum(seg, 12 + len);
	}
	CHECK_EQ(bad, 0);
}

TEST(segment_buf_equals_copy_then_fill)
{
	/* sclp_segment_buf() sums while it copies (cvsw_csum_copy()); its
	 * segments must be byte-identical to header, memcpy, sclp_csum_fill().
	 */
	enum { MAXSEG = 64, SEGBUF = SCLP_HLEN + 1600 };
	static u8 payload[SCLP_MAX_PAYLOAD + 8], bufs[MAXSEG][SEGBUF], ref[SEGBUF];
	u8 *segs[MAXSEG];
	u32 lens[MAXSEG];
	int i, k, n, bad = 0, segs_seen = 0;

	for (k = 0; k < MAXSEG; k++)
		segs[k] = bufs[k];
	rng_state = 0x5c1;
	for (i = 0; i < 300; i++) {
		u32 off = rnd() % 8, mss = 1 + rnd() % 1600;
		u32 total = 1 + rnd() % SCLP_MAX_PAYLOAD, id = rnd();
		u16 sport = (u16)rnd(), dport = (u16)rnd();
		struct sclp_seg_iter it;
		struct sclp_seg sg;

		if (i % 3 == 0)
			sport = dport = 0, id = 0; /* headers with little in them */
		if (sclp_seg_count(total, mss) > MAXSEG)
			mss = (total + MAXSEG - 1) / MAXSEG;
		if (i % 5 == 0)
			memset(payload + off, 0, total);
		else
			fill_random(payload + off, total);
		n = sclp_segment_buf(payload + off, total, mss, sport, dport, id, segs, lens,
				     MAXSEG);
		CHECK_EQ(n, (int)sclp_seg_count(total, mss));
		if (sclp_seg_iter_init(&it, total, mss))
			continue;
		for (k = 0; k < n && sclp_seg_next(&it, &sg); k++) {
			sclp_build((struct sclphdr *)ref, sport, dport, id, sg.first, sg.rem);
			memcpy(ref + SCLP_HLEN, payload + off + sg.offset, sg.len);
			sclp_csum_fill(ref, SCLP_HLEN + sg.len);
			bad += lens[k] != SCLP_HLEN + sg.len ||
			       memcmp(segs[k], ref, SCLP_HLEN + sg.len) != 0;
			segs_seen++;
		}
	}
	CHECK_EQ(bad, 0);
	CHECK(segs_seen > 1000);
}

int main(void)
{
	return RUN_TESTS();
}
