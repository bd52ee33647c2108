// SPDX-License-Identifier: GPL-2.0
/*
 * The tuple-space-search classifier (flowtable/classifier.h): edge cases, and
 * a differential test against the linear reference (cvsw_flow_table_build +
 * cvsw_flow_table_lookup) with random adds, deletes and replaces, including the
 * EMC front end and the tun_id index.
 */
#include <stdlib.h>

#include "check.h"
#include "flowtable/classifier.h"

static struct cvsw_flow_rule mkrule(u16 prio)
{
	struct cvsw_flow_rule r;

	memset(&r, 0, sizeof(r));
	r.priority = prio;
	r.actions.n = 1;
	r.actions.act[0].type = FLOW_ACT_DROP;
	return r;
}

/* Match IPv4 nw_dst addr/prefix. */
static void match_dst(struct cvsw_flow_rule *r, u32 addr, u32 prefix)
{
	u32 m = prefix ? ~0u << (32 - prefix) : 0;
	__be32 a = cpu_to_be32(addr & m), bm = cpu_to_be32(m);

	r->key.eth_type = cpu_to_be16(0x0800);
	r->mask.eth_type = 0xffff;
	memcpy(r->key.nw_dst, &a, 4);
	memcpy(r->mask.nw_dst, &bm, 4);
}

static void match_tun(struct cvsw_flow_rule *r, u64 tun_id, u64 mask)
{
	r->key.tun_id = tun_id & mask;
	r->mask.tun_id = mask;
}

static struct flow_key ipkey(u32 dst)
{
	struct flow_key k;
	__be32 a = cpu_to_be32(dst);

	memset(&k, 0, sizeof(k));
	k.in_port = FLOW_PORT_LOCAL;
	k.eth_type = cpu_to_be16(0x0800);
	k.ip_ver = 4;
	memcpy(k.nw_dst, &a, 4);
	return k;
}

/* What cvsw/deliver.c vni_known() answers, over the reference snapshot. */
static bool ref_vni_known(const struct flow_table *t, u64 vni)
{
	u32 i;

	for (i = 0; t && i < t->n; i++) {
		const struct cvsw_flow_rule *r = t->rules[i];

		if (r->mask.tun_id && (vni & r->mask.tun_id) == r->key.tun_id &&
		    (!r->mask.in_port || r->key.in_port == FLOW_PORT_TUNNEL))
			return true;
	}
	return false;
}

TEST(empty)
{
	struct flow_cls *cls = cvsw_flow_cls_create(1);
	struct flow_key k = ipkey(1);
	struct flow_emc *emc = calloc(1, sizeof(*emc));

	CHECK(cls != NULL);
	CHECK(cvsw_flow_cls_lookup(cls, &k) == NULL);
	CHECK(cvsw_flow_emc_cls_lookup(emc, cls, &k) == NULL);
	CHECK(cvsw_flow_emc_cls_lookup(emc, cls, &k) == NULL);
	CHECK_EQ(emc->hits, 1);
	CHECK(!cvsw_flow_cls_tun_id_known(cls, 5));
	CHECK_EQ(cvsw_flow_cls_count(cls), 0);
	cvsw_flow_cls_destroy(cls);
	free(emc);
}

TEST(priority_and_ties_across_subtables)
{
	struct flow_cls *cls = cvsw_flow_cls_create(7);
	struct cvsw_flow_rule a = mkrule(10), b = mkrule(20), c = mkrule(20), d = mkrule(5);
	struct flow_key k = ipkey(0x0a000002);

	match_dst(&a, 0x0a000002, 32);
	match_dst(&b, 0x0a000000, 8);
	match_dst(&c, 0x0a000002, 32);	/* same subtable as a, equal priority to b */
	CHECK_EQ(cvsw_flow_cls_insert(cls, &a), 0);
	CHECK_EQ(cvsw_flow_cls_insert(cls, &b), 0);
	CHECK_EQ(cvsw_flow_cls_insert(cls, &c), 0);
	CHECK_EQ(cvsw_flow_cls_insert(cls, &d), 0);	/* catch-all: empty mask */
	/* b and c tie at 20: b, in another subtable, was added first. */
	CHECK(cvsw_flow_cls_lookup(cls, &k) == &b);
	k = ipkey(0x0b000002);
	CHECK(cvsw_flow_cls_lookup(cls, &k) == &d);
	/* Without b, c (same key and mask as a, higher priority) wins. */
	CHECK_EQ(cvsw_flow_cls_remove(cls, &b), 0);
	k = ipkey(0x0a000002);
	CHECK(cvsw_flow_cls_lookup(cls, &k) == &c);
	CHECK_EQ(cvsw_flow_cls_remove(cls, &c), 0);
	CHECK(cvsw_flow_cls_lookup(cls, &k) == &a);
	cvsw_flow_cls_destroy(cls);
}

