// SPDX-License-Identifier: GPL-2.0
/*
 * The exact-match cache in front of the classifier: entries die with the
 * rule they hold (stamp) or with an insert that could beat it (priority band).
 * The rules are in classifier.h.
 */
#include "cls_priv.h"

/* Is the rule with this id and stamp still in cls? Reader. */
static bool stamp_live(const struct flow_cls *cls, u32 id, u64 stamp)
{
	const struct cls_live *l = cvsw_rcu_deref(cls->live);

	return l && id < l->n && cvsw_read_once(l->stamp[id]) == stamp;
}

static bool entry_valid(const struct flow_emc_entry *e, const struct flow_cls *cls)
{
	/* Negative: any insert may have added a match. */
	if (!e->stamp)
		return cvsw_load_acquire(cls->add_gen) == e->add_gen;
	return stamp_live(cls, e->id, e->stamp) &&
	       cvsw_read_once(cls->band_gen[e->prio >> CLS_BAND_SHIFT]) <= e->add_gen;
}

struct cvsw_flow_rule *cvsw_flow_emc_cls_lookup(struct flow_emc *emc, const struct flow_cls *cls,
				      const struct flow_key *key)
{
	const struct cls_rule *c;
	struct flow_emc_entry *e;
	u32 hash = cvsw_flow_key_hash(key, cls->seed);

	e = &emc->e[hash & (FLOW_EMC_ENTRIES - 1)];
	if (e->hash == hash && !memcmp(&e->key, key, sizeof(*key)) && entry_valid(e, cls)) {
		emc->hits++;
		return e->rule;
	}
	emc->misses++;
	/* Read before the lookup: it sees every insert up to this generation. */
	e->add_gen = cvsw_load_acquire(cls->add_gen);
	c = cvsw_cls_lookup_rule(cls, key);
	e->hash = hash;
	e->key = *key;
	e->rule = c ? c->rule : NULL;
	e->stamp = c ? c->stamp : 0;
	e->id = c ? c->id : 0;
	e->prio = c ? c->prio : 0;
	return e->rule;
}
