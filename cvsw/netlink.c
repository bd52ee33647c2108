// SPDX-License-Identifier: GPL-2.0
/* The generic netlink family "cvsw": devices and flows (see uapi/cvsw.h). */
#include <linux/netdevice.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "cvsw.h"
#include "compat.h"

static struct netlink_range_validation max_flows_range __ro_after_init = {
	.min = 1,
	.max = CVSW_MAX_FLOWS_CEILING,
};

static const struct nla_policy cvsw_policy[CVSW_A_MAX + 1] = {
	[CVSW_A_IFINDEX] = { .type = NLA_U32 },
	[CVSW_A_IFNAME] = { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[CVSW_A_FLOW] = NLA_POLICY_NESTED(cvsw_nl_flow_policy),
	[CVSW_A_DEV] = { .type = NLA_REJECT },	/* replies only */
	/* Entries are parsed one by one (parse_batch): each gets the flow policy. */
	[CVSW_A_FLOWS] = { .type = NLA_NESTED },
	[CVSW_A_NON_STRICT] = { .type = NLA_FLAG },
	[CVSW_A_REPLACE_FLAGS] = NLA_POLICY_MASK(NLA_U32, CVSW_REPLACE_BEGIN |
						 CVSW_REPLACE_COMMIT | CVSW_REPLACE_ABORT),
	[CVSW_A_MAX_FLOWS] = NLA_POLICY_FULL_RANGE(NLA_U32, &max_flows_range),
	[CVSW_A_N_FLOWS] = { .type = NLA_REJECT },	/* replies only */
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
	struct cvsw_flows_info fi;
	struct nlattr *nest;
	u64 hits, misses;

	cvsw_flows_emc_stats(cv, &hits, &misses);
	cvsw_flows_info(cv, &fi);
	if (nla_put_u32(skb, CVSW_A_IFINDEX, dev->ifindex) ||
	    nla_put_string(skb, CVSW_A_IFNAME, dev->name))
		return -EMSGSIZE;
	nest = nla_nest_start(skb, CVSW_A_DEV);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, CVSW_DEV_A_LOWER_IFINDEX, cv->lower->ifindex) ||
	    nla_put_u32(skb, CVSW_DEV_A_N_FLOWS, fi.n_rules) ||
	    nla_put_u32(skb, CVSW_DEV_A_MAX_FLOWS, fi.max_rules) ||
	    nla_put_u32(skb, CVSW_DEV_A_STAGED_FLOWS, fi.n_staged) ||
	    nla_put_u64_64bit(skb, CVSW_DEV_A_CLS_MEMORY, fi.cls_memory, CVSW_DEV_A_PAD) ||
	    nla_put_u64_64bit(skb, CVSW_DEV_A_RULES_MEMORY, fi.rules_memory, CVSW_DEV_A_PAD) ||
	    nla_put_u8(skb, CVSW_DEV_A_SCLP_PROTO, cv->sclp_proto) ||
	    nla_put_u8(skb, CVSW_DEV_A_SCLP_TX_MODE, cvsw_sclp_tx_effective(cv)) ||
	    nla_put_u32(skb, CVSW_DEV_A_REASM_MEM, atomic_read(&cv->reasm_mem)) ||
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

/* "flow N: why" where the kernel formats acks (6.2+); the offset points at it anyway. */
static void batch_error(struct netlink_ext_ack *extack, const struct nlattr *flow, u32 idx)
{
	if (!extack)
		return;
	if (!extack->bad_attr)
		NL_SET_BAD_ATTR(extack, flow);
#ifdef NL_SET_ERR_MSG_FMT
	{
		/* The message may already sit in _msg_buf, which FMT writes. */
		char why[NETLINK_MAX_FMTMSG_LEN];

		strscpy(why, extack->_msg ?: "invalid flow", sizeof(why));
		NL_SET_ERR_MSG_FMT(extack, "flow %u: %s", idx, why);
	}
#endif
}

/*
 * The flows of a FLOW_ADD or FLOW_REPLACE: CVSW_A_FLOW, or the entries of
 * CVSW_A_FLOWS, each parsed and validated as a single add and allocated.
 * All or nothing: on error nothing is kept (the ack names the flow).
 */
static int parse_batch(struct genl_info *info, struct cvsw_rule ***rulesp, u32 *np,
		       bool need_one)
{
	struct nlattr *one = info->attrs[CVSW_A_FLOW], *many = info->attrs[CVSW_A_FLOWS];
	struct cvsw_rule **rules = NULL;
	struct cvsw_flow_rule *r = NULL;
	const struct nlattr *pos;
	u32 n = 0, i = 0;
	int rem, ret;

	*rulesp = NULL;
	*np = 0;
	if (one && many) {
		NL_SET_ERR_MSG_ATTR(info->extack, many, "give CVSW_A_FLOW or CVSW_A_FLOWS, not both");
		return -EINVAL;
	}
	if (one) {
		n = 1;
	} else if (many) {
		nla_for_each_nested(pos, many, rem) {
			if (nla_type(pos) != CVSW_A_FLOW) {
				NL_SET_ERR_MSG_ATTR(info->extack, pos,
						    "CVSW_A_FLOWS holds CVSW_A_FLOW entries only");
				return -EINVAL;
			}
			n++;
		}
	}
	if (!n) {
		if (!need_one)
			return 0;
		NL_SET_ERR_MSG(info->extack, "no flow given (CVSW_A_FLOW or CVSW_A_FLOWS)");
		return -EINVAL;
	}

	ret = -ENOMEM;
	rules = kvcalloc(n, sizeof(*rules), GFP_KERNEL);
	r = kmalloc(sizeof(*r), GFP_KERNEL);	/* too large for the stack */
	if (!rules || !r)
		goto err;
	if (one) {
		ret = cvsw_nl_flow_parse(one, info->extack, r, true, false);
		if (!ret) {
			rules[0] = cvsw_rule_new(r, info->extack);
			ret = IS_ERR(rules[0]) ? PTR_ERR(rules[0]) : 0;
			if (ret) {
				rules[0] = NULL;
				if (ret == -EINVAL)
					NL_SET_BAD_ATTR(info->extack, one);
			}
		}
		if (ret)
			goto err;
		i = 1;
	} else {
		nla_for_each_nested(pos, many, rem) {
			ret = cvsw_nl_flow_parse(pos, info->extack, r, true, false);
			if (!ret) {
				rules[i] = cvsw_rule_new(r, info->extack);
				ret = IS_ERR(rules[i]) ? PTR_ERR(rules[i]) : 0;
				if (ret)
					rules[i] = NULL;
			}
			if (ret) {
				if (ret != -ENOMEM)
					batch_error(info->extack, pos, i);
				goto err;
			}
			i++;
			if (!(i % 256))
				cond_resched();
		}
	}
	kfree(r);
	*rulesp = rules;
	*np = i;
	return 0;

err:
	while (i--)
		cvsw_rule_free(rules[i]);
	kvfree(rules);
	kfree(r);
	return ret;
}

static int flow_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct cvsw_rule **rules;
	struct net_device *dev;
	u32 n;
	int ret;

	dev = lookup_dev(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	ret = parse_batch(info, &rules, &n, true);
	if (!ret) {
		ret = cvsw_flows_add(netdev_priv(dev), rules, n, info->extack);
		kvfree(rules);
	}
	dev_put(dev);
	return ret;
}

static int flow_replace_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct cvsw_rule **rules;
	struct net_device *dev;
	u32 n, flags;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, CVSW_A_REPLACE_FLAGS))
		return -EINVAL;
	flags = nla_get_u32(info->attrs[CVSW_A_REPLACE_FLAGS]);
	dev = lookup_dev(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	ret = parse_batch(info, &rules, &n, false);
	if (!ret) {
		ret = cvsw_flows_stage(netdev_priv(dev), genl_info_net(info), info->snd_portid,
				       flags, rules, n, info->extack);
		kvfree(rules);
	}
	dev_put(dev);
	return ret;
}

