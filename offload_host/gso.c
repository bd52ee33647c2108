// SPDX-License-Identifier: GPL-2.0
/*
 * SCLP segmentation (GSO), reached through inet_gso_segment() and
 * ipv6_gso_segment(), which pick the callback by IP protocol number.
 *
 * A super-packet is marked as proto/sclp_gso.h says (SKB_GSO_FRAGLIST, so
 * software devices pass it whole and every other device has it cut here),
 * gso_size = payload bytes per segment, and is CHECKSUM_PARTIAL (csum_start
 * at the SCLP header, csum_offset 10, check 0) or, merged by our GRO,
 * CHECKSUM_UNNECESSARY: the core WARNs (skb_warn_bad_offload) about a GSO skb
 * that is neither.
 *
 * Segments leave CHECKSUM_PARTIAL (csum_start at their SCLP header, offset
 * 10, check 0: SCLP has no pseudo-header, so no seed) when the device can
 * checksum any protocol (NETIF_F_HW_CSUM: veth, virtio-net, most NICs), as
 * TCP segments do; otherwise the checksum is computed here.
 */
#include <linux/netdevice.h>
#include "compat.h"
#include "sclp_offload.h"
#include "proto/sclp_gso.h"
#include "proto/sclp_rules.h"

/*
 * skb_segment() shares the frag_list members of a GRO-merged packet without
 * copying, but only when they end on gso_size boundaries: its own guard
 * against a frag_list that does not (keyed on DODGY) can still reach a
 * BUG_ON. Our GRO builds exactly that geometry (the head holds one MSS,
 * every member one MSS but the last); anything else, which only a foreign
 * producer can hand us, is made linear first. skb->data is at the payload.
 */
static bool frag_list_aligned(const struct sk_buff *skb, unsigned int mss)
{
	const struct sk_buff *m;
	unsigned int own = skb->len;

	skb_walk_frags(skb, m) {
		if (!m->len || m->len > mss || (m->next && m->len != mss))
			return false;
		own -= m->len;
	}
	return own == mss;
}

/* skb->dev is NULL for some callers (OVS's upcall segments a detached skb). */
static void count(const struct sk_buff *skb, enum sclp_stat stat, unsigned int n)
{
	if (skb->dev)
		sclp_stat_add(dev_net(skb->dev), stat, n);
}

struct sk_buff *sclp_gso_segment(struct sk_buff *skb, netdev_features_t features)
{
	unsigned int mss = skb_shinfo(skb)->gso_size;
	struct sk_buff *segs, *seg;
	unsigned int payload, after, nsegs = 0;
	bool hw_csum = features & NETIF_F_HW_CSUM;
	struct sclphdr whole, *sh;

	if ((skb_shinfo(skb)->gso_type & ~SCLP_GSO_ACCEPTED) ||
	    !pskb_may_pull(skb, SCLP_HLEN))
		goto bad;
	/* A copy: the segments' headers are written below. */
	whole = *(struct sclphdr *)skb_transport_header(skb);
	if (!mss || !sclp_lengths_ok(skb->len, ntohs(whole.rem)))
		goto bad;
	payload = skb->len - SCLP_HLEN;

	/*
	 * With any GSO feature left (GSO_PARTIAL, or the device's own
	 * GSO_FRAGLIST when it lacks NETIF_F_FRAGLIST) skb_segment() may emit
	 * multi-MSS chunks; we always want MSS segments. Claiming checksum
	 * offload stops skb_segment() from summing payload we sum again below
	 * with the SCLP header in place.
	 */
	features &= ~NETIF_F_GSO_MASK;
	features |= NETIF_F_HW_CSUM;

	__skb_pull(skb, SCLP_HLEN);
	if (skb_has_frag_list(skb) && !frag_list_aligned(skb, mss)) {
		count(skb, SCLP_STAT_GSO_LINEARIZED, 1);
		if (__skb_linearize(skb)) {
			__skb_push(skb, SCLP_HLEN);
			return ERR_PTR(-ENOMEM);
		}
	}
	segs = skb_segment(skb, features);
	if (IS_ERR_OR_NULL(segs))
		return segs;

	/* Each segment's header: proto/sclp_rules.h. */
	after = payload;
	for (seg = segs; seg; seg = seg->next) {
		int thoff = skb_transport_offset(seg);
		unsigned int seglen = seg->len - thoff - SCLP_HLEN;

		after -= seglen;
		sh = (struct sclphdr *)skb_transport_header(seg);
		sclp_seg_header(sh, &whole, seg == segs, after);
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

	count(skb, SCLP_STAT_GSO_PACKETS, 1);
	count(skb, SCLP_STAT_GSO_SEGMENTS, nsegs);
	return segs;

bad:
	count(skb, SCLP_STAT_GSO_BAD, 1);
	return ERR_PTR(-EINVAL);
}
