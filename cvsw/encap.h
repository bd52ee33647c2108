/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Transmit-side helpers (encap_outer.c) shared by tx.c and the tunnels: route to
 * the remote endpoint through the lower device, push the outer IP header and
 * send through the kernel's IP output path (which resolves the next hop's
 * MAC with the neighbour table). Every function here consumes the skb and
 * counts its own drops.
 */
#ifndef CVSW_ENCAP_H
#define CVSW_ENCAP_H

#include <linux/in6.h>
#include <net/dst.h>
#include <net/udp.h> /* and through it skb_gso_segment (net/gso.h since 6.5) */

#include "cvsw.h"
#include "proto/ip.h"
#include "proto/vxlan.h"

#define CVSW_DEFAULT_TTL 64

/* A resolved path to encap->remote. Holds a reference on dst. */
struct cvsw_route {
	struct dst_entry *dst;
	u8 family;            /* 4 or 6 */
	u8 tos;
	u8 ttl;
	unsigned int mtu;     /* of the path, outer IP header included */
	unsigned int iphlen;  /* outer IP header length */
	union {
		__be32 v4;
		struct in6_addr v6;
	} saddr, daddr;
};

/*
 * Resolve the route for one encapsulated packet (proto: outer IP protocol).
 * 0, or -ENETUNREACH when there is no route or it leaves through another
 * device than cv->lower (CVSW_STAT_TX_NO_ROUTE is counted).
 */
int cvsw_route_lookup(struct cvsw_dev *cv, const struct flow_encap *e,
		      u8 proto, struct cvsw_route *rt);
void cvsw_route_put(struct cvsw_route *rt);

/*
 * Push the outer IPv4/IPv6 header on skb (data at the L4 header) and send it.
 * Takes a reference of its own on rt->dst; df only matters for IPv4.
 */
void cvsw_ip_xmit(struct cvsw_dev *cv, const struct cvsw_route *rt,
		  struct sk_buff *skb, u8 proto, bool df);

/*
 * Push a UDP header in front of the tunnel header at skb->data, with a real
 * checksum (a zero UDP checksum disables VXLAN/Geneve GRO on many receive
 * paths), and send it with cvsw_ip_xmit.
 */
void cvsw_udp_xmit(struct cvsw_dev *cv, const struct cvsw_route *rt,
		   struct sk_buff *skb, __be16 sport, __be16 dport);

/* Headroom an encapsulated packet needs in front of its tunnel header. */
unsigned int cvsw_outer_headroom(const struct cvsw_dev *cv,
				 const struct cvsw_route *rt, unsigned int l4len);

/*
 * PMTU for tunnels whose wire packets each carry a whole inner frame (VXLAN,
 * Geneve, NVGRE: never fragmented, RFC 7348 section 4.3): true if the inner
 * frame (or each of its GSO segments) fits rt's path MTU with tunhdr bytes of
 * tunnel header (outer L4 included); else the skb is consumed, the inner
 * path's MTU lowered or an ICMP sent back (tx_drop_too_big).
 */
bool cvsw_encap_fits(struct cvsw_dev *cv, struct sk_buff *skb,
		     const struct cvsw_route *rt, unsigned int tunhdr);

/* Source port hashed from the inner flow (udp_flow_src_port's range). */
__be16 cvsw_encap_sport(struct cvsw_dev *cv, struct sk_buff *skb,
			const struct flow_encap *e);

/* Send one inner frame (data at its Ethernet header) through a tunnel. */
void cvsw_encap_xmit(struct cvsw_dev *cv, struct sk_buff *skb,
		     const struct flow_encap *e);

/* encap_vxlan.c */
int cvsw_vxlan_push(struct sk_buff *skb, u32 vni); /* headroom checked */
void cvsw_vxlan_xmit(struct cvsw_dev *cv, struct sk_buff *skb,
		     const struct flow_encap *e);

/* encap_sclp.c */
/*
 * Route, size check (payload = tunhdr_len + skb->len <= 65535), inner
 * checksum, headroom. On error the skb is consumed and counted; on success
 * rt holds a route the caller puts after cvsw_sclp_send().
 */
