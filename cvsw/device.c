// SPDX-License-Identifier: GPL-2.0
/*
 * The cvsw net_device: "ip link add cvsw0 link eth0 type cvsw". cvsw stacks
 * on one Ethernet lower device: it transmits through it and takes its
 * receive path over with an rx_handler, so a lower carries one cvsw device.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <linux/random.h>
#include <linux/rtnetlink.h>
#include <net/rtnetlink.h>

#include "cvsw.h"
#include "compat.h"

#define CVSW_REASM_DEFAULT_MEM (4U << 20)
#define CVSW_REASM_MIN_MEM (64U << 10)
#define CVSW_REASM_MAX_MEM (256U << 20)
#define CVSW_REASM_DEFAULT_TIMEOUT_MS 30000
#define CVSW_REASM_MIN_TIMEOUT_MS 10
#define CVSW_REASM_MAX_TIMEOUT_MS 600000

#define CVSW_FEATURES (NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_HIGHDMA | \
		       NETIF_F_FRAGLIST | NETIF_F_GSO_SOFTWARE)

static const struct net_device_ops cvsw_netdev_ops;

bool cvsw_is_cvsw(const struct net_device *dev)
{
	return dev->netdev_ops == &cvsw_netdev_ops;
}

/* ndo_init owns the per-device resources; ndo_uninit and the destructor free them. */
static int cvsw_dev_init(struct net_device *dev)
{
	struct cvsw_dev *cv = netdev_priv(dev);
	int ret;

	dev->tstats = netdev_alloc_pcpu_stats(struct pcpu_sw_netstats);
	if (!dev->tstats)
		return -ENOMEM;
	cv->stats = netdev_alloc_pcpu_stats(struct cvsw_stats);
	if (!cv->stats) {
		ret = -ENOMEM;
		goto err_tstats;
	}
	/*
	 * A re-created device or reloaded module must not reuse the ids of
	 * datagrams a receiver may still hold pieces of (30 s by default).
	 */
	atomic_set(&cv->sclp_tx_id, get_random_u32());
	atomic_set(&cv->stt_tx_id, get_random_u32());
	ret = gro_cells_init(&cv->gro_cells, dev);
	if (ret)
		goto err_stats;
	ret = cvsw_flows_init(cv);
	if (ret)
		goto err_gro_cells;
	ret = cvsw_rx_init(cv);
	if (ret)
		goto err_flows;
	/* Last: the destructor drops it, and it only runs once init succeeded. */
	netdev_hold(cv->lower, &cv->lower_tracker, GFP_KERNEL);
	return 0;

err_flows:
	cvsw_flows_uninit(cv);
	cvsw_flows_free(cv);
err_gro_cells:
	gro_cells_destroy(&cv->gro_cells);
err_stats:
	free_percpu(cv->stats);
	cv->stats = NULL;
err_tstats:
	free_percpu(dev->tstats);
	dev->tstats = NULL;
	return ret;
}

/* The device is down and off the lower's rx path: no packet can reach us. */
static void cvsw_dev_uninit(struct net_device *dev)
{
	struct cvsw_dev *cv = netdev_priv(dev);

	cvsw_rx_uninit(cv);
	cvsw_flows_uninit(cv);
	gro_cells_destroy(&cv->gro_cells);
}

/* After the last reference: netlink and ethtool callers are gone too. */
static void cvsw_dev_destruct(struct net_device *dev)
{
	struct cvsw_dev *cv = netdev_priv(dev);

	cvsw_flows_free(cv);
	free_percpu(cv->stats);
	free_percpu(dev->tstats);
	netdev_put(cv->lower, &cv->lower_tracker);
}

static int cvsw_open(struct net_device *dev)
{
	struct cvsw_dev *cv = netdev_priv(dev);

	netif_stacked_transfer_operstate(cv->lower, dev);
	return 0;
}

static int cvsw_stop(struct net_device *dev)
{
	return 0;
}

static int cvsw_get_iflink(const struct net_device *dev)
{
	const struct cvsw_dev *cv = netdev_priv(dev);

	return cv->lower->ifindex;
}

static const struct net_device_ops cvsw_netdev_ops = {
	.ndo_init = cvsw_dev_init,
	.ndo_uninit = cvsw_dev_uninit,
	.ndo_open = cvsw_open,
	.ndo_stop = cvsw_stop,
	.ndo_start_xmit = cvsw_xmit,
	.ndo_get_stats64 = dev_get_tstats64,
	.ndo_set_mac_address = eth_mac_addr,
	.ndo_validate_addr = eth_validate_addr,
	.ndo_get_iflink = cvsw_get_iflink,
	.ndo_change_mtu = cvsw_change_mtu,
};

