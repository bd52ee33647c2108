// SPDX-License-Identifier: GPL-2.0
/*
 * The classifier (flowtable/classifier.h) driven by the input: a stream of
 * operations (insert, remove, replace, lookup, tun_id query), each checked
 * against the linear reference (cvsw_flow_table_build + cvsw_flow_table_lookup) and
 * what cvsw/deliver.c vni_known() answers. Lookups go through the EMC as well.
 * Deleting everything at the end must bring the memory back to its baseline.
 *
 * Input: byte 0 seeds the hash; then records, op = byte % 5:
 *   0 insert:  mask-pool index, priority (2 bytes, few values likely), key bytes
 *   1 remove:  rule index            2 replace: rule index
 *   3 lookup:  key bytes, or a rule index whose match is imposed on the key
 *   4 tun_id:  one byte of tun_id
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "flowtable/classifier.h"

#define MUST(c) do { if (!(c)) abort(); } while (0)
#define MAX_RULES 64

struct input {
	const uint8_t *p;
	size_t left;
};

static uint8_t next(struct input *in)
{
	if (!in->left)
		return 0;
	in->left--;
	return *in->p++;
}

/* A mask from a pool of field combinations, so that subtables are shared. */
static void mask_of(struct flow_key *m, uint8_t id)
{
	memset(m, 0, sizeof(*m));
	if (id & 1)
		m->tun_id = id & 8 ? 0xff : 0xffffff;
	if (id & 2)
		m->in_port = 0xffffffff;
	if (id & 4) {
		m->eth_type = 0xffff;
		m->nw_dst[0] = 0xff;
		m->nw_dst[3] = id & 16 ? 0xf0 : 0xff;
	}
	if (id & 32)
		m->eth_dst[5] = 0xff;
}

/* Small field values: keys and rules collide often. */
static void key_from(struct input *in, struct flow_key *k)
{
	uint8_t a = next(in), b = next(in);

	memset(k, 0, sizeof(*k));
	k->tun_id = a & 7;
	k->in_port = 1 + (a >> 3 & 3);
	k->eth_type = cpu_to_be16(a & 0x20 ? 0x86dd : 0x0800);
	k->nw_dst[0] = 10;
	k->nw_dst[3] = b & 0x1f;
	k->eth_dst[5] = b >> 5;
}

static void impose(struct flow_key *k, const struct cvsw_flow_rule *r)
{
	const uint8_t *m = (const uint8_t *)&r->mask, *v = (const uint8_t *)&r->key;
	uint8_t *o = (uint8_t *)k;
	size_t i;

	for (i = 0; i < sizeof(*k); i++)
		o[i] = (o[i] & ~m[i]) | v[i];
}

static bool ref_vni_known(const struct flow_table *t, uint64_t vni)
{
	uint32_t i;

	for (i = 0; t && i < t->n; i++) {
		const struct cvsw_flow_rule *r = t->rules[i];

		if (r->mask.tun_id && (vni & r->mask.tun_id) == r->key.tun_id &&
		    (!r->mask.in_port || r->key.in_port == FLOW_PORT_TUNNEL))
			return true;
	}
	return false;
}

struct state {
	struct flow_cls *cls;
	struct flow_emc *emc;
	struct cvsw_flow_rule *rules[MAX_RULES]; /* insertion order */
	uint32_t n;
};

static void check_key(struct state *s, const struct flow_key *k)
{
	struct flow_table *t = cvsw_flow_table_build(s->rules, s->n, 1);
	struct cvsw_flow_rule *want = cvsw_flow_table_lookup(t, k);

	MUST(s->n == 0 || t);
	MUST(cvsw_flow_cls_lookup(s->cls, k) == want);
	MUST(cvsw_flow_emc_cls_lookup(s->emc, s->cls, k) == want);
	MUST(cvsw_flow_emc_cls_lookup(s->emc, s->cls, k) == want);
	MUST(cvsw_flow_cls_tun_id_known(s->cls, k->tun_id) == ref_vni_known(t, k->tun_id));
	cvsw_free(t);
}

