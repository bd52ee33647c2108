// SPDX-License-Identifier: GPL-2.0
/*
 * The one way out of every tunnel's receiver: classify the inner frame
 * (in_port TUNNEL, tun_id, the first Geneve option), run the rule's
 * actions, and deliver it on the cvsw device through gro_cells, with its
 * checksum state and, for a large TCP frame built from several segments,
 * GSO metadata.
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/ip.h>

#include "rx.h"

#define KEY_PEEK 128

/* After the outer L4 checksum was checked: what is known about the inner one. */
void cvsw_rx_inner_csum_state(struct sk_buff *skb)
{
	switch (skb->ip_summed) {
	case CHECKSUM_UNNECESSARY:
		if (skb->csum_level)
			__skb_decr_checksum_unnecessary(skb);
		else
			skb->ip_summed = CHECKSUM_NONE;
		break;
	case CHECKSUM_PARTIAL:
		/* Offload of the outer header only (local veth peer). */
		if (skb_checksum_start_offset(skb) < 0)
			skb->ip_summed = CHECKSUM_NONE;
		break;
	default: /* COMPLETE stays valid: every pull went through *_rcsum. */
		break;
	}
}

/*
 * A tunnelled GSO packet (a local sender's gretap/geneve over veth hands
 * its super-packet over unsegmented): what is left after decap is plain.
 */
void cvsw_rx_strip_tunnel_gso(struct sk_buff *skb)
{
	if (skb_is_gso(skb))
		skb_shinfo(skb)->gso_type &= ~(SKB_GSO_GRE | SKB_GSO_GRE_CSUM |
					       SKB_GSO_UDP_TUNNEL |
					       SKB_GSO_UDP_TUNNEL_CSUM |
					       SKB_GSO_TUNNEL_REMCSUM);
	skb->encapsulation = 0;
}

/*
 * Copy skb (data at its Ethernet header) into a fresh skb with hlen linear
 * bytes and the rest in order-0 page frags, summing as it copies: the copy
 * is CHECKSUM_COMPLETE over the bytes it holds, so the inner protocol checks
 * its own checksum at no further cost. NULL on allocation failure; the
 * caller keeps skb either way.
 */
static struct sk_buff *copy_to_frags(struct sk_buff *skb, unsigned int hlen)
{
	unsigned int off = hlen, i;
	struct sk_buff *nskb;
	__wsum csum;
	int err;

	nskb = alloc_skb_with_frags(NET_SKB_PAD + hlen, skb->len - hlen, 0,
				    &err, GFP_ATOMIC);
	if (!nskb)
		return NULL;
	skb_reserve(nskb, NET_SKB_PAD);
	skb_put(nskb, hlen);
	nskb->data_len = skb->len - hlen;
	nskb->len = skb->len;
	csum = skb_copy_and_csum_bits(skb, 0, nskb->data, hlen);
	for (i = 0; i < skb_shinfo(nskb)->nr_frags; i++) {
		skb_frag_t *f = &skb_shinfo(nskb)->frags[i];

		csum = csum_block_add(csum, skb_copy_and_csum_bits(skb, off,
				      skb_frag_address(f), skb_frag_size(f)), off);
		off += skb_frag_size(f);
	}
	nskb->csum = csum;
	nskb->ip_summed = CHECKSUM_COMPLETE;
	nskb->dev = skb->dev;
	skb_copy_hash(nskb, skb);
	return nskb;
}

/*
 * A whole inner TCP frame longer than the MTU (merged below us, or
 * reassembled): mark it as the MSS-sized segments it stands for, as GRO
 * would, so TCP accounts it right and forwarding it (bridge, router, tc
 * redirect) re-segments it. skb_segment() needs a frag_list whose members
 * end on gso_size boundaries, and ours end where the SCLP or STT segments
 * did: its guard against that (keyed on DODGY) can still hit a BUG_ON. So
 * such a frame is first copied into page frags, which skb_segment() cuts at
 * any boundary: one copy of at most 64 KiB per merged frame, which also
 * yields the frame's CHECKSUM_COMPLETE sum (see deliver()). Without
 * memory for the copy the frame goes up unmarked (correct locally; the
 * stack refuses to forward it whole). skb->data is at the Ethernet header;
 * returns the skb to deliver.
 */
