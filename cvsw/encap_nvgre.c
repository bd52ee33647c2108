// SPDX-License-Identifier: GPL-2.0
/*
 * NVGRE (RFC 7637) transmit: outer IP (protocol 47) / GRE with only the K
 * bit, key = VSID << 8 | FlowID, protocol 0x6558 / inner Ethernet. NVGRE
 * has no fragmentation of its own: a GSO inner frame goes down as one
 * SKB_GSO_GRE packet (as gretap sends), cut by tunnel TSO or the stack's
 * GRE GSO into MSS-sized inner frames, each with its own outer headers.
 */
#include "encap.h"
#include "proto/nvgre.h"

void cvsw_nvgre_xmit(struct cvsw_dev *cv, struct sk_buff *skb,
		     const struct flow_encap *e)
{
	struct cvsw_route rt;

	if (cvsw_route_lookup(cv, e, IPPROTO_GRE, &rt))
		return cvsw_tx_drop(cv, skb, CVSW_STAT_TX_NO_ROUTE);
	if (!cvsw_encap_fits(cv, skb, &rt, CVSW_NVGRE_HLEN))
		goto out;
	if (cvsw_encap_prepare_offload(cv, skb, &rt, CVSW_NVGRE_HLEN, SKB_GSO_GRE) ||
	    cvsw_nvgre_build(__skb_push(skb, CVSW_NVGRE_HLEN), CVSW_NVGRE_HLEN,
			     e->vni, e->flowid) < 0) {
		cvsw_encap_error(cv, skb);
		goto out;
	}
	skb_reset_transport_header(skb); /* GRE GSO finds its header here */
	cvsw_stat_inc(cv, CVSW_STAT_TX_NVGRE);
	cvsw_ip_xmit(cv, &rt, skb, IPPROTO_GRE, false);
out:
	cvsw_route_put(&rt);
}
