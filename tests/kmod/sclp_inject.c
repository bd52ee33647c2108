// SPDX-License-Identifier: GPL-2.0
/*
 * sclp_inject.ko (tests only): sends Ethernet + IPv4/IPv6 + SCLP packets
 * with dev_queue_xmit(), since userspace cannot make an SCLP GSO
 * super-packet (af_packet and tun accept only TCP/UDP GSO).
 *
 * Set the parameters under /sys/module/sclp_inject/parameters/, then write
 * 1 to "send" from the network namespace that owns "dev"; the write fails
 * with the error (-EINVAL for bad parameters, -ENODEV, -ENOMEM, or the
 * first dev_queue_xmit() failure). "sent" counts packets handed over.
 *
 *   dev       device name                src, dst  IPv4 or IPv6 addresses
 *   dmac      destination MAC            proto     IP protocol (234)
 *   sport, dport  SCLP ports             id        31-bit identification
 *   first     F flag (1)                 rem       super-packet's "remaining" (0)
 *   len       payload bytes (1..65535)   mss       payload bytes per segment
 *   gso       1: one super-packet (gso_size = mss, gso_type = SKB_GSO_DODGY,
 *             CHECKSUM_PARTIAL at the SCLP checksum, check 0), cut by
 *             sclp_offload's GSO; 0: one plain packet, checksum computed here
 *   presegment  with gso: cut the super-packet with skb_gso_segment() (that is,
 *             sclp_offload's GSO) and queue each segment, so that a qdisc
 *             such as netem acts per segment rather than per super-packet
 *   count     packets to send; packet k (from 0) has id + k * idstep, seed + k
 *   idstep    id increment between packets (1; 0 repeats the id)
 *   batch     build all (count <= 64) first, then queue them with bottom
 *             halves disabled, so the receiver's GRO sees them together
 *   seed      payload pattern: byte i = (seed * 31 + i * 7 + (i >> 8)) & 0xff
 *
 * An IPv4 super-packet whose total length exceeds 65535 carries tot_len 0
 * (IPv6: payload_len 0), as BIG TCP does; GSO writes each segment's length.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/inet.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <net/checksum.h>
#include <net/ip.h>
#ifdef COMPAT_HAVE_NET_GSO_H
#include <net/gso.h>
#endif
#include "proto/sclp.h"

static char *ifname = "veth1";
module_param_named(dev, ifname, charp, 0644);
static char *src = "10.0.0.1";
module_param(src, charp, 0644);
static char *dst = "10.0.0.2";
module_param(dst, charp, 0644);
static char *dmac = "ff:ff:ff:ff:ff:ff";
module_param(dmac, charp, 0644);
static uint proto = SCLP_IPPROTO_DEFAULT;
module_param(proto, uint, 0644);
static ushort sport = 1000;
module_param(sport, ushort, 0644);
static ushort dport = SCLP_PORT_VXLAN;
module_param(dport, ushort, 0644);
static uint id = 1;
module_param(id, uint, 0644);
static bool first = true;
module_param(first, bool, 0644);
static uint rem;
module_param(rem, uint, 0644);
static uint len = 65535;
module_param(len, uint, 0644);
static uint mss = 1468;
module_param(mss, uint, 0644);
static bool gso = true;
module_param(gso, bool, 0644);
static bool presegment;
module_param(presegment, bool, 0644);
static uint count = 1;
module_param(count, uint, 0644);
static uint idstep = 1;
module_param(idstep, uint, 0644);
static bool batch;
module_param(batch, bool, 0644);
static uint seed;
module_param(seed, uint, 0644);
static ulong sent;
module_param(sent, ulong, 0444);

struct inject_cfg {
	bool v6;
	union {
		__be32 v4;
		struct in6_addr v6;
	} saddr, daddr;
	u8 dmac[ETH_ALEN];
};

static u8 pattern_byte(u32 s, u32 i)
{
	return (s * 31 + i * 7 + (i >> 8)) & 0xff;
}

/* String parameters written with echo keep their newline: parse up to it. */
static int str_len(const char *s)
{
	return strcspn(s, "\n");
}