/* The older rule wins a tie whichever subtable is searched first. */
TEST(tie_order_independent_of_masks)
{
	struct flow_cls *cls = cvsw_flow_cls_create(3);
	struct cvsw_flow_rule a = mkrule(9), b = mkrule(9), c = mkrule(9);
	struct flow_key k = ipkey(0x0a010203);

	match_dst(&a, 0x0a010203, 32);
	match_dst(&b, 0x0a010200, 24);
	match_dst(&c, 0x0a000000, 8);
	CHECK_EQ(cvsw_flow_cls_insert(cls, &c), 0);
	CHECK_EQ(cvsw_flow_cls_insert(cls, &a), 0);
	CHECK_EQ(cvsw_flow_cls_insert(cls, &b), 0);
	CHECK(cvsw_flow_cls_lookup(cls, &k) == &c);
	/* Delete then re-add: c becomes the youngest. */
	CHECK_EQ(cvsw_flow_cls_remove(cls, &c), 0);
	CHECK_EQ(cvsw_flow_cls_insert(cls, &c), 0);
	CHECK(cvsw_flow_cls_lookup(cls, &k) == &a);
	CHECK_EQ(cvsw_flow_cls_remove(cls, &a), 0);
	CHECK(cvsw_flow_cls_lookup(cls, &k) == &b);
	cvsw_flow_cls_destroy(cls);
}

/* Same key and mask, several priorities: one hash entry with a list. */
TEST(same_match_list_within_subtable)
{
	struct flow_cls *cls = cvsw_flow_cls_create(3);
	struct cvsw_flow_rule r[4] = { mkrule(5), mkrule(50), mkrule(20), mkrule(35) };
	struct cvsw_flow_rule other = mkrule(100);
	struct flow_key k = ipkey(0x0a000001);
	u32 i;

	for (i = 0; i < 4; i++) {
		match_dst(&r[i], 0x0a000001, 32);
		CHECK_EQ(cvsw_flow_cls_insert(cls, &r[i]), 0);
	}
	match_dst(&other, 0x0a000002, 32);	/* same subtable, other key: never matches k */
	CHECK_EQ(cvsw_flow_cls_insert(cls, &other), 0);
	CHECK(cvsw_flow_cls_lookup(cls, &k) == &r[1]);
	CHECK_EQ(cvsw_flow_cls_remove(cls, &r[1]), 0);	/* the head */
	CHECK(cvsw_flow_cls_lookup(cls, &k) == &r[3]);
	CHECK_EQ(cvsw_flow_cls_remove(cls, &r[2]), 0);	/* mid-list */
	CHECK(cvsw_flow_cls_lookup(cls, &k) == &r[3]);
	CHECK_EQ(cvsw_flow_cls_remove(cls, &r[3]), 0);
	CHECK(cvsw_flow_cls_lookup(cls, &k) == &r[0]);
	CHECK_EQ(cvsw_flow_cls_count(cls), 2);
	cvsw_flow_cls_destroy(cls);
}

