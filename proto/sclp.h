/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SCLP, the Segment-oriented Connection-less Protocol (paper section 4).
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |        Destination Port       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Identification (31 bits)                    |F|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Remaining           |            Checksum           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * F (first segment) is the least significant bit of the id word, as in the
 * authors' implementation, so our captures match theirs. "Remaining" is the
 * number of payload bytes after this segment. The checksum is the one's
 * complement sum over SCLP header and payload with NO IP pseudo-header, and
 * is mandatory: only the first segment carries inner headers.
 */
#ifndef CVSW_PROTO_SCLP_H
#define CVSW_PROTO_SCLP_H

#include "platform.h"

#define SCLP_IPPROTO_DEFAULT 234 /* the authors' number; unassigned at IANA */
#define SCLP_HLEN 12
#define SCLP_ID_MASK 0xfffffffeU
#define SCLP_FIRST 0x00000001U
#define SCLP_MAX_PAYLOAD 65535U /* remaining is 16 bits: whole payload fits */
#define SCLP_CSUM_OFFSET 10 /* offsetof(struct sclphdr, check) */

/* Destination ports naming the tunnelled protocol. */
#define SCLP_PORT_VXLAN 4789
#define SCLP_PORT_GENEVE 6081

struct sclphdr {
	__be16 source;
	__be16 dest;
	__be32 id; /* identification << 1 | F */
	__be16 rem;
	__sum16 check;
} __packed;

static inline u32 sclp_id(const struct sclphdr *h)
{
	return be32_to_cpu(h->id) & SCLP_ID_MASK;
}

static inline bool sclp_is_first(const struct sclphdr *h)
{
	return be32_to_cpu(h->id) & SCLP_FIRST;
}

#endif /* CVSW_PROTO_SCLP_H */
