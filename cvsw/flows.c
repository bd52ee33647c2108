// SPDX-License-Identifier: GPL-2.0
/*
 * Rule storage. Writers (generic netlink) serialise on flows_lock and keep
 * the rules in a list in lookup order; every change builds a new
 * immutable, priority-sorted struct flow_table with a new generation and
 * publishes it with RCU. Readers (xmit, rx softirq) never lock: they see one
 * snapshot, through a per-CPU exact-match cache that the generation
 * invalidates. Replaced snapshots and removed rules are freed after a grace
 * period, so a rule a reader holds stays valid until it leaves its section.
 */
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "cvsw.h"

static unsigned int max_flows = 65536;
module_param(max_flows, uint, 0644);
MODULE_PARM_DESC(max_flows, "Most rules per cvsw device (default 65536)");

/* An old snapshot waiting for its grace period. */
struct table_gc {
	struct rcu_head rcu;
	struct flow_table *t;
};

static void table_gc_free(struct rcu_head *head)
{
	struct table_gc *gc = container_of(head, struct table_gc, rcu);

	cvsw_free(gc->t);
	kfree(gc);
}

/* The tunnel a rule sends into, as a cvsw_dev.rx_tunnels bit (0: none). */
static u32 encap_bit(const struct flow_actions *acts)
{
	unsigned int i;

	for (i = 0; i < acts->n && i < FLOW_MAX_ACTIONS; i++)
		if (acts->act[i].type == FLOW_ACT_ENCAP &&
		    acts->encap.type < FLOW_ENCAP_MAX)
			return BIT(acts->encap.type);
	return 0;
}

/* Swap in a snapshot of cv->rules. Fails only if the new table cannot be built. */
static int publish(struct cvsw_dev *cv)
{
	struct flow_table *t = NULL, *old;
	struct flow_rule **rules;
	struct cvsw_rule *rule;
	struct table_gc *gc;
	u32 gen = cv->generation + 1, i = 0, tunnels = 0;

	lockdep_assert_held(&cv->flows_lock);
	if (!gen)	/* 0 is what an empty EMC entry says */
		gen = 1;

	if (cv->n_rules) {
		rules = kvmalloc_array(cv->n_rules, sizeof(*rules), GFP_KERNEL);
		if (!rules)
			return -ENOMEM;
		list_for_each_entry(rule, &cv->rules, node) {
			rules[i++] = &rule->r;
			tunnels |= encap_bit(&rule->r.actions);
		}
		t = flow_table_build(rules, i, gen);
		kvfree(rules);
		if (!t)
			return -ENOMEM;
	}

	old = rcu_dereference_protected(cv->table, lockdep_is_held(&cv->flows_lock));
	cv->generation = gen;
	rcu_assign_pointer(cv->table, t);
	WRITE_ONCE(cv->rx_tunnels, tunnels ? tunnels : CVSW_ALL_TUNNELS);
	if (!old)
		return 0;

	gc = kmalloc(sizeof(*gc), GFP_KERNEL);
	if (gc) {
		gc->t = old;
		call_rcu(&gc->rcu, table_gc_free);
	} else {
		synchronize_rcu();
		cvsw_free(old);
	}
	return 0;
}

static struct cvsw_rule *find_same(struct cvsw_dev *cv, const struct flow_rule *r)
{
	struct cvsw_rule *rule;

	list_for_each_entry(rule, &cv->rules, node)
		if (flow_rule_same_match(&rule->r, r))
			return rule;
	return NULL;
}

/*
 * The list is kept in lookup order (priority descending, then age) so that
 * flow_table_build's stable insertion sort meets sorted input: O(n) per change.
 * A new rule goes before the first rule of lower priority.
 */
static struct list_head *insert_point(struct cvsw_dev *cv, u16 priority)
{
	struct cvsw_rule *rule;

	list_for_each_entry(rule, &cv->rules, node)
		if (rule->r.priority < priority)
			return &rule->node;
	return &cv->rules;
}

/* flow_rule_validate's reasons are static strings: safe to keep in the ack. */
static void set_why(struct netlink_ext_ack *extack, const char *why)
{
	if (extack)
		extack->_msg = why;
}

