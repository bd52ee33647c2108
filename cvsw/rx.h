/* SPDX-License-Identifier: GPL-2.0 */
/* Receive-side internals shared by rx.c, decap_*.c, reasm.c and deliver.c. */
#ifndef CVSW_RX_H
#define CVSW_RX_H

#include "cvsw.h"

/* reasm.c: SCLP second-level reassembly on skbs (engine: proto/reasm.c). */
int cvsw_reasm_init(struct cvsw_dev *cv);
void cvsw_reasm_uninit(struct cvsw_dev *cv);
/* The reassembly key of a segment: outer addresses (skb's network header), ports, id. */
void cvsw_reasm_key(const struct sk_buff *skb, u32 id, u16 sport, u16 dport, u8 proto,
		    struct reasm_key *key);
/*
 * Offer one segment, skb->data at its payload (SCLP header pulled), checksum
 * already verified. Returns the whole payload as one skb (first segment's
 * skb, the others on its frag_list) or NULL when the segment was held or
 * dropped (then counted). Consumes skb either way.
 */
struct sk_buff *cvsw_reasm_add(struct cvsw_dev *cv, struct sk_buff *skb,
			       const struct reasm_key *key, bool first, u32 rem,
			       u32 sum);

/* rx.c */
/* Validate and pull the outer UDP header; false: dropped and counted. */
bool cvsw_rx_pull_udp(struct cvsw_dev *cv, struct sk_buff *skb);

static inline void cvsw_rx_drop(struct cvsw_dev *cv, struct sk_buff *skb,
				enum cvsw_stat why)
{
	cvsw_stat_inc(cv, why);
	DEV_STATS_INC(cv->dev, rx_dropped);
	kfree_skb(skb);
}

/*
 * decap_<tunnel>.c. The classifiers look at the L4 header at l4off (pulled
 * as needed); the receivers get skb->data at the outer L4 header (outer IP
 * validated and pulled) and consume the skb.
 */
bool cvsw_rx_is_nvgre(struct sk_buff *skb, unsigned int l4off);
bool cvsw_rx_is_stt(struct sk_buff *skb, unsigned int l4off);
void cvsw_rcv_vxlan(struct cvsw_dev *cv, struct sk_buff *skb);
void cvsw_rcv_nvgre(struct cvsw_dev *cv, struct sk_buff *skb);
void cvsw_rcv_geneve(struct cvsw_dev *cv, struct sk_buff *skb);
void cvsw_rcv_stt(struct cvsw_dev *cv, struct sk_buff *skb);
void cvsw_rcv_sclp(struct cvsw_dev *cv, struct sk_buff *skb);
/*
 * skb->data at a VXLAN or Geneve header (UDP pulled, or a whole SCLP
 * payload); rx_stat: the tunnel's receive counter; whole: as cvsw_rx_decap.
 */
void cvsw_decap_vxlan(struct cvsw_dev *cv, struct sk_buff *skb,
		      enum cvsw_stat rx_stat, bool whole);
void cvsw_decap_geneve(struct cvsw_dev *cv, struct sk_buff *skb,
		       enum cvsw_stat rx_stat, bool whole);

/* deliver.c */
/* After the outer L4 checksum was checked: what is known about the inner one. */
void cvsw_rx_inner_csum_state(struct sk_buff *skb);
/* A tunnelled GSO packet handed over whole: after decap it is plain. */
void cvsw_rx_strip_tunnel_gso(struct sk_buff *skb);
/*
 * skb->data at the inner Ethernet frame: classify (in_port TUNNEL, tun_id,
 * first Geneve option), run the rule, deliver or drop (counted). whole: every
 * byte was covered by a verified end-to-end checksum (SCLP, STT).
 */
void cvsw_rx_decap(struct cvsw_dev *cv, struct sk_buff *skb, u64 tun_id,
		   const u8 *opts, u32 opts_len, bool whole);

#endif /* CVSW_RX_H */
