// SPDX-License-Identifier: GPL-2.0
/* VXLAN receive (RFC 7348): the outer UDP checked, the VXLAN header parsed and stripped. */
#include "rx.h"
#include "proto/vxlan.h"

/* skb->data at the VXLAN header (the whole SCLP payload when whole). */
void cvsw_decap_vxlan(struct cvsw_dev *cv, struct sk_buff *skb,
		      enum cvsw_stat rx_stat, bool whole)
{
	u32 vni;

	if (!pskb_may_pull(skb, CVSW_VXLAN_HLEN + ETH_HLEN) ||
	    cvsw_vxlan_parse(skb->data, CVSW_VXLAN_HLEN, &vni) < 0)
		return cvsw_rx_drop(cv, skb, CVSW_STAT_RX_BAD_HEADER);
	skb_pull_rcsum(skb, CVSW_VXLAN_HLEN);
	cvsw_rx_strip_tunnel_gso(skb);
	cvsw_stat_inc(cv, rx_stat);
	cvsw_rx_decap(cv, skb, vni, NULL, 0, whole);
}

void cvsw_rcv_vxlan(struct cvsw_dev *cv, struct sk_buff *skb)
{
	if (cvsw_rx_pull_udp(cv, skb))
		cvsw_decap_vxlan(cv, skb, CVSW_STAT_RX_VXLAN, false);
}
