// SPDX-License-Identifier: GPL-2.0
/* NVGRE header (RFC 7637): see nvgre.h. */
#include "nvgre.h"

int cvsw_nvgre_build(void *buf, size_t size, u32 vsid, u8 flowid)
{
	struct cvsw_nvgrehdr *gh = buf;

	if (size < CVSW_NVGRE_HLEN)
		return -EMSGSIZE;
	if (vsid > CVSW_NVGRE_VSID_MAX)
		return -EINVAL;
	gh->flags = cpu_to_be16(CVSW_GRE_KEY);
	gh->proto = cpu_to_be16(CVSW_NVGRE_PROTO);
	gh->key = cpu_to_be32(vsid << 8 | flowid);
	return CVSW_NVGRE_HLEN;
}

int cvsw_nvgre_parse(const void *buf, size_t len, u32 *vsid, u8 *flowid)
{
	const struct cvsw_nvgrehdr *gh = buf;
	u16 flags;
	u32 key;

	/* The flags word alone tells what else the header holds. */
	if (len < 4)
		return -EMSGSIZE;
	flags = be16_to_cpu(gh->flags);
	if (flags & CVSW_GRE_VERSION)
		return -EPROTONOSUPPORT;
	if (flags & (CVSW_GRE_CSUM | CVSW_GRE_SEQ | CVSW_GRE_ROUTING |
		     CVSW_GRE_MUST_BE_ZERO))
		return -EINVAL;
	if (!(flags & CVSW_GRE_KEY))
		return -EINVAL;
	if (be16_to_cpu(gh->proto) != CVSW_NVGRE_PROTO)
		return -EPROTONOSUPPORT;
	if (len < CVSW_NVGRE_HLEN)
		return -EMSGSIZE;
	key = be32_to_cpu(gh->key);
	*vsid = key >> 8;
	*flowid = key & 0xff;
	return CVSW_NVGRE_HLEN;
}
