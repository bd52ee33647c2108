// SPDX-License-Identifier: GPL-2.0
/*
 * cvsw-ctl's side of the flow ABI: struct cvsw_flow_rule <-> CVSW_A_FLOW.
 * Which key attribute carries which field comes from flowtable/flow_nl.c,
 * the table the kernel reads too.
 */
#include <string.h>

#include "flow_nl.h"
#include "flowtable/flow_nl.h"

static void put_match(struct nlmsghdr *nlh, uint16_t type, const struct flow_key *values,
		      const struct cvsw_flow_rule *r)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, type);

	for (u32 i = 0; i < cvsw_flow_nl_n_fields; i++) {
		const struct cvsw_flow_nl_field *f = &cvsw_flow_nl_fields[i];

		if (cvsw_flow_nl_field_in(&r->key, &r->mask, f))
			mnl_attr_put(nlh, f->attr, f->len, (const u8 *)values + f->offset);
	}
	mnl_attr_nest_end(nlh, nest);
}

static bool any_set(const u8 *p, size_t n)
{
	while (n--)
		if (*p++)
			return true;
	return false;
}

static void put_encap(struct nlmsghdr *nlh, const struct flow_encap *e)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, CVSW_ACTION_A_ENCAP);
	bool v4 = e->family == 4;
	size_t alen = v4 ? 4 : 16;

	mnl_attr_put_u8(nlh, CVSW_ENCAP_A_TYPE, e->type);
	mnl_attr_put_u32(nlh, CVSW_ENCAP_A_VNI, e->vni);
	mnl_attr_put(nlh, v4 ? CVSW_ENCAP_A_IPV4_REMOTE : CVSW_ENCAP_A_IPV6_REMOTE, alen, e->remote);
	if (any_set(e->local, alen))
		mnl_attr_put(nlh, v4 ? CVSW_ENCAP_A_IPV4_LOCAL : CVSW_ENCAP_A_IPV6_LOCAL, alen,
			     e->local);
	if (e->ttl)
		mnl_attr_put_u8(nlh, CVSW_ENCAP_A_TTL, e->ttl);
	if (e->tos)
		mnl_attr_put_u8(nlh, CVSW_ENCAP_A_TOS, e->tos);
	if (e->dport)
		mnl_attr_put(nlh, CVSW_ENCAP_A_DPORT, 2, &e->dport);
	if (e->sport)
		mnl_attr_put(nlh, CVSW_ENCAP_A_SPORT, 2, &e->sport);
	if (e->flowid)
		mnl_attr_put_u8(nlh, CVSW_ENCAP_A_FLOWID, e->flowid);
	if (e->opts_len)
		mnl_attr_put(nlh, CVSW_ENCAP_A_GENEVE_OPTS, e->opts_len, e->opts);
	mnl_attr_nest_end(nlh, nest);
}

static void put_actions(struct nlmsghdr *nlh, const struct flow_actions *a)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, CVSW_FLOW_A_ACTIONS);

	for (u32 i = 0; i < a->n; i++) {
		const struct cvsw_flow_action *act = &a->act[i];
		uint16_t attr = cvsw_flow_nl_action_attr(act->type);

		if (act->type == FLOW_ACT_OUTPUT)
			mnl_attr_put_u32(nlh, attr, act->arg);
		else if (act->type == FLOW_ACT_SET_VLAN)
			mnl_attr_put_u16(nlh, attr, act->arg);
		else if (act->type == FLOW_ACT_ENCAP)
			put_encap(nlh, &a->encap);
		else
			mnl_attr_put(nlh, attr, 0, NULL);	/* a flag */
	}
	mnl_attr_nest_end(nlh, nest);
}

void flow_nl_put(struct nlmsghdr *nlh, const struct cvsw_flow_rule *r, bool with_actions)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, CVSW_A_FLOW);

	mnl_attr_put_u16(nlh, CVSW_FLOW_A_PRIORITY, r->priority);
	put_match(nlh, CVSW_FLOW_A_KEY, &r->key, r);
	put_match(nlh, CVSW_FLOW_A_MASK, &r->mask, r);
	if (with_actions) {
		put_actions(nlh, &r->actions);
		mnl_attr_put_u64(nlh, CVSW_FLOW_A_COOKIE, r->cookie);
	}
	mnl_attr_nest_end(nlh, nest);
}

