// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 1071 Internet checksum and RFC 1624 incremental update.
 *
 * Sums are kept like the kernel's __wsum: 16-bit words are read from memory
 * in host order, so the folded result can be stored into the packet as is,
 * whatever the host's endianness (RFC 1071 section 2(B)).
 *
 * cvsw_csum_add() defines its 32-bit result exactly, not just modulo 0xffff:
 * let S be the integer sum of the buffer's 4-byte groups at offsets
 * 0, 4, 8, ... up to the last whole 8-byte group, each read as a host-order
 * u32, plus its remaining (at most three) 2-byte words read as host-order
 * u16, plus a final odd byte as a host-order u16 of { byte, 0 }. The result
 * is the end-around-carry sum of sum and S folded to 32 bits, where S
 * folds to 0 only when it is 0 (all bytes zero) and otherwise to the one of
 * 1 .. 0xffffffff that is congruent to S modulo 0xffffffff. Every path
 * below computes a value congruent to S modulo 0xffffffff that is zero
 * only when S is, so all of them, and cvsw_csum_copy(), give bit-identical
 * results (tests/unit/test_csum.c checks them against a copy of the plain
 * loop this file used to have).
 */
#include "csum.h"

#ifndef __force /* sparse annotation; absent in userspace */
#define __force
#endif
#ifndef __always_inline /* the kernel has its own */
#define __always_inline inline __attribute__((always_inline))
#endif

/*
 * The bulk loop uses GCC/Clang generic vectors (vector_size) where the
 * target has 128-bit SIMD that userspace may use. Not in the kernel, which
 * must not touch SIMD registers (and builds x86 with -mno-sse); there, and
 * where CVSW_CSUM_SCALAR is defined (the unit test builds that variant too),
 * a scalar loop does the same job.
 */
#if !defined(__KERNEL__) && !defined(CVSW_CSUM_SCALAR) && \
	(defined(__SSE2__) || defined(__ARM_NEON))
#define CVSW_CSUM_VECTOR 1
#endif

static u32 add32_carry(u32 a, u32 b)
{
	a += b;
	return a + (a < b);
}

static u64 add64_carry(u64 a, u64 b)
{
	a += b;
	return a + (a < b);
}

static u32 fold64(u64 s)
{
	s = (s & 0xffffffffULL) + (s >> 32);
	s = (s & 0xffffffffULL) + (s >> 32);
	return (u32)s;
}

/*
 * The plain loop, for what the bulk loops leave (fewer than 64 bytes; p is
 * 8-byte-group aligned relative to the buffer's start). Returns S of these
 * bytes, below 2^37.
 */
static __always_inline u64 sum_tail(u8 *dst, const u8 *p, size_t len)
{
	u64 acc = 0, w8;
	u16 w;

	/*
	 * memcpy keeps unaligned (odd offset) reads well defined. Summing the
	 * two 32-bit halves of 8 bytes equals summing their 16-bit words once
	 * folded.
	 */
	while (len >= 8) {
		memcpy(&w8, p, 8);
		if (dst) {
			memcpy(dst, &w8, 8);
			dst += 8;
		}
		acc += (u32)w8;
		acc += w8 >> 32;
		p += 8;
		len -= 8;
	}
	while (len >= 2) {
		memcpy(&w, p, 2);
		if (dst) {
			memcpy(dst, &w, 2);
			dst += 2;
		}
		acc += w;
		p += 2;
		len -= 2;
	}
	if (len) {
		/* The odd byte is the high-order byte of a zero-padded word. */
		u8 last[2] = { p[0], 0 };

		if (dst)
			dst[0] = p[0];
		memcpy(&w, last, 2);
		acc += w;
	}
	return acc;
}

#ifdef CVSW_CSUM_VECTOR
typedef u32 v4u32 __attribute__((vector_size(16)));

/*
 * Bulk loop, 64 bytes a step in four 16-byte vectors of 32-bit lanes. Each
 * lane keeps s, the wrapping sum of the u32s it sees, and h, the exact sum of
 * their high halves (u32 >> 16). With at most 65537 u32s per lane the low
 * halves sum to L <= 65537 * 0xffff < 2^32, so L = s - (h << 16) (mod 2^32)
 * and the lane's exact sum is (h << 16) + L: one shift and two adds per 16
 * bytes. A block is at most 32768 steps (65536 u32s per lane). Sums 64-byte
 * steps from *pp, *dstp (copying when dst is non-NULL), advances them and
 * *lenp, and returns a value congruent to S of the bytes summed, modulo
 * 2^64 - 1, zero only if S is.
 */
