/* SPDX-License-Identifier: GPL-2.0 */
/*
 * STT, Stateless Transport Tunneling (draft-davie-stt-08).
 *
 * Every wire segment carries a TCP-like header to port 7471 (no
 * connection): sequence number = STT frame length << 16 | offset of this
 * segment's data in the frame, acknowledgement number = an id shared by
 * all segments of one frame, data offset 5, flags PSH|ACK, window 65535.
 * The STT frame (reassembled from the segments, usually by TSO/LRO) is
 * the 18-byte frame header below followed by the inner Ethernet frame:
 *
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Version = 0  | Flags         |  L4 Offset    |  Reserved     |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |    Max. Segment Size          | PCP |V|     VLAN ID           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     Context ID (64 bits)                      |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     Padding                   |    data (inner frame) ...     |
 *
 * The frame length in the sequence number counts these 18 bytes plus the
 * inner frame (as Open vSwitch's stt.c does); L4 Offset counts from the
 * end of the 18 bytes to the inner L4 header. Unused flag bits are zero on
 * transmit and ignored on receipt.
 */
#ifndef CVSW_PROTO_STT_H
#define CVSW_PROTO_STT_H

#include "platform.h"

#define CVSW_STT_PORT 7471
#define CVSW_STT_TCP_HLEN 20
#define CVSW_STT_HLEN 18 /* frame header including the 2 padding bytes */
#define CVSW_STT_VERSION 0
#define CVSW_STT_FRAME_MAX 65535 /* the frame length field is 16 bits */

#define CVSW_STT_FLAG_CSUM_VERIFIED 0x01
#define CVSW_STT_FLAG_CSUM_PARTIAL 0x02
#define CVSW_STT_FLAG_IPV4 0x04
#define CVSW_STT_FLAG_TCP 0x08
#define CVSW_STT_FLAGS_KNOWN 0x0f

#define CVSW_STT_TCI_V 0x1000 /* VLAN tag present (the 802.1Q DEI position) */

#define CVSW_TCP_FLAG_FIN 0x01
#define CVSW_TCP_FLAG_SYN 0x02
#define CVSW_TCP_FLAG_RST 0x04
#define CVSW_TCP_FLAG_PSH 0x08
#define CVSW_TCP_FLAG_ACK 0x10
#define CVSW_TCP_CSUM_OFFSET 16

struct cvsw_stt_tcphdr {
	__be16 source;
	__be16 dest;
	__be32 seq;     /* frame length << 16 | offset */
	__be32 ack_seq; /* packet id */
	u8 doff_res;    /* data offset << 4 */
	u8 flags;
	__be16 window;
	__sum16 check;
	__be16 urg_ptr;
} __packed;

struct cvsw_stthdr {
	u8 version;
	u8 flags;
	u8 l4_offset;
	u8 reserved;
	__be16 mss;
	__be16 vlan_tci;
	__be64 context;
	u8 pad[2];
} __packed;

/* One wire segment's TCP-like header. */
struct cvsw_stt_seg_info {
	u16 sport;
	u16 dport;
	u16 frame_len;   /* whole STT frame: 18 + inner frame */
	u16 offset;      /* of this segment's data in the frame */
	u32 pkt_id;      /* acknowledgement number */
	u8 tcp_flags;    /* parse only: as received */
	u16 hdr_len;     /* parse only: data offset * 4 */
	u16 data_len;    /* parse only: segment bytes after the header */
};

struct cvsw_stt_info {
	u8 flags;        /* CVSW_STT_FLAG_*; parse masks unknown bits */
	u8 l4_offset;
	u16 mss;
	u16 vlan_tci;    /* PCP 3 | V 1 | VID 12 */
	u64 context;
};

/*
 * TCP-like header with doff 5, PSH|ACK, window 65535, zero checksum.
 * Returns 20; -EMSGSIZE for a short buffer, -EINVAL unless
 * 18 <= frame_len and offset < frame_len.
 */
int cvsw_stt_tcp_build(void *buf, size_t size, const struct cvsw_stt_seg_info *seg);
/*
 * buf holds len bytes of a segment of seg_len bytes (header + data; len
 * may be just the header). Checks data offset >= 5 and within both
 * lengths, frame_len >= 18, offset < frame_len and offset + data <=
 * frame_len. Returns hdr_len; -EMSGSIZE if truncated, -EINVAL otherwise.
 */
int cvsw_stt_tcp_parse(const void *buf, size_t len, size_t seg_len,
		       struct cvsw_stt_seg_info *seg);

/* STT frame header; returns 18, -EMSGSIZE, or -EINVAL for unknown flags. */
int cvsw_stt_build(void *buf, size_t size, const struct cvsw_stt_info *info);
/* Returns 18; -EMSGSIZE if truncated, -EPROTONOSUPPORT for version != 0. */
int cvsw_stt_parse(const void *buf, size_t len, struct cvsw_stt_info *info);

/*
 * TCP checksum with pseudo-header over a contiguous segment of len bytes
 * (header + data) at seg: set fills the check field, ok verifies it.
 * In stt_csum.c, userspace only (cvsw.ko checksums skbs with kernel helpers).
 */
void cvsw_stt_csum4_set(__be32 saddr, __be32 daddr, void *seg, size_t len);
bool cvsw_stt_csum4_ok(__be32 saddr, __be32 daddr, const void *seg, size_t len);
void cvsw_stt_csum6_set(const u8 *saddr, const u8 *daddr, void *seg, size_t len);
bool cvsw_stt_csum6_ok(const u8 *saddr, const u8 *daddr, const void *seg, size_t len);

#endif /* CVSW_PROTO_STT_H */
