// SPDX-License-Identifier: GPL-2.0
/*
 * Per-network-namespace counters with per-cpu storage, shown as
 * /proc/net/sclp_offload ("name value" lines). A protocol module has no
 * device of its own, so ethtool statistics do not apply.
 */
#include <linux/percpu.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <net/netns/generic.h>
#include "sclp_offload.h"

struct sclp_pcpu_stats {
	unsigned long v[SCLP_STAT_MAX];
};

struct sclp_net {
	struct sclp_pcpu_stats __percpu *stats;
};

static const char *const stat_names[SCLP_STAT_MAX] = {
	[SCLP_STAT_GSO_PACKETS] = "gso_packets",
	[SCLP_STAT_GSO_SEGMENTS] = "gso_segments",
	[SCLP_STAT_GSO_LINEARIZED] = "gso_linearized",
	[SCLP_STAT_GSO_BAD] = "gso_bad",
	[SCLP_STAT_GRO_SEGMENTS] = "gro_segments",
	[SCLP_STAT_GRO_MERGED] = "gro_merged",
	[SCLP_STAT_GRO_PACKETS] = "gro_packets",
	[SCLP_STAT_GRO_FLUSH_ID] = "gro_flush_id",
	[SCLP_STAT_GRO_FLUSH_GAP] = "gro_flush_gap",
	[SCLP_STAT_GRO_FLUSH_CSUM] = "gro_flush_csum",
	[SCLP_STAT_GRO_FLUSH_SIZE] = "gro_flush_size",
	[SCLP_STAT_GRO_FLUSH_FIRST] = "gro_flush_first",
	[SCLP_STAT_GRO_FLUSH_OTHER] = "gro_flush_other",
	[SCLP_STAT_GRO_BAD_HEADER] = "gro_bad_header",
};

static unsigned int sclp_net_id __read_mostly;

void sclp_stat_add(const struct net *net, enum sclp_stat stat, unsigned int n)
{
	struct sclp_net *sn = net_generic(net, sclp_net_id);

	this_cpu_add(sn->stats->v[stat], n);
}

static int stats_show(struct seq_file *seq, void *v)
{
	struct sclp_net *sn = net_generic(seq_file_single_net(seq), sclp_net_id);
	unsigned int i;
	int cpu;

	for (i = 0; i < SCLP_STAT_MAX; i++) {
		unsigned long sum = 0;

		for_each_possible_cpu(cpu)
			sum += per_cpu_ptr(sn->stats, cpu)->v[i];
		seq_printf(seq, "%s %lu\n", stat_names[i], sum);
	}
	return 0;
}

static int __net_init sclp_net_init(struct net *net)
{
	struct sclp_net *sn = net_generic(net, sclp_net_id);

	sn->stats = alloc_percpu(struct sclp_pcpu_stats);
	if (!sn->stats)
		return -ENOMEM;
	if (!proc_create_net_single("sclp_offload", 0444, net->proc_net,
				    stats_show, NULL)) {
		free_percpu(sn->stats);
		return -ENOMEM;
	}
	return 0;
}

static void __net_exit sclp_net_exit(struct net *net)
{
	struct sclp_net *sn = net_generic(net, sclp_net_id);

	remove_proc_entry("sclp_offload", net->proc_net);
	free_percpu(sn->stats);
}

static struct pernet_operations sclp_net_ops = {
	.init = sclp_net_init,
	.exit = sclp_net_exit,
	.id = &sclp_net_id,
	.size = sizeof(struct sclp_net),
};

int sclp_stats_init(void)
{
	return register_pernet_subsys(&sclp_net_ops);
}

void sclp_stats_exit(void)
{
	unregister_pernet_subsys(&sclp_net_ops);
}
