// SPDX-License-Identifier: GPL-2.0
/*
 * Rule storage. The live rules are a struct cvsw_ruleset: a tuple-space
 * classifier (flowtable/classifier.h) that readers (xmit, rx softirq) search
 * lock-free under rcu_read_lock_bh through a per-CPU exact-match cache, plus
 * a tree of the same rules in lookup order for dumps and freeing. Writers
 * (generic netlink) serialise on flows_lock and change the classifier one
 * rule at a time: each insert, replace or remove is seen by readers as done
 * or not done, and the EMC loses only the entries the change can affect.
 *
 * Whole-set changes (FLOW_REPLACE's commit, flush, uninit) build or take a
 * second classifier and publish it with one rcu_assign_pointer of cv->cls:
 * a packet is classified by the old set or the new one, never a mix. The
 * EMC is fenced first (cvsw_flow_cls_emc_fence) so no entry of the old
 * classifier is valid for the new one.
 *
 * Removed rules, their per-CPU counters and old classifiers are freed after
 * a grace period (call_rcu, queue_rcu_work for whole sets, kvfree_rcu inside
 * the classifier), so a rule a reader holds stays valid until it leaves its
 * section.
 */
#include <linux/module.h>
#include <linux/netlink.h>
#include <linux/notifier.h>
#include <linux/percpu.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <net/netlink.h>

#include "cvsw.h"
#include "flowtable/classifier.h"

static unsigned int max_flows = 65536;
module_param(max_flows, uint, 0644);
MODULE_PARM_DESC(max_flows, "Rule limit of a new cvsw device (default 65536; per device: cvsw-ctl dev set)");

/* Frees rule sets after their grace period; reaps orphaned stagings. */
static struct workqueue_struct *flows_wq;

/*
 * A FLOW_REPLACE being built: private to the writer until its commit. Owned
 * by one netlink socket (net, portid); freed by ABORT, a new BEGIN, device
 * uninit, or the owner's close (the netlink notifier marks it orphan and
 * reap_work frees it: the notifier may not sleep).
 */
struct cvsw_staging {
	struct list_head node;   /* in staging_list, under staging_lock */
	struct cvsw_dev *cv;
	struct net *net;         /* of the owner socket: compared, not held */
	u32 portid;
	bool orphan;             /* under staging_lock */
	struct cvsw_ruleset set;
};

static DEFINE_SPINLOCK(staging_lock);
static LIST_HEAD(staging_list);
static void reap_fn(struct work_struct *work);
static DECLARE_WORK(reap_work, reap_fn);

/* cvsw_flow_rule_validate's reasons are static strings: safe to keep in the ack. */
static void set_why(struct netlink_ext_ack *extack, const char *why)
{
	if (extack)
		extack->_msg = why;
}

/* ---- rules ---------------------------------------------------------------- */

static void rule_free(struct cvsw_rule *rule)
{
	dst_cache_destroy(&rule->dst_cache);
	free_percpu(rule->pcpu);
	kfree(rule);
}

/* free_percpu (and dst_cache_destroy's) may be called from atomic context. */
static void rule_free_rcu(struct rcu_head *head)
{
	rule_free(container_of(head, struct cvsw_rule, rcu));
}

struct cvsw_rule *cvsw_rule_new(const struct cvsw_flow_rule *r, struct netlink_ext_ack *extack)
{
	const char *why = "invalid flow";
	struct cvsw_rule *rule;
	int cpu;

	if (cvsw_flow_rule_validate(r, &why)) {
		set_why(extack, why);
		return ERR_PTR(-EINVAL);
	}
	rule = kzalloc(sizeof(*rule), GFP_KERNEL);
	if (!rule)
		return ERR_PTR(-ENOMEM);
	rule->pcpu = alloc_percpu_gfp(struct cvsw_rule_pcpu, GFP_KERNEL);
	if (!rule->pcpu) {
		kfree(rule);
		return ERR_PTR(-ENOMEM);
	}
	if (dst_cache_init(&rule->dst_cache, GFP_KERNEL)) {
		free_percpu(rule->pcpu);
		kfree(rule);
		return ERR_PTR(-ENOMEM);
	}
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(rule->pcpu, cpu)->syncp);
	rule->r = *r;
	rule->r.packets = 0;
	rule->r.bytes = 0;
	RB_CLEAR_NODE(&rule->node);
	return rule;
}

