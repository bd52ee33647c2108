/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SCLP segment and merge rules: one implementation for every place that
 * cuts a payload into segments or merges segments back into a run:
 *  - cvsw/encap_sclp.c, software segmentation in the sender;
 *  - offload_host/gso.c, cutting a super-packet (sclp_offload.ko);
 *  - offload_host/gro.c, merging segments and writing the merged header;
 *  - proto/sclp_buf.c, segmentation into flat buffers (tests, tools).
 * Pure functions over headers and lengths; the skb handling stays in the
 * modules. They are static inline so that cvsw.ko and sclp_offload.ko both
 * build them without sharing an object file (Kbuild cannot put one object
 * into two modules); tests/unit/test_sclp_rules.c tests them once.
 *
 * A run is a stretch of consecutive segments of one payload merged into
 * one packet (GRO) that keeps its first segment's header. Its segments all
 * carry mss payload bytes but the last, which may be shorter.
 */
#ifndef CVSW_PROTO_SCLP_RULES_H
#define CVSW_PROTO_SCLP_RULES_H

#include "sclp.h"

/*
 * A segment (or a run) of seglen bytes, header included, whose header says
 * rem: it carries payload, and payload + rem fits the 16-bit remaining
 * field (no payload is bigger).
 */
static inline bool sclp_lengths_ok(u32 seglen, u32 rem)
{
	return seglen > SCLP_HLEN && seglen - SCLP_HLEN + rem <= SCLP_MAX_PAYLOAD;
}

/*
 * Header of one segment cut from a packet whose header is *whole (a
 * payload's first header, or a merged run's): the same ports and id; F only
 * on the first segment and only if *whole has it; rem = whole's rem plus the
 * payload bytes after this segment within whole (so re-cutting a merged run
 * that did not start the payload is right too); check 0, to be filled in.
 */
static inline void sclp_seg_header(struct sclphdr *h, const struct sclphdr *whole,
				   bool first, u32 after)
{
	h->source = whole->source;
	h->dest = whole->dest;
	h->id = first ? whole->id : whole->id & ~cpu_to_be32(SCLP_FIRST);
	h->rem = cpu_to_be16((u16)(be16_to_cpu(whole->rem) + after));
	h->check = 0;
}

/* Do a and b belong to the same flow (ports)? Ids are compared on merging. */
static inline bool sclp_same_ports(const struct sclphdr *a, const struct sclphdr *b)
{
	return a->source == b->source && a->dest == b->dest;
}

/*
 * rem of a run's last segment: head_rem is its first segment's rem, mss that
 * segment's payload, held the run's payload in all. This is also the rem
 * the merged packet's header gets (a fully merged payload: F=1, rem=0).
 */
static inline u32 sclp_run_rem(u16 head_rem, u32 mss, u32 held)
{
	return head_rem + mss - held;
}

enum sclp_merge {
	SCLP_MERGE_OK,
	SCLP_MERGE_ID,    /* another payload */
	SCLP_MERGE_FIRST, /* the segment starts a payload */
	SCLP_MERGE_GAP,   /* it does not start where the run ends: lost,
			   * duplicated or reordered segments */
	SCLP_MERGE_LONG,  /* it is longer than the run's segments */
};

/*
 * May segment next (len payload bytes) follow the run whose first header is
 * head, cut at mss, holding held payload bytes? The reasons are tested in
 * the order listed, so a lost segment counts as a gap; LONG comes last,
 * after which a caller adds its own limits (gro.c: IP-level differences
 * before LONG, packet size with it).
 */
static inline enum sclp_merge sclp_merge_check(const struct sclphdr *head, u32 mss,
					       u32 held, const struct sclphdr *next,
					       u32 len)
{
	if ((head->id ^ next->id) & cpu_to_be32(SCLP_ID_MASK))
		return SCLP_MERGE_ID;
	if (sclp_is_first(next))
		return SCLP_MERGE_FIRST;
	/* Program 2 of the paper: next must start where the run ends. */
	if (sclp_run_rem(be16_to_cpu(head->rem), mss, held) !=
	    len + be16_to_cpu(next->rem))
		return SCLP_MERGE_GAP;
	if (len > mss)
		return SCLP_MERGE_LONG;
	return SCLP_MERGE_OK;
}

/*
 * Does a segment just merged (rem, len payload bytes) end its run? Yes when
 * nothing follows it, or when it is short: only a payload's last segment
 * is, so nothing can continue the run after it.
 */
static inline bool sclp_run_ends(u16 rem, u32 len, u32 mss)
{
	return rem == 0 || len < mss;
}

#endif /* CVSW_PROTO_SCLP_RULES_H */
