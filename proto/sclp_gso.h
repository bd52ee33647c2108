/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How an SCLP super-packet is marked for GSO: the one convention that
 * cvsw.ko (which builds super-packets) and sclp_offload.ko (whose GRO builds
 * them and whose GSO callback cuts them) must share. Kernel only.
 *
 * No SKB_GSO_* bit belongs to SCLP. inet_gso_segment()/ipv6_gso_segment()
 * pick the callback by IP protocol, so any mark reaches sclp_gso_segment()
 * once a device refuses the packet whole. SKB_GSO_FRAGLIST is the mark whose
 * feature bit (NETIF_F_GSO_FRAGLIST, in NETIF_F_GSO_SOFTWARE) exactly the
 * software devices claim: veth, bridge, OVS internal ports pass the packet
 * whole; tun, macvtap, virtio_net and every hardware NIC (none advertises it
 * in 6.1 or 6.12) get it segmented in software by our callback. A TCP or UDP
 * mark would let a NIC cut it as TCP or UDP (corrupt); DODGY alone maps to
 * NETIF_F_GSO_ROBUST, which virtio_net claims and then drops the packet.
 */
#ifndef CVSW_PROTO_SCLP_GSO_H
#define CVSW_PROTO_SCLP_GSO_H

#include <linux/skbuff.h>

#define SCLP_GSO_TYPE SKB_GSO_FRAGLIST

/*
 * What the stack may add on the way to our callback: DODGY (the packet came
 * through tun, a packet socket or was pulled from its frag_list) and the
 * outer-tunnel bits of an SCLP packet carried inside another tunnel. Any
 * transport bit (TCP, UDP, SCTP, ESP) means the packet is not ours to cut.
 */
#define SCLP_GSO_ACCEPTED (SKB_GSO_DODGY | SKB_GSO_FRAGLIST | \
			   SKB_GSO_GRE | SKB_GSO_GRE_CSUM | \
			   SKB_GSO_IPXIP4 | SKB_GSO_IPXIP6 | \
			   SKB_GSO_UDP_TUNNEL | SKB_GSO_UDP_TUNNEL_CSUM)

/*
 * Largest frame (link header included) a super-packet may be so that a
 * device with the default gso_max_size still takes it whole:
 * gso_features_check() segments anything with skb->len >= gso_max_size.
 */
#define SCLP_GSO_MAX_FRAME (GSO_LEGACY_MAX_SIZE - 1)

#endif /* CVSW_PROTO_SCLP_GSO_H */
