// SPDX-License-Identifier: GPL-2.0
/*
 * rx_handler on the lower device. It takes only packets of a tunnel this
 * cvsw serves (cvsw_dev.rx_tunnels) addressed to this host: outer IPv4/IPv6
 * to a local address carrying UDP to port 4789 (VXLAN) or 6081 (Geneve),
 * GRE carrying Ethernet (NVGRE), TCP to 7471 (STT) or the SCLP protocol.
 * Everything else (ARP, plain IP, other UDP, IP fragments) passes to the
 * stack untouched. A packet taken has its outer IP header validated and
 * pulled here, then goes to its tunnel's receiver, decap_<tunnel>.c (which
 * mirror encap_<tunnel>.c): outer L4 checked, SCLP and STT segments
 * reassembled (reasm.c), tunnel header stripped. deliver.c classifies the
 * inner frame (in_port TUNNEL, tun_id) and, if a rule says decap/local,
 * delivers it on the cvsw device. Every drop has its own counter.
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/addrconf.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/route.h>

#include "rx.h"
#include "proto/ip.h"
#include "proto/sclp.h"
#include "proto/geneve.h"
#include "proto/vxlan.h"

enum kind { KIND_NONE, KIND_VXLAN, KIND_SCLP, KIND_NVGRE, KIND_GENEVE, KIND_STT };

static enum kind tunnel_of(struct cvsw_dev *cv, struct sk_buff *skb,
			     u8 proto, unsigned int l4off)
{
	const struct udphdr *uh;

	if (proto == cv->sclp_proto)
		return KIND_SCLP;
	if (proto == IPPROTO_GRE)
		return cvsw_rx_is_nvgre(skb, l4off) ? KIND_NVGRE : KIND_NONE;
	if (proto == IPPROTO_TCP)
		return cvsw_rx_is_stt(skb, l4off) ? KIND_STT : KIND_NONE;
	if (proto != IPPROTO_UDP || !pskb_may_pull(skb, l4off + sizeof(*uh)))
		return KIND_NONE;
	uh = (const struct udphdr *)(skb->data + l4off);
	if (uh->dest == htons(CVSW_GENEVE_PORT))
		return KIND_GENEVE;
	return uh->dest == htons(CVSW_VXLAN_PORT) ? KIND_VXLAN : KIND_NONE;
}

/* The cvsw_dev.rx_tunnels bits that make cvsw take a packet of this kind. */
static const u32 kind_tunnels[] = {
	[KIND_VXLAN] = BIT(FLOW_ENCAP_VXLAN),
	[KIND_SCLP] = BIT(FLOW_ENCAP_SCLP_VXLAN) | BIT(FLOW_ENCAP_SCLP_GENEVE),
	[KIND_NVGRE] = BIT(FLOW_ENCAP_NVGRE),
	[KIND_GENEVE] = BIT(FLOW_ENCAP_GENEVE),
	[KIND_STT] = BIT(FLOW_ENCAP_STT),
};

/* The tunnel an L4 header announces, if this cvsw serves it. */
static enum kind classify_l4(struct cvsw_dev *cv, struct sk_buff *skb,
			     u8 proto, unsigned int l4off)
{
	enum kind kind = tunnel_of(cv, skb, proto, l4off);

	return READ_ONCE(cv->rx_tunnels) & kind_tunnels[kind] ? kind : KIND_NONE;
}

/* Cheap tests first; the local-address lookup only for tunnel packets. */
static enum kind classify(struct cvsw_dev *cv, struct sk_buff *skb)
{
	struct net *net = dev_net(skb->dev);
	enum kind kind;

	if (skb->protocol == htons(ETH_P_IP)) {
		const struct iphdr *iph;

		if (!pskb_may_pull(skb, sizeof(*iph)))
			return KIND_NONE;
		iph = ip_hdr(skb);
		if (iph->version != 4 || iph->ihl < 5 || ip_is_fragment(iph))
			return KIND_NONE;
		kind = classify_l4(cv, skb, iph->protocol, iph->ihl * 4);
		iph = ip_hdr(skb); /* pskb_may_pull may move the head */
		if (kind != KIND_NONE &&
		    inet_addr_type_dev_table(net, skb->dev, iph->daddr) != RTN_LOCAL)
			return KIND_NONE;
		return kind;
	}
	if (skb->protocol == htons(ETH_P_IPV6)) {
		const struct ipv6hdr *ip6h;

		if (!pskb_may_pull(skb, sizeof(*ip6h)))
			return KIND_NONE;
		ip6h = ipv6_hdr(skb);
		if (ip6h->version != 6)
			return KIND_NONE;
		/* Extension headers are not walked: such packets go to the stack. */
		kind = classify_l4(cv, skb, ip6h->nexthdr, sizeof(*ip6h));
		ip6h = ipv6_hdr(skb);
		if (kind != KIND_NONE && !ipv6_chk_addr(net, &ip6h->daddr, NULL, 0))
			return KIND_NONE;
		return kind;
	}
	return KIND_NONE;
}