static void op_insert(struct state *s, struct input *in)
{
	struct cvsw_flow_rule *r = calloc(1, sizeof(*r));
	uint8_t m = next(in), p = next(in);
	struct flow_key k;
	uint32_t i;
	int want = 0;

	MUST(r);
	r->priority = p & 0x80 ? (uint16_t)(p << 8 | next(in)) : p & 3;
	r->actions.n = 1;
	r->actions.act[0].type = FLOW_ACT_DROP;
	mask_of(&r->mask, m);
	key_from(in, &k);
	for (i = 0; i < sizeof(k); i++)
		((uint8_t *)&r->key)[i] = ((uint8_t *)&k)[i] & ((uint8_t *)&r->mask)[i];
	if (m & 64) {	/* in_port TUNNEL: a case vni_known() looks at */
		r->mask.in_port = 0xffffffff;
		r->key.in_port = FLOW_PORT_TUNNEL;
	}
	for (i = 0; i < s->n; i++)
		if (cvsw_flow_rule_same_match(s->rules[i], r))
			want = -EEXIST;
	if (!want && s->n == MAX_RULES) {
		free(r);
		return;
	}
	MUST(cvsw_flow_cls_insert(s->cls, r) == want);
	if (want)
		free(r);
	else
		s->rules[s->n++] = r;
}

static void op_remove(struct state *s, struct input *in)
{
	uint32_t i = next(in) % s->n;
	struct cvsw_flow_rule *r = s->rules[i];

	MUST(cvsw_flow_cls_remove(s->cls, r) == 0);
	MUST(cvsw_flow_cls_remove(s->cls, r) == -ENOENT);
	memmove(&s->rules[i], &s->rules[i + 1], (s->n - i - 1) * sizeof(r));
	s->n--;
	free(r);
}

static void op_replace(struct state *s, struct input *in)
{
	uint32_t i = next(in) % s->n;
	struct cvsw_flow_rule *old = s->rules[i], *r = malloc(sizeof(*r));

	MUST(r);
	*r = *old;
	MUST(cvsw_flow_cls_replace(s->cls, old, r) == 0);
	s->rules[i] = r;
	free(old);
}

static void op_lookup(struct state *s, struct input *in)
{
	uint8_t how = next(in);
	struct flow_key k;

	key_from(in, &k);
	if (s->n && how & 1)
		impose(&k, s->rules[(how >> 1) % s->n]);
	check_key(s, &k);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	struct state s = { .cls = cvsw_flow_cls_create(next(&in)) };
	struct flow_cls_iter it;
	struct flow_key k;
	size_t base;
	uint32_t i;

	MUST(s.cls);
	s.emc = calloc(1, sizeof(*s.emc));
	MUST(s.emc);
	base = cvsw_flow_cls_memory(s.cls);
	while (in.left) {
		switch (next(&in) % 5) {
		case 0:
			op_insert(&s, &in);
			break;
		case 1:
			if (s.n)
				op_remove(&s, &in);
			break;
		case 2:
			if (s.n)
				op_replace(&s, &in);
			break;
		case 3:
			op_lookup(&s, &in);
			break;
		default:
			memset(&k, 0, sizeof(k));
			k.tun_id = next(&in);
			check_key(&s, &k);
		}
	}
	/* Dump order is the reference's order. */
	MUST(cvsw_flow_cls_count(s.cls) == s.n);
	if (!cvsw_flow_cls_iter_start(s.cls, &it)) {
		struct flow_table *t = cvsw_flow_table_build(s.rules, s.n, 1);

		for (i = 0; i < s.n; i++)
			MUST(cvsw_flow_cls_iter_next(&it) == t->rules[i]);
		MUST(!cvsw_flow_cls_iter_next(&it));
		cvsw_flow_cls_iter_end(&it);
		cvsw_free(t);
	}
	for (i = 0; i < s.n; i++) {
		MUST(cvsw_flow_cls_remove(s.cls, s.rules[i]) == 0);
		free(s.rules[i]);
	}
	MUST(cvsw_flow_cls_memory(s.cls) == base);
	cvsw_flow_cls_destroy(s.cls);
	free(s.emc);
	return 0;
}
