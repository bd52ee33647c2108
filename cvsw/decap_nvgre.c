// SPDX-License-Identifier: GPL-2.0
/* NVGRE receive (RFC 7637): GRE with a key, carrying Ethernet; VSID = tun_id. */
#include "rx.h"
#include "proto/nvgre.h"

/* GRE carrying Ethernet: other GRE (IP in GRE, ...) is the stack's. */
bool cvsw_rx_is_nvgre(struct sk_buff *skb, unsigned int l4off)
{
	const struct cvsw_nvgrehdr *gh;

	if (!pskb_may_pull(skb, l4off + 4))
		return false;
	gh = (const struct cvsw_nvgrehdr *)(skb->data + l4off);
	return gh->proto == htons(CVSW_NVGRE_PROTO);
}

void cvsw_rcv_nvgre(struct cvsw_dev *cv, struct sk_buff *skb)
{
	u32 vsid;
	u8 flowid;

	if (!pskb_may_pull(skb, CVSW_NVGRE_HLEN + ETH_HLEN) ||
	    cvsw_nvgre_parse(skb->data, CVSW_NVGRE_HLEN, &vsid, &flowid) < 0)
		return cvsw_rx_drop(cv, skb, CVSW_STAT_RX_BAD_HEADER);
	/* No outer L4 checksum: any checksum state refers to the inner frame. */
	skb_pull_rcsum(skb, CVSW_NVGRE_HLEN);
	cvsw_rx_strip_tunnel_gso(skb);
	cvsw_stat_inc(cv, CVSW_STAT_RX_NVGRE);
	cvsw_rx_decap(cv, skb, vsid, NULL, 0, false);
}
