// SPDX-License-Identifier: GPL-2.0
/*
 * sclp_offload.ko: SCLP GSO and GRO for IPv4 and IPv6 on the host.
 * Registers the offload callbacks for one IP protocol number (module
 * parameter "proto") and keeps per-netns counters in /proc/net/sclp_offload.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <net/protocol.h>
#include "sclp_offload.h"

static unsigned int proto = SCLP_IPPROTO_DEFAULT;
module_param(proto, uint, 0444);
MODULE_PARM_DESC(proto, "IP protocol number of SCLP (default 234; 253/254 are the RFC 3692 experimental numbers)");

static const struct net_offload sclp_offload = {
	.callbacks = {
		.gso_segment = sclp_gso_segment,
		.gro_receive = sclp_gro_receive,
		.gro_complete = sclp_gro_complete,
	},
};

static int __init sclp_offload_init(void)
{
	int ret;

	/* 0 is IPv6 hop-by-hop; TCP and UDP are never ours. */
	if (proto == 0 || proto == IPPROTO_TCP || proto == IPPROTO_UDP ||
	    proto > 255) {
		pr_err("proto %u refused\n", proto);
		return -EINVAL;
	}

	ret = sclp_stats_init();
	if (ret)
		return ret;

	/* inet{,6}_add_offload return -1 when the slot is already taken. */
	if (inet_add_offload(&sclp_offload, proto)) {
		pr_err("IPv4 protocol %u already has an offload\n", proto);
		ret = -EBUSY;
		goto err_stats;
	}
	if (inet6_add_offload(&sclp_offload, proto)) {
		pr_err("IPv6 protocol %u already has an offload\n", proto);
		ret = -EBUSY;
		goto err_inet;
	}
	return 0;

err_inet:
	inet_del_offload(&sclp_offload, proto);
err_stats:
	sclp_stats_exit();
	return ret;
}

static void __exit sclp_offload_exit(void)
{
	/*
	 * inet_gro_complete() WARNs if a held packet completes after its
	 * protocol's offload is gone. Stop holding first, then wait for every
	 * NAPI poll that may still hold one (polls flush their GRO lists
	 * before they end, with the default gro_flush_timeout of 0).
	 */
	sclp_gro_drain();
	synchronize_net();
	/* both del functions wait for RCU readers (synchronize_net) */
	inet6_del_offload(&sclp_offload, proto);
	inet_del_offload(&sclp_offload, proto);
	sclp_stats_exit();
}

module_init(sclp_offload_init);
module_exit(sclp_offload_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("SCLP segmentation and receive offload");
