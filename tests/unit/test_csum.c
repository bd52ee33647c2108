// SPDX-License-Identifier: GPL-2.0
/* proto/csum.c against RFC vectors and a naive big-endian reference. */
#include "check.h"
#include "proto/csum.h"

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
	u32 s = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		s += (u32)p[i] << 8 | p[i + 1];
	if (len & 1)
		s += (u32)p[len - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (u16)s;
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

int main(void)
{
	return RUN_TESTS();
}
