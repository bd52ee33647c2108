// SPDX-License-Identifier: GPL-2.0
/* STT segment (TCP-like) header, frame header and checksums (draft-davie-stt-08). */
#include <stdlib.h>
#include "check.h"
#include "proto/stt.h"

/*
 * Made once with python3-scapy 2.5 (/usr/bin/python3):
 * bytes(IP(src="192.0.2.1",dst="198.51.100.2",id=7,ttl=64,flags="DF")/
 *       TCP(sport=50000,dport=7471,seq=(100<<16)|0,ack=0xdeadbeef,
 *           flags="PA",window=65535)/Raw(b"stt-seg"))
 * The TCP part starts at byte 20; its checksum is 0x8305.
 */
static const u8 tcp4_pkt[47] = {
	0x45, 0x00, 0x00, 0x2f, 0x00, 0x07, 0x40, 0x00, 0x40, 0x06, 0x4e, 0x8b,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x02, 0xc3, 0x50, 0x1d, 0x2f,
	0x00, 0x64, 0x00, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x50, 0x18, 0xff, 0xff,
	0x83, 0x05, 0x00, 0x00, 0x73, 0x74, 0x74, 0x2d, 0x73, 0x65, 0x67,
};

/*
 * bytes(IPv6(src="2001:db8::1",dst="2001:db8::2")/TCP(sport=50000,
 *       dport=7471,seq=(100<<16)|8,ack=1,flags="PA",window=65535)/
 *       Raw(b"stt-seg6")), TCP part only (checksum 0xb125).
 */
static const u8 tcp6_seg[28] = {
	0xc3, 0x50, 0x1d, 0x2f, 0x00, 0x64, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01,
	0x50, 0x18, 0xff, 0xff, 0xb1, 0x25, 0x00, 0x00, 0x73, 0x74, 0x74, 0x2d,
	0x73, 0x65, 0x67, 0x36,
};

