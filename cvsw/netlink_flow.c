// SPDX-License-Identifier: GPL-2.0
/*
 * A flow in the generic netlink ABI (uapi/cvsw.h) and back: the nested
 * CVSW_A_FLOW attribute <-> struct cvsw_flow_rule. One policy per nesting
 * level; whatever a policy cannot say is checked here, or by
 * cvsw_flow_rule_validate() when the rule is made, with the offending
 * attribute named in the extended ack.
 */
#include <net/genetlink.h>

#include "cvsw.h"
#include "flowtable/flow_nl.h"

#define CVSW_DEFAULT_PRIORITY 32768

/*
 * The match fields, for KEY and MASK alike (a mask is the same field's bits:
 * IN_PORT's is 0xffffffff, so its value range is checked in parse_match).
 */
static const struct nla_policy key_policy[CVSW_KEY_A_MAX + 1] = {
	[CVSW_KEY_A_IN_PORT] = { .type = NLA_U32 },
	[CVSW_KEY_A_TUN_ID] = { .type = NLA_U64 },
	[CVSW_KEY_A_ETH_SRC] = NLA_POLICY_ETH_ADDR,
	[CVSW_KEY_A_ETH_DST] = NLA_POLICY_ETH_ADDR,
	[CVSW_KEY_A_VLAN_TCI] = { .type = NLA_U16 },
	[CVSW_KEY_A_ETH_TYPE] = { .type = NLA_BE16 },
	[CVSW_KEY_A_IP_PROTO] = { .type = NLA_U8 },
	[CVSW_KEY_A_IP_TOS] = { .type = NLA_U8 },
	[CVSW_KEY_A_IPV4_SRC] = { .type = NLA_BE32 },
	[CVSW_KEY_A_IPV4_DST] = { .type = NLA_BE32 },
	[CVSW_KEY_A_IPV6_SRC] = NLA_POLICY_EXACT_LEN(16),
	[CVSW_KEY_A_IPV6_DST] = NLA_POLICY_EXACT_LEN(16),
	[CVSW_KEY_A_TP_SRC] = { .type = NLA_BE16 },
	[CVSW_KEY_A_TP_DST] = { .type = NLA_BE16 },
	[CVSW_KEY_A_TUN_OPT_CLASS] = { .type = NLA_BE16 },
	[CVSW_KEY_A_TUN_OPT_TYPE] = { .type = NLA_U8 },
	[CVSW_KEY_A_TUN_OPT_DATA] = { .type = NLA_BE32 },
};

static const struct nla_policy encap_policy[CVSW_ENCAP_A_MAX + 1] = {
	[CVSW_ENCAP_A_TYPE] = NLA_POLICY_RANGE(NLA_U8, CVSW_ENCAP_VXLAN, __CVSW_ENCAP_MAX - 1),
	[CVSW_ENCAP_A_VNI] = { .type = NLA_U32 },
	[CVSW_ENCAP_A_IPV4_REMOTE] = { .type = NLA_BE32 },
	[CVSW_ENCAP_A_IPV6_REMOTE] = NLA_POLICY_EXACT_LEN(16),
	[CVSW_ENCAP_A_IPV4_LOCAL] = { .type = NLA_BE32 },
	[CVSW_ENCAP_A_IPV6_LOCAL] = NLA_POLICY_EXACT_LEN(16),
	[CVSW_ENCAP_A_TTL] = { .type = NLA_U8 },
	[CVSW_ENCAP_A_TOS] = { .type = NLA_U8 },
	[CVSW_ENCAP_A_DPORT] = { .type = NLA_BE16 },
	[CVSW_ENCAP_A_SPORT] = { .type = NLA_BE16 },
	[CVSW_ENCAP_A_FLOWID] = { .type = NLA_U8 },
	[CVSW_ENCAP_A_GENEVE_OPTS] = { .type = NLA_BINARY, .len = CVSW_GENEVE_MAX_OPTS_LEN },
};

static const struct nla_policy action_policy[CVSW_ACTION_A_MAX + 1] = {
	[CVSW_ACTION_A_OUTPUT] = NLA_POLICY_RANGE(NLA_U32, CVSW_PORT_LOCAL, CVSW_PORT_LOWER),
	[CVSW_ACTION_A_ENCAP] = NLA_POLICY_NESTED(encap_policy),
	[CVSW_ACTION_A_DECAP] = { .type = NLA_FLAG },
	[CVSW_ACTION_A_DROP] = { .type = NLA_FLAG },
	[CVSW_ACTION_A_SET_VLAN] = NLA_POLICY_MAX(NLA_U16, 4095),
	[CVSW_ACTION_A_STRIP_VLAN] = { .type = NLA_FLAG },
};

