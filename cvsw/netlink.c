// SPDX-License-Identifier: GPL-2.0
/* The generic netlink family "cvsw": devices and flows (see uapi/cvsw.h). */
#include <linux/netdevice.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "cvsw.h"
#include "compat.h"

#define CVSW_DEFAULT_PRIORITY 32768

static const struct nla_policy cvsw_flow_policy[CVSW_FLOW_A_MAX + 1] = {
	[CVSW_FLOW_A_PRIORITY] = { .type = NLA_U16 },
	[CVSW_FLOW_A_KEY] = NLA_POLICY_EXACT_LEN(sizeof(struct flow_key)),
	[CVSW_FLOW_A_MASK] = NLA_POLICY_EXACT_LEN(sizeof(struct flow_key)),
	[CVSW_FLOW_A_ACTIONS] = NLA_POLICY_EXACT_LEN(sizeof(struct flow_actions)),
	[CVSW_FLOW_A_COOKIE] = { .type = NLA_U64 },
	/* Counters are output only. */
	[CVSW_FLOW_A_PACKETS] = { .type = NLA_REJECT },
	[CVSW_FLOW_A_BYTES] = { .type = NLA_REJECT },
};

static const struct nla_policy cvsw_policy[CVSW_A_MAX + 1] = {
	[CVSW_A_IFINDEX] = { .type = NLA_U32 },
	[CVSW_A_IFNAME] = { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[CVSW_A_FLOW] = NLA_POLICY_NESTED(cvsw_flow_policy),
	[CVSW_A_DEV] = { .type = NLA_REJECT },	/* replies only */
};

static struct genl_family cvsw_genl_family;

/* The cvsw device a request names, held; ERR_PTR with the ack set otherwise. */
static struct net_device *lookup_dev(struct net *net, struct nlattr **attrs,
				     struct netlink_ext_ack *extack)
{
	struct nlattr *ifindex = attrs[CVSW_A_IFINDEX], *ifname = attrs[CVSW_A_IFNAME];
	struct net_device *dev;

	if (ifindex) {
		dev = dev_get_by_index(net, nla_get_u32(ifindex));
		if (dev && ifname && nla_strcmp(ifname, dev->name)) {
			dev_put(dev);
			NL_SET_ERR_MSG_ATTR(extack, ifname, "interface name and index disagree");
			return ERR_PTR(-EINVAL);
		}
	} else if (ifname) {
		dev = dev_get_by_name(net, nla_data(ifname));
	} else {
		NL_SET_ERR_MSG(extack, "no device given (CVSW_A_IFINDEX or CVSW_A_IFNAME)");
		return ERR_PTR(-EINVAL);
	}
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(extack, ifindex ?: ifname, "no such device");
		return ERR_PTR(-ENODEV);
	}
	if (!cvsw_is_cvsw(dev)) {
		dev_put(dev);
		NL_SET_ERR_MSG_ATTR(extack, ifindex ?: ifname, "not a cvsw device");
		return ERR_PTR(-EOPNOTSUPP);
	}
	return dev;
}

static int fill_dev(struct sk_buff *skb, struct net_device *dev)
{
	struct cvsw_dev *cv = netdev_priv(dev);
	struct nlattr *nest;
	u64 hits, misses;

	cvsw_flows_emc_stats(cv, &hits, &misses);
	if (nla_put_u32(skb, CVSW_A_IFINDEX, dev->ifindex) ||
	    nla_put_string(skb, CVSW_A_IFNAME, dev->name))
		return -EMSGSIZE;
	nest = nla_nest_start(skb, CVSW_A_DEV);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, CVSW_DEV_A_LOWER_IFINDEX, cv->lower->ifindex) ||
	    nla_put_u32(skb, CVSW_DEV_A_N_FLOWS, READ_ONCE(cv->n_rules)) ||
	    nla_put_u8(skb, CVSW_DEV_A_SCLP_PROTO, cv->sclp_proto) ||
	    nla_put_u8(skb, CVSW_DEV_A_SCLP_TX_MODE, cvsw_sclp_tx_effective(cv)) ||
	    nla_put_u32(skb, CVSW_DEV_A_REASM_MEM, READ_ONCE(cv->reasm.mem)) ||
	    nla_put_u32(skb, CVSW_DEV_A_REASM_MAX_MEM, READ_ONCE(cv->reasm_max_mem)) ||
	    nla_put_u32(skb, CVSW_DEV_A_REASM_TIMEOUT, READ_ONCE(cv->reasm_timeout_ms)) ||
	    nla_put_u64_64bit(skb, CVSW_DEV_A_EMC_HITS, hits, CVSW_DEV_A_PAD) ||
	    nla_put_u64_64bit(skb, CVSW_DEV_A_EMC_MISSES, misses, CVSW_DEV_A_PAD)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int dev_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *dev;
	struct sk_buff *msg;
	void *hdr;
	int ret;

	dev = lookup_dev(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);

	ret = -ENOMEM;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		goto out;
	hdr = genlmsg_put_reply(msg, info, &cvsw_genl_family, 0, CVSW_CMD_DEV_GET);
	if (!hdr)
		goto err_free;
	ret = fill_dev(msg, dev);
	if (ret)
		goto err_free;
	genlmsg_end(msg, hdr);
	ret = genlmsg_reply(msg, info);
	goto out;