TEST(overlapping_masks)
{
	struct flow_cls *cls = cvsw_flow_cls_create(11);
	struct cvsw_flow_rule r8 = mkrule(8), r16 = mkrule(16), r24 = mkrule(24), r32 = mkrule(32);
	struct flow_key k;

	match_dst(&r8, 0x0a000000, 8);
	match_dst(&r16, 0x0a010000, 16);
	match_dst(&r24, 0x0a010200, 24);
	match_dst(&r32, 0x0a010203, 32);
	CHECK_EQ(cvsw_flow_cls_insert(cls, &r32), 0);
	CHECK_EQ(cvsw_flow_cls_insert(cls, &r8), 0);
	CHECK_EQ(cvsw_flow_cls_insert(cls, &r24), 0);
	CHECK_EQ(cvsw_flow_cls_insert(cls, &r16), 0);
	k = ipkey(0x0a010203);
	CHECK(cvsw_flow_cls_lookup(cls, &k) == &r32);
	k = ipkey(0x0a010204);
	CHECK(cvsw_flow_cls_lookup(cls, &k) == &r24);
	k = ipkey(0x0a010304);
	CHECK(cvsw_flow_cls_lookup(cls, &k) == &r16);
	k = ipkey(0x0a020304);
	CHECK(cvsw_flow_cls_lookup(cls, &k) == &r8);
	k = ipkey(0x0b020304);
	CHECK(cvsw_flow_cls_lookup(cls, &k) == NULL);
	k = ipkey(0x0a010203);
	k.eth_type = cpu_to_be16(0x86dd);
	CHECK(cvsw_flow_cls_lookup(cls, &k) == NULL);
	cvsw_flow_cls_destroy(cls);
}

TEST(eexist_enoent_einval_and_find_same)
{
	struct flow_cls *cls = cvsw_flow_cls_create(1);
	struct cvsw_flow_rule a = mkrule(10), dup = mkrule(10), lower = mkrule(9), bad = mkrule(1);

	match_dst(&a, 0x0a000000, 8);
	match_dst(&dup, 0x0a000000, 8);
	match_dst(&lower, 0x0a000000, 8);
	dup.cookie = 42;	/* actions and cookie are not part of the match */
	CHECK_EQ(cvsw_flow_cls_insert(cls, &a), 0);
	CHECK_EQ(cvsw_flow_cls_insert(cls, &dup), -EEXIST);
	CHECK_EQ(cvsw_flow_cls_insert(cls, &a), -EEXIST);
	CHECK_EQ(cvsw_flow_cls_insert(cls, &lower), 0);
	CHECK(cvsw_flow_cls_find_same(cls, &dup) == &a);
	CHECK_EQ(cvsw_flow_cls_remove(cls, &dup), -ENOENT);	/* same match, not the stored pointer */
	CHECK_EQ(cvsw_flow_cls_count(cls), 2);
	bad.key.tp_dst = 1;	/* a key bit outside the mask */
	CHECK_EQ(cvsw_flow_cls_insert(cls, &bad), -EINVAL);
	CHECK_EQ(cvsw_flow_cls_remove(cls, &a), 0);
	CHECK_EQ(cvsw_flow_cls_remove(cls, &a), -ENOENT);
	CHECK(cvsw_flow_cls_find_same(cls, &dup) == NULL);
	CHECK_EQ(cvsw_flow_cls_count(cls), 1);
	cvsw_flow_cls_destroy(cls);
}

TEST(replace_keeps_age)
{
	struct flow_cls *cls = cvsw_flow_cls_create(1);
	struct cvsw_flow_rule a = mkrule(10), b = mkrule(10), a2, hi = mkrule(11), hi2;
	struct flow_key k = ipkey(0x0a000001);

	match_dst(&a, 0x0a000000, 8);
	match_dst(&b, 0x0a000001, 32);
	match_dst(&hi, 0x0a000000, 8);
	a2 = a;
	hi2 = hi;
	CHECK_EQ(cvsw_flow_cls_insert(cls, &a), 0);
	CHECK_EQ(cvsw_flow_cls_insert(cls, &b), 0);
	CHECK_EQ(cvsw_flow_cls_replace(cls, &a, &a2), 0);
	CHECK(cvsw_flow_cls_lookup(cls, &k) == &a2);	/* still older than b */
	CHECK_EQ(cvsw_flow_cls_replace(cls, &a, &a2), -ENOENT);
	CHECK_EQ(cvsw_flow_cls_replace(cls, &a2, &b), -EINVAL);
	CHECK_EQ(cvsw_flow_cls_insert(cls, &hi), 0);	/* same key and mask as a2: list head */
	CHECK_EQ(cvsw_flow_cls_replace(cls, &a2, &a), 0);	/* a non-head list member */
	CHECK_EQ(cvsw_flow_cls_replace(cls, &hi, &hi2), 0);	/* the head */
	CHECK(cvsw_flow_cls_lookup(cls, &k) == &hi2);
	CHECK_EQ(cvsw_flow_cls_remove(cls, &hi2), 0);
	CHECK(cvsw_flow_cls_lookup(cls, &k) == &a);
	CHECK_EQ(cvsw_flow_cls_count(cls), 2);
	cvsw_flow_cls_destroy(cls);
}

