// SPDX-License-Identifier: GPL-2.0
/* cvsw_flow_key_extract() on hand-built frames, including every truncation. */
#include "check.h"
#include "flowtable/flow.h"

static const u8 dmac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 };
static const u8 smac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };

static u32 put_eth(u8 *f, int vlan_tci, u16 type)
{
	u32 n = 12;

	memcpy(f, dmac, 6);
	memcpy(f + 6, smac, 6);
	if (vlan_tci >= 0) {
		f[n++] = 0x81;
		f[n++] = 0x00;
		f[n++] = (u8)(vlan_tci >> 8);
		f[n++] = (u8)vlan_tci;
	}
	f[n++] = (u8)(type >> 8);
	f[n++] = (u8)type;
	return n;
}

/* IPv4 10.0.0.1 -> 10.0.0.2, TOS 0xb8, then sport 1234, dport 80. */
static u32 put_ipv4(u8 *f, u8 proto, u16 frag, u32 ihl_words)
{
	static const u8 hdr[20] = { 0x45, 0xb8, 0, 48, 0x12, 0x34, 0, 0, 64, 0, 0, 0,
				    10, 0, 0, 1, 10, 0, 0, 2 };
	u32 n = ihl_words * 4;

	memcpy(f, hdr, 20);
	memset(f + 20, 0, n - 20);
	f[0] = (u8)(0x40 | ihl_words);
	f[6] = (u8)(frag >> 8);
	f[7] = (u8)frag;
	f[9] = proto;
	f[n] = 0x04;     /* 1234 */
	f[n + 1] = 0xd2;
	f[n + 2] = 0x00; /* 80 */
	f[n + 3] = 0x50;
	memset(f + n + 4, 0xee, 16);
	return n + 20;
}

static u32 put_ipv6(u8 *f, u8 nh)
{
	memset(f, 0, 40);
	f[0] = 0x6a; /* version 6, traffic class 0xa5 */
	f[1] = 0x50;
	f[6] = nh;
	f[7] = 64;
	f[8] = 0x20;
	f[9] = 0x01;
	f[10] = 0x0d;
	f[11] = 0xb8;
	f[23] = 1;
	memcpy(f + 24, f + 8, 16);
	f[39] = 2;
	f[40] = 0x13; /* 5000 */
	f[41] = 0x88;
	f[42] = 0x12; /* 4789 */
	f[43] = 0xb5;
	memset(f + 44, 0xab, 8);
	return 52;
}

static bool key_zero_from(const struct flow_key *k, size_t off)
{
	const u8 *p = (const u8 *)k;

	for (; off < sizeof(*k); off++)
		if (p[off])
			return false;
	return true;
}

TEST(untagged_ipv4_tcp)
{
	u8 f[128];
	struct flow_key k;
	u32 n = put_eth(f, -1, 0x0800);
	u8 a1[4] = { 10, 0, 0, 1 }, a2[4] = { 10, 0, 0, 2 };

	n += put_ipv4(f + n, 6, 0, 5);
	cvsw_flow_key_extract(&k, f, n, FLOW_PORT_LOCAL, 0, NULL, 0);
	CHECK_EQ(k.in_port, FLOW_PORT_LOCAL);
	CHECK_EQ(k.tun_id, 0);
	CHECK_MEM(k.eth_dst, dmac, 6);
	CHECK_MEM(k.eth_src, smac, 6);
	CHECK_EQ(be16_to_cpu(k.eth_type), 0x0800);
	CHECK_EQ(k.vlan_tci, 0);
	CHECK_EQ(k.ip_ver, 4);
	CHECK_EQ(k.nw_proto, 6);
	CHECK_EQ(k.nw_tos, 0xb8);
	CHECK_MEM(k.nw_src, a1, 4);
	CHECK_MEM(k.nw_dst, a2, 4);
	CHECK_EQ(be16_to_cpu(k.tp_src), 1234);
	CHECK_EQ(be16_to_cpu(k.tp_dst), 80);
	CHECK_EQ(k.nw_src[4] | k.nw_dst[15] | k.pad0 | k.pad1 | k.pad2, 0);
	CHECK(key_zero_from(&k, offsetof(struct flow_key, tun_opt_class)));
}