const struct nla_policy cvsw_nl_flow_policy[CVSW_FLOW_A_MAX + 1] = {
	[CVSW_FLOW_A_PRIORITY] = { .type = NLA_U16 },
	[CVSW_FLOW_A_KEY] = NLA_POLICY_NESTED(key_policy),
	[CVSW_FLOW_A_MASK] = NLA_POLICY_NESTED(key_policy),
	/* A list: the same action may come twice, in order (parse_actions). */
	[CVSW_FLOW_A_ACTIONS] = NLA_POLICY_NESTED(action_policy),
	[CVSW_FLOW_A_COOKIE] = { .type = NLA_U64 },
	/* Counters are output only. */
	[CVSW_FLOW_A_PACKETS] = { .type = NLA_REJECT },
	[CVSW_FLOW_A_BYTES] = { .type = NLA_REJECT },
};

static int parse_match(const struct nlattr *key, const struct nlattr *mask,
		       struct cvsw_flow_rule *r, struct netlink_ext_ack *extack)
{
	struct nlattr *k[CVSW_KEY_A_MAX + 1] = {}, *m[CVSW_KEY_A_MAX + 1] = {};
	u8 *kb = (u8 *)&r->key, *mb = (u8 *)&r->mask;
	const struct cvsw_flow_nl_field *f;
	const char *why;
	u32 i, j;
	int ret;

	ret = key ? nla_parse_nested(k, CVSW_KEY_A_MAX, key, key_policy, extack) : 0;
	if (!ret && mask)
		ret = nla_parse_nested(m, CVSW_KEY_A_MAX, mask, key_policy, extack);
	if (ret)
		return ret;
	if (k[CVSW_KEY_A_IN_PORT]) {
		u32 port = nla_get_u32(k[CVSW_KEY_A_IN_PORT]);

		if (port < CVSW_PORT_LOCAL || port > CVSW_PORT_LOWER) {
			NL_SET_ERR_MSG_ATTR(extack, k[CVSW_KEY_A_IN_PORT], "no such port");
			return -EINVAL;
		}
	}
	for (i = 0; i < cvsw_flow_nl_n_fields; i++) {
		f = &cvsw_flow_nl_fields[i];
		if (m[f->attr])
			memcpy(mb + f->offset, nla_data(m[f->attr]), f->len);
		else if (k[f->attr])
			memset(mb + f->offset, 0xff, f->len);	/* exact */
		if (k[f->attr])
			memcpy(kb + f->offset, nla_data(k[f->attr]), f->len);
	}
	for (i = 0; i < cvsw_flow_nl_n_fields; i++) {
		const struct nlattr *a;

		f = &cvsw_flow_nl_fields[i];
		a = k[f->attr] ?: m[f->attr];
		if (!a)
			continue;
		why = cvsw_flow_nl_prereq(&r->key, &r->mask, f);
		if (why) {
			/* A static string from the shared table, not a literal here. */
			if (extack)
				extack->_msg = why;
			NL_SET_BAD_ATTR(extack, a);
			return -EINVAL;
		}
		for (j = 0; k[f->attr] && j < f->len; j++) {
			if (kb[f->offset + j] & ~mb[f->offset + j]) {
				NL_SET_ERR_MSG_ATTR(extack, k[f->attr], "value has bits outside its mask");
				return -EINVAL;
			}
		}
	}
	return 0;
}

/* One address of the encap's family into a 16-byte field. */
static int encap_addr(struct nlattr **tb, int v4, int v6, u8 *family, u8 *addr,
		      struct netlink_ext_ack *extack)
{
	struct nlattr *a = tb[v4] ?: tb[v6];

	if (tb[v4] && tb[v6]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[v6], "an IPv4 and an IPv6 address");
		return -EINVAL;
	}
	if (!a)
		return 0;
	if (*family && *family != (tb[v4] ? 4 : 6)) {
		NL_SET_ERR_MSG_ATTR(extack, a, "local and remote addresses of different families");
		return -EINVAL;
	}
	*family = tb[v4] ? 4 : 6;
	memcpy(addr, nla_data(a), nla_len(a));
	return 0;
}

static int parse_encap(const struct nlattr *nest, struct flow_encap *e,
		       struct netlink_ext_ack *extack)
{
	struct nlattr *tb[CVSW_ENCAP_A_MAX + 1];
	int ret;

