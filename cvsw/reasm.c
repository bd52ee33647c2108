// SPDX-License-Identifier: GPL-2.0
/*
 * Glue between skbs and the portable reassembly engine (proto/reasm.c).
 * Each held segment is an skb whose control block carries the engine's
 * struct reasm_frag; the engine accounts skb->truesize against the device's
 * memory limit (shared by its shards, see below; the netns and module caps
 * are in reasm_budget.c) and hands frags it drops back to free_frag. A completed
 * payload becomes one skb: the first segment, the others on its frag_list,
 * so no payload byte is copied.
 */
#include <linux/jhash.h>
#include <linux/jiffies.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/ip.h>
#include <linux/ipv6.h>

#include "rx.h"
#include "proto/sclp.h"

#define REASM_BUCKETS 1024
#define REASM_MAX_FLOWS 4096
#define REASM_PERIOD HZ

static_assert(sizeof(struct reasm_frag) <= sizeof_field(struct sk_buff, cb));

static struct reasm_frag *skb_frag_of(struct sk_buff *skb)
{
	return (struct reasm_frag *)skb->cb;
}

static struct sk_buff *frag_skb(struct reasm_frag *frag)
{
	return (struct sk_buff *)((char *)frag - offsetof(struct sk_buff, cb));
}

static void free_frag(struct reasm_frag *frag, void *ctx)
{
	kfree_skb(frag_skb(frag));
}

static const struct reasm_ops cvsw_reasm_ops = {
	.free_frag = free_frag,
};

static u64 now_ms(void)
{
	return jiffies64_to_msecs(get_jiffies_64());
}

/* The engine counts cumulatively; turn what one call changed into counters. */
static const u8 drop_stat[REASM_DROP_MAX] = {
	[REASM_DROP_MALFORMED] = CVSW_STAT_RX_BAD_HEADER,
	[REASM_DROP_DUPLICATE] = CVSW_STAT_RX_REASM_DUPLICATE,
	[REASM_DROP_OVERLAP] = CVSW_STAT_RX_REASM_OVERLAP,
	[REASM_DROP_INCONSISTENT] = CVSW_STAT_RX_REASM_INCONSISTENT,
	[REASM_DROP_TIMEOUT] = CVSW_STAT_RX_REASM_TIMEOUT,
	[REASM_DROP_MEMLIMIT] = CVSW_STAT_RX_REASM_MEMLIMIT,
	[REASM_DROP_NOMEM] = CVSW_STAT_RX_NOMEM,
	[REASM_DROP_STALE] = CVSW_STAT_RX_REASM_STALE,
	[REASM_DROP_RESTART] = CVSW_STAT_RX_REASM_RESTART,
	[REASM_DROP_EVICT_SOURCE] = CVSW_STAT_RX_REASM_EVICT_SOURCE,
	[REASM_DROP_EVICT_MEM] = CVSW_STAT_RX_REASM_EVICT_MEM,
	[REASM_DROP_EVICT_FLOWS] = CVSW_STAT_RX_REASM_EVICT_FLOWS,
};
/* Every reason has a counter: a new one must be mapped here. */
static_assert(REASM_DROP_MAX == REASM_DROP_EVICT_FLOWS + 1);

/*
 * frags_in and frags_out make the engine's conservation law visible:
 * frags_in = frags_out + segments held + the reassembly drop counters.
 */
struct snap {
	u64 drops[REASM_DROP_MAX];
	u64 ooo, frags_in, frags_out;
};

static void snap_take(const struct reasm *r, struct snap *s)
{
	memcpy(s->drops, r->stats.drops, sizeof(s->drops));
	s->ooo = r->stats.ooo_queued;
	s->frags_in = r->stats.frags_in;
	s->frags_out = r->stats.frags_out;
}

static void snap_account(struct cvsw_dev *cv, const struct reasm *r,
			 const struct snap *s)
{
	unsigned int i;

	for (i = 0; i < REASM_DROP_MAX; i++) {
		u64 d = r->stats.drops[i] - s->drops[i];

		if (d) {
			cvsw_stat_add(cv, drop_stat[i], d);
			DEV_STATS_ADD(cv->dev, rx_dropped, d);
		}
	}
	if (r->stats.ooo_queued != s->ooo)
		cvsw_stat_add(cv, CVSW_STAT_RX_REASM_OOO, r->stats.ooo_queued - s->ooo);
	if (r->stats.frags_in != s->frags_in)
		cvsw_stat_add(cv, CVSW_STAT_RX_REASM_FRAGS_IN, r->stats.frags_in - s->frags_in);
	if (r->stats.frags_out != s->frags_out)
		cvsw_stat_add(cv, CVSW_STAT_RX_REASM_FRAGS_OUT, r->stats.frags_out - s->frags_out);
}