TEST(tagged_ipv4_udp)
{
	u8 f[128];
	struct flow_key k;
	u32 n = put_eth(f, 0xa000 | 100, 0x0800); /* PCP 5, VID 100 */

	n += put_ipv4(f + n, 17, 0, 5);
	cvsw_flow_key_extract(&k, f, n, FLOW_PORT_TUNNEL, 42, NULL, 0);
	CHECK_EQ(k.vlan_tci, 0xa000 | 0x1000 | 100);
	CHECK_EQ(be16_to_cpu(k.eth_type), 0x0800);
	CHECK_EQ(k.tun_id, 42);
	CHECK_EQ(k.in_port, FLOW_PORT_TUNNEL);
	CHECK_EQ(k.nw_proto, 17);
	CHECK_EQ(be16_to_cpu(k.tp_src), 1234);
	CHECK_EQ(be16_to_cpu(k.tp_dst), 80);
}

TEST(tagged_vid0_still_marked)
{
	u8 f[64];
	struct flow_key k;
	u32 n = put_eth(f, 0, 0x0806);

	memset(f + n, 0, 28);
	cvsw_flow_key_extract(&k, f, n + 28, FLOW_PORT_LOWER, 0, NULL, 0);
	CHECK_EQ(k.vlan_tci, 0x1000);
	CHECK_EQ(be16_to_cpu(k.eth_type), 0x0806);
	CHECK_EQ(k.ip_ver, 0);
}

TEST(ipv4_options_move_ports)
{
	u8 f[128];
	struct flow_key k;
	u32 n = put_eth(f, -1, 0x0800);

	n += put_ipv4(f + n, 6, 0, 7); /* 8 bytes of options */
	cvsw_flow_key_extract(&k, f, n, FLOW_PORT_LOCAL, 0, NULL, 0);
	CHECK_EQ(be16_to_cpu(k.tp_src), 1234);
	CHECK_EQ(be16_to_cpu(k.tp_dst), 80);
}

TEST(ipv4_fragments)
{
	u8 f[128];
	struct flow_key k;
	u32 n = put_eth(f, -1, 0x0800), m;

	/* First fragment (MF set, offset 0): ports present. */
	m = put_ipv4(f + n, 17, 0x2000, 5);
	cvsw_flow_key_extract(&k, f, n + m, FLOW_PORT_LOCAL, 0, NULL, 0);
	CHECK_EQ(be16_to_cpu(k.tp_dst), 80);
	/* Later fragment: IP fields but no ports. */
	m = put_ipv4(f + n, 17, 0x2000 | 185, 5);
	cvsw_flow_key_extract(&k, f, n + m, FLOW_PORT_LOCAL, 0, NULL, 0);
	CHECK_EQ(k.ip_ver, 4);
	CHECK_EQ(k.nw_proto, 17);
	CHECK_EQ(k.tp_src, 0);
	CHECK_EQ(k.tp_dst, 0);
}

TEST(ipv4_no_ports_for_icmp_or_bad_header)
{
	u8 f[128];
	struct flow_key k;
	u32 n = put_eth(f, -1, 0x0800), m;

	m = put_ipv4(f + n, 1, 0, 5);
	cvsw_flow_key_extract(&k, f, n + m, FLOW_PORT_LOCAL, 0, NULL, 0);
	CHECK_EQ(k.nw_proto, 1);
	CHECK_EQ(k.tp_src | k.tp_dst, 0);
	/* ihl 4 is invalid: no IP fields at all. */
	put_ipv4(f + n, 6, 0, 5);
	f[n] = 0x44;
	cvsw_flow_key_extract(&k, f, n + m, FLOW_PORT_LOCAL, 0, NULL, 0);
	CHECK_EQ(k.ip_ver, 0);
	CHECK(key_zero_from(&k, offsetof(struct flow_key, ip_ver)));
	/* Version 6 in an 0x0800 frame: likewise. */
	f[n] = 0x65;
	cvsw_flow_key_extract(&k, f, n + m, FLOW_PORT_LOCAL, 0, NULL, 0);
	CHECK(key_zero_from(&k, offsetof(struct flow_key, ip_ver)));
}

TEST(ipv6_udp)
{
	u8 f[128];
	struct flow_key k;
	u32 n = put_eth(f, -1, 0x86dd);

	n += put_ipv6(f + n, 17);
	cvsw_flow_key_extract(&k, f, n, FLOW_PORT_LOWER, 0, NULL, 0);
	CHECK_EQ(k.ip_ver, 6);
	CHECK_EQ(k.nw_tos, 0xa5);
	CHECK_EQ(k.nw_proto, 17);
	CHECK_EQ(k.nw_src[0], 0x20);
	CHECK_EQ(k.nw_src[3], 0xb8);
	CHECK_EQ(k.nw_src[15], 1);
	CHECK_EQ(k.nw_dst[15], 2);
	CHECK_EQ(be16_to_cpu(k.tp_src), 5000);
	CHECK_EQ(be16_to_cpu(k.tp_dst), 4789);
}

