// SPDX-License-Identifier: GPL-2.0
/*
 * Outer headers common to every tunnel: route lookup, outer IPv4/IPv6
 * header, transmission through the IP output path. The paper's CVSW builds
 * the outer Ethernet header itself; here ip_local_out/ip6_local_out do it,
 * so the kernel's neighbour table resolves the next hop and netfilter,
 * PMTU and software GSO all see the packet.
 */
#include <linux/etherdevice.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/ip_tunnels.h>
#include <net/ip6_tunnel.h>
#include <net/ipv6_stubs.h>
#include <net/route.h>
#include <net/udp.h>
#include <net/ip6_checksum.h>

#include "encap.h"

/*
 * Every encap action cvsw runs is part of a rule (tx.c), which never
 * changes once published: the rule's dst_cache holds the route of its encap,
 * as geneve.c keeps one per tunnel. Used under rcu_read_lock_bh (the rule
 * stays alive, BH is off as dst_cache wants).
 */
static struct dst_cache *encap_dst_cache(const struct flow_encap *e)
{
	return &((struct cvsw_rule *)container_of(e, struct cvsw_rule, r.actions.encap))->dst_cache;
}

static int route4(struct cvsw_dev *cv, const struct flow_encap *e, u8 proto,
		  struct cvsw_route *rt)
{
	struct dst_cache *cache = encap_dst_cache(e);
	struct flowi4 fl4 = {};
	struct rtable *r;

	memcpy(&fl4.daddr, e->remote, 4);
	r = dst_cache_get_ip4(cache, &fl4.saddr);
	if (!r) {
		memcpy(&fl4.saddr, e->local, 4);
		fl4.flowi4_proto = proto;
		fl4.flowi4_tos = RT_TOS(e->tos);
		r = ip_route_output_key(dev_net(cv->dev), &fl4);
		if (IS_ERR(r))
			return PTR_ERR(r);
		dst_cache_set_ip4(cache, &r->dst, fl4.saddr);
	}
	rt->dst = &r->dst;
	rt->saddr.v4 = fl4.saddr;
	rt->daddr.v4 = fl4.daddr;
	rt->iphlen = sizeof(struct iphdr);
	return 0;
}

static int route6(struct cvsw_dev *cv, const struct flow_encap *e, u8 proto,
		  struct cvsw_route *rt)
{
	struct dst_cache *cache = encap_dst_cache(e);
	struct flowi6 fl6 = {};
	struct dst_entry *dst;

	if (!ipv6_stub || !ipv6_stub->ipv6_dst_lookup_flow)
		return -EAFNOSUPPORT;
	memcpy(&fl6.daddr, e->remote, 16);
	dst = dst_cache_get_ip6(cache, &fl6.saddr);
	if (!dst) {
		memcpy(&fl6.saddr, e->local, 16);
		fl6.flowi6_proto = proto;
		fl6.flowlabel = ip6_make_flowinfo(e->tos, 0);
		dst = ipv6_stub->ipv6_dst_lookup_flow(dev_net(cv->dev), NULL, &fl6, NULL);
		if (IS_ERR(dst))
			return PTR_ERR(dst);
		dst_cache_set_ip6(cache, dst, &fl6.saddr);
	}
	rt->dst = dst;
	rt->saddr.v6 = fl6.saddr;
	rt->daddr.v6 = fl6.daddr;
	rt->iphlen = sizeof(struct ipv6hdr);
	return 0;
}

int cvsw_route_lookup(struct cvsw_dev *cv, const struct flow_encap *e,
		      u8 proto, struct cvsw_route *rt)
{
	int err;

	memset(rt, 0, sizeof(*rt));
	rt->family = e->family;
	rt->tos = e->tos;
	rt->ttl = e->ttl ? e->ttl : CVSW_DEFAULT_TTL;
	err = e->family == 6 ? route6(cv, e, proto, rt) : route4(cv, e, proto, rt);
	if (err)
		goto no_route;
	/* Tunnel traffic must not leak out of another interface. */
	if (rt->dst->dev != cv->lower) {
		cvsw_route_put(rt);
		err = -ENETUNREACH;
		goto no_route;
	}
	rt->mtu = dst_mtu(rt->dst);
	return 0;

no_route:
	return err;
}

void cvsw_route_put(struct cvsw_route *rt)
{
	dst_release(rt->dst);
	rt->dst = NULL;
}

unsigned int cvsw_outer_headroom(const struct cvsw_dev *cv,
				 const struct cvsw_route *rt, unsigned int l4len)
{
	return LL_RESERVED_SPACE(cv->lower) + rt->iphlen + l4len;
}

