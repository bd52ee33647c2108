// SPDX-License-Identifier: GPL-2.0
/* Ethernet/VLAN, IPv4, IPv6, UDP headers, L4 checksums, source port hash. */
#include <stdlib.h>
#include "check.h"
#include "proto/ip.h"
#include "proto/csum.h"

/*
 * Made once with python3-scapy 2.5 (/usr/bin/python3):
 * bytes(IP(src="192.0.2.1",dst="198.51.100.2",id=0x1234,ttl=64,flags="DF")/
 *       UDP(sport=49153,dport=4789)/Raw(b"cvsw-udp-checksum"))
 */
static const unsigned char udp4_pkt[45] = {
	0x45, 0x00, 0x00, 0x2d, 0x12, 0x34, 0x40, 0x00, 0x40, 0x11, 0x3c, 0x55,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x02, 0xc0, 0x01, 0x12, 0xb5,
	0x00, 0x19, 0xfe, 0x50, 0x63, 0x76, 0x73, 0x77, 0x2d, 0x75, 0x64, 0x70,
	0x2d, 0x63, 0x68, 0x65, 0x63, 0x6b, 0x73, 0x75, 0x6d,
};

/*
 * bytes(IPv6(src="2001:db8::1",dst="2001:db8::2",hlim=64)/
 *       UDP(sport=49153,dport=6081)/Raw(b"cvsw-udp6"))
 */
static const unsigned char udp6_pkt[57] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x11, 0x11, 0x40, 0x20, 0x01, 0x0d, 0xb8,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x02, 0xc0, 0x01, 0x17, 0xc1, 0x00, 0x11, 0x2d, 0xc1,
	0x63, 0x76, 0x73, 0x77, 0x2d, 0x75, 0x64, 0x70, 0x36,
};

