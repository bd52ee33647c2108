// SPDX-License-Identifier: GPL-2.0
/* The rule <-> netlink attribute mapping shared by cvsw.ko and cvsw-ctl (flow_nl.h). */
#include "flow_nl.h"

/* The uapi's numbers are the flow table's own: nothing to translate. */
#define SAME(a, b) ((int)(a) == (int)(b))
_Static_assert(SAME(CVSW_PORT_LOCAL, FLOW_PORT_LOCAL) && SAME(CVSW_PORT_TUNNEL, FLOW_PORT_TUNNEL) &&
	       SAME(CVSW_PORT_LOWER, FLOW_PORT_LOWER), "enum cvsw_port");
_Static_assert(SAME(CVSW_ENCAP_VXLAN, FLOW_ENCAP_VXLAN) && SAME(CVSW_ENCAP_NVGRE, FLOW_ENCAP_NVGRE) &&
	       SAME(CVSW_ENCAP_GENEVE, FLOW_ENCAP_GENEVE) && SAME(CVSW_ENCAP_STT, FLOW_ENCAP_STT) &&
	       SAME(CVSW_ENCAP_SCLP_VXLAN, FLOW_ENCAP_SCLP_VXLAN) &&
	       SAME(CVSW_ENCAP_SCLP_GENEVE, FLOW_ENCAP_SCLP_GENEVE) &&
	       SAME(__CVSW_ENCAP_MAX, FLOW_ENCAP_MAX), "enum cvsw_encap_type");
_Static_assert(CVSW_MAX_ACTIONS == FLOW_MAX_ACTIONS, "CVSW_MAX_ACTIONS");
_Static_assert(CVSW_GENEVE_MAX_OPTS_LEN == FLOW_GENEVE_MAX_OPTS_LEN, "Geneve options");

#define ETH_P_IPV4 0x0800
#define ETH_P_IPV6 0x86dd

#define FIELD(a, f, n, prereq) \
	{ .attr = (a), .offset = offsetof(struct flow_key, f), .len = (n), .eth_type = (prereq) }
#define WHOLE(a, f) FIELD(a, f, sizeof(((struct flow_key *)0)->f), 0)

const struct cvsw_flow_nl_field cvsw_flow_nl_fields[] = {
	WHOLE(CVSW_KEY_A_IN_PORT, in_port),
	WHOLE(CVSW_KEY_A_TUN_ID, tun_id),
	WHOLE(CVSW_KEY_A_ETH_SRC, eth_src),
	WHOLE(CVSW_KEY_A_ETH_DST, eth_dst),
	WHOLE(CVSW_KEY_A_VLAN_TCI, vlan_tci),
	WHOLE(CVSW_KEY_A_ETH_TYPE, eth_type),
	WHOLE(CVSW_KEY_A_IP_PROTO, nw_proto),
	WHOLE(CVSW_KEY_A_IP_TOS, nw_tos),
	FIELD(CVSW_KEY_A_IPV4_SRC, nw_src, 4, ETH_P_IPV4),
	FIELD(CVSW_KEY_A_IPV4_DST, nw_dst, 4, ETH_P_IPV4),
	FIELD(CVSW_KEY_A_IPV6_SRC, nw_src, 16, ETH_P_IPV6),
	FIELD(CVSW_KEY_A_IPV6_DST, nw_dst, 16, ETH_P_IPV6),
	WHOLE(CVSW_KEY_A_TP_SRC, tp_src),
	WHOLE(CVSW_KEY_A_TP_DST, tp_dst),
	WHOLE(CVSW_KEY_A_TUN_OPT_CLASS, tun_opt_class),
	WHOLE(CVSW_KEY_A_TUN_OPT_TYPE, tun_opt_type),
	WHOLE(CVSW_KEY_A_TUN_OPT_DATA, tun_opt_data),
};

const u32 cvsw_flow_nl_n_fields = ARRAY_SIZE(cvsw_flow_nl_fields);

static bool any_set(const u8 *p, u32 n)
{
	while (n--)
		if (*p++)
			return true;
	return false;
}

static bool eth_type_is(const struct flow_key *key, const struct flow_key *mask, u16 type)
{
	return mask->eth_type == cpu_to_be16(0xffff) && key->eth_type == cpu_to_be16(type);
}

bool cvsw_flow_nl_field_in(const struct flow_key *key, const struct flow_key *mask,
			   const struct cvsw_flow_nl_field *f)
{
	/* An address: the family of the match (IPv4 also without one). */
	if (f->eth_type == ETH_P_IPV4 && eth_type_is(key, mask, ETH_P_IPV6))
		return false;
	if (f->eth_type == ETH_P_IPV6 && !eth_type_is(key, mask, ETH_P_IPV6))
		return false;
	return any_set((const u8 *)mask + f->offset, f->len);
}

const char *cvsw_flow_nl_prereq(const struct flow_key *key, const struct flow_key *mask,
				const struct cvsw_flow_nl_field *f)
{
	if (f->eth_type == ETH_P_IPV4 && !eth_type_is(key, mask, ETH_P_IPV4))
		return "an IPv4 address needs ETH_TYPE 0x0800 in the match";
	if (f->eth_type == ETH_P_IPV6 && !eth_type_is(key, mask, ETH_P_IPV6))
		return "an IPv6 address needs ETH_TYPE 0x86dd in the match";
	return NULL;
}

static const u8 action_types[CVSW_ACTION_A_MAX + 1] = {
	[CVSW_ACTION_A_OUTPUT] = FLOW_ACT_OUTPUT,
	[CVSW_ACTION_A_ENCAP] = FLOW_ACT_ENCAP,
	[CVSW_ACTION_A_DECAP] = FLOW_ACT_DECAP,
	[CVSW_ACTION_A_DROP] = FLOW_ACT_DROP,
	[CVSW_ACTION_A_SET_VLAN] = FLOW_ACT_SET_VLAN,
	[CVSW_ACTION_A_STRIP_VLAN] = FLOW_ACT_STRIP_VLAN,
};

u8 cvsw_flow_nl_action_type(u16 attr)
{
	return attr <= CVSW_ACTION_A_MAX ? action_types[attr] : 0;
}

u16 cvsw_flow_nl_action_attr(u8 type)
{
	u16 a;

	for (a = 1; a <= CVSW_ACTION_A_MAX; a++)
		if (action_types[a] == type)
			return a;
	return 0;
}