static int parse_cfg(struct inject_cfg *cfg)
{
	cfg->v6 = strchr(src, ':');
	if (cfg->v6) {
		if (!in6_pton(src, str_len(src), cfg->saddr.v6.s6_addr, -1, NULL) ||
		    !in6_pton(dst, str_len(dst), cfg->daddr.v6.s6_addr, -1, NULL))
			return -EINVAL;
	} else if (!in4_pton(src, str_len(src), (u8 *)&cfg->saddr.v4, -1, NULL) ||
		   !in4_pton(dst, str_len(dst), (u8 *)&cfg->daddr.v4, -1, NULL)) {
		return -EINVAL;
	}
	if (str_len(dmac) != 17 || !mac_pton(dmac, cfg->dmac))
		return -EINVAL;
	if (!proto || proto > 255 || !len || len + rem > SCLP_MAX_PAYLOAD ||
	    id > SCLP_ID_MASK >> 1 || !count || count > 100000 ||
	    (batch && count > 64))
		return -EINVAL;
	if (gso && (!mss || mss > 65535))
		return -EINVAL;
	return 0;
}

/* Payload through a bounce page: the skb keeps it in page fragments. */
static int fill_payload(struct sk_buff *skb, int off, u32 s)
{
	u8 *buf = (u8 *)__get_free_page(GFP_KERNEL);
	u32 done, i, n;
	int ret = 0;

	if (!buf)
		return -ENOMEM;
	for (done = 0; done < len && !ret; done += n) {
		n = min_t(u32, len - done, PAGE_SIZE);
		for (i = 0; i < n; i++)
			buf[i] = pattern_byte(s, done + i);
		ret = skb_store_bits(skb, off + done, buf, n);
	}
	free_page((unsigned long)buf);
	return ret;
}

static void build_ip(struct sk_buff *skb, const struct inject_cfg *cfg)
{
	unsigned int l3len = skb->len - ETH_HLEN;

	if (cfg->v6) {
		struct ipv6hdr *ip6 = ipv6_hdr(skb);

		memset(ip6, 0, sizeof(*ip6));
		ip6->version = 6;
		ip6->payload_len = l3len - sizeof(*ip6) > 65535 ? 0 :
				   htons(l3len - sizeof(*ip6));
		ip6->nexthdr = proto;
		ip6->hop_limit = 64;
		ip6->saddr = cfg->saddr.v6;
		ip6->daddr = cfg->daddr.v6;
	} else {
		struct iphdr *iph = ip_hdr(skb);

		memset(iph, 0, sizeof(*iph));
		iph->version = 4;
		iph->ihl = 5;
		iph->tot_len = l3len > 65535 ? 0 : htons(l3len);
		iph->frag_off = htons(IP_DF);
		iph->ttl = 64;
		iph->protocol = proto;
		iph->saddr = cfg->saddr.v4;
		iph->daddr = cfg->daddr.v4;
		ip_send_check(iph);
	}
}

static struct sk_buff *build(struct net_device *dev,
			     const struct inject_cfg *cfg, u32 k)
{
	unsigned int l3hlen = cfg->v6 ? sizeof(struct ipv6hdr) : sizeof(struct iphdr);
	unsigned int hlen = ETH_HLEN + l3hlen + SCLP_HLEN;
	struct sclphdr *sh;
	struct sk_buff *skb;
	struct ethhdr *eth;
	int err;

	skb = alloc_skb_with_frags(LL_RESERVED_SPACE(dev) + hlen, len, 0, &err,
				   GFP_KERNEL);
	if (!skb)
		return NULL;
	skb_reserve(skb, LL_RESERVED_SPACE(dev));
	skb_put(skb, hlen);
	skb->data_len = len;
	skb->len += len;
	if (fill_payload(skb, hlen, seed + k)) {
		kfree_skb(skb);
		return NULL;
	}

	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN);
	skb_set_transport_header(skb, ETH_HLEN + l3hlen);
	skb->protocol = htons(cfg->v6 ? ETH_P_IPV6 : ETH_P_IP);
	skb->dev = dev;

	eth = eth_hdr(skb);
	ether_addr_copy(eth->h_dest, cfg->dmac);
	ether_addr_copy(eth->h_source, dev->dev_addr);
	eth->h_proto = skb->protocol;
	build_ip(skb, cfg);

	sh = (struct sclphdr *)skb_transport_header(skb);
	sh->source = htons(sport);
	sh->dest = htons(dport);
	sh->id = htonl((id + k * idstep) << 1 | (first ? SCLP_FIRST : 0));
	sh->rem = htons(rem);
	sh->check = 0;
	if (gso) {
		/* what sclp_offload's GSO requires of a super-packet */
		skb_shinfo(skb)->gso_size = mss;
		skb_shinfo(skb)->gso_type = SKB_GSO_DODGY;
		skb_shinfo(skb)->gso_segs = DIV_ROUND_UP(len, mss);
		skb->ip_summed = CHECKSUM_PARTIAL;
		skb->csum_start = skb_transport_header(skb) - skb->head;
		skb->csum_offset = SCLP_CSUM_OFFSET;
	} else {
		sh->check = csum_fold(skb_checksum(skb, skb_transport_offset(skb),
						   SCLP_HLEN + len, 0));
		skb->ip_summed = CHECKSUM_NONE;
	}
	return skb;
}