/* ---- replies ------------------------------------------------------------- */

/* The kernel sends what it validated: a wrong length here is a broken reply. */
static int read_match(const struct nlattr *nest, struct flow_key *out)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest) {
		for (u32 i = 0; i < cvsw_flow_nl_n_fields; i++) {
			const struct cvsw_flow_nl_field *f = &cvsw_flow_nl_fields[i];

			if (f->attr != mnl_attr_get_type(a))
				continue;
			if (mnl_attr_get_payload_len(a) != f->len)
				return -1;
			memcpy((u8 *)out + f->offset, mnl_attr_get_payload(a), f->len);
		}
	}
	return 0;
}

static int read_encap(const struct nlattr *nest, struct flow_encap *e)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest) {
		const void *p = mnl_attr_get_payload(a);
		uint16_t len = mnl_attr_get_payload_len(a);

		switch (mnl_attr_get_type(a)) {
		case CVSW_ENCAP_A_TYPE: e->type = *(const u8 *)p; break;
		case CVSW_ENCAP_A_VNI: e->vni = mnl_attr_get_u32(a); break;
		case CVSW_ENCAP_A_IPV4_REMOTE: e->family = 4; memcpy(e->remote, p, 4); break;
		case CVSW_ENCAP_A_IPV6_REMOTE: e->family = 6; memcpy(e->remote, p, 16); break;
		case CVSW_ENCAP_A_IPV4_LOCAL: memcpy(e->local, p, 4); break;
		case CVSW_ENCAP_A_IPV6_LOCAL: memcpy(e->local, p, 16); break;
		case CVSW_ENCAP_A_TTL: e->ttl = *(const u8 *)p; break;
		case CVSW_ENCAP_A_TOS: e->tos = *(const u8 *)p; break;
		case CVSW_ENCAP_A_DPORT: memcpy(&e->dport, p, 2); break;
		case CVSW_ENCAP_A_SPORT: memcpy(&e->sport, p, 2); break;
		case CVSW_ENCAP_A_FLOWID: e->flowid = *(const u8 *)p; break;
		case CVSW_ENCAP_A_GENEVE_OPTS:
			if (len > sizeof(e->opts))
				return -1;
			e->opts_len = (u8)len;
			memcpy(e->opts, p, len);
			break;
		}
	}
	return 0;
}

static int read_actions(const struct nlattr *nest, struct flow_actions *acts)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest) {
		struct cvsw_flow_action *act;

		if (acts->n == FLOW_MAX_ACTIONS)
			return -1;
		act = &acts->act[acts->n++];
		act->type = cvsw_flow_nl_action_type(mnl_attr_get_type(a));
		if (act->type == FLOW_ACT_OUTPUT)
			act->arg = (u16)mnl_attr_get_u32(a);
		else if (act->type == FLOW_ACT_SET_VLAN)
			act->arg = mnl_attr_get_u16(a);
		else if (act->type == FLOW_ACT_ENCAP && read_encap(a, &acts->encap))
			return -1;
	}
	return 0;
}

int flow_nl_parse(const struct nlattr *flow, struct cvsw_flow_rule *r)
{
	const struct nlattr *a;
	int ret = 0;

	memset(r, 0, sizeof(*r));
	mnl_attr_for_each_nested(a, flow) {
		switch (mnl_attr_get_type(a)) {
		case CVSW_FLOW_A_PRIORITY: r->priority = mnl_attr_get_u16(a); break;
		case CVSW_FLOW_A_KEY: ret |= read_match(a, &r->key); break;
		case CVSW_FLOW_A_MASK: ret |= read_match(a, &r->mask); break;
		case CVSW_FLOW_A_ACTIONS: ret |= read_actions(a, &r->actions); break;
		case CVSW_FLOW_A_COOKIE: r->cookie = mnl_attr_get_u64(a); break;
		case CVSW_FLOW_A_PACKETS: r->packets = mnl_attr_get_u64(a); break;
		case CVSW_FLOW_A_BYTES: r->bytes = mnl_attr_get_u64(a); break;
		}
	}
	return ret ? -1 : 0;
}