static void cvsw_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->netdev_ops = &cvsw_netdev_ops;
	dev->ethtool_ops = &cvsw_ethtool_ops;
	dev->needs_free_netdev = true;
	dev->priv_destructor = cvsw_dev_destruct;

	/* A tunnel: no qdisc of its own, and it rewrites every skb it sends. */
	dev->priv_flags |= IFF_NO_QUEUE;
	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	netif_keep_dst(dev);

	/* Take whole 64 KiB TCP super-packets: cvsw segments or offloads them. */
	dev->features |= CVSW_FEATURES;
	dev->hw_features |= CVSW_FEATURES;
	compat_set_lltx(dev);
	netif_set_tso_max_size(dev, GSO_LEGACY_MAX_SIZE);

	dev->min_mtu = CVSW_MIN_MTU;
	dev->max_mtu = CVSW_MAX_MTU;
	eth_hw_addr_random(dev);
}

static const struct nla_policy cvsw_link_policy[IFLA_CVSW_MAX + 1] = {
	[IFLA_CVSW_LOWER] = { .type = NLA_U32 },
	[IFLA_CVSW_SCLP_TX_MODE] = { .type = NLA_U8 },
	[IFLA_CVSW_REASM_MAX_MEM] = { .type = NLA_U32 },
	[IFLA_CVSW_REASM_TIMEOUT] = { .type = NLA_U32 },
	[IFLA_CVSW_SCLP_TX_EFFECTIVE] = { .type = NLA_REJECT },
};

static int cvsw_validate(struct nlattr *tb[], struct nlattr *data[],
			 struct netlink_ext_ack *extack)
{
	struct nlattr *a;
	u32 v;

	a = tb[IFLA_ADDRESS];
	if (a && nla_len(a) != ETH_ALEN) {
		NL_SET_ERR_MSG_ATTR(extack, a, "MAC address must be 6 bytes");
		return -EINVAL;
	}
	if (a && !is_valid_ether_addr(nla_data(a))) {
		NL_SET_ERR_MSG_ATTR(extack, a, "MAC address is multicast or zero");
		return -EADDRNOTAVAIL;
	}
	if (!data)
		return 0;

	a = data[IFLA_CVSW_LOWER];
	if (a && tb[IFLA_LINK] && nla_get_u32(a) != nla_get_u32(tb[IFLA_LINK])) {
		NL_SET_ERR_MSG_ATTR(extack, a, "link and IFLA_CVSW_LOWER name different devices");
		return -EINVAL;
	}
	a = data[IFLA_CVSW_SCLP_TX_MODE];
	if (a && nla_get_u8(a) > CVSW_SCLP_TX_SW) {
		NL_SET_ERR_MSG_ATTR(extack, a, "SCLP tx mode must be 0 (auto), 1 (gso) or 2 (sw)");
		return -EINVAL;
	}
	a = data[IFLA_CVSW_REASM_MAX_MEM];
	if (a) {
		v = nla_get_u32(a);
		if (v < CVSW_REASM_MIN_MEM || v > CVSW_REASM_MAX_MEM) {
			NL_SET_ERR_MSG_ATTR(extack, a, "reassembly memory must be 64 KiB to 256 MiB");
			return -ERANGE;
		}
	}
	a = data[IFLA_CVSW_REASM_TIMEOUT];
	if (a) {
		v = nla_get_u32(a);
		if (v < CVSW_REASM_MIN_TIMEOUT_MS || v > CVSW_REASM_MAX_TIMEOUT_MS) {
			NL_SET_ERR_MSG_ATTR(extack, a, "reassembly timeout must be 10 to 600000 ms");
			return -ERANGE;
		}
	}
	return 0;
}

/* The lower named by IFLA_LINK (ip link ... link DEV) or IFLA_CVSW_LOWER. */
static struct net_device *cvsw_find_lower(struct net *net, struct nlattr *tb[],
					  struct nlattr *data[],
					  struct netlink_ext_ack *extack)
{
	struct nlattr *a = tb[IFLA_LINK];
	struct net_device *lower;

