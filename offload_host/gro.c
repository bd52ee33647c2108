// SPDX-License-Identifier: GPL-2.0
/*
 * SCLP receive offload (GRO): chains the consecutive segments of one SCLP
 * packet into the frag_list of the first one held, as skb_gro_receive()
 * does (that function is not exported to modules).
 *
 * A held packet p carries, besides the GRO core's state:
 *  - skb_shinfo(p)->gso_size: its first segment's payload length (set by
 *    the core to skb_gro_len() when it holds a packet; we pulled the SCLP
 *    header by then), the MSS every merged segment but the last must have;
 *  - its own SCLP header, untouched until gro_complete;
 *  - NAPI_GRO_CB(p)->csum: the one's complement sum of all payload held,
 *    from which gro_complete writes a valid checksum. The core does not use
 *    that field once a packet is held.
 *  - p->ip_summed == CHECKSUM_PARTIAL when any segment held came with its
 *    checksum still to be filled in (a local sender's offload, over veth or
 *    virtio): such data is trusted, as the stack trusts it, and the merged
 *    packet stays PARTIAL instead of getting a computed checksum.
 */
#include <linux/netdevice.h>
#include <net/checksum.h>
#include "compat.h"
#include "sclp_offload.h"
#include "proto/sclp_gso.h"
#include "proto/sclp_rules.h"

/* Like UDP_GRO_CNT_MAX: bound the truesize of a chain of tiny segments. */
#define SCLP_GRO_CNT_MAX 64

static bool draining;

void sclp_gro_drain(void)
{
	WRITE_ONCE(draining, true);
}

/* Payload bytes held in p. p->data is at its network header here. */
static unsigned int held_payload(const struct sk_buff *p)
{
	return p->len - skb_transport_offset(p) - SCLP_HLEN;
}

/* Sum over the segment's SCLP header and payload; folds to 0 when valid. */
static __wsum segment_sum(struct sk_buff *skb, unsigned int off)
{
	/* CHECKSUM_COMPLETE: the core keeps the sum from the current offset. */
	if (skb->ip_summed == CHECKSUM_COMPLETE && NAPI_GRO_CB(skb)->csum_valid)
		return NAPI_GRO_CB(skb)->csum;
	/*
	 * CHECKSUM_UNNECESSARY speaks for TCP/UDP-style checksums (csum_level),
	 * not for ours, and veth sets it on anything: compute.
	 */
	return skb_checksum(skb, off, skb_gro_len(skb), 0);
}

/* Chain skb (gro offset at its payload) behind p: skb_gro_receive's merge. */
static void chain(struct sk_buff *p, struct sk_buff *skb, unsigned int len)
{
	unsigned int offset = skb_gro_offset(skb);
	unsigned int headlen = skb_headlen(skb);
	unsigned int delta_truesize = skb->truesize;

	/* socket ownership, if any, moves to the aggregate */
	skb->destructor = NULL;
	skb->sk = NULL;
	if (offset > headlen) {
		unsigned int eat = offset - headlen;

		skb_frag_off_add(&skb_shinfo(skb)->frags[0], eat);
		skb_frag_size_sub(&skb_shinfo(skb)->frags[0], eat);
		skb->data_len -= eat;
		skb->len -= eat;
		offset = headlen;
	}
	__skb_pull(skb, offset);

	if (NAPI_GRO_CB(p)->last == p)
		skb_shinfo(p)->frag_list = skb;
	else
		NAPI_GRO_CB(p)->last->next = skb;
	NAPI_GRO_CB(p)->last = skb;
	__skb_header_release(skb);

	NAPI_GRO_CB(p)->count += NAPI_GRO_CB(skb)->count;
	p->data_len += len;
	p->truesize += delta_truesize;
	p->len += len;
	skb_shinfo(p)->flags |= skb_shinfo(skb)->flags & SKBFL_SHARED_FRAG;
	NAPI_GRO_CB(skb)->same_flow = 1;
}

/*
 * Why p cannot take skb, as the counter to bump, or SCLP_STAT_MAX when skb
 * continues p. len: skb's payload length. The SCLP rules are
 * proto/sclp_rules.h's; the IP-level and size limits are GRO's own.
 */
static enum sclp_stat merge_verdict(struct sk_buff *p, struct sk_buff *skb,
				    const struct sclphdr *sh,
				    const struct sclphdr *sh2,
				    unsigned int len)
{
	enum sclp_merge rule = sclp_merge_check(sh2, skb_shinfo(p)->gso_size,
						held_payload(p), sh, len);

	if (rule == SCLP_MERGE_ID)
		return SCLP_STAT_GRO_FLUSH_ID;
	if (rule == SCLP_MERGE_FIRST)
		return SCLP_STAT_GRO_FLUSH_FIRST;
	if (rule == SCLP_MERGE_GAP)
		return SCLP_STAT_GRO_FLUSH_GAP;
	/* after the SCLP reasons, so that a lost segment counts as a gap */
	if (sclp_gro_ip_flush(sh, sh2, p) || READ_ONCE(draining))
		return SCLP_STAT_GRO_FLUSH_OTHER;
	/*
	 * All but the last segment are full (LONG); p's last one was (see
	 * below). The merge must also pass a default device whole
	 * (sclp_gso.h).
	 */
	if (rule == SCLP_MERGE_LONG || p->len + len > 65535 ||
	    p->len + len >= sclp_gro_max_size(p) ||
	    p->mac_len + p->len + len > SCLP_GSO_MAX_FRAME)
		return SCLP_STAT_GRO_FLUSH_SIZE;
	if (p->pp_recycle != skb->pp_recycle || skb_zcopy(p) || skb_zcopy(skb))
		return SCLP_STAT_GRO_FLUSH_OTHER;
	return SCLP_STAT_MAX;
}

