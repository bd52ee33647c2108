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
#include "proto/sclp.h"

int cvsw_vxlan_push(struct sk_buff *skb, u32 vni)
{
	return cvsw_vxlan_build(__skb_push(skb, CVSW_VXLAN_HLEN), CVSW_VXLAN_HLEN, vni);
}

static int push(struct sk_buff *skb, const struct flow_encap *e)
{
	return cvsw_vxlan_push(skb, e->vni);
}

void cvsw_vxlan_xmit(struct cvsw_dev *cv, struct sk_buff *skb,
		     const struct flow_encap *e)
{
	cvsw_udp_tunnel_xmit(cv, skb, e, CVSW_VXLAN_HLEN, push, CVSW_STAT_TX_VXLAN,
			     e->dport ? e->dport : htons(CVSW_VXLAN_PORT));
}

void cvsw_sclp_vxlan_xmit(struct cvsw_dev *cv, struct sk_buff *skb,
			  const struct flow_encap *e)
{
	cvsw_sclp_tunnel_xmit(cv, skb, e, CVSW_VXLAN_HLEN, push, CVSW_STAT_TX_SCLP_VXLAN,
			      e->dport ? e->dport : htons(SCLP_PORT_VXLAN));
}
