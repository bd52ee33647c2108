// SPDX-License-Identifier: GPL-2.0
/*
 * SCLP over flat buffers: checksum check and fill, segmentation by copy
 * (see sclp.h). Userspace only (tests, fuzzers, tools) and proto_selftest.ko:
 * cvsw.ko and sclp_offload.ko checksum and cut skbs with the kernel's
 * helpers, so this file is in no module's Kbuild.
 */
#include "sclp.h"
#include "sclp_rules.h"
#include "csum.h"

bool sclp_csum_ok(const void *seg, size_t len)
{
	return len >= SCLP_HLEN && cvsw_csum_ok(seg, len);
}

void sclp_csum_fill(void *seg, size_t len)
{
	u8 *p = seg;
	__sum16 zero = 0, check;

	memcpy(p + SCLP_CSUM_OFFSET, &zero, sizeof(zero));
	check = cvsw_csum(p, len);
	memcpy(p + SCLP_CSUM_OFFSET, &check, sizeof(check));
}

int sclp_segment_buf(const void *payload, u32 total, u32 mss, u16 sport,
		     u16 dport, u32 id, u8 *const *segs, u32 *seg_lens,
		     u32 max_segs)
{
	struct sclp_seg_iter it;
	struct sclp_seg seg;
	struct sclphdr whole, h;
	u32 n = 0;
	int ret;

	ret = sclp_seg_iter_init(&it, total, mss);
	if (ret)
		return ret;
	if (sclp_seg_count(total, mss) > max_segs)
		return -ENOSPC;

	sclp_build(&whole, sport, dport, id, true, 0);
	while (sclp_seg_next(&it, &seg)) {
		u32 sum;

		sclp_seg_header(&h, &whole, seg.first, seg.rem);
		/* Copy and sum the payload in one pass; the header (even
		 * length, check 0) adds to that sum as sclp_csum_fill() would.
		 */
		sum = cvsw_csum_copy(0, segs[n] + SCLP_HLEN,
				     (const u8 *)payload + seg.offset, seg.len);
		h.check = cvsw_csum_fold(cvsw_csum_add(sum, &h, SCLP_HLEN));
		memcpy(segs[n], &h, SCLP_HLEN);
		seg_lens[n] = SCLP_HLEN + seg.len;
		n++;
	}
	return (int)n;
}
