/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Outer headers of every tunnel: Ethernet (with at most one 802.1Q tag),
 * IPv4, IPv6 and UDP, plus the L4 checksum over the IP pseudo-header and
 * the UDP source port hash that spreads tunnel flows over receive queues.
 *
 * Builders write into a caller buffer of `size` bytes and return the number
 * of bytes written, or -EMSGSIZE when the buffer is too small, -EINVAL for
 * values the header cannot carry. Parsers read at most `len` bytes, fill an
 * info struct and return the header length, or -EMSGSIZE (truncated),
 * -EINVAL (malformed), -EPROTONOSUPPORT (wrong version or protocol).
 * All multi-byte values in info structs are in host order, addresses stay
 * as bytes / network order.
 *
 * Names carry a cvsw_/CVSW_ prefix so these headers can sit next to the
 * kernel's <linux/ip.h> & co. in cvsw.ko.
 */
#ifndef CVSW_PROTO_IP_H
#define CVSW_PROTO_IP_H

#include "platform.h"

#define CVSW_ETH_ALEN 6
#define CVSW_ETH_HLEN 14
#define CVSW_VLAN_HLEN 4
#define CVSW_ETH_P_IPV4 0x0800
#define CVSW_ETH_P_ARP 0x0806
#define CVSW_ETH_P_8021Q 0x8100
#define CVSW_ETH_P_8021AD 0x88a8
#define CVSW_ETH_P_IPV6 0x86dd
#define CVSW_ETH_P_TEB 0x6558 /* Transparent Ethernet Bridging: NVGRE, Geneve */
#define CVSW_ETH_P_802_3_MIN 0x0600 /* below: an 802.3 length, not a type */

#define CVSW_IPV4_HLEN 20
#define CVSW_IPV4_MAX_HLEN 60
#define CVSW_IPV4_DF 0x4000
#define CVSW_IPV4_MF 0x2000
#define CVSW_IPV4_OFFSET 0x1fff
#define CVSW_IPV6_HLEN 40
#define CVSW_UDP_HLEN 8

#define CVSW_IPPROTO_HOPOPTS 0
#define CVSW_IPPROTO_TCP 6
#define CVSW_IPPROTO_UDP 17
#define CVSW_IPPROTO_ROUTING 43
#define CVSW_IPPROTO_FRAGMENT 44
#define CVSW_IPPROTO_GRE 47
#define CVSW_IPPROTO_ESP 50
#define CVSW_IPPROTO_AH 51
#define CVSW_IPPROTO_NONE 59
#define CVSW_IPPROTO_DSTOPTS 60

/* Default UDP source port range for tunnels (RFC 6335 dynamic ports). */
#define CVSW_UDP_SPORT_MIN 49152
#define CVSW_UDP_SPORT_MAX 65535

struct cvsw_ethhdr {
	u8 dst[CVSW_ETH_ALEN];
	u8 src[CVSW_ETH_ALEN];
	__be16 proto;
} __packed;

struct cvsw_vlanhdr {
	__be16 tci;
	__be16 proto; /* the encapsulated EtherType */
} __packed;

struct cvsw_iphdr {
	u8 ver_ihl; /* version << 4 | IHL in 32-bit words */
	u8 tos;
	__be16 tot_len;
	__be16 id;
	__be16 frag_off; /* flags (DF, MF) | offset in 8-byte units */
	u8 ttl;
	u8 protocol;
	__sum16 check;
	__be32 saddr;
	__be32 daddr;
} __packed;

struct cvsw_ipv6hdr {
	__be32 ver_tc_flow; /* version 4 | traffic class 8 | flow label 20 */
	__be16 payload_len;
	u8 nexthdr;
	u8 hop_limit;
	u8 saddr[16];
	u8 daddr[16];
} __packed;

struct cvsw_udphdr {
	__be16 source;
	__be16 dest;
	__be16 len;
	__sum16 check;
} __packed;

struct cvsw_eth_info {
	u8 dst[CVSW_ETH_ALEN];
	u8 src[CVSW_ETH_ALEN];
	bool vlan;    /* one 802.1Q tag present */
	u16 tci;      /* its PCP/DEI/VID, if vlan */
	u16 proto;    /* EtherType after the tag, if any */
	u16 hdr_len;  /* 14 or 18 */
};

struct cvsw_ipv4_info {
	__be32 saddr;
	__be32 daddr;
	u8 tos;
	u8 ttl;
	u8 protocol;
	u16 id;
	bool df;
	bool mf;
	u16 frag_offset; /* in bytes */
	u16 hdr_len;     /* parse: 20..60 with options; build writes 20 */
	u16 tot_len;     /* parse: header + payload */
};

/*
 * IPv6 extension headers walked by cvsw_ipv6_parse(): Hop-by-Hop, Routing,
 * Fragment and Destination Options. Anything else (ESP, AH, mobility, ...)
 * ends the walk and is reported as l4_proto, never skipped. Jumbograms
 * (payload length 0 plus a Hop-by-Hop jumbo option) are not supported:
 * their extension headers parse as truncated.
 */
