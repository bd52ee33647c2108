// SPDX-License-Identifier: GPL-2.0
/*
 * The identity of a match, and whether a match covers a rule (non-strict
 * deletion). The linear snapshot (flow_table) and the masked compare of a
 * key against one rule are in flow_table.c: the reference the tests compare
 * the classifier with; cvsw.ko does not compile it.
 */
#include "flow.h"

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

	for (i = 0; i < FLOW_KEY_WORDS; i++) {
		u64 m = flow_key_word(mask, i);

		if ((flow_key_word(&r->mask, i) & m) != m ||
		    (flow_key_word(&r->key, i) & m) != (flow_key_word(key, i) & m))
			return false;
	}
	return true;
}