static int flow_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	bool strict = !info->attrs[CVSW_A_NON_STRICT];
	struct cvsw_flow_rule *r = NULL;
	struct net_device *dev;
	struct sk_buff *msg;
	u32 n = 0;
	void *hdr;
	int ret;

	dev = lookup_dev(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	ret = -ENOMEM;
	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		goto out;
	if (info->attrs[CVSW_A_FLOW]) {
		ret = cvsw_nl_flow_parse(info->attrs[CVSW_A_FLOW], info->extack, r, false, strict);
	} else if (strict) {
		NL_SET_ERR_MSG(info->extack, "no flow given (CVSW_A_FLOW)");
		ret = -EINVAL;
	} else {
		ret = 0;	/* non-strict without a match: every rule */
	}
	if (ret)
		goto out;
	ret = cvsw_flows_del(netdev_priv(dev), r, strict, &n);
	if (ret == -ENOENT)
		NL_SET_ERR_MSG(info->extack, "no flow with that priority and match");
	if (ret || strict)
		goto out;

	ret = -ENOMEM;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		goto out;
	hdr = genlmsg_put_reply(msg, info, &cvsw_genl_family, 0, CVSW_CMD_FLOW_DEL);
	if (!hdr || nla_put_u32(msg, CVSW_A_IFINDEX, dev->ifindex) ||
	    nla_put_u32(msg, CVSW_A_N_FLOWS, n)) {
		nlmsg_free(msg);
		goto out;
	}
	genlmsg_end(msg, hdr);
	ret = genlmsg_reply(msg, info);
out:
	kfree(r);
	dev_put(dev);
	return ret;
}

