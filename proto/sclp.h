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

/* A parsed segment; payload points into the buffer given to sclp_parse(). */
struct sclp_info {
	u16 sport;
	u16 dport;
	u32 id;          /* identification, F masked off */
	bool first;
	u16 rem;         /* payload bytes after this segment */
	u32 payload_len; /* segment length - SCLP_HLEN */
	const void *payload;
};

/*
 * Parse and validate one segment (header + payload, or a GRO-merged run).
 * -EINVAL when shorter than the header, when the payload exceeds
 * SCLP_MAX_PAYLOAD, or when rem + payload length does (no payload can be
 * that big). The checksum is not checked here: see sclp_csum_ok().
 */
int sclp_parse(const void *buf, size_t len, struct sclp_info *out);
/* Fill a header; check is left 0 for sclp_csum_fill() or the offload. */
void sclp_build(struct sclphdr *h, u16 sport, u16 dport, u32 id, bool first,
		u16 rem);

/*
 * Segmentation without copying: walk a payload of total bytes in mss-sized
 * pieces. Every piece has the same id; the first has F set; rem is the
 * payload bytes after the piece (the last has 0).
 */
struct sclp_seg {
	u32 offset; /* into the payload */
	u32 len;
	u16 rem;
	bool first;
};

struct sclp_seg_iter {
	u32 total;
	u32 mss;
	u32 offset; /* next piece starts here */
};

/* -EINVAL for mss == 0, total == 0 or total > SCLP_MAX_PAYLOAD. */
int sclp_seg_iter_init(struct sclp_seg_iter *it, u32 total, u32 mss);
/* Next piece into *seg; false once the payload is exhausted. */
bool sclp_seg_next(struct sclp_seg_iter *it, struct sclp_seg *seg);
/* ceil(total / mss); 0 for arguments sclp_seg_iter_init() rejects. */
u32 sclp_seg_count(u32 total, u32 mss);

/*
 * sclp_buf.c, flat buffers: userspace (tests, fuzzers, tools) and
 * proto_selftest.ko only; the modules checksum and cut skbs with the
 * kernel's helpers.
 */
/* Checksum over SCLP header + payload, no pseudo-header. */
bool sclp_csum_ok(const void *seg, size_t len);
/* Compute and store the checksum of a complete segment of len bytes. */
void sclp_csum_fill(void *seg, size_t len);
/*
 * Segment payload into segs[0..], each buffer at least SCLP_HLEN + mss
 * bytes, writing header, payload and checksum; seg_lens[i] gets the length
 * of segs[i]. Returns the number of segments, -EINVAL for bad arguments,
 * -ENOSPC when more than max_segs would be needed (nothing written then).
 */
int sclp_segment_buf(const void *payload, u32 total, u32 mss, u16 sport,
		     u16 dport, u32 id, u8 *const *segs, u32 *seg_lens,
		     u32 max_segs);

#endif /* CVSW_PROTO_SCLP_H */
