// SPDX-License-Identifier: GPL-2.0
/*
 * VXLAN (RFC 7348) transmit: outer IP / UDP / VXLAN / inner Ethernet.
 * RFC 7348 forbids fragmenting, so a GSO inner frame is cut into MSS-sized
 * segments first and each one is tunnelled with its own headers.
 */
#include <linux/udp.h>
#include <net/ip6_checksum.h>
#include <net/udp.h>

#include "encap.h"

int cvsw_vxlan_push(struct sk_buff *skb, u32 vni)
{
	return cvsw_vxlan_build(__skb_push(skb, CVSW_VXLAN_HLEN), CVSW_VXLAN_HLEN, vni);
}

static void xmit_one(struct cvsw_dev *cv, struct sk_buff *skb,
		     const struct flow_encap *e, const struct cvsw_route *rt,
		     __be16 sport)
{
	unsigned int hdrs = sizeof(struct udphdr) + CVSW_VXLAN_HLEN;

	/* Nobody below us will complete the inner checksum. */
	if (skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_help(skb))
		goto err;
	if (skb_cow_head(skb, cvsw_outer_headroom(cv, rt, hdrs)))
		goto err;
	/* The tunnel byte counters (iptunnel_xmit_stats) count the inner frame. */
	skb_reset_inner_mac_header(skb);
	skb_set_inner_network_header(skb, 0);

	if (cvsw_vxlan_push(skb, e->vni) < 0)
		goto err;
	cvsw_stat_inc(cv, CVSW_STAT_TX_VXLAN);
	cvsw_udp_xmit(cv, rt, skb, sport, e->dport ? e->dport : htons(CVSW_VXLAN_PORT));
	return;

err:
	cvsw_stat_inc(cv, CVSW_STAT_TX_ERROR);
	DEV_STATS_INC(cv->dev, tx_errors);
	kfree_skb(skb);
}

void cvsw_vxlan_xmit(struct cvsw_dev *cv, struct sk_buff *skb,
		     const struct flow_encap *e)
{
	struct sk_buff *segs, *next;
	struct cvsw_route rt;
	__be16 sport;

	if (cvsw_route_lookup(cv, e, IPPROTO_UDP, &rt)) {
		DEV_STATS_INC(cv->dev, tx_dropped);
		kfree_skb(skb);
		return;
	}
	sport = cvsw_encap_sport(cv, skb, e);

	if (!skb_is_gso(skb)) {
		xmit_one(cv, skb, e, &rt, sport);
		goto out;
	}
	/* No checksum features: every segment leaves with its checksum done. */
	segs = skb_gso_segment(skb, NETIF_F_SG);
	if (IS_ERR_OR_NULL(segs)) {
		cvsw_stat_inc(cv, CVSW_STAT_TX_ERROR);
		DEV_STATS_INC(cv->dev, tx_errors);
		kfree_skb(skb);
		goto out;
	}
	consume_skb(skb);
	skb_list_walk_safe(segs, skb, next) {
		skb_mark_not_on_list(skb);
		xmit_one(cv, skb, e, &rt, sport);
	}
out:
	cvsw_route_put(&rt);
}
