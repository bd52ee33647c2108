/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The differences between the kernels cvsw builds against (Debian 6.1 and
 * 6.12), as small helpers. COMPAT_* come from feature probes in Kbuild, so a
 * backported feature is picked up whatever the version number says.
 */
#ifndef CVSW_COMPAT_H
#define CVSW_COMPAT_H

#include <linux/netdevice.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>

/* 6.9 moved "lockless transmit" from NETIF_F_LLTX to a private flag. */
static inline void compat_set_lltx(struct net_device *dev)
{
#ifdef COMPAT_DEV_LLTX
	dev->lltx = true;
#else
	dev->features |= NETIF_F_LLTX;
#endif
}

/* Parsed request attributes of a dump (family policy, strict validation). */
static inline struct nlattr **compat_dump_attrs(struct netlink_callback *cb)
{
#ifdef COMPAT_GENL_INFO_DUMP
	return genl_info_dump(cb)->attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

/*
 * 6.6 takes a per-netns sysctl table with its size (no sentinel needed);
 * before, the table ends with an empty entry. n: entries before the sentinel.
 */
static inline struct ctl_table_header *
cvsw_register_net_sysctl(struct net *net, const char *path, struct ctl_table *table, size_t n)
{
#ifdef COMPAT_NET_SYSCTL_SZ
	return register_net_sysctl_sz(net, path, table, n);
#else
	return register_net_sysctl(net, path, table);
#endif
}

#endif /* CVSW_COMPAT_H */
