// SPDX-License-Identifier: GPL-2.0
/*
 * The linear reference classifier: an immutable priority-ordered snapshot
 * (struct flow_table) searched rule by rule, and the generation-tagged EMC
 * in front of it. Used by the unit tests, fuzzers and benchmarks to check
 * the classifier (classifier.h); cvsw.ko does not compile this file.
 */
#include "flow.h"

bool cvsw_flow_rule_matches(const struct cvsw_flow_rule *r, const struct flow_key *key)
{
	u32 i;

	for (i = 0; i < FLOW_KEY_WORDS; i++)
		if ((flow_key_word(key, i) & flow_key_word(&r->mask, i)) !=
		    flow_key_word(&r->key, i))
			return false;
	return true;
}

struct cvsw_flow_rule *cvsw_flow_table_lookup(const struct flow_table *t,
					      const struct flow_key *key)
{
	u32 i;

	if (!t)
		return NULL;
	for (i = 0; i < t->n; i++)
		if (cvsw_flow_rule_matches(t->rules[i], key))
			return t->rules[i];
	return NULL;
}

/*
 * Stable insertion sort, priority descending: a rule moves only past rules
 * of strictly lower priority, so equal priorities keep insertion order.
 */
static void sort_by_priority(struct cvsw_flow_rule **r, u32 n)
{
	u32 i, j;

	for (i = 1; i < n; i++) {
		struct cvsw_flow_rule *cur = r[i];

		for (j = i; j > 0 && r[j - 1]->priority < cur->priority; j--)
			r[j] = r[j - 1];
		r[j] = cur;
	}
}

struct flow_table *cvsw_flow_table_build(struct cvsw_flow_rule *const *rules, u32 n,
					 u32 generation)
{
	struct flow_table *t;
	u32 i;

	t = cvsw_alloc(sizeof(*t) + (size_t)n * sizeof(t->rules[0]));
	if (!t)
		return NULL;
	t->n = n;
	t->generation = generation;
	for (i = 0; i < n; i++)
		t->rules[i] = rules[i];
	sort_by_priority(t->rules, n);
	return t;
}

struct cvsw_flow_rule *cvsw_flow_emc_lookup(struct flow_emc *emc, const struct flow_table *t,
				  const struct flow_key *key, u32 seed)
{
	struct flow_emc_entry *e;
	u32 hash;

	if (!t)
		return NULL;
	hash = cvsw_flow_key_hash(key, seed);
	e = &emc->e[hash & (FLOW_EMC_ENTRIES - 1)];
	if (e->hash == hash && e->generation == t->generation &&
	    !memcmp(&e->key, key, sizeof(*key))) {
		emc->hits++;
		return e->rule;
	}
	emc->misses++;
	e->rule = cvsw_flow_table_lookup(t, key);
	e->hash = hash;
	e->generation = t->generation;
	e->key = *key;
	return e->rule;
}
