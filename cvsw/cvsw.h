/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cvsw.ko internals shared between its files. One job per file:
 *   main.c     module init/exit: registers subsystems in order, unwinds in reverse
 *   device.c   the net_device and rtnl_link_ops ("ip link add ... type cvsw")
 *   mtu.c      the MTU it picks: follows the flows' tunnel overhead and the lower
 *   netlink.c  the generic netlink family (uapi/cvsw.h): its commands
 *   netlink_flow.c  a flow's nested attributes <-> struct cvsw_flow_rule
 *   flows.c    rule storage: classifier, per-CPU EMC, replace staging, counters
 *   stats.c    per-CPU counters, ethtool -S
 *   tx.c       ndo_start_xmit: flow lookup and action execution
 *   encap_*.c  one file per tunnel: builds outer headers and transmits
 *   rx.c       rx_handler on the lower device: classify, validate the outer IP
 *   decap_*.c  one file per tunnel: checks and strips its headers (mirrors encap_*.c)
 *   deliver.c  the inner frame: classify, run the rule, deliver on the cvsw device
 *   reasm.c    glue between skbs and proto/reasm (SCLP second-level reassembly)
 *   reasm_budget.c  reassembly memory caps beyond one device (netns, module)
 */
#ifndef CVSW_CVSW_H
#define CVSW_CVSW_H

#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/timer.h>
#include <linux/rbtree.h>
#include <linux/u64_stats_sync.h>
#include <net/dst_cache.h>
#include <net/gro_cells.h>

#include "flowtable/flow.h"
#include "proto/reasm.h"
#include "uapi/cvsw.h"

/* Counters shown by `ethtool -S`; names in stats.c, same order. */
enum cvsw_stat {
	CVSW_STAT_TX_VXLAN,
	CVSW_STAT_TX_NVGRE,
	CVSW_STAT_TX_GENEVE,
	CVSW_STAT_TX_STT,
	CVSW_STAT_TX_SCLP_VXLAN,
	CVSW_STAT_TX_SCLP_GENEVE,
	CVSW_STAT_TX_SCLP_SEGMENTS, /* segments cvsw cut itself (SW mode) */
	CVSW_STAT_TX_PLAIN,         /* output to lower without encap */
	CVSW_STAT_TX_NO_FLOW,
	CVSW_STAT_TX_DROP_ACTION,
	CVSW_STAT_TX_NO_ROUTE,
	CVSW_STAT_TX_TOO_BIG,       /* inner frame above the path MTU (PMTU lowered) */
	CVSW_STAT_TX_ERROR,
	CVSW_STAT_RX_VXLAN,
	CVSW_STAT_RX_NVGRE,
	CVSW_STAT_RX_GENEVE,
	CVSW_STAT_RX_STT,
	CVSW_STAT_RX_SCLP_VXLAN,
	CVSW_STAT_RX_SCLP_GENEVE,
	CVSW_STAT_RX_SCLP_SEGMENTS,  /* SCLP skbs received (merged or not) */
	CVSW_STAT_RX_SCLP_MERGED,    /* of those, already GRO-merged below us */
	CVSW_STAT_RX_GSO_FRAMES,     /* inner TCP frames delivered as GSO (MSS segments) */
	CVSW_STAT_RX_GSO_UNMARKED,   /* ... left unmarked: no memory for the frags copy */
	CVSW_STAT_RX_REASM_DONE,
	CVSW_STAT_RX_REASM_OOO,
	CVSW_STAT_RX_REASM_FRAGS_IN,
	CVSW_STAT_RX_REASM_FRAGS_OUT,
	CVSW_STAT_RX_BAD_HEADER,
	CVSW_STAT_RX_BAD_CSUM,
	CVSW_STAT_RX_UNKNOWN_VNI,
	CVSW_STAT_RX_NO_FLOW,
	CVSW_STAT_RX_DROP_ACTION,        /* the rule drops, or neither decaps nor outputs locally */
	CVSW_STAT_RX_REASM_TIMEOUT,
	CVSW_STAT_RX_REASM_OVERLAP,
	CVSW_STAT_RX_REASM_DUPLICATE,
	CVSW_STAT_RX_REASM_INCONSISTENT,
	CVSW_STAT_RX_REASM_MEMLIMIT,
	CVSW_STAT_RX_REASM_STALE,        /* late piece of a payload done or evicted */
	CVSW_STAT_RX_REASM_RESTART,      /* older pieces of a reused id, dropped */
	CVSW_STAT_RX_REASM_EVICT_SOURCE, /* evicted by its own source, over its share */
	CVSW_STAT_RX_REASM_EVICT_MEM,    /* evicted for the memory limit */
	CVSW_STAT_RX_REASM_EVICT_FLOWS,  /* evicted for the payload count limit */
	CVSW_STAT_RX_REASM_GLOBAL_LIMIT, /* refused: the netns or module cap is reached */
	CVSW_STAT_RX_NOMEM,
	CVSW_STAT_MAX
};

