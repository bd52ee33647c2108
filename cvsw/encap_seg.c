// SPDX-License-Identifier: GPL-2.0
/*
 * Segment-then-encapsulate, shared by the tunnels whose wire packets must
 * each carry a whole inner frame (NVGRE, Geneve; STT for frames too big for
 * its 16-bit frame length): a GSO inner frame is cut into MSS-sized frames
 * first, every one leaving with its inner checksum completed.
 */
#include "encap.h"

void cvsw_encap_each_segment(struct cvsw_dev *cv, struct sk_buff *skb,
			     const struct flow_encap *e,
			     const struct cvsw_route *rt, __be16 sport,
			     cvsw_encap_one_t one)
{
	struct sk_buff *segs, *next;

	if (!skb_is_gso(skb)) {
		one(cv, skb, e, rt, sport);
		return;
	}
	/* No checksum features: every segment leaves with its checksum done. */
	segs = skb_gso_segment(skb, NETIF_F_SG);
	if (IS_ERR_OR_NULL(segs)) {
		cvsw_encap_error(cv, skb);
		return;
	}
	consume_skb(skb);
	skb_list_walk_safe(segs, skb, next) {
		skb_mark_not_on_list(skb);
		one(cv, skb, e, rt, sport);
	}
}

int cvsw_encap_prepare_inner(struct cvsw_dev *cv, struct sk_buff *skb,
			     const struct cvsw_route *rt, unsigned int hdrs)
{
	/* Nobody below us will complete the inner checksum. */
	if (skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_help(skb))
		return -EINVAL;
	if (skb_cow_head(skb, cvsw_outer_headroom(cv, rt, hdrs)))
		return -ENOMEM;
	skb->encapsulation = 0;
	/* The tunnel byte counters (iptunnel_xmit_stats) count the inner frame. */
	skb_reset_inner_mac_header(skb);
	skb_set_inner_network_header(skb, 0);
	return 0;
}

void cvsw_encap_error(struct cvsw_dev *cv, struct sk_buff *skb)
{
	cvsw_tx_drop(cv, skb, CVSW_STAT_TX_ERROR);
}
