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
 * Never the wrong bytes. A sender may reuse an id (a re-created device, a
 * wrapped counter) while pieces of its older payload are held or still on
 * the wire. Rules (reasm.c), newest payload wins:
 *  - The first segment is authoritative about the size. A first that
 *    repeats a held first exactly (same len, remaining and, when both are
 *    known, sum) is a DUPLICATE; one that differs restarts the payload: the
 *    held pieces are dropped (RESTART). Held pieces that do not fit under a
 *    newly arrived first (bytes at or above its offset) are dropped (STALE)
 *    before the first is taken.
 *  - Pieces held from before the first arrived are suspects: when a later
 *    piece conflicts with one of them (overlaps it, or repeats its range
 *    with another sum), every such piece is dropped (STALE) and the later
 *    piece is taken.
 *  - A piece that repeats the range of a held one with a different known
 *    sum belongs to another payload: the held ones are dropped (RESTART)
 *    and the payload continues from the new piece.
 *  - A non-first piece beyond the size the first announced is dropped
 *    (INCONSISTENT); one that partly overlaps held bytes (OVERLAP).
 *  - Late pieces: the keys of payloads completed or evicted recently are
 *    remembered (a fixed table of id + key hash + time, 4-way
 *    set-associative, 64 to 512 entries, not part of mem; an entry counts
 *    for timeout_ms, or until overwritten when there is no timeout). A non-first piece for such a key, with nothing
 *    held for it, is dropped (STALE) rather than held where it could join
 *    the next payload with that id. A first segment starts a fresh payload.
 *  - Segments of one payload normally arrive within a short time; a payload
 *    older than timeout_ms is dropped on the next access (TIMEOUT).
 * What stays possible: pieces of an older payload whose first was lost and
 * that exactly fit the grid of a newer payload with the same id, arriving
 * within the timeout, cannot be told from the newer payload's own reordered
 * pieces. The caller should keep the inner checksum verifiable; senders
 * should not reuse ids within the timeout (random initial ids).
 *
 * Limits. Total memory (sum of frag->truesize plus sclp_reasm_flow_overhead()
 * per payload) is capped at max_mem, the payloads in progress at max_flows.
 * A payload holds at most max_size payload bytes: pieces are disjoint and
 * inside [0, max_size), so any legal payload completes at any segment size
 * as long as memory allows. Guards against absurd truesize: a segment whose
 * truesize exceeds REASM_TRUESIZE_RATIO * len + REASM_TRUESIZE_SLACK (an skb
 * pinning a buffer far larger than its bytes) is refused (MEMLIMIT), and
 * max_flow_mem, when not 0, caps one payload's truesize (the payload is
 * dropped whole with the frag that overflowed it: it could never complete).
 *
 * Fairness. Memory and payload counts are shared per remote endpoint
 * (key->saddr + key->family, a "source"): with S sources holding payloads,
 * a source's share is low_mem / S bytes (memory is evicted down to low_mem
 * once max_mem is hit) and max_flows / S payloads. When a limit is hit, a
 * source over its share (counting what it asks for) evicts its own least
 * recently used payloads first (EVICT_SOURCE); otherwise the oldest payload
 * of a source over its share goes (among the 32 least recently used, else
 * that of the source most over it), and when no source is over its share
 * the least recently used one (EVICT_MEM for memory, EVICT_FLOWS for the
 * payload count). A flood of first segments from one source thus evicts
 * its own payloads, not another source's payload in progress; expiry still
 * follows the global LRU. Sources exist only while they hold payloads, so
 * there are never more than max_flows; the per-payload overhead charged
 * includes a source's size.
 *
 * Every drop has its own counter, and frags_in = frags_out + nfrags + the
 * sum of drops[] at all times.
 *
 * Concurrency: none inside. One struct reasm is used under one lock (the
 * kernel side runs several per device, a source's payloads all in one, each
 * under its own spinlock) or per CPU.
 */
#ifndef CVSW_PROTO_REASM_H
#define CVSW_PROTO_REASM_H

#include "platform.h"

/* A segment may charge up to this many times its length plus the slack. */
#define REASM_TRUESIZE_RATIO 8U
#define REASM_TRUESIZE_SLACK 16384U

struct reasm_frag {
	struct reasm_frag *next;
	u32 tail;     /* R: payload bytes after this segment */
	u32 len;      /* S: payload bytes in this segment */
	u32 truesize; /* memory charged for it */
	u32 sum;      /* fingerprint of the segment's bytes (e.g. its checksum,
		       * 0x10000 | the SCLP header's check); 0: unknown
		       */
	u32 flags;    /* the engine's own; the caller need not set it */
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
	u32 max_flow_mem; /* truesize one payload may hold; 0: no cap but max_mem */
};

enum reasm_drop {
	REASM_DROP_MALFORMED,   /* len 0, or tail+len beyond max_size */
	REASM_DROP_DUPLICATE,   /* exactly the bytes of a segment held */
	REASM_DROP_OVERLAP,     /* partly overlaps a held segment */
	REASM_DROP_INCONSISTENT,/* beyond the size the first announced */
	REASM_DROP_TIMEOUT,     /* payload expired (counted per frag) */
	REASM_DROP_MEMLIMIT,    /* refused: can never fit (max_mem, max_flow_mem,
				 * truesize guard), with its payload
				 */
	REASM_DROP_NOMEM,       /* allocation failed */
	REASM_DROP_STALE,       /* late piece of a payload completed or evicted
				 * recently, or a piece held from before the
				 * first that does not fit it
				 */
	REASM_DROP_RESTART,     /* held pieces of an older payload whose id a
				 * newer one reused (different first or sum)
				 */
	REASM_DROP_EVICT_SOURCE,/* evicted: its source was over its share and
				 * needed room (its own oldest payloads)
				 */
	REASM_DROP_EVICT_MEM,   /* evicted for the memory limit (another source's
				 * payload, or the limit was lowered)
				 */
	REASM_DROP_EVICT_FLOWS, /* evicted for the payload count limit */
	REASM_DROP_MAX
};

