// SPDX-License-Identifier: GPL-2.0
/*
 * cvsw_flow_key_extract(): from an Ethernet frame to a struct flow_key.
 * Every field is read only when all of its bytes lie within len, so a
 * truncated frame yields a key whose missing fields are zero.
 */
#include "flow.h"

#define ETH_HLEN_ 14
#define ETH_P_8021Q_ 0x8100
#define ETH_P_IPV4_ 0x0800
#define ETH_P_IPV6_ 0x86dd
#define IPV4_MIN_HLEN 20
#define IPV6_HLEN 40
#define IP4_FRAG_OFFSET 0x1fff

static u16 get_be16(const u8 *p)
{
	return (u16)(p[0] << 8 | p[1]);
}

/* TCP, UDP and SCTP all start with source and destination port. */
static bool has_ports(u8 proto)
{
	return proto == 6 || proto == 17 || proto == 132;
}

static void extract_ports(struct flow_key *key, const u8 *l4, u32 avail)
{
	if (!has_ports(key->nw_proto) || avail < 4)
		return;
	memcpy(&key->tp_src, l4, 2);
	memcpy(&key->tp_dst, l4 + 2, 2);
}

static void extract_ipv4(struct flow_key *key, const u8 *ip, u32 avail)
{
	u32 ihl;

	if (avail < IPV4_MIN_HLEN || (ip[0] >> 4) != 4)
		return;
	ihl = (ip[0] & 0xf) * 4;
	if (ihl < IPV4_MIN_HLEN)
		return;
	key->ip_ver = 4;
	key->nw_tos = ip[1];
	key->nw_proto = ip[9];
	memcpy(key->nw_src, ip + 12, 4);
	memcpy(key->nw_dst, ip + 16, 4);
	/* Later fragments carry no transport header. */
	if (get_be16(ip + 6) & IP4_FRAG_OFFSET)
		return;
	if (ihl <= avail)
		extract_ports(key, ip + ihl, avail - ihl);
}

static void extract_ipv6(struct flow_key *key, const u8 *ip, u32 avail)
{
	if (avail < IPV6_HLEN || (ip[0] >> 4) != 6)
		return;
	key->ip_ver = 6;
	key->nw_tos = (u8)((ip[0] & 0xf) << 4 | ip[1] >> 4);
	key->nw_proto = ip[6];
	memcpy(key->nw_src, ip + 8, 16);
	memcpy(key->nw_dst, ip + 24, 16);
	extract_ports(key, ip + IPV6_HLEN, avail - IPV6_HLEN);
}

static void extract_geneve_opt(struct flow_key *key, const u8 *opts, u32 opts_len)
{
	u32 data_len;
	u8 data[4] = { 0 };

	if (!opts || opts_len < 4)
		return;
	memcpy(&key->tun_opt_class, opts, 2);
	key->tun_opt_type = opts[2];
	data_len = (opts[3] & 0x1f) * 4;
	data_len = min_t(u32, data_len, opts_len - 4);
	memcpy(data, opts + 4, min_t(u32, data_len, 4));
	memcpy(&key->tun_opt_data, data, 4);
}

void cvsw_flow_key_extract(struct flow_key *key, const u8 *frame, u32 len,
		      u32 in_port, u64 tun_id, const u8 *geneve_opts, u32 opts_len)
{
	u32 l3 = ETH_HLEN_;
	u16 type;

	memset(key, 0, sizeof(*key));
	key->in_port = in_port;
	key->tun_id = tun_id;
	extract_geneve_opt(key, geneve_opts, opts_len);

	if (len >= 6)
		memcpy(key->eth_dst, frame, 6);
	if (len >= 12)
		memcpy(key->eth_src, frame + 6, 6);
	if (len < ETH_HLEN_)
		return;
	type = get_be16(frame + 12);
	if (type == ETH_P_8021Q_) {
		if (len < l3 + 2)
			return;
		key->vlan_tci = get_be16(frame + l3) | 0x1000;
		if (len < l3 + 4)
			return;
		type = get_be16(frame + l3 + 2);
		l3 += 4;
	}
	key->eth_type = cpu_to_be16(type);

	if (type == ETH_P_IPV4_)
		extract_ipv4(key, frame + l3, len - l3);
	else if (type == ETH_P_IPV6_)
		extract_ipv6(key, frame + l3, len - l3);
}
