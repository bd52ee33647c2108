// SPDX-License-Identifier: GPL-2.0
/* Classifier order, masks, the exact-match cache and cvsw_flow_rule_validate(). */
#include "check.h"
#include "flowtable/flow.h"

static struct cvsw_flow_rule mkrule(u16 prio)
{
	struct cvsw_flow_rule r;

	memset(&r, 0, sizeof(r));
	r.priority = prio;
	r.actions.n = 1;
	r.actions.act[0].type = FLOW_ACT_DROP;
	return r;
}

/* Match IPv4 nw_dst a.b.c.d/prefix. */
static void match_dst(struct cvsw_flow_rule *r, u32 addr, u32 prefix)
{
	u32 m = prefix ? ~0u << (32 - prefix) : 0;
	__be32 a = cpu_to_be32(addr & m), bm = cpu_to_be32(m);

	r->key.eth_type = cpu_to_be16(0x0800);
	r->mask.eth_type = 0xffff;
	memcpy(r->key.nw_dst, &a, 4);
	memcpy(r->mask.nw_dst, &bm, 4);
}

static struct flow_key ipkey(u32 dst, u16 dport)
{
	struct flow_key k;
	__be32 a = cpu_to_be32(dst);

	memset(&k, 0, sizeof(k));
	k.in_port = FLOW_PORT_LOCAL;
	k.eth_type = cpu_to_be16(0x0800);
	k.ip_ver = 4;
	k.nw_proto = 6;
	memcpy(k.nw_dst, &a, 4);
	k.tp_dst = cpu_to_be16(dport);
	return k;
}

TEST(priority_order_and_ties)
{
	struct cvsw_flow_rule a = mkrule(10), b = mkrule(20), c = mkrule(20), d = mkrule(5);
	struct cvsw_flow_rule *in[] = { &a, &b, &c, &d };
	struct flow_table *t;
	struct flow_key k = ipkey(0x0a000002, 80);

	match_dst(&a, 0x0a000002, 32);
	match_dst(&b, 0x0a000000, 8);
	match_dst(&c, 0x0a000002, 32);
	/* d matches everything */
	t = cvsw_flow_table_build(in, 4, 1);
	CHECK(t != NULL);
	CHECK_EQ(t->n, 4);
	CHECK_EQ(t->generation, 1);
	CHECK(t->rules[0] == &b && t->rules[1] == &c && t->rules[2] == &a && t->rules[3] == &d);
	/* b and c tie at 20: b was added first. */
	CHECK(cvsw_flow_table_lookup(t, &k) == &b);
	/* Outside 10/8: only the catch-all. */
	k = ipkey(0x0b000002, 80);
	CHECK(cvsw_flow_table_lookup(t, &k) == &d);
	cvsw_free(t);
}

TEST(stable_sort_many)
{
	enum { N = 300 };
	static struct cvsw_flow_rule r[N];
	struct cvsw_flow_rule *in[N];
	struct flow_table *t;
	u32 i, bad = 0;

	for (i = 0; i < N; i++) {
		r[i] = mkrule((u16)((i * 7) % 5));
		r[i].cookie = i;
		in[i] = &r[i];
	}
	t = cvsw_flow_table_build(in, N, 9);
	CHECK(t != NULL);
	for (i = 1; i < N; i++) {
		const struct cvsw_flow_rule *p = t->rules[i - 1], *q = t->rules[i];

		if (p->priority < q->priority ||
		    (p->priority == q->priority && p->cookie > q->cookie))
			bad++;
	}
	CHECK_EQ(bad, 0);
	CHECK_EQ(t->rules[0]->priority, 4);
	CHECK_EQ(t->rules[N - 1]->priority, 0);
	cvsw_free(t);
}

TEST(empty_and_null_tables)
{
	struct flow_table *t = cvsw_flow_table_build(NULL, 0, 3);
	struct flow_key k = ipkey(1, 1);

	CHECK(t != NULL);
	CHECK(cvsw_flow_table_lookup(t, &k) == NULL);
	CHECK(cvsw_flow_table_lookup(NULL, &k) == NULL);
	cvsw_free(t);
}

