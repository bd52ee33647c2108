/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The differences between the kernels sclp_offload.ko builds against
 * (Debian 6.1 and 6.12), keyed on COMPAT_* flags that Kbuild sets by
 * probing the target kernel's headers.
 */
#ifndef SCLP_OFFLOAD_COMPAT_H
#define SCLP_OFFLOAD_COMPAT_H

#include <linux/netdevice.h>
#include <net/gro.h>
#ifdef COMPAT_HAVE_NET_GSO_H
#include <net/gso.h> /* skb_segment() and SKB_GSO_CB moved here in 6.5 */
#endif

/*
 * IP-level reasons not to extend held packet @p: TTL/TOS/DF/IP-ID (IPv4),
 * traffic class/hop limit (IPv6). Since 6.10 the IP layer leaves this to
 * the transport, which calls gro_receive_network_flush(); before, it stored
 * the IP-ID verdict in flush_id for the transport to OR in (as tcp and udp
 * do, including their atomic-ID decision on the second segment).
 */
static inline int sclp_gro_ip_flush(const void *th, const void *th2,
				    struct sk_buff *p)
{
	int flush = NAPI_GRO_CB(p)->flush;

#ifdef COMPAT_HAVE_GRO_NETWORK_FLUSH
	flush |= gro_receive_network_flush(th, th2, p);
#else
	if (NAPI_GRO_CB(p)->flush_id != 1 || NAPI_GRO_CB(p)->count != 1 ||
	    !NAPI_GRO_CB(p)->is_atomic)
		flush |= NAPI_GRO_CB(p)->flush_id;
	else
		NAPI_GRO_CB(p)->is_atomic = false;
#endif
	return flush;
}

static inline unsigned int sclp_gro_max_size(const struct sk_buff *p)
{
#ifdef COMPAT_HAVE_NETIF_GET_GRO_MAX_SIZE
	return netif_get_gro_max_size(p->dev, p);
#else
	return READ_ONCE(p->dev->gro_max_size);
#endif
}

#endif /* SCLP_OFFLOAD_COMPAT_H */
