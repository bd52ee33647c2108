// SPDX-License-Identifier: GPL-2.0
/*
 * Getting an inner frame ready for its tunnel headers, two ways:
 *  - offload (VXLAN, Geneve, NVGRE), as vxlan.c and geneve.c do: the frame,
 *    GSO or not, goes down as ONE packet marked with the tunnel's GSO type
 *    (SKB_GSO_UDP_TUNNEL_CSUM, SKB_GSO_GRE) and its inner headers; a NIC
 *    with tunnel TSO or a veth carries it whole, anything else has the
 *    stack's tunnel GSO cut it after encapsulation (validate_xmit_skb), each
 *    segment a whole inner frame with its own outer headers. The inner
 *    checksum stays CHECKSUM_PARTIAL for whoever segments or offloads it.
 *  - segment-then-encapsulate (STT frames too big for its 16-bit frame
 *    length): a GSO inner frame is cut into MSS-sized frames first, every
 *    one leaving with its inner checksum completed.
 */
#include <net/ip_tunnels.h>

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

int cvsw_encap_prepare_offload(struct cvsw_dev *cv, struct sk_buff *skb,
			       const struct cvsw_route *rt, unsigned int hdrs,
			       int gso_type)
{
	if (skb_cow_head(skb, cvsw_outer_headroom(cv, rt, hdrs)))
		return -ENOMEM;
	/* Records the inner headers, marks encapsulation, adds gso_type. */
	if (iptunnel_handle_offloads(skb, gso_type))
		return -ENOMEM;
	skb_set_inner_protocol(skb, htons(ETH_P_TEB));
	return 0;
}

void cvsw_udp_tunnel_xmit(struct cvsw_dev *cv, struct sk_buff *skb,
			  const struct flow_encap *e, unsigned int tunhdr,
			  int (*push)(struct sk_buff *skb, const struct flow_encap *e),
			  enum cvsw_stat stat, __be16 dport)
{
	unsigned int hdrs = sizeof(struct udphdr) + tunhdr;
	struct cvsw_route rt;
	__be16 sport;

	if (cvsw_route_lookup(cv, e, IPPROTO_UDP, &rt))
		return cvsw_tx_drop(cv, skb, CVSW_STAT_TX_NO_ROUTE);
	if (!cvsw_encap_fits(cv, skb, &rt, hdrs))
		goto out;
	sport = cvsw_encap_sport(cv, skb, e); /* hashes the inner flow: before the push */
	if (cvsw_encap_prepare_offload(cv, skb, &rt, hdrs, SKB_GSO_UDP_TUNNEL_CSUM) ||
	    push(skb, e) < 0) {
		cvsw_encap_error(cv, skb);
		goto out;
	}
	cvsw_stat_inc(cv, stat);
	cvsw_udp_xmit(cv, &rt, skb, sport, dport);
out:
	cvsw_route_put(&rt);
}

void cvsw_encap_error(struct cvsw_dev *cv, struct sk_buff *skb)
{
	cvsw_tx_drop(cv, skb, CVSW_STAT_TX_ERROR);
}