/* Queue skb, or each of its segments when presegment is set. */
static int xmit(struct sk_buff *skb)
{
	struct sk_buff *segs, *next;
	int ret = 0;

	if (!gso || !presegment)
		return dev_queue_xmit(skb);
	segs = skb_gso_segment(skb, 0);
	if (IS_ERR_OR_NULL(segs)) {
		kfree_skb(skb);
		return segs ? PTR_ERR(segs) : -EINVAL;
	}
	consume_skb(skb);
	skb_list_walk_safe(segs, segs, next) {
		skb_mark_not_on_list(segs);
		/* a qdisc drop (netem loss) is what the test wants, not an error */
		if (dev_queue_xmit(segs) < 0 && !ret)
			ret = -ENOBUFS;
	}
	return ret;
}

/* NET_XMIT_DROP/CN are positive: make them errnos. */
static int xmit_err(int ret)
{
	return ret <= 0 ? ret : -ENOBUFS;
}

static int send_each(struct net_device *dev, const struct inject_cfg *cfg)
{
	int ret = 0;
	u32 k;

	for (k = 0; k < count && !ret; k++) {
		struct sk_buff *skb = build(dev, cfg, k);

		if (!skb)
			return -ENOMEM;
		ret = xmit_err(xmit(skb));
		if (!ret)
			sent++;
		cond_resched();
	}
	return ret;
}

/*
 * All packets built first, then queued with bottom halves off: the
 * receiving veth's NAPI runs once for all of them, so they meet in one GRO
 * list, as the segments of one super-packet do.
 */
static int send_batch(struct net_device *dev, const struct inject_cfg *cfg)
{
	struct sk_buff_head q;
	struct sk_buff *skb;
	int ret = 0;
	u32 k;

	__skb_queue_head_init(&q);
	for (k = 0; k < count; k++) {
		skb = build(dev, cfg, k);
		if (!skb) {
			__skb_queue_purge(&q);
			return -ENOMEM;
		}
		__skb_queue_tail(&q, skb);
	}
	local_bh_disable();
	while ((skb = __skb_dequeue(&q))) {
		int err = xmit_err(xmit(skb));

		if (!err)
			sent++;
		else if (!ret)
			ret = err;
	}
	local_bh_enable();
	return ret;
}

static int inject(void)
{
	char name[IFNAMSIZ] = "";
	struct inject_cfg cfg;
	struct net_device *dev;
	int ret;

	ret = parse_cfg(&cfg);
	if (ret)
		return ret;
	if (str_len(ifname) >= IFNAMSIZ)
		return -EINVAL;
	memcpy(name, ifname, str_len(ifname));
	dev = dev_get_by_name(current->nsproxy->net_ns, name);
	if (!dev)
		return -ENODEV;
	if (batch)
		ret = send_batch(dev, &cfg);
	else
		ret = send_each(dev, &cfg);
	dev_put(dev);
	if (ret)
		pr_info("%u of %u packets sent: error %d\n", (u32)sent, count, ret);
	return ret;
}

static int send_set(const char *val, const struct kernel_param *kp)
{
	bool go;
	int ret = kstrtobool(val, &go);

	if (ret)
		return ret;
	return go ? inject() : 0;
}

static const struct kernel_param_ops send_ops = {
	.set = send_set,
};
module_param_cb(send, &send_ops, NULL, 0200);
MODULE_PARM_DESC(send, "write 1: send count packets as configured");

static int __init sclp_inject_init(void)
{
	return 0;
}

static void __exit sclp_inject_exit(void)
{
}

module_init(sclp_inject_init);
module_exit(sclp_inject_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("SCLP packet injector for cvsw kernel tests");