struct reasm_stats {
	u64 frags_in;
	u64 completed;     /* payloads delivered */
	u64 ooo_queued;    /* frags that arrived out of order */
	u64 evicted;       /* payloads evicted (all causes below) */
	u64 expired;       /* payloads timed out */
	u64 drops[REASM_DROP_MAX]; /* frags dropped, by reason */
	u64 frags_out;     /* frags handed back in completed payloads */
	u64 evicted_source; /* of evicted: by their own source, over its share */
	u64 evicted_mem;   /* of evicted: for memory */
	u64 evicted_flows; /* of evicted: for the payload count */
	u64 restarted;     /* payloads restarted by a newer one with the id */
	u64 refused;       /* payloads dropped whole: could never fit */
};

struct reasm_ops {
	void (*free_frag)(struct reasm_frag *frag, void *ctx);
};

struct reasm_flow;
struct reasm_source;
struct reasm_recent;
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
	/* Sources holding payloads (fairness), hashed by address. */
	struct reasm_source **src_buckets; /* nbuckets of them */
	struct reasm_source *src_list;
	struct reasm_source *src_spare;    /* one freed source kept for reuse */
	u32 nsources;
	/* Keys of payloads completed or evicted recently (late pieces). */
	struct reasm_recent *recent;
	u32 nrecent;           /* power of two, a multiple of 4 */
	u64 now_ms;            /* the latest clock seen */
};

enum reasm_result {
	REASM_HELD,     /* frag kept, payload incomplete */
	REASM_DONE,     /* *out is the whole payload, in order */
	REASM_DROPPED,  /* frag freed through ops->free_frag and counted */
};

/*
 * Process context (the tables are allocated sleeping); everything else may
 * run in softirq context (per-payload memory is allocated atomically).
 * nbuckets: a power of two, at most 65536. -EINVAL for missing ops or
 * limits that cannot work (max_mem, max_flows or max_size 0, low_mem >
 * max_mem), -ENOMEM. Fixed allocations besides what mem counts: nbuckets
 * flow and source bucket pointers and 64 to 512 (nbuckets) recent-key
 * entries of 16 bytes (sclp_reasm_table_bytes()).
 */
int sclp_reasm_init(struct reasm *r, const struct reasm_limits *lim,
	       u32 nbuckets, u32 hash_seed, const struct reasm_ops *ops, void *ctx);
void sclp_reasm_destroy(struct reasm *r); /* frees everything held; process context */

/*
 * Apply new limits (validated as sclp_reasm_init does: -EINVAL leaves the old
 * ones) and evict at once down to them: payloads over max_flows, and memory
 * down to low_mem when above max_mem; payloads above a lowered max_size or
 * max_flow_mem are dropped (MEMLIMIT). Writing max_mem, low_mem, max_flows
 * or timeout_ms of r->lim directly still works; the next sclp_reasm_add() or
 * sclp_reasm_expire() then evicts.
 */
int sclp_reasm_set_limits(struct reasm *r, const struct reasm_limits *lim);

/*
 * Evict payloads until at most mem bytes are held, choosing victims as a
 * memory limit does (the oldest payload of a source over its share first,
 * else the least recently used), counted EVICT_MEM. For a caller that runs several engines
 * under one budget (cvsw shards a device's reassembly by source): the
 * engine holding the most gives back. Returns the payloads evicted.
 */
u32 sclp_reasm_shrink_to(struct reasm *r, u32 mem);

/*
 * Offer one segment. frag->tail, frag->len, frag->truesize and frag->sum
 * (0 if unknown) must be set. now_ms is a monotonic clock in milliseconds
 * (jiffies in the kernel). On REASM_DONE, *out receives the frag list
 * (first segment first); its total length is *out_size and ownership
 * passes back to the caller.
 */
enum reasm_result sclp_reasm_add(struct reasm *r, const struct reasm_key *key,
			    bool first, struct reasm_frag *frag, u64 now_ms,
			    struct reasm_frag **out, u32 *out_size);

/* Drop payloads older than the timeout. Returns how many were dropped. */
u32 sclp_reasm_expire(struct reasm *r, u64 now_ms);

/*
 * For tests and benchmarks: built in userspace and into proto_selftest.ko,
 * not into cvsw.ko (see the end of reasm.c).
 */
/* Memory accounted (r->mem): frag truesizes + sclp_reasm_flow_overhead() each. */
u32 sclp_reasm_mem(const struct reasm *r);
/* Bytes charged per payload in progress on top of its frags. */
u32 sclp_reasm_flow_overhead(void);
/* The fixed tables sclp_reasm_init() allocated (not part of sclp_reasm_mem()). */
u32 sclp_reasm_table_bytes(const struct reasm *r);
/*
 * Walk everything held and check the invariants (mem, nflows, nfrags,
 * sources and their shares of mem and flows, hash placement, lists sorted
 * and disjoint, suspect pieces, within limits, the counters' conservation
 * law). For tests, fuzzers and debugging; O(everything held).
 */
bool sclp_reasm_consistent(const struct reasm *r);

#endif /* CVSW_PROTO_REASM_H */
