// SPDX-License-Identifier: GPL-2.0
/*
 * Masked compare of a key against a rule, and the identity of a match.
 * The linear snapshot (flow_table) is in flow_table.c: the reference the
 * tests compare the classifier with; cvsw.ko does not compile it.
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

bool cvsw_flow_rule_matches(const struct cvsw_flow_rule *r, const struct flow_key *key)
{
	u32 i;

	for (i = 0; i < KEY_WORDS; i++)
		if ((key_word(key, i) & key_word(&r->mask, i)) != key_word(&r->key, i))
			return false;
	return true;
}

bool cvsw_flow_rule_same_match(const struct cvsw_flow_rule *a, const struct cvsw_flow_rule *b)
{
	return a->priority == b->priority &&
	       !memcmp(&a->key, &b->key, sizeof(a->key)) &&
	       !memcmp(&a->mask, &b->mask, sizeof(a->mask));
}

bool cvsw_flow_match_covers(const struct flow_key *key, const struct flow_key *mask,
		       const struct cvsw_flow_rule *r)
{
	u32 i;

	for (i = 0; i < KEY_WORDS; i++) {
		u64 m = key_word(mask, i);

		if ((key_word(&r->mask, i) & m) != m ||
		    (key_word(&r->key, i) & m) != (key_word(key, i) & m))
			return false;
	}
	return true;
}
