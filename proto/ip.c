// SPDX-License-Identifier: GPL-2.0
/* Ethernet, IPv4, IPv6 and UDP outer headers: see ip.h. */
#include "ip.h"
#include "csum.h"

#ifndef __force /* sparse annotation; absent in userspace */
#define __force
#endif

int cvsw_eth_build(void *buf, size_t size, const struct cvsw_eth_info *info)
{
	struct cvsw_ethhdr *eth = buf;
	size_t hlen = CVSW_ETH_HLEN + (info->vlan ? CVSW_VLAN_HLEN : 0);

	if (size < hlen)
		return -EMSGSIZE;
	memcpy(eth->dst, info->dst, CVSW_ETH_ALEN);
	memcpy(eth->src, info->src, CVSW_ETH_ALEN);
	if (info->vlan) {
		struct cvsw_vlanhdr *vh = (struct cvsw_vlanhdr *)(eth + 1);

		eth->proto = cpu_to_be16(CVSW_ETH_P_8021Q);
		vh->tci = cpu_to_be16(info->tci);
		vh->proto = cpu_to_be16(info->proto);
	} else {
		eth->proto = cpu_to_be16(info->proto);
	}
	return hlen;
}

int cvsw_eth_parse(const void *buf, size_t len, struct cvsw_eth_info *info)
{
	const struct cvsw_ethhdr *eth = buf;
	u16 proto;

	if (len < CVSW_ETH_HLEN)
		return -EMSGSIZE;
	memcpy(info->dst, eth->dst, CVSW_ETH_ALEN);
	memcpy(info->src, eth->src, CVSW_ETH_ALEN);
	proto = be16_to_cpu(eth->proto);
	info->vlan = false;
	info->tci = 0;
	info->hdr_len = CVSW_ETH_HLEN;
	if (proto == CVSW_ETH_P_8021Q) {
		const struct cvsw_vlanhdr *vh = (const void *)(eth + 1);

		if (len < CVSW_ETH_HLEN + CVSW_VLAN_HLEN)
			return -EMSGSIZE;
		info->vlan = true;
		info->tci = be16_to_cpu(vh->tci);
		info->hdr_len += CVSW_VLAN_HLEN;
		proto = be16_to_cpu(vh->proto);
	}
	if (proto < CVSW_ETH_P_802_3_MIN)
		return -EPROTONOSUPPORT;
	info->proto = proto;
	return info->hdr_len;
}

int cvsw_ipv4_build(void *buf, size_t size, const struct cvsw_ipv4_info *info,
		    u16 payload_len)
{
	struct cvsw_iphdr *iph = buf;
	u16 frag;

	if (size < CVSW_IPV4_HLEN)
		return -EMSGSIZE;
	if (payload_len > 0xffff - CVSW_IPV4_HLEN || (info->frag_offset & 7) ||
	    info->frag_offset > CVSW_IPV4_OFFSET * 8)
		return -EINVAL;
	frag = info->frag_offset / 8;
	if (info->df)
		frag |= CVSW_IPV4_DF;
	if (info->mf)
		frag |= CVSW_IPV4_MF;
	iph->ver_ihl = 0x45;
	iph->tos = info->tos;
	iph->tot_len = cpu_to_be16(CVSW_IPV4_HLEN + payload_len);
	iph->id = cpu_to_be16(info->id);
	iph->frag_off = cpu_to_be16(frag);
	iph->ttl = info->ttl;
	iph->protocol = info->protocol;
	iph->check = 0;
	iph->saddr = info->saddr;
	iph->daddr = info->daddr;
	iph->check = cvsw_csum(iph, CVSW_IPV4_HLEN);
	return CVSW_IPV4_HLEN;
}