void cvsw_rule_free(struct cvsw_rule *rule)
{
	if (rule)
		rule_free(rule);
}

void cvsw_rule_account(struct cvsw_rule *rule, unsigned int bytes)
{
	struct cvsw_rule_pcpu *c = this_cpu_ptr(rule->pcpu);

	u64_stats_update_begin(&c->syncp);
	u64_stats_inc(&c->packets);
	u64_stats_add(&c->bytes, bytes);
	u64_stats_update_end(&c->syncp);
}

void cvsw_rule_counters(const struct cvsw_rule *rule, u64 *packets, u64 *bytes)
{
	int cpu;

	*packets = 0;
	*bytes = 0;
	for_each_possible_cpu(cpu) {
		const struct cvsw_rule_pcpu *c = per_cpu_ptr(rule->pcpu, cpu);
		unsigned int start;
		u64 p, b;

		do {
			start = u64_stats_fetch_begin(&c->syncp);
			p = u64_stats_read(&c->packets);
			b = u64_stats_read(&c->bytes);
		} while (u64_stats_fetch_retry(&c->syncp, start));
		*packets += p;
		*bytes += b;
	}
}

/* Bytes of one rule with its counters, for accounting. */
static u64 rule_size(void)
{
	return sizeof(struct cvsw_rule) + (u64)num_possible_cpus() * sizeof(struct cvsw_rule_pcpu);
}

/* ---- rule sets ------------------------------------------------------------ */

/* Lookup order: priority descending, then age (the classifier's order). */
static bool rule_before(const struct cvsw_rule *a, const struct cvsw_rule *b)
{
	if (a->r.priority != b->r.priority)
		return a->r.priority > b->r.priority;
	return a->age < b->age;
}

static void tree_insert(struct rb_root *root, struct cvsw_rule *rule)
{
	struct rb_node **p = &root->rb_node, *parent = NULL;

	while (*p) {
		parent = *p;
		if (rule_before(rule, rb_entry(parent, struct cvsw_rule, node)))
			p = &parent->rb_left;
		else
			p = &parent->rb_right;
	}
	rb_link_node(&rule->node, parent, p);
	rb_insert_color(&rule->node, root);
}

/* The tunnel a rule sends into (enum flow_encap_type), 0 if none. */
static u8 encap_type(const struct flow_actions *acts)
{
	u8 t = acts->encap.type;

	return cvsw_actions_have(acts, FLOW_ACT_ENCAP) && t && t < FLOW_ENCAP_MAX ? t : 0;
}

static void count_rule(struct cvsw_ruleset *set, const struct cvsw_rule *rule, int d)
{
	u8 t = encap_type(&rule->r.actions);
	unsigned int o = cvsw_encap_overhead_per_frame(&rule->r.actions);

	if (t)
		set->n_encap[t] += d;
	if (o)
		set->n_overhead[min_t(unsigned int, o, CVSW_ENCAP_OVERHEAD_MAX)] += d;
}

/* The largest per-frame encap overhead of a set's rules, 0 if none (mtu.c). */
static u16 set_overhead(const struct cvsw_ruleset *set)
{
	unsigned int o;

	for (o = CVSW_ENCAP_OVERHEAD_MAX; o > 0; o--)
		if (set->n_overhead[o])
			return o;
	return 0;
}

/* cvsw_dev.rx_tunnels for a set: the tunnels its rules encap into, else all. */
static u32 set_tunnels(const struct cvsw_ruleset *set)
{
	u32 bits = 0;
	unsigned int t;

	for (t = 1; t < FLOW_ENCAP_MAX; t++)
		if (set->n_encap[t])
			bits |= BIT(t);
	return bits ? bits : CVSW_ALL_TUNNELS;
}