static __always_inline u64 sum_bulk(u8 **dstp, const u8 **pp, size_t *lenp)
{
	const u8 *p = *pp;
	u8 *dst = *dstp;
	size_t len = *lenp;
	u64 acc = 0;

	while (len >= 64) {
		size_t n = len / 64 < 32768 ? len / 64 : 32768, k;
		v4u32 s0 = { 0 }, s1 = { 0 }, h0 = { 0 }, h1 = { 0 };
		v4u32 w0, w1, w2, w3, s[2], h[2];
		u64 blk = 0;
		int i, j;

		for (k = 0; k < n; k++) {
			memcpy(&w0, p, 16);
			memcpy(&w1, p + 16, 16);
			memcpy(&w2, p + 32, 16);
			memcpy(&w3, p + 48, 16);
			if (dst) {
				memcpy(dst, &w0, 16);
				memcpy(dst + 16, &w1, 16);
				memcpy(dst + 32, &w2, 16);
				memcpy(dst + 48, &w3, 16);
				dst += 64;
			}
			s0 += w0;
			h0 += w0 >> 16;
			s1 += w1;
			h1 += w1 >> 16;
			s0 += w2;
			h0 += w2 >> 16;
			s1 += w3;
			h1 += w3 >> 16;
			p += 64;
		}
		len -= n * 64;
		s[0] = s0;
		s[1] = s1;
		h[0] = h0;
		h[1] = h1;
		/* 8 lanes of at most 2^48 each: blk < 2^51. */
		for (j = 0; j < 2; j++)
			for (i = 0; i < 4; i++)
				blk += ((u64)h[j][i] << 16) + (u32)(s[j][i] - (h[j][i] << 16));
		acc = add64_carry(acc, blk);
	}
	*pp = p;
	*dstp = dst;
	*lenp = len;
	return acc;
}
#else
/*
 * Bulk loop without SIMD, 32 bytes a step: 64-bit words into two 64-bit
 * accumulators, counting their carries (a u64 is congruent to the sum of
 * its u32 halves modulo 2^32 - 1, and a carry out of bit 63 is worth 1
 * modulo 2^64 - 1). Same contract as the SIMD version above.
 */
static __always_inline u64 sum_bulk(u8 **dstp, const u8 **pp, size_t *lenp)
{
	const u8 *p = *pp;
	u8 *dst = *dstp;
	size_t len = *lenp;
	u64 a0 = 0, a1 = 0, c0 = 0, c1 = 0, w0, w1, w2, w3, acc;

	while (len >= 32) {
		memcpy(&w0, p, 8);
		memcpy(&w1, p + 8, 8);
		memcpy(&w2, p + 16, 8);
		memcpy(&w3, p + 24, 8);
		if (dst) {
			memcpy(dst, &w0, 8);
			memcpy(dst + 8, &w1, 8);
			memcpy(dst + 16, &w2, 8);
			memcpy(dst + 24, &w3, 8);
			dst += 32;
		}
		a0 += w0;
		c0 += a0 < w0;
		a1 += w1;
		c1 += a1 < w1;
		a0 += w2;
		c0 += a0 < w2;
		a1 += w3;
		c1 += a1 < w3;
		p += 32;
		len -= 32;
	}
	/* Zero only if a0, a1, c0 and c1 all are, i.e. only if S is. */
	acc = (u64)(u32)a0 + (a0 >> 32) + (u32)a1 + (a1 >> 32);
	acc = add64_carry(acc, add64_carry(c0, c1));
	*pp = p;
	*dstp = dst;
	*lenp = len;
	return acc;
}
#endif

static __always_inline u32 csum_add_copy(u32 sum, u8 *dst, const u8 *p, size_t len)
{
	u64 acc = sum_bulk(&dst, &p, &len);

	acc = add64_carry(acc, sum_tail(dst, p, len));
	return add32_carry(sum, fold64(acc));
}

u32 cvsw_csum_add(u32 sum, const void *buf, size_t len)
{
	return csum_add_copy(sum, NULL, buf, len);
}

u32 cvsw_csum_copy(u32 sum, void *dst, const void *src, size_t len)
{
	return csum_add_copy(sum, dst, src, len);
}

__sum16 cvsw_csum_fold(u32 sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__force __sum16)(~sum & 0xffff);
}

__sum16 cvsw_csum(const void *buf, size_t len)
{
	return cvsw_csum_fold(cvsw_csum_add(0, buf, len));
}

bool cvsw_csum_ok(const void *buf, size_t len)
{
	return cvsw_csum(buf, len) == 0;
}

/* RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'). */
__sum16 cvsw_csum_replace2(__sum16 check, __be16 old, __be16 new_)
{
	u32 s = (u16)~(__force u16)check;

	s += (u16)~(__force u16)old;
	s += (__force u16)new_;
	return cvsw_csum_fold(s);
}

__sum16 cvsw_csum_replace4(__sum16 check, __be32 old, __be32 new_)
{
	u32 o = (__force u32)old, n = (__force u32)new_;
	u32 s = (u16)~(__force u16)check;

	/* A 32-bit field is two 16-bit words; which half is which does not
	 * matter for a one's complement sum.
	 */
	s += (u16)~(o >> 16);
	s += (u16)~(o & 0xffff);
	s += n >> 16;
	s += n & 0xffff;
	return cvsw_csum_fold(s);
}

u32 cvsw_csum_block_add(u32 sum, u32 sum2, size_t offset)
{
	/* A block starting at an odd offset has its bytes swapped relative
	 * to the word boundaries of the whole; rotating by 8 swaps them back.
	 */
	if (offset & 1)
		sum2 = (sum2 >> 8) | (sum2 << 24);
	return add32_carry(sum, sum2);
}