struct cvsw_ipv6_info {
	u8 saddr[16];
	u8 daddr[16];
	u8 tclass;
	u32 flowlabel;
	u8 hop_limit;
	u8 nexthdr;       /* next header of the fixed header */
	u16 payload_len;  /* as on the wire */
	u8 l4_proto;      /* next header after the walked extension headers */
	u8 n_ext;         /* extension headers walked */
	u16 hdr_len;      /* 40 + walked extension headers */
	bool frag;        /* a Fragment header was walked */
	bool frag_more;
	u16 frag_offset;  /* in bytes */
	u32 frag_id;
};

struct cvsw_udp_info {
	u16 source;
	u16 dest;
	u16 len;   /* header + payload */
	u16 check; /* as on the wire, host order; 0 = none (IPv4 only) */
};

/* Ethernet header, with a 802.1Q tag when info->vlan; returns 14 or 18. */
int cvsw_eth_build(void *buf, size_t size, const struct cvsw_eth_info *info);
/* An 802.3 length instead of an EtherType gives -EPROTONOSUPPORT. */
int cvsw_eth_parse(const void *buf, size_t len, struct cvsw_eth_info *info);

/*
 * IPv4 header without options, header checksum filled in; tot_len is
 * 20 + payload_len. Uses every info field but hdr_len and tot_len.
 */
int cvsw_ipv4_build(void *buf, size_t size, const struct cvsw_ipv4_info *info,
		    u16 payload_len);
/*
 * Header only: version 4, IHL >= 5, tot_len >= IHL, header checksum. For a
 * caller holding only the pulled header of a longer packet.
 */
int cvsw_ipv4_parse_hdr(const void *buf, size_t len, struct cvsw_ipv4_info *info);
/* Whole packet in buf: also tot_len <= len (else -EMSGSIZE). */
int cvsw_ipv4_parse(const void *buf, size_t len, struct cvsw_ipv4_info *info);

/* Fixed IPv6 header; uses saddr, daddr, tclass, flowlabel, hop_limit, nexthdr. */
int cvsw_ipv6_build(void *buf, size_t size, const struct cvsw_ipv6_info *info,
		    u16 payload_len);
/*
 * Fixed header plus the walked extension headers (which must lie in buf and
 * within payload_len). Returns hdr_len. Does not compare payload_len to len:
 * use cvsw_ipv6_parse() for a whole packet.
 */
int cvsw_ipv6_parse_hdr(const void *buf, size_t len, struct cvsw_ipv6_info *info);
/* Whole packet in buf: also 40 + payload_len <= len (else -EMSGSIZE). */
int cvsw_ipv6_parse(const void *buf, size_t len, struct cvsw_ipv6_info *info);

/* UDP header with len = 8 + payload_len and a zero checksum; returns 8. */
int cvsw_udp_build(void *buf, size_t size, u16 sport, u16 dport, u16 payload_len);
/* Header only: len >= 8. Returns 8. */
int cvsw_udp_parse_hdr(const void *buf, size_t len, struct cvsw_udp_info *info);
/* Whole datagram in buf: also the UDP length <= len. */
int cvsw_udp_parse(const void *buf, size_t len, struct cvsw_udp_info *info);

/*
 * Checksum over the pseudo-header (RFC 768 / RFC 8200 8.1) and len bytes of
 * L4 header + payload at l4, whose checksum field must hold zero or the
 * value to verify. A result of 0 means "verifies" when the field was filled.
 */
__sum16 cvsw_l4_csum4(__be32 saddr, __be32 daddr, u8 proto, const void *l4, size_t len);
__sum16 cvsw_l4_csum6(const u8 *saddr, const u8 *daddr, u8 proto, const void *l4,
		      size_t len);
/* Fill the UDP checksum of a whole datagram (a computed 0 goes out as 0xffff). */
void cvsw_udp4_csum_set(__be32 saddr, __be32 daddr, void *udp, size_t len);
void cvsw_udp6_csum_set(const u8 *saddr, const u8 *daddr, void *udp, size_t len);
/* Verify; IPv4 accepts a zero (absent) checksum, IPv6 does not (RFC 8200 8.1). */
bool cvsw_udp4_csum_ok(__be32 saddr, __be32 daddr, const void *udp, size_t len);
bool cvsw_udp6_csum_ok(const u8 *saddr, const u8 *daddr, const void *udp, size_t len);

/*
 * Flow hash for source port selection: portable (FNV-1a over the bytes,
 * then the murmur3 finaliser), same value in kernel and userspace; not
 * the kernel's skb hash.
 */
u32 cvsw_hash_bytes(const void *buf, size_t len, u32 seed);
/*
 * Hash of the inner flow of an Ethernet frame: MACs and EtherType, and for
 * IPv4/IPv6 the addresses and protocol, and TCP/UDP ports of unfragmented
 * packets. Reads at most len bytes; whatever is truncated is left out.
 */
u32 cvsw_inner_flow_hash(const void *frame, size_t len, u32 seed);
/*
 * Map a hash into [min, max] inclusive, like the kernel's
 * udp_flow_src_port() (multiply-shift, not modulo). min > max or min == 0
 * selects CVSW_UDP_SPORT_MIN..CVSW_UDP_SPORT_MAX.
 */
u16 cvsw_udp_src_port(u32 hash, u16 min, u16 max);

#endif /* CVSW_PROTO_IP_H */