static int set_init(struct cvsw_ruleset *set, u32 seed)
{
	memset(set, 0, sizeof(*set));
	set->tree = RB_ROOT;
	set->cls = cvsw_flow_cls_create(seed);
	return set->cls ? 0 : -ENOMEM;
}

/*
 * Insert rule, or put it in place of the rule with the same match (returned
 * in *oldp: the caller frees it, after a grace period if the set is live).
 */
static int set_add(struct cvsw_dev *cv, struct cvsw_ruleset *set, struct cvsw_rule *rule,
		   struct cvsw_rule **oldp)
{
	struct cvsw_flow_rule *same = cvsw_flow_cls_find_same(set->cls, &rule->r);
	struct cvsw_rule *old;
	int ret;

	*oldp = NULL;
	if (same) {
		old = container_of(same, struct cvsw_rule, r);
		ret = cvsw_flow_cls_replace(set->cls, same, &rule->r);
		if (ret)
			return ret;
		rule->age = old->age;	/* same place in lookup order */
		rb_replace_node(&old->node, &rule->node, &set->tree);
		count_rule(set, old, -1);
		count_rule(set, rule, 1);
		*oldp = old;
		return 0;
	}
	if (set->n_rules >= cv->max_rules)
		return -ENOSPC;
	ret = cvsw_flow_cls_insert(set->cls, &rule->r);
	if (ret)
		return ret;
	rule->age = ++cv->next_age;
	tree_insert(&set->tree, rule);
	set->n_rules++;
	count_rule(set, rule, 1);
	return 0;
}

/* Unlink rule from set; the caller frees it. */
static void set_remove(struct cvsw_ruleset *set, struct cvsw_rule *rule)
{
	cvsw_flow_cls_remove(set->cls, &rule->r);	/* present: cannot fail */
	rb_erase(&rule->node, &set->tree);
	RB_CLEAR_NODE(&rule->node);
	set->n_rules--;
	count_rule(set, rule, -1);
}

/* Rules in batch not matching a rule of set: at most the rules it adds. */
static u32 count_fresh(const struct cvsw_ruleset *set, struct cvsw_rule **rules, u32 n)
{
	u32 i, fresh = 0;

	for (i = 0; i < n; i++)
		if (!cvsw_flow_cls_find_same(set->cls, &rules[i]->r))
			fresh++;
	return fresh;
}

static void tree_free(struct rb_root *root)
{
	struct cvsw_rule *rule, *tmp;

	rbtree_postorder_for_each_entry_safe(rule, tmp, root, node) {
		rule_free(rule);
		cond_resched();
	}
	*root = RB_ROOT;
}

/* The rules of an unpublished set, freed after a grace period. */
struct flows_gc {
	struct rcu_work rwork;
	struct rb_root tree;
};

static void gc_fn(struct work_struct *work)
{
	struct flows_gc *gc = container_of(to_rcu_work(work), struct flows_gc, rwork);

	tree_free(&gc->tree);
	kfree(gc);
}

/*
 * Free a set no reader can reach any more (unpublished, or never published:
 * then !grace). Its classifier defers its own memory; the rules wait for a
 * grace period in a work item. Leaves set empty, without a classifier.
 */
static void set_release(struct cvsw_ruleset *set, bool grace)
{
	struct flows_gc *gc;

	cvsw_flow_cls_destroy(set->cls);
	if (!RB_EMPTY_ROOT(&set->tree)) {
		gc = grace ? kmalloc(sizeof(*gc), GFP_KERNEL) : NULL;
		if (gc) {
			gc->tree = set->tree;	/* an rb_root moves by value */
			INIT_RCU_WORK(&gc->rwork, gc_fn);
			queue_rcu_work(flows_wq, &gc->rwork);
		} else {
			if (grace)
				synchronize_rcu();
			tree_free(&set->tree);
		}
	}
	memset(set, 0, sizeof(*set));
	set->tree = RB_ROOT;
}

