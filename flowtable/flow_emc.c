// SPDX-License-Identifier: GPL-2.0
/*
 * The exact-match cache's hash. Its front ends: cvsw_flow_emc_cls_lookup
 * (cls_emc.c, the data path) and cvsw_flow_emc_lookup (flow_table.c, the reference).
 */
#include "flow.h"

_Static_assert((FLOW_EMC_ENTRIES & (FLOW_EMC_ENTRIES - 1)) == 0,
	       "FLOW_EMC_ENTRIES must be a power of two");

static u32 rotl32(u32 x, u32 r)
{
	return x << r | x >> (32 - r);
}

/* murmur3-style mixing of the key's 32-bit words. */
u32 cvsw_flow_key_hash(const struct flow_key *key, u32 seed)
{
	const u8 *p = (const u8 *)key;
	u32 h = seed, i, w;

	for (i = 0; i + 4 <= sizeof(*key); i += 4) {
		memcpy(&w, p + i, 4);
		w *= 0xcc9e2d51;
		w = rotl32(w, 15) * 0x1b873593;
		h ^= w;
		h = rotl32(h, 13) * 5 + 0xe6546b64;
	}
	h ^= sizeof(*key);
	h ^= h >> 16;
	h *= 0x85ebca6b;
	h ^= h >> 13;
	h *= 0xc2b2ae35;
	h ^= h >> 16;
	/* 0 marks a free slot. */
	return h ? h : 1;
}