#define CVSW_ALL_TUNNELS (BIT(FLOW_ENCAP_MAX) - 1)

#define CVSW_MIN_MTU 68
#define CVSW_MAX_MTU 65000
/* Inner Ethernet + VLAN tag + IPv6 + UDP + Geneve with 32 option bytes (mtu.c checks). */
#define CVSW_ENCAP_OVERHEAD_MAX 106

struct cvsw_stats {
	u64 c[CVSW_STAT_MAX];
	struct u64_stats_sync syncp;
};

/* A rule's counters, one per CPU. */
struct cvsw_rule_pcpu {
	u64_stats_t packets;
	u64_stats_t bytes;
	struct u64_stats_sync syncp;
};

/* A rule as the kernel stores it. */
struct cvsw_rule {
	struct cvsw_flow_rule r;      /* r.packets/r.bytes unused: see pcpu */
	struct rb_node node;     /* in its cvsw_ruleset.tree, under flows_lock */
	u64 age;                 /* per device, at insert; kept by replace */
	struct cvsw_rule_pcpu __percpu *pcpu;
	struct dst_cache dst_cache;      /* the route of its encap action (encap_outer.c) */
	struct rcu_head rcu;
};

/*
 * A set of rules under flows_lock: the classifier readers search, the same
 * rules in a tree in lookup order (priority descending, then age: the
 * classifier's order) for dumps and freeing, and per-tunnel rule counts for
 * rx_tunnels. The live set, or a replace being staged.
 */
struct cvsw_ruleset {
	struct flow_cls *cls;
	struct rb_root tree;
	u32 n_rules;
	u32 n_encap[FLOW_ENCAP_MAX];   /* rules that encapsulate into each tunnel */
	/* rules by cvsw_encap_overhead_per_frame(): the largest bounds the MTU (mtu.c) */
	u32 n_overhead[CVSW_ENCAP_OVERHEAD_MAX + 1];
};

struct cvsw_staging;
struct cvsw_reasm_budget;

/* One reassembly engine of a device and its lock (reasm.c). */
struct cvsw_reasm_shard {
	spinlock_t lock;
	struct reasm r;
	u32 mem;                        /* r.mem as last published; read unlocked */
} ____cacheline_aligned_in_smp;

struct cvsw_dev {
	struct net_device *dev;
	struct net_device *lower;       /* held from ndo_init to ndo_uninit */
	netdevice_tracker lower_tracker;
	struct list_head list;          /* per-netns list of cvsw devices */

	/*
	 * Flow table: writers under flows_lock, readers (rcu_read_lock_bh)
	 * follow cls, the classifier of the live set (NULL once uninit).
	 */
	struct mutex flows_lock;
	struct flow_cls __rcu *cls;
	struct cvsw_ruleset live;
	struct cvsw_staging *staging;   /* a FLOW_REPLACE in progress, or NULL */
	u32 n_staged;                   /* its rules and classifier bytes, for DEV_GET */
	u64 staged_mem;
	u32 max_rules;                  /* per device: CVSW_CMD_DEV_SET */
	u32 flows_gen;                  /* changes of the live set: dump consistency */
	u64 next_age;
	/*
	 * Tunnels the rx_handler takes (bit per FLOW_ENCAP_*): those some rule
	 * encapsulates into, or all of them while no rule encapsulates (a pure
	 * receiver). Others pass to the stack, so a kernel vxlan, geneve or
	 * gretap device beside cvsw keeps working. Written in flows.c.
	 */
	u32 rx_tunnels;
	/* One EMC per CPU, each kvzalloc'ed: too large for alloc_percpu. */
	struct flow_emc *__percpu *emc;
	bool flows_dead;                /* set at ndo_uninit: adds then fail */
	u32 hash_seed;

	/*
	 * MTU (mtu.c): the live set's largest per-frame encap overhead
	 * (0: no rule bounds the MTU), written under flows_lock; the MTU
	 * follows it and the lower's until the user sets one (mtu_user).
	 * The flags are written under RTNL.
	 */
	u16 flows_overhead;
	bool mtu_user;
	bool mtu_auto_setting;          /* our own dev_set_mtu in progress */

	/* SCLP transmit path (enum cvsw_sclp_tx_mode). */
	u8 sclp_tx_mode;                /* as configured */
	u8 sclp_proto;                  /* IP protocol number, module param */
	atomic_t sclp_tx_id;            /* SCLP identification counter (tx.c) */
	atomic_t stt_tx_id;             /* STT packet id (ack number, encap_stt.c) */