/*
 * Shards. A device's reassembly is split by source (remote address) into
 * a power-of-two number of engines, each under its own spinlock, so CPUs
 * receiving from different remotes never contend; a source's payloads all
 * live in one shard, where the engine's per-source fairness holds exactly.
 * Each shard may use the device's whole limit; their sum is kept under it
 * by reasm_trim(): the shard holding the most gives back (its hog's oldest
 * payloads), so a flood from one remote does not evict another remote's
 * payload in another shard either.
 */
static unsigned int reasm_shards;
module_param(reasm_shards, uint, 0644);
MODULE_PARM_DESC(reasm_shards, "reassembly engines per device, split by remote address (0: one per CPU, at most 16; rounded down to a power of two, at most 64); read at device creation");

static u32 shard_count(void)
{
	u32 n = READ_ONCE(reasm_shards);

	if (!n)
		n = min_t(u32, num_possible_cpus(), 16);
	n = min_t(u32, n, 64);
	return rounddown_pow_of_two(n);
}

static struct cvsw_reasm_shard *shard_of(struct cvsw_dev *cv, const struct reasm_key *key)
{
	u32 h = jhash(key->saddr, sizeof(key->saddr), cv->reasm_seed ^ key->family);

	return &cv->reasm_shards[h & (cv->reasm_nshards - 1)];
}

static void shard_limits(const struct cvsw_dev *cv, struct reasm_limits *lim)
{
	memset(lim, 0, sizeof(*lim));
	lim->max_mem = READ_ONCE(cv->reasm_max_mem);
	lim->low_mem = lim->max_mem / 4 * 3;
	lim->max_flows = REASM_MAX_FLOWS;
	lim->max_size = SCLP_MAX_PAYLOAD;
	lim->max_flow_mem = 0; /* a payload may use all memory: any legal one completes */
	lim->timeout_ms = READ_ONCE(cv->reasm_timeout_ms);
}

/*
 * Under the shard's lock, after the engine ran: publish its memory to the
 * device total and to the netns and module budgets.
 */
static void shard_sync(struct cvsw_dev *cv, struct cvsw_reasm_shard *sh)
{
	int delta = (int)(sh->r.mem - sh->mem);

	if (!delta)
		return;
	WRITE_ONCE(sh->mem, sh->r.mem);
	atomic_add(delta, &cv->reasm_mem);
	cvsw_reasm_budget_charge(cv->reasm_budget, delta);
}

/*
 * Every engine call on a shard goes between these: the lock, and the
 * engine's counters and memory turned into the device's afterwards.
 */
static void shard_lock(struct cvsw_reasm_shard *sh, struct snap *s)
	__acquires(&sh->lock)
{
	spin_lock_bh(&sh->lock);
	snap_take(&sh->r, s);
}

static void shard_unlock(struct cvsw_dev *cv, struct cvsw_reasm_shard *sh,
			 const struct snap *s)
	__releases(&sh->lock)
{
	snap_account(cv, &sh->r, s);
	shard_sync(cv, sh);
	spin_unlock_bh(&sh->lock);
}

/*
 * The shards fill independently: while their sum is over the device's limit,
 * the one holding the most evicts down to the low mark (3/4), as a single
 * engine would. Takes one shard lock at a time; never called under one.
 */
static void reasm_trim(struct cvsw_dev *cv)
{
	u32 max = READ_ONCE(cv->reasm_max_mem), low = max / 4 * 3, i, tries;

	for (tries = 0; tries < cv->reasm_nshards; tries++) {
		struct cvsw_reasm_shard *big = &cv->reasm_shards[0];
		struct snap s;
		int excess;

		if ((u32)atomic_read(&cv->reasm_mem) <= max)
			return;
		for (i = 1; i < cv->reasm_nshards; i++)
			if (READ_ONCE(cv->reasm_shards[i].mem) > READ_ONCE(big->mem))
				big = &cv->reasm_shards[i];
		shard_lock(big, &s);
		/* Others may have freed (or added) since: measure again under the lock. */
		excess = atomic_read(&cv->reasm_mem) - (int)low;
		if (excess > 0)
			sclp_reasm_shrink_to(&big->r, big->r.mem > (u32)excess ?
						      big->r.mem - excess : 0);
		shard_unlock(cv, big, &s);
	}
}