	if (!a && data)
		a = data[IFLA_CVSW_LOWER];
	if (!a) {
		NL_SET_ERR_MSG(extack, "a cvsw device needs a lower device: link DEV");
		return ERR_PTR(-EINVAL);
	}
	lower = __dev_get_by_index(net, nla_get_u32(a));
	if (!lower) {
		NL_SET_ERR_MSG_ATTR(extack, a, "lower device not found");
		return ERR_PTR(-ENODEV);
	}
	if (cvsw_is_cvsw(lower)) {
		NL_SET_ERR_MSG_ATTR(extack, a, "lower device is a cvsw device");
		return ERR_PTR(-EINVAL);
	}
	if (lower->type != ARPHRD_ETHER || lower->addr_len != ETH_ALEN ||
	    (lower->flags & IFF_LOOPBACK)) {
		NL_SET_ERR_MSG_ATTR(extack, a, "lower device is not an Ethernet device");
		return ERR_PTR(-EINVAL);
	}
	if (netdev_is_rx_handler_busy(lower)) {
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "lower device is already claimed (cvsw, bridge, bond, macvlan...)");
		return ERR_PTR(-EBUSY);
	}
	return lower;
}

static int cvsw_newlink(struct net *src_net, struct net_device *dev,
			struct nlattr *tb[], struct nlattr *data[],
			struct netlink_ext_ack *extack)
{
	struct cvsw_dev *cv = netdev_priv(dev);
	struct net_device *lower;
	int ret;

	lower = cvsw_find_lower(src_net, tb, data, extack);
	if (IS_ERR(lower))
		return PTR_ERR(lower);

	cv->dev = dev;
	cv->lower = lower;
	cv->sclp_proto = cvsw_sclp_proto;
	cv->sclp_tx_mode = CVSW_SCLP_TX_AUTO;
	cv->reasm_max_mem = CVSW_REASM_DEFAULT_MEM;
	cv->reasm_timeout_ms = CVSW_REASM_DEFAULT_TIMEOUT_MS;
	if (data && data[IFLA_CVSW_SCLP_TX_MODE])
		cv->sclp_tx_mode = nla_get_u8(data[IFLA_CVSW_SCLP_TX_MODE]);
	if (data && data[IFLA_CVSW_REASM_MAX_MEM])
		cv->reasm_max_mem = nla_get_u32(data[IFLA_CVSW_REASM_MAX_MEM]);
	if (data && data[IFLA_CVSW_REASM_TIMEOUT])
		cv->reasm_timeout_ms = nla_get_u32(data[IFLA_CVSW_REASM_TIMEOUT]);

	/* An MTU given here is the user's: it stays (mtu.c). */
	cv->mtu_user = !!tb[IFLA_MTU];
	if (!cv->mtu_user)
		dev->mtu = cvsw_mtu_default(cv);

	ret = register_netdevice(dev);
	if (ret)
		return ret;

	ret = netdev_rx_handler_register(lower, cvsw_rx_handler, cv);
	if (ret) {
		NL_SET_ERR_MSG(extack, "lower device is already claimed");
		goto err_unregister;
	}
	ret = netdev_upper_dev_link(lower, dev, extack);
	if (ret)
		goto err_rx_handler;

	netif_stacked_transfer_operstate(lower, dev);
	return 0;

err_rx_handler:
	netdev_rx_handler_unregister(lower);
err_unregister:
	unregister_netdevice(dev);
	return ret;
}

static void cvsw_dellink(struct net_device *dev, struct list_head *head)
{
	struct cvsw_dev *cv = netdev_priv(dev);

	netdev_upper_dev_unlink(cv->lower, dev);
	netdev_rx_handler_unregister(cv->lower);
	unregister_netdevice_queue(dev, head);
}

/*
 * Everything but the lower changes on a live device: the data path re-reads
 * the reassembly limits on every use and the tx mode on every packet.
 */
static int cvsw_changelink(struct net_device *dev, struct nlattr *tb[],
			   struct nlattr *data[], struct netlink_ext_ack *extack)
{
	struct cvsw_dev *cv = netdev_priv(dev);

	if (!data)
		return 0;
	if (data[IFLA_CVSW_LOWER] && nla_get_u32(data[IFLA_CVSW_LOWER]) != cv->lower->ifindex) {
		NL_SET_ERR_MSG_ATTR(extack, data[IFLA_CVSW_LOWER], "the lower device cannot change");
		return -EOPNOTSUPP;
	}
	if (data[IFLA_CVSW_REASM_MAX_MEM])
		WRITE_ONCE(cv->reasm_max_mem, nla_get_u32(data[IFLA_CVSW_REASM_MAX_MEM]));
	if (data[IFLA_CVSW_REASM_TIMEOUT])
		WRITE_ONCE(cv->reasm_timeout_ms, nla_get_u32(data[IFLA_CVSW_REASM_TIMEOUT]));
	if (data[IFLA_CVSW_REASM_MAX_MEM] || data[IFLA_CVSW_REASM_TIMEOUT])
		cvsw_reasm_limits_changed(cv);
	if (data[IFLA_CVSW_SCLP_TX_MODE])
		WRITE_ONCE(cv->sclp_tx_mode, nla_get_u8(data[IFLA_CVSW_SCLP_TX_MODE]));
	return 0;
}

