// SPDX-License-Identifier: GPL-2.0
/*
 * VXLAN (RFC 7348) transmit: outer IP / UDP / VXLAN / inner Ethernet.
 * RFC 7348 forbids fragmenting: a GSO inner frame goes down as one
 * SKB_GSO_UDP_TUNNEL_CSUM packet, which tunnel TSO or the stack's tunnel GSO
 * cuts into MSS-sized inner frames, each with its own outer headers.
 */
#include <linux/udp.h>
#include <net/ip6_checksum.h>
#include <net/udp.h>

#include "encap.h"

int cvsw_vxlan_push(struct sk_buff *skb, u32 vni)
{
	return cvsw_vxlan_build(__skb_push(skb, CVSW_VXLAN_HLEN), CVSW_VXLAN_HLEN, vni);
}

void cvsw_vxlan_xmit(struct cvsw_dev *cv, struct sk_buff *skb,
		     const struct flow_encap *e)
{
	unsigned int hdrs = sizeof(struct udphdr) + CVSW_VXLAN_HLEN;
	struct cvsw_route rt;
	__be16 sport;

	if (cvsw_route_lookup(cv, e, IPPROTO_UDP, &rt))
		return cvsw_tx_drop(cv, skb, CVSW_STAT_TX_NO_ROUTE);
	if (!cvsw_encap_fits(cv, skb, &rt, hdrs))
		goto out;
	sport = cvsw_encap_sport(cv, skb, e); /* hashes the inner flow: before the push */
	if (cvsw_encap_prepare_offload(cv, skb, &rt, hdrs, SKB_GSO_UDP_TUNNEL_CSUM) ||
	    cvsw_vxlan_push(skb, e->vni) < 0) {
		cvsw_encap_error(cv, skb);
		goto out;
	}
	cvsw_stat_inc(cv, CVSW_STAT_TX_VXLAN);
	cvsw_udp_xmit(cv, &rt, skb, sport, e->dport ? e->dport : htons(CVSW_VXLAN_PORT));
out:
	cvsw_route_put(&rt);
}
