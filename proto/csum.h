/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RFC 1071 Internet checksum and RFC 1624 incremental update, portable.
 * Sums are 32-bit accumulators in "network order as read from memory",
 * like the kernel's __wsum; folding yields the 16-bit field value to store.
 */
#ifndef CVSW_PROTO_CSUM_H
#define CVSW_PROTO_CSUM_H

#include "platform.h"

/* Add len bytes at buf to sum (any alignment, any length). */
u32 cvsw_csum_add(u32 sum, const void *buf, size_t len);
/*
 * Copy len bytes from src to dst (which must not overlap) and add them to
 * sum in the same pass: the same as memcpy() then cvsw_csum_add(sum, dst, len).
 */
u32 cvsw_csum_copy(u32 sum, void *dst, const void *src, size_t len);
/* Fold to 16 bits and complement: the value to store in a checksum field. */
__sum16 cvsw_csum_fold(u32 sum);
/* Checksum of a buffer: cvsw_csum_fold(cvsw_csum_add(0, buf, len)). */
__sum16 cvsw_csum(const void *buf, size_t len);
/* A buffer whose checksum field is filled in verifies to zero. */
bool cvsw_csum_ok(const void *buf, size_t len);
/* RFC 1624 eqn. 3: new checksum after a 16-bit field changed from old to new. */
__sum16 cvsw_csum_replace2(__sum16 check, __be16 old, __be16 new_);
/* Same for a 32-bit field. */
__sum16 cvsw_csum_replace4(__sum16 check, __be32 old, __be32 new_);
/* Combine sums of two consecutive blocks; offset is the first block's length (odd offsets swap bytes). */
u32 cvsw_csum_block_add(u32 sum, u32 sum2, size_t offset);

#endif /* CVSW_PROTO_CSUM_H */
