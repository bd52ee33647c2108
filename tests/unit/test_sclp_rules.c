// SPDX-License-Identifier: GPL-2.0
/*
 * proto/sclp_rules.h: the segment and merge rules that cvsw/encap_sclp.c,
 * offload_host/gso.c and offload_host/gro.c share. Segments are cut here
 * by sclp_segment_buf() (the flat-buffer user of the same rules) or by
 * hand, then merged as GRO does, and the merged header cut again as GSO does.
 */
#include "check.h"
#include "proto/sclp_rules.h"

#define MAX_SEGS 64
static u8 payload[SCLP_MAX_PAYLOAD];
static u8 segbuf[MAX_SEGS][SCLP_HLEN + 1500];
static u8 *segs[MAX_SEGS];
static u32 seg_lens[MAX_SEGS];

static int cut(u32 total, u32 mss, u32 id)
{
	u32 i;

	for (i = 0; i < MAX_SEGS; i++)
		segs[i] = segbuf[i];
	for (i = 0; i < total; i++)
		payload[i] = (u8)(i * 7 + 3);
	return sclp_segment_buf(payload, total, mss, 1000, SCLP_PORT_VXLAN, id,
				segs, seg_lens, MAX_SEGS);
}

static const struct sclphdr *hdr(int i)
{
	return (const struct sclphdr *)segs[i];
}

TEST(lengths_ok_bounds)
{
	CHECK(!sclp_lengths_ok(0, 0));
	CHECK(!sclp_lengths_ok(SCLP_HLEN - 1, 0));
	/* a header alone carries nothing: not a segment to cut or merge */
	CHECK(!sclp_lengths_ok(SCLP_HLEN, 0));
	CHECK(sclp_lengths_ok(SCLP_HLEN + 1, 0));
	CHECK(sclp_lengths_ok(SCLP_HLEN + 1, SCLP_MAX_PAYLOAD - 1));
	CHECK(!sclp_lengths_ok(SCLP_HLEN + 1, SCLP_MAX_PAYLOAD));
	CHECK(sclp_lengths_ok(SCLP_HLEN + SCLP_MAX_PAYLOAD, 0));
	CHECK(!sclp_lengths_ok(SCLP_HLEN + SCLP_MAX_PAYLOAD + 1, 0));
	CHECK(!sclp_lengths_ok(SCLP_HLEN + 1000, 64536));
	CHECK(sclp_lengths_ok(SCLP_HLEN + 1000, 64535));
}

/* The wire bytes of a cut: F on the first only, rem counts down to 0. */
TEST(seg_header_wire_bytes)
{
	static const u8 want1[SCLP_HLEN] = { 0x03, 0xe8, 0x12, 0xb5, 0x12, 0x34,
					     0x56, 0x78, 0x05, 0xdc, 0, 0 };
	struct sclphdr whole, h;

	sclp_build(&whole, 1000, SCLP_PORT_VXLAN, 0x12345678, true, 0);
	memset(&h, 0xff, sizeof(h));
	sclp_seg_header(&h, &whole, false, 1500);
	CHECK_MEM(&h, want1, SCLP_HLEN);
	sclp_seg_header(&h, &whole, true, 3000);
	CHECK(sclp_is_first(&h));
	CHECK_EQ(sclp_id(&h), 0x12345678);
	CHECK_EQ(be16_to_cpu(h.rem), 3000);
	CHECK_EQ(h.check, 0);
	/* a whole without F (a merged run from the middle) gives no F at all */
	sclp_build(&whole, 1000, SCLP_PORT_VXLAN, 0x12345678, false, 700);
	sclp_seg_header(&h, &whole, true, 100);
	CHECK(!sclp_is_first(&h));
	CHECK_EQ(be16_to_cpu(h.rem), 800);
}

/* sclp_segment_buf() and the iterator agree with the header rule. */
TEST(cut_matches_rule)
{
	struct sclphdr whole, h;
	u32 after = 4000;
	int n = cut(4000, 1448, 0x42), i;

	CHECK_EQ(n, 3);
	sclp_build(&whole, 1000, SCLP_PORT_VXLAN, 0x42, true, 0);
	for (i = 0; i < n; i++) {
		after -= seg_lens[i] - SCLP_HLEN;
		sclp_seg_header(&h, &whole, i == 0, after);
		CHECK_MEM(segs[i], &h, SCLP_CSUM_OFFSET);
	}
	CHECK_EQ(after, 0);
	CHECK_EQ(seg_lens[0], SCLP_HLEN + 1448);
	CHECK_EQ(seg_lens[2], SCLP_HLEN + 4000 - 2 * 1448);
}

