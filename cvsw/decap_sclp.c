// SPDX-License-Identifier: GPL-2.0
/*
 * SCLP receive (paper section 4): each segment's header parsed and its
 * checksum (header and payload, no pseudo-header) verified, then the
 * second-level reassembly (reasm.c) makes the whole payload, unless GRO
 * below (sclp_offload.ko) already merged it; the payload is VXLAN or
 * Geneve by the destination port.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>

#include "rx.h"
#include "proto/sclp.h"

static bool sclp_csum_valid(struct sk_buff *skb)
{
	if (skb_csum_unnecessary(skb))
		return true;
	if (skb->ip_summed == CHECKSUM_COMPLETE && !csum_fold(skb->csum))
		return true;
	return !csum_fold(skb_checksum(skb, 0, skb->len, 0));
}

void cvsw_rcv_sclp(struct cvsw_dev *cv, struct sk_buff *skb)
{
	unsigned int nhlen = skb_network_header_len(skb);
	struct sclp_info si;
	struct reasm_key key;
	u32 sum;

	/* Header fields are changed below (gso, frag_list): own them. */
	if (skb_unclone(skb, GFP_ATOMIC))
		return cvsw_rx_drop(cv, skb, CVSW_STAT_RX_NOMEM);
	if (!pskb_may_pull(skb, SCLP_HLEN) ||
	    sclp_parse(skb->data, skb->len, &si) || !si.payload_len)
		return cvsw_rx_drop(cv, skb, CVSW_STAT_RX_BAD_HEADER);
	if (!sclp_csum_valid(skb))
		return cvsw_rx_drop(cv, skb, CVSW_STAT_RX_BAD_CSUM);
	if (si.dport != SCLP_PORT_VXLAN && si.dport != SCLP_PORT_GENEVE)
		return cvsw_rx_drop(cv, skb, CVSW_STAT_RX_BAD_HEADER);
	/*
	 * The segment's checksum fingerprints its bytes for reassembly, which
	 * tells a reused id's older pieces by it (0: unknown; a checksum left
	 * to offload, PARTIAL, is not written yet).
	 */
	sum = (__force u16)((struct sclphdr *)skb->data)->check;
	sum = skb->ip_summed != CHECKSUM_PARTIAL && sum ? 0x10000 | sum : 0;

	cvsw_stat_inc(cv, CVSW_STAT_RX_SCLP_SEGMENTS);
	/* Only GRO below us makes a segment bigger than the wire allows. */
	if (nhlen + skb->len > cv->lower->mtu)
		cvsw_stat_inc(cv, CVSW_STAT_RX_SCLP_MERGED);
	skb_gso_reset(skb);
	cvsw_reasm_key(skb, si.id, si.sport, si.dport, cv->sclp_proto, &key);
	__skb_pull(skb, SCLP_HLEN);
	skb->ip_summed = CHECKSUM_NONE;

	/* Whole payload in one skb (small, or fully merged by GRO). */
	if (!(si.first && si.rem == 0)) {
		skb = cvsw_reasm_add(cv, skb, &key, si.first, si.rem, sum);
		if (!skb)
			return;
	}
	if (si.dport == SCLP_PORT_GENEVE)
		cvsw_decap_geneve(cv, skb, CVSW_STAT_RX_SCLP_GENEVE, true);
	else
		cvsw_decap_vxlan(cv, skb, CVSW_STAT_RX_SCLP_VXLAN, true);
}
