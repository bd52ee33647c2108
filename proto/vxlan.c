// SPDX-License-Identifier: GPL-2.0
/* VXLAN header (RFC 7348): see vxlan.h. */
#include "vxlan.h"

int cvsw_vxlan_build(void *buf, size_t size, u32 vni)
{
	struct cvsw_vxlanhdr *vh = buf;

	if (size < CVSW_VXLAN_HLEN)
		return -EMSGSIZE;
	if (vni > CVSW_VXLAN_VNI_MAX)
		return -EINVAL;
	vh->flags = cpu_to_be32(CVSW_VXLAN_FLAG_I);
	vh->vni = cpu_to_be32(vni << 8);
	return CVSW_VXLAN_HLEN;
}

int cvsw_vxlan_parse(const void *buf, size_t len, u32 *vni)
{
	const struct cvsw_vxlanhdr *vh = buf;

	if (len < CVSW_VXLAN_HLEN)
		return -EMSGSIZE;
	if (!(be32_to_cpu(vh->flags) & CVSW_VXLAN_FLAG_I))
		return -EINVAL;
	*vni = be32_to_cpu(vh->vni) >> 8;
	return CVSW_VXLAN_HLEN;
}
