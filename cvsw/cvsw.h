/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cvsw.ko internals shared between its files. One job per file:
 *   main.c     module init/exit: registers subsystems in order, unwinds in reverse
 *   device.c   the net_device and rtnl_link_ops ("ip link add ... type cvsw")
 *   netlink.c  the generic netlink family (uapi/cvsw.h)
 *   flows.c    rule storage, RCU-published snapshots, per-CPU exact-match cache
 *   stats.c    per-CPU counters, ethtool -S
 *   tx.c       ndo_start_xmit: flow lookup and action execution
 *   encap_*.c  one file per tunnel: builds outer headers and transmits
 *   rx.c       rx_handler on the lower device: classify, validate, decap, deliver
 *   reasm.c    glue between skbs and proto/reasm (SCLP second-level reassembly)
 */
#ifndef CVSW_CVSW_H
#define CVSW_CVSW_H

#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/timer.h>
#include <linux/u64_stats_sync.h>
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
	CVSW_STAT_RX_NOMEM,
	CVSW_STAT_MAX
};

#define CVSW_ALL_TUNNELS (BIT(FLOW_ENCAP_MAX) - 1)

struct cvsw_stats {
	u64 c[CVSW_STAT_MAX];
	struct u64_stats_sync syncp;
};

/* A rule as the kernel stores it. */
struct cvsw_rule {
	struct flow_rule r;      /* r.packets/r.bytes unused: see counters */
	struct list_head node;   /* in cvsw_dev.rules, under flows_lock */
	atomic64_t packets;
	atomic64_t bytes;
	struct rcu_head rcu;
};

struct cvsw_dev {
	struct net_device *dev;
	struct net_device *lower;       /* held from ndo_init to ndo_uninit */
	netdevice_tracker lower_tracker;
	struct list_head list;          /* per-netns list of cvsw devices */

	/* Flow table: writers under flows_lock, readers under RCU (BH). */
	struct mutex flows_lock;
	struct list_head rules;
	u32 n_rules;
	u32 generation;
	struct flow_table __rcu *table;
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

	/* SCLP transmit path (enum cvsw_sclp_tx_mode). */
	u8 sclp_tx_mode;                /* as configured */
	u8 sclp_proto;                  /* IP protocol number, module param */
	atomic_t sclp_tx_id;            /* SCLP identification counter (tx.c) */
	atomic_t stt_tx_id;             /* STT packet id (ack number, encap_stt.c) */

	/* Second-level reassembly (SCLP, STT): one engine per device. */
	spinlock_t reasm_lock;
	struct reasm reasm;
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

/* netlink.c */
int cvsw_genl_init(void);
void cvsw_genl_uninit(void);

/* flows.c */
int cvsw_flows_init(struct cvsw_dev *cv);
void cvsw_flows_uninit(struct cvsw_dev *cv);
int cvsw_flow_add(struct cvsw_dev *cv, const struct flow_rule *r, struct netlink_ext_ack *extack);
int cvsw_flow_del(struct cvsw_dev *cv, const struct flow_rule *r);
void cvsw_flow_flush(struct cvsw_dev *cv);
void cvsw_flows_free(struct cvsw_dev *cv);  /* EMCs; at destructor time */
/* EMC hit/miss totals over all CPUs. */
void cvsw_flows_emc_stats(struct cvsw_dev *cv, u64 *hits, u64 *misses);
/* Called under rcu_read_lock_bh (xmit or rx softirq). */
struct cvsw_rule *cvsw_flow_lookup(struct cvsw_dev *cv, const struct flow_key *key);
void cvsw_rule_account(struct cvsw_rule *rule, unsigned int bytes);

/* stats.c */
extern const struct ethtool_ops cvsw_ethtool_ops;
void cvsw_stats_fold(struct cvsw_dev *cv, u64 *out /* [CVSW_STAT_MAX] */);

/* tx.c */
netdev_tx_t cvsw_xmit(struct sk_buff *skb, struct net_device *dev);

/* rx.c */
int cvsw_rx_init(struct cvsw_dev *cv);      /* reassembly engine and timer */
void cvsw_rx_uninit(struct cvsw_dev *cv);   /* after rx_handler unregistered */
rx_handler_result_t cvsw_rx_handler(struct sk_buff **pskb);

#endif /* CVSW_CVSW_H */