static void reasm_timer_fn(struct timer_list *t)
{
	struct cvsw_dev *cv = from_timer(cv, t, reasm_timer);
	u32 i;

	for (i = 0; i < cv->reasm_nshards; i++) {
		struct cvsw_reasm_shard *sh = &cv->reasm_shards[i];
		struct snap s;

		shard_lock(sh, &s);
		sclp_reasm_expire(&sh->r, now_ms());
		shard_unlock(cv, sh, &s);
	}
	/* del_timer_sync() in uninit waits for us and removes a re-arm. */
	if (!READ_ONCE(cv->reasm_stopping))
		mod_timer(&cv->reasm_timer, jiffies + REASM_PERIOD);
}

void cvsw_reasm_limits_changed(struct cvsw_dev *cv)
{
	struct reasm_limits lim;
	u32 i;

	shard_limits(cv, &lim);
	for (i = 0; i < cv->reasm_nshards; i++) {
		struct cvsw_reasm_shard *sh = &cv->reasm_shards[i];
		struct snap s;

		shard_lock(sh, &s);
		/* Validated by the netlink policy; lowering evicts at once. */
		WARN_ON_ONCE(sclp_reasm_set_limits(&sh->r, &lim));
		shard_unlock(cv, sh, &s);
	}
	reasm_trim(cv);
}

int cvsw_reasm_init(struct cvsw_dev *cv)
{
	u32 n = shard_count(), buckets = max_t(u32, REASM_BUCKETS / n, 64), i;
	struct reasm_limits lim;
	int err;

	cv->reasm_shards = kvcalloc(n, sizeof(*cv->reasm_shards), GFP_KERNEL);
	if (!cv->reasm_shards)
		return -ENOMEM;
	cv->reasm_budget = cvsw_reasm_budget_get(dev_net(cv->dev));
	cv->reasm_nshards = n;
	cv->reasm_seed = get_random_u32();
	atomic_set(&cv->reasm_mem, 0);
	shard_limits(cv, &lim);
	for (i = 0; i < n; i++) {
		spin_lock_init(&cv->reasm_shards[i].lock);
		err = sclp_reasm_init(&cv->reasm_shards[i].r, &lim, buckets, get_random_u32(),
				 &cvsw_reasm_ops, cv);
		if (err)
			goto err;
	}
	cv->reasm_stopping = false;
	timer_setup(&cv->reasm_timer, reasm_timer_fn, 0);
	mod_timer(&cv->reasm_timer, jiffies + REASM_PERIOD);
	return 0;
err:
	while (i--)
		sclp_reasm_destroy(&cv->reasm_shards[i].r);
	cvsw_reasm_budget_put(cv->reasm_budget);
	kvfree(cv->reasm_shards);
	cv->reasm_shards = NULL;
	cv->reasm_nshards = 0;
	return err;
}

void cvsw_reasm_uninit(struct cvsw_dev *cv)
{
	u32 i;

	if (!cv->reasm_shards)
		return;
	WRITE_ONCE(cv->reasm_stopping, true);
	del_timer_sync(&cv->reasm_timer);
	/*
	 * No lock: the rx_handler is gone (after synchronize_net), the timer
	 * stopped, and changelink runs under RTNL as we do. Destroying frees
	 * the tables, which may sleep.
	 */
	for (i = 0; i < cv->reasm_nshards; i++) {
		struct cvsw_reasm_shard *sh = &cv->reasm_shards[i];

		sclp_reasm_destroy(&sh->r);
		shard_sync(cv, sh); /* gives everything back to the budgets */
	}
	cvsw_reasm_budget_put(cv->reasm_budget);
	kvfree(cv->reasm_shards);
	cv->reasm_shards = NULL;
	cv->reasm_nshards = 0;
}

/*
 * Append skb (and whatever GRO already chained on its own frag_list, moved
 * up one level: nested frag_lists are legal but not worth the risk) to the
 * frag_list of head; *tail is the last skb of that list.
 */
static void chain(struct sk_buff *head, struct sk_buff **tail,
		  struct sk_buff *skb)
{
	struct sk_buff *list = skb_shinfo(skb)->frag_list, *x, *next;