	ret = nla_parse_nested(tb, CVSW_ENCAP_A_MAX, nest, encap_policy, extack);
	if (ret)
		return ret;
	if (NL_REQ_ATTR_CHECK(extack, nest, tb, CVSW_ENCAP_A_TYPE)) {
		NL_SET_ERR_MSG(extack, "encap: no tunnel type (CVSW_ENCAP_A_TYPE)");
		return -EINVAL;
	}
	if (!tb[CVSW_ENCAP_A_IPV4_REMOTE] && !tb[CVSW_ENCAP_A_IPV6_REMOTE]) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "encap: no remote address");
		return -EINVAL;
	}
	e->type = nla_get_u8(tb[CVSW_ENCAP_A_TYPE]);
	ret = encap_addr(tb, CVSW_ENCAP_A_IPV4_REMOTE, CVSW_ENCAP_A_IPV6_REMOTE, &e->family,
			 e->remote, extack);
	if (!ret)
		ret = encap_addr(tb, CVSW_ENCAP_A_IPV4_LOCAL, CVSW_ENCAP_A_IPV6_LOCAL, &e->family,
				 e->local, extack);
	if (ret)
		return ret;
	if (tb[CVSW_ENCAP_A_VNI])
		e->vni = nla_get_u32(tb[CVSW_ENCAP_A_VNI]);
	if (tb[CVSW_ENCAP_A_TTL])
		e->ttl = nla_get_u8(tb[CVSW_ENCAP_A_TTL]);
	if (tb[CVSW_ENCAP_A_TOS])
		e->tos = nla_get_u8(tb[CVSW_ENCAP_A_TOS]);
	if (tb[CVSW_ENCAP_A_DPORT])
		e->dport = nla_get_be16(tb[CVSW_ENCAP_A_DPORT]);
	if (tb[CVSW_ENCAP_A_SPORT])
		e->sport = nla_get_be16(tb[CVSW_ENCAP_A_SPORT]);
	if (tb[CVSW_ENCAP_A_FLOWID])
		e->flowid = nla_get_u8(tb[CVSW_ENCAP_A_FLOWID]);
	if (tb[CVSW_ENCAP_A_GENEVE_OPTS]) {
		e->opts_len = nla_len(tb[CVSW_ENCAP_A_GENEVE_OPTS]);
		memcpy(e->opts, nla_data(tb[CVSW_ENCAP_A_GENEVE_OPTS]), e->opts_len);
	}
	return 0;
}

/* The actions in the order given; the policy has checked each one's type and range. */
static int parse_actions(const struct nlattr *nest, struct flow_actions *a,
			 struct netlink_ext_ack *extack)
{
	const struct nlattr *pos;
	int rem, ret;

	nla_for_each_nested(pos, nest, rem) {
		struct cvsw_flow_action *act;

		if (a->n == FLOW_MAX_ACTIONS) {
			NL_SET_ERR_MSG_ATTR(extack, pos, "too many actions");
			return -EINVAL;
		}
		act = &a->act[a->n++];
		act->type = cvsw_flow_nl_action_type(nla_type(pos));
		switch (nla_type(pos)) {
		case CVSW_ACTION_A_OUTPUT:
			act->arg = nla_get_u32(pos);
			break;
		case CVSW_ACTION_A_SET_VLAN:
			act->arg = nla_get_u16(pos);
			break;
		case CVSW_ACTION_A_ENCAP:
			if (a->encap.type) {
				NL_SET_ERR_MSG_ATTR(extack, pos, "more than one encap action");
				return -EINVAL;
			}
			ret = parse_encap(pos, &a->encap, extack);
			if (ret)
				return ret;
			break;
		}
	}
	if (!a->n) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "no actions (use drop)");
		return -EINVAL;
	}
	return 0;
}

int cvsw_nl_flow_parse(const struct nlattr *flow, struct netlink_ext_ack *extack,
		       struct cvsw_flow_rule *r, bool need_actions, bool need_match)
{
	struct nlattr *tb[CVSW_FLOW_A_MAX + 1];
	int ret;

	ret = nla_parse_nested(tb, CVSW_FLOW_A_MAX, flow, cvsw_nl_flow_policy, extack);
	if (ret)
		return ret;

	memset(r, 0, sizeof(*r));
	r->priority = CVSW_DEFAULT_PRIORITY;
	if (tb[CVSW_FLOW_A_PRIORITY])
		r->priority = nla_get_u16(tb[CVSW_FLOW_A_PRIORITY]);
	if (tb[CVSW_FLOW_A_COOKIE])
		r->cookie = nla_get_u64(tb[CVSW_FLOW_A_COOKIE]);
	if (need_match && !tb[CVSW_FLOW_A_PRIORITY]) {
		NL_SET_ERR_MSG_ATTR(extack, flow, "deletion needs the flow's priority");
		return -EINVAL;
	}
	ret = parse_match(tb[CVSW_FLOW_A_KEY], tb[CVSW_FLOW_A_MASK], r, extack);
	if (ret)
		return ret;
	if (tb[CVSW_FLOW_A_ACTIONS])
		return parse_actions(tb[CVSW_FLOW_A_ACTIONS], &r->actions, extack);
	if (need_actions) {
		NL_SET_ERR_MSG_ATTR(extack, flow, "flow has no actions");
		return -EINVAL;
	}
	return 0;
}