	/*
	 * Second-level reassembly (SCLP, STT): engines sharded by remote
	 * address, each under its own lock (reasm.c); their memory adds up
	 * in reasm_mem, under reasm_max_mem, and in the netns and module
	 * budgets (reasm_budget.c).
	 */
	struct cvsw_reasm_shard *reasm_shards;
	u32 reasm_nshards;              /* a power of two */
	u32 reasm_seed;                 /* picks a remote's shard */
	atomic_t reasm_mem;             /* bytes held, all shards */
	struct cvsw_reasm_budget *reasm_budget;
	struct timer_list reasm_timer;
	u32 reasm_max_mem;
	u32 reasm_timeout_ms;
	bool reasm_stopping;            /* set at uninit: the timer stops re-arming */

	struct cvsw_stats __percpu *stats;
	struct gro_cells gro_cells;
};

static inline void cvsw_stat_add(struct cvsw_dev *cv, enum cvsw_stat i, u64 n)
{
	struct cvsw_stats *s = this_cpu_ptr(cv->stats);

	u64_stats_update_begin(&s->syncp);
	s->c[i] += n;
	u64_stats_update_end(&s->syncp);
}

static inline void cvsw_stat_inc(struct cvsw_dev *cv, enum cvsw_stat i)
{
	cvsw_stat_add(cv, i, 1);
}

/*
 * Every packet cvsw discards on transmit goes through here: its named
 * counter (ethtool -S) and the netdev counter, then freed (skb may be NULL
 * when there was nothing to free, e.g. an allocation failed). As vxlan.c and
 * geneve.c count them: no route is a carrier error, a failure to build the
 * packet an error, anything else (policy, no flow, too big) a drop.
 * Receive: cvsw_rx_drop() in rx.h.
 */
static inline void cvsw_tx_drop(struct cvsw_dev *cv, struct sk_buff *skb,
				enum cvsw_stat why)
{
	cvsw_stat_inc(cv, why);
	switch (why) {
	case CVSW_STAT_TX_NO_ROUTE:
		DEV_STATS_INC(cv->dev, tx_carrier_errors);
		fallthrough;
	case CVSW_STAT_TX_ERROR:
		DEV_STATS_INC(cv->dev, tx_errors);
		break;
	default:
		DEV_STATS_INC(cv->dev, tx_dropped);
	}
	kfree_skb(skb);
}

#define CVSW_VERSION "1.0"

extern unsigned int cvsw_sclp_proto; /* module param "sclp_proto", default 234 */

/* device.c */
int cvsw_device_init(void);
void cvsw_device_uninit(void);
bool cvsw_is_cvsw(const struct net_device *dev);
/*
 * encap_sclp.c: the transmit mode in effect, GSO or SW. AUTO is GSO while some
 * module (sclp_offload.ko) has a GSO callback for the SCLP protocol number,
 * looked up per packet, so loading or unloading it takes effect at once.
 */
u8 cvsw_sclp_tx_effective(const struct cvsw_dev *cv);

/* Does a rule's action list hold an action of this type (enum flow_action_type)? */
static inline bool cvsw_actions_have(const struct flow_actions *acts, u8 type)
{
	unsigned int i;

	for (i = 0; i < acts->n && i < FLOW_MAX_ACTIONS; i++)
		if (acts->act[i].type == type)
			return true;
	return false;
}

/* mtu.c: the MTU follows the flows and the lower's MTU until the user sets one. */
/* Bytes an encap action adds to a full inner frame on the wire; 0: SCLP, STT, none. */
unsigned int cvsw_encap_overhead_per_frame(const struct flow_actions *acts);
int cvsw_mtu_default(const struct cvsw_dev *cv);
void cvsw_mtu_follow_flows(struct cvsw_dev *cv);  /* takes RTNL: not under flows_lock */
void cvsw_mtu_lower_changed(struct cvsw_dev *cv); /* under RTNL */
int cvsw_change_mtu(struct net_device *dev, int new_mtu);

/* netlink.c */
int cvsw_genl_init(void);
void cvsw_genl_uninit(void);

/* netlink_flow.c: a CVSW_A_FLOW nest <-> a rule. */
extern const struct nla_policy cvsw_nl_flow_policy[CVSW_FLOW_A_MAX + 1];
/*
 * need_actions: FLOW_ADD/REPLACE; need_match: a strict FLOW_DEL, which names
 * a rule by priority and match (no KEY/MASK: the match of every packet).
 */
int cvsw_nl_flow_parse(const struct nlattr *flow, struct netlink_ext_ack *extack,
		       struct cvsw_flow_rule *r, bool need_actions, bool need_match);
int cvsw_nl_flow_put(struct sk_buff *skb, const struct cvsw_flow_rule *r, u64 packets, u64 bytes);

