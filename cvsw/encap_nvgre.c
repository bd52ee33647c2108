// SPDX-License-Identifier: GPL-2.0
/*
 * NVGRE (RFC 7637) transmit: outer IP (protocol 47) / GRE with only the K
 * bit, key = VSID << 8 | FlowID, protocol 0x6558 / inner Ethernet. NVGRE
 * has no fragmentation of its own and GRE no length field to carry a
 * super-frame, so a GSO inner frame is segmented before encapsulation.
 */
#include "encap.h"
#include "proto/nvgre.h"

static void xmit_one(struct cvsw_dev *cv, struct sk_buff *skb,
		     const struct flow_encap *e, const struct cvsw_route *rt,
		     __be16 sport)
{
	if (cvsw_encap_prepare_inner(cv, skb, rt, CVSW_NVGRE_HLEN) ||
	    cvsw_nvgre_build(__skb_push(skb, CVSW_NVGRE_HLEN), CVSW_NVGRE_HLEN,
			     e->vni, e->flowid) < 0)
		return cvsw_encap_error(cv, skb);
	skb_reset_transport_header(skb);
	cvsw_stat_inc(cv, CVSW_STAT_TX_NVGRE);
	cvsw_ip_xmit(cv, rt, skb, IPPROTO_GRE, false);
}

void cvsw_nvgre_xmit(struct cvsw_dev *cv, struct sk_buff *skb,
		     const struct flow_encap *e)
{
	struct cvsw_route rt;

	if (cvsw_route_lookup(cv, e, IPPROTO_GRE, &rt))
		return cvsw_tx_drop(cv, skb, CVSW_STAT_TX_NO_ROUTE);
	if (cvsw_encap_fits(cv, skb, &rt, CVSW_NVGRE_HLEN))
		cvsw_encap_each_segment(cv, skb, e, &rt, 0, xmit_one);
	cvsw_route_put(&rt);
}