bool cvsw_encap_fits(struct cvsw_dev *cv, struct sk_buff *skb,
		     const struct cvsw_route *rt, unsigned int tunhdr)
{
	int headroom = rt->iphlen + tunhdr + ETH_HLEN;
	unsigned int mtu = rt->mtu > headroom ? rt->mtu - headroom : 0;
	int icmp;

	if (skb_is_gso(skb) ? skb_gso_validate_network_len(skb, mtu) :
			      skb->len - skb_network_offset(skb) <= mtu)
		return true;
	/*
	 * As the vxlan and geneve drivers do: lower the inner route's PMTU,
	 * which a local sender and the forwarding path both obey from the
	 * next packet on; a bridged cvsw0 has no route, so the inner sender
	 * gets an ICMP "fragmentation needed" / ICMPv6 "packet too big" built
	 * from this frame instead, received as if from the tunnel.
	 */
	icmp = skb_tunnel_check_pmtu(skb, rt->dst, headroom,
				     netif_is_any_bridge_port(cv->dev));
	if (icmp > 0) {
		/*
		 * skb is now the ICMP, data at its Ethernet header: received as
		 * geneve.c does it, so the bridge above sees a frame like any.
		 */
		cvsw_stat_inc(cv, CVSW_STAT_TX_TOO_BIG);
		DEV_STATS_INC(cv->dev, tx_dropped);	/* the frame it replaces */
		if (!pskb_may_pull(skb, ETH_HLEN)) {
			kfree_skb(skb);
			return false;
		}
		skb->protocol = eth_type_trans(skb, cv->dev);
		dev_sw_netstats_rx_add(cv->dev, skb->len);
		netif_rx(skb);
		return false;
	}
	cvsw_tx_drop(cv, skb, CVSW_STAT_TX_TOO_BIG);
	return false;
}

__be16 cvsw_encap_sport(struct cvsw_dev *cv, struct sk_buff *skb,
			const struct flow_encap *e)
{
	if (e->sport)
		return e->sport;
	return udp_flow_src_port(dev_net(cv->dev), skb, CVSW_UDP_SPORT_MIN,
				 CVSW_UDP_SPORT_MAX, true);
}

static void xmit6(struct cvsw_dev *cv, const struct cvsw_route *rt,
		  struct sk_buff *skb, u8 proto)
{
	struct ipv6hdr *ip6h;

	skb_scrub_packet(skb, false);
	skb_dst_set(skb, dst_clone(rt->dst));
	skb_push(skb, sizeof(*ip6h));
	skb_reset_network_header(skb);
	ip6h = ipv6_hdr(skb);
	ip6_flow_hdr(ip6h, rt->tos, 0);
	ip6h->payload_len = htons(skb->len - sizeof(*ip6h));
	ip6h->nexthdr = proto;
	ip6h->hop_limit = rt->ttl;
	ip6h->saddr = rt->saddr.v6;
	ip6h->daddr = rt->daddr.v6;
	skb->protocol = htons(ETH_P_IPV6);
	ip6tunnel_xmit(NULL, skb, cv->dev);
}

void cvsw_ip_xmit(struct cvsw_dev *cv, const struct cvsw_route *rt,
		  struct sk_buff *skb, u8 proto, bool df)
{
	/* iptunnel_xmit's byte counters start at the inner network header. */
	skb->dev = cv->dev;
	skb->protocol = rt->family == 6 ? htons(ETH_P_IPV6) : htons(ETH_P_IP);
	if (rt->family == 6) {
		xmit6(cv, rt, skb, proto);
		return;
	}
	dst_hold(rt->dst);
	iptunnel_xmit(NULL, (struct rtable *)rt->dst, skb, rt->saddr.v4,
		      rt->daddr.v4, proto, rt->tos, rt->ttl,
		      df ? htons(IP_DF) : 0, false);
}

void cvsw_udp_xmit(struct cvsw_dev *cv, const struct cvsw_route *rt,
		   struct sk_buff *skb, __be16 sport, __be16 dport)
{
	struct udphdr *uh = __skb_push(skb, sizeof(*uh));

	skb_reset_transport_header(skb);
	uh->source = sport;
	uh->dest = dport;
	uh->len = htons(skb->len);
	uh->check = 0;
	if (rt->family == 6)
		udp6_set_csum(false, skb, &rt->saddr.v6, &rt->daddr.v6, skb->len);
	else
		udp_set_csum(false, skb, rt->saddr.v4, rt->daddr.v4, skb->len);
	cvsw_ip_xmit(cv, rt, skb, IPPROTO_UDP, false);
}

void cvsw_encap_xmit(struct cvsw_dev *cv, struct sk_buff *skb,
		     const struct flow_encap *e)
{
	switch (e->type) {
	case FLOW_ENCAP_VXLAN:
		cvsw_vxlan_xmit(cv, skb, e);
		return;
	case FLOW_ENCAP_SCLP_VXLAN:
		cvsw_sclp_vxlan_xmit(cv, skb, e);
		return;
	case FLOW_ENCAP_NVGRE:
		cvsw_nvgre_xmit(cv, skb, e);
		return;
	case FLOW_ENCAP_GENEVE:
		cvsw_geneve_xmit(cv, skb, e);
		return;
	case FLOW_ENCAP_STT:
		cvsw_stt_xmit(cv, skb, e);
		return;
	case FLOW_ENCAP_SCLP_GENEVE:
		cvsw_sclp_geneve_xmit(cv, skb, e);
		return;
	default:
		/* A tunnel type without a transmitter in this module. */
		cvsw_tx_drop(cv, skb, CVSW_STAT_TX_ERROR);
	}
}