/*
 * Check the outer IP header, cut link padding, pull the header. Leaves
 * skb->data at L4, network header still valid. Returns a drop reason or -1.
 */
static int pull_ip(struct sk_buff *skb)
{
	unsigned int hlen, tot;

	if (skb->protocol == htons(ETH_P_IP)) {
		const struct iphdr *iph = ip_hdr(skb);

		hlen = iph->ihl * 4;
		if (!pskb_may_pull(skb, hlen))
			return CVSW_STAT_RX_BAD_HEADER;
		iph = ip_hdr(skb);
		if (ip_fast_csum(iph, iph->ihl))
			return CVSW_STAT_RX_BAD_CSUM;
		tot = ntohs(iph->tot_len);
	} else {
		hlen = sizeof(struct ipv6hdr);
		tot = hlen + ntohs(ipv6_hdr(skb)->payload_len);
	}
	if (tot < hlen || tot > skb->len)
		return CVSW_STAT_RX_BAD_HEADER;
	if (pskb_trim_rcsum(skb, tot))
		return CVSW_STAT_RX_NOMEM;
	skb_pull_rcsum(skb, hlen);
	skb_reset_transport_header(skb);
	return -1;
}

/*
 * Validate the outer UDP header (length, checksum) and pull it. Returns
 * false when the skb was dropped (and counted).
 */
bool cvsw_rx_pull_udp(struct cvsw_dev *cv, struct sk_buff *skb)
{
	const struct udphdr *uh;
	unsigned int ulen;
	enum cvsw_stat why;

	why = CVSW_STAT_RX_BAD_HEADER;
	if (!pskb_may_pull(skb, sizeof(*uh)))
		goto drop;
	uh = udp_hdr(skb);
	ulen = ntohs(uh->len);
	if (ulen < sizeof(*uh) || ulen > skb->len)
		goto drop;
	why = CVSW_STAT_RX_NOMEM;
	if (pskb_trim_rcsum(skb, ulen))
		goto drop;
	uh = udp_hdr(skb);
	why = CVSW_STAT_RX_BAD_CSUM;
	if (skb->protocol == htons(ETH_P_IPV6)) {
		/* RFC 8200: a zero UDP checksum is invalid over IPv6. */
		if (skb_checksum_validate(skb, IPPROTO_UDP, ip6_compute_pseudo))
			goto drop;
	} else if (uh->check &&
		   skb_checksum_validate(skb, IPPROTO_UDP, inet_compute_pseudo)) {
		goto drop;
	}
	skb_pull_rcsum(skb, sizeof(*uh));
	cvsw_rx_inner_csum_state(skb);
	return true;

drop:
	cvsw_rx_drop(cv, skb, why);
	return false;
}

rx_handler_result_t cvsw_rx_handler(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	struct cvsw_dev *cv;
	enum kind kind;
	int why;

	if (skb->pkt_type != PACKET_HOST)
		return RX_HANDLER_PASS;
	cv = rcu_dereference(skb->dev->rx_handler_data);
	if (!cv)
		return RX_HANDLER_PASS;
	kind = classify(cv, skb);
	if (kind == KIND_NONE)
		return RX_HANDLER_PASS;

	/* Ours from here on: consumed whatever happens. */
	skb = skb_share_check(skb, GFP_ATOMIC);
	if (!skb) {
		cvsw_stat_inc(cv, CVSW_STAT_RX_NOMEM);
		return RX_HANDLER_CONSUMED;
	}
	why = pull_ip(skb);
	if (why >= 0) {
		cvsw_rx_drop(cv, skb, why);
		return RX_HANDLER_CONSUMED;
	}
	switch (kind) {
	case KIND_VXLAN:
		cvsw_rcv_vxlan(cv, skb);
		break;
	case KIND_GENEVE:
		cvsw_rcv_geneve(cv, skb);
		break;
	case KIND_NVGRE:
		cvsw_rcv_nvgre(cv, skb);
		break;
	case KIND_STT:
		cvsw_rcv_stt(cv, skb);
		break;
	default:
		cvsw_rcv_sclp(cv, skb);
	}
	return RX_HANDLER_CONSUMED;
}

int cvsw_rx_init(struct cvsw_dev *cv)
{
	return cvsw_reasm_init(cv);
}

void cvsw_rx_uninit(struct cvsw_dev *cv)
{
	cvsw_reasm_uninit(cv);
}