TEST(memory_returns_to_baseline)
{
	enum { N = 3000 };
	struct flow_cls *cls = cvsw_flow_cls_create(5);
	struct cvsw_flow_rule *r = calloc(N, sizeof(*r));
	size_t base = cvsw_flow_cls_memory(cls), peak;
	u32 i;

	for (i = 0; i < N; i++) {
		r[i] = mkrule((u16)(i % 7));
		match_dst(&r[i], 0x0a000000 + i * 256, 16 + (i % 3) * 8);
		match_tun(&r[i], i % 50, i % 2 ? 0xffffff : 0xff);
		if (cvsw_flow_cls_insert(cls, &r[i]) == -EEXIST)
			r[i].priority = 0xffff;	/* not inserted: mark */
	}
	peak = cvsw_flow_cls_memory(cls);
	CHECK(peak > base + N * 32);
	for (i = 0; i < N; i++)
		if (r[i].priority != 0xffff)
			CHECK_EQ(cvsw_flow_cls_remove(cls, &r[i]), 0);
	CHECK_EQ(cvsw_flow_cls_count(cls), 0);
	CHECK_EQ(cvsw_flow_cls_memory(cls), base);
	CHECK(!cvsw_flow_cls_tun_id_known(cls, 1));
	cvsw_flow_cls_destroy(cls);
	free(r);
}

/* A subtable goes away with its last rule; later lookups and inserts are fine. */
TEST(last_rule_frees_subtable)
{
	struct flow_cls *cls = cvsw_flow_cls_create(5);
	struct cvsw_flow_rule a = mkrule(1), b = mkrule(2);
	struct flow_key k = ipkey(0x0a000001);
	size_t base = cvsw_flow_cls_memory(cls), with_a;

	match_dst(&a, 0x0a000000, 8);
	match_dst(&b, 0x0a000001, 32);
	CHECK_EQ(cvsw_flow_cls_insert(cls, &a), 0);
	with_a = cvsw_flow_cls_memory(cls);
	CHECK_EQ(cvsw_flow_cls_insert(cls, &b), 0);
	CHECK_EQ(cvsw_flow_cls_remove(cls, &b), 0);
	CHECK_EQ(cvsw_flow_cls_memory(cls), with_a);	/* b's subtable and node are gone */
	CHECK(cvsw_flow_cls_lookup(cls, &k) == &a);
	CHECK_EQ(cvsw_flow_cls_remove(cls, &a), 0);
	CHECK_EQ(cvsw_flow_cls_memory(cls), base);
	CHECK(cvsw_flow_cls_lookup(cls, &k) == NULL);
	CHECK_EQ(cvsw_flow_cls_insert(cls, &b), 0);
	CHECK(cvsw_flow_cls_lookup(cls, &k) == &b);
	cvsw_flow_cls_destroy(cls);
}

