// SPDX-License-Identifier: GPL-2.0
/*
 * SCLP segmentation (GSO), reached through inet_gso_segment() and
 * ipv6_gso_segment(), which pick the callback by IP protocol number.
 *
 * A super-packet is marked gso_type = SKB_GSO_DODGY only, gso_size = payload
 * bytes per segment, and must be CHECKSUM_PARTIAL (csum_start at the SCLP
 * header, csum_offset 10, check 0) when it enters GSO: the core WARNs
 * (skb_warn_bad_offload) about a GSO skb that is neither PARTIAL nor
 * UNNECESSARY. No SKB_GSO_* bit belongs to SCLP; DODGY maps to
 * NETIF_F_GSO_ROBUST, which veth, tun and ordinary NICs lack, so the core
 * always calls us. See README.md for devices that do claim it.
 *
 * Segments leave CHECKSUM_PARTIAL (csum_start at their SCLP header, offset
 * 10, check 0: SCLP has no pseudo-header, so no seed) when the device can
 * checksum any protocol (NETIF_F_HW_CSUM: veth, virtio-net, most NICs), as
 * TCP segments do; otherwise the checksum is computed here.
 */
#include <linux/netdevice.h>
#include "compat.h"
#include "sclp_offload.h"

struct sk_buff *sclp_gso_segment(struct sk_buff *skb, netdev_features_t features)
{
	unsigned int mss = skb_shinfo(skb)->gso_size;
	struct sk_buff *segs, *seg;
	unsigned int payload, after, nsegs = 0;
	bool hw_csum = features & NETIF_F_HW_CSUM;
	struct sclphdr *sh;
	__be32 id_word;
	u16 rem;

	if (skb_shinfo(skb)->gso_type & ~SKB_GSO_DODGY)
		return ERR_PTR(-EINVAL);
	if (!pskb_may_pull(skb, SCLP_HLEN))
		return ERR_PTR(-EINVAL);

	sh = (struct sclphdr *)skb_transport_header(skb);
	payload = skb->len - SCLP_HLEN;
	rem = ntohs(sh->rem);
	if (!mss || !payload || payload + rem > SCLP_MAX_PAYLOAD)
		return ERR_PTR(-EINVAL);
	id_word = sh->id;

	/*
	 * GSO_PARTIAL would make skb_segment() emit multi-MSS chunks, since the
	 * core sees DODGY as "robust" there; we always want MSS segments.
	 * Claiming checksum offload stops skb_segment() from summing payload we
	 * sum again below with the SCLP header in place.
	 */
	features &= ~(NETIF_F_GSO_PARTIAL | NETIF_F_GSO_ROBUST);
	features |= NETIF_F_HW_CSUM;

	__skb_pull(skb, SCLP_HLEN);
	segs = skb_segment(skb, features);
	if (IS_ERR_OR_NULL(segs))
		return segs;

	/*
	 * Each segment: same id, F only on the first and only if the
	 * super-packet had it, rem = the super-packet's rem plus the payload
	 * after this segment (so re-segmenting a merged non-first packet is
	 * right too).
	 */
	after = payload;
	for (seg = segs; seg; seg = seg->next) {
		int thoff = skb_transport_offset(seg);
		unsigned int seglen = seg->len - thoff - SCLP_HLEN;

		after -= seglen;
		sh = (struct sclphdr *)skb_transport_header(seg);
		sh->id = seg == segs ? id_word : id_word & ~htonl(SCLP_FIRST);
		sh->rem = htons(rem + after);
		sh->check = 0;
		if (hw_csum) {
			seg->ip_summed = CHECKSUM_PARTIAL;
			seg->csum_start = skb_transport_header(seg) - seg->head;
			seg->csum_offset = SCLP_CSUM_OFFSET;
		} else {
			sh->check = csum_fold(skb_checksum(seg, thoff,
							   seglen + SCLP_HLEN, 0));
			seg->ip_summed = CHECKSUM_NONE;
		}
		nsegs++;
	}

	if (skb->dev) {
		sclp_stat_inc(dev_net(skb->dev), SCLP_STAT_GSO_PACKETS);
		sclp_stat_add(dev_net(skb->dev), SCLP_STAT_GSO_SEGMENTS, nsegs);
	}
	return segs;
}
