// SPDX-License-Identifier: GPL-2.0
/*
 * ndo_start_xmit: classify the frame the stack hands us (in_port LOCAL),
 * then run the matching rule's actions in order. No rule means drop: cvsw
 * is a switch with an explicit flow table, not a bridge.
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>

#include "encap.h"

/* Enough for Ethernet + VLAN + IPv6 + TCP/UDP ports. */
#define KEY_PEEK 128

static int set_vlan(struct sk_buff *skb, u16 vid)
{
	int err;

	/* Rewrite = pop the outer tag (in frame or accelerated) and push. */
	if (skb_vlan_tag_present(skb) || eth_type_vlan(skb->protocol)) {
		err = skb_vlan_pop(skb);
		if (err)
			return err;
	}
	return skb_vlan_push(skb, htons(ETH_P_8021Q), vid & VLAN_VID_MASK);
}

static void output_plain(struct cvsw_dev *cv, struct sk_buff *skb)
{
	cvsw_stat_inc(cv, CVSW_STAT_TX_PLAIN);
	skb->dev = cv->lower;
	dev_queue_xmit(skb);
}

/* Frame from our own stack back into it (a rule with output:local). */
static void output_local(struct cvsw_dev *cv, struct sk_buff *skb)
{
	skb_scrub_packet(skb, false);
	skb->protocol = eth_type_trans(skb, cv->dev);
	dev_sw_netstats_rx_add(cv->dev, skb->len);
	netif_rx(skb);
}

static void output(struct cvsw_dev *cv, struct sk_buff *skb, u16 port,
		   const struct flow_encap *encap)
{
	/* Tunnels and the lower device get the tag inside the frame. */
	if (skb_vlan_tag_present(skb)) {
		skb = __vlan_hwaccel_push_inside(skb);
		if (!skb) {
			cvsw_stat_inc(cv, CVSW_STAT_TX_ERROR);
			return;
		}
	}
	switch (port) {
	case FLOW_PORT_LOWER:
		if (encap)
			cvsw_encap_xmit(cv, skb, encap);
		else
			output_plain(cv, skb);
		return;
	case FLOW_PORT_LOCAL:
		output_local(cv, skb);
		return;
	default:
		cvsw_tx_drop(cv, skb, CVSW_STAT_TX_DROP_ACTION);
	}
}

static void run_actions(struct cvsw_dev *cv, struct sk_buff *skb,
			const struct flow_actions *acts)
{
	const struct flow_encap *encap = NULL;
	unsigned int i;

	for (i = 0; i < acts->n && i < FLOW_MAX_ACTIONS && skb; i++) {
		const struct cvsw_flow_action *a = &acts->act[i];
		struct sk_buff *out;

		switch (a->type) {
		case FLOW_ACT_SET_VLAN:
			if (set_vlan(skb, a->arg))
				goto err;
			break;
		case FLOW_ACT_STRIP_VLAN:
			if (skb_vlan_pop(skb))
				goto err;
			break;
		case FLOW_ACT_ENCAP:
			encap = &acts->encap;
			break;
		case FLOW_ACT_OUTPUT:
			/* Later actions see the frame as it was before output. */
			out = skb;
			if (i + 1 < acts->n) {
				out = skb_clone(skb, GFP_ATOMIC);
				if (!out)
					goto err;
			} else {
				skb = NULL;
			}
			output(cv, out, a->arg, encap);
			break;
		case FLOW_ACT_DROP:
			goto drop;
		default: /* DECAP: nothing to strip on transmit */
			break;
		}
	}
	if (!skb)
		return;
	/* A rule without (further) output: the frame goes nowhere. */
drop:
	cvsw_tx_drop(cv, skb, CVSW_STAT_TX_DROP_ACTION);
	return;
err:
	cvsw_tx_drop(cv, skb, CVSW_STAT_TX_ERROR);
}

netdev_tx_t cvsw_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct cvsw_dev *cv = netdev_priv(dev);
	struct cvsw_rule *rule;
	struct flow_key key;
	u8 buf[KEY_PEEK];
	const u8 *frame;
	u32 len;

	/* The classifier reads tags from the frame. */
	if (skb_vlan_tag_present(skb)) {
		skb = __vlan_hwaccel_push_inside(skb);
		if (!skb) { /* freed by the helper */
			cvsw_stat_inc(cv, CVSW_STAT_TX_ERROR);
			DEV_STATS_INC(dev, tx_errors);
			return NETDEV_TX_OK;
		}
	}
	skb_reset_mac_header(skb);
	skb->mac_len = ETH_HLEN;

	len = min_t(u32, skb->len, KEY_PEEK);
	frame = skb_header_pointer(skb, 0, len, buf);
	if (!frame)
		goto err;
	cvsw_flow_key_extract(&key, frame, len, FLOW_PORT_LOCAL, 0, NULL, 0);

	rcu_read_lock_bh();
	rule = cvsw_flow_lookup(cv, &key);
	if (!rule) {
		rcu_read_unlock_bh();
		cvsw_tx_drop(cv, skb, CVSW_STAT_TX_NO_FLOW);
		return NETDEV_TX_OK;
	}
	cvsw_rule_account(rule, skb->len);
	run_actions(cv, skb, &rule->r.actions);
	rcu_read_unlock_bh();
	return NETDEV_TX_OK;

err:
	cvsw_tx_drop(cv, skb, CVSW_STAT_TX_ERROR);
	return NETDEV_TX_OK;
}
