// SPDX-License-Identifier: GPL-2.0
/*
 * Classifier queries cvsw.ko does not make: the lookup that returns the rule
 * (the datapath uses cvsw_cls_lookup_rule() behind the EMC), the rule count
 * and iteration in lookup order. The unit tests, fuzzers and benchmarks use
 * them; cvsw/Kbuild leaves this file out (add it there when the module
 * needs one of them, e.g. for a dump in lookup order).
 */
#include "cls_priv.h"

struct cvsw_flow_rule *cvsw_flow_cls_lookup(const struct flow_cls *cls, const struct flow_key *key)
{
	const struct cls_rule *c = cvsw_cls_lookup_rule(cls, key);

	return c ? c->rule : NULL;
}

u32 cvsw_flow_cls_count(const struct flow_cls *cls)
{
	return cvsw_read_once(cls->n_rules);
}

/* ---- iteration in lookup order -------------------------------------------- */

/* Heap sort (no recursion): a[0] ends up first in lookup order. */
static void sift_down(const struct cls_rule **a, u32 i, u32 n)
{
	for (;;) {
		u32 big = i, l = 2 * i + 1, r = l + 1;
		const struct cls_rule *t;

		if (l < n && cls_before(a[big], a[l]))
			big = l;
		if (r < n && cls_before(a[big], a[r]))
			big = r;
		if (big == i)
			return;
		t = a[i];
		a[i] = a[big];
		a[big] = t;
		i = big;
	}
}

static void sort_rules(const struct cls_rule **a, u32 n)
{
	u32 i;

	for (i = n / 2; i-- > 0;)
		sift_down(a, i, n);
	for (i = n; i-- > 1;) {
		const struct cls_rule *t = a[0];

		a[0] = a[i];
		a[i] = t;
		sift_down(a, 0, i);
	}
}

int cvsw_flow_cls_iter_start(const struct flow_cls *cls, struct flow_cls_iter *it)
{
	const struct cls_vec *v = cvsw_rcu_deref(cls->vec);
	const struct cls_rule **nodes, *c;
	u32 i, j, n = 0;

	memset(it, 0, sizeof(*it));
	if (!cls->n_rules)
		return 0;
	nodes = cvsw_alloc_sleepable(cls->n_rules * sizeof(*nodes));
	it->rules = cvsw_alloc_sleepable(cls->n_rules * sizeof(*it->rules));
	if (!nodes || !it->rules) {
		cvsw_free_sleepable(nodes);
		cvsw_free_sleepable(it->rules);
		it->rules = NULL;
		return -ENOMEM;
	}
	for (i = 0; v && i < v->n; i++)
		for (j = 0; (c = cvsw_cls_hmap_at(&v->e[i].st->map, &j));)
			for (; c; c = c->next)
				nodes[n++] = c;
	sort_rules(nodes, n);
	for (i = 0; i < n; i++)
		it->rules[i] = nodes[i]->rule;
	cvsw_free_sleepable(nodes);
	it->n = n;
	return 0;
}

struct cvsw_flow_rule *cvsw_flow_cls_iter_next(struct flow_cls_iter *it)
{
	return it->pos < it->n ? it->rules[it->pos++] : NULL;
}

void cvsw_flow_cls_iter_end(struct flow_cls_iter *it)
{
	cvsw_free_sleepable(it->rules);
	memset(it, 0, sizeof(*it));
}
