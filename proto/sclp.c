// SPDX-License-Identifier: GPL-2.0
/*
 * SCLP header parsing and building, and where the segments of a payload
 * start (paper section 4): what cvsw.ko runs. Checksums and segmentation
 * into flat buffers are in sclp_buf.c (userspace only).
 */
#include "sclp.h"

int sclp_parse(const void *buf, size_t len, struct sclp_info *out)
{
	struct sclphdr h;
	u32 plen;

	if (len < SCLP_HLEN || len - SCLP_HLEN > SCLP_MAX_PAYLOAD)
		return -EINVAL;
	memcpy(&h, buf, sizeof(h)); /* buf may be unaligned */
	plen = (u32)(len - SCLP_HLEN);
	if (plen + be16_to_cpu(h.rem) > SCLP_MAX_PAYLOAD)
		return -EINVAL;

	out->sport = be16_to_cpu(h.source);
	out->dport = be16_to_cpu(h.dest);
	out->id = sclp_id(&h);
	out->first = sclp_is_first(&h);
	out->rem = be16_to_cpu(h.rem);
	out->payload_len = plen;
	out->payload = (const u8 *)buf + SCLP_HLEN;
	return 0;
}

void sclp_build(struct sclphdr *h, u16 sport, u16 dport, u32 id, bool first,
		u16 rem)
{
	h->source = cpu_to_be16(sport);
	h->dest = cpu_to_be16(dport);
	h->id = cpu_to_be32((id & SCLP_ID_MASK) | (first ? SCLP_FIRST : 0));
	h->rem = cpu_to_be16(rem);
	h->check = 0;
}

int sclp_seg_iter_init(struct sclp_seg_iter *it, u32 total, u32 mss)
{
	if (!mss || !total || total > SCLP_MAX_PAYLOAD)
		return -EINVAL;
	it->total = total;
	it->mss = mss;
	it->offset = 0;
	return 0;
}

bool sclp_seg_next(struct sclp_seg_iter *it, struct sclp_seg *seg)
{
	u32 left = it->total - it->offset;

	if (!left)
		return false;
	seg->offset = it->offset;
	seg->len = left < it->mss ? left : it->mss;
	seg->rem = (u16)(left - seg->len);
	seg->first = it->offset == 0;
	it->offset += seg->len;
	return true;
}

u32 sclp_seg_count(u32 total, u32 mss)
{
	if (!mss || !total || total > SCLP_MAX_PAYLOAD)
		return 0;
	return total / mss + (total % mss != 0);
}