/* ---- the live set --------------------------------------------------------- */

static void live_changed(struct cvsw_dev *cv)
{
	WRITE_ONCE(cv->rx_tunnels, set_tunnels(&cv->live));
	WRITE_ONCE(cv->flows_overhead, set_overhead(&cv->live));
	if (!++cv->flows_gen)
		cv->flows_gen = 1;
}

static void live_remove(struct cvsw_dev *cv, struct cvsw_rule *rule)
{
	set_remove(&cv->live, rule);
	call_rcu(&rule->rcu, rule_free_rcu);
}

/*
 * Publish *set as the live set in one pointer store (readers see the old or
 * the new classifier) and release the old one. set->cls may be NULL (uninit).
 */
static void live_swap(struct cvsw_dev *cv, struct cvsw_ruleset *set)
{
	struct cvsw_ruleset old = cv->live;

	if (set->cls)
		cvsw_flow_cls_emc_fence(set->cls, old.cls);
	cv->live = *set;
	rcu_assign_pointer(cv->cls, cv->live.cls);
	live_changed(cv);
	set_release(&old, true);
}

int cvsw_flows_add(struct cvsw_dev *cv, struct cvsw_rule **rules, u32 n,
		   struct netlink_ext_ack *extack)
{
	struct cvsw_rule *old;
	bool changed = false;
	int ret = 0;
	u32 i;

	mutex_lock(&cv->flows_lock);
	if (cv->flows_dead) {
		ret = -ENODEV;
		goto out;
	}
	if (count_fresh(&cv->live, rules, n) > cv->max_rules - min(cv->live.n_rules, cv->max_rules)) {
		NL_SET_ERR_MSG(extack, "flow table full (device limit max-flows)");
		ret = -ENOSPC;
		goto out;
	}
	for (i = 0; i < n; i++) {
		ret = set_add(cv, &cv->live, rules[i], &old);
		if (ret)
			break;
		rules[i] = NULL;
		changed = true;
		if (old)
			call_rcu(&old->rcu, rule_free_rcu);
	}
	if (changed)
		live_changed(cv);
out:
	mutex_unlock(&cv->flows_lock);
	for (i = 0; i < n; i++)
		cvsw_rule_free(rules[i]);
	/* Unlocked first: RTNL nests outside flows_lock (ndo_uninit takes it). */
	cvsw_mtu_follow_flows(cv);
	return ret;
}

int cvsw_flows_del(struct cvsw_dev *cv, const struct cvsw_flow_rule *match, bool strict,
		   u32 *n_deleted)
{
	struct rb_node *node, *next;
	struct cvsw_flow_rule *same;
	u32 n = 0;

	mutex_lock(&cv->flows_lock);
	if (!cv->live.cls)
		goto out;
	if (strict) {
		same = cvsw_flow_cls_find_same(cv->live.cls, match);
		if (same) {
			live_remove(cv, container_of(same, struct cvsw_rule, r));
			n++;
		}
		goto out;
	}
	for (node = rb_first(&cv->live.tree); node; node = next) {
		struct cvsw_rule *rule = rb_entry(node, struct cvsw_rule, node);

		next = rb_next(node);
		if (cvsw_flow_match_covers(&match->key, &match->mask, &rule->r)) {
			live_remove(cv, rule);
			if (!(++n % 1024))
				cond_resched();
		}
	}
out:
	if (n)
		live_changed(cv);
	mutex_unlock(&cv->flows_lock);
	cvsw_mtu_follow_flows(cv);
	if (n_deleted)
		*n_deleted = n;
	return strict && !n ? -ENOENT : 0;
}