TEST(tun_id_index)
{
	struct flow_cls *cls = cvsw_flow_cls_create(9);
	struct cvsw_flow_rule a = mkrule(1), b = mkrule(1), c = mkrule(1), d = mkrule(1), e = mkrule(1);

	match_tun(&a, 100, 0xffffff);
	match_tun(&b, 100, 0xffffff);	/* same tun_id, other match */
	match_dst(&b, 0x0a000000, 8);
	match_tun(&c, 0x200, 0xff00);	/* a second tun_id mask */
	match_tun(&d, 300, 0xffffff);	/* excludes in_port TUNNEL: not indexed */
	d.key.in_port = FLOW_PORT_LOCAL;
	d.mask.in_port = 0xffffffff;
	match_tun(&e, 400, 0xffffff);	/* in_port TUNNEL: indexed */
	e.key.in_port = FLOW_PORT_TUNNEL;
	e.mask.in_port = 0xffffffff;
	CHECK_EQ(cvsw_flow_cls_insert(cls, &a), 0);
	CHECK_EQ(cvsw_flow_cls_insert(cls, &b), 0);
	CHECK_EQ(cvsw_flow_cls_insert(cls, &c), 0);
	CHECK_EQ(cvsw_flow_cls_insert(cls, &d), 0);
	CHECK_EQ(cvsw_flow_cls_insert(cls, &e), 0);
	CHECK(cvsw_flow_cls_tun_id_known(cls, 100));
	CHECK(cvsw_flow_cls_tun_id_known(cls, 0x1202ff));	/* & 0xff00 == 0x200 */
	CHECK(!cvsw_flow_cls_tun_id_known(cls, 0x1203ff));
	CHECK(!cvsw_flow_cls_tun_id_known(cls, 300));
	CHECK(cvsw_flow_cls_tun_id_known(cls, 400));
	CHECK(!cvsw_flow_cls_tun_id_known(cls, 101));
	CHECK_EQ(cvsw_flow_cls_remove(cls, &a), 0);
	CHECK(cvsw_flow_cls_tun_id_known(cls, 100));	/* b still has it */
	CHECK_EQ(cvsw_flow_cls_remove(cls, &b), 0);
	CHECK(!cvsw_flow_cls_tun_id_known(cls, 100));
	CHECK_EQ(cvsw_flow_cls_remove(cls, &c), 0);
	CHECK(!cvsw_flow_cls_tun_id_known(cls, 0x200));
	cvsw_flow_cls_destroy(cls);
}

TEST(iteration_order)
{
	struct flow_cls *cls = cvsw_flow_cls_create(2);
	struct cvsw_flow_rule r[6] = { mkrule(5), mkrule(9), mkrule(5), mkrule(9), mkrule(1), mkrule(5) };
	struct cvsw_flow_rule *want[6] = { &r[1], &r[3], &r[0], &r[2], &r[5], &r[4] };
	struct flow_cls_iter it;
	struct cvsw_flow_rule *x;
	static const u32 prefix[6] = { 24, 16, 8, 32, 32, 28 };
	u32 i, n = 0;

	for (i = 0; i < 6; i++) {
		match_dst(&r[i], 0x0a000000 + (i % 2) * 0x100, prefix[i]);
		CHECK_EQ(cvsw_flow_cls_insert(cls, &r[i]), 0);
	}
	CHECK_EQ(cvsw_flow_cls_iter_start(cls, &it), 0);
	while ((x = cvsw_flow_cls_iter_next(&it))) {
		CHECK(n < 6 && x == want[n]);
		n++;
	}
	CHECK_EQ(n, 6);
	cvsw_flow_cls_iter_end(&it);
	cvsw_flow_cls_destroy(cls);
}

TEST(emc_invalidation)
{
	struct flow_cls *cls = cvsw_flow_cls_create(4);
	struct flow_emc *emc = calloc(1, sizeof(*emc));
	struct cvsw_flow_rule hi = mkrule(0x300), lo = mkrule(0x100), mid = mkrule(0x100), top = mkrule(0x400);
	struct flow_key k1 = ipkey(0x0a000001), k2 = ipkey(0x0b000001);
	u64 h;

	match_dst(&hi, 0x0a000000, 8);
	match_dst(&lo, 0x0b000000, 8);
	match_dst(&mid, 0x0a000001, 32);
	match_dst(&top, 0x0b000001, 32);
	CHECK_EQ(cvsw_flow_cls_insert(cls, &hi), 0);
	CHECK_EQ(cvsw_flow_cls_insert(cls, &lo), 0);
	CHECK(cvsw_flow_emc_cls_lookup(emc, cls, &k1) == &hi);
	CHECK(cvsw_flow_emc_cls_lookup(emc, cls, &k2) == &lo);
	h = emc->hits;
	/* A lower-band insert keeps k1's entry (0x300 beats it) and drops k2's. */
	CHECK_EQ(cvsw_flow_cls_insert(cls, &mid), 0);
	CHECK(cvsw_flow_emc_cls_lookup(emc, cls, &k1) == &hi);
	CHECK_EQ(emc->hits, h + 1);
	CHECK(cvsw_flow_emc_cls_lookup(emc, cls, &k2) == &lo);
	CHECK_EQ(emc->hits, h + 1);
	/* Removing lo kills only its entry. */
	CHECK(cvsw_flow_emc_cls_lookup(emc, cls, &k2) == &lo);
	h = emc->hits;
	CHECK_EQ(cvsw_flow_cls_remove(cls, &lo), 0);
	CHECK(cvsw_flow_emc_cls_lookup(emc, cls, &k1) == &hi);
	CHECK_EQ(emc->hits, h + 1);
	CHECK(cvsw_flow_emc_cls_lookup(emc, cls, &k2) == NULL);
	CHECK_EQ(emc->hits, h + 1);
	/* A higher insert that matches k2 replaces the negative entry. */
	CHECK_EQ(cvsw_flow_cls_insert(cls, &top), 0);
	CHECK(cvsw_flow_emc_cls_lookup(emc, cls, &k2) == &top);
	cvsw_flow_cls_destroy(cls);
	free(emc);
}