/* GRO over an in-order cut merges everything into F=1, rem=0. */
TEST(merge_in_order)
{
	int n = cut(10000, 1400, 0x1000), i;
	u32 mss = seg_lens[0] - SCLP_HLEN, held = mss, len;

	CHECK_EQ(n, 8);
	CHECK(!sclp_run_ends(be16_to_cpu(hdr(0)->rem), mss, mss));
	for (i = 1; i < n; i++) {
		len = seg_lens[i] - SCLP_HLEN;
		CHECK(sclp_same_ports(hdr(0), hdr(i)));
		CHECK_EQ(sclp_merge_check(hdr(0), mss, held, hdr(i), len),
			 SCLP_MERGE_OK);
		held += len;
		CHECK_EQ(sclp_run_ends(be16_to_cpu(hdr(i)->rem), len, mss), i == n - 1);
	}
	CHECK_EQ(held, 10000);
	CHECK_EQ(sclp_run_rem(be16_to_cpu(hdr(0)->rem), mss, held), 0);
}

TEST(merge_refusals)
{
	int n = cut(6000, 1000, 0x2000);
	u32 mss = 1000;
	struct sclphdr other;

	CHECK_EQ(n, 6);
	/* a lost segment: 2 does not start where the run (0) ends */
	CHECK_EQ(sclp_merge_check(hdr(0), mss, 1000, hdr(2), 1000), SCLP_MERGE_GAP);
	/* a duplicate: 1 again after 0,1 */
	CHECK_EQ(sclp_merge_check(hdr(0), mss, 2000, hdr(1), 1000), SCLP_MERGE_GAP);
	/* another payload's segment, even one that would fit */
	other = *hdr(1);
	other.id ^= cpu_to_be32(2);
	CHECK_EQ(sclp_merge_check(hdr(0), mss, 1000, &other, 1000), SCLP_MERGE_ID);
	/* F belongs to the id word but not to the id: no ID verdict for it */
	CHECK_EQ(sclp_merge_check(hdr(0), mss, 1000, hdr(0), 1000), SCLP_MERGE_FIRST);
	/* a first segment after a run of the same id (id reuse): FIRST, not GAP */
	other = *hdr(0);
	other.rem = cpu_to_be16(4000);
	CHECK_EQ(sclp_merge_check(hdr(0), mss, 1000, &other, 1000), SCLP_MERGE_FIRST);
	/* a segment one byte longer than the run's mss, in the right place */
	other = *hdr(1);
	other.rem = cpu_to_be16(5000 - 1001);
	CHECK_EQ(sclp_merge_check(hdr(0), mss, 1000, &other, 1001), SCLP_MERGE_LONG);
	/* a short one is fine (a last segment) */
	other.rem = cpu_to_be16(5000 - 999);
	CHECK_EQ(sclp_merge_check(hdr(0), mss, 1000, &other, 999), SCLP_MERGE_OK);
	/* ports differ: not the same flow */
	other = *hdr(1);
	other.dest = cpu_to_be16(SCLP_PORT_GENEVE);
	CHECK(!sclp_same_ports(hdr(0), &other));
	other = *hdr(1);
	other.source = cpu_to_be16(1001);
	CHECK(!sclp_same_ports(hdr(0), &other));
}

/*
 * A run merged from the middle of a payload (GRO started on segment 2 after
 * losing 1), re-cut at the same mss as GSO does, gives back segments 2..5's
 * headers exactly: the merged header's rem is its last segment's.
 */
TEST(merged_run_recut)
{
	int n = cut(6000, 1000, 0x3000), i;
	u32 mss = 1000, held = 0, after;
	struct sclphdr merged, h;

	CHECK_EQ(n, 6);
	for (i = 2; i < n; i++) {
		if (i > 2)
			CHECK_EQ(sclp_merge_check(hdr(2), mss, held, hdr(i), 1000),
				 SCLP_MERGE_OK);
		held += 1000;
	}
	merged = *hdr(2);
	merged.rem = cpu_to_be16((u16)sclp_run_rem(be16_to_cpu(hdr(2)->rem), mss, held));
	merged.check = 0;
	CHECK_EQ(be16_to_cpu(merged.rem), 0);
	CHECK(!sclp_is_first(&merged));
	after = held;
	for (i = 2; i < n; i++) {
		after -= 1000;
		sclp_seg_header(&h, &merged, i == 2, after);
		CHECK_MEM(&h, segs[i], SCLP_CSUM_OFFSET);
	}
	/* and a partial run (segments 0..2 of 6) keeps rem 3000 when merged */
	CHECK_EQ(sclp_run_rem(be16_to_cpu(hdr(0)->rem), mss, 3000), 3000);
}

int main(void)
{
	return RUN_TESTS();
}