static const u8 v6_src[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
static const u8 v6_dst[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };

/* A heap copy of exactly n bytes, so ASan catches any read past n. */
static unsigned char *dup_exact(const void *p, size_t n)
{
	unsigned char *d = malloc(n ? n : 1);

	memcpy(d, p, n);
	return d;
}

static __be32 v4(u8 a, u8 b, u8 c, u8 d)
{
	u8 x[4] = { a, b, c, d };
	__be32 r;

	memcpy(&r, x, 4);
	return r;
}

TEST(eth_untagged_bytes_and_roundtrip)
{
	struct cvsw_eth_info in = {
		.dst = { 0x02, 0, 0, 0, 0, 0x02 }, .src = { 0x02, 0, 0, 0, 0, 0x01 },
		.proto = CVSW_ETH_P_IPV4,
	}, out;
	static const u8 want[14] = { 0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01,
				     0x08, 0x00 };
	u8 buf[32];

	CHECK_EQ(cvsw_eth_build(buf, sizeof(buf), &in), 14);
	CHECK_MEM(buf, want, 14);
	CHECK_EQ(cvsw_eth_parse(buf, 14, &out), 14);
	CHECK(!out.vlan);
	CHECK_EQ(out.proto, CVSW_ETH_P_IPV4);
	CHECK_MEM(out.dst, in.dst, 6);
	CHECK_MEM(out.src, in.src, 6);
	CHECK_EQ(cvsw_eth_build(buf, 13, &in), -EMSGSIZE);
}

TEST(eth_vlan_bytes_and_truncation)
{
	struct cvsw_eth_info in = { .vlan = true, .tci = 0xa00a, .proto = CVSW_ETH_P_IPV6 };
	struct cvsw_eth_info out;
	u8 buf[18];
	size_t n;

	CHECK_EQ(cvsw_eth_build(buf, 17, &in), -EMSGSIZE);
	CHECK_EQ(cvsw_eth_build(buf, 18, &in), 18);
	CHECK_EQ(buf[12], 0x81); CHECK_EQ(buf[13], 0x00);
	CHECK_EQ(buf[14], 0xa0); CHECK_EQ(buf[15], 0x0a);
	CHECK_EQ(buf[16], 0x86); CHECK_EQ(buf[17], 0xdd);
	for (n = 0; n < 18; n++) {
		u8 *d = dup_exact(buf, n);

		CHECK_EQ(cvsw_eth_parse(d, n, &out), -EMSGSIZE);
		free(d);
	}
	CHECK_EQ(cvsw_eth_parse(buf, 18, &out), 18);
	CHECK(out.vlan);
	CHECK_EQ(out.tci, 0xa00a);
	CHECK_EQ(out.proto, CVSW_ETH_P_IPV6);
}

TEST(eth_rejects_8023_length_reports_second_tag)
{
	u8 buf[18] = { [12] = 0x05, [13] = 0xdc };
	struct cvsw_eth_info out;

	CHECK_EQ(cvsw_eth_parse(buf, 14, &out), -EPROTONOSUPPORT);
	buf[12] = 0x81; buf[13] = 0x00; buf[16] = 0x81; buf[17] = 0x00;
	/* Only one tag is walked: the second shows up as the EtherType. */
	CHECK_EQ(cvsw_eth_parse(buf, 18, &out), 18);
	CHECK_EQ(out.proto, CVSW_ETH_P_8021Q);
}

TEST(ipv4_build_matches_scapy)
{
	struct cvsw_ipv4_info in = {
		.saddr = v4(192, 0, 2, 1), .daddr = v4(198, 51, 100, 2), .ttl = 64,
		.protocol = CVSW_IPPROTO_UDP, .id = 0x1234, .df = true,
	};
	u8 buf[20];

	CHECK_EQ(cvsw_ipv4_build(buf, 19, &in, 25), -EMSGSIZE);
	CHECK_EQ(cvsw_ipv4_build(buf, 20, &in, 25), 20);
	CHECK_MEM(buf, udp4_pkt, 20);
	CHECK(cvsw_csum_ok(buf, 20));
	CHECK_EQ(cvsw_ipv4_build(buf, 20, &in, 65516), -EINVAL);
	in.frag_offset = 4; /* not a multiple of 8 */
	CHECK_EQ(cvsw_ipv4_build(buf, 20, &in, 25), -EINVAL);
}

TEST(ipv4_parse_scapy_packet)
{
	struct cvsw_ipv4_info out;
	u8 *d = dup_exact(udp4_pkt, sizeof(udp4_pkt));

	CHECK_EQ(cvsw_ipv4_parse(d, sizeof(udp4_pkt), &out), 20);
	CHECK_EQ(out.tot_len, 45);
	CHECK_EQ(out.protocol, CVSW_IPPROTO_UDP);
	CHECK_EQ(out.id, 0x1234);
	CHECK(out.df);
	CHECK(!out.mf);
	CHECK_EQ(out.frag_offset, 0);
	CHECK_EQ(out.ttl, 64);
	CHECK(out.saddr == v4(192, 0, 2, 1));
	CHECK(out.daddr == v4(198, 51, 100, 2));
	free(d);
}

TEST(ipv4_truncated_and_lying_lengths)
{
	struct cvsw_ipv4_info out;
	size_t n;

	for (n = 0; n < 20; n++) {
		u8 *d = dup_exact(udp4_pkt, n);

		CHECK_EQ(cvsw_ipv4_parse_hdr(d, n, &out), -EMSGSIZE);
		free(d);
	}
	/* Header complete, packet shorter than tot_len. */
	CHECK_EQ(cvsw_ipv4_parse(udp4_pkt, 44, &out), -EMSGSIZE);
	CHECK_EQ(cvsw_ipv4_parse_hdr(udp4_pkt, 20, &out), 20);
	CHECK_EQ(out.tot_len, 45);
}

/* Rewrite a header field and fix the checksum so only that field is wrong. */
static void ipv4_mutate(u8 *h, unsigned int off, u8 val)
{
	unsigned int hl = (h[0] & 15) * 4;
	__sum16 c;

	h[off] = val;
	h[10] = h[11] = 0;
	c = cvsw_csum(h, hl < 20 ? 20 : hl);
	memcpy(h + 10, &c, 2);
}

TEST(ipv4_rejects_malformed)
{
	struct cvsw_ipv4_info out;
	u8 h[45];

	memcpy(h, udp4_pkt, 45);
	h[10] ^= 1; /* checksum */
	CHECK_EQ(cvsw_ipv4_parse(h, 45, &out), -EINVAL);
	memcpy(h, udp4_pkt, 45);
	ipv4_mutate(h, 0, 0x65);
	CHECK_EQ(cvsw_ipv4_parse(h, 45, &out), -EPROTONOSUPPORT);
	memcpy(h, udp4_pkt, 45);
	ipv4_mutate(h, 0, 0x44);
	CHECK_EQ(cvsw_ipv4_parse(h, 45, &out), -EINVAL);
	memcpy(h, udp4_pkt, 45);
	ipv4_mutate(h, 3, 19); /* tot_len below the header */
	CHECK_EQ(cvsw_ipv4_parse(h, 45, &out), -EINVAL);
	memcpy(h, udp4_pkt, 45);
	ipv4_mutate(h, 6, 0xc0); /* reserved flag */
	CHECK_EQ(cvsw_ipv4_parse(h, 45, &out), -EINVAL);
	memcpy(h, udp4_pkt, 45);
	ipv4_mutate(h, 0, 0x4f); /* 60-byte header, longer than the buffer */
	CHECK_EQ(cvsw_ipv4_parse(h, 45, &out), -EMSGSIZE);
}

TEST(ipv4_options_and_fragment_bits)
{
	struct cvsw_ipv4_info out;
	u8 h[48] = { 0 };

	memcpy(h, udp4_pkt, 20);
	h[0] = 0x46; /* one word of options (NOPs) */
	h[20] = h[21] = h[22] = h[23] = 1;
	h[3] = 48;
	h[6] = 0x20 | 0x01; /* MF, offset 0x105 * 8 */
	ipv4_mutate(h, 7, 0x05);
	CHECK_EQ(cvsw_ipv4_parse(h, 48, &out), 24);
	CHECK_EQ(out.hdr_len, 24);
	CHECK(out.mf);
	CHECK(!out.df);
	CHECK_EQ(out.frag_offset, 0x105 * 8);
}

TEST(ipv6_build_matches_scapy_and_parse)
{
	struct cvsw_ipv6_info in = { .hop_limit = 64, .nexthdr = CVSW_IPPROTO_UDP }, out;
	u8 buf[40];
	u8 *d;
	size_t n;

	memcpy(in.saddr, v6_src, 16);
	memcpy(in.daddr, v6_dst, 16);
	CHECK_EQ(cvsw_ipv6_build(buf, 39, &in, 17), -EMSGSIZE);
	CHECK_EQ(cvsw_ipv6_build(buf, 40, &in, 17), 40);
	CHECK_MEM(buf, udp6_pkt, 40);
	d = dup_exact(udp6_pkt, sizeof(udp6_pkt));
	CHECK_EQ(cvsw_ipv6_parse(d, sizeof(udp6_pkt), &out), 40);
	CHECK_EQ(out.payload_len, 17);
	CHECK_EQ(out.l4_proto, CVSW_IPPROTO_UDP);
	CHECK_EQ(out.n_ext, 0);
	CHECK_MEM(out.daddr, v6_dst, 16);
	CHECK_EQ(cvsw_ipv6_parse(d, sizeof(udp6_pkt) - 1, &out), -EMSGSIZE);
	CHECK_EQ(cvsw_ipv6_parse_hdr(d, 40, &out), 40);
	free(d);
	for (n = 1; n < 40; n++) {
		d = dup_exact(udp6_pkt, n);
		CHECK_EQ(cvsw_ipv6_parse_hdr(d, n, &out), -EMSGSIZE);
		free(d);
	}
	in.tclass = 0xb8;
	in.flowlabel = 0xabcde;
	CHECK_EQ(cvsw_ipv6_build(buf, 40, &in, 0), 40);
	CHECK_EQ(buf[0], 0x6b); CHECK_EQ(buf[1], 0x8a); CHECK_EQ(buf[2], 0xbc);
	CHECK_EQ(buf[3], 0xde);
	CHECK_EQ(cvsw_ipv6_parse(buf, 40, &out), 40);
	CHECK_EQ(out.tclass, 0xb8);
	CHECK_EQ(out.flowlabel, 0xabcde);
	in.flowlabel = 0x100000;
	CHECK_EQ(cvsw_ipv6_build(buf, 40, &in, 0), -EINVAL);
	buf[0] = 0x40;
	CHECK_EQ(cvsw_ipv6_parse(buf, 40, &out), -EPROTONOSUPPORT);
}

/* 40-byte header, Hop-by-Hop (8), Fragment (8), then 8 bytes of UDP. */
static void ipv6_ext_packet(u8 *p)
{
	memset(p, 0, 64);
	p[0] = 0x60;
	p[5] = 24;
	p[6] = CVSW_IPPROTO_HOPOPTS;
	p[40] = CVSW_IPPROTO_FRAGMENT; /* hbh: next, len 0, PadN */
	p[42] = 1; p[43] = 4;
	p[48] = CVSW_IPPROTO_UDP;      /* fragment: offset 185*8, M, id */
	p[50] = 0x05; p[51] = 0xc9;
	p[52] = 0xca; p[53] = 0xfe; p[54] = 0xba; p[55] = 0xbe;
}

TEST(ipv6_walks_extension_headers)
{
	struct cvsw_ipv6_info out;
	u8 p[64];
	size_t n;

	ipv6_ext_packet(p);
	CHECK_EQ(cvsw_ipv6_parse(p, 64, &out), 56);
	CHECK_EQ(out.nexthdr, CVSW_IPPROTO_HOPOPTS);
	CHECK_EQ(out.l4_proto, CVSW_IPPROTO_UDP);
	CHECK_EQ(out.n_ext, 2);
	CHECK(out.frag);
	CHECK(out.frag_more);
	CHECK_EQ(out.frag_offset, 185 * 8);
	CHECK_EQ(out.frag_id, 0xcafebabe);
	/* Every truncation inside the extension headers is caught. */
	for (n = 40; n < 56; n++) {
		u8 *d = dup_exact(p, n);

		CHECK_EQ(cvsw_ipv6_parse_hdr(d, n, &out), -EMSGSIZE);
		free(d);
	}
	/* A payload length that ends inside the headers too. */
	p[5] = 12;
	CHECK_EQ(cvsw_ipv6_parse_hdr(p, 64, &out), -EMSGSIZE);
}

TEST(ipv6_reports_unwalked_and_rejects_misplaced)
{
	struct cvsw_ipv6_info out;
	u8 p[64];

	ipv6_ext_packet(p);
	p[48] = CVSW_IPPROTO_ESP;
	CHECK_EQ(cvsw_ipv6_parse(p, 64, &out), 56);
	CHECK_EQ(out.l4_proto, CVSW_IPPROTO_ESP);
	ipv6_ext_packet(p);
	p[48] = CVSW_IPPROTO_HOPOPTS; /* Hop-by-Hop not first */
	CHECK_EQ(cvsw_ipv6_parse(p, 64, &out), -EINVAL);
	ipv6_ext_packet(p);
	p[40] = CVSW_IPPROTO_FRAGMENT;
	p[48] = CVSW_IPPROTO_FRAGMENT; /* two fragment headers */
	p[6] = CVSW_IPPROTO_FRAGMENT;
	CHECK_EQ(cvsw_ipv6_parse(p, 64, &out), -EINVAL);
	ipv6_ext_packet(p);
	p[41] = 7; /* hbh claims 64 bytes */
	CHECK_EQ(cvsw_ipv6_parse(p, 64, &out), -EMSGSIZE);
}

TEST(udp_build_parse)
{
	struct cvsw_udp_info out;
	u8 buf[8];
	size_t n;

	CHECK_EQ(cvsw_udp_build(buf, 7, 1, 2, 0), -EMSGSIZE);
	CHECK_EQ(cvsw_udp_build(buf, 8, 49153, 4789, 17), 8);
	CHECK_MEM(buf, udp4_pkt + 20, 6);
	CHECK_EQ(buf[6], 0); CHECK_EQ(buf[7], 0);
	CHECK_EQ(cvsw_udp_build(buf, 8, 1, 2, 65528), -EINVAL);
	CHECK_EQ(cvsw_udp_parse(udp4_pkt + 20, 25, &out), 8);
	CHECK_EQ(out.source, 49153);
	CHECK_EQ(out.dest, 4789);
	CHECK_EQ(out.len, 25);
	CHECK_EQ(out.check, 0xfe50);
	CHECK_EQ(cvsw_udp_parse(udp4_pkt + 20, 24, &out), -EMSGSIZE);
	CHECK_EQ(cvsw_udp_parse_hdr(udp4_pkt + 20, 8, &out), 8);
	for (n = 0; n < 8; n++) {
		u8 *d = dup_exact(udp4_pkt + 20, n);

		CHECK_EQ(cvsw_udp_parse_hdr(d, n, &out), -EMSGSIZE);
		free(d);
	}
	memcpy(buf, udp4_pkt + 20, 8);
	buf[4] = 0; buf[5] = 7;
	CHECK_EQ(cvsw_udp_parse(buf, 8, &out), -EINVAL);
}

TEST(udp_checksums_match_scapy)
{
	__be32 s = v4(192, 0, 2, 1), d = v4(198, 51, 100, 2);
	u8 u[25], u6[17];

	memcpy(u, udp4_pkt + 20, 25);
	CHECK(cvsw_udp4_csum_ok(s, d, u, 25));
	cvsw_udp4_csum_set(s, d, u, 25);
	CHECK_MEM(u, udp4_pkt + 20, 25);
	u[24] ^= 0x10;
	CHECK(!cvsw_udp4_csum_ok(s, d, u, 25));
	CHECK(!cvsw_udp4_csum_ok(d, s ^ 1, udp4_pkt + 20, 25));
	u[6] = u[7] = 0; /* IPv4: zero means no checksum */
	CHECK(cvsw_udp4_csum_ok(s, d, u, 25));

	memcpy(u6, udp6_pkt + 40, 17);
	CHECK(cvsw_udp6_csum_ok(v6_src, v6_dst, u6, 17));
	u6[6] = u6[7] = 0;
	CHECK(!cvsw_udp6_csum_ok(v6_src, v6_dst, u6, 17));
	cvsw_udp6_csum_set(v6_src, v6_dst, u6, 17);
	CHECK_MEM(u6, udp6_pkt + 40, 17);
}

TEST(udp_checksum_zero_goes_out_as_ffff)
{
	__be32 s = v4(10, 0, 0, 1), d = v4(10, 0, 0, 2);
	u8 u[10] = { 0 };
	__sum16 c;

	cvsw_udp_build(u, 8, 1000, 2000, 2);
	/* A payload word equal to the checksum makes the true sum zero. */
	cvsw_udp4_csum_set(s, d, u, 10);
	memcpy(&c, u + 6, 2);
	memcpy(u + 8, &c, 2);
	cvsw_udp4_csum_set(s, d, u, 10);
	CHECK_EQ(u[6], 0xff);
	CHECK_EQ(u[7], 0xff);
	CHECK(cvsw_udp4_csum_ok(s, d, u, 10));
}

TEST(udp_src_port_range)
{
	static unsigned char hits[16384];
	u32 i;
	int bad = 0, unhit = 0;

	CHECK_EQ(cvsw_udp_src_port(0, 0, 0), CVSW_UDP_SPORT_MIN);
	CHECK_EQ(cvsw_udp_src_port(0xffffffffU, 0, 0), CVSW_UDP_SPORT_MAX);
	CHECK_EQ(cvsw_udp_src_port(0xffffffffU, 1000, 1001), 1001);
	CHECK_EQ(cvsw_udp_src_port(0x7fffffffU, 1000, 1001), 1000);
	CHECK_EQ(cvsw_udp_src_port(12345, 5000, 5000), 5000);
	CHECK_EQ(cvsw_udp_src_port(0xffffffffU, 6000, 5000), CVSW_UDP_SPORT_MAX);
	/* Multiply-shift: hashes i << 16 hit every default port 4 times. */
	for (i = 0; i < 65536; i++) {
		u16 p = cvsw_udp_src_port(i << 16, 0, 0);

		if (p < CVSW_UDP_SPORT_MIN)
			bad++;
		else
			hits[p - CVSW_UDP_SPORT_MIN]++;
	}
	for (i = 0; i < 16384; i++)
		unhit += hits[i] != 4;
	CHECK_EQ(bad, 0);
	CHECK_EQ(unhit, 0);
}

TEST(inner_flow_hash_fields)
{
	u8 f[14 + 45];
	u32 h0, h1;
	u8 *d;
	size_t n;

	memset(f, 0, 14);
	f[0] = 0x02; f[6] = 0x02; f[12] = 0x08;
	memcpy(f + 14, udp4_pkt, 45);
	h0 = cvsw_inner_flow_hash(f, sizeof(f), 0);
	CHECK_EQ(cvsw_inner_flow_hash(f, sizeof(f), 0), h0);
	CHECK(cvsw_inner_flow_hash(f, sizeof(f), 1) != h0);
	f[14 + 21] ^= 1; /* UDP source port */
	h1 = cvsw_inner_flow_hash(f, sizeof(f), 0);
	CHECK(h1 != h0);
	f[14 + 6] |= 0x20; /* MF: a fragment, ports no longer used */
	ipv4_mutate(f + 14, 6, f[14 + 6]);
	h0 = cvsw_inner_flow_hash(f, sizeof(f), 0);
	f[14 + 21] ^= 1;
	CHECK_EQ(cvsw_inner_flow_hash(f, sizeof(f), 0), h0);
	/* Payload bytes never count; truncations never read past len. */
	f[14 + 30] ^= 0xff;
	CHECK_EQ(cvsw_inner_flow_hash(f, sizeof(f), 0), h0);
	for (n = 0; n <= sizeof(f); n++) {
		d = dup_exact(f, n);
		(void)cvsw_inner_flow_hash(d, n, 0);
		free(d);
	}
}

int main(void)
{
	return RUN_TESTS();
}