TEST(prefix_masks)
{
	struct cvsw_flow_rule r = mkrule(1);
	struct flow_key k;

	match_dst(&r, 0x0a0a0000, 23);
	k = ipkey(0x0a0a01ff, 1);
	CHECK(cvsw_flow_rule_matches(&r, &k));
	k = ipkey(0x0a0a0200, 1);
	CHECK(!cvsw_flow_rule_matches(&r, &k));
	k = ipkey(0x0a0a0000, 1);
	k.eth_type = cpu_to_be16(0x86dd);
	CHECK(!cvsw_flow_rule_matches(&r, &k));
	/* /0 matches any address but still needs IPv4. */
	match_dst(&r, 0, 0);
	k = ipkey(0xffffffff, 1);
	CHECK(cvsw_flow_rule_matches(&r, &k));
}

TEST(port_and_vlan_masks)
{
	struct cvsw_flow_rule r = mkrule(1);
	struct flow_key k = ipkey(1, 0x1234);

	r.key.tp_dst = cpu_to_be16(0x1000);
	r.mask.tp_dst = cpu_to_be16(0xf000);
	CHECK(cvsw_flow_rule_matches(&r, &k));
	k.tp_dst = cpu_to_be16(0x2000);
	CHECK(!cvsw_flow_rule_matches(&r, &k));
	memset(&r.key, 0, sizeof(r.key));
	memset(&r.mask, 0, sizeof(r.mask));
	r.key.vlan_tci = 0x1000 | 7;
	r.mask.vlan_tci = 0x1fff;
	k.vlan_tci = 0xe000 | 0x1000 | 7;
	CHECK(cvsw_flow_rule_matches(&r, &k));
	k.vlan_tci = 7; /* untagged frames never have 0x1000 */
	CHECK(!cvsw_flow_rule_matches(&r, &k));
}

TEST(same_match)
{
	struct cvsw_flow_rule a = mkrule(5), b = mkrule(5);

	match_dst(&a, 0x0a000001, 32);
	match_dst(&b, 0x0a000001, 32);
	b.actions.act[0].type = FLOW_ACT_OUTPUT;
	b.cookie = 99;
	CHECK(cvsw_flow_rule_same_match(&a, &b));
	b.priority = 6;
	CHECK(!cvsw_flow_rule_same_match(&a, &b));
	b.priority = 5;
	match_dst(&b, 0x0a000001, 31);
	CHECK(!cvsw_flow_rule_same_match(&a, &b));
}

TEST(emc_hit_after_miss_and_generation)
{
	static struct flow_emc emc;
	struct cvsw_flow_rule a = mkrule(10), b = mkrule(20);
	struct cvsw_flow_rule *in1[] = { &a }, *in2[] = { &a, &b };
	struct flow_table *t1, *t2;
	struct flow_key k = ipkey(0x0a000002, 80), other = ipkey(0x0b000001, 80);

	match_dst(&a, 0x0a000000, 8);
	match_dst(&b, 0x0a000002, 32);
	t1 = cvsw_flow_table_build(in1, 1, 1);
	t2 = cvsw_flow_table_build(in2, 2, 2);
	CHECK(cvsw_flow_key_hash(&k, 0) != 0);
	CHECK(cvsw_flow_key_hash(&k, 0) != cvsw_flow_key_hash(&other, 0));
	CHECK(cvsw_flow_key_hash(&k, 0) != cvsw_flow_key_hash(&k, 1));

	CHECK(cvsw_flow_emc_lookup(&emc, t1, &k, 0) == &a);
	CHECK_EQ(emc.misses, 1);
	CHECK_EQ(emc.hits, 0);
	CHECK(cvsw_flow_emc_lookup(&emc, t1, &k, 0) == &a);
	CHECK_EQ(emc.hits, 1);
	/* Negative results are cached too. */
	CHECK(cvsw_flow_emc_lookup(&emc, t1, &other, 0) == NULL);
	CHECK(cvsw_flow_emc_lookup(&emc, t1, &other, 0) == NULL);
	CHECK_EQ(emc.hits, 2);
	CHECK_EQ(emc.misses, 2);
	/* A new generation: stale entry is a miss and sees the new rule. */
	CHECK(cvsw_flow_emc_lookup(&emc, t2, &k, 0) == &b);
	CHECK_EQ(emc.misses, 3);
	CHECK(cvsw_flow_emc_lookup(&emc, t2, &k, 0) == &b);
	CHECK_EQ(emc.hits, 3);
	/* No table published yet: no rule, and nothing cached. */
	CHECK(cvsw_flow_emc_lookup(&emc, NULL, &k, 0) == NULL);
	cvsw_free(t1);
	cvsw_free(t2);
}

