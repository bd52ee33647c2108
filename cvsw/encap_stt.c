// SPDX-License-Identifier: GPL-2.0
/*
 * STT (draft-davie-stt-08) transmit, encapsulate-then-segment: the inner
 * frame (a whole 64 KiB TCP super-frame from the stack, checksum completed)
 * gets the 18-byte STT frame header and ONE TCP-like header to port 7471,
 * seq = frame length << 16 | 0, ack = packet id. STT is TCP-shaped on the
 * wire, so the packet is marked as TCP GSO (TCPV4/TCPV6, pseudo-header
 * checksum, csum_offset 16): the lower device's TSO or the core's software
 * GSO cuts it, and tcp_gso_segment advances seq by the MSS per segment,
 * which is exactly the STT offset in the low 16 bits.
 */
#include <linux/tcp.h>
#include <net/ip6_checksum.h>

#include "encap.h"
#include "proto/stt.h"

static __sum16 pseudo_csum(const struct cvsw_route *rt, u32 len, __wsum sum)
{
	if (rt->family == 6)
		return csum_ipv6_magic(&rt->saddr.v6, &rt->daddr.v6, len,
				       IPPROTO_TCP, sum);
	return csum_tcpudp_magic(rt->saddr.v4, rt->daddr.v4, len, IPPROTO_TCP, sum);
}

static int push_headers(struct cvsw_dev *cv, struct sk_buff *skb,
			const struct flow_encap *e, __be16 sport, u16 mss)
{
	struct cvsw_stt_info si = { .mss = mss, .context = e->vni };
	struct cvsw_stt_seg_info seg = {};

	if (cvsw_stt_build(__skb_push(skb, CVSW_STT_HLEN), CVSW_STT_HLEN, &si) < 0)
		return -EINVAL;
	seg.sport = ntohs(sport);
	seg.dport = e->dport ? ntohs(e->dport) : CVSW_STT_PORT;
	seg.frame_len = skb->len;
	seg.offset = 0;
	seg.pkt_id = (u32)atomic_inc_return(&cv->stt_tx_id);
	if (cvsw_stt_tcp_build(__skb_push(skb, CVSW_STT_TCP_HLEN), CVSW_STT_TCP_HLEN,
			       &seg) < 0)
		return -EINVAL;
	skb_reset_transport_header(skb);
	return 0;
}

/* One inner frame (not GSO any more) as one STT frame. */
static void xmit_frame(struct cvsw_dev *cv, struct sk_buff *skb,
		       const struct flow_encap *e, const struct cvsw_route *rt,
		       __be16 sport)
{
	unsigned int mss = rt->mtu - rt->iphlen - CVSW_STT_TCP_HLEN;
	struct tcphdr *th;
	u16 inner_mss = 0;
	u32 len;

	/*
	 * The whole super-frame crosses as one STT frame: its IP total length
	 * and TCP pseudo-header already cover all of it.
	 */
	if (skb_is_gso(skb)) {
		inner_mss = skb_shinfo(skb)->gso_size;
		skb_gso_reset(skb);
	}
	if (skb->len + CVSW_STT_HLEN > CVSW_STT_FRAME_MAX ||
	    cvsw_encap_prepare_inner(cv, skb, rt, CVSW_STT_TCP_HLEN + CVSW_STT_HLEN) ||
	    push_headers(cv, skb, e, sport, inner_mss))
		return cvsw_encap_error(cv, skb);

	len = skb->len; /* TCP header + STT frame */
	th = tcp_hdr(skb);
	if (len - CVSW_STT_TCP_HLEN <= mss) {
		th->check = pseudo_csum(rt, len, skb_checksum(skb, 0, len, 0));
		skb->ip_summed = CHECKSUM_NONE;
	} else {
		th->check = ~pseudo_csum(rt, len, 0);
		skb->ip_summed = CHECKSUM_PARTIAL;
		skb->csum_start = skb_transport_header(skb) - skb->head;
		skb->csum_offset = offsetof(struct tcphdr, check);
		skb_shinfo(skb)->gso_size = mss;
		skb_shinfo(skb)->gso_type = rt->family == 6 ? SKB_GSO_TCPV6 : SKB_GSO_TCPV4;
		skb_shinfo(skb)->gso_segs = DIV_ROUND_UP(len - CVSW_STT_TCP_HLEN, mss);
	}
	cvsw_stat_inc(cv, CVSW_STAT_TX_STT);
	/* Segments are sized to the path MTU, as Open vSwitch's STT sets DF. */
	cvsw_ip_xmit(cv, rt, skb, IPPROTO_TCP, true);
}

void cvsw_stt_xmit(struct cvsw_dev *cv, struct sk_buff *skb,
		   const struct flow_encap *e)
{
	struct cvsw_route rt;
	__be16 sport;

	if (cvsw_route_lookup(cv, e, IPPROTO_TCP, &rt))
		return cvsw_tx_drop(cv, skb, CVSW_STAT_TX_NO_ROUTE);
	sport = cvsw_encap_sport(cv, skb, e);
	if (rt.mtu < rt.iphlen + CVSW_STT_TCP_HLEN + CVSW_STT_HLEN + ETH_HLEN) {
		cvsw_encap_error(cv, skb);
	} else if (skb->len + CVSW_STT_HLEN > CVSW_STT_FRAME_MAX ||
		   (skb_is_gso(skb) &&
		    !(skb_shinfo(skb)->gso_type & (SKB_GSO_TCPV4 | SKB_GSO_TCPV6)))) {
		/*
		 * Beyond the 16-bit frame length, or a super-frame that is not
		 * TCP (UDP_L4, SCTP: its headers describe one segment, so it
		 * cannot cross as one frame): MSS-sized frames, one each.
		 */
		cvsw_encap_each_segment(cv, skb, e, &rt, sport, xmit_frame);
	} else {
		xmit_frame(cv, skb, e, &rt, sport);
	}
	cvsw_route_put(&rt);
}