/*
 * Swapping classifiers in front of one EMC (cvsw.ko's replace and flush):
 * stamps of two classifiers collide (both start at 1), so without the fence
 * B would serve A's entry, a rule of the old set.
 */
TEST(emc_fence_across_classifiers)
{
	struct flow_cls *a = cvsw_flow_cls_create(4), *b = cvsw_flow_cls_create(4);
	struct flow_emc *emc = calloc(1, sizeof(*emc));
	struct cvsw_flow_rule ra = mkrule(0x100), rb = mkrule(0x100);
	struct flow_key k1 = ipkey(0x0a000001), k2 = ipkey(0x0b000001);
	u64 h, m;

	match_dst(&ra, 0x0a000000, 8);
	match_dst(&rb, 0x0a000000, 8);
	CHECK_EQ(cvsw_flow_cls_insert(a, &ra), 0);
	CHECK_EQ(cvsw_flow_cls_insert(b, &rb), 0);
	CHECK(cvsw_flow_emc_cls_lookup(emc, a, &k1) == &ra);
	CHECK(cvsw_flow_emc_cls_lookup(emc, a, &k2) == NULL);
	cvsw_flow_cls_emc_fence(b, a);
	h = emc->hits;
	m = emc->misses;
	CHECK(cvsw_flow_emc_cls_lookup(emc, b, &k1) == &rb);
	CHECK(cvsw_flow_emc_cls_lookup(emc, b, &k2) == NULL);
	CHECK_EQ(emc->hits, h);
	CHECK_EQ(emc->misses, m + 2);
	/* Entries filled from b are used again. */
	CHECK(cvsw_flow_emc_cls_lookup(emc, b, &k1) == &rb);
	CHECK_EQ(emc->hits, h + 1);
	/* The fence leaves lookups and later inserts alone. */
	CHECK(cvsw_flow_cls_lookup(b, &k1) == &rb);
	CHECK_EQ(cvsw_flow_cls_remove(b, &rb), 0);
	CHECK(cvsw_flow_emc_cls_lookup(emc, b, &k1) == NULL);
	cvsw_flow_cls_destroy(a);
	cvsw_flow_cls_destroy(b);
	free(emc);
}

/* Non-strict deletion's test (ovs-ofctl del-flows): the rule at least as specific. */
TEST(match_covers)
{
	struct cvsw_flow_rule r = mkrule(7), q = mkrule(9);
	struct flow_key zero;

	memset(&zero, 0, sizeof(zero));
	match_dst(&r, 0x0a000100, 24);
	r.key.tun_id = 5;
	r.mask.tun_id = ~0ull;
	CHECK(cvsw_flow_match_covers(&zero, &zero, &r));		/* empty match: all */
	match_dst(&q, 0x0a000000, 8);
	CHECK(cvsw_flow_match_covers(&q.key, &q.mask, &r));		/* /8 covers a /24 inside */
	match_dst(&q, 0x0b000000, 8);
	CHECK(!cvsw_flow_match_covers(&q.key, &q.mask, &r));	/* disjoint */
	match_dst(&q, 0x0a000101, 32);
	CHECK(!cvsw_flow_match_covers(&q.key, &q.mask, &r));	/* more specific than r */
	match_dst(&q, 0x0a000100, 24);
	q.key.tun_id = 5;
	q.mask.tun_id = ~0ull;
	CHECK(cvsw_flow_match_covers(&q.key, &q.mask, &r));		/* equal match, other priority */
	q.key.tun_id = 6;
	CHECK(!cvsw_flow_match_covers(&q.key, &q.mask, &r));
}

