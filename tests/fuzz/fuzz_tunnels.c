// SPDX-License-Identifier: GPL-2.0
/*
 * Every outer/tunnel header parser on arbitrary bytes. Whatever parses is
 * built again from the parsed info and must parse to the same info; the
 * checksum helpers must verify what they set.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "proto/ip.h"
#include "proto/vxlan.h"
#include "proto/nvgre.h"
#include "proto/geneve.h"
#include "proto/stt.h"

#define MUST(c) do { if (!(c)) abort(); } while (0)

static void fuzz_eth(const u8 *d, size_t n)
{
	struct cvsw_eth_info a, b;
	u8 buf[CVSW_ETH_HLEN + CVSW_VLAN_HLEN];

	if (cvsw_eth_parse(d, n, &a) < 0)
		return;
	MUST(cvsw_eth_build(buf, sizeof(buf), &a) == a.hdr_len);
	MUST(cvsw_eth_parse(buf, a.hdr_len, &b) == a.hdr_len);
	MUST(!memcmp(a.dst, b.dst, 6) && !memcmp(a.src, b.src, 6));
	MUST(a.vlan == b.vlan && a.tci == b.tci && a.proto == b.proto);
}

static void fuzz_ipv4(const u8 *d, size_t n)
{
	struct cvsw_ipv4_info a, b;
	u8 buf[CVSW_IPV4_HLEN];
	int hl = cvsw_ipv4_parse_hdr(d, n, &a);

	if (cvsw_ipv4_parse(d, n, &b) >= 0)
		MUST(hl >= 0 && b.tot_len <= n);
	if (hl < 0)
		return;
	MUST(cvsw_ipv4_build(buf, sizeof(buf), &a, a.tot_len - a.hdr_len) == 20);
	MUST(cvsw_ipv4_parse_hdr(buf, sizeof(buf), &b) == 20);
	MUST(a.saddr == b.saddr && a.daddr == b.daddr && a.tos == b.tos);
	MUST(a.ttl == b.ttl && a.protocol == b.protocol && a.id == b.id);
	MUST(a.df == b.df && a.mf == b.mf && a.frag_offset == b.frag_offset);
	MUST(b.tot_len == a.tot_len - a.hdr_len + 20);
}

static void fuzz_ipv6(const u8 *d, size_t n)
{
	struct cvsw_ipv6_info a, b;
	u8 *buf;
	int hl = cvsw_ipv6_parse_hdr(d, n, &a);

	if (hl < 0)
		return;
	MUST(hl == a.hdr_len && (size_t)hl <= n);
	/* A rebuilt fixed header in front of the same extension headers. */
	buf = malloc(n);
	MUST(cvsw_ipv6_build(buf, n, &a, a.payload_len) == 40);
	memcpy(buf + 40, d + 40, n - 40);
	MUST(cvsw_ipv6_parse_hdr(buf, n, &b) == hl);
	MUST(!memcmp(a.saddr, b.saddr, 16) && !memcmp(a.daddr, b.daddr, 16));
	MUST(a.tclass == b.tclass && a.flowlabel == b.flowlabel);
	MUST(a.hop_limit == b.hop_limit && a.nexthdr == b.nexthdr);
	MUST(a.payload_len == b.payload_len && a.l4_proto == b.l4_proto);
	MUST(a.n_ext == b.n_ext && a.frag == b.frag && a.frag_more == b.frag_more);
	MUST(a.frag_offset == b.frag_offset && a.frag_id == b.frag_id);
	free(buf);
}

static void fuzz_udp(const u8 *d, size_t n)
{
	struct cvsw_udp_info a, b;
	u8 buf[8];

	if (cvsw_udp_parse_hdr(d, n, &a) < 0)
		return;
	MUST(cvsw_udp_build(buf, 8, a.source, a.dest, a.len - 8) == 8);
	MUST(cvsw_udp_parse_hdr(buf, 8, &b) == 8);
	MUST(a.source == b.source && a.dest == b.dest && a.len == b.len);
}

static void fuzz_csums(const u8 *d, size_t n)
{
	u8 *buf;
	__be32 s, t;

	if (n < 40)
		return;
	memcpy(&s, d, 4);
	memcpy(&t, d + 4, 4);
	buf = malloc(n - 32);
	memcpy(buf, d + 32, n - 32);
	cvsw_udp4_csum_set(s, t, buf, n - 32);
	MUST(cvsw_udp4_csum_ok(s, t, buf, n - 32));
	cvsw_udp6_csum_set(d, d + 16, buf, n - 32);
	MUST(cvsw_udp6_csum_ok(d, d + 16, buf, n - 32));
	if (n - 32 >= CVSW_STT_TCP_HLEN) {
		cvsw_stt_csum4_set(s, t, buf, n - 32);
		MUST(cvsw_stt_csum4_ok(s, t, buf, n - 32));
		cvsw_stt_csum6_set(d, d + 16, buf, n - 32);
		MUST(cvsw_stt_csum6_ok(d, d + 16, buf, n - 32));
	}
	free(buf);
}

