// SPDX-License-Identifier: GPL-2.0
/* NVGRE header (RFC 7637). */
#include <stdlib.h>
#include "check.h"
#include "proto/nvgre.h"

/* K bit, version 0, protocol 0x6558, VSID 0x123456, FlowID 0x78 (RFC 7637 3.2). */
static const u8 hdr[8] = { 0x20, 0x00, 0x65, 0x58, 0x12, 0x34, 0x56, 0x78 };

TEST(nvgre_bytes_and_roundtrip)
{
	u8 buf[8];
	u32 vsid = 0;
	u8 fid = 0;

	CHECK_EQ(cvsw_nvgre_build(buf, 8, 0x123456, 0x78), 8);
	CHECK_MEM(buf, hdr, 8);
	CHECK_EQ(cvsw_nvgre_parse(hdr, 8, &vsid, &fid), 8);
	CHECK_EQ(vsid, 0x123456);
	CHECK_EQ(fid, 0x78);
	CHECK_EQ(cvsw_nvgre_build(buf, 8, 0xffffff, 0xff), 8);
	CHECK_EQ(cvsw_nvgre_parse(buf, 8, &vsid, &fid), 8);
	CHECK_EQ(vsid, 0xffffff);
	CHECK_EQ(fid, 0xff);
	CHECK_EQ(cvsw_nvgre_build(buf, 8, 0x1000000, 0), -EINVAL);
	CHECK_EQ(cvsw_nvgre_build(buf, 7, 1, 0), -EMSGSIZE);
}

TEST(nvgre_truncated)
{
	size_t n;
	u32 vsid;
	u8 fid;

	for (n = 0; n < 8; n++) {
		u8 *d = malloc(n ? n : 1);

		memcpy(d, hdr, n);
		CHECK_EQ(cvsw_nvgre_parse(d, n, &vsid, &fid), -EMSGSIZE);
		free(d);
	}
}

static int parse_with_flags(u8 b0, u8 b1)
{
	u8 h[8];
	u32 vsid;
	u8 fid;

	memcpy(h, hdr, 8);
	h[0] = b0;
	h[1] = b1;
	return cvsw_nvgre_parse(h, 8, &vsid, &fid);
}

TEST(nvgre_rejects_bad_flags_and_version)
{
	CHECK_EQ(parse_with_flags(0xa0, 0x00), -EINVAL); /* C */
	CHECK_EQ(parse_with_flags(0x30, 0x00), -EINVAL); /* S */
	CHECK_EQ(parse_with_flags(0x60, 0x00), -EINVAL); /* R (RFC 1701 routing) */
	CHECK_EQ(parse_with_flags(0x28, 0x00), -EINVAL); /* strict source route */
	CHECK_EQ(parse_with_flags(0x24, 0x00), -EINVAL); /* recursion MSB */
	CHECK_EQ(parse_with_flags(0x00, 0x00), -EINVAL); /* no K */
	CHECK_EQ(parse_with_flags(0x20, 0x01), -EPROTONOSUPPORT); /* version 1 (PPTP) */
	CHECK_EQ(parse_with_flags(0x20, 0x07), -EPROTONOSUPPORT);
	/* RFC 2784 2.3: bits 6-12 are ignored by receivers. */
	CHECK_EQ(parse_with_flags(0x23, 0xf8), 8);
}

TEST(nvgre_rejects_wrong_protocol)
{
	u8 h[8];
	u32 vsid;
	u8 fid;

	memcpy(h, hdr, 8);
	h[2] = 0x08; h[3] = 0x00; /* IPv4 over GRE */
	CHECK_EQ(cvsw_nvgre_parse(h, 8, &vsid, &fid), -EPROTONOSUPPORT);
}

int main(void)
{
	return RUN_TESTS();
}