static int flow_flush_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *dev;
	int ret;

	dev = lookup_dev(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	ret = cvsw_flow_flush(netdev_priv(dev));
	dev_put(dev);
	return ret;
}

static int dev_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *dev;
	int ret = 0;

	dev = lookup_dev(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	if (info->attrs[CVSW_A_MAX_FLOWS]) {
		ret = cvsw_flows_set_max(netdev_priv(dev),
					 nla_get_u32(info->attrs[CVSW_A_MAX_FLOWS]), info->extack);
	} else {
		NL_SET_ERR_MSG(info->extack, "nothing to set (CVSW_A_MAX_FLOWS)");
		ret = -EINVAL;
	}
	dev_put(dev);
	return ret;
}

static int fill_flow(struct sk_buff *skb, struct net_device *dev, struct cvsw_rule *rule)
{
	u64 packets, bytes;

	cvsw_rule_counters(rule, &packets, &bytes);
	if (nla_put_u32(skb, CVSW_A_IFINDEX, dev->ifindex))
		return -EMSGSIZE;
	return cvsw_nl_flow_put(skb, &rule->r, packets, bytes);
}

/*
 * Flow dump cursor, safe across callbacks whatever changes in between:
 * args[0] the device's ifindex (looked up again every round, so an
 * unfinished dump never pins the device), args[1] whether a rule was sent,
 * args[2] the last rule's priority, args[3]/args[4] its age (low/high 32
 * bits). Each round resumes after that (priority, age) position in the live
 * set's tree, which is in lookup order; no pointer is kept between rounds.
 * A rule present for the whole dump is sent exactly once; if the set changes
 * between rounds the messages carry NLM_F_DUMP_INTR and the client restarts.
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
	cb->args[3] = 0;
	cb->args[4] = 0;
	dev_put(dev);
	return 0;
}

struct dump_ctx {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	struct net_device *dev;
	const u32 *gen;         /* the live set's change count, set by the walk */
};

static int dump_one(struct cvsw_rule *rule, void *arg)
{
	struct dump_ctx *d = arg;
	void *hdr;

	hdr = genlmsg_put(d->skb, NETLINK_CB(d->cb->skb).portid, d->cb->nlh->nlmsg_seq,
			  &cvsw_genl_family, NLM_F_MULTI, CVSW_CMD_FLOW_GET);
	if (!hdr)
		return -EMSGSIZE;
	d->cb->seq = *d->gen;
	genl_dump_check_consistent(d->cb, hdr);
	if (fill_flow(d->skb, d->dev, rule)) {
		genlmsg_cancel(d->skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(d->skb, hdr);
	return 0;
}

static int flow_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct cvsw_dump_pos pos = {
		.started = cb->args[1],
		.prio = cb->args[2],
		.age = (u64)(u32)cb->args[3] | (u64)(u32)cb->args[4] << 32,
	};
	struct dump_ctx d = { .skb = skb, .cb = cb };
	u32 gen = 0;

	d.dev = dev_get_by_index(sock_net(cb->skb->sk), cb->args[0]);
	if (!d.dev || !cvsw_is_cvsw(d.dev)) {
		if (d.dev)
			dev_put(d.dev);
		return -ENODEV;	/* deleted during the dump */
	}
	/* dump_one sets cb->seq from gen, read under flows_lock. */
	d.gen = &gen;
	cvsw_flows_walk(netdev_priv(d.dev), &pos, &gen, dump_one, &d);
	dev_put(d.dev);
	cb->args[1] = pos.started;
	cb->args[2] = pos.prio;
	cb->args[3] = (u32)pos.age;
	cb->args[4] = (u32)(pos.age >> 32);
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
	{
		.cmd = CVSW_CMD_DEV_SET,
		.doit = dev_set_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = CVSW_CMD_FLOW_REPLACE,
		.doit = flow_replace_doit,
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