static void fuzz_vxlan_nvgre(const u8 *d, size_t n)
{
	u8 buf[8];
	u32 v, w;
	u8 f, g;

	if (cvsw_vxlan_parse(d, n, &v) >= 0) {
		MUST(cvsw_vxlan_build(buf, 8, v) == 8);
		MUST(cvsw_vxlan_parse(buf, 8, &w) == 8 && v == w);
	}
	if (cvsw_nvgre_parse(d, n, &v, &f) >= 0) {
		MUST(cvsw_nvgre_build(buf, 8, v, f) == 8);
		MUST(cvsw_nvgre_parse(buf, 8, &w, &g) == 8 && v == w && f == g);
	}
}

static void fuzz_geneve(const u8 *d, size_t n)
{
	struct cvsw_geneve_info a, b;
	struct cvsw_geneve_opt_info o;
	u8 buf[CVSW_GENEVE_HLEN + CVSW_GENEVE_OPTS_MAX];
	size_t pos = 0;
	int hl, r, k = 0;

	/* The iterator and finder alone on raw bytes. */
	while ((r = cvsw_geneve_opt_next(d, n, &pos, &o)) > 0) {
		MUST(pos <= n && o.data + o.len <= d + n);
		k++;
	}
	if (r == 0 && n >= 4 && n % 4 == 0 && n <= CVSW_GENEVE_OPTS_MAX) {
		MUST(cvsw_geneve_opts_validate(d, n, NULL) == 0);
		MUST(k == 0 || cvsw_geneve_opt_find(d, n, (u16)(d[0] << 8 | d[1]), d[2]) ==
			       (const void *)d);
	}

	hl = cvsw_geneve_parse(d, n, &a);
	if (hl < 0)
		return;
	MUST((size_t)hl <= n && hl == a.hdr_len);
	MUST(cvsw_geneve_build(buf, sizeof(buf), &a) == hl);
	MUST(cvsw_geneve_parse(buf, hl, &b) == hl);
	MUST(a.vni == b.vni && a.proto == b.proto && a.oam == b.oam);
	MUST(a.critical == b.critical && a.opts_len == b.opts_len);
	MUST(!memcmp(a.opts, b.opts, a.opts_len));
}

static void fuzz_stt(const u8 *d, size_t n)
{
	struct cvsw_stt_seg_info a, b;
	struct cvsw_stt_info x, y;
	u8 buf[CVSW_STT_TCP_HLEN];

	if (cvsw_stt_tcp_parse(d, n, n, &a) >= 0) {
		MUST(a.hdr_len + a.data_len == n);
		MUST(cvsw_stt_tcp_build(buf, sizeof(buf), &a) == 20);
		MUST(cvsw_stt_tcp_parse(buf, 20, 20 + a.data_len, &b) == 20);
		MUST(a.sport == b.sport && a.dport == b.dport && a.pkt_id == b.pkt_id);
		MUST(a.frame_len == b.frame_len && a.offset == b.offset);
		MUST(a.data_len == b.data_len);
	}
	if (cvsw_stt_parse(d, n, &x) >= 0) {
		MUST(cvsw_stt_build(buf, sizeof(buf), &x) == CVSW_STT_HLEN);
		MUST(cvsw_stt_parse(buf, CVSW_STT_HLEN, &y) == CVSW_STT_HLEN);
		MUST(x.flags == y.flags && x.l4_offset == y.l4_offset && x.mss == y.mss);
		MUST(x.vlan_tci == y.vlan_tci && x.context == y.context);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size heap copy: ASan flags any read past size. */
	u8 *d = malloc(size ? size : 1);

	memcpy(d, data, size);
	fuzz_eth(d, size);
	fuzz_ipv4(d, size);
	fuzz_ipv6(d, size);
	fuzz_udp(d, size);
	fuzz_csums(d, size);
	fuzz_vxlan_nvgre(d, size);
	fuzz_geneve(d, size);
	fuzz_stt(d, size);
	(void)cvsw_inner_flow_hash(d, size, 0);
	free(d);
	return 0;
}