int cvsw_ipv4_parse_hdr(const void *buf, size_t len, struct cvsw_ipv4_info *info)
{
	const struct cvsw_iphdr *iph = buf;
	unsigned int hlen;
	u16 frag;

	if (len < 1)
		return -EMSGSIZE;
	if (iph->ver_ihl >> 4 != 4)
		return -EPROTONOSUPPORT;
	hlen = (iph->ver_ihl & 0x0f) * 4;
	if (hlen < CVSW_IPV4_HLEN)
		return -EINVAL;
	if (len < hlen)
		return -EMSGSIZE;
	if (!cvsw_csum_ok(iph, hlen))
		return -EINVAL;
	info->tot_len = be16_to_cpu(iph->tot_len);
	if (info->tot_len < hlen)
		return -EINVAL;
	frag = be16_to_cpu(iph->frag_off);
	/* The reserved flag (bit 0) must be zero (RFC 791). */
	if (frag & 0x8000)
		return -EINVAL;
	info->hdr_len = hlen;
	info->tos = iph->tos;
	info->id = be16_to_cpu(iph->id);
	info->df = frag & CVSW_IPV4_DF;
	info->mf = frag & CVSW_IPV4_MF;
	info->frag_offset = (frag & CVSW_IPV4_OFFSET) * 8;
	info->ttl = iph->ttl;
	info->protocol = iph->protocol;
	info->saddr = iph->saddr;
	info->daddr = iph->daddr;
	return hlen;
}

int cvsw_ipv4_parse(const void *buf, size_t len, struct cvsw_ipv4_info *info)
{
	int ret = cvsw_ipv4_parse_hdr(buf, len, info);

	if (ret < 0)
		return ret;
	if (info->tot_len > len)
		return -EMSGSIZE;
	return ret;
}

int cvsw_ipv6_build(void *buf, size_t size, const struct cvsw_ipv6_info *info,
		    u16 payload_len)
{
	struct cvsw_ipv6hdr *ip6h = buf;

	if (size < CVSW_IPV6_HLEN)
		return -EMSGSIZE;
	if (info->flowlabel > 0xfffff)
		return -EINVAL;
	ip6h->ver_tc_flow = cpu_to_be32(6U << 28 | (u32)info->tclass << 20 |
					info->flowlabel);
	ip6h->payload_len = cpu_to_be16(payload_len);
	ip6h->nexthdr = info->nexthdr;
	ip6h->hop_limit = info->hop_limit;
	memcpy(ip6h->saddr, info->saddr, 16);
	memcpy(ip6h->daddr, info->daddr, 16);
	return CVSW_IPV6_HLEN;
}

/* Walk one extension header at off; returns its length or a negative errno. */
static int ipv6_ext(const u8 *p, size_t avail, u8 type, struct cvsw_ipv6_info *info)
{
	u16 frag;

	if (avail < 8)
		return -EMSGSIZE;
	if (type != CVSW_IPPROTO_FRAGMENT)
		return (p[1] + 1) * 8;
	/* Fragment header: fixed 8 bytes; its length byte is reserved. */
	if (info->frag)
		return -EINVAL; /* RFC 8200 4.1: at most once */
	frag = (u16)p[2] << 8 | p[3];
	info->frag = true;
	info->frag_offset = frag & 0xfff8;
	info->frag_more = frag & 1;
	info->frag_id = (u32)p[4] << 24 | (u32)p[5] << 16 | (u32)p[6] << 8 | p[7];
	return 8;
}

int cvsw_ipv6_parse_hdr(const void *buf, size_t len, struct cvsw_ipv6_info *info)
{
	const struct cvsw_ipv6hdr *ip6h = buf;
	const u8 *p = buf;
	size_t off = CVSW_IPV6_HLEN, end;
	u32 word;
	u8 next;

	if (len < 1)
		return -EMSGSIZE;
	if (p[0] >> 4 != 6)
		return -EPROTONOSUPPORT;
	if (len < CVSW_IPV6_HLEN)
		return -EMSGSIZE;
	word = be32_to_cpu(ip6h->ver_tc_flow);
	info->tclass = (word >> 20) & 0xff;
	info->flowlabel = word & 0xfffff;
	info->payload_len = be16_to_cpu(ip6h->payload_len);
	info->nexthdr = ip6h->nexthdr;
	info->hop_limit = ip6h->hop_limit;
	memcpy(info->saddr, ip6h->saddr, 16);
	memcpy(info->daddr, ip6h->daddr, 16);
	info->n_ext = 0;
	info->frag = false;
	info->frag_more = false;
	info->frag_offset = 0;
	info->frag_id = 0;

	end = CVSW_IPV6_HLEN + info->payload_len;
	if (end > len)
		end = len;
	next = info->nexthdr;
	for (;;) {
		int ext;

		if (next != CVSW_IPPROTO_HOPOPTS && next != CVSW_IPPROTO_ROUTING &&
		    next != CVSW_IPPROTO_FRAGMENT && next != CVSW_IPPROTO_DSTOPTS)
			break;
		/* Hop-by-Hop is only allowed right after the fixed header. */
		if (next == CVSW_IPPROTO_HOPOPTS && info->n_ext)
			return -EINVAL;
		ext = ipv6_ext(p + off, end - off, next, info);
		if (ext < 0)
			return ext;
		if (off + ext > end)
			return -EMSGSIZE;
		next = p[off];
		off += ext;
		info->n_ext++;
	}
	info->l4_proto = next;
	info->hdr_len = off;
	return off;
}

