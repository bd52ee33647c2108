// SPDX-License-Identifier: GPL-2.0
/*
 * STT segment checksums over flat buffers (TCP pseudo-header): see stt.h.
 * Userspace only (tests, fuzzers): cvsw.ko leaves the STT checksum to the
 * kernel's skb helpers, so this file is not in cvsw/Kbuild.
 */
#include "stt.h"
#include "ip.h"

void cvsw_stt_csum4_set(__be32 saddr, __be32 daddr, void *seg, size_t len)
{
	struct cvsw_stt_tcphdr *th = seg;

	th->check = 0;
	th->check = cvsw_l4_csum4(saddr, daddr, CVSW_IPPROTO_TCP, seg, len);
}

bool cvsw_stt_csum4_ok(__be32 saddr, __be32 daddr, const void *seg, size_t len)
{
	return len >= CVSW_STT_TCP_HLEN &&
	       cvsw_l4_csum4(saddr, daddr, CVSW_IPPROTO_TCP, seg, len) == 0;
}

void cvsw_stt_csum6_set(const u8 *saddr, const u8 *daddr, void *seg, size_t len)
{
	struct cvsw_stt_tcphdr *th = seg;

	th->check = 0;
	th->check = cvsw_l4_csum6(saddr, daddr, CVSW_IPPROTO_TCP, seg, len);
}

bool cvsw_stt_csum6_ok(const u8 *saddr, const u8 *daddr, const void *seg, size_t len)
{
	return len >= CVSW_STT_TCP_HLEN &&
	       cvsw_l4_csum6(saddr, daddr, CVSW_IPPROTO_TCP, seg, len) == 0;
}
