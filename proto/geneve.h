/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Geneve (RFC 8926), carried in UDP to port 6081:
 *
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |Ver|  Opt Len  |O|C|    Rsvd.  |          Protocol Type        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |        Virtual Network Identifier (VNI)       |    Reserved   |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                 Variable-Length Options                       |
 *
 * Each option TLV: Option Class 16 | Type 8 | R 3 | Length 5, then
 * Length * 4 data bytes. A type with its top bit (0x80) set is critical.
 * Opt Len and option Length count 4-byte words without their own header.
 * Reserved bits are ignored on receipt (RFC 8926 3.4). A receiver that
 * understands none of the options must drop a packet whose info->critical
 * is set (RFC 8926 3.5), as Linux's geneve.c does; the parser only reports.
 */
#ifndef CVSW_PROTO_GENEVE_H
#define CVSW_PROTO_GENEVE_H

#include "platform.h"

#define CVSW_GENEVE_PORT 6081
#define CVSW_GENEVE_HLEN 8
#define CVSW_GENEVE_OPTS_MAX (63 * 4)
#define CVSW_GENEVE_OPT_HLEN 4
#define CVSW_GENEVE_OPT_DATA_MAX (31 * 4)
#define CVSW_GENEVE_FLAG_O 0x80 /* OAM frame */
#define CVSW_GENEVE_FLAG_C 0x40 /* critical options present */
#define CVSW_GENEVE_OPT_TYPE_CRIT 0x80
#define CVSW_GENEVE_PROTO_ETH 0x6558
#define CVSW_GENEVE_VNI_MAX 0xffffffU

struct cvsw_genevehdr {
	u8 ver_optlen;   /* version 2 | opt len 6 */
	u8 flags;        /* O | C | reserved 6 */
	__be16 proto;
	u8 vni[3];
	u8 rsvd;
} __packed;

struct cvsw_geneve_opt {
	__be16 opt_class;
	u8 type;
	u8 r_len;        /* reserved 3 | length 5 (4-byte words of data) */
	u8 data[];
} __packed;

struct cvsw_geneve_info {
	u32 vni;
	u16 proto;       /* EtherType of the payload, 0x6558 for Ethernet */
	bool oam;
	/* C bit, or any option critical (C is a hint a sender can get wrong). */
	bool critical;
	const u8 *opts;  /* parse: the option bytes inside the parsed buffer */
	u16 opts_len;    /* bytes */
	u16 hdr_len;     /* 8 + opts_len */
};

/* One option as seen by the iterator. */
struct cvsw_geneve_opt_info {
	u16 opt_class;
	u8 type;
	u8 len;          /* data bytes, a multiple of 4, <= 124 */
	const u8 *data;
	const struct cvsw_geneve_opt *hdr;
};

/*
 * Checks that opts/len is a sequence of whole TLVs (len a multiple of 4,
 * at most 252, no TLV running past the end). Returns 0 or -EINVAL; sets
 * *critical (if not NULL) when any option type is critical.
 */
int cvsw_geneve_opts_validate(const u8 *opts, size_t len, bool *critical);
/*
 * Iterator: *pos starts at 0. Returns 1 and fills *opt, 0 at the end,
 * -EINVAL for a TLV that runs past len.
 */
int cvsw_geneve_opt_next(const u8 *opts, size_t len, size_t *pos,
			 struct cvsw_geneve_opt_info *opt);
/*
 * First option with this class and type in a validated area, or NULL.
 * In geneve_opt.c, userspace only (cvsw.ko never looks an option up).
 */
const struct cvsw_geneve_opt *cvsw_geneve_opt_find(const u8 *opts, size_t len,
						   u16 opt_class, u8 type);
/* Data bytes of an option. */
static inline unsigned int cvsw_geneve_opt_len(const struct cvsw_geneve_opt *o)
{
	return (o->r_len & 0x1f) * 4;
}

/*
 * Header plus info->opts_len option bytes from info->opts (validated);
 * the C bit is set if info->critical or any option is critical. Returns
 * 8 + opts_len, -EMSGSIZE for a short buffer, -EINVAL for bad options or
 * a VNI over 24 bits.
 */
int cvsw_geneve_build(void *buf, size_t size, const struct cvsw_geneve_info *info);
/*
 * Returns hdr_len with info->opts pointing into buf; -EMSGSIZE if the
 * options run past len, -EPROTONOSUPPORT for version != 0, -EINVAL for
 * malformed options.
 */
int cvsw_geneve_parse(const void *buf, size_t len, struct cvsw_geneve_info *info);

#endif /* CVSW_PROTO_GENEVE_H */