/* flows.c */
int cvsw_flows_module_init(void);
void cvsw_flows_module_exit(void);   /* after every device is gone */
int cvsw_flows_init(struct cvsw_dev *cv);
void cvsw_flows_uninit(struct cvsw_dev *cv);
void cvsw_flows_free(struct cvsw_dev *cv);  /* EMCs; at destructor time */
/*
 * A rule for cvsw_flows_add/stage: validated (extack set, -EINVAL) and
 * allocated with its counters (GFP_KERNEL). ERR_PTR on failure.
 */
struct cvsw_rule *cvsw_rule_new(const struct cvsw_flow_rule *r, struct netlink_ext_ack *extack);
void cvsw_rule_free(struct cvsw_rule *rule);  /* one never inserted */
/*
 * Add rules[0..n) to the live set in order; one with the match (priority,
 * key, mask) of a rule present replaces it (keeps its place, counters
 * reset). Takes every rule (frees those not used). Capacity is checked for
 * the whole batch first (-ENOSPC: none added); -ENOMEM midway leaves the
 * rules before it added.
 */
int cvsw_flows_add(struct cvsw_dev *cv, struct cvsw_rule **rules, u32 n,
		   struct netlink_ext_ack *extack);
/* strict: the rule with this priority and match; else every rule covered by its key/mask. */
int cvsw_flows_del(struct cvsw_dev *cv, const struct cvsw_flow_rule *match, bool strict,
		   u32 *n_deleted);
int cvsw_flow_flush(struct cvsw_dev *cv);
/* FLOW_REPLACE: flags CVSW_REPLACE_*; the staging belongs to (net, portid). */
int cvsw_flows_stage(struct cvsw_dev *cv, struct net *net, u32 portid, u32 flags,
		     struct cvsw_rule **rules, u32 n, struct netlink_ext_ack *extack);
int cvsw_flows_set_max(struct cvsw_dev *cv, u32 max, struct netlink_ext_ack *extack);
struct cvsw_flows_info {
	u32 n_rules, max_rules, n_staged;
	u64 cls_memory, rules_memory;
};
void cvsw_flows_info(struct cvsw_dev *cv, struct cvsw_flows_info *info);
/* Dump position: after the rule (prio, age); none yet if !started. */
struct cvsw_dump_pos {
	bool started;
	u16 prio;
	u64 age;
};
/*
 * Call fill for the live rules after pos, in lookup order, under flows_lock,
 * until it returns non-zero (that rule is not consumed); pos advances past
 * the rules filled. *gen: the live set's change count (never 0).
 */
int cvsw_flows_walk(struct cvsw_dev *cv, struct cvsw_dump_pos *pos, u32 *gen,
		    int (*fill)(struct cvsw_rule *rule, void *arg), void *arg);
void cvsw_rule_counters(const struct cvsw_rule *rule, u64 *packets, u64 *bytes);
/* EMC hit/miss totals over all CPUs. */
void cvsw_flows_emc_stats(struct cvsw_dev *cv, u64 *hits, u64 *misses);
/* Called under rcu_read_lock_bh (xmit or rx softirq). */
struct cvsw_rule *cvsw_flow_lookup(struct cvsw_dev *cv, const struct flow_key *key);
bool cvsw_flow_tun_id_known(struct cvsw_dev *cv, u64 tun_id);
void cvsw_rule_account(struct cvsw_rule *rule, unsigned int bytes);

/* stats.c */
extern const struct ethtool_ops cvsw_ethtool_ops;
void cvsw_stats_fold(struct cvsw_dev *cv, u64 *out /* [CVSW_STAT_MAX] */);

/* tx.c */
netdev_tx_t cvsw_xmit(struct sk_buff *skb, struct net_device *dev);

/* reasm_budget.c: reassembly memory caps per netns (sysctl) and module-wide */
int cvsw_reasm_budget_module_init(void);
void cvsw_reasm_budget_module_exit(void);
struct cvsw_reasm_budget *cvsw_reasm_budget_get(struct net *net); /* never NULL */
void cvsw_reasm_budget_put(struct cvsw_reasm_budget *b);
/* Would bytes more exceed the netns's or the module's cap? */
bool cvsw_reasm_budget_full(const struct cvsw_reasm_budget *b, u32 bytes);
void cvsw_reasm_budget_charge(struct cvsw_reasm_budget *b, int delta);

/* reasm.c: apply changed reasm_max_mem/reasm_timeout_ms now (evicts at once). */
void cvsw_reasm_limits_changed(struct cvsw_dev *cv);

/* rx.c */
int cvsw_rx_init(struct cvsw_dev *cv);      /* reassembly engine and timer */
void cvsw_rx_uninit(struct cvsw_dev *cv);   /* after rx_handler unregistered */
rx_handler_result_t cvsw_rx_handler(struct sk_buff **pskb);

#endif /* CVSW_CVSW_H */