int cvsw_sclp_prepare(struct cvsw_dev *cv, struct sk_buff *skb,
		      const struct flow_encap *e, unsigned int tunhdr_len,
		      struct cvsw_route *rt, __be16 *sport);
/* skb->data at the tunnel header: add SCLP, segment (SW) or mark GSO, send. */
void cvsw_sclp_send(struct cvsw_dev *cv, struct sk_buff *skb,
		    const struct cvsw_route *rt, __be16 sport, __be16 dport);
/*
 * A tunnel over SCLP: prepare, push (tunhdr_len bytes), count stat, send
 * to dport. Consumes skb.
 */
void cvsw_sclp_tunnel_xmit(struct cvsw_dev *cv, struct sk_buff *skb,
			   const struct flow_encap *e, unsigned int tunhdr_len,
			   int (*push)(struct sk_buff *skb, const struct flow_encap *e),
			   enum cvsw_stat stat, __be16 dport);
/* encap_vxlan.c */
void cvsw_sclp_vxlan_xmit(struct cvsw_dev *cv, struct sk_buff *skb,
			  const struct flow_encap *e);

/* encap_seg.c: tunnel offload (VXLAN, Geneve, NVGRE), segment-then-encap (big STT). */
typedef void (*cvsw_encap_one_t)(struct cvsw_dev *cv, struct sk_buff *skb,
				 const struct flow_encap *e,
				 const struct cvsw_route *rt, __be16 sport);
/* Hand skb, or each MSS-sized segment of a GSO skb, to one(). Consumes skb. */
void cvsw_encap_each_segment(struct cvsw_dev *cv, struct sk_buff *skb,
			     const struct flow_encap *e,
			     const struct cvsw_route *rt, __be16 sport,
			     cvsw_encap_one_t one);
/* Complete the inner checksum, make headroom for hdrs + outer IP. */
int cvsw_encap_prepare_inner(struct cvsw_dev *cv, struct sk_buff *skb,
			     const struct cvsw_route *rt, unsigned int hdrs);
/*
 * Headroom for hdrs + outer IP, and the whole frame marked for tunnel
 * offload: gso_type (SKB_GSO_UDP_TUNNEL_CSUM, SKB_GSO_GRE) added to a GSO
 * frame, inner headers and protocol (Ethernet) recorded. The tunnel header
 * pushed next must be followed by a transport header reset at the outer L4.
 */
int cvsw_encap_prepare_offload(struct cvsw_dev *cv, struct sk_buff *skb,
			       const struct cvsw_route *rt, unsigned int hdrs,
			       int gso_type);
/*
 * VXLAN and Geneve over UDP: route, PMTU, offload marks, the tunnel header
 * (push, tunhdr bytes), UDP to dport, outer IP; stat counts the packet.
 * Consumes skb.
 */
void cvsw_udp_tunnel_xmit(struct cvsw_dev *cv, struct sk_buff *skb,
			  const struct flow_encap *e, unsigned int tunhdr,
			  int (*push)(struct sk_buff *skb, const struct flow_encap *e),
			  enum cvsw_stat stat, __be16 dport);
/* Count a transmit error and free skb. */
void cvsw_encap_error(struct cvsw_dev *cv, struct sk_buff *skb);

/* encap_nvgre.c, encap_geneve.c, encap_stt.c */
void cvsw_nvgre_xmit(struct cvsw_dev *cv, struct sk_buff *skb,
		     const struct flow_encap *e);
unsigned int cvsw_geneve_hlen(const struct flow_encap *e); /* 8 + options */
int cvsw_geneve_push(struct sk_buff *skb, const struct flow_encap *e); /* headroom checked */
void cvsw_geneve_xmit(struct cvsw_dev *cv, struct sk_buff *skb,
		      const struct flow_encap *e);
void cvsw_sclp_geneve_xmit(struct cvsw_dev *cv, struct sk_buff *skb,
			   const struct flow_encap *e);
void cvsw_stt_xmit(struct cvsw_dev *cv, struct sk_buff *skb,
		   const struct flow_encap *e);

#endif /* CVSW_ENCAP_H */