static size_t cvsw_get_size(const struct net_device *dev)
{
	return nla_total_size(sizeof(u32)) +	/* IFLA_CVSW_LOWER */
	       nla_total_size(sizeof(u8)) +	/* IFLA_CVSW_SCLP_TX_MODE */
	       nla_total_size(sizeof(u8)) +	/* IFLA_CVSW_SCLP_TX_EFFECTIVE */
	       nla_total_size(sizeof(u32)) +	/* IFLA_CVSW_REASM_MAX_MEM */
	       nla_total_size(sizeof(u32));	/* IFLA_CVSW_REASM_TIMEOUT */
}

static int cvsw_fill_info(struct sk_buff *skb, const struct net_device *dev)
{
	const struct cvsw_dev *cv = netdev_priv(dev);

	if (nla_put_u32(skb, IFLA_CVSW_LOWER, cv->lower->ifindex) ||
	    nla_put_u8(skb, IFLA_CVSW_SCLP_TX_MODE, cv->sclp_tx_mode) ||
	    nla_put_u8(skb, IFLA_CVSW_SCLP_TX_EFFECTIVE,
		       cvsw_sclp_tx_effective(cv)) ||
	    nla_put_u32(skb, IFLA_CVSW_REASM_MAX_MEM, cv->reasm_max_mem) ||
	    nla_put_u32(skb, IFLA_CVSW_REASM_TIMEOUT, cv->reasm_timeout_ms))
		return -EMSGSIZE;
	return 0;
}

static struct net *cvsw_get_link_net(const struct net_device *dev)
{
	const struct cvsw_dev *cv = netdev_priv(dev);

	return dev_net(cv->lower);
}

static struct rtnl_link_ops cvsw_link_ops __read_mostly = {
	.kind = "cvsw",
	.maxtype = IFLA_CVSW_MAX,
	.policy = cvsw_link_policy,
	.priv_size = sizeof(struct cvsw_dev),
	.setup = cvsw_setup,
	.validate = cvsw_validate,
	.newlink = cvsw_newlink,
	.changelink = cvsw_changelink,
	.dellink = cvsw_dellink,
	.get_size = cvsw_get_size,
	.fill_info = cvsw_fill_info,
	.get_link_net = cvsw_get_link_net,
};

/* The cvsw device stacked on dev, if any. Under RTNL. */
static struct cvsw_dev *cvsw_upper_of(const struct net_device *dev)
{
	if (rcu_access_pointer(dev->rx_handler) != cvsw_rx_handler)
		return NULL;
	return rtnl_dereference(dev->rx_handler_data);
}

static int cvsw_netdev_event(struct notifier_block *nb, unsigned long event, void *ptr)
{
	struct net_device *lower = netdev_notifier_info_to_dev(ptr);
	struct cvsw_dev *cv = cvsw_upper_of(lower);
	LIST_HEAD(kill);

	if (!cv)
		return NOTIFY_DONE;

	switch (event) {
	case NETDEV_UP:
	case NETDEV_DOWN:
	case NETDEV_CHANGE:
		netif_stacked_transfer_operstate(lower, cv->dev);
		break;
	case NETDEV_CHANGEMTU:
		cvsw_mtu_lower_changed(cv);
		break;
	case NETDEV_PRE_TYPE_CHANGE:
		/* cvsw needs an Ethernet lower. */
		return notifier_from_errno(-EBUSY);
	case NETDEV_UNREGISTER:
		/* A move to another netns also unregisters: the lower lives on. */
		if (lower->reg_state != NETREG_UNREGISTERING)
			break;
		cvsw_link_ops.dellink(cv->dev, &kill);
		unregister_netdevice_many(&kill);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block cvsw_notifier = {
	.notifier_call = cvsw_netdev_event,
};

/*
 * The notifier goes in before the link ops and out after them, so no cvsw
 * device ever exists without it watching its lower device.
 */
int cvsw_device_init(void)
{
	int ret;

	ret = register_netdevice_notifier(&cvsw_notifier);
	if (ret)
		return ret;
	ret = rtnl_link_register(&cvsw_link_ops);
	if (ret)
		unregister_netdevice_notifier(&cvsw_notifier);
	return ret;
}

void cvsw_device_uninit(void)
{
	rtnl_link_unregister(&cvsw_link_ops);
	unregister_netdevice_notifier(&cvsw_notifier);
}
