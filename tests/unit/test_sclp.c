// SPDX-License-Identifier: GPL-2.0
/* proto/sclp.c: wire format, checksum, segmentation (paper Fig. 4). */
#include "check.h"
#include "proto/sclp.h"
#include "proto/csum.h"

static u64 rng_state;

static u32 rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (u32)((rng_state * 0x2545F4914F6CDD1DULL) >> 32);
}

static u8 payload[SCLP_MAX_PAYLOAD + 1];
#define MAX_SEGS 64
static u8 segbuf[MAX_SEGS][SCLP_HLEN + 1500]; /* mss <= 1500 here */
static u8 *segs[MAX_SEGS];
static u32 seg_lens[MAX_SEGS];

static void setup(u64 seed)
{
	u32 i;

	rng_state = seed;
	for (i = 0; i < sizeof(payload); i++)
		payload[i] = (u8)rnd();
	for (i = 0; i < MAX_SEGS; i++)
		segs[i] = segbuf[i];
}

TEST(header_wire_bytes)
{
	static const u8 want[SCLP_HLEN] = { 0x12, 0x34, 0x12, 0xb5, 0x12, 0x34,
					    0x56, 0x79, 0x05, 0xfc, 0, 0 };
	struct sclphdr h;

	CHECK_EQ(sizeof(h), SCLP_HLEN);
	sclp_build(&h, 0x1234, SCLP_PORT_VXLAN, 0x12345678, true, 1532);
	CHECK_MEM(&h, want, SCLP_HLEN);
	CHECK_EQ(sclp_id(&h), 0x12345678);
	CHECK(sclp_is_first(&h));
	/* The id's low bit belongs to F: it is masked off, never leaks into F. */
	sclp_build(&h, 1, 2, 0x12345679, false, 0);
	CHECK_EQ(sclp_id(&h), 0x12345678);
	CHECK(!sclp_is_first(&h));
}

TEST(parse_fields)
{
	u8 seg[SCLP_HLEN + 100];
	struct sclp_info info;

	memset(seg, 0xab, sizeof(seg));
	sclp_build((struct sclphdr *)seg, 40000, SCLP_PORT_GENEVE, 0xfffffffe,
		   false, 64);
	CHECK_EQ(sclp_parse(seg, sizeof(seg), &info), 0);
	CHECK_EQ(info.sport, 40000);
	CHECK_EQ(info.dport, SCLP_PORT_GENEVE);
	CHECK_EQ(info.id, 0xfffffffe);
	CHECK(!info.first);
	CHECK_EQ(info.rem, 64);
	CHECK_EQ(info.payload_len, 100);
	CHECK(info.payload == seg + SCLP_HLEN);

	/* Unaligned buffers parse the same. */
	{
		static u8 odd[1 + sizeof(seg)];

		memcpy(odd + 1, seg, sizeof(seg));
		CHECK_EQ(sclp_parse(odd + 1, sizeof(seg), &info), 0);
		CHECK_EQ(info.id, 0xfffffffe);
		CHECK_EQ(info.rem, 64);
	}
}

TEST(parse_rejects_bad_lengths)
{
	static u8 seg[SCLP_HLEN + SCLP_MAX_PAYLOAD + 1];
	struct sclp_info info;
	size_t len;
	int bad = 0;

	sclp_build((struct sclphdr *)seg, 1, 2, 4, true, 0);
	for (len = 0; len < SCLP_HLEN; len++)
		bad += sclp_parse(seg, len, &info) != -EINVAL;
	CHECK_EQ(bad, 0);
	CHECK_EQ(sclp_parse(seg, SCLP_HLEN, &info), 0);
	CHECK_EQ(info.payload_len, 0);
	CHECK_EQ(sclp_parse(seg, SCLP_HLEN + SCLP_MAX_PAYLOAD, &info), 0);
	CHECK_EQ(sclp_parse(seg, sizeof(seg), &info), -EINVAL);

	/* remaining + payload cannot exceed the largest payload. */
	sclp_build((struct sclphdr *)seg, 1, 2, 4, false, 65535 - 100);
	CHECK_EQ(sclp_parse(seg, SCLP_HLEN + 100, &info), 0);
	CHECK_EQ(sclp_parse(seg, SCLP_HLEN + 101, &info), -EINVAL);
}

