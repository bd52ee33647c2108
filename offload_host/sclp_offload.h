/* SPDX-License-Identifier: GPL-2.0 */
/* What the files of sclp_offload.ko share. */
#ifndef SCLP_OFFLOAD_H
#define SCLP_OFFLOAD_H

#include <linux/skbuff.h>
#include <net/net_namespace.h>
#include "proto/sclp.h"

/* Per-netns counters, printed in this order by /proc/net/sclp_offload. */
enum sclp_stat {
	SCLP_STAT_GSO_PACKETS,	 /* super-packets segmented */
	SCLP_STAT_GSO_SEGMENTS,	 /* segments they produced */
	SCLP_STAT_GSO_LINEARIZED, /* super-packets whose frag_list had to be made linear */
	SCLP_STAT_GSO_BAD,	 /* super-packets refused: foreign mark or bad geometry */
	SCLP_STAT_GRO_SEGMENTS,	 /* segments offered to GRO */
	SCLP_STAT_GRO_MERGED,	 /* segments chained onto a held packet */
	SCLP_STAT_GRO_PACKETS,	 /* merged packets completed */
	SCLP_STAT_GRO_FLUSH_ID,	 /* held packet ended by another id */
	SCLP_STAT_GRO_FLUSH_GAP, /* ... by a lost, duplicated or reordered segment */
	SCLP_STAT_GRO_FLUSH_CSUM, /* segment with a bad checksum, never merged */
	SCLP_STAT_GRO_FLUSH_SIZE, /* ... by the size/count limit or a longer segment */
	SCLP_STAT_GRO_FLUSH_FIRST, /* ... by a segment with F set */
	SCLP_STAT_GRO_FLUSH_OTHER, /* ... by IP-level differences or unload */
	SCLP_STAT_GRO_BAD_HEADER, /* truncated header or rem beyond 64 KB */
	SCLP_STAT_MAX
};

int sclp_stats_init(void);
void sclp_stats_exit(void);
void sclp_stat_add(const struct net *net, enum sclp_stat stat, unsigned int n);

static inline void sclp_stat_inc(const struct net *net, enum sclp_stat stat)
{
	sclp_stat_add(net, stat, 1);
}

struct sk_buff *sclp_gso_segment(struct sk_buff *skb, netdev_features_t features);
struct sk_buff *sclp_gro_receive(struct list_head *head, struct sk_buff *skb);
int sclp_gro_complete(struct sk_buff *skb, int nhoff);
/* Stop holding packets so that none is left when the callbacks go away. */
void sclp_gro_drain(void);

#endif /* SCLP_OFFLOAD_H */
