// SPDX-License-Identifier: GPL-2.0
/*
 * Receive side of NVGRE, Geneve (over UDP; over SCLP the payload comes from
 * rx.c's SCLP path) and STT, called from rx.c's rx_handler once the outer
 * IP header is validated. Each validates its header, counts and hands the
 * inner frame to cvsw_rx_decap() with its tun_id (VSID, VNI, context id)
 * and, for Geneve, the options (the first one is matched by tun_opt=).
 *
 * STT segments are reassembled into one STT frame on the same engine and
 * limits as SCLP (reasm.c), keyed by addresses, ports and the ack number
 * (packet id); the position of a segment is its tail distance
 * frame length - offset - segment length.
 */
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>

#include "rx.h"
#include "proto/geneve.h"
#include "proto/nvgre.h"
#include "proto/stt.h"

/*
 * A tunnelled GSO packet (a local sender's gretap/geneve over veth hands
 * its super-packet over unsegmented): what is left after decap is plain.
 */
static void strip_tunnel_gso(struct sk_buff *skb)
{
	if (skb_is_gso(skb))
		skb_shinfo(skb)->gso_type &= ~(SKB_GSO_GRE | SKB_GSO_GRE_CSUM |
					       SKB_GSO_UDP_TUNNEL |
					       SKB_GSO_UDP_TUNNEL_CSUM |
					       SKB_GSO_TUNNEL_REMCSUM);
	skb->encapsulation = 0;
}

/* GRE carrying Ethernet: other GRE (IP in GRE, ...) is the stack's. */
bool cvsw_rx_is_nvgre(struct sk_buff *skb, unsigned int l4off)
{
	const struct cvsw_nvgrehdr *gh;

	if (!pskb_may_pull(skb, l4off + 4))
		return false;
	gh = (const struct cvsw_nvgrehdr *)(skb->data + l4off);
	return gh->proto == htons(CVSW_NVGRE_PROTO);
}

bool cvsw_rx_is_stt(struct sk_buff *skb, unsigned int l4off)
{
	const struct tcphdr *th;

	if (!pskb_may_pull(skb, l4off + sizeof(*th)))
		return false;
	th = (const struct tcphdr *)(skb->data + l4off);
	return th->dest == htons(CVSW_STT_PORT);
}

void cvsw_rcv_nvgre(struct cvsw_dev *cv, struct sk_buff *skb)
{
	u32 vsid;
	u8 flowid;

	if (!pskb_may_pull(skb, CVSW_NVGRE_HLEN + ETH_HLEN) ||
	    cvsw_nvgre_parse(skb->data, CVSW_NVGRE_HLEN, &vsid, &flowid) < 0)
		return cvsw_rx_drop(cv, skb, CVSW_STAT_RX_BAD_HEADER);
	/* No outer L4 checksum: any checksum state refers to the inner frame. */
	skb_pull_rcsum(skb, CVSW_NVGRE_HLEN);
	strip_tunnel_gso(skb);
	cvsw_stat_inc(cv, CVSW_STAT_RX_NVGRE);
	cvsw_rx_decap(cv, skb, vsid, NULL, 0, false);
}

void cvsw_decap_geneve(struct cvsw_dev *cv, struct sk_buff *skb,
		       enum cvsw_stat rx_stat, bool whole)
{
	struct cvsw_geneve_info gi;
	unsigned int hlen;

	if (!pskb_may_pull(skb, CVSW_GENEVE_HLEN))
		return cvsw_rx_drop(cv, skb, CVSW_STAT_RX_BAD_HEADER);
	hlen = CVSW_GENEVE_HLEN + (skb->data[0] & 0x3f) * 4;
	if (!pskb_may_pull(skb, hlen + ETH_HLEN) ||
	    cvsw_geneve_parse(skb->data, hlen, &gi) < 0 ||
	    gi.proto != CVSW_GENEVE_PROTO_ETH ||
	    /* RFC 8926 3.5: cvsw interprets no option: critical ones drop. */
	    gi.critical)
		return cvsw_rx_drop(cv, skb, CVSW_STAT_RX_BAD_HEADER);
	/*
	 * gi.opts points into the head, which stays in place until
	 * cvsw_rx_decap() has built the key (the pull only moves data).
	 */
	skb_pull_rcsum(skb, gi.hdr_len);
	strip_tunnel_gso(skb);
	cvsw_stat_inc(cv, rx_stat);
	cvsw_rx_decap(cv, skb, gi.vni, gi.opts_len ? gi.opts : NULL, gi.opts_len, whole);
}

void cvsw_rcv_geneve(struct cvsw_dev *cv, struct sk_buff *skb)
{
	if (cvsw_rx_pull_udp(cv, skb))
		cvsw_decap_geneve(cv, skb, CVSW_STAT_RX_GENEVE, false);
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