int cvsw_flow_flush(struct cvsw_dev *cv)
{
	struct cvsw_ruleset empty;
	int ret;

	ret = set_init(&empty, cv->hash_seed);
	if (ret)
		return ret;
	mutex_lock(&cv->flows_lock);
	if (cv->flows_dead) {
		mutex_unlock(&cv->flows_lock);
		set_release(&empty, false);
		return -ENODEV;
	}
	live_swap(cv, &empty);
	mutex_unlock(&cv->flows_lock);
	cvsw_mtu_follow_flows(cv);
	return 0;
}

/* ---- FLOW_REPLACE staging --------------------------------------------------- */

static void staging_free(struct cvsw_dev *cv)
{
	struct cvsw_staging *st = cv->staging;

	if (!st)
		return;
	cv->staging = NULL;
	WRITE_ONCE(cv->n_staged, 0);
	WRITE_ONCE(cv->staged_mem, 0);
	spin_lock_bh(&staging_lock);
	list_del(&st->node);
	spin_unlock_bh(&staging_lock);
	set_release(&st->set, false);
	kfree(st);
}

static int staging_begin(struct cvsw_dev *cv, struct net *net, u32 portid)
{
	struct cvsw_staging *st;
	int ret;

	staging_free(cv);
	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	ret = set_init(&st->set, cv->hash_seed);
	if (ret) {
		kfree(st);
		return ret;
	}
	st->cv = cv;
	st->net = net;
	st->portid = portid;
	spin_lock_bh(&staging_lock);
	list_add(&st->node, &staging_list);
	spin_unlock_bh(&staging_lock);
	cv->staging = st;
	return 0;
}

static bool staging_owned(const struct cvsw_staging *st, struct net *net, u32 portid)
{
	return st && st->net == net && st->portid == portid;
}

int cvsw_flows_stage(struct cvsw_dev *cv, struct net *net, u32 portid, u32 flags,
		     struct cvsw_rule **rules, u32 n, struct netlink_ext_ack *extack)
{
	struct cvsw_staging *st;
	struct cvsw_rule *old;
	int ret = 0;
	u32 i;

	mutex_lock(&cv->flows_lock);
	if (cv->flows_dead) {
		ret = -ENODEV;
		goto out;
	}
	if (flags & CVSW_REPLACE_ABORT) {
		if (flags != CVSW_REPLACE_ABORT || n) {
			NL_SET_ERR_MSG(extack, "ABORT takes no other flag and no flows");
			ret = -EINVAL;
		} else if (!staging_owned(cv->staging, net, portid)) {
			NL_SET_ERR_MSG(extack, "no replace in progress for this socket");
			ret = -ENOENT;
		} else {
			staging_free(cv);
		}
		goto out;
	}
	if (flags & CVSW_REPLACE_BEGIN) {
		ret = staging_begin(cv, net, portid);
		if (ret)
			goto out;
	} else if (!staging_owned(cv->staging, net, portid)) {
		NL_SET_ERR_MSG(extack, "no replace in progress for this socket (BEGIN first)");
		ret = -ENOENT;
		goto out;
	}
	st = cv->staging;
	if (count_fresh(&st->set, rules, n) > cv->max_rules - min(st->set.n_rules, cv->max_rules)) {
		NL_SET_ERR_MSG(extack, "replacement larger than the device's flow limit");
		ret = -ENOSPC;
		goto out;
	}
	for (i = 0; i < n; i++) {
		ret = set_add(cv, &st->set, rules[i], &old);
		if (ret)
			break;
		rules[i] = NULL;
		cvsw_rule_free(old);	/* never published */
	}
	WRITE_ONCE(cv->n_staged, st->set.n_rules);
	WRITE_ONCE(cv->staged_mem, cvsw_flow_cls_memory(st->set.cls));
	if (ret || !(flags & CVSW_REPLACE_COMMIT))
		goto out;

	cv->staging = NULL;
	WRITE_ONCE(cv->n_staged, 0);
	WRITE_ONCE(cv->staged_mem, 0);
	spin_lock_bh(&staging_lock);
	list_del(&st->node);
	spin_unlock_bh(&staging_lock);
	live_swap(cv, &st->set);
	kfree(st);
out:
	mutex_unlock(&cv->flows_lock);
	for (i = 0; i < n; i++)
		cvsw_rule_free(rules[i]);
	cvsw_mtu_follow_flows(cv);
	return ret;
}