TEST(checksum_no_pseudo_header)
{
	u8 seg[SCLP_HLEN + 33];
	u8 copy[sizeof(seg)];
	__sum16 c;
	size_t i;
	int missed = 0;

	setup(3);
	memcpy(seg + SCLP_HLEN, payload, 33);
	sclp_build((struct sclphdr *)seg, 5, 6, 0x42, true, 0);
	memcpy(copy, seg, sizeof(seg));
	sclp_csum_fill(seg, sizeof(seg));
	CHECK(sclp_csum_ok(seg, sizeof(seg)));
	/* Exactly the RFC 1071 checksum of header (check = 0) and payload. */
	c = cvsw_csum(copy, sizeof(copy));
	CHECK_MEM(seg + SCLP_CSUM_OFFSET, &c, 2);
	/* Refilling a segment with a stale checksum gives the same value. */
	sclp_csum_fill(seg, sizeof(seg));
	CHECK_MEM(seg + SCLP_CSUM_OFFSET, &c, 2);
	/* Any single bit flip is caught. */
	for (i = 0; i < sizeof(seg) * 8; i++) {
		seg[i / 8] ^= (u8)(1 << (i % 8));
		missed += sclp_csum_ok(seg, sizeof(seg));
		seg[i / 8] ^= (u8)(1 << (i % 8));
	}
	CHECK_EQ(missed, 0);
	CHECK(!sclp_csum_ok(seg, SCLP_HLEN - 1));
}

TEST(paper_fig4_vector)
{
	static const u32 want_len[] = { 1468, 1468, 64 };
	static const u16 want_rem[] = { 1532, 64, 0 };
	static u8 joined[3000];
	struct sclp_info info;
	int n, i;
	u32 at = 0;

	setup(4);
	n = sclp_segment_buf(payload, 3000, 1468, 0x1234, SCLP_PORT_VXLAN,
			     0x12345678, segs, seg_lens, 3);
	CHECK_EQ(n, 3);
	CHECK_EQ(sclp_seg_count(3000, 1468), 3);
	for (i = 0; i < n && i < 3; i++) {
		CHECK_EQ(seg_lens[i], SCLP_HLEN + want_len[i]);
		CHECK(sclp_csum_ok(segs[i], seg_lens[i]));
		CHECK_EQ(sclp_parse(segs[i], seg_lens[i], &info), 0);
		CHECK_EQ(info.id, 0x12345678);
		CHECK_EQ(info.first, i == 0);
		CHECK_EQ(info.rem, want_rem[i]);
		CHECK_EQ(info.payload_len, want_len[i]);
		CHECK_EQ(info.sport, 0x1234);
		CHECK_EQ(info.dport, SCLP_PORT_VXLAN);
		/* eq. 2: offset = size - (S + R), size = 3000 from the first. */
		CHECK_EQ(3000 - (info.payload_len + info.rem), at);
		memcpy(joined + at, info.payload, info.payload_len);
		at += info.payload_len;
	}
	CHECK_EQ(at, 3000);
	CHECK_MEM(joined, payload, 3000);
}

TEST(iterator_matches_fig4)
{
	struct sclp_seg_iter it;
	struct sclp_seg s;

	CHECK_EQ(sclp_seg_iter_init(&it, 3000, 1468), 0);
	CHECK(sclp_seg_next(&it, &s));
	CHECK(s.first && s.offset == 0 && s.len == 1468 && s.rem == 1532);
	CHECK(sclp_seg_next(&it, &s));
	CHECK(!s.first && s.offset == 1468 && s.len == 1468 && s.rem == 64);
	CHECK(sclp_seg_next(&it, &s));
	CHECK(!s.first && s.offset == 2936 && s.len == 64 && s.rem == 0);
	CHECK(!sclp_seg_next(&it, &s));
	CHECK(!sclp_seg_next(&it, &s));
}

