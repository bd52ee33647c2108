// SPDX-License-Identifier: GPL-2.0
/*
 * Geneve (RFC 8926): the header with the encap action's option TLVs, over
 * UDP to port 6081 (one tunnel-GSO packet per inner frame, as VXLAN), or as the tunnel header
 * of an SCLP payload (Geneve over SCLP: the inner frame travels once and
 * SCLP cuts it; see encap_sclp.c).
 */
#include <linux/udp.h>
#include <net/ip6_checksum.h>
#include <net/udp.h>

#include "encap.h"
#include "proto/geneve.h"
#include "proto/sclp.h"

unsigned int cvsw_geneve_hlen(const struct flow_encap *e)
{
	return CVSW_GENEVE_HLEN + e->opts_len;
}

int cvsw_geneve_push(struct sk_buff *skb, const struct flow_encap *e)
{
	struct cvsw_geneve_info gi = {
		.vni = e->vni,
		.proto = CVSW_GENEVE_PROTO_ETH,
		.opts = e->opts,
		.opts_len = e->opts_len,
	};
	unsigned int hlen = cvsw_geneve_hlen(e);

	/* Options longer than the action can hold were refused at flow add. */
	if (e->opts_len > FLOW_GENEVE_MAX_OPTS_LEN)
		return -EINVAL;
	return cvsw_geneve_build(__skb_push(skb, hlen), hlen, &gi);
}

void cvsw_geneve_xmit(struct cvsw_dev *cv, struct sk_buff *skb,
		      const struct flow_encap *e)
{
	cvsw_udp_tunnel_xmit(cv, skb, e, cvsw_geneve_hlen(e), cvsw_geneve_push,
			     CVSW_STAT_TX_GENEVE, e->dport ? e->dport : htons(CVSW_GENEVE_PORT));
}

void cvsw_sclp_geneve_xmit(struct cvsw_dev *cv, struct sk_buff *skb,
			   const struct flow_encap *e)
{
	cvsw_sclp_tunnel_xmit(cv, skb, e, cvsw_geneve_hlen(e), cvsw_geneve_push,
			      CVSW_STAT_TX_SCLP_GENEVE,
			      e->dport ? e->dport : htons(SCLP_PORT_GENEVE));
}
