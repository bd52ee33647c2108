/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Second-level reassembly of segmented payloads (paper section 4, eqs. 1-3),
 * shared by SCLP and STT.
 *
 * The engine keeps metadata only. The caller owns the bytes: it embeds a
 * struct reasm_frag in whatever holds a segment (an skb's control block in
 * the kernel, a malloc'd buffer in tests) and gets back, on completion, the
 * frags of one payload as a singly linked list in payload order. Frags the
 * engine drops or evicts are handed to ops->free_frag.
 *
 * Position is kept as "tail distance": a segment with length S and header
 * field remaining R covers the bytes [R, R+S) counted back from the end of
 * the payload. That is known without the first segment, so segments that
 * arrive before the first are kept too; once the first is seen,
 * size = S_first + R_first (eq. 1) and offset = size - (S + R) (eq. 2).
 *
 * Bounds: total accounted memory (sum of frag->truesize) and the number of
 * payloads in progress are capped; a payload older than the timeout is
 * dropped; when a new payload would exceed a cap the least recently used
 * one is evicted. Every drop has its own counter.
 *
 * Conflicts (reasm.c): a segment that exactly repeats a held one is dropped
 * (DUPLICATE), one that partly overlaps held bytes is dropped (OVERLAP), a
 * non-first segment reaching beyond a known size is dropped (INCONSISTENT).
 * The first segment is authoritative about the size: when it disagrees with
 * what is held (held bytes beyond or under it, or a different first already
 * held), the held segments can only belong to an older payload whose id the
 * sender reused, so they are dropped (INCONSISTENT, per frag) and the payload
 * restarts from the new first segment; an exact repeat of the first is a
 * DUPLICATE. A payload over its own memory cap (max_flow_mem) is dropped
 * whole with the frag that overflowed it (MEMLIMIT): it could never complete.
 * The timeout counts from a payload's first frag (0: no timeout).
 *
 * Concurrency: none inside. One struct reasm is used under one lock (the
 * kernel side uses a spinlock per device) or per CPU.
 */
#ifndef CVSW_PROTO_REASM_H
#define CVSW_PROTO_REASM_H

#include "platform.h"

struct reasm_frag {
	struct reasm_frag *next;
	u32 tail;     /* R: payload bytes after this segment */
	u32 len;      /* S: payload bytes in this segment */
	u32 truesize; /* memory charged for it */
};

/* What identifies one payload in transit: addresses, ports, protocol, id. */
struct reasm_key {
	u8 saddr[16];
	u8 daddr[16];
	u32 id; /* SCLP identification (F masked off) or STT ack number */
	u16 sport;
	u16 dport;
	u8 family; /* 4 or 6 */
	u8 proto;
	u8 pad[2]; /* zero: keys are hashed and compared as bytes */
};

struct reasm_limits {
	u32 max_mem;     /* bytes over all payloads in progress (e.g. 4 MiB) */
	u32 low_mem;     /* evict down to this after max_mem is hit (e.g. 3 MiB) */
	u32 max_flows;   /* payloads in progress */
	u32 timeout_ms;  /* a payload not completed by then is dropped */
	u32 max_size;    /* largest payload accepted (<= 65535 for SCLP) */
	u32 max_flow_mem; /* bytes one payload may hold; 0: 2 * max_size + 16 KiB */
};

enum reasm_drop {
	REASM_DROP_MALFORMED,   /* len 0, or tail+len beyond max_size */
	REASM_DROP_DUPLICATE,   /* exactly the bytes of a segment held */
	REASM_DROP_OVERLAP,     /* partly overlaps a held segment */
	REASM_DROP_INCONSISTENT,/* first segment disagrees with held ones */
	REASM_DROP_TIMEOUT,     /* payload expired (counted per frag) */
	REASM_DROP_MEMLIMIT,    /* evicted or refused for memory/flow limit */
	REASM_DROP_NOMEM,       /* allocation failed */
	REASM_DROP_MAX
};

struct reasm_stats {
	u64 frags_in;
	u64 completed;     /* payloads delivered */
	u64 ooo_queued;    /* frags that arrived out of order */
	u64 evicted;       /* payloads evicted (LRU) */
	u64 expired;       /* payloads timed out */
	u64 drops[REASM_DROP_MAX]; /* frags dropped, by reason */
	u64 frags_out;     /* frags handed back in completed payloads */
};

struct reasm_ops {
	void (*free_frag)(struct reasm_frag *frag, void *ctx);
};

struct reasm_flow;
struct reasm {
	struct reasm_limits lim;
	const struct reasm_ops *ops;
	void *ctx;
	struct reasm_flow **buckets;
	u32 nbuckets;          /* power of two */
	u32 nflows;
	u32 mem;               /* sum of truesize held + per-flow overhead */
	u32 nfrags;            /* frags held: frags_in = frags_out + nfrags + drops */
	struct reasm_flow *lru_head, *lru_tail; /* oldest at head */
	u32 hash_seed;
	struct reasm_stats stats;
};

enum reasm_result {
	REASM_HELD,     /* frag kept, payload incomplete */
	REASM_DONE,     /* *out is the whole payload, in order */
	REASM_DROPPED,  /* frag freed through ops->free_frag and counted */
};

/*
 * nbuckets: a power of two, at most 65536. lim->max_flow_mem 0 picks the
 * default. -EINVAL for missing ops or limits that cannot work (max_mem,
 * max_flows or max_size 0, low_mem > max_mem), -ENOMEM.
 */
int reasm_init(struct reasm *r, const struct reasm_limits *lim,
	       u32 nbuckets, u32 hash_seed, const struct reasm_ops *ops, void *ctx);
void reasm_destroy(struct reasm *r); /* frees everything held */

/*
 * Offer one segment. frag->tail, frag->len and frag->truesize must be set.
 * now_ms is a monotonic clock in milliseconds (jiffies in the kernel).
 * On REASM_DONE, *out receives the frag list (first segment first); its
 * total length is *out_size and ownership passes back to the caller.
 */
enum reasm_result reasm_add(struct reasm *r, const struct reasm_key *key,
			    bool first, struct reasm_frag *frag, u64 now_ms,
			    struct reasm_frag **out, u32 *out_size);

/* Drop payloads older than the timeout. Returns how many were dropped. */
u32 reasm_expire(struct reasm *r, u64 now_ms);

/* Memory accounted (r->mem): frag truesizes + reasm_flow_overhead() each. */
u32 reasm_mem(const struct reasm *r);
/* Bytes charged per payload in progress on top of its frags. */
u32 reasm_flow_overhead(void);
/*
 * Walk everything held and check the invariants (mem, nflows, nfrags, hash
 * placement, lists sorted and disjoint, within limits). For tests, fuzzers
 * and debugging; O(everything held).
 */
bool reasm_consistent(const struct reasm *r);

#endif /* CVSW_PROTO_REASM_H */