static const u8 v6_src[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
static const u8 v6_dst[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };

static u8 *dup_exact(const void *p, size_t n)
{
	u8 *d = malloc(n ? n : 1);

	memcpy(d, p, n);
	return d;
}

static __be32 addr(const u8 *p)
{
	__be32 a;

	memcpy(&a, p, 4);
	return a;
}

TEST(stt_tcp_build_matches_scapy_with_csum)
{
	struct cvsw_stt_seg_info in = {
		.sport = 50000, .dport = CVSW_STT_PORT, .frame_len = 100,
		.offset = 0, .pkt_id = 0xdeadbeef,
	};
	u8 seg[27];

	CHECK_EQ(cvsw_stt_tcp_build(seg, 19, &in), -EMSGSIZE);
	CHECK_EQ(cvsw_stt_tcp_build(seg, sizeof(seg), &in), 20);
	CHECK_EQ(seg[16], 0);
	CHECK_EQ(seg[17], 0);
	memcpy(seg + 20, "stt-seg", 7);
	cvsw_stt_csum4_set(addr(tcp4_pkt + 12), addr(tcp4_pkt + 16), seg, 27);
	CHECK_MEM(seg, tcp4_pkt + 20, 27);
	CHECK(cvsw_stt_csum4_ok(addr(tcp4_pkt + 12), addr(tcp4_pkt + 16), seg, 27));
	seg[26] ^= 1;
	CHECK(!cvsw_stt_csum4_ok(addr(tcp4_pkt + 12), addr(tcp4_pkt + 16), seg, 27));
}

TEST(stt_tcp6_csum_matches_scapy)
{
	struct cvsw_stt_seg_info in = {
		.sport = 50000, .dport = CVSW_STT_PORT, .frame_len = 100,
		.offset = 8, .pkt_id = 1,
	}, out;
	u8 seg[28];

	CHECK(cvsw_stt_csum6_ok(v6_src, v6_dst, tcp6_seg, 28));
	CHECK_EQ(cvsw_stt_tcp_build(seg, sizeof(seg), &in), 20);
	memcpy(seg + 20, "stt-seg6", 8);
	cvsw_stt_csum6_set(v6_src, v6_dst, seg, 28);
	CHECK_MEM(seg, tcp6_seg, 28);
	CHECK(!cvsw_stt_csum6_ok(v6_dst, v6_src + 0, seg, 27));
	CHECK_EQ(cvsw_stt_tcp_parse(seg, 28, 28, &out), 20);
	CHECK_EQ(out.offset, 8);
	CHECK_EQ(out.data_len, 8);
}

TEST(stt_tcp_parse_scapy_segment)
{
	struct cvsw_stt_seg_info out;
	u8 *d = dup_exact(tcp4_pkt + 20, 27);

	CHECK_EQ(cvsw_stt_tcp_parse(d, 27, 27, &out), 20);
	CHECK_EQ(out.sport, 50000);
	CHECK_EQ(out.dport, 7471);
	CHECK_EQ(out.frame_len, 100);
	CHECK_EQ(out.offset, 0);
	CHECK_EQ(out.pkt_id, 0xdeadbeef);
	CHECK_EQ(out.tcp_flags, CVSW_TCP_FLAG_PSH | CVSW_TCP_FLAG_ACK);
	CHECK_EQ(out.hdr_len, 20);
	CHECK_EQ(out.data_len, 7);
	/* Header-only buffer of a longer segment. */
	CHECK_EQ(cvsw_stt_tcp_parse(d, 20, 27, &out), 20);
	CHECK_EQ(out.data_len, 7);
	CHECK_EQ(cvsw_stt_tcp_parse(d, 27, 20, &out), -EINVAL);
	free(d);
}

TEST(stt_tcp_truncated)
{
	struct cvsw_stt_seg_info out;
	size_t n;

	for (n = 0; n < 20; n++) {
		u8 *d = dup_exact(tcp4_pkt + 20, n);

		CHECK_EQ(cvsw_stt_tcp_parse(d, n, 27, &out), -EMSGSIZE);
		free(d);
	}
}

static int parse_seq(u16 frame_len, u16 offset, size_t data, u8 doff)
{
	struct cvsw_stt_seg_info out;
	u8 seg[80] = { 0 };

	seg[4] = frame_len >> 8; seg[5] = frame_len;
	seg[6] = offset >> 8; seg[7] = offset;
	seg[12] = doff << 4;
	return cvsw_stt_tcp_parse(seg, 20 + data > 80 ? 80 : 20 + data, 20 + data, &out);
}

TEST(stt_tcp_rejects_lying_lengths)
{
	CHECK_EQ(parse_seq(100, 0, 7, 5), 20);
	CHECK_EQ(parse_seq(100, 93, 7, 5), 20);     /* ends exactly at the frame end */
	CHECK_EQ(parse_seq(100, 94, 7, 5), -EINVAL); /* offset + data > frame */
	CHECK_EQ(parse_seq(100, 100, 0, 5), -EINVAL); /* offset == frame length */
	CHECK_EQ(parse_seq(17, 0, 0, 5), -EINVAL);   /* shorter than the STT header */
	CHECK_EQ(parse_seq(18, 0, 18, 5), 20);
	CHECK_EQ(parse_seq(100, 0, 7, 4), -EINVAL);  /* data offset < 5 */
	CHECK_EQ(parse_seq(100, 0, 7, 0), -EINVAL);
	CHECK_EQ(parse_seq(100, 0, 40, 6), 24);      /* options are skipped */
	CHECK_EQ(parse_seq(100, 0, 2, 6), -EMSGSIZE); /* options past the buffer */
	CHECK_EQ(parse_seq(0xffff, 0, 70000, 5), -EINVAL);
}

TEST(stt_tcp_build_rejects_bad_seq)
{
	struct cvsw_stt_seg_info in = { .frame_len = 100, .offset = 100 };
	u8 seg[20];

	CHECK_EQ(cvsw_stt_tcp_build(seg, 20, &in), -EINVAL);
	in.frame_len = 17;
	in.offset = 0;
	CHECK_EQ(cvsw_stt_tcp_build(seg, 20, &in), -EINVAL);
}

TEST(stt_segments_of_one_frame)
{
	struct cvsw_stt_seg_info in = { .sport = 49999, .dport = CVSW_STT_PORT,
					.frame_len = 3000, .pkt_id = 77 }, out;
	u8 seg[20 + 1448];
	unsigned int off, n = 0, total = 0;

	for (off = 0; off < 3000; off += 1448) {
		unsigned int data = 3000 - off < 1448 ? 3000 - off : 1448;

		in.offset = off;
		CHECK_EQ(cvsw_stt_tcp_build(seg, sizeof(seg), &in), 20);
		CHECK_EQ(cvsw_stt_tcp_parse(seg, 20, 20 + data, &out), 20);
		CHECK_EQ(out.offset, off);
		CHECK_EQ(out.pkt_id, 77);
		CHECK_EQ(out.frame_len, 3000);
		total += out.data_len;
		n++;
		/* One byte more than the rest of the frame is rejected. */
		CHECK_EQ(cvsw_stt_tcp_parse(seg, 20, 20 + 3000 - off + 1, &out), -EINVAL);
	}
	CHECK_EQ(n, 3);
	CHECK_EQ(total, 3000);
}

/*
 * Written from draft-davie-stt-08 section 3.1: version 0, flags checksum
 * partial | IPv4 | TCP, L4 offset 34 (Ethernet + IPv4), MSS 1448, PCP 5,
 * V, VLAN 100, context 0x0102030405060708, 2 bytes of padding.
 */
static const u8 stt_hdr[18] = {
	0x00, 0x0e, 0x22, 0x00, 0x05, 0xa8, 0xb0, 0x64,
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x00, 0x00,
};

TEST(stt_frame_header_bytes_and_roundtrip)
{
	struct cvsw_stt_info in = {
		.flags = CVSW_STT_FLAG_CSUM_PARTIAL | CVSW_STT_FLAG_IPV4 | CVSW_STT_FLAG_TCP,
		.l4_offset = 34, .mss = 1448,
		.vlan_tci = 5 << 13 | CVSW_STT_TCI_V | 100,
		.context = 0x0102030405060708ULL,
	}, out;
	u8 buf[18];
	u8 *d;

	CHECK_EQ(cvsw_stt_build(buf, 17, &in), -EMSGSIZE);
	memset(buf, 0xee, sizeof(buf));
	CHECK_EQ(cvsw_stt_build(buf, 18, &in), 18);
	CHECK_MEM(buf, stt_hdr, 18);
	d = dup_exact(stt_hdr, 18);
	CHECK_EQ(cvsw_stt_parse(d, 18, &out), 18);
	CHECK_EQ(out.flags, in.flags);
	CHECK_EQ(out.l4_offset, 34);
	CHECK_EQ(out.mss, 1448);
	CHECK_EQ(out.vlan_tci, in.vlan_tci);
	CHECK(out.context == in.context);
	free(d);
	in.flags = 0x10;
	CHECK_EQ(cvsw_stt_build(buf, 18, &in), -EINVAL);
}

TEST(stt_frame_header_malformed)
{
	struct cvsw_stt_info out;
	u8 h[18];
	size_t n;

	for (n = 0; n < 18; n++) {
		u8 *d = dup_exact(stt_hdr, n);

		CHECK_EQ(cvsw_stt_parse(d, n, &out), -EMSGSIZE);
		free(d);
	}
	memcpy(h, stt_hdr, 18);
	h[0] = 1;
	CHECK_EQ(cvsw_stt_parse(h, 18, &out), -EPROTONOSUPPORT);
	h[0] = 0;
	h[1] = 0xf1; /* unused flag bits are ignored on receipt */
	h[3] = 0xff;
	CHECK_EQ(cvsw_stt_parse(h, 18, &out), 18);
	CHECK_EQ(out.flags, CVSW_STT_FLAG_CSUM_VERIFIED);
}

int main(void)
{
	return RUN_TESTS();
}