TEST(ipv6_extension_header_hides_ports)
{
	u8 f[128];
	struct flow_key k;
	u32 n = put_eth(f, -1, 0x86dd);

	n += put_ipv6(f + n, 0); /* hop-by-hop options */
	cvsw_flow_key_extract(&k, f, n, FLOW_PORT_LOWER, 0, NULL, 0);
	CHECK_EQ(k.nw_proto, 0);
	CHECK_EQ(k.tp_src | k.tp_dst, 0);
}

/* Every field is either complete or zero at every truncation length. */
TEST(truncated_at_every_length)
{
	u8 full[128], *f;
	struct flow_key whole, k;
	u32 n, len, bad = 0, grew = 0;
	size_t prev = 0;

	n = put_eth(full, 0x123, 0x0800);
	n += put_ipv4(full + n, 6, 0, 5);
	cvsw_flow_key_extract(&whole, full, n, FLOW_PORT_LOCAL, 7, NULL, 0);
	for (len = 0; len <= n; len++) {
		const u8 *kp = (const u8 *)&k, *wp = (const u8 *)&whole;
		size_t i, nz = 0;

		/* An exact-size heap copy so ASan catches any read past len. */
		f = malloc(len ? len : 1);
		memcpy(f, full, len);
		cvsw_flow_key_extract(&k, f, len, FLOW_PORT_LOCAL, 7, NULL, 0);
		free(f);
		for (i = 0; i < sizeof(k); i++) {
			if (kp[i] && kp[i] != wp[i])
				bad++;
			nz += kp[i] != 0;
		}
		grew += nz < prev;
		prev = nz;
		CHECK_EQ(k.tun_id, 7);
		if (len < 12)
			CHECK(memcmp(k.eth_src, smac, 6) != 0);
		if (len < 18)
			CHECK_EQ(k.eth_type, 0);
		if (len < 18 + 20)
			CHECK_EQ(k.ip_ver, 0);
		if (len < 18 + 24)
			CHECK_EQ(k.tp_dst, 0);
		if (len == 18 + 20)
			CHECK_EQ(k.ip_ver, 4);
	}
	CHECK_EQ(bad, 0);  /* never a value the whole frame does not have */
	CHECK_EQ(grew, 0); /* more bytes never lose a field */
	CHECK(!memcmp(&k, &whole, sizeof(k)));
}

TEST(geneve_first_option)
{
	static const u8 opts[] = { 0x01, 0x02, 0x80, 0x02, 0xde, 0xad, 0xbe, 0xef,
				   0x11, 0x22, 0x33, 0x44, 0x00, 0x03, 0x01, 0x00 };
	u8 f[14];
	struct flow_key k;

	put_eth(f, -1, 0x0800);
	cvsw_flow_key_extract(&k, f, sizeof(f), FLOW_PORT_TUNNEL, 5, opts, sizeof(opts));
	CHECK_EQ(be16_to_cpu(k.tun_opt_class), 0x0102);
	CHECK_EQ(k.tun_opt_type, 0x80);
	CHECK_EQ(be32_to_cpu(k.tun_opt_data), 0xdeadbeef);
	/* No data: zero. A TLV claiming more than there is: what is there. */
	cvsw_flow_key_extract(&k, f, sizeof(f), FLOW_PORT_TUNNEL, 5, opts + 12, 4);
	CHECK_EQ(be16_to_cpu(k.tun_opt_class), 3);
	CHECK_EQ(k.tun_opt_type, 1);
	CHECK_EQ(k.tun_opt_data, 0);
	cvsw_flow_key_extract(&k, f, sizeof(f), FLOW_PORT_TUNNEL, 5, opts, 6);
	CHECK_EQ(be32_to_cpu(k.tun_opt_data), 0xdead0000);
	cvsw_flow_key_extract(&k, f, sizeof(f), FLOW_PORT_TUNNEL, 5, opts, 3);
	CHECK_EQ(k.tun_opt_class | k.tun_opt_type, 0);
}

int main(void)
{
	return RUN_TESTS();
}
