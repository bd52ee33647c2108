// SPDX-License-Identifier: GPL-2.0
/*
 * rx_handler on the lower device. It takes only packets of a tunnel this
 * cvsw serves (cvsw_dev.rx_tunnels) addressed to this host: outer IPv4/IPv6
 * to a local address carrying UDP to port 4789
 * (VXLAN) or 6081 (Geneve), GRE carrying Ethernet (NVGRE), TCP to 7471
 * (STT; rx_tunnels.c) or the SCLP protocol. Everything else (ARP, plain IP, other UDP,
 * IP fragments) passes to the stack untouched. A packet taken is validated
 * (outer headers, UDP or SCLP checksum), SCLP segments are reassembled,
 * then the tunnel header is stripped, the inner frame classified (in_port
 * TUNNEL, tun_id = VNI) and, if a rule says decap/local, delivered on the
 * cvsw device through gro_cells. Every drop has its own counter.
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

#define KEY_PEEK 128

enum kind { KIND_NONE, KIND_VXLAN, KIND_SCLP, KIND_NVGRE, KIND_GENEVE, KIND_STT };

/* Where the packet came from: the counters to bump. */
enum tunnel { TUN_VXLAN, TUN_SCLP_VXLAN };

static const u8 rx_stat[] = {
	[TUN_VXLAN] = CVSW_STAT_RX_VXLAN,
	[TUN_SCLP_VXLAN] = CVSW_STAT_RX_SCLP_VXLAN,
};

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

static void drop(struct cvsw_dev *cv, struct sk_buff *skb, enum cvsw_stat why)
{
	cvsw_stat_inc(cv, why);
	DEV_STATS_INC(cv->dev, rx_dropped);
	kfree_skb(skb);
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

static int vlan_act(struct sk_buff *skb, const struct flow_action *a)
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
		const struct flow_action *a = &acts->act[i];

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
		return drop(cv, skb, CVSW_STAT_RX_BAD_HEADER);
	flow_key_extract(&key, frame, len, FLOW_PORT_TUNNEL, vni, opts, opts_len);

	rcu_read_lock_bh();
	rule = cvsw_flow_lookup(cv, &key);
	if (!rule) {
		enum cvsw_stat why = vni_known(cv, vni) ? CVSW_STAT_RX_NO_FLOW :
							   CVSW_STAT_RX_UNKNOWN_VNI;

		rcu_read_unlock_bh();
		return drop(cv, skb, why);
	}
	cvsw_rule_account(rule, skb->len);
	acts = &rule->r.actions;
	local = run_actions(cv, skb, acts);
	rcu_read_unlock_bh();
	if (!local) {
		DEV_STATS_INC(cv->dev, rx_dropped);
		kfree_skb(skb);
		return;
	}
	deliver(cv, skb, whole);
}

/* skb->data at the VXLAN header (the whole SCLP payload when whole). */
static void decap_vxlan(struct cvsw_dev *cv, struct sk_buff *skb,
			enum tunnel tun, bool whole)
{
	u32 vni;

	if (!pskb_may_pull(skb, CVSW_VXLAN_HLEN + ETH_HLEN) ||
	    cvsw_vxlan_parse(skb->data, CVSW_VXLAN_HLEN, &vni) < 0)
		return drop(cv, skb, CVSW_STAT_RX_BAD_HEADER);
	skb_pull_rcsum(skb, CVSW_VXLAN_HLEN);
	cvsw_stat_inc(cv, rx_stat[tun]);
	cvsw_rx_decap(cv, skb, vni, NULL, 0, whole);
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
	drop(cv, skb, why);
	return false;
}

static void rcv_vxlan(struct cvsw_dev *cv, struct sk_buff *skb)
{
	if (cvsw_rx_pull_udp(cv, skb))
		decap_vxlan(cv, skb, TUN_VXLAN, false);
}

static bool sclp_csum_valid(struct sk_buff *skb)
{
	if (skb_csum_unnecessary(skb))
		return true;
	if (skb->ip_summed == CHECKSUM_COMPLETE && !csum_fold(skb->csum))
		return true;
	return !csum_fold(skb_checksum(skb, 0, skb->len, 0));
}

static void rcv_sclp(struct cvsw_dev *cv, struct sk_buff *skb)
{
	unsigned int nhlen = skb_network_header_len(skb);
	struct sclp_info si;
	struct reasm_key key;
	u32 sum;

	/* Header fields are changed below (gso, frag_list): own them. */
	if (skb_unclone(skb, GFP_ATOMIC))
		return drop(cv, skb, CVSW_STAT_RX_NOMEM);
	if (!pskb_may_pull(skb, SCLP_HLEN) ||
	    sclp_parse(skb->data, skb->len, &si) || !si.payload_len)
		return drop(cv, skb, CVSW_STAT_RX_BAD_HEADER);
	if (!sclp_csum_valid(skb))
		return drop(cv, skb, CVSW_STAT_RX_BAD_CSUM);
	if (si.dport != SCLP_PORT_VXLAN && si.dport != SCLP_PORT_GENEVE)
		return drop(cv, skb, CVSW_STAT_RX_BAD_HEADER);
	/*
	 * The segment's checksum fingerprints its bytes for reassembly, which
	 * tells a reused id's older pieces by it (0: unknown; a checksum left
	 * to offload, PARTIAL, is not written yet).
	 */
	sum = (__force u16)((struct sclphdr *)skb->data)->check;
	sum = skb->ip_summed != CHECKSUM_PARTIAL && sum ? 0x10000 | sum : 0;

	cvsw_stat_inc(cv, CVSW_STAT_RX_SCLP_SEGMENTS);
	/* Only GRO below us makes a segment bigger than the wire allows. */
	if (nhlen + skb->len > cv->lower->mtu)
		cvsw_stat_inc(cv, CVSW_STAT_RX_SCLP_MERGED);
	skb_gso_reset(skb);
	cvsw_reasm_key(skb, si.id, si.sport, si.dport, cv->sclp_proto, &key);
	__skb_pull(skb, SCLP_HLEN);
	skb->ip_summed = CHECKSUM_NONE;

	/* Whole payload in one skb (small, or fully merged by GRO). */
	if (!(si.first && si.rem == 0)) {
		skb = cvsw_reasm_add(cv, skb, &key, si.first, si.rem, sum);
		if (!skb)
			return;
	}
	if (si.dport == SCLP_PORT_GENEVE)
		cvsw_decap_geneve(cv, skb, CVSW_STAT_RX_SCLP_GENEVE, true);
	else
		decap_vxlan(cv, skb, TUN_SCLP_VXLAN, true);
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
		drop(cv, skb, why);
		return RX_HANDLER_CONSUMED;
	}
	switch (kind) {
	case KIND_VXLAN:
		rcv_vxlan(cv, skb);
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
		rcv_sclp(cv, skb);
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