int cvsw_flow_add(struct cvsw_dev *cv, const struct flow_rule *r, struct netlink_ext_ack *extack)
{
	struct cvsw_rule *new, *old;
	const char *why = "invalid flow";
	int ret;

	ret = flow_rule_validate(r, &why);
	if (ret) {
		set_why(extack, why);
		return -EINVAL;
	}

	new = kzalloc(sizeof(*new), GFP_KERNEL);
	if (!new)
		return -ENOMEM;
	new->r = *r;
	new->r.packets = 0;
	new->r.bytes = 0;
	atomic64_set(&new->packets, 0);
	atomic64_set(&new->bytes, 0);

	mutex_lock(&cv->flows_lock);
	if (cv->flows_dead) {
		ret = -ENODEV;
		goto err_unlock;
	}
	old = find_same(cv, r);
	if (old) {
		/* Same place in the list: the rule keeps its age among equals. */
		list_replace(&old->node, &new->node);
		ret = publish(cv);
		if (ret) {
			list_replace(&new->node, &old->node);
			goto err_unlock;
		}
		kfree_rcu(old, rcu);
	} else {
		if (cv->n_rules >= READ_ONCE(max_flows)) {
			NL_SET_ERR_MSG(extack, "flow table full (module parameter max_flows)");
			ret = -ENOSPC;
			goto err_unlock;
		}
		list_add_tail(&new->node, insert_point(cv, new->r.priority));
		cv->n_rules++;
		ret = publish(cv);
		if (ret) {
			list_del(&new->node);
			cv->n_rules--;
			goto err_unlock;
		}
	}
	mutex_unlock(&cv->flows_lock);
	return 0;

err_unlock:
	mutex_unlock(&cv->flows_lock);
	kfree(new);
	return ret;
}

int cvsw_flow_del(struct cvsw_dev *cv, const struct flow_rule *r)
{
	struct cvsw_rule *rule;
	struct list_head *prev;
	int ret;

	mutex_lock(&cv->flows_lock);
	rule = find_same(cv, r);
	if (!rule) {
		ret = -ENOENT;
		goto out;
	}
	prev = rule->node.prev;
	list_del(&rule->node);
	cv->n_rules--;
	ret = publish(cv);
	if (ret) {
		list_add(&rule->node, prev);
		cv->n_rules++;
		goto out;
	}
	kfree_rcu(rule, rcu);
out:
	mutex_unlock(&cv->flows_lock);
	return ret;
}

static void flush_locked(struct cvsw_dev *cv)
{
	struct cvsw_rule *rule, *tmp;
	LIST_HEAD(dead);

	list_splice_init(&cv->rules, &dead);
	cv->n_rules = 0;
	publish(cv);	/* an empty table is NULL: cannot fail */
	list_for_each_entry_safe(rule, tmp, &dead, node)
		kfree_rcu(rule, rcu);
}

void cvsw_flow_flush(struct cvsw_dev *cv)
{
	mutex_lock(&cv->flows_lock);
	flush_locked(cv);
	mutex_unlock(&cv->flows_lock);
}

struct cvsw_rule *cvsw_flow_lookup(struct cvsw_dev *cv, const struct flow_key *key)
{
	const struct flow_table *t = rcu_dereference_bh(cv->table);
	struct flow_rule *r;

	if (!t)
		return NULL;
	/* BH is off here, so nothing else on this CPU touches its EMC. */
	r = flow_emc_lookup(*this_cpu_ptr(cv->emc), t, key, cv->hash_seed);
	return r ? container_of(r, struct cvsw_rule, r) : NULL;
}

void cvsw_rule_account(struct cvsw_rule *rule, unsigned int bytes)
{
	atomic64_inc(&rule->packets);
	atomic64_add(bytes, &rule->bytes);
}

void cvsw_flows_emc_stats(struct cvsw_dev *cv, u64 *hits, u64 *misses)
{
	unsigned int cpu;

	*hits = 0;
	*misses = 0;
	for_each_possible_cpu(cpu) {
		const struct flow_emc *emc = *per_cpu_ptr(cv->emc, cpu);

		/* Racy snapshot of counters only their CPU writes: fine for reporting. */
		*hits += READ_ONCE(emc->hits);
		*misses += READ_ONCE(emc->misses);
	}
}

int cvsw_flows_init(struct cvsw_dev *cv)
{
	unsigned int cpu;

	mutex_init(&cv->flows_lock);
	INIT_LIST_HEAD(&cv->rules);
	cv->n_rules = 0;
	cv->generation = 0;
	cv->flows_dead = false;
	RCU_INIT_POINTER(cv->table, NULL);
	cv->rx_tunnels = CVSW_ALL_TUNNELS;
	cv->hash_seed = get_random_u32();

	cv->emc = alloc_percpu(struct flow_emc *);
	if (!cv->emc)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		struct flow_emc *emc = kvzalloc_node(sizeof(*emc), GFP_KERNEL, cpu_to_node(cpu));

		if (!emc) {
			cvsw_flows_free(cv);
			return -ENOMEM;
		}
		*per_cpu_ptr(cv->emc, cpu) = emc;
	}
	return 0;
}

/* At ndo_uninit: no reader is left; later adds (a netlink caller still holding the device) fail. */
void cvsw_flows_uninit(struct cvsw_dev *cv)
{
	mutex_lock(&cv->flows_lock);
	cv->flows_dead = true;
	flush_locked(cv);
	mutex_unlock(&cv->flows_lock);
}

void cvsw_flows_free(struct cvsw_dev *cv)
{
	unsigned int cpu;

	if (!cv->emc)
		return;
	for_each_possible_cpu(cpu)
		kvfree(*per_cpu_ptr(cv->emc, cpu));
	free_percpu(cv->emc);
	cv->emc = NULL;
}
