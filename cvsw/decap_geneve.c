// SPDX-License-Identifier: GPL-2.0
/*
 * Geneve receive (RFC 8926), over UDP or as a whole SCLP payload: the
 * header and its options parsed; the first option is matched by tun_opt=.
 */
#include "rx.h"
#include "proto/geneve.h"

void cvsw_decap_geneve(struct cvsw_dev *cv, struct sk_buff *skb,
		       enum cvsw_stat rx_stat, bool whole)
{
	struct cvsw_geneve_info gi;
	unsigned int hlen;

	if (!pskb_may_pull(skb, CVSW_GENEVE_HLEN))
		return cvsw_rx_drop(cv, skb, CVSW_STAT_RX_BAD_HEADER);
	hlen = CVSW_GENEVE_HLEN + (skb->data[0] & 0x3f) * 4;
	if (!pskb_may_pull(skb, hlen + ETH_HLEN) ||
	    cvsw_geneve_parse(skb->data, hlen, &gi) < 0 ||
	    gi.proto != CVSW_GENEVE_PROTO_ETH ||
	    /* RFC 8926 3.5: cvsw interprets no option: critical ones drop. */
	    gi.critical)
		return cvsw_rx_drop(cv, skb, CVSW_STAT_RX_BAD_HEADER);
	/*
	 * gi.opts points into the head, which stays in place until
	 * cvsw_rx_decap() has built the key (the pull only moves data).
	 */
	skb_pull_rcsum(skb, gi.hdr_len);
	cvsw_rx_strip_tunnel_gso(skb);
	cvsw_stat_inc(cv, rx_stat);
	cvsw_rx_decap(cv, skb, gi.vni, gi.opts_len ? gi.opts : NULL, gi.opts_len, whole);
}

void cvsw_rcv_geneve(struct cvsw_dev *cv, struct sk_buff *skb)
{
	if (cvsw_rx_pull_udp(cv, skb))
		cvsw_decap_geneve(cv, skb, CVSW_STAT_RX_GENEVE, false);
}