/* ---- differential test against the linear reference ---------------------- */

static u32 rnd_state = 12345;

static u32 rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

/* Field masks combined into a small pool of rule masks. */
static void mask_of(struct flow_key *m, u32 id)
{
	static const u32 prefixes[] = { 8, 16, 24, 32 };

	memset(m, 0, sizeof(*m));
	if (id & 1)
		m->tun_id = id & 8 ? 0xff : 0xffffff;
	if (id & 2)
		m->in_port = 0xffffffff;
	if (id & 4) {
		u32 p = prefixes[(id >> 4) & 3];
		__be32 b = cpu_to_be32(~0u << (32 - p));

		m->eth_type = 0xffff;
		memcpy(m->nw_dst, &b, 4);
	}
	if (id & 64)
		memset(m->eth_dst, 0xff, 6);
	if (id & 128)
		m->tp_dst = 0xffff;
}

/* A key with small field values, so that rules and keys collide often. */
static void random_key(struct flow_key *k)
{
	__be32 a = cpu_to_be32(0x0a000000 | (rnd() % 6) << 16 | (rnd() % 6) << 8 | rnd() % 6);

	memset(k, 0, sizeof(*k));
	k->tun_id = rnd() % 24 | (rnd() % 4 ? 0 : (u64)(rnd() % 3) << 8);
	k->in_port = 1 + rnd() % 3;
	k->eth_dst[5] = rnd() % 6;
	k->eth_type = cpu_to_be16(rnd() % 8 ? 0x0800 : 0x86dd);
	memcpy(k->nw_dst, &a, 4);
	k->tp_dst = cpu_to_be16(rnd() % 8);
}

static void masked(struct flow_key *out, const struct flow_key *k, const struct flow_key *m)
{
	const u8 *a = (const u8 *)k, *b = (const u8 *)m;
	u8 *o = (u8 *)out;
	u32 i;

	for (i = 0; i < sizeof(*k); i++)
		o[i] = a[i] & b[i];
}

/* k with r's match imposed: r matches it. */
static void impose(struct flow_key *k, const struct cvsw_flow_rule *r)
{
	const u8 *m = (const u8 *)&r->mask, *v = (const u8 *)&r->key;
	u8 *o = (u8 *)k;
	u32 i;

	for (i = 0; i < sizeof(*k); i++)
		o[i] = (o[i] & ~m[i]) | v[i];
}

#define DIFF_MAX 160

struct diff_state {
	struct flow_cls *cls;
	struct flow_emc *emc;
	struct cvsw_flow_rule *rules[DIFF_MAX]; /* insertion order, as the reference wants */
	u32 n;
	u32 mismatches;
	u32 keys, hits;         /* keys checked, and how many some rule matched */
	struct flow_key sticky[16]; /* checked every time: their EMC entries see many changes */
};

static void diff_check_key(struct diff_state *s, const struct flow_table *t,
			   const struct flow_key *k)
{
	struct cvsw_flow_rule *want = cvsw_flow_table_lookup(t, k);

	s->keys++;
	s->hits += want != NULL;

	if (cvsw_flow_cls_lookup(s->cls, k) != want || cvsw_flow_emc_cls_lookup(s->emc, s->cls, k) != want ||
	    cvsw_flow_cls_tun_id_known(s->cls, k->tun_id) != ref_vni_known(t, k->tun_id))
		s->mismatches++;
}

