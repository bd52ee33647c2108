// SPDX-License-Identifier: GPL-2.0
/* VXLAN header (RFC 7348). */
#include <stdlib.h>
#include "check.h"
#include "proto/vxlan.h"

TEST(vxlan_vni42_bytes)
{
	/* RFC 7348 section 5: I flag in the first byte, VNI in bytes 4-6. */
	static const u8 want[8] = { 0x08, 0, 0, 0, 0, 0, 0x2a, 0 };
	u8 buf[8];
	u32 vni = 0;

	CHECK_EQ(cvsw_vxlan_build(buf, sizeof(buf), 42), 8);
	CHECK_MEM(buf, want, 8);
	CHECK_EQ(cvsw_vxlan_parse(want, 8, &vni), 8);
	CHECK_EQ(vni, 42);
}

TEST(vxlan_roundtrip_vni_extremes)
{
	static const u32 vnis[] = { 0, 1, 0x123456, 0xfffffe, 0xffffff };
	u8 buf[8];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vnis); i++) {
		u32 vni = ~0U;

		CHECK_EQ(cvsw_vxlan_build(buf, 8, vnis[i]), 8);
		CHECK_EQ(cvsw_vxlan_parse(buf, 8, &vni), 8);
		CHECK_EQ(vni, vnis[i]);
		CHECK_EQ(buf[7], 0);
	}
	CHECK_EQ(buf[4], 0xff); CHECK_EQ(buf[5], 0xff); CHECK_EQ(buf[6], 0xff);
	CHECK_EQ(cvsw_vxlan_build(buf, 8, 0x1000000), -EINVAL);
	CHECK_EQ(cvsw_vxlan_build(buf, 7, 1), -EMSGSIZE);
}

TEST(vxlan_truncated)
{
	static const u8 hdr[8] = { 0x08, 0, 0, 0, 0, 0, 0x2a, 0 };
	size_t n;
	u32 vni;

	for (n = 0; n < 8; n++) {
		u8 *d = malloc(n ? n : 1);

		memcpy(d, hdr, n);
		CHECK_EQ(cvsw_vxlan_parse(d, n, &vni), -EMSGSIZE);
		free(d);
	}
}

TEST(vxlan_requires_i_ignores_reserved)
{
	u8 h[8] = { 0x00, 0, 0, 0, 0, 0, 0x2a, 0 };
	u32 vni = 0;

	CHECK_EQ(cvsw_vxlan_parse(h, 8, &vni), -EINVAL);
	h[0] = 0xf7; /* every flag but I */
	CHECK_EQ(cvsw_vxlan_parse(h, 8, &vni), -EINVAL);
	/* Reserved bits everywhere are ignored on receipt (RFC 7348). */
	h[0] = 0xff; h[1] = 0xff; h[2] = 0xff; h[3] = 0xff; h[7] = 0xff;
	CHECK_EQ(cvsw_vxlan_parse(h, 8, &vni), 8);
	CHECK_EQ(vni, 42);
}

int main(void)
{
	return RUN_TESTS();
}