TEST(emc_agrees_with_lookup)
{
	static struct flow_emc emc;
	struct cvsw_flow_rule r[8];
	struct cvsw_flow_rule *in[8];
	struct flow_table *t;
	u32 i, bad = 0;

	for (i = 0; i < 8; i++) {
		r[i] = mkrule((u16)(i * 3 % 8));
		match_dst(&r[i], 0x0a000000 + (i << 4), 28);
		in[i] = &r[i];
	}
	t = cvsw_flow_table_build(in, 8, 77);
	for (i = 0; i < 20000; i++) {
		struct flow_key k = ipkey(0x0a000000 + (i * 2654435761u) % 160, (u16)(i % 7));

		bad += cvsw_flow_emc_lookup(&emc, t, &k, 0x5eed) != cvsw_flow_table_lookup(t, &k);
	}
	CHECK_EQ(bad, 0);
	CHECK_EQ(emc.hits + emc.misses, 20000);
	CHECK(emc.hits > emc.misses); /* only 160 * 7 distinct keys */
	cvsw_free(t);
}

static struct cvsw_flow_rule good_encap_rule(void)
{
	struct cvsw_flow_rule r = mkrule(1);

	r.actions.n = 2;
	r.actions.act[0].type = FLOW_ACT_ENCAP;
	r.actions.act[1].type = FLOW_ACT_OUTPUT;
	r.actions.act[1].arg = FLOW_PORT_LOWER;
	r.actions.encap.type = FLOW_ENCAP_GENEVE;
	r.actions.encap.family = 4;
	r.actions.encap.vni = 0xffffff;
	r.actions.encap.remote[0] = 192;
	r.actions.encap.remote[3] = 2;
	r.actions.encap.opts_len = 8;
	r.actions.encap.opts[1] = 1;
	r.actions.encap.opts[3] = 1;
	return r;
}

#define REJECT(r, msg)                                                      \
	do {                                                                \
		const char *_why = NULL;                                    \
		CHECK_EQ(cvsw_flow_rule_validate(&(r), &_why), -EINVAL);         \
		CHECK_STR(_why, msg);                                       \
	} while (0)

TEST(validate_accepts_good)
{
	struct cvsw_flow_rule r = good_encap_rule(), d = mkrule(0);
	const char *why = "untouched";

	CHECK_EQ(cvsw_flow_rule_validate(&r, &why), 0);
	match_dst(&d, 0x0a000000, 8);
	CHECK_EQ(cvsw_flow_rule_validate(&d, &why), 0);
	r.actions.encap.type = FLOW_ENCAP_STT;
	r.actions.encap.vni = 0xffffffff;
	r.actions.encap.opts_len = 0;
	memset(r.actions.encap.opts, 0, sizeof(r.actions.encap.opts));
	CHECK_EQ(cvsw_flow_rule_validate(&r, &why), 0);
	CHECK_STR(why, "untouched");
}