static void diff_check(struct diff_state *s, u32 nkeys)
{
	struct flow_table *t = cvsw_flow_table_build(s->rules, s->n, 1);
	struct flow_cls_iter it;
	struct flow_key k;
	u32 i;

	for (i = 0; i < nkeys; i++) {
		random_key(&k);
		if (s->n && i % 2) {
			/* A key built from a rule: a hit unless a better rule wins. */
			impose(&k, s->rules[rnd() % s->n]);
		}
		diff_check_key(s, t, &k);
		diff_check_key(s, t, &k);	/* again: from the EMC this time */
	}
	for (i = 0; i < ARRAY_SIZE(s->sticky); i++)
		diff_check_key(s, t, &s->sticky[i]);
	if (s->n)
		impose(&s->sticky[rnd() % ARRAY_SIZE(s->sticky)], s->rules[rnd() % s->n]);
	if (cvsw_flow_cls_count(s->cls) != s->n)
		s->mismatches++;
	if (!cvsw_flow_cls_iter_start(s->cls, &it)) {
		for (i = 0; i < s->n; i++)
			if (cvsw_flow_cls_iter_next(&it) != (t ? t->rules[i] : NULL))
				s->mismatches++;
		if (cvsw_flow_cls_iter_next(&it))
			s->mismatches++;
		cvsw_flow_cls_iter_end(&it);
	}
	cvsw_free(t);
}

static struct cvsw_flow_rule *random_rule(void)
{
	static const u32 pool[] = { 1, 5, 4 | 16, 4 | 32, 4 | 48, 1 | 64, 2 | 5, 9, 128 | 4 | 48,
				    1 | 2, 2 | 128, 2 | 1 | 128 };
	struct cvsw_flow_rule *r = malloc(sizeof(*r));
	struct flow_key k;

	*r = mkrule((u16)(rnd() % 4 ? rnd() % 4 : rnd()));
	/* Now and then a catch-all (empty mask): it would hide every miss. */
	mask_of(&r->mask, rnd() % 64 ? pool[rnd() % ARRAY_SIZE(pool)] : 0);
	random_key(&k);
	masked(&r->key, &k, &r->mask);
	return r;
}

static void diff_step(struct diff_state *s)
{
	u32 op = rnd() % 10, i;
	struct cvsw_flow_rule *r;

	if (s->n && (op < 3 || s->n == DIFF_MAX)) {
		i = rnd() % s->n;
		r = s->rules[i];
		if (cvsw_flow_cls_remove(s->cls, r))
			s->mismatches++;
		memmove(&s->rules[i], &s->rules[i + 1], (s->n - i - 1) * sizeof(r));
		s->n--;
		free(r);
	} else if (s->n && op == 3) {
		struct cvsw_flow_rule *old;

		i = rnd() % s->n;
		old = s->rules[i];
		r = malloc(sizeof(*r));
		*r = *old;
		r->cookie = rnd();
		if (cvsw_flow_cls_replace(s->cls, old, r))
			s->mismatches++;
		s->rules[i] = r;	/* same place: same age */
		free(old);
	} else {
		int want = -EEXIST;

		r = random_rule();
		for (i = 0; i < s->n; i++)
			if (cvsw_flow_rule_same_match(s->rules[i], r))
				break;
		if (i == s->n) {
			want = 0;
			s->rules[s->n++] = r;
		}
		if (cvsw_flow_cls_insert(s->cls, r) != want)
			s->mismatches++;
		if (want)
			free(r);
	}
}

TEST(differential_vs_linear)
{
	u32 round, step, checks = 0, mism = 0, keys = 0, hits = 0;

	for (round = 0; round < 60; round++) {
		struct diff_state s = { .cls = cvsw_flow_cls_create(round), .emc = calloc(1, sizeof(*s.emc)) };
		size_t base = cvsw_flow_cls_memory(s.cls);

		for (step = 0; step < 400; step++) {
			diff_step(&s);
			if (step % 4 == 0) {
				diff_check(&s, 24);
				checks++;
			}
		}
		while (s.n) {
			cvsw_flow_cls_remove(s.cls, s.rules[--s.n]);
			free(s.rules[s.n]);
		}
		diff_check(&s, 8);
		if (cvsw_flow_cls_memory(s.cls) != base)
			s.mismatches++;
		mism += s.mismatches;
		keys += s.keys;
		hits += s.hits;
		cvsw_flow_cls_destroy(s.cls);
		free(s.emc);
	}
	CHECK_EQ(mism, 0);
	CHECK(checks >= 6000);
	CHECK(hits > keys / 3 && hits < keys - keys / 10);	/* both outcomes common */
	printf("  differential: %u checks, %u keys, %u%% hits\n", checks, keys, hits * 100 / keys);
}

int main(void)
{
	return RUN_TESTS();
}
