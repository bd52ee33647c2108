// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 1071 Internet checksum and RFC 1624 incremental update.
 *
 * Sums are kept like the kernel's __wsum: 16-bit words are read from memory
 * in host order, so the folded result can be stored into the packet as is,
 * whatever the host's endianness (RFC 1071 section 2(B)).
 */
#include "csum.h"

#ifndef __force /* sparse annotation; absent in userspace */
#define __force
#endif

static u32 add32_carry(u32 a, u32 b)
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

u32 cvsw_csum_add(u32 sum, const void *buf, size_t len)
{
	const u8 *p = buf;
	u64 acc = 0, w8;
	u16 w;

	/*
	 * memcpy keeps unaligned (odd offset) reads well defined. Summing the
	 * two 32-bit halves of 8 bytes equals summing their 16-bit words once
	 * folded, and cannot overflow acc below 16 GiB.
	 */
	while (len >= 8) {
		memcpy(&w8, p, 8);
		acc += (u32)w8;
		acc += w8 >> 32;
		p += 8;
		len -= 8;
	}
	while (len >= 2) {
		memcpy(&w, p, 2);
		acc += w;
		p += 2;
		len -= 2;
	}
	if (len) {
		/* The odd byte is the high-order byte of a zero-padded word. */
		u8 last[2] = { p[0], 0 };

		memcpy(&w, last, 2);
		acc += w;
	}
	return add32_carry(sum, fold64(acc));
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