	skb_shinfo(skb)->frag_list = NULL;
	for (x = list; x; x = x->next) {
		skb->len -= x->len;
		skb->data_len -= x->len;
		skb->truesize -= x->truesize;
	}
	for (x = skb; x; x = next) {
		next = x == skb ? list : x->next;
		x->next = NULL;
		if (*tail)
			(*tail)->next = x;
		else
			skb_shinfo(head)->frag_list = x;
		*tail = x;
		head->len += x->len;
		head->data_len += x->len;
		head->truesize += x->truesize;
	}
}

static struct sk_buff *build(struct reasm_frag *frags)
{
	struct sk_buff *head = frag_skb(frags), *tail, *skb;
	struct reasm_frag *f, *next = frags->next;

	tail = skb_shinfo(head)->frag_list;
	while (tail && tail->next)
		tail = tail->next;
	for (f = next; f; f = next) {
		next = f->next;
		skb = frag_skb(f);
		chain(head, &tail, skb);
	}
	memset(head->cb, 0, sizeof(head->cb));
	return head;
}

/*
 * The frag_list members of a GRO-merged skb are shared with every clone of
 * it that pskb_expand_head() (our skb_unclone) left behind: a tap's copy
 * (tcpdump on the lower) still walks and frees them through their ->next.
 * chain() relinks members into another list, so give this skb private
 * sk_buff structs for them first; the data stays shared and is only read.
 */
static int own_frag_list(struct sk_buff *skb)
{
	struct sk_buff *m, *c, *list = NULL, **pp = &list;
	bool shared = false;

	skb_walk_frags(skb, m)
		shared |= skb_shared(m);
	if (!shared)
		return 0;
	skb_walk_frags(skb, m) {
		c = skb_clone(m, GFP_ATOMIC);
		if (!c) {
			kfree_skb_list(list);
			return -ENOMEM;
		}
		*pp = c;
		pp = &c->next;
	}
	kfree_skb_list(skb_shinfo(skb)->frag_list); /* our references only */
	skb_shinfo(skb)->frag_list = list;
	return 0;
}

struct sk_buff *cvsw_reasm_add(struct cvsw_dev *cv, struct sk_buff *skb,
			       const struct reasm_key *key, bool first, u32 rem,
			       u32 sum)
{
	struct cvsw_reasm_shard *sh = shard_of(cv, key);
	struct reasm_frag *frag = skb_frag_of(skb), *out = NULL;
	enum reasm_result res;
	struct snap s;
	u32 size;

	if (own_frag_list(skb)) {
		cvsw_rx_drop(cv, skb, CVSW_STAT_RX_NOMEM);
		return NULL;
	}
	/* The netns and module caps (before the engine: not in frags_in). */
	if (cvsw_reasm_budget_full(cv->reasm_budget, skb->truesize)) {
		cvsw_rx_drop(cv, skb, CVSW_STAT_RX_REASM_GLOBAL_LIMIT);
		return NULL;
	}

	/*
	 * A held segment must not pin its sender's socket memory (a local
	 * sender over veth would block until our timer frees it): as
	 * ip_defrag does.
	 */
	skb_orphan(skb);
	memset(frag, 0, sizeof(*frag));
	frag->tail = rem;
	frag->len = skb->len;
	frag->truesize = skb->truesize;
	frag->sum = sum;

	shard_lock(sh, &s);
	res = sclp_reasm_add(&sh->r, key, first, frag, now_ms(), &out, &size);
	shard_unlock(cv, sh, &s);
	if (cv->reasm_nshards > 1)
		reasm_trim(cv);

	if (res != REASM_DONE)
		return NULL;
	cvsw_stat_inc(cv, CVSW_STAT_RX_REASM_DONE);
	return build(out);
}

void cvsw_reasm_key(const struct sk_buff *skb, u32 id, u16 sport, u16 dport, u8 proto,
		    struct reasm_key *key)
{
	memset(key, 0, sizeof(*key));
	if (skb->protocol == htons(ETH_P_IP)) {
		memcpy(key->saddr, &ip_hdr(skb)->saddr, 4);
		memcpy(key->daddr, &ip_hdr(skb)->daddr, 4);
		key->family = 4;
	} else {
		memcpy(key->saddr, &ipv6_hdr(skb)->saddr, 16);
		memcpy(key->daddr, &ipv6_hdr(skb)->daddr, 16);
		key->family = 6;
	}
	key->id = id;
	key->sport = sport;
	key->dport = dport;
	key->proto = proto;
}