static int put_match(struct sk_buff *skb, int type, const struct flow_key *values,
		     const struct cvsw_flow_rule *r)
{
	struct nlattr *nest = nla_nest_start(skb, type);
	u32 i;

	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < cvsw_flow_nl_n_fields; i++) {
		const struct cvsw_flow_nl_field *f = &cvsw_flow_nl_fields[i];

		if (cvsw_flow_nl_field_in(&r->key, &r->mask, f) &&
		    nla_put(skb, f->attr, f->len, (const u8 *)values + f->offset))
			return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static bool any_set(const u8 *p, u32 n)
{
	return memchr_inv(p, 0, n) != NULL;
}

static int put_encap(struct sk_buff *skb, const struct flow_encap *e)
{
	struct nlattr *nest = nla_nest_start(skb, CVSW_ACTION_A_ENCAP);
	bool v4 = e->family == 4;
	u32 alen = v4 ? 4 : 16;

	if (!nest ||
	    nla_put_u8(skb, CVSW_ENCAP_A_TYPE, e->type) ||
	    nla_put_u32(skb, CVSW_ENCAP_A_VNI, e->vni) ||
	    nla_put(skb, v4 ? CVSW_ENCAP_A_IPV4_REMOTE : CVSW_ENCAP_A_IPV6_REMOTE, alen, e->remote) ||
	    (any_set(e->local, alen) &&
	     nla_put(skb, v4 ? CVSW_ENCAP_A_IPV4_LOCAL : CVSW_ENCAP_A_IPV6_LOCAL, alen, e->local)) ||
	    (e->ttl && nla_put_u8(skb, CVSW_ENCAP_A_TTL, e->ttl)) ||
	    (e->tos && nla_put_u8(skb, CVSW_ENCAP_A_TOS, e->tos)) ||
	    (e->dport && nla_put_be16(skb, CVSW_ENCAP_A_DPORT, e->dport)) ||
	    (e->sport && nla_put_be16(skb, CVSW_ENCAP_A_SPORT, e->sport)) ||
	    (e->flowid && nla_put_u8(skb, CVSW_ENCAP_A_FLOWID, e->flowid)) ||
	    (e->opts_len && nla_put(skb, CVSW_ENCAP_A_GENEVE_OPTS, e->opts_len, e->opts)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int put_actions(struct sk_buff *skb, const struct flow_actions *a)
{
	struct nlattr *nest = nla_nest_start(skb, CVSW_FLOW_A_ACTIONS);
	u32 i;
	int ret;

	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < a->n; i++) {
		const struct cvsw_flow_action *act = &a->act[i];
		u16 attr = cvsw_flow_nl_action_attr(act->type);

		switch (act->type) {
		case FLOW_ACT_OUTPUT:
			ret = nla_put_u32(skb, attr, act->arg);
			break;
		case FLOW_ACT_SET_VLAN:
			ret = nla_put_u16(skb, attr, act->arg);
			break;
		case FLOW_ACT_ENCAP:
			ret = put_encap(skb, &a->encap);
			break;
		default:
			ret = nla_put_flag(skb, attr);
		}
		if (ret)
			return ret;
	}
	nla_nest_end(skb, nest);
	return 0;
}

int cvsw_nl_flow_put(struct sk_buff *skb, const struct cvsw_flow_rule *r, u64 packets, u64 bytes)
{
	struct nlattr *nest = nla_nest_start(skb, CVSW_A_FLOW);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u16(skb, CVSW_FLOW_A_PRIORITY, r->priority) ||
	    put_match(skb, CVSW_FLOW_A_KEY, &r->key, r) ||
	    put_match(skb, CVSW_FLOW_A_MASK, &r->mask, r) ||
	    put_actions(skb, &r->actions) ||
	    nla_put_u64_64bit(skb, CVSW_FLOW_A_COOKIE, r->cookie, CVSW_FLOW_A_PAD) ||
	    nla_put_u64_64bit(skb, CVSW_FLOW_A_PACKETS, packets, CVSW_FLOW_A_PAD) ||
	    nla_put_u64_64bit(skb, CVSW_FLOW_A_BYTES, bytes, CVSW_FLOW_A_PAD)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}