err_free:
	nlmsg_free(msg);
out:
	dev_put(dev);
	return ret;
}

/* cb->args[0]: how many cvsw devices of the netns earlier rounds sent. */
static int dev_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(cb->skb->sk);
	long idx = 0, start = cb->args[0];
	struct net_device *dev;
	void *hdr;

	rcu_read_lock();
	for_each_netdev_rcu(net, dev) {
		if (!cvsw_is_cvsw(dev))
			continue;
		if (idx < start) {
			idx++;
			continue;
		}
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
				  &cvsw_genl_family, NLM_F_MULTI, CVSW_CMD_DEV_GET);
		if (!hdr)
			break;
		if (fill_dev(skb, dev)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
		idx++;
	}
	rcu_read_unlock();
	cb->args[0] = idx;
	return skb->len;
}

/* A rule from CVSW_A_FLOW; for deletion only the match is needed. */
static int parse_flow(struct genl_info *info, struct flow_rule *r, bool need_actions)
{
	struct nlattr *tb[CVSW_FLOW_A_MAX + 1];
	struct nlattr *flow = info->attrs[CVSW_A_FLOW];
	int ret;

	if (!flow) {
		NL_SET_ERR_MSG(info->extack, "no flow given (CVSW_A_FLOW)");
		return -EINVAL;
	}
	ret = nla_parse_nested(tb, CVSW_FLOW_A_MAX, flow, cvsw_flow_policy, info->extack);
	if (ret)
		return ret;

	memset(r, 0, sizeof(*r));
	r->priority = CVSW_DEFAULT_PRIORITY;
	if (tb[CVSW_FLOW_A_PRIORITY])
		r->priority = nla_get_u16(tb[CVSW_FLOW_A_PRIORITY]);
	if (tb[CVSW_FLOW_A_KEY])
		nla_memcpy(&r->key, tb[CVSW_FLOW_A_KEY], sizeof(r->key));
	if (tb[CVSW_FLOW_A_MASK])
		nla_memcpy(&r->mask, tb[CVSW_FLOW_A_MASK], sizeof(r->mask));
	if (tb[CVSW_FLOW_A_ACTIONS])
		nla_memcpy(&r->actions, tb[CVSW_FLOW_A_ACTIONS], sizeof(r->actions));
	if (tb[CVSW_FLOW_A_COOKIE])
		r->cookie = nla_get_u64(tb[CVSW_FLOW_A_COOKIE]);

	if (need_actions && !tb[CVSW_FLOW_A_ACTIONS]) {
		NL_SET_ERR_MSG_ATTR(info->extack, flow, "flow has no actions");
		return -EINVAL;
	}
	if (!need_actions && (!tb[CVSW_FLOW_A_PRIORITY] || !tb[CVSW_FLOW_A_KEY] ||
			      !tb[CVSW_FLOW_A_MASK])) {
		NL_SET_ERR_MSG_ATTR(info->extack, flow, "deletion needs priority, key and mask");
		return -EINVAL;
	}
	return 0;
}

static int flow_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *dev;
	struct flow_rule *r;
	int ret;

	dev = lookup_dev(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	r = kmalloc(sizeof(*r), GFP_KERNEL);	/* too large for the stack */
	ret = -ENOMEM;
	if (r) {
		ret = parse_flow(info, r, true);
		if (!ret)
			ret = cvsw_flow_add(netdev_priv(dev), r, info->extack);
		kfree(r);
	}
	dev_put(dev);
	return ret;
}

static int flow_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *dev;
	struct flow_rule *r;
	int ret;

	dev = lookup_dev(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	r = kmalloc(sizeof(*r), GFP_KERNEL);
	ret = -ENOMEM;
	if (r) {
		ret = parse_flow(info, r, false);
		if (!ret)
			ret = cvsw_flow_del(netdev_priv(dev), r);
		if (ret == -ENOENT)
			NL_SET_ERR_MSG(info->extack, "no flow with that priority and match");
		kfree(r);
	}
	dev_put(dev);
	return ret;
}

