/* SPDX-License-Identifier: GPL-2.0 */
/* Receive-side internals shared by rx.c and reasm.c. */
#ifndef CVSW_RX_H
#define CVSW_RX_H

#include "cvsw.h"

/* reasm.c: SCLP second-level reassembly on skbs (engine: proto/reasm.c). */
int cvsw_reasm_init(struct cvsw_dev *cv);
void cvsw_reasm_uninit(struct cvsw_dev *cv);
/*
 * Offer one segment, skb->data at its payload (SCLP header pulled), checksum
 * already verified. Returns the whole payload as one skb (first segment's
 * skb, the others on its frag_list) or NULL when the segment was held or
 * dropped (then counted). Consumes skb either way.
 */
struct sk_buff *cvsw_reasm_add(struct cvsw_dev *cv, struct sk_buff *skb,
			       const struct reasm_key *key, bool first, u32 rem);

#endif /* CVSW_RX_H */
