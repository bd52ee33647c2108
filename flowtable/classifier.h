/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tuple-space-search classifier, after Open vSwitch's lib/classifier.c: one
 * hash table ("subtable") per distinct mask, keyed by the masked key. A lookup
 * probes each subtable once, so its cost grows with the number of distinct
 * masks, not of rules. Subtables are searched in order of their highest rule
 * priority and the search stops at the first subtable whose highest priority
 * is below the best match so far.
 *
 * Semantics are those of cvsw_flow_table_lookup (the linear reference): the
 * highest priority wins, equal priorities resolve to the rule inserted first
 * (an insertion sequence number per rule; cvsw_flow_cls_replace keeps it). Rules
 * with the same mask and key but different priorities share one hash entry
 * (a list by priority).
 *
 * Concurrency (kernel): writers (create/destroy/insert/replace/remove/
 * iterators) are serialised by the caller, e.g. a mutex, and may sleep.
 * Readers (lookup, tun_id_known, cvsw_flow_emc_cls_lookup) take no lock: they run
 * under rcu_read_lock()/rcu_read_lock_bh() (or the writer's lock). A reader
 * sees each single insert/remove either done or not done, never a rule that
 * was present throughout as absent; a removed struct cvsw_flow_rule may be
 * returned until a grace period ends, so the caller frees rules with
 * kfree_rcu() or after synchronize_rcu(), as today. The classifier frees its
 * own memory after a grace period (cvsw_free_deferred).
 */
#ifndef CVSW_FLOWTABLE_CLASSIFIER_H
#define CVSW_FLOWTABLE_CLASSIFIER_H

#include "flow.h"

struct flow_cls;

/* seed: hash seed (random in the kernel). NULL on ENOMEM. */
struct flow_cls *cvsw_flow_cls_create(u32 seed);
/*
 * Free the classifier (after a grace period: readers may still be inside).
 * Rules still in it are not freed: they belong to the caller.
 */
void cvsw_flow_cls_destroy(struct flow_cls *cls);

/*
 * Add r (validated, key masked; r must stay valid until removed and a grace
 * period has passed). -EEXIST if a rule with the same match (priority, key
 * and mask) is present; -EINVAL if the key has bits outside the mask; -ENOMEM.
 */
int cvsw_flow_cls_insert(struct flow_cls *cls, struct cvsw_flow_rule *r);
/*
 * Put new in old's place (same match): new keeps old's age among equal
 * priorities, readers see old or new. -ENOENT if old is not in cls; -ENOMEM.
 */
int cvsw_flow_cls_replace(struct flow_cls *cls, struct cvsw_flow_rule *old,
			  struct cvsw_flow_rule *new);
/* Remove r (the pointer inserted). -ENOENT if absent. Never fails otherwise. */
int cvsw_flow_cls_remove(struct flow_cls *cls, struct cvsw_flow_rule *r);
/* The rule with the same match as r (cvsw_flow_rule_same_match), or NULL. */
struct cvsw_flow_rule *cvsw_flow_cls_find_same(const struct flow_cls *cls,
					       const struct cvsw_flow_rule *r);

/*
 * Highest-priority rule matching key, or NULL. Reader. This one, the count
 * and the iterator are in cls_query.c, which cvsw.ko does not build.
 */
struct cvsw_flow_rule *cvsw_flow_cls_lookup(const struct flow_cls *cls, const struct flow_key *key);
/*
 * Is there a rule that matches tun_id on a non-zero tun_id mask and that
 * does not exclude in_port FLOW_PORT_TUNNEL? (What cvsw/deliver.c vni_known()
 * answers by walking the rules.) From an index: cost per distinct tun_id
 * mask, not per rule. Reader.
 */
bool cvsw_flow_cls_tun_id_known(const struct flow_cls *cls, u64 tun_id);

/*
 * Before cls is published in place of prev in front of the same EMCs (a
 * whole-classifier swap: replace of the rule set, flush): make every EMC
 * entry filled from prev, or from cls before now, stale for cls. Entries
 * are checked against the classifier the reader looked up, and stamps of
 * two classifiers may collide; after the fence cls's insert generations
 * exceed every generation an entry may hold, so no older entry is valid.
 * prev may be NULL. Writer side, cls not yet visible to readers.
 */
void cvsw_flow_cls_emc_fence(struct flow_cls *cls, const struct flow_cls *prev);

/* Rules in cls. Writer side (a racy read is fine for statistics). */
u32 cvsw_flow_cls_count(const struct flow_cls *cls);
/* Bytes the classifier has allocated (excluding the rules), for accounting. */
size_t cvsw_flow_cls_memory(const struct flow_cls *cls);

/*
 * Dump in lookup order (priority descending, then age). Writer side: the
 * iterator sorts a snapshot of the rules (O(n log n)), so the caller's lock
 * is needed only during cvsw_flow_cls_iter_start; the rules themselves must stay
 * valid (RCU or the lock) while the caller uses them.
 *   struct flow_cls_iter it;
 *   if (!cvsw_flow_cls_iter_start(cls, &it)) {
 *           while ((r = cvsw_flow_cls_iter_next(&it))) ...;
 *           cvsw_flow_cls_iter_end(&it);
 *   }
 */
struct flow_cls_iter {
	struct cvsw_flow_rule **rules;
	u32 n, pos;
};
int cvsw_flow_cls_iter_start(const struct flow_cls *cls, struct flow_cls_iter *it);
struct cvsw_flow_rule *cvsw_flow_cls_iter_next(struct flow_cls_iter *it);
void cvsw_flow_cls_iter_end(struct flow_cls_iter *it);

/*
 * The exact-match cache (struct flow_emc, one per CPU, not thread-safe) in
 * front of cvsw_flow_cls_lookup. Invalidation is per change, not per generation:
 *   - remove: only entries that hold the removed rule. Each rule has an id
 *     and a unique stamp; cls keeps stamp[id] for live rules (0 when free) and
 *     an entry is used only while stamp[id] still equals its stamp.
 *   - insert of a rule of priority P: entries whose rule has a priority in
 *     a 256-wide band at or below P's band (priority >> 8), and all negative
 *     entries. Kept entries hold a rule of priority above P: the new rule,
 *     inserted later, cannot beat it (it would need a higher priority, and
 *     equal priorities go to the older rule), and other rules did not change.
 *     Each band b records the insert generation of the last insert with
 *     band >= b; an entry remembers the generation read before its lookup.
 *   - replace: only entries that hold the replaced rule (the new one ranks
 *     exactly as the old one did).
 * A removed rule stays usable from the cache only while its stamp is still
 * set, that is within the reader section that could still see it anyway.
 */
struct cvsw_flow_rule *cvsw_flow_emc_cls_lookup(struct flow_emc *emc, const struct flow_cls *cls,
				      const struct flow_key *key);

#endif /* CVSW_FLOWTABLE_CLASSIFIER_H */
