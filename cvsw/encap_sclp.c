// SPDX-License-Identifier: GPL-2.0
/*
 * Tunnels over SCLP (paper section 4): the inner frame travels once, as one
 * SCLP payload of up to 64 KiB (tunnel header + inner Ethernet frame), and is
 * cut into path-MTU segments that carry only outer IP + SCLP headers. Only
 * the first segment (F set) holds the tunnel and inner headers; "remaining"
 * places every segment in the payload; one checksum per segment, over SCLP
 * header and payload, protects every byte end to end.
 *
 * Cutting happens either below us (GSO mode: one super-packet marked as
 * proto/sclp_gso.h says, carried whole by veth, bridge and OVS and cut by
 * sclp_offload.ko in the core's software GSO at the first device that cannot
 * carry it, virtio-net or a NIC) or here (SW mode, when no GSO callback is
 * registered). A tunnel over SCLP is cvsw_sclp_prepare() + push its header +
 * cvsw_sclp_send(): cvsw_sclp_tunnel_xmit(), which encap_vxlan.c and
 * encap_geneve.c call with their header.
 */
#include <linux/ip.h>
#include <net/checksum.h>
#include <net/protocol.h>

#include "encap.h"
#include "proto/sclp.h"
#include "proto/sclp_gso.h"
#include "proto/sclp_rules.h"

/* Smallest segment payload we accept; below it the path MTU is unusable. */
#define SCLP_MIN_SEG 64

int cvsw_sclp_prepare(struct cvsw_dev *cv, struct sk_buff *skb,
		      const struct flow_encap *e, unsigned int tunhdr_len,
		      struct cvsw_route *rt, __be16 *sport)
{
	if (cvsw_route_lookup(cv, e, cv->sclp_proto, rt)) {
		cvsw_tx_drop(cv, skb, CVSW_STAT_TX_NO_ROUTE);
		return -ENETUNREACH;
	}
	/* "remaining" is 16 bits; gso_max_size keeps the stack below this. */
	if (skb->len + tunhdr_len > SCLP_MAX_PAYLOAD ||
	    rt->mtu < rt->iphlen + SCLP_HLEN + SCLP_MIN_SEG)
		goto err;
	*sport = cvsw_encap_sport(cv, skb, e);
	/*
	 * A TCP super-frame from the stack crosses as ONE inner frame: its
	 * IP total length and TCP pseudo-header already cover all of it, so
	 * dropping the GSO marks and completing the checksum makes it valid.
	 */
	if (skb_is_gso(skb))
		skb_gso_reset(skb);
	if (skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_help(skb))
		goto err;
	if (skb_cow_head(skb, cvsw_outer_headroom(cv, rt, SCLP_HLEN + tunhdr_len)))
		goto err;
	skb->encapsulation = 0;
	skb_reset_inner_mac_header(skb);
	skb_set_inner_network_header(skb, 0);
	return 0;

err:
	cvsw_route_put(rt);
	cvsw_tx_drop(cv, skb, CVSW_STAT_TX_ERROR);
	return -EINVAL;
}

/*
 * SW mode: one new skb per segment, payload copied out of the big one; the
 * cut and the headers follow proto/sclp.h and proto/sclp_rules.h, as the
 * GSO callback's do. whole: the payload's (first) header.
 */
static void send_sw(struct cvsw_dev *cv, struct sk_buff *skb,
		    const struct cvsw_route *rt, const struct sclphdr *whole,
		    unsigned int mss)
{
	unsigned int hr = cvsw_outer_headroom(cv, rt, SCLP_HLEN);
	struct sclp_seg_iter it;
	struct sclp_seg s;

	/* cvsw_sclp_prepare() bounded the payload, the MTU check the mss. */
	if (sclp_seg_iter_init(&it, skb->len, mss)) {
		cvsw_tx_drop(cv, skb, CVSW_STAT_TX_ERROR);
		return;
	}
	while (sclp_seg_next(&it, &s)) {
		u32 n = s.len;
		struct sk_buff *nskb;
		struct sclphdr *sh;
		__wsum csum;
		void *data;

		nskb = alloc_skb(hr + n, GFP_ATOMIC);
		if (!nskb) {
			/* The receiver drops the rest when its timer fires. */
			cvsw_tx_drop(cv, NULL, CVSW_STAT_TX_ERROR);
			break;
		}
		skb_reserve(nskb, hr);
		data = skb_put(nskb, n);
		if (skb_copy_bits(skb, s.offset, data, n)) {
			cvsw_tx_drop(cv, nskb, CVSW_STAT_TX_ERROR);
			break;
		}
		csum = csum_partial(data, n, 0);
		sh = skb_push(nskb, SCLP_HLEN);
		skb_reset_transport_header(nskb);
		sclp_seg_header(sh, whole, s.first, s.rem);
		/* SCLP_HLEN is even: header and payload sums simply add. */
		sh->check = csum_fold(csum_partial(sh, SCLP_HLEN, csum));
		nskb->priority = skb->priority;
		nskb->mark = skb->mark;
		skb_set_inner_network_header(nskb, SCLP_HLEN);
		cvsw_stat_inc(cv, CVSW_STAT_TX_SCLP_SEGMENTS);
		cvsw_ip_xmit(cv, rt, nskb, cv->sclp_proto, true);
	}
	consume_skb(skb);
}

