// SPDX-License-Identifier: GPL-2.0
/*
 * The table of match fields and shorthands, in the order cvsw_flow_format()
 * prints them.
 */
#include "flow_fields.h"

#define KEY_OFF(f) ((u8)offsetof(struct flow_key, f))
#define KEY_SIZE(f) ((u8)sizeof(((struct flow_key *)0)->f))

const struct flow_field flow_fields[] = {
	{ "in_port", FF_PORT, FP_NONE, KEY_OFF(in_port), KEY_SIZE(in_port), false, false, false, 3 },
	{ "tun_id", FF_INT, FP_NONE, KEY_OFF(tun_id), KEY_SIZE(tun_id), false, true, true, ~0ULL },
	{ "tun_opt", FF_TUN_OPT, FP_NONE, KEY_OFF(tun_opt_class), 8, false, false, true, 0 },
	{ "dl_src", FF_MAC, FP_NONE, KEY_OFF(eth_src), 6, false, false, true, 0 },
	{ "dl_dst", FF_MAC, FP_NONE, KEY_OFF(eth_dst), 6, false, false, true, 0 },
	{ "vlan_tci", FF_INT, FP_NONE, KEY_OFF(vlan_tci), 2, false, true, true, 0xffff },
	{ "dl_vlan", FF_VLAN_VID, FP_NONE, KEY_OFF(vlan_tci), 2, false, false, false, 4095 },
	{ "dl_vlan_pcp", FF_VLAN_PCP, FP_NONE, KEY_OFF(vlan_tci), 2, false, false, false, 7 },
	{ "dl_type", FF_INT, FP_NONE, KEY_OFF(eth_type), 2, true, true, false, 0xffff },
	{ "nw_src", FF_IPV4, FP_IPV4, KEY_OFF(nw_src), 4, false, false, true, 0 },
	{ "nw_dst", FF_IPV4, FP_IPV4, KEY_OFF(nw_dst), 4, false, false, true, 0 },
	{ "ipv6_src", FF_IPV6, FP_IPV6, KEY_OFF(nw_src), 16, false, false, true, 0 },
	{ "ipv6_dst", FF_IPV6, FP_IPV6, KEY_OFF(nw_dst), 16, false, false, true, 0 },
	{ "nw_proto", FF_INT, FP_IP, KEY_OFF(nw_proto), 1, false, false, false, 255 },
	{ "nw_tos", FF_INT, FP_IP, KEY_OFF(nw_tos), 1, false, false, false, 255 },
	{ "tp_src", FF_INT, FP_L4, KEY_OFF(tp_src), 2, true, false, true, 0xffff },
	{ "tp_dst", FF_INT, FP_L4, KEY_OFF(tp_dst), 2, true, false, true, 0xffff },
};

const u32 flow_n_fields = ARRAY_SIZE(flow_fields);

const struct flow_shorthand flow_shorthands[] = {
	{ "ip", ETH_TYPE_IPV4, -1 },
	{ "tcp", ETH_TYPE_IPV4, 6 },
	{ "udp", ETH_TYPE_IPV4, 17 },
	{ "sctp", ETH_TYPE_IPV4, 132 },
	{ "icmp", ETH_TYPE_IPV4, 1 },
	{ "ipv6", ETH_TYPE_IPV6, -1 },
	{ "tcp6", ETH_TYPE_IPV6, 6 },
	{ "udp6", ETH_TYPE_IPV6, 17 },
	{ "sctp6", ETH_TYPE_IPV6, 132 },
	{ "icmp6", ETH_TYPE_IPV6, 58 },
	{ "arp", ETH_TYPE_ARP, -1 },
};

const u32 flow_n_shorthands = ARRAY_SIZE(flow_shorthands);

const struct flow_field *cvsw_flow_field_find(struct flow_str name)
{
	u32 i;

	for (i = 0; i < flow_n_fields; i++)
		if (cvsw_flow_str_eq(name, flow_fields[i].name))
			return &flow_fields[i];
	return NULL;
}

/* Big-endian fields byte by byte; host-order ones through a typed copy. */
u64 cvsw_flow_field_get(const struct flow_key *k, const struct flow_field *f)
{
	const u8 *p = (const u8 *)k + f->offset;
	u64 v = 0;
	u16 v16;
	u32 v32, i;

	if (f->be || f->size == 1) {
		for (i = 0; i < f->size; i++)
			v = v << 8 | p[i];
		return v;
	}
	switch (f->size) {
	case 2:
		memcpy(&v16, p, 2);
		return v16;
	case 4:
		memcpy(&v32, p, 4);
		return v32;
	default:
		memcpy(&v, p, 8);
		return v;
	}
}

void cvsw_flow_field_put(struct flow_key *k, const struct flow_field *f, u64 v)
{
	u8 *p = (u8 *)k + f->offset;
	u16 v16 = (u16)v;
	u32 v32 = (u32)v, i;

	if (f->be || f->size == 1) {
		for (i = f->size; i-- > 0; v >>= 8)
			p[i] = (u8)v;
		return;
	}
	switch (f->size) {
	case 2:
		memcpy(p, &v16, 2);
		break;
	case 4:
		memcpy(p, &v32, 4);
		break;
	default:
		memcpy(p, &v, 8);
		break;
	}
}

u64 cvsw_flow_field_all_ones(const struct flow_field *f)
{
	return f->size >= 8 ? ~0ULL : (1ULL << (8 * f->size)) - 1;
}

const char *cvsw_flow_port_name(u32 port)
{
	switch (port) {
	case FLOW_PORT_LOCAL:
		return "local";
	case FLOW_PORT_TUNNEL:
		return "tunnel";
	case FLOW_PORT_LOWER:
		return "lower";
	default:
		return NULL;
	}
}