/* The owner of a staging closed its socket. Atomic context: mark and defer. */
static int flows_netlink_notify(struct notifier_block *nb, unsigned long state, void *ptr)
{
	struct netlink_notify *n = ptr;
	struct cvsw_staging *st;
	bool found = false;

	if (state != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC)
		return NOTIFY_DONE;
	spin_lock_bh(&staging_lock);
	list_for_each_entry(st, &staging_list, node) {
		if (st->net == n->net && st->portid == n->portid) {
			st->orphan = true;
			found = true;
		}
	}
	spin_unlock_bh(&staging_lock);
	if (found)
		queue_work(flows_wq, &reap_work);
	return NOTIFY_DONE;
}

static struct notifier_block flows_netlink_nb = {
	.notifier_call = flows_netlink_notify,
};

static void reap_fn(struct work_struct *work)
{
	struct cvsw_staging *st;
	struct cvsw_dev *cv;

	for (;;) {
		cv = NULL;
		spin_lock_bh(&staging_lock);
		list_for_each_entry(st, &staging_list, node) {
			if (st->orphan) {
				/* Listed: its device has not passed uninit's staging_free. */
				cv = st->cv;
				dev_hold(cv->dev);
				break;
			}
		}
		spin_unlock_bh(&staging_lock);
		if (!cv)
			return;
		mutex_lock(&cv->flows_lock);
		if (cv->staging && READ_ONCE(cv->staging->orphan))
			staging_free(cv);
		mutex_unlock(&cv->flows_lock);
		dev_put(cv->dev);
	}
}

/* ---- limits, information, dumps ---------------------------------------------- */

int cvsw_flows_set_max(struct cvsw_dev *cv, u32 max, struct netlink_ext_ack *extack)
{
	int ret = 0;

	mutex_lock(&cv->flows_lock);
	if (max < cv->live.n_rules || (cv->staging && max < cv->staging->set.n_rules)) {
		NL_SET_ERR_MSG(extack, "limit below the number of rules present");
		ret = -ERANGE;
	} else {
		WRITE_ONCE(cv->max_rules, max);
	}
	mutex_unlock(&cv->flows_lock);
	return ret;
}

/* Lockless: racy reads of counters, the classifier under RCU. */
void cvsw_flows_info(struct cvsw_dev *cv, struct cvsw_flows_info *info)
{
	const struct flow_cls *cls;

	info->n_rules = READ_ONCE(cv->live.n_rules);
	info->max_rules = READ_ONCE(cv->max_rules);
	info->n_staged = READ_ONCE(cv->n_staged);
	rcu_read_lock();
	cls = rcu_dereference(cv->cls);
	info->cls_memory = (cls ? cvsw_flow_cls_memory(cls) : 0) + READ_ONCE(cv->staged_mem);
	rcu_read_unlock();
	info->rules_memory = ((u64)info->n_rules + info->n_staged) * rule_size();
}

/* The first rule after pos in lookup order. */
static struct rb_node *first_after(const struct rb_root *root, const struct cvsw_dump_pos *pos)
{
	struct rb_node *n = root->rb_node, *best = NULL;

	while (n) {
		const struct cvsw_rule *rule = rb_entry(n, struct cvsw_rule, node);

		if (pos->prio > rule->r.priority ||
		    (pos->prio == rule->r.priority && pos->age < rule->age)) {
			best = n;
			n = n->rb_left;
		} else {
			n = n->rb_right;
		}
	}
	return best;
}