int cvsw_ipv6_parse(const void *buf, size_t len, struct cvsw_ipv6_info *info)
{
	int ret = cvsw_ipv6_parse_hdr(buf, len, info);

	if (ret < 0)
		return ret;
	if ((size_t)CVSW_IPV6_HLEN + info->payload_len > len)
		return -EMSGSIZE;
	return ret;
}

int cvsw_udp_build(void *buf, size_t size, u16 sport, u16 dport, u16 payload_len)
{
	struct cvsw_udphdr *uh = buf;

	if (size < CVSW_UDP_HLEN)
		return -EMSGSIZE;
	if (payload_len > 0xffff - CVSW_UDP_HLEN)
		return -EINVAL;
	uh->source = cpu_to_be16(sport);
	uh->dest = cpu_to_be16(dport);
	uh->len = cpu_to_be16(CVSW_UDP_HLEN + payload_len);
	uh->check = 0;
	return CVSW_UDP_HLEN;
}

int cvsw_udp_parse_hdr(const void *buf, size_t len, struct cvsw_udp_info *info)
{
	const struct cvsw_udphdr *uh = buf;

	if (len < CVSW_UDP_HLEN)
		return -EMSGSIZE;
	info->len = be16_to_cpu(uh->len);
	if (info->len < CVSW_UDP_HLEN)
		return -EINVAL;
	info->source = be16_to_cpu(uh->source);
	info->dest = be16_to_cpu(uh->dest);
	info->check = be16_to_cpu((__force __be16)uh->check);
	return CVSW_UDP_HLEN;
}

int cvsw_udp_parse(const void *buf, size_t len, struct cvsw_udp_info *info)
{
	int ret = cvsw_udp_parse_hdr(buf, len, info);

	if (ret < 0)
		return ret;
	if (info->len > len)
		return -EMSGSIZE;
	return ret;
}

/* The pseudo-header as bytes, so the sum is right on either endianness. */
__sum16 cvsw_l4_csum4(__be32 saddr, __be32 daddr, u8 proto, const void *l4, size_t len)
{
	u8 ph[12];
	u32 sum;

	memcpy(ph, &saddr, 4);
	memcpy(ph + 4, &daddr, 4);
	ph[8] = 0;
	ph[9] = proto;
	ph[10] = len >> 8;
	ph[11] = len;
	sum = cvsw_csum_add(0, ph, sizeof(ph));
	return cvsw_csum_fold(cvsw_csum_add(sum, l4, len));
}

__sum16 cvsw_l4_csum6(const u8 *saddr, const u8 *daddr, u8 proto, const void *l4,
		      size_t len)
{
	u8 ph[40];
	u32 sum;

	memcpy(ph, saddr, 16);
	memcpy(ph + 16, daddr, 16);
	ph[32] = len >> 24;
	ph[33] = len >> 16;
	ph[34] = len >> 8;
	ph[35] = len;
	ph[36] = 0;
	ph[37] = 0;
	ph[38] = 0;
	ph[39] = proto;
	sum = cvsw_csum_add(0, ph, sizeof(ph));
	return cvsw_csum_fold(cvsw_csum_add(sum, l4, len));
}

/* RFC 768: a computed zero is sent as all ones, zero meaning "no checksum". */
static void udp_store(struct cvsw_udphdr *uh, __sum16 sum)
{
	uh->check = sum ? sum : (__force __sum16)0xffff;
}

void cvsw_udp4_csum_set(__be32 saddr, __be32 daddr, void *udp, size_t len)
{
	struct cvsw_udphdr *uh = udp;

	uh->check = 0;
	udp_store(uh, cvsw_l4_csum4(saddr, daddr, CVSW_IPPROTO_UDP, udp, len));
}

