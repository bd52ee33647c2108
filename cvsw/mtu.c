// SPDX-License-Identifier: GPL-2.0
/*
 * The MTU a cvsw device chooses for itself. VXLAN, Geneve and NVGRE wire
 * packets each carry one whole inner frame and are never fragmented (RFC
 * 7348 section 4.3), so a full-size inner frame fits the lower device only
 * if the MTU leaves room for the largest tunnel overhead the flow table can
 * add: outer IPv4 (20) or IPv6 (40), UDP + VXLAN (16), UDP + Geneve with
 * its options (16 + opts_len) or GRE (8), plus the inner Ethernet header
 * (14) and a VLAN tag (4) a rule pushes. SCLP and STT do not bound it: they
 * carry an inner frame of any size split in MTU-sized segments that the
 * receiver reassembles (tests/kernel/cvsw_mtu.sh sends 8000-byte frames
 * whole), so their rules are left out. With no rule that bounds it, the
 * default is VXLAN over IPv4's 50 bytes, as the vxlan driver's.
 *
 * The MTU follows the flow table (flows.c calls cvsw_mtu_follow_flows after
 * each change) and the lower device's MTU (NETDEV_CHANGEMTU), until the
 * user sets one: IFLA_MTU at creation or any later change through
 * ndo_change_mtu pins it.
 */
#include <linux/if_vlan.h>
#include <linux/rtnetlink.h>

#include "cvsw.h"
#include "proto/geneve.h"
#include "proto/ip.h"
#include "proto/nvgre.h"
#include "proto/vxlan.h"

/* Inner Ethernet + outer IPv4 + UDP + VXLAN: without a rule that says more. */
#define CVSW_DEFAULT_OVERHEAD (CVSW_ETH_HLEN + CVSW_IPV4_HLEN + CVSW_UDP_HLEN + CVSW_VXLAN_HLEN)

static_assert(CVSW_ENCAP_OVERHEAD_MAX == CVSW_ETH_HLEN + CVSW_VLAN_HLEN + CVSW_IPV6_HLEN +
	      CVSW_UDP_HLEN + CVSW_GENEVE_HLEN + FLOW_GENEVE_MAX_OPTS_LEN);

unsigned int cvsw_encap_overhead_per_frame(const struct flow_actions *acts)
{
	const struct flow_encap *e = &acts->encap;
	unsigned int tunnel;

	if (!cvsw_actions_have(acts, FLOW_ACT_ENCAP))
		return 0;
	switch (e->type) {
	case FLOW_ENCAP_VXLAN:
		tunnel = CVSW_UDP_HLEN + CVSW_VXLAN_HLEN;
		break;
	case FLOW_ENCAP_GENEVE:
		tunnel = CVSW_UDP_HLEN + CVSW_GENEVE_HLEN +
			 min_t(unsigned int, e->opts_len, FLOW_GENEVE_MAX_OPTS_LEN);
		break;
	case FLOW_ENCAP_NVGRE:
		tunnel = CVSW_NVGRE_HLEN;
		break;
	default:
		/* SCLP, STT: the inner frame is segmented, any size crosses. */
		return 0;
	}
	return CVSW_ETH_HLEN + (cvsw_actions_have(acts, FLOW_ACT_SET_VLAN) ? CVSW_VLAN_HLEN : 0) +
	       (e->family == 6 ? CVSW_IPV6_HLEN : CVSW_IPV4_HLEN) + tunnel;
}

/* The MTU the device picks: the lower's, less what the flows may add. */
static int auto_mtu(const struct cvsw_dev *cv)
{
	unsigned int overhead = READ_ONCE(cv->flows_overhead);

	if (!overhead)
		overhead = CVSW_DEFAULT_OVERHEAD;
	return clamp_t(int, (int)READ_ONCE(cv->lower->mtu) - (int)overhead,
		       CVSW_MIN_MTU, CVSW_MAX_MTU);
}

int cvsw_mtu_default(const struct cvsw_dev *cv)
{
	return auto_mtu(cv);
}

/* Under RTNL. */
static void follow(struct cvsw_dev *cv)
{
	struct net_device *dev = cv->dev;
	int mtu, err;

	ASSERT_RTNL();
	if (cv->mtu_user || dev->reg_state != NETREG_REGISTERED)
		return;
	mtu = auto_mtu(cv);
	if (mtu == dev->mtu)
		return;
	/* dev_set_mtu, not a plain store: routes and IPv6 hear of it. */
	cv->mtu_auto_setting = true;
	err = dev_set_mtu(dev, mtu);
	cv->mtu_auto_setting = false;
	if (err)
		netdev_dbg(dev, "MTU %d refused (%d)\n", mtu, err);
}

void cvsw_mtu_follow_flows(struct cvsw_dev *cv)
{
	/* Most flow changes leave the MTU alone: no RTNL for those. */
	if (READ_ONCE(cv->mtu_user) ||
	    READ_ONCE(cv->dev->mtu) == auto_mtu(cv))
		return;
	rtnl_lock();
	follow(cv);
	rtnl_unlock();
}

void cvsw_mtu_lower_changed(struct cvsw_dev *cv)
{
	follow(cv);
}

/* ndo_change_mtu: bounds already checked by the core. Under RTNL. */
int cvsw_change_mtu(struct net_device *dev, int new_mtu)
{
	struct cvsw_dev *cv = netdev_priv(dev);

	if (!cv->mtu_auto_setting)
		WRITE_ONCE(cv->mtu_user, true);
	WRITE_ONCE(dev->mtu, new_mtu);
	return 0;
}