static struct sk_buff *mark_tcp_gso(struct cvsw_dev *cv, struct sk_buff *skb)
{
	unsigned int nhlen, thlen, payload, mss;
	struct tcphdr _th;
	const struct tcphdr *th;
	struct sk_buff *flat;
	__be16 proto;
	int type;

	if (!pskb_may_pull(skb, ETH_HLEN))
		return skb;
	proto = eth_hdr(skb)->h_proto;
	if (proto == htons(ETH_P_IP)) {
		struct iphdr _iph;
		const struct iphdr *iph;

		iph = skb_header_pointer(skb, ETH_HLEN, sizeof(_iph), &_iph);
		if (!iph || iph->protocol != IPPROTO_TCP || ip_is_fragment(iph) ||
		    iph->ihl < 5)
			return skb;
		nhlen = iph->ihl * 4;
		type = SKB_GSO_TCPV4;
	} else if (proto == htons(ETH_P_IPV6)) {
		struct ipv6hdr _ip6h;
		const struct ipv6hdr *ip6h;

		ip6h = skb_header_pointer(skb, ETH_HLEN, sizeof(_ip6h), &_ip6h);
		if (!ip6h || ip6h->nexthdr != IPPROTO_TCP)
			return skb;
		nhlen = sizeof(struct ipv6hdr);
		type = SKB_GSO_TCPV6;
	} else {
		return skb;
	}
	th = skb_header_pointer(skb, ETH_HLEN + nhlen, sizeof(_th), &_th);
	if (!th)
		return skb;
	thlen = th->doff * 4;
	if (thlen < sizeof(*th) || cv->dev->mtu <= nhlen + thlen ||
	    skb->len <= ETH_HLEN + nhlen + thlen)
		return skb;
	mss = cv->dev->mtu - nhlen - thlen;
	payload = skb->len - ETH_HLEN - nhlen - thlen;
	if (payload <= mss)
		return skb;
	if (skb_has_frag_list(skb)) {
		flat = copy_to_frags(skb, ETH_HLEN + nhlen + thlen);
		if (!flat) {
			cvsw_stat_inc(cv, CVSW_STAT_RX_GSO_UNMARKED);
			return skb;
		}
		consume_skb(skb);
		skb = flat;
	}
	skb_set_transport_header(skb, ETH_HLEN + nhlen);
	skb_shinfo(skb)->gso_size = mss;
	skb_shinfo(skb)->gso_type = type;
	skb_shinfo(skb)->gso_segs = DIV_ROUND_UP(payload, mss);
	cvsw_stat_inc(cv, CVSW_STAT_RX_GSO_FRAMES);
	return skb;
}

static void deliver(struct cvsw_dev *cv, struct sk_buff *skb, bool whole)
{
	unsigned int len;

	skb_scrub_packet(skb, !net_eq(dev_net(cv->lower), dev_net(cv->dev)));
	memset(skb->cb, 0, sizeof(skb->cb));
	if (whole)
		skb = mark_tcp_gso(cv, skb);
	skb->protocol = eth_type_trans(skb, cv->dev);
	skb_postpull_rcsum(skb, eth_hdr(skb), ETH_HLEN);
	skb_reset_network_header(skb);
	if (whole && skb->ip_summed != CHECKSUM_COMPLETE) {
		/*
		 * One segment's bytes are covered by its SCLP checksum. A frame
		 * built from several (GRO's merge, our reassembly) could mix
		 * datagrams whose ids collided, which no SCLP checksum can see:
		 * the inner protocol checks its own (UDP while it copies to the
		 * reader, TCP once) instead of being told all is well.
		 */
		if (skb_has_frag_list(skb)) {
			skb->ip_summed = CHECKSUM_NONE;
		} else {
			skb->ip_summed = CHECKSUM_UNNECESSARY;
			skb->csum_level = 0;
		}
	}
	len = skb->len;
	if (gro_cells_receive(&cv->gro_cells, skb) == NET_RX_SUCCESS)
		dev_sw_netstats_rx_add(cv->dev, len);
	else
		DEV_STATS_INC(cv->dev, rx_dropped);
}