/* sclp_offload.ko registers IPv4 and IPv6 together: one look is enough. */
static bool gso_registered(const struct cvsw_dev *cv)
{
	const struct net_offload *off;
	bool ok;

	rcu_read_lock();
	off = rcu_dereference(inet_offloads[cv->sclp_proto]);
	ok = off && off->callbacks.gso_segment;
	rcu_read_unlock();
	return ok;
}

/*
 * A super-packet's mark (proto/sclp_gso.h) makes every device but the
 * software ones hand it to the core's software GSO, so GSO mode only needs
 * a callback to be there; forced GSO without one falls back to SW rather
 * than send what nobody can cut.
 */
u8 cvsw_sclp_tx_effective(const struct cvsw_dev *cv)
{
	if (READ_ONCE(cv->sclp_tx_mode) != CVSW_SCLP_TX_SW && gso_registered(cv))
		return CVSW_SCLP_TX_GSO;
	return CVSW_SCLP_TX_SW;
}

void cvsw_sclp_send(struct cvsw_dev *cv, struct sk_buff *skb,
		    const struct cvsw_route *rt, __be16 sport, __be16 dport)
{
	unsigned int seg = rt->mtu - rt->iphlen - SCLP_HLEN;
	u32 id = ((u32)atomic_inc_return(&cv->sclp_tx_id) << 1) & SCLP_ID_MASK;
	u32 len = skb->len;
	struct sclphdr whole, *sh;

	bool gso = cvsw_sclp_tx_effective(cv) == CVSW_SCLP_TX_GSO;

	/* The payload's header: one segment's, or what every cut starts from. */
	sclp_build(&whole, ntohs(sport), ntohs(dport), id, true, 0);
	if (len > seg && !gso) {
		send_sw(cv, skb, rt, &whole, seg);
		return;
	}

	sh = __skb_push(skb, SCLP_HLEN);
	skb_reset_transport_header(skb);
	*sh = whole;
	if (len <= seg) {
		sh->check = csum_fold(skb_checksum(skb, 0, skb->len, 0));
		skb->ip_summed = CHECKSUM_NONE;
		/* SW mode counts every segment cvsw emits, one-piece payloads too. */
		if (!gso)
			cvsw_stat_inc(cv, CVSW_STAT_TX_SCLP_SEGMENTS);
	} else {
		/*
		 * One super-packet: veth and a bridge or OVS behind it pass it
		 * whole; the first device without NETIF_F_GSO_FRAGLIST has the
		 * core segment it in software (inet_gso_segment dispatches on
		 * the IP protocol to sclp_offload.ko); no NIC can mistake it
		 * for TCP.
		 */
		skb->ip_summed = CHECKSUM_PARTIAL;
		skb->csum_start = skb_transport_header(skb) - skb->head;
		skb->csum_offset = SCLP_CSUM_OFFSET;
		skb_shinfo(skb)->gso_size = seg;
		skb_shinfo(skb)->gso_type = SCLP_GSO_TYPE;
		skb_shinfo(skb)->gso_segs = sclp_seg_count(len, seg);
	}
	cvsw_ip_xmit(cv, rt, skb, cv->sclp_proto, true);
}

void cvsw_sclp_tunnel_xmit(struct cvsw_dev *cv, struct sk_buff *skb,
			   const struct flow_encap *e, unsigned int tunhdr_len,
			   int (*push)(struct sk_buff *skb, const struct flow_encap *e),
			   enum cvsw_stat stat, __be16 dport)
{
	struct cvsw_route rt;
	__be16 sport;

	if (cvsw_sclp_prepare(cv, skb, e, tunhdr_len, &rt, &sport))
		return;
	if (push(skb, e) < 0) {
		cvsw_encap_error(cv, skb);
		goto out;
	}
	cvsw_stat_inc(cv, stat);
	cvsw_sclp_send(cv, skb, &rt, sport, dport);
out:
	cvsw_route_put(&rt);
}