TEST(validate_rejects_every_bad_case)
{
	struct cvsw_flow_rule r;

	r = mkrule(1);
	match_dst(&r, 0x0a000000, 8);
	r.key.nw_dst[3] = 1;
	REJECT(r, "key has bits outside its mask");
	r = mkrule(1);
	r.mask.ip_ver = 0xff;
	REJECT(r, "mask covers ip_ver or padding");
	r = mkrule(1);
	r.mask.pad2 = 1;
	REJECT(r, "mask covers ip_ver or padding");
	r = mkrule(1);
	r.mask.nw_proto = 0xf0;
	REJECT(r, "partial mask on an exact-match field");
	r = mkrule(1);
	r.mask.in_port = 1;
	REJECT(r, "partial mask on an exact-match field");
	r = mkrule(1);
	r.actions.n = 0;
	REJECT(r, "no actions (use drop)");
	r = mkrule(1);
	r.actions.n = FLOW_MAX_ACTIONS + 1;
	REJECT(r, "too many actions");
	r = mkrule(1);
	r.actions.act[0].type = 0;
	REJECT(r, "unknown action type");
	r = mkrule(1);
	r.actions.act[0].type = 42;
	REJECT(r, "unknown action type");
	r = mkrule(1);
	r.actions.act[0].type = FLOW_ACT_OUTPUT;
	r.actions.act[0].arg = FLOW_PORT_TUNNEL;
	REJECT(r, "output: port must be lower or local");
	r.actions.act[0].arg = 0;
	REJECT(r, "output: port must be lower or local");
	r = mkrule(1);
	r.actions.act[0].type = FLOW_ACT_SET_VLAN;
	r.actions.act[0].arg = 4096;
	REJECT(r, "mod_vlan_vid: VLAN id above 4095");
	r = mkrule(1);
	r.actions.act[0].arg = 1;
	REJECT(r, "argument on an action that takes none");
	r = mkrule(1);
	r.actions.n = 2;
	r.actions.act[1].type = FLOW_ACT_OUTPUT;
	r.actions.act[1].arg = FLOW_PORT_LOCAL;
	REJECT(r, "drop must be the only action");
	r = mkrule(1);
	r.actions.encap.vni = 5;
	REJECT(r, "encap parameters without an encap action");

	r = good_encap_rule();
	r.actions.act[1].type = FLOW_ACT_ENCAP;
	r.actions.act[1].arg = 0;
	REJECT(r, "more than one encap action");
	r = good_encap_rule();
	r.actions.encap.type = 0;
	REJECT(r, "encap: unknown tunnel type");
	r.actions.encap.type = FLOW_ENCAP_MAX;
	REJECT(r, "encap: unknown tunnel type");
	r = good_encap_rule();
	r.actions.encap.family = 5;
	REJECT(r, "encap: address family must be 4 or 6");
	r = good_encap_rule();
	memset(r.actions.encap.remote, 0, 16);
	REJECT(r, "encap: remote address is required");
	r = good_encap_rule();
	r.actions.encap.local[4] = 1;
	REJECT(r, "encap: IPv4 address with bytes beyond the 4th");
	r = good_encap_rule();
	r.actions.encap.vni = 0x1000000;
	REJECT(r, "encap: vni does not fit in 24 bits");
	r = good_encap_rule();
	r.actions.encap.flowid = 1;
	REJECT(r, "encap: flowid is only for nvgre");
	r = good_encap_rule();
	r.actions.encap.type = FLOW_ENCAP_SCLP_VXLAN;
	REJECT(r, "encap: options are only for geneve tunnels");
	r = good_encap_rule();
	r.actions.encap.opts_len = 40;
	REJECT(r, "encap: options too long");
	r = good_encap_rule();
	r.actions.encap.opts_len = 6;
	REJECT(r, "encap: malformed Geneve option TLVs");
	r = good_encap_rule();
	r.actions.encap.opts[3] = 2; /* claims 8 data bytes, has 4 */
	REJECT(r, "encap: malformed Geneve option TLVs");
	r = good_encap_rule();
	r.actions.encap.opts[20] = 1; /* junk after opts_len */
	REJECT(r, "encap: malformed Geneve option TLVs");
}

int main(void)
{
	return RUN_TESTS();
}
