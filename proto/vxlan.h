/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VXLAN (RFC 7348), carried in UDP to port 4789:
 *
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |R|R|R|R|I|R|R|R|            Reserved                           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                VXLAN Network Identifier (VNI) |   Reserved    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Receivers require the I flag and ignore every reserved bit (RFC 7348
 * section 5). Linux's vxlan_rcv() is stricter: it drops packets with
 * reserved bits it does not understand (a documented divergence from the
 * RFC in vxlan_core.c); we follow the RFC.
 */
#ifndef CVSW_PROTO_VXLAN_H
#define CVSW_PROTO_VXLAN_H

#include "platform.h"

#define CVSW_VXLAN_PORT 4789
#define CVSW_VXLAN_HLEN 8
#define CVSW_VXLAN_FLAG_I 0x08000000U /* in the first word */
#define CVSW_VXLAN_VNI_MAX 0xffffffU

struct cvsw_vxlanhdr {
	__be32 flags;
	__be32 vni; /* VNI << 8 | reserved */
} __packed;

/* Returns 8, -EMSGSIZE for a short buffer, -EINVAL for a VNI over 24 bits. */
int cvsw_vxlan_build(void *buf, size_t size, u32 vni);
/* Returns 8 and *vni, -EMSGSIZE if truncated, -EINVAL without the I flag. */
int cvsw_vxlan_parse(const void *buf, size_t len, u32 *vni);

#endif /* CVSW_PROTO_VXLAN_H */
