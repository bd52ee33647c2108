// SPDX-License-Identifier: GPL-2.0
/*
 * The wildcard classifier: masked compare of a key against rules, and the
 * priority-ordered snapshot the data path searches.
 */
#include "flow.h"

#define KEY_WORDS (sizeof(struct flow_key) / sizeof(u64))

/* memcpy keeps the word access legal for any alignment and aliasing. */
static u64 key_word(const struct flow_key *k, u32 i)
{
	u64 w;

	memcpy(&w, (const u8 *)k + i * sizeof(u64), sizeof(w));
	return w;
}

bool flow_rule_matches(const struct flow_rule *r, const struct flow_key *key)
{
	u32 i;

	for (i = 0; i < KEY_WORDS; i++)
		if ((key_word(key, i) & key_word(&r->mask, i)) != key_word(&r->key, i))
			return false;
	return true;
}

bool flow_rule_same_match(const struct flow_rule *a, const struct flow_rule *b)
{
	return a->priority == b->priority &&
	       !memcmp(&a->key, &b->key, sizeof(a->key)) &&
	       !memcmp(&a->mask, &b->mask, sizeof(a->mask));
}

struct flow_rule *flow_table_lookup(const struct flow_table *t, const struct flow_key *key)
{
	u32 i;

	if (!t)
		return NULL;
	for (i = 0; i < t->n; i++)
		if (flow_rule_matches(t->rules[i], key))
			return t->rules[i];
	return NULL;
}

/*
 * Stable insertion sort, priority descending: a rule moves only past rules
 * of strictly lower priority, so equal priorities keep insertion order.
 */
static void sort_by_priority(struct flow_rule **r, u32 n)
{
	u32 i, j;

	for (i = 1; i < n; i++) {
		struct flow_rule *cur = r[i];

		for (j = i; j > 0 && r[j - 1]->priority < cur->priority; j--)
			r[j] = r[j - 1];
		r[j] = cur;
	}
}

struct flow_table *flow_table_build(struct flow_rule *const *rules, u32 n, u32 generation)
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
