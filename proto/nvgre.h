/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NVGRE (RFC 7637): GRE (RFC 2784, key from RFC 2890) carrying Ethernet.
 *
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |0| |1|0|   Reserved0     | Ver |   Protocol Type 0x6558        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |               Virtual Subnet ID (VSID)        |    FlowID     |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * C (checksum) and S (sequence) must be 0 and K (key) 1 (RFC 7637 3.2).
 * RFC 2784 2.3: a receiver discards packets with any of bits 1-5 set, i.e.
 * also the RFC 1701 routing, strict-source-route and first recursion bits;
 * bits 6-12 are ignored.
 */
#ifndef CVSW_PROTO_NVGRE_H
#define CVSW_PROTO_NVGRE_H

#include "platform.h"

#define CVSW_NVGRE_HLEN 8
#define CVSW_GRE_CSUM 0x8000
#define CVSW_GRE_ROUTING 0x4000
#define CVSW_GRE_KEY 0x2000
#define CVSW_GRE_SEQ 0x1000
#define CVSW_GRE_MUST_BE_ZERO 0x0c00 /* strict source route, recursion MSB */
#define CVSW_GRE_VERSION 0x0007
#define CVSW_NVGRE_PROTO 0x6558
#define CVSW_NVGRE_VSID_MAX 0xffffffU

struct cvsw_nvgrehdr {
	__be16 flags;
	__be16 proto;
	__be32 key; /* VSID << 8 | FlowID */
} __packed;

/* Returns 8, -EMSGSIZE for a short buffer, -EINVAL for a VSID over 24 bits. */
int cvsw_nvgre_build(void *buf, size_t size, u32 vsid, u8 flowid);
/*
 * Returns 8 with *vsid and *flowid; -EMSGSIZE if truncated, -EINVAL for C,
 * S, routing or other must-be-zero bits set or K clear, -EPROTONOSUPPORT
 * for a GRE version other than 0 or a protocol other than 0x6558.
 */
int cvsw_nvgre_parse(const void *buf, size_t len, u32 *vsid, u8 *flowid);

#endif /* CVSW_PROTO_NVGRE_H */