int cvsw_flows_walk(struct cvsw_dev *cv, struct cvsw_dump_pos *pos, u32 *gen,
		    int (*fill)(struct cvsw_rule *rule, void *arg), void *arg)
{
	struct rb_node *node;
	int ret = 0;

	mutex_lock(&cv->flows_lock);
	*gen = cv->flows_gen;
	node = pos->started ? first_after(&cv->live.tree, pos) : rb_first(&cv->live.tree);
	for (; node; node = rb_next(node)) {
		struct cvsw_rule *rule = rb_entry(node, struct cvsw_rule, node);

		ret = fill(rule, arg);
		if (ret)
			break;
		pos->started = true;
		pos->prio = rule->r.priority;
		pos->age = rule->age;
	}
	mutex_unlock(&cv->flows_lock);
	return ret;
}

/* ---- data path -------------------------------------------------------------- */

struct cvsw_rule *cvsw_flow_lookup(struct cvsw_dev *cv, const struct flow_key *key)
{
	const struct flow_cls *cls = rcu_dereference_bh(cv->cls);
	struct cvsw_flow_rule *r;

	if (!cls)
		return NULL;
	/* BH is off here, so nothing else on this CPU touches its EMC. */
	r = cvsw_flow_emc_cls_lookup(*this_cpu_ptr(cv->emc), cls, key);
	return r ? container_of(r, struct cvsw_rule, r) : NULL;
}

bool cvsw_flow_tun_id_known(struct cvsw_dev *cv, u64 tun_id)
{
	const struct flow_cls *cls = rcu_dereference_bh(cv->cls);

	return cls && cvsw_flow_cls_tun_id_known(cls, tun_id);
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

/* ---- device and module life ------------------------------------------------- */

int cvsw_flows_init(struct cvsw_dev *cv)
{
	unsigned int cpu;
	int ret;

	mutex_init(&cv->flows_lock);
	cv->staging = NULL;
	cv->n_staged = 0;
	cv->staged_mem = 0;
	cv->max_rules = min_t(u32, READ_ONCE(max_flows), CVSW_MAX_FLOWS_CEILING);
	cv->flows_gen = 1;
	cv->next_age = 0;
	cv->flows_dead = false;
	cv->rx_tunnels = CVSW_ALL_TUNNELS;
	cv->hash_seed = get_random_u32();
	cv->emc = NULL;
	ret = set_init(&cv->live, cv->hash_seed);
	if (ret)
		return ret;
	RCU_INIT_POINTER(cv->cls, cv->live.cls);

	cv->emc = alloc_percpu(struct flow_emc *);
	if (!cv->emc)
		goto err;
	for_each_possible_cpu(cpu) {
		struct flow_emc *emc = kvzalloc_node(sizeof(*emc), GFP_KERNEL, cpu_to_node(cpu));

		if (!emc)
			goto err;
		*per_cpu_ptr(cv->emc, cpu) = emc;
	}
	return 0;

err:
	cvsw_flows_free(cv);
	RCU_INIT_POINTER(cv->cls, NULL);
	set_release(&cv->live, false);
	return -ENOMEM;
}

/* At ndo_uninit: no reader is left; later changes (a netlink caller still holding the device) fail. */
void cvsw_flows_uninit(struct cvsw_dev *cv)
{
	struct cvsw_ruleset none = { .tree = RB_ROOT };

	mutex_lock(&cv->flows_lock);
	cv->flows_dead = true;
	staging_free(cv);
	if (cv->live.cls)
		live_swap(cv, &none);
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

int __init cvsw_flows_module_init(void)
{
	int ret;

	flows_wq = alloc_workqueue("cvsw_flows", WQ_UNBOUND, 0);
	if (!flows_wq)
		return -ENOMEM;
	ret = netlink_register_notifier(&flows_netlink_nb);
	if (ret)
		destroy_workqueue(flows_wq);
	return ret;
}

/* Every device is gone: wait for the deferred frees they queued. */
void cvsw_flows_module_exit(void)
{
	netlink_unregister_notifier(&flows_netlink_nb);
	cancel_work_sync(&reap_work);
	rcu_barrier();			/* rule_free_rcu callbacks; rcu_work grace periods */
	destroy_workqueue(flows_wq);	/* drains gc_fn */
}
