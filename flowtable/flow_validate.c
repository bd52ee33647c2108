// SPDX-License-Identifier: GPL-2.0
/*
 * cvsw_flow_rule_validate(): the semantic check of a rule from an untrusted
 * source (netlink from userspace, parsed text), so the data path can trust
 * every field it reads.
 */
#include "flow.h"

#define VNI_MAX 0xffffffu

static bool all_zero(const void *p, size_t n)
{
	const u8 *b = p;

	while (n--)
		if (*b++)
			return false;
	return true;
}

static int bad(const char **why, const char *msg)
{
	*why = msg;
	return -EINVAL;
}

static bool is_geneve(u8 type)
{
	return type == FLOW_ENCAP_GENEVE || type == FLOW_ENCAP_SCLP_GENEVE;
}

/* A run of whole TLVs: class(2) type(1) R(3 bits)|len(5 bits, words). */
static bool geneve_opts_ok(const u8 *opts, u32 len)
{
	u32 off = 0;

	while (off < len) {
		if (len - off < 4)
			return false;
		off += 4 + (opts[off + 3] & 0x1f) * 4;
	}
	return off == len;
}

static int check_encap(const struct flow_encap *e, const char **why)
{
	u32 alen = e->family == 4 ? 4 : 16;

	if (e->type < FLOW_ENCAP_VXLAN || e->type >= FLOW_ENCAP_MAX)
		return bad(why, "encap: unknown tunnel type");
	if (e->family != 4 && e->family != 6)
		return bad(why, "encap: address family must be 4 or 6");
	if (all_zero(e->remote, alen))
		return bad(why, "encap: remote address is required");
	if (!all_zero(e->remote + alen, 16 - alen) || !all_zero(e->local + alen, 16 - alen))
		return bad(why, "encap: IPv4 address with bytes beyond the 4th");
	if (e->type != FLOW_ENCAP_STT && e->vni > VNI_MAX)
		return bad(why, "encap: vni does not fit in 24 bits");
	if (e->type != FLOW_ENCAP_NVGRE && e->flowid)
		return bad(why, "encap: flowid is only for nvgre");
	if (e->opts_len && !is_geneve(e->type))
		return bad(why, "encap: options are only for geneve tunnels");
	if (e->opts_len > FLOW_GENEVE_MAX_OPTS_LEN)
		return bad(why, "encap: options too long");
	if (!geneve_opts_ok(e->opts, e->opts_len) ||
	    !all_zero(e->opts + e->opts_len, FLOW_GENEVE_MAX_OPTS_LEN - e->opts_len))
		return bad(why, "encap: malformed Geneve option TLVs");
	return 0;
}

static int check_actions(const struct flow_actions *a, const char **why)
{
	bool encap = false, drop = false;
	u32 i;

	if (a->n == 0)
		return bad(why, "no actions (use drop)");
	if (a->n > FLOW_MAX_ACTIONS)
		return bad(why, "too many actions");
	for (i = 0; i < a->n; i++) {
		const struct cvsw_flow_action *act = &a->act[i];

		switch (act->type) {
		case FLOW_ACT_OUTPUT:
			if (act->arg != FLOW_PORT_LOWER && act->arg != FLOW_PORT_LOCAL)
				return bad(why, "output: port must be lower or local");
			break;
		case FLOW_ACT_ENCAP:
			if (encap)
				return bad(why, "more than one encap action");
			encap = true;
			break;
		case FLOW_ACT_SET_VLAN:
			if (act->arg > 4095)
				return bad(why, "mod_vlan_vid: VLAN id above 4095");
			break;
		case FLOW_ACT_DROP:
			drop = true;
			break;
		case FLOW_ACT_DECAP:
		case FLOW_ACT_STRIP_VLAN:
			break;
		default:
			return bad(why, "unknown action type");
		}
		if (act->type != FLOW_ACT_OUTPUT && act->type != FLOW_ACT_SET_VLAN && act->arg)
			return bad(why, "argument on an action that takes none");
	}
	if (drop && a->n > 1)
		return bad(why, "drop must be the only action");
	if (encap)
		return check_encap(&a->encap, why);
	if (!all_zero(&a->encap, sizeof(a->encap)))
		return bad(why, "encap parameters without an encap action");
	return 0;
}

static int check_match(const struct cvsw_flow_rule *r, const char **why)
{
	const u8 *key = (const u8 *)&r->key, *mask = (const u8 *)&r->mask;
	size_t i;

	for (i = 0; i < sizeof(r->key); i++)
		if (key[i] & ~mask[i])
			return bad(why, "key has bits outside its mask");
	if (r->mask.ip_ver || r->mask.pad0 || r->mask.pad1 || r->mask.pad2)
		return bad(why, "mask covers ip_ver or padding");
	/* Fields the flow syntax can only match exactly or not at all. */
	if ((r->mask.in_port && r->mask.in_port != 0xffffffff) ||
	    (r->mask.eth_type && r->mask.eth_type != cpu_to_be16(0xffff)) ||
	    (r->mask.nw_proto && r->mask.nw_proto != 0xff) ||
	    (r->mask.nw_tos && r->mask.nw_tos != 0xff) ||
	    (r->mask.tun_opt_class && r->mask.tun_opt_class != cpu_to_be16(0xffff)) ||
	    (r->mask.tun_opt_type && r->mask.tun_opt_type != 0xff))
		return bad(why, "partial mask on an exact-match field");
	return 0;
}

int cvsw_flow_rule_validate(const struct cvsw_flow_rule *r, const char **why)
{
	int ret;

	ret = check_match(r, why);
	if (ret)
		return ret;
	return check_actions(&r->actions, why);
}
