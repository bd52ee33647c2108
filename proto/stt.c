// SPDX-License-Identifier: GPL-2.0
/* STT segment and frame headers (draft-davie-stt-08): see stt.h. */
#include "stt.h"
#include "ip.h"

int cvsw_stt_tcp_build(void *buf, size_t size, const struct cvsw_stt_seg_info *seg)
{
	struct cvsw_stt_tcphdr *th = buf;

	if (size < CVSW_STT_TCP_HLEN)
		return -EMSGSIZE;
	if (seg->frame_len < CVSW_STT_HLEN || seg->offset >= seg->frame_len)
		return -EINVAL;
	th->source = cpu_to_be16(seg->sport);
	th->dest = cpu_to_be16(seg->dport);
	th->seq = cpu_to_be32((u32)seg->frame_len << 16 | seg->offset);
	th->ack_seq = cpu_to_be32(seg->pkt_id);
	th->doff_res = (CVSW_STT_TCP_HLEN / 4) << 4;
	th->flags = CVSW_TCP_FLAG_PSH | CVSW_TCP_FLAG_ACK;
	th->window = cpu_to_be16(0xffff);
	th->check = 0;
	th->urg_ptr = 0;
	return CVSW_STT_TCP_HLEN;
}

int cvsw_stt_tcp_parse(const void *buf, size_t len, size_t seg_len,
		       struct cvsw_stt_seg_info *seg)
{
	const struct cvsw_stt_tcphdr *th = buf;
	unsigned int hlen, frame_len, offset;
	size_t data_len;
	u32 seq;

	if (len > seg_len)
		return -EINVAL;
	if (len < CVSW_STT_TCP_HLEN)
		return -EMSGSIZE;
	hlen = (th->doff_res >> 4) * 4;
	if (hlen < CVSW_STT_TCP_HLEN)
		return -EINVAL;
	if (hlen > len)
		return -EMSGSIZE;
	seq = be32_to_cpu(th->seq);
	frame_len = seq >> 16;
	offset = seq & 0xffff;
	data_len = seg_len - hlen;
	if (frame_len < CVSW_STT_HLEN || offset >= frame_len ||
	    data_len > frame_len - offset)
		return -EINVAL;
	seg->frame_len = frame_len;
	seg->offset = offset;
	seg->data_len = data_len;
	seg->sport = be16_to_cpu(th->source);
	seg->dport = be16_to_cpu(th->dest);
	seg->pkt_id = be32_to_cpu(th->ack_seq);
	seg->tcp_flags = th->flags;
	seg->hdr_len = hlen;
	return hlen;
}

int cvsw_stt_build(void *buf, size_t size, const struct cvsw_stt_info *info)
{
	struct cvsw_stthdr *sh = buf;

	if (size < CVSW_STT_HLEN)
		return -EMSGSIZE;
	if (info->flags & ~CVSW_STT_FLAGS_KNOWN)
		return -EINVAL;
	sh->version = CVSW_STT_VERSION;
	sh->flags = info->flags;
	sh->l4_offset = info->l4_offset;
	sh->reserved = 0;
	sh->mss = cpu_to_be16(info->mss);
	sh->vlan_tci = cpu_to_be16(info->vlan_tci);
	sh->context = cpu_to_be64(info->context);
	sh->pad[0] = 0;
	sh->pad[1] = 0;
	return CVSW_STT_HLEN;
}

int cvsw_stt_parse(const void *buf, size_t len, struct cvsw_stt_info *info)
{
	const struct cvsw_stthdr *sh = buf;

	if (len < 1)
		return -EMSGSIZE;
	if (sh->version != CVSW_STT_VERSION)
		return -EPROTONOSUPPORT;
	if (len < CVSW_STT_HLEN)
		return -EMSGSIZE;
	info->flags = sh->flags & CVSW_STT_FLAGS_KNOWN;
	info->l4_offset = sh->l4_offset;
	info->mss = be16_to_cpu(sh->mss);
	info->vlan_tci = be16_to_cpu(sh->vlan_tci);
	info->context = be64_to_cpu(sh->context);
	return CVSW_STT_HLEN;
}
