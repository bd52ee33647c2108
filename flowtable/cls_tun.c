// SPDX-License-Identifier: GPL-2.0
/*
 * The classifier's tun_id index, for cvsw_flow_cls_tun_id_known(): the rules that
 * match tun_id (non-zero tun_id mask) and do not exclude in_port TUNNEL,
 * grouped by tun_id mask; per group a hash set of key.tun_id values with a
 * count of rules. A query probes one set per distinct tun_id mask.
 * Same reader rules as the subtables: groups and values are published before
 * readers can reach them and freed after a grace period.
 */
#include "cls_priv.h"

struct cls_tun_val {
	struct cvsw_rcu_head rcu;
	u64 tun_id;
	u32 refs;               /* writer only */
};

struct cls_tun_group {
	struct cvsw_rcu_head rcu;
	u64 mask;
	u32 refs;               /* writer only: rules in the group */
	struct cls_hmap map;    /* of struct cls_tun_val */
};

/* Immutable once published, like struct cls_vec. */
struct cls_tun_vec {
	struct cvsw_rcu_head rcu;
	u32 n;
	struct cls_tun_group *g[];
};

/* The rules cvsw/deliver.c vni_known() looks at. */
static bool tun_indexed(const struct cvsw_flow_rule *r)
{
	return r->mask.tun_id && (!r->mask.in_port || r->key.in_port == FLOW_PORT_TUNNEL);
}

static u32 tun_hash(u64 tun_id, u32 seed)
{
	return cls_hash_finish(cls_hash_mix(seed, tun_id));
}

static struct cls_tun_val *group_find(const struct cls_tun_group *g, u64 tun_id, u32 seed)
{
	struct cls_hmap_pos pos;
	struct cls_tun_val *v;

	for (v = cvsw_cls_hmap_first(&g->map, tun_hash(tun_id, seed), &pos); v;
	     v = cvsw_cls_hmap_next(&pos))
		if (v->tun_id == tun_id)
			return v;
	return NULL;
}

bool cvsw_flow_cls_tun_id_known(const struct flow_cls *cls, u64 tun_id)
{
	const struct cls_tun_vec *tv = cvsw_rcu_deref(cls->tun);
	u32 i;

	for (i = 0; tv && i < tv->n; i++)
		if (group_find(tv->g[i], tun_id & tv->g[i]->mask, cls->seed))
			return true;
	return false;
}

static size_t tun_vec_size(u32 n)
{
	return sizeof(struct cls_tun_vec) + (size_t)n * sizeof(struct cls_tun_group *);
}

static struct cls_tun_group *group_of(const struct flow_cls *cls, u64 mask)
{
	const struct cls_tun_vec *tv = cvsw_rcu_deref(cls->tun);
	u32 i;

	for (i = 0; tv && i < tv->n; i++)
		if (tv->g[i]->mask == mask)
			return tv->g[i];
	return NULL;
}

static void group_free(struct flow_cls *cls, struct cls_tun_group *g)
{
	cvsw_cls_hmap_destroy(&g->map, &cls->mem);
	cls->mem -= sizeof(*g);
	cvsw_free_deferred(g, rcu);
}

/*
 * Publish the groups that still have rules, plus add (may be NULL); free the
 * others. An empty group left behind on ENOMEM answers false: harmless.
 */
static int tun_vec_publish(struct flow_cls *cls, struct cls_tun_group *add)
{
	struct cls_tun_vec *old = cvsw_rcu_deref(cls->tun), *nv = NULL;
	u32 i, n = add ? 1 : 0;

	for (i = 0; old && i < old->n; i++)
		n += old->g[i]->refs ? 1 : 0;
	if (n) {
		nv = cvsw_alloc_sleepable(tun_vec_size(n));
		if (!nv)
			return -ENOMEM;
		cls->mem += tun_vec_size(n);
	}
	for (i = 0; old && i < old->n; i++) {
		if (old->g[i]->refs)
			nv->g[nv->n++] = old->g[i];
		else
			group_free(cls, old->g[i]);
	}
	if (add)
		nv->g[nv->n++] = add;
	cvsw_rcu_assign(cls->tun, nv);
	if (old) {
		cls->mem -= tun_vec_size(old->n);
		cvsw_free_deferred(old, rcu);
	}
	return 0;
}

static struct cls_tun_group *group_new(struct flow_cls *cls, u64 mask)
{
	struct cls_tun_group *g = cvsw_alloc_sleepable(sizeof(*g));

	if (!g)
		return NULL;
	if (cvsw_cls_hmap_init(&g->map, &cls->mem)) {
		cvsw_free_sleepable(g);
		return NULL;
	}
	g->mask = mask;
	cls->mem += sizeof(*g);
	return g;
}

/* Add the value to g (a new group is not published yet). */
static int group_add(struct flow_cls *cls, struct cls_tun_group *g, u64 tun_id)
{
	struct cls_tun_val *v = group_find(g, tun_id, cls->seed);

	if (!v) {
		v = cvsw_alloc_sleepable(sizeof(*v));
		if (!v)
			return -ENOMEM;
		v->tun_id = tun_id;
		if (cvsw_cls_hmap_insert(&g->map, tun_hash(tun_id, cls->seed), v, &cls->mem)) {
			cvsw_free_sleepable(v);
			return -ENOMEM;
		}
		cls->mem += sizeof(*v);
	}
	v->refs++;
	g->refs++;
	return 0;
}

static void group_del(struct flow_cls *cls, struct cls_tun_group *g, u64 tun_id)
{
	struct cls_tun_val *v = group_find(g, tun_id, cls->seed);

	g->refs--;
	if (--v->refs)
		return;
	cvsw_cls_hmap_remove(&g->map, tun_hash(tun_id, cls->seed), v, &cls->mem);
	cls->mem -= sizeof(*v);
	cvsw_free_deferred(v, rcu);
}

int cvsw_cls_tun_add(struct flow_cls *cls, const struct cvsw_flow_rule *r)
{
	struct cls_tun_group *g;

	if (!tun_indexed(r))
		return 0;
	g = group_of(cls, r->mask.tun_id);
	if (g)
		return group_add(cls, g, r->key.tun_id);
	g = group_new(cls, r->mask.tun_id);
	if (!g)
		return -ENOMEM;
	if (group_add(cls, g, r->key.tun_id)) {
		group_free(cls, g);
		return -ENOMEM;
	}
	if (tun_vec_publish(cls, g)) {
		group_del(cls, g, r->key.tun_id);
		group_free(cls, g);
		return -ENOMEM;
	}
	return 0;
}

void cvsw_cls_tun_del(struct flow_cls *cls, const struct cvsw_flow_rule *r)
{
	struct cls_tun_group *g;

	if (!tun_indexed(r))
		return;
	g = group_of(cls, r->mask.tun_id);
	group_del(cls, g, r->key.tun_id);
	if (!g->refs)
		tun_vec_publish(cls, NULL);	/* on ENOMEM the empty group stays */
}

void cvsw_cls_tun_destroy(struct flow_cls *cls)
{
	struct cls_tun_vec *tv = cvsw_rcu_deref(cls->tun);
	struct cls_tun_val *v;
	u32 i, j;

	if (!tv)
		return;
	cvsw_rcu_assign(cls->tun, NULL);
	for (i = 0; i < tv->n; i++) {
		for (j = 0; (v = cvsw_cls_hmap_at(&tv->g[i]->map, &j));)
			cvsw_free_deferred(v, rcu);
		group_free(cls, tv->g[i]);
	}
	cls->mem -= tun_vec_size(tv->n);
	cvsw_free_deferred(tv, rcu);
}