struct sk_buff *sclp_gro_receive(struct list_head *head, struct sk_buff *skb)
{
	const struct net *net = dev_net(skb->dev);
	unsigned int off = skb_gro_offset(skb);
	struct sk_buff *p, *pp = NULL;
	struct sclphdr *sh, *sh2;
	bool bad_csum = false;
	unsigned int len, rem;
	enum sclp_stat why;
	__wsum sum = 0;

	sclp_stat_inc(net, SCLP_STAT_GRO_SEGMENTS);
	sh = skb_gro_header(skb, off + SCLP_HLEN, off);
	if (!sh || !sclp_lengths_ok(skb_gro_len(skb), ntohs(sh->rem))) {
		sclp_stat_inc(net, SCLP_STAT_GRO_BAD_HEADER);
		NAPI_GRO_CB(skb)->flush = 1;
		return NULL;
	}
	len = skb_gro_len(skb) - SCLP_HLEN;
	rem = ntohs(sh->rem);

	/* After an IP-level flush (fragment, padding) the sum means nothing. */
	if (!NAPI_GRO_CB(skb)->flush && skb->ip_summed != CHECKSUM_PARTIAL) {
		sum = segment_sum(skb, off);
		if (csum_fold(sum)) {
			sclp_stat_inc(net, SCLP_STAT_GRO_FLUSH_CSUM);
			bad_csum = true;
		}
	}
	skb_gro_pull(skb, SCLP_HLEN);

	list_for_each_entry(p, head, list) {
		if (!NAPI_GRO_CB(p)->same_flow)
			continue;
		sh2 = (struct sclphdr *)skb_transport_header(p);
		if (!sclp_same_ports(sh, sh2)) {
			NAPI_GRO_CB(p)->same_flow = 0;
			continue;
		}

		/* A segment that goes up alone ends p: its successor cannot fit. */
		if (bad_csum)
			why = SCLP_STAT_MAX; /* counted above */
		else if (NAPI_GRO_CB(skb)->flush)
			why = SCLP_STAT_GRO_FLUSH_OTHER;
		else
			why = merge_verdict(p, skb, sh, sh2, len);
		if (why != SCLP_STAT_MAX)
			sclp_stat_inc(net, why);
		if (bad_csum || why != SCLP_STAT_MAX) {
			pp = p;
			break;
		}

		if (skb->ip_summed == CHECKSUM_PARTIAL) {
			p->ip_summed = CHECKSUM_PARTIAL;
		} else {
			sum = csum_sub(sum, csum_partial(sh, SCLP_HLEN, 0));
			NAPI_GRO_CB(p)->csum = csum_block_add(NAPI_GRO_CB(p)->csum,
							      sum, held_payload(p));
		}
		chain(p, skb, len);
		sclp_stat_inc(net, SCLP_STAT_GRO_MERGED);
		/* complete, or a short segment: the last, nothing may follow */
		if (sclp_run_ends(rem, len, skb_shinfo(p)->gso_size) ||
		    NAPI_GRO_CB(p)->count >= SCLP_GRO_CNT_MAX)
			return p;
		return NULL;
	}

	/* skb starts a new held packet unless it is bad or complete alone. */
	if (bad_csum || rem == 0 || READ_ONCE(draining))
		NAPI_GRO_CB(skb)->flush = 1;
	else
		NAPI_GRO_CB(skb)->csum = csum_sub(sum, csum_partial(sh, SCLP_HLEN, 0));
	return pp;
}

/*
 * The merged packet keeps the first segment's header with rem taken from
 * the last merged segment (fully merged: F=1, rem=0), and a checksum valid
 * over the whole merge. It becomes a GSO super-packet (gso_size = MSS,
 * SCLP_GSO_TYPE) so that software devices (veth, bridge, OVS) pass it whole
 * to the tenant and any other device has sclp_gso_segment() cut it again
 * (the frag_list members are whole MSS segments: no copy); its checksum
 * counts as verified since every segment was checked. A merge holding a
 * PARTIAL segment stays PARTIAL (check 0, to be filled in).
 */
int sclp_gro_complete(struct sk_buff *skb, int nhoff)
{
	unsigned int mss = skb_shinfo(skb)->gso_size;
	unsigned int payload = skb->len - nhoff - SCLP_HLEN;
	struct sclphdr *sh;

	sh = (struct sclphdr *)(skb->data + nhoff);
	sh->rem = htons(sclp_run_rem(ntohs(sh->rem), mss, payload));
	sh->check = 0;
	skb_set_transport_header(skb, nhoff);
	if (skb->ip_summed == CHECKSUM_PARTIAL) {
		skb->csum_start = skb_transport_header(skb) - skb->head;
		skb->csum_offset = SCLP_CSUM_OFFSET;
	} else {
		sh->check = csum_fold(csum_add(csum_partial(sh, SCLP_HLEN, 0),
					       NAPI_GRO_CB(skb)->csum));
		skb->ip_summed = CHECKSUM_UNNECESSARY;
		skb->csum_level = 0;
	}
	skb_shinfo(skb)->gso_type = SCLP_GSO_TYPE;
	skb_shinfo(skb)->gso_segs = NAPI_GRO_CB(skb)->count;
	if (skb->dev)
		sclp_stat_inc(dev_net(skb->dev), SCLP_STAT_GRO_PACKETS);
	return 0;
}