TEST(max_payload_counts)
{
	struct sclp_info info;
	int n, i, bad = 0;
	u32 sum = 0;

	setup(5);
	/* 1500-byte IPv4 MTU: 1500 - 20 (IPv4) - 12 (SCLP) = 1468. */
	CHECK_EQ(sclp_seg_count(65535, 1468), 45);
	CHECK_EQ(sclp_seg_count(65535, 1488), 45);
	CHECK_EQ(sclp_seg_count(65535, 1448), 46); /* IPv6: 1500 - 40 - 12 */
	CHECK_EQ(sclp_seg_count(1468, 1468), 1);
	CHECK_EQ(sclp_seg_count(1469, 1468), 2);
	CHECK_EQ(sclp_seg_count(65535, 1), 65535);
	CHECK_EQ(sclp_seg_count(1, 65535), 1);
	CHECK_EQ(sclp_seg_count(0, 1468), 0);
	CHECK_EQ(sclp_seg_count(100, 0), 0);
	CHECK_EQ(sclp_seg_count(65536, 1468), 0);

	n = sclp_segment_buf(payload, 65535, 1468, 1, 2, 0x2468ace0, segs,
			     seg_lens, 45);
	CHECK_EQ(n, 45);
	for (i = 0; i < n; i++) {
		bad += sclp_parse(segs[i], seg_lens[i], &info) != 0 ||
		       !sclp_csum_ok(segs[i], seg_lens[i]) ||
		       info.first != (i == 0) || info.id != 0x2468ace0 ||
		       info.rem != 65535 - sum - info.payload_len ||
		       memcmp(info.payload, payload + sum, info.payload_len);
		sum += info.payload_len;
	}
	CHECK_EQ(bad, 0);
	CHECK_EQ(sum, 65535);
	CHECK_EQ(seg_lens[44], SCLP_HLEN + 65535 - 44 * 1468); /* 943 bytes */
	CHECK_EQ(sclp_segment_buf(payload, 65535, 1488, 1, 2, 0, segs,
				  seg_lens, 45), 45);
	CHECK_EQ(seg_lens[44], SCLP_HLEN + 65535 - 44 * 1488); /* 63 bytes */
}

TEST(segment_rejects)
{
	struct sclp_seg_iter it;

	setup(6);
	CHECK_EQ(sclp_seg_iter_init(&it, 100, 0), -EINVAL);
	CHECK_EQ(sclp_seg_iter_init(&it, 0, 100), -EINVAL);
	CHECK_EQ(sclp_seg_iter_init(&it, 65536, 100), -EINVAL);
	CHECK_EQ(sclp_seg_iter_init(&it, 65535, 100000), 0);
	CHECK_EQ(sclp_segment_buf(payload, 10, 0, 1, 2, 3, segs, seg_lens, 9), -EINVAL);
	CHECK_EQ(sclp_segment_buf(payload, 0, 10, 1, 2, 3, segs, seg_lens, 9), -EINVAL);
	CHECK_EQ(sclp_segment_buf(payload, 65536, 1468, 1, 2, 3, segs, seg_lens, 99),
		 -EINVAL);
	/* Too few buffers: refused before writing anything. */
	memset(segbuf[0], 0x5a, SCLP_HLEN);
	CHECK_EQ(sclp_segment_buf(payload, 3000, 1468, 1, 2, 3, segs, seg_lens, 2),
		 -ENOSPC);
	CHECK_EQ(segbuf[0][0], 0x5a);
	CHECK_EQ(segbuf[0][SCLP_HLEN - 1], 0x5a);
}

TEST(iterator_random_sizes)
{
	int i, bad = 0;

	rng_state = 77;
	for (i = 0; i < 3000; i++) {
		u32 total = 1 + rnd() % SCLP_MAX_PAYLOAD, mss = 1 + rnd() % 9000;
		struct sclp_seg_iter it;
		struct sclp_seg s;
		u32 n = 0, at = 0;

		if (i < 200)
			mss = 1 + rnd() % 64; /* many tiny segments */
		if (sclp_seg_iter_init(&it, total, mss)) {
			bad++;
			continue;
		}
		while (sclp_seg_next(&it, &s)) {
			bad += s.offset != at || s.first != (n == 0) || !s.len ||
			       s.len > mss || s.rem != total - at - s.len ||
			       (s.rem && s.len != mss);
			at += s.len;
			n++;
		}
		bad += at != total || n != sclp_seg_count(total, mss);
	}
	CHECK_EQ(bad, 0);
}

int main(void)
{
	return RUN_TESTS();
}
