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
	if (cvsw_encap_prepare_inner(cv, skb, rt, sizeof(struct udphdr) + CVSW_VXLAN_HLEN) ||
	    cvsw_vxlan_push(skb, e->vni) < 0)
		return cvsw_encap_error(cv, skb);
	cvsw_stat_inc(cv, CVSW_STAT_TX_VXLAN);
	cvsw_udp_xmit(cv, rt, skb, sport, e->dport ? e->dport : htons(CVSW_VXLAN_PORT));
}

void cvsw_vxlan_xmit(struct cvsw_dev *cv, struct sk_buff *skb,
		     const struct flow_encap *e)
{
	struct cvsw_route rt;

	if (cvsw_route_lookup(cv, e, IPPROTO_UDP, &rt))
		return cvsw_tx_drop(cv, skb, CVSW_STAT_TX_NO_ROUTE);
	if (cvsw_encap_fits(cv, skb, &rt, sizeof(struct udphdr) + CVSW_VXLAN_HLEN))
		cvsw_encap_each_segment(cv, skb, e, &rt, cvsw_encap_sport(cv, skb, e),
					xmit_one);
	cvsw_route_put(&rt);
}