static int flow_flush_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *dev;

	dev = lookup_dev(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	cvsw_flow_flush(netdev_priv(dev));
	dev_put(dev);
	return 0;
}

static int fill_flow(struct sk_buff *skb, struct net_device *dev, struct cvsw_rule *rule)
{
	const struct flow_rule *r = &rule->r;
	struct nlattr *nest;

	if (nla_put_u32(skb, CVSW_A_IFINDEX, dev->ifindex))
		return -EMSGSIZE;
	nest = nla_nest_start(skb, CVSW_A_FLOW);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u16(skb, CVSW_FLOW_A_PRIORITY, r->priority) ||
	    nla_put(skb, CVSW_FLOW_A_KEY, sizeof(r->key), &r->key) ||
	    nla_put(skb, CVSW_FLOW_A_MASK, sizeof(r->mask), &r->mask) ||
	    nla_put(skb, CVSW_FLOW_A_ACTIONS, sizeof(r->actions), &r->actions) ||
	    nla_put_u64_64bit(skb, CVSW_FLOW_A_COOKIE, r->cookie, CVSW_FLOW_A_PAD) ||
	    nla_put_u64_64bit(skb, CVSW_FLOW_A_PACKETS, atomic64_read(&rule->packets),
			      CVSW_FLOW_A_PAD) ||
	    nla_put_u64_64bit(skb, CVSW_FLOW_A_BYTES, atomic64_read(&rule->bytes),
			      CVSW_FLOW_A_PAD)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * Flow dump cursor: args[0] the device's ifindex (looked up again every
 * round, so an unfinished dump never pins the device), args[1] the next rule
 * index in the snapshot, args[2] that snapshot's generation. Rules come in
 * lookup order (priority, then age). If the table changes between rounds, the
 * messages carry NLM_F_DUMP_INTR and the client restarts the dump.
 */
static int flow_get_start(struct netlink_callback *cb)
{
	struct net_device *dev;

	dev = lookup_dev(sock_net(cb->skb->sk), compat_dump_attrs(cb), cb->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	cb->args[0] = dev->ifindex;
	cb->args[1] = 0;
	cb->args[2] = 0;
	dev_put(dev);
	return 0;
}

static int flow_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct flow_table *t;
	struct net_device *dev;
	struct cvsw_dev *cv;
	u32 i = cb->args[1];
	void *hdr;

	rcu_read_lock();
	dev = dev_get_by_index_rcu(sock_net(cb->skb->sk), cb->args[0]);
	if (!dev || !cvsw_is_cvsw(dev)) {
		rcu_read_unlock();
		return -ENODEV;	/* deleted during the dump */
	}
	cv = netdev_priv(dev);
	t = rcu_dereference(cv->table);
	cb->args[2] = t ? t->generation : 0;
	cb->seq = cb->args[2];
	for (; t && i < t->n; i++) {
		struct cvsw_rule *rule = container_of(t->rules[i], struct cvsw_rule, r);

		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
				  &cvsw_genl_family, NLM_F_MULTI, CVSW_CMD_FLOW_GET);
		if (!hdr)
			break;
		genl_dump_check_consistent(cb, hdr);
		if (fill_flow(skb, dev, rule)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	rcu_read_unlock();
	cb->args[1] = i;
	return skb->len;
}

/* No .validate flags and no resv_start_op: every command is strictly validated. */
static const struct genl_ops cvsw_genl_ops[] = {
	{
		.cmd = CVSW_CMD_DEV_GET,
		.doit = dev_get_doit,
		.dumpit = dev_get_dumpit,
	},
	{
		.cmd = CVSW_CMD_FLOW_ADD,
		.doit = flow_add_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = CVSW_CMD_FLOW_DEL,
		.doit = flow_del_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = CVSW_CMD_FLOW_GET,
		.start = flow_get_start,
		.dumpit = flow_get_dumpit,
	},
	{
		.cmd = CVSW_CMD_FLOW_FLUSH,
		.doit = flow_flush_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

static struct genl_family cvsw_genl_family __ro_after_init = {
	.name = CVSW_GENL_NAME,
	.version = CVSW_GENL_VERSION,
	.maxattr = CVSW_A_MAX,
	.policy = cvsw_policy,
	.netnsok = true,
	.module = THIS_MODULE,
	.ops = cvsw_genl_ops,
	.n_ops = ARRAY_SIZE(cvsw_genl_ops),
};

int __init cvsw_genl_init(void)
{
	return genl_register_family(&cvsw_genl_family);
}

void cvsw_genl_uninit(void)
{
	genl_unregister_family(&cvsw_genl_family);
}