void cvsw_udp6_csum_set(const u8 *saddr, const u8 *daddr, void *udp, size_t len)
{
	struct cvsw_udphdr *uh = udp;

	uh->check = 0;
	udp_store(uh, cvsw_l4_csum6(saddr, daddr, CVSW_IPPROTO_UDP, udp, len));
}

bool cvsw_udp4_csum_ok(__be32 saddr, __be32 daddr, const void *udp, size_t len)
{
	const struct cvsw_udphdr *uh = udp;

	if (len < CVSW_UDP_HLEN)
		return false;
	if (!uh->check)
		return true;
	return cvsw_l4_csum4(saddr, daddr, CVSW_IPPROTO_UDP, udp, len) == 0;
}

bool cvsw_udp6_csum_ok(const u8 *saddr, const u8 *daddr, const void *udp, size_t len)
{
	const struct cvsw_udphdr *uh = udp;

	if (len < CVSW_UDP_HLEN || !uh->check)
		return false;
	return cvsw_l4_csum6(saddr, daddr, CVSW_IPPROTO_UDP, udp, len) == 0;
}

u32 cvsw_hash_bytes(const void *buf, size_t len, u32 seed)
{
	const u8 *p = buf;
	u32 h = 2166136261U ^ seed;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= 16777619U;
	}
	/* FNV's low bits mix poorly: the murmur3 finaliser spreads them. */
	h ^= h >> 16;
	h *= 0x85ebca6bU;
	h ^= h >> 13;
	h *= 0xc2b2ae35U;
	h ^= h >> 16;
	return h;
}

/* Ports of a TCP/UDP header at l4, if present in the frame. */
static u32 hash_ports(u32 h, u8 proto, const u8 *l4, size_t avail)
{
	if ((proto == CVSW_IPPROTO_TCP || proto == CVSW_IPPROTO_UDP) && avail >= 4)
		h = cvsw_hash_bytes(l4, 4, h);
	return h;
}

u32 cvsw_inner_flow_hash(const void *frame, size_t len, u32 seed)
{
	const u8 *p = frame;
	struct cvsw_eth_info eth;
	u32 h;
	u8 key[2];

	if (cvsw_eth_parse(frame, len, &eth) < 0)
		return cvsw_hash_bytes(frame, len < CVSW_ETH_HLEN ? len : CVSW_ETH_HLEN,
				       seed);
	h = cvsw_hash_bytes(eth.dst, CVSW_ETH_ALEN * 2, seed);
	key[0] = eth.proto >> 8;
	key[1] = eth.proto;
	h = cvsw_hash_bytes(key, 2, h);
	p += eth.hdr_len;
	len -= eth.hdr_len;

	if (eth.proto == CVSW_ETH_P_IPV4) {
		struct cvsw_ipv4_info ip;
		int hl = cvsw_ipv4_parse_hdr(p, len, &ip);

		if (hl < 0)
			return h;
		key[0] = ip.protocol;
		h = cvsw_hash_bytes(&ip.saddr, 4, h);
		h = cvsw_hash_bytes(&ip.daddr, 4, h);
		h = cvsw_hash_bytes(key, 1, h);
		if (!ip.mf && !ip.frag_offset)
			h = hash_ports(h, ip.protocol, p + hl, len - hl);
	} else if (eth.proto == CVSW_ETH_P_IPV6) {
		struct cvsw_ipv6_info ip6;
		int hl = cvsw_ipv6_parse_hdr(p, len, &ip6);

		if (hl < 0)
			return h;
		key[0] = ip6.l4_proto;
		h = cvsw_hash_bytes(ip6.saddr, 16, h);
		h = cvsw_hash_bytes(ip6.daddr, 16, h);
		h = cvsw_hash_bytes(key, 1, h);
		if (!ip6.frag || (!ip6.frag_more && !ip6.frag_offset))
			h = hash_ports(h, ip6.l4_proto, p + hl, len - hl);
	}
	return h;
}

u16 cvsw_udp_src_port(u32 hash, u16 min, u16 max)
{
	u32 span;

	if (!min || min > max) {
		min = CVSW_UDP_SPORT_MIN;
		max = CVSW_UDP_SPORT_MAX;
	}
	span = (u32)max - min + 1;
	return min + (u16)(((u64)hash * span) >> 32);
}
