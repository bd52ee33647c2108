// SPDX-License-Identifier: GPL-2.0
/*
 * STT receive (draft-davie-stt): the fake TCP segments are checksummed,
 * then reassembled into one STT frame on the same engine and limits as
 * SCLP (reasm.c), keyed by addresses, ports and the ack number (packet
 * id); a segment's position is its tail distance frame length - offset -
 * segment length. The STT header then gives the context id (tun_id), the
 * checksum state and a VLAN tag.
 */
#include <linux/if_vlan.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>

#include "rx.h"
#include "proto/stt.h"

bool cvsw_rx_is_stt(struct sk_buff *skb, unsigned int l4off)
{
	const struct tcphdr *th;

	if (!pskb_may_pull(skb, l4off + sizeof(*th)))
		return false;
	th = (const struct tcphdr *)(skb->data + l4off);
	return th->dest == htons(CVSW_STT_PORT);
}

/* skb->data at a whole STT frame (18-byte header + inner frame). */
static void decap_stt(struct cvsw_dev *cv, struct sk_buff *skb)
{
	struct cvsw_stt_info si;
	bool whole = true;

	if (!pskb_may_pull(skb, CVSW_STT_HLEN + ETH_HLEN) ||
	    cvsw_stt_parse(skb->data, CVSW_STT_HLEN, &si) < 0)
		return cvsw_rx_drop(cv, skb, CVSW_STAT_RX_BAD_HEADER);
	__skb_pull(skb, CVSW_STT_HLEN);
	skb->ip_summed = CHECKSUM_NONE;
	if (si.flags & CVSW_STT_FLAG_CSUM_PARTIAL) {
		/* The sender left the inner L4 checksum to be completed. */
		if (si.l4_offset < ETH_HLEN || si.l4_offset >= skb->len)
			return cvsw_rx_drop(cv, skb, CVSW_STAT_RX_BAD_HEADER);
		skb->ip_summed = CHECKSUM_PARTIAL;
		skb->csum_start = skb->data - skb->head + si.l4_offset;
		skb->csum_offset = si.flags & CVSW_STT_FLAG_TCP ?
				   offsetof(struct tcphdr, check) :
				   offsetof(struct udphdr, check);
		whole = false;
	}
	/* A tag the sender moved into the header goes back into the frame. */
	if ((si.vlan_tci & CVSW_STT_TCI_V) &&
	    __vlan_insert_tag(skb, htons(ETH_P_8021Q), si.vlan_tci & ~CVSW_STT_TCI_V))
		return cvsw_rx_drop(cv, skb, CVSW_STAT_RX_NOMEM);
	cvsw_stat_inc(cv, CVSW_STAT_RX_STT);
	cvsw_rx_decap(cv, skb, si.context, NULL, 0, whole);
}

static bool stt_csum_ok(struct sk_buff *skb)
{
	if (skb->protocol == htons(ETH_P_IPV6))
		return !skb_checksum_validate(skb, IPPROTO_TCP, ip6_compute_pseudo);
	return !skb_checksum_validate(skb, IPPROTO_TCP, inet_compute_pseudo);
}

void cvsw_rcv_stt(struct cvsw_dev *cv, struct sk_buff *skb)
{
	struct cvsw_stt_seg_info seg;
	struct reasm_key key;
	unsigned int hlen;
	u32 tail, sum;

	/* Header fields are changed below (gso, frag_list): own them. */
	if (skb_unclone(skb, GFP_ATOMIC))
		return cvsw_rx_drop(cv, skb, CVSW_STAT_RX_NOMEM);
	if (!pskb_may_pull(skb, CVSW_STT_TCP_HLEN))
		return cvsw_rx_drop(cv, skb, CVSW_STAT_RX_BAD_HEADER);
	hlen = (skb->data[12] >> 4) * 4;
	if (hlen < CVSW_STT_TCP_HLEN || !pskb_may_pull(skb, hlen) ||
	    cvsw_stt_tcp_parse(skb->data, hlen, skb->len, &seg) < 0 || !seg.data_len)
		return cvsw_rx_drop(cv, skb, CVSW_STAT_RX_BAD_HEADER);
	if (!stt_csum_ok(skb))
		return cvsw_rx_drop(cv, skb, CVSW_STAT_RX_BAD_CSUM);

	/*
	 * The segment's TCP checksum fingerprints its bytes for reassembly,
	 * as SCLP's does (0: unknown). Not when it is only the pseudo-header
	 * sum: a checksum left to offload (PARTIAL), or one GRO wrote for
	 * several merged segments.
	 */
	sum = (__force u16)((const struct tcphdr *)skb->data)->check;
	sum = skb->ip_summed != CHECKSUM_PARTIAL && !skb_is_gso(skb) && sum ?
	      0x10000 | sum : 0;
	/* GRO or a TSO-less veth peer may hand us several segments in one. */
	skb_gso_reset(skb);
	cvsw_reasm_key(skb, seg.pkt_id, seg.sport, seg.dport, IPPROTO_TCP, &key);
	__skb_pull(skb, hlen);
	skb->ip_summed = CHECKSUM_NONE;
	tail = seg.frame_len - seg.offset - seg.data_len;
	if (seg.offset || tail) {
		skb = cvsw_reasm_add(cv, skb, &key, !seg.offset, tail, sum);
		if (!skb)
			return;
	}
	decap_stt(cv, skb);
}