/*
 * A VNI is known when some rule matches on tun_id with a value covering it
 * (and does not exclude in_port tunnel); rules that ignore tun_id do not
 * make a VNI known. The classifier's tun_id index answers: cost per distinct
 * tun_id mask. Only on the no-rule path, under the caller's rcu_read_lock_bh.
 */
static bool vni_known(struct cvsw_dev *cv, u64 vni)
{
	return cvsw_flow_tun_id_known(cv, vni);
}

static int vlan_act(struct sk_buff *skb, const struct cvsw_flow_action *a)
{
	int err;

	if (a->type == FLOW_ACT_STRIP_VLAN)
		return skb_vlan_pop(skb);
	if (skb_vlan_tag_present(skb) || eth_type_vlan(skb->protocol)) {
		err = skb_vlan_pop(skb);
		if (err)
			return err;
	}
	return skb_vlan_push(skb, htons(ETH_P_8021Q), a->arg & VLAN_VID_MASK);
}

/*
 * Run the rule's actions on an inner frame (skb->data at its Ethernet
 * header). Returns true when the frame is to be delivered locally.
 */
static bool run_actions(struct cvsw_dev *cv, struct sk_buff *skb,
			const struct flow_actions *acts)
{
	bool local = false;
	unsigned int i;

	for (i = 0; i < acts->n && i < FLOW_MAX_ACTIONS; i++) {
		const struct cvsw_flow_action *a = &acts->act[i];

		switch (a->type) {
		case FLOW_ACT_DECAP:
			local = true;
			break;
		case FLOW_ACT_OUTPUT:
			/* Re-encapsulation (hairpin) is not a receive action. */
			if (a->arg != FLOW_PORT_LOCAL)
				return false;
			local = true;
			break;
		case FLOW_ACT_SET_VLAN:
		case FLOW_ACT_STRIP_VLAN:
			if (vlan_act(skb, a))
				return false;
			break;
		default: /* DROP; ENCAP has no meaning here */
			return false;
		}
	}
	return local;
}

void cvsw_rx_decap(struct cvsw_dev *cv, struct sk_buff *skb, u64 vni,
		   const u8 *opts, u32 opts_len, bool whole)
{
	const struct flow_actions *acts;
	struct cvsw_rule *rule;
	struct flow_key key;
	u8 buf[KEY_PEEK];
	const u8 *frame;
	bool local;
	u32 len;

	skb_reset_mac_header(skb);
	skb->mac_len = ETH_HLEN;
	skb->protocol = eth_hdr(skb)->h_proto; /* for the VLAN actions */

	len = min_t(u32, skb->len, KEY_PEEK);
	frame = skb_header_pointer(skb, 0, len, buf);
	if (!frame)
		return cvsw_rx_drop(cv, skb, CVSW_STAT_RX_BAD_HEADER);
	cvsw_flow_key_extract(&key, frame, len, FLOW_PORT_TUNNEL, vni, opts, opts_len);

	rcu_read_lock_bh();
	rule = cvsw_flow_lookup(cv, &key);
	if (!rule) {
		enum cvsw_stat why = vni_known(cv, vni) ? CVSW_STAT_RX_NO_FLOW :
							   CVSW_STAT_RX_UNKNOWN_VNI;

		rcu_read_unlock_bh();
		return cvsw_rx_drop(cv, skb, why);
	}
	cvsw_rule_account(rule, skb->len);
	acts = &rule->r.actions;
	local = run_actions(cv, skb, acts);
	rcu_read_unlock_bh();
	if (!local)
		return cvsw_rx_drop(cv, skb, CVSW_STAT_RX_DROP_ACTION);
	deliver(cv, skb, whole);
}
