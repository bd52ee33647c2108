// SPDX-License-Identifier: GPL-2.0
/* Per-CPU counters of enum cvsw_stat and their `ethtool -S` view. */
#include <linux/ethtool.h>
#include <linux/netdevice.h>

#include "cvsw.h"

/* Indexed by enum cvsw_stat; "drop" names count packets cvsw discarded. */
static const char cvsw_stat_names[][ETH_GSTRING_LEN] = {
	[CVSW_STAT_TX_VXLAN] = "tx_vxlan_packets",
	[CVSW_STAT_TX_NVGRE] = "tx_nvgre_packets",
	[CVSW_STAT_TX_GENEVE] = "tx_geneve_packets",
	[CVSW_STAT_TX_STT] = "tx_stt_packets",
	[CVSW_STAT_TX_SCLP_VXLAN] = "tx_sclp_vxlan_packets",
	[CVSW_STAT_TX_SCLP_GENEVE] = "tx_sclp_geneve_packets",
	[CVSW_STAT_TX_SCLP_SEGMENTS] = "tx_sclp_sw_segments",
	[CVSW_STAT_TX_PLAIN] = "tx_plain_packets",
	[CVSW_STAT_TX_NO_FLOW] = "tx_drop_no_flow",
	[CVSW_STAT_TX_DROP_ACTION] = "tx_drop_action",
	[CVSW_STAT_TX_NO_ROUTE] = "tx_drop_no_route",
	[CVSW_STAT_TX_TOO_BIG] = "tx_drop_too_big",
	[CVSW_STAT_TX_ERROR] = "tx_drop_error",
	[CVSW_STAT_RX_VXLAN] = "rx_vxlan_packets",
	[CVSW_STAT_RX_NVGRE] = "rx_nvgre_packets",
	[CVSW_STAT_RX_GENEVE] = "rx_geneve_packets",
	[CVSW_STAT_RX_STT] = "rx_stt_packets",
	[CVSW_STAT_RX_SCLP_VXLAN] = "rx_sclp_vxlan_packets",
	[CVSW_STAT_RX_SCLP_GENEVE] = "rx_sclp_geneve_packets",
	[CVSW_STAT_RX_SCLP_SEGMENTS] = "rx_sclp_segments",
	[CVSW_STAT_RX_SCLP_MERGED] = "rx_sclp_merged",
	[CVSW_STAT_RX_GSO_FRAMES] = "rx_gso_frames",
	[CVSW_STAT_RX_GSO_UNMARKED] = "rx_gso_unmarked",
	[CVSW_STAT_RX_REASM_DONE] = "rx_reasm_done",
	[CVSW_STAT_RX_REASM_OOO] = "rx_reasm_ooo",
	[CVSW_STAT_RX_REASM_FRAGS_IN] = "rx_reasm_frags_in",
	[CVSW_STAT_RX_REASM_FRAGS_OUT] = "rx_reasm_frags_out",
	[CVSW_STAT_RX_BAD_HEADER] = "rx_drop_bad_header",
	[CVSW_STAT_RX_BAD_CSUM] = "rx_drop_bad_csum",
	[CVSW_STAT_RX_UNKNOWN_VNI] = "rx_drop_unknown_vni",
	[CVSW_STAT_RX_NO_FLOW] = "rx_drop_no_flow",
	[CVSW_STAT_RX_DROP_ACTION] = "rx_drop_action",
	[CVSW_STAT_RX_REASM_TIMEOUT] = "rx_drop_reasm_timeout",
	[CVSW_STAT_RX_REASM_OVERLAP] = "rx_drop_reasm_overlap",
	[CVSW_STAT_RX_REASM_DUPLICATE] = "rx_drop_reasm_duplicate",
	[CVSW_STAT_RX_REASM_INCONSISTENT] = "rx_drop_reasm_inconsistent",
	[CVSW_STAT_RX_REASM_MEMLIMIT] = "rx_drop_reasm_memlimit",
	[CVSW_STAT_RX_REASM_STALE] = "rx_drop_reasm_stale",
	[CVSW_STAT_RX_REASM_RESTART] = "rx_drop_reasm_restart",
	[CVSW_STAT_RX_REASM_EVICT_SOURCE] = "rx_drop_reasm_evict_source",
	[CVSW_STAT_RX_REASM_EVICT_MEM] = "rx_drop_reasm_evict_mem",
	[CVSW_STAT_RX_REASM_EVICT_FLOWS] = "rx_drop_reasm_evict_flows",
	[CVSW_STAT_RX_REASM_GLOBAL_LIMIT] = "rx_drop_reasm_global_limit",
	[CVSW_STAT_RX_NOMEM] = "rx_drop_nomem",
};

void cvsw_stats_fold(struct cvsw_dev *cv, u64 *out)
{
	unsigned int cpu, i, start;

	memset(out, 0, CVSW_STAT_MAX * sizeof(*out));
	for_each_possible_cpu(cpu) {
		const struct cvsw_stats *s = per_cpu_ptr(cv->stats, cpu);
		u64 c[CVSW_STAT_MAX];

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			memcpy(c, s->c, sizeof(c));
		} while (u64_stats_fetch_retry(&s->syncp, start));

		for (i = 0; i < CVSW_STAT_MAX; i++)
			out[i] += c[i];
	}
}

static int cvsw_get_sset_count(struct net_device *dev, int sset)
{
	BUILD_BUG_ON(ARRAY_SIZE(cvsw_stat_names) != CVSW_STAT_MAX);

	return sset == ETH_SS_STATS ? CVSW_STAT_MAX : -EOPNOTSUPP;
}

static void cvsw_get_strings(struct net_device *dev, u32 sset, u8 *data)
{
	if (sset == ETH_SS_STATS)
		memcpy(data, cvsw_stat_names, sizeof(cvsw_stat_names));
}

static void cvsw_get_ethtool_stats(struct net_device *dev, struct ethtool_stats *stats, u64 *data)
{
	cvsw_stats_fold(netdev_priv(dev), data);
}

static void cvsw_get_drvinfo(struct net_device *dev, struct ethtool_drvinfo *info)
{
	struct cvsw_dev *cv = netdev_priv(dev);

	strscpy(info->driver, "cvsw", sizeof(info->driver));
	strscpy(info->version, CVSW_VERSION, sizeof(info->version));
	/* Where the frames go: the lower device. */
	strscpy(info->bus_info, cv->lower->name, sizeof(info->bus_info));
}

const struct ethtool_ops cvsw_ethtool_ops = {
	.get_drvinfo = cvsw_get_drvinfo,
	.get_link = ethtool_op_get_link,
	.get_sset_count = cvsw_get_sset_count,
	.get_strings = cvsw_get_strings,
	.get_ethtool_stats = cvsw_get_ethtool_stats,
};
